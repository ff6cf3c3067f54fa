package main

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// inflight tracks how many calls run at once, and the most seen.
type inflight struct{ now, peak atomic.Int32 }

func (f *inflight) enter() {
	n := f.now.Add(1)
	for p := f.peak.Load(); n > p && !f.peak.CompareAndSwap(p, n); p = f.peak.Load() {
	}
}
func (f *inflight) leave() { f.now.Add(-1) }

// numbers yields 0..n-1, counting how many were pulled.
func numbers(n int, pulled *atomic.Int32) func(yield func(int, error) bool) {
	return func(yield func(int, error) bool) {
		for i := range n {
			pulled.Add(1)
			if !yield(i, nil) {
				return
			}
		}
	}
}

func TestForEachBoundsWorkAndPullsLazily(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var f inflight
		var pulled atomic.Int32
		release := make(chan struct{})
		done := make(chan error)
		go func() {
			done <- forEach(context.Background(), 3, numbers(10, &pulled), func(context.Context, int) error {
				f.enter()
				defer f.leave()
				<-release
				return nil
			})
		}()
		synctest.Wait()
		assert.EqualValues(t, 3, f.now.Load())
		assert.EqualValues(t, 4, pulled.Load(), "items are pulled only as workers free up")
		close(release)
		require.NoError(t, <-done)
		assert.EqualValues(t, 3, f.peak.Load())
		assert.EqualValues(t, 10, pulled.Load())
	})
}

func TestForEachStopsAtTheFirstError(t *testing.T) {
	var calls atomic.Int32
	var pulled atomic.Int32
	boom := errors.New("boom")
	err := forEach(context.Background(), 2, numbers(100, &pulled), func(ctx context.Context, i int) error {
		calls.Add(1)
		if i == 3 {
			return boom
		}
		return nil
	})
	assert.ErrorIs(t, err, boom)
	assert.Less(t, pulled.Load(), int32(100), "no more items are pulled after the error")

	iterErr := errors.New("listing failed")
	items := func(yield func(int, error) bool) { yield(0, iterErr) }
	assert.ErrorIs(t, forEach(context.Background(), 2, items, func(context.Context, int) error { return nil }), iterErr)
}

func TestMapOrderedKeepsOrderAndBound(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var f inflight
		var pulled atomic.Int32
		var got []int
		err := mapOrdered(context.Background(), 4, numbers(20, &pulled), func(_ context.Context, i int) (string, error) {
			f.enter()
			defer f.leave()
			time.Sleep(time.Duration(20-i) * time.Millisecond) // later items finish first
			return fmt.Sprint(i), nil
		}, func(s string) error {
			var i int
			fmt.Sscan(s, &i)
			got = append(got, i)
			return nil
		})
		require.NoError(t, err)
		want := make([]int, 20)
		for i := range want {
			want[i] = i
		}
		assert.Equal(t, want, got)
		assert.LessOrEqual(t, f.peak.Load(), int32(4))
	})
}

func TestMapOrderedStops(t *testing.T) {
	var pulled atomic.Int32
	var emitted []int
	err := mapOrdered(context.Background(), 2, numbers(100, &pulled), func(_ context.Context, i int) (int, error) { return i, nil },
		func(i int) error {
			emitted = append(emitted, i)
			if i == 4 {
				return errStop
			}
			return nil
		})
	assert.ErrorIs(t, err, errStop)
	assert.Equal(t, []int{0, 1, 2, 3, 4}, emitted)
	assert.Less(t, pulled.Load(), int32(10))

	boom := errors.New("boom")
	err = mapOrdered(context.Background(), 2, numbers(100, &pulled), func(_ context.Context, i int) (int, error) {
		if i == 7 {
			return 0, boom
		}
		return i, nil
	}, func(int) error { return nil })
	assert.ErrorIs(t, err, boom)
}

// mapOrderedSeq yields the results in order, then the error; a consumer
// that stops early stops the pulling.
func TestMapOrderedSeq(t *testing.T) {
	var pulled atomic.Int32
	double := func(_ context.Context, i int) (int, error) { return 2 * i, nil }
	var got []int
	for v, err := range mapOrderedSeq(context.Background(), 2, numbers(100, &pulled), double) {
		require.NoError(t, err)
		if got = append(got, v); len(got) == 3 {
			break
		}
	}
	assert.Equal(t, []int{0, 2, 4}, got)
	assert.Less(t, pulled.Load(), int32(10))

	boom := errors.New("boom")
	got = nil
	var errs []error
	for v, err := range mapOrderedSeq(context.Background(), 1, numbers(5, &pulled), func(_ context.Context, i int) (int, error) {
		if i == 2 {
			return 0, boom
		}
		return i, nil
	}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, v)
	}
	assert.Equal(t, []int{0, 1}, got)
	assert.Equal(t, []error{boom}, errs, "the error, once, last")
}
