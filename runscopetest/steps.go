package runscopetest

import (
	"maps"
	"net/http"
)

// Step types with rules of their own. Any other step_type (subtest,
// ghost-inspector, inbound...) is stored as it is, as the API does with
// types it adds over time.
const (
	stepRequest   = "request"
	stepPause     = "pause"
	stepCondition = "condition"
	// BlazeMeter's current tooling names a condition "conditional", and
	// has loops that hold steps as a condition does. The fake runs a
	// loop's steps once.
	stepConditional = "conditional"
	stepLoop        = "conditional-loop"
)

// holdsSteps reports whether step embeds steps of its own in "steps": a
// condition or a loop.
func holdsSteps(step obj) bool {
	switch step["step_type"] {
	case stepCondition, stepConditional, stepLoop:
		return true
	}
	return false
}

// conditionDefaults are the members of a new condition, which a
// conditional is under another name.
func conditionDefaults() obj { return obj{"left_value": "", "right_value": "", "steps": []any{}} }

// stepDefaults are the members the API gives a step added to a test, of a
// type it was not sent: those of the request step in the reference's
// create answer with those the live API adds (a request ID of its own),
// the members of a condition (or conditional), and a subtest's
// parameters. Other step types are kept as they were sent, and so are the
// steps of an import (a test created or updated with its steps), so that
// an export imported again comes back as it was.
var stepDefaults = map[string]func() obj{
	stepRequest: func() obj {
		return obj{
			"assertions": []any{}, "auth": obj{}, "body": "", "form": obj{}, "headers": obj{},
			"method": http.MethodGet, "note": "", "variables": []any{},
			"fragment": "", "args": obj{}, "data": "", "request_id": newUUID(), "multipart_form": []any{}, "binary_body": nil,
		}
	},
	stepCondition:   conditionDefaults,
	stepConditional: conditionDefaults,
	"subtest":       func() obj { return obj{"params": []any{}, "use_parent_environment": false} },
}

// fillDefaults gives step, and the steps it embeds, the defaults of their
// type for the members they lack.
func fillDefaults(step obj) {
	each([]any{step}, fillDefaultsOf)
}

func fillDefaultsOf(step obj) {
	defaults, ok := stepDefaults[str(step, "step_type")]
	if !ok {
		return
	}
	for k, v := range defaults() {
		if _, ok := step[k]; !ok {
			step[k] = v
		}
	}
}

// checkStep enforces what the API checks on a step: a step_type, and a
// pause of 1 to 120 seconds.
func checkStep(step obj) error {
	typ, _ := step["step_type"].(string)
	if typ == "" {
		return badRequest("a step needs a step_type such as %q, %q or %q", stepRequest, stepPause, stepCondition)
	}
	if typ == stepPause {
		if d, ok := integer(step["duration"]); !ok || d < 1 || d > 120 {
			return badRequest("a pause's duration must be an integer from 1 to 120 seconds, not %v", step["duration"])
		}
	}
	return nil
}

// prepareSteps checks a JSON array of steps and gives each an ID, the
// embedded steps of conditions and loops included. A step keeps the ID it
// carries when keep says that ID is one of the test's; otherwise, and when
// keep is nil, it gets a new one. null is no steps.
func prepareSteps(v any, keep func(id string) bool) ([]any, error) {
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, badRequest("steps must be an array")
	}
	return prepareList(list, keep, map[string]bool{})
}

func prepareList(list []any, keep func(string) bool, seen map[string]bool) ([]any, error) {
	out := make([]any, len(list))
	for i, e := range list {
		step, ok := e.(obj)
		if !ok {
			return nil, badRequest("a step must be a JSON object")
		}
		if err := prepareStep(step, keep, seen); err != nil {
			return nil, err
		}
		out[i] = step
	}
	return out, nil
}

func prepareStep(step obj, keep func(string) bool, seen map[string]bool) error {
	if err := checkStep(step); err != nil {
		return err
	}
	id := str(step, "id")
	if keep == nil || !keep(id) || seen[id] {
		id = newUUID()
	}
	seen[id] = true
	step["id"] = id
	if nested, ok := step["steps"]; ok && nested != nil && holdsSteps(step) {
		list, ok := nested.([]any)
		if !ok {
			return badRequest("a condition's steps must be an array")
		}
		out, err := prepareList(list, keep, seen)
		if err != nil {
			return err
		}
		step["steps"] = out
	}
	return nil
}

// locate finds the step with ID id among steps and, depth first, the
// embedded steps of conditions and loops. It returns the step, the list
// that holds it, its index there and the condition or loop that owns that
// list (nil for the test's own steps).
func locate(steps []any, id string, owner obj) (step obj, list []any, i int, parent obj) {
	for i, e := range steps {
		o, _ := e.(obj)
		if str(o, "id") == id {
			return o, steps, i, owner
		}
		if nested, ok := o["steps"].([]any); ok && holdsSteps(o) {
			if step, list, i, parent := locate(nested, id, o); step != nil {
				return step, list, i, parent
			}
		}
	}
	return nil, nil, -1, nil
}

// each calls f for every step, embedded ones included, depth first.
func each(steps []any, f func(obj)) {
	for _, e := range steps {
		o, _ := e.(obj)
		f(o)
		if nested, ok := o["steps"].([]any); ok && holdsSteps(o) {
			each(nested, f)
		}
	}
}

