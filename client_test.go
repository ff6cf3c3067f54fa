package runscope

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewClientDefaults(t *testing.T) {
	c, err := NewClient()
	require.NoError(t, err)
	assert.Equal(t, DefaultBaseURL, c.BaseURL())
	assert.Equal(t, defaultRetryPolicy, c.retry)
	for name, svc := range map[string]any{
		"Tests": c.Tests, "Steps": c.Steps, "Environments": c.Environments, "Schedules": c.Schedules,
		"Results": c.Results, "Metrics": c.Metrics, "Buckets": c.Buckets, "Teams": c.Teams,
		"Roles": c.Roles, "Groups": c.Groups, "Usage": c.Usage,
	} {
		assert.NotNil(t, svc, name)
	}
}

func TestNewClientOptionErrors(t *testing.T) {
	cases := map[string]struct {
		opt Option
		arg string
	}{
		"empty token":            {WithToken(" "), "token"},
		"nil token source":       {WithTokenSource(nil), "ts"},
		"nil http client":        {WithHTTPClient(nil), "hc"},
		"plain http remote":      {WithBaseURL("http://api.runscope.com/"), "rawURL"},
		"plain http by IP":       {WithBaseURL("http://10.0.0.8:8080/"), "rawURL"},
		"relative":               {WithBaseURL("/v1/"), "rawURL"},
		"credentials in url":     {WithBaseURL("https://user:pw@api.runscope.com/"), "rawURL"},
		"other scheme":           {WithBaseURL("ftp://api.runscope.com/"), "rawURL"},
		"header injection in ua": {WithUserAgent("x\r\nAuthorization: y"), "ua"},
		"negative retries":       {WithRetry(RetryPolicy{MaxRetries: -1}), "RetryPolicy.MaxRetries"},
		"min above max":          {WithRetry(RetryPolicy{MinBackoff: time.Minute, MaxBackoff: time.Second}), "RetryPolicy"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c, err := NewClient(tc.opt)
			assert.Nil(t, c)
			var ae *ArgError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tc.arg, ae.Arg)
		})
	}
}

func TestWithBaseURLLoopbackHTTP(t *testing.T) {
	for _, raw := range []string{"http://127.0.0.1:8080", "http://localhost/api", "http://[::1]:9/"} {
		c, err := NewClient(WithBaseURL(raw))
		require.NoError(t, err, raw)
		assert.True(t, strings.HasSuffix(c.BaseURL(), "/"), "base URL ends with a slash: %s", c.BaseURL())
	}
}

func TestWithHTTPClientNotMutated(t *testing.T) {
	mt := httpmock.NewMockTransport()
	hc := &http.Client{Transport: mt, Timeout: 7 * time.Second}
	c, err := NewClient(WithHTTPClient(hc), WithToken(testToken))
	require.NoError(t, err)
	assert.Same(t, mt, hc.Transport, "the caller's client keeps its transport")
	assert.Equal(t, 7*time.Second, c.httpClient.Timeout, "the copy keeps the caller's settings")
	assert.NotSame(t, hc, c.httpClient)
}

