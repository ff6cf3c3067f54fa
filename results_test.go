package runscope

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-runscope/runscope/internal/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestResultsGoldenRoundTrip(t *testing.T) {
	t.Run("list", func(t *testing.T) { testRoundTrip[[]*TestRun](t, goldenData(t, "results_list.json")) })
	t.Run("detail", func(t *testing.T) { testRoundTrip[*TestRun](t, goldenData(t, "results_get.json")) })
	for _, name := range []string{"results_step.json", "results_step_base64.json"} {
		t.Run(name, func(t *testing.T) {
			testRoundTrip[*StepResult](t, goldenData(t, name))
			// The details also round-trip on their own, not only inside a StepResult.
			var parts map[string]json.RawMessage
			require.NoError(t, json.Unmarshal(goldenData(t, name), &parts))
			testRoundTrip[*RequestDetail](t, parts["request"])
			testRoundTrip[*ResponseDetail](t, parts["response"])
		})
	}
}

func TestResultsList(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{
		method: http.MethodGet, path: "/buckets/bkt/tests/tst/results",
		// since and before are exclusive epoch seconds, sub-second digits kept.
		query:  url.Values{"count": {"25"}, "since": {"1406036406.68105"}, "before": {"1639677275.7"}, "subtests": {"true"}},
		golden: "results_list.json",
	})
	runs, _, err := c.Results.List(context.Background(), "bkt", "tst", &ResultListOptions{
		Count:    25,
		Since:    time.Unix(1406036406, 681050000),
		Before:   time.Unix(1639677275, 700000000),
		Subtests: true,
	})
	require.NoError(t, err)
	require.Len(t, runs, 1)
	run := runs[0]
	assert.EqualExportedValues(t, &TestRun{
		RunCounts: RunCounts{
			AssertionsDefined: 2, AssertionsPassed: 2,
			ScriptsDefined: 2, ScriptsPassed: 2,
			VariablesDefined: 2, VariablesPassed: 2,
		},
		BucketKey:        "6knqwmwvqpzr",
		Region:           "us1",
		RequestsExecuted: 1,
		Result:           ResultPass,
		TestRunID:        "0aa48464-f89e-4596-8d60-79bc678d313f",
		ParentTestUUID:   "b4b0595a-9064-4c36-ac5b-efeeb69583a2",
		TestRunURL:       "https://api.runscope.com/buckets/6knqwmwvqpzr/tests/db4cc896-2804-4520-ad06-0caf3bf216a8/results/0aa48464-f89e-4596-8d60-79bc678d313f",
		TestID:           "db4cc896-2804-4520-ad06-0caf3bf216a8",
		EnvironmentID:    "abcdc896-2804-4520-ad06-0caf3bf216a8",
		EnvironmentName:  "My Test Environment",
		RunBy:            "John Doe",
		SubtestDetail:    &SubtestDetail{},
	}, run)
	assertTime(t, time.Unix(1406036406, 681050000), run.StartedAt, "started_at")
	assertTime(t, time.Unix(1406061608, 506811000), run.FinishedAt, "finished_at")
	assert.False(t, run.AgentExpired)
	assert.True(t, run.SubtestDetail.StartedAt.IsZero())
}

func TestResultsListWithoutOptions(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodGet, path: "/buckets/bkt/tests/tst/results", golden: "results_list.json"})
	for _, opts := range []*ResultListOptions{nil, {}} {
		runs, _, err := c.Results.List(context.Background(), "bkt", "tst", opts)
		require.NoError(t, err)
		assert.Len(t, runs, 1)
	}
}

