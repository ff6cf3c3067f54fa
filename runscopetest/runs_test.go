package runscopetest_test

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-runscope/runscope"
)

// runTest is a test with a request step with two assertions, a variable
// and two scripts, a pause, and a condition holding a binary request.
func runTest(a *api) map[string]any {
	return a.createTest(map[string]any{"name": "Run me", "steps": []any{
		map[string]any{
			"step_type": "request", "method": "get", "url": "{{base_url}}/cards?count=2&x=1",
			"headers": map[string]any{"Accept": "application/json", "X-Many": []any{"a", "b"}},
			"body":    "ping",
			"assertions": []any{
				map[string]any{"source": "response_status", "comparison": "equal_number", "value": 201},
				map[string]any{"source": "response_json", "property": "remaining", "comparison": "is_less_than", "value": "52"},
			},
			"variables":      []any{map[string]any{"name": "deck_id", "property": "deck_id", "source": "response_json"}},
			"scripts":        []any{"log(1);"},
			"before_scripts": []any{"log(0);"},
		},
		map[string]any{"step_type": "pause", "duration": 1},
		map[string]any{"step_type": "condition", "left_value": "1", "comparison": "equal", "right_value": "1", "steps": []any{
			map[string]any{"step_type": "request", "url": "https://img.example/logo.png"},
		}},
	}})
}

func TestTriggerAndPoll(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	test := runTest(a)
	env := test["environments"].([]any)[0].(map[string]any)
	a.do("PUT", a.testPath(test)+"/environments/"+env["id"].(string), map[string]any{
		"name": "Test Settings", "regions": []any{"us1"}, "initial_variables": map[string]any{"base_url": "https://api.example.com", "n": 1},
	})

	// Trigger URLs need no token.
	trig := a.send("GET", triggerPath(t, test)+"?extra=yes", nil, nil).obj(http.StatusCreated)
	assert.Equal(t, 1.0, trig["runs_started"])
	assert.Equal(t, 0.0, trig["runs_failed"])
	assert.Equal(t, 1.0, trig["runs_total"])
	runs := trig["runs"].([]any)
	require.Len(t, runs, 1)
	run := runs[0].(map[string]any)
	runID := run["test_run_id"].(string)
	assert.Equal(t, "init", run["status"])
	assert.Equal(t, test["id"], run["test_id"])
	assert.Equal(t, "Run me", run["test_name"])
	assert.Equal(t, a.s.BucketKey(), run["bucket_key"])
	assert.Equal(t, env["id"], run["environment_id"])
	assert.Equal(t, "Test Settings", run["environment_name"])
	assert.Equal(t, "us1", run["region"])
	assert.Nil(t, run["agent"])
	assert.Equal(t, a.s.URL()+a.testPath(test)+"/results/"+runID, run["test_run_url"])
	assert.Equal(t, map[string]any{"base_url": "https://api.example.com", "n": "1", "extra": "yes"}, run["variables"])

	// queued, working, then pass; each read moves it along.
	path := a.testPath(test) + "/results/" + runID
	first := a.do("GET", path, nil).obj(http.StatusOK)
	assert.Equal(t, "queued", first["result"])
	assert.Nil(t, first["finished_at"])
	assert.Empty(t, first["requests"])
	started := first["started_at"].(float64)
	assert.NotEqual(t, float64(int64(started)), started, "started_at has a fraction")
	assert.Equal(t, "working", a.do("GET", path, nil).obj(http.StatusOK)["result"])
	done := a.do("GET", path, nil).obj(http.StatusOK)
	assert.Equal(t, "pass", done["result"])
	assert.GreaterOrEqual(t, done["finished_at"], started)
	assert.Equal(t, started, done["started_at"])
	assert.Equal(t, "pass", a.do("GET", path, nil).obj(http.StatusOK)["result"], "final stays final")

	// Counts add up over the requests, one per step, embedded ones included.
	requests := done["requests"].([]any)
	require.Len(t, requests, 4)
	assert.Equal(t, 2.0, done["requests_executed"])
	for _, c := range []string{"assertions", "variables", "scripts"} {
		defined, passed, failed := 0.0, 0.0, 0.0
		for _, r := range requests {
			r := r.(map[string]any)
			if r[c+"_defined"] == nil {
				continue
			}
			defined += r[c+"_defined"].(float64)
			passed += r[c+"_passed"].(float64)
			failed += r[c+"_failed"].(float64)
		}
		assert.Equal(t, defined, done[c+"_defined"], c)
		assert.Equal(t, passed, done[c+"_passed"], c)
		assert.Equal(t, failed, done[c+"_failed"], c)
		assert.Equal(t, defined, passed+failed, c)
	}
	assert.Equal(t, 2.0, done["assertions_defined"])
	assert.Equal(t, 2.0, done["scripts_defined"])

	req := requests[0].(map[string]any)
	steps := test["steps"].([]any)
	assert.Equal(t, steps[0].(map[string]any)["id"], req["uuid"])
	assert.Equal(t, "https://api.example.com/cards?count=2&x=1", req["url"], "variables are substituted")
	assert.Equal(t, "GET", req["method"])
	assert.Equal(t, "pass", req["result"])
	assert.NotNil(t, req["timings"])
	assertions := req["assertions"].([]any)
	require.Len(t, assertions, 2)
	assert.Equal(t, map[string]any{
		"result": "pass", "source": "status_code", "property": nil, "comparison": "equals_number",
		"target_value": 201.0, "actual_value": "201", "error": nil,
	}, assertions[0], "results use the result vocabulary")
	second := assertions[1].(map[string]any)
	assert.Equal(t, "less_than", second["comparison"])
	assert.Equal(t, "json", second["source"])
	assert.Equal(t, "remaining", second["property"])
	actual, err := strconv.ParseFloat(second["actual_value"].(string), 64)
	require.NoError(t, err)
	assert.Less(t, actual, 52.0, "a passing actual value satisfies the comparison")
	variable := req["variables"].([]any)[0].(map[string]any)
	assert.Equal(t, "pass", variable["result"])
	assert.Equal(t, "deck_id", variable["name"])

	pause := requests[1].(map[string]any)
	assert.Equal(t, steps[1].(map[string]any)["id"], pause["uuid"])
	for k, v := range pause {
		if k != "uuid" {
			assert.Nil(t, v, "a pause has only its uuid: %s", k)
		}
	}
	assert.Nil(t, requests[2].(map[string]any)["result"], "a condition has only its uuid")
	assert.Equal(t, "https://img.example/logo.png", requests[3].(map[string]any)["url"])

	// The run is the test's last_run and its latest result.
	assert.Equal(t, runID, a.do("GET", a.testPath(test), nil).obj(http.StatusOK)["last_run"].(map[string]any)["id"])
	assert.Equal(t, done, a.do("GET", a.testPath(test)+"/results/latest", nil).obj(http.StatusOK))

	a.do("GET", a.testPath(test)+"/results/nope", nil).fails(http.StatusNotFound)
}

