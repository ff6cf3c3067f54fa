package runscope

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/go-runscope/runscope/internal/wire"
	"github.com/google/go-querystring/query"
)

// This file holds what triggers send and answer: trigger URLs start runs of
// a test ([TestsService.Trigger], [TestsService.TriggerBatch]) or of every
// test of a bucket ([BucketsService.Trigger]) without a token.

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
	// RunsID identifies the bucket-wide run a bucket trigger started, and
	// ConsolidatedTestResultsURL shows its results together; a bucket
	// trigger's answer has them, a test trigger's does not.
	RunsID                     string `json:"runs_id,omitzero"`
	ConsolidatedTestResultsURL string `json:"consolidated_test_results_url,omitzero"`

	_ wire.Extra
}

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

// maxBatchRuns is the API's limit on the runs of one batch trigger.
const maxBatchRuns = 50

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
	return call[*TriggerResult](ctx, c, http.MethodGet, at(tmpl, id), opts, nil)
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
	if o == nil {
		return nil, nil
	}
	return o.values("opts")
}

// values are the parameters of the options named arg: each option under
// its runscope_ name (its url tag), each variable under its own.
func (o *TriggerOptions) values(arg string) (url.Values, error) {
	if err := o.checkVariables(arg); err != nil {
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

// batchBody is the body of a batch trigger: one object per run, at most
// maxBatchRuns of them.
func batchBody(runs []TriggerOptions) ([]map[string]any, error) {
	switch {
	case len(runs) == 0:
		return nil, argErr("runs", "must not be empty")
	case len(runs) > maxBatchRuns:
		return nil, argErr("runs", "has %d runs; a batch takes at most %d", len(runs), maxBatchRuns)
	}
	body := make([]map[string]any, len(runs))
	for i := range runs {
		var err error
		if body[i], err = runs[i].batchMember(fmt.Sprintf("runs[%d]", i)); err != nil {
			return nil, err
		}
	}
	return body, nil
}

// batchMember is one run of a batch trigger: the parameters a trigger
// URL would take, as members of one object. A parameter given once (a
// single region) is a string, one given several times an array.
func (o *TriggerOptions) batchMember(arg string) (map[string]any, error) {
	q, err := o.values(arg)
	if err != nil {
		return nil, err
	}
	m := make(map[string]any, len(q))
	for name, values := range q {
		if len(values) == 1 {
			m[name] = values[0]
		} else {
			m[name] = values
		}
	}
	return m, nil
}
