package runscope

import "github.com/go-runscope/runscope/internal/wire"

// TeamsService manages the people of a team, invitations, whitelisted
// email domains, integrations and agents.
type TeamsService service

// Team is a Runscope team as accounts and buckets name it.
type Team struct {
	UUID string `json:"uuid,omitzero"`
	// ID is the same identifier under the name some endpoints give it.
	ID   string `json:"id,omitzero"`
	Name string `json:"name,omitzero"`

	_ wire.Extra
}

func (t *Team) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, t) }
func (t Team) MarshalJSON() ([]byte, error)  { return wire.Marshal(&t) }

// User names a person where other resources refer to one: the creator of a
// test, the recipients of an environment's emails.
type User struct {
	ID    string `json:"id,omitzero"`
	Name  string `json:"name,omitzero"`
	Email string `json:"email,omitzero"`

	_ wire.Extra
}

func (u *User) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, u) }
func (u User) MarshalJSON() ([]byte, error)  { return wire.Marshal(&u) }
