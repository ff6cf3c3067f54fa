package main

import (
	"cmp"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/go-runscope/runscope"
)

// runReport is what run found out about one run: the source of the
// summary table, the JUnit and JSON files and the GitHub summary. It never
// holds a trigger ID or the token.
type runReport struct {
	BucketKey       string `json:"bucket_key"`
	TestID          string `json:"test_id"`
	TestName        string `json:"test_name"`
	RunID           string `json:"run_id"`
	Region          string `json:"region,omitempty"`
	Agent           string `json:"agent,omitempty"`
	EnvironmentID   string `json:"environment_id,omitempty"`
	EnvironmentName string `json:"environment_name,omitempty"`
	// Result is the run's final result (pass, fail, canceled...), or
	// "error" when run could not see it: Error says why, in one line
	// without the SDK's "runscope: " prefix, as the stderr lines do.
	Result     string     `json:"result"`
	Error      string     `json:"error,omitempty"`
	StartedAt  *time.Time `json:"started_at,omitempty"`
	FinishedAt *time.Time `json:"finished_at,omitempty"`
	Assertions counts     `json:"assertions"`
	Variables  counts     `json:"variables"`
	Scripts    counts     `json:"scripts"`
	Failures   []failure  `json:"failures"`
	// URL is the run's page on the Runscope dashboard.
	URL string `json:"url,omitempty"`

	// display is the name of the run where it has no region and
	// environment columns (JUnit, annotations): the test's, with the
	// region and the environment when the runs differ in them.
	display string
}

type counts struct {
	Defined int `json:"defined"`
	Passed  int `json:"passed"`
	Failed  int `json:"failed"`
}

// failure is one assertion, variable or script that failed in a request
// of the run.
type failure struct {
	// Step is the 1-based position of the request in the run.
	Step    int    `json:"step"`
	Method  string `json:"method,omitempty"`
	URL     string `json:"url,omitempty"`
	Kind    string `json:"kind"` // assertion, variable or script
	Message string `json:"message"`
}

// Results of runs whose end run did not see: an error ended the wait, or
// --no-wait did not wait.
const (
	resultError     = "error"
	resultTriggered = "triggered"
)

// newReport describes one triggered run: its final state, or the last seen
// and the error that ended the wait.
func newReport(tr *runscope.TriggeredRun, run *runscope.TestRun, waitErr error) *runReport {
	r := &runReport{
		BucketKey: tr.BucketKey, TestID: tr.TestID, TestName: tr.TestName, RunID: tr.TestRunID,
		Region: tr.Region, Agent: tr.Agent, EnvironmentID: tr.EnvironmentID, EnvironmentName: tr.EnvironmentName,
		URL: tr.URL, Failures: []failure{},
	}
	if r.URL == "" {
		r.URL = tr.TestRunURL
	}
	if waitErr != nil || run == nil {
		r.Result = resultError
		if waitErr != nil {
			r.Error = errorLine(waitErr)
		}
		return r
	}
	r.Result = string(run.Result)
	if !run.StartedAt.IsZero() {
		r.StartedAt = new(run.StartedAt.Time)
	}
	if !run.FinishedAt.IsZero() {
		r.FinishedAt = new(run.FinishedAt.Time)
	}
	r.Assertions = counts{run.AssertionsDefined, run.AssertionsPassed, run.AssertionsFailed}
	r.Variables = counts{run.VariablesDefined, run.VariablesPassed, run.VariablesFailed}
	r.Scripts = counts{run.ScriptsDefined, run.ScriptsPassed, run.ScriptsFailed}
	for i, req := range run.Requests {
		if req != nil {
			r.Failures = append(r.Failures, requestFailures(i+1, req)...)
		}
	}
	return r
}

// requestFailures lists what failed in one request of a run.
func requestFailures(step int, req *runscope.RequestResult) []failure {
	var out []failure
	add := func(kind, msg string) {
		out = append(out, failure{Step: step, Method: req.Method, URL: req.URL, Kind: kind, Message: msg})
	}
	for _, a := range req.Assertions {
		if a == nil || a.Result != runscope.ResultFail {
			continue
		}
		what := strings.Join(strings.Fields(fmt.Sprintf("%s %s %s %v", a.Source, a.Property, a.Comparison, orEmpty(a.TargetValue))), " ")
		msg := fmt.Sprintf("%s: got %v", what, orEmpty(a.ActualValue))
		if a.Error != "" {
			msg = fmt.Sprintf("%s: %s", what, a.Error)
		}
		add("assertion", msg)
	}
	for _, v := range req.Variables {
		if v == nil || v.Result != runscope.ResultFail {
			continue
		}
		msg := strings.Join(strings.Fields(fmt.Sprintf("%s from %s %s", v.Name, v.Source, v.Property)), " ")
		if v.Error != "" {
			msg += ": " + v.Error
		}
		add("variable", msg)
	}
	for i, s := range req.Scripts {
		if s == nil || s.Result != runscope.ResultFail {
			continue
		}
		msg := fmt.Sprintf("script %d", i+1)
		if s.Error != "" {
			msg += ": " + s.Error
		}
		add("script", msg)
	}
	return out
}

