package runscope

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"

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
type Test struct {
	ID          string    `json:"id,omitzero"`
	Name        string    `json:"name,omitzero"`
	Description string    `json:"description,omitzero"`
	CreatedAt   Timestamp `json:"created_at,omitzero"`
	CreatedBy   *User     `json:"created_by,omitzero"`
	// DefaultEnvironmentID is the environment runs use unless a trigger or
	// schedule names another.
	DefaultEnvironmentID string         `json:"default_environment_id,omitzero"`
	Environments         []*Environment `json:"environments,omitzero"`
	Schedules            []*Schedule    `json:"schedules,omitzero"`
	Steps                []Step         `json:"steps,omitzero"`
	// TriggerURL starts a run without a token; pass it to
	// [TestsService.Trigger].
	TriggerURL string `json:"trigger_url,omitzero"`
	// LastRun is the test's most recent run; nil before the first.
	LastRun *TestRun `json:"last_run,omitzero"`

	_ wire.Extra
}

// UnmarshalJSON implements json.Unmarshaler. Members this package does not
// model are kept, and MarshalJSON writes them back.
func (t *Test) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, t) }

// MarshalJSON implements json.Marshaler, writing back the members
// UnmarshalJSON kept along with the fields.
func (t Test) MarshalJSON() ([]byte, error) { return wire.Marshal(&t) }

// TestUpdate changes a test with [TestsService.Update]. Nil fields are
// neither sent nor modified. Steps replaces all the steps of the test: nil
// leaves them alone, an empty non-nil slice removes them all.
type TestUpdate struct {
	Name                 *string `json:"name,omitzero"`
	Description          *string `json:"description,omitzero"`
	DefaultEnvironmentID *string `json:"default_environment_id,omitzero"`
	Steps                []Step  `json:"steps,omitzero"`
}

// TestListOptions pages through the tests of a bucket: Count tests (the
// API's default is 10) after skipping Offset.
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

// UnmarshalJSON implements json.Unmarshaler. Members this package does not
// model are kept, and MarshalJSON writes them back.
func (r *Revisions) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

// MarshalJSON implements json.Marshaler, writing back the members
// UnmarshalJSON kept along with the fields.
func (r Revisions) MarshalJSON() ([]byte, error) { return wire.Marshal(&r) }

// UnmarshalJSON implements json.Unmarshaler. Members this package does not
// model are kept, and MarshalJSON writes them back.
func (r *Revision) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

// MarshalJSON implements json.Marshaler, writing back the members
// UnmarshalJSON kept along with the fields.
func (r Revision) MarshalJSON() ([]byte, error) { return wire.Marshal(&r) }

// List returns one page of the tests of a bucket: the API's first 10
// unless opts says otherwise. [TestsService.All] walks every page.
func (s *TestsService) List(ctx context.Context, bucketKey string, opts *TestListOptions) ([]*Test, *Response, error) {
	q, err := opts.query()
	if err != nil {
		return nil, nil, err
	}
	return callList[*Test](ctx, s.client, http.MethodGet, at("buckets/{bucketKey}/tests", bucketKey), q, nil)
}

// All yields every test of a bucket, from opts.Offset on, fetching a page
// of opts.Count tests (50 when zero) only when the loop wants more. An
// error is yielded once and ends the sequence.
func (s *TestsService) All(ctx context.Context, bucketKey string, opts *TestListOptions) iter.Seq2[*Test, error] {
	var o TestListOptions
	if opts != nil {
		o = *opts
	}
	if o.Count == 0 {
		o.Count = maxTestsPage
	}
	return paged(o.Count, func(page int) ([]*Test, error) {
		p := TestListOptions{Count: o.Count, Offset: o.Offset + page*o.Count}
		tests, _, err := s.List(ctx, bucketKey, &p)
		return tests, err
	})
}

// Get returns a test with its steps, environments and schedules.
func (s *TestsService) Get(ctx context.Context, bucketKey, testID string) (*Test, *Response, error) {
	return call[*Test](ctx, s.client, http.MethodGet, at("buckets/{bucketKey}/tests/{testID}", bucketKey, testID), nil, nil)
}

// Create adds a test to a bucket. A test with only a name and description
// starts with one sample step; a full test, steps and environments
// included (an export read with json.Unmarshal, say), is imported as it is.
func (s *TestsService) Create(ctx context.Context, bucketKey string, test *Test) (*Test, *Response, error) {
	if err := checkTest("test", test); err != nil {
		return nil, nil, err
	}
	return call[*Test](ctx, s.client, http.MethodPost, at("buckets/{bucketKey}/tests", bucketKey), nil, test)
}

