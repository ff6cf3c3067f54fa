package runscope

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/go-runscope/runscope/internal/retry"
)

// defaultWaitInterval is how often Wait polls unless told otherwise.
const defaultWaitInterval = 2 * time.Second

// defaultWaitConcurrency is how many runs WaitAll polls at once unless
// told otherwise.
const defaultWaitConcurrency = 8

// WaitOptions tune [ResultsService.Wait] and [ResultsService.WaitAll].
type WaitOptions struct {
	// Interval is the time between two polls of a run; 0 means 2 seconds.
	Interval time.Duration
	// Progress, when set, is called with the run after every poll that
	// found it, the final one included: a hook for progress lines. The
	// run's TestRunID says which run it is. WaitAll calls it from several
	// goroutines at once: it must be safe for concurrent use.
	Progress func(run *TestRun)
	// Concurrency is how many runs WaitAll polls at once; 0 means 8. Wait
	// ignores it.
	Concurrency int
}

// Wait polls a run until its Result is final ([RunResult.Done]) and returns
// it: a failed run is a result, not an error. The run returned is the
// detailed one [ResultsService.Get] reads, with a [RequestResult] for every
// step and each of their assertions, variables and scripts. Give it the IDs a trigger
// returned ([TriggeredRun]). A run that was just triggered may be unknown
// to the results API for a moment, so 404s are polled through; any other
// error ends the wait.
//
// Bound the wait with ctx. When ctx ends first, the error matches ctx's
// (errors.Is with context.Canceled or context.DeadlineExceeded) and the run
// returned is the last state seen, or nil if the run was never found.
//
// GET /buckets/{bucketKey}/tests/{testID}/results/{runID}
func (s *ResultsService) Wait(ctx context.Context, bucketKey, testID, runID string, opts *WaitOptions) (*TestRun, error) {
	if ctx == nil {
		return nil, argErr("ctx", "must not be nil")
	}
	interval, err := opts.interval()
	if err != nil {
		return nil, err
	}
	var last *TestRun
	for {
		run, _, err := s.Get(ctx, bucketKey, testID, runID)
		switch {
		case err == nil: // Get never returns a nil run without an error
			if opts != nil && opts.Progress != nil {
				opts.Progress(run)
			}
			if run.Result.Done() {
				return run, nil
			}
			last = run
		case errors.Is(err, errNoData):
			// An empty answer says nothing about the run: poll again.
		case errors.Is(err, ErrNotFound) && ctx.Err() == nil:
			// Not visible yet right after a trigger: poll again.
		case ctx.Err() != nil:
			return last, waitError(runID, last, ctx.Err())
		default:
			return last, err
		}
		if err := retry.Sleep(ctx, interval); err != nil {
			return last, waitError(runID, last, err)
		}
	}
}

// interval is the time between two polls that o asks for.
func (o *WaitOptions) interval() (time.Duration, error) {
	switch {
	case o == nil || o.Interval == 0:
		return defaultWaitInterval, nil
	case o.Interval < 0:
		return 0, argErr("opts.Interval", "must not be negative")
	}
	return o.Interval, nil
}

func waitError(runID string, last *TestRun, err error) error {
	if last == nil {
		return fmt.Errorf("runscope: waiting for run %s (not found yet): %w", runID, err)
	}
	return fmt.Errorf("runscope: waiting for run %s (last result %q): %w", runID, last.Result, err)
}

// WaitAll waits for every run of runs, as [ResultsService.Wait] does for
// one, polling at most opts.Concurrency runs at once (8 by default). The
// runs usually come from one or more triggers ([TriggerResult.Runs]).
//
// The answer has one element per run, in the order of runs: the final run,
// or, for a run whose wait failed, the last state seen (nil if it was never
// found). The error is nil when every run reached a final result, failed
// runs included; otherwise it joins (errors.Join) one error per run that
// did not, in the order of runs, each naming its test and run and matching
// its cause under errors.Is and errors.As (an [*APIError], or ctx's error
// when ctx ended first). Runs still waiting for their turn when ctx ends
// are not polled.
//
// A nil ctx, no runs, a nil element of runs, or a negative Concurrency or
// Interval is an [*ArgError], before any request.
//
// GET /buckets/{bucketKey}/tests/{testID}/results/{runID}
func (s *ResultsService) WaitAll(ctx context.Context, runs []*TriggeredRun, opts *WaitOptions) ([]*TestRun, error) {
	if ctx == nil {
		return nil, argErr("ctx", "must not be nil")
	}
	concurrency := defaultWaitConcurrency
	if opts != nil {
		switch {
		case opts.Concurrency < 0:
			return nil, argErr("opts.Concurrency", "is %d; it must not be negative", opts.Concurrency)
		case opts.Concurrency > 0:
			concurrency = opts.Concurrency
		}
	}
	if _, err := opts.interval(); err != nil {
		return nil, err // before any run is polled
	}
	if len(runs) == 0 {
		return nil, argErr("runs", "must not be empty")
	}
	for i, r := range runs {
		if r == nil {
			return nil, argErr(fmt.Sprintf("runs[%d]", i), "must not be nil")
		}
	}

	final := make([]*TestRun, len(runs))
	errs := make([]error, len(runs))
	slots := make(chan struct{}, concurrency)
	var wg sync.WaitGroup
	for i, r := range runs {
		if !acquire(ctx, slots) {
			errs[i] = runError(r, fmt.Errorf("not polled: %w", ctx.Err()))
			continue
		}
		wg.Go(func() {
			defer func() { <-slots }()
			run, err := s.Wait(ctx, r.BucketKey, r.TestID, r.TestRunID, opts)
			final[i] = run
			if err != nil {
				errs[i] = runError(r, err)
			}
		})
	}
	wg.Wait()
	return final, errors.Join(errs...)
}

// acquire takes a slot, unless ctx has ended or ends first.
func acquire(ctx context.Context, slots chan<- struct{}) bool {
	if ctx.Err() != nil {
		return false
	}
	select {
	case slots <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

// runError names the run whose wait failed: its test, and the run's ID.
func runError(r *TriggeredRun, err error) error {
	test := r.TestName
	if test == "" {
		test = r.TestID
	}
	return fmt.Errorf("test %q, run %s: %w", test, r.TestRunID, err)
}
