package runscope

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"

	"github.com/go-runscope/runscope/internal/wire"
)

// StepsService manages the steps of an API test: the requests it sends,
// the pauses, conditions, Ghost Inspector runs and subtests between them.
type StepsService service

// Step is one step of an API test: a [*RequestStep], [*PauseStep],
// [*ConditionStep], [*GhostInspectorStep], [*SubtestStep], or an
// [*UnknownStep] for a step_type this package does not know yet, which is
// kept as it came and sent back unchanged.
type Step interface {
	// StepID is the step's id; empty for a step not yet added to a test.
	StepID() string
	// StepType is the step_type member: "request", "pause", "condition",
	// "ghost-inspector", "subtest", or the unknown type.
	StepType() string
}

// Step types, the values of step_type.
const (
	StepTypeRequest        = "request"
	StepTypePause          = "pause"
	StepTypeCondition      = "condition"
	StepTypeGhostInspector = "ghost-inspector"
	StepTypeSubtest        = "subtest"
)

// RequestStep sends one HTTP request and checks the response with
// assertions, extracts variables from it and runs scripts around it. URL,
// headers, body and form may use {{variables}}.
type RequestStep struct {
	ID     string `json:"id,omitzero"`
	Method string `json:"method,omitzero"`
	URL    string `json:"url,omitzero"`
	Note   string `json:"note,omitzero"`
	// Headers and Form accept a single string or a list of strings per
	// name from the API; they are sent as lists.
	Headers Header `json:"headers,omitzero"`
	Form    Header `json:"form,omitzero"`
	Body    string `json:"body,omitzero"`
	// Auth is nil when the step sends no credentials of its own (the API's
	// empty object {}).
	Auth       Auth        `json:"auth,omitzero"`
	Assertions []Assertion `json:"assertions,omitzero"`
	Variables  []Variable  `json:"variables,omitzero"`
	// Scripts run after the response arrives; BeforeScripts run before the
	// request is sent.
	Scripts       []string `json:"scripts,omitzero"`
	BeforeScripts []string `json:"before_scripts,omitzero"`
	// Skipped keeps the step in the test without running it.
	Skipped bool `json:"skipped,omitzero"`

	_ wire.Extra
}

// Pause durations the API accepts, in seconds.
const (
	minPause = 1
	maxPause = 120
)

// PauseStep waits before the next step runs.
type PauseStep struct {
	ID string `json:"id,omitzero"`
	// Duration is in whole seconds, 1 to 120.
	Duration int    `json:"duration,omitzero"`
	Note     string `json:"note,omitzero"`
	Skipped  bool   `json:"skipped,omitzero"`

	// Named, unlike other models' blank Extra: validation asks it whether
	// the server sent a duration this package could not read.
	extra wire.Extra
}

// ConditionStep runs its Steps only when LeftValue compares to RightValue as
// Comparison says. Both values may use {{variables}}.
type ConditionStep struct {
	ID         string     `json:"id,omitzero"`
	LeftValue  string     `json:"left_value,omitzero"`
	Comparison Comparison `json:"comparison,omitzero"`
	// RightValue is empty for comparisons that take no value (empty,
	// is_a_number, is_null...).
	RightValue string `json:"right_value,omitzero"`
	Steps      []Step `json:"steps,omitzero"`
	Note       string `json:"note,omitzero"`
	Skipped    bool   `json:"skipped,omitzero"`

	_ wire.Extra
}

// GhostInspectorStep runs a Ghost Inspector UI test through a team
// integration and waits for its result, which assertions and variables then
// read like a JSON response.
type GhostInspectorStep struct {
	ID string `json:"id,omitzero"`
	// IntegrationID is the ID of the team's Ghost Inspector integration
	// (see [TeamsService.Integrations]).
	IntegrationID string `json:"integration_id,omitzero"`
	SuiteID       string `json:"suite_id,omitzero"`
	// TestID is the Ghost Inspector test, not a Runscope test.
	TestID string `json:"test_id,omitzero"`
	// StartURL replaces the Ghost Inspector test's start URL when
	// IsCustomStartURL is set.
	IsCustomStartURL bool        `json:"is_custom_start_url,omitzero"`
	StartURL         string      `json:"start_url,omitzero"`
	Assertions       []Assertion `json:"assertions,omitzero"`
	Variables        []Variable  `json:"variables,omitzero"`
	Note             string      `json:"note,omitzero"`
	Skipped          bool        `json:"skipped,omitzero"`

	_ wire.Extra
}

