package runscopetest_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-runscope/runscope"
	"github.com/go-runscope/runscope/runscopetest"
)

// TestConcurrentUse has many goroutines create tests, steer them, trigger
// them and poll their runs through one server and one client, while others
// read the request log and inject faults. Run it with -race.
func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	s := runscopetest.NewServer()
	defer s.Close()
	c := s.Client()
	ctx := t.Context()

	const workers = 24
	var wg sync.WaitGroup
	for i := range workers {
		wg.Go(func() {
			assert.NoError(t, worker(ctx, s, c, i))
		})
	}
	done := make(chan struct{})
	var readers sync.WaitGroup
	readers.Go(func() {
		for {
			select {
			case <-done:
				return
			default:
				_ = s.Requests()
				s.FailNext(http.MethodGet, "/regions", http.StatusBadGateway, 1) // retried away
				_, _, err := c.Regions(ctx)
				assert.NoError(t, err)
			}
		}
	})
	wg.Wait()
	close(done)
	readers.Wait()

	req, err := c.NewRequest(ctx, http.MethodGet, "buckets/"+s.BucketKey()+"/tests?count=50", nil)
	require.NoError(t, err)
	var tests []sdkTest
	_, err = c.Do(req, &tests)
	require.NoError(t, err)
	assert.Len(t, tests, workers)
}

// worker creates a test, fails half of them, triggers two runs and polls
// them to their end.
func worker(ctx context.Context, s *runscopetest.Server, c *runscope.Client, i int) error {
	req, err := c.NewRequest(ctx, http.MethodPost, "buckets/"+s.BucketKey()+"/tests", map[string]any{
		"name":  fmt.Sprintf("worker %d", i),
		"steps": []any{map[string]any{"step_type": "request", "url": "https://api.example.com/"}},
	})
	if err != nil {
		return err
	}
	var test sdkTest
	if _, err := c.Do(req, &test); err != nil {
		return err
	}
	want := runscope.ResultPass
	if i%2 == 1 {
		want = runscope.ResultFail
		s.SetOutcome(test.ID, want)
	}
	// A transient failure of this test's own path, retried by the client.
	s.FailNext(http.MethodGet, "/buckets/"+s.BucketKey()+"/tests/"+test.ID, http.StatusServiceUnavailable, 1)
	if _, err := getTest(ctx, c, s.BucketKey(), test.ID); err != nil {
		return err
	}

	res, _, err := c.Tests.Trigger(ctx, test.TriggerURL, &runscope.TriggerOptions{Regions: []string{"us1", "eu1"}})
	if err != nil {
		return err
	}
	if res.RunsStarted != 2 {
		return fmt.Errorf("worker %d: %d runs started, want 2", i, res.RunsStarted)
	}
	for _, run := range res.Runs {
		for polls := 1; ; polls++ {
			got, err := getRun(ctx, c, run.BucketKey, run.TestID, run.TestRunID)
			if err != nil {
				return err
			}
			if !got.Result.Done() {
				continue
			}
			if got.Result != want || polls != 3 {
				return fmt.Errorf("worker %d: run %s ended %s after %d polls, want %s after 3", i, run.TestRunID, got.Result, polls, want)
			}
			break
		}
	}
	return nil
}

func getTest(ctx context.Context, c *runscope.Client, bucket, id string) (*sdkTest, error) {
	req, err := c.NewRequest(ctx, http.MethodGet, "buckets/"+bucket+"/tests/"+id, nil)
	if err != nil {
		return nil, err
	}
	var test sdkTest
	_, err = c.Do(req, &test)
	return &test, err
}

// Answers read runs in parallel, each read counted once whatever the
// endpoint: a run final on its 102nd read is not on the 101st, after 100
// concurrent reads, and is on the next. Run it with -race.
func TestConcurrentReadsOfOneRun(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	test := runTest(a)
	a.s.SetRunPolls(102)
	runID := a.do("GET", triggerPath(t, test), nil).obj(http.StatusCreated)["runs"].([]any)[0].(map[string]any)["test_run_id"].(string)
	paths := []string{
		a.testPath(test), a.bucketPath() + "/tests", a.testPath(test) + "/results",
		a.testPath(test) + "/results/" + runID, a.testPath(test) + "/results/latest", a.testPath(test) + "/metrics",
	}
	var wg sync.WaitGroup
	for i := range 10 {
		wg.Go(func() {
			for j := range 10 {
				r := a.do("GET", paths[(i+j)%len(paths)], nil)
				assert.Equal(t, http.StatusOK, r.status, "%s", r.body)
			}
		})
	}
	wg.Wait()
	last := a.do("GET", a.testPath(test), nil).obj(http.StatusOK)["last_run"].(map[string]any)
	assert.Equal(t, "running", last["status"], "read 101")
	last = a.do("GET", a.testPath(test), nil).obj(http.StatusOK)["last_run"].(map[string]any)
	assert.Equal(t, "completed", last["status"], "read 102")
	assert.NotNil(t, last["finished_at"])
	assert.Equal(t, last["finished_at"], a.do("GET", a.testPath(test)+"/results/"+runID, nil).obj(http.StatusOK)["finished_at"])
}
