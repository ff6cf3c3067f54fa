package runscope

import (
	"context"
	"net/http"

	"github.com/go-runscope/runscope/internal/wire"
)

// EnvironmentsService manages shared environments (of a bucket) and
// test-specific environments (of one test).
type EnvironmentsService service

// Environment is a set of settings a test runs with: initial variables,
// regions or remote agents, authentication, notifications, integrations and
// scripts. A shared environment belongs to a bucket (TestID is empty); a
// test-specific one belongs to a test and may inherit from a shared one
// through ParentEnvironmentID.
//
// The live API also sends http_version_support, pre_request_scripts and
// post_response_scripts. Nothing documents their values or their form
// (script text, or references to library scripts), so they are not
// fields: they are kept as unknown members, sent back unchanged, and
// readable with UnknownMembers.
type Environment struct {
	ID                  string  `json:"id,omitzero"`
	Name                string  `json:"name,omitzero"`
	TestID              string  `json:"test_id,omitzero"`
	ParentEnvironmentID string  `json:"parent_environment_id,omitzero"`
	Auth                Auth    `json:"auth,omitzero"`
	Emails              *Emails `json:"emails,omitzero"`
	// InitialVariables are the variables a run starts with.
	InitialVariables map[string]string         `json:"initial_variables,omitzero"`
	Integrations     []*EnvironmentIntegration `json:"integrations,omitzero"`
	// PreserveCookies keeps cookies between the steps of a run.
	PreserveCookies bool `json:"preserve_cookies,omitzero"`
	// Regions are the codes of the regions runs execute in, e.g. "us1".
	Regions []string `json:"regions,omitzero"`
	// RetryOnFailure triggers one more run right after a failed scheduled run.
	RetryOnFailure bool `json:"retry_on_failure,omitzero"`
	// StopOnFailure skips the remaining steps after the first failing one.
	StopOnFailure bool           `json:"stop_on_failure,omitzero"`
	RemoteAgents  []*RemoteAgent `json:"remote_agents,omitzero"`
	// Script runs before the test starts.
	Script string `json:"script,omitzero"`
	// ScriptLibrary holds the IDs of the script libraries loaded for Script.
	ScriptLibrary []string `json:"script_library,omitzero"`
	// VerifySSL set to false stops runs from verifying TLS certificates. It
	// is a pointer so that an environment built in Go without it sends
	// nothing and keeps the server's default (verify); set it with
	// new(false) or new(true).
	VerifySSL *bool `json:"verify_ssl,omitzero"`
	// ClientCertificate is a PEM-encoded certificate for client
	// certificate authentication.
	ClientCertificate string `json:"client_certificate,omitzero"`
	// Webhooks are URLs that receive the results of runs.
	Webhooks []string `json:"webhooks,omitzero"`
	// Headers are sent with every request of a run.
	Headers Header `json:"headers,omitzero"`
	// ForceH2C makes runs speak HTTP/2 over cleartext (h2c) to http://
	// URLs instead of HTTP/1.1.
	ForceH2C bool `json:"force_h2c,omitzero"`
	// InitialScriptHash is the API's hash of Script.
	InitialScriptHash string `json:"initial_script_hash,omitzero"`
	// ExportedAt and Version come with an environment exported to a file:
	// when, and the version of the export format.
	ExportedAt Timestamp `json:"exported_at,omitzero"`
	Version    string    `json:"version,omitzero"`

	_ wire.Extra
}

// NotifyRule says which completed runs send email notifications.
type NotifyRule string

// Notification rules.
const (
	NotifyAll       NotifyRule = "all"       // every completed run
	NotifyFailures  NotifyRule = "failures"  // every failed run
	NotifyThreshold NotifyRule = "threshold" // only after NotifyThreshold failures in a row
	NotifySwitch    NotifyRule = "switch"    // after NotifyThreshold failures, then once more when it passes again
)

