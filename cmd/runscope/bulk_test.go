package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-runscope/runscope"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seedBucket gives the fake's default bucket what an export must carry:
// a shared environment that a test runs with by default, inherits from
// and schedules in; a condition step; and members the SDK does not model,
// on the test and on a step.
func seedBucket(t *testing.T, f *fake) (sharedID string) {
	t.Helper()
	ctx := context.Background()
	key := f.BucketKey()
	shared, _, err := f.client.Environments.CreateShared(ctx, key, &runscope.Environment{
		Name: "Staging", Regions: []string{"us1", "eu1"},
		InitialVariables: map[string]string{"base_url": "https://staging.example.com"},
	})
	require.NoError(t, err)

	// Raw JSON, for members the SDK does not model.
	body := map[string]any{
		"name":                   "Orders API",
		"description":            "orders <and> refunds",
		"custom_member":          map[string]any{"kept": true},
		"default_environment_id": shared.ID,
		"steps": []any{
			map[string]any{"step_type": "request", "method": "GET", "url": "{{base_url}}/orders", "fragment": "frag-1",
				"assertions": []any{map[string]any{"source": "response_status", "comparison": "equal_number", "value": 200}}},
			map[string]any{"step_type": "condition", "left_value": "{{n}}", "comparison": "equal", "right_value": "1",
				"steps": []any{map[string]any{"step_type": "pause", "duration": 2}}},
		},
		"environments": []any{map[string]any{"id": "old-env", "name": "Own settings", "parent_environment_id": shared.ID, "regions": []any{"us1"}}},
		"schedules": []any{
			map[string]any{"environment_id": "old-env", "interval": "1h"},
			map[string]any{"environment_id": shared.ID, "interval": "1d"},
		},
	}
	req, err := f.client.NewRequest(ctx, http.MethodPost, "buckets/"+key+"/tests", body)
	require.NoError(t, err)
	_, err = f.client.Do(req, nil)
	require.NoError(t, err)
	f.addTest(t, key, "Users API")
	return shared.ID
}

