package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-runscope/runscope"
	"github.com/go-runscope/runscope/runscopetest"
)

// newFake starts a fake Runscope API that the test closes.
func newFake(t *testing.T) *runscopetest.Server {
	t.Helper()
	srv := runscopetest.NewServer()
	t.Cleanup(srv.Close)
	return srv
}

// createTest creates a test with one request step and two assertions in
// the fake's default bucket.
func createTest(t *testing.T, srv *runscopetest.Server, name string) *runscope.Test {
	t.Helper()
	test, _, err := srv.Client().Tests.Create(t.Context(), srv.BucketKey(), &runscope.Test{
		Name: name,
		Steps: []runscope.Step{&runscope.RequestStep{
			Method: http.MethodGet,
			URL:    "https://api.example.com/{{path}}",
			Assertions: []runscope.Assertion{
				{Source: runscope.AssertionSourceStatus, Comparison: runscope.ComparisonEqualNumber, Value: 200},
				{Source: runscope.AssertionSourceJSON, Property: "ok", Comparison: runscope.ComparisonEqual, Value: "true"},
			},
		}},
	})
	require.NoError(t, err)
	return test
}

// bucketTriggerURL reads a bucket's trigger_url, which the real API and the
// fake send with the bucket, through the client's generic request path.
func bucketTriggerURL(t *testing.T, srv *runscopetest.Server, key string) string {
	t.Helper()
	client := srv.Client()
	req, err := client.NewRequest(t.Context(), http.MethodGet, "buckets/"+key, nil)
	require.NoError(t, err)
	var b struct {
		TriggerURL string `json:"trigger_url"`
	}
	_, err = client.Do(req, &b)
	require.NoError(t, err)
	require.NotEmpty(t, b.TriggerURL)
	return b.TriggerURL
}

// result is what one run of the program produced.
type result struct {
	code           int
	stdout, stderr string
}

// gateWith runs the program in process with env as its environment.
func gateWith(ctx context.Context, env map[string]string, args ...string) result {
	var stdout, stderr bytes.Buffer
	code := run(ctx, args, func(k string) string { return env[k] }, &stdout, &stderr)
	return result{code, stdout.String(), stderr.String()}
}

// runGate runs the program against srv with a token, polling every
// millisecond.
func runGate(t *testing.T, srv *runscopetest.Server, args ...string) result {
	t.Helper()
	env := map[string]string{"RUNSCOPE_ACCESS_TOKEN": "anything"}
	return gateWith(t.Context(), env, append([]string{"-api", srv.URL(), "-interval", "1ms"}, args...)...)
}

func TestPass(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	test := createTest(t, srv, "Health check")

	r := runGate(t, srv, "-trigger", test.TriggerURL)

	assert.Equal(t, exitPass, r.code, r.stderr)
	assert.Empty(t, r.stderr)
	// One progress line per state, then the summary and the verdict.
	assert.Regexp(t, `(?m)^\[run 1/1\] us1 [0-9a-f]{8} Health check \(environment "Test Settings"\): triggered$`, r.stdout)
	for _, state := range []string{"queued", "working", "pass"} {
		assert.Equal(t, 1, strings.Count(r.stdout, ": "+state+"\n"), "one line for %s in\n%s", state, r.stdout)
	}
	assert.Regexp(t, `(?m)^  1  Health check +us1 +pass +2 passed, 0 failed  http://127\.0\.0\.1:\d+/radar/.+/history/`, r.stdout)
	assert.True(t, strings.HasSuffix(r.stdout, "PASS: all 1 run(s) passed\n"), r.stdout)
}

func TestFailedAndCanceledRunsExit1(t *testing.T) {
	t.Parallel()
	for _, outcome := range []runscope.RunResult{runscope.ResultFail, runscope.ResultCanceled} {
		t.Run(string(outcome), func(t *testing.T) {
			t.Parallel()
			srv := newFake(t)
			test := createTest(t, srv, "Checkout")
			srv.SetOutcome(test.ID, outcome)

			r := runGate(t, srv, "-trigger", test.TriggerURL)

			assert.Equal(t, exitFail, r.code, r.stderr)
			assert.Empty(t, r.stderr)
			assert.Contains(t, r.stdout, ": "+string(outcome)+"\n")
			assert.Contains(t, r.stdout, "FAIL: 1 of 1 run(s) did not pass")
			if outcome == runscope.ResultFail {
				assert.Contains(t, r.stdout, "0 passed, 2 failed")
			}
		})
	}
}

