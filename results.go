package runscope

import (
	"bytes"
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
	"time"
	"unicode/utf8"

	"github.com/go-runscope/runscope/internal/wire"
	"github.com/google/go-querystring/query"
)

// ResultsService reads the runs of a test and waits for them to finish
// ([ResultsService.Wait], [ResultsService.WaitAll]).
type ResultsService service

// Wait and WaitAll, which poll runs until they end, are in wait.go.

// RunResult is the state or outcome of a test run, or of one request in it.
type RunResult string

// Run results. A run is queued, then working, then ends as pass, fail or
// canceled.
const (
	ResultPass     RunResult = "pass"
	ResultFail     RunResult = "fail"
	ResultWorking  RunResult = "working"
	ResultQueued   RunResult = "queued"
	ResultCanceled RunResult = "canceled"
)

// Done reports whether r is final: anything but queued, working, the
// "init" a trigger reports, or empty. A result this package does not know
// counts as final, so waiting on it ends.
func (r RunResult) Done() bool {
	switch r {
	case "", ResultQueued, ResultWorking, "init":
		return false
	}
	return true
}

// TestRun is one run of a test: its outcome, counts of what passed and
// failed, and, in the detail view, one [RequestResult] per step.
type TestRun struct {
	TestRunID      string    `json:"test_run_id,omitzero"`
	TestRunURL     string    `json:"test_run_url,omitzero"`
	TestID         string    `json:"test_id,omitzero"`
	ParentTestUUID string    `json:"parent_test_uuid,omitzero"`
	BucketKey      string    `json:"bucket_key,omitzero"`
	Result         RunResult `json:"result,omitzero"`
	// StartedAt and FinishedAt keep the API's sub-second precision.
	StartedAt  Timestamp `json:"started_at,omitzero"`
	FinishedAt Timestamp `json:"finished_at,omitzero"`
	// Region is the code of the region the run executed in; empty when an
	// agent ran it.
	Region string `json:"region,omitzero"`
	// Agent is the ID of the agent that ran it; empty for a region.
	Agent string `json:"agent,omitzero"`
	// AgentExpired marks a run that failed because its remote agent stopped
	// reporting.
	AgentExpired     bool   `json:"agent_expired,omitzero"`
	EnvironmentID    string `json:"environment_id,omitzero"`
	EnvironmentName  string `json:"environment_name,omitzero"`
	RunBy            string `json:"run_by,omitzero"`
	Source           string `json:"source,omitzero"`
	RequestsExecuted int    `json:"requests_executed,omitzero"`

	RunCounts

	SubtestsCount  int `json:"subtests_count,omitzero"`
	SubtestsPassed int `json:"subtests_passed,omitzero"`
	SubtestsFailed int `json:"subtests_failed,omitzero"`
	// SubtestsOthers counts subtests that ended neither passed nor failed.
	SubtestsOthers int            `json:"subtests_others,omitzero"`
	SubtestDetail  *SubtestDetail `json:"subtest_detail,omitzero"`

	// Requests holds one result per step; only the detail view has it.
	Requests []*RequestResult `json:"requests,omitzero"`

	_ wire.Extra
}

// RunCounts count the assertions, variables and scripts of a run, or of one
// request in it: how many the steps define, and how many of those passed
// and failed. [TestRun] and [RequestResult] embed it, so its fields read as
// theirs (run.AssertionsFailed) and are members of their JSON objects.
type RunCounts struct {
	AssertionsDefined int `json:"assertions_defined,omitzero"`
	AssertionsPassed  int `json:"assertions_passed,omitzero"`
	AssertionsFailed  int `json:"assertions_failed,omitzero"`
	VariablesDefined  int `json:"variables_defined,omitzero"`
	VariablesPassed   int `json:"variables_passed,omitzero"`
	VariablesFailed   int `json:"variables_failed,omitzero"`
	ScriptsDefined    int `json:"scripts_defined,omitzero"`
	ScriptsPassed     int `json:"scripts_passed,omitzero"`
	ScriptsFailed     int `json:"scripts_failed,omitzero"`
}

// SubtestDetail describes the subtest run of a parent test's run.
type SubtestDetail struct {
	Name        string    `json:"name,omitzero"`
	Note        string    `json:"note,omitzero"`
	Result      RunResult `json:"result,omitzero"`
	TestUUID    string    `json:"test_uuid,omitzero"`
	TestRunUUID string    `json:"test_run_uuid,omitzero"`
	TestRunURL  string    `json:"test_run_url,omitzero"`
	StartedAt   Timestamp `json:"started_at,omitzero"`
	FinishedAt  Timestamp `json:"finished_at,omitzero"`

	_ wire.Extra
}

