package runscope

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pacificTime is a fixed zone, so no test depends on the tz database.
var pacificTime = time.FixedZone("PST", -8*60*60)

func TestUsageOptionsQuery(t *testing.T) {
	t.Parallel()
	// 23:30 in Pacific time is already the next day in UTC: the date sent
	// is the calendar day in the time's own location.
	late := time.Date(2019, 11, 14, 23, 30, 0, 0, pacificTime)
	for name, tc := range map[string]struct {
		opts *UsageOptions
		want url.Values
	}{
		"nil":       {nil, nil},
		"zero":      {&UsageOptions{}, nil},
		"date":      {&UsageOptions{Date: late}, url.Values{"date": {"2019-11-14"}}},
		"days":      {&UsageOptions{Days: 10}, url.Values{"days": {"10"}}},
		"range":     {&UsageOptions{From: late, To: time.Date(2019, 11, 15, 0, 0, 0, 0, time.UTC)}, url.Values{"from": {"2019-11-14"}, "to": {"2019-11-15"}}},
		"one day":   {&UsageOptions{From: late, To: late}, url.Values{"from": {"2019-11-14"}, "to": {"2019-11-14"}}},
		"all three": {&UsageOptions{Date: late, Days: 2, From: late, To: late}, url.Values{"date": {"2019-11-14"}, "days": {"2"}, "from": {"2019-11-14"}, "to": {"2019-11-14"}}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t)
			expectRequest(t, mux, wantRequest{method: http.MethodGet, path: "/buckets/61ti2ptvktsg/requests", query: tc.want, golden: "usage_bucket.json"})
			_, _, err := c.Usage.Bucket(context.Background(), "61ti2ptvktsg", tc.opts)
			require.NoError(t, err)
		})
	}
}

func TestUsageBucket(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{
		method: http.MethodGet,
		path:   "/buckets/61ti2ptvktsg/requests",
		query:  url.Values{"days": {"1"}},
		golden: "usage_bucket.json",
	})
	u, _, err := c.Usage.Bucket(context.Background(), "61ti2ptvktsg", &UsageOptions{Days: 1})
	require.NoError(t, err)
	assert.EqualExportedValues(t, &BucketUsage{
		RequestsCount: 3063237,
		BucketKey:     "61ti2ptvktsg",
		FromDate:      NewDate(time.Date(2019, 11, 14, 0, 0, 0, 0, time.UTC)),
		ToDate:        NewDate(time.Date(2019, 11, 15, 0, 0, 0, 0, time.UTC)),
	}, u)
	assert.Equal(t, "2019-11-14", u.FromDate.String())
	assert.Equal(t, "2019-11-15", u.ToDate.String())
}

func TestUsageTeam(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	from, to := time.Date(2019, 11, 14, 9, 0, 0, 0, time.UTC), time.Date(2019, 11, 15, 9, 0, 0, 0, time.UTC)
	expectRequest(t, mux, wantRequest{
		method: http.MethodGet,
		path:   "/team/3c7112ad-ff92-4d54-83c5-2d088706116e/requests",
		query:  url.Values{"from": {"2019-11-14"}, "to": {"2019-11-15"}},
		golden: "usage_team.json",
	})
	u, _, err := c.Usage.Team(context.Background(), "3c7112ad-ff92-4d54-83c5-2d088706116e", &UsageOptions{From: from, To: to})
	require.NoError(t, err)
	assert.Equal(t, "3c7112ad-ff92-4d54-83c5-2d088706116e", u.TeamUUID)
	assert.Equal(t, int64(1817949), u.RequestsCount)
	assert.Equal(t, "2019-11-14", u.FromDate.String())
	assert.Equal(t, "2019-11-15", u.ToDate.String())
	assert.Equal(t, "Sam Aybar", u.CreatorName)
	assert.Equal(t, "sam@runscope.com", u.CreatorEmail)
	assert.Equal(t, "5d859a7d-8a97-4c8a-b4b8-b2125ea0fb00", u.CreatorID)
	require.Len(t, u.Buckets, 8)
	assert.EqualExportedValues(t, &BucketUsage{
		RequestsCount: 1622360, BucketKey: "61ti2ptvktsg", FromDate: NewDate(from), ToDate: NewDate(to),
	}, u.Buckets[0])
	last := u.Buckets[7]
	assert.Equal(t, "ljwc8zc1aeda", last.BucketKey)
	assert.Zero(t, last.RequestsCount)
}

func TestUsageArgErrors(t *testing.T) {
	day := time.Date(2019, 11, 14, 0, 0, 0, 0, time.UTC)
	testArgErrors(t, []argCase{
		{"bucket empty key", "key", func(ctx context.Context, c *Client) error { return errOf3(c.Usage.Bucket(ctx, "", nil)) }},
		{"bucket dot-dot key", "key", func(ctx context.Context, c *Client) error { return errOf3(c.Usage.Bucket(ctx, "..", nil)) }},
		{"team empty id", "teamID", func(ctx context.Context, c *Client) error { return errOf3(c.Usage.Team(ctx, " ", nil)) }},
		{"from without to", "opts.To", func(ctx context.Context, c *Client) error {
			return errOf3(c.Usage.Bucket(ctx, "b1", &UsageOptions{From: day}))
		}},
		{"to without from", "opts.From", func(ctx context.Context, c *Client) error {
			return errOf3(c.Usage.Team(ctx, "t1", &UsageOptions{To: day}))
		}},
		{"from after to", "opts.From", func(ctx context.Context, c *Client) error {
			return errOf3(c.Usage.Team(ctx, "t1", &UsageOptions{From: day.AddDate(0, 0, 1), To: day}))
		}},
		{"negative days", "opts.Days", func(ctx context.Context, c *Client) error {
			return errOf3(c.Usage.Bucket(ctx, "b1", &UsageOptions{Days: -1}))
		}},
	})
}

func TestUsageGoldenRoundTrip(t *testing.T) {
	testRoundTrip[*BucketUsage](t, goldenData(t, "usage_bucket.json"))
	testRoundTrip[*TeamUsage](t, goldenData(t, "usage_team.json"))
}
