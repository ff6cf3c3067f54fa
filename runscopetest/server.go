// Package runscopetest serves the Runscope API from memory, on loopback, so
// that code built on package runscope can be tested without a network, an
// account or a token.
//
// A [Server] keeps an account with one team, a default bucket, and whatever
// the code under test creates: buckets, tests and their steps, environments,
// schedules, test runs, roles and groups. It answers with the shapes of the
// real API, quirks included: most bodies come in the {"data", "error",
// "meta"} envelope, environments, team people, integrations and metrics come
// bare; adding a step answers with the whole test; a request without an
// Authorization: Bearer header gets 403 (any token is accepted), except
// trigger URLs, which need none.
//
// Triggering a test starts runs that move from queued to working to their
// outcome as the API shows them (see [Server.SetRunPolls]); the outcome is
// pass unless [Server.SetOutcome] says otherwise. Where the live API sends
// more than the reference shows, the fake does too: a test's last_run is
// the live run summary (status "completed" once the run passed or failed,
// with counts of assertions, requests, variables, substitutions and
// scripts), test list entries have step_count and last_run_created_at, a
// bucket trigger names its runs_id; the account has its id, created_at and
// team ownership, buckets their created_at, tests_count and links, new
// request steps a request_id, fragment, args, data, multipart_form and
// binary_body, and new environments an export version and time, HTTP
// version settings, pre-request and post-response scripts and the hash of
// their script. [Server.FailNext] makes chosen
// requests fail, [Server.SetLatency] slows every answer down, and
// [Server.Requests] shows what the code under test sent.
//
// A new server holds:
//
//   - the account Grace Hopper (grace@example.com, [Server.AccountUUID]),
//     every token's owner, who creates the tests;
//   - her team Amazing Grace ([Server.TeamUUID]) with two people: Grace,
//     its owner, an Administrator, and Ada Lovelace (ada@example.com), one
//     of the Read-only Members; those two roles; a PagerDuty and a Slack
//     integration; one agent; and example.com as the only whitelisted email
//     domain, so custom emails @example.com work at once;
//   - the team's default bucket ([Server.BucketKey]), which cannot be
//     deleted, and whose trigger_url triggers every test in it;
//   - the regions us1, us2, eu1, jp1 and au1.
//
// A test created with no steps gets the reference's sample request step;
// one created with no environments, a test-specific environment, "Test
// Settings", that runs in us1. New environments, and steps added to a
// test, get the members the API gives them (an environment's emails,
// verify_ssl, regions...; a request step's method, headers, assertions...),
// what was sent winning. A test created with steps, environments or
// schedules is an import: those are kept as they were sent, so that an
// export imported again comes back the same.
//
// The reference's limit of 100 test-specific environments per bucket
// counts, in the fake, only the environments of a test beyond its first:
// every test has one of its own, and a bucket of the fake holds any number
// of tests, as benchmarks and bulk tools need.
//
// A request step whose URL ends in an image or archive extension (.png,
// .zip...), or whose Accept header asks for an image, gets a binary
// response in its step result, base64 encoded, as the API sends binary
// bodies.
//
// A Server is safe for concurrent use. It sleeps only for the latency
// [Server.SetLatency] asks for, and starts no goroutine of its own beyond
// the HTTP server that [Server.Close] stops.
package runscopetest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-runscope/runscope"
)

// Server is an in-memory Runscope API listening on a loopback address.
// Create one with [NewServer] and stop it with [Server.Close].
type Server struct {
	srv *httptest.Server
	mux *http.ServeMux
	// closing ends when Close is called; every request's context derives
	// from it, so a latency wait ends with the server.
	closing context.Context
	close   context.CancelFunc
	// latency is the delay of every answer, a time.Duration.
	latency atomic.Int64
	// wait is the clock of latency waits: sleep, or a test's.
	wait func(ctx context.Context, d time.Duration) bool

	// mu guards the state below. Every handler runs, and encodes its
	// answer, while holding it: for reading when the route only reads, so
	// that reads are served in parallel, for writing when it changes
	// something. The progress of runs, which reads move along, has locks of
	// its own (see run.observe).
	mu sync.RWMutex
	db store
	// outcomes are the results of the next runs of each test, by test ID.
	outcomes map[string]runscope.RunResult
	// runPolls is the number of answers showing a new run after which it
	// has its outcome.
	runPolls int

	// logMu guards what tests drive and read besides the API's state: the
	// requests received and the faults armed. Every request takes it
	// briefly, before its handler runs.
	logMu  sync.Mutex
	faults []*fault
	log    []Request
}

