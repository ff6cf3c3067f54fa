// Package retry holds the pure parts of the client's retry policy: which
// outcomes may be retried, how long to wait, and a wait that ends with its
// context. The client's request loop in package runscope drives them.
package retry

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Status reports whether a response with this status may be retried for
// this method. GET, HEAD, PUT, DELETE and OPTIONS are idempotent and retry
// on 429, 502, 503 and 504. Any other method (POST creates things) retries
// only on 429, where the server promises it did nothing.
func Status(method string, status int) bool {
	switch status {
	case http.StatusTooManyRequests:
		return true
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return Idempotent(method)
	}
	return false
}

// TransportError reports whether a failed round trip may be retried. An
// idempotent request retries on any network error; any other request only
// when the connection was never made, so nothing reached the server.
func TransportError(method string, err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	if Idempotent(method) {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// Idempotent reports whether sending method twice has the effect of sending it once.
func Idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}

// Backoff returns the wait before retry number n (1 for the first retry):
// "full jitter", a uniform draw from [0, min(max, min*2^(n-1))], which
// spreads a crowd of clients out instead of having them retry in lockstep.
func Backoff(n int, minWait, maxWait time.Duration) time.Duration {
	ceiling := minWait
	for i := 1; i < n && ceiling < maxWait; i++ {
		ceiling *= 2
	}
	ceiling = min(ceiling, maxWait)
	if ceiling <= 0 {
		return 0
	}
	return rand.N(ceiling + 1)
}

// RetryAfter parses a Retry-After header value: delay seconds or an HTTP
// date. It reports false when the header is absent or unreadable.
func RetryAfter(value string, now time.Time) (time.Duration, bool) {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(value, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(24*time.Hour/time.Second) {
			secs = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(secs) * time.Second, true
	}
	when, err := http.ParseTime(value)
	if err != nil {
		return 0, false
	}
	return max(when.Sub(now), 0), true
}

// Sleep waits for d or until ctx ends, whichever comes first, and returns
// ctx's error in the second case.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
