package runscope

import (
	"bytes"
	"context"
	"encoding/json"
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
	ans, resp, err := call[*stepsAnswer](ctx, c, method, r, nil, body)
	if err != nil {
		return nil, resp, err
	}
	step := ans.find(id)
	if step == nil {
		return nil, resp, fmt.Errorf("runscope: the answer to %s %s holds no step%s", method, r.tmpl, forID(id))
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