// token is what [Server.Client] authenticates with. The fake accepts any
// bearer token; it only insists that there is one.
const token = "runscopetest-token"

// NewServer starts a server with a seeded account, team and default bucket
// (see [Server.AccountUUID], [Server.TeamUUID], [Server.BucketKey]).
func NewServer() *Server { return newServer(sleep) }

func newServer(wait func(context.Context, time.Duration) bool) *Server {
	s := &Server{
		mux:      http.NewServeMux(),
		outcomes: make(map[string]runscope.RunResult),
		runPolls: 3,
		wait:     wait,
	}
	s.closing, s.close = context.WithCancel(context.Background())
	s.routes()
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(s.serveHTTP))
	s.srv.Config.BaseContext = func(net.Listener) context.Context { return s.closing }
	// The state is whole before the first request can come, which may be
	// from another process, ordered after this by nothing the race
	// detector sees. The listener already has its address: Start makes
	// the server's URL from it.
	s.db = seed("http://" + s.srv.Listener.Addr().String())
	s.srv.Start()
	return s
}

// URL is the API root, for example http://127.0.0.1:38217; pass it to
// [runscope.WithBaseURL] when building a client by hand.
func (s *Server) URL() string { return s.srv.URL }

// Client returns a client for this server, authenticated with a made-up
// token. It retries as a real client does (up to 3 times; 429 for every
// method, 502, 503 and 504 for all but POST, as [runscope.RetryPolicy]
// says) but with backoffs of a few milliseconds, so tests stay fast. opts
// are applied after those defaults and can override them, for example
// runscope.WithRetry(runscope.RetryPolicy{}) to turn retries off. It panics
// if an option is invalid, as a test helper should.
func (s *Server) Client(opts ...runscope.Option) *runscope.Client {
	defaults := []runscope.Option{
		runscope.WithBaseURL(s.URL()),
		runscope.WithToken(token),
		// The server's own client: its connections are closed by Close.
		runscope.WithHTTPClient(s.srv.Client()),
		runscope.WithRetry(runscope.RetryPolicy{MaxRetries: 3, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}),
	}
	c, err := runscope.NewClient(append(defaults, opts...)...)
	if err != nil {
		panic("runscopetest: " + err.Error())
	}
	return c
}

// Close stops the server and closes the connections of its clients. The
// server's state is gone with it. Like httptest.Server.Close, which it
// calls, it also closes the idle connections of http.DefaultTransport: tests
// that run in parallel and call a server through http.DefaultClient should
// use a client of their own, or [Server.Client].
func (s *Server) Close() {
	s.close()
	s.srv.Close()
}

// AccountUUID is the ID of the account every token belongs to. Tests the
// account creates name it in created_by.
func (s *Server) AccountUUID() string { return accountUUID }

// TeamUUID is the ID of the account's only team, the one that owns the
// buckets, people, roles and groups.
func (s *Server) TeamUUID() string { return teamUUID }

// BucketKey is the key of the team's default bucket, which exists from the
// start and cannot be deleted.
func (s *Server) BucketKey() string { return defaultBucketKey }

// SetOutcome sets how the runs of a test end: r is usually
// [runscope.ResultPass] (the default) or [runscope.ResultFail]; any other
// value, such as [runscope.ResultCanceled], is reported as given. It applies
// to runs triggered after the call, not to runs already started, so a test
// can set up a failing run, then a passing one.
//
// A passed run passes every assertion of its steps and a failed run fails
// them all; a run with any other outcome reports no step results.
func (s *Server) SetOutcome(testID string, r runscope.RunResult) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.outcomes[testID] = r
}

