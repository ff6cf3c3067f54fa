package runscope

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Issue 10, defect 1: a deadline that fires while a 2xx body is being read
// gives an error that matches the context's, for every method.
func TestDeadlineWhileReadingBodyMatchesContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := newMemNet()
		srv := n.server(t, "127.0.0.1:1001", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "100000")
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write([]byte(`{"data":{"id":"x",`))
			w.(http.Flusher).Flush()
			<-r.Context().Done() // the rest never comes
		}))
		c := memClient(t, n, srv)
		for _, sc := range everyCall(t) {
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			res := sc.run(ctx, c, func(int) string { return "x" })
			cancel()
			assert.Nil(t, res.panicked, sc.name)
			assert.ErrorIs(t, res.err, context.DeadlineExceeded, sc.name)
			synctest.Wait()
			srv.requireNoBusyConn(t)
		}
	})
}

// noRequestTransport answers like a hand-written test double often does:
// a response without its Request.
type noRequestTransport struct {
	status int
	body   string
}

func (t noRequestTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: t.status, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(t.body))}, nil
}

// Issue 10, defect 5: a transport that leaves Response.Request nil panics
// nothing, and the Response a call returns names its request anyway.
func TestResponseWithoutRequest(t *testing.T) {
	for _, body := range []string{`{"data":[]}`, `{"data":[{"step_type":"pause","id":"other","duration":1}]}`, `{"data":null}`} {
		c := transportClient(t, noRequestTransport{200, body})
		ctx := context.Background()
		step := &RequestStep{Method: "GET", URL: "https://example.com/"}
		for name, call := range map[string]func() (Step, *Response, error){
			"Get":    func() (Step, *Response, error) { return c.Steps.Get(ctx, "bkt", "tst", "s1") },
			"Add":    func() (Step, *Response, error) { return c.Steps.Add(ctx, "bkt", "tst", step) },
			"Update": func() (Step, *Response, error) { return c.Steps.Update(ctx, "bkt", "tst", "s1", step) },
		} {
			require.NotPanics(t, func() {
				got, resp, err := call()
				if name == "Add" && strings.Contains(body, "other") {
					assert.NoError(t, err, "Add answers the last step of the answer")
				} else {
					assert.Error(t, err, name+" "+body)
					assert.Nil(t, got)
				}
				require.NotNil(t, resp)
				require.NotNil(t, resp.Request, "the pipeline fills in the request")
				assert.Equal(t, "api.runscope.com", resp.Request.URL.Host)
			}, name+" "+body)
		}
	}
}

// Issue 10, defect 7: Results.Wait with a nil context is an ArgError, as
// for every other method.
func TestWaitNilContext(t *testing.T) {
	c, mt := mockClient(t)
	var nilCtx context.Context
	var run *TestRun
	var err error
	require.NotPanics(t, func() { run, err = c.Results.Wait(nilCtx, "bkt", "tst", "run1", nil) })
	assert.Nil(t, run)
	var ae *ArgError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "ctx", ae.Arg)
	assert.Zero(t, mt.GetTotalCallCount())
}

// Issue 9: a context that ends while the call waits to retry gives an
// error that matches both the context's error and the last answer.
func TestContextEndsDuringRetryWaitKeepsLastAnswer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := mockClient(t, WithRetry(RetryPolicy{MaxRetries: 3}))
		mt.RegisterResponder(http.MethodGet, "https://api.runscope.com/buckets/bkt/tests/tst",
			httpmock.NewStringResponder(503, `{"error":{"status":503,"message":"down for maintenance"}}`).HeaderSet(http.Header{"Retry-After": {"25"}}))
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_, resp, err := c.Tests.Get(ctx, "bkt", "tst")
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.ErrorIs(t, err, ErrServer)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 503, apiErr.StatusCode)
		assert.Equal(t, "down for maintenance", apiErr.Message)
		assert.Equal(t, 1, apiErr.Attempts)
		assert.Contains(t, err.Error(), "GET https://api.runscope.com/buckets/bkt/tests/tst")
		assert.Contains(t, err.Error(), "503")
		assert.Contains(t, err.Error(), "context deadline exceeded")
		require.NotNil(t, resp)
		assert.Equal(t, 1, resp.Attempts)
	})
}

// A body cut off mid-stream (io.ErrUnexpectedEOF) is a network failure:
// GET, PUT and DELETE retry it within the policy; POST never does, since
// the server acted on the request.
func TestBodyCutMidStream(t *testing.T) {
	cases := []struct {
		method    string
		call      func(context.Context, *Client) (*Response, error)
		wantCalls int
	}{
		{"GET", func(ctx context.Context, c *Client) (*Response, error) {
			return errOfValue(c.Tests.Get(ctx, "bkt", "tst"))
		}, 2},
		{"PUT", func(ctx context.Context, c *Client) (*Response, error) {
			return errOfValue(c.Tests.Update(ctx, "bkt", "tst", &TestUpdate{Name: new("n")}))
		}, 2},
		{"DELETE", func(ctx context.Context, c *Client) (*Response, error) { return c.Tests.Delete(ctx, "bkt", "tst") }, 2},
		{"POST", func(ctx context.Context, c *Client) (*Response, error) {
			return errOfValue(c.Tests.Create(ctx, "bkt", &Test{Name: "n"}))
		}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.method, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				n := newMemNet()
				var calls atomic.Int32
				srv := n.server(t, "127.0.0.1:1001", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					_, _ = io.Copy(io.Discard, r.Body)
					if calls.Add(1) == 1 {
						cutBody(w, `{"data":{"id":"t1","na`)
						return
					}
					fmt.Fprint(w, `{"data":{"id":"t1"}}`)
				}))
				c := memClient(t, n, srv, WithRetry(RetryPolicy{MaxRetries: 2, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}))
				resp, err := tc.call(context.Background(), c)
				synctest.Wait()
				srv.requireNoBusyConn(t)
				assert.EqualValues(t, tc.wantCalls, calls.Load())
				if tc.wantCalls == 1 {
					assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
					var apiErr *APIError
					assert.False(t, errors.As(err, &apiErr), "a cut body is not the API's answer")
					return
				}
				require.NoError(t, err)
				assert.Equal(t, 2, resp.Attempts)
			})
		})
	}
}

// errOfValue drops the value of a call's results.
func errOfValue[T any](_ T, resp *Response, err error) (*Response, error) { return resp, err }

// cutBody hijacks the connection and writes a 200 that promises more body
// than it sends, then closes: the client reads io.ErrUnexpectedEOF.
func cutBody(w http.ResponseWriter, partial string) {
	conn, buf, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(err)
	}
	defer conn.Close()
	fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(partial)+100, partial)
	_ = buf.Flush()
}
