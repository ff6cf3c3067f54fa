package runscope

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path"
	"regexp"
	"sync"
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
			return errOf2(c.Results.Wait(ctx, "bkt", "tst", "run1", &WaitOptions{Interval: -time.Second}))
		}},
		{"empty run ID", "runID", func(ctx context.Context, c *Client) error {
			return errOf2(c.Results.Wait(ctx, "bkt", "tst", "", nil))
		}},
		{"dot-dot bucket", "bucketKey", func(ctx context.Context, c *Client) error {
			return errOf2(c.Results.Wait(ctx, "..", "tst", "run1", nil))
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

// Wait and WaitAll send the detail GET of each run and return the
// reference's detailed run as Results.Get decodes it.
func TestWaitAndWaitAllDecodeTheReferenceRun(t *testing.T) {
	const runID = "7d0236a0-469d-4b2a-b882-64acd2cb685f"
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodGet, path: "/buckets/bkt/tests/tst/results/" + runID, golden: "results_get.json"})
	// Bounds the test if a request went elsewhere: Wait polls through 404s.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	run, err := c.Results.Wait(ctx, "bkt", "tst", runID, nil)
	require.NoError(t, err)
	assert.Equal(t, runID, run.TestRunID)
	checkReferenceRunDetail(t, run)

	runs, err := c.Results.WaitAll(ctx, []*TriggeredRun{{BucketKey: "bkt", TestID: "tst", TestRunID: runID}}, nil)
	require.NoError(t, err)
	require.Len(t, runs, 1)
	assert.Equal(t, runID, runs[0].TestRunID)
	checkReferenceRunDetail(t, runs[0])
}

// waitAllRun is a run of test tst in bucket bkt, as a trigger reports it.
func waitAllRun(id string) *TriggeredRun {
	return &TriggeredRun{BucketKey: "bkt", TestID: "tst", TestName: "Health " + id, TestRunID: id}
}