// SubtestStep runs another Runscope test and waits for its result, which
// assertions and variables then read like a JSON response. Params pass
// values of this test to the subtest.
type SubtestStep struct {
	ID       string `json:"id,omitzero"`
	TestUUID string `json:"test_uuid,omitzero"`
	// BucketKey is the bucket of the subtest.
	BucketKey       string `json:"bucket_key,omitzero"`
	EnvironmentUUID string `json:"environment_uuid,omitzero"`
	// UseParentEnvironment runs the subtest in the environment of the
	// calling test's run instead of EnvironmentUUID.
	UseParentEnvironment bool           `json:"use_parent_environment,omitzero"`
	Params               []SubtestParam `json:"params,omitzero"`
	Assertions           []Assertion    `json:"assertions,omitzero"`
	Variables            []Variable     `json:"variables,omitzero"`
	Note                 string         `json:"note,omitzero"`
	Skipped              bool           `json:"skipped,omitzero"`

	_ wire.Extra
}

// SubtestParam is an initial variable of a subtest's run; Value may use
// {{variables}} of the calling test.
type SubtestParam struct {
	Name  string `json:"name,omitzero"`
	Value string `json:"value,omitzero"`

	_ wire.Extra
}

// UnknownStep is a step_type this package does not know. It re-encodes Raw
// unchanged, so such a step survives a round trip and a reorder.
type UnknownStep struct {
	ID   string
	Type string
	Raw  json.RawMessage
}

// StepID returns the step's ID, empty for a step not yet created.
func (s *RequestStep) StepID() string { return s.ID }

// StepID returns the step's ID, empty for a step not yet created.
func (s *PauseStep) StepID() string { return s.ID }

// StepID returns the step's ID, empty for a step not yet created.
func (s *ConditionStep) StepID() string { return s.ID }

// StepID returns the step's ID, empty for a step not yet created.
func (s *GhostInspectorStep) StepID() string { return s.ID }

// StepID returns the step's ID, empty for a step not yet created.
func (s *SubtestStep) StepID() string { return s.ID }

// StepID returns the step's ID, empty for a step not yet created.
func (s *UnknownStep) StepID() string { return s.ID }

// StepType returns StepTypeRequest.
func (*RequestStep) StepType() string { return StepTypeRequest }

// StepType returns StepTypePause.
func (*PauseStep) StepType() string { return StepTypePause }

// StepType returns StepTypeCondition.
func (*ConditionStep) StepType() string { return StepTypeCondition }

// StepType returns StepTypeGhostInspector.
func (*GhostInspectorStep) StepType() string { return StepTypeGhostInspector }

// StepType returns StepTypeSubtest.
func (*SubtestStep) StepType() string { return StepTypeSubtest }

// StepType returns the step's step_type.
func (s *UnknownStep) StepType() string { return s.Type }

// UnmarshalJSON implements json.Unmarshaler. Members this package does not
// model are kept, and MarshalJSON writes them back.
func (s *RequestStep) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON implements json.Marshaler, writing back the members
// UnmarshalJSON kept along with the fields.
func (s RequestStep) MarshalJSON() ([]byte, error) { return wire.Marshal(&s) }

// UnmarshalJSON implements json.Unmarshaler. Members this package does not
// model are kept, and MarshalJSON writes them back.
func (s *PauseStep) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON implements json.Marshaler, writing back the members
// UnmarshalJSON kept along with the fields.
func (s PauseStep) MarshalJSON() ([]byte, error) { return wire.Marshal(&s) }

// UnmarshalJSON implements json.Unmarshaler. Members this package does not
// model are kept, and MarshalJSON writes them back.
func (s *ConditionStep) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON implements json.Marshaler, writing back the members
// UnmarshalJSON kept along with the fields.
func (s ConditionStep) MarshalJSON() ([]byte, error) { return wire.Marshal(&s) }

