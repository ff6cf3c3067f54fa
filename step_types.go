package runscope

import (
	"encoding/json"

	"github.com/go-runscope/runscope/internal/wire"
)

// This file holds the Step union: its step_type values, the kinds of steps
// they decode to, and how a step_type picks its kind.

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

// RequestStep sends one HTTP request and checks the response with
// assertions, extracts variables from it and runs scripts around it. URL,
// headers, body and form may use {{variables}}.
//
// The live API also sends multipart_form, binary_body, fragment, args,
// data and request_id. The reference documents none of them and their
// forms are not settled, so they are not fields: they are kept as unknown
// members, sent back unchanged, and readable with UnknownMembers.
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
//
// The reference names its type "condition", the current API "conditional";
// both decode to a ConditionStep, which is sent back with the one it came
// with. One built in Go is sent as "condition".
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

	// Named, unlike other models' blank Extra: it holds the step_type a
	// step decoded as "conditional" came with.
	extra wire.Extra
}

// LoopStep runs its Steps again and again while LeftValue compares to
// RightValue as Comparison says (step_type "conditional-loop"). Both values
// may use {{variables}}, typically ones the looped steps extract.
type LoopStep struct {
	ID         string     `json:"id,omitzero"`
	LeftValue  string     `json:"left_value,omitzero"`
	Comparison Comparison `json:"comparison,omitzero"`
	RightValue string     `json:"right_value,omitzero"`
	Steps      []Step     `json:"steps,omitzero"`
	Note       string     `json:"note,omitzero"`
	Skipped    bool       `json:"skipped,omitzero"`

	_ wire.Extra
}

// InboundStep waits for a request sent to the test (step_type "inbound"),
// such as a webhook the API under test calls back. This package models
// only what every step has: nothing documents the members that configure
// the wait, so they are kept as they came, sent back unchanged, and
// readable with [UnknownMembers].
type InboundStep struct {
	ID      string `json:"id,omitzero"`
	Note    string `json:"note,omitzero"`
	Skipped bool   `json:"skipped,omitzero"`

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

// StepID returns the step's ID, empty for a step not yet created.
func (s *RequestStep) StepID() string { return s.ID }

// StepID returns the step's ID, empty for a step not yet created.
func (s *PauseStep) StepID() string { return s.ID }

// StepID returns the step's ID, empty for a step not yet created.
func (s *ConditionStep) StepID() string { return s.ID }

// StepID returns the step's ID, empty for a step not yet created.
func (s *LoopStep) StepID() string { return s.ID }

// StepID returns the step's ID, empty for a step not yet created.
func (s *InboundStep) StepID() string { return s.ID }

// StepID returns the step's ID, empty for a step not yet created.
func (s *GhostInspectorStep) StepID() string { return s.ID }

// StepID returns the step's ID, empty for a step not yet created.
func (s *SubtestStep) StepID() string { return s.ID }

// StepType returns StepTypeRequest.
func (*RequestStep) StepType() string { return StepTypeRequest }

// StepType returns StepTypePause.
func (*PauseStep) StepType() string { return StepTypePause }

// StepType returns the step_type the step was decoded with, else
// StepTypeCondition (for a nil step too, as the other kinds answer their
// constant whatever the pointer).
func (s *ConditionStep) StepType() string {
	if s == nil {
		return StepTypeCondition
	}
	for name, value := range s.extra.Members() {
		var tag string
		if name == "step_type" && json.Unmarshal(value, &tag) == nil {
			return tag
		}
	}
	return StepTypeCondition
}

// StepType returns StepTypeLoop.
func (*LoopStep) StepType() string { return StepTypeLoop }

// StepType returns StepTypeInbound.
func (*InboundStep) StepType() string { return StepTypeInbound }

// StepType returns StepTypeGhostInspector.
func (*GhostInspectorStep) StepType() string { return StepTypeGhostInspector }

// StepType returns StepTypeSubtest.
func (*SubtestStep) StepType() string { return StepTypeSubtest }
