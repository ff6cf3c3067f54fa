// Package runscope is a client for the Runscope (BlazeMeter API Monitoring)
// REST API: API tests and their steps, environments, schedules, test runs
// and their results, metrics, buckets, teams, roles, groups and usage.
//
// Create a [Client] with an access token and call the services hanging off
// it. Every call takes a context, returns a typed value, the [*Response] it
// came from and an error:
//
//	client, err := runscope.NewClient(runscope.WithToken(os.Getenv("RUNSCOPE_ACCESS_TOKEN")))
//	buckets, _, err := client.Buckets.List(ctx)
//
// Failures the API reports are [*APIError] values that match the sentinels
// ([ErrNotFound], [ErrForbidden]...) under errors.Is; bad input is caught
// before any request as an [*ArgError]. Idempotent requests are retried on
// 429, 502, 503, 504 and network errors with capped, jittered backoff;
// creates are retried only when the server could not have acted on them.
//
// Values decoded from the API keep every member the server sent, including
// members this package does not model, and send them back unchanged when
// passed to an update: a round trip never loses data.
//
// Package runscopetest serves the API from memory for examples and tests.
package runscope

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"

	"github.com/go-runscope/runscope/internal/retry"
	"github.com/go-runscope/runscope/internal/wire"
)

// Version is this SDK's version, sent in the User-Agent header.
const Version = "0.1.0"

// DefaultBaseURL is the Runscope API that a client talks to unless
// [WithBaseURL] says otherwise.
const DefaultBaseURL = "https://api.runscope.com/"

// RetryPolicy says how often and how patiently a failed request is retried.
// GET, PUT and DELETE are retried on 429, 502, 503, 504 and network errors;
// POST only on 429 and on errors where the connection was never made, so a
// create is never performed twice. A Retry-After header from the server is
// honored, capped at MaxBackoff.
type RetryPolicy struct {
	MaxRetries int           // retries after the first attempt; default 3; 0 under WithRetry disables retries
	MinBackoff time.Duration // the first backoff ceiling; default 500ms
	MaxBackoff time.Duration // the largest wait, Retry-After included; default 30s
}

var defaultRetryPolicy = RetryPolicy{MaxRetries: 3, MinBackoff: 500 * time.Millisecond, MaxBackoff: 30 * time.Second}

// An Option configures a [Client] in [NewClient].
type Option func(*settings) error

type settings struct {
	baseURL    *url.URL
	httpClient *http.Client
	tokens     oauth2.TokenSource
	userAgent  string
	retry      RetryPolicy
	logger     *slog.Logger
}

// WithToken authenticates every request with a static OAuth 2 bearer token,
// such as the personal access token of a Runscope application.
func WithToken(token string) Option {
	return func(s *settings) error {
		if isBlank(token) {
			return argErr("token", "must not be empty")
		}
		s.tokens = oauth2.StaticTokenSource(&oauth2.Token{AccessToken: token, TokenType: "Bearer"})
		return nil
	}
}

// WithTokenSource authenticates requests with tokens from ts, for example
// the token source of an [oauth2.Config] after the web flow. Tokens are
// cached until they expire.
func WithTokenSource(ts oauth2.TokenSource) Option {
	return func(s *settings) error {
		if ts == nil {
			return argErr("ts", "must not be nil")
		}
		s.tokens = oauth2.ReuseTokenSource(nil, ts)
		return nil
	}
}

// WithHTTPClient sends requests through a copy of hc: its transport,
// timeout, cookie jar and redirect policy apply. hc itself is never
// modified; the token is added by a layer over its transport.
func WithHTTPClient(hc *http.Client) Option {
	return func(s *settings) error {
		if hc == nil {
			return argErr("hc", "must not be nil")
		}
		s.httpClient = hc
		return nil
	}
}

// WithBaseURL points the client at another API root, such as a
// [runscopetest] server. It must be https, or http on a loopback host, so
// the token never travels in clear text over a network.
func WithBaseURL(rawURL string) Option {
	return func(s *settings) error {
		u, err := parseBaseURL(rawURL)
		if err != nil {
			return err
		}
		s.baseURL = u
		return nil
	}
}

// WithUserAgent appends ua (for example "my-ci-helper/1.2") to the
// User-Agent "runscope-go/<version> (<go version>; <os>/<arch>)".
func WithUserAgent(ua string) Option {
	return func(s *settings) error {
		if strings.ContainsAny(ua, "\r\n") {
			return argErr("ua", "must not contain line breaks")
		}
		s.userAgent = strings.TrimSpace(ua)
		return nil
	}
}

