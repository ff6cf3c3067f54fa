package runscope

import (
	"cmp"
	"context"
	"iter"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/go-runscope/runscope/internal/wire"
	"github.com/google/go-querystring/query"
)

// TeamsService manages the people of a team, invitations, whitelisted
// email domains, integrations and agents.
type TeamsService service

// Team is a Runscope team as accounts and buckets name it.
//
// The account's teams also carry owner, whose form nothing documents (a
// flag, or the owner's identity), so it is not a field: it is kept as an
// unknown member, sent back unchanged, and readable with UnknownMembers.
type Team struct {
	UUID string `json:"uuid,omitzero"`
	// ID is the same identifier under the name some endpoints give it.
	ID   string `json:"id,omitzero"`
	Name string `json:"name,omitzero"`

	_ wire.Extra
}

// Identifier returns the team's identifier whichever member carried it:
// UUID, else ID. The API names the same identifier uuid in some bodies and
// id in others; this is the value the teamID parameters take. It is "" for
// a nil Team.
func (t *Team) Identifier() string {
	if t == nil {
		return ""
	}
	return cmp.Or(t.UUID, t.ID)
}

// User names a person where other resources refer to one: the creator of a
// test, the recipients of an environment's emails.
type User struct {
	ID    string `json:"id,omitzero"`
	Name  string `json:"name,omitzero"`
	Email string `json:"email,omitzero"`

	_ wire.Extra
}

// TeamMember is a person in a team, from the people list or the lookup by
// email. Both carry the person's identifier as id and as uuid.
type TeamMember struct {
	ID       string `json:"id,omitzero"`
	UUID     string `json:"uuid,omitzero"`
	Name     string `json:"name,omitzero"`
	Email    string `json:"email,omitzero"`
	RoleName string `json:"role_name,omitzero"`
	// CreatedAt comes as an RFC 1123 date in the people list and as epoch
	// seconds from the lookup; each re-encodes in its own form.
	CreatedAt   Timestamp `json:"created_at,omitzero"`
	LastLoginAt Timestamp `json:"last_login_at,omitzero"`

	_ wire.Extra
}

// Identifier returns the person's identifier whichever member carried it:
// UUID, else ID: the value [RolesService.Assign] and
// [GroupUpdate].UserUUIDs take. It is "" for a nil TeamMember.
func (m *TeamMember) Identifier() string {
	if m == nil {
		return ""
	}
	return cmp.Or(m.UUID, m.ID)
}

// maxPeopleCount is the largest page of the people list.
const maxPeopleCount = 200

// PeopleListOptions page through the people of a team.
type PeopleListOptions struct {
	// Count is the page size, at most 200; 0 keeps the server's default.
	Count int `url:"count,omitempty"`
	// Page is the page to return, counted from 1; 0 keeps the server's
	// default.
	Page int `url:"page,omitempty"`
}

func (o *PeopleListOptions) query() (url.Values, error) {
	if o == nil {
		return nil, nil
	}
	switch {
	case o.Count < 0 || o.Count > maxPeopleCount:
		return nil, argErr("opts.Count", "is %d; want 0 to %d", o.Count, maxPeopleCount)
	case o.Page < 0:
		return nil, argErr("opts.Page", "is %d; pages count from 1", o.Page)
	}
	return query.Values(o)
}

// Invitation invites people to a team. Emails must hold at least one
// address; the role and groups are optional.
type Invitation struct {
	Emails []string `json:"emails,omitzero"`
	// RoleUUID puts the invited people in this role.
	RoleUUID string `json:"role_uuid,omitzero"`
	// GroupUUIDs adds the invited people to these groups.
	GroupUUIDs []string `json:"group_uuids,omitzero"`
}

// InviteResult reports which invitations were sent.
type InviteResult struct {
	// Successes are the addresses invited.
	Successes []string `json:"successes,omitzero"`
	// Errors describe the invitations that failed, as the server wrote
	// them: each is a string or a map[string]any (numbers as json.Number).
	// The reference documents neither form, so none is imposed.
	Errors []any `json:"errors,omitzero"`

	_ wire.Extra
}

