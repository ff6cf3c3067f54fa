package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-runscope/runscope"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Fast polls: the fake moves a run along on each read.
var fastRun = []string{"--interval", "5ms", "--timeout", "20s"}

func runArgs(args ...string) []string { return append(append([]string{"run"}, args...), fastRun...) }

func TestRunBucketPasses(t *testing.T) {
	f := newFake(t)
	f.addTest(t, f.BucketKey(), "Orders API")
	f.addTest(t, f.BucketKey(), "Users API")
	dir := t.TempDir()
	junit, jsonFile, summary := filepath.Join(dir, "report.xml"), filepath.Join(dir, "runs.json"), filepath.Join(dir, "summary.md")

	r := execBinary(t, f.env("GITHUB_STEP_SUMMARY="+summary, "GITHUB_ACTIONS=true"),
		runArgs("--bucket", f.BucketKey(), "--junit", junit, "--json", jsonFile)...)
	require.Equal(t, exitOK, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)

	assert.Contains(t, r.stdout, "TEST")
	assert.Contains(t, r.stdout, "Orders API")
	assert.Contains(t, r.stdout, "Users API")
	assert.Contains(t, r.stdout, "2 passed, 0 failed")
	assert.NotContains(t, r.stdout, "::error", "no annotation when every run passed")
	assert.Contains(t, r.stderr, "triggered 2 runs of bucket "+f.BucketKey())
	assert.Contains(t, r.stderr, ": pass")

	suites := parseJUnit(t, junit)
	assert.Equal(t, 2, suites.Tests)
	assert.Zero(t, suites.Failures)
	assert.Zero(t, suites.Errors)

	var runs []runReport
	b, err := os.ReadFile(jsonFile)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &runs))
	require.Len(t, runs, 2)
	for _, run := range runs {
		assert.Equal(t, "pass", run.Result)
		assert.Equal(t, f.BucketKey(), run.BucketKey)
		assert.NotEmpty(t, run.RunID)
		assert.Equal(t, 2, run.Assertions.Passed)
		assert.NotNil(t, run.StartedAt)
		assert.NotNil(t, run.FinishedAt)
		assert.Contains(t, run.URL, run.RunID)
	}

	md, err := os.ReadFile(summary)
	require.NoError(t, err)
	assert.Contains(t, string(md), "### Runscope: 2 passed, 0 failed")
	assert.Contains(t, string(md), "| Orders API |")

	noSecrets(t, f.secrets(t), r, junit, jsonFile, summary)
}

