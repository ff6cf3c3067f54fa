package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-runscope/runscope"
	"github.com/go-runscope/runscope/runscopetest"
)

// exported is a test as an export holds it, with members the SDK does not
// model on the test, its steps, an assertion, a variable, a condition step
// and the step inside it, a step type the SDK does not know, an
// environment and a schedule; and with null members.
const exported = `{
  "name": "Checkout",
  "description": null,
  "exported_at": 1700000000,
  "version": "1.0",
  "fragment": "top",
  "default_environment_id": "env-old-1",
  "environments": [
    {"id": "env-old-1", "name": "Prod", "initial_variables": {"base_url": "https://example.com"},
     "regions": ["us1"], "verify_ssl": false, "webhooks": null, "exported_at": 1700000000},
    {"id": "env-old-2", "name": "Staging", "regions": ["eu1"], "script": "var x = 1 < 2 && 3 > 2;"}
  ],
  "schedules": [{"environment_id": "env-old-2", "interval": "15m", "note": "", "exported_at": 1700000000}],
  "steps": [
    {"step_type": "request", "id": "step-old-1", "method": "POST", "url": "{{base_url}}/cart",
     "body": "{\"sku\": \"<b>42</b>\"}", "fragment": "", "args": {"a": [1, 2.50]}, "binary_body": null,
     "auth": {"auth_type": "basic", "username": "u", "password": "p", "realm": "r"},
     "assertions": [{"source": "response_status", "comparison": "equal_number", "value": 201, "ui_collapsed": true},
                    {"source": "response_json", "property": "total", "comparison": "equal", "value": "1.50"}],
     "variables": [{"name": "cart", "source": "response_json", "property": "id", "ui_hint": "h"}],
     "scripts": ["assert(true);"], "before_scripts": []},
    {"step_type": "condition", "id": "step-old-2", "left_value": "{{cart}}", "comparison": "not_empty", "ui_collapsed": false,
     "steps": [{"step_type": "request", "id": "step-old-3", "method": "GET", "url": "{{base_url}}/cart/{{cart}}",
                "fragment": "nested", "assertions": [{"source": "response_time", "comparison": "is_less_than", "value": 500, "x": {}}]}]},
    {"step_type": "pause", "duration": 3, "skipped": false},
    {"step_type": "webhook-listener", "id": "step-old-4", "timeout_seconds": 30}
  ]
}`

// The members the API assigns anew when it creates a test from a file,
// whatever the file says. Everything else must come back as exported.
var (
	assignedOnTest        = []string{"id", "trigger_url", "created_at", "created_by", "last_run"}
	assignedOnStep        = []string{"id"} // condition steps' steps too
	assignedOnEnvironment = []string{"id", "test_id"}
	assignedOnSchedule    = []string{"id"}
	// default_environment_id and schedules[].environment_id name
	// environments: they must name the restored copy of the same one.
)

// normalize decodes an encoded test and removes what the API assigns anew,
// replacing environment IDs, and references to them, by their position.
func normalize(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&doc))

	envs := map[any]string{}
	for i, env := range objects(doc["environments"]) {
		envs[env["id"]] = fmt.Sprintf("env#%d", i)
		drop(env, assignedOnEnvironment)
	}
	if name, ok := envs[doc["default_environment_id"]]; ok {
		doc["default_environment_id"] = name
	}
	for _, sc := range objects(doc["schedules"]) {
		drop(sc, assignedOnSchedule)
		if name, ok := envs[sc["environment_id"]]; ok {
			sc["environment_id"] = name
		}
	}
	var steps func(any)
	steps = func(v any) {
		for _, step := range objects(v) {
			drop(step, assignedOnStep)
			steps(step["steps"])
		}
	}
	steps(doc["steps"])
	drop(doc, assignedOnTest)
	return doc
}

// objects returns the objects of a JSON array; none for an absent member.
func objects(v any) []map[string]any {
	var out []map[string]any
	list, _ := v.([]any)
	for _, e := range list {
		out = append(out, e.(map[string]any))
	}
	return out
}

func drop(m map[string]any, keys []string) {
	for _, k := range keys {
		delete(m, k)
	}
}

// newFake starts a fake Runscope API that the test closes.
func newFake(t *testing.T) *runscopetest.Server {
	t.Helper()
	srv := runscopetest.NewServer()
	t.Cleanup(srv.Close)
	return srv
}

// createFrom creates a test in bucket from an export's JSON.
func createFrom(t *testing.T, srv *runscopetest.Server, bucket, data string) *runscope.Test {
	t.Helper()
	var test runscope.Test
	require.NoError(t, json.Unmarshal([]byte(data), &test))
	created, _, err := srv.Client().Tests.Create(t.Context(), bucket, &test)
	require.NoError(t, err)
	return created
}