// EmailDomains are the domains a team whitelists for custom notification
// addresses ([BucketsService.AddCustomEmail]).
//
// The API writes the domains as one comma-separated string
// (email_whitelist_domains); Domains holds them split and trimmed. A value
// decoded from the API re-encodes that string unchanged unless Domains
// changed, and keeps the members this struct does not model.
type EmailDomains struct {
	TeamUUID string
	Domains  []string
	// UpdatedBy is the UUID of the person who last changed the list.
	UpdatedBy string
	UpdatedAt Timestamp

	raw emailDomainsWire
}

// emailDomainsWire is EmailDomains as the API writes it.
type emailDomainsWire struct {
	TeamUUID  string    `json:"team_uuid,omitzero"`
	Domains   string    `json:"email_whitelist_domains,omitzero"`
	UpdatedBy string    `json:"updated_by,omitzero"`
	UpdatedAt Timestamp `json:"updated_at,omitzero"`

	_ wire.Extra
}

// UnmarshalJSON implements json.Unmarshaler.
func (d *EmailDomains) UnmarshalJSON(b []byte) error {
	var w emailDomainsWire
	if err := wire.Unmarshal(b, &w); err != nil {
		return err
	}
	*d = EmailDomains{TeamUUID: w.TeamUUID, Domains: splitDomains(w.Domains), UpdatedBy: w.UpdatedBy, UpdatedAt: w.UpdatedAt, raw: w}
	return nil
}

// MarshalJSON implements json.Marshaler.
func (d EmailDomains) MarshalJSON() ([]byte, error) {
	w := d.raw
	w.TeamUUID, w.UpdatedBy, w.UpdatedAt = d.TeamUUID, d.UpdatedBy, d.UpdatedAt
	if !slices.Equal(d.Domains, splitDomains(w.Domains)) {
		w.Domains = strings.Join(d.Domains, ",")
	}
	return wire.Marshal(&w)
}

// splitDomains splits the API's comma-separated list, dropping blanks.
func splitDomains(s string) []string {
	var out []string
	for d := range strings.SplitSeq(s, ",") {
		if d = strings.TrimSpace(d); d != "" {
			out = append(out, d)
		}
	}
	return out
}

// Integration is a third-party service (PagerDuty, Slack...) connected to a
// team. Environments refer to it as an [EnvironmentIntegration], whose
// members are named differently.
type Integration struct {
	UUID        string `json:"uuid,omitzero"`
	Description string `json:"description,omitzero"`
	// Type is the service, such as "pagerduty" or "slack".
	Type string `json:"type,omitzero"`

	_ wire.Extra
}

// Agent is an on-premises Radar agent connected to a team; trigger a run
// on it with [TriggerOptions].AgentID.
type Agent struct {
	AgentID string `json:"agent_id,omitzero"`
	// Name is set in the agent's configuration file or on its command line.
	Name       string `json:"name,omitzero"`
	Version    string `json:"version,omitzero"`
	TeamID     string `json:"team_id,omitzero"`
	InstallDir string `json:"install_dir,omitzero"`
	Hostname   string `json:"hostname,omitzero"`
	IPAddress  string `json:"ip_address,omitzero"`
	HostOS     string `json:"host_os,omitzero"`

	_ wire.Extra
}

// People returns one page of the people in a team. opts may be nil; use
// [TeamsService.AllPeople] to read every page.
//
// GET /teams/{teamID}/people
func (s *TeamsService) People(ctx context.Context, teamID string, opts *PeopleListOptions) ([]*TeamMember, *Response, error) {
	return callList[*TeamMember](ctx, s.client, http.MethodGet, at("teams/{teamID}/people", teamID), opts, nil)
}

// AllPeople yields every person in a team, fetching pages as the loop
// needs them: Count people a page (200 when zero), from Page (1 when zero)
// until a page comes back empty or short. An error is yielded once and
// ends the sequence.
//
// GET /teams/{teamID}/people
func (s *TeamsService) AllPeople(ctx context.Context, teamID string, opts *PeopleListOptions) iter.Seq2[*TeamMember, error] {
	o := optionsOf(opts)
	o.Count = cmp.Or(o.Count, maxPeopleCount)
	first := cmp.Or(o.Page, 1)
	return paged(o.Count, func(i int) ([]*TeamMember, *Response, error) {
		page := o
		page.Page = first + i
		return s.People(ctx, teamID, &page)
	})
}