// WithRetry replaces the retry policy. RetryPolicy{} turns retries off;
// zero durations take the defaults.
func WithRetry(p RetryPolicy) Option {
	return func(s *settings) error {
		switch {
		case p.MaxRetries < 0:
			return argErr("RetryPolicy.MaxRetries", "must not be negative")
		case p.MinBackoff < 0 || p.MaxBackoff < 0:
			return argErr("RetryPolicy", "backoffs must not be negative")
		}
		if p.MinBackoff == 0 {
			p.MinBackoff = defaultRetryPolicy.MinBackoff
		}
		if p.MaxBackoff == 0 {
			p.MaxBackoff = max(defaultRetryPolicy.MaxBackoff, p.MinBackoff)
		}
		if p.MinBackoff > p.MaxBackoff {
			return argErr("RetryPolicy", "MinBackoff %v exceeds MaxBackoff %v", p.MinBackoff, p.MaxBackoff)
		}
		s.retry = p
		return nil
	}
}

// WithLogger writes one debug record per attempt to l: method, path,
// status, attempt number and duration. Tokens, headers and bodies are never
// logged.
func WithLogger(l *slog.Logger) Option {
	return func(s *settings) error {
		s.logger = l
		return nil
	}
}

func parseBaseURL(rawURL string) (*url.URL, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, argErr("rawURL", "is not a URL")
	}
	switch {
	case u.Host == "":
		return nil, argErr("rawURL", "must be an absolute URL with a host")
	case u.User != nil:
		return nil, argErr("rawURL", "must not carry credentials")
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		return nil, argErr("rawURL", "must use https: plain http is allowed only for loopback hosts")
	case u.Scheme != "https" && u.Scheme != "http":
		return nil, argErr("rawURL", "must use https")
	}
	u.RawQuery, u.Fragment, u.RawFragment = "", "", ""
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
		if u.RawPath != "" {
			u.RawPath += "/"
		}
	}
	return u, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// A Client talks to the Runscope API. Its services group the operations by
// resource family. A Client is safe for concurrent use; create one and
// share it.
type Client struct {
	Tests        *TestsService
	Steps        *StepsService
	Environments *EnvironmentsService
	Schedules    *SchedulesService
	Results      *ResultsService
	Metrics      *MetricsService
	Buckets      *BucketsService
	Teams        *TeamsService
	Roles        *RolesService
	Groups       *GroupsService
	Usage        *UsageService

	base       *url.URL
	baseString string
	httpClient *http.Client
	auth       *authTransport
	userAgent  string
	retry      RetryPolicy
	logger     *slog.Logger
}

// service is the common shape of every service: a handle on the client.
type service struct {
	client *Client
}

// NewClient returns a client configured by opts. It does no network I/O.
// Without [WithToken] or [WithTokenSource] requests carry no Authorization
// header, which is enough for trigger URLs and for a runscopetest server.
func NewClient(opts ...Option) (*Client, error) {
	s := settings{retry: defaultRetryPolicy}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&s); err != nil {
			return nil, err
		}
	}
	if s.baseURL == nil {
		s.baseURL, _ = parseBaseURL(DefaultBaseURL)
	}
	hc := new(http.Client)
	if s.httpClient != nil {
		*hc = *s.httpClient
	}
	rt := hc.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	auth := &authTransport{next: rt, tokens: s.tokens, scheme: s.baseURL.Scheme, host: s.baseURL.Host}
	hc.Transport = auth

	ua := fmt.Sprintf("runscope-go/%s (%s; %s/%s)", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if s.userAgent != "" {
		ua += " " + s.userAgent
	}
	c := &Client{
		base:       s.baseURL,
		baseString: s.baseURL.String(),
		httpClient: hc,
		auth:       auth,
		userAgent:  ua,
		retry:      s.retry,
		logger:     s.logger,
	}
	svc := service{client: c}
	c.Tests = (*TestsService)(&svc)
	c.Steps = (*StepsService)(&svc)
	c.Environments = (*EnvironmentsService)(&svc)
	c.Schedules = (*SchedulesService)(&svc)
	c.Results = (*ResultsService)(&svc)
	c.Metrics = (*MetricsService)(&svc)
	c.Buckets = (*BucketsService)(&svc)
	c.Teams = (*TeamsService)(&svc)
	c.Roles = (*RolesService)(&svc)
	c.Groups = (*GroupsService)(&svc)
	c.Usage = (*UsageService)(&svc)
	return c, nil
}

