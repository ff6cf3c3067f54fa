package runscopetest_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The reference's request step sample.
var requestStep = map[string]any{
	"step_type":      "request",
	"method":         "POST",
	"url":            "https://yourapihere.com/example/path",
	"body":           `{ "hello": "world" }`,
	"assertions":     []any{map[string]any{"source": "response_status", "comparison": "equal_number", "value": 200}},
	"variables":      []any{map[string]any{"name": "source_ip", "property": "origin", "source": "response_json"}},
	"auth":           map[string]any{"username": "authBasicUsername", "auth_type": "basic", "password": "authBasicPassword"},
	"headers":        map[string]any{"Content-Type": []any{"application/json"}, "Accept": []any{"*/*"}},
	"scripts":        []any{`log("This is a sample post-response script");`},
	"before_scripts": []any{`log("This is a sample pre-request script");`},
	"skipped":        false,
	"note":           "get example data",
}

func TestAddStep(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	test := a.createTest(map[string]any{"name": "steps", "steps": []any{}})
	path := a.testPath(test) + "/steps"

	// Adding answers 201 with the whole test, the new step last.
	whole := a.do("POST", path, requestStep).obj(http.StatusCreated)
	assert.Equal(t, test["id"], whole["id"])
	assert.Equal(t, test["trigger_url"], whole["trigger_url"])
	steps := whole["steps"].([]any)
	require.Len(t, steps, 1)
	step := steps[0].(map[string]any)
	assert.Regexp(t, `^[0-9a-f-]{36}$`, step["id"])
	for k, v := range requestStep {
		assert.EqualValues(t, roundTrip(t, v), step[k], k)
	}

	pause := a.do("POST", path, map[string]any{"step_type": "pause", "duration": 5}).obj(http.StatusCreated)
	assert.Len(t, pause["steps"], 2)
	unknown := a.do("POST", path, map[string]any{"step_type": "incoming-request", "anything": []any{1, "two"}}).obj(http.StatusCreated)
	last := unknown["steps"].([]any)[2].(map[string]any)
	assert.Equal(t, "incoming-request", last["step_type"], "unknown step types are stored as they are")
	assert.Equal(t, []any{1.0, "two"}, last["anything"])

	cond := a.do("POST", path, map[string]any{
		"step_type": "condition", "left_value": "{{user_id}}", "comparison": "equal", "right_value": "12345",
		"steps": []any{map[string]any{"step_type": "request", "method": "GET", "url": "https://yourapihere.com/"}},
	}).obj(http.StatusCreated)
	condStep := cond["steps"].([]any)[3].(map[string]any)
	nested := condStep["steps"].([]any)
	require.Len(t, nested, 1)
	nestedID := nested[0].(map[string]any)["id"].(string)
	assert.NotEmpty(t, nestedID)

	// The list and details, embedded steps included.
	list := a.do("GET", path, nil).list(http.StatusOK)
	assert.Equal(t, cond["steps"], list)
	got := a.do("GET", path+"/"+nestedID, nil).obj(http.StatusOK)
	assert.Equal(t, "https://yourapihere.com/", got["url"])

	for name, body := range map[string]any{
		"pause too long":  map[string]any{"step_type": "pause", "duration": 121},
		"pause too short": map[string]any{"step_type": "pause", "duration": 0},
		"pause fraction":  map[string]any{"step_type": "pause", "duration": 1.5},
		"pause no length": map[string]any{"step_type": "pause"},
		"no step type":    map[string]any{"url": "https://x.example/"},
		"bad embedded":    map[string]any{"step_type": "condition", "steps": []any{map[string]any{"step_type": "pause", "duration": 999}}},
		"embedded object": map[string]any{"step_type": "condition", "steps": map[string]any{}},
		"an array":        []any{requestStep},
	} {
		assert.NotEmpty(t, a.do("POST", path, body).fails(http.StatusBadRequest), name)
	}
	assert.Len(t, a.do("GET", path, nil).list(http.StatusOK), 4)
	a.do("POST", a.bucketPath()+"/tests/nope/steps", requestStep).fails(http.StatusNotFound)
	a.do("GET", path+"/nope", nil).fails(http.StatusNotFound)
}

// roundTrip is v as it comes back from JSON.
func roundTrip(t *testing.T, v any) any {
	t.Helper()
	r := reply{t: t, body: mustJSON(t, v)}
	return r.value()
}

