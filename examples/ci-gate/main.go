// Command ci-gate shows the SDK calls behind a CI gate: trigger the tests
// of a bucket and wait for every run with Results.WaitAll. To gate a
// pipeline, use the runscope command instead, which adds JUnit and JSON
// reports, GitHub annotations, timeouts and exit codes:
//
//	go install github.com/go-runscope/runscope/cmd/runscope@latest
//	runscope run --bucket KEY --junit report.xml
//
// This example runs against runscopetest, the SDK's in-memory fake of the
// API, unless RUNSCOPE_ACCESS_TOKEN and RUNSCOPE_BUCKET_KEY are set:
//
//	go run ./examples/ci-gate
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/go-runscope/runscope"
	"github.com/go-runscope/runscope/runscopetest"
)

func main() {
	if err := run(context.Background(), os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "ci-gate:", err)
		os.Exit(1)
	}
}

// errFailed says a run did not pass.
var errFailed = errors.New("a run did not pass")

func run(ctx context.Context, out io.Writer, getenv func(string) string) error {
	var client *runscope.Client
	bucket, interval := getenv("RUNSCOPE_BUCKET_KEY"), 2*time.Second
	if token := getenv("RUNSCOPE_ACCESS_TOKEN"); token != "" {
		var err error
		if client, err = runscope.NewClient(runscope.WithToken(token)); err != nil {
			return err
		}
	} else {
		srv := runscopetest.NewServer()
		defer srv.Close()
		client, bucket, interval = srv.Client(), srv.BucketKey(), 10*time.Millisecond
		if err := seed(ctx, client, bucket); err != nil {
			return err
		}
		fmt.Fprintln(out, "(against the built-in fake API)")
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()

	// A bucket's trigger URL runs every test in it.
	b, _, err := client.Buckets.Get(ctx, bucket, nil)
	if err != nil {
		return err
	}
	triggered, _, err := client.Buckets.Trigger(ctx, b.TriggerURL, nil)
	if err != nil {
		return err
	}
	runs, err := client.Results.WaitAll(ctx, triggered.Runs, &runscope.WaitOptions{Interval: interval})
	if err != nil {
		return err // names every run that did not finish
	}
	verdict := error(nil)
	for i, r := range runs {
		fmt.Fprintf(out, "%s (%s): %s, %d/%d assertions passed\n", triggered.Runs[i].TestName, r.Region,
			r.Result, r.AssertionsPassed, r.AssertionsDefined)
		if r.Result != runscope.ResultPass {
			verdict = errFailed
		}
	}
	return verdict
}

// seed adds two tests with a request step and an assertion to the fake.
func seed(ctx context.Context, client *runscope.Client, bucket string) error {
	for _, name := range []string{"Orders API", "Users API"} {
		_, _, err := client.Tests.Create(ctx, bucket, &runscope.Test{Name: name, Steps: []runscope.Step{&runscope.RequestStep{
			Method:     "GET",
			URL:        "https://api.example.com/health",
			Assertions: []runscope.Assertion{{Source: runscope.AssertionSourceStatus, Comparison: runscope.ComparisonEqualNumber, Value: 200}},
		}}})
		if err != nil {
			return err
		}
	}
	return nil
}