func orEmpty(v any) any {
	if v == nil {
		return `""`
	}
	return v
}

// testName is the test's name, or its ID when the API gave none.
func (r *runReport) testName() string { return cmp.Or(r.TestName, r.TestID) }

// passed says the run ended and passed.
func (r *runReport) passed() bool { return r.Result == string(runscope.ResultPass) }

// ended says run saw the run end: its counts are final.
func (r *runReport) ended() bool { return r.Result != resultError && r.Result != resultTriggered }

// duration is how long the run took; 0 when it did not finish.
func (r *runReport) duration() time.Duration {
	if r.StartedAt == nil || r.FinishedAt == nil {
		return 0
	}
	return r.FinishedAt.Sub(*r.StartedAt)
}

// where is the region or agent the run ran in.
func (r *runReport) where() string { return where(r.Region, r.Agent) }

// where names the region or the agent of a run, in the table and in the
// progress lines alike; "-" for neither.
func where(region, agent string) string {
	switch {
	case region != "":
		return region
	case agent != "":
		return "agent " + agent
	}
	return "-"
}

// nameReports gives every report its display name: the test's, followed
// by the region and the environment when the runs are in more than one of
// them.
func nameReports(reports []*runReport) {
	regions, envs := map[string]bool{}, map[string]bool{}
	for _, r := range reports {
		regions[r.where()] = true
		envs[r.EnvironmentName] = true
	}
	for _, r := range reports {
		var extra []string
		if len(regions) > 1 {
			extra = append(extra, r.where())
		}
		if len(envs) > 1 && r.EnvironmentName != "" {
			extra = append(extra, r.EnvironmentName)
		}
		r.display = r.testName()
		if len(extra) > 0 {
			r.display += " (" + strings.Join(extra, ", ") + ")"
		}
	}
}

// failureText lists the failures of a run, request by request, and its
// URL: the text of a JUnit failure and of a GitHub annotation.
func (r *runReport) failureText() string {
	var b strings.Builder
	step := 0
	for _, f := range r.Failures {
		if f.Step != step {
			step = f.Step
			fmt.Fprintf(&b, "Request %d: %s %s\n", f.Step, f.Method, f.URL)
		}
		fmt.Fprintf(&b, "  %s failed: %s\n", f.Kind, f.Message)
	}
	if len(r.Failures) == 0 {
		fmt.Fprintf(&b, "The run ended %s.\n", r.Result)
	}
	if r.URL != "" {
		fmt.Fprintf(&b, "Run: %s\n", r.URL)
	}
	return b.String()
}

// headline says in one line why a run did not pass.
func (r *runReport) headline() string {
	switch {
	case r.Result == resultError:
		return "could not see the run's result: " + r.Error
	case len(r.Failures) > 0:
		n := map[string]int{}
		for _, f := range r.Failures {
			n[f.Kind]++
		}
		var parts []string
		for _, kind := range []string{"assertion", "variable", "script"} {
			if n[kind] > 0 {
				parts = append(parts, plural(n[kind], kind+" failed", kind+"s failed"))
			}
		}
		return strings.Join(parts, ", ") + ": " + r.Failures[0].Message
	}
	return "the run ended " + r.Result
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// tally counts runs by outcome.
type tally struct{ passed, failed, errors int }

func tallyOf(reports []*runReport) tally {
	var t tally
	for _, r := range reports {
		switch {
		case r.Result == resultError:
			t.errors++
		case r.passed():
			t.passed++
		default:
			t.failed++
		}
	}
	return t
}

func (t tally) String() string {
	s := fmt.Sprintf("%d passed, %d failed", t.passed, t.failed)
	if t.errors > 0 {
		s += fmt.Sprintf(", %d not seen to the end", t.errors)
	}
	return s
}

// writeTable writes the summary table: one line per run.
func writeTable(w io.Writer, reports []*runReport) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TEST\tREGION\tENVIRONMENT\tRESULT\tASSERTIONS\tDURATION\tRUN")
	for _, r := range reports {
		assertions, duration := "-", "-"
		if r.ended() {
			assertions = fmt.Sprintf("%d passed, %d failed", r.Assertions.Passed, r.Assertions.Failed)
		}
		if d := r.duration(); d > 0 {
			duration = d.Round(time.Millisecond).String()
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", cell(r.testName()), r.where(), cell(r.EnvironmentName),
			r.Result, assertions, duration, cell(r.URL))
	}
	return tw.Flush()
}

// cell keeps a table cell on one line and never empty.
func cell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "-"
	}
	return s
}

// writeJSONReport writes the reports as one JSON array, one object per
// run.
func writeJSONReport(w io.Writer, reports []*runReport) error {
	if reports == nil {
		reports = []*runReport{}
	}
	return encodeIndented(w, "", reports)
}