func TestStepResult(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	test := runTest(a)
	a.s.SetRunPolls(2)
	runID := a.do("GET", triggerPath(t, test)+"?base_url=https://api.example.com", nil).obj(http.StatusCreated)["runs"].([]any)[0].(map[string]any)["test_run_id"].(string)
	base := a.testPath(test) + "/results/" + runID + "/steps/"
	steps := test["steps"].([]any)
	stepID := steps[0].(map[string]any)["id"].(string)

	a.do("GET", base+stepID, nil).fails(http.StatusNotFound) // not finished: read once, of two
	a.do("GET", a.testPath(test)+"/results/"+runID, nil).obj(http.StatusOK)

	d := a.do("GET", base+stepID, nil).obj(http.StatusOK)
	assert.Equal(t, a.s.BucketKey(), d["bucket_key"])
	assert.Equal(t, stepID, d["uuid"])
	req := d["request"].(map[string]any)
	assert.Equal(t, "GET", req["method"])
	assert.Equal(t, "https", req["scheme"])
	assert.Equal(t, "api.example.com", req["host"])
	assert.Equal(t, "/cards", req["path"])
	assert.Equal(t, map[string]any{"count": []any{"2"}, "x": []any{"1"}}, req["params"])
	assert.Equal(t, "ping", req["body"])
	assert.Equal(t, "plaintext", req["body_encoding"])
	headers := req["headers"].(map[string]any)
	assert.Equal(t, []any{"application/json"}, headers["Accept"], "a single header value becomes a list")
	assert.Equal(t, []any{"a", "b"}, headers["X-Many"])
	resp := d["response"].(map[string]any)
	assert.Equal(t, 201.0, resp["status"], "the status the assertion expects")
	assert.Equal(t, "Created", resp["reason"])
	assert.Equal(t, "plaintext", resp["body_encoding"])
	assert.Equal(t, float64(len(resp["body"].(string))), resp["size_bytes"])
	assert.Greater(t, resp["timestamp"], req["timestamp"])

	// A binary response comes base64 encoded.
	cond := steps[2].(map[string]any)
	imageID := cond["steps"].([]any)[0].(map[string]any)["id"].(string)
	img := a.do("GET", base+imageID, nil).obj(http.StatusOK)["response"].(map[string]any)
	assert.Equal(t, "base64", img["body_encoding"])
	png, err := base64.StdEncoding.DecodeString(img["body"].(string))
	require.NoError(t, err)
	assert.Equal(t, "\x89PNG", string(png[:4]))
	assert.Equal(t, float64(len(png)), img["size_bytes"])
	assert.Equal(t, map[string]any{"Content-Length": []any{strconv.Itoa(len(png))}, "Content-Type": []any{"image/png"}}, img["headers"])

	// Pauses and conditions have no request to show.
	a.do("GET", base+steps[1].(map[string]any)["id"].(string), nil).fails(http.StatusBadRequest)
	a.do("GET", base+cond["id"].(string), nil).fails(http.StatusBadRequest)
	a.do("GET", base+"nope", nil).fails(http.StatusNotFound)
}

