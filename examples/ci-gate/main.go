// Command ci-gate gates a CI pipeline on Runscope API tests: it triggers
// one test or every test of a bucket, waits for every run it started,
// printing a line each time a run changes state, prints a summary per run
// and exits with
//
//	0  every run passed
//	1  a run failed or was canceled (every run finished)
//	2  the gate could not decide: bad usage, an API error, a run that could
//	   not start, a run still unfinished at -timeout, or an interrupt
//
// Give it a test's trigger ID or trigger URL, or a bucket's (both are on the
// test's or the bucket's settings page in Runscope), and an access token
// (Account → Applications) to read the runs with:
//
//	export RUNSCOPE_ACCESS_TOKEN=...
//	go run ./examples/ci-gate -trigger https://api.runscope.com/radar/<trigger id>/trigger
//	go run ./examples/ci-gate -bucket-trigger <bucket trigger id> -env <environment id> \
//		-region us1 -region eu1 -var base_url=https://staging.example.com -timeout 5m
//
// Without RUNSCOPE_ACCESS_TOKEN and without -trigger or -bucket-trigger it
// runs a demo: it starts runscopetest, the SDK's in-memory fake of the
// Runscope API, creates a test with a request step and assertions there and
// gates on its trigger URL. Nothing leaves the machine.
//
//	go run ./examples/ci-gate                        # demo: exits 0
//	go run ./examples/ci-gate -demo-fail             # demo with a failing run: exits 1
//	go run ./examples/ci-gate -region us1 -region eu1 # demo with two runs
//
// A trigger URL needs no token, but reading the runs it starts does. With
// -trigger or -bucket-trigger and no RUNSCOPE_ACCESS_TOKEN, ci-gate exits
// with 2 before triggering anything: runs that nobody can wait for would
// only use up the account's runs, and a gate that cannot see results must
// not pass.
//
// Flags:
//
//	-trigger ID|URL         the trigger ID or trigger URL of one test
//	-bucket-trigger ID|URL  the trigger ID or trigger URL of a bucket: every test in it
//	-env ID                 run with this environment instead of the test's default
//	-region CODE            run once per region (us1, eu1...); repeat it, or separate codes with commas
//	-agent ID               run on this remote agent
//	-var NAME=VALUE         an initial variable, overriding the environment's; repeatable
//	-timeout D              bounds the trigger and all the waits (default 10m)
//	-interval D             time between two polls of a run (default 2s; 50ms in the demo)
//	-api URL                the API root (default $RUNSCOPE_API_URL, else https://api.runscope.com/)
//	-demo-fail              in the demo, make the run fail
//
// The runs are awaited concurrently; one that fails does not stop the
// others. The trigger and every wait share the -timeout, so a stuck run
// ends the gate with 2 at the latest after -timeout. Requests go to -api
// whatever host a trigger URL names.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/go-runscope/runscope"
	"github.com/go-runscope/runscope/runscopetest"
)

// Exit statuses.
const (
	exitPass  = 0 // every run passed
	exitFail  = 1 // every run finished, and one did not pass
	exitError = 2 // no verdict: bad usage, API error, timeout, interrupt
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// config is what the flags and the environment ask for.
type config struct {
	trigger       string // a test's trigger ID or URL
	bucketTrigger string // a bucket's trigger ID or URL
	opts          runscope.TriggerOptions
	timeout       time.Duration
	interval      time.Duration
	intervalSet   bool
	api           string
	demoFail      bool
}

// errUsage is a usage error that the flag package has already reported.
var errUsage = errors.New("bad usage")

// run is the whole program: it parses args, reads RUNSCOPE_ACCESS_TOKEN and
// RUNSCOPE_API_URL through getenv, writes progress and the summary to
// stdout and errors to stderr, and returns the exit status.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, getenv, stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return exitPass
	case errors.Is(err, errUsage):
		return exitError
	case err != nil:
		fmt.Fprintf(stderr, "ci-gate: %v\nRun ci-gate -h for the flags.\n", err)
		return exitError
	}

	out := &syncWriter{w: stdout}
	token := getenv("RUNSCOPE_ACCESS_TOKEN")
	var client *runscope.Client
	switch {
	case token == "" && cfg.trigger == "" && cfg.bucketTrigger == "":
		srv := runscopetest.NewServer()
		defer srv.Close()
		if client, err = startDemo(ctx, srv, cfg, out); err != nil {
			fmt.Fprintf(stderr, "ci-gate: setting up the demo: %v\n", err)
			return exitError
		}
	case token == "":
		fmt.Fprintln(stderr, "ci-gate: RUNSCOPE_ACCESS_TOKEN is not set. A trigger URL needs no token, but reading\n"+
			"the runs it starts does, so nothing was triggered. Set it to an access token of\n"+
			"your Runscope account (Account → Applications).")
		return exitError
	default:
		// A transport of its own, closed on return: run leaves no
		// connection or goroutine behind, however often it is called.
		tr := http.DefaultTransport.(*http.Transport).Clone()
		defer tr.CloseIdleConnections()
		client, err = runscope.NewClient(
			runscope.WithToken(token),
			runscope.WithBaseURL(cfg.api),
			runscope.WithHTTPClient(&http.Client{Transport: tr}),
			runscope.WithUserAgent("runscope-go-ci-gate"),
		)
		if err != nil {
			fmt.Fprintf(stderr, "ci-gate: -api %s: %v\n", cfg.api, err)
			return exitError
		}
	}
	return gate(ctx, client, cfg, out, stderr)
}