type result struct {
	code           int
	stdout, stderr string
}

// backup runs the program in process against srv, with a token.
func backup(t *testing.T, srv *runscopetest.Server, args ...string) result {
	t.Helper()
	env := map[string]string{"RUNSCOPE_ACCESS_TOKEN": "anything", "RUNSCOPE_API_URL": srv.URL()}
	return backupWith(t.Context(), env, args...)
}

func backupWith(ctx context.Context, env map[string]string, args ...string) result {
	var stdout, stderr bytes.Buffer
	code := run(ctx, args, func(k string) string { return env[k] }, &stdout, &stderr)
	return result{code, stdout.String(), stderr.String()}
}

// testIDs lists the IDs of the tests of a bucket.
func testIDs(t *testing.T, srv *runscopetest.Server, bucket string) []string {
	t.Helper()
	var ids []string
	for test, err := range srv.Client().Tests.All(t.Context(), bucket, nil) {
		require.NoError(t, err)
		ids = append(ids, test.ID)
	}
	return ids
}

// Export then restore through the fake loses nothing: the restored test
// equals the exported file but for what the API assigns anew.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	bucket := srv.BucketKey()
	original := createFrom(t, srv, bucket, exported)
	dir := t.TempDir()

	r := backup(t, srv, "export", "-dir", dir)
	require.Equal(t, exitOK, r.code, r.stderr)
	file := filepath.Join(dir, bucket, original.ID+".json")
	assert.Contains(t, r.stdout, file+"  Checkout\n")
	assert.Contains(t, r.stdout, "Exported 1 test(s) from 1 bucket(s) to "+dir+"\n")
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	info, err := os.Stat(file)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "exports may hold secrets")
	assert.Contains(t, string(data), `"script": "var x = 1 < 2 && 3 > 2;"`, "readable, not HTML-escaped")
	assert.Contains(t, string(data), "\n  \"name\": \"Checkout\",\n", "indented")

	// The export is the test as the API has it.
	want := normalize(t, []byte(exported))
	assert.Equal(t, want, normalize(t, data))

	before := testIDs(t, srv, bucket)
	r = backup(t, srv, "restore", "-bucket", bucket, file)
	require.Equal(t, exitOK, r.code, r.stderr)
	after := testIDs(t, srv, bucket)
	require.Len(t, after, len(before)+1)
	newID := after[len(after)-1]
	assert.NotContains(t, before, newID)
	assert.Contains(t, r.stdout, fmt.Sprintf("%s -> test %s \"Checkout\"\n", file, newID))
	assert.Contains(t, r.stdout, "Restored 1 test(s) into bucket "+bucket+"\n")

	// Create sent the file as it is.
	var create *runscopetest.Request
	for _, req := range slices.Backward(srv.Requests()) {
		if req.Method == http.MethodPost {
			create = &req
			break
		}
	}
	require.NotNil(t, create)
	assert.Equal(t, "/buckets/"+bucket+"/tests", create.Path)
	assert.JSONEq(t, string(data), string(create.Body))

	restored, _, err := srv.Client().Tests.Get(t.Context(), bucket, newID)
	require.NoError(t, err)
	encoded, err := json.Marshal(restored)
	require.NoError(t, err)
	got := normalize(t, encoded)
	assert.Equal(t, normalize(t, data), got)

	// Not vacuous: what the SDK does not model came back, at every level,
	// and the IDs were assigned anew.
	steps := objects(got["steps"])
	for _, member := range []any{
		got["exported_at"], got["version"], got["fragment"],
		steps[0]["fragment"], steps[0]["args"], objects(steps[0]["assertions"])[0]["ui_collapsed"],
		objects(steps[0]["variables"])[0]["ui_hint"], steps[0]["auth"].(map[string]any)["realm"],
		steps[1]["ui_collapsed"], objects(steps[1]["steps"])[0]["fragment"],
		objects(objects(steps[1]["steps"])[0]["assertions"])[0]["x"],
		steps[3]["timeout_seconds"],
		objects(got["environments"])[0]["exported_at"], objects(got["schedules"])[0]["exported_at"],
	} {
		assert.NotNil(t, member)
	}
	assert.Contains(t, got, "description", "a null member stays")
	assert.Equal(t, "env#1", objects(got["schedules"])[0]["environment_id"])
	assert.Equal(t, "env#0", got["default_environment_id"])
	assert.NotEqual(t, original.ID, restored.ID)
	assert.NotEqual(t, original.TriggerURL, restored.TriggerURL)
	assert.NotEqual(t, original.Steps[0].StepID(), restored.Steps[0].StepID())
	assert.NotEqual(t, original.Environments[0].ID, restored.Environments[0].ID)
	assert.Equal(t, restored.Environments[0].ID, restored.DefaultEnvironmentID)
	assert.Equal(t, restored.Environments[1].ID, restored.Schedules[0].EnvironmentID)

	// The restored test exports to the same file, but for the new IDs.
	again := t.TempDir()
	r = backup(t, srv, "export", "-dir", again, "-bucket", bucket)
	require.Equal(t, exitOK, r.code, r.stderr)
	data2, err := os.ReadFile(filepath.Join(again, bucket, newID+".json"))
	require.NoError(t, err)
	assert.Equal(t, normalize(t, data), normalize(t, data2))
}

