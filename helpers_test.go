package runscope

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// This file holds the helpers every service's tests use: a client wired to
// a fresh httptest mux (go-github style) or to an httpmock transport, and
// checks of the request a method sent.

// setup returns a client whose requests go to a new httptest server, and the
// mux to register that test's handlers on. Retries are off so a handler
// sees each call once; pass WithRetry to turn them on.
func setup(t *testing.T, opts ...Option) (*Client, *http.ServeMux) {
	t.Helper()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	opts = append([]Option{WithBaseURL(srv.URL), WithToken(testToken), WithRetry(RetryPolicy{})}, opts...)
	c, err := NewClient(opts...)
	require.NoError(t, err)
	return c, mux
}

// testToken is the bearer token test clients send; tests check that it
// never leaks into errors or logs.
const testToken = "tok-3f9a1c77-secret"

// transportClient returns a client with testToken whose own *http.Client
// sends through rt (never the global default transport); opts come after.
func transportClient(t testing.TB, rt http.RoundTripper, opts ...Option) *Client {
	t.Helper()
	c, err := NewClient(append([]Option{WithHTTPClient(&http.Client{Transport: rt}), WithToken(testToken)}, opts...)...)
	require.NoError(t, err)
	return c
}

// mockClient returns a client on an httpmock transport.
func mockClient(t *testing.T, opts ...Option) (*Client, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	return transportClient(t, mt, opts...), mt
}

func testMethod(t *testing.T, r *http.Request, want string) {
	t.Helper()
	assert.Equal(t, want, r.Method, "request method")
}

// testQuery checks the request's query is exactly want.
func testQuery(t *testing.T, r *http.Request, want url.Values) {
	t.Helper()
	got := r.URL.Query()
	if len(want) == 0 && len(got) == 0 {
		return
	}
	assert.Equal(t, want, got, "request query")
}

// testBody checks the request body is JSON equal to want.
func testBody(t *testing.T, r *http.Request, want string) {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	assert.JSONEq(t, want, string(b), "request body")
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"), "request content type")
}

// testNoBody checks the request carried no body.
func testNoBody(t *testing.T, r *http.Request) {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	assert.Empty(t, b, "request body")
}

// golden returns the bytes of testdata/name.
func golden(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

// serveGolden answers with testdata/name and the given status.
func serveGolden(t *testing.T, w http.ResponseWriter, status int, name string) {
	t.Helper()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(golden(t, name))
}

// goldenData returns the data member of an enveloped golden file, or the
// whole file when it has no envelope.
func goldenData(t testing.TB, name string) []byte {
	t.Helper()
	b := golden(t, name)
	var env map[string]json.RawMessage
	if json.Unmarshal(b, &env) == nil {
		if data, ok := env["data"]; ok {
			return data
		}
	}
	return b
}

// testRoundTrip decodes data into a T, encodes it again and checks the two
// are semantically equal JSON: nothing the server sent is lost. It returns
// the decoded value for further checks.
func testRoundTrip[T any](t *testing.T, data []byte) T {
	t.Helper()
	var v T
	require.NoError(t, json.Unmarshal(data, &v), "decode")
	out, err := json.Marshal(v)
	require.NoError(t, err, "encode")
	assertJSONSemEq(t, data, out)
	return v
}

// assertJSONSemEq checks want and got are the same JSON value, where null
// and a zero value count as equal (the modeling rules allow that).
func assertJSONSemEq(t testing.TB, want, got []byte) {
	t.Helper()
	var w, g any
	require.NoError(t, json.Unmarshal(want, &w), "want is not JSON")
	require.NoError(t, json.Unmarshal(got, &g), "got is not JSON: %s", got)
	if !assert.Equal(t, normalizeJSON(w), normalizeJSON(g)) {
		t.Logf("got JSON: %s", got)
	}
}

// normalizeJSON maps zero values to nil so null and "" / 0 / false / {} / []
// compare equal.
func normalizeJSON(v any) any {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 {
			return nil
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = normalizeJSON(e)
		}
		return out
	case []any:
		if len(x) == 0 {
			return nil
		}
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalizeJSON(e)
		}
		return out
	case string:
		if x == "" {
			return nil
		}
	case float64:
		if x == 0 {
			return nil
		}
	case bool:
		if !x {
			return nil
		}
	}
	return v
}

// assertTime checks a Timestamp to the nanosecond. EqualExportedValues
// cannot: time.Time has no exported fields, so it would call any two equal.
func assertTime(t *testing.T, want time.Time, got Timestamp, msg string) {
	t.Helper()
	assert.True(t, want.Equal(got.Time), "%s: want %v, got %v", msg, want, got.Time)
}

// sequence answers with the given statuses in turn and counts the calls.
func sequence(statuses ...int) (httpmock.Responder, *atomic.Int32) {
	var n atomic.Int32
	return func(*http.Request) (*http.Response, error) {
		i := int(n.Add(1)) - 1
		status := statuses[min(i, len(statuses)-1)]
		return httpmock.NewStringResponse(status, fmt.Sprintf(`{"data":{"attempt":%d},"meta":{"status":"x"}}`, i+1)), nil
	}, &n
}

// wantRequest is the one request a test expects, and the answer it gets.
type wantRequest struct {
	method string
	path   string     // as sent, escaped
	query  url.Values // nil: none
	body   string     // JSON the request must carry; "": no body
	status int        // 0: 200
	golden string     // testdata file to answer with
	answer string     // JSON to answer with when golden is ""; both "": an empty body
}

// expectRequest registers a handler on mux that checks a request against
// want (method, escaped path, query, body) and answers as it says.
func expectRequest(t *testing.T, mux *http.ServeMux, want wantRequest) {
	t.Helper()
	mux.HandleFunc(want.method+" "+want.path, func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, want.path, r.URL.EscapedPath(), "request path")
		testMethod(t, r, want.method)
		testQuery(t, r, want.query)
		if want.body == "" {
			testNoBody(t, r)
		} else {
			testBody(t, r, want.body)
		}
		status := cmp.Or(want.status, http.StatusOK)
		if want.golden != "" {
			serveGolden(t, w, status, want.golden)
			return
		}
		if want.answer != "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, want.answer)
	})
}

// argCase is one bad input: the call that gets it and the ArgError.Arg
// it must report.
type argCase struct {
	name string
	arg  string
	call func(context.Context, *Client) error
}

// testArgErrors runs each case against a client on an httpmock transport
// and checks it fails with an *ArgError naming the argument and saying
// what is wrong with it, before any request is sent.
func testArgErrors(t *testing.T, cases []argCase) {
	t.Helper()
	c, mt := mockClient(t)
	named := map[string]bool{}
	for _, tc := range cases {
		require.False(t, named[tc.name], "two cases named %q", tc.name)
		named[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			var ae *ArgError
			require.ErrorAs(t, tc.call(context.Background(), c), &ae)
			assert.Equal(t, tc.arg, ae.Arg)
			assert.NotEmpty(t, ae.Reason)
		})
	}
	assert.Zero(t, mt.GetTotalCallCount(), "no request is sent for bad input")
}

// errOf2 and errOf3 keep the error of a method's results, so a table entry
// reads errOf3(c.Buckets.Get(ctx, "", nil)) or errOf2(c.Results.Wait(...)).
func errOf2[T any](_ T, err error) error              { return err }
func errOf3[T any](_ T, _ *Response, err error) error { return err }
