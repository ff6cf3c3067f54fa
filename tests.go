package runscope

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"

	"github.com/go-runscope/runscope/internal/wire"
	"github.com/google/go-querystring/query"
)

// TestsService manages the API tests of a bucket and starts their runs.
type TestsService service

// Test is an API test: its steps, the environments and schedules it runs
// with, and the trigger URL that starts it. A Test read from the API, or
// from a Runscope export file with json.Unmarshal, keeps every member it
// had, including those this package does not model, and sends them all
// back when passed to [TestsService.Create].
//
// The API sends two views of a test. [TestsService.Get] returns the
// detail, with every field below. [TestsService.List] and
// [TestsService.All] return summaries, which lack TriggerURL, Steps,
// Environments and Schedules (those stay empty) and add StepCount and
// LastRunCreatedAt: get a test before triggering it or reading its steps.
type Test struct {
	ID          string    `json:"id,omitzero"`
	Name        string    `json:"name,omitzero"`
	Description string    `json:"description,omitzero"`
	CreatedAt   Timestamp `json:"created_at,omitzero"`
	CreatedBy   *User     `json:"created_by,omitzero"`
	// DefaultEnvironmentID is the environment runs use unless a trigger or
	// schedule names another.
	DefaultEnvironmentID string `json:"default_environment_id,omitzero"`
	// Environments are the test's own environments, Schedules its
	// schedules and Steps its steps, in order: the detail view only.
	Environments []*Environment `json:"environments,omitzero"`
	Schedules    []*Schedule    `json:"schedules,omitzero"`
	Steps        []Step         `json:"steps,omitzero"`
	// TriggerURL starts a run without a token; pass it to
	// [TestsService.Trigger]. The detail view only: a list entry has none.
	TriggerURL string `json:"trigger_url,omitzero"`
	// LastRun summarizes the test's most recent run; nil before the first.
	LastRun *LastRun `json:"last_run,omitzero"`
	// StepCount and LastRunCreatedAt come in list entries only: the number
	// of steps, and when the last run was created.
	StepCount        int       `json:"step_count,omitzero"`
	LastRunCreatedAt Timestamp `json:"last_run_created_at,omitzero"`

	_ wire.Extra
}

// RunStatus is how a run ended, as [LastRun] reports it: whether the run
// completed, not whether it passed (see [LastRun.Passed]). Statuses this
// package does not know decode as they are.
type RunStatus string

// Run statuses.
const (
	RunStatusCompleted RunStatus = "completed" // every step ran; the counts say how they fared
	RunStatusError     RunStatus = "error"     // the run could not complete
	RunStatusExpired   RunStatus = "expired"   // the run did not finish in time, as when its remote agent stopped reporting
	RunStatusCanceled  RunStatus = "canceled"  // someone canceled the run
)

// LastRun summarizes the most recent run of a test, as tests and test lists
// embed it, so a dashboard or a gate can show how each test last fared
// without reading its results. It is not a [TestRun]: it counts the checks
// the run made and those that succeeded (a TestRun counts those that
// passed and failed), and Status says how the run ended, not whether it
// passed, which [LastRun.Passed] works out. Read the run in detail with
// [ResultsService.Get] and its ID.
type LastRun struct {
	ID string `json:"id,omitzero"`
	// UUID is the same identifier as ID.
	UUID            string `json:"uuid,omitzero"`
	TestUUID        string `json:"test_uuid,omitzero"`
	BucketKey       string `json:"bucket_key,omitzero"`
	EnvironmentUUID string `json:"environment_uuid,omitzero"`
	EnvironmentName string `json:"environment_name,omitzero"`
	// Region is the code of the region the run executed in; empty when a
	// remote agent ran it.
	Region string `json:"region,omitzero"`
	// Source is how the run started: "scheduled", "trigger_url", "manual"...
	Source     string    `json:"source,omitzero"`
	Status     RunStatus `json:"status,omitzero"`
	CreatedAt  Timestamp `json:"created_at,omitzero"`
	FinishedAt Timestamp `json:"finished_at,omitzero"`
	// The remote agent that ran the test; empty (null) for a region.
	RemoteAgent        string `json:"remote_agent,omitzero"`
	RemoteAgentUUID    string `json:"remote_agent_uuid,omitzero"`
	RemoteAgentName    string `json:"remote_agent_name,omitzero"`
	RemoteAgentVersion string `json:"remote_agent_version,omitzero"`
	// Each count is how many of a kind of check the run made, and its
	// success count how many of them succeeded. Messages are the HTTP
	// requests the steps sent with their responses (Runscope's word for an
	// exchange), extractors the variables read from responses,
	// substitutions the {{variables}} filled in. ErrorCount counts the
	// errors that stopped a step, such as a request that got no response.
	AssertionCount      int `json:"assertion_count,omitzero"`
	AssertionSuccess    int `json:"assertion_success,omitzero"`
	ErrorCount          int `json:"error_count,omitzero"`
	MessageCount        int `json:"message_count,omitzero"`
	MessageSuccess      int `json:"message_success,omitzero"`
	ExtractorCount      int `json:"extractor_count,omitzero"`
	ExtractorSuccess    int `json:"extractor_success,omitzero"`
	SubstitutionCount   int `json:"substitution_count,omitzero"`
	SubstitutionSuccess int `json:"substitution_success,omitzero"`
	ScriptCount         int `json:"script_count,omitzero"`
	ScriptSuccess       int `json:"script_success,omitzero"`
	// Messages are the run's messages as the server wrote them; the API
	// does not document their form.
	Messages []any `json:"messages,omitzero"`
	// TemplateUUIDs identify the environment templates the run's settings
	// were built from.
	TemplateUUIDs []string `json:"template_uuids,omitzero"`

	_ wire.Extra
}