// referenceRunDetail checks the reference's result detail sample.
func checkReferenceRunDetail(t *testing.T, run *TestRun) {
	t.Helper()
	assertTime(t, time.Unix(1639677275, 700000000), run.StartedAt, "started_at keeps its fraction")
	assertTime(t, time.Unix(1639677286, 600000000), run.FinishedAt, "finished_at")
	assert.Equal(t, "1639677275.7", formatEpoch(run.StartedAt.Time))
	assert.Equal(t, ResultPass, run.Result)
	assert.True(t, run.Result.Done())
	assert.Equal(t, "scheduled", run.Source)
	assert.Equal(t, "au1", run.Region)
	assert.Equal(t, "Jane Doe", run.RunBy)
	assert.Equal(t, "Prod Settings", run.EnvironmentName)
	assert.Equal(t, 12, run.AssertionsPassed)
	assert.Equal(t, 4, run.RequestsExecuted)
	require.Len(t, run.Requests, 5)

	// A step that sent no request: only its UUID, every other member null.
	assert.EqualExportedValues(t, &RequestResult{UUID: "3efa15de-9282-4f53-9291-2d14eaf50116"}, run.Requests[0])

	req := run.Requests[1]
	assert.EqualExportedValues(t, &RequestResult{
		URL: "https://deckofcardsapi.com/api/deck/new/shuffle/?deck_count=1", Method: "GET",
		UUID: "eac758ec-8b32-4235-ab70-9120f2176e38", Result: ResultPass,
		Variables: []*VariableResult{{Result: ResultPass, Source: "json", Property: "deck_id", Name: "deck_id", Value: "8i3go9itqhbf"}},
		Assertions: []*AssertionResult{
			// target_value keeps the JSON kind it came with: a number here...
			{Result: ResultPass, Source: "status_code", Comparison: "equals_number", TargetValue: json.Number("200"), ActualValue: "200"},
			// ...a string there.
			{Result: ResultPass, Source: "response_time_ms", Comparison: "less_than", TargetValue: "500", ActualValue: "439.0"},
			{Result: ResultPass, Source: "json", Property: "remaining", Comparison: "equals_number", TargetValue: "52", ActualValue: "52"},
		},
		Scripts:   []*ScriptResult{},
		RunCounts: RunCounts{AssertionsDefined: 3, AssertionsPassed: 3, VariablesDefined: 1, VariablesPassed: 1},
		Timings: &Timings{
			DNSLookupMs: 11.345386505126953, DialMs: 2.6960372924804688, SendHeadersMs: 10.195255279541016,
			SendBodyMs: 0.0019073486328125, WaitForResponseMs: 425.7347583770752, ReceiveResponseMs: 0.06461143493652344,
		},
	}, req)
}

// Get and Latest both answer with the reference's detail sample.
func TestResultsGetAndLatest(t *testing.T) {
	const runID = "7d0236a0-469d-4b2a-b882-64acd2cb685f"
	for _, tc := range []struct {
		name, path string
		call       func(c *Client) (*TestRun, *Response, error)
	}{
		{"get", "/buckets/bkt/tests/tst/results/" + runID, func(c *Client) (*TestRun, *Response, error) {
			return c.Results.Get(context.Background(), "bkt", "tst", runID)
		}},
		{"latest", "/buckets/bkt/tests/tst/results/latest", func(c *Client) (*TestRun, *Response, error) {
			return c.Results.Latest(context.Background(), "bkt", "tst")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t)
			expectRequest(t, mux, wantRequest{method: http.MethodGet, path: tc.path, golden: "results_get.json"})
			run, resp, err := tc.call(c)
			require.NoError(t, err)
			assert.Equal(t, "success", resp.Meta.Status)
			assert.Equal(t, runID, run.TestRunID)
			checkReferenceRunDetail(t, run)
		})
	}
}

