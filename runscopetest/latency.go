package runscopetest

import (
	"context"
	"net/http"
	"time"
)

// SetLatency delays every answer of the server by d, as a network and a
// busy API would: answers, errors, injected faults and trigger URLs
// alike. Bulk tools and their benchmarks use it to see whether they work
// in parallel: requests wait their latency together, with no lock held,
// so 1,000 concurrent requests with 50 ms of latency take about 50 ms.
//
// A delay ends early, with no answer, when its request's context ends (the
// client gave up) or the server is closed, so neither waits for it. d
// applies to requests that arrive after the call; 0, the default, or less
// turns latency off. SetLatency is safe to call while the server serves.
func (s *Server) SetLatency(d time.Duration) {
	s.latency.Store(int64(max(d, 0)))
}

// delay waits the latency set for r, before the server handles it. It
// reports false when r's context ended first: the request gets no answer.
func (s *Server) delay(r *http.Request) bool {
	d := time.Duration(s.latency.Load())
	return d <= 0 || s.wait(r.Context(), d)
}

// sleep waits d, or until ctx ends. It reports whether it waited all of d.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
