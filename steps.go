package runscope

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"

	"github.com/go-runscope/runscope/internal/wire"
)

// StepsService manages the steps of an API test: the requests it sends and
// waits for, the pauses, conditions, loops, Ghost Inspector runs and
// subtests between them.
type StepsService service

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
	return callStep(ctx, s.client, http.MethodGet, at("buckets/{bucketKey}/tests/{testID}/steps/{stepID}", bucketKey, testID, stepID), nil, withID(stepID))
}

// Add appends step to the end of a test and returns it as created, with its
// ID. Build it as a pointer: &runscope.RequestStep{...}.
//
// The API answers with every step of the test, so Add picks the one it
// created: the last step of the answer of the same kind (a condition and a
// conditional are one kind) with the same identifying content (a request's
// method and URL, a pause's duration, a condition's or loop's values, a
// subtest's test, a Ghost Inspector step's test, an inbound step's note, an
// unknown step's type). When the server changed that content (a URL
// normalized, say), it is the last step of the same kind, and without one,
// the last step. Adds to one test from one Client are serialized, so the
// Client's own goroutines never take each other's steps; an add made
// elsewhere at the same moment with identical content cannot be told
// apart.
//
// POST /buckets/{bucketKey}/tests/{testID}/steps
func (s *StepsService) Add(ctx context.Context, bucketKey, testID string, step Step) (Step, *Response, error) {
	if err := checkStep("step", step); err != nil {
		return nil, nil, err
	}
	unlock, err := s.client.addLocks.lock(ctx, addKey{bucketKey, testID})
	if err != nil {
		return nil, nil, err
	}
	defer unlock()
	return callStep(ctx, s.client, http.MethodPost, at("buckets/{bucketKey}/tests/{testID}/steps", bucketKey, testID), step,
		stepPick{lack: "no step", pick: func(a *stepsAnswer) Step { return a.added(step) }})
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
	return callStep(ctx, s.client, http.MethodPut, at("buckets/{bucketKey}/tests/{testID}/steps/{stepID}", bucketKey, testID, stepID), step, withID(stepID))
}

// Delete removes a step from a test.
//
// DELETE /buckets/{bucketKey}/tests/{testID}/steps/{stepID}
func (s *StepsService) Delete(ctx context.Context, bucketKey, testID, stepID string) (*Response, error) {
	return callNoData(ctx, s.client, http.MethodDelete, at("buckets/{bucketKey}/tests/{testID}/steps/{stepID}", bucketKey, testID, stepID), nil, nil)
}

// Reorder puts the steps of a test in the order of steps, which must name
// every step of the test by ID, as read from the API: the steps of
// condition and loop steps are reordered within them the same way. It
// returns the test's steps in their new order.
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

// stepPick says which step of an answer a call returns, and what the
// answer lacks when it holds no such step.
type stepPick struct {
	lack string // "no step with id s1"
	pick func(*stepsAnswer) Step
}

// withID picks the step with id, as Get and Update return it.
func withID(id string) stepPick {
	return stepPick{lack: "no step with id " + id, pick: func(a *stepsAnswer) Step { return a.find(id) }}
}

// callStep makes a call whose answer holds steps and returns the one p
// picks. An answer without it is an *APIError, as every answer without the
// value a method promises is.
func callStep(ctx context.Context, c *Client, method string, r route, body any, p stepPick) (Step, *Response, error) {
	var ans stepsAnswer
	var step Step
	resp, err := c.callInto(ctx, method, r, nil, body, answer{v: &ans, required: true, missing: func() string {
		if step = p.pick(&ans); step == nil {
			return "the response holds " + p.lack
		}
		return ""
	}})
	if err != nil {
		return nil, resp, err
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
	if t := bytes.TrimLeft(b, " \t\r\n"); len(t) > 0 && t[0] == '[' {
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

// added returns the step of the answer that an add of sent created (see
// addedStep). A single step is returned as it is.
func (a stepsAnswer) added(sent Step) Step {
	if !a.list {
		return a.single
	}
	return addedStep(a.steps, sent)
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

// addedStep returns the step of steps that an add of sent created, by the
// rule Add documents.
func addedStep(steps []Step, sent Step) Step {
	var sameKind Step
	for i := len(steps) - 1; i >= 0; i-- {
		s := steps[i]
		if isNil(s) || reflect.TypeOf(s) != reflect.TypeOf(sent) || !sameUnknownType(s, sent) {
			continue
		}
		if stepIdentity(s) == stepIdentity(sent) {
			return s
		}
		if sameKind == nil {
			sameKind = s
		}
	}
	if sameKind != nil || len(steps) == 0 {
		return sameKind
	}
	return steps[len(steps)-1]
}

// sameUnknownType tells unknown steps of different step_types apart; any
// other steps of one Go type are of one kind.
func sameUnknownType(a, b Step) bool {
	ua, ok := a.(*UnknownStep)
	return !ok || ua.Type == b.(*UnknownStep).Type
}

// stepIdentity is the content that tells a step from the others of its
// kind in a test.
func stepIdentity(s Step) string {
	switch s := s.(type) {
	case *RequestStep:
		return strings.ToUpper(s.Method) + " " + s.URL
	case *PauseStep:
		return fmt.Sprint(s.Duration)
	case *ConditionStep:
		return s.LeftValue + "\x00" + string(s.Comparison) + "\x00" + s.RightValue
	case *LoopStep:
		return s.LeftValue + "\x00" + string(s.Comparison) + "\x00" + s.RightValue
	case *SubtestStep:
		return s.TestUUID
	case *GhostInspectorStep:
		return s.TestID
	case *InboundStep:
		return s.Note
	}
	return "" // unknown steps: their type, compared already
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

// addKey names the test a Steps.Add adds to.
type addKey struct{ bucketKey, testID string }

// keyedLock is a set of locks by key that holds only the locks in use, so
// a long-lived Client adding to many tests keeps no memory for them. A
// waiter gives up when its context ends.
type keyedLock struct {
	mu    sync.Mutex
	locks map[addKey]*sharedLock
}

// sharedLock is one key's lock: a one-slot channel, and how many callers
// hold or wait for it.
type sharedLock struct {
	slot chan struct{}
	refs int
}

// lock takes key's lock and returns its release, or fails with ctx's error
// when ctx ends first. A nil ctx takes nothing and waits for nothing: the
// request that follows refuses it at once.
func (k *keyedLock) lock(ctx context.Context, key addKey) (unlock func(), err error) {
	if ctx == nil {
		return func() {}, nil
	}
	k.mu.Lock()
	if k.locks == nil {
		k.locks = map[addKey]*sharedLock{}
	}
	l := k.locks[key]
	if l == nil {
		l = &sharedLock{slot: make(chan struct{}, 1)}
		k.locks[key] = l
	}
	l.refs++
	k.mu.Unlock()

	select {
	case l.slot <- struct{}{}:
		return func() { <-l.slot; k.release(key, l) }, nil
	case <-ctx.Done():
		k.release(key, l)
		return nil, ctx.Err()
	}
}

// release drops one reference to key's lock, forgetting it with the last.
func (k *keyedLock) release(key addKey, l *sharedLock) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if l.refs--; l.refs == 0 {
		delete(k.locks, key)
	}
}