func TestResultsStepPlaintext(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodGet, path: "/buckets/bkt/tests/tst/results/run1/steps/step1", golden: "results_step.json"})
	step, _, err := c.Results.Step(context.Background(), "bkt", "tst", "run1", "step1")
	require.NoError(t, err)
	assert.Equal(t, "vnms9d3tgg4u", step.BucketKey)
	assert.Equal(t, "7a8daf40-60ea-44d8-9b4c-4695b76f3a1d", step.UUID)

	req := step.Request
	require.NotNil(t, req)
	assert.EqualExportedValues(t, &RequestDetail{
		Body:         BodyBytes{},
		BodyEncoding: BodyPlaintext,
		Headers: Header{
			"Accept":          {"*/*"},
			"Accept-Encoding": {"gzip, deflate, compress"},
			"Host":            {"api-twilio-com-vnms9d3tgg4u.runscope.net"},
			"User-Agent":      {"runscope/1.0"},
		},
		Host: "api.twilio.com", Method: "GET", Params: Header{}, Path: "/", Scheme: "https",
	}, req)
	assertTime(t, time.Unix(1368828807, 918586000), req.Timestamp, "request timestamp")

	resp := step.Response
	require.NotNil(t, resp)
	assert.Equal(t, BodyPlaintext, resp.BodyEncoding)
	assert.True(t, strings.HasPrefix(string(resp.Body), `<?xml version="1.0" encoding="UTF-8"?>`+"\n<TwilioResponse>"), "%q", resp.Body)
	assert.Equal(t, Header{"Content-Length": {"511"}, "Content-Type": {"application/xml"}}, resp.Headers)
	assert.Equal(t, "OK", resp.Reason)
	assert.Equal(t, 511, resp.SizeBytes)
	assert.Equal(t, 200, resp.Status)
	assertTime(t, time.Unix(1368828808, 555258000), resp.Timestamp, "response timestamp")
}

func TestResultsStepBase64(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodGet, path: "/buckets/bkt/tests/tst/results/run1/steps/step1", golden: "results_step_base64.json"})
	step, _, err := c.Results.Step(context.Background(), "bkt", "tst", "run1", "step1")
	require.NoError(t, err)
	assert.Equal(t, BodyBase64, step.Request.BodyEncoding)
	assert.Equal(t, `{"name":"x"}`, string(step.Request.Body), "Body holds the decoded bytes")
	assert.Equal(t, Header{"size": {"small", "large"}}, step.Request.Params)
	assert.Equal(t, BodyBase64, step.Response.BodyEncoding)
	assert.Equal(t, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"), []byte(step.Response.Body))
	assert.Equal(t, len(step.Response.Body), step.Response.SizeBytes)
}

// The base64 bodies decode however a StepResult is reached: through
// wire directly, or nested in another value (the fake server and users'
// own types do that), not only through encoding/json at the top level.
func TestResultsStepBase64Nested(t *testing.T) {
	data := goldenData(t, "results_step_base64.json")
	var direct StepResult
	require.NoError(t, wire.Unmarshal(data, &direct))
	var nested struct {
		Steps []*StepResult `json:"steps"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"steps":[`+string(data)+`]}`), &nested))
	for _, step := range []*StepResult{&direct, nested.Steps[0]} {
		assert.Equal(t, `{"name":"x"}`, string(step.Request.Body))
		out, err := wire.Marshal(step)
		require.NoError(t, err)
		assertJSONSemEq(t, data, out)
	}
}