// CreateMany adds several tests to a bucket in one request.
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
// test, as far as update sets them. Environments and schedules have their own
// services.
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
func (s *TestsService) Delete(ctx context.Context, bucketKey, testID string) (*Response, error) {
	return callNoData(ctx, s.client, http.MethodDelete, at("buckets/{bucketKey}/tests/{testID}", bucketKey, testID), nil, nil)
}

// Revisions returns the change history of a test and of its environments.
func (s *TestsService) Revisions(ctx context.Context, bucketKey, testID string) (*Revisions, *Response, error) {
	return call[*Revisions](ctx, s.client, http.MethodGet, at("buckets/{bucketKey}/tests/{testID}/revisions", bucketKey, testID), nil, nil)
}

// checkTest validates a test about to be created.
func checkTest(arg string, test *Test) error {
	if test == nil {
		return argErr(arg, "must not be nil")
	}
	return checkSteps(arg+".Steps", test.Steps, 0)
}

// TriggerOptions customize the runs a trigger starts. The zero value runs
// with the test's default environment in its environment's regions.
type TriggerOptions struct {
	// EnvironmentID runs with this environment (runscope_environment).
	EnvironmentID string `url:"runscope_environment,omitempty"`
	// Regions run the test once per region code (runscope_region).
	Regions []string `url:"runscope_region,omitempty"`
	// AgentID runs on this remote agent (runscope_agent).
	AgentID string `url:"runscope_agent,omitempty"`
	// NotificationURL receives the results when the runs finish
	// (runscope_notification_url).
	NotificationURL string `url:"runscope_notification_url,omitempty"`
	// Variables are initial variables, overriding the environment's, each
	// sent as a parameter of its own name. Names starting with "runscope_"
	// are reserved for the options above.
	Variables map[string]string `url:"-"`
}

// TriggerResult reports the runs a trigger started.
type TriggerResult struct {
	Runs        []*TriggeredRun `json:"runs,omitzero"`
	RunsStarted int             `json:"runs_started,omitzero"`
	RunsFailed  int             `json:"runs_failed,omitzero"`
	RunsTotal   int             `json:"runs_total,omitzero"`

	_ wire.Extra
}

// UnmarshalJSON implements json.Unmarshaler. Members this package does not
// model are kept, and MarshalJSON writes them back.
func (r *TriggerResult) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

// MarshalJSON implements json.Marshaler, writing back the members
// UnmarshalJSON kept along with the fields.
func (r TriggerResult) MarshalJSON() ([]byte, error) { return wire.Marshal(&r) }

// TriggeredRun is one run a trigger started. Follow it with
// [ResultsService.Wait] using BucketKey, TestID and TestRunID.
type TriggeredRun struct {
	TestRunID       string            `json:"test_run_id,omitzero"`
	TestRunURL      string            `json:"test_run_url,omitzero"`
	TestID          string            `json:"test_id,omitzero"`
	TestName        string            `json:"test_name,omitzero"`
	TestURL         string            `json:"test_url,omitzero"`
	BucketKey       string            `json:"bucket_key,omitzero"`
	EnvironmentID   string            `json:"environment_id,omitzero"`
	EnvironmentName string            `json:"environment_name,omitzero"`
	Region          string            `json:"region,omitzero"`
	Agent           string            `json:"agent,omitzero"`
	Status          RunResult         `json:"status,omitzero"`
	URL             string            `json:"url,omitzero"`
	Variables       map[string]string `json:"variables,omitzero"`

	_ wire.Extra
}

// UnmarshalJSON implements json.Unmarshaler. Members this package does not
// model are kept, and MarshalJSON writes them back.
func (r *TriggeredRun) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

// MarshalJSON implements json.Marshaler, writing back the members
// UnmarshalJSON kept along with the fields.
func (r TriggeredRun) MarshalJSON() ([]byte, error) { return wire.Marshal(&r) }

// maxBatchRuns is the API's limit on the runs of one batch trigger.
const maxBatchRuns = 50

// Trigger starts runs of the test behind trigger: a test's trigger ID, or
// its full trigger URL (https://api.runscope.com/radar/<id>/trigger). The
// request goes to the client's base URL whatever host a URL names, and
// needs no token. Runscope allows 10 triggers per 10 seconds and answers
// 429 past that; the client retries those.
func (s *TestsService) Trigger(ctx context.Context, trigger string, opts *TriggerOptions) (*TriggerResult, *Response, error) {
	return s.client.trigger(ctx, trigger, false, opts)
}

