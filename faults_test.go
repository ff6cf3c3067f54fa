package runscope

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// The fault suite: each fault a server or network can produce, served by
// a real net/http server (httptest, on an in-memory network inside a
// synctest bubble, so deadlines and backoffs take no real time) to a GET,
// a PUT, a DELETE and a POST of real service methods. For each pair it
// checks the documented outcome, the attempts the server saw and the ones
// the error or Response reports, that no connection is left busy, that no
// goroutine is left behind (synctest.Test fails when one is), and that no
// token appears in the error, the debug log or a panic, with a static token
// and with tokens rotated on every attempt, all echoed by the server.

// faultMethod is a real service method of one HTTP method.
type faultMethod struct {
	method string
	call   func(context.Context, *Client) (value any, resp *Response, err error)
}

var faultMethods = []faultMethod{
	{http.MethodGet, func(ctx context.Context, c *Client) (any, *Response, error) {
		return nilIfNil(c.Tests.Get(ctx, "bkt", "tst"))
	}},
	{http.MethodPut, func(ctx context.Context, c *Client) (any, *Response, error) {
		return nilIfNil(c.Tests.Update(ctx, "bkt", "tst", &TestUpdate{Name: new("renamed")}))
	}},
	{http.MethodDelete, func(ctx context.Context, c *Client) (any, *Response, error) {
		resp, err := c.Tests.Delete(ctx, "bkt", "tst")
		return nil, resp, err
	}},
	{http.MethodPost, func(ctx context.Context, c *Client) (any, *Response, error) {
		return nilIfNil(c.Tests.Create(ctx, "bkt", &Test{Name: "new"}))
	}},
}

// nilIfNil turns a nil *Test into a nil any.
func nilIfNil(t *Test, resp *Response, err error) (any, *Response, error) {
	if t == nil {
		return nil, resp, err
	}
	return t, resp, err
}

// faultWant is the documented outcome of a fault for one method.
type faultWant struct {
	attempts int     // what the server saw, and what the call reports
	status   int     // of the *APIError; 0: not an *APIError
	is       []error // errors.Is holds for each
	message  string  // in APIError.Message
	ok       bool    // the call succeeds
	// retryAfter, when set, bounds APIError.RetryAfter, which must be positive.
	retryAfter time.Duration
}

type fault struct {
	name string
	// deadline bounds each call; 0: a minute.
	deadline time.Duration
	serve    func(w http.ResponseWriter, r *http.Request)
	want     func(method string) faultWant
}

// idempotentRetries is how many attempts a fault that GET, PUT and DELETE
// retry costs under the suite's policy (two retries); a POST makes one.
func idempotentRetries(method string) int {
	if method == http.MethodPost {
		return 1
	}
	return 3
}

// echoToken is what a careless server writes back: the request's token.
func echoToken(r *http.Request) string {
	return strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
}

func statusFault(status int, sentinel error) fault {
	return fault{
		name: fmt.Sprint(status),
		serve: func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(status)
			fmt.Fprintf(w, `{"error":{"status":%d,"message":"failed for token %s"},"meta":{"status":"error"}}`, status, echoToken(r))
		},
		want: func(method string) faultWant {
			n := idempotentRetries(method)
			if status == http.StatusInternalServerError {
				n = 1 // a 500 may have done the work: not retried
			}
			return faultWant{attempts: n, status: status, is: []error{sentinel}, message: "failed for token [REDACTED]"}
		},
	}
}