// parseFlags reads the command line. It returns flag.ErrHelp for -h,
// errUsage for errors the flag package printed, and other errors for the
// caller to print.
func parseFlags(args []string, getenv func(string) string, stderr io.Writer) (*config, error) {
	cfg := &config{opts: runscope.TriggerOptions{Variables: map[string]string{}}}
	fs := flag.NewFlagSet("ci-gate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: ci-gate -trigger ID|URL | -bucket-trigger ID|URL [flags]\n"+
			"Triggers Runscope tests and waits for their runs; exits 0 when all pass, 1 when any\n"+
			"fails, 2 on error. Needs RUNSCOPE_ACCESS_TOKEN; without it and without a trigger it\n"+
			"runs a demo against an in-memory fake of the API.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	api := getenv("RUNSCOPE_API_URL")
	if api == "" {
		api = runscope.DefaultBaseURL
	}
	fs.StringVar(&cfg.trigger, "trigger", "", "the trigger `ID or URL` of one test")
	fs.StringVar(&cfg.bucketTrigger, "bucket-trigger", "", "the trigger `ID or URL` of a bucket: runs every test in it")
	fs.StringVar(&cfg.opts.EnvironmentID, "env", "", "run with the environment of this `ID` instead of the test's default")
	fs.Func("region", "run once in each region of this `code` (us1, eu1...); repeatable, or comma separated", func(s string) error {
		for code := range strings.SplitSeq(s, ",") {
			if code = strings.TrimSpace(code); code == "" {
				return errors.New("empty region code")
			}
			cfg.opts.Regions = append(cfg.opts.Regions, code)
		}
		return nil
	})
	fs.StringVar(&cfg.opts.AgentID, "agent", "", "run on the remote agent of this `ID`")
	fs.Func("var", "an initial variable `name=value`, overriding the environment's; repeatable", func(s string) error {
		name, value, ok := strings.Cut(s, "=")
		name = strings.TrimSpace(name)
		switch {
		case !ok || name == "":
			return fmt.Errorf("%q is not name=value", s)
		case strings.HasPrefix(name, "runscope_"):
			return fmt.Errorf("%q is reserved: use -env, -region or -agent", name)
		}
		cfg.opts.Variables[name] = value
		return nil
	})
	fs.DurationVar(&cfg.timeout, "timeout", 10*time.Minute, "bounds the trigger and all the waits")
	fs.DurationVar(&cfg.interval, "interval", 2*time.Second, "time between two polls of a run (50ms in the demo unless set)")
	fs.StringVar(&cfg.api, "api", api, "the API root `URL` (default: $RUNSCOPE_API_URL, else the Runscope API)")
	fs.BoolVar(&cfg.demoFail, "demo-fail", false, "in the demo (no token, no trigger), make the run fail")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, errUsage
	}
	fs.Visit(func(f *flag.Flag) { cfg.intervalSet = cfg.intervalSet || f.Name == "interval" })

	switch {
	case fs.NArg() > 0:
		return nil, fmt.Errorf("unexpected argument %q: flags only", fs.Arg(0))
	case cfg.trigger != "" && cfg.bucketTrigger != "":
		return nil, errors.New("give -trigger or -bucket-trigger, not both")
	case cfg.demoFail && (cfg.trigger != "" || cfg.bucketTrigger != "" || getenv("RUNSCOPE_ACCESS_TOKEN") != ""):
		return nil, errors.New("-demo-fail is for the demo only: no RUNSCOPE_ACCESS_TOKEN and no trigger")
	case cfg.trigger == "" && cfg.bucketTrigger == "" && getenv("RUNSCOPE_ACCESS_TOKEN") != "":
		return nil, errors.New("say what to run with -trigger (one test) or -bucket-trigger (a bucket)")
	case strings.Contains(cfg.trigger, "/radar/bucket/"):
		return nil, errors.New("-trigger is given a bucket's trigger URL: use -bucket-trigger")
	case strings.Contains(cfg.bucketTrigger, "/") && !strings.Contains(cfg.bucketTrigger, "/radar/bucket/"):
		return nil, errors.New("-bucket-trigger is given no bucket's trigger URL (.../radar/bucket/<id>/trigger); a test's goes to -trigger")
	case cfg.timeout <= 0:
		return nil, fmt.Errorf("-timeout must be positive, not %v", cfg.timeout)
	case cfg.interval <= 0:
		return nil, fmt.Errorf("-interval must be positive, not %v", cfg.interval)
	}
	return cfg, nil
}

