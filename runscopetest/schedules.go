package runscopetest

import (
	"maps"
	"net/http"
	"slices"
)

// intervals are the schedule intervals the API accepts.
var intervals = []string{"1m", "5m", "15m", "30m", "1h", "6h", "1d"}

// checkSchedule enforces what the API checks on a schedule: an environment
// of the test or its bucket, and one of the intervals.
func (t *test) checkSchedule(sc obj) error {
	if t.env(str(sc, "environment_id")) == nil {
		return badRequest("environment_id %v names no environment of the test or its bucket", sc["environment_id"])
	}
	if !slices.Contains(intervals, str(sc, "interval")) {
		return badRequest("interval must be one of %v, not %v", intervals, sc["interval"])
	}
	return nil
}

// schedule returns the index of the schedule named by the request's
// {schedule} wildcard.
func (s *Server) schedule(r *http.Request) (*test, int, error) {
	t, err := s.db.test(r)
	if err != nil {
		return nil, -1, err
	}
	id := r.PathValue("schedule")
	i := indexOf(t.schedules, "id", id)
	if i < 0 {
		return nil, -1, notFound("schedule %q", id)
	}
	return t, i, nil
}

func (s *Server) listSchedules(r *http.Request) (any, error) {
	t, err := s.db.test(r)
	if err != nil {
		return nil, err
	}
	return nonNil(t.schedules), nil
}

// createSchedule is the v1 create: every call makes a new schedule.
func (s *Server) createSchedule(r *http.Request) (any, error) {
	return s.addSchedule(r, false)
}

// createScheduleV0 is the v0 create, which the reference warns about:
// repeating it for an environment that already has a schedule updates that
// schedule instead of making another.
func (s *Server) createScheduleV0(r *http.Request) (any, error) {
	return s.addSchedule(r, true)
}

func (s *Server) addSchedule(r *http.Request, v0 bool) (any, error) {
	t, err := s.db.test(r)
	if err != nil {
		return nil, err
	}
	sc, err := decodeObject(r)
	if err != nil {
		return nil, err
	}
	if err := t.checkSchedule(sc); err != nil {
		return nil, err
	}
	if i := indexOf(t.schedules, "environment_id", str(sc, "environment_id")); v0 && i >= 0 {
		id := t.schedules[i]["id"]
		maps.Copy(t.schedules[i], sc)
		t.schedules[i]["id"] = id
		return t.schedules[i], nil
	}
	sc["id"] = newUUID()
	t.schedules = append(t.schedules, sc)
	return sc, nil
}

func (s *Server) getSchedule(r *http.Request) (any, error) {
	t, i, err := s.schedule(r)
	if err != nil {
		return nil, err
	}
	return t.schedules[i], nil
}

// updateSchedule sets the members the body sends and keeps the others.
func (s *Server) updateSchedule(r *http.Request) (any, error) {
	t, i, err := s.schedule(r)
	if err != nil {
		return nil, err
	}
	body, err := decodeObject(r)
	if err != nil {
		return nil, err
	}
	sc := maps.Clone(t.schedules[i])
	maps.Copy(sc, body)
	sc["id"] = t.schedules[i]["id"]
	if err := t.checkSchedule(sc); err != nil {
		return nil, err
	}
	t.schedules[i] = sc
	return sc, nil
}

func (s *Server) deleteSchedule(r *http.Request) (any, error) {
	t, i, err := s.schedule(r)
	if err != nil {
		return nil, err
	}
	t.schedules = remove(t.schedules, i)
	return nil, nil
}
