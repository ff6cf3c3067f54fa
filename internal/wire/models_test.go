//lint:file-ignore U1000 wire reaches the Extra fields of models by reflection

package wire

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// The models below mirror how the SDK uses wire: every model implements
// json.Marshaler/Unmarshaler by calling wire, which must never call them back.

// Timestamp is a leaf type with its own JSON methods: Unix seconds.
type Timestamp struct{ time.Time }

func (t Timestamp) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return strconv.AppendInt(nil, t.Unix(), 10), nil
}

func (t *Timestamp) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*t = Timestamp{}
		return nil
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return fmt.Errorf("timestamp: %w", err)
	}
	t.Time = time.Unix(n, 0).UTC()
	return nil
}

type Test struct {
	ID                   string         `json:"id,omitzero"`
	Name                 string         `json:"name,omitzero"`
	Description          string         `json:"description,omitzero"`
	CreatedAt            Timestamp      `json:"created_at,omitzero"`
	CreatedBy            *Person        `json:"created_by,omitzero"`
	DefaultEnvironmentID string         `json:"default_environment_id,omitzero"`
	TriggerURL           string         `json:"trigger_url,omitzero"`
	Steps                []Step         `json:"steps,omitzero"`
	Environments         []*Environment `json:"environments,omitzero"`
	extra                Extra
}

func (t *Test) UnmarshalJSON(b []byte) error { return Unmarshal(b, t) }
func (t Test) MarshalJSON() ([]byte, error)  { return Marshal(&t) }

type Person struct {
	ID    string `json:"id,omitzero"`
	Name  string `json:"name,omitzero"`
	Email string `json:"email,omitzero"`
	extra Extra
}

func (p *Person) UnmarshalJSON(b []byte) error { return Unmarshal(b, p) }
func (p Person) MarshalJSON() ([]byte, error)  { return Marshal(&p) }

type Environment struct {
	ID               string              `json:"id,omitzero"`
	Name             string              `json:"name,omitzero"`
	Script           string              `json:"script,omitzero"`
	PreserveCookies  bool                `json:"preserve_cookies"`
	InitialVariables map[string]string   `json:"initial_variables,omitzero"`
	Regions          []string            `json:"regions,omitzero"`
	VerifySSL        bool                `json:"verify_ssl"`
	Headers          map[string][]string `json:"headers,omitzero"`
	Auth             Auth                `json:"auth,omitzero"`
	extra            Extra
}

func (e *Environment) UnmarshalJSON(b []byte) error { return Unmarshal(b, e) }
func (e Environment) MarshalJSON() ([]byte, error)  { return Marshal(&e) }

// Step is a union over "step_type".
type Step interface{ isStep() }

type RequestStep struct {
	ID            string              `json:"id,omitzero"`
	URL           string              `json:"url,omitzero"`
	Method        string              `json:"method,omitzero"`
	Note          string              `json:"note,omitzero"`
	Headers       map[string][]string `json:"headers,omitzero"`
	Body          string              `json:"body,omitzero"`
	Form          map[string][]string `json:"form,omitzero"`
	Assertions    []Assertion         `json:"assertions,omitzero"`
	Variables     []Variable          `json:"variables,omitzero"`
	Scripts       []string            `json:"scripts,omitzero"`
	BeforeScripts []string            `json:"before_scripts,omitzero"`
	Auth          Auth                `json:"auth,omitzero"`
	Skipped       bool                `json:"skipped,omitzero"`
	extra         Extra
}

func (s *RequestStep) UnmarshalJSON(b []byte) error { return Unmarshal(b, s) }
func (s RequestStep) MarshalJSON() ([]byte, error)  { return Marshal(&s) }
func (*RequestStep) isStep()                        {}

type PauseStep struct {
	ID       string `json:"id,omitzero"`
	Duration int    `json:"duration"`
	Skipped  bool   `json:"skipped,omitzero"`
	extra    Extra
}

func (s *PauseStep) UnmarshalJSON(b []byte) error { return Unmarshal(b, s) }
func (s PauseStep) MarshalJSON() ([]byte, error)  { return Marshal(&s) }
func (*PauseStep) isStep()                        {}

type ConditionStep struct {
	ID         string `json:"id,omitzero"`
	LeftValue  string `json:"left_value,omitzero"`
	Comparison string `json:"comparison,omitzero"`
	RightValue string `json:"right_value,omitzero"`
	Steps      []Step `json:"steps,omitzero"`
	Skipped    bool   `json:"skipped,omitzero"`
	extra      Extra
}

func (s *ConditionStep) UnmarshalJSON(b []byte) error { return Unmarshal(b, s) }
func (s ConditionStep) MarshalJSON() ([]byte, error)  { return Marshal(&s) }
func (*ConditionStep) isStep()                        {}

// UnknownStep keeps a step of a type the SDK does not know.
type UnknownStep struct {
	Type string
	Raw  []byte
}

func (s *UnknownStep) MarshalJSON() ([]byte, error) { return s.Raw, nil }
func (*UnknownStep) isStep()                        {}

type Assertion struct {
	Source     string `json:"source,omitzero"`
	Property   string `json:"property,omitzero"`
	Comparison string `json:"comparison,omitzero"`
	Value      any    `json:"value,omitzero"`
	extra      Extra
}

func (a *Assertion) UnmarshalJSON(b []byte) error { return Unmarshal(b, a) }
func (a Assertion) MarshalJSON() ([]byte, error)  { return Marshal(&a) }

type Variable struct {
	Name     string `json:"name,omitzero"`
	Property string `json:"property,omitzero"`
	Source   string `json:"source,omitzero"`
	extra    Extra
}

func (v *Variable) UnmarshalJSON(b []byte) error { return Unmarshal(b, v) }
func (v Variable) MarshalJSON() ([]byte, error)  { return Marshal(&v) }

// Auth is a union over "auth_type" where the server sends {} for none.
type Auth interface{ isAuth() }

type BasicAuth struct {
	Username string `json:"username"`
	Password string `json:"password"`
	extra    Extra
}

func (*BasicAuth) isAuth() {}

type OAuth1 struct {
	ConsumerKey    string `json:"consumer_key,omitzero"`
	ConsumerSecret string `json:"consumer_secret,omitzero"`
	SignatureType  string `json:"signature_method,omitzero"`
	extra          Extra
}

func (*OAuth1) isAuth() {}

// UnknownAuth keeps an auth of a type the SDK does not know.
type UnknownAuth struct{ Raw json.RawMessage }

func (*UnknownAuth) isAuth()                        {}
func (a *UnknownAuth) MarshalJSON() ([]byte, error) { return a.Raw, nil }

func init() {
	RegisterUnion(Union[Step]{
		Tag: "step_type",
		Variants: map[string]func() Step{
			"request":   func() Step { return new(RequestStep) },
			"pause":     func() Step { return new(PauseStep) },
			"condition": func() Step { return new(ConditionStep) },
		},
		Unknown: func(tag string, raw []byte) Step { return &UnknownStep{Type: tag, Raw: raw} },
	})
	RegisterUnion(Union[Auth]{
		Tag: "auth_type",
		Variants: map[string]func() Auth{
			"basic":  func() Auth { return new(BasicAuth) },
			"oauth1": func() Auth { return new(OAuth1) },
		},
		Unknown:    func(_ string, raw []byte) Auth { return &UnknownAuth{Raw: raw} },
		EmptyIsNil: true,
	})
}
