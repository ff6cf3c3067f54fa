package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Issue 12's contract for every command, checked on the built binary:
// bad usage, no token and an API error exit 2 with one line on stderr,
// and nothing shows the token.

// everyCommand returns a valid invocation of each command; dir holds an
// importable test file.
func everyCommand(t *testing.T, dir string) map[string][]string {
	t.Helper()
	file := filepath.Join(dir, "test.json")
	require.NoError(t, os.WriteFile(file, []byte(`{"name":"Orders API"}`), 0o600))
	return map[string][]string{
		"run":     {"run", "--bucket", "bkt", "--interval", "5ms", "--timeout", "20s"},
		"export":  {"export", "--dir", filepath.Join(dir, "out"), "--bucket", "bkt"},
		"import":  {"import", "--bucket", "bkt", file},
		"copy":    {"copy", "--from", "bkt", "--to", "other"},
		"diff":    {"diff", "bkt", "other"},
		"ls":      {"ls", "tests", "--bucket", "bkt"},
		"metrics": {"metrics", "--bucket", "bkt"},
	}
}

// onlyLine checks that stderr is one line, an error of the command that
// contains want, with no doubled prefix.
func onlyLine(t *testing.T, r result, name, want string) {
	t.Helper()
	assert.Equal(t, 1, strings.Count(r.stderr, "\n"), "%s: one line on stderr: %q", name, r.stderr)
	assert.True(t, strings.HasPrefix(r.stderr, "runscope "+name+": "), "%s: %q", name, r.stderr)
	assert.Contains(t, r.stderr, want, name)
	assert.NotContains(t, r.stderr, ": runscope: ", "%s: the SDK's prefix repeats the command's", name)
}

func TestEveryCommandUnknownFlagExits2(t *testing.T) {
	for name, args := range everyCommand(t, t.TempDir()) {
		r := execBinary(t, []string{"RUNSCOPE_ACCESS_TOKEN=" + testToken}, append(args, "--frobnicate")...)
		assert.Equal(t, exitError, r.code, name)
		assert.Empty(t, r.stdout, name)
		onlyLine(t, r, name, "unknown flag: --frobnicate (see runscope "+name+" --help)")
	}
}

func TestEveryCommandAPIErrorExits2(t *testing.T) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"data":null,"error":{"status":401,"message":"The access token is not valid"},"meta":{"status":"error"}}`))
	}))
	t.Cleanup(api.Close)
	env := []string{"RUNSCOPE_ACCESS_TOKEN=" + testToken, "RUNSCOPE_BASE_URL=" + api.URL}
	for name, args := range everyCommand(t, t.TempDir()) {
		r := execBinary(t, env, args...)
		assert.Equal(t, exitError, r.code, name)
		lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
		last := result{stderr: lines[len(lines)-1] + "\n"}
		onlyLine(t, last, name, "The access token is not valid")
		if name != "run" { // run prints its progress first
			onlyLine(t, r, name, "401")
		}
		noSecrets(t, []string{testToken}, r)
	}
}

// An API that does not answer fails every command after answerTimeout,
// with exit 2, instead of hanging a CI job. (Without the timeout, the
// fake would answer after its minute of latency, with another error.)
// The timeout is answerTransport's, on the real clock: the commands wait
// for it together.
func TestEveryCommandTimeoutExits2(t *testing.T) {
	f := newFake(t)
	f.SetLatency(time.Minute)
	for name, args := range everyCommand(t, t.TempDir()) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := callApp(t, &app{getenv: envOf(f.env()), answerTimeout: 100 * time.Millisecond}, args...)
			assert.Equal(t, exitError, r.code)
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			onlyLine(t, result{stderr: lines[len(lines)-1] + "\n"}, name, ": no answer within 100ms")
			assert.NotContains(t, r.stderr, "raise --timeout", "not run's --timeout")
		})
	}
}

// An API that sends the headers and the start of an answer, then
// nothing, fails every command after answerTimeout too: the bound is on
// the whole answer, not on its headers alone. The handler gives up after
// stallFor, a safety net that only a command without the bound waits
// for: it then gets a cut-off body, and another error.
func TestEveryCommandStalledBodyExits2(t *testing.T) {
	const stallFor = 10 * time.Second
	done := make(chan struct{})
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"data":[`))
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-done:
		case <-time.After(stallFor):
		}
	}))
	t.Cleanup(api.Close)
	t.Cleanup(func() { close(done) }) // before Close, which waits for the handlers
	env := []string{"RUNSCOPE_ACCESS_TOKEN=" + testToken, "RUNSCOPE_BASE_URL=" + api.URL}
	for name, args := range everyCommand(t, t.TempDir()) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := callApp(t, &app{getenv: envOf(env), answerTimeout: 100 * time.Millisecond}, args...)
			assert.Equal(t, exitError, r.code)
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			onlyLine(t, result{stderr: lines[len(lines)-1] + "\n"}, name, ": reading the answer: stalled: not complete within 100ms")
			assert.NotContains(t, r.stderr, "raise --timeout", "not run's --timeout")
			noSecrets(t, []string{testToken}, r)
		})
	}
}