// writeRun answers a results GET with the run id in state result.
func writeRun(w http.ResponseWriter, id string, result RunResult) {
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"data":{"test_run_id":%q,"result":%q},"meta":{"status":"success"}}`, id, result)
}

// Runs that finish in an order other than the one given still come back
// in the order given, each with its own result.
func TestWaitAllKeepsOrder(t *testing.T) {
	c, mux := setup(t)
	var mu sync.Mutex
	polls := map[string]int{}
	// run-k needs 4-k polls: the last run given finishes first.
	mux.HandleFunc("GET /buckets/bkt/tests/tst/results/{run}", func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("run")
		mu.Lock()
		polls[id]++
		n := polls[id]
		mu.Unlock()
		k := int(id[len(id)-1] - '0')
		switch {
		case n < 4-k:
			writeRun(w, id, ResultWorking)
		case k == 2:
			writeRun(w, id, ResultFail)
		default:
			writeRun(w, id, ResultPass)
		}
	})
	runs := []*TriggeredRun{waitAllRun("run-0"), waitAllRun("run-1"), waitAllRun("run-2"), waitAllRun("run-3")}
	got, err := c.Results.WaitAll(context.Background(), runs, &WaitOptions{Interval: time.Millisecond})
	require.NoError(t, err, "a failed run is a result, not an error")
	require.Len(t, got, len(runs))
	for i, run := range got {
		assert.Equal(t, runs[i].TestRunID, run.TestRunID, "result %d", i)
	}
	assert.Equal(t, []RunResult{ResultPass, ResultPass, ResultFail, ResultPass},
		[]RunResult{got[0].Result, got[1].Result, got[2].Result, got[3].Result})
	assert.Equal(t, map[string]int{"run-0": 4, "run-1": 3, "run-2": 2, "run-3": 1}, polls)
}

// No more than Concurrency runs are polled at once, and that many are:
// every poll is held until the test lets it go, and whenever every
// goroutine is blocked the polls in flight are counted exactly.
func TestWaitAllBoundsConcurrency(t *testing.T) {
	const limit, total = 3, 11
	synctest.Test(t, func(t *testing.T) {
		c, mt := mockClient(t)
		var inflight atomic.Int32
		release := make(chan struct{})
		mt.RegisterRegexpResponder(http.MethodGet, regexp.MustCompile(`/buckets/bkt/tests/tst/results/[^/]+$`), func(r *http.Request) (*http.Response, error) {
			inflight.Add(1)
			<-release
			inflight.Add(-1)
			id := path.Base(r.URL.Path)
			return httpmock.NewStringResponse(http.StatusOK, fmt.Sprintf(`{"data":{"test_run_id":%q,"result":"pass"}}`, id)), nil
		})
		runs := make([]*TriggeredRun, total)
		for i := range runs {
			runs[i] = waitAllRun(fmt.Sprintf("run-%02d", i))
		}
		done := make(chan error, 1)
		var got []*TestRun
		go func() {
			var err error
			got, err = c.Results.WaitAll(context.Background(), runs, &WaitOptions{Concurrency: limit})
			done <- err
		}()
		for released := range total {
			synctest.Wait()
			require.EqualValues(t, min(limit, total-released), inflight.Load(), "runs polled at once after %d finished", released)
			release <- struct{}{}
		}
		require.NoError(t, <-done)
		require.Len(t, got, total)
		for i, run := range got {
			assert.Equal(t, runs[i].TestRunID, run.TestRunID)
		}
	})
}

// The default bound is 8.
func TestWaitAllDefaultConcurrency(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := mockClient(t)
		var inflight atomic.Int32
		release := make(chan struct{})
		mt.RegisterRegexpResponder(http.MethodGet, regexp.MustCompile(`/results/[^/]+$`), func(*http.Request) (*http.Response, error) {
			inflight.Add(1)
			<-release
			return httpmock.NewStringResponse(http.StatusOK, `{"data":{"result":"pass"}}`), nil
		})
		runs := make([]*TriggeredRun, 20)
		for i := range runs {
			runs[i] = waitAllRun(fmt.Sprint(i))
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			_, _ = c.Results.WaitAll(context.Background(), runs, nil)
		}()
		synctest.Wait()
		assert.EqualValues(t, defaultWaitConcurrency, inflight.Load())
		close(release)
		<-done
	})
}

// Runs whose wait failed come back as an error per run, joined, naming
// each; the other runs' results come with it.
func TestWaitAllJoinsErrors(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /buckets/bkt/tests/tst/results/{run}", func(w http.ResponseWriter, r *http.Request) {
		switch id := r.PathValue("run"); id {
		case "bad-1":
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprint(w, `{"error":{"status":500,"message":"boom"}}`)
		case "bad-2":
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `{"error":{"status":403,"message":"bad token"}}`)
		default:
			writeRun(w, id, ResultPass)
		}
	})
	runs := []*TriggeredRun{waitAllRun("ok-1"), waitAllRun("bad-1"), waitAllRun("ok-2"), waitAllRun("bad-2")}
	got, err := c.Results.WaitAll(context.Background(), runs, &WaitOptions{Interval: time.Millisecond})
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrServer)
	assert.ErrorIs(t, err, ErrForbidden)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	var joined interface{ Unwrap() []error }
	require.ErrorAs(t, err, &joined)
	require.Len(t, joined.Unwrap(), 2, "one error per failed run")
	assert.Contains(t, joined.Unwrap()[0].Error(), `test "Health bad-1", run bad-1`)
	assert.Contains(t, joined.Unwrap()[1].Error(), `test "Health bad-2", run bad-2`)
	require.Len(t, got, 4)
	assert.Equal(t, ResultPass, got[0].Result)
	assert.Nil(t, got[1])
	assert.Equal(t, ResultPass, got[2].Result)
	assert.Nil(t, got[3])
}

// When ctx ends, runs being polled return their last state with ctx's
// error, and runs still waiting for a slot are not polled at all.
func TestWaitAllContextEnds(t *testing.T) {
	c, mux := setup(t)
	var mu sync.Mutex
	polled := map[string]bool{}
	mux.HandleFunc("GET /buckets/bkt/tests/tst/results/{run}", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		polled[r.PathValue("run")] = true
		mu.Unlock()
		writeRun(w, r.PathValue("run"), ResultWorking)
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	runs := []*TriggeredRun{waitAllRun("run-0"), waitAllRun("run-1"), waitAllRun("run-2")}
	progress := make(chan struct{}, 100)
	go func() {
		<-progress // the first poll of the first run
		cancel()
	}()
	got, err := c.Results.WaitAll(ctx, runs, &WaitOptions{
		Concurrency: 1,
		Interval:    time.Millisecond,
		Progress:    func(*TestRun) { progress <- struct{}{} },
	})
	require.ErrorIs(t, err, context.Canceled)
	assert.Contains(t, err.Error(), "run-0")
	assert.Contains(t, err.Error(), `test "Health run-2", run run-2: not polled`)
	require.Len(t, got, 3)
	require.NotNil(t, got[0], "the last state seen comes back")
	assert.Equal(t, ResultWorking, got[0].Result)
	assert.Nil(t, got[2])
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, map[string]bool{"run-0": true}, polled, "runs waiting for a slot are not polled once ctx ends")
}

func TestWaitAllArgErrors(t *testing.T) {
	runs := []*TriggeredRun{waitAllRun("run-0")}
	testArgErrors(t, []argCase{
		{"nil ctx", "ctx", func(_ context.Context, c *Client) error {
			//lint:ignore SA1012 a nil ctx is what this case checks
			_, err := c.Results.WaitAll(nil, runs, nil)
			return err
		}},
		{"no runs", "runs", func(ctx context.Context, c *Client) error {
			return errOf2(c.Results.WaitAll(ctx, nil, nil))
		}},
		{"nil run", "runs[1]", func(ctx context.Context, c *Client) error {
			return errOf2(c.Results.WaitAll(ctx, []*TriggeredRun{runs[0], nil}, nil))
		}},
		{"negative concurrency", "opts.Concurrency", func(ctx context.Context, c *Client) error {
			return errOf2(c.Results.WaitAll(ctx, runs, &WaitOptions{Concurrency: -1}))
		}},
		{"negative interval", "opts.Interval", func(ctx context.Context, c *Client) error {
			return errOf2(c.Results.WaitAll(ctx, runs, &WaitOptions{Interval: -time.Second}))
		}},
	})
}
