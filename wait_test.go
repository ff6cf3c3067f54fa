package runscope

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const waitRunURL = "https://api.runscope.com/buckets/bkt/tests/tst/results/run1"

// runStates answers each poll with the next status: 404 for 0, else a
// run with that result; the last one repeats. It records when each poll
// came, in the bubble's fake time.
func runStates(states ...string) (httpmock.Responder, *atomic.Int32, *[]time.Time) {
	var n atomic.Int32
	var at []time.Time
	return func(*http.Request) (*http.Response, error) {
		at = append(at, time.Now())
		i := int(n.Add(1)) - 1
		state := states[min(i, len(states)-1)]
		if state == "" {
			return httpmock.NewStringResponse(http.StatusNotFound, `{"error":{"status":404,"message":"test run not found"},"meta":{"status":"error"}}`), nil
		}
		return httpmock.NewStringResponse(http.StatusOK, fmt.Sprintf(`{"data":{"test_run_id":"run1","result":%q},"meta":{"status":"success"}}`, state)), nil
	}, &n, &at
}

// Right after a trigger the run is unknown (404), then queued, working,
// and it ends failed: Wait polls through all of it and returns the run.
func TestWaitThrough404QueuedWorkingToFail(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := mockClient(t)
		responder, polls, at := runStates("", string(ResultQueued), string(ResultWorking), string(ResultFail))
		mt.RegisterResponder(http.MethodGet, waitRunURL, responder)
		start := time.Now()
		run, err := c.Results.Wait(context.Background(), "bkt", "tst", "run1", nil)
		require.NoError(t, err, "a failed run is a result, not an error")
		assert.Equal(t, ResultFail, run.Result)
		assert.Equal(t, "run1", run.TestRunID)
		assert.EqualValues(t, 4, polls.Load())
		assert.Equal(t, 3*defaultWaitInterval, time.Since(start), "polls at once, then every 2s")
		for i, when := range *at {
			assert.Equal(t, time.Duration(i)*defaultWaitInterval, when.Sub(start), "poll %d", i)
		}
	})
}

func TestWaitCustomInterval(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := mockClient(t)
		responder, polls, _ := runStates(string(ResultWorking), string(ResultWorking), string(ResultPass))
		mt.RegisterResponder(http.MethodGet, waitRunURL, responder)
		start := time.Now()
		run, err := c.Results.Wait(context.Background(), "bkt", "tst", "run1", &WaitOptions{Interval: 15 * time.Second})
		require.NoError(t, err)
		assert.Equal(t, ResultPass, run.Result)
		assert.EqualValues(t, 3, polls.Load())
		assert.Equal(t, 30*time.Second, time.Since(start))
	})
}

func TestWaitProgress(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := mockClient(t)
		responder, _, _ := runStates("", string(ResultQueued), string(ResultWorking), string(ResultPass))
		mt.RegisterResponder(http.MethodGet, waitRunURL, responder)
		var seen []RunResult
		_, err := c.Results.Wait(context.Background(), "bkt", "tst", "run1", &WaitOptions{
			Progress: func(run *TestRun) { seen = append(seen, run.Result) },
		})
		require.NoError(t, err)
		assert.Equal(t, []RunResult{ResultQueued, ResultWorking, ResultPass}, seen, "every poll that found the run, the final one included")
	})
}

func TestWaitDoneAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := mockClient(t)
		responder, polls, _ := runStates(string(ResultCanceled))
		mt.RegisterResponder(http.MethodGet, waitRunURL, responder)
		start := time.Now()
		run, err := c.Results.Wait(context.Background(), "bkt", "tst", "run1", nil)
		require.NoError(t, err)
		assert.Equal(t, ResultCanceled, run.Result)
		assert.EqualValues(t, 1, polls.Load())
		assert.Zero(t, time.Since(start))
	})
}

// A ctx that ends while the run is still working ends the wait at once
// with ctx's error and the last state seen.
func TestWaitContextEndsFirst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := mockClient(t)
		responder, polls, _ := runStates("", string(ResultWorking))
		mt.RegisterResponder(http.MethodGet, waitRunURL, responder)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		start := time.Now()
		run, err := c.Results.Wait(ctx, "bkt", "tst", "run1", nil)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Contains(t, err.Error(), "run1")
		assert.Contains(t, err.Error(), "working")
		require.NotNil(t, run, "the last state seen comes with the error")
		assert.Equal(t, ResultWorking, run.Result)
		assert.EqualValues(t, 3, polls.Load(), "polls at 0s, 2s and 4s")
		assert.Equal(t, 5*time.Second, time.Since(start), "returns when ctx ends, not at the next poll")
	})
}

func TestWaitCanceledWhileNotFound(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := mockClient(t)
		responder, polls, _ := runStates("")
		mt.RegisterResponder(http.MethodGet, waitRunURL, responder)
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(3*time.Second, cancel)
		run, err := c.Results.Wait(ctx, "bkt", "tst", "run1", nil)
		assert.ErrorIs(t, err, context.Canceled)
		assert.False(t, errors.Is(err, ErrNotFound), "the wait ended because of ctx, not the 404")
		assert.Nil(t, run, "no state was ever seen")
		assert.EqualValues(t, 2, polls.Load())
	})
}

func TestWaitReturnsOtherErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := mockClient(t)
		var polls atomic.Int32
		mt.RegisterResponder(http.MethodGet, waitRunURL, func(*http.Request) (*http.Response, error) {
			if polls.Add(1) == 1 {
				return httpmock.NewStringResponse(http.StatusOK, `{"data":{"result":"queued"}}`), nil
			}
			return httpmock.NewStringResponse(http.StatusForbidden, `{"error":{"status":403,"message":"bad token"}}`), nil
		})
		run, err := c.Results.Wait(context.Background(), "bkt", "tst", "run1", nil)
		assert.ErrorIs(t, err, ErrForbidden)
		require.NotNil(t, run)
		assert.Equal(t, ResultQueued, run.Result)
		assert.EqualValues(t, 2, polls.Load())
	})
}

func TestWaitArgErrors(t *testing.T) {
	testArgErrors(t, []argCase{
		{"negative interval", "opts.Interval", func(ctx context.Context, c *Client) error {
			_, err := c.Results.Wait(ctx, "bkt", "tst", "run1", &WaitOptions{Interval: -time.Second})
			return err
		}},
		{"empty run ID", "runID", func(ctx context.Context, c *Client) error {
			_, err := c.Results.Wait(ctx, "bkt", "tst", "", nil)
			return err
		}},
		{"dot-dot bucket", "bucketKey", func(ctx context.Context, c *Client) error {
			_, err := c.Results.Wait(ctx, "..", "tst", "run1", nil)
			return err
		}},
	})
}

// An answer without data (null) neither ends the wait nor panics.
func TestWaitEmptyAnswer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := mockClient(t)
		var polls atomic.Int32
		mt.RegisterResponder(http.MethodGet, waitRunURL, func(*http.Request) (*http.Response, error) {
			if polls.Add(1) == 1 {
				return httpmock.NewStringResponse(http.StatusOK, `{"data":null,"meta":{"status":"success"}}`), nil
			}
			return httpmock.NewStringResponse(http.StatusOK, `{"data":{"result":"pass"}}`), nil
		})
		run, err := c.Results.Wait(context.Background(), "bkt", "tst", "run1", nil)
		require.NoError(t, err)
		assert.Equal(t, ResultPass, run.Result)
		assert.EqualValues(t, 2, polls.Load())
	})
}
