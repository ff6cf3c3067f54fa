package main

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"iter"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/go-runscope/runscope"
	"github.com/spf13/cobra"
)

type lsOptions struct {
	bucket, test string
	json         bool
	limit        int
	concurrency  int
}

func (a *app) lsCommand() *cobra.Command {
	o := &lsOptions{}
	cmd := &cobra.Command{
		Use:   "ls buckets|tests|environments|schedules|results",
		Short: "List buckets, tests, environments, schedules or test runs",
		Long: `ls lists what the account holds, as a table or, with --json, as a JSON array
of what the API sent (every member kept; trigger URLs and bucket auth
tokens left out).

  ls buckets
  ls tests        --bucket KEY
  ls environments --bucket KEY [--test ID]   shared ones, or the test's own
  ls schedules    --bucket KEY [--test ID]   of one test, or of every test
  ls results      --bucket KEY --test ID [--limit N]   newest first`,
		Example: `  runscope ls buckets
  runscope ls tests --bucket KEY --json | jq -r '.[].name'
  runscope ls results --bucket KEY --test TEST_ID --limit 5`,
		Args:      usageArgs(cobra.ExactArgs(1), "say what to list: buckets, tests, environments, schedules or results"),
		ValidArgs: []string{"buckets", "tests", "environments", "schedules", "results"},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.validate(args[0]); err != nil {
				return err
			}
			client, err := a.client(o.concurrency)
			if err != nil {
				return err
			}
			return a.ls(cmd.Context(), client, args[0], o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.bucket, "bucket", "", "the `KEY` of the bucket")
	f.StringVar(&o.test, "test", "", "the `ID` of the test")
	f.BoolVar(&o.json, "json", false, "print a JSON array instead of a table")
	positiveFlag(cmd, &o.limit, "limit", 20, "results: how many runs to list, newest first")
	concurrencyFlag(cmd, &o.concurrency)
	return cmd
}

func (o *lsOptions) validate(what string) error {
	needs := map[string][2]bool{ // what: needs bucket, needs test
		"buckets": {false, false}, "tests": {true, false}, "environments": {true, false},
		"schedules": {true, false}, "results": {true, true},
	}
	need, ok := needs[what]
	switch {
	case !ok:
		return usageErrorf("cannot list %q: list buckets, tests, environments, schedules or results", what)
	case need[0] && o.bucket == "":
		return usageErrorf("ls %s needs --bucket", what)
	case need[1] && o.test == "":
		return usageErrorf("ls %s needs --test", what)
	}
	return cmp.Or(plainIDs("--bucket", "a bucket key", o.bucket), plainIDs("--test", "a test ID", o.test))
}

func (a *app) ls(ctx context.Context, client *runscope.Client, what string, o *lsOptions) error {
	w := a.stdout
	switch what {
	case "buckets":
		buckets, _, err := client.Buckets.List(ctx)
		if err != nil {
			return err
		}
		return writeListing(w, o.json, values(buckets), listing[*runscope.Bucket]{
			header: "KEY\tNAME\tTEAM\tDEFAULT",
			row: func(b *runscope.Bucket) []string {
				team := ""
				if b.Team != nil {
					team = b.Team.Name
				}
				return []string{b.Key, b.Name, team, yesNo(b.Default)}
			},
			json: func(b *runscope.Bucket) any {
				b.TriggerURL, b.AuthToken = "", "" // secrets
				return b
			},
		})
	case "tests":
		return writeListing(w, o.json, client.Tests.All(ctx, o.bucket, nil), listing[*runscope.Test]{
			header: "ID\tNAME\tCREATED\tLAST RUN",
			row:    func(t *runscope.Test) []string { return []string{t.ID, t.Name, when(t.CreatedAt.Time), lastRun(t)} },
			json:   func(t *runscope.Test) any { return withoutTriggerURL(t) },
		})
	case "environments":
		var envs []*runscope.Environment
		var err error
		if o.test == "" {
			envs, err = sharedEnvironments(ctx, client, o.bucket)
		} else {
			envs, _, err = client.Environments.ListForTest(ctx, o.bucket, o.test)
		}
		if err != nil {
			return err
		}
		return writeListing(w, o.json, values(envs), listing[*runscope.Environment]{
			header: "ID\tNAME\tREGIONS\tPARENT",
			row: func(e *runscope.Environment) []string {
				return []string{e.ID, e.Name, strings.Join(e.Regions, ","), e.ParentEnvironmentID}
			},
		})
	case "schedules":
		return writeListing(w, o.json, schedulesOf(ctx, client, o), listing[testSchedule]{
			header: "TEST\tID\tINTERVAL\tENVIRONMENT\tNOTE",
			row: func(s testSchedule) []string {
				return []string{s.test, s.ID, string(s.Interval), s.EnvironmentID, s.Note}
			},
			json: func(s testSchedule) any { return s.Schedule },
		})
	default: // results
		// Pages no longer than --limit: a page of the largest size would
		// fetch runs that are not shown.
		opts := &runscope.ResultListOptions{Count: min(o.limit, maxResultsPage)}
		return writeListing(w, o.json, firstRuns(client.Results.All(ctx, o.bucket, o.test, opts), o.limit), listing[*runscope.TestRun]{
			header: "RUN\tRESULT\tREGION\tENVIRONMENT\tSTARTED\tDURATION\tASSERTIONS",
			row: func(r *runscope.TestRun) []string {
				duration, assertions := "-", "-"
				if !r.FinishedAt.IsZero() && !r.StartedAt.IsZero() {
					duration = r.FinishedAt.Sub(r.StartedAt.Time).Round(time.Millisecond).String()
				}
				if r.Result.Done() { // the counts of a run not finished are not counted yet
					assertions = fmt.Sprintf("%d passed, %d failed", r.AssertionsPassed, r.AssertionsFailed)
				}
				return []string{r.TestRunID, string(r.Result), r.Region, r.EnvironmentName, when(r.StartedAt.Time), duration, assertions}
			},
		})
	}
}

// maxResultsPage is the most runs a page of results can hold: the
// largest ResultListOptions.Count the SDK accepts.
const maxResultsPage = 50

// lastRun says how a listed test's last run went: pass or fail by
// [runscope.LastRun.Passed], or how it ended when it did not complete.
func lastRun(t *runscope.Test) string {
	switch r := t.LastRun; {
	case r == nil || r.Status == "":
		return "-"
	case r.Status != runscope.RunStatusCompleted:
		return string(r.Status)
	case r.Passed():
		return string(runscope.ResultPass)
	}
	return string(runscope.ResultFail)
}

// testSchedule is a schedule with the name of its test.
type testSchedule struct {
	*runscope.Schedule
	test string
}

// schedulesOf yields the schedules of --test, or of every test of the
// bucket, read o.concurrency tests at a time, in the order of the tests.
func schedulesOf(ctx context.Context, client *runscope.Client, o *lsOptions) iter.Seq2[testSchedule, error] {
	tests := listedTests(ctx, client, []string{o.bucket})
	if o.test != "" {
		tests = values([]testRef{{bucket: o.bucket, id: o.test, name: o.test}})
	}
	lists := mapOrderedSeq(ctx, o.concurrency, tests, func(ctx context.Context, t testRef) ([]testSchedule, error) {
		list, _, err := client.Schedules.List(ctx, o.bucket, t.id)
		if err != nil {
			return nil, fmt.Errorf("listing the schedules of test %q: %w", t.name, err)
		}
		out := make([]testSchedule, len(list))
		for i, s := range list {
			out[i] = testSchedule{s, t.name}
		}
		return out, nil
	})
	return func(yield func(testSchedule, error) bool) {
		for list, err := range lists {
			if err != nil {
				yield(testSchedule{}, err)
				return
			}
			for _, s := range list {
				if !yield(s, nil) {
					return
				}
			}
		}
	}
}

// firstRuns stops runs after limit.
func firstRuns(runs iter.Seq2[*runscope.TestRun, error], limit int) iter.Seq2[*runscope.TestRun, error] {
	return func(yield func(*runscope.TestRun, error) bool) {
		n := 0
		for r, err := range runs {
			if !yield(r, err) || err != nil {
				return
			}
			if n++; n == limit {
				return
			}
		}
	}
}

// listing says how to show items of type T: as a table with header and
// a row per item, or as JSON, each item encoded as json returns it (the
// item itself when json is nil; json empties secrets).
type listing[T any] struct {
	header string
	row    func(T) []string
	json   func(T) any
}

// writeListing writes items as a table or, with asJSON, as a JSON array,
// one item at a time.
func writeListing[T any](w io.Writer, asJSON bool, items iter.Seq2[T, error], l listing[T]) error {
	if asJSON {
		return writeJSONArray(w, items, l.json)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, l.header)
	for item, err := range items {
		if err != nil {
			return err
		}
		cells := l.row(item)
		for i := range cells {
			cells[i] = cell(cells[i])
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	return tw.Flush()
}

// writeJSONArray writes items as an indented JSON array, one at a time;
// doc, when not nil, says what to encode for an item. Each item is
// encoded after its separator into one buffer, reused, and written in
// one write.
func writeJSONArray[T any](w io.Writer, items iter.Seq2[T, error], doc func(T) any) error {
	var buf bytes.Buffer
	sep := "[\n  "
	for item, err := range items {
		if err != nil {
			return err
		}
		var v any = item
		if doc != nil {
			v = doc(item)
		}
		buf.Reset()
		buf.WriteString(sep)
		if err := encodeIndented(&buf, "  ", v); err != nil {
			return err
		}
		if _, err := w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))); err != nil {
			return err
		}
		sep = ",\n  "
	}
	end := "\n]\n"
	if sep == "[\n  " {
		end = "[]\n"
	}
	_, err := io.WriteString(w, end)
	return err
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// when writes a time in UTC to the second; "-" for none.
func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04:05")
}