// UnmarshalJSON implements json.Unmarshaler. Members this package does not
// model are kept, and MarshalJSON writes them back.
func (s *GhostInspectorStep) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON implements json.Marshaler, writing back the members
// UnmarshalJSON kept along with the fields.
func (s GhostInspectorStep) MarshalJSON() ([]byte, error) { return wire.Marshal(&s) }

// UnmarshalJSON implements json.Unmarshaler. Members this package does not
// model are kept, and MarshalJSON writes them back.
func (s *SubtestStep) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }

// MarshalJSON implements json.Marshaler, writing back the members
// UnmarshalJSON kept along with the fields.
func (s SubtestStep) MarshalJSON() ([]byte, error) { return wire.Marshal(&s) }

// UnmarshalJSON implements json.Unmarshaler. Members this package does not
// model are kept, and MarshalJSON writes them back.
func (p *SubtestParam) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, p) }

// MarshalJSON implements json.Marshaler, writing back the members
// UnmarshalJSON kept along with the fields.
func (p SubtestParam) MarshalJSON() ([]byte, error) { return wire.Marshal(&p) }

// MarshalJSON writes Raw back unchanged.
func (s UnknownStep) MarshalJSON() ([]byte, error) {
	if len(s.Raw) == 0 {
		return []byte("null"), nil
	}
	return s.Raw, nil
}

// UnmarshalJSON keeps the whole object and reads its id and step_type.
func (s *UnknownStep) UnmarshalJSON(b []byte) error {
	u, err := newUnknownStep(bytes.Clone(b))
	if err != nil {
		return err
	}
	*s = *u
	return nil
}

