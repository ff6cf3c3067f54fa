package runscopetest_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-runscope/runscope"
	"github.com/go-runscope/runscope/runscopetest"
)

// These tests drive the fake through the SDK's core: Account, Regions,
// triggers, and NewRequest/Do for calls made by hand. services_test.go
// drives every service.

// sdkTest is the part of a test these tests need, created with the SDK's
// generic request path.
type sdkTest struct {
	ID         string `json:"id"`
	TriggerURL string `json:"trigger_url"`
}

func createSDKTest(t *testing.T, c *runscope.Client, bucket string, body any) sdkTest {
	t.Helper()
	req, err := c.NewRequest(t.Context(), http.MethodPost, "buckets/"+bucket+"/tests", body)
	require.NoError(t, err)
	var test sdkTest
	resp, err := c.Do(req, &test)
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	require.NotEmpty(t, test.ID)
	return test
}

// getRun reads a run through the SDK; each read moves it along.
func getRun(ctx context.Context, c *runscope.Client, bucket, testID, runID string) (*runscope.TestRun, error) {
	req, err := c.NewRequest(ctx, http.MethodGet, "buckets/"+bucket+"/tests/"+testID+"/results/"+runID, nil)
	if err != nil {
		return nil, err
	}
	var run runscope.TestRun
	if _, err := c.Do(req, &run); err != nil {
		return nil, err
	}
	return &run, nil
}

func TestSDKAccountAndRegions(t *testing.T) {
	t.Parallel()
	s := runscopetest.NewServer()
	defer s.Close()
	c := s.Client()

	acct, resp, err := c.Account(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "success", resp.Meta.Status)
	assert.Equal(t, s.AccountUUID(), acct.UUID)
	require.Len(t, acct.Teams, 1)
	assert.Equal(t, s.TeamUUID(), acct.Teams[0].UUID)

	regions, _, err := c.Regions(t.Context())
	require.NoError(t, err)
	require.NotEmpty(t, regions)
	assert.Equal(t, "us1", regions[0].RegionCode)
}

func TestSDKTriggerAndWait(t *testing.T) {
	t.Parallel()
	s := runscopetest.NewServer()
	defer s.Close()
	c := s.Client()
	ctx := t.Context()
	test := createSDKTest(t, c, s.BucketKey(), map[string]any{"name": "sdk", "steps": []any{
		map[string]any{"step_type": "request", "url": "https://api.example.com/", "assertions": []any{
			map[string]any{"source": "response_status", "comparison": "equal_number", "value": 200},
		}},
	}})

	// The full trigger URL works: the SDK reduces it to its ID.
	res, resp, err := c.Tests.Trigger(ctx, test.TriggerURL, &runscope.TriggerOptions{
		Regions:   []string{"us1", "eu1"},
		Variables: map[string]string{"base_url": "https://staging.example"},
	})
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, 2, res.RunsStarted)
	assert.Equal(t, 2, res.RunsTotal)
	require.Len(t, res.Runs, 2)
	run := res.Runs[0]
	assert.Equal(t, runscope.RunResult("init"), run.Status)
	assert.False(t, run.Status.Done())
	assert.Equal(t, "https://staging.example", run.Variables["base_url"])

	var states []runscope.RunResult
	for {
		got, err := getRun(ctx, c, run.BucketKey, run.TestID, run.TestRunID)
		require.NoError(t, err)
		states = append(states, got.Result)
		if got.Result.Done() {
			assert.False(t, got.FinishedAt.IsZero())
			assert.True(t, got.FinishedAt.After(got.StartedAt.Time) || got.FinishedAt.Equal(got.StartedAt.Time))
			require.Len(t, got.Requests, 1)
			assert.Equal(t, 1, got.AssertionsPassed)
			assert.Equal(t, "200", got.Requests[0].Assertions[0].ActualValue)
			break
		}
	}
	assert.Equal(t, []runscope.RunResult{runscope.ResultQueued, runscope.ResultWorking, runscope.ResultPass}, states)

	// SetOutcome steers the next runs.
	s.SetOutcome(test.ID, runscope.ResultFail)
	s.SetRunPolls(1)
	res, _, err = c.Tests.Trigger(ctx, test.TriggerURL, nil)
	require.NoError(t, err)
	got, err := getRun(ctx, c, s.BucketKey(), test.ID, res.Runs[0].TestRunID)
	require.NoError(t, err)
	assert.Equal(t, runscope.ResultFail, got.Result)
	assert.Equal(t, 1, got.AssertionsFailed)
}