func TestBucketTrigger(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	createTest(t, srv, "Login")
	broken := createTest(t, srv, "Orders")
	srv.SetOutcome(broken.ID, runscope.ResultFail)
	trigger := bucketTriggerURL(t, srv, srv.BucketKey())

	t.Run("by URL, one failing", func(t *testing.T) {
		r := runGate(t, srv, "-bucket-trigger", trigger, "-region", "us1,eu1")
		assert.Equal(t, exitFail, r.code, r.stderr)
		assert.Contains(t, r.stdout, "Triggered 4 run(s) of the bucket's tests.")
		assert.Regexp(t, `(?m)^  1  Login +us1 +pass +2 passed, 0 failed`, r.stdout)
		assert.Regexp(t, `(?m)^  2  Login +eu1 +pass `, r.stdout)
		assert.Regexp(t, `(?m)^  3  Orders +us1 +fail +0 passed, 2 failed`, r.stdout)
		assert.Regexp(t, `(?m)^  4  Orders +eu1 +fail `, r.stdout)
		assert.Contains(t, r.stdout, "FAIL: 2 of 4 run(s) did not pass")
	})
	t.Run("by ID, all passing", func(t *testing.T) {
		srv.SetOutcome(broken.ID, runscope.ResultPass)
		id := strings.TrimSuffix(trigger[strings.Index(trigger, "/radar/bucket/")+len("/radar/bucket/"):], "/trigger")
		r := runGate(t, srv, "-bucket-trigger", id)
		assert.Equal(t, exitPass, r.code, r.stderr)
		assert.Contains(t, r.stdout, "PASS: all 2 run(s) passed")
	})
}

// The environment, region, agent and variable flags become the trigger's
// query parameters.
func TestTriggerOptions(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	test := createTest(t, srv, "Options")
	envID := test.Environments[0].ID
	agents, _, err := srv.Client().Teams.Agents(t.Context(), srv.TeamUUID())
	require.NoError(t, err)
	require.NotEmpty(t, agents)

	r := runGate(t, srv, "-trigger", test.TriggerURL, "-env", envID, "-region", "us1", "-region", "eu1, jp1",
		"-var", "path=health", "-var", "query=a=b")
	assert.Equal(t, exitPass, r.code, r.stderr)
	assert.Contains(t, r.stdout, "PASS: all 3 run(s) passed")
	for _, region := range []string{"us1", "eu1", "jp1"} {
		assert.Contains(t, r.stdout, "] "+region+" ")
	}

	r = runGate(t, srv, "-trigger", test.TriggerURL, "-agent", agents[0].AgentID)
	assert.Equal(t, exitPass, r.code, r.stderr)
	assert.Contains(t, r.stdout, "agent "+agents[0].AgentID[:8])

	var triggers []runscopetest.Request
	for _, req := range srv.Requests() {
		if strings.HasPrefix(req.Path, "/radar/") {
			triggers = append(triggers, req)
		}
	}
	require.Len(t, triggers, 2)
	q := triggers[0].Query
	assert.Equal(t, []string{envID}, q["runscope_environment"])
	assert.Equal(t, []string{"us1", "eu1", "jp1"}, q["runscope_region"])
	assert.Equal(t, []string{"health"}, q["path"])
	assert.Equal(t, []string{"a=b"}, q["query"])
	assert.Equal(t, []string{agents[0].AgentID}, triggers[1].Query["runscope_agent"])
}

func TestAPIURLFromEnvironment(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	test := createTest(t, srv, "From the environment")
	env := map[string]string{"RUNSCOPE_ACCESS_TOKEN": "anything", "RUNSCOPE_API_URL": srv.URL()}
	r := gateWith(t.Context(), env, "-trigger", test.TriggerURL, "-interval", "1ms")
	assert.Equal(t, exitPass, r.code, r.stderr)
}

