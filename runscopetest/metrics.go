package runscopetest

import (
	"maps"
	"net/http"
	"slices"
	"time"

	"github.com/go-runscope/runscope"
)

// timeframes are the metrics timeframes: how far back they look and the
// width of each response_times point.
var timeframes = map[string]struct{ window, point time.Duration }{
	"hour":  {time.Hour, time.Minute},
	"day":   {24 * time.Hour, time.Hour},
	"week":  {7 * 24 * time.Hour, 24 * time.Hour},
	"month": {30 * 24 * time.Hour, 24 * time.Hour},
}

// metrics answers, bare, with the finished runs of the timeframe (a day by
// default) in the region and environment asked for ("all" by default),
// echoing the filters. Every simulated request takes responseTimeMs, so
// the percentiles are that or, without runs, 0. The runs of the periods
// shown are observed, as a results list observes the runs it lists.
func (s *Server) metrics(r *http.Request) (any, error) {
	t, err := s.db.test(r)
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	region, timeframe, envID := q.Get("region"), q.Get("timeframe"), q.Get("environment_uuid")
	if region == "" {
		region = "all"
	}
	if envID == "" {
		envID = "all"
	}
	if timeframe == "" {
		timeframe = "day"
	}
	tf, ok := timeframes[timeframe]
	if !ok {
		return nil, badRequest("timeframe must be hour, day, week or month, not %q", timeframe)
	}
	now := time.Now()
	from, before := now.Add(-tf.window), now.Add(-2*tf.window)
	type point struct{ runs, passes int }
	points := map[int64]*point{}
	var runs, previous int
	for _, run := range t.runs {
		started := time.UnixMicro(run.startedAt)
		if region != "all" && run.region != region || envID != "all" && str(run.env, "id") != envID || started.Before(before) {
			continue
		}
		// Metrics show the runs they count: reading them is reading those
		// runs, as any other endpoint would.
		if !run.observe().executed() {
			continue
		}
		if started.Before(from) {
			previous++
			continue
		}
		runs++
		at := started.Truncate(tf.point).Unix()
		if points[at] == nil {
			points[at] = &point{}
		}
		points[at].runs++
		if run.outcome == runscope.ResultPass {
			points[at].passes++
		}
	}
	times := []any{}
	for _, at := range slices.Sorted(maps.Keys(points)) {
		p := points[at]
		times = append(times, obj{"success_ratio": float64(p.passes) / float64(p.runs), "timestamp": at, "avg_response_time_ms": int(responseTimeMs)})
	}
	percentile, change := 0.0, 0.0
	if runs > 0 {
		percentile = responseTimeMs
	}
	if previous > 0 {
		change = float64(runs-previous) / float64(previous)
	}
	return obj{
		"response_times": times,
		"change_from_last_period": obj{
			"response_time_50th_percentile": 0.0, "response_time_95th_percentile": 0.0,
			"response_time_99th_percentile": 0.0, "total_test_runs": change,
		},
		"this_time_period": obj{
			"response_time_50th_percentile": percentile, "response_time_95th_percentile": percentile,
			"response_time_99th_percentile": percentile, "total_test_runs": runs,
		},
		"environment_uuid": envID,
		"region":           region,
		"timeframe":        timeframe,
	}, nil
}
