package runscopetest

import (
	"context"
	"time"
)

// NewServerWithClock starts a server whose latency waits go through wait
// instead of a timer, so that tests can see and steer them without
// sleeping. wait reports whether it waited the whole of d.
func NewServerWithClock(wait func(ctx context.Context, d time.Duration) bool) *Server {
	return newServer(wait)
}

// Sleep is the wait a server uses by default.
func Sleep(ctx context.Context, d time.Duration) bool { return sleep(ctx, d) }
