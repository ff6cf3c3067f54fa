package runscope

import "github.com/go-runscope/runscope/internal/wire"

// ResultsService reads the runs of a test and waits for them to finish.
type ResultsService service

// MetricsService reads the response-time and success metrics of a test.
type MetricsService service

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

	AssertionsDefined int `json:"assertions_defined,omitzero"`
	AssertionsPassed  int `json:"assertions_passed,omitzero"`
	AssertionsFailed  int `json:"assertions_failed,omitzero"`
	VariablesDefined  int `json:"variables_defined,omitzero"`
	VariablesPassed   int `json:"variables_passed,omitzero"`
	VariablesFailed   int `json:"variables_failed,omitzero"`
	ScriptsDefined    int `json:"scripts_defined,omitzero"`
	ScriptsPassed     int `json:"scripts_passed,omitzero"`
	ScriptsFailed     int `json:"scripts_failed,omitzero"`

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

func (r *TestRun) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }
func (r TestRun) MarshalJSON() ([]byte, error)  { return wire.Marshal(&r) }

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

func (d *SubtestDetail) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, d) }
func (d SubtestDetail) MarshalJSON() ([]byte, error)  { return wire.Marshal(&d) }

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

	AssertionsDefined int `json:"assertions_defined,omitzero"`
	AssertionsPassed  int `json:"assertions_passed,omitzero"`
	AssertionsFailed  int `json:"assertions_failed,omitzero"`
	VariablesDefined  int `json:"variables_defined,omitzero"`
	VariablesPassed   int `json:"variables_passed,omitzero"`
	VariablesFailed   int `json:"variables_failed,omitzero"`
	ScriptsDefined    int `json:"scripts_defined,omitzero"`
	ScriptsPassed     int `json:"scripts_passed,omitzero"`
	ScriptsFailed     int `json:"scripts_failed,omitzero"`

	Timings *Timings `json:"timings,omitzero"`

	_ wire.Extra
}

func (r *RequestResult) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }
func (r RequestResult) MarshalJSON() ([]byte, error)  { return wire.Marshal(&r) }

// AssertionResult is how one assertion fared in a run. TargetValue and
// ActualValue keep the JSON kind the API sent: a string, or a json.Number.
type AssertionResult struct {
	Result      RunResult `json:"result,omitzero"`
	Source      string    `json:"source,omitzero"`
	Property    string    `json:"property,omitzero"`
	Comparison  string    `json:"comparison,omitzero"`
	TargetValue any       `json:"target_value,omitzero"`
	ActualValue any       `json:"actual_value,omitzero"`
	// Error describes why the assertion failed; empty when it passed.
	Error string `json:"error,omitzero"`

	_ wire.Extra
}

func (r *AssertionResult) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }
func (r AssertionResult) MarshalJSON() ([]byte, error)  { return wire.Marshal(&r) }

// VariableResult is how extracting one variable fared in a run. Value keeps
// the JSON kind the API sent.
type VariableResult struct {
	Result   RunResult `json:"result,omitzero"`
	Source   string    `json:"source,omitzero"`
	Property string    `json:"property,omitzero"`
	Name     string    `json:"name,omitzero"`
	Value    any       `json:"value,omitzero"`
	Error    string    `json:"error,omitzero"`

	_ wire.Extra
}

func (r *VariableResult) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }
func (r VariableResult) MarshalJSON() ([]byte, error)  { return wire.Marshal(&r) }

// ScriptResult is how one script fared in a run.
type ScriptResult struct {
	Result RunResult `json:"result,omitzero"`
	Output string    `json:"output,omitzero"`
	Error  string    `json:"error,omitzero"`

	_ wire.Extra
}

func (r *ScriptResult) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }
func (r ScriptResult) MarshalJSON() ([]byte, error)  { return wire.Marshal(&r) }

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

func (t *Timings) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, t) }
func (t Timings) MarshalJSON() ([]byte, error)  { return wire.Marshal(&t) }