func TestSetOutcome(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	test := runTest(a)
	testID := test["id"].(string)
	trigger := triggerPath(t, test)
	a.s.SetRunPolls(2)

	passing := a.do("GET", trigger, nil).obj(http.StatusCreated)["runs"].([]any)[0].(map[string]any)["test_run_id"].(string)
	a.s.SetOutcome(testID, runscope.ResultFail)
	failing := a.do("GET", trigger, nil).obj(http.StatusCreated)["runs"].([]any)[0].(map[string]any)["test_run_id"].(string)
	a.s.SetOutcome(testID, runscope.ResultCanceled)
	canceled := a.do("GET", trigger, nil).obj(http.StatusCreated)["runs"].([]any)[0].(map[string]any)["test_run_id"].(string)

	result := func(id string) map[string]any {
		path := a.testPath(test) + "/results/" + id
		assert.Equal(t, "queued", a.do("GET", path, nil).obj(http.StatusOK)["result"])
		return a.do("GET", path, nil).obj(http.StatusOK)
	}
	assert.Equal(t, "pass", result(passing)["result"], "SetOutcome applies to later runs only")

	failed := result(failing)
	assert.Equal(t, "fail", failed["result"])
	assert.Equal(t, 2.0, failed["assertions_failed"])
	assert.Equal(t, 0.0, failed["assertions_passed"])
	req := failed["requests"].([]any)[0].(map[string]any)
	assert.Equal(t, "fail", req["result"])
	status := req["assertions"].([]any)[0].(map[string]any)
	assert.Equal(t, "fail", status["result"])
	assert.Equal(t, "500", status["actual_value"])
	assert.NotEmpty(t, status["error"])
	lessThan := req["assertions"].([]any)[1].(map[string]any)
	actual, err := strconv.ParseFloat(lessThan["actual_value"].(string), 64)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, actual, 52.0, "a failing actual value breaks the comparison")
	stepID := test["steps"].([]any)[0].(map[string]any)["id"].(string)
	detail := a.do("GET", a.testPath(test)+"/results/"+failing+"/steps/"+stepID, nil).obj(http.StatusOK)
	assert.Equal(t, 500.0, detail["response"].(map[string]any)["status"])

	cancel := result(canceled)
	assert.Equal(t, "canceled", cancel["result"])
	assert.Empty(t, cancel["requests"])
	assert.NotNil(t, cancel["finished_at"])
}