func TestUserAgent(t *testing.T) {
	c, mux := setup(t, WithUserAgent("ci-gate/2.0"))
	mux.HandleFunc("GET /account", func(w http.ResponseWriter, r *http.Request) {
		want := fmt.Sprintf("runscope-go/%s (%s; %s/%s) ci-gate/2.0", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
		assert.Equal(t, want, r.Header.Get("User-Agent"))
		assert.Equal(t, "Bearer "+testToken, r.Header.Get("Authorization"))
		assert.Equal(t, "application/json", r.Header.Get("Accept"))
		fmt.Fprint(w, `{"data":{"name":"Grace"},"meta":{"status":"success"}}`)
	})
	_, _, err := c.Account(context.Background())
	require.NoError(t, err)
}

func TestNewRequest(t *testing.T) {
	c, err := NewClient(WithBaseURL("https://example.test/api/"))
	require.NoError(t, err)
	ctx := context.Background()

	req, err := c.NewRequest(ctx, http.MethodGet, "/buckets/abc?count=5", nil)
	require.NoError(t, err)
	assert.Equal(t, "https://example.test/api/buckets/abc?count=5", req.URL.String())
	assert.Empty(t, req.Header.Get("Content-Type"), "no content type without a body")
	assert.Nil(t, req.Body)

	req, err = c.NewRequest(ctx, http.MethodPost, "buckets", map[string]string{"name": "x"})
	require.NoError(t, err)
	assert.Equal(t, "application/json", req.Header.Get("Content-Type"))
	body, err := io.ReadAll(req.Body)
	require.NoError(t, err)
	assert.JSONEq(t, `{"name":"x"}`, string(body))
	require.NotNil(t, req.GetBody, "bodies can be rewound for retries")

	var nilCtx context.Context // a caller's mistake the client must catch
	_, err = c.NewRequest(nilCtx, http.MethodGet, "x", nil)
	var ae *ArgError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "ctx", ae.Arg)

	_, err = c.NewRequest(ctx, http.MethodPost, "x", func() {})
	assert.ErrorContains(t, err, "encoding")
}

func TestEndpointEscapes(t *testing.T) {
	p, err := endpoint("teams/{teamID}/people/{email}", "../teams", "a/b+c@example.com")
	require.NoError(t, err)
	assert.Equal(t, "teams/..%2Fteams/people/a%2Fb+c@example.com", p)

	for _, bad := range []string{"", " ", ".", ".."} {
		_, err := endpoint("buckets/{bucketKey}", bad)
		var ae *ArgError
		require.ErrorAs(t, err, &ae, "%q", bad)
		assert.Equal(t, "bucketKey", ae.Arg)
	}
	_, err = endpoint("buckets/{bucketKey}")
	assert.Error(t, err, "too few arguments")
	_, err = endpoint("buckets", "x")
	assert.Error(t, err, "too many arguments")
}

func TestEscapedIDReachesServerAsOneSegment(t *testing.T) {
	c, mux := setup(t)
	var gotPath string
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		gotPath = r.URL.EscapedPath()
		fmt.Fprint(w, `{"data":null}`)
	})
	_, _, err := call[map[string]any](context.Background(), c, http.MethodGet, at("buckets/{bucketKey}", "../teams"), nil, nil)
	require.NoError(t, err)
	assert.Equal(t, "/buckets/..%2Fteams", gotPath)
}

func TestDecodeEnvelopeShapes(t *testing.T) {
	type item struct {
		ID string `json:"id"`
	}
	cases := map[string]struct {
		body     string
		want     []item
		wantMeta Meta
	}{
		"envelope, data first":      {`{"data":[{"id":"a"},{"id":"b"}],"error":null,"meta":{"status":"success"}}`, []item{{"a"}, {"b"}}, Meta{"success"}},
		"envelope, meta first":      {`{"meta":{"status":"success"},"data":[{"id":"a"}]}`, []item{{"a"}}, Meta{"success"}},
		"envelope, error first":     {` {"error":null,"meta":{"status":"success"},"extra":{"x":[1]},"data":[{"id":"a"}]}`, []item{{"a"}}, Meta{"success"}},
		"bare array":                {"\n[{\"id\":\"a\"},{\"id\":\"b\"}]", []item{{"a"}, {"b"}}, Meta{}},
		"bare object as a list":     {`{"id":"a","name":"only one"}`, []item{{"a"}}, Meta{}},
		"envelope object as a list": {`{"data":{"id":"a"}}`, []item{{"a"}}, Meta{}},
		"null data":                 {`{"data":null,"meta":{"status":"success"}}`, nil, Meta{"success"}},
		"empty body":                {``, nil, Meta{}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c, mt := mockClient(t)
			mt.RegisterResponder(http.MethodGet, "https://api.runscope.com/things", httpmock.NewStringResponder(200, tc.body))
			got, resp, err := callList[item](context.Background(), c, http.MethodGet, at("things"), nil, nil)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.wantMeta, resp.Meta)
			assert.Equal(t, 1, resp.Attempts)
		})
	}
}