// Emails configures the email notifications of an environment.
type Emails struct {
	// NotifyAll mails every team member according to NotifyOn.
	NotifyAll bool       `json:"notify_all,omitzero"`
	NotifyOn  NotifyRule `json:"notify_on,omitzero"`
	// NotifyThreshold, 1 to 10, is the failure count for NotifyThreshold
	// and NotifySwitch.
	NotifyThreshold int     `json:"notify_threshold,omitzero"`
	Recipients      []*User `json:"recipients,omitzero"`

	_ wire.Extra
}

// EnvironmentIntegration is a team integration (PagerDuty, Slack...)
// enabled for the runs of an environment. Inside environments the API names
// its members integration_type and id; the team list names them type and
// uuid (see [Integration]).
type EnvironmentIntegration struct {
	ID              string `json:"id,omitzero"`
	IntegrationType string `json:"integration_type,omitzero"`
	Description     string `json:"description,omitzero"`

	_ wire.Extra
}

// RemoteAgent is an on-premises agent that runs tests.
type RemoteAgent struct {
	Name string `json:"name,omitzero"`
	UUID string `json:"uuid,omitzero"`

	_ wire.Extra
}

// The paths of shared environments (of a bucket) and of test-specific ones.
const (
	sharedEnvironmentsPath = "buckets/{bucketKey}/environments"
	testEnvironmentsPath   = "buckets/{bucketKey}/tests/{testID}/environments"
)

// ListShared returns the shared environments of a bucket, which every test
// in it can run with.
//
// GET /buckets/{bucketKey}/environments
func (s *EnvironmentsService) ListShared(ctx context.Context, bucketKey string) ([]*Environment, *Response, error) {
	return s.list(ctx, sharedEnvironmentsPath, bucketKey)
}

// GetShared returns one shared environment of a bucket.
//
// GET /buckets/{bucketKey}/environments/{envID}
func (s *EnvironmentsService) GetShared(ctx context.Context, bucketKey, envID string) (*Environment, *Response, error) {
	return s.get(ctx, sharedEnvironmentsPath+"/{envID}", bucketKey, envID)
}

// CreateShared adds a shared environment to a bucket. A bucket holds at
// most 100 shared environments; the API refuses more.
//
// POST /buckets/{bucketKey}/environments
func (s *EnvironmentsService) CreateShared(ctx context.Context, bucketKey string, environment *Environment) (*Environment, *Response, error) {
	return s.write(ctx, http.MethodPost, environment, sharedEnvironmentsPath, bucketKey)
}

// UpdateShared replaces a shared environment with environment. The
// reference asks for the whole environment, not only the changes: a member
// not sent is not reliably kept. So fetch it with
// [EnvironmentsService.GetShared], change it and send it back: a fetched
// environment sends back every member it came with, zero values included,
// which is also how to clear one (an empty Script, a false
// PreserveCookies). An environment built in Go sends only its non-zero
// fields; mark a field with ForceSend to send it even when zero.
//
// PUT /buckets/{bucketKey}/environments/{envID}
func (s *EnvironmentsService) UpdateShared(ctx context.Context, bucketKey, envID string, environment *Environment) (*Environment, *Response, error) {
	return s.write(ctx, http.MethodPut, environment, sharedEnvironmentsPath+"/{envID}", bucketKey, envID)
}

// DeleteShared deletes a shared environment of a bucket.
//
// DELETE /buckets/{bucketKey}/environments/{envID}
func (s *EnvironmentsService) DeleteShared(ctx context.Context, bucketKey, envID string) (*Response, error) {
	return s.delete(ctx, sharedEnvironmentsPath+"/{envID}", bucketKey, envID)
}

// ListForTest returns the environments that belong to one test.
//
// GET /buckets/{bucketKey}/tests/{testID}/environments
func (s *EnvironmentsService) ListForTest(ctx context.Context, bucketKey, testID string) ([]*Environment, *Response, error) {
	return s.list(ctx, testEnvironmentsPath, bucketKey, testID)
}