func TestTriggerOptions(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	test := a.createTest(map[string]any{"name": "options"})
	trigger := triggerPath(t, test)
	shared := a.do("POST", a.bucketPath()+"/environments", map[string]any{
		"name": "Shared", "regions": []any{"eu1", "jp1"}, "initial_variables": map[string]any{"a": "shared", "b": "shared"},
	}).bare(http.StatusCreated).(map[string]any)

	// One run per region of the environment, variables overriding its own.
	trig := a.do("GET", trigger+"?runscope_environment="+shared["id"].(string)+"&b=mine", nil).obj(http.StatusCreated)
	runs := trig["runs"].([]any)
	require.Len(t, runs, 2)
	assert.Equal(t, "eu1", runs[0].(map[string]any)["region"])
	assert.Equal(t, "jp1", runs[1].(map[string]any)["region"])
	assert.Equal(t, "Shared", runs[0].(map[string]any)["environment_name"])
	assert.Equal(t, map[string]any{"a": "shared", "b": "mine"}, runs[0].(map[string]any)["variables"])

	// Regions named in the query; unknown ones fail to start.
	trig = a.do("GET", trigger+"?runscope_region=us1&runscope_region=au1&runscope_region=mars1", nil).obj(http.StatusCreated)
	assert.Equal(t, 2.0, trig["runs_started"])
	assert.Equal(t, 1.0, trig["runs_failed"])
	assert.Equal(t, 3.0, trig["runs_total"])

	// An agent runs it once, with no region.
	trig = a.do("GET", trigger+"?runscope_agent=agent-7&runscope_notification_url=https://hooks.example/done", nil).obj(http.StatusCreated)
	require.Len(t, trig["runs"], 1)
	run := trig["runs"].([]any)[0].(map[string]any)
	assert.Equal(t, "agent-7", run["agent"])
	assert.Nil(t, run["region"])
	assert.Empty(t, run["variables"], "options are not variables")

	// An environment the test cannot use fails the run.
	trig = a.do("GET", trigger+"?runscope_environment=nope", nil).obj(http.StatusCreated)
	assert.Equal(t, 0.0, trig["runs_started"])
	assert.Equal(t, 1.0, trig["runs_failed"])

	a.do("GET", "/radar/nope/trigger", nil).fails(http.StatusNotFound)

	// Results list newest first.
	results := a.do("GET", a.testPath(test)+"/results", nil).list(http.StatusOK)
	require.Len(t, results, 5)
	assert.Equal(t, "agent-7", results[0].(map[string]any)["agent"])
	assert.Equal(t, "eu1", results[4].(map[string]any)["region"])
	for i := 1; i < len(results); i++ {
		assert.Greater(t, results[i-1].(map[string]any)["started_at"], results[i].(map[string]any)["started_at"])
	}
}

func TestTriggerBatch(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	test := a.createTest(map[string]any{"name": "batch"})
	batch := triggerPath(t, test)
	batch = batch[:len(batch)-len("trigger")] + "batch"

	trig := a.send("POST", batch, []any{
		map[string]any{"base_url": "https://a.example", "n": 1},
		map[string]any{"base_url": "https://b.example", "runscope_region": "eu1"},
		map[string]any{"runscope_region": []any{"us1", "jp1"}},
	}, nil).obj(http.StatusCreated)
	assert.Equal(t, 4.0, trig["runs_started"])
	runs := trig["runs"].([]any)
	require.Len(t, runs, 4)
	assert.Equal(t, map[string]any{"base_url": "https://a.example", "n": "1"}, runs[0].(map[string]any)["variables"])
	assert.Equal(t, "eu1", runs[1].(map[string]any)["region"])
	assert.Equal(t, "jp1", runs[3].(map[string]any)["region"])

	tooMany := make([]any, 51)
	for i := range tooMany {
		tooMany[i] = map[string]any{}
	}
	for name, body := range map[string]any{"empty": []any{}, "too many": tooMany, "an object": map[string]any{}, "a string element": []any{"x"}} {
		assert.NotEmpty(t, a.do("POST", batch, body).fails(http.StatusBadRequest), name)
	}
	a.do("POST", "/radar/nope/batch", []any{map[string]any{}}).fails(http.StatusNotFound)
}

func TestBucketTrigger(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	a.do("POST", a.bucketPath()+"/tests", []any{map[string]any{"name": "one"}, map[string]any{"name": "two"}})
	b := a.do("GET", a.bucketPath(), nil).obj(http.StatusOK)
	u := b["trigger_url"].(string)
	path := u[len(a.s.URL()):]

	trig := a.send("GET", path+"?runscope_region=us1&runscope_region=eu1", nil, nil).obj(http.StatusCreated)
	assert.Equal(t, 4.0, trig["runs_started"], "every test, every region")
	assert.Regexp(t, `^[0-9a-f-]{36}$`, trig["runs_id"], "the live API names the batch of runs")
	assert.Equal(t, a.s.URL()+"/radar/"+a.s.BucketKey()+"/runs/"+trig["runs_id"].(string), trig["consolidated_test_results_url"])
	names := map[any]int{}
	for _, r := range trig["runs"].([]any) {
		names[r.(map[string]any)["test_name"]]++
	}
	assert.Equal(t, map[any]int{"one": 2, "two": 2}, names)
	a.do("GET", "/radar/bucket/nope/trigger", nil).fails(http.StatusNotFound)
}