// BaseURL returns the API root this client sends requests to.
func (c *Client) BaseURL() string { return c.baseString }

// authTransport adds the bearer token to requests for the API's own host
// and to nothing else: not to a redirect elsewhere, not to a plain-http
// downgrade of the same host.
type authTransport struct {
	next         http.RoundTripper
	tokens       oauth2.TokenSource
	scheme, host string
	lastToken    atomic.Pointer[string] // scrubbed from error texts
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.tokens == nil || req.URL.Host != t.host || req.URL.Scheme != t.scheme {
		return t.next.RoundTrip(req)
	}
	tok, err := t.tokens.Token()
	if err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, fmt.Errorf("runscope: obtaining an access token: %w", err)
	}
	if p := t.lastToken.Load(); p == nil || *p != tok.AccessToken {
		t.lastToken.Store(&tok.AccessToken)
	}
	authed := req.Clone(req.Context())
	tok.SetAuthHeader(authed)
	return t.next.RoundTrip(authed)
}

// redact removes the last token sent from s, in case a server echoes it
// back in an error message.
func (t *authTransport) redact(s string) string {
	if p := t.lastToken.Load(); p != nil && len(*p) >= 4 && strings.Contains(s, *p) {
		return strings.ReplaceAll(s, *p, "[REDACTED]")
	}
	return s
}

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

func (c *Client) transportError(err error, attempts int) error {
	msg := "runscope: " + c.auth.redact(err.Error())
	if attempts > 1 {
		msg += fmt.Sprintf(" (after %d attempts)", attempts)
	}
	return &transportError{msg: msg, cause: unwrapURLError(err)}
}

// transportError is a request that got no response. Its text names the
// request and has any token scrubbed; its cause stays reachable for
// errors.Is and errors.As (a *net.OpError, say).
type transportError struct {
	msg   string
	cause error
}

func (e *transportError) Error() string { return e.msg }
func (e *transportError) Unwrap() error { return e.cause }

// unwrapURLError returns the cause of a *url.Error, whose text names the
// request again.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
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

// apiError builds the error for a non-2xx response, keeping at most
// maxErrorBody bytes of its body.
func (c *Client) apiError(req *http.Request, resp *http.Response, attempts int) *APIError {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	e := &APIError{
		StatusCode: resp.StatusCode,
		Method:     req.Method,
		URL:        req.URL.Redacted(),
		Attempts:   attempts,
		Body:       body,
	}
	if after, ok := retry.RetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
		e.RetryAfter = after
	}
	var env struct {
		Error json.RawMessage `json:"error"`
	}
	if json.Unmarshal(body, &env) == nil && len(env.Error) > 0 {
		e.fill(env.Error)
	} else {
		e.fill(body) // some errors come as a bare {"status", "message"} object
	}
	if e.Message == "" {
		e.Message = http.StatusText(resp.StatusCode)
	}
	c.scrub(e)
	return e
}

// fill reads the API's error member: an object with status, message and
// more_info, or a plain string.
func (e *APIError) fill(raw []byte) {
	var msg string
	if json.Unmarshal(raw, &msg) == nil {
		e.Message = msg
		return
	}
	var obj struct {
		Status   json.Number `json:"status"`
		Message  string      `json:"message"`
		MoreInfo string      `json:"more_info"`
	}
	if json.Unmarshal(raw, &obj) != nil {
		return
	}
	if n, err := obj.Status.Int64(); err == nil && n >= 100 && n <= 999 {
		e.StatusCode = int(n)
	}
	e.Message, e.MoreInfo = obj.Message, obj.MoreInfo
	if e.Message == "" {
		e.Message = http.StatusText(e.StatusCode)
	}
}

func (c *Client) scrub(e *APIError) {
	e.Message = c.auth.redact(e.Message)
	e.MoreInfo = c.auth.redact(e.MoreInfo)
	if red := c.auth.redact(string(e.Body)); len(red) != len(e.Body) {
		e.Body = []byte(red)
	}
}

// drainAndClose reads what is left of a body, up to a bound, so the
// connection can be reused, and closes it.
func drainAndClose(body io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, body, 64<<10)
	_ = body.Close()
}

var readerPool = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 4096) }}

