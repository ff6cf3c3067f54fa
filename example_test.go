package runscope_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"time"

	"github.com/go-runscope/runscope"
	"github.com/go-runscope/runscope/runscopetest"
)

// The examples run against runscopetest, the in-memory fake of the API, so
// they need no account. With a real account, build the client with
// runscope.NewClient(runscope.WithToken(token)) instead of srv.Client().

func ExampleNewClient() {
	client, err := runscope.NewClient(
		runscope.WithToken("your-access-token"),
		runscope.WithUserAgent("my-ci-helper/1.0"),
		runscope.WithRetry(runscope.RetryPolicy{MaxRetries: 5, MaxBackoff: time.Minute}),
	)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(client.BaseURL())
	// Output: https://api.runscope.com/
}

func ExampleClient_Account() {
	srv := runscopetest.NewServer()
	defer srv.Close()
	client := srv.Client()

	acct, _, err := client.Account(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(acct.Name, "of team", acct.Teams[0].Name)
	// Output: Grace Hopper of team Amazing Grace
}

func ExampleOAuthConfig() {
	conf := runscope.OAuthConfig("my-client-id", "my-client-secret", "https://example.com/callback",
		runscope.ScopeAPIRead, runscope.ScopeTestWrite)
	// Send the user here; Runscope redirects back to the callback with a
	// code for conf.Exchange.
	u, _ := url.Parse(conf.AuthCodeURL("random-state"))
	fmt.Println(u.Host + u.Path)
	fmt.Println(u.Query().Get("scope"))
	// Output:
	// www.runscope.com/signin/oauth/authorize
	// api:read test:write
}

func ExampleTestsService_Create() {
	srv := runscopetest.NewServer()
	defer srv.Close()
	client, ctx := srv.Client(), context.Background()

	test, _, err := client.Tests.Create(ctx, srv.BucketKey(), &runscope.Test{
		Name: "Orders API",
		Steps: []runscope.Step{&runscope.RequestStep{
			Method: http.MethodGet,
			URL:    "{{base_url}}/orders",
			Assertions: []runscope.Assertion{
				{Source: runscope.AssertionSourceStatus, Comparison: runscope.ComparisonEqualNumber, Value: 200},
				{Source: runscope.AssertionSourceJSON, Property: "orders", Comparison: runscope.ComparisonNotEmpty},
			},
			Variables: []runscope.Variable{
				{Name: "first_order", Source: runscope.VariableSourceJSON, Property: "orders[0].id"},
			},
		}},
	})
	if err != nil {
		log.Fatal(err)
	}
	step := test.Steps[0].(*runscope.RequestStep)
	fmt.Println(test.Name, "has", len(step.Assertions), "assertions")
	// Output: Orders API has 2 assertions
}

func ExampleTestsService_All() {
	srv := runscopetest.NewServer()
	defer srv.Close()
	client, ctx := srv.Client(), context.Background()
	for _, name := range []string{"alpha", "beta", "gamma"} {
		if _, _, err := client.Tests.Create(ctx, srv.BucketKey(), &runscope.Test{Name: name}); err != nil {
			log.Fatal(err)
		}
	}

	// Pages are fetched as the loop needs them: two tests a page here.
	for test, err := range client.Tests.All(ctx, srv.BucketKey(), &runscope.TestListOptions{Count: 2}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(test.Name)
	}
	// Unordered output:
	// alpha
	// beta
	// gamma
}

func ExampleStepsService_Add() {
	srv := runscopetest.NewServer()
	defer srv.Close()
	client, ctx := srv.Client(), context.Background()
	test, _, err := client.Tests.Create(ctx, srv.BucketKey(), &runscope.Test{Name: "Checkout"})
	if err != nil {
		log.Fatal(err)
	}

	step, _, err := client.Steps.Add(ctx, srv.BucketKey(), test.ID, &runscope.PauseStep{Duration: 5})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("added a", step.StepType(), "step")
	// Output: added a pause step
}

func ExampleEnvironmentsService_CreateShared() {
	srv := runscopetest.NewServer()
	defer srv.Close()
	client, ctx := srv.Client(), context.Background()

	env, _, err := client.Environments.CreateShared(ctx, srv.BucketKey(), &runscope.Environment{
		Name:             "Staging",
		InitialVariables: map[string]string{"base_url": "https://staging.example.com"},
		Regions:          []string{"us1", "eu1"},
		Auth:             &runscope.BasicAuth{Username: "ci", Password: "secret"},
		Emails:           &runscope.Emails{NotifyOn: runscope.NotifyThreshold, NotifyThreshold: 3},
		// VerifySSL is left nil: nothing is sent and the server keeps
		// verifying certificates.
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(env.Name, env.Regions, env.Auth.AuthType())
	// Output: Staging [us1 eu1] basic
}

func ExampleSchedulesService_Create() {
	srv := runscopetest.NewServer()
	defer srv.Close()
	client, ctx := srv.Client(), context.Background()
	test, _, err := client.Tests.Create(ctx, srv.BucketKey(), &runscope.Test{Name: "Nightly"})
	if err != nil {
		log.Fatal(err)
	}

	sched, _, err := client.Schedules.Create(ctx, srv.BucketKey(), test.ID, &runscope.Schedule{
		EnvironmentID: test.DefaultEnvironmentID,
		Interval:      runscope.Every1d,
		Note:          "once a day",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("runs every", sched.Interval)
	// Output: runs every 1d
}

// Trigger a test and wait for its run: what a CI gate does.
func ExampleResultsService_Wait() {
	srv := runscopetest.NewServer()
	defer srv.Close()
	client, ctx := srv.Client(), context.Background()
	test, _, err := client.Tests.Create(ctx, srv.BucketKey(), &runscope.Test{
		Name:  "Smoke",
		Steps: []runscope.Step{&runscope.RequestStep{Method: http.MethodGet, URL: "https://api.example.com/health"}},
	})
	if err != nil {
		log.Fatal(err)
	}

	triggered, _, err := client.Tests.Trigger(ctx, test.TriggerURL, &runscope.TriggerOptions{
		Variables: map[string]string{"base_url": "https://api.example.com"},
	})
	if err != nil {
		log.Fatal(err)
	}
	started := triggered.Runs[0]
	waitCtx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	run, err := client.Results.Wait(waitCtx, started.BucketKey, started.TestID, started.TestRunID, &runscope.WaitOptions{
		Interval: 10 * time.Millisecond, // the default, 2s, suits the real API
		Progress: func(r *runscope.TestRun) { fmt.Println("…", r.Result) },
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("final:", run.Result, "with", len(run.Requests), "request")
	// Output:
	// … queued
	// … working
	// … pass
	// final: pass with 1 request
}

// Trigger a test in two regions and wait for both runs: what a CI gate
// does for a whole bucket.
func ExampleResultsService_WaitAll() {
	srv := runscopetest.NewServer()
	defer srv.Close()
	client, ctx := srv.Client(), context.Background()
	test, _, err := client.Tests.Create(ctx, srv.BucketKey(), &runscope.Test{Name: "Checkout"})
	if err != nil {
		log.Fatal(err)
	}
	triggered, _, err := client.Tests.Trigger(ctx, test.TriggerURL, &runscope.TriggerOptions{Regions: []string{"us1", "eu1"}})
	if err != nil {
		log.Fatal(err)
	}

	waitCtx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	runs, err := client.Results.WaitAll(waitCtx, triggered.Runs, &runscope.WaitOptions{
		Interval: 10 * time.Millisecond, // the default, 2s, suits the real API
	})
	if err != nil {
		log.Fatal(err) // names each run that did not finish, and why
	}
	for _, run := range runs { // in the order of triggered.Runs
		fmt.Println(run.Region, run.Result)
	}
	// Output:
	// us1 pass
	// eu1 pass
}

func ExampleMetricsService_Get() {
	srv := runscopetest.NewServer()
	defer srv.Close()
	client, ctx := srv.Client(), context.Background()
	test, _, err := client.Tests.Create(ctx, srv.BucketKey(), &runscope.Test{Name: "Measured"})
	if err != nil {
		log.Fatal(err)
	}

	m, _, err := client.Metrics.Get(ctx, srv.BucketKey(), test.ID, &runscope.MetricsOptions{Timeframe: runscope.TimeframeWeek})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("timeframe:", m.Timeframe)
	// Output: timeframe: week
}

func ExampleBucketsService_List() {
	srv := runscopetest.NewServer()
	defer srv.Close()

	buckets, _, err := srv.Client().Buckets.List(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	for _, b := range buckets {
		fmt.Println(b.Name, "in", b.Team.Name)
	}
	// Output: Lucky Notebook in Amazing Grace
}

func ExampleTeamsService_AllPeople() {
	srv := runscopetest.NewServer()
	defer srv.Close()
	client, ctx := srv.Client(), context.Background()

	for person, err := range client.Teams.AllPeople(ctx, srv.TeamUUID(), nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(person.Name, "-", person.RoleName)
	}
	// Output:
	// Grace Hopper - Administrator
	// Ada Lovelace - Read-only Members
}

func ExampleRolesService_Create() {
	srv := runscopetest.NewServer()
	defer srv.Close()
	client, ctx := srv.Client(), context.Background()

	role, _, err := client.Roles.Create(ctx, srv.TeamUUID(), &runscope.Role{
		Name:        "Test runner",
		Permissions: []runscope.Permission{runscope.PermBucketTestsView, runscope.PermBucketTestsExecute},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(role.Name, role.Permissions)
	// Output: Test runner [bucket:tests:view bucket:tests:execute]
}

func ExampleGroupsService_Update() {
	srv := runscopetest.NewServer()
	defer srv.Close()
	client, ctx := srv.Client(), context.Background()
	group, _, err := client.Groups.Create(ctx, srv.TeamUUID(), "QA")
	if err != nil {
		log.Fatal(err)
	}

	group, _, err = client.Groups.Update(ctx, srv.TeamUUID(), group.UUID, &runscope.GroupUpdate{
		BucketKeys: []string{srv.BucketKey()},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(group.Name, "can see", len(group.BucketKeys), "bucket")
	// Output: QA can see 1 bucket
}

func ExampleUsageService_Bucket() {
	srv := runscopetest.NewServer()
	defer srv.Close()
	client, ctx := srv.Client(), context.Background()

	usage, _, err := client.Usage.Bucket(ctx, srv.BucketKey(), &runscope.UsageOptions{
		From: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
		To:   time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s to %s: %d requests\n", usage.FromDate, usage.ToDate, usage.RequestsCount)
	// Output: 2026-11-01 to 2026-11-27: 0 requests
}

// Classify failures with errors.Is and errors.As.
func ExampleAPIError() {
	srv := runscopetest.NewServer()
	defer srv.Close()
	client, ctx := srv.Client(), context.Background()

	_, _, err := client.Tests.Get(ctx, srv.BucketKey(), "no-such-test")
	var apiErr *runscope.APIError
	if errors.Is(err, runscope.ErrNotFound) && errors.As(err, &apiErr) {
		fmt.Println("not found:", apiErr.StatusCode)
	}

	_, _, err = client.Tests.Get(ctx, srv.BucketKey(), "")
	var argErr *runscope.ArgError
	if errors.As(err, &argErr) {
		fmt.Println("caught before sending:", argErr.Arg)
	}
	// Output:
	// not found: 404
	// caught before sending: testID
}