func TestDecodeBareObjectWithLongFirstMember(t *testing.T) {
	long := strings.Repeat("k", 10000)
	body := `{"` + long + `":1,"id":"a"}`
	var v map[string]any
	_, err := decodeBody(strings.NewReader(body), &v, new(Meta))
	require.NoError(t, err)
	assert.Equal(t, "a", v["id"])
}

func TestDecodeMalformedSuccessBody(t *testing.T) {
	c, mt := mockClient(t)
	mt.RegisterResponder(http.MethodGet, "https://api.runscope.com/account", httpmock.NewStringResponder(200, `{"data":{"name":`))
	_, _, err := c.Account(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "decoding the response to GET /account")
	var apiErr *APIError
	assert.False(t, errors.As(err, &apiErr), "a body that does not decode is not an API error")
}

// The 403 a missing or bad token gets, as other clients saw it.
const forbiddenBody = `{"data":null,"error":{"status":403,"message":"Forbidden: The access token provided is invalid.","more_info":"https://www.runscope.com/docs/api/authentication"},"meta":{"status":"error"}}`

func TestAPIErrorObject(t *testing.T) {
	c, mt := mockClient(t)
	mt.RegisterResponder(http.MethodGet, "https://api.runscope.com/account", httpmock.NewStringResponder(403, forbiddenBody))
	_, resp, err := c.Account(context.Background())
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 403, apiErr.StatusCode)
	assert.Equal(t, "Forbidden: The access token provided is invalid.", apiErr.Message)
	assert.Equal(t, "https://www.runscope.com/docs/api/authentication", apiErr.MoreInfo)
	assert.Equal(t, http.MethodGet, apiErr.Method)
	assert.Equal(t, "https://api.runscope.com/account", apiErr.URL)
	assert.Equal(t, forbiddenBody, string(apiErr.Body))
	assert.Equal(t, 1, apiErr.Attempts)
	assert.ErrorIs(t, err, ErrForbidden)
	assert.NotErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrServer)
	assert.Equal(t, 403, resp.StatusCode)
	assert.Equal(t, "runscope: GET https://api.runscope.com/account: 403 Forbidden: Forbidden: The access token provided is invalid. (see https://www.runscope.com/docs/api/authentication)", err.Error())
}

func TestAPIErrorString(t *testing.T) {
	c, mt := mockClient(t)
	body := `{"error":"Email user01@gmail.com is not part of the bucket q4nomk5x1yk7","meta":{"status":"error"}}`
	mt.RegisterResponder(http.MethodDelete, "https://api.runscope.com/things", httpmock.NewStringResponder(400, body))
	_, err := callNoData(context.Background(), c, http.MethodDelete, at("things"), nil, nil)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 400, apiErr.StatusCode)
	assert.Equal(t, "Email user01@gmail.com is not part of the bucket q4nomk5x1yk7", apiErr.Message)
	assert.ErrorIs(t, err, ErrBadRequest)
}

func TestAPIErrorInSuccessStatus(t *testing.T) {
	cases := map[string]struct {
		body       string
		wantStatus int
		wantMsg    string
	}{
		"object": {`{"data":null,"error":{"status":404,"message":"Test not found"},"meta":{"status":"error"}}`, 404, "Test not found"},
		"string": {`{"meta":{"status":"error"},"error":"Email x is not part of the bucket y"}`, 200, "Email x is not part of the bucket y"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c, mt := mockClient(t)
			mt.RegisterResponder(http.MethodGet, "https://api.runscope.com/things", httpmock.NewStringResponder(200, tc.body))
			_, _, err := call[map[string]any](context.Background(), c, http.MethodGet, at("things"), nil, nil)
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tc.wantStatus, apiErr.StatusCode)
			assert.Equal(t, tc.wantMsg, apiErr.Message)
		})
	}
}

