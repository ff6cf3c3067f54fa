package runscope

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cannedTransport answers every request with one status and body.
type cannedTransport struct {
	status int
	body   []byte
}

func (c cannedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		req.Body.Close()
	}
	return &http.Response{
		StatusCode: c.status,
		Header:     http.Header{"Content-Type": {"application/json"}},
		Body:       io.NopCloser(strings.NewReader(string(c.body))),
		Request:    req,
	}, nil
}

// fuzzCall is a public call under fuzzing; promise says its doc promises a
// value.
type fuzzCall struct {
	name    string
	promise bool
	call    func(context.Context, *Client) (value any, isNil bool, err error)
}

var fuzzCalls = []fuzzCall{
	{"Tests.Get", true, func(ctx context.Context, c *Client) (any, bool, error) {
		t, _, err := c.Tests.Get(ctx, "bkt", "tst")
		return t, t == nil, err
	}},
	{"Tests.List", false, func(ctx context.Context, c *Client) (any, bool, error) {
		l, _, err := c.Tests.List(ctx, "bkt", nil)
		return l, l == nil, err
	}},
	{"Tests.Delete", false, func(ctx context.Context, c *Client) (any, bool, error) {
		_, err := c.Tests.Delete(ctx, "bkt", "tst")
		return nil, true, err
	}},
	{"Steps.Get", true, func(ctx context.Context, c *Client) (any, bool, error) {
		s, _, err := c.Steps.Get(ctx, "bkt", "tst", "stp")
		return s, s == nil, err
	}},
	{"Teams.People", false, func(ctx context.Context, c *Client) (any, bool, error) {
		l, _, err := c.Teams.People(ctx, "team", nil)
		return l, l == nil, err
	}},
}

// sentinels are the errors an *APIError matches by status class.
var sentinels = []error{ErrBadRequest, ErrUnauthorized, ErrForbidden, ErrNotFound, ErrRateLimited, ErrServer}

func sentinelFor(status int) error {
	switch {
	case status == 400:
		return ErrBadRequest
	case status == 401:
		return ErrUnauthorized
	case status == 403:
		return ErrForbidden
	case status == 404:
		return ErrNotFound
	case status == 429:
		return ErrRateLimited
	case status >= 500 && status <= 599:
		return ErrServer
	}
	return nil
}

// FuzzCallAnswers serves an arbitrary status and body to public calls (a
// get, a list, a delete, a step call, a people list) and checks what a
// caller relies on: no panic; a status outside 2xx is an *APIError whose
// sentinel agrees with its status; a 2xx never gives a nil value with a nil
// error where the method promises a value, nor a value with an error; and
// the token, even echoed by the server, never appears in an error. The
// seed corpus holds the fault suite's bodies and the reference's samples,
// so it runs in every go test.
func FuzzCallAnswers(f *testing.F) {
	seeds := []string{
		"", " ", "null", "{}", "[]", `{"data":null}`, `{"data":{}}`, `{"data":[]}`, "nope", "not found",
		"nginx: upstream timed out", "<html><body>502 Bad Gateway</body></html>",
		strings.Repeat(" ", 5000) + `{"data":{"id":"t1"}}`, "{" + strings.Repeat(" ", 5000) + `"data":{"id":"t1"}}`,
		`{"data":{"id":"t1","na`, `{"data":{"id":"t1"},"error":{"status":409,"message":"conflict"}}`,
		`{"error":"not allowed","meta":{"status":"error"}}`, `{"error":{"status":404,"message":"Test not found"},"data":null}`,
		`{"error":{"status":"x"}}`, `{"id":"x","error":"y"}`, `{"error":"y","id":"x"}`,
		`{"data":[{"step_type":"pause","id":"stp","duration":2}]}`, `{"data":{"steps":[{"step_type":"request","id":"stp"}]}}`,
		`{"error":{"status":403,"message":"token ` + testToken + ` is invalid","more_info":"` + testToken + `"}}`,
		`<html>` + testToken + `</html>`, `"` + testToken + `"`,
	}
	statuses := []int{200, 201, 204, 400, 401, 403, 404, 409, 429, 500, 502, 503}
	for i, s := range seeds {
		f.Add(uint16(statuses[i%len(statuses)]), []byte(s))
		f.Add(uint16(200), []byte(s))
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(uint16(200), b)
		}
	}
	f.Fuzz(func(t *testing.T, status uint16, body []byte) {
		code := 100 + int(status)%500
		c := transportClient(t, cannedTransport{code, body}, WithRetry(RetryPolicy{}))
		for _, fc := range fuzzCalls {
			checkFuzzCall(t, c, fc, code)
		}
	})
}

func checkFuzzCall(t *testing.T, c *Client, fc fuzzCall, code int) {
	var value any
	var isNil bool
	var err error
	func() {
		defer func() {
			if p := recover(); p != nil {
				if strings.Contains(fmt.Sprint(p), testToken) {
					t.Fatalf("%s: a panic shows the token", fc.name)
				}
				t.Fatalf("%s panicked: %v", fc.name, p)
			}
		}()
		value, isNil, err = fc.call(context.Background(), c)
	}()
	if err != nil && strings.Contains(err.Error(), testToken) {
		t.Fatalf("%s: the error shows the token: %v", fc.name, err)
	}
	if code < 200 || code > 299 {
		var apiErr *APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("%s: status %d gave %v, want an *APIError", fc.name, code, err)
		}
		for _, s := range sentinels {
			if errors.Is(err, s) != (sentinelFor(apiErr.StatusCode) == s) {
				t.Fatalf("%s: status %d: errors.Is(err, %v) disagrees with the status", fc.name, apiErr.StatusCode, s)
			}
		}
		if !isNil {
			t.Fatalf("%s: a failed call returned a value %v", fc.name, value)
		}
		return
	}
	switch {
	case err != nil && !isNil:
		t.Fatalf("%s: both a value and an error: %v", fc.name, err)
	case err == nil && isNil && fc.promise:
		t.Fatalf("%s: status %d gave a nil value and a nil error", fc.name, code)
	}
}