// End to end: export, import into another bucket, diff says the same; a
// changed step makes diff say what changed. No output, no file, holds a
// secret.
func TestExportImportDiff(t *testing.T) {
	f := newFake(t)
	seedBucket(t, f)
	key := f.BucketKey()
	dir := t.TempDir()
	env := f.env()

	r := execBinary(t, env, "export", "--dir", dir, "--bucket", key)
	require.Equal(t, exitOK, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	assert.Contains(t, r.stdout, "exported 2 tests and 1 shared environment of 1 bucket to "+dir)
	assert.Contains(t, r.stderr, "exported 1: ", "progress lines when stderr is not a terminal")
	tests, err := filepath.Glob(filepath.Join(dir, key, "tests", "*.json"))
	require.NoError(t, err)
	require.Len(t, tests, 2)
	envs, err := filepath.Glob(filepath.Join(dir, key, "environments", "*.json"))
	require.NoError(t, err)
	require.Len(t, envs, 1)
	var orders string
	for _, p := range tests {
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		if strings.Contains(string(b), "Orders API") {
			orders = string(b)
		}
		fi, err := os.Stat(p)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), "environments and tests may hold secrets")
	}
	assert.Contains(t, orders, `"custom_member": {`, "unknown members are exported")
	assert.Contains(t, orders, `"fragment": "frag-1"`)
	assert.Contains(t, orders, `"description": "orders <and> refunds"`, "no HTML escaping")
	assert.Contains(t, orders, `"trigger_url": ""`, "the trigger URL, a secret, is left out")
	assert.Contains(t, orders, "\n  \"name\": \"Orders API\"", "indented")

	target := f.newBucket(t, "Restored")
	r2 := execBinary(t, env, "import", "--bucket", target, filepath.Join(dir, key))
	require.Equal(t, exitOK, r2.code, "stdout:\n%s\nstderr:\n%s", r2.stdout, r2.stderr)
	assert.Contains(t, r2.stdout, `create shared environment "Staging"`)
	assert.Contains(t, r2.stdout, "imported 2 tests into bucket "+target)

	r3 := execBinary(t, env, "diff", key, target)
	assert.Equal(t, exitOK, r3.code, "stdout:\n%s\nstderr:\n%s", r3.stdout, r3.stderr)
	assert.Empty(t, r3.stdout)
	assert.Contains(t, r3.stderr, "no differences: 3 items")
	r4 := execBinary(t, env, "diff", filepath.Join(dir, key), target)
	assert.Equal(t, exitOK, r4.code, "the export and the restored bucket: stdout:\n%s\nstderr:\n%s", r4.stdout, r4.stderr)

	// The restored test refers to the target's shared environment.
	restored := findTest(t, f, target, "Orders API")
	targetEnvs, _, err := f.client.Environments.ListShared(context.Background(), target)
	require.NoError(t, err)
	require.Len(t, targetEnvs, 1)
	assert.Equal(t, targetEnvs[0].ID, restored.DefaultEnvironmentID)

	// A changed step is a difference.
	step := restored.Steps[0].(*runscope.RequestStep)
	step.URL = "{{base_url}}/v2/orders"
	_, _, err = f.client.Steps.Update(context.Background(), target, restored.ID, step.ID, step)
	require.NoError(t, err)
	r5 := execBinary(t, env, "diff", key, target)
	require.Equal(t, exitFailed, r5.code, "stdout:\n%s\nstderr:\n%s", r5.stdout, r5.stderr)
	assert.Contains(t, r5.stdout, "--- "+key+"/tests/Orders API\n+++ "+target+"/tests/Orders API\n")
	assert.Contains(t, r5.stdout, "-      \"url\": \"{{base_url}}/orders\"\n+      \"url\": \"{{base_url}}/v2/orders\"\n")
	oneErrorLine(t, r5, "differ: 1 of 3 items")

	secrets := f.secrets(t)
	for _, res := range []result{r, r2, r3, r4, r5} {
		noSecrets(t, secrets, res)
	}
	noSecrets(t, secrets, result{}, append(tests, envs...)...)
}

// exported seeds the fake's default bucket and exports it to dir with
// the built command.
func exported(t *testing.T) (f *fake, dir string) {
	t.Helper()
	f = newFake(t)
	seedBucket(t, f)
	dir = t.TempDir()
	r := execBinary(t, f.env(), "export", "--dir", dir, "--bucket", f.BucketKey())
	require.Equal(t, exitOK, r.code, r.stderr)
	return f, dir
}

func TestImportDryRunAndUpdateEnvironments(t *testing.T) {
	f, dir := exported(t)
	key := f.BucketKey()
	env := f.env()

	target := f.newBucket(t, "Dry")
	r := call(t, env, "import", "--bucket", target, "--dry-run", filepath.Join(dir, key))
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, `would create shared environment "Staging"`)
	assert.Contains(t, r.stdout, `would create test "Orders API" from `)
	assert.Contains(t, r.stdout, `would create test "Users API" from `)
	assert.Empty(t, listTests(t, f, target), "a dry run creates nothing")

	require.Equal(t, exitOK, call(t, env, "import", "--bucket", target, filepath.Join(dir, key)).code)
	// Again: the environment of the same name is reused, or updated.
	r = call(t, env, "import", "--bucket", target, "--dry-run", filepath.Join(dir, key))
	assert.Contains(t, r.stdout, `would reuse shared environment "Staging"`)
	r = call(t, env, "import", "--bucket", target, "--update-environments", filepath.Join(dir, key, "tests", filepath.Base(firstFile(t, filepath.Join(dir, key, "tests")))), filepath.Join(dir, key))
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, `update shared environment "Staging"`)
	assert.Len(t, listTests(t, f, target), 5)
	envs, _, err := f.client.Environments.ListShared(context.Background(), target)
	require.NoError(t, err)
	assert.Len(t, envs, 1, "never a second environment of the same name")
}