func TestAPIErrorHTML502(t *testing.T) {
	c, mt := mockClient(t, WithRetry(RetryPolicy{}))
	html := "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>"
	mt.RegisterResponder(http.MethodGet, "https://api.runscope.com/account",
		httpmock.NewStringResponder(502, html).HeaderSet(http.Header{"Content-Type": {"text/html"}}))
	_, _, err := c.Account(context.Background())
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 502, apiErr.StatusCode)
	assert.Equal(t, "Bad Gateway", apiErr.Message)
	assert.Equal(t, html, string(apiErr.Body))
	assert.ErrorIs(t, err, ErrServer)
}

func TestAPIErrorBodyIsBounded(t *testing.T) {
	c, mt := mockClient(t)
	big := bytes.Repeat([]byte("x"), maxErrorBody+5000)
	mt.RegisterResponder(http.MethodGet, "https://api.runscope.com/account", httpmock.NewBytesResponder(500, big))
	_, _, err := c.Account(context.Background())
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Len(t, apiErr.Body, maxErrorBody)
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

func TestRetryGetAfter503(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := mockClient(t)
		responder, calls := sequence(503, 503, 200)
		mt.RegisterResponder(http.MethodGet, "https://api.runscope.com/things", responder)
		got, resp, err := call[map[string]any](context.Background(), c, http.MethodGet, at("things"), nil, nil)
		require.NoError(t, err)
		assert.Equal(t, 3, resp.Attempts)
		assert.EqualValues(t, 3, calls.Load())
		assert.Equal(t, json.Number("3"), got["attempt"], "SDK calls decode numbers in any as json.Number")
	})
}

func TestRetriesExhausted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := mockClient(t, WithRetry(RetryPolicy{MaxRetries: 2}))
		responder, calls := sequence(504)
		mt.RegisterResponder(http.MethodPut, "https://api.runscope.com/things", responder)
		_, err := callNoData(context.Background(), c, http.MethodPut, at("things"), nil, map[string]int{"a": 1})
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 504, apiErr.StatusCode)
		assert.Equal(t, 3, apiErr.Attempts)
		assert.EqualValues(t, 3, calls.Load())
		assert.Contains(t, err.Error(), "after 3 attempts")
	})
}

func TestRetryRewindsBody(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := mockClient(t)
		var bodies []string
		var n int
		mt.RegisterResponder(http.MethodPut, "https://api.runscope.com/things", func(r *http.Request) (*http.Response, error) {
			b, _ := io.ReadAll(r.Body)
			bodies = append(bodies, string(b))
			n++
			if n < 3 {
				return httpmock.NewStringResponse(502, "bad gateway"), nil
			}
			return httpmock.NewStringResponse(200, `{"data":{}}`), nil
		})
		_, err := callNoData(context.Background(), c, http.MethodPut, at("things"), nil, map[string]string{"name": "x"})
		require.NoError(t, err)
		assert.Equal(t, []string{`{"name":"x"}`, `{"name":"x"}`, `{"name":"x"}`}, bodies)
	})
}

func TestPostNotRetriedOn503(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := mockClient(t)
		responder, calls := sequence(503, 201)
		mt.RegisterResponder(http.MethodPost, "https://api.runscope.com/things", responder)
		_, resp, err := call[map[string]any](context.Background(), c, http.MethodPost, at("things"), nil, map[string]string{"name": "x"})
		assert.ErrorIs(t, err, ErrServer)
		assert.EqualValues(t, 1, calls.Load(), "a create reaches the server exactly once")
		assert.Equal(t, 1, resp.Attempts)
	})
}

func TestPostRetriedOn429(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := mockClient(t)
		responder, calls := sequence(429, 201)
		mt.RegisterResponder(http.MethodPost, "https://api.runscope.com/things", responder)
		got, resp, err := call[map[string]any](context.Background(), c, http.MethodPost, at("things"), nil, map[string]string{"name": "x"})
		require.NoError(t, err)
		assert.EqualValues(t, 2, calls.Load())
		assert.Equal(t, 2, resp.Attempts)
		assert.Equal(t, 201, resp.StatusCode)
		assert.Equal(t, json.Number("2"), got["attempt"])
	})
}

