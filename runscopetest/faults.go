package runscopetest

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Request is a request the server received, as [Server.Requests] reports
// it.
type Request struct {
	Method string
	// Path is the escaped path as received, such as
	// "/buckets/abc/tests/t%2F1".
	Path  string
	Query url.Values
	// Header holds the request's headers, without Authorization: tokens
	// stay out of test logs.
	Header http.Header
	Body   []byte
}

// Requests returns a copy of the requests received so far, oldest first,
// including those that failed. Tests use it to check what the code under
// test sent.
func (s *Server) Requests() []Request {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	out := make([]Request, len(s.log))
	for i, r := range s.log {
		out[i] = Request{
			Method: r.Method,
			Path:   r.Path,
			Query:  cloneValues(r.Query),
			Header: r.Header.Clone(),
			Body:   slices.Clone(r.Body),
		}
	}
	return out
}

// cloneValues deep-copies v; http.Header has the same shape and a Clone.
func cloneValues(v url.Values) url.Values {
	return url.Values(http.Header(v).Clone())
}

// maxBody bounds the request bodies the server reads.
const maxBody = 10 << 20

// record logs r and returns its body, read in full, to be read again by
// the handler.
func (s *Server) record(r *http.Request) (io.ReadCloser, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		return nil, err
	}
	h := r.Header.Clone()
	h.Del("Authorization")
	s.logMu.Lock()
	defer s.logMu.Unlock()
	s.log = append(s.log, Request{Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.Query(), Header: h, Body: body})
	return io.NopCloser(bytes.NewReader(body)), nil
}

// fault is a failure FailNext asked for.
type fault struct {
	method, route string
	status, left  int
}

// FailNext makes the next times requests for method and path fail with
// status, answered with the API's error envelope, before any other check.
// path is the path as the API sees it, without the query, for example
// "/buckets/abc/tests"; method "" matches any method. Faults added for the
// same request apply in the order they were added.
//
// A fault is armed on a route, not on one spelling of its path: the /v1
// prefix the API takes on some routes ("/v1/buckets/abc" is
// "/buckets/abc"), the singular "/team/" of the reference's team email
// domains and usage paths ("/team/T/requests" is "/teams/T/requests") and
// a trailing slash make no difference, either in path or in the request.
//
// A client from [Server.Client] retries as [runscope.RetryPolicy] says, up
// to 3 times: 429 for every method, 502, 503 and 504 for all but POST. To
// see such a failure, fail more times than that, or turn retries off with
// runscope.WithRetry(runscope.RetryPolicy{}).
//
// FailNext also reproduces the real API's hiccups that the fake does not
// simulate on its own: a 404 for a run read right after its trigger, or a
// 429 past the limit of 10 triggers in 10 seconds. [Server.PendingFaults]
// says how many failures are still armed; [Server.ClearFaults] disarms
// them.
func (s *Server) FailNext(method, path string, status, times int) {
	if times < 1 {
		return
	}
	s.logMu.Lock()
	defer s.logMu.Unlock()
	s.faults = append(s.faults, &fault{method: strings.ToUpper(method), route: route(path), status: status, left: times})
}

// route is the one spelling of the paths that reach the same route: with
// a leading slash, without /v1 or a trailing slash, and /teams/ for the
// reference's singular /team/.
func route(path string) string {
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	if rest, ok := strings.CutPrefix(path, "/v1/"); ok {
		path = "/" + rest
	}
	if rest, ok := strings.CutPrefix(path, "/team/"); ok {
		path = "/teams/" + rest
	}
	if len(path) > 1 {
		path = strings.TrimSuffix(path, "/")
	}
	return path
}

// takeFault uses up one failure of the first fault matching r.
func (s *Server) takeFault(r *http.Request) (status int, ok bool) {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	if len(s.faults) == 0 {
		return 0, false
	}
	escaped, plain := route(r.URL.EscapedPath()), route(r.URL.Path)
	for i, f := range s.faults {
		if f.method != "" && f.method != r.Method || f.route != escaped && f.route != plain {
			continue
		}
		if f.left--; f.left == 0 {
			s.faults = remove(s.faults, i)
		}
		return f.status, true
	}
	return 0, false
}

// PendingFaults says how many failures [Server.FailNext] has armed that
// have not happened yet: a test that injected faults can check that its
// code made every request it expected, or that none is left to surprise
// the next step.
func (s *Server) PendingFaults() int {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	n := 0
	for _, f := range s.faults {
		n += f.left
	}
	return n
}

// ClearFaults disarms every failure [Server.FailNext] armed that has not
// happened yet.
func (s *Server) ClearFaults() {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	s.faults = nil
}