// startDemo creates a test with a request step and assertions in the
// fake's default bucket, points cfg at its trigger URL and returns a client
// for the fake.
func startDemo(ctx context.Context, srv *runscopetest.Server, cfg *config, out io.Writer) (*runscope.Client, error) {
	fmt.Fprintf(out, "DEMO: RUNSCOPE_ACCESS_TOKEN is not set and no -trigger or -bucket-trigger was given,\n"+
		"so this gates on a demo test in runscopetest, the SDK's in-memory fake of the Runscope\n"+
		"API, at %s. Nothing is sent to Runscope.\n\n", srv.URL())
	client := srv.Client()
	test, _, err := client.Tests.Create(ctx, srv.BucketKey(), &runscope.Test{
		Name:        "ci-gate demo: health check",
		Description: "Created by the runscope-go ci-gate demo.",
		Steps: []runscope.Step{&runscope.RequestStep{
			Method: http.MethodGet,
			URL:    "https://api.example.com/health",
			Assertions: []runscope.Assertion{
				{Source: runscope.AssertionSourceStatus, Comparison: runscope.ComparisonEqualNumber, Value: 200},
				{Source: runscope.AssertionSourceJSON, Property: "status", Comparison: runscope.ComparisonEqual, Value: "ok"},
				{Source: runscope.AssertionSourceTime, Comparison: runscope.ComparisonIsLessThan, Value: 1000},
			},
		}},
	})
	if err != nil {
		return nil, err
	}
	if cfg.demoFail {
		srv.SetOutcome(test.ID, runscope.ResultFail)
	}
	cfg.trigger = test.TriggerURL
	if !cfg.intervalSet {
		cfg.interval = 50 * time.Millisecond
	}
	return client, nil
}

// outcome is how the wait for one run ended: the run as last seen, and an
// error when it did not end in a result.
type outcome struct {
	run *runscope.TestRun
	err error
}

// gate triggers the runs, waits for them all and returns the exit status.
func gate(ctx context.Context, client *runscope.Client, cfg *config, out *syncWriter, stderr io.Writer) int {
	ctx, cancel := context.WithTimeout(ctx, cfg.timeout)
	defer cancel()

	// The trigger is not printed: anyone who has it can start runs.
	var (
		res  *runscope.TriggerResult
		err  error
		what string
	)
	if cfg.bucketTrigger != "" {
		what = "the bucket's tests"
		res, _, err = client.Buckets.Trigger(ctx, cfg.bucketTrigger, &cfg.opts)
	} else {
		what = "the test"
		res, _, err = client.Tests.Trigger(ctx, cfg.trigger, &cfg.opts)
	}
	if err != nil {
		fmt.Fprintf(stderr, "ci-gate: triggering %s: %s\n", what, redactTrigger(explain(err, cfg).Error(), cfg))
		return exitError
	}
	runs := res.Runs
	fmt.Fprintf(out, "Triggered %d run(s) of %s.\n", len(runs), what)
	for i, tr := range runs {
		env := ""
		if tr.EnvironmentName != "" {
			env = fmt.Sprintf(" (environment %q)", tr.EnvironmentName)
		}
		fmt.Fprintf(out, "%s %s%s: triggered\n", label(i, len(runs), tr), tr.TestName, env)
	}
	if len(runs) == 0 {
		fmt.Fprintf(stderr, "ci-gate: the trigger started no run (%d could not start): nothing to gate on\n", res.RunsFailed)
		return exitError
	}

	results := make([]outcome, len(runs))
	var wg sync.WaitGroup
	for i, tr := range runs {
		wg.Go(func() {
			last := runscope.RunResult("init")
			run, err := client.Results.Wait(ctx, tr.BucketKey, tr.TestID, tr.TestRunID, &runscope.WaitOptions{
				Interval: cfg.interval,
				Progress: func(r *runscope.TestRun) {
					if r.Result != last {
						last = r.Result
						fmt.Fprintf(out, "%s: %s\n", label(i, len(runs), tr), r.Result)
					}
				},
			})
			results[i] = outcome{run: run, err: err}
		})
	}
	wg.Wait()

	printSummary(out, runs, results)
	return verdict(out, stderr, cfg, res, results)
}