// Passed reports whether the run passed: it completed (its Status is
// [RunStatusCompleted], not error, expired, canceled or a status this
// package does not know), it counted no error, and every request,
// assertion, variable extraction, variable substitution and script it ran
// succeeded (each success count equals its count). A completed run that
// checked nothing passed. A nil LastRun, a test never run, did not.
func (r *LastRun) Passed() bool {
	if r == nil || r.Status != RunStatusCompleted || r.ErrorCount != 0 {
		return false
	}
	return r.MessageSuccess == r.MessageCount &&
		r.AssertionSuccess == r.AssertionCount &&
		r.ExtractorSuccess == r.ExtractorCount &&
		r.SubstitutionSuccess == r.SubstitutionCount &&
		r.ScriptSuccess == r.ScriptCount
}

// TestUpdate changes a test with [TestsService.Update]. Nil fields are
// neither sent nor modified; a pointer to an empty string, new(""), sends
// the empty string and clears the field. Steps replaces all the steps of
// the test: nil leaves them alone, an empty non-nil slice removes them all.
type TestUpdate struct {
	Name                 *string `json:"name,omitzero"`
	Description          *string `json:"description,omitzero"`
	DefaultEnvironmentID *string `json:"default_environment_id,omitzero"`
	Steps                []Step  `json:"steps,omitzero"`
}

// TestListOptions select a page of the tests of a bucket: Count tests
// after skipping Offset. A zero Count takes the API's page of 10 in
// [TestsService.List], and pages of 50 in [TestsService.All].
type TestListOptions struct {
	Count  int `url:"count,omitempty"`
	Offset int `url:"offset,omitempty"`
}

// maxTestsPage is the page size All asks for when the caller names none.
const maxTestsPage = 50

func (o *TestListOptions) query() (url.Values, error) {
	if o == nil {
		return nil, nil
	}
	switch {
	case o.Count < 0:
		return nil, argErr("opts.Count", "must not be negative")
	case o.Offset < 0:
		return nil, argErr("opts.Offset", "must not be negative")
	}
	return query.Values(o)
}

// Revisions is the change history of a test and of its environments.
type Revisions struct {
	TestRevisions []*Revision `json:"test_revisions,omitzero"`
	// EnvRevisions holds the revisions of each environment by its ID.
	EnvRevisions map[string][]*Revision `json:"env_revisions,omitzero"`

	_ wire.Extra
}

// Revision is one saved change of a test or an environment.
type Revision struct {
	UUID      string    `json:"uuid,omitzero"`
	Timestamp Timestamp `json:"timestamp,omitzero"`
	// ItemType is "radar_test" for a test, "environment" for an environment.
	ItemType       string `json:"item_type,omitzero"`
	AuthorUUID     string `json:"author_uuid,omitzero"`
	AuthorName     string `json:"author_name,omitzero"`
	AuthorEmail    string `json:"author_email,omitzero"`
	OrganizationID string `json:"organization_id,omitzero"`
	BucketKey      string `json:"bucket_key,omitzero"`
	// Source is where the change was made, such as "dashboard" or "api".
	Source string `json:"source,omitzero"`

	_ wire.Extra
}

// List returns one page of the tests of a bucket: the API's first 10
// unless opts says otherwise. [TestsService.All] walks every page.
//
// The entries are summaries: they have no TriggerURL, Steps, Environments
// or Schedules, which only [TestsService.Get] returns. Get a test before
// triggering it or reading its steps.
//
// GET /buckets/{bucketKey}/tests
func (s *TestsService) List(ctx context.Context, bucketKey string, opts *TestListOptions) ([]*Test, *Response, error) {
	return callList[*Test](ctx, s.client, http.MethodGet, at("buckets/{bucketKey}/tests", bucketKey), opts, nil)
}

// All yields every test of a bucket, from opts.Offset on, fetching a page
// of opts.Count tests (50 when zero) only when the loop wants more. An
// error is yielded once and ends the sequence. Like [TestsService.List],
// it yields summaries without TriggerURL, Steps, Environments or
// Schedules.
//
// GET /buckets/{bucketKey}/tests
func (s *TestsService) All(ctx context.Context, bucketKey string, opts *TestListOptions) iter.Seq2[*Test, error] {
	o := optionsOf(opts)
	o.Count = cmp.Or(o.Count, maxTestsPage)
	return paged(o.Count, func(page int) ([]*Test, *Response, error) {
		return s.List(ctx, bucketKey, &TestListOptions{Count: o.Count, Offset: o.Offset + page*o.Count})
	})
}

