package runscope

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/go-runscope/runscope/internal/retry"
)

// defaultWaitInterval is how often Wait polls unless told otherwise.
const defaultWaitInterval = 2 * time.Second

// WaitOptions tune [ResultsService.Wait].
type WaitOptions struct {
	// Interval is the time between two polls; 0 means 2 seconds.
	Interval time.Duration
	// Progress, when set, is called with the run after every poll that
	// found it, the final one included: a hook for progress lines.
	Progress func(run *TestRun)
}

// Wait polls a run until its Result is final ([RunResult.Done]) and returns
// it: a failed run is a result, not an error. Give it the IDs a trigger
// returned ([TriggeredRun]). A run that was just triggered may be unknown
// to the results API for a moment, so 404s are polled through; any other
// error ends the wait.
//
// Bound the wait with ctx. When ctx ends first, the error matches ctx's
// (errors.Is with context.Canceled or context.DeadlineExceeded) and the run
// returned is the last state seen, or nil if the run was never found.
func (s *ResultsService) Wait(ctx context.Context, bucketKey, testID, runID string, opts *WaitOptions) (*TestRun, error) {
	if ctx == nil {
		return nil, argErr("ctx", "must not be nil")
	}
	interval := defaultWaitInterval
	if opts != nil && opts.Interval != 0 {
		interval = opts.Interval
	}
	if interval < 0 {
		return nil, argErr("WaitOptions.Interval", "must not be negative")
	}
	var last *TestRun
	for {
		run, _, err := s.Get(ctx, bucketKey, testID, runID)
		switch {
		case err == nil && run != nil:
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

func waitError(runID string, last *TestRun, err error) error {
	if last == nil {
		return fmt.Errorf("runscope: waiting for run %s (not found yet): %w", runID, err)
	}
	return fmt.Errorf("runscope: waiting for run %s (last result %q): %w", runID, last.Result, err)
}