func TestDemo(t *testing.T) {
	t.Parallel()
	r := gateWith(t.Context(), nil, "-interval", "1ms")
	assert.Equal(t, exitPass, r.code, r.stderr)
	assert.True(t, strings.HasPrefix(r.stdout, "DEMO: RUNSCOPE_ACCESS_TOKEN is not set"), r.stdout)
	assert.Contains(t, r.stdout, "ci-gate demo: health check")
	assert.Contains(t, r.stdout, "3 passed, 0 failed")
	assert.Contains(t, r.stdout, "PASS: all 1 run(s) passed")

	r = gateWith(t.Context(), nil, "-interval", "1ms", "-demo-fail", "-region", "us1,eu1")
	assert.Equal(t, exitFail, r.code, r.stderr)
	assert.Contains(t, r.stdout, "FAIL: 2 of 2 run(s) did not pass")
}

// Usage errors exit 2 before anything is sent.
func TestUsageErrors(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	test := createTest(t, srv, "Never triggered")
	bucket := bucketTriggerURL(t, srv, srv.BucketKey())
	before := len(srv.Requests())

	token := map[string]string{"RUNSCOPE_ACCESS_TOKEN": "anything"}
	for _, tc := range []struct {
		name   string
		env    map[string]string
		args   []string
		stderr string
	}{
		{"both triggers", token, []string{"-trigger", "a", "-bucket-trigger", "b"}, "not both"},
		{"no trigger with a token", token, nil, "say what to run"},
		{"no token", nil, []string{"-trigger", test.TriggerURL}, "RUNSCOPE_ACCESS_TOKEN is not set"},
		{"no token, bucket", nil, []string{"-bucket-trigger", bucket}, "nothing was triggered"},
		{"unknown flag", token, []string{"-trigger", "a", "-retries", "3"}, "flag provided but not defined: -retries"},
		{"argument", token, []string{"-trigger", "a", "extra"}, `unexpected argument "extra"`},
		{"bad var", token, []string{"-trigger", "a", "-var", "novalue"}, `"novalue" is not name=value`},
		{"reserved var", token, []string{"-trigger", "a", "-var", "runscope_region=us1"}, "is reserved"},
		{"empty region", token, []string{"-trigger", "a", "-region", "us1,"}, "empty region code"},
		{"zero timeout", token, []string{"-trigger", "a", "-timeout", "0s"}, "-timeout must be positive"},
		{"negative interval", token, []string{"-trigger", "a", "-interval", "-1s"}, "-interval must be positive"},
		{"bad duration", token, []string{"-trigger", "a", "-timeout", "soon"}, `invalid value "soon" for flag -timeout`},
		{"bucket URL to -trigger", token, []string{"-trigger", bucket}, "use -bucket-trigger"},
		{"test URL to -bucket-trigger", token, []string{"-bucket-trigger", test.TriggerURL}, "a test's goes to -trigger"},
		{"demo-fail with a token", token, []string{"-demo-fail"}, "-demo-fail is for the demo only"},
		{"demo-fail with a trigger", nil, []string{"-demo-fail", "-trigger", "a"}, "-demo-fail is for the demo only"},
		{"plain http API", token, []string{"-trigger", "a", "-api", "http://api.example.com/"}, "-api http://api.example.com/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// A flag given twice takes the last value: the case's -api wins.
			r := gateWith(t.Context(), tc.env, append([]string{"-api", srv.URL()}, tc.args...)...)
			assert.Equal(t, exitError, r.code)
			assert.Contains(t, r.stderr, tc.stderr)
			assert.Empty(t, r.stdout)
		})
	}
	assert.Len(t, srv.Requests(), before, "a usage error sends nothing")

	r := gateWith(t.Context(), nil, "-h")
	assert.Equal(t, exitPass, r.code)
	assert.Contains(t, r.stderr, "Usage: ci-gate -trigger ID|URL | -bucket-trigger ID|URL [flags]")
}