// verdict prints the final line and returns the exit status. An error
// outweighs a failure: the gate did not see every run finish.
func verdict(out, stderr io.Writer, cfg *config, res *runscope.TriggerResult, results []outcome) int {
	n := len(results)
	var failed, errored int
	for i, o := range results {
		switch {
		case o.err != nil:
			errored++
			fmt.Fprintf(stderr, "ci-gate: run %d/%d: %v\n", i+1, n, explain(o.err, cfg))
		case o.run.Result != runscope.ResultPass:
			failed++
		}
	}
	switch {
	case errored > 0:
		fmt.Fprintf(stderr, "ci-gate: ERROR: %d of %d run(s) did not finish; no verdict\n", errored, n)
		return exitError
	case res.RunsFailed > 0:
		fmt.Fprintf(stderr, "ci-gate: ERROR: %d run(s) could not start (an unknown region, environment or agent?); no verdict\n", res.RunsFailed)
		return exitError
	case failed > 0:
		fmt.Fprintf(out, "FAIL: %d of %d run(s) did not pass\n", failed, n)
		return exitFail
	}
	fmt.Fprintf(out, "PASS: all %d run(s) passed\n", n)
	return exitPass
}

// explain adds what to do about the errors a gate commonly meets.
func explain(err error, cfg *config) error {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("timed out after %v; raise -timeout (%w)", cfg.timeout, err)
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("interrupted (%w)", err)
	case errors.Is(err, runscope.ErrNotFound) && cfg.bucketTrigger != "":
		return fmt.Errorf("no bucket has this trigger ID; check -bucket-trigger (%w)", err)
	case errors.Is(err, runscope.ErrNotFound):
		return fmt.Errorf("no test has this trigger ID; check -trigger (%w)", err)
	case errors.Is(err, runscope.ErrForbidden) || errors.Is(err, runscope.ErrUnauthorized):
		return fmt.Errorf("the API refused RUNSCOPE_ACCESS_TOKEN (%w)", err)
	}
	return err
}

// redactTrigger replaces the trigger ID in text, which error texts of the
// trigger call repeat in the request's URL.
func redactTrigger(text string, cfg *config) string {
	trigger := cfg.trigger + cfg.bucketTrigger // only one is set
	id := strings.TrimSpace(trigger)
	if strings.Contains(id, "/") {
		id = ""
		if u, err := url.Parse(trigger); err == nil {
			segs := strings.Split(strings.Trim(u.Path, "/"), "/")
			for i := 0; i+1 < len(segs); i++ {
				if segs[i] == "radar" {
					id = segs[i+1]
					if id == "bucket" && i+2 < len(segs) {
						id = segs[i+2]
					}
					break
				}
			}
		}
	}
	if len(id) < 4 { // too short to be a secret, or to replace safely
		return text
	}
	return strings.ReplaceAll(text, id, "<trigger id>")
}

// printSummary prints one line per run: test, region, result, assertions
// and the run's page.
func printSummary(w io.Writer, runs []*runscope.TriggeredRun, results []outcome) {
	fmt.Fprintln(w, "\nSummary:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  #\tTEST\tREGION\tRESULT\tASSERTIONS\tRUN")
	for i, tr := range runs {
		o := results[i]
		var result string
		assertions, link := "-", tr.URL
		switch {
		case o.err != nil && o.run != nil:
			result = fmt.Sprintf("unfinished (%s)", o.run.Result)
		case o.err != nil:
			result = "unfinished (not found yet)"
		default:
			result = string(o.run.Result)
			assertions = fmt.Sprintf("%d passed, %d failed", o.run.AssertionsPassed, o.run.AssertionsFailed)
		}
		if link == "" && o.run != nil {
			link = o.run.TestRunURL
		}
		if link == "" {
			link = tr.TestRunURL
		}
		fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\t%s\n", i+1, tr.TestName, where(tr), result, assertions, link)
	}
	tw.Flush()
}

// label names run i of n in progress lines: "[run 1/2] us1 0aa48464".
func label(i, n int, tr *runscope.TriggeredRun) string {
	return fmt.Sprintf("[run %d/%d] %s %s", i+1, n, where(tr), shortID(tr.TestRunID))
}

// where is the region a run executes in, or its agent.
func where(tr *runscope.TriggeredRun) string {
	switch {
	case tr.Region != "":
		return tr.Region
	case tr.Agent != "":
		return "agent " + shortID(tr.Agent)
	}
	return "-"
}

func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

// syncWriter serializes writes, so that the lines of the goroutines
// waiting for runs never interleave. fmt.Fprintf writes a line in one call.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