// decodeBody decodes a 2xx body as it streams in. The API answers most
// calls with the envelope {"data", "meta", "error"}; some (environments,
// team people and integrations, metrics) with the bare value. A body whose
// top level is an array, or an object whose first member is none of those
// three names, is the data itself. It returns the envelope's error member
// when that is not null.
func decodeBody(r io.Reader, v any, meta *Meta) (envErr json.RawMessage, err error) {
	br := readerPool.Get().(*bufio.Reader)
	br.Reset(r)
	defer func() {
		br.Reset(nil)
		readerPool.Put(br)
	}()
	bare, empty, err := classify(br)
	if err != nil || empty {
		return nil, err
	}
	dec := json.NewDecoder(br)
	if bare {
		return nil, dec.Decode(&dataSink{v})
	}
	// One Decode of the whole envelope: walking it with Decoder.Token
	// costs a few dozen allocations per call.
	env := envelope{Data: dataSink{v}, Meta: meta}
	if err := dec.Decode(&env); err != nil {
		return nil, err
	}
	if string(env.Error) == "null" {
		return nil, nil
	}
	return env.Error, nil
}

type envelope struct {
	Data  dataSink        `json:"data"`
	Meta  *Meta           `json:"meta"`
	Error json.RawMessage `json:"error"`
}

// dataSink decodes the data of a response into the caller's value: with
// encoding/json's rules for values given to [Client.Do], and with wire, in
// one pass, for the SDK's own calls (see viaWire).
type dataSink struct{ v any }

func (d dataSink) UnmarshalJSON(b []byte) error {
	switch v := d.v.(type) {
	case nil:
		return nil
	case viaWire:
		return wire.Unmarshal(b, v.v)
	default:
		return json.Unmarshal(b, v)
	}
}

// viaWire marks the decode target of an SDK call: its models, lists and
// unions are decoded by wire directly rather than through encoding/json,
// which would scan the bytes again before calling their UnmarshalJSON.
type viaWire struct{ v any }

// classify peeks at the start of a body to tell the envelope from a bare
// value without consuming anything. empty reports a body with no value at
// all (204, or null).
func classify(br *bufio.Reader) (bare, empty bool, err error) {
	for n := 64; ; n *= 2 {
		buf, peekErr := br.Peek(n)
		if len(buf) == 0 && peekErr != nil {
			if peekErr == io.EOF {
				return false, true, nil
			}
			return false, false, peekErr
		}
		i := skipSpace(buf, 0)
		if i == len(buf) {
			if peekErr != nil {
				return false, true, nil
			}
			continue
		}
		switch buf[i] {
		case '{':
		case 'n':
			return false, true, nil
		default:
			return true, false, nil
		}
		i = skipSpace(buf, i+1)
		if i < len(buf) && buf[i] == '}' {
			return false, true, nil
		}
		if i < len(buf) && buf[i] == '"' {
			if end := closingQuote(buf, i+1); end >= 0 {
				var name string
				if json.Unmarshal(buf[i:end+1], &name) != nil {
					return true, false, nil // not JSON; let the decoder say so
				}
				switch name {
				case "data", "meta", "error":
					return false, false, nil
				}
				return true, false, nil
			}
		}
		if peekErr != nil || n >= br.Size() {
			// A first member name longer than the buffer is not an envelope name.
			return true, false, nil
		}
	}
}

