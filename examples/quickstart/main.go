// Command quickstart shows the SDK's main job end to end: it lists your
// buckets, creates an API test with a request step (assertions and a
// variable), a test environment and a schedule, triggers the test, waits
// for the run and prints its result.
//
//	go run ./examples/quickstart
//
// Without RUNSCOPE_ACCESS_TOKEN it runs against runscopetest, the SDK's
// in-memory fake of the Runscope API, so it needs no account and no
// network. With the variable set it uses your account (the bucket named by
// RUNSCOPE_BUCKET_KEY, or your first one) and deletes the test it created,
// with its environment and schedule, before it exits.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/go-runscope/runscope"
	"github.com/go-runscope/runscope/runscopetest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// run does the whole tour, writing to out; getenv reads the configuration.
func run(ctx context.Context, out io.Writer, getenv func(string) string) error {
	client, pollEvery, closeClient, err := newClient(out, getenv)
	if err != nil {
		return err
	}
	defer closeClient()

	bucket, err := pickBucket(ctx, out, client, getenv("RUNSCOPE_BUCKET_KEY"))
	if err != nil {
		return err
	}

	test, _, err := client.Tests.Create(ctx, bucket, &runscope.Test{
		Name:        "runscope-go quickstart " + time.Now().UTC().Format("2006-01-02 15:04:05"),
		Description: "Created by the runscope-go quickstart; it deletes this test when it ends.",
		Steps: []runscope.Step{&runscope.RequestStep{
			Method: "GET",
			URL:    "{{base_url}}/get?source=runscope-go",
			Note:   "an HTTP echo service",
			Assertions: []runscope.Assertion{
				{Source: runscope.AssertionSourceStatus, Comparison: runscope.ComparisonEqualNumber, Value: 200},
				{Source: runscope.AssertionSourceJSON, Property: "args.source", Comparison: runscope.ComparisonEqual, Value: "runscope-go"},
				{Source: runscope.AssertionSourceTime, Comparison: runscope.ComparisonIsLessThan, Value: 5000},
			},
			Variables: []runscope.Variable{
				{Name: "origin", Source: runscope.VariableSourceJSON, Property: "origin"},
			},
		}},
	})
	if err != nil {
		return fmt.Errorf("creating the test: %w", err)
	}
	fmt.Fprintf(out, "\nCreated test %q (%s)\n", test.Name, test.ID)
	defer func() {
		// Deleting a test deletes its steps, environments, schedules and results.
		cleanup, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		if _, err := client.Tests.Delete(cleanup, bucket, test.ID); err != nil {
			fmt.Fprintf(out, "Could not delete test %s: %v\n", test.ID, err)
			return
		}
		fmt.Fprintf(out, "Deleted test %s with its environment and schedule\n", test.ID)
	}()

	env, _, err := client.Environments.CreateForTest(ctx, bucket, test.ID, &runscope.Environment{
		Name:             "quickstart",
		InitialVariables: map[string]string{"base_url": "https://httpbin.org"},
		Regions:          []string{"us1"},
	})
	if err != nil {
		return fmt.Errorf("creating the environment: %w", err)
	}
	fmt.Fprintf(out, "Created environment %q with base_url=%s\n", env.Name, env.InitialVariables["base_url"])

	sched, _, err := client.Schedules.Create(ctx, bucket, test.ID, &runscope.Schedule{
		EnvironmentID: env.ID,
		Interval:      runscope.Every1h,
		Note:          "hourly, until the quickstart deletes the test",
	})
	if err != nil {
		return fmt.Errorf("creating the schedule: %w", err)
	}
	fmt.Fprintf(out, "Scheduled it every %s\n", sched.Interval)

	triggered, _, err := client.Tests.Trigger(ctx, test.TriggerURL, &runscope.TriggerOptions{EnvironmentID: env.ID})
	if err != nil {
		return fmt.Errorf("triggering the test: %w", err)
	}
	fmt.Fprintf(out, "Triggered %d run(s)\n", triggered.RunsStarted)

	for _, started := range triggered.Runs {
		waitCtx, cancel := context.WithTimeout(ctx, 5*time.Minute)
		last := runscope.RunResult("")
		run, err := client.Results.Wait(waitCtx, started.BucketKey, started.TestID, started.TestRunID, &runscope.WaitOptions{
			Interval: pollEvery,
			Progress: func(r *runscope.TestRun) {
				if r.Result != last {
					fmt.Fprintf(out, "  run %s: %s\n", shortID(started.TestRunID), r.Result)
					last = r.Result
				}
			},
		})
		cancel()
		if err != nil {
			return fmt.Errorf("waiting for run %s: %w", started.TestRunID, err)
		}
		printRun(out, run)
	}
	return nil
}

