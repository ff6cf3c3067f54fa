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
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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

func TestDoNilRequest(t *testing.T) {
	c, err := NewClient()
	require.NoError(t, err)
	_, err = c.Do(nil, nil)
	var ae *ArgError
	assert.ErrorAs(t, err, &ae)
}