// GetForTest returns one environment of a test.
//
// GET /buckets/{bucketKey}/tests/{testID}/environments/{envID}
func (s *EnvironmentsService) GetForTest(ctx context.Context, bucketKey, testID, envID string) (*Environment, *Response, error) {
	return s.get(ctx, testEnvironmentsPath+"/{envID}", bucketKey, testID, envID)
}

// CreateForTest adds an environment to a test. A bucket holds at most 100
// test-specific environments in all; the API refuses more.
//
// POST /buckets/{bucketKey}/tests/{testID}/environments
func (s *EnvironmentsService) CreateForTest(ctx context.Context, bucketKey, testID string, environment *Environment) (*Environment, *Response, error) {
	return s.write(ctx, http.MethodPost, environment, testEnvironmentsPath, bucketKey, testID)
}

// UpdateForTest replaces an environment of a test with environment. Like
// [EnvironmentsService.UpdateShared], it takes the whole environment: fetch
// it with [EnvironmentsService.GetForTest], change it (zero values clear)
// and send it back, or mark the zero fields of one built in Go with
// ForceSend.
//
// PUT /buckets/{bucketKey}/tests/{testID}/environments/{envID}
func (s *EnvironmentsService) UpdateForTest(ctx context.Context, bucketKey, testID, envID string, environment *Environment) (*Environment, *Response, error) {
	return s.write(ctx, http.MethodPut, environment, testEnvironmentsPath+"/{envID}", bucketKey, testID, envID)
}

// DeleteForTest deletes an environment of a test.
//
// DELETE /buckets/{bucketKey}/tests/{testID}/environments/{envID}
func (s *EnvironmentsService) DeleteForTest(ctx context.Context, bucketKey, testID, envID string) (*Response, error) {
	return s.delete(ctx, testEnvironmentsPath+"/{envID}", bucketKey, testID, envID)
}

// The environment endpoints answer without the envelope; the list may be a
// single bare object, which callList reads as a one-element list.
func (s *EnvironmentsService) list(ctx context.Context, tmpl string, args ...string) ([]*Environment, *Response, error) {
	return callList[*Environment](ctx, s.client, http.MethodGet, at(tmpl, args...), nil, nil)
}

func (s *EnvironmentsService) get(ctx context.Context, tmpl string, args ...string) (*Environment, *Response, error) {
	return call[*Environment](ctx, s.client, http.MethodGet, at(tmpl, args...), nil, nil)
}

func (s *EnvironmentsService) write(ctx context.Context, method string, environment *Environment, tmpl string, args ...string) (*Environment, *Response, error) {
	if err := environment.check(); err != nil {
		return nil, nil, err
	}
	return call[*Environment](ctx, s.client, method, at(tmpl, args...), nil, environment)
}

func (s *EnvironmentsService) delete(ctx context.Context, tmpl string, args ...string) (*Response, error) {
	return callNoData(ctx, s.client, http.MethodDelete, at(tmpl, args...), nil, nil)
}

// The range of Emails.NotifyThreshold.
const (
	minNotifyThreshold = 1
	maxNotifyThreshold = 10
)

// check catches what the API would refuse, before anything is sent. An
// unknown NotifyOn is sent as it is: it may be a rule newer than this
// package, and an environment fetched with it must survive an update.
func (e *Environment) check() error {
	if e == nil {
		return argErr("environment", "must not be nil")
	}
	m := e.Emails
	if m == nil {
		return nil
	}
	switch {
	case m.NotifyThreshold != 0 && (m.NotifyThreshold < minNotifyThreshold || m.NotifyThreshold > maxNotifyThreshold):
		return argErr("environment.Emails.NotifyThreshold", "is %d; it must be %d to %d", m.NotifyThreshold, minNotifyThreshold, maxNotifyThreshold)
	case m.NotifyThreshold == 0 && (m.NotifyOn == NotifyThreshold || m.NotifyOn == NotifySwitch):
		return argErr("environment.Emails.NotifyThreshold", "must be %d to %d when NotifyOn is %q", minNotifyThreshold, maxNotifyThreshold, m.NotifyOn)
	}
	return nil
}
