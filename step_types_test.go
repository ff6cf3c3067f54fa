package runscope

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/go-runscope/runscope/internal/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The step types of the current API: conditional (the reference's
// condition under its newer name), conditional-loop and inbound decode to
// their models, keep what they do not model, and re-encode with the tag
// they came with.
func TestCurrentStepTypesGoldens(t *testing.T) {
	cond := roundTripStep(t, golden(t, "steps_conditional.json"))
	require.IsType(t, &ConditionStep{}, cond)
	assert.EqualExportedValues(t, &ConditionStep{
		ID:         "0d6f1f2a-6c1b-4f55-9a8e-3b7e2c9d4a10",
		LeftValue:  "{{status}}",
		Comparison: ComparisonEqualNumber,
		RightValue: "200",
		Note:       "only when the order exists",
		Steps: []Step{&RequestStep{
			ID:         "8a1e7c35-2f4b-4d6a-9c0e-5b3f1a7d2e64",
			Method:     http.MethodGet,
			URL:        "https://yourapihere.com/orders/{{order_id}}",
			Assertions: []Assertion{{Source: AssertionSourceStatus, Comparison: ComparisonEqualNumber, Value: json.Number("200")}},
		}},
	}, cond)
	assert.Equal(t, StepTypeConditional, cond.StepType(), "keeps the tag it came with")
	assert.Equal(t, StepTypeCondition, (*ConditionStep)(nil).StepType(), "a nil step answers as the other kinds do")

	loop := roundTripStep(t, golden(t, "steps_conditional_loop.json"))
	require.IsType(t, &LoopStep{}, loop)
	l := loop.(*LoopStep)
	assert.Equal(t, "5c2b9e47-1d3a-4f8b-a6c5-7e9d0f2b4a81", l.StepID())
	assert.Equal(t, StepTypeLoop, l.StepType())
	assert.Equal(t, "{{page}}", l.LeftValue)
	assert.Equal(t, ComparisonIsLessThan, l.Comparison)
	assert.Equal(t, "5", l.RightValue)
	assert.Equal(t, "walk the pages", l.Note)
	require.Len(t, l.Steps, 2)
	assert.IsType(t, &RequestStep{}, l.Steps[0])
	assert.EqualExportedValues(t, &PauseStep{ID: "f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b", Duration: 1}, l.Steps[1])
	assert.Contains(t, membersOf(l), "max_iterations", "what LoopStep does not model is kept")

	inbound := roundTripStep(t, golden(t, "steps_inbound.json"))
	require.IsType(t, &InboundStep{}, inbound)
	assert.EqualExportedValues(t, &InboundStep{ID: "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b", Note: "wait for the webhook"}, inbound)
	assert.Equal(t, StepTypeInbound, inbound.StepType())
	assert.Subset(t, membersOf(inbound), []string{"inbound_url", "timeout", "assertions"}, "everything else is kept")
}

// membersOf lists the unknown members a decoded model kept.
func membersOf(model any) []string {
	var names []string
	for name := range wire.ExtraOf(model).Members() {
		names = append(names, name)
	}
	return names
}

// A condition step is condition or conditional as it came: the reference's
// tag stays condition, and one built in Go sends condition.
func TestConditionStepKeepsItsTag(t *testing.T) {
	for _, tag := range []string{StepTypeCondition, StepTypeConditional} {
		in := `{"step_type":"` + tag + `","id":"c1","left_value":"a","comparison":"equal","right_value":"b","steps":[]}`
		s, err := decodeStep([]byte(in))
		require.NoError(t, err)
		require.IsType(t, &ConditionStep{}, s)
		assert.Equal(t, tag, s.StepType())
		out, err := json.Marshal(s)
		require.NoError(t, err)
		assert.JSONEq(t, in, string(out))
	}

	out, err := json.Marshal(Step(&ConditionStep{LeftValue: "a", Comparison: ComparisonEqual, RightValue: "b"}))
	require.NoError(t, err)
	assert.Equal(t, `{"step_type":"condition","left_value":"a","comparison":"equal","right_value":"b"}`, string(out))
	assert.Equal(t, StepTypeCondition, (&ConditionStep{}).StepType())
}

func TestCurrentStepTypesBuiltInGo(t *testing.T) {
	for want, s := range map[string]Step{
		`{"step_type":"conditional-loop","left_value":"{{n}}","comparison":"is_less_than","right_value":"3","steps":[{"step_type":"pause","duration":1}],"note":"n"}`: &LoopStep{
			LeftValue: "{{n}}", Comparison: ComparisonIsLessThan, RightValue: "3", Steps: []Step{&PauseStep{Duration: 1}}, Note: "n",
		},
		`{"step_type":"inbound","note":"hook","skipped":true}`: &InboundStep{Note: "hook", Skipped: true},
	} {
		out, err := json.Marshal(s)
		require.NoError(t, err)
		assert.Equal(t, want, string(out))
	}
	assert.Equal(t, StepTypeLoop, (&LoopStep{}).StepType())
	assert.Equal(t, StepTypeInbound, (&InboundStep{}).StepType())
	assert.Equal(t, "x", (&LoopStep{ID: "x"}).StepID())
	assert.Equal(t, "y", (&InboundStep{ID: "y"}).StepID())
}

// A loop is checked, reordered and bounded like a condition.
func TestLoopStepIsTreatedLikeACondition(t *testing.T) {
	testArgErrors(t, []argCase{
		{"bad pause in a loop", "step.Steps[1].Duration", func(ctx context.Context, c *Client) error {
			return errOf3(c.Steps.Add(ctx, "b", "t", &LoopStep{Steps: []Step{&RequestStep{}, &PauseStep{Duration: 0}}}))
		}},
		{"nil in a loop", "update.Steps[0].Steps[0]", func(ctx context.Context, c *Client) error {
			return errOf3(c.Tests.Update(ctx, "b", "t", &TestUpdate{Steps: []Step{&LoopStep{Steps: []Step{nil}}}}))
		}},
		{"reorder a loop step without ID", "steps[0].Steps[0]", func(ctx context.Context, c *Client) error {
			return errOf3(c.Steps.Reorder(ctx, "b", "t", []Step{&LoopStep{ID: "l", Steps: []Step{&PauseStep{}}}}))
		}},
	})

	cycle := &LoopStep{}
	cycle.Steps = []Step{cycle}
	c, mt := mockClient(t)
	_, _, err := c.Steps.Add(context.Background(), "b", "t", cycle)
	var ae *ArgError
	require.ErrorAs(t, err, &ae, "a cycle of loops is bounded")
	assert.Zero(t, mt.GetTotalCallCount())

	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{
		method: http.MethodPut, path: "/buckets/b/tests/t/steps",
		body: `["r1",{"id":"l1","steps":["p1",{"id":"c1","steps":["r2"]}]}]`, answer: `{"data":[]}`,
	})
	_, _, err = c.Steps.Reorder(context.Background(), "b", "t", []Step{
		&RequestStep{ID: "r1"},
		&LoopStep{ID: "l1", Steps: []Step{&PauseStep{ID: "p1"}, &ConditionStep{ID: "c1", Steps: []Step{&RequestStep{ID: "r2"}}}}},
	})
	require.NoError(t, err)
}

// Steps.Get finds a step nested in a loop of the answer.
func TestFindStepInsideALoop(t *testing.T) {
	var ans stepsAnswer
	require.NoError(t, json.Unmarshal(golden(t, "steps_conditional_loop.json"), &ans))
	ans = stepsAnswer{list: true, steps: []Step{ans.single}}
	assert.EqualExportedValues(t, &PauseStep{ID: "f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b", Duration: 1}, ans.find("f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b"))
}