func TestBodyEncoding(t *testing.T) {
	binary := []byte{0xff, 0xfe, 0x00, 'a'}
	cases := map[string]struct {
		in   RequestDetail
		want string
	}{
		"text as plaintext":           {RequestDetail{Body: BodyBytes("<a>&</a>"), BodyEncoding: BodyPlaintext}, `{"body":"<a>&</a>","body_encoding":"plaintext"}`},
		"text without an encoding":    {RequestDetail{Body: BodyBytes("hi")}, `{"body":"hi"}`},
		"bytes as base64":             {RequestDetail{Body: binary, BodyEncoding: BodyBase64}, `{"body":"//4AYQ==","body_encoding":"base64"}`},
		"text as base64":              {RequestDetail{Body: BodyBytes("hi"), BodyEncoding: BodyBase64}, `{"body":"aGk=","body_encoding":"base64"}`},
		"invalid UTF-8 as plaintext":  {RequestDetail{Body: binary, BodyEncoding: BodyPlaintext}, `{"body":"//4AYQ==","body_encoding":"base64"}`},
		"invalid UTF-8, no encoding":  {RequestDetail{Body: binary}, `{"body":"//4AYQ==","body_encoding":"base64"}`},
		"empty body":                  {RequestDetail{BodyEncoding: BodyPlaintext}, `{"body_encoding":"plaintext"}`},
		"unknown encoding, text kept": {RequestDetail{Body: BodyBytes("x"), BodyEncoding: "gzip"}, `{"body":"x","body_encoding":"gzip"}`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			out, err := json.Marshal(tc.in)
			require.NoError(t, err)
			assert.JSONEq(t, tc.want, string(out))
			// Whatever way it travelled, decoding gives the same bytes back.
			var back RequestDetail
			require.NoError(t, json.Unmarshal(out, &back))
			assert.Equal(t, []byte(tc.in.Body), []byte(back.Body))
		})
	}
}

func TestBodyDecodingEdgeCases(t *testing.T) {
	cases := map[string]struct {
		in       string
		wantBody string
	}{
		// Not base64 after all: kept as received, and sent back as such.
		"invalid base64":           {`{"body":"not base64!","body_encoding":"base64"}`, "not base64!"},
		"null body":                {`{"body":null,"body_encoding":"base64"}`, ""},
		"escaped text":             {`{"body":"\u003cp\u003e\ud83d\ude00","body_encoding":"plaintext"}`, "<p>😀"},
		"unknown encoding":         {`{"body":"aGk=","body_encoding":"gzip"}`, "aGk="},
		"not a string is kept":     {`{"body":{"a":1},"body_encoding":"plaintext"}`, ""},
		"body before its encoding": {`{"body_encoding":"base64","body":"aGk="}`, "hi"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			var d ResponseDetail
			require.NoError(t, json.Unmarshal([]byte(tc.in), &d))
			assert.Equal(t, tc.wantBody, string(d.Body))
			out, err := json.Marshal(d)
			require.NoError(t, err)
			assertJSONSemEq(t, []byte(tc.in), out)
		})
	}
}

// runJSON is a result-list member with a start time.
func runJSON(id string, startedAt string) string {
	return fmt.Sprintf(`{"test_run_id":%q,"result":"pass","started_at":%s}`, id, startedAt)
}

func resultPage(runs ...string) string {
	return `{"data":[` + strings.Join(runs, ",") + `],"meta":{"status":"success"}}`
}

// serveResultPages answers the results list with pages in turn, keyed by
// the before parameter ("" for the first page), and records each query.
func serveResultPages(t *testing.T, mux *http.ServeMux, pages map[string]string) *[]url.Values {
	t.Helper()
	var queries []url.Values
	mux.HandleFunc("/buckets/bkt/tests/tst/results", func(w http.ResponseWriter, r *http.Request) {
		queries = append(queries, r.URL.Query())
		if len(queries) > 10 {
			// A walk that loops: fail it rather than hang the test.
			t.Errorf("page request %d: the walk does not stop", len(queries))
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		body, ok := pages[r.URL.Query().Get("before")]
		if !ok {
			t.Errorf("unexpected page request %s", r.URL.RawQuery)
			body = resultPage()
		}
		_, _ = w.Write([]byte(body))
	})
	return &queries
}

func collectRuns(t *testing.T, seq func(func(*TestRun, error) bool)) (ids []string, errs []error) {
	t.Helper()
	for r, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, r.TestRunID)
	}
	return ids, errs
}

