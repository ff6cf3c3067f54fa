package runscopetest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-runscope/runscope"
	"github.com/go-runscope/runscope/runscopetest"
)

// guard fails the test when ch yields nothing for a long while: it turns
// a hang into a failure, and measures nothing.
func guard[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Minute):
		t.Fatalf("still waiting for %s after a minute", what)
		panic("unreachable")
	}
}

// The default wait takes d, or ends early, reporting it, when its context
// does.
func TestSleep(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		assert.True(t, runscopetest.Sleep(t.Context(), 50*time.Millisecond))
		assert.Equal(t, 50*time.Millisecond, time.Since(start))

		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(10*time.Millisecond, cancel)
		start = time.Now()
		assert.False(t, runscopetest.Sleep(ctx, time.Hour))
		assert.Equal(t, 10*time.Millisecond, time.Since(start))
	})
}

// SetLatency delays every answer, whatever it is, by the latency of the
// moment; zero, the default, delays nothing.
func TestSetLatencyDelaysEveryAnswer(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var waits []time.Duration
	s := runscopetest.NewServerWithClock(func(ctx context.Context, d time.Duration) bool {
		mu.Lock()
		defer mu.Unlock()
		waits = append(waits, d)
		return true
	})
	defer s.Close()
	c := s.Client(runscope.WithRetry(runscope.RetryPolicy{}))
	ctx := t.Context()
	took := func() []time.Duration {
		mu.Lock()
		defer mu.Unlock()
		w := waits
		waits = nil
		return w
	}

	_, _, err := c.Account(ctx)
	require.NoError(t, err)
	assert.Empty(t, took(), "no latency by default")

	s.SetLatency(50 * time.Millisecond)
	_, _, err = c.Account(ctx) // an answer
	require.NoError(t, err)
	s.FailNext("GET", "/regions", http.StatusServiceUnavailable, 1)
	_, _, err = c.Regions(ctx) // a fault
	assert.ErrorIs(t, err, runscope.ErrServer)
	anon, err := runscope.NewClient(runscope.WithBaseURL(s.URL()), runscope.WithRetry(runscope.RetryPolicy{}))
	require.NoError(t, err)
	_, _, err = anon.Account(ctx) // no token
	assert.ErrorIs(t, err, runscope.ErrForbidden)
	_, _, err = anon.Tests.Trigger(ctx, "nope", nil) // a trigger URL
	assert.ErrorIs(t, err, runscope.ErrNotFound)
	assert.Equal(t, []time.Duration{50 * time.Millisecond, 50 * time.Millisecond, 50 * time.Millisecond, 50 * time.Millisecond}, took())

	s.SetLatency(time.Second)
	_, _, err = c.Account(ctx)
	require.NoError(t, err)
	s.SetLatency(0)
	_, _, err = c.Account(ctx)
	require.NoError(t, err)
	assert.Equal(t, []time.Duration{time.Second}, took())
}

// Requests wait their latency together: no lock is held while one waits,
// so a thousand requests with 50 ms of latency take about 50 ms, not 50 s.
func TestSetLatencyDoesNotSerialize(t *testing.T) {
	t.Parallel()
	entered, release := make(chan struct{}), make(chan struct{})
	s := runscopetest.NewServerWithClock(func(ctx context.Context, d time.Duration) bool {
		select {
		case entered <- struct{}{}:
		case <-ctx.Done():
			return false
		}
		select {
		case <-release:
			return true
		case <-ctx.Done():
			return false
		}
	})
	defer s.Close()
	c := s.Client()
	test := createSDKTest(t, c, s.BucketKey(), map[string]any{"name": "read by many"})
	s.SetLatency(50 * time.Millisecond)

	const n = 32
	errs := make(chan error, n)
	for i := range n {
		go func() {
			var err error
			if i%2 == 0 {
				_, err = getTest(t.Context(), c, s.BucketKey(), test.ID)
			} else {
				_, _, err = c.Tests.Trigger(t.Context(), test.TriggerURL, nil)
			}
			errs <- err
		}()
	}
	// Every request is waiting at once: had one held a lock while waiting,
	// the others could not have got here.
	for i := range n {
		guard(t, entered, fmt.Sprintf("request %d of %d to wait its latency", i+1, n))
	}
	close(release)
	for range n {
		assert.NoError(t, guard(t, errs, "an answer"))
	}
}

// A wait ends when its request's context does: a client that gives up
// leaves no handler behind, and Close does not wait for a latency.
func TestSetLatencyEndsWithTheRequest(t *testing.T) {
	t.Parallel()
	entered, ended := make(chan struct{}, 1), make(chan bool, 1)
	s := runscopetest.NewServerWithClock(func(ctx context.Context, d time.Duration) bool {
		entered <- struct{}{}
		ok := runscopetest.Sleep(ctx, d)
		ended <- ok
		return ok
	})
	s.SetLatency(time.Hour)
	c := s.Client(runscope.WithRetry(runscope.RetryPolicy{}))

	// The client gives up.
	ctx, cancel := context.WithCancel(t.Context())
	errs := make(chan error, 1)
	go func() {
		_, _, err := c.Account(ctx)
		errs <- err
	}()
	guard(t, entered, "the request to wait its latency")
	cancel()
	assert.ErrorIs(t, guard(t, errs, "the canceled call"), context.Canceled)
	assert.False(t, guard(t, ended, "the handler to stop waiting"), "the wait ended early")

	// The server closes under a waiting request.
	go func() {
		_, _, err := c.Account(t.Context())
		errs <- err
	}()
	guard(t, entered, "the second request to wait its latency")
	closed := make(chan struct{})
	go func() {
		s.Close()
		close(closed)
	}()
	guard(t, closed, "Close")
	assert.False(t, guard(t, ended, "the handler to stop waiting"))
	err := guard(t, errs, "the call cut by Close")
	require.Error(t, err)
	assert.False(t, errors.Is(err, context.Canceled), "the client did not cancel: the server went away")
}

// SetLatency may change while requests are served; run with -race.
func TestSetLatencyWhileServing(t *testing.T) {
	t.Parallel()
	s := runscopetest.NewServerWithClock(func(context.Context, time.Duration) bool { return true })
	defer s.Close()
	c := s.Client()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 20 {
				if i == 0 {
					s.SetLatency(time.Duration(j) * time.Millisecond)
					continue
				}
				_, _, err := c.Account(t.Context())
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
}