func TestResultsList(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	test := a.createTest(map[string]any{"name": "many runs"})
	for range 12 {
		a.do("GET", triggerPath(t, test), nil)
	}
	path := a.testPath(test) + "/results"
	page := a.do("GET", path, nil).list(http.StatusOK)
	require.Len(t, page, 10, "10 by default")
	first := page[0].(map[string]any)
	assert.Equal(t, "queued", first["result"], "listing polls the runs it lists")
	assert.NotContains(t, first, "requests", "the list has no per-request results")

	// Paging by before (exclusive), as a client walking back in time does.
	var all []any
	before := ""
	for {
		q := "?count=5"
		if before != "" {
			q += "&before=" + before
		}
		page := a.do("GET", path+q, nil).list(http.StatusOK)
		all = append(all, page...)
		if len(page) < 5 {
			break
		}
		before = strconv.FormatFloat(page[len(page)-1].(map[string]any)["started_at"].(float64), 'f', -1, 64)
	}
	require.Len(t, all, 12, "no run skipped or repeated")
	seen := map[any]bool{}
	for _, r := range all {
		seen[r.(map[string]any)["test_run_id"]] = true
	}
	assert.Len(t, seen, 12)

	// since is exclusive too.
	oldest := all[11].(map[string]any)["started_at"].(float64)
	newest := all[0].(map[string]any)["started_at"].(float64)
	assert.Len(t, a.do("GET", path+fmt.Sprintf("?count=50&since=%f", oldest), nil).list(http.StatusOK), 11)
	assert.Len(t, a.do("GET", path+fmt.Sprintf("?count=50&since=%f&before=%f", oldest, newest), nil).list(http.StatusOK), 10)

	for _, q := range []string{"count=51", "count=x", "since=yesterday", "before=NaN"} {
		a.do("GET", path+"?"+q, nil).fails(http.StatusBadRequest)
	}
	empty := a.createTest(map[string]any{"name": "never run"})
	assert.Empty(t, a.do("GET", a.testPath(empty)+"/results", nil).list(http.StatusOK))
	a.do("GET", a.testPath(empty)+"/results/latest", nil).fails(http.StatusNotFound)
}

func TestMetrics(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	test := a.createTest(map[string]any{"name": "measured"})
	a.s.SetRunPolls(1)
	path := a.testPath(test) + "/metrics"

	m := a.do("GET", path, nil).bare(http.StatusOK).(map[string]any)
	assert.Equal(t, "all", m["region"])
	assert.Equal(t, "all", m["environment_uuid"])
	assert.Equal(t, "day", m["timeframe"])
	assert.Equal(t, []any{}, m["response_times"])
	assert.Equal(t, 0.0, m["this_time_period"].(map[string]any)["total_test_runs"])
	assert.Contains(t, m, "change_from_last_period")

	a.do("GET", triggerPath(t, test)+"?runscope_region=us1&runscope_region=eu1", nil)
	a.s.SetOutcome(test["id"].(string), runscope.ResultFail)
	a.do("GET", triggerPath(t, test)+"?runscope_region=us1", nil)
	a.do("GET", a.testPath(test)+"/results", nil) // finishes them

	m = a.do("GET", path+"?timeframe=hour", nil).bare(http.StatusOK).(map[string]any)
	assert.Equal(t, "hour", m["timeframe"])
	assert.Equal(t, 3.0, m["this_time_period"].(map[string]any)["total_test_runs"])
	var runs float64
	for _, p := range m["response_times"].([]any) {
		p := p.(map[string]any)
		assert.Greater(t, p["avg_response_time_ms"], 0.0)
		assert.Greater(t, p["timestamp"], 1e9)
		assert.GreaterOrEqual(t, p["success_ratio"], 0.0)
		assert.LessOrEqual(t, p["success_ratio"], 1.0)
		runs++
	}
	assert.NotZero(t, runs)

	env := test["default_environment_id"].(string)
	m = a.do("GET", path+"?region=us1&environment_uuid="+env, nil).bare(http.StatusOK).(map[string]any)
	assert.Equal(t, "us1", m["region"])
	assert.Equal(t, env, m["environment_uuid"])
	assert.Equal(t, 2.0, m["this_time_period"].(map[string]any)["total_test_runs"])
	m = a.do("GET", path+"?environment_uuid=other", nil).bare(http.StatusOK).(map[string]any)
	assert.Equal(t, 0.0, m["this_time_period"].(map[string]any)["total_test_runs"])

	a.do("GET", path+"?timeframe=year", nil).fails(http.StatusBadRequest)
	a.do("GET", a.bucketPath()+"/tests/nope/metrics", nil).fails(http.StatusNotFound)
}