func TestResultsAllThreePages(t *testing.T) {
	c, mux := setup(t)
	queries := serveResultPages(t, mux, map[string]string{
		"":              resultPage(runJSON("r1", "1700000300.5"), runJSON("r2", "1700000200.25")),
		"1700000200.25": resultPage(runJSON("r3", "1700000100.125"), runJSON("r4", "1700000050")),
		"1700000050":    resultPage(runJSON("r5", "1700000000.000001")),
	})
	opts := &ResultListOptions{Count: 2, Subtests: true}
	ids, errs := collectRuns(t, c.Results.All(context.Background(), "bkt", "tst", opts))
	assert.Empty(t, errs)
	assert.Equal(t, []string{"r1", "r2", "r3", "r4", "r5"}, ids, "newest first, no run twice")
	assert.Equal(t, []url.Values{
		{"count": {"2"}, "subtests": {"true"}},
		{"count": {"2"}, "subtests": {"true"}, "before": {"1700000200.25"}},
		{"count": {"2"}, "subtests": {"true"}, "before": {"1700000050"}},
	}, *queries, "each page asks for runs before the oldest of the page before; the short third page ends it")
	assert.Equal(t, &ResultListOptions{Count: 2, Subtests: true}, opts, "the caller's options are not changed")
}

func TestResultsAllDefaultsToPagesOf50(t *testing.T) {
	c, mux := setup(t)
	queries := serveResultPages(t, mux, map[string]string{"": resultPage(runJSON("r1", "1"))})
	since := time.Unix(1600000000, 0)
	ids, errs := collectRuns(t, c.Results.All(context.Background(), "bkt", "tst", &ResultListOptions{Since: since}))
	assert.Empty(t, errs)
	assert.Equal(t, []string{"r1"}, ids)
	assert.Equal(t, []url.Values{{"count": {"50"}, "since": {"1600000000"}}}, *queries)

	*queries = nil
	_, _ = collectRuns(t, c.Results.All(context.Background(), "bkt", "tst", nil))
	assert.Equal(t, []url.Values{{"count": {"50"}}}, *queries)
}

// A server that answers a full page whose oldest run started exactly at
// the cursor (or later, or never) would make a naive walk ask for the same
// page forever: All stops instead.
func TestResultsAllStopsWhenCursorCannotMove(t *testing.T) {
	for name, tc := range map[string]struct {
		pages   map[string]string
		want    []string
		queries int
	}{
		"oldest equals the cursor": {map[string]string{
			"":      resultPage(runJSON("r1", "300.5"), runJSON("r2", "200.5")),
			"200.5": resultPage(runJSON("r2", "200.5"), runJSON("r3", "200.5")),
		}, []string{"r1", "r2", "r2", "r3"}, 2},
		"oldest after the cursor": {map[string]string{
			"":    resultPage(runJSON("r1", "300"), runJSON("r2", "200")),
			"200": resultPage(runJSON("r3", "250"), runJSON("r4", "400")),
		}, []string{"r1", "r2", "r3", "r4"}, 2},
		"no start times": {map[string]string{
			"": resultPage(`{"test_run_id":"q1","result":"queued","started_at":null}`, `{"test_run_id":"q2","result":"queued"}`),
		}, []string{"q1", "q2"}, 1},
	} {
		t.Run(name, func(t *testing.T) {
			c, mux := setup(t)
			queries := serveResultPages(t, mux, tc.pages)
			ids, errs := collectRuns(t, c.Results.All(context.Background(), "bkt", "tst", &ResultListOptions{Count: 2}))
			assert.Empty(t, errs)
			assert.Equal(t, tc.want, ids)
			assert.Len(t, *queries, tc.queries)
		})
	}
}

func TestResultsAllEmptyFirstPage(t *testing.T) {
	c, mux := setup(t)
	queries := serveResultPages(t, mux, map[string]string{"": resultPage()})
	ids, errs := collectRuns(t, c.Results.All(context.Background(), "bkt", "tst", nil))
	assert.Empty(t, ids)
	assert.Empty(t, errs)
	assert.Len(t, *queries, 1)
}