// Person looks a team member up by email address. The address is one path
// segment: a slash or dots in it cannot reach another endpoint.
//
// GET /teams/{teamID}/people/{email}
func (s *TeamsService) Person(ctx context.Context, teamID, email string) (*TeamMember, *Response, error) {
	return call[*TeamMember](ctx, s.client, http.MethodGet, at("teams/{teamID}/people/{email}", teamID, email), nil, nil)
}

// PersonGroups lists the groups of the team that the person with this
// email address belongs to.
//
// GET /teams/{teamID}/people/{email}/groups
func (s *TeamsService) PersonGroups(ctx context.Context, teamID, email string) ([]*Group, *Response, error) {
	return callList[*Group](ctx, s.client, http.MethodGet, at("teams/{teamID}/people/{email}/groups", teamID, email), nil, nil)
}

// Invite invites people to a team, optionally in a role and groups. Each
// address succeeds or fails on its own: check the result's Errors.
//
// POST /teams/{teamID}/invite
func (s *TeamsService) Invite(ctx context.Context, teamID string, invitation *Invitation) (*InviteResult, *Response, error) {
	switch {
	case invitation == nil:
		return nil, nil, argErr("invitation", "must not be nil")
	case len(invitation.Emails) == 0:
		return nil, nil, argErr("invitation.Emails", "must hold at least one address")
	case slices.ContainsFunc(invitation.Emails, isBlank):
		return nil, nil, argErr("invitation.Emails", "holds an empty address")
	}
	return call[*InviteResult](ctx, s.client, http.MethodPost, at("teams/{teamID}/invite", teamID), nil, invitation)
}

// RemovePerson removes the person with this email address from a team.
// The API refuses to remove the team's owner or its last member.
//
// DELETE /teams/{teamID}/people/{email}
func (s *TeamsService) RemovePerson(ctx context.Context, teamID, email string) (*Response, error) {
	return callNoData(ctx, s.client, http.MethodDelete, at("teams/{teamID}/people/{email}", teamID, email), nil, nil)
}

// EmailDomains returns the domains a team whitelists for custom
// notification addresses.
//
// GET /teams/{teamID}/email-domains
func (s *TeamsService) EmailDomains(ctx context.Context, teamID string) (*EmailDomains, *Response, error) {
	return call[*EmailDomains](ctx, s.client, http.MethodGet, at("teams/{teamID}/email-domains", teamID), nil, nil)
}

// SetEmailDomains inserts or updates the whitelisted email domains of a
// team, such as "example.com". The API takes them as one comma-separated
// string, so a domain may not contain a comma. The path starts with /team/
// (singular), as the reference has it.
//
// POST /team/{teamID}/email-domains
func (s *TeamsService) SetEmailDomains(ctx context.Context, teamID string, domains []string) (*Response, error) {
	if len(domains) == 0 {
		return nil, argErr("domains", "must hold at least one domain")
	}
	trimmed := make([]string, len(domains))
	for i, d := range domains {
		switch trimmed[i] = strings.TrimSpace(d); {
		case trimmed[i] == "":
			return nil, argErr("domains", "holds an empty domain")
		case strings.Contains(d, ","):
			return nil, argErr("domains", "%q contains a comma, which separates domains", d)
		}
	}
	body := struct {
		DomainNames string `json:"domainNames"`
	}{strings.Join(trimmed, ",")}
	return callNoData(ctx, s.client, http.MethodPost, at("team/{teamID}/email-domains", teamID), nil, body)
}

// Integrations lists the third-party services connected to a team.
//
// GET /teams/{teamID}/integrations
func (s *TeamsService) Integrations(ctx context.Context, teamID string) ([]*Integration, *Response, error) {
	return callList[*Integration](ctx, s.client, http.MethodGet, at("teams/{teamID}/integrations", teamID), nil, nil)
}

// Agents lists the on-premises agents currently connected to a team. The
// path is /v1/teams/{teamID}/agents, as the reference gives it.
//
// GET /v1/teams/{teamID}/agents
func (s *TeamsService) Agents(ctx context.Context, teamID string) ([]*Agent, *Response, error) {
	return callList[*Agent](ctx, s.client, http.MethodGet, at("v1/teams/{teamID}/agents", teamID), nil, nil)
}
