package runscopetest_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSchedules(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	test := a.createTest(map[string]any{"name": "scheduled"})
	envID := test["default_environment_id"]
	base := a.testPath(test) + "/schedules"
	v1 := "/v1" + base

	assert.Empty(t, a.do("GET", base, nil).list(http.StatusOK))
	body := map[string]any{"environment_id": envID, "interval": "1d", "note": "Once a day schedule"}
	sc := a.do("POST", v1, body).obj(http.StatusCreated)
	assert.Regexp(t, `^[0-9a-f-]{36}$`, sc["id"])
	assert.Equal(t, "1d", sc["interval"])
	assert.Equal(t, "Once a day schedule", sc["note"])
	assert.Equal(t, envID, sc["environment_id"])

	// v1 makes a new schedule every time.
	again := a.do("POST", v1, body).obj(http.StatusCreated)
	assert.NotEqual(t, sc["id"], again["id"])
	assert.Len(t, a.do("GET", base, nil).list(http.StatusOK), 2)
	a.do("DELETE", base+"/"+again["id"].(string), nil).empty(http.StatusNoContent)

	// v0 repeated for the same environment updates its schedule.
	v0 := a.do("POST", base, map[string]any{"environment_id": envID, "interval": "5m"}).obj(http.StatusCreated)
	assert.Equal(t, sc["id"], v0["id"])
	assert.Equal(t, "5m", v0["interval"])
	assert.Equal(t, "Once a day schedule", v0["note"])
	shared := a.do("POST", a.bucketPath()+"/environments", map[string]any{"name": "Shared"}).bare(http.StatusCreated).(map[string]any)
	other := a.do("POST", base, map[string]any{"environment_id": shared["id"], "interval": "15m"}).obj(http.StatusCreated)
	assert.NotEqual(t, sc["id"], other["id"], "a shared environment of the bucket may be scheduled")

	path := base + "/" + sc["id"].(string)
	assert.Equal(t, v0, a.do("GET", path, nil).obj(http.StatusOK))
	updated := a.do("PUT", path, map[string]any{"interval": "30m", "note": "Production Monitoring Schedule"}).obj(http.StatusOK)
	assert.Equal(t, "30m", updated["interval"])
	assert.Equal(t, envID, updated["environment_id"], "members omitted are kept")

	whole := a.do("GET", a.testPath(test), nil).obj(http.StatusOK)
	require.Len(t, whole["schedules"], 2, "the test shows its schedules")

	for _, interval := range []any{"2m", "1.0h", "", 60, nil} {
		bad := map[string]any{"environment_id": envID, "interval": interval}
		assert.Contains(t, a.do("POST", v1, bad).fails(http.StatusBadRequest), "interval")
		a.do("POST", base, bad).fails(http.StatusBadRequest)
		a.do("PUT", path, map[string]any{"interval": interval}).fails(http.StatusBadRequest)
	}
	a.do("POST", v1, map[string]any{"environment_id": "nope", "interval": "1h"}).fails(http.StatusBadRequest)
	a.do("POST", v1, map[string]any{"interval": "1h"}).fails(http.StatusBadRequest)

	a.do("DELETE", path, nil).empty(http.StatusNoContent)
	a.do("GET", path, nil).fails(http.StatusNotFound)
	a.do("PUT", path, body).fails(http.StatusNotFound)
	a.do("POST", "/v1"+a.bucketPath()+"/tests/nope/schedules", body).fails(http.StatusNotFound)
}
