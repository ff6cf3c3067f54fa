package runscope

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/go-runscope/runscope/internal/wire"
	"github.com/google/go-querystring/query"
)

// UsageService reads how many requests the tests of a bucket or a team made.
type UsageService service

// UsageOptions choose the days counted. The zero value counts the last
// day. Dates are sent as YYYY-MM-DD, each the calendar day of the
// time.Time in its own location.
type UsageOptions struct {
	// Date counts from this day to today.
	Date time.Time `url:"-"`
	// Days counts the last Days days.
	Days int `url:"days,omitempty"`
	// From and To count from one day to another; set both or neither.
	From time.Time `url:"-"`
	To   time.Time `url:"-"`
}

// usageQuery is the query of UsageOptions: its times as the [Date]s the API
// reads.
type usageQuery struct {
	UsageOptions
	Date Date `url:"date,omitempty"`
	From Date `url:"from,omitempty"`
	To   Date `url:"to,omitempty"`
}

func (o *UsageOptions) query() (url.Values, error) {
	if o == nil {
		return nil, nil
	}
	switch {
	case o.Days < 0:
		return nil, argErr("opts.Days", "is %d; must not be negative", o.Days)
	case o.From.IsZero() && !o.To.IsZero():
		return nil, argErr("opts.From", "must be set with To")
	case !o.From.IsZero() && o.To.IsZero():
		return nil, argErr("opts.To", "must be set with From")
	case NewDate(o.From).After(NewDate(o.To).Time):
		return nil, argErr("opts.From", "%s is after To %s", o.From.Format(dateLayout), o.To.Format(dateLayout))
	}
	return query.Values(usageQuery{UsageOptions: *o, Date: NewDate(o.Date), From: NewDate(o.From), To: NewDate(o.To)})
}

// BucketUsage is the number of requests the tests of one bucket made
// between two days.
type BucketUsage struct {
	RequestsCount int64  `json:"requests_count,omitzero"`
	BucketKey     string `json:"bucket_key,omitzero"`
	FromDate      Date   `json:"from_date,omitzero"`
	ToDate        Date   `json:"to_date,omitzero"`

	_ wire.Extra
}

// TeamUsage is the number of requests the tests of a team made between two
// days, in total and per bucket.
type TeamUsage struct {
	TeamUUID      string `json:"team_uuid,omitzero"`
	RequestsCount int64  `json:"requests_count,omitzero"`
	FromDate      Date   `json:"from_date,omitzero"`
	ToDate        Date   `json:"to_date,omitzero"`
	// CreatorName, CreatorEmail and CreatorID describe the person who
	// created the team.
	CreatorName  string         `json:"creator_name,omitzero"`
	CreatorEmail string         `json:"creator_email,omitzero"`
	CreatorID    string         `json:"creator_id,omitzero"`
	Buckets      []*BucketUsage `json:"buckets,omitzero"`

	_ wire.Extra
}

// Bucket counts the requests made by the tests of the bucket key. opts may
// be nil for the last day.
//
// GET /buckets/{key}/requests
func (s *UsageService) Bucket(ctx context.Context, key string, opts *UsageOptions) (*BucketUsage, *Response, error) {
	return call[*BucketUsage](ctx, s.client, http.MethodGet, at("buckets/{key}/requests", key), opts, nil)
}

// Team counts the requests made by the tests of a team, per bucket too.
// opts may be nil for the last day. The path starts with /team/
// (singular), as the reference has it.
//
// GET /team/{teamID}/requests
func (s *UsageService) Team(ctx context.Context, teamID string, opts *UsageOptions) (*TeamUsage, *Response, error) {
	return call[*TeamUsage](ctx, s.client, http.MethodGet, at("team/{teamID}/requests", teamID), opts, nil)
}