// export takes every bucket, or the one -bucket names, and every test of a
// bucket, past a page of the listing.
func TestExportBuckets(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	client := srv.Client()
	second, _, err := client.Buckets.Create(t.Context(), "Second", srv.TeamUUID())
	require.NoError(t, err)
	var inDefault []string
	for i := range 53 { // more than one page of Tests.All (50)
		test, _, err := client.Tests.Create(t.Context(), srv.BucketKey(), &runscope.Test{Name: fmt.Sprintf("test %d", i)})
		require.NoError(t, err)
		inDefault = append(inDefault, test.ID+".json")
	}
	inSecond := createFrom(t, srv, second.Key, exported)

	dir := t.TempDir()
	r := backup(t, srv, "export", "-dir", dir)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Exported 54 test(s) from 2 bucket(s)")
	assert.ElementsMatch(t, inDefault, names(t, filepath.Join(dir, srv.BucketKey())))
	assert.Equal(t, []string{inSecond.ID + ".json"}, names(t, filepath.Join(dir, second.Key)))

	one := t.TempDir()
	r = backup(t, srv, "export", "-dir", one, "-bucket", second.Key)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Exported 1 test(s) from 1 bucket(s)")
	assert.Equal(t, []string{second.Key}, names(t, one))
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// Several files restore into several tests; a bad file among them restores
// none.
func TestRestoreMany(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	dir := t.TempDir()
	a := filepath.Join(dir, "a.json")
	b := filepath.Join(dir, "b.json")
	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(a, []byte(exported), 0o600))
	require.NoError(t, os.WriteFile(b, []byte(`{"name": "Second", "steps": [{"step_type": "pause", "duration": 1}]}`), 0o600))
	require.NoError(t, os.WriteFile(bad, []byte(`{"name": "Broken", `), 0o600))
	before := len(testIDs(t, srv, srv.BucketKey()))

	r := backup(t, srv, "restore", "-bucket", srv.BucketKey(), a, bad, b)
	assert.Equal(t, exitFailed, r.code)
	assert.Contains(t, r.stderr, "bad.json is not a test's JSON object")
	assert.Contains(t, r.stderr, "nothing was restored")
	assert.Len(t, testIDs(t, srv, srv.BucketKey()), before)

	r = backup(t, srv, "restore", "-bucket", srv.BucketKey(), a, b)
	assert.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Restored 2 test(s)")
	assert.Len(t, testIDs(t, srv, srv.BucketKey()), before+2)
}

// Failures of the API or of files exit 1.
func TestFailures(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	require.NoError(t, os.WriteFile(good, []byte(exported), 0o600))
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
		return path
	}
	notADir := write("file", "")
	createTestIn := func(bucket string) { createFrom(t, srv, bucket, exported) }
	createTestIn(srv.BucketKey())

	for _, tc := range []struct {
		name   string
		setup  func()
		args   []string
		stderr string
	}{
		{"missing file", nil, []string{"restore", "-bucket", srv.BucketKey(), filepath.Join(dir, "nope.json")}, "no such file"},
		{"not JSON", nil, []string{"restore", "-bucket", srv.BucketKey(), write("text.json", "hello")}, "is not a test's JSON object"},
		{"an array", nil, []string{"restore", "-bucket", srv.BucketKey(), write("array.json", "["+exported+"]")}, "is not a test's JSON object"},
		{"no name", nil, []string{"restore", "-bucket", srv.BucketKey(), write("noname.json", `{"steps": []}`)}, "holds a test without a name"},
		{"null", nil, []string{"restore", "-bucket", srv.BucketKey(), write("null.json", `null`)}, "holds a test without a name"},
		{"unknown bucket", nil, []string{"restore", "-bucket", "nobucket", good}, "404"},
		{"restore refused", func() { srv.FailNext(http.MethodPost, "/buckets/"+srv.BucketKey()+"/tests", http.StatusBadRequest, 1) },
			[]string{"restore", "-bucket", srv.BucketKey(), good}, "0 of 1 file(s) restored before it"},
		{"export unknown bucket", nil, []string{"export", "-dir", dir, "-bucket", "nobucket"}, "listing the tests of bucket nobucket"},
		{"export, buckets fail", func() { srv.FailNext(http.MethodGet, "/buckets", http.StatusInternalServerError, 1) },
			[]string{"export", "-dir", dir}, "listing the buckets"},
		{"export, the listing fails", func() { srv.FailNext(http.MethodGet, "/buckets/"+srv.BucketKey()+"/tests", http.StatusForbidden, 1) },
			[]string{"export", "-dir", dir}, "403"},
		{"export into a file", nil, []string{"export", "-dir", notADir}, "not a directory"},
		{"unsafe bucket key", nil, []string{"export", "-dir", dir, "-bucket", ".."}, `the bucket key ".." cannot name a directory`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.setup != nil {
				tc.setup()
			}
			r := backup(t, srv, tc.args...)
			assert.Equal(t, exitFailed, r.code, r.stdout)
			assert.Contains(t, r.stderr, tc.stderr)
		})
	}
}