var faults = []fault{
	{
		name: "429 with Retry-After in seconds",
		serve: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprintf(w, `{"error":"slow down, %s"}`, echoToken(r))
		},
		want: func(string) faultWant { // a 429 is retried even for a POST: nothing was done
			return faultWant{attempts: 3, status: 429, is: []error{ErrRateLimited}, message: "slow down, [REDACTED]", retryAfter: time.Second}
		},
	},
	{
		name: "429 with Retry-After as an HTTP date",
		serve: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", time.Now().Add(2*time.Second).UTC().Format(http.TimeFormat))
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprintf(w, `{"error":"slow down, %s"}`, echoToken(r))
		},
		want: func(string) faultWant {
			return faultWant{attempts: 3, status: 429, is: []error{ErrRateLimited}, message: "slow down, [REDACTED]", retryAfter: 2 * time.Second}
		},
	},
	statusFault(500, ErrServer),
	statusFault(502, ErrServer),
	statusFault(503, ErrServer),
	statusFault(504, ErrServer),
	{
		name: "connection reset after the request was read",
		serve: func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
		},
		want: func(method string) faultWant { return faultWant{attempts: idempotentRetries(method)} },
	},
	{
		name: "connection closed mid-body",
		serve: func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			cutBody(w, `{"data":{"id":"t1","name":"`+echoToken(r))
		},
		want: func(method string) faultWant {
			return faultWant{attempts: idempotentRetries(method), is: []error{io.ErrUnexpectedEOF}}
		},
	},
	{
		name: "truncated JSON",
		serve: func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, `{"data":{"id":"t1","name":"%s`, echoToken(r))
		},
		want: func(string) faultWant { return faultWant{attempts: 1, status: 200, message: "not JSON"} },
	},
	{
		name:  "empty 200",
		serve: func(w http.ResponseWriter, r *http.Request) {},
		want: func(method string) faultWant {
			if method == http.MethodDelete {
				return faultWant{attempts: 1, ok: true}
			}
			return faultWant{attempts: 1, status: 200, message: "held no data"}
		},
	},
	{
		name: "HTML page with 200",
		serve: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprintf(w, "<html><body><h1>Welcome, %s</h1></body></html>", echoToken(r))
		},
		want: func(string) faultWant { return faultWant{attempts: 1, status: 200, message: "not JSON"} },
	},
	{
		name: "envelope with both data and error",
		serve: func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, `{"data":{"id":"t1"},"error":{"status":409,"message":"conflict for %s"},"meta":{"status":"error"}}`, echoToken(r))
		},
		want: func(string) faultWant { return faultWant{attempts: 1, status: 409, message: "conflict for [REDACTED]"} },
	},
	{
		name: "error string in a 2xx",
		serve: func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, `{"error":"not allowed for %s","meta":{"status":"error"}}`, echoToken(r))
		},
		want: func(string) faultWant {
			return faultWant{attempts: 1, status: 200, message: "not allowed for [REDACTED]"}
		},
	},
	{
		name: "50 MB error body",
		serve: func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusInternalServerError)
			chunk := bytes.Repeat([]byte(echoToken(r)+" "), 64<<10/(len(echoToken(r))+1))
			for written := 0; written < 50<<20; written += len(chunk) {
				if _, err := w.Write(chunk); err != nil {
					return // the client stopped reading
				}
			}
		},
		want: func(string) faultWant { return faultWant{attempts: 1, status: 500, is: []error{ErrServer}} },
	},
	{
		name:     "body slower than the deadline",
		deadline: time.Second,
		serve: func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body) // so the server notices when the client leaves
			w.WriteHeader(http.StatusOK)
			_, _ = io.WriteString(w, `{"data":{"id":"t1","name":"`)
			for range 100 {
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
					return
				case <-time.After(100 * time.Millisecond):
				}
				_, _ = io.WriteString(w, "x")
			}
			_, _ = io.WriteString(w, `"}}`)
		},
		want: func(string) faultWant { return faultWant{attempts: 1, is: []error{context.DeadlineExceeded}} },
	},
	{
		name:     "server that never sends headers",
		deadline: time.Second,
		serve: func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			<-r.Context().Done()
		},
		want: func(string) faultWant { return faultWant{attempts: 1, is: []error{context.DeadlineExceeded}} },
	},
}

// issuedTokens is a token source that hands out a new token on every call
// when rotate is set, and the same one otherwise, and remembers them all.
type issuedTokens struct {
	rotate bool
	mu     sync.Mutex
	all    []string
}