func TestRunFailingTestExits1(t *testing.T) {
	f := newFake(t)
	f.addTest(t, f.BucketKey(), "Orders API")
	bad := f.addTest(t, f.BucketKey(), "Users API")
	f.SetOutcome(bad.ID, runscope.ResultFail)
	dir := t.TempDir()
	junit, summary := filepath.Join(dir, "report.xml"), filepath.Join(dir, "summary.md")

	r := execBinary(t, f.env("GITHUB_STEP_SUMMARY="+summary, "GITHUB_ACTIONS=true"),
		runArgs("--bucket", f.BucketKey(), "--junit", junit, "--test", bad.ID, "--region", "us1", "--region", "eu1")...)
	require.Equal(t, exitFailed, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	oneErrorLine(t, r, "2 of 2 runs did not pass")
	assert.Regexp(t, `(?m)^Users API\s+us1\s+`, r.stdout, "the table names the region in its column")
	assert.Contains(t, r.stdout, "::error title=Runscope%3A Users API (us1)::")

	suites := parseJUnit(t, junit)
	assert.Equal(t, 2, suites.Tests)
	assert.Equal(t, 2, suites.Failures)
	c := suites.Suites[0].Cases[0]
	require.NotNil(t, c.Failure)
	assert.Equal(t, "Users API (us1)", c.Name)
	assert.Contains(t, c.Failure.Message, "2 assertions failed")
	assert.Contains(t, c.Failure.Text, "Request 1: GET https://api.example.com/users-api")
	assert.Contains(t, c.Failure.Text, "assertion failed: status_code equals_number 200")
	assert.Contains(t, c.Failure.Text, "assertion failed: json status equals ok")
	assert.Contains(t, c.Failure.Text, "Run: ")

	md, err := os.ReadFile(summary)
	require.NoError(t, err)
	assert.Contains(t, string(md), "❌ fail")
	noSecrets(t, f.secrets(t), r, junit, summary)
}

// A run that could not start (an unknown region) makes the gate exit 2,
// even though another run failed.
func TestRunThatCouldNotStartExits2(t *testing.T) {
	f := newFake(t)
	test := f.addTest(t, f.BucketKey(), "Orders API")
	f.SetOutcome(test.ID, runscope.ResultFail)
	junit := filepath.Join(t.TempDir(), "report.xml")

	r := execBinary(t, f.env(), runArgs("--bucket", f.BucketKey(), "--region", "us1", "--region", "mars1", "--junit", junit)...)
	require.Equal(t, exitError, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	assert.Contains(t, r.stderr, "1 run of bucket "+f.BucketKey()+" could not start")
	oneErrorLine(t, r, "no verdict")
	suites := parseJUnit(t, junit)
	assert.Equal(t, 2, suites.Tests, "the failed run and the trigger that could not start")
	assert.Equal(t, 1, suites.Failures)
	assert.Equal(t, 1, suites.Errors)
	noSecrets(t, f.secrets(t), r, junit)

	// No run starts: the trigger's line says so, without "triggered 0 runs".
	r = call(t, f.env(), runArgs("--bucket", f.BucketKey(), "--region", "mars1")...)
	require.Equal(t, exitError, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	assert.Equal(t, "runscope run: 1 run of bucket "+f.BucketKey()+" could not start (an unknown region, environment or agent?)\n"+
		"runscope run: no run started: nothing to wait for\n", r.stderr)
}

// An API error while waiting exits 2 even though another run failed.
func TestRunAPIErrorExits2(t *testing.T) {
	f := newFake(t)
	broken := f.addTest(t, f.BucketKey(), "Broken")
	failing := f.addTest(t, f.BucketKey(), "Failing")
	f.SetOutcome(failing.ID, runscope.ResultFail)
	// A proxy that answers the broken test's results with a 500, which
	// the SDK does not retry.
	target, err := url.Parse(f.URL())
	require.NoError(t, err)
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/tests/"+broken.ID+"/results/") {
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"error":{"status":500,"message":"results are down"}}`))
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	jsonFile := filepath.Join(t.TempDir(), "runs.json")

	r := execBinary(t, f.env("RUNSCOPE_BASE_URL="+srv.URL), runArgs("--bucket", f.BucketKey(), "--json", jsonFile)...)
	require.Equal(t, exitError, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	assert.Contains(t, r.stderr, "results are down")
	oneErrorLine(t, r, "1 run of 2 could not be seen to the end (0 passed, 1 failed, 1 not seen to the end): no verdict")

	var runs []runReport
	b, err := os.ReadFile(jsonFile)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &runs))
	require.Len(t, runs, 2)
	byName := map[string]runReport{runs[0].TestName: runs[0], runs[1].TestName: runs[1]}
	assert.Equal(t, "error", byName["Broken"].Result)
	assert.Contains(t, byName["Broken"].Error, "500")
	assert.NotContains(t, byName["Broken"].Error, "runscope: ", "without the SDK's prefix")
	assert.NotContains(t, r.stderr, "runscope: ", "the SDK's prefix does not repeat the command's name")
	assert.Equal(t, "fail", byName["Failing"].Result)
	require.NotEmpty(t, byName["Failing"].Failures)
	assert.Equal(t, "assertion", byName["Failing"].Failures[0].Kind)
	noSecrets(t, f.secrets(t), r, jsonFile)
}

// A bucket that shows no trigger URL (the reference's samples have none)
// is run through the triggers of its tests.
func TestRunBucketWithoutTrigger(t *testing.T) {
	f := newFake(t)
	f.addTest(t, f.BucketKey(), "Orders API")
	f.addTest(t, f.BucketKey(), "Users API")
	target, err := url.Parse(f.URL())
	require.NoError(t, err)
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ModifyResponse = func(resp *http.Response) error {
		if strings.TrimPrefix(resp.Request.URL.Path, "/v1") != "/buckets/"+f.BucketKey() {
			return nil
		}
		var body map[string]map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
			return err
		}
		delete(body["data"], "trigger_url")
		b, err := json.Marshal(body)
		resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
		resp.Header.Del("Content-Length")
		return err
	}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)

	r := call(t, f.env("RUNSCOPE_BASE_URL="+srv.URL), runArgs("--bucket", f.BucketKey())...)
	require.Equal(t, exitOK, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	assert.Contains(t, r.stderr, `triggered 1 run of test "Orders API"`)
	assert.Contains(t, r.stderr, `triggered 1 run of test "Users API"`)
	assert.Contains(t, r.stdout, "2 passed, 0 failed")
}

// A trigger that fails still leaves a JUnit report saying so.
func TestRunTriggerErrorWritesReport(t *testing.T) {
	f := newFake(t)
	dir := t.TempDir()
	junit, jsonFile := filepath.Join(dir, "report.xml"), filepath.Join(dir, "runs.json")
	r := execBinary(t, f.env(), runArgs("--trigger", f.URL()+"/radar/no-such-trigger/trigger", "--junit", junit, "--json", jsonFile)...)
	require.Equal(t, exitError, r.code, r.stderr)
	oneErrorLine(t, r, "no run started")
	suites := parseJUnit(t, junit)
	assert.Equal(t, 1, suites.Errors)
	assert.Contains(t, suites.Suites[0].Cases[0].Error.Message, "triggering --trigger #1")

	// The SDK's "runscope: " does not repeat the command's name mid-line.
	assert.Contains(t, r.stderr, "runscope run: triggering --trigger #1: GET ")
	assert.NotContains(t, r.stderr, "runscope: ")
	assert.NotContains(t, suites.Suites[0].Cases[0].Error.Message, "runscope: ")
	runs := readJSONReport(t, jsonFile)
	require.Len(t, runs, 1)
	assert.True(t, strings.HasPrefix(runs[0].Error, "triggering --trigger #1: GET "), runs[0].Error)
}

// readJSONReport reads the file of --json.
func readJSONReport(t *testing.T, path string) []runReport {
	t.Helper()
	var runs []runReport
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &runs))
	return runs
}

// A timeout exits 2 and says so. --timeout runs on the real clock, over
// real sockets, where synctest cannot go: the command runs in process, so
// that its 300 ms are spent waiting for the run, not starting a process
// on a busy machine, which would make the trigger time out instead.
func TestRunTimeoutExits2(t *testing.T) {
	f := newFake(t)
	f.addTest(t, f.BucketKey(), "Slow")
	f.SetRunPolls(1_000_000)
	r := call(t, f.env(), "run", "--bucket", f.BucketKey(), "--interval", "5ms", "--timeout", "300ms")
	require.Equal(t, exitError, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	assert.Contains(t, r.stderr, "timed out after 300ms; raise --timeout")
	assert.Contains(t, r.stdout, "error")
	oneErrorLine(t, r, "no verdict")
}

func TestRunTriggerNoWaitNeedsNoToken(t *testing.T) {
	f := newFake(t)
	test := f.addTest(t, f.BucketKey(), "Orders API")
	env := []string{"RUNSCOPE_BASE_URL=" + f.URL()}
	r := execBinary(t, env, "run", "--trigger", test.TriggerURL, "--no-wait")
	require.Equal(t, exitOK, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	assert.Contains(t, r.stdout, "Orders API")
	assert.Regexp(t, `(?m)\striggered\s+-\s+-\s+http\S+$`, r.stdout, "no assertion counts nor duration for a run not finished")
	noSecrets(t, f.secrets(t), r)

	// A bare trigger ID of a bucket is tried as a test's, then a bucket's.
	bucket, _, err := f.client.Buckets.Get(t.Context(), f.BucketKey(), nil)
	require.NoError(t, err)
	r = execBinary(t, env, "run", "--trigger", triggerIDOf(bucket.TriggerURL), "--no-wait")
	require.Equal(t, exitOK, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	assert.Contains(t, r.stderr, "triggered 1 run of --trigger #1")
	noSecrets(t, f.secrets(t), r)
}

func TestRunWaitingNeedsAToken(t *testing.T) {
	f := newFake(t)
	test := f.addTest(t, f.BucketKey(), "Orders API")
	r := execBinary(t, []string{"RUNSCOPE_BASE_URL=" + f.URL()}, "run", "--trigger", test.TriggerURL)
	assert.Equal(t, exitError, r.code)
	oneErrorLine(t, r, "RUNSCOPE_ACCESS_TOKEN is not set")
	for _, req := range f.Requests() {
		assert.NotContains(t, req.Path, "/radar/", "nothing is triggered that nobody can wait for")
	}
}

func TestRunUsageErrors(t *testing.T) {
	for name, args := range map[string][]string{
		"no target":         {"run"},
		"test alone":        {"run", "--test", "abc"},
		"unknown flag":      {"run", "--bucket", "k", "--frobnicate"},
		"bad var":           {"run", "--bucket", "k", "--var", "novalue"},
		"reserved var":      {"run", "--bucket", "k", "--var", "runscope_region=us1"},
		"zero timeout":      {"run", "--bucket", "k", "--timeout", "0s"},
		"bad duration":      {"run", "--bucket", "k", "--timeout", "soon"},
		"no-wait and junit": {"run", "--bucket", "k", "--no-wait", "--junit", "x.xml"},
		"zero concurrency":  {"run", "--bucket", "k", "--concurrency", "0"},
		"argument":          {"run", "extra"},
		"unknown command":   {"frobnicate"},
		"no command":        {},
	} {
		t.Run(name, func(t *testing.T) {
			r := call(t, []string{"RUNSCOPE_ACCESS_TOKEN=" + testToken}, args...)
			assert.Equal(t, exitError, r.code)
			assert.Empty(t, r.stdout)
			assert.Equal(t, 1, strings.Count(r.stderr, "\n"), "one line: %q", r.stderr)
			assert.Contains(t, r.stderr, "--help")
		})
	}
	r := execBinary(t, nil, "run", "--frobnicate")
	assert.Equal(t, exitError, r.code, "the binary exits 2 on an unknown flag")
}

type junitDoc struct {
	XMLName  xml.Name `xml:"testsuites"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Suites   []struct {
		Tests int `xml:"tests,attr"`
		Cases []struct {
			Name    string `xml:"name,attr"`
			Time    string `xml:"time,attr"`
			Failure *struct {
				Message string `xml:"message,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			Error *struct {
				Message string `xml:"message,attr"`
			} `xml:"error"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func parseJUnit(t *testing.T, path string) junitDoc {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var doc junitDoc
	require.NoError(t, xml.Unmarshal(b, &doc), "%s", b)
	require.Len(t, doc.Suites, 1)
	return doc
}

// A trigger the API does not know: the SDK's error names the request's
// URL with the trigger ID masked. The command has no redaction of its own.
func TestRunUnknownTriggerPrintsNoTriggerID(t *testing.T) {
	f := newFake(t)
	const secret = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
	for _, trigger := range []string{f.URL() + "/radar/" + secret + "/trigger", f.URL() + "/radar/bucket/" + secret + "/trigger", secret} {
		junit := filepath.Join(t.TempDir(), "report.xml")
		r := execBinary(t, f.env(), runArgs("--trigger", trigger, "--junit", junit)...)
		assert.Equal(t, exitError, r.code)
		assert.Contains(t, r.stderr, "404")
		noSecrets(t, []string{secret, secret[4:]}, r, junit)
	}
}
