package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/go-runscope/runscope"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sampleReports are a passed run, a failed one (an assertion, a variable
// and a script failed, in two requests) and one whose wait failed.
func sampleReports(t *testing.T) []*runReport {
	t.Helper()
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tr := func(name, region, env string) *runscope.TriggeredRun {
		return &runscope.TriggeredRun{BucketKey: "bkt", TestID: "t-" + name, TestName: name, TestRunID: "r-" + name + "-" + region,
			Region: region, EnvironmentName: env, URL: "https://www.runscope.com/radar/bkt/t/history/r-" + name}
	}
	passed := &runscope.TestRun{Result: runscope.ResultPass, StartedAt: runscope.Timestamp{Time: start},
		FinishedAt: runscope.Timestamp{Time: start.Add(1500 * time.Millisecond)}, RunCounts: runscope.RunCounts{AssertionsDefined: 2, AssertionsPassed: 2}}
	var failed runscope.TestRun
	require.NoError(t, json.Unmarshal([]byte(`{
		"result": "fail", "started_at": 1767323045, "finished_at": 1767323047.25,
		"assertions_defined": 3, "assertions_passed": 2, "assertions_failed": 1,
		"requests": [
			{"method": "GET", "url": "https://api.example.com/a&b", "result": "fail",
			 "assertions": [{"result": "pass", "source": "status_code", "comparison": "equals", "target_value": 200, "actual_value": 200},
			                {"result": "fail", "source": "json", "property": "items", "comparison": "is_not_empty", "actual_value": "", "error": "<empty> ]]> & gone"}],
			 "variables": [{"result": "fail", "name": "token", "source": "json", "property": "auth.token", "error": "no such path"}]},
			{"method": "POST", "url": "https://api.example.com/c", "result": "fail",
			 "scripts": [{"result": "pass"}, {"result": "fail", "error": "ReferenceError: x"}]}
		]}`), &failed))
	reports := []*runReport{
		newReport(tr("Orders", "us1", "Staging"), passed, nil),
		newReport(tr("Orders", "eu1", "Staging"), &failed, nil),
		newReport(tr("Users", "us1", "Prod"), &runscope.TestRun{Result: runscope.ResultWorking}, errors.New("timed out\nafter 1m")),
	}
	nameReports(reports)
	return reports
}

func TestReportFromRuns(t *testing.T) {
	r := sampleReports(t)
	assert.Equal(t, "Orders (us1, Staging)", r[0].display, "region and environment named when runs differ in them")
	assert.True(t, r[0].passed())
	assert.Equal(t, 1500*time.Millisecond, r[0].duration())

	assert.Equal(t, "fail", r[1].Result)
	require.Len(t, r[1].Failures, 3)
	assert.Equal(t, failure{Step: 1, Method: "GET", URL: "https://api.example.com/a&b", Kind: "assertion", Message: `json items is_not_empty "": <empty> ]]> & gone`}, r[1].Failures[0])
	assert.Equal(t, failure{Step: 1, Method: "GET", URL: "https://api.example.com/a&b", Kind: "variable", Message: "token from json auth.token: no such path"}, r[1].Failures[1])
	assert.Equal(t, failure{Step: 2, Method: "POST", URL: "https://api.example.com/c", Kind: "script", Message: "script 2: ReferenceError: x"}, r[1].Failures[2])
	assert.Equal(t, "1 assertion failed, 1 variable failed, 1 script failed: json items is_not_empty \"\": <empty> ]]> & gone", r[1].headline())

	assert.Equal(t, resultError, r[2].Result)
	assert.Equal(t, "timed out; after 1m", r[2].Error, "one line")
	assert.Equal(t, tally{passed: 1, failed: 1, errors: 1}, tallyOf(r))

	one := []*runReport{newReport(&runscope.TriggeredRun{TestName: "Solo", Region: "us1", EnvironmentName: "E"}, &runscope.TestRun{Result: runscope.ResultPass}, nil)}
	nameReports(one)
	assert.Equal(t, "Solo", one[0].display, "nothing to tell apart")
}