// API errors, runs that cannot start, a timeout and an interrupt exit 2.
func TestErrorsExit2(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	test := createTest(t, srv, "Errors")
	triggerID := strings.TrimSuffix(test.TriggerURL[strings.Index(test.TriggerURL, "/radar/")+len("/radar/"):], "/trigger")

	t.Run("unknown trigger", func(t *testing.T) {
		r := runGate(t, srv, "-trigger", "5b5f0f4c-0000-4000-8000-000000000000")
		assert.Equal(t, exitError, r.code)
		assert.Contains(t, r.stderr, "no test has this trigger ID; check -trigger")
		assert.Contains(t, r.stderr, "404")
		assert.NotContains(t, r.stderr, "5b5f0f4c-0000", "the trigger ID is not printed")
	})
	t.Run("unknown bucket trigger", func(t *testing.T) {
		r := runGate(t, srv, "-bucket-trigger", "nope1234")
		assert.Equal(t, exitError, r.code)
		assert.Contains(t, r.stderr, "no bucket has this trigger ID; check -bucket-trigger")
	})
	t.Run("server error on trigger", func(t *testing.T) {
		srv.FailNext(http.MethodGet, "/radar/"+triggerID+"/trigger", http.StatusInternalServerError, 1)
		r := runGate(t, srv, "-trigger", test.TriggerURL)
		assert.Equal(t, exitError, r.code)
		assert.Contains(t, r.stderr, "ci-gate: triggering the test: runscope: GET")
		assert.Contains(t, r.stderr, "500")
		assert.NotContains(t, r.stderr, triggerID)
		assert.NotContains(t, r.stdout, triggerID)
	})
	t.Run("no run can start", func(t *testing.T) {
		r := runGate(t, srv, "-trigger", test.TriggerURL, "-region", "xx9")
		assert.Equal(t, exitError, r.code)
		assert.Contains(t, r.stderr, "the trigger started no run (1 could not start)")
	})
	t.Run("one run of two cannot start", func(t *testing.T) {
		r := runGate(t, srv, "-trigger", test.TriggerURL, "-region", "us1,xx9")
		assert.Equal(t, exitError, r.code)
		assert.Regexp(t, "us1 +pass", r.stdout)
		assert.Contains(t, r.stderr, "1 run(s) could not start")
	})
	t.Run("empty bucket", func(t *testing.T) {
		b, _, err := srv.Client().Buckets.Create(t.Context(), "Empty", srv.TeamUUID())
		require.NoError(t, err)
		r := runGate(t, srv, "-bucket-trigger", bucketTriggerURL(t, srv, b.Key))
		assert.Equal(t, exitError, r.code)
		assert.Contains(t, r.stderr, "the trigger started no run (0 could not start)")
	})
	t.Run("interrupted", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		r := gateWith(ctx, map[string]string{"RUNSCOPE_ACCESS_TOKEN": "x"}, "-api", srv.URL(), "-trigger", test.TriggerURL)
		assert.Equal(t, exitError, r.code)
		assert.Contains(t, r.stderr, "interrupted")
	})
}

// A run that does not finish within -timeout ends the gate with 2. The fake
// moves a run along only when it is read: this one never finishes.
func TestTimeout(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	srv.SetRunPolls(1 << 30)
	test := createTest(t, srv, "Slow")

	start := time.Now()
	r := runGate(t, srv, "-trigger", test.TriggerURL, "-timeout", "150ms")

	assert.Less(t, time.Since(start), 5*time.Second)
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stdout, ": working\n")
	assert.Regexp(t, `(?m)^  1  Slow +us1 +unfinished \(working\) +-  `, r.stdout)
	assert.Contains(t, r.stderr, "ci-gate: run 1/1: timed out after 150ms; raise -timeout")
	assert.Contains(t, r.stderr, `waiting for run`)
	assert.Contains(t, r.stderr, "ERROR: 1 of 1 run(s) did not finish; no verdict")
	assert.NotContains(t, r.stdout, "PASS")
	assert.NotContains(t, r.stdout, "FAIL")

	// A timeout that ends during the trigger itself.
	r = runGate(t, srv, "-trigger", test.TriggerURL, "-timeout", "1ns")
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "ci-gate: triggering the test: timed out after 1ns")
}

// An API error while waiting (here a 403 on reading the run) ends that
// run's wait, and the gate exits 2 once the other runs are done.
func TestAPIErrorWhileWaiting(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	srv.SetRunPolls(1 << 30)
	test := createTest(t, srv, "Forbidden")

	done := make(chan result, 1)
	go func() { done <- runGate(t, srv, "-trigger", test.TriggerURL, "-timeout", "20s") }()

	// Fail the next read of the run once the gate polls it.
	var runPath string
	for deadline := time.Now().Add(10 * time.Second); runPath == "" && time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		for _, req := range srv.Requests() {
			if strings.Contains(req.Path, "/results/") {
				runPath = req.Path
			}
		}
	}
	require.NotEmpty(t, runPath, "the gate never polled the run")
	srv.FailNext(http.MethodGet, runPath, http.StatusForbidden, 1)

	r := <-done
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "the API refused RUNSCOPE_ACCESS_TOKEN")
	assert.Contains(t, r.stderr, "403")
	assert.Regexp(t, `unfinished \((queued|working)\)`, r.stdout)
}

