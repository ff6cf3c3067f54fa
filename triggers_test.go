package runscope

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTestsTrigger(t *testing.T) {
	const id = "b96ecee2-cce6-4d80-8f07-33ac22a22ebd"
	for _, trigger := range []string{id, "http://api.runscope.com/radar/" + id + "/trigger", "https://elsewhere.example/radar/" + id + "/trigger?x=1"} {
		t.Run(trigger, func(t *testing.T) {
			c, mux := setup(t)
			expectRequest(t, mux, wantRequest{
				method: http.MethodGet,
				path:   "/radar/" + id + "/trigger",
				query: url.Values{
					"runscope_environment":      {"env-1"},
					"runscope_region":           {"us1", "eu1"},
					"runscope_agent":            {"agent-7"},
					"runscope_notification_url": {"https://hooks.example/done"},
					"base_url":                  {"https://staging.example"},
				},
				status: http.StatusCreated,
				golden: "trigger.json",
			})
			res, resp, err := c.Tests.Trigger(context.Background(), trigger, &TriggerOptions{
				EnvironmentID:   "env-1",
				Regions:         []string{"us1", "eu1"},
				AgentID:         "agent-7",
				NotificationURL: "https://hooks.example/done",
				Variables:       map[string]string{"base_url": "https://staging.example"},
			})
			require.NoError(t, err)
			assert.Equal(t, http.StatusCreated, resp.StatusCode)
			assert.Equal(t, 1, res.RunsStarted)
			assert.Equal(t, 0, res.RunsFailed)
			assert.Equal(t, 1, res.RunsTotal)
			require.Len(t, res.Runs, 1)
			run := res.Runs[0]
			assert.Equal(t, "0aa48464-f89e-4596-8d60-79bc678d313f", run.TestRunID)
			assert.Equal(t, "626a024c-f75e-4f57-82d4-104fe443c0f3", run.TestID)
			assert.Equal(t, "6knqwmwvqpzr", run.BucketKey)
			assert.Equal(t, "us1", run.Region)
			assert.Equal(t, RunResult("init"), run.Status)
			assert.False(t, run.Status.Done())
			assert.Equal(t, map[string]string{"base_url": "https://api.example.com"}, run.Variables)
		})
	}
}

func TestTestsTriggerNoOptions(t *testing.T) {
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodGet, path: "/radar/abc/trigger", status: http.StatusCreated, golden: "trigger.json"})
	_, _, err := c.Tests.Trigger(context.Background(), "abc", nil)
	require.NoError(t, err)
}

func TestTriggerArgErrors(t *testing.T) {
	cases := []argCase{
		{"empty trigger", "trigger", func(ctx context.Context, c *Client) error { return errOf3(c.Tests.Trigger(ctx, " ", nil)) }},
		{"dot trigger", "trigger", func(ctx context.Context, c *Client) error { return errOf3(c.Tests.Trigger(ctx, "..", nil)) }},
		{"not a trigger url", "trigger", func(ctx context.Context, c *Client) error {
			return errOf3(c.Tests.Trigger(ctx, "https://api.runscope.com/buckets/x", nil))
		}},
		{"bucket url for a test", "trigger", func(ctx context.Context, c *Client) error {
			return errOf3(c.Tests.Trigger(ctx, "https://api.runscope.com/radar/bucket/abc/trigger", nil))
		}},
		{"test url for a bucket", "trigger", func(ctx context.Context, c *Client) error {
			return errOf3(c.Buckets.Trigger(ctx, "https://api.runscope.com/radar/abc/trigger", nil))
		}},
		{"reserved variable", "opts.Variables", func(ctx context.Context, c *Client) error {
			return errOf3(c.Tests.Trigger(ctx, "abc", &TriggerOptions{Variables: map[string]string{"runscope_region": "us1"}}))
		}},
		{"empty variable name", "opts.Variables", func(ctx context.Context, c *Client) error {
			return errOf3(c.Tests.Trigger(ctx, "abc", &TriggerOptions{Variables: map[string]string{"": "x"}}))
		}},
		{"empty batch", "runs", func(ctx context.Context, c *Client) error {
			return errOf3(c.Tests.TriggerBatch(ctx, "abc", nil))
		}},
		{"batch empty trigger", "trigger", func(ctx context.Context, c *Client) error {
			return errOf3(c.Tests.TriggerBatch(ctx, "", make([]TriggerOptions, 1)))
		}},
		{"batch over 50", "runs", func(ctx context.Context, c *Client) error {
			return errOf3(c.Tests.TriggerBatch(ctx, "abc", make([]TriggerOptions, 51)))
		}},
		{"reserved variable in batch", "runs[0].Variables", func(ctx context.Context, c *Client) error {
			return errOf3(c.Tests.TriggerBatch(ctx, "abc", []TriggerOptions{{Variables: map[string]string{"runscope_agent": "x"}}}))
		}},
	}
	testArgErrors(t, cases)
}