func TestJUnitParses(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, writeJUnit(&buf, sampleReports(t), time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)))
	var doc junitDoc
	require.NoError(t, xml.Unmarshal(buf.Bytes(), &doc), buf.String())
	assert.Equal(t, 3, doc.Tests)
	assert.Equal(t, 1, doc.Failures)
	assert.Equal(t, 1, doc.Errors)
	cases := doc.Suites[0].Cases
	require.Len(t, cases, 3)
	assert.Equal(t, "Orders (us1, Staging)", cases[0].Name)
	assert.Equal(t, "1.500", cases[0].Time, "seconds")
	assert.Nil(t, cases[0].Failure)
	require.NotNil(t, cases[1].Failure)
	assert.Equal(t, "2.250", cases[1].Time)
	assert.Contains(t, cases[1].Failure.Message, "1 assertion failed")
	assert.Equal(t, `Request 1: GET https://api.example.com/a&b
  assertion failed: json items is_not_empty "": <empty> ]]> & gone
  variable failed: token from json auth.token: no such path
Request 2: POST https://api.example.com/c
  script failed: script 2: ReferenceError: x
Run: https://www.runscope.com/radar/bkt/t/history/r-Orders
`, cases[1].Failure.Text, "readable text, even with ]]> in it")
	require.NotNil(t, cases[2].Error)
	assert.Contains(t, cases[2].Error.Message, "timed out")
	assert.True(t, strings.HasPrefix(buf.String(), xml.Header))
}

func TestJSONReportParses(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, writeJSONReport(&buf, sampleReports(t)))
	var got []map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &got))
	require.Len(t, got, 3)
	assert.Equal(t, "bkt", got[0]["bucket_key"])
	assert.Equal(t, "t-Orders", got[0]["test_id"])
	assert.Equal(t, "Orders", got[0]["test_name"])
	assert.Equal(t, "r-Orders-us1", got[0]["run_id"])
	assert.Equal(t, "us1", got[0]["region"])
	assert.Equal(t, "Staging", got[0]["environment_name"])
	assert.Equal(t, "pass", got[0]["result"])
	assert.Equal(t, "2026-01-02T03:04:05Z", got[0]["started_at"])
	assert.Equal(t, map[string]any{"defined": 2.0, "passed": 2.0, "failed": 0.0}, got[0]["assertions"])
	assert.Equal(t, []any{}, got[0]["failures"], "an empty list, not null")
	assert.Len(t, got[1]["failures"], 3)
	assert.Equal(t, "error", got[2]["result"])
	assert.Contains(t, buf.String(), "a&b", "no HTML escaping")

	buf.Reset()
	require.NoError(t, writeJSONReport(&buf, nil))
	assert.Equal(t, "[]\n", buf.String())
}

func TestMarkdownSummary(t *testing.T) {
	reports := sampleReports(t)
	reports[0].TestName = "Orders | <b>"
	var buf bytes.Buffer
	require.NoError(t, writeMarkdown(&buf, reports))
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	assert.Equal(t, "### Runscope: 1 passed, 1 failed, 1 not seen to the end", lines[0])
	require.Len(t, lines, 7)
	for _, l := range lines[2:] {
		assert.Equal(t, 8, strings.Count(l, "|")-strings.Count(l, `\|`), "seven cells: %s", l)
	}
	assert.True(t, strings.HasPrefix(lines[4], `| Orders \| &lt;b&gt; | us1 | Staging |`), "the test's name alone: %s", lines[4])
	assert.Contains(t, lines[4], "✅ pass")
	assert.Contains(t, lines[5], "❌ fail")
	assert.Contains(t, lines[5], "2/3 passed")
	assert.Contains(t, lines[6], "⚠️ error")
}

func TestAnnotations(t *testing.T) {
	var buf bytes.Buffer
	writeAnnotations(&buf, sampleReports(t))
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	require.Len(t, lines, 2, "one per run that did not pass")
	assert.True(t, strings.HasPrefix(lines[0], "::error title=Runscope%3A Orders (eu1%2C Staging)::1 assertion failed"), lines[0])
	assert.Contains(t, lines[0], "%0Ahttps://www.runscope.com/", "newlines escaped")
	assert.Contains(t, lines[1], "timed out; after 1m")
	assert.Equal(t, "100%25 a%0Db%0Ac", escapeData("100% a\rb\nc"))
}

