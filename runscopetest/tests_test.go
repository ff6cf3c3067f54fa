package runscopetest_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCreateTest(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	test := a.createTest(map[string]any{"name": "Sample Name"})

	assert.Regexp(t, `^[0-9a-f-]{36}$`, test["id"])
	assert.Equal(t, "Sample Name", test["name"])
	assert.Contains(t, test, "description")
	assert.Nil(t, test["description"])
	assert.Nil(t, test["last_run"])
	assert.Equal(t, []any{}, test["schedules"])
	assert.Greater(t, test["created_at"], 1e9)
	assert.Equal(t, map[string]any{"email": "grace@example.com", "name": "Grace Hopper", "id": a.s.AccountUUID()}, test["created_by"])
	assert.Regexp(t, `^`+a.s.URL()+`/radar/[0-9a-f-]{36}/trigger$`, test["trigger_url"])

	// A default test-specific environment, like the reference's.
	envs := test["environments"].([]any)
	require.Len(t, envs, 1)
	env := envs[0].(map[string]any)
	assert.Equal(t, test["default_environment_id"], env["id"])
	assert.Equal(t, test["id"], env["test_id"])
	assert.Equal(t, "Test Settings", env["name"])
	assert.Equal(t, []any{"us1"}, env["regions"])
	assert.Equal(t, true, env["verify_ssl"])

	assert.Equal(t, test, a.do("GET", a.testPath(test), nil).obj(http.StatusOK))

	msg := a.do("POST", a.bucketPath()+"/tests", map[string]any{"description": "no name"}).fails(http.StatusBadRequest)
	assert.Contains(t, msg, "name")
	a.do("POST", a.bucketPath()+"/tests", map[string]any{"name": "  "}).fails(http.StatusBadRequest)
	a.do("POST", a.bucketPath()+"/tests", raw(`"just a string"`)).fails(http.StatusBadRequest)
	a.do("POST", "/buckets/nope/tests", map[string]any{"name": "x"}).fails(http.StatusNotFound)
}

// A test created with only a name has the one request step the
// reference's create answer shows; one sent with steps, even none, has
// those.
func TestCreateTestSampleStep(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	sample := goldenData(t, "tests_create.json")["steps"].([]any)[0].(map[string]any)

	for _, body := range []any{
		map[string]any{"name": "Sample Name"},
		map[string]any{"name": "Sample Name", "description": "My test description", "steps": nil},
	} {
		test := a.createTest(body)
		steps := test["steps"].([]any)
		require.Len(t, steps, 1)
		step := steps[0].(map[string]any)
		assert.Regexp(t, `^[0-9a-f-]{36}$`, step["id"])
		assert.NotEqual(t, sample["id"], step["id"], "a step of its own")
		assert.Equal(t, without(sample, "id"), without(step, "id"))
		assert.Equal(t, steps, a.do("GET", a.testPath(test)+"/steps", nil).list(http.StatusOK))
	}

	many := a.do("POST", a.bucketPath()+"/tests", []any{map[string]any{"name": "one"}, map[string]any{"name": "two"}}).list(http.StatusCreated)
	for _, test := range many {
		assert.Len(t, test.(map[string]any)["steps"], 1)
	}
	assert.NotEqual(t, ids(many[0].(map[string]any)["steps"].([]any)), ids(many[1].(map[string]any)["steps"].([]any)))

	empty := a.createTest(map[string]any{"name": "imported without steps", "steps": []any{}})
	assert.Equal(t, []any{}, empty["steps"])
}

func TestCreateManyTests(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	list := a.do("POST", a.bucketPath()+"/tests", []any{
		map[string]any{"name": "Sample Name #1", "description": "My test description #1"},
		map[string]any{"name": "Sample Name #2", "description": "My test description #2"},
	}).list(http.StatusCreated)
	require.Len(t, list, 2)
	assert.Equal(t, "Sample Name #2", list[1].(map[string]any)["name"])
	assert.Equal(t, "My test description #1", list[0].(map[string]any)["description"])

	// One bad element creates none.
	a.do("POST", a.bucketPath()+"/tests", []any{map[string]any{"name": "ok"}, map[string]any{}}).fails(http.StatusBadRequest)
	a.do("POST", a.bucketPath()+"/tests", []any{map[string]any{"name": "ok"}, "x"}).fails(http.StatusBadRequest)
	a.do("POST", a.bucketPath()+"/tests", []any{}).fails(http.StatusBadRequest)
	assert.Len(t, a.do("GET", a.bucketPath()+"/tests", nil).list(http.StatusOK), 2)
}

