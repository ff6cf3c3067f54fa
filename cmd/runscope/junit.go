package main

import (
	"encoding/xml"
	"fmt"
	"io"
	"time"
)

// The JUnit XML that Jenkins, GitLab and GitHub test reporters read: one
// suite, one testcase per run, a failure for a run that did not pass and
// an error for a run whose result run could not see.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name      string      `xml:"name,attr"`
	Tests     int         `xml:"tests,attr"`
	Failures  int         `xml:"failures,attr"`
	Errors    int         `xml:"errors,attr"`
	Skipped   int         `xml:"skipped,attr"`
	Time      string      `xml:"time,attr"`
	Timestamp string      `xml:"timestamp,attr,omitempty"`
	Cases     []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",cdata"`
}

// writeJUnit writes the reports as JUnit XML. started is when run began,
// the suite's timestamp.
func writeJUnit(w io.Writer, reports []*runReport, started time.Time) error {
	suite := junitSuite{Name: "runscope", Timestamp: started.UTC().Format("2006-01-02T15:04:05")}
	var total time.Duration
	for _, r := range reports {
		d := r.duration()
		total += d
		c := junitCase{Name: r.display, Classname: "runscope." + r.BucketKey, Time: seconds(d)}
		switch {
		case r.Result == resultError:
			suite.Errors++
			c.Error = &junitProblem{Message: r.headline(), Type: resultError, Text: r.headline() + "\n" + r.failureText()}
		case !r.passed():
			suite.Failures++
			c.Failure = &junitProblem{Message: r.headline(), Type: r.Result, Text: r.failureText()}
		default:
			c.SystemOut = "Run: " + r.URL
		}
		suite.Cases = append(suite.Cases, c)
	}
	suite.Tests, suite.Time = len(reports), seconds(total)
	doc := junitSuites{Name: "runscope", Tests: suite.Tests, Failures: suite.Failures, Errors: suite.Errors,
		Time: suite.Time, Suites: []junitSuite{suite}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// seconds writes a duration as JUnit's time: seconds, three decimals.
func seconds(d time.Duration) string {
	return fmt.Sprintf("%.3f", d.Seconds())
}
