package runscope

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-runscope/runscope/internal/retry"
	"github.com/go-runscope/runscope/internal/wire"
)

// This file holds the request pipeline every call goes through: build the
// request, send it, retry, check the answer, log each attempt.

// NewRequest builds a request for an endpoint the SDK does not wrap. path is
// relative to the base URL ("buckets/abc"; a leading slash is accepted) and
// may carry a query string; escape its segments with url.PathEscape. A
// non-nil body is sent as JSON with Content-Type: application/json.
func (c *Client) NewRequest(ctx context.Context, method, path string, body any) (*http.Request, error) {
	return c.newRequest(ctx, method, path, nil, body)
}

func (c *Client) newRequest(ctx context.Context, method, path string, query url.Values, body any) (*http.Request, error) {
	if ctx == nil {
		return nil, argErr("ctx", "must not be nil")
	}
	rawURL := c.baseString + strings.TrimLeft(path, "/")
	if len(query) > 0 { // only routes have a query, and their paths have none
		rawURL += "?" + query.Encode()
	}
	_, headerOnly := body.(jsonContentTypeOnly)
	var rd io.Reader
	if body != nil && !headerOnly {
		// wire encodes models directly; encoding/json would call their
		// MarshalJSON and then re-scan and compact what it returns.
		buf, err := wire.Marshal(body)
		if err != nil {
			masked, _ := maskTrigger(path)
			return nil, fmt.Errorf("runscope: encoding %s %s body: %w", method, masked, err)
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequestWithContext(ctx, method, rawURL, rd)
	var badURL *url.Error
	if errors.As(err, &badURL) || err == nil && (req.URL.Host != c.base.Host || req.URL.Scheme != c.base.Scheme) {
		return nil, argErr("path", "%q is not a path under the base URL", path)
	}
	if err != nil {
		return nil, fmt.Errorf("runscope: %w", err)
	}
	// The headers in one map and one array, canonical keys written as such.
	values := []string{"application/json", c.userAgent, "application/json"}
	req.Header = make(http.Header, 4) // room for Authorization
	req.Header["Accept"] = values[0:1:1]
	req.Header["User-Agent"] = values[1:2:2]
	if body != nil {
		req.Header["Content-Type"] = values[2:3:3]
	}
	return req, nil
}

// jsonContentTypeOnly is the body of a request that carries no body yet
// must say Content-Type: application/json: bucket create takes its
// parameters in the query and answers a form post with 415.
type jsonContentTypeOnly struct{}

// Response is the HTTP response behind a call, its body already read and
// closed, with what the SDK learned from it.
type Response struct {
	*http.Response
	// Meta is the envelope's meta member; zero when the body had none.
	Meta Meta
	// Attempts is 1 plus the number of retries made.
	Attempts int
}

// Meta is the meta member of the API's response envelope.
type Meta struct {
	Status string `json:"status"`
}

// Do sends req, retrying as the client's [RetryPolicy] allows, checks the
// outcome and decodes the response's data into v: the envelope's data
// member, or the whole body for endpoints that answer without the envelope.
// A body is the envelope when it is an object whose first member is data,
// meta or error, as the API's envelopes always are; any other body is the
// data itself, even an object with a data or error member further on.
// v is decoded with encoding/json's rules, and may be nil to discard the
// data. Failures are [*APIError] values (see its doc for the answers that
// count as failures).
func (c *Client) Do(req *http.Request, v any) (*Response, error) {
	if req == nil {
		return nil, argErr("req", "must not be nil")
	}
	return c.send(newExchange(req), answer{v: v, userValue: true})
}

// send is the one path of every call: send, retry, read, decode, check.
// When the context ends, the error matches it, and the last failed
// attempt's error too.
func (c *Client) send(x *exchange, a answer) (*Response, error) {
	req := x.req
	canRewind := req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
	var last error // the failure of the previous attempt
	for attempt := 1; ; attempt++ {
		r, again, err := c.try(x, a, attempt, canRewind && attempt <= c.retry.MaxRetries, last)
		if again == nil {
			return r, err
		}
		if c.wait(x, attempt, *again) != nil {
			return r, x.interrupted(attempt, "while waiting to retry", err)
		}
		last = err
	}
}

// retryWait is the wait before a retry: the server's Retry-After when it
// gave one (ok), else a backoff.
type retryWait struct {
	after time.Duration
	ok    bool
}

// try makes one attempt. When it failed in a way that may be retried and
// canRetry allows it, again says how long to wait first. Network failures,
// a body cut off on its way (for GET, PUT and DELETE; never a POST, which
// the server acted on) and the statuses of retry.Status may be retried.
// last is the previous attempt's failure, which an error for a context
// that ends during this attempt matches too.
func (c *Client) try(x *exchange, a answer, attempt int, canRetry bool, last error) (r *Response, again *retryWait, err error) {
	req, err := x.attempt(attempt)
	if err != nil {
		return nil, nil, err
	}
	start := time.Now()
	resp, err := c.httpClient.Do(req)
	c.logAttempt(x, resp, err, attempt, time.Since(start))
	if err != nil {
		if x.Err() != nil {
			return nil, nil, x.interrupted(attempt, "during the request", last)
		}
		if canRetry && retry.TransportError(x.req.Method, err) {
			again = &retryWait{}
		}
		return nil, again, newTransportError(x, err, attempt)
	}
	if resp.Request == nil { // a hand-written transport's answer
		resp.Request = req
	}
	r = &Response{Response: resp, Attempts: attempt}

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		after, ok := retry.RetryAfter(resp.Header.Get("Retry-After"), time.Now())
		limit := maxErrorBody + x.longestSecret()
		body, readErr := io.ReadAll(io.LimitReader(resp.Body, int64(limit)))
		drainAndClose(resp.Body)
		apiErr := failureError(x, resp, attempt, body, readErr == nil && len(body) < limit, after)
		if x.Err() != nil {
			return r, nil, x.interrupted(attempt, "while reading the answer", apiErr)
		}
		if canRetry && retry.Status(x.req.Method, resp.StatusCode) {
			again = &retryWait{after, ok}
		}
		return r, again, apiErr
	}

	buf, readErr := readBody(resp.Body, resp.ContentLength)
	defer releaseBody(buf)
	resp.Body.Close()
	if readErr != nil {
		if x.Err() != nil {
			return r, nil, x.interrupted(attempt, "while reading the answer", last)
		}
		if canRetry && retry.TransportError(x.req.Method, readErr) {
			again = &retryWait{}
		}
		return r, again, newTransportError(x, fmt.Errorf("reading the answer: %w", readErr), attempt)
	}
	return r, nil, c.check(x, r, buf.Bytes(), a)
}

// attempt returns the request for attempt n, sent with the exchange as its
// context; a retry gets a copy with its body rewound.
func (x *exchange) attempt(n int) (*http.Request, error) {
	if n == 1 {
		if x.req.Context() == x { // built by the SDK for this call
			return x.req, nil
		}
		return x.req.WithContext(x), nil
	}
	try := x.req.Clone(x)
	if x.req.GetBody != nil {
		body, err := x.req.GetBody()
		if err != nil {
			return nil, fmt.Errorf("runscope: rewinding %s %s body: %w", x.req.Method, x.url(), err)
		}
		try.Body = body
	}
	return try, nil
}

// check decodes a 2xx body and turns an answer the call cannot use into an
// *APIError: an error member, a body that is not JSON, or no data (or not
// the data) where the call promises a value.
func (c *Client) check(x *exchange, r *Response, body []byte, a answer) error {
	found, err := decodeAnswer(body, a, &r.Meta)
	var syntax *wire.SyntaxError
	var mismatch *wire.TypeError
	switch {
	case errors.As(err, &syntax):
		e := answerError(x, r.Response, r.Attempts, body, true)
		e.Message = "the response body is not JSON: " + strings.TrimPrefix(syntax.Error(), "wire: ")
		return e
	case !a.userValue && errors.As(err, &mismatch):
		// Data that cannot be the value at all has no model to be kept in,
		// whatever the decoding mode.
		m := &wire.MismatchError{Path: mismatch.Path, Value: mismatch.Value, Type: mismatch.Type, Err: mismatch.Err}
		d := decodeError(a.v, m, mismatch)
		e := answerError(x, r.Response, r.Attempts, body, true)
		e.Message, e.cause = "the response does not fit: "+d.Path+": "+d.Reason, d
		return e
	case err != nil:
		return fmt.Errorf("runscope: decoding the response to %s %s: %w", x.req.Method, x.path(), err)
	case found.Error != nil:
		e := answerError(x, r.Response, r.Attempts, body, true)
		e.fill(found.Error)
		e.scrub(x)
		return e
	case a.required && !found.Data:
		e := answerError(x, r.Response, r.Attempts, body, true)
		e.Message, e.noData = "the response held no data", true
		return e
	}
	if a.missing != nil {
		if lack := a.missing(); lack != "" {
			e := answerError(x, r.Response, r.Attempts, body, true)
			e.Message = lack
			return e
		}
	}
	return nil
}

// wait sleeps before retry number n, on the server's Retry-After when it
// gave one, else on a jittered exponential backoff; ctx ends it early.
func (c *Client) wait(ctx context.Context, n int, w retryWait) error {
	d := retry.Backoff(n, c.retry.MinBackoff, c.retry.MaxBackoff)
	if w.ok {
		d = min(w.after, c.retry.MaxBackoff)
	}
	return retry.Sleep(ctx, d)
}

func (c *Client) logAttempt(x *exchange, resp *http.Response, err error, attempt int, d time.Duration) {
	if c.logger == nil || !c.logger.Enabled(x, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", x.req.Method),
		slog.String("path", x.path()),
		slog.Int("attempt", attempt),
		slog.Duration("duration", d),
	}
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", x.redact(unwrapURLError(err).Error())))
	}
	c.logger.LogAttrs(x, slog.LevelDebug, "runscope request", attrs...)
}

// drainAndClose reads what is left of a body, up to a bound, so the
// connection can be reused, and closes it.
func drainAndClose(body io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, body, 64<<10)
	_ = body.Close()
}