// An exported test sent back is an import: every member is kept, unknown
// ones included, and its steps, environments and schedules come with it.
func TestImportTest(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	export := map[string]any{
		"name":                   "Imported",
		"description":            "from an export",
		"version":                "1.0",
		"exported_at":            1681825927,
		"default_environment_id": "old-env-2",
		"id":                     "old-test",
		"trigger_url":            "https://api.runscope.com/radar/old/trigger",
		"environments": []any{
			map[string]any{"id": "old-env-1", "name": "Staging", "regions": []any{"eu1"}, "script_library": []any{"lib"}},
			map[string]any{"id": "old-env-2", "name": "Production", "regions": []any{"us1", "jp1"}},
		},
		"schedules": []any{map[string]any{"id": "old-sched", "environment_id": "old-env-1", "interval": "1h", "note": "hourly"}},
		"steps": []any{
			map[string]any{"id": "old-step", "step_type": "request", "url": "https://x.example/", "fragment": "", "multipart_form": []any{}, "binary_body": nil, "args": map[string]any{}},
			map[string]any{"step_type": "condition", "left_value": "1", "comparison": "equal", "right_value": "1", "steps": []any{
				map[string]any{"step_type": "request", "url": "https://y.example/"},
			}},
		},
	}
	test := a.createTest(export)

	assert.NotEqual(t, "old-test", test["id"])
	assert.NotContains(t, test["trigger_url"], "/radar/old/")
	assert.Equal(t, "1.0", test["version"], "unknown members are kept")
	assert.Equal(t, 1681825927.0, test["exported_at"])
	assert.Equal(t, "from an export", test["description"])

	envs := test["environments"].([]any)
	require.Len(t, envs, 2, "the imported environments replace the default one")
	env1, env2 := envs[0].(map[string]any), envs[1].(map[string]any)
	assert.Equal(t, "Staging", env1["name"])
	assert.Equal(t, []any{"lib"}, env1["script_library"])
	assert.Equal(t, test["id"], env1["test_id"])
	assert.NotEqual(t, "old-env-1", env1["id"])
	assert.Equal(t, env2["id"], test["default_environment_id"], "the default follows its environment's new ID")

	scheds := test["schedules"].([]any)
	require.Len(t, scheds, 1)
	sc := scheds[0].(map[string]any)
	assert.Equal(t, env1["id"], sc["environment_id"])
	assert.Equal(t, "1h", sc["interval"])
	assert.NotEqual(t, "old-sched", sc["id"])

	steps := test["steps"].([]any)
	require.Len(t, steps, 2)
	step := steps[0].(map[string]any)
	assert.NotEqual(t, "old-step", step["id"])
	for _, k := range []string{"fragment", "multipart_form", "binary_body", "args"} {
		assert.Contains(t, step, k)
	}
	nested := steps[1].(map[string]any)["steps"].([]any)
	require.Len(t, nested, 1)
	assert.Regexp(t, `^[0-9a-f-]{36}$`, nested[0].(map[string]any)["id"], "embedded steps get IDs")

	// An import is checked like the rest.
	bad := map[string]any{"name": "x", "schedules": []any{map[string]any{"environment_id": "nope", "interval": "1h"}}}
	a.do("POST", a.bucketPath()+"/tests", bad).fails(http.StatusBadRequest)
	bad = map[string]any{"name": "x", "steps": []any{map[string]any{"step_type": "pause", "duration": 500}}}
	a.do("POST", a.bucketPath()+"/tests", bad).fails(http.StatusBadRequest)
	bad = map[string]any{"name": "x", "environments": []any{map[string]any{"emails": map[string]any{"notify_threshold": 11}}}}
	a.do("POST", a.bucketPath()+"/tests", bad).fails(http.StatusBadRequest)
}