func TestRetryAfterHonored(t *testing.T) {
	cases := map[string]struct {
		header string
		policy RetryPolicy
		want   time.Duration
	}{
		"seconds":              {"7", defaultRetryPolicy, 7 * time.Second},
		"http date":            {"", defaultRetryPolicy, 12 * time.Second}, // filled in below, relative to the fake clock
		"capped by MaxBackoff": {"3600", RetryPolicy{MaxRetries: 1, MaxBackoff: 10 * time.Second}, 10 * time.Second},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				header := tc.header
				if header == "" {
					header = time.Now().Add(12 * time.Second).UTC().Format(http.TimeFormat)
				}
				c, mt := mockClient(t, WithRetry(tc.policy))
				var n int
				mt.RegisterResponder(http.MethodGet, "https://api.runscope.com/things", func(*http.Request) (*http.Response, error) {
					n++
					if n == 1 {
						resp := httpmock.NewStringResponse(429, `{"error":"slow down"}`)
						resp.Header.Set("Retry-After", header)
						return resp, nil
					}
					return httpmock.NewStringResponse(200, `{"data":{}}`), nil
				})
				start := time.Now()
				_, err := callNoData(context.Background(), c, http.MethodGet, at("things"), nil, nil)
				require.NoError(t, err)
				assert.Equal(t, tc.want, time.Since(start))
			})
		})
	}
}

func TestBackoffIsBoundedAndJittered(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := mockClient(t, WithRetry(RetryPolicy{MaxRetries: 3, MinBackoff: time.Second, MaxBackoff: 3 * time.Second}))
		responder, _ := sequence(503)
		mt.RegisterResponder(http.MethodGet, "https://api.runscope.com/things", responder)
		start := time.Now()
		_, err := callNoData(context.Background(), c, http.MethodGet, at("things"), nil, nil)
		require.ErrorIs(t, err, ErrServer)
		// Ceilings are 1s, 2s and 3s (capped): at most 6s in all.
		assert.LessOrEqual(t, time.Since(start), 6*time.Second)
	})
}

func TestContextCanceledDuringBackoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := mockClient(t)
		mt.RegisterResponder(http.MethodGet, "https://api.runscope.com/things",
			httpmock.NewStringResponder(503, "busy").HeaderSet(http.Header{"Retry-After": {"25"}}))
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(time.Second, cancel)
		start := time.Now()
		_, err := callNoData(ctx, c, http.MethodGet, at("things"), nil, nil)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, time.Second, time.Since(start), "returns as soon as ctx ends, not after the backoff")
		assert.Equal(t, 1, mt.GetTotalCallCount())
	})
}

func TestContextDeadlineDuringBackoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := mockClient(t)
		mt.RegisterResponder(http.MethodGet, "https://api.runscope.com/things",
			httpmock.NewStringResponder(429, "busy").HeaderSet(http.Header{"Retry-After": {"25"}}))
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_, err := callNoData(ctx, c, http.MethodGet, at("things"), nil, nil)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
	})
}

func dialError() error {
	return &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
}

func TestConnectionErrorRetries(t *testing.T) {
	cases := map[string]struct {
		method    string
		err       error
		wantCalls int
	}{
		"GET retries a reset":                       {http.MethodGet, &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}, 4},
		"POST retries a dial error":                 {http.MethodPost, dialError(), 4},
		"POST does not retry a reset after sending": {http.MethodPost, &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}, 1},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, mt := mockClient(t)
				mt.RegisterResponder(tc.method, "https://api.runscope.com/things", httpmock.NewErrorResponder(tc.err))
				_, err := callNoData(context.Background(), c, tc.method, at("things"), nil, map[string]int{"a": 1})
				require.Error(t, err)
				var op *net.OpError
				assert.ErrorAs(t, err, &op, "the network error stays reachable")
				assert.Equal(t, tc.wantCalls, mt.GetTotalCallCount())
			})
		})
	}
}

