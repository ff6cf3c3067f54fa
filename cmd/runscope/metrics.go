package main

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/go-runscope/runscope"
	"github.com/spf13/cobra"
)

type metricsOptions struct {
	bucket      string
	tests       []string
	timeframe   string
	region, env string
	json        bool
	concurrency int
}

func (a *app) metricsCommand() *cobra.Command {
	o := &metricsOptions{}
	cmd := &cobra.Command{
		Use:   "metrics --bucket KEY [--test ID]... [--timeframe hour|day|week|month]",
		Short: "Response-time percentiles, success ratio and trend of tests",
		Long: `metrics shows, per test of the bucket (or per --test), the response-time
percentiles of the timeframe (50th, 95th, 99th, in ms), the change in the
95th and in the number of runs from the timeframe before, the success ratio
(the mean of the timeframe's points) and its change in percentage points
from the timeframe before, and a sparkline of the response times over the
timeframe, oldest to newest: a trend to look at, not 24 numbers to read.
The API reports no change of the success ratio, so metrics reads it from
the next longer timeframe (a day's from a week's points, and so on; a
month has none): one more request per test. --json prints what the API
sent, per test, with the success ratio and its change.`,
		Example: `  runscope metrics --bucket KEY
  runscope metrics --bucket KEY --test TEST_ID --timeframe week --region us1
  runscope metrics --bucket KEY --json`,
		Args: usageArgs(cobra.NoArgs, ""),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := o.validate(); err != nil {
				return err
			}
			client, err := a.client(o.concurrency)
			if err != nil {
				return err
			}
			return a.metrics(cmd.Context(), client, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.bucket, "bucket", "", "the `KEY` of the bucket")
	f.StringArrayVar(&o.tests, "test", nil, "only the test with this `ID`; repeatable")
	f.StringVar(&o.timeframe, "timeframe", "day", timeframeNames())
	f.StringVar(&o.region, "region", "", "only the runs in the region with this `CODE`")
	f.StringVar(&o.env, "env", "", "only the runs in the environment with this `ID`")
	f.BoolVar(&o.json, "json", false, "print a JSON array instead of a table")
	concurrencyFlag(cmd, &o.concurrency)
	return cmd
}

func (o *metricsOptions) validate() error {
	switch {
	case o.bucket == "":
		return usageErrorf("--bucket is required")
	case timeframeLength[runscope.Timeframe(o.timeframe)] == 0:
		return usageErrorf("--timeframe must be %s, not %q", timeframeNames(), o.timeframe)
	}
	return cmp.Or(plainIDs("--bucket", "a bucket key", o.bucket), plainIDs("--test", "a test ID", o.tests...))
}

// testMetrics are the metrics of one test, as --json prints them.
type testMetrics struct {
	BucketKey string            `json:"bucket_key"`
	TestID    string            `json:"test_id"`
	TestName  string            `json:"test_name"`
	Metrics   *runscope.Metrics `json:"metrics"`
	// SuccessRatio is the mean of the timeframe's points, and
	// SuccessRatioChange its difference from the timeframe before (0.02:
	// two percentage points more); absent when there were no runs.
	SuccessRatio       *float64 `json:"success_ratio,omitempty"`
	SuccessRatioChange *float64 `json:"success_ratio_change,omitempty"`
}

// timeframeLength is how far back each timeframe looks; its keys are the
// values --timeframe takes. longer is the timeframe whose points also
// cover the timeframe before it.
var (
	timeframeLength = map[runscope.Timeframe]time.Duration{
		runscope.TimeframeHour: time.Hour, runscope.TimeframeDay: 24 * time.Hour,
		runscope.TimeframeWeek: 7 * 24 * time.Hour, runscope.TimeframeMonth: 30 * 24 * time.Hour,
	}
	longer = map[runscope.Timeframe]runscope.Timeframe{
		runscope.TimeframeHour: runscope.TimeframeDay, runscope.TimeframeDay: runscope.TimeframeWeek,
		runscope.TimeframeWeek: runscope.TimeframeMonth,
	}
)

// timeframeNames lists the values of --timeframe, shortest first: "hour,
// day, week or month".
func timeframeNames() string {
	tfs := slices.SortedFunc(maps.Keys(timeframeLength), func(a, b runscope.Timeframe) int {
		return cmp.Compare(timeframeLength[a], timeframeLength[b])
	})
	names := make([]string, len(tfs))
	for i, tf := range tfs {
		names[i] = string(tf)
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// successChange fills in the success ratio of m and its change from the
// timeframe before, which it reads from the next longer timeframe.
func successChange(ctx context.Context, client *runscope.Client, bucketKey, testID string, opts runscope.MetricsOptions, m *testMetrics) error {
	ratio, ok := m.Metrics.SuccessRatio(time.Time{}, time.Time{})
	if !ok {
		return nil
	}
	m.SuccessRatio = &ratio
	tf := opts.Timeframe
	wider, ok := longer[tf]
	if !ok {
		return nil
	}
	opts.Timeframe = wider
	w, _, err := client.Metrics.Get(ctx, bucketKey, testID, &opts)
	if err != nil {
		return err
	}
	start := time.Now().Add(-timeframeLength[tf])
	if before, ok := w.SuccessRatio(start.Add(-timeframeLength[tf]), start); ok {
		m.SuccessRatioChange = new(ratio - before)
	}
	return nil
}

func (a *app) metrics(ctx context.Context, client *runscope.Client, o *metricsOptions) error {
	// missing are the --test IDs not listed yet: those left at the end
	// are not in the bucket.
	missing := map[string]bool{}
	for _, id := range o.tests {
		missing[id] = true
	}
	tests := func(yield func(testRef, error) bool) {
		for ref, err := range listedTests(ctx, client, []string{o.bucket}) {
			if err == nil && len(o.tests) > 0 && !slices.Contains(o.tests, ref.id) {
				continue
			}
			delete(missing, ref.id)
			if !yield(ref, err) {
				return
			}
		}
	}
	opts := &runscope.MetricsOptions{Region: o.region, Timeframe: runscope.Timeframe(o.timeframe), EnvironmentID: o.env}
	items := mapOrderedSeq(ctx, o.concurrency, tests, func(ctx context.Context, t testRef) (testMetrics, error) {
		m, _, err := client.Metrics.Get(ctx, o.bucket, t.id, opts)
		if err == nil {
			tm := testMetrics{BucketKey: o.bucket, TestID: t.id, TestName: t.name, Metrics: m}
			if err = successChange(ctx, client, o.bucket, t.id, *opts, &tm); err == nil {
				return tm, nil
			}
		}
		return testMetrics{}, fmt.Errorf("reading the metrics of test %q: %w", t.name, err)
	})
	err := writeListing(a.stdout, o.json, items, listing[testMetrics]{
		header: "TEST\tRUNS\tΔ RUNS\tSUCCESS\tΔ SUCCESS\tP50\tP95\tP99\tΔ P95\tRESPONSE TIME (" + o.timeframe + ")",
		row:    metricsRow,
	})
	if err == nil && len(missing) > 0 {
		return fmt.Errorf("bucket %s has no test %s", o.bucket, strings.Join(slices.Sorted(maps.Keys(missing)), ", "))
	}
	return err
}

// metricsRow is the table row of one test's metrics.
func metricsRow(m testMetrics) []string {
	this, change := m.Metrics.ThisTimePeriod, m.Metrics.ChangeFromLastPeriod
	if this == nil {
		this = &runscope.PeriodMetrics{}
	}
	var times []float64
	for _, p := range m.Metrics.ResponseTimes {
		if p != nil {
			times = append(times, p.AvgResponseTimeMs)
		}
	}
	success, successChange := "-", "-"
	if m.SuccessRatio != nil {
		success = fmt.Sprintf("%.1f%%", 100**m.SuccessRatio)
	}
	if m.SuccessRatioChange != nil {
		successChange = fmt.Sprintf("%+.1fpp", 100**m.SuccessRatioChange)
	}
	runsChange, p95Change := "-", "-"
	if change != nil {
		runsChange, p95Change = percent(change.TotalTestRuns), percent(change.ResponseTime95thPercentile)
	}
	trend := "-"
	if len(times) > 0 {
		lo, hi := slices.Min(times), slices.Max(times)
		trend = fmt.Sprintf("%s %s–%s", sparkline(times), ms(lo), ms(hi))
	}
	return []string{m.TestName, fmt.Sprintf("%.0f", this.TotalTestRuns), runsChange, success, successChange,
		ms(this.ResponseTime50thPercentile), ms(this.ResponseTime95thPercentile), ms(this.ResponseTime99thPercentile), p95Change, trend}
}

// sparkBlocks are the eight heights of a sparkline.
var sparkBlocks = []rune("▁▂▃▄▅▆▇█")

// sparkline draws values as block characters, lowest to highest.
func sparkline(values []float64) string {
	if len(values) == 0 {
		return ""
	}
	lo, hi := slices.Min(values), slices.Max(values)
	var b strings.Builder
	for _, v := range values {
		i := len(sparkBlocks) / 2
		if hi > lo {
			i = int(math.Round((v - lo) / (hi - lo) * float64(len(sparkBlocks)-1)))
		}
		b.WriteRune(sparkBlocks[i])
	}
	return b.String()
}

// percent writes a ratio of change as a signed percentage.
func percent(r float64) string {
	if r == 0 {
		return "0%"
	}
	return fmt.Sprintf("%+.1f%%", 100*r)
}

func ms(v float64) string { return fmt.Sprintf("%.0fms", v) }
