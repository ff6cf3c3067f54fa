package runscope

import (
	"bytes"
	"context"
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
	u, err := url.Parse(c.baseString + strings.TrimLeft(path, "/"))
	if err != nil || u.Host != c.base.Host || u.Scheme != c.base.Scheme {
		return nil, argErr("path", "%q is not a path under the base URL", path)
	}
	if len(query) > 0 {
		if u.RawQuery != "" {
			u.RawQuery += "&"
		}
		u.RawQuery += query.Encode()
	}
	_, headerOnly := body.(jsonContentTypeOnly)
	var rd io.Reader
	if body != nil && !headerOnly {
		// wire encodes models directly; encoding/json would call their
		// MarshalJSON and then re-scan and compact what it returns.
		buf, err := wire.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("runscope: encoding %s %s body: %w", method, u.Path, err)
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return nil, fmt.Errorf("runscope: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
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
// v may be nil to discard the data. Failures are [*APIError] values.
func (c *Client) Do(req *http.Request, v any) (*Response, error) {
	if req == nil {
		return nil, argErr("req", "must not be nil")
	}
	ctx := req.Context()
	policy := c.retry
	for attempt := 1; ; attempt++ {
		try := req
		if attempt > 1 {
			try = req.Clone(ctx)
			if req.GetBody != nil {
				body, err := req.GetBody()
				if err != nil {
					return nil, fmt.Errorf("runscope: rewinding %s %s body: %w", req.Method, req.URL.Path, err)
				}
				try.Body = body
			}
		}
		canRetry := attempt <= policy.MaxRetries && (req.Body == nil || req.Body == http.NoBody || req.GetBody != nil)

		start := time.Now()
		resp, err := c.httpClient.Do(try)
		c.logAttempt(ctx, req, resp, err, attempt, time.Since(start))
		if err != nil {
			if ctxErr := ctx.Err(); ctxErr != nil {
				return nil, fmt.Errorf("runscope: %s %s: %w", req.Method, req.URL.Path, ctxErr)
			}
			if canRetry && retry.TransportError(req.Method, err) {
				if err := c.wait(ctx, req, attempt, 0, false); err != nil {
					return nil, err
				}
				continue
			}
			return nil, c.transportError(err, attempt)
		}
		if canRetry && retry.Status(req.Method, resp.StatusCode) {
			after, ok := retry.RetryAfter(resp.Header.Get("Retry-After"), time.Now())
			drainAndClose(resp.Body)
			if err := c.wait(ctx, req, attempt, after, ok); err != nil {
				return &Response{Response: resp, Attempts: attempt}, err
			}
			continue
		}
		return c.finish(req, resp, v, attempt)
	}
}

// wait sleeps before retry number n, on the server's Retry-After when it
// gave one, else on a jittered exponential backoff; ctx ends it early.
func (c *Client) wait(ctx context.Context, req *http.Request, n int, after time.Duration, hasAfter bool) error {
	d := retry.Backoff(n, c.retry.MinBackoff, c.retry.MaxBackoff)
	if hasAfter {
		d = min(after, c.retry.MaxBackoff)
	}
	if err := retry.Sleep(ctx, d); err != nil {
		return fmt.Errorf("runscope: %s %s: waiting to retry: %w", req.Method, req.URL.Path, err)
	}
	return nil
}

func (c *Client) logAttempt(ctx context.Context, req *http.Request, resp *http.Response, err error, attempt int, d time.Duration) {
	if c.logger == nil || !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", req.Method),
		slog.String("path", req.URL.Path),
		slog.Int("attempt", attempt),
		slog.Duration("duration", d),
	}
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", c.auth.redact(unwrapURLError(err).Error())))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "runscope request", attrs...)
}

// finish checks a final response and decodes its body.
func (c *Client) finish(req *http.Request, resp *http.Response, v any, attempts int) (*Response, error) {
	defer drainAndClose(resp.Body)
	r := &Response{Response: resp, Attempts: attempts}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return r, c.apiError(req, resp, attempts)
	}
	envErr, err := decodeBody(resp.Body, v, &r.Meta)
	if err != nil {
		return r, fmt.Errorf("runscope: decoding the response to %s %s: %w", req.Method, req.URL.Path, err)
	}
	if envErr != nil {
		e := &APIError{StatusCode: resp.StatusCode, Method: req.Method, URL: req.URL.Redacted(), Attempts: attempts, Body: envErr}
		e.fill(envErr)
		c.scrub(e)
		return r, e
	}
	return r, nil
}

// drainAndClose reads what is left of a body, up to a bound, so the
// connection can be reused, and closes it.
func drainAndClose(body io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, body, 64<<10)
	_ = body.Close()
}