// RequestResult is the outcome of one step of a run. Steps that send no
// request (pauses, conditions) have only UUID.
type RequestResult struct {
	// UUID identifies the step; pass it to [ResultsService.Step] for the
	// full request and response.
	UUID   string    `json:"uuid,omitzero"`
	URL    string    `json:"url,omitzero"`
	Method string    `json:"method,omitzero"`
	Result RunResult `json:"result,omitzero"`

	Assertions []*AssertionResult `json:"assertions,omitzero"`
	Variables  []*VariableResult  `json:"variables,omitzero"`
	Scripts    []*ScriptResult    `json:"scripts,omitzero"`

	RunCounts

	Timings *Timings `json:"timings,omitzero"`

	_ wire.Extra
}

// ResultSource is what an assertion or a variable read, in the words of
// results. They differ from those of the definitions ([AssertionSource],
// [VariableSource]): an assertion defined on response_status reports
// status_code. Words this package does not know decode as they are.
type ResultSource string

// Result sources, as the reference shows them in results.
const (
	ResultSourceStatusCode     ResultSource = "status_code"         // the HTTP status code (response_status in definitions)
	ResultSourceJSON           ResultSource = "json"                // the body as JSON (response_json)
	ResultSourceXML            ResultSource = "xml"                 // the body as XML (response_xml)
	ResultSourceHeaders        ResultSource = "response_headers"    // a header (response_headers)
	ResultSourceResponseSize   ResultSource = "response_size_bytes" // the body size in bytes (response_size)
	ResultSourceResponseTimeMs ResultSource = "response_time_ms"    // the response time in milliseconds (response_time)
)

// ResultComparison is how an assertion compared, in the words of results.
// They differ from those of the definitions ([Comparison]): an assertion
// defined with equal_number reports equals_number. Words this package does
// not know decode as they are.
type ResultComparison string

// Result comparisons, as the reference shows them in results.
const (
	ResultComparisonEqualsNumber ResultComparison = "equals_number" // equal_number in definitions
	ResultComparisonLessThan     ResultComparison = "less_than"     // is_less_than in definitions
)

// AssertionResult is how one assertion fared in a run. Source and
// Comparison are in the vocabulary of results ([ResultSource],
// [ResultComparison]), not that of the [Assertion] it checks. TargetValue
// and ActualValue keep the JSON kind the API sent: a string, or a
// json.Number.
type AssertionResult struct {
	Result      RunResult        `json:"result,omitzero"`
	Source      ResultSource     `json:"source,omitzero"`
	Property    string           `json:"property,omitzero"`
	Comparison  ResultComparison `json:"comparison,omitzero"`
	TargetValue any              `json:"target_value,omitzero"`
	ActualValue any              `json:"actual_value,omitzero"`
	// Error describes why the assertion failed; empty when it passed.
	Error string `json:"error,omitzero"`

	_ wire.Extra
}

// VariableResult is how extracting one variable fared in a run. Source is
// in the vocabulary of results ([ResultSource]). Value keeps the JSON kind
// the API sent.
type VariableResult struct {
	Result   RunResult    `json:"result,omitzero"`
	Source   ResultSource `json:"source,omitzero"`
	Property string       `json:"property,omitzero"`
	Name     string       `json:"name,omitzero"`
	Value    any          `json:"value,omitzero"`
	Error    string       `json:"error,omitzero"`

	_ wire.Extra
}

// ScriptResult is how one script fared in a run.
type ScriptResult struct {
	Result RunResult `json:"result,omitzero"`
	Output string    `json:"output,omitzero"`
	Error  string    `json:"error,omitzero"`

	_ wire.Extra
}

// Timings break the time of one request down, in milliseconds.
type Timings struct {
	DNSLookupMs       float64 `json:"dns_lookup_ms,omitzero"`
	DialMs            float64 `json:"dial_ms,omitzero"`
	SendHeadersMs     float64 `json:"send_headers_ms,omitzero"`
	SendBodyMs        float64 `json:"send_body_ms,omitzero"`
	WaitForResponseMs float64 `json:"wait_for_response_ms,omitzero"`
	ReceiveResponseMs float64 `json:"receive_response_ms,omitzero"`

	_ wire.Extra
}

const resultsPath = "buckets/{bucketKey}/tests/{testID}/results"

// maxResultsCount is the most runs the API returns in one page.
const maxResultsCount = 50

// ResultListOptions select the runs [ResultsService.List] returns. The
// zero value asks for the API's default: the 10 newest runs.
type ResultListOptions struct {
	// Count is the number of runs to return, at most 50; 0 leaves it to
	// the API (10).
	Count int `url:"count,omitempty"`
	// Since and Before keep only runs started strictly after Since and
	// strictly before Before; zero times are not sent. They travel as epoch
	// seconds with their sub-second digits, so a run's StartedAt works as a
	// cursor.
	Since  time.Time `url:"-"`
	Before time.Time `url:"-"`
	// Subtests asks for the subtest counts and detail of each run.
	Subtests bool `url:"subtests,omitempty"`
}

