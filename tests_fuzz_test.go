package runscope

import (
	"encoding/json"
	"testing"
)

func FuzzDecodeTest(f *testing.F) {
	addGoldenSeeds(f, "tests_*.json")
	for _, seed := range []string{
		`{"steps":[{"step_type":"request"},{"step_type":"pause","duration":500},{"step_type":"graphql"}]}`,
		`{"created_at":"1438832081","last_run":{"result":"pass","started_at":1.5},"schedules":[{"interval":"1.0h"}]}`,
		`{"environments":[{"auth":{},"verify_ssl":null,"headers":{"A":"b"}}],"steps":null}`,
		`{"steps":[1,"a",null]}`, `{"name":5,"description":null}`, `{}`, `null`, `[]`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		checkReencode(t, in, func(b []byte) (*Test, error) {
			var test *Test
			err := json.Unmarshal(b, &test)
			return test, err
		})
	})
}