func TestUpdateAndDeleteStep(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	test := a.createTest(map[string]any{"name": "steps", "steps": []any{
		requestStep,
		map[string]any{"step_type": "condition", "steps": []any{map[string]any{"step_type": "pause", "duration": 2}}},
	}})
	path := a.testPath(test) + "/steps/"
	steps := test["steps"].([]any)
	id := steps[0].(map[string]any)["id"].(string)
	cond := steps[1].(map[string]any)
	nestedID := cond["steps"].([]any)[0].(map[string]any)["id"].(string)

	// The reference's update body leaves step_type out: what is not sent stays.
	updated := a.do("PUT", path+id, map[string]any{"method": "GET", "url": "https://yourapihere.com/other", "id": "ignored"}).obj(http.StatusOK)
	assert.Equal(t, id, updated["id"])
	assert.Equal(t, "GET", updated["method"])
	assert.Equal(t, "request", updated["step_type"])
	assert.Equal(t, "get example data", updated["note"])
	assert.Equal(t, updated, a.do("GET", path+id, nil).obj(http.StatusOK))

	a.do("PUT", path+nestedID, map[string]any{"duration": 200}).fails(http.StatusBadRequest)
	nested := a.do("PUT", path+nestedID, map[string]any{"duration": 7}).obj(http.StatusOK)
	assert.Equal(t, 7.0, nested["duration"])
	a.do("PUT", path+id, map[string]any{"step_type": ""}).fails(http.StatusBadRequest)
	a.do("PUT", path+"nope", map[string]any{"note": "x"}).fails(http.StatusNotFound)

	a.do("DELETE", path+nestedID, nil).empty(http.StatusNoContent)
	whole := a.do("GET", a.testPath(test), nil).obj(http.StatusOK)
	assert.Empty(t, whole["steps"].([]any)[1].(map[string]any)["steps"], "the embedded step is gone")
	a.do("DELETE", path+id, nil).empty(http.StatusNoContent)
	assert.Len(t, a.do("GET", a.testPath(test)+"/steps", nil).list(http.StatusOK), 1)
	a.do("DELETE", path+id, nil).fails(http.StatusNotFound)
}

func TestReorderSteps(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	test := a.createTest(map[string]any{"name": "order", "steps": []any{
		map[string]any{"step_type": "request", "url": "https://1.example/"},
		map[string]any{"step_type": "condition", "steps": []any{
			map[string]any{"step_type": "request", "url": "https://2a.example/"},
			map[string]any{"step_type": "request", "url": "https://2b.example/"},
		}},
		map[string]any{"step_type": "pause", "duration": 1},
	}})
	path := a.testPath(test) + "/steps"
	steps := test["steps"].([]any)
	s1, s3 := steps[0].(map[string]any)["id"], steps[2].(map[string]any)["id"]
	cond := steps[1].(map[string]any)
	c := cond["id"]
	c1, c2 := ids(cond["steps"].([]any))[0], ids(cond["steps"].([]any))[1]

	got := a.do("PUT", path, []any{s3, map[string]any{"id": c, "steps": []any{c2, c1}}, s1}).list(http.StatusOK)
	assert.Equal(t, []string{s3.(string), c.(string), s1.(string)}, ids(got))
	assert.Equal(t, []string{c2, c1}, ids(got[1].(map[string]any)["steps"].([]any)))
	assert.Equal(t, got, a.do("GET", path, nil).list(http.StatusOK), "the new order is stored")

	// Steps may move out of a condition and into one.
	got = a.do("PUT", path, []any{c1, map[string]any{"id": c, "steps": []any{s1, c2}}, s3}).list(http.StatusOK)
	assert.Equal(t, []string{c1, c.(string), s3.(string)}, ids(got))
	assert.Equal(t, []string{s1.(string), c2}, ids(got[1].(map[string]any)["steps"].([]any)))

	before := a.do("GET", path, nil).list(http.StatusOK)
	for name, body := range map[string]any{
		"one missing":        []any{c1, map[string]any{"id": c, "steps": []any{s1, c2}}},
		"embedded missing":   []any{c1, c, s3},
		"listed twice":       []any{c1, map[string]any{"id": c, "steps": []any{s1, c2}}, s3, s3},
		"unknown step":       []any{c1, map[string]any{"id": c, "steps": []any{s1, c2}}, s3, "nope"},
		"not a condition":    []any{map[string]any{"id": c1, "steps": []any{}}, map[string]any{"id": c, "steps": []any{s1, c2}}, s3},
		"steps not a list":   []any{c1, map[string]any{"id": c, "steps": "x"}, s3},
		"a number":           []any{1},
		"not a list":         map[string]any{"order": []any{}},
		"embedded in a list": []any{c1, map[string]any{"id": c, "steps": []any{s1, map[string]any{"id": c2, "steps": []any{}}}}, s3},
	} {
		assert.NotEmpty(t, a.do("PUT", path, body).fails(http.StatusBadRequest), name)
		assert.Equal(t, before, a.do("GET", path, nil).list(http.StatusOK), "%s: a failed reorder changes nothing", name)
	}
}