// A run moves along once each time the API shows it, whichever endpoint
// that is: the results list, its detail, the latest result, a step's
// result, the test's last_run, or metrics, which count it. All of them
// agree on where it is.
func TestRunProgressWhateverTheEndpoint(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	test := runTest(a)
	path := a.testPath(test)
	trigger := func() string {
		return a.do("GET", triggerPath(t, test)+"?base_url=https://api.example.com", nil).obj(http.StatusCreated)["runs"].([]any)[0].(map[string]any)["test_run_id"].(string)
	}
	metricsRuns := func() float64 {
		m := a.do("GET", path+"/metrics", nil).bare(http.StatusOK).(map[string]any)
		return m["this_time_period"].(map[string]any)["total_test_runs"].(float64)
	}
	lastRun := func() map[string]any { return a.do("GET", path, nil).obj(http.StatusOK)["last_run"].(map[string]any) }

	// Final on the first read: metrics, read first, count the run.
	a.s.SetRunPolls(1)
	first := trigger()
	assert.Equal(t, 1.0, metricsRuns())
	assert.Equal(t, "pass", a.do("GET", path+"/results/"+first, nil).obj(http.StatusOK)["result"])

	// Final on the fourth read, each through another endpoint.
	a.s.SetRunPolls(4)
	second := trigger()
	assert.Equal(t, "init", lastRun()["status"], "read 1: queued")
	assert.Equal(t, "working", a.do("GET", path+"/results", nil).list(http.StatusOK)[0].(map[string]any)["result"], "read 2")
	assert.Equal(t, 1.0, metricsRuns(), "read 3: still working, not counted")
	done := a.do("GET", path+"/results/latest", nil).obj(http.StatusOK)
	assert.Equal(t, second, done["test_run_id"])
	assert.Equal(t, "pass", done["result"], "read 4: final")
	assert.Equal(t, 2.0, metricsRuns())
	assert.Equal(t, "completed", lastRun()["status"])
	assert.Equal(t, done["finished_at"], lastRun()["finished_at"])

	// A program that only ever reads the test sees its run end.
	third := trigger()
	var statuses []any
	for range 4 {
		statuses = append(statuses, lastRun()["status"])
	}
	assert.Equal(t, []any{"init", "running", "running", "completed"}, statuses)
	assert.Equal(t, "pass", a.do("GET", path+"/results/"+third, nil).obj(http.StatusOK)["result"])
	entry := a.do("GET", a.bucketPath()+"/tests", nil).list(http.StatusOK)[0].(map[string]any)
	assert.Equal(t, third, entry["last_run"].(map[string]any)["id"])
	assert.Equal(t, "completed", entry["last_run"].(map[string]any)["status"])
	assert.Equal(t, 3.0, metricsRuns())
}