// TestBinary builds the program and runs it as CI would, against a fake
// started here, checking its exit statuses.
func TestBinary(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the program")
	}
	goCmd := "go"
	if root := os.Getenv("GOROOT"); root != "" {
		goCmd = filepath.Join(root, "bin", "go")
	}
	if _, err := exec.LookPath(goCmd); err != nil {
		t.Skipf("no go command to build with: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "ci-gate")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	// Built with -race when this test is, so that the build reuses the
	// packages go test compiled instead of compiling them all again.
	buildArgs := []string{"build", "-o", bin}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "-race" && s.Value == "true" {
				buildArgs = append(buildArgs, "-race")
			}
		}
	}
	build := exec.CommandContext(t.Context(), goCmd, append(buildArgs, ".")...)
	out, err := build.CombinedOutput()
	require.NoError(t, err, "go build: %s", out)

	srv := newFake(t)
	pass := createTest(t, srv, "Passes")
	fail := createTest(t, srv, "Fails")
	srv.SetOutcome(fail.ID, runscope.ResultFail)

	// The environment of the test process, less RUNSCOPE_*, plus env.
	environ := func(env ...string) []string {
		var out []string
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, "RUNSCOPE_") {
				out = append(out, kv)
			}
		}
		return append(out, env...)
	}
	withToken := environ("RUNSCOPE_ACCESS_TOKEN=anything", "RUNSCOPE_API_URL="+srv.URL())

	for _, tc := range []struct {
		name   string
		env    []string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"pass", withToken, []string{"-trigger", pass.TriggerURL}, 0, "PASS: all 1 run(s) passed", ""},
		{"fail", withToken, []string{"-trigger", fail.TriggerURL, "-region", "us1,eu1"}, 1, "FAIL: 2 of 2 run(s) did not pass", ""},
		{"unknown trigger", withToken, []string{"-trigger", "0000dead"}, 2, "", "no test has this trigger ID"},
		{"bad flag", withToken, []string{"-trigger", "x", "-timeout", "soon"}, 2, "", `invalid value "soon" for flag -timeout`},
		{"demo", environ(), nil, 0, "DEMO: ", ""},
		{"demo fail", environ(), []string{"-demo-fail"}, 1, "FAIL: 1 of 1", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			cmd := exec.CommandContext(t.Context(), bin, append(tc.args, "-interval", "1ms")...)
			cmd.Env, cmd.Stdout, cmd.Stderr = tc.env, &stdout, &stderr
			err := cmd.Run()
			code := 0
			if exitErr := (*exec.ExitError)(nil); errors.As(err, &exitErr) {
				code = exitErr.ExitCode()
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tc.code, code, "stdout:\n%s\nstderr:\n%s", &stdout, &stderr)
			assert.Contains(t, stdout.String(), tc.stdout)
			assert.Contains(t, stderr.String(), tc.stderr)
		})
	}

	t.Run("SIGTERM", func(t *testing.T) {
		if runtime.GOOS == "windows" {
			t.Skip("no SIGTERM")
		}
		slow := newFake(t)
		slow.SetRunPolls(1 << 30)
		test := createTest(t, slow, "Stuck")
		cmd := exec.CommandContext(t.Context(), bin, "-api", slow.URL(), "-trigger", test.TriggerURL, "-interval", "1ms")
		cmd.Env = withToken
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		stdout, err := cmd.StdoutPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())

		// Signal once the run is being polled, then read the rest.
		var rest strings.Builder
		lines := bufio.NewScanner(stdout)
		for lines.Scan() {
			if strings.HasSuffix(lines.Text(), ": working") {
				require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
				break
			}
		}
		for lines.Scan() {
			rest.WriteString(lines.Text() + "\n")
		}
		err = cmd.Wait()
		var exitErr *exec.ExitError
		require.ErrorAs(t, err, &exitErr)
		assert.Equal(t, exitError, exitErr.ExitCode(), "stderr:\n%s", &stderr)
		assert.Contains(t, stderr.String(), "interrupted")
		assert.Contains(t, rest.String(), "unfinished (working)")
	})
}