// A base URL the SDK refuses is named by where it came from.
func TestBadBaseURLExits2(t *testing.T) {
	env := []string{"RUNSCOPE_ACCESS_TOKEN=" + testToken}
	r := call(t, append(env, "RUNSCOPE_BASE_URL=http://api.example.com"), "ls", "buckets")
	assert.Equal(t, exitError, r.code)
	onlyLine(t, r, "ls", "RUNSCOPE_BASE_URL: must use https")
	assert.NotContains(t, r.stderr, "baseURL")
	r = call(t, env, "ls", "buckets", "--base-url", "ftp://api.example.com")
	assert.Equal(t, exitError, r.code)
	onlyLine(t, r, "ls", "--base-url: must use https")
	assert.Contains(t, r.stderr, "(see runscope ls --help)")
}

// Missing arguments are explained in the command's words.
func TestArgumentErrorsSayWhatIsMissing(t *testing.T) {
	env := []string{"RUNSCOPE_ACCESS_TOKEN=" + testToken}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"ls"}, "say what to list: buckets, tests, environments, schedules or results"},
		{[]string{"ls", "tests", "buckets"}, "say what to list: buckets, tests, environments, schedules or results"},
		{[]string{"diff", "bkt"}, "diff compares two things: A and B, each a bucket key or an exported bucket folder"},
		{[]string{"import", "--bucket", "bkt"}, "name the test files or exported bucket folders to import"},
	} {
		r := call(t, env, c.args...)
		assert.Equal(t, exitError, r.code, c.args)
		onlyLine(t, r, c.args[0], c.want)
		assert.Contains(t, r.stderr, "--help")
	}
}

func TestVersion(t *testing.T) {
	r := execBinary(t, nil, "--version")
	assert.Equal(t, exitOK, r.code)
	assert.Regexp(t, `^runscope version \S+\n$`, r.stdout)
}

// envOf turns NAME=VALUE pairs into a getenv.
func envOf(env []string) func(string) string {
	vars := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		vars[k] = v
	}
	return func(k string) string { return vars[k] }
}

// A trigger URL given where a bucket key or a test ID belongs is refused
// before any request, naming the flag or argument, not the value: the
// SDK masks trigger IDs in the URLs it shows, but not once escaped into
// a request's path, and the commands name keys and IDs in their lines.
func TestTriggerURLWhereAnIDBelongsExits2(t *testing.T) {
	f := newFake(t)
	const secret = "7e57c0de5ec12e7d00d1d2d3d4d5d6d7"
	dir := t.TempDir()
	file := filepath.Join(dir, "test.json")
	require.NoError(t, os.WriteFile(file, []byte(`{"name":"Orders API"}`), 0o600))
	key := f.BucketKey()
	for _, u := range []string{f.URL() + "/radar/bucket/" + secret + "/trigger", "https://api.runscope.com/radar/" + secret + "/trigger"} {
		for _, c := range []struct {
			args  []string
			where string
		}{
			{[]string{"run", "--bucket", u}, "--bucket is not a bucket key"},
			{[]string{"run", "--bucket", key, "--test", "t1", "--test", u}, "--test is not a test ID"},
			{[]string{"export", "--dir", filepath.Join(dir, "out"), "--bucket", key, "--bucket", u}, "--bucket is not a bucket key"},
			{[]string{"import", "--bucket", u, file}, "--bucket is not a bucket key"},
			{[]string{"copy", "--from", u, "--to", key}, "--from is not a bucket key"},
			{[]string{"copy", "--from", key, "--to", u}, "--to is not a bucket key"},
			{[]string{"copy", "--from", key, "--to", key, "--test", u}, "--test is not a test ID"},
			{[]string{"diff", u, key}, "A is not a folder, nor a bucket key"},
			{[]string{"diff", key, u}, "B is not a folder, nor a bucket key"},
			{[]string{"ls", "tests", "--bucket", u}, "--bucket is not a bucket key"},
			{[]string{"ls", "schedules", "--bucket", key, "--test", u}, "--test is not a test ID"},
			{[]string{"ls", "results", "--bucket", key, "--test", u}, "--test is not a test ID"},
			{[]string{"metrics", "--bucket", u}, "--bucket is not a bucket key"},
			{[]string{"metrics", "--bucket", key, "--test", u}, "--test is not a test ID"},
		} {
			r := call(t, f.env(), c.args...)
			assert.Equal(t, exitError, r.code, c.args)
			onlyLine(t, r, c.args[0], c.where)
			assert.Contains(t, r.stderr, "(see runscope "+c.args[0], "a usage error")
			noSecrets(t, []string{secret, secret[4:], testToken}, r)
		}
	}
	assert.Empty(t, f.Requests(), "refused before any request")
}