// resultsQuery is the query of ResultListOptions: its times as the
// [Timestamp]s the API reads, epoch seconds with a fraction.
type resultsQuery struct {
	ResultListOptions
	Since  Timestamp `url:"since,omitempty"`
	Before Timestamp `url:"before,omitempty"`
}

func (o *ResultListOptions) query() (url.Values, error) {
	if o == nil {
		return nil, nil
	}
	if o.Count < 0 || o.Count > maxResultsCount {
		return nil, argErr("opts.Count", "is %d; it must be 0 to %d", o.Count, maxResultsCount)
	}
	return query.Values(resultsQuery{ResultListOptions: *o, Since: Timestamp{Time: o.Since}, Before: Timestamp{Time: o.Before}})
}

// List returns one page of a test's runs, newest first, including runs
// still queued or working. The list view has no per-step Requests; use
// [ResultsService.Get] for those.
//
// GET /buckets/{bucketKey}/tests/{testID}/results
func (s *ResultsService) List(ctx context.Context, bucketKey, testID string, opts *ResultListOptions) ([]*TestRun, *Response, error) {
	return callList[*TestRun](ctx, s.client, http.MethodGet, at(resultsPath, bucketKey, testID), opts, nil)
}

// All returns every run of a test, newest first, fetching pages of
// opts.Count runs (50 when zero) as the loop asks for more. Each page after
// the first asks for the runs started before the oldest run of the page
// before it. It stops after a short or empty page, after an error (yielded
// once), or when a page would not move that cursor back in time.
//
// Since bounds the walk from below. Runs that started at exactly the same
// instant as the oldest run of a full page are skipped, since the API's
// before is exclusive. opts is copied; the caller's value is not changed.
//
// GET /buckets/{bucketKey}/tests/{testID}/results
func (s *ResultsService) All(ctx context.Context, bucketKey, testID string, opts *ResultListOptions) iter.Seq2[*TestRun, error] {
	base := optionsOf(opts)
	base.Count = cmp.Or(base.Count, maxResultsCount)
	return func(yield func(*TestRun, error) bool) {
		o := base // per walk, so the sequence can be ranged over again
		var prev []*TestRun
		fetch := func(page int) ([]*TestRun, *Response, error) {
			if page > 0 {
				oldest := oldestStart(prev)
				if oldest.IsZero() || !o.Before.IsZero() && !oldest.Before(o.Before) {
					return nil, nil, nil // the cursor would not move: stop
				}
				o.Before = oldest
			}
			runs, resp, err := s.List(ctx, bucketKey, testID, &o)
			prev = runs
			return runs, resp, err
		}
		paged(o.Count, fetch)(yield)
	}
}

// oldestStart returns the earliest StartedAt of runs, ignoring runs that
// have none; zero when no run has one.
func oldestStart(runs []*TestRun) time.Time {
	var oldest time.Time
	for _, r := range runs {
		if r == nil || r.StartedAt.IsZero() {
			continue
		}
		if oldest.IsZero() || r.StartedAt.Before(oldest) {
			oldest = r.StartedAt.Time
		}
	}
	return oldest
}

// Get returns one run of a test in detail, with a [RequestResult] per step.
//
// GET /buckets/{bucketKey}/tests/{testID}/results/{runID}
func (s *ResultsService) Get(ctx context.Context, bucketKey, testID, runID string) (*TestRun, *Response, error) {
	return call[*TestRun](ctx, s.client, http.MethodGet, at(resultsPath+"/{runID}", bucketKey, testID, runID), nil, nil)
}

// Latest returns the most recent run of a test in detail.
//
// GET /buckets/{bucketKey}/tests/{testID}/results/latest
func (s *ResultsService) Latest(ctx context.Context, bucketKey, testID string) (*TestRun, *Response, error) {
	return call[*TestRun](ctx, s.client, http.MethodGet, at(resultsPath+"/latest", bucketKey, testID), nil, nil)
}

// Step returns the HTTP request and response that one request step sent
// and received in a run. stepID is the step's UUID from
// [TestRun.Requests]. Only request steps (and incoming request steps) have
// one; pauses, conditions and Ghost Inspector steps do not.
//
// GET /buckets/{bucketKey}/tests/{testID}/results/{runID}/steps/{stepID}
func (s *ResultsService) Step(ctx context.Context, bucketKey, testID, runID, stepID string) (*StepResult, *Response, error) {
	return call[*StepResult](ctx, s.client, http.MethodGet, at(resultsPath+"/{runID}/steps/{stepID}", bucketKey, testID, runID, stepID), nil, nil)
}