func TestTable(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, writeTable(&buf, sampleReports(t)))
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	require.Len(t, lines, 4)
	assert.Regexp(t, `^TEST\s+REGION\s+ENVIRONMENT\s+RESULT\s+ASSERTIONS\s+DURATION\s+RUN$`, lines[0])
	// The test's name alone: the region and environment have columns.
	assert.Regexp(t, `^Orders\s+us1\s+Staging\s+pass\s+2 passed, 0 failed\s+1.5s\s+https://`, lines[1])
	assert.Regexp(t, `^Orders\s+eu1\s+Staging\s+fail\s+2 passed, 1 failed\s+2.25s\s+https://`, lines[2])
	assert.Regexp(t, `^Users\s+us1\s+Prod\s+error\s+-\s+-\s+https://`, lines[3])
}

func TestSparkline(t *testing.T) {
	assert.Equal(t, "▁▂▃▄▅▆▇█", sparkline([]float64{0, 1, 2, 3, 4, 5, 6, 7}))
	assert.Equal(t, "█▁█", sparkline([]float64{90, 10, 90}))
	assert.Equal(t, "▅▅", sparkline([]float64{44, 44}))
	assert.Empty(t, sparkline(nil))
	assert.Equal(t, "+5.0%", percent(0.05))
	assert.Equal(t, "-12.5%", percent(-0.125))
}

func TestRunProgressLinesOnChange(t *testing.T) {
	var buf bytes.Buffer
	runs := []*runscope.TriggeredRun{{TestRunID: "a", TestName: "Orders", Region: "us1", EnvironmentName: "Staging"}, {TestRunID: "b", TestName: "Users", Agent: "ag-1"}}
	p := newRunProgress(&buf, runs)
	for _, r := range []runscope.RunResult{"queued", "queued", "working", "pass"} {
		p.update(&runscope.TestRun{TestRunID: "a", Result: r})
	}
	p.update(&runscope.TestRun{TestRunID: "b", Result: "fail"})
	assert.Equal(t, "[1/2] Orders (us1, Staging): queued\n[1/2] Orders (us1, Staging): working\n[1/2] Orders (us1, Staging): pass\n[2/2] Users (agent ag-1, -): fail\n", buf.String())
}

// A run with neither region nor agent is labelled as the table shows it.
func TestRunProgressWithoutRegionOrAgent(t *testing.T) {
	var buf bytes.Buffer
	tr := &runscope.TriggeredRun{TestRunID: "a", TestName: "Orders", EnvironmentName: "Staging"}
	newRunProgress(&buf, []*runscope.TriggeredRun{tr}).update(&runscope.TestRun{TestRunID: "a", Result: "pass"})
	assert.Equal(t, "[1/1] Orders (-, Staging): pass\n", buf.String())

	buf.Reset()
	require.NoError(t, writeTable(&buf, []*runReport{newReport(tr, &runscope.TestRun{Result: "pass"}, nil)}))
	assert.Regexp(t, `(?m)^Orders\s+-\s+Staging\s+pass\s`, buf.String())
}

func TestProgressLines(t *testing.T) {
	var buf bytes.Buffer
	a := &app{stderr: &buf}
	p := a.newProgress("exported", -1)
	p.Done("one")
	p.Done("two")
	p.Finish()
	q := a.newProgress("imported", 2)
	q.Done("x")
	assert.Equal(t, "exported 1: one\nexported 2: two\nimported 1/2: x\n", buf.String())

	buf.Reset()
	bar := (&app{stderr: &buf, terminal: true}).newProgress("exported", 3)
	bar.Done("x")
	bar.Finish()
	assert.Contains(t, buf.String(), "exported")
	assert.NotContains(t, buf.String(), "exported 1: x", "a bar on a terminal, not lines")
}

func TestProgressNotes(t *testing.T) {
	var buf bytes.Buffer
	p := (&app{stderr: &buf}).newProgress("exported", 2)
	p.Done("one")
	p.Note("skipped two")
	assert.Equal(t, "exported 1/2: one\nskipped two\n", buf.String())

	buf.Reset()
	bar := (&app{stderr: &buf, terminal: true}).newProgress("exported", 2)
	bar.Done("one")
	bar.Note("skipped two")
	assert.Contains(t, buf.String(), "\r\033[2Kskipped two\n", "on a line of its own, the bar's cleared")
	bar.Finish()
}