func TestConnectionErrorThenSuccess(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := mockClient(t)
		var n int
		mt.RegisterResponder(http.MethodPost, "https://api.runscope.com/things", func(*http.Request) (*http.Response, error) {
			n++
			if n == 1 {
				return nil, dialError()
			}
			return httpmock.NewStringResponse(201, `{"data":{"ok":true}}`), nil
		})
		got, resp, err := call[map[string]bool](context.Background(), c, http.MethodPost, at("things"), nil, map[string]int{"a": 1})
		require.NoError(t, err)
		assert.True(t, got["ok"])
		assert.Equal(t, 2, resp.Attempts)
	})
}

func TestRedirectToOtherHostCarriesNoToken(t *testing.T) {
	var otherAuth atomic.Value
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherAuth.Store(r.Header.Get("Authorization"))
		fmt.Fprint(w, `{"data":{"name":"elsewhere"}}`)
	}))
	defer other.Close()
	c, mux := setup(t)
	mux.HandleFunc("GET /account", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "Bearer "+testToken, r.Header.Get("Authorization"), "the API's own host gets the token")
		http.Redirect(w, r, other.URL+"/account", http.StatusFound)
	})
	acct, _, err := c.Account(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "elsewhere", acct.Name)
	assert.Equal(t, "", otherAuth.Load(), "the other host gets no Authorization header")
}

func TestTokenNeverLeaks(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, mux := setup(t, WithLogger(logger), WithRetry(RetryPolicy{MaxRetries: 1, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond}))
	echo := `{"error":{"status":403,"message":"token ` + testToken + ` is invalid","more_info":"https://x.test/?t=` + testToken + `"}}`
	mux.HandleFunc("GET /account", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, echo)
	})
	mux.HandleFunc("GET /things", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(w, `<html>`+r.Header.Get("Authorization")+`</html>`)
	})
	_, _, err1 := c.Account(context.Background())
	require.Error(t, err1)
	_, err2 := callNoData(context.Background(), c, http.MethodGet, at("things"), nil, nil)
	require.Error(t, err2)

	for _, err := range []error{err1, err2} {
		assert.NotContains(t, err.Error(), testToken)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.NotContains(t, string(apiErr.Body), testToken)
		assert.NotContains(t, apiErr.Message, testToken)
		assert.NotContains(t, apiErr.MoreInfo, testToken)
		assert.NotContains(t, fmt.Sprintf("%+v %#v", err, apiErr), testToken)
	}
	assert.NotEmpty(t, logs.String())
	assert.NotContains(t, logs.String(), testToken)
}

func TestTransportErrorHasNoToken(t *testing.T) {
	c, mt := mockClient(t, WithRetry(RetryPolicy{}))
	mt.RegisterResponder(http.MethodGet, "https://api.runscope.com/account",
		httpmock.NewErrorResponder(errors.New("proxy said: bad credentials Bearer "+testToken)))
	_, _, err := c.Account(context.Background())
	require.Error(t, err)
	assert.NotContains(t, err.Error(), testToken)
}

func TestLoggerOneRecordPerAttempt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var logs bytes.Buffer
		logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		c, mt := mockClient(t, WithLogger(logger))
		responder, _ := sequence(503, 200)
		mt.RegisterResponder(http.MethodGet, "https://api.runscope.com/buckets/abc", responder)
		_, err := callNoData(context.Background(), c, http.MethodGet, at("buckets/abc"), nil, nil)
		require.NoError(t, err)
		lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
		require.Len(t, lines, 2)
		for i, line := range lines {
			assert.Contains(t, line, `"msg":"runscope request"`)
			assert.Contains(t, line, `"method":"GET"`)
			assert.Contains(t, line, `"path":"/buckets/abc"`)
			assert.Contains(t, line, fmt.Sprintf(`"attempt":%d`, i+1))
			assert.Contains(t, line, `"duration"`)
		}
		assert.Contains(t, lines[0], `"status":503`)
		assert.Contains(t, lines[1], `"status":200`)
	})
}

func TestDoWithoutTokenSendsNoAuthorization(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Empty(t, r.Header.Get("Authorization"))
		fmt.Fprint(w, `{"data":{"name":"anon"}}`)
	}))
	defer srv.Close()
	c, err := NewClient(WithBaseURL(srv.URL))
	require.NoError(t, err)
	acct, _, err := c.Account(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "anon", acct.Name)
}