func (t *test) hasStep(id string) bool {
	step, _, _, _ := locate(t.steps, id, nil)
	return step != nil
}

// setList stores list as the steps of parent, or of the test when parent
// is nil.
func (t *test) setList(parent obj, list []any) {
	if parent == nil {
		t.steps = list
	} else {
		parent["steps"] = list
	}
}

// step returns the step named by the request's {step} wildcard.
func (s *Server) step(r *http.Request) (*test, obj, error) {
	t, err := s.db.test(r)
	if err != nil {
		return nil, nil, err
	}
	step, _, _, _ := locate(t.steps, r.PathValue("step"), nil)
	if step == nil {
		return nil, nil, notFound("step %q", r.PathValue("step"))
	}
	return t, step, nil
}

func (s *Server) listSteps(r *http.Request) (any, error) {
	t, err := s.db.test(r)
	if err != nil {
		return nil, err
	}
	return nonNil(t.steps), nil
}

// addStep appends a step and answers with the whole test, as the reference
// shows.
func (s *Server) addStep(r *http.Request) (any, error) {
	t, err := s.db.test(r)
	if err != nil {
		return nil, err
	}
	step, err := decodeObject(r)
	if err != nil {
		return nil, err
	}
	if err := prepareStep(step, nil, map[string]bool{}); err != nil {
		return nil, err
	}
	fillDefaults(step)
	t.steps = append(t.steps, step)
	t.revise()
	return s.view(t), nil
}

func (s *Server) getStep(r *http.Request) (any, error) {
	_, step, err := s.step(r)
	return step, err
}

// updateStep sets the members the body sends and keeps the others: the
// reference's sample update leaves out step_type. It answers with the step.
func (s *Server) updateStep(r *http.Request) (any, error) {
	t, step, err := s.step(r)
	if err != nil {
		return nil, err
	}
	body, err := decodeObject(r)
	if err != nil {
		return nil, err
	}
	merged := maps.Clone(step)
	maps.Copy(merged, body)
	merged["id"] = step["id"]
	if err := checkStep(merged); err != nil {
		return nil, err
	}
	if nested, ok := body["steps"]; ok && holdsSteps(merged) {
		if merged["steps"], err = prepareSteps(nested, t.hasStep); err != nil {
			return nil, err
		}
	}
	clear(step)
	maps.Copy(step, merged)
	t.revise()
	return step, nil
}

func (s *Server) deleteStep(r *http.Request) (any, error) {
	t, err := s.db.test(r)
	if err != nil {
		return nil, err
	}
	step, list, i, parent := locate(t.steps, r.PathValue("step"), nil)
	if step == nil {
		return nil, notFound("step %q", r.PathValue("step"))
	}
	t.setList(parent, remove(list, i))
	t.revise()
	return nil, nil
}

// reorderSteps takes the new order as a list of step IDs, a condition
// written {"id": ..., "steps": [its embedded steps' IDs]}. The list must
// name every step of the test exactly once, embedded ones included; steps
// may move in and out of conditions. It answers with the reordered steps.
func (s *Server) reorderSteps(r *http.Request) (any, error) {
	t, err := s.db.test(r)
	if err != nil {
		return nil, err
	}
	body, err := decodeJSON(r)
	if err != nil {
		return nil, err
	}
	order, ok := body.([]any)
	if !ok {
		return nil, badRequest("the body must be an array of step IDs")
	}
	byID := map[string]obj{}
	each(t.steps, func(o obj) { byID[str(o, "id")] = o })
	// Nothing changes until the whole order checks out: the embedded steps
	// of conditions are set at the end.
	named := map[string]bool{}
	var embedded []func()
	var build func(order []any) ([]any, error)
	build = func(order []any) ([]any, error) {
		out := make([]any, 0, len(order))
		for _, e := range order {
			var id string
			var nested []any
			switch e := e.(type) {
			case string:
				id = e
			case obj:
				id = str(e, "id")
				if v, ok := e["steps"]; ok {
					if nested, ok = v.([]any); !ok {
						return nil, badRequest(`a condition is written {"id": ..., "steps": [...]}`)
					}
				}
			default:
				return nil, badRequest("the order must list step IDs, not %v", e)
			}
			step, ok := byID[id]
			switch {
			case !ok:
				return nil, badRequest("the test has no step %q", id)
			case named[id]:
				return nil, badRequest("step %q is listed more than once", id)
			case nested != nil && !holdsSteps(step):
				return nil, badRequest("step %q is not a condition or a loop: list it by its ID alone", id)
			}
			named[id] = true
			if holdsSteps(step) {
				children, err := build(nested)
				if err != nil {
					return nil, err
				}
				embedded = append(embedded, func() { step["steps"] = children })
			}
			out = append(out, step)
		}
		return out, nil
	}
	steps, err := build(order)
	if err != nil {
		return nil, err
	}
	if len(named) != len(byID) {
		return nil, badRequest("the order must name every step of the test exactly once, embedded steps included: it names %d of %d", len(named), len(byID))
	}
	for _, set := range embedded {
		set()
	}
	t.steps = steps
	t.revise()
	return steps, nil
}
