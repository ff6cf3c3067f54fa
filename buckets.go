package runscope

import (
	"context"
	"net/http"
	"net/url"

	"github.com/go-runscope/runscope/internal/wire"
	"github.com/google/go-querystring/query"
)

// BucketsService manages buckets, the containers of tests, and their custom
// notification emails.
type BucketsService service

// Bucket is a container of tests that belongs to one team.
type Bucket struct {
	// AuthToken is set only for authenticated buckets, and only returned to
	// tokens with the bucket:auth_token scope.
	AuthToken string `json:"auth_token,omitzero"`
	// Default marks the team's default bucket, which cannot be deleted.
	Default bool `json:"default,omitzero"`
	// Key is the identifier every bucket path takes.
	Key  string `json:"key,omitzero"`
	Name string `json:"name,omitzero"`
	Team *Team  `json:"team,omitzero"`
	// VerifySSL reports whether requests made through the bucket verify TLS
	// certificates.
	VerifySSL bool `json:"verify_ssl,omitzero"`
	// LocationsUtilization maps a location ("US California", "remote") to
	// the percentage of its concurrent-test capacity the bucket uses. Only
	// the v1 detail ([BucketsService.Get]) has it, and only for locations at
	// or above the threshold of [BucketGetOptions].
	LocationsUtilization map[string]float64 `json:"locations_utilization_%,omitzero"`
	// TriggerURL starts a run of every test in the bucket; pass it to
	// [BucketsService.Trigger]. The reference does not list it; it is set
	// when the API sends it.
	TriggerURL string `json:"trigger_url,omitzero"`
	// ListUtilizationsGT is the utilization threshold, which the reference
	// lists among the detail's attributes; it is set through
	// [BucketGetOptions], not here.
	ListUtilizationsGT int `json:"list_utilizations_gt,omitzero"`
	// The members below are sent by the live API, not by the reference.
	CreatedAt Timestamp `json:"created_at,omitzero"`
	// IsPrivate marks a bucket only some of the team may see.
	IsPrivate bool `json:"is_private,omitzero"`
	// TestsCount is the number of tests in the bucket.
	TestsCount int `json:"tests_count,omitzero"`
	// TestsURL, CollectionsURL and MessagesURL are the API addresses of the
	// bucket's tests, collections and captured messages.
	TestsURL       string `json:"tests_url,omitzero"`
	CollectionsURL string `json:"collections_url,omitzero"`
	MessagesURL    string `json:"messages_url,omitzero"`

	_ wire.Extra
}

// BucketGetOptions tune the bucket detail.
type BucketGetOptions struct {
	// ListUtilizationsGT, 1 to 100, lists the locations whose utilization
	// meets or exceeds this percentage; 0 keeps the server's default (85).
	ListUtilizationsGT int `url:"list_utilizations_gt,omitempty"`
}

func (o *BucketGetOptions) query() (url.Values, error) {
	if o == nil {
		return nil, nil
	}
	if gt := o.ListUtilizationsGT; gt < 0 || gt > 100 {
		return nil, argErr("opts.ListUtilizationsGT", "is %d; want a percentage from 0 to 100", gt)
	}
	return query.Values(o)
}

// CustomEmail is an address outside the team (a distribution list, say)
// that receives a bucket's notifications. Its domain must first be
// whitelisted with [TeamsService.SetEmailDomains].
type CustomEmail struct {
	UUID        string `json:"uuid,omitzero"`
	CustomEmail string `json:"custom_email,omitzero"`
	Description string `json:"description,omitzero"`
	BucketKey   string `json:"bucket_key,omitzero"`
	TeamUUID    string `json:"team_uuid,omitzero"`
	// CreatedBy is the UUID of the person who added the address.
	CreatedBy string    `json:"created_by,omitzero"`
	CreatedAt Timestamp `json:"created_at,omitzero"`

	_ wire.Extra
}

// CustomEmailAdd is the address [BucketsService.AddCustomEmail] adds.
// TeamUUID and Email are required.
type CustomEmailAdd struct {
	TeamUUID    string `json:"team_uuid,omitzero"`
	Email       string `json:"email,omitzero"`
	Description string `json:"description,omitzero"`
	// CreatedBy is the UUID of the person to record as having added it.
	CreatedBy string `json:"created_by,omitzero"`
}