func TestResultsAllYieldsErrorOnce(t *testing.T) {
	c, mux := setup(t)
	var calls atomic.Int32
	mux.HandleFunc("/buckets/bkt/tests/tst/results", func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			_, _ = w.Write([]byte(resultPage(runJSON("r1", "2"), runJSON("r2", "1"))))
			return
		}
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte(`{"error":{"status":403,"message":"forbidden"}}`))
	})
	ids, errs := collectRuns(t, c.Results.All(context.Background(), "bkt", "tst", &ResultListOptions{Count: 2}))
	assert.Equal(t, []string{"r1", "r2"}, ids)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrForbidden)
	assert.EqualValues(t, 2, calls.Load())
}

func TestResultsAllStopsWhenCallerStops(t *testing.T) {
	c, mux := setup(t)
	queries := serveResultPages(t, mux, map[string]string{"": resultPage(runJSON("r1", "2"), runJSON("r2", "1"))})
	for r, err := range c.Results.All(context.Background(), "bkt", "tst", &ResultListOptions{Count: 2}) {
		require.NoError(t, err)
		assert.Equal(t, "r1", r.TestRunID)
		break
	}
	assert.Len(t, *queries, 1, "no page is fetched that nobody reads")
}

func TestResultsAllCanBeRangedTwice(t *testing.T) {
	c, mux := setup(t)
	serveResultPages(t, mux, map[string]string{
		"":  resultPage(runJSON("r1", "2"), runJSON("r2", "1")),
		"1": resultPage(runJSON("r3", "0.5")),
	})
	seq := c.Results.All(context.Background(), "bkt", "tst", &ResultListOptions{Count: 2})
	first, _ := collectRuns(t, seq)
	second, _ := collectRuns(t, seq)
	assert.Equal(t, []string{"r1", "r2", "r3"}, first)
	assert.Equal(t, first, second, "each walk starts from the caller's options")
}

func TestResultsArgErrors(t *testing.T) {
	// All yields an input error once, as the first and only element.
	allErr := func(seq func(func(*TestRun, error) bool)) error {
		_, errs := collectRuns(t, seq)
		require.Len(t, errs, 1)
		return errs[0]
	}
	testArgErrors(t, []argCase{
		{"count over 50", "opts.Count", func(ctx context.Context, c *Client) error {
			return errOf3(c.Results.List(ctx, "bkt", "tst", &ResultListOptions{Count: 51}))
		}},
		{"negative count", "opts.Count", func(ctx context.Context, c *Client) error {
			return errOf3(c.Results.List(ctx, "bkt", "tst", &ResultListOptions{Count: -1}))
		}},
		{"count over 50 in All", "opts.Count", func(ctx context.Context, c *Client) error {
			return allErr(c.Results.All(ctx, "bkt", "tst", &ResultListOptions{Count: 100}))
		}},
		{"empty bucket key", "bucketKey", func(ctx context.Context, c *Client) error {
			return errOf3(c.Results.List(ctx, "", "tst", nil))
		}},
		{"empty test ID in All", "testID", func(ctx context.Context, c *Client) error {
			return allErr(c.Results.All(ctx, "bkt", "", nil))
		}},
		{"empty run ID", "runID", func(ctx context.Context, c *Client) error {
			return errOf3(c.Results.Get(ctx, "bkt", "tst", ""))
		}},
		{"dot test ID on latest", "testID", func(ctx context.Context, c *Client) error {
			return errOf3(c.Results.Latest(ctx, "bkt", "."))
		}},
		{"empty step ID", "stepID", func(ctx context.Context, c *Client) error {
			return errOf3(c.Results.Step(ctx, "bkt", "tst", "run", ""))
		}},
		{"dot-dot run ID on step", "runID", func(ctx context.Context, c *Client) error {
			return errOf3(c.Results.Step(ctx, "bkt", "tst", "..", "step"))
		}},
	})
}

