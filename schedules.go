package runscope

import (
	"encoding/json"
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

func (s *Schedule) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, s) }
func (s Schedule) MarshalJSON() ([]byte, error)  { return wire.Marshal(&s) }

// Interval is how often a schedule runs its test.
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

func normalizeInterval(s string) Interval {
	if n := len(s); n > 2 {
		if num, ok := strings.CutSuffix(s[:n-1], ".0"); ok {
			s = num + s[n-1:]
		}
	}
	return Interval(s)
}