// List returns the buckets of every team the account belongs to.
// Authenticated buckets are listed only for tokens with the
// bucket:auth_token scope.
//
// GET /buckets
func (s *BucketsService) List(ctx context.Context) ([]*Bucket, *Response, error) {
	return callList[*Bucket](ctx, s.client, http.MethodGet, at("buckets"), nil, nil)
}

// Get returns a bucket from the v1 API, whose detail also reports how much
// of each location's capacity the bucket uses. opts may be nil.
//
// GET /v1/buckets/{key}
func (s *BucketsService) Get(ctx context.Context, key string, opts *BucketGetOptions) (*Bucket, *Response, error) {
	return call[*Bucket](ctx, s.client, http.MethodGet, at("v1/buckets/{key}", key), opts, nil)
}

// Create makes a bucket named name in the team teamID. The API takes both
// as query parameters yet insists on a JSON content type (a form post gets
// 415), so the request carries that header and no body.
//
// POST /buckets
func (s *BucketsService) Create(ctx context.Context, name, teamID string) (*Bucket, *Response, error) {
	switch {
	case isBlank(name):
		return nil, nil, argErr("name", "must not be empty")
	case isBlank(teamID):
		return nil, nil, argErr("teamID", "must not be empty")
	}
	params := queryValues{"name": {name}, "team_uuid": {teamID}}
	return call[*Bucket](ctx, s.client, http.MethodPost, at("buckets"), params, jsonContentTypeOnly{})
}

// Delete deletes a bucket. A team's default bucket cannot be deleted.
//
// DELETE /buckets/{key}
func (s *BucketsService) Delete(ctx context.Context, key string) (*Response, error) {
	return callNoData(ctx, s.client, http.MethodDelete, at("buckets/{key}", key), nil, nil)
}

// CustomEmails lists the custom notification addresses of a bucket.
//
// GET /buckets/{key}/custom-emails
func (s *BucketsService) CustomEmails(ctx context.Context, key string) ([]*CustomEmail, *Response, error) {
	return callList[*CustomEmail](ctx, s.client, http.MethodGet, at("buckets/{key}/custom-emails", key), nil, nil)
}

// AddCustomEmail adds a custom notification address to a bucket. Its
// domain must be whitelisted first ([TeamsService.SetEmailDomains]).
//
// POST /buckets/{key}/custom-emails
func (s *BucketsService) AddCustomEmail(ctx context.Context, key string, customEmail *CustomEmailAdd) (*Response, error) {
	switch {
	case customEmail == nil:
		return nil, argErr("customEmail", "must not be nil")
	case isBlank(customEmail.TeamUUID):
		return nil, argErr("customEmail.TeamUUID", "must not be empty")
	case isBlank(customEmail.Email):
		return nil, argErr("customEmail.Email", "must not be empty")
	}
	return callNoData(ctx, s.client, http.MethodPost, at("buckets/{key}/custom-emails", key), nil, customEmail)
}

// RemoveCustomEmail removes a custom notification address from a bucket.
// The API names the address in a JSON body of the DELETE; an address the
// bucket does not have is an [*APIError] with the server's message.
//
// DELETE /buckets/{key}/custom-emails
func (s *BucketsService) RemoveCustomEmail(ctx context.Context, key, email string) (*Response, error) {
	switch {
	case isBlank(email):
		return nil, argErr("email", "must not be empty")
	}
	body := struct {
		Email string `json:"email"`
	}{email}
	return callNoData(ctx, s.client, http.MethodDelete, at("buckets/{key}/custom-emails", key), nil, body)
}

// Trigger starts a run of every test in the bucket behind trigger: the
// bucket's trigger ID or its trigger URL
// (https://api.runscope.com/radar/bucket/<id>/trigger). Options and result
// are those of [TestsService.Trigger].
//
// GET /radar/bucket/{trigger}/trigger
func (s *BucketsService) Trigger(ctx context.Context, trigger string, opts *TriggerOptions) (*TriggerResult, *Response, error) {
	return s.client.trigger(ctx, trigger, true, opts)
}
