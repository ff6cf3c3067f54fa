package runscope

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMetricsGoldenRoundTrip(t *testing.T) {
	testRoundTrip[*Metrics](t, golden(t, "metrics_get.json"))
}

func TestMetricsGet(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	// No envelope: the body is the metrics object itself.
	expectRequest(t, mux, wantRequest{
		method: http.MethodGet, path: "/buckets/bkt/tests/tst/metrics",
		query:  url.Values{"region": {"us1"}, "timeframe": {"week"}, "environment_uuid": {"env-1"}},
		golden: "metrics_get.json",
	})
	m, resp, err := c.Metrics.Get(context.Background(), "bkt", "tst", &MetricsOptions{Region: "us1", Timeframe: TimeframeWeek, EnvironmentID: "env-1"})
	require.NoError(t, err)
	assert.Zero(t, resp.Meta, "no envelope, no meta")
	assert.Equal(t, "all", m.EnvironmentUUID)
	assert.Equal(t, "all", m.Region)
	assert.Equal(t, TimeframeDay, m.Timeframe)
	require.Len(t, m.ResponseTimes, 24)
	first := m.ResponseTimes[0]
	assert.InDelta(t, 0.3333333333333333, first.SuccessRatio, 0)
	assert.InDelta(t, 44, first.AvgResponseTimeMs, 0)
	assertTime(t, time.Unix(1494964800, 0), first.Timestamp, "first point")
	assert.InDelta(t, 1.0, m.ResponseTimes[1].SuccessRatio, 0)
	assert.EqualExportedValues(t, &PeriodMetrics{
		ResponseTime50thPercentile: 0.05284147557328004,
		ResponseTime95thPercentile: 0.2567257314416911,
		ResponseTime99thPercentile: -0.03965577026132455,
		TotalTestRuns:              0.0313588850174216, // a ratio here
	}, m.ChangeFromLastPeriod)
	assert.EqualExportedValues(t, &PeriodMetrics{
		ResponseTime50thPercentile: 44.0,
		ResponseTime95thPercentile: 88.94999999999997,
		ResponseTime99thPercentile: 101.54999999999998,
		TotalTestRuns:              296,
	}, m.ThisTimePeriod)
}

func TestMetricsGetWithoutOptions(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodGet, path: "/buckets/bkt/tests/tst/metrics", golden: "metrics_get.json"})
	for _, opts := range []*MetricsOptions{nil, {}} {
		_, _, err := c.Metrics.Get(context.Background(), "bkt", "tst", opts)
		require.NoError(t, err)
	}
}

func TestMetricsOnlySetFiltersAreSent(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	mux.HandleFunc("/buckets/bkt/tests/tst/metrics", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, url.Values{"timeframe": {"hour"}})
		_, _ = w.Write([]byte(`{"response_times":[{"success_ratio":0.5,"timestamp":1494964800,"avg_response_time_ms":44.75}],"timeframe":"hour"}`))
	})
	m, _, err := c.Metrics.Get(context.Background(), "bkt", "tst", &MetricsOptions{Timeframe: TimeframeHour})
	require.NoError(t, err)
	require.Len(t, m.ResponseTimes, 1)
	assert.InDelta(t, 44.75, m.ResponseTimes[0].AvgResponseTimeMs, 0, "averages may be floats")
}

func TestMetricsArgErrors(t *testing.T) {
	testArgErrors(t, []argCase{
		{"unknown timeframe", "opts.Timeframe", func(ctx context.Context, c *Client) error {
			return errOf3(c.Metrics.Get(ctx, "bkt", "tst", &MetricsOptions{Timeframe: "year"}))
		}},
		{"timeframe in capitals", "opts.Timeframe", func(ctx context.Context, c *Client) error {
			return errOf3(c.Metrics.Get(ctx, "bkt", "tst", &MetricsOptions{Timeframe: "Day"}))
		}},
		{"empty test ID", "testID", func(ctx context.Context, c *Client) error {
			return errOf3(c.Metrics.Get(ctx, "bkt", "", nil))
		}},
	})
}

// The success ratio of a window is the mean of its points' ratios; an
// empty window has none.
func TestMetricsSuccessRatio(t *testing.T) {
	var m *Metrics
	require.NoError(t, json.Unmarshal(golden(t, "metrics_get.json"), &m))
	first := m.ResponseTimes[0].Timestamp.Time // 1494964800: ratio 1/3
	hour := time.Hour

	got, ok := m.SuccessRatio(first, first.Add(hour))
	require.True(t, ok)
	assert.InDelta(t, 1.0/3, got, 1e-12, "one point")
	got, ok = m.SuccessRatio(first, first.Add(3*hour))
	require.True(t, ok)
	assert.InDelta(t, (1.0/3+1.0+0.4)/3, got, 1e-12, "[from, to): the point at to is out")
	got, ok = m.SuccessRatio(time.Time{}, first.Add(2*hour))
	require.True(t, ok)
	assert.InDelta(t, (1.0/3+1.0)/2, got, 1e-12, "open on the left")

	var sum float64
	for _, p := range m.ResponseTimes {
		sum += p.SuccessRatio
	}
	got, ok = m.SuccessRatio(time.Time{}, time.Time{})
	require.True(t, ok)
	assert.InDelta(t, sum/float64(len(m.ResponseTimes)), got, 1e-12, "every point")

	_, ok = m.SuccessRatio(first.Add(-2*hour), first)
	assert.False(t, ok, "no point before the first")
	_, ok = (&Metrics{ResponseTimes: []*ResponseTimePoint{nil}}).SuccessRatio(time.Time{}, time.Time{})
	assert.False(t, ok, "nil points are skipped")
	_, ok = (*Metrics)(nil).SuccessRatio(time.Time{}, time.Time{})
	assert.False(t, ok, "nil metrics have no point")
}