// A test's last_run, in its detail and in the tests list, has the shape
// the live API sends: a run summary with counts, not a test result.
func TestLastRun(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	test := runTest(a)
	path := a.testPath(test)
	env := test["environments"].([]any)[0].(map[string]any)
	a.s.SetRunPolls(1)

	entry := func() map[string]any {
		for _, e := range a.do("GET", a.bucketPath()+"/tests", nil).list(http.StatusOK) {
			if e := e.(map[string]any); e["id"] == test["id"] {
				return e
			}
		}
		t.Fatal("the test is not listed")
		return nil
	}
	assert.Nil(t, a.do("GET", path, nil).obj(http.StatusOK)["last_run"])
	before := entry()
	assert.Contains(t, before, "last_run")
	assert.Nil(t, before["last_run"])
	assert.Contains(t, before, "last_run_created_at")
	assert.Nil(t, before["last_run_created_at"])
	assert.Equal(t, 3.0, before["step_count"])

	run := a.do("GET", triggerPath(t, test)+"?base_url=https://api.example.com", nil).obj(http.StatusCreated)["runs"].([]any)[0].(map[string]any)
	runID := run["test_run_id"].(string)
	done := a.do("GET", path+"/results/"+runID, nil).obj(http.StatusOK)
	require.Equal(t, "pass", done["result"])

	lr := a.do("GET", path, nil).obj(http.StatusOK)["last_run"].(map[string]any)
	assert.Equal(t, map[string]any{
		"id": runID, "uuid": runID, "test_uuid": test["id"], "bucket_key": a.s.BucketKey(),
		"environment_uuid": env["id"], "environment_name": "Test Settings", "region": "us1", "source": "trigger",
		"status": "completed", "created_at": done["started_at"], "finished_at": done["finished_at"],
		"remote_agent": nil, "remote_agent_uuid": nil, "remote_agent_name": nil, "remote_agent_version": "unknown",
		"assertion_count": 2.0, "assertion_success": 2.0, "error_count": 0.0,
		"message_count": 2.0, "message_success": 2.0, "extractor_count": 1.0, "extractor_success": 1.0,
		"substitution_count": 1.0, "substitution_success": 1.0, "script_count": 2.0, "script_success": 2.0,
		"messages": []any{}, "template_uuids": []any{env["id"]},
	}, lr)
	after := entry()
	assert.Equal(t, lr, after["last_run"])
	assert.Equal(t, done["started_at"], after["last_run_created_at"])
	assert.Equal(t, 3.0, after["step_count"])

	// A failed run completed too; its counts say it failed.
	a.s.SetOutcome(test["id"].(string), runscope.ResultFail)
	a.do("GET", triggerPath(t, test), nil)
	lr = a.do("GET", path, nil).obj(http.StatusOK)["last_run"].(map[string]any)
	assert.Equal(t, "completed", lr["status"])
	assert.Equal(t, 2.0, lr["assertion_count"])
	assert.Equal(t, 0.0, lr["assertion_success"])
	assert.Equal(t, 0.0, lr["message_success"])
	assert.Equal(t, 0.0, lr["substitution_success"], "{{base_url}} was not given")

	// A canceled run ran nothing.
	a.s.SetOutcome(test["id"].(string), runscope.ResultCanceled)
	a.do("GET", triggerPath(t, test), nil)
	lr = a.do("GET", path, nil).obj(http.StatusOK)["last_run"].(map[string]any)
	assert.Equal(t, "canceled", lr["status"])
	assert.Equal(t, 0.0, lr["message_count"])

	// A run on an agent names it and has no region.
	a.s.SetOutcome(test["id"].(string), runscope.ResultPass)
	a.do("GET", triggerPath(t, test)+"?runscope_agent=79f50f9a-dc4b-403b-8006-fb198356eb95", nil)
	lr = a.do("GET", path, nil).obj(http.StatusOK)["last_run"].(map[string]any)
	assert.Nil(t, lr["region"])
	assert.Equal(t, "79f50f9a-dc4b-403b-8006-fb198356eb95", lr["remote_agent_uuid"])
	assert.Equal(t, "Grace-Hopper-Macbook.local", lr["remote_agent_name"])
	assert.Equal(t, "go-radar-agent v0.27", lr["remote_agent_version"])
}

// A reference is read one way everywhere: {{ name }}, spaces inside the
// braces, is substituted in the run as it is counted in its last_run, and
// a value that holds a reference is not read again.
func TestReferencesSubstitutedAsCounted(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	test := a.createTest(map[string]any{"name": "spaced", "steps": []any{
		map[string]any{"step_type": "request", "method": "GET", "url": "https://{{ host }}/{{path}}/{{unknown}}"},
	}})
	a.s.SetRunPolls(1)
	run := a.do("GET", triggerPath(t, test)+"?host=h.example&path={{host}}", nil).obj(http.StatusCreated)["runs"].([]any)[0].(map[string]any)
	done := a.do("GET", a.testPath(test)+"/results/"+run["test_run_id"].(string), nil).obj(http.StatusOK)
	require.Equal(t, "pass", done["result"])
	req := done["requests"].([]any)[0].(map[string]any)
	assert.Equal(t, "https://h.example/{{host}}/{{unknown}}", req["url"])

	lr := a.do("GET", a.testPath(test), nil).obj(http.StatusOK)["last_run"].(map[string]any)
	assert.Equal(t, 3.0, lr["substitution_count"])
	assert.Equal(t, 2.0, lr["substitution_success"])
}