func TestTriggerBatchOf50(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/radar/abc/batch", func(w http.ResponseWriter, r *http.Request) {
		var runs []map[string]any
		require.NoError(t, json.NewDecoder(r.Body).Decode(&runs))
		assert.Len(t, runs, 50)
		serveGolden(t, w, http.StatusCreated, "trigger.json")
	})
	_, _, err := c.Tests.TriggerBatch(context.Background(), "abc", make([]TriggerOptions, 50))
	require.NoError(t, err)
}

func TestTestsTriggerBatch(t *testing.T) {
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{
		method: http.MethodPost,
		path:   "/radar/abc/batch",
		body: `[
			{"runscope_environment":"env-1","user":"ada"},
			{"user":"grace","runscope_region":"eu1"},
			{"runscope_region":["us1","jp1"],"runscope_agent":"a1","runscope_notification_url":"https://hooks.example/"}
		]`,
		status: http.StatusCreated,
		golden: "trigger.json",
	})
	res, _, err := c.Tests.TriggerBatch(context.Background(), "https://api.runscope.com/radar/abc/batch", []TriggerOptions{
		{EnvironmentID: "env-1", Variables: map[string]string{"user": "ada"}},
		{Regions: []string{"eu1"}, Variables: map[string]string{"user": "grace"}},
		{Regions: []string{"us1", "jp1"}, AgentID: "a1", NotificationURL: "https://hooks.example/"},
	})
	require.NoError(t, err)
	assert.Equal(t, 1, res.RunsTotal)
}

func TestBucketsTrigger(t *testing.T) {
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{
		method: http.MethodGet,
		path:   "/radar/bucket/bkt-9/trigger",
		query:  url.Values{"runscope_environment": {"env-2"}},
		status: http.StatusCreated,
		golden: "trigger.json",
	})
	for _, trigger := range []string{"bkt-9", "https://api.runscope.com/radar/bucket/bkt-9/trigger"} {
		res, _, err := c.Buckets.Trigger(context.Background(), trigger, &TriggerOptions{EnvironmentID: "env-2"})
		require.NoError(t, err)
		assert.Len(t, res.Runs, 1)
	}
}

func TestTriggerRetriedOnRateLimit(t *testing.T) {
	c, mux := setup(t, WithRetry(RetryPolicy{MaxRetries: 2, MinBackoff: 1, MaxBackoff: 1}))
	var calls int
	mux.HandleFunc("/radar/abc/trigger", func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"error":"rate limited"}`)
			return
		}
		serveGolden(t, w, http.StatusCreated, "trigger.json")
	})
	_, resp, err := c.Tests.Trigger(context.Background(), "abc", nil)
	require.NoError(t, err)
	assert.Equal(t, 2, resp.Attempts)
}

func TestTriggerResultGoldenRoundTrip(t *testing.T) {
	testRoundTrip[*TriggerResult](t, goldenData(t, "trigger.json"))
}
