package runscope

import (
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
// [*ConditionStep], [*LoopStep], [*InboundStep], [*GhostInspectorStep],
// [*SubtestStep], or an [*UnknownStep] for a step_type this package does
// not know yet, which is kept as it came and sent back unchanged.
type Step interface {
	// StepID is the step's id; empty for a step not yet added to a test.
	StepID() string
	// StepType is the step_type member: one of the StepType constants, or
	// the unknown type.
	StepType() string
}

// Step types, the values of step_type. The reference names a condition
// "condition"; the current API and BlazeMeter's tooling name it
// "conditional". Both decode to a [*ConditionStep].
const (
	StepTypeRequest        = "request"
	StepTypePause          = "pause"
	StepTypeCondition      = "condition"
	StepTypeConditional    = "conditional"
	StepTypeLoop           = "conditional-loop"
	StepTypeInbound        = "inbound"
	StepTypeGhostInspector = "ghost-inspector"
	StepTypeSubtest        = "subtest"
)

func init() {
	wire.RegisterUnion(wire.Union[Step]{
		Tag: "step_type",
		Variants: map[string]func() Step{
			StepTypeRequest:        func() Step { return new(RequestStep) },
			StepTypePause:          func() Step { return new(PauseStep) },
			StepTypeCondition:      func() Step { return new(ConditionStep) },
			StepTypeLoop:           func() Step { return new(LoopStep) },
			StepTypeInbound:        func() Step { return new(InboundStep) },
			StepTypeGhostInspector: func() Step { return new(GhostInspectorStep) },
			StepTypeSubtest:        func() Step { return new(SubtestStep) },
		},
		Aliases: map[string]string{StepTypeConditional: StepTypeCondition},
		Unknown: func(_ string, raw []byte) Step {
			s := &UnknownStep{Raw: raw}
			_ = s.readHeads() // wire hands over objects only
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

// List returns the steps of a test, in order.
//
// GET /buckets/{bucketKey}/tests/{testID}/steps
func (s *StepsService) List(ctx context.Context, bucketKey, testID string) ([]Step, *Response, error) {
	ans, resp, err := call[stepsAnswer](ctx, s.client, http.MethodGet, at("buckets/{bucketKey}/tests/{testID}/steps", bucketKey, testID), nil, nil)
	return ans.all(), resp, err
}

// Get returns one step of a test.
//
// GET /buckets/{bucketKey}/tests/{testID}/steps/{stepID}
func (s *StepsService) Get(ctx context.Context, bucketKey, testID, stepID string) (Step, *Response, error) {
	return sendStep(ctx, s.client, http.MethodGet, at("buckets/{bucketKey}/tests/{testID}/steps/{stepID}", bucketKey, testID, stepID), nil, stepID)
}

// Update changes a step of a test to step. A step read with Get or List
// keeps the members this package does not model, so changing a field of it
// and passing it back loses nothing.
//
// The API keeps the members a step does not send as they are, and a step
// built in Go sends only its non-zero fields: an empty Body or a false
// Skipped is not sent, so it does not clear anything. To clear a member,
// either change a step read from the API (it sends back every member it
// came with, zero values included), or mark the field of a step built in
// Go with ForceSend, which sends it even when zero.
//
// PUT /buckets/{bucketKey}/tests/{testID}/steps/{stepID}
func (s *StepsService) Update(ctx context.Context, bucketKey, testID, stepID string, step Step) (Step, *Response, error) {
	if err := checkStep("step", step); err != nil {
		return nil, nil, err
	}
	return sendStep(ctx, s.client, http.MethodPut, at("buckets/{bucketKey}/tests/{testID}/steps/{stepID}", bucketKey, testID, stepID), step, stepID)
}

// Delete removes a step from a test.
//
// DELETE /buckets/{bucketKey}/tests/{testID}/steps/{stepID}
func (s *StepsService) Delete(ctx context.Context, bucketKey, testID, stepID string) (*Response, error) {
	return callNoData(ctx, s.client, http.MethodDelete, at("buckets/{bucketKey}/tests/{testID}/steps/{stepID}", bucketKey, testID, stepID), nil, nil)
}

// Reorder puts the steps of a test in the order of steps, which must name
// every step of the test by ID, as read from the API: the steps of
// condition steps are reordered within them the same way. It returns the
// test's steps in their new order.
//
// PUT /buckets/{bucketKey}/tests/{testID}/steps
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

// sendStep makes a call whose answer holds a step: the step with id.
func sendStep(ctx context.Context, c *Client, method string, r route, body any, id string) (Step, *Response, error) {
	ans, resp, err := call[*stepsAnswer](ctx, c, method, r, nil, body)
	if err != nil {
		return nil, resp, err
	}
	step := ans.find(id)
	if step == nil {
		return nil, resp, fmt.Errorf("runscope: the answer to %s %s holds no step with id %s", method, r.tmpl, id)
	}
	return step, resp, nil
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

// find returns the step of the answer with id, looking into condition and
// loop steps too. A single step is returned whatever its id.
func (a stepsAnswer) find(id string) Step {
	if !a.list {
		return a.single
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
		if inner, ok := nestedSteps(s); ok {
			if found := findStep(inner, id); found != nil {
				return found
			}
		}
	}
	return nil
}

// nestedSteps returns the steps of a step that holds steps, a condition or
// a loop, which validation, Reorder and lookups treat alike.
func nestedSteps(s Step) ([]Step, bool) {
	switch s := s.(type) {
	case *ConditionStep:
		return s.Steps, true
	case *LoopStep:
		return s.Steps, true
	}
	return nil, false
}

// reorderedCondition is a condition or loop step in the body of Reorder:
// its ID and the order of its own steps.
type reorderedCondition struct {
	ID    string `json:"id"`
	Steps []any  `json:"steps"`
}

// maxStepNesting bounds how deeply condition and loop steps may nest in
// what is sent, so that a cycle built in Go is an error instead of endless
// recursion.
const maxStepNesting = 32

// stepOrder builds the body of Reorder: the step IDs in order, a condition
// or loop step as {"id": ..., "steps": [...]}.
func stepOrder(arg string, steps []Step, depth int) ([]any, error) {
	if depth > maxStepNesting {
		return nil, argErr(arg, "nests condition and loop steps more than %d deep", maxStepNesting)
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
		if nested, ok := nestedSteps(s); ok {
			inner, err := stepOrder(pos+".Steps", nested, depth+1)
			if err != nil {
				return nil, err
			}
			order[i] = reorderedCondition{ID: id, Steps: inner}
		}
	}
	return order, nil
}

// checkSteps validates steps about to be sent, each named arg[i], at a
// depth of nesting in condition and loop steps.
func checkSteps(arg string, steps []Step, depth int) error {
	if depth > maxStepNesting {
		return argErr(arg, "nests condition and loop steps more than %d deep", maxStepNesting)
	}
	for i, s := range steps {
		if err := checkStepAt(fmt.Sprintf("%s[%d]", arg, i), s, depth); err != nil {
			return err
		}
	}
	return nil
}

// checkStep validates a step about to be sent: it is not nil, a pause lasts
// 1 to 120 seconds, and so on inside condition and loop steps. A pause whose
// duration the API sent in a form this package could not read (kept
// verbatim) passes: the server's value goes back unchanged.
func checkStep(arg string, s Step) error {
	return checkStepAt(arg, s, 0)
}

func checkStepAt(arg string, s Step, depth int) error {
	if isNil(s) {
		return argErr(arg, "must not be nil")
	}
	if nested, ok := nestedSteps(s); ok {
		return checkSteps(arg+".Steps", nested, depth+1)
	}
	switch s := s.(type) {
	case *PauseStep:
		if (s.Duration < minPause || s.Duration > maxPause) && !(s.Duration == 0 && s.extra.Has("duration")) {
			return argErr(arg+".Duration", "is %d; a pause lasts %d to %d seconds", s.Duration, minPause, maxPause)
		}
	case *UnknownStep:
		if _, err := rawMembers(s.Raw); err != nil {
			return argErr(arg+".Raw", "must be the step's JSON object")
		}
		if s.Type == "" && len(s.Raw) == 0 {
			return argErr(arg+".Raw", "must hold the step's JSON object, or Type name its step_type")
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
