package runscopetest_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-runscope/runscope/runscopetest"
)

// These helpers drive the fake with plain net/http, so the tests check the
// wire: status codes, envelopes, bare bodies and error objects.

type api struct {
	t  *testing.T
	s  *runscopetest.Server
	hc *http.Client
}

// newAPI starts a server that the test closes when it ends. Requests go
// through a transport of the test's own: closing a server closes the idle
// connections of http.DefaultTransport, which would break the requests of
// tests running in parallel.
func newAPI(t *testing.T) *api {
	t.Helper()
	s := runscopetest.NewServer()
	tr := &http.Transport{}
	t.Cleanup(func() {
		s.Close()
		tr.CloseIdleConnections()
	})
	return &api{t: t, s: s, hc: &http.Client{Transport: tr}}
}

// raw is a body sent as it is, not JSON-encoded.
type raw string

// reply is a response, its body read.
type reply struct {
	t      *testing.T
	status int
	header http.Header
	body   []byte
}

// do sends an authenticated request; a non-nil body goes as JSON.
func (a *api) do(method, path string, body any) reply {
	a.t.Helper()
	return a.send(method, path, body, func(r *http.Request) { r.Header.Set("Authorization", "Bearer any-token") })
}

// send sends a request after edit has had its say on it.
func (a *api) send(method, path string, body any, edit func(*http.Request)) reply {
	a.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case raw:
		rd = strings.NewReader(string(b))
	default:
		buf, err := json.Marshal(b)
		require.NoError(a.t, err)
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, a.s.URL()+path, rd)
	require.NoError(a.t, err)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if edit != nil {
		edit(req)
	}
	resp, err := a.hc.Do(req)
	require.NoError(a.t, err)
	defer resp.Body.Close()
	buf, err := io.ReadAll(resp.Body)
	require.NoError(a.t, err)
	return reply{t: a.t, status: resp.StatusCode, header: resp.Header, body: buf}
}

// value decodes the whole body.
func (r reply) value() any {
	r.t.Helper()
	var v any
	require.NoError(r.t, json.Unmarshal(r.body, &v), "body: %s", r.body)
	return v
}

// data checks the response is a success envelope with status and returns
// its data.
func (r reply) data(status int) any {
	r.t.Helper()
	require.Equal(r.t, status, r.status, "body: %s", r.body)
	env, ok := r.value().(map[string]any)
	require.True(r.t, ok, "an envelope object: %s", r.body)
	assert.Contains(r.t, env, "data")
	assert.Nil(r.t, env["error"])
	assert.Equal(r.t, map[string]any{"status": "success"}, env["meta"])
	return env["data"]
}

// obj is data that is an object.
func (r reply) obj(status int) map[string]any {
	r.t.Helper()
	o, ok := r.data(status).(map[string]any)
	require.True(r.t, ok, "data is an object: %s", r.body)
	return o
}

// list is data that is an array.
func (r reply) list(status int) []any {
	r.t.Helper()
	l, ok := r.data(status).([]any)
	require.True(r.t, ok, "data is an array: %s", r.body)
	return l
}

// bare checks the response has status and a body without the envelope.
func (r reply) bare(status int) any {
	r.t.Helper()
	require.Equal(r.t, status, r.status, "body: %s", r.body)
	v := r.value()
	if o, ok := v.(map[string]any); ok {
		assert.NotContains(r.t, o, "data", "a bare body, not an envelope")
		assert.NotContains(r.t, o, "meta", "a bare body, not an envelope")
	}
	return v
}

// fails checks the response is the API's error envelope with status, and
// returns the error's message.
func (r reply) fails(status int) string {
	r.t.Helper()
	require.Equal(r.t, status, r.status, "body: %s", r.body)
	env, ok := r.value().(map[string]any)
	require.True(r.t, ok, "an envelope: %s", r.body)
	assert.Equal(r.t, map[string]any{"status": "error"}, env["meta"])
	assert.Nil(r.t, env["data"])
	e, ok := env["error"].(map[string]any)
	require.True(r.t, ok, "an error object: %s", r.body)
	assert.Equal(r.t, float64(status), e["status"])
	assert.NotEmpty(r.t, e["more_info"])
	msg, _ := e["message"].(string)
	assert.NotEmpty(r.t, msg)
	return msg
}

// empty checks the response is status with no body.
func (r reply) empty(status int) {
	r.t.Helper()
	require.Equal(r.t, status, r.status, "body: %s", r.body)
	assert.Empty(r.t, r.body)
}

// bucketPath is the default bucket's path.
func (a *api) bucketPath() string { return "/buckets/" + a.s.BucketKey() }

// createTest creates a test in the default bucket and returns it.
func (a *api) createTest(body any) map[string]any {
	a.t.Helper()
	return a.do("POST", a.bucketPath()+"/tests", body).obj(http.StatusCreated)
}

// testPath is the path of a test of the default bucket.
func (a *api) testPath(test map[string]any) string {
	return a.bucketPath() + "/tests/" + test["id"].(string)
}

// triggerPath is the path of a test's trigger URL.
func triggerPath(t *testing.T, test map[string]any) string {
	t.Helper()
	u, _ := test["trigger_url"].(string)
	i := strings.Index(u, "/radar/")
	require.GreaterOrEqual(t, i, 0, "trigger_url %q", u)
	return u[i:]
}

// ids returns the id members of a list of objects.
func ids(list []any) []string {
	out := make([]string, len(list))
	for i, e := range list {
		out[i], _ = e.(map[string]any)["id"].(string)
	}
	return out
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

// golden decodes a reference sample of the root package's testdata.
func golden(t *testing.T, name string) any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", name))
	require.NoError(t, err)
	var v any
	require.NoError(t, json.Unmarshal(b, &v), name)
	return v
}

// goldenData is the data member of an enveloped reference sample.
func goldenData(t *testing.T, name string) map[string]any {
	t.Helper()
	data, ok := golden(t, name).(map[string]any)["data"].(map[string]any)
	require.True(t, ok, "%s has an object in data", name)
	return data
}

// without returns a copy of m without the members keys.
func without(m map[string]any, keys ...string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	for _, k := range keys {
		delete(out, k)
	}
	return out
}
