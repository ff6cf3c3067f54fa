package runscope

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const refScheduleID = "084e6df7-9165-46d2-9e1c-b87ccfc53d18"

// referenceSchedule is the schedule of the reference's detail, create and
// modify responses.
func referenceSchedule() *Schedule {
	return &Schedule{ID: refScheduleID, EnvironmentID: "1eeb3695-5d0f-467c-9d51-8b773dce29ba", Interval: Every1h, Note: "Staging Environment"}
}

func TestScheduleGoldenRoundTrip(t *testing.T) {
	testRoundTrip[[]*Schedule](t, goldenData(t, "schedules_list.json"))
	for _, name := range []string{
		"schedules_get.json", // the detail, create and modify responses
		"schedules_create_request.json",
		"schedules_update_request.json",
	} {
		t.Run(name, func(t *testing.T) {
			testRoundTrip[*Schedule](t, goldenData(t, name))
		})
	}
}

func TestSchedulesList(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodGet, path: "/buckets/bkt/tests/tst/schedules", golden: "schedules_list.json"})
	got, resp, err := c.Schedules.List(context.Background(), "bkt", "tst")
	require.NoError(t, err)
	assert.Equal(t, "success", resp.Meta.Status)
	require.Len(t, got, 2)
	assert.EqualExportedValues(t, referenceSchedule(), got[0])
	assert.EqualExportedValues(t, &Schedule{
		ID: "c60e5a78-0dbd-493a-9e99-9a8282935d0c", EnvironmentID: "5e70db57-7485-4ca9-bb4d-482416993ddd",
		Interval: Every5m, Note: "Production Monitoring",
	}, got[1])
}

func TestSchedulesGet(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodGet, path: "/buckets/bkt/tests/tst/schedules/" + refScheduleID, golden: "schedules_get.json"})
	got, _, err := c.Schedules.Get(context.Background(), "bkt", "tst", refScheduleID)
	require.NoError(t, err)
	assert.EqualExportedValues(t, referenceSchedule(), got)
}

// Create goes to the v1 endpoint with the reference's create sample.
func TestSchedulesCreate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{
		method: http.MethodPost, path: "/v1/buckets/bkt/tests/tst/schedules",
		body: string(golden(t, "schedules_create_request.json")), status: http.StatusCreated, golden: "schedules_get.json",
	})
	got, resp, err := c.Schedules.Create(context.Background(), "bkt", "tst", &Schedule{
		EnvironmentID: "951b681e-0a16-44ab-acfb-505a0a8564e9", Interval: Every1d, Note: "Once a day schedule",
	})
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.EqualExportedValues(t, referenceSchedule(), got)
}

func TestSchedulesUpdate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	body := golden(t, "schedules_update_request.json")
	expectRequest(t, mux, wantRequest{
		method: http.MethodPut, path: "/buckets/bkt/tests/tst/schedules/" + refScheduleID,
		body: string(body), golden: "schedules_get.json",
	})
	var in Schedule
	require.NoError(t, json.Unmarshal(body, &in))
	got, _, err := c.Schedules.Update(context.Background(), "bkt", "tst", refScheduleID, &in)
	require.NoError(t, err)
	assert.EqualExportedValues(t, referenceSchedule(), got)
}

func TestSchedulesDelete(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodDelete, path: "/buckets/bkt/tests/tst/schedules/" + refScheduleID, status: http.StatusNoContent})
	resp, err := c.Schedules.Delete(context.Background(), "bkt", "tst", refScheduleID)
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
}

func TestIntervalNormalized(t *testing.T) {
	for in, want := range map[string]Interval{
		`"1.0h"`: Every1h, `"6.0h"`: Every6h, `"1.0d"`: Every1d, `"15.0m"`: Every15m,
		`"1h"`: Every1h, `"1m"`: Every1m, `"0.5h"`: "0.5h", `"2w"`: "2w", `""`: "",
	} {
		var got Interval
		require.NoError(t, json.Unmarshal([]byte(in), &got), in)
		assert.Equal(t, want, got, in)
	}
}

// The API may answer "1.0h"; the schedule decodes it as Every1h, and
// sending it back sends the documented form.
func TestScheduleDecodesFloatInterval(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/buckets/bkt/tests/tst/schedules/s1", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut {
			testBody(t, r, `{"id":"s1","environment_id":"e1","interval":"1h","note":"n","exported_at":1}`)
		}
		_, _ = w.Write([]byte(`{"data":{"id":"s1","environment_id":"e1","interval":"1.0h","note":"n","exported_at":1},"meta":{"status":"success"}}`))
	})
	ctx := context.Background()
	sc, _, err := c.Schedules.Get(ctx, "bkt", "tst", "s1")
	require.NoError(t, err)
	assert.Equal(t, Every1h, sc.Interval)
	_, _, err = c.Schedules.Update(ctx, "bkt", "tst", "s1", sc)
	require.NoError(t, err)
}

// An interval written "1.0h" in Go is sent as "1h", and the caller's value
// is left alone.
func TestScheduleIntervalNormalizedOnWrite(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/v1/buckets/bkt/tests/tst/schedules", func(w http.ResponseWriter, r *http.Request) {
		testBody(t, r, `{"environment_id":"e1","interval":"6h"}`)
		serveGolden(t, w, http.StatusCreated, "schedules_get.json")
	})
	in := &Schedule{EnvironmentID: "e1", Interval: "6.0h"}
	_, _, err := c.Schedules.Create(context.Background(), "bkt", "tst", in)
	require.NoError(t, err)
	assert.Equal(t, Interval("6.0h"), in.Interval)
}

func TestSchedulesArgErrors(t *testing.T) {
	create := func(sc *Schedule) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error {
			return errOf3(c.Schedules.Create(ctx, "bkt", "tst", sc))
		}
	}
	testArgErrors(t, []argCase{
		{"nil schedule", "schedule", create(nil)},
		{"no environment", "schedule.EnvironmentID", create(&Schedule{Interval: Every1h})},
		{"no interval", "schedule.Interval", create(&Schedule{EnvironmentID: "e1"})},
		{"interval not in the list", "schedule.Interval", create(&Schedule{EnvironmentID: "e1", Interval: "2h"})},
		{"interval as a Go duration", "schedule.Interval", create(&Schedule{EnvironmentID: "e1", Interval: "1h0m0s"})},
		{"bad interval on update", "schedule.Interval", func(ctx context.Context, c *Client) error {
			return errOf3(c.Schedules.Update(ctx, "bkt", "tst", "s1", &Schedule{EnvironmentID: "e1", Interval: "10m"}))
		}},
		{"nil schedule on update", "schedule", func(ctx context.Context, c *Client) error {
			return errOf3(c.Schedules.Update(ctx, "bkt", "tst", "s1", nil))
		}},
		{"empty bucket key", "bucketKey", func(ctx context.Context, c *Client) error {
			return errOf3(c.Schedules.List(ctx, "", "tst"))
		}},
		{"empty test ID on create", "testID", func(ctx context.Context, c *Client) error {
			return errOf3(c.Schedules.Create(ctx, "bkt", "", &Schedule{EnvironmentID: "e1", Interval: Every1m}))
		}},
		{"dot-dot schedule ID", "scheduleID", func(ctx context.Context, c *Client) error {
			return errOf3(c.Schedules.Get(ctx, "bkt", "tst", ".."))
		}},
		{"empty schedule ID on delete", "scheduleID", func(ctx context.Context, c *Client) error {
			return errOf2(c.Schedules.Delete(ctx, "bkt", "tst", ""))
		}},
	})
}