// The step types of BlazeMeter's current tooling are stored and answered
// as sent, with IDs: conditional and conditional-loop hold steps as a
// condition does, inbound holds none.
func TestNewerStepTypes(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	sent := []any{
		map[string]any{"step_type": "conditional", "left_value": "1", "comparison": "equal", "right_value": "1", "skipped": false,
			"ui": map[string]any{"collapsed": true}, "steps": []any{
				map[string]any{"step_type": "request", "method": "GET", "url": "https://a.example/"},
			}},
		map[string]any{"step_type": "conditional-loop", "left_value": "{{n}}", "comparison": "is_less_than", "right_value": "3", "note": "three times",
			"steps": []any{
				map[string]any{"step_type": "request", "method": "POST", "url": "https://b.example/"},
				map[string]any{"step_type": "pause", "duration": 1},
			}},
		map[string]any{"step_type": "inbound", "note": "wait for the webhook", "skipped": false, "timeout_seconds": 30, "match": map[string]any{"path": "/hook"}},
	}
	test := a.createTest(map[string]any{"name": "newer", "steps": sent})
	path := a.testPath(test) + "/steps"

	steps := test["steps"].([]any)
	require.Len(t, steps, 3)
	var nestedIDs []string
	for i, step := range steps {
		step := step.(map[string]any)
		assert.Regexp(t, `^[0-9a-f-]{36}$`, step["id"], i)
		want := roundTrip(t, sent[i]).(map[string]any)
		if nested, ok := step["steps"].([]any); ok {
			for j, e := range nested {
				assert.Regexp(t, `^[0-9a-f-]{36}$`, e.(map[string]any)["id"], "embedded steps get IDs")
				assert.Equal(t, without(want["steps"].([]any)[j].(map[string]any)), without(e.(map[string]any), "id"))
			}
			nestedIDs = append(nestedIDs, ids(nested)...)
			step, want = without(step, "steps"), without(want, "steps")
		}
		assert.Equal(t, want, without(step, "id"), "stored as sent")
	}
	require.Len(t, nestedIDs, 3)
	cond, loop, inbound := ids(steps)[0], ids(steps)[1], ids(steps)[2]

	// Embedded steps are found, changed and deleted by ID, and reordered.
	assert.Equal(t, "https://b.example/", a.do("GET", path+"/"+nestedIDs[1], nil).obj(http.StatusOK)["url"])
	assert.Equal(t, "https://b2.example/", a.do("PUT", path+"/"+nestedIDs[1], map[string]any{"url": "https://b2.example/"}).obj(http.StatusOK)["url"])
	got := a.do("PUT", path, []any{
		inbound,
		map[string]any{"id": loop, "steps": []any{nestedIDs[2], nestedIDs[0]}},
		map[string]any{"id": cond, "steps": []any{nestedIDs[1]}},
	}).list(http.StatusOK)
	assert.Equal(t, []string{inbound, loop, cond}, ids(got))
	assert.Equal(t, []string{nestedIDs[2], nestedIDs[0]}, ids(got[1].(map[string]any)["steps"].([]any)))
	assert.Equal(t, []string{nestedIDs[1]}, ids(got[2].(map[string]any)["steps"].([]any)))
	a.do("PUT", path, []any{map[string]any{"id": inbound, "steps": []any{}}, loop, cond}).fails(http.StatusBadRequest)

	// A run runs the embedded requests; the containers report their uuid.
	a.s.SetRunPolls(1)
	runID := a.do("GET", triggerPath(t, test), nil).obj(http.StatusCreated)["runs"].([]any)[0].(map[string]any)["test_run_id"].(string)
	done := a.do("GET", a.testPath(test)+"/results/"+runID, nil).obj(http.StatusOK)
	var urls []any
	for _, r := range done["requests"].([]any) {
		urls = append(urls, r.(map[string]any)["url"])
	}
	assert.Equal(t, []any{nil, nil, nil, "https://a.example/", nil, "https://b2.example/"}, urls)
	assert.Equal(t, 2.0, done["requests_executed"])

	a.do("DELETE", path+"/"+nestedIDs[0], nil).empty(http.StatusNoContent)
	assert.Equal(t, []string{nestedIDs[2]}, ids(a.do("GET", path, nil).list(http.StatusOK)[1].(map[string]any)["steps"].([]any)))
}