func TestSDKTriggerBatchAndBucket(t *testing.T) {
	t.Parallel()
	s := runscopetest.NewServer()
	defer s.Close()
	c := s.Client()
	ctx := t.Context()
	test := createSDKTest(t, c, s.BucketKey(), map[string]any{"name": "batch"})
	createSDKTest(t, c, s.BucketKey(), map[string]any{"name": "another"})

	res, _, err := c.Tests.TriggerBatch(ctx, test.TriggerURL, []runscope.TriggerOptions{
		{Variables: map[string]string{"n": "1"}},
		{Variables: map[string]string{"n": "2"}, Regions: []string{"jp1"}},
		{Regions: []string{"us1", "au1"}},
	})
	require.NoError(t, err)
	assert.Equal(t, 4, res.RunsStarted)
	require.Len(t, res.Runs, 4)
	assert.Equal(t, "2", res.Runs[1].Variables["n"])
	assert.Equal(t, "jp1", res.Runs[1].Region)
	assert.Equal(t, "au1", res.Runs[3].Region)

	// The bucket's trigger URL is in the bucket.
	req, err := c.NewRequest(ctx, http.MethodGet, "buckets/"+s.BucketKey(), nil)
	require.NoError(t, err)
	var bucket struct {
		TriggerURL string `json:"trigger_url"`
	}
	_, err = c.Do(req, &bucket)
	require.NoError(t, err)
	res, _, err = c.Buckets.Trigger(ctx, bucket.TriggerURL, &runscope.TriggerOptions{Regions: []string{"us1"}})
	require.NoError(t, err)
	assert.Equal(t, 2, res.RunsStarted, "one run per test")

	// Trigger URLs need no token: a client without one gets through.
	anon, err := runscope.NewClient(runscope.WithBaseURL(s.URL()))
	require.NoError(t, err)
	_, _, err = anon.Tests.Trigger(ctx, test.TriggerURL, nil)
	require.NoError(t, err)
	_, _, err = anon.Account(ctx)
	assert.ErrorIs(t, err, runscope.ErrForbidden, "everything else needs one")

	_, _, err = c.Tests.Trigger(ctx, "no-such-trigger", nil)
	assert.ErrorIs(t, err, runscope.ErrNotFound)
}

func TestSDKErrors(t *testing.T) {
	t.Parallel()
	s := runscopetest.NewServer()
	defer s.Close()
	c := s.Client()
	ctx := t.Context()

	// A transient failure is retried away.
	s.FailNext(http.MethodGet, "/account", http.StatusServiceUnavailable, 2)
	_, resp, err := c.Account(ctx)
	require.NoError(t, err)
	assert.Equal(t, 3, resp.Attempts)

	// A lasting one surfaces as an *APIError from the error envelope.
	s.FailNext(http.MethodGet, "/account", http.StatusServiceUnavailable, 4)
	_, _, err = c.Account(ctx)
	var apiErr *runscope.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusServiceUnavailable, apiErr.StatusCode)
	assert.Equal(t, 4, apiErr.Attempts)
	assert.ErrorIs(t, err, runscope.ErrServer)

	// With retries off, one failure is enough.
	noRetry := s.Client(runscope.WithRetry(runscope.RetryPolicy{}))
	s.FailNext("", "/regions", http.StatusTooManyRequests, 1)
	_, _, err = noRetry.Regions(ctx)
	assert.ErrorIs(t, err, runscope.ErrRateLimited)

	// Validation errors carry the server's message.
	req, err := c.NewRequest(ctx, http.MethodPost, "buckets/"+s.BucketKey()+"/tests", map[string]any{"description": "no name"})
	require.NoError(t, err)
	_, err = c.Do(req, nil)
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, runscope.ErrBadRequest)
	assert.Contains(t, apiErr.Message, "name")
	assert.NotEmpty(t, apiErr.MoreInfo)

	// Bare bodies decode through Do as well.
	req, err = c.NewRequest(ctx, http.MethodGet, "teams/"+s.TeamUUID()+"/integrations", nil)
	require.NoError(t, err)
	var integrations []map[string]any
	resp, err = c.Do(req, &integrations)
	require.NoError(t, err)
	assert.Len(t, integrations, 2)
	assert.Empty(t, resp.Meta.Status, "no envelope, no meta")

	// The custom email error is a string, not an object.
	req, err = c.NewRequest(ctx, http.MethodDelete, "buckets/"+s.BucketKey()+"/custom-emails", map[string]any{"email": "x@example.com"})
	require.NoError(t, err)
	_, err = c.Do(req, nil)
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, runscope.ErrNotFound)
	assert.Equal(t, "Email x@example.com is not part of the bucket "+s.BucketKey(), apiErr.Message)
	assert.False(t, errors.Is(err, runscope.ErrServer))
}
