package runscopetest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/go-runscope/runscope"
	"github.com/go-runscope/runscope/runscopetest"
)

// createTest creates a test with one request step through the client's
// generic request path and returns its ID and trigger URL.
func createTest(ctx context.Context, c *runscope.Client, bucket, name string) (id, triggerURL string) {
	req, err := c.NewRequest(ctx, http.MethodPost, "buckets/"+bucket+"/tests", map[string]any{
		"name":  name,
		"steps": []any{map[string]any{"step_type": "request", "method": "GET", "url": "https://api.example.com/health"}},
	})
	if err != nil {
		panic(err)
	}
	var test struct {
		ID         string `json:"id"`
		TriggerURL string `json:"trigger_url"`
	}
	if _, err := c.Do(req, &test); err != nil {
		panic(err)
	}
	return test.ID, test.TriggerURL
}

// waitFor reads a run until it is done, as a CI gate would.
func waitFor(ctx context.Context, c *runscope.Client, run *runscope.TriggeredRun) *runscope.TestRun {
	for {
		req, err := c.NewRequest(ctx, http.MethodGet, "buckets/"+run.BucketKey+"/tests/"+run.TestID+"/results/"+run.TestRunID, nil)
		if err != nil {
			panic(err)
		}
		var result runscope.TestRun
		if _, err := c.Do(req, &result); err != nil {
			panic(err)
		}
		fmt.Println(result.Result)
		if result.Result.Done() {
			return &result
		}
	}
}

// A server, a client for it, and a test run from trigger to outcome.
func ExampleNewServer() {
	srv := runscopetest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	acct, _, err := client.Account(ctx)
	if err != nil {
		panic(err)
	}
	fmt.Println(acct.Name)

	_, trigger := createTest(ctx, client, srv.BucketKey(), "Health check")
	res, _, err := client.Tests.Trigger(ctx, trigger, nil)
	if err != nil {
		panic(err)
	}
	run := waitFor(ctx, client, res.Runs[0])
	fmt.Println(run.RequestsExecuted, "request,", run.Requests[0].URL)
	// Output:
	// Grace Hopper
	// queued
	// working
	// pass
	// 1 request, https://api.example.com/health
}

// Code that gates a deployment on a test run can be tested against both
// outcomes.
func ExampleServer_SetOutcome() {
	srv := runscopetest.NewServer()
	defer srv.Close()
	srv.SetRunPolls(1) // final on the first read
	client := srv.Client()
	ctx := context.Background()

	id, trigger := createTest(ctx, client, srv.BucketKey(), "Checkout")
	srv.SetOutcome(id, runscope.ResultFail)
	res, _, err := client.Tests.Trigger(ctx, trigger, &runscope.TriggerOptions{Regions: []string{"us1", "eu1"}})
	if err != nil {
		panic(err)
	}
	for _, r := range res.Runs {
		waitFor(ctx, client, r)
	}
	// Output:
	// fail
	// fail
}

// FailNext makes the API fail, to test how code copes with errors.
func ExampleServer_FailNext() {
	srv := runscopetest.NewServer()
	defer srv.Close()
	client := srv.Client(runscope.WithRetry(runscope.RetryPolicy{})) // no retries
	ctx := context.Background()

	srv.FailNext(http.MethodGet, "/account", http.StatusServiceUnavailable, 1)
	_, _, err := client.Account(ctx)
	fmt.Println(errors.Is(err, runscope.ErrServer))
	_, _, err = client.Account(ctx)
	fmt.Println(err)
	// Output:
	// true
	// <nil>
}

// Requests shows what the code under test sent.
func ExampleServer_Requests() {
	srv := runscopetest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	_, trigger := createTest(ctx, client, srv.BucketKey(), "Smoke")
	if _, _, err := client.Tests.Trigger(ctx, trigger, &runscope.TriggerOptions{
		Variables: map[string]string{"base_url": "https://staging.example.com"},
	}); err != nil {
		panic(err)
	}
	for _, r := range srv.Requests() {
		fmt.Println(r.Method, r.Query)
	}
	// Output:
	// POST map[]
	// GET map[base_url:[https://staging.example.com]]
}

// PendingFaults tells whether the code under test made the requests the
// faults were armed for; ClearFaults disarms the rest.
func ExampleServer_PendingFaults() {
	srv := runscopetest.NewServer()
	defer srv.Close()
	client := srv.Client() // retries 502 up to 3 times
	ctx := context.Background()

	srv.FailNext(http.MethodGet, "/account", http.StatusBadGateway, 2)
	srv.FailNext(http.MethodGet, "/regions", http.StatusBadGateway, 1)
	fmt.Println(srv.PendingFaults())

	_, resp, err := client.Account(ctx)
	fmt.Println(err, resp.Attempts, srv.PendingFaults())

	srv.ClearFaults()
	fmt.Println(srv.PendingFaults())
	// Output:
	// 3
	// <nil> 3 1
	// 0
}