func (s *issuedTokens) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.rotate && len(s.all) > 0 {
		return &oauth2.Token{AccessToken: s.all[0], TokenType: "Bearer"}, nil
	}
	tok := fmt.Sprintf("fault-token-%04d-%s", len(s.all)+1, strings.Repeat("s", 24))
	s.all = append(s.all, tok)
	expiry := time.Time{}
	if s.rotate {
		expiry = time.Now() // expired at once: the next attempt takes another
	}
	return &oauth2.Token{AccessToken: tok, TokenType: "Bearer", Expiry: expiry}, nil
}

func (s *issuedTokens) issued() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.all...)
}

func TestFaults(t *testing.T) {
	cases := 0
	for _, rotate := range []bool{false, true} {
		for _, f := range faults {
			for _, m := range faultMethods {
				cases++
				name := fmt.Sprintf("%s/%s/rotate=%v", f.name, m.method, rotate)
				t.Run(name, func(t *testing.T) {
					synctest.Test(t, func(t *testing.T) { runFault(t, f, m, rotate) })
				})
			}
		}
	}
	assert.Equal(t, 2*16*4, cases, "16 faults × 4 methods, with a static and a rotated token")
}

func runFault(t *testing.T, f fault, m faultMethod, rotate bool) {
	var logs bytes.Buffer
	n := newMemNet()
	var seen atomic.Int32
	srv := n.server(t, "127.0.0.1:1001", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen.Add(1)
		f.serve(w, r)
	}))
	tokens := &issuedTokens{rotate: rotate}
	c := memClient(t, n, srv, WithTokenSource(tokens),
		WithLogger(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
		WithRetry(RetryPolicy{MaxRetries: 2, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}))
	ctx, cancel := context.WithTimeout(context.Background(), cmp.Or(f.deadline, time.Minute))
	defer cancel()

	var value any
	var resp *Response
	var err error
	panicked := func() (p any) {
		defer func() { p = recover() }()
		value, resp, err = m.call(ctx, c)
		return nil
	}()
	synctest.Wait()
	srv.requireNoBusyConn(t)

	want := f.want(m.method)
	require.Nil(t, panicked, "the call panicked")
	assert.EqualValues(t, want.attempts, seen.Load(), "attempts the server saw")
	assert.Equal(t, want.attempts, reportedAttempts(resp, err), "attempts the call reports")
	if want.ok {
		require.NoError(t, err)
		return
	}
	require.Error(t, err)
	assert.Nil(t, value, "a failed call returns no value")
	for _, target := range want.is {
		assert.ErrorIs(t, err, target)
	}
	var apiErr *APIError
	if want.status == 0 {
		assert.False(t, errors.As(err, &apiErr), "not an *APIError: %v", err)
	} else if assert.ErrorAs(t, err, &apiErr) {
		assert.Equal(t, want.status, apiErr.StatusCode)
		assert.Contains(t, apiErr.Message, want.message)
		assert.LessOrEqual(t, len(apiErr.Body), maxErrorBody)
		assert.Equal(t, m.method, apiErr.Method)
		if want.retryAfter != 0 {
			assert.Positive(t, apiErr.RetryAfter)
			assert.LessOrEqual(t, apiErr.RetryAfter, want.retryAfter)
		}
	}
	assert.Contains(t, err.Error(), m.method+" http://127.0.0.1:1001/buckets/bkt/tests", "the error names the request")

	issued := tokens.issued()
	require.NotEmpty(t, issued)
	texts := []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err), logs.String()}
	if apiErr != nil {
		texts = append(texts, apiErr.Message, apiErr.MoreInfo, string(apiErr.Body))
	}
	for _, tok := range issued {
		for _, text := range texts {
			if strings.Contains(text, tok) {
				t.Fatalf("token %s leaked: %.300s", tok, text)
			}
		}
	}
}

// reportedAttempts is the attempt count a failed or successful call
// reports: in its *APIError, its Response, or its transport error.
func reportedAttempts(resp *Response, err error) int {
	var apiErr *APIError
	var terr *transportError
	var ierr *interruptedError
	switch {
	case errors.As(err, &apiErr):
		return apiErr.Attempts
	case errors.As(err, &terr):
		return terr.attempts
	case errors.As(err, &ierr):
		return ierr.attempts
	case resp != nil:
		return resp.Attempts
	}
	return 0
}