// A test file of an export brings the shared environments it refers to
// from its bucket folder, as the folder would: without them, the test
// would refer to environments of another bucket.
func TestImportTestFileBringsItsEnvironments(t *testing.T) {
	f, dir := exported(t)
	key := f.BucketKey()
	env := f.env()
	file := func(name string) string {
		return filepath.Join(dir, key, testsDir, findTest(t, f, key, name).ID+".json")
	}

	target := f.newBucket(t, "Orders only")
	r := call(t, env, "import", "--bucket", target, file("Orders API"))
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, `create shared environment "Staging"`)
	envs, _, err := f.client.Environments.ListShared(context.Background(), target)
	require.NoError(t, err)
	require.Len(t, envs, 1)
	restored := findTest(t, f, target, "Orders API")
	assert.Equal(t, envs[0].ID, restored.DefaultEnvironmentID)
	assert.Equal(t, envs[0].ID, restored.Schedules[1].EnvironmentID)

	// The folder and a file of it: the environment is made available once.
	again := f.newBucket(t, "Both")
	r = call(t, env, "import", "--bucket", again, filepath.Join(dir, key), file("Orders API"))
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, 1, strings.Count(r.stdout, `shared environment "Staging"`), r.stdout)

	// A test that refers to none brings none.
	users := f.newBucket(t, "Users only")
	r = call(t, env, "import", "--bucket", users, file("Users API"))
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.NotContains(t, r.stdout, "shared environment")
	envs, _, err = f.client.Environments.ListShared(context.Background(), users)
	require.NoError(t, err)
	assert.Empty(t, envs)
}