func TestDoNilRequest(t *testing.T) {
	c, err := NewClient()
	require.NoError(t, err)
	_, err = c.Do(nil, nil)
	var ae *ArgError
	assert.ErrorAs(t, err, &ae)
}

func TestPaged(t *testing.T) {
	var fetched []int
	seq := paged(2, func(page int) ([]int, error) {
		fetched = append(fetched, page)
		return [][]int{{1, 2}, {3, 4}, {5}}[page], nil
	})
	var got []int
	for v, err := range seq {
		require.NoError(t, err)
		got = append(got, v)
	}
	assert.Equal(t, []int{1, 2, 3, 4, 5}, got)
	assert.Equal(t, []int{0, 1, 2}, fetched)

	fetched = nil
	for v := range seq {
		if v == 3 {
			break
		}
	}
	assert.Equal(t, []int{0, 1}, fetched, "stops fetching when the caller stops")

	boom := errors.New("boom")
	var errs int
	for _, err := range paged(2, func(int) ([]int, error) { return nil, boom }) {
		assert.ErrorIs(t, err, boom)
		errs++
	}
	assert.Equal(t, 1, errs, "an error is yielded once")
}

func TestAccount(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/account", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, nil)
		testNoBody(t, r)
		serveGolden(t, w, http.StatusOK, "account.json")
	})
	acct, resp, err := c.Account(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "success", resp.Meta.Status)
	assert.Equal(t, "Grace Hopper", acct.Name)
	assert.Equal(t, "4ee15ecc-7fe1-43cb-aa12-ef50420f2cf9", acct.UUID)
	assert.Equal(t, "grace@example.com", acct.Email)
	require.Len(t, acct.Teams, 1)
	assert.Equal(t, "1234abcd-7fe1-43cb-aa12-ef50420f2cf9", acct.Teams[0].UUID)
	assert.Equal(t, "Amazing Grace", acct.Teams[0].Name)
}

func TestRegions(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/regions", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testNoBody(t, r)
		serveGolden(t, w, http.StatusOK, "regions.json")
	})
	regions, _, err := c.Regions(context.Background())
	require.NoError(t, err)
	require.Len(t, regions, 1)
	assert.EqualExportedValues(t, &Region{
		RegionCode:      "us1",
		Location:        "US East (Northern Virginia)",
		ServiceProvider: "Amazon Web Services",
		Hostname:        "us1.runscope.net",
	}, regions[0])
}

func TestAccountAndRegionsGoldenRoundTrip(t *testing.T) {
	testRoundTrip[*Account](t, goldenData(t, "account.json"))
	var regions struct {
		Regions []*Region `json:"regions"`
	}
	data := goldenData(t, "regions.json")
	require.NoError(t, json.Unmarshal(data, &regions))
	out, err := json.Marshal(regions)
	require.NoError(t, err)
	assertJSONSemEq(t, data, out)
}

// Do decodes into the caller's value with encoding/json's rules, envelope
// or not: a user's own types behave as they always do.
func TestDoDecodesWithEncodingJSONRules(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /custom", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"meta":{"status":"success"},"data":{"count":3,"name":"x"},"error":null}`)
	})
	mux.HandleFunc("GET /bare", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `[{"count":4}]`)
	})
	req, err := c.NewRequest(context.Background(), http.MethodGet, "custom", nil)
	require.NoError(t, err)
	var v map[string]any
	resp, err := c.Do(req, &v)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"count": float64(3), "name": "x"}, v)
	assert.Equal(t, "success", resp.Meta.Status)

	req, err = c.NewRequest(context.Background(), http.MethodGet, "bare", nil)
	require.NoError(t, err)
	var list []struct{ Count int }
	_, err = c.Do(req, &list)
	require.NoError(t, err)
	assert.Equal(t, 4, list[0].Count)

	_, err = c.Do(req, nil)
	assert.NoError(t, err, "a nil v discards the data")
}
