package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/go-runscope/runscope"
	"github.com/spf13/cobra"
)

// runOptions are the flags of run.
type runOptions struct {
	bucket      string
	tests       []string
	triggers    []string
	vars        []string // NAME=VALUE, parsed into trigger.Variables
	trigger     runscope.TriggerOptions
	timeout     time.Duration
	interval    time.Duration
	noWait      bool
	junit       string
	json        string
	concurrency int
}

func (a *app) runCommand() *cobra.Command {
	o := &runOptions{}
	cmd := &cobra.Command{
		Use:   "run (--bucket KEY [--test ID]... | --trigger ID|URL...) [flags]",
		Short: "Trigger test runs and wait for all of them: a CI gate",
		Long: `run triggers runs of Runscope tests and waits for every one of them, printing
progress on stderr and a summary table on stdout.

What to run:
  --bucket KEY            every test of the bucket
  --bucket KEY --test ID  these tests of the bucket (repeat --test)
  --trigger ID|URL        a test's or a bucket's trigger (repeatable); a bare ID
                          is tried as a test's trigger, then as a bucket's

It exits 0 when every run passed, 1 when a run failed, and 2 when it could
not tell: a run that could not start, an API error or a timeout exits 2
even when another run failed, since a gate that could not see every result
must not pass.

--junit writes a JUnit XML report (Jenkins, GitLab, GitHub), --json a JSON
array with one object per run. Under GitHub Actions, a Markdown summary is
appended to $GITHUB_STEP_SUMMARY and each failed run gets an ::error
annotation.

Reading results needs RUNSCOPE_ACCESS_TOKEN; --no-wait with --trigger only
triggers, and needs no token.`,
		Example: `  runscope run --bucket KEY --junit report.xml
  runscope run --bucket KEY --test TEST_ID --test OTHER_ID --env ENV_ID --region us1 --region eu1
  runscope run --trigger "$RUNSCOPE_TRIGGER_URL" --var base_url=https://staging.example.com --timeout 5m
  runscope run --bucket KEY --json - | jq '.[] | select(.result != "pass")'
  runscope run --trigger "$RUNSCOPE_TRIGGER_URL" --no-wait`,
		Args: usageArgs(cobra.NoArgs, ""),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := o.validate(); err != nil {
				return err
			}
			return a.run(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.bucket, "bucket", "", "run every test of the bucket with this `KEY` (or its --test ones)")
	f.StringArrayVar(&o.tests, "test", nil, "run the test with this `ID` of --bucket; repeatable")
	f.StringArrayVar(&o.triggers, "trigger", nil, "run a test's or a bucket's trigger `ID or URL`; repeatable")
	f.StringVar(&o.trigger.EnvironmentID, "env", "", "run with the environment of this `ID`")
	f.StringArrayVar(&o.trigger.Regions, "region", nil, "run in the region with this `CODE` (us1, eu1...); repeatable")
	f.StringArrayVar(&o.vars, "var", nil, "an initial variable `NAME=VALUE`, overriding the environment's; repeatable")
	f.StringVar(&o.trigger.AgentID, "agent", "", "run on the remote agent with this `ID`")
	f.DurationVar(&o.timeout, "timeout", 10*time.Minute, "give up (exit 2) when the runs are not all finished after this long")
	f.DurationVar(&o.interval, "interval", 2*time.Second, "time between two polls of a run")
	f.BoolVar(&o.noWait, "no-wait", false, "trigger the runs and exit without waiting for them")
	f.StringVar(&o.junit, "junit", "", "write a JUnit XML report to `FILE`")
	f.StringVar(&o.json, "json", "", "write the results as JSON to `FILE` (- for stdout)")
	positiveFlag(cmd, &o.concurrency, "concurrency", runConcurrency, "how many runs to wait for at once (and tests to read, for --bucket)")
	return cmd
}

// validate checks the flags and parses --var; bad ones are usage errors.
func (o *runOptions) validate() error {
	switch {
	case o.bucket == "" && len(o.triggers) == 0:
		return usageErrorf("say what to run: --bucket KEY, --bucket KEY --test ID, or --trigger ID|URL")
	case len(o.tests) > 0 && o.bucket == "":
		return usageErrorf("--test needs the --bucket it is in")
	case o.timeout <= 0:
		return usageErrorf("--timeout must be positive, not %v", o.timeout)
	case o.interval <= 0:
		return usageErrorf("--interval must be positive, not %v", o.interval)
	case o.noWait && (o.junit != "" || o.json != ""):
		return usageErrorf("--junit and --json report results: they do not go with --no-wait")
	}
	if err := cmp.Or(plainIDs("--bucket", "a bucket key", o.bucket), plainIDs("--test", "a test ID", o.tests...)); err != nil {
		return err
	}
	for _, s := range append(append([]string{o.bucket}, o.tests...), o.triggers...) {
		if s != "" && strings.TrimSpace(s) == "" {
			return usageErrorf("--bucket, --test and --trigger must not be blank")
		}
	}
	for _, r := range o.trigger.Regions {
		if strings.TrimSpace(r) == "" {
			return usageErrorf("--region must not be empty")
		}
	}
	o.trigger.Variables = nil
	for _, v := range o.vars {
		name, value, ok := strings.Cut(v, "=")
		name = strings.TrimSpace(name)
		switch {
		case !ok || name == "":
			return usageErrorf("--var %q is not NAME=VALUE", v)
		case strings.HasPrefix(name, "runscope_"):
			return usageErrorf("--var %s: names starting with runscope_ are reserved; use --env, --region or --agent", name)
		}
		if o.trigger.Variables == nil {
			o.trigger.Variables = map[string]string{}
		}
		o.trigger.Variables[name] = value
	}
	return nil
}

// run is the run command: trigger, wait, report, judge.
func (a *app) run(ctx context.Context, o *runOptions) error {
	started := time.Now()
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	client, err := a.client(o.concurrency)
	if errors.Is(err, errNoToken) && o.noWait && o.bucket == "" {
		// Trigger URLs need no token, and --no-wait reads nothing else.
		client, err = a.anonymousClient()
	}
	if err != nil {
		return err
	}

	targets, err := resolveTargets(ctx, client, o)
	if err != nil {
		return explain(ctx, err, o)
	}
	var runs []*runscope.TriggeredRun
	var problems []*runReport // what could not start, as reports of their own
	for _, t := range targets {
		res, err := fire(ctx, client, t, &o.trigger)
		if err != nil {
			problems = append(problems, problem(t, fmt.Sprintf("triggering %s: %s", t.label, errorLine(explain(ctx, err, o)))))
			continue
		}
		if res.RunsFailed > 0 {
			problems = append(problems, problem(t, fmt.Sprintf("%s of %s could not start (an unknown region, environment or agent?)",
				plural(res.RunsFailed, "run", "runs"), t.label)))
		}
		if len(res.Runs) > 0 {
			fmt.Fprintf(a.stderr, "triggered %s of %s\n", plural(len(res.Runs), "run", "runs"), t.label)
		}
		runs = append(runs, res.Runs...)
	}
	for _, p := range problems {
		fmt.Fprintf(a.stderr, "runscope run: %s\n", p.Error)
	}
	errNoRun := errors.New("no run started: nothing to wait for")
	if o.noWait {
		if len(runs) == 0 {
			return errNoRun
		}
		return a.reportTriggered(runs, problems)
	}

	// With no run started, the reports are the problems alone: the
	// report files still say why.
	var reports []*runReport
	if len(runs) > 0 {
		final, err := client.Results.WaitAll(ctx, runs, &runscope.WaitOptions{
			Interval:    o.interval,
			Concurrency: o.concurrency,
			Progress:    newRunProgress(a.stderr, runs).update,
		})
		reports = reportsOf(ctx, runs, final, err, o)
	}
	reports = append(reports, problems...)
	nameReports(reports)
	for _, r := range reports[:len(runs)] {
		if r.Result == resultError {
			fmt.Fprintf(a.stderr, "runscope run: %s: %s\n", r.display, r.Error)
		}
	}
	if err := a.writeReports(reports, o, started); err != nil {
		return err
	}
	if len(runs) == 0 {
		return errNoRun
	}
	t := tallyOf(reports)
	switch {
	case t.errors > 0:
		return fmt.Errorf("%s of %d could not be seen to the end (%s): no verdict", plural(t.errors, "run", "runs"), len(reports), t)
	case t.failed > 0:
		return &failedError{fmt.Sprintf("%d of %d runs did not pass", t.failed, len(reports))}
	}
	return nil
}

// reportsOf pairs each run with its final state and the error of its
// wait. WaitAll joins one error per unfinished run, in the order of runs.
func reportsOf(ctx context.Context, runs []*runscope.TriggeredRun, final []*runscope.TestRun, err error, o *runOptions) []*runReport {
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else if err != nil {
		errs = []error{err}
	}
	reports := make([]*runReport, len(runs))
	for i, tr := range runs {
		var run *runscope.TestRun
		if i < len(final) {
			run = final[i]
		}
		var waitErr error
		if run == nil || !run.Result.Done() {
			waitErr = errors.New("the wait ended without a result")
			if len(errs) > 0 {
				waitErr, errs = explain(ctx, errs[0], o), errs[1:]
			}
		}
		reports[i] = newReport(tr, run, waitErr)
	}
	return reports
}

// problem is the report of a trigger that could not start every run.
func problem(t target, msg string) *runReport {
	return &runReport{TestName: t.label, BucketKey: t.bucket, Result: resultError, Error: msg, Failures: []failure{}}
}

// explain says what to do about the errors a gate commonly meets. ctx is
// the one --timeout bounds: a deadline met before it ended is the wait for
// one answer (answerTimeout), which its own text names.
func explain(ctx context.Context, err error, o *runOptions) error {
	switch {
	case errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil:
		return fmt.Errorf("timed out after %v; raise --timeout: %w", o.timeout, err)
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("interrupted: %w", err)
	case errors.Is(err, runscope.ErrForbidden), errors.Is(err, runscope.ErrUnauthorized):
		return fmt.Errorf("the API refused the request; check RUNSCOPE_ACCESS_TOKEN and its access: %w", err)
	}
	return err
}

// writeReports writes the table, the JUnit and JSON files, the GitHub
// summary and annotations. With --json -, stdout holds the JSON alone and
// the table goes to stderr.
func (a *app) writeReports(reports []*runReport, o *runOptions, started time.Time) error {
	table := a.stdout
	if o.json == "-" {
		table = a.stderr
	}
	if err := writeTable(table, reports); err != nil {
		return err
	}
	fmt.Fprintf(table, "\n%s\n", tallyOf(reports))
	if o.junit != "" {
		if err := writeFile(o.junit, func(w io.Writer) error { return writeJUnit(w, reports, started) }); err != nil {
			return fmt.Errorf("--junit: %w", err)
		}
	}
	switch o.json {
	case "":
	case "-":
		if err := writeJSONReport(a.stdout, reports); err != nil {
			return err
		}
	default:
		if err := writeFile(o.json, func(w io.Writer) error { return writeJSONReport(w, reports) }); err != nil {
			return fmt.Errorf("--json: %w", err)
		}
	}
	if path := a.getenv("GITHUB_STEP_SUMMARY"); path != "" {
		if err := writeStepSummary(path, reports); err != nil {
			return err
		}
	}
	if a.getenv("GITHUB_ACTIONS") == "true" {
		writeAnnotations(table, reports)
	}
	return nil
}

// reportTriggered prints the runs --no-wait started.
func (a *app) reportTriggered(runs []*runscope.TriggeredRun, problems []*runReport) error {
	reports := make([]*runReport, len(runs))
	for i, tr := range runs {
		reports[i] = newReport(tr, &runscope.TestRun{Result: tr.Status}, nil)
		reports[i].Result = resultTriggered
	}
	if err := writeTable(a.stdout, reports); err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s could not start every run", plural(len(problems), "trigger", "triggers"))
	}
	return nil
}

// runProgress prints a line on stderr each time a run changes state.
type runProgress struct {
	mu     sync.Mutex
	w      io.Writer
	labels map[string]string
	last   map[string]runscope.RunResult
}

func newRunProgress(w io.Writer, runs []*runscope.TriggeredRun) *runProgress {
	p := &runProgress{w: w, labels: map[string]string{}, last: map[string]runscope.RunResult{}}
	for i, tr := range runs {
		p.labels[tr.TestRunID] = fmt.Sprintf("[%d/%d] %s (%s, %s)", i+1, len(runs), tr.TestName, where(tr.Region, tr.Agent), cell(tr.EnvironmentName))
	}
	return p
}

// update is the WaitAll Progress hook; WaitAll calls it from several
// goroutines.
func (p *runProgress) update(run *runscope.TestRun) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.last[run.TestRunID] == run.Result {
		return
	}
	p.last[run.TestRunID] = run.Result
	fmt.Fprintf(p.w, "%s: %s\n", p.labels[run.TestRunID], run.Result)
}