// A bad file imports nothing: every file is checked first.
func TestImportChecksEveryFileFirst(t *testing.T) {
	f := newFake(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	require.NoError(t, os.WriteFile(good, []byte(`{"name":"Good"}`), 0o600))
	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"description":"no name"}`), 0o600))
	r := call(t, f.env(), "import", "--bucket", f.BucketKey(), good, bad)
	assert.Equal(t, exitError, r.code)
	oneErrorLine(t, r, "bad.json: not a Runscope test: it has no name")
	assert.Empty(t, listTests(t, f, f.BucketKey()))

	r = call(t, f.env(), "import", "--bucket", f.BucketKey(), dir)
	assert.Equal(t, exitError, r.code)
	oneErrorLine(t, r, "is not an exported bucket folder")
}

func TestCopy(t *testing.T) {
	f := newFake(t)
	seedBucket(t, f)
	key := f.BucketKey()
	env := f.env()

	all := f.newBucket(t, "All")
	r := call(t, env, "copy", "--from", key, "--to", all)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "copied 2 tests from bucket "+key+" to bucket "+all)
	assert.Equal(t, exitOK, call(t, env, "diff", key, all).code)

	one := f.newBucket(t, "One")
	users := findTest(t, f, key, "Users API")
	r = call(t, env, "copy", "--from", key, "--to", one, "--test", users.ID, "--dry-run")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, "would copy test \"Users API\"\n", r.stdout, "Users API uses no shared environment")
	r = call(t, env, "copy", "--from", key, "--to", one, "--test", users.ID)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Len(t, listTests(t, f, one), 1)
	envs, _, err := f.client.Environments.ListShared(context.Background(), one)
	require.NoError(t, err)
	assert.Empty(t, envs, "only the environments the copied tests use")

	r = call(t, env, "diff", key, one)
	assert.Equal(t, exitFailed, r.code)
	assert.Contains(t, r.stdout, `only in `+key+`: shared environment "Staging"`)
	assert.Contains(t, r.stdout, `only in `+key+`: test "Orders API"`)
}

func TestLs(t *testing.T) {
	f := newFake(t)
	seedBucket(t, f)
	key := f.BucketKey()
	env := f.env()
	orders := findTest(t, f, key, "Orders API")
	f.SetOutcome(findTest(t, f, key, "Users API").ID, runscope.ResultFail)
	require.Equal(t, exitFailed, call(t, env, runArgs("--bucket", key)...).code)
	f.addTest(t, key, "Never Run")

	for what, want := range map[string][]string{
		"buckets":      {"KEY", key, "Lucky Notebook", "Amazing Grace", "yes"},
		"tests":        {"ID", orders.ID, "LAST RUN"},
		"environments": {"REGIONS", "Staging", "us1,eu1"},
		"schedules":    {"INTERVAL", "Orders API", "1h", "1d"},
	} {
		r := call(t, env, "ls", what, "--bucket", key)
		require.Equal(t, exitOK, r.code, "%s: %s", what, r.stderr)
		for _, w := range want {
			assert.Contains(t, r.stdout, w, what)
		}
	}
	// The last run of each test, from the list alone: pass, fail, or none.
	r := call(t, env, "ls", "tests", "--bucket", key)
	require.Equal(t, exitOK, r.code, r.stderr)
	when := `\d{4}-\d\d-\d\d \d\d:\d\d:\d\d`
	assert.Regexp(t, `(?m)^`+orders.ID+`\s+Orders API\s+`+when+`\s+pass$`, r.stdout)
	assert.Regexp(t, `(?m)^\S+\s+Users API\s+`+when+`\s+fail$`, r.stdout)
	assert.Regexp(t, `(?m)^\S+\s+Never Run\s+`+when+`\s+-$`, r.stdout)
	requests := len(f.Requests())
	require.Equal(t, exitOK, call(t, env, "ls", "tests", "--bucket", key).code)
	assert.Len(t, f.Requests(), requests+1, "one request: the list, no test read in detail")

	r = call(t, env, "ls", "results", "--bucket", key, "--test", orders.ID, "--limit", "1")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, 2, strings.Count(r.stdout, "\n"), "a header and one run:\n%s", r.stdout)
	assert.Contains(t, r.stdout, "pass")

	r = call(t, env, "ls", "buckets", "--json")
	require.Equal(t, exitOK, r.code, r.stderr)
	var buckets []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &buckets))
	require.Len(t, buckets, 1)
	assert.Equal(t, key, buckets[0]["key"])
	assert.Empty(t, buckets[0]["trigger_url"], "the bucket's trigger URL is a secret")

	r = call(t, env, "ls", "tests", "--bucket", key, "--json")
	var tests []*runscope.Test
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &tests))
	require.Len(t, tests, 3)
	for _, test := range tests {
		switch test.Name {
		case "Never Run":
			assert.Nil(t, test.LastRun)
		default:
			require.NotNil(t, test.LastRun, test.Name)
			assert.Equal(t, runscope.RunStatusCompleted, test.LastRun.Status, test.Name)
			assert.Equal(t, test.Name == "Orders API", test.LastRun.Passed(), test.Name)
		}
	}
	r = call(t, env, "ls", "results", "--bucket", key, "--test", orders.ID, "--json")
	var runs []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &runs))
	require.Len(t, runs, 2, "the run triggered in each of the environment's regions")
	r = call(t, env, "ls", "schedules", "--bucket", key, "--test", orders.ID, "--json")
	var schedules []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &schedules))
	assert.Len(t, schedules, 2)
	r = call(t, env, "ls", "environments", "--bucket", key, "--json")
	var envs []*runscope.Environment
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &envs))
	require.Len(t, envs, 1)
	assert.Equal(t, "Staging", envs[0].Name)

	assert.Equal(t, exitError, call(t, env, "ls", "results", "--bucket", key).code, "results need --test")
	assert.Equal(t, exitError, call(t, env, "ls", "things").code)
	noSecrets(t, f.secrets(t), r)
}

// A run not finished has no assertion counts yet: it shows none.
func TestLsResultsOfUnfinishedRun(t *testing.T) {
	f := newFake(t)
	test := f.addTest(t, f.BucketKey(), "Orders API")
	_, _, err := f.client.Tests.Trigger(t.Context(), test.TriggerURL, nil)
	require.NoError(t, err)
	r := call(t, f.env(), "ls", "results", "--bucket", f.BucketKey(), "--test", test.ID)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Regexp(t, `(?m)^\S+\s+queued\s+us1\s+Test Settings\s+[-\d: ]+\s+-\s+-$`, r.stdout)
}

func TestMetrics(t *testing.T) {
	f := newFake(t)
	orders := f.addTest(t, f.BucketKey(), "Orders API")
	users := f.addTest(t, f.BucketKey(), "Users API")
	env := f.env()
	require.Equal(t, exitOK, call(t, env, runArgs("--bucket", f.BucketKey())...).code)

	r := call(t, env, "metrics", "--bucket", f.BucketKey())
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "RESPONSE TIME (day)")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	require.Len(t, lines, 3)
	assert.Contains(t, lines[1], "Orders API")
	assert.Contains(t, lines[1], "100.0%")
	assert.Contains(t, lines[1], "44ms")
	assert.Contains(t, lines[1], "▅ 44ms–44ms", "a sparkline of the response times: one point, mid-height")

	// --test lists that test alone, wherever it is in the bucket.
	r = call(t, env, "metrics", "--bucket", f.BucketKey(), "--test", orders.ID)
	require.Equal(t, exitOK, r.code, r.stderr)
	lines = strings.Split(strings.TrimSpace(r.stdout), "\n")
	require.Len(t, lines, 2, "a header and Orders API:\n%s", r.stdout)
	assert.Contains(t, lines[1], "Orders API")

	r = call(t, env, "metrics", "--bucket", f.BucketKey(), "--test", users.ID, "--timeframe", "week", "--json")
	require.Equal(t, exitOK, r.code, r.stderr)
	var out []testMetrics
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out))
	require.Len(t, out, 1)
	assert.Equal(t, "Users API", out[0].TestName)
	assert.Equal(t, runscope.TimeframeWeek, out[0].Metrics.Timeframe)

	assert.Equal(t, exitError, call(t, env, "metrics", "--bucket", f.BucketKey(), "--timeframe", "year").code)
	r = call(t, env, "metrics", "--bucket", f.BucketKey(), "--test", "nope")
	assert.Equal(t, exitError, r.code)
	oneErrorLine(t, r, "has no test nope")
}

// Every command but run --no-wait needs the token, and says which
// variable to set.
func TestCommandsNeedAToken(t *testing.T) {
	f := newFake(t)
	env := []string{"RUNSCOPE_BASE_URL=" + f.URL()}
	file := filepath.Join(t.TempDir(), "x.json")
	require.NoError(t, os.WriteFile(file, []byte(`{"name":"Orders API"}`), 0o600))
	for _, args := range [][]string{
		{"export", "--dir", t.TempDir()},
		{"import", "--bucket", "k", file}, // read before the token is needed
		{"copy", "--from", "a", "--to", "b"},
		{"diff", "a", "b"},
		{"ls", "buckets"},
		{"metrics", "--bucket", "k"},
		{"run", "--bucket", "k"},
	} {
		r := call(t, env, args...)
		assert.Equal(t, exitError, r.code, args)
		oneErrorLine(t, r, "RUNSCOPE_ACCESS_TOKEN is not set")
	}
	assert.Empty(t, f.Requests(), "nothing is asked of the API without a token")
}

func TestHelpHasExamples(t *testing.T) {
	for _, cmd := range []string{"run", "export", "import", "copy", "diff", "ls", "metrics"} {
		r := call(t, nil, cmd, "--help")
		assert.Equal(t, exitOK, r.code, cmd)
		assert.Contains(t, r.stdout, "Examples:\n  runscope "+cmd, cmd)
		assert.Empty(t, r.stderr)
	}
	r := call(t, nil, "--help")
	assert.Equal(t, exitOK, r.code)
	assert.Contains(t, r.stdout, "Exit status")
}

func findTest(t *testing.T, f *fake, bucket, name string) *runscope.Test {
	t.Helper()
	for _, lt := range listTests(t, f, bucket) {
		if lt.Name == name {
			test, _, err := f.client.Tests.Get(context.Background(), bucket, lt.ID)
			require.NoError(t, err)
			return test
		}
	}
	t.Fatalf("no test %q in bucket %s", name, bucket)
	return nil
}

func listTests(t *testing.T, f *fake, bucket string) []*runscope.Test {
	t.Helper()
	var out []*runscope.Test
	for lt, err := range f.client.Tests.All(context.Background(), bucket, nil) {
		require.NoError(t, err)
		out = append(out, lt)
	}
	return out
}

func firstFile(t *testing.T, dir string) string {
	t.Helper()
	files, err := jsonFiles(dir)
	require.NoError(t, err)
	require.NotEmpty(t, files)
	return files[0]
}

// The API reports no change of the success ratio: metrics reads the
// timeframe before from the next longer timeframe's points, one request
// more per test, and a month has none to read.
func TestMetricsSuccessRatioChange(t *testing.T) {
	var timeframes []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/buckets/bkt/tests" {
			fmt.Fprint(w, `{"data":[{"id":"t1","name":"Orders API"}],"meta":{"status":"success"},"error":null}`)
			return
		}
		tf := r.URL.Query().Get("timeframe")
		timeframes = append(timeframes, tf)
		now := time.Now().Unix()
		points := map[string]string{
			// The last day: 0.9 on average.
			"day": fmt.Sprintf(`[{"timestamp":%d,"success_ratio":0.8,"avg_response_time_ms":40},{"timestamp":%d,"success_ratio":1,"avg_response_time_ms":50}]`, now-7200, now-3600),
			// A week of daily points: the day before had 0.75.
			"week":  fmt.Sprintf(`[{"timestamp":%d,"success_ratio":0.5,"avg_response_time_ms":40},{"timestamp":%d,"success_ratio":0.75,"avg_response_time_ms":40},{"timestamp":%d,"success_ratio":0.9,"avg_response_time_ms":45}]`, now-3*86400, now-36*3600, now-3600),
			"month": fmt.Sprintf(`[{"timestamp":%d,"success_ratio":0.6,"avg_response_time_ms":40}]`, now-3600),
		}[tf]
		fmt.Fprintf(w, `{"response_times":%s,"this_time_period":{"total_test_runs":10},"timeframe":%q}`, points, tf)
	}))
	defer srv.Close()
	env := []string{"RUNSCOPE_ACCESS_TOKEN=" + testToken, "RUNSCOPE_BASE_URL=" + srv.URL}

	r := call(t, env, "metrics", "--bucket", "bkt")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, []string{"day", "week"}, timeframes)
	assert.Regexp(t, `TEST\s+RUNS\s+Δ RUNS\s+SUCCESS\s+Δ SUCCESS`, r.stdout)
	assert.Regexp(t, `Orders API\s+10\s+-\s+90\.0%\s+\+15\.0pp\s`, r.stdout, "0.9 now against 0.75 the day before")

	timeframes = nil
	r = call(t, env, "metrics", "--bucket", "bkt", "--json")
	require.Equal(t, exitOK, r.code, r.stderr)
	var out []testMetrics
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out))
	require.Len(t, out, 1)
	require.NotNil(t, out[0].SuccessRatio)
	require.NotNil(t, out[0].SuccessRatioChange)
	assert.InDelta(t, 0.9, *out[0].SuccessRatio, 1e-9)
	assert.InDelta(t, 0.15, *out[0].SuccessRatioChange, 1e-9)

	timeframes = nil
	r = call(t, env, "metrics", "--bucket", "bkt", "--timeframe", "month")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, []string{"month"}, timeframes, "no longer timeframe to read")
	assert.Regexp(t, `Orders API\s+10\s+-\s+60\.0%\s+-\s`, r.stdout)
}

// Tests deleted between their listing and their reading are skipped with
// a note each, written by the workers as they find them, between the
// progress lines of the others: under -race, this checks the notes and
// the lines take turns on stderr.
func TestExportNotesTestsDeletedMeanwhile(t *testing.T) {
	f := newFake(t)
	key := f.BucketKey()
	var ids []string
	for i := range 24 {
		ids = append(ids, f.addTest(t, key, fmt.Sprintf("Test %02d", i)).ID)
	}
	target, err := url.Parse(f.URL())
	require.NoError(t, err)
	proxy := httputil.NewSingleHostReverseProxy(target)
	var once sync.Once
	proxy.ModifyResponse = func(resp *http.Response) error {
		if strings.HasSuffix(resp.Request.URL.Path, "/buckets/"+key+"/tests") {
			once.Do(func() { // listed: delete every other one before it is read
				for _, id := range everyOther(ids) {
					_, err := f.client.Tests.Delete(context.Background(), key, id)
					assert.NoError(t, err)
				}
			})
		}
		return nil
	}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)

	dir := t.TempDir()
	r := call(t, f.env("RUNSCOPE_BASE_URL="+srv.URL), "export", "--dir", dir, "--bucket", key, "--concurrency", "8")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "exported 12 tests and 0 shared environments of 1 bucket")
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	require.Len(t, lines, 24, r.stderr)
	var notes int
	for _, l := range lines {
		if strings.HasPrefix(l, "skipped test ") {
			notes++
			assert.Regexp(t, `^skipped test "Test \d\d" of bucket `+key+`: deleted while exporting$`, l)
			continue
		}
		assert.Regexp(t, `^exported \d+: `+key+`: Test \d\d$`, l)
	}
	assert.Equal(t, 12, notes)
}

func everyOther(list []string) []string {
	var out []string
	for i := 0; i < len(list); i += 2 {
		out = append(out, list[i])
	}
	return out
}

// A test that cannot be created is named, with the file it came from for
// import; a folder that is not an export is refused by import and diff
// alike.
func TestImportAndCopyErrorsSayWhat(t *testing.T) {
	f := newFake(t)
	key := f.BucketKey()
	env := f.env()
	file := filepath.Join(t.TempDir(), "orders.json")
	require.NoError(t, os.WriteFile(file, []byte(`{"name":"Orders API"}`), 0o600))

	target := f.newBucket(t, "Target")
	f.FailNext(http.MethodPost, "/buckets/"+target+"/tests", http.StatusInternalServerError, 1)
	r := call(t, env, "import", "--bucket", target, file)
	assert.Equal(t, exitError, r.code)
	onlyLine(t, r, "import", ": "+file+`: creating test "Orders API" in bucket `+target+": POST ")

	f.addTest(t, key, "Users API")
	f.FailNext(http.MethodPost, "/buckets/"+target+"/tests", http.StatusInternalServerError, 1)
	r = call(t, env, "copy", "--from", key, "--to", target)
	assert.Equal(t, exitError, r.code)
	onlyLine(t, r, "copy", `copy: creating test "Users API" in bucket `+target+": POST ")
	assert.Empty(t, r.stdout, "no summary after an error")

	plain := t.TempDir()
	for _, args := range [][]string{{"import", "--bucket", key, plain}, {"diff", plain, key}} {
		r := call(t, env, args...)
		assert.Equal(t, exitError, r.code, args)
		onlyLine(t, r, args[0], ": "+plain+" is not an exported bucket folder: it has no tests or environments folder")
	}
}