// Usage errors exit 2 and send nothing.
func TestUsageErrors(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	token := map[string]string{"RUNSCOPE_ACCESS_TOKEN": "anything", "RUNSCOPE_API_URL": srv.URL()}
	noToken := map[string]string{"RUNSCOPE_API_URL": srv.URL()}
	for _, tc := range []struct {
		name   string
		env    map[string]string
		args   []string
		stderr string
	}{
		{"no command with a token", token, nil, "name a command: export or restore"},
		{"unknown command", token, []string{"import"}, `unknown command "import"`},
		{"export without -dir", token, []string{"export"}, "backup export: -dir is required"},
		{"export with an argument", token, []string{"export", "-dir", "x", "y"}, `unexpected argument "y"`},
		{"restore without -bucket", token, []string{"restore", "a.json"}, "backup restore: -bucket is required"},
		{"restore without files", token, []string{"restore", "-bucket", "k"}, "name the files to restore"},
		{"restore -dir", token, []string{"restore", "-dir", "x"}, "flag provided but not defined: -dir"},
		{"no token", noToken, []string{"export", "-dir", "x"}, "RUNSCOPE_ACCESS_TOKEN is not set"},
		{"plain http API", token, []string{"export", "-dir", "x", "-api", "http://api.example.com"}, "-api http://api.example.com"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := backupWith(t.Context(), tc.env, tc.args...)
			assert.Equal(t, exitUsage, r.code)
			assert.Contains(t, r.stderr, tc.stderr)
			assert.Empty(t, r.stdout)
		})
	}
	assert.Empty(t, srv.Requests())
	assert.NoDirExists(t, "x")

	for _, args := range [][]string{{"-h"}, {"help"}, {"export", "-h"}} {
		r := backupWith(t.Context(), token, args...)
		assert.Equal(t, exitOK, r.code, args)
		assert.Contains(t, r.stdout+r.stderr, "backup export -dir DIR [-bucket KEY]", args)
	}
}

func TestDemo(t *testing.T) {
	t.Parallel()
	r := backupWith(t.Context(), nil)
	require.Equal(t, exitOK, r.code, r.stderr)
	out := r.stdout
	assert.True(t, strings.HasPrefix(out, "DEMO: RUNSCOPE_ACCESS_TOKEN is not set"), out)
	assert.Contains(t, out, "Exported 3 test(s) from 2 bucket(s)")
	assert.Contains(t, out, "Restored 1 test(s)")
	assert.Regexp(t, `(?m)^  = steps +4 item\(s\)$`, out)
	assert.Regexp(t, `(?m)^  = exported_at +1700000000 +\(not modeled by the SDK\)$`, out)
	assert.Regexp(t, `(?m)^  ~ id +assigned anew$`, out)
	assert.NotRegexp(t, `(?m)^  [-+] `, out, "no difference")
	assert.Contains(t, out, "Equal, unknown members included")
}

// compare, which the demo prints, reports differences.
func TestCompare(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	changed := strings.Replace(exported, `"fragment": "nested"`, `"fragment": "other"`, 1)
	changed = strings.Replace(changed, `"version": "1.0",`, ``, 1)
	same, err := compare(&out, []byte(exported), []byte(changed))
	require.NoError(t, err)
	assert.False(t, same)
	lines := strings.Split(out.String(), "\n")
	assert.True(t, slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, "  - steps ") }), out.String())
	assert.True(t, slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, "  + steps ") }), out.String())
	assert.True(t, slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, "  - version ") }), out.String())

	out.Reset()
	same, err = compare(&out, []byte(exported), []byte(exported))
	require.NoError(t, err)
	assert.True(t, same, out.String())
}