// TriggerBatch starts one run per element of runs (at most 50) in one
// request, each with its own environment and variables.
func (s *TestsService) TriggerBatch(ctx context.Context, trigger string, runs []TriggerOptions) (*TriggerResult, *Response, error) {
	id, err := triggerID(trigger, false)
	if err != nil {
		return nil, nil, err
	}
	switch {
	case len(runs) == 0:
		return nil, nil, argErr("runs", "must not be empty")
	case len(runs) > maxBatchRuns:
		return nil, nil, argErr("runs", "has %d runs; a batch takes at most %d", len(runs), maxBatchRuns)
	}
	body := make([]map[string]any, len(runs))
	for i := range runs {
		if body[i], err = runs[i].batchMember(fmt.Sprintf("runs[%d]", i)); err != nil {
			return nil, nil, err
		}
	}
	return call[*TriggerResult](ctx, s.client, http.MethodPost, at("radar/{trigger}/batch", id), nil, body)
}

// trigger sends a trigger GET for a test or, with bucket set, for every
// test of a bucket.
func (c *Client) trigger(ctx context.Context, trigger string, bucket bool, opts *TriggerOptions) (*TriggerResult, *Response, error) {
	id, err := triggerID(trigger, bucket)
	if err != nil {
		return nil, nil, err
	}
	tmpl := "radar/{trigger}/trigger"
	if bucket {
		tmpl = "radar/bucket/{trigger}/trigger"
	}
	var query url.Values
	if opts != nil {
		if query, err = opts.query(); err != nil {
			return nil, nil, err
		}
	}
	return call[*TriggerResult](ctx, c, http.MethodGet, at(tmpl, id), query, nil)
}

// triggerID reduces a trigger URL to its ID; an ID is returned as it is.
// A bucket trigger URL given for a test (or the reverse) is an ArgError.
func triggerID(trigger string, bucket bool) (string, error) {
	trigger = strings.TrimSpace(trigger)
	if !strings.Contains(trigger, "/") {
		if trigger == "" {
			return "", argErr("trigger", "must not be empty")
		}
		return trigger, nil
	}
	u, err := url.Parse(trigger)
	if err != nil {
		return "", argErr("trigger", "is neither a trigger ID nor a trigger URL")
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	for i, seg := range segs {
		if seg != "radar" || i+1 >= len(segs) {
			continue
		}
		rest := segs[i+1:]
		isBucket := rest[0] == "bucket"
		if isBucket {
			rest = rest[1:]
		}
		switch {
		case len(rest) == 0 || rest[0] == "":
		case isBucket && !bucket:
			return "", argErr("trigger", "is a bucket trigger URL: use Buckets.Trigger")
		case !isBucket && bucket:
			return "", argErr("trigger", "is a test trigger URL: use Tests.Trigger")
		default:
			return rest[0], nil
		}
	}
	return "", argErr("trigger", "is not a trigger URL: want .../radar/<id>/trigger")
}

// The query parameters and batch members of the trigger options.
const (
	paramEnvironment     = "runscope_environment"
	paramRegion          = "runscope_region"
	paramAgent           = "runscope_agent"
	paramNotificationURL = "runscope_notification_url"
)

// checkVariables validates the variables of the options named arg.
func (o *TriggerOptions) checkVariables(arg string) error {
	for name := range o.Variables {
		switch {
		case isBlank(name):
			return argErr(arg+".Variables", "a variable name is empty")
		case strings.HasPrefix(name, "runscope_"):
			return argErr(arg+".Variables", "%q is reserved: names starting with runscope_ are trigger options", name)
		}
	}
	return nil
}

func (o *TriggerOptions) query() (url.Values, error) {
	if err := o.checkVariables("opts"); err != nil {
		return nil, err
	}
	q, err := query.Values(o)
	if err != nil {
		return nil, err
	}
	for name, value := range o.Variables {
		q.Set(name, value)
	}
	return q, nil
}

// batchMember is one run of a batch trigger: its variables and options as
// members of one object. A single region is a string, several an array.
func (o *TriggerOptions) batchMember(arg string) (map[string]any, error) {
	if err := o.checkVariables(arg); err != nil {
		return nil, err
	}
	m := make(map[string]any, len(o.Variables)+4)
	for name, value := range o.Variables {
		m[name] = value
	}
	if o.EnvironmentID != "" {
		m[paramEnvironment] = o.EnvironmentID
	}
	switch len(o.Regions) {
	case 0:
	case 1:
		m[paramRegion] = o.Regions[0]
	default:
		m[paramRegion] = o.Regions
	}
	if o.AgentID != "" {
		m[paramAgent] = o.AgentID
	}
	if o.NotificationURL != "" {
		m[paramNotificationURL] = o.NotificationURL
	}
	return m, nil
}
