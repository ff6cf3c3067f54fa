package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-runscope/runscope"
	"github.com/go-runscope/runscope/runscopetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// binary is the runscope command built once for the end-to-end tests.
var binary string

func TestMain(m *testing.M) {
	os.Exit(buildAndRun(m))
}

func buildAndRun(m *testing.M) int {
	dir, err := os.MkdirTemp("", "runscope-cmd-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "runscope")
	build := exec.Command("go", "build", "-o", binary, ".")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building the runscope command: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// testToken is the token the tests give the command; it must never show.
const testToken = "rs-token-5b1e0c1d-never-print-me"

// fake is a runscopetest server, closed at the end of the test.
type fake struct {
	*runscopetest.Server
	client *runscope.Client
}

func newFake(t *testing.T) *fake {
	t.Helper()
	srv := runscopetest.NewServer()
	t.Cleanup(srv.Close)
	return &fake{Server: srv, client: srv.Client()}
}

// addTest creates a test with a request step and two assertions in bucket.
func (f *fake) addTest(t *testing.T, bucket, name string) *runscope.Test {
	t.Helper()
	test, _, err := f.client.Tests.Create(context.Background(), bucket, &runscope.Test{
		Name: name,
		Steps: []runscope.Step{&runscope.RequestStep{
			Method: http.MethodGet,
			URL:    "https://api.example.com/" + strings.ToLower(strings.ReplaceAll(name, " ", "-")),
			Assertions: []runscope.Assertion{
				{Source: runscope.AssertionSourceStatus, Comparison: runscope.ComparisonEqualNumber, Value: 200},
				{Source: runscope.AssertionSourceJSON, Property: "status", Comparison: runscope.ComparisonEqual, Value: "ok"},
			},
		}},
	})
	require.NoError(t, err)
	return test
}

// newBucket creates an empty bucket and returns its key.
func (f *fake) newBucket(t *testing.T, name string) string {
	t.Helper()
	b, _, err := f.client.Buckets.Create(context.Background(), name, f.TeamUUID())
	require.NoError(t, err)
	return b.Key
}

// secrets are the trigger IDs of every test and bucket of the fake: none
// may appear in the command's output.
func (f *fake) secrets(t *testing.T) []string {
	t.Helper()
	ctx := context.Background()
	out := []string{testToken}
	buckets, _, err := f.client.Buckets.List(ctx)
	require.NoError(t, err)
	for _, b := range buckets {
		out = append(out, triggerIDOf(b.TriggerURL))
		for lt, err := range f.client.Tests.All(ctx, b.Key, nil) {
			require.NoError(t, err)
			test, _, err := f.client.Tests.Get(ctx, b.Key, lt.ID)
			require.NoError(t, err)
			out = append(out, triggerIDOf(test.TriggerURL))
		}
	}
	return out
}

// triggerIDOf returns the ID in a trigger URL: .../radar/[bucket/]ID/trigger.
func triggerIDOf(u string) string {
	parts := strings.Split(strings.TrimSuffix(u, "/trigger"), "/")
	return parts[len(parts)-1]
}

// result is what one invocation of the command did.
type result struct {
	code           int
	stdout, stderr string
}

// env is the environment the command runs with against f.
func (f *fake) env(extra ...string) []string {
	return append([]string{
		"RUNSCOPE_ACCESS_TOKEN=" + testToken,
		"RUNSCOPE_BASE_URL=" + f.URL(),
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + os.Getenv("HOME"),
	}, extra...)
}

// execBinary runs the built binary with args and env.
func execBinary(t *testing.T, env []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr):
		code = exitErr.ExitCode()
	case err != nil:
		t.Fatalf("running runscope: %v", err)
	}
	return result{code, stdout.String(), stderr.String()}
}

// call runs the command in-process with args and env (NAME=VALUE).
func call(t *testing.T, env []string, args ...string) result {
	t.Helper()
	return callApp(t, &app{getenv: envOf(env), answerTimeout: answerTimeout}, args...)
}

// callApp runs the command in-process as a, which gets buffers for its
// outputs.
func callApp(t *testing.T, a *app, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	a.stdout, a.stderr = &stdout, &stderr
	code := a.execute(context.Background(), args)
	return result{code, stdout.String(), stderr.String()}
}

// noSecrets checks that no secret appears in the outputs nor in the
// files given.
func noSecrets(t *testing.T, secrets []string, r result, files ...string) {
	t.Helper()
	texts := map[string]string{"stdout": r.stdout, "stderr": r.stderr}
	for _, name := range files {
		b, err := os.ReadFile(name)
		require.NoError(t, err)
		texts[name] = string(b)
	}
	for where, text := range texts {
		for _, s := range secrets {
			require.NotEmpty(t, s)
			assert.NotContains(t, text, s, "a secret in %s", where)
		}
	}
}

// oneErrorLine checks stderr's last line is one error line of the command.
func oneErrorLine(t *testing.T, r result, contains string) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	last := lines[len(lines)-1]
	assert.True(t, strings.HasPrefix(last, "runscope"), "error line %q", last)
	assert.Contains(t, last, contains)
}

// Bulk commands keep 16 requests in flight unless told otherwise (see
// BENCHMARKS.md); run waits for runs as Results.WaitAll does by default,
// 8 at a time. --concurrency below 1 is bad usage, refused while parsing.
func TestConcurrencyDefaults(t *testing.T) {
	root := (&app{}).rootCommand()
	for _, name := range []string{"export", "import", "copy", "diff", "ls", "metrics", "run"} {
		cmd, _, err := root.Find([]string{name})
		require.NoError(t, err)
		flag := cmd.Flags().Lookup("concurrency")
		require.NotNil(t, flag, name)
		want := "16"
		if name == "run" {
			want = "8"
		}
		assert.Equal(t, want, flag.DefValue, name)
		assert.Error(t, flag.Value.Set("0"), name)
		assert.Error(t, flag.Value.Set("-3"), name)
		assert.Error(t, flag.Value.Set("many"), name)
		require.NoError(t, flag.Value.Set("3"), name)
		assert.Equal(t, "3", flag.Value.String(), name)
	}
}
