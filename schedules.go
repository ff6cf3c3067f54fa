package runscope

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/go-runscope/runscope/internal/wire"
)

// SchedulesService manages the schedules that run a test periodically.
type SchedulesService service

// Schedule runs a test in an environment at a fixed interval.
type Schedule struct {
	ID            string   `json:"id,omitzero"`
	EnvironmentID string   `json:"environment_id,omitzero"`
	Interval      Interval `json:"interval,omitzero"`
	Note          string   `json:"note,omitzero"`

	_ wire.Extra
}

// Interval is how often a schedule runs its test. The API accepts only
// the constants below; any other interval is an [*ArgError] on Create and
// Update.
type Interval string

// The intervals the API accepts.
const (
	Every1m  Interval = "1m"
	Every5m  Interval = "5m"
	Every15m Interval = "15m"
	Every30m Interval = "30m"
	Every1h  Interval = "1h"
	Every6h  Interval = "6h"
	Every1d  Interval = "1d"
)

// UnmarshalJSON reads an interval, normalizing the "1.0h" form the API
// sometimes answers with to "1h".
func (i *Interval) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*i = normalizeInterval(s)
	return nil
}

// validIntervals are the intervals the API accepts.
var validIntervals = []Interval{Every1m, Every5m, Every15m, Every30m, Every1h, Every6h, Every1d}

// normalizeInterval turns the "1.0h" form into "1h"; other text is kept.
func normalizeInterval(s string) Interval {
	if n := len(s); n > 2 {
		if num, ok := strings.CutSuffix(s[:n-1], ".0"); ok {
			s = num + s[n-1:]
		}
	}
	return Interval(s)
}

const schedulesPath = "buckets/{bucketKey}/tests/{testID}/schedules"

// List returns the schedules of a test.
//
// GET /buckets/{bucketKey}/tests/{testID}/schedules
func (s *SchedulesService) List(ctx context.Context, bucketKey, testID string) ([]*Schedule, *Response, error) {
	return callList[*Schedule](ctx, s.client, http.MethodGet, at(schedulesPath, bucketKey, testID), nil, nil)
}

// Get returns one schedule of a test.
//
// GET /buckets/{bucketKey}/tests/{testID}/schedules/{scheduleID}
func (s *SchedulesService) Get(ctx context.Context, bucketKey, testID, scheduleID string) (*Schedule, *Response, error) {
	return call[*Schedule](ctx, s.client, http.MethodGet, at(schedulesPath+"/{scheduleID}", bucketKey, testID, scheduleID), nil, nil)
}

// Create schedules a test to run in schedule.EnvironmentID every schedule.Interval;
// both are required. It uses the v1 endpoint, where sending the same
// schedule twice creates two schedules (the older endpoint updated the
// first one instead).
//
// POST /v1/buckets/{bucketKey}/tests/{testID}/schedules
func (s *SchedulesService) Create(ctx context.Context, bucketKey, testID string, schedule *Schedule) (*Schedule, *Response, error) {
	return s.write(ctx, http.MethodPost, schedule, "v1/"+schedulesPath, bucketKey, testID)
}

// Update changes a schedule's environment, interval and note; the
// environment and interval are required, as on Create. The test then runs
// from the time of the request on at the new interval.
//
// A member not sent is kept as it is, and a schedule built in Go does not
// send an empty Note. To clear the note, change a schedule read from the
// API (it sends back every member, zero values included) or mark Note
// with ForceSend.
//
// PUT /buckets/{bucketKey}/tests/{testID}/schedules/{scheduleID}
func (s *SchedulesService) Update(ctx context.Context, bucketKey, testID, scheduleID string, schedule *Schedule) (*Schedule, *Response, error) {
	return s.write(ctx, http.MethodPut, schedule, schedulesPath+"/{scheduleID}", bucketKey, testID, scheduleID)
}

// Delete stops a schedule and removes it.
//
// DELETE /buckets/{bucketKey}/tests/{testID}/schedules/{scheduleID}
func (s *SchedulesService) Delete(ctx context.Context, bucketKey, testID, scheduleID string) (*Response, error) {
	return callNoData(ctx, s.client, http.MethodDelete, at(schedulesPath+"/{scheduleID}", bucketKey, testID, scheduleID), nil, nil)
}

func (s *SchedulesService) write(ctx context.Context, method string, schedule *Schedule, tmpl string, args ...string) (*Schedule, *Response, error) {
	body, err := schedule.checked()
	if err != nil {
		return nil, nil, err
	}
	return call[*Schedule](ctx, s.client, method, at(tmpl, args...), nil, body)
}

// checked returns the schedule to send, its interval normalized, or the
// *ArgError the API's refusal would have been.
func (sc *Schedule) checked() (*Schedule, error) {
	if sc == nil {
		return nil, argErr("schedule", "must not be nil")
	}
	if isBlank(sc.EnvironmentID) {
		return nil, argErr("schedule.EnvironmentID", "must not be empty")
	}
	out := *sc
	out.Interval = normalizeInterval(string(sc.Interval))
	if !slices.Contains(validIntervals, out.Interval) {
		return nil, argErr("schedule.Interval", "is %q; it must be one of 1m, 5m, 15m, 30m, 1h, 6h, 1d", sc.Interval)
	}
	return &out, nil
}