// StepResult is the HTTP exchange of one request step in a run.
type StepResult struct {
	BucketKey string `json:"bucket_key,omitzero"`
	// UUID identifies the request and response pair.
	UUID     string          `json:"uuid,omitzero"`
	Request  *RequestDetail  `json:"request,omitzero"`
	Response *ResponseDetail `json:"response,omitzero"`

	_ wire.Extra
}

// The values of BodyEncoding.
const (
	BodyPlaintext = "plaintext"
	BodyBase64    = "base64"
)

// RequestDetail is the HTTP request a step sent.
type RequestDetail struct {
	// Body holds the bytes of the body, whether the API sent them as text
	// or base64 (binary content); BodyEncoding says which. See [BodyBytes].
	Body         BodyBytes `json:"body,omitzero"`
	BodyEncoding string    `json:"body_encoding,omitzero"`
	Headers      Header    `json:"headers,omitzero"`
	Host         string    `json:"host,omitzero"`
	Method       string    `json:"method,omitzero"`
	// Params are the query string parameters.
	Params    Header    `json:"params,omitzero"`
	Path      string    `json:"path,omitzero"`
	Scheme    string    `json:"scheme,omitzero"`
	Timestamp Timestamp `json:"timestamp,omitzero"`

	_         wire.Extra
	undecoded bool // BodyEncoding is base64 but Body is the text received, not valid base64
}

// ResponseDetail is the HTTP response a step received.
type ResponseDetail struct {
	// Body holds the bytes of the body, whether the API sent them as text
	// or base64 (binary content); BodyEncoding says which. See [BodyBytes].
	Body         BodyBytes `json:"body,omitzero"`
	BodyEncoding string    `json:"body_encoding,omitzero"`
	Headers      Header    `json:"headers,omitzero"`
	// Reason is the status text, such as "OK".
	Reason    string    `json:"reason,omitzero"`
	SizeBytes int       `json:"size_bytes,omitzero"`
	Status    int       `json:"status,omitzero"`
	Timestamp Timestamp `json:"timestamp,omitzero"`

	_         wire.Extra
	undecoded bool // as in RequestDetail
}

func init() {
	// Body and BodyEncoding depend on each other on the wire; the hooks run
	// wherever wire meets a detail, nested in a StepResult or not.
	wire.RegisterHooks(
		func(d *RequestDetail) { d.undecoded = d.Body.decode(d.BodyEncoding) },
		func(d *RequestDetail) { d.Body, d.BodyEncoding = d.Body.encode(d.BodyEncoding, d.undecoded) })
	wire.RegisterHooks(
		func(d *ResponseDetail) { d.undecoded = d.Body.decode(d.BodyEncoding) },
		func(d *ResponseDetail) { d.Body, d.BodyEncoding = d.Body.encode(d.BodyEncoding, d.undecoded) })
}

// BodyBytes is a recorded HTTP body: the bytes themselves, whichever way
// they travelled. The API sends a body as a JSON string, either the text
// itself (body_encoding "plaintext") or base64 (body_encoding "base64",
// for binary content); [RequestDetail] and [ResponseDetail] decode it to
// the bytes and encode it back the same way.
//
// Bytes set in Go that are not valid UTF-8 cannot travel as plaintext, so
// they are encoded as base64 with body_encoding "base64" rather than
// mangled. A body the API labels base64 but that is not valid base64 is
// kept as the text received and sent back as such.
type BodyBytes []byte

// UnmarshalJSON reads the JSON string as text; base64 is decoded by the
// detail that knows the encoding.
func (b *BodyBytes) UnmarshalJSON(data []byte) error {
	var s *string
	if err := json.Unmarshal(data, &s); err != nil {
		return err
	}
	if s == nil {
		*b = nil
		return nil
	}
	*b = BodyBytes(*s)
	return nil
}

// MarshalJSON writes the bytes as a JSON string, as they are.
func (b BodyBytes) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // HTML and XML bodies stay readable
	if err := enc.Encode(string(b)); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// decode replaces base64 text with the bytes it encodes. It reports a body
// that says base64 but is not, which is then left as it is.
func (b *BodyBytes) decode(encoding string) (undecoded bool) {
	if encoding != BodyBase64 || len(*b) == 0 {
		return false
	}
	out, err := base64.StdEncoding.AppendDecode(make([]byte, 0, base64.StdEncoding.DecodedLen(len(*b))), *b)
	if err != nil {
		return true
	}
	*b = out
	return false
}

// encode returns the text and the encoding a body travels with: base64 when
// encoding says so or when the bytes are not valid UTF-8 text.
func (b BodyBytes) encode(encoding string, undecoded bool) (BodyBytes, string) {
	switch {
	case encoding == BodyBase64 && undecoded:
	case encoding == BodyBase64 || !utf8.Valid(b):
		return base64.StdEncoding.AppendEncode(nil, b), BodyBase64
	}
	return b, encoding
}
