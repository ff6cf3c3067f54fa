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
// # Lossless round trips
//
// Every model of this package (a [Test], a [RequestStep], an
// [Environment]...) implements json.Unmarshaler and json.Marshaler so that
// a value decoded from the API and encoded again loses nothing the server
// sent:
//
//   - Members the model does not type are kept verbatim and written back
//     after its fields; [UnknownMembers] reads them.
//   - A member that was present is written back even when zero, and a null
//     one as null.
//   - A member whose JSON kind does not fit its field ("verify_ssl":"yes")
//     is kept verbatim, the field left zero, instead of failing the call;
//     [WithStrictDecoding] makes it an error.
//   - A member named like a field but for letter case ("Description")
//     decodes into it only when the exact name is absent, and is written
//     back under the name it came with.
//
// So an update can send back a value read from the API with a field
// changed, and the API keeps everything else. A value built in Go sends
// only the fields that are set, as encoding/json would with omitzero;
// [ForceSend] sends chosen zeros.
//
// Package runscopetest serves the API from memory for examples and tests.
package runscope

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

//go:generate go run ./internal/cmd/genjson

// Version is this SDK's version, sent in the User-Agent header.
const Version = "0.1.0"

// DefaultBaseURL is the Runscope API that a client talks to unless
// [WithBaseURL] says otherwise.
const DefaultBaseURL = "https://api.runscope.com/"

// RetryPolicy says how often and how patiently a failed request is retried.
// GET, PUT and DELETE are retried on 429, 502, 503, 504 and network errors,
// a response body cut off on its way included; POST only on 429 and on
// errors where the connection was never made, so a create is never
// performed twice. A Retry-After header from the server is
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
	strict     bool
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

// WithTokenSource authenticates requests with tokens from tokenSource, for
// example the token source of an [oauth2.Config] after the web flow. Tokens
// are cached until they expire.
func WithTokenSource(tokenSource oauth2.TokenSource) Option {
	return func(s *settings) error {
		if tokenSource == nil {
			return argErr("tokenSource", "must not be nil")
		}
		s.tokens = oauth2.ReuseTokenSource(nil, tokenSource)
		return nil
	}
}

// WithHTTPClient sends requests through a copy of httpClient: its
// transport, timeout, cookie jar and redirect policy apply. httpClient
// itself is never modified; the token is added by a layer over its
// transport.
func WithHTTPClient(httpClient *http.Client) Option {
	return func(s *settings) error {
		if httpClient == nil {
			return argErr("httpClient", "must not be nil")
		}
		s.httpClient = httpClient
		return nil
	}
}

// WithBaseURL points the client at another API root, baseURL, such as a
// [runscopetest] server. It must be https, or http on a loopback host, so
// the token never travels in clear text over a network.
func WithBaseURL(baseURL string) Option {
	return func(s *settings) error {
		u, err := parseBaseURL(baseURL)
		if err != nil {
			return err
		}
		s.baseURL = u
		return nil
	}
}

// WithUserAgent appends userAgent (for example "my-ci-helper/1.2") to the
// User-Agent "runscope-go/<version> (<go version>; <os>/<arch>)".
func WithUserAgent(userAgent string) Option {
	return func(s *settings) error {
		if strings.ContainsAny(userAgent, "\r\n") {
			return argErr("userAgent", "must not contain line breaks")
		}
		s.userAgent = strings.TrimSpace(userAgent)
		return nil
	}
}

// WithRetry replaces the retry policy with policy. RetryPolicy{} turns
// retries off; zero durations take the defaults.
func WithRetry(policy RetryPolicy) Option {
	return func(s *settings) error {
		p := policy
		switch {
		case p.MaxRetries < 0:
			return argErr("policy.MaxRetries", "must not be negative")
		case p.MinBackoff < 0:
			return argErr("policy.MinBackoff", "must not be negative")
		case p.MaxBackoff < 0:
			return argErr("policy.MaxBackoff", "must not be negative")
		}
		if p.MinBackoff == 0 {
			p.MinBackoff = defaultRetryPolicy.MinBackoff
		}
		if p.MaxBackoff == 0 {
			p.MaxBackoff = max(defaultRetryPolicy.MaxBackoff, p.MinBackoff)
		}
		if p.MinBackoff > p.MaxBackoff {
			return argErr("policy.MinBackoff", "%v exceeds MaxBackoff %v", p.MinBackoff, p.MaxBackoff)
		}
		s.retry = p
		return nil
	}
}

// WithLogger writes one debug record per attempt to logger: method, path,
// status, attempt number and duration. Tokens, headers and bodies are never
// logged.
func WithLogger(logger *slog.Logger) Option {
	return func(s *settings) error {
		s.logger = logger
		return nil
	}
}

// WithStrictDecoding makes a call fail when a member of the API's answer
// does not fit its field, such as "verify_ssl":"yes" where a bool belongs or
// "initial_variables":{"a":1} where strings do. The error is a
// [*DecodeError] that names the member's path and matches [ErrDecode].
//
// By default such a member is kept verbatim, an update sends it back
// unchanged, and the field stays zero: lossless, but silent. Tools that
// must notice drift, such as a provider comparing the API with its
// configuration, want the error. Members the models do not type are never
// an error. Values decoded by [Client.Do] are not checked.
func WithStrictDecoding() Option {
	return func(s *settings) error {
		s.strict = true
		return nil
	}
}

func parseBaseURL(baseURL string) (*url.URL, error) {
	u, err := url.Parse(baseURL)
	if err != nil {
		return nil, argErr("baseURL", "is not a URL")
	}
	switch {
	case u.Host == "":
		return nil, argErr("baseURL", "must be an absolute URL with a host")
	case u.User != nil:
		return nil, argErr("baseURL", "must not carry credentials")
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		return nil, argErr("baseURL", "must use https: plain http is allowed only for loopback hosts")
	case u.Scheme != "https" && u.Scheme != "http":
		return nil, argErr("baseURL", "must use https")
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
	userAgent  string
	retry      RetryPolicy
	logger     *slog.Logger
	strict     bool      // see WithStrictDecoding
	addLocks   keyedLock // serializes the Steps.Add calls to each test
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
		userAgent:  ua,
		retry:      s.retry,
		logger:     s.logger,
		strict:     s.strict,
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