// newClient returns a client for the real API when RUNSCOPE_ACCESS_TOKEN is
// set, else for a fake started here, with how often to poll a run.
func newClient(out io.Writer, getenv func(string) string) (*runscope.Client, time.Duration, func(), error) {
	if token := getenv("RUNSCOPE_ACCESS_TOKEN"); token != "" {
		client, err := runscope.NewClient(runscope.WithToken(token), runscope.WithUserAgent("runscope-go-quickstart"))
		if err != nil {
			return nil, 0, nil, err
		}
		fmt.Fprintln(out, "Using your Runscope account (RUNSCOPE_ACCESS_TOKEN is set).")
		return client, 2 * time.Second, func() {}, nil
	}
	srv := runscopetest.NewServer()
	fmt.Fprintf(out, "RUNSCOPE_ACCESS_TOKEN is not set: using the built-in fake Runscope API (runscopetest) at %s.\n", srv.URL())
	return srv.Client(), 10 * time.Millisecond, srv.Close, nil
}

// pickBucket lists the buckets and returns the one to work in: want, or
// the first.
func pickBucket(ctx context.Context, out io.Writer, client *runscope.Client, want string) (string, error) {
	buckets, _, err := client.Buckets.List(ctx)
	if err != nil {
		return "", fmt.Errorf("listing buckets: %w", err)
	}
	fmt.Fprintf(out, "\nYour buckets:\n")
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  KEY\tNAME\tTEAM")
	for _, b := range buckets {
		team := ""
		if b.Team != nil {
			team = b.Team.Name
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", b.Key, b.Name, team)
	}
	tw.Flush()
	for _, b := range buckets {
		if want == "" || b.Key == want {
			return b.Key, nil
		}
	}
	if want != "" {
		return "", fmt.Errorf("no bucket has the key %q (RUNSCOPE_BUCKET_KEY)", want)
	}
	return "", errors.New("the account has no bucket")
}

// printRun prints a finished run as a table, one line per step.
func printRun(out io.Writer, run *runscope.TestRun) {
	took := ""
	if !run.FinishedAt.IsZero() && !run.StartedAt.IsZero() {
		took = " in " + run.FinishedAt.Sub(run.StartedAt.Time).Round(time.Millisecond).String()
	}
	fmt.Fprintf(out, "\nRun %s: %s%s (region %s)\n", shortID(run.TestRunID), strings.ToUpper(string(run.Result)), took, run.Region)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  #\tMETHOD\tURL\tRESULT\tASSERTIONS\tVARIABLES")
	for i, req := range run.Requests {
		fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%d/%d passed\t%d/%d passed\n", i+1, req.Method, req.URL, req.Result,
			req.AssertionsPassed, req.AssertionsDefined, req.VariablesPassed, req.VariablesDefined)
	}
	tw.Flush()
	fmt.Fprintf(out, "  assertions: %d passed, %d failed; variables: %d passed, %d failed\n",
		run.AssertionsPassed, run.AssertionsFailed, run.VariablesPassed, run.VariablesFailed)
	if run.TestRunURL != "" {
		fmt.Fprintf(out, "  %s\n", run.TestRunURL)
	}
}

func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}