// Get returns a test in detail: with its steps, environments, schedules
// and trigger URL, which list entries lack.
//
// GET /buckets/{bucketKey}/tests/{testID}
func (s *TestsService) Get(ctx context.Context, bucketKey, testID string) (*Test, *Response, error) {
	return call[*Test](ctx, s.client, http.MethodGet, at("buckets/{bucketKey}/tests/{testID}", bucketKey, testID), nil, nil)
}

// Create adds a test to a bucket. A test with only a name and description
// starts with one sample request step.
//
// A full test (an export read with json.Unmarshal, or a test read from
// another bucket) is imported: its steps, its test-specific environments
// and its schedules are created with it, each under a new ID, and the
// references between them (a schedule's environment, the default
// environment) are remapped to the new IDs. Shared environments are not:
// those the test refers to must already exist in the target bucket (create
// them first with [EnvironmentsService.CreateShared]).
//
// POST /buckets/{bucketKey}/tests
func (s *TestsService) Create(ctx context.Context, bucketKey string, test *Test) (*Test, *Response, error) {
	if err := checkTest("test", test); err != nil {
		return nil, nil, err
	}
	return call[*Test](ctx, s.client, http.MethodPost, at("buckets/{bucketKey}/tests", bucketKey), nil, test)
}

// CreateMany adds several tests to a bucket in one request, each as
// [TestsService.Create] would.
//
// POST /buckets/{bucketKey}/tests
func (s *TestsService) CreateMany(ctx context.Context, bucketKey string, tests []*Test) ([]*Test, *Response, error) {
	if len(tests) == 0 {
		return nil, nil, argErr("tests", "must not be empty")
	}
	for i, test := range tests {
		if err := checkTest(fmt.Sprintf("tests[%d]", i), test); err != nil {
			return nil, nil, err
		}
	}
	return callList[*Test](ctx, s.client, http.MethodPost, at("buckets/{bucketKey}/tests", bucketKey), nil, tests)
}

// Update changes the name, description, default environment or steps of a
// test, as far as update sets them. The API keeps what is not sent: a nil
// field of update leaves that member as it is. To clear one, send it
// empty: Description: new(""). Environments and schedules have their own
// services.
//
// PUT /buckets/{bucketKey}/tests/{testID}
func (s *TestsService) Update(ctx context.Context, bucketKey, testID string, update *TestUpdate) (*Test, *Response, error) {
	if update == nil {
		return nil, nil, argErr("update", "must not be nil")
	}
	if err := checkSteps("update.Steps", update.Steps, 0); err != nil {
		return nil, nil, err
	}
	return call[*Test](ctx, s.client, http.MethodPut, at("buckets/{bucketKey}/tests/{testID}", bucketKey, testID), nil, update)
}

// Delete removes a test with its steps, schedules, test-specific
// environments and results.
//
// DELETE /buckets/{bucketKey}/tests/{testID}
func (s *TestsService) Delete(ctx context.Context, bucketKey, testID string) (*Response, error) {
	return callNoData(ctx, s.client, http.MethodDelete, at("buckets/{bucketKey}/tests/{testID}", bucketKey, testID), nil, nil)
}

// Revisions returns the change history of a test and of its environments.
//
// GET /buckets/{bucketKey}/tests/{testID}/revisions
func (s *TestsService) Revisions(ctx context.Context, bucketKey, testID string) (*Revisions, *Response, error) {
	return call[*Revisions](ctx, s.client, http.MethodGet, at("buckets/{bucketKey}/tests/{testID}/revisions", bucketKey, testID), nil, nil)
}

// Trigger starts runs of the test behind trigger: a test's trigger ID, or
// its full trigger URL (https://api.runscope.com/radar/<id>/trigger). The
// request goes to the client's base URL whatever host a URL names, and
// needs no token. Runscope allows 10 triggers per 10 seconds and answers
// 429 past that; the client retries those.
//
// GET /radar/{trigger}/trigger
func (s *TestsService) Trigger(ctx context.Context, trigger string, opts *TriggerOptions) (*TriggerResult, *Response, error) {
	return s.client.trigger(ctx, trigger, false, opts)
}

// TriggerBatch starts one run per element of runs (at most 50) in one
// request, each with its own environment and variables.
//
// POST /radar/{trigger}/batch
func (s *TestsService) TriggerBatch(ctx context.Context, trigger string, runs []TriggerOptions) (*TriggerResult, *Response, error) {
	id, err := triggerID(trigger, false)
	if err != nil {
		return nil, nil, err
	}
	body, err := batchBody(runs)
	if err != nil {
		return nil, nil, err
	}
	return call[*TriggerResult](ctx, s.client, http.MethodPost, at("radar/{trigger}/batch", id), nil, body)
}

// checkTest validates a test about to be created.
func checkTest(arg string, test *Test) error {
	if test == nil {
		return argErr(arg, "must not be nil")
	}
	return checkSteps(arg+".Steps", test.Steps, 0)
}