func TestListTests(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	var all []any
	for i := range 13 {
		all = append(all, map[string]any{"name": fmt.Sprintf("test %02d", i)})
	}
	a.do("POST", a.bucketPath()+"/tests", all).list(http.StatusCreated)

	page := a.do("GET", a.bucketPath()+"/tests", nil).list(http.StatusOK)
	require.Len(t, page, 10, "10 by default")
	first := page[0].(map[string]any)
	assert.Equal(t, "test 00", first["name"])
	assert.ElementsMatch(t, []string{"created_at", "created_by", "default_environment_id", "description", "name", "id",
		"step_count", "last_run", "last_run_created_at"}, keys(first),
		"the list shows the reference's summary members and those the live API adds")

	page = a.do("GET", a.bucketPath()+"/tests?count=5&offset=10", nil).list(http.StatusOK)
	require.Len(t, page, 3)
	assert.Equal(t, "test 10", page[0].(map[string]any)["name"])
	assert.Empty(t, a.do("GET", a.bucketPath()+"/tests?offset=99", nil).list(http.StatusOK))
	assert.Len(t, a.do("GET", a.bucketPath()+"/tests?count=50", nil).list(http.StatusOK), 13)

	for _, q := range []string{"count=51", "count=-1", "count=ten", "offset=-1"} {
		a.do("GET", a.bucketPath()+"/tests?"+q, nil).fails(http.StatusBadRequest)
	}
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestUpdateTest(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	test := a.createTest(map[string]any{"name": "Before", "description": "keep me", "custom": "kept", "steps": []any{
		map[string]any{"step_type": "request", "url": "https://a.example/"},
		map[string]any{"step_type": "request", "url": "https://b.example/"},
	}})
	path := a.testPath(test)
	oldSteps := test["steps"].([]any)
	keepID := oldSteps[1].(map[string]any)["id"]

	shared := a.do("POST", a.bucketPath()+"/environments", map[string]any{"name": "Shared"}).bare(http.StatusCreated).(map[string]any)
	updated := a.do("PUT", path, map[string]any{
		"name":                   "After",
		"default_environment_id": shared["id"],
		"custom":                 "ignored",
		"created_at":             1,
		"steps": []any{
			map[string]any{"id": keepID, "step_type": "request", "url": "https://b2.example/"},
			map[string]any{"id": "made-up", "step_type": "pause", "duration": 3},
		},
	}).obj(http.StatusOK)
	assert.Equal(t, "After", updated["name"])
	assert.Equal(t, "keep me", updated["description"], "members omitted are not modified")
	assert.Equal(t, "kept", updated["custom"], "members other than the four are ignored")
	assert.Equal(t, test["created_at"], updated["created_at"])
	assert.Equal(t, shared["id"], updated["default_environment_id"])
	steps := updated["steps"].([]any)
	require.Len(t, steps, 2)
	assert.Equal(t, keepID, steps[0].(map[string]any)["id"], "a step of the test keeps its ID")
	assert.NotEqual(t, "made-up", steps[1].(map[string]any)["id"])

	updated = a.do("PUT", path, map[string]any{"description": nil}).obj(http.StatusOK)
	assert.Nil(t, updated["description"])
	assert.Len(t, updated["steps"], 2, "steps omitted are kept")
	updated = a.do("PUT", path, map[string]any{"steps": []any{}}).obj(http.StatusOK)
	assert.Equal(t, []any{}, updated["steps"], "an empty list clears them")

	for name, body := range map[string]any{
		"empty name":          map[string]any{"name": ""},
		"unknown environment": map[string]any{"default_environment_id": "nope"},
		"bad pause":           map[string]any{"steps": []any{map[string]any{"step_type": "pause", "duration": 0}}},
		"steps not a list":    map[string]any{"steps": "x"},
		"description object":  map[string]any{"description": map[string]any{}},
		"not an object":       []any{},
	} {
		a.do("PUT", path, body).fails(http.StatusBadRequest)
		assert.Equal(t, "After", a.do("GET", path, nil).obj(http.StatusOK)["name"], name)
	}
	a.do("PUT", a.bucketPath()+"/tests/nope", map[string]any{"name": "x"}).fails(http.StatusNotFound)
}

func TestDeleteTest(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	test := a.createTest(map[string]any{"name": "doomed"})
	trigger := triggerPath(t, test)
	a.do("DELETE", a.testPath(test), nil).empty(http.StatusNoContent)
	a.do("GET", a.testPath(test), nil).fails(http.StatusNotFound)
	a.do("GET", a.testPath(test)+"/steps", nil).fails(http.StatusNotFound)
	a.do("GET", a.testPath(test)+"/environments", nil).fails(http.StatusNotFound)
	a.do("GET", trigger, nil).fails(http.StatusNotFound)
	a.do("DELETE", a.testPath(test), nil).fails(http.StatusNotFound)
}

func TestRevisions(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	test := a.createTest(map[string]any{"name": "revised"})
	a.do("PUT", a.testPath(test), map[string]any{"name": "revised again"})
	env := test["environments"].([]any)[0].(map[string]any)
	a.do("PUT", a.testPath(test)+"/environments/"+env["id"].(string), map[string]any{"name": "Renamed"})

	rev := a.do("GET", a.testPath(test)+"/revisions", nil).obj(http.StatusOK)
	revs := rev["test_revisions"].([]any)
	require.Len(t, revs, 2)
	r := revs[0].(map[string]any)
	assert.Equal(t, "radar_test", r["item_type"])
	assert.Equal(t, a.s.AccountUUID(), r["author_uuid"])
	assert.Equal(t, "Grace Hopper", r["author_name"])
	assert.Equal(t, "grace@example.com", r["author_email"])
	assert.Equal(t, a.s.TeamUUID(), r["organization_id"])
	assert.Equal(t, a.s.BucketKey(), r["bucket_key"])
	assert.GreaterOrEqual(t, r["timestamp"], revs[1].(map[string]any)["timestamp"], "newest first")

	envRevs := rev["env_revisions"].(map[string]any)[env["id"].(string)].([]any)
	require.Len(t, envRevs, 2, "created with the test, then renamed")
	assert.Equal(t, "environment", envRevs[0].(map[string]any)["item_type"])
	a.do("GET", a.bucketPath()+"/tests/nope/revisions", nil).fails(http.StatusNotFound)
}