// closingQuote returns the index of the quote that ends the string starting
// at b[i], or -1 when b ends first.
func closingQuote(b []byte, i int) int {
	for ; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// list decodes a JSON array, or a single object as a one-element list: some
// list endpoints answer with the object alone when there is one item.
type list[T any] []T

func (l *list[T]) UnmarshalJSON(b []byte) error {
	if i := skipSpace(b, 0); i < len(b) && b[i] == '{' {
		var one T
		if err := wire.Unmarshal(b, &one); err != nil {
			return err
		}
		*l = list[T]{one}
		return nil
	}
	return wire.Unmarshal(b, (*[]T)(l))
}

// route is an API path template with the values of its {placeholders}.
// The calls below build it with endpoint, so a bad ID is an ArgError before
// anything is sent and no method repeats that check.
type route struct {
	tmpl string
	args []string
}

// at names the endpoint of a call: at("buckets/{bucketKey}", key).
func at(tmpl string, args ...string) route { return route{tmpl: tmpl, args: args} }

// call sends one API request and decodes the response's data into a new T.
// Every service method goes through it (or through [Client.Do]).
func call[T any](ctx context.Context, c *Client, method string, r route, query url.Values, body any) (T, *Response, error) {
	var v T
	req, err := c.routeRequest(ctx, method, r, query, body)
	if err != nil {
		return v, nil, err
	}
	resp, err := c.Do(req, viaWire{&v})
	if err != nil {
		var zero T
		return zero, resp, err
	}
	return v, resp, nil
}

// callList is call for list endpoints, which may answer with one object.
func callList[T any](ctx context.Context, c *Client, method string, r route, query url.Values, body any) ([]T, *Response, error) {
	l, resp, err := call[list[T]](ctx, c, method, r, query, body)
	return []T(l), resp, err
}

// callNoData is call for endpoints whose answer carries no data.
func callNoData(ctx context.Context, c *Client, method string, r route, query url.Values, body any) (*Response, error) {
	req, err := c.routeRequest(ctx, method, r, query, body)
	if err != nil {
		return nil, err
	}
	return c.Do(req, nil)
}

func (c *Client) routeRequest(ctx context.Context, method string, r route, query url.Values, body any) (*http.Request, error) {
	path, err := endpoint(r.tmpl, r.args...)
	if err != nil {
		return nil, err
	}
	return c.newRequest(ctx, method, path, query, body)
}

// endpoint fills the {name} placeholders of tmpl, in order, with args, each
// escaped as one path segment, so no ID can change the path: "../teams" is
// an ID, not a way up. An empty arg, or one that is "." or "..", is an
// *ArgError named after its placeholder.
func endpoint(tmpl string, args ...string) (string, error) {
	var b strings.Builder
	b.Grow(len(tmpl) + 48*len(args))
	next := 0
	for {
		open := strings.IndexByte(tmpl, '{')
		if open < 0 {
			b.WriteString(tmpl)
			break
		}
		end := strings.IndexByte(tmpl[open:], '}')
		if end < 0 || next >= len(args) {
			return "", fmt.Errorf("runscope: internal error: bad path template %q", tmpl)
		}
		name, arg := tmpl[open+1:open+end], args[next]
		next++
		switch strings.TrimSpace(arg) {
		case "":
			return "", argErr(name, "must not be empty")
		case ".", "..":
			return "", argErr(name, "must not be %q", arg)
		}
		b.WriteString(tmpl[:open])
		b.WriteString(url.PathEscape(arg))
		tmpl = tmpl[open+end+1:]
	}
	if next != len(args) {
		return "", fmt.Errorf("runscope: internal error: bad path template %q", tmpl)
	}
	return b.String(), nil
}

// paged yields the items of page 0, 1, 2... as fetch returns them, asking
// for the next page only when the caller wants more, and stopping after a
// page shorter than size, an empty page, or an error (yielded once).
func paged[T any](size int, fetch func(page int) ([]T, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for page := 0; ; page++ {
			items, err := fetch(page)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, item := range items {
				if !yield(item, nil) {
					return
				}
			}
			if len(items) == 0 || len(items) < size {
				return
			}
		}
	}
}

// Account is the account the token belongs to.
type Account struct {
	Name string `json:"name,omitzero"`
	UUID string `json:"uuid,omitzero"`
	// Email is present only when the token has the account:email scope.
	Email string  `json:"email,omitzero"`
	Teams []*Team `json:"teams,omitzero"`

	_ wire.Extra
}

// UnmarshalJSON implements json.Unmarshaler. Members this package does not
// model are kept, and MarshalJSON writes them back.
func (a *Account) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, a) }

// MarshalJSON implements json.Marshaler, writing back the members
// UnmarshalJSON kept along with the fields.
func (a Account) MarshalJSON() ([]byte, error) { return wire.Marshal(&a) }

// Account returns the account the client's token belongs to, with its teams.
func (c *Client) Account(ctx context.Context) (*Account, *Response, error) {
	return call[*Account](ctx, c, http.MethodGet, at("account"), nil, nil)
}

// Region is a Runscope service region that tests can run from.
type Region struct {
	RegionCode      string `json:"region_code,omitzero"`
	Location        string `json:"location,omitzero"`
	ServiceProvider string `json:"service_provider,omitzero"`
	Hostname        string `json:"hostname,omitzero"`

	_ wire.Extra
}

// UnmarshalJSON implements json.Unmarshaler. Members this package does not
// model are kept, and MarshalJSON writes them back.
func (r *Region) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

// MarshalJSON implements json.Marshaler, writing back the members
// UnmarshalJSON kept along with the fields.
func (r Region) MarshalJSON() ([]byte, error) { return wire.Marshal(&r) }

// Regions lists the service regions tests can run from.
func (c *Client) Regions(ctx context.Context) ([]*Region, *Response, error) {
	data, resp, err := call[struct {
		Regions []*Region `json:"regions"`
	}](ctx, c, http.MethodGet, at("regions"), nil, nil)
	return data.Regions, resp, err
}