// SetRunPolls sets how many times the API must show a run before it
// reaches its outcome. Every answer that shows a run counts once, whichever
// endpoint gives it: the results list, the latest result, the run's detail,
// a step's result, the test's last_run (in its detail, in the tests list,
// or in the answer to a change of the test), and metrics, which show the
// runs they count. So all endpoints agree on where a run is, whatever the
// order a program reads them in.
//
// The default, 3, makes a run queued when first shown, working when shown
// again, and final from the third time on. n is at least 1: a run that is
// final when first shown. It applies to runs triggered after the call.
func (s *Server) SetRunPolls(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.runPolls = max(n, 1)
}

// serveHTTP logs the request, waits its latency, applies injected faults,
// checks the token and routes the request.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := s.record(r)
	if err != nil {
		writeError(w, errorf(http.StatusBadRequest, "reading the request body: %v", err))
		return
	}
	if !s.delay(r) {
		// The client is gone, or the server is closing: drop the
		// connection without an answer, as a network would.
		panic(http.ErrAbortHandler)
	}
	if status, ok := s.takeFault(r); ok {
		writeError(w, errorf(status, "%s (injected by FailNext)", http.StatusText(status)))
		return
	}
	// Trigger URLs are meant to be called from CI jobs and webhooks: the
	// real API asks them for no token.
	if !strings.HasPrefix(r.URL.Path, "/radar/") && !hasBearer(r) {
		writeError(w, errorf(http.StatusForbidden, "a valid access token is required: send Authorization: Bearer <access_token>"))
		return
	}
	r.Body = body
	s.mux.ServeHTTP(w, r)
}

func hasBearer(r *http.Request) bool {
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	return ok && strings.EqualFold(scheme, "Bearer") && strings.TrimSpace(tok) != ""
}

// shape is how a route writes its answer.
type shape int

const (
	enveloped  shape = iota // {"data": v, "error": null, "meta": {"status": "success"}}
	bare                    // v alone, as the environment, people, integrations and metrics endpoints answer
	statusOnly              // {"error": null, "meta": {"status": "success"}}: the envelope without data
	noContent               // no body at all (204)
)

// handler serves one route. It runs holding s.mu and returns the data to
// answer with, or an error that becomes the API's error envelope (see
// errorf; any other error is a 500).
type handler func(r *http.Request) (any, error)

// handle registers h for pattern (an http.ServeMux pattern with a method),
// answering with status and shape on success. GET routes only read, and
// run holding s.mu for reading, except trigger URLs, which start runs.
func (s *Server) handle(pattern string, status int, sh shape, h handler) {
	lock, unlock := s.mu.Lock, s.mu.Unlock
	if strings.HasPrefix(pattern, http.MethodGet+" ") && !strings.Contains(pattern, "/radar/") {
		lock, unlock = s.mu.RLock, s.mu.RUnlock
	}
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		lock()
		v, err := h(r)
		var buf []byte
		if err == nil && sh != noContent {
			buf, err = encode(wrap(sh, v))
		}
		unlock()
		if err != nil {
			writeError(w, err)
			return
		}
		if sh == noContent {
			w.WriteHeader(status)
			return
		}
		writeJSON(w, status, buf)
	})
}

func wrap(sh shape, v any) any {
	switch sh {
	case bare:
		return v
	case statusOnly:
		return obj{"error": nil, "meta": successMeta}
	}
	return obj{"data": v, "error": nil, "meta": successMeta}
}

var successMeta = obj{"status": "success"}

// unrouted answers requests that match no route: 405 with an Allow header
// when the path exists under other methods, else 404, both in the API's
// error envelope rather than ServeMux's plain text.
func (s *Server) unrouted(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); pattern != "/" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		writeError(w, errorf(http.StatusMethodNotAllowed, "%s is not allowed on %s", r.Method, r.URL.Path))
		return
	}
	writeError(w, errorf(http.StatusNotFound, "no such resource: %s", r.URL.Path))
}

// encode marshals v as JSON without escaping <, > and &, which response
// bodies of step results are full of.
func encode(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encoding the response: %w", err)
	}
	return b.Bytes(), nil
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
