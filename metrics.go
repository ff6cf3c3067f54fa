package runscope

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/go-runscope/runscope/internal/wire"
	"github.com/google/go-querystring/query"
)

// MetricsService reads the response-time and success metrics of a test.
type MetricsService service

// Timeframe is the span of time [MetricsService.Get] aggregates.
type Timeframe string

// Timeframes. The API aggregates by minutes, hours or days depending on
// the timeframe.
const (
	TimeframeHour  Timeframe = "hour"
	TimeframeDay   Timeframe = "day"
	TimeframeWeek  Timeframe = "week"
	TimeframeMonth Timeframe = "month"
)

// MetricsOptions filter [MetricsService.Get]; zero fields are not sent and
// take the API's defaults: all regions, a day, all environments.
type MetricsOptions struct {
	// Region is a region code such as "us1".
	Region string `url:"region,omitempty"`
	// Timeframe is one of the Timeframe constants.
	Timeframe Timeframe `url:"timeframe,omitempty"`
	// EnvironmentID keeps the runs of one environment (environment_uuid).
	EnvironmentID string `url:"environment_uuid,omitempty"`
}

func (o *MetricsOptions) query() (url.Values, error) {
	if o == nil {
		return nil, nil
	}
	switch o.Timeframe {
	case "", TimeframeHour, TimeframeDay, TimeframeWeek, TimeframeMonth:
	default:
		return nil, argErr("opts.Timeframe", "is %q; it must be hour, day, week or month", o.Timeframe)
	}
	return query.Values(o)
}

// Get returns the response times and success ratio of a test over a
// timeframe, as the dashboard shows them.
//
// GET /buckets/{bucketKey}/tests/{testID}/metrics
func (s *MetricsService) Get(ctx context.Context, bucketKey, testID string, opts *MetricsOptions) (*Metrics, *Response, error) {
	return call[*Metrics](ctx, s.client, http.MethodGet, at("buckets/{bucketKey}/tests/{testID}/metrics", bucketKey, testID), opts, nil)
}

// Metrics are the response-time and success metrics of a test over a
// timeframe, compared with the timeframe before it.
type Metrics struct {
	// ResponseTimes has one point per minute, hour or day, depending on
	// the timeframe.
	ResponseTimes []*ResponseTimePoint `json:"response_times,omitzero"`
	// ChangeFromLastPeriod holds ratios: 0.05 is 5% more than the
	// timeframe before.
	ChangeFromLastPeriod *PeriodMetrics `json:"change_from_last_period,omitzero"`
	ThisTimePeriod       *PeriodMetrics `json:"this_time_period,omitzero"`
	// EnvironmentUUID, Region and Timeframe echo the filters; "all" when
	// not filtered.
	EnvironmentUUID string    `json:"environment_uuid,omitzero"`
	Region          string    `json:"region,omitzero"`
	Timeframe       Timeframe `json:"timeframe,omitzero"`

	_ wire.Extra
}

// SuccessRatio is the mean success ratio of the points of ResponseTimes
// whose timestamps fall in [from, to); a zero from or to leaves that side
// open. ok is false when no point falls there. The API gives a ratio per
// point, not the number of runs behind it, so every point weighs the same,
// as on the dashboard's chart.
//
// The API reports no change of the success ratio from the timeframe
// before; read it from a longer timeframe, whose points cover both: the
// day before from a week's metrics, say. Nil metrics have no point.
func (m *Metrics) SuccessRatio(from, to time.Time) (ratio float64, ok bool) {
	if m == nil {
		return 0, false
	}
	var sum float64
	var n int
	for _, p := range m.ResponseTimes {
		if p == nil || !from.IsZero() && p.Timestamp.Before(from) || !to.IsZero() && !p.Timestamp.Before(to) {
			continue
		}
		sum += p.SuccessRatio
		n++
	}
	if n == 0 {
		return 0, false
	}
	return sum / float64(n), true
}

// ResponseTimePoint is the outcome of a test's runs in one interval.
type ResponseTimePoint struct {
	// SuccessRatio runs from 0 (every run failed) to 1 (every run passed).
	SuccessRatio      float64   `json:"success_ratio,omitzero"`
	Timestamp         Timestamp `json:"timestamp,omitzero"`
	AvgResponseTimeMs float64   `json:"avg_response_time_ms,omitzero"`

	_ wire.Extra
}

// PeriodMetrics are the response-time percentiles (in milliseconds) and
// the number of runs of a timeframe, or their relative change.
type PeriodMetrics struct {
	ResponseTime50thPercentile float64 `json:"response_time_50th_percentile,omitzero"`
	ResponseTime95thPercentile float64 `json:"response_time_95th_percentile,omitzero"`
	ResponseTime99thPercentile float64 `json:"response_time_99th_percentile,omitzero"`
	// TotalTestRuns is a count in ThisTimePeriod and a ratio in
	// ChangeFromLastPeriod.
	TotalTestRuns float64 `json:"total_test_runs,omitzero"`

	_ wire.Extra
}