func TestRunResultDone(t *testing.T) {
	for r, done := range map[RunResult]bool{
		ResultPass: true, ResultFail: true, ResultCanceled: true, "errored": true,
		ResultQueued: false, ResultWorking: false, "init": false, "": false,
	} {
		assert.Equal(t, done, r.Done(), "%q", r)
	}
}

func BenchmarkDecodeResultDetail(b *testing.B) {
	data := goldenData(b, "results_get.json")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		var run TestRun
		if err := json.Unmarshal(data, &run); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzStepBody checks that no input makes a step detail panic, and that a
// body that decoded survives encoding and decoding again byte for byte.
func FuzzStepBody(f *testing.F) {
	for _, seed := range []string{
		`{"body":"aGk=","body_encoding":"base64"}`,
		`{"body":"<x/>","body_encoding":"plaintext","status":200}`,
		`{"body":"not base64!","body_encoding":"base64"}`,
		`{"body":"aGk=\n","body_encoding":"base64"}`,
		`{"body":null}`,
		`{"body":1,"body_encoding":"base64"}`,
		`{"body":"\ud800","body_encoding":"plaintext"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var d ResponseDetail
		if json.Unmarshal(in, &d) != nil {
			return
		}
		out, err := json.Marshal(d)
		require.NoError(t, err)
		var back ResponseDetail
		require.NoError(t, json.Unmarshal(out, &back), "%s", out)
		assert.Equal(t, []byte(d.Body), []byte(back.Body))
	})
}

// The counters of a run and of each request in it are one RunCounts,
// embedded: its members belong to the object they sit in, beside the
// members the models do not type, and a zero the API sent stays.
func TestRunCountsEmbedded(t *testing.T) {
	in := `{"test_run_id":"r","assertions_defined":9,"assertions_passed":8,"assertions_failed":1,
		"variables_defined":7,"variables_passed":6,"variables_failed":1,"scripts_defined":5,"scripts_passed":4,
		"scripts_failed":1,"assertion_count":3,
		"requests":[{"uuid":"u","assertions_defined":0,"scripts_failed":2,"fragment":"x"}]}`
	var run TestRun
	require.NoError(t, json.Unmarshal([]byte(in), &run))
	assert.Equal(t, RunCounts{
		AssertionsDefined: 9, AssertionsPassed: 8, AssertionsFailed: 1,
		VariablesDefined: 7, VariablesPassed: 6, VariablesFailed: 1,
		ScriptsDefined: 5, ScriptsPassed: 4, ScriptsFailed: 1,
	}, run.RunCounts)
	assert.Equal(t, 1, run.AssertionsFailed, "promoted")
	require.Len(t, run.Requests, 1)
	assert.Equal(t, RunCounts{ScriptsFailed: 2}, run.Requests[0].RunCounts)
	out, err := json.Marshal(run)
	require.NoError(t, err)
	assert.JSONEq(t, in, string(out))
}

// Results speak their own vocabulary, not that of assertion definitions:
// the reference's detail sample reads as the Result constants, and words
// this package does not know still decode.
func TestResultVocabulary(t *testing.T) {
	run := testRoundTrip[*TestRun](t, goldenData(t, "results_get.json"))
	a := run.Requests[1].Assertions
	assert.Equal(t, ResultSourceStatusCode, a[0].Source)
	assert.Equal(t, ResultComparisonEqualsNumber, a[0].Comparison)
	assert.Equal(t, ResultSourceResponseTimeMs, a[1].Source)
	assert.Equal(t, ResultComparisonLessThan, a[1].Comparison)
	assert.Equal(t, ResultSourceJSON, a[2].Source)
	assert.Equal(t, ResultSourceJSON, run.Requests[1].Variables[0].Source)

	var r AssertionResult
	require.NoError(t, json.Unmarshal([]byte(`{"source":"graphql","comparison":"matches"}`), &r))
	assert.Equal(t, ResultSource("graphql"), r.Source)
	assert.Equal(t, ResultComparison("matches"), r.Comparison)
}