// newUnknownStep keeps raw and reads its id and step_type; members that are
// not strings leave them empty. It fails when raw is not a JSON object.
func newUnknownStep(raw json.RawMessage) (*UnknownStep, error) {
	var head struct {
		ID   json.RawMessage `json:"id"`
		Type json.RawMessage `json:"step_type"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, err
	}
	s := &UnknownStep{Raw: raw}
	_ = json.Unmarshal(head.ID, &s.ID)
	_ = json.Unmarshal(head.Type, &s.Type)
	return s, nil
}

func init() {
	wire.RegisterUnion(wire.Union[Step]{
		Tag: "step_type",
		Variants: map[string]func() Step{
			StepTypeRequest:        func() Step { return new(RequestStep) },
			StepTypePause:          func() Step { return new(PauseStep) },
			StepTypeCondition:      func() Step { return new(ConditionStep) },
			StepTypeGhostInspector: func() Step { return new(GhostInspectorStep) },
			StepTypeSubtest:        func() Step { return new(SubtestStep) },
		},
		Unknown: func(_ string, raw []byte) Step {
			s, err := newUnknownStep(raw)
			if err != nil { // wire hands over objects only
				return &UnknownStep{Raw: raw}
			}
			return s
		},
	})
}

// decodeStep decodes one step on its own (not as a member of a model).
func decodeStep(b []byte) (Step, error) {
	var s Step
	err := wire.Unmarshal(b, &s)
	return s, err
}

// AssertionSource is what an assertion checks.
type AssertionSource string

// Assertion sources.
const (
	AssertionSourceStatus  AssertionSource = "response_status"  // the HTTP status code
	AssertionSourceHeaders AssertionSource = "response_headers" // a header; Property names it
	AssertionSourceJSON    AssertionSource = "response_json"    // the body as JSON; Property is the path
	AssertionSourceXML     AssertionSource = "response_xml"     // the body as XML; Property is the XPath
	AssertionSourceText    AssertionSource = "response_text"    // the body as plain text
	AssertionSourceTime    AssertionSource = "response_time"    // the response time in milliseconds
	AssertionSourceSize    AssertionSource = "response_size"    // the body size in bytes
)

// Comparison is how an assertion or a condition compares a property with
// its value.
type Comparison string

// Comparisons. The numeric ones convert both sides to numbers first.
const (
	ComparisonEqual                Comparison = "equal" // as strings
	ComparisonEmpty                Comparison = "empty"
	ComparisonNotEmpty             Comparison = "not_empty"
	ComparisonNotEqual             Comparison = "not_equal"
	ComparisonContains             Comparison = "contains"
	ComparisonDoesNotContain       Comparison = "does_not_contain"
	ComparisonIsANumber            Comparison = "is_a_number"
	ComparisonEqualNumber          Comparison = "equal_number"
	ComparisonIsLessThan           Comparison = "is_less_than"
	ComparisonIsLessThanOrEqual    Comparison = "is_less_than_or_equal"
	ComparisonIsGreaterThan        Comparison = "is_greater_than"
	ComparisonIsGreaterThanOrEqual Comparison = "is_greater_than_or_equal"
	ComparisonHasKey               Comparison = "has_key"   // response_json only: the object has Value as a key
	ComparisonHasValue             Comparison = "has_value" // response_json only: the array holds Value
	ComparisonIsNull               Comparison = "is_null"   // response_json only
)

// Assertion is a success criterion of a step: Source's Property compared
// with Value.
type Assertion struct {
	Source     AssertionSource `json:"source,omitzero"`
	Property   string          `json:"property,omitzero"`
	Comparison Comparison      `json:"comparison,omitzero"`
	// Value keeps the JSON kind it came with: 200 decodes as a
	// json.Number, "200" as a string. Set it to a Go number or string;
	// nil sends no value, for comparisons that take none.
	Value any `json:"value,omitzero"`

	_ wire.Extra
}

// VariableSource is where a variable's value is extracted from.
type VariableSource string

// Variable sources.
const (
	VariableSourceStatus  VariableSource = "response_status"
	VariableSourceHeaders VariableSource = "response_headers" // Property names the header
	VariableSourceJSON    VariableSource = "response_json"    // Property is the JSON path
	VariableSourceXML     VariableSource = "response_xml"     // Property is the XPath
	VariableSourceText    VariableSource = "response_text"
	VariableSourceTime    VariableSource = "response_time" // milliseconds
	VariableSourceSize    VariableSource = "response_size" // bytes
)

// Variable extracts a value from a step's response into {{Name}} for the
// steps after it.
type Variable struct {
	Name     string         `json:"name,omitzero"`
	Source   VariableSource `json:"source,omitzero"`
	Property string         `json:"property,omitzero"`

	_ wire.Extra
}

// UnmarshalJSON implements json.Unmarshaler. Members this package does not
// model are kept, and MarshalJSON writes them back.
func (a *Assertion) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, a) }

// MarshalJSON implements json.Marshaler, writing back the members
// UnmarshalJSON kept along with the fields.
func (a Assertion) MarshalJSON() ([]byte, error) { return wire.Marshal(&a) }

// UnmarshalJSON implements json.Unmarshaler. Members this package does not
// model are kept, and MarshalJSON writes them back.
func (v *Variable) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, v) }

// MarshalJSON implements json.Marshaler, writing back the members
// UnmarshalJSON kept along with the fields.
func (v Variable) MarshalJSON() ([]byte, error) { return wire.Marshal(&v) }

// List returns the steps of a test, in order.
func (s *StepsService) List(ctx context.Context, bucketKey, testID string) ([]Step, *Response, error) {
	ans, resp, err := call[stepsAnswer](ctx, s.client, http.MethodGet, at("buckets/{bucketKey}/tests/{testID}/steps", bucketKey, testID), nil, nil)
	return ans.all(), resp, err
}

// Get returns one step of a test.
func (s *StepsService) Get(ctx context.Context, bucketKey, testID, stepID string) (Step, *Response, error) {
	return sendStep(ctx, s.client, http.MethodGet, at("buckets/{bucketKey}/tests/{testID}/steps/{stepID}", bucketKey, testID, stepID), nil, stepID)
}

// Add appends step to the end of a test and returns it as created, with its
// ID. Build it as a pointer: &runscope.RequestStep{...}.
func (s *StepsService) Add(ctx context.Context, bucketKey, testID string, step Step) (Step, *Response, error) {
	if err := checkStep("step", step); err != nil {
		return nil, nil, err
	}
	// The API answers with the whole test (as documented) or with the
	// steps array (as seen live); either way the new step is the last.
	return sendStep(ctx, s.client, http.MethodPost, at("buckets/{bucketKey}/tests/{testID}/steps", bucketKey, testID), step, "")
}

// Update replaces a step of a test with step. A step read with Get or List
// keeps the members this package does not model, so changing a field of it
// and passing it back loses nothing.
func (s *StepsService) Update(ctx context.Context, bucketKey, testID, stepID string, step Step) (Step, *Response, error) {
	if err := checkStep("step", step); err != nil {
		return nil, nil, err
	}
	return sendStep(ctx, s.client, http.MethodPut, at("buckets/{bucketKey}/tests/{testID}/steps/{stepID}", bucketKey, testID, stepID), step, stepID)
}

// Delete removes a step from a test.
func (s *StepsService) Delete(ctx context.Context, bucketKey, testID, stepID string) (*Response, error) {
	return callNoData(ctx, s.client, http.MethodDelete, at("buckets/{bucketKey}/tests/{testID}/steps/{stepID}", bucketKey, testID, stepID), nil, nil)
}

// Reorder puts the steps of a test in the order of steps, which must name
// every step of the test by ID, as read from the API: the steps of
// condition steps are reordered within them the same way. It returns the
// test's steps in their new order.
func (s *StepsService) Reorder(ctx context.Context, bucketKey, testID string, steps []Step) ([]Step, *Response, error) {
	if len(steps) == 0 {
		return nil, nil, argErr("steps", "must not be empty: the API needs the ID of every step")
	}
	order, err := stepOrder("steps", steps, 0)
	if err != nil {
		return nil, nil, err
	}
	ans, resp, err := call[stepsAnswer](ctx, s.client, http.MethodPut, at("buckets/{bucketKey}/tests/{testID}/steps", bucketKey, testID), nil, order)
	return ans.all(), resp, err
}

// sendStep makes a call whose answer holds a step: the step with id, or the
// last step when id is empty.
func sendStep(ctx context.Context, c *Client, method string, r route, body any, id string) (Step, *Response, error) {
	ans, resp, err := call[stepsAnswer](ctx, c, method, r, nil, body)
	if err != nil {
		return nil, resp, err
	}
	step := ans.find(id)
	if step == nil {
		return nil, resp, fmt.Errorf("runscope: the answer to %s %s holds no step%s", method, resp.Request.URL.Path, forID(id))
	}
	return step, resp, nil
}

func forID(id string) string {
	if id == "" {
		return ""
	}
	return " with id " + id
}

// stepsAnswer is the data of a steps endpoint, which comes in three shapes:
// a steps array, a whole test (whose steps count), or one step.
type stepsAnswer struct {
	steps  []Step
	single Step
	list   bool
}

// UnmarshalJSON tells the shapes apart: an object with a step_type, or with
// neither step_type nor steps, is a step; one with steps but no step_type is
// a test.
func (a *stepsAnswer) UnmarshalJSON(b []byte) error {
	*a = stepsAnswer{}
	if i := skipSpace(b, 0); i < len(b) && b[i] == '[' {
		a.list = true
		return wire.Unmarshal(b, &a.steps)
	}
	var probe struct {
		StepType json.RawMessage `json:"step_type"`
		Steps    json.RawMessage `json:"steps"`
	}
	if err := wire.Unmarshal(b, &probe); err != nil {
		return err
	}
	if probe.StepType == nil && probe.Steps != nil {
		a.list = true
		return wire.Unmarshal(probe.Steps, &a.steps)
	}
	var err error
	a.single, err = decodeStep(b)
	return err
}

// all returns the steps of the answer; one step is a one-element list.
func (a stepsAnswer) all() []Step {
	if !a.list && a.single != nil {
		return []Step{a.single}
	}
	return a.steps
}

// find returns the step of the answer with id, looking into condition
// steps too; with an empty id, the last step. A single step is returned
// whatever its id.
func (a stepsAnswer) find(id string) Step {
	if !a.list {
		return a.single
	}
	if id == "" {
		if len(a.steps) == 0 {
			return nil
		}
		return a.steps[len(a.steps)-1]
	}
	return findStep(a.steps, id)
}

func findStep(steps []Step, id string) Step {
	for _, s := range steps {
		if isNil(s) {
			continue
		}
		if s.StepID() == id {
			return s
		}
		if c, ok := s.(*ConditionStep); ok {
			if found := findStep(c.Steps, id); found != nil {
				return found
			}
		}
	}
	return nil
}

// reorderedCondition is a condition step in the body of Reorder: its ID
// and the order of its own steps.
type reorderedCondition struct {
	ID    string `json:"id"`
	Steps []any  `json:"steps"`
}

// maxStepNesting bounds how deeply condition steps may nest in what is
// sent, so that a cycle built in Go is an error instead of endless
// recursion.
const maxStepNesting = 32

// stepOrder builds the body of Reorder: the step IDs in order, a condition
// step as {"id": ..., "steps": [...]}.
func stepOrder(arg string, steps []Step, depth int) ([]any, error) {
	if depth > maxStepNesting {
		return nil, argErr(arg, "nests condition steps more than %d deep", maxStepNesting)
	}
	order := make([]any, len(steps))
	for i, s := range steps {
		pos := fmt.Sprintf("%s[%d]", arg, i)
		if isNil(s) {
			return nil, argErr(pos, "must not be nil")
		}
		id := s.StepID()
		if isBlank(id) {
			return nil, argErr(pos, "has no ID: reorder the steps as read from the API")
		}
		order[i] = id
		if c, ok := s.(*ConditionStep); ok {
			inner, err := stepOrder(pos+".Steps", c.Steps, depth+1)
			if err != nil {
				return nil, err
			}
			order[i] = reorderedCondition{ID: id, Steps: inner}
		}
	}
	return order, nil
}

// checkSteps validates steps about to be sent, each named arg[i], at a
// depth of nesting in condition steps.
func checkSteps(arg string, steps []Step, depth int) error {
	if depth > maxStepNesting {
		return argErr(arg, "nests condition steps more than %d deep", maxStepNesting)
	}
	for i, s := range steps {
		if err := checkStepAt(fmt.Sprintf("%s[%d]", arg, i), s, depth); err != nil {
			return err
		}
	}
	return nil
}

// checkStep validates a step about to be sent: it is not nil, a pause lasts
// 1 to 120 seconds, and so on inside condition steps. A pause whose
// duration the API sent in a form this package could not read (kept
// verbatim) passes: the server's value goes back unchanged.
func checkStep(arg string, s Step) error {
	return checkStepAt(arg, s, 0)
}

func checkStepAt(arg string, s Step, depth int) error {
	if isNil(s) {
		return argErr(arg, "must not be nil")
	}
	switch s := s.(type) {
	case *PauseStep:
		if (s.Duration < minPause || s.Duration > maxPause) && !(s.Duration == 0 && s.extra.Has("duration")) {
			return argErr(arg+".Duration", "is %d; a pause lasts %d to %d seconds", s.Duration, minPause, maxPause)
		}
	case *ConditionStep:
		return checkSteps(arg+".Steps", s.Steps, depth+1)
	case *UnknownStep:
		if len(s.Raw) == 0 {
			return argErr(arg+".Raw", "must hold the step's JSON object")
		}
	}
	return nil
}

// isNil reports a nil interface or a nil pointer inside one.
func isNil(s Step) bool {
	if s == nil {
		return true
	}
	v := reflect.ValueOf(s)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// Auth is the authentication of a request step or an environment: one of
// [*BasicAuth], [*OAuth1Auth], [*OAuth2Auth], [*ClientCertificateAuth], or
// [*UnknownAuth] for a kind this package does not know yet. The API's empty
// object {} is a nil Auth.
type Auth interface {
	// AuthType is the auth_type member: "basic", "oauth_1", "oauth_2",
	// "client_certificate", or the unknown type.
	AuthType() string
}

// Auth types, the values of auth_type.
const (
	AuthTypeBasic             = "basic"
	AuthTypeOAuth1            = "oauth_1"
	AuthTypeOAuth2            = "oauth_2"
	AuthTypeClientCertificate = "client_certificate"
)

// BasicAuth is HTTP basic authentication.
type BasicAuth struct {
	Username string `json:"username,omitzero"`
	Password string `json:"password,omitzero"`

	_ wire.Extra
}

// OAuth1SignatureType says where an OAuth 1.0a signature travels.
type OAuth1SignatureType string

// OAuth 1.0a signature locations.
const (
	OAuth1SignatureAuthHeader OAuth1SignatureType = "auth_header"
	OAuth1SignatureQuery      OAuth1SignatureType = "query"
	OAuth1SignatureBody       OAuth1SignatureType = "body"
)

// OAuth1Auth is OAuth 1.0a request signing.
type OAuth1Auth struct {
	ConsumerKey    string              `json:"consumer_key,omitzero"`
	ConsumerSecret string              `json:"consumer_secret,omitzero"`
	AccessToken    string              `json:"access_token,omitzero"`
	TokenSecret    string              `json:"token_secret,omitzero"`
	SignatureType  OAuth1SignatureType `json:"signature_type,omitzero"`

	_ wire.Extra
}

// OAuth2GrantType is the grant an OAuth 2.0 step or environment uses.
type OAuth2GrantType string

// OAuth 2.0 grant types. The authorization code, PKCE and implicit grants
// need https://www.runscope.com/oauth2/callback registered as a redirect
// URI with the third-party authorization server.
const (
	GrantAuthorizationCode     OAuth2GrantType = "authorization_code"
	GrantAuthorizationCodePKCE OAuth2GrantType = "authorization_code_pkce"
	GrantImplicit              OAuth2GrantType = "implicit"
	GrantPasswordCredentials   OAuth2GrantType = "password_credentials"
	GrantClientCredentials     OAuth2GrantType = "client_credentials"
)

// TokenLocation says where an OAuth access token is sent.
type TokenLocation string

// Token locations.
const (
	TokenInQuery      TokenLocation = "query"
	TokenInAuthHeader TokenLocation = "auth_header"
)

// OAuth2Auth is OAuth 2.0, either a bare access token (AccessToken and
// TokenLocation) or a full grant the runner performs itself.
type OAuth2Auth struct {
	GrantType      OAuth2GrantType `json:"grant_type,omitzero"`
	AccessToken    string          `json:"access_token,omitzero"`
	TokenLocation  TokenLocation   `json:"token_location,omitzero"`
	AuthURL        string          `json:"auth_url,omitzero"`
	AccessTokenURL string          `json:"access_token_url,omitzero"`
	ClientID       string          `json:"client_id,omitzero"`
	ClientSecret   string          `json:"client_secret,omitzero"`
	// CodeChallengeMethod is "plain" or "S256" (the default), PKCE only.
	CodeChallengeMethod string `json:"code_challenge_method,omitzero"`
	CodeVerifier        string `json:"code_verifier,omitzero"`
	Username            string `json:"username,omitzero"`
	Password            string `json:"password,omitzero"`
	Scope               string `json:"scope,omitzero"`
	State               string `json:"state,omitzero"`
	// ClientAuthentication is "basic_auth_header" (the default) or "body".
	ClientAuthentication string `json:"client_authentication,omitzero"`
	RefreshToken         string `json:"refresh_token,omitzero"`
	IsAutoRefreshToken   bool   `json:"is_auto_refresh_token,omitzero"`

	_ wire.Extra
}

// ClientCertificateAuth authenticates with the client certificate of the
// environment the test runs in.
type ClientCertificateAuth struct {
	_ wire.Extra
}

// UnknownAuth is an auth_type this package does not know. It re-encodes Raw
// unchanged, so such an auth survives a round trip.
type UnknownAuth struct {
	Type string
	Raw  json.RawMessage
}

// AuthType returns AuthTypeBasic.
func (*BasicAuth) AuthType() string { return AuthTypeBasic }

// AuthType returns AuthTypeOAuth1.
func (*OAuth1Auth) AuthType() string { return AuthTypeOAuth1 }

// AuthType returns AuthTypeOAuth2.
func (*OAuth2Auth) AuthType() string { return AuthTypeOAuth2 }

// AuthType returns AuthTypeClientCertificate.
func (*ClientCertificateAuth) AuthType() string { return AuthTypeClientCertificate }

// AuthType returns the auth_type the API sent.
func (a *UnknownAuth) AuthType() string { return a.Type }

// UnmarshalJSON implements json.Unmarshaler. Members this package does not
// model are kept, and MarshalJSON writes them back.
func (a *BasicAuth) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, a) }

// MarshalJSON implements json.Marshaler, writing back the members
// UnmarshalJSON kept along with the fields.
func (a BasicAuth) MarshalJSON() ([]byte, error) { return wire.Marshal(&a) }

// UnmarshalJSON implements json.Unmarshaler. Members this package does not
// model are kept, and MarshalJSON writes them back.
func (a *OAuth1Auth) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, a) }

// MarshalJSON implements json.Marshaler, writing back the members
// UnmarshalJSON kept along with the fields.
func (a OAuth1Auth) MarshalJSON() ([]byte, error) { return wire.Marshal(&a) }

// UnmarshalJSON implements json.Unmarshaler. Members this package does not
// model are kept, and MarshalJSON writes them back.
func (a *OAuth2Auth) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, a) }

// MarshalJSON implements json.Marshaler, writing back the members
// UnmarshalJSON kept along with the fields.
func (a OAuth2Auth) MarshalJSON() ([]byte, error) { return wire.Marshal(&a) }

// UnmarshalJSON implements json.Unmarshaler. Members this package does not
// model are kept, and MarshalJSON writes them back.
func (a *ClientCertificateAuth) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, a) }

// MarshalJSON implements json.Marshaler, writing back the members
// UnmarshalJSON kept along with the fields.
func (a ClientCertificateAuth) MarshalJSON() ([]byte, error) { return wire.Marshal(&a) }

// MarshalJSON writes Raw back unchanged.
func (a UnknownAuth) MarshalJSON() ([]byte, error) {
	if len(a.Raw) == 0 {
		return []byte("null"), nil
	}
	return a.Raw, nil
}

// UnmarshalJSON keeps the whole object and reads its auth_type.
func (a *UnknownAuth) UnmarshalJSON(b []byte) error {
	var head struct {
		Type string `json:"auth_type"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return err
	}
	a.Type, a.Raw = head.Type, append(json.RawMessage(nil), b...)
	return nil
}