// A step added to a test gets the members the API gives a step of its
// type; what was sent wins. An import keeps its steps as they were sent.
func TestAddedStepDefaults(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	test := a.createTest(map[string]any{"name": "defaults", "steps": []any{map[string]any{"step_type": "request", "url": "https://imported.example/"}}})
	assert.ElementsMatch(t, []string{"step_type", "url", "id"}, keys(test["steps"].([]any)[0].(map[string]any)), "an import is kept as sent")
	path := a.testPath(test) + "/steps"

	add := func(step map[string]any) map[string]any {
		steps := a.do("POST", path, step).obj(http.StatusCreated)["steps"].([]any)
		return steps[len(steps)-1].(map[string]any)
	}
	req := add(map[string]any{"step_type": "request", "url": "https://a.example/", "method": "POST", "note": "mine"})
	assert.Regexp(t, `^[0-9a-f-]{36}$`, req["request_id"])
	assert.Equal(t, map[string]any{
		"step_type": "request", "url": "https://a.example/", "method": "POST", "note": "mine", "id": req["id"],
		"assertions": []any{}, "auth": map[string]any{}, "body": "", "form": map[string]any{}, "headers": map[string]any{}, "variables": []any{},
		// The members the live API gives a new request step.
		"fragment": "", "args": map[string]any{}, "data": "", "request_id": req["request_id"], "multipart_form": []any{}, "binary_body": nil,
	}, req)
	other := add(map[string]any{"step_type": "request", "url": "https://a.example/"})
	assert.NotEqual(t, req["request_id"], other["request_id"], "a request ID of its own")
	form := []any{map[string]any{"name": "file", "value": "{{report}}", "file_name": "report.csv"}}
	sent := add(map[string]any{
		"step_type": "request", "url": "https://a.example/", "fragment": "top", "args": map[string]any{"q": "x"}, "data": "d",
		"request_id": "r1", "multipart_form": form, "binary_body": "aGk=",
	})
	assert.Equal(t, "top", sent["fragment"])
	assert.Equal(t, map[string]any{"q": "x"}, sent["args"])
	assert.Equal(t, "d", sent["data"])
	assert.Equal(t, "r1", sent["request_id"])
	assert.Equal(t, form, sent["multipart_form"])
	assert.Equal(t, "aGk=", sent["binary_body"])

	cond := add(map[string]any{"step_type": "condition", "comparison": "not_empty", "left_value": "{{x}}", "steps": []any{
		map[string]any{"step_type": "request", "url": "https://b.example/"},
	}})
	assert.Equal(t, "", cond["right_value"])
	assert.Equal(t, "{{x}}", cond["left_value"])
	nested := cond["steps"].([]any)[0].(map[string]any)
	assert.Equal(t, "GET", nested["method"], "embedded steps too")
	assert.Equal(t, map[string]any{}, nested["form"])

	conditional := add(map[string]any{"step_type": "conditional", "comparison": "not_empty", "left_value": "{{x}}"})
	assert.Equal(t, "", conditional["right_value"], "a conditional gets a condition's defaults")
	assert.Equal(t, []any{}, conditional["steps"])

	sub := add(map[string]any{"step_type": "subtest", "test_uuid": "t", "bucket_key": "b"})
	assert.Equal(t, []any{}, sub["params"])
	assert.Equal(t, false, sub["use_parent_environment"])

	pause := add(map[string]any{"step_type": "pause", "duration": 2})
	assert.ElementsMatch(t, []string{"step_type", "duration", "id"}, keys(pause), "other types are kept as sent")
	loop := add(map[string]any{"step_type": "conditional-loop", "comparison": "equal"})
	assert.ElementsMatch(t, []string{"step_type", "comparison", "id"}, keys(loop))
}
