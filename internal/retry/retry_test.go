package retry

import (
	"context"
	"errors"
	"net"
	"net/http"
	"testing"
	"testing/synctest"
	"time"
)

func TestStatus(t *testing.T) {
	cases := []struct {
		method string
		status int
		want   bool
	}{
		{http.MethodGet, 429, true}, {http.MethodGet, 502, true}, {http.MethodGet, 503, true}, {http.MethodGet, 504, true},
		{http.MethodGet, 500, false}, {http.MethodGet, 404, false}, {http.MethodGet, 200, false},
		{http.MethodPut, 503, true}, {http.MethodDelete, 502, true},
		{http.MethodPost, 429, true}, {http.MethodPost, 503, false}, {http.MethodPost, 502, false}, {http.MethodPatch, 504, false},
	}
	for _, c := range cases {
		if got := Status(c.method, c.status); got != c.want {
			t.Errorf("Status(%s, %d) = %v, want %v", c.method, c.status, got, c.want)
		}
	}
}

func TestTransportError(t *testing.T) {
	dial := &net.OpError{Op: "dial", Err: errors.New("refused")}
	read := &net.OpError{Op: "read", Err: errors.New("reset")}
	cases := []struct {
		method string
		err    error
		want   bool
	}{
		{http.MethodGet, read, true},
		{http.MethodGet, errors.New("EOF"), true},
		{http.MethodPost, dial, true},
		{http.MethodPost, read, false},
		{http.MethodPost, errors.New("EOF"), false},
		{http.MethodGet, context.Canceled, false},
		{http.MethodGet, context.DeadlineExceeded, false},
		{http.MethodGet, nil, false},
	}
	for _, c := range cases {
		if got := TransportError(c.method, c.err); got != c.want {
			t.Errorf("TransportError(%s, %v) = %v, want %v", c.method, c.err, got, c.want)
		}
	}
}

func TestBackoff(t *testing.T) {
	for n := 1; n <= 10; n++ {
		ceiling := min(100*time.Millisecond<<(n-1), time.Second)
		seen := map[time.Duration]bool{}
		for range 200 {
			d := Backoff(n, 100*time.Millisecond, time.Second)
			if d < 0 || d > ceiling {
				t.Fatalf("Backoff(%d) = %v, want within [0, %v]", n, d, ceiling)
			}
			seen[d] = true
		}
		if len(seen) < 50 {
			t.Errorf("Backoff(%d) drew only %d distinct waits: not jittered", n, len(seen))
		}
	}
	if d := Backoff(1000, time.Millisecond, 5*time.Millisecond); d > 5*time.Millisecond {
		t.Errorf("Backoff does not cap a large retry count: %v", d)
	}
	if d := Backoff(1, 0, 0); d != 0 {
		t.Errorf("Backoff with no ceiling = %v", d)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"", 0, false},
		{"5", 5 * time.Second, true},
		{" 0 ", 0, true},
		{"-3", 0, false},
		{"soon", 0, false},
		{"99999999999", 24 * time.Hour, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0, true},
	}
	for _, c := range cases {
		got, ok := RetryAfter(c.in, now)
		if got != c.want || ok != c.wantOK {
			t.Errorf("RetryAfter(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.wantOK)
		}
	}
}

func TestSleep(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		if err := Sleep(context.Background(), 3*time.Second); err != nil {
			t.Fatal(err)
		}
		if got := time.Since(start); got != 3*time.Second {
			t.Errorf("slept %v, want 3s", got)
		}

		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(time.Second, cancel)
		start = time.Now()
		if err := Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
			t.Errorf("Sleep on a canceled ctx = %v", err)
		}
		if got := time.Since(start); got != time.Second {
			t.Errorf("Sleep returned after %v, want 1s", got)
		}
		if err := Sleep(ctx, 0); !errors.Is(err, context.Canceled) {
			t.Errorf("Sleep(0) on an ended ctx = %v", err)
		}
	})
}