func init() {
	wire.RegisterUnion(wire.Union[Auth]{
		Tag: "auth_type",
		Variants: map[string]func() Auth{
			AuthTypeBasic:             func() Auth { return new(BasicAuth) },
			AuthTypeOAuth1:            func() Auth { return new(OAuth1Auth) },
			AuthTypeOAuth2:            func() Auth { return new(OAuth2Auth) },
			AuthTypeClientCertificate: func() Auth { return new(ClientCertificateAuth) },
		},
		Unknown: func(tag string, raw []byte) Auth {
			return &UnknownAuth{Type: tag, Raw: raw}
		},
		EmptyIsNil: true,
	})
}

// decodeAuth decodes one auth object on its own (not as a member of a
// model); "{}" and null are a nil Auth.
func decodeAuth(b []byte) (Auth, error) {
	var a Auth
	err := wire.Unmarshal(b, &a)
	return a, err
}

// Header holds HTTP headers (or form fields) by name. The API writes a
// value as a string or as an array of strings; both decode. It encodes as
// arrays, the form the API documents.
type Header map[string][]string

// UnmarshalJSON implements json.Unmarshaler. Values usually come as
// arrays, which decode in one pass; a string value takes a slower path.
func (h *Header) UnmarshalJSON(b []byte) error {
	var lists map[string][]string
	if wire.Unmarshal(b, &lists) == nil {
		*h = lists
		return nil
	}
	var raw map[string]any
	if err := wire.Unmarshal(b, &raw); err != nil {
		return err
	}
	out := make(Header, len(raw))
	for name, v := range raw {
		switch v := v.(type) {
		case nil:
			out[name] = nil
		case string:
			out[name] = []string{v}
		case []any:
			values := make([]string, len(v))
			for i, e := range v {
				s, ok := e.(string)
				if !ok {
					return errHeaderValue
				}
				values[i] = s
			}
			out[name] = values
		default:
			return errHeaderValue
		}
	}
	*h = out
	return nil
}

var errHeaderValue = errors.New("runscope: a header value is neither a string nor an array of strings")
