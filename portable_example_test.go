package runscope_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log"

	"github.com/go-runscope/runscope"
)

// The same test in two buckets, as a copy leaves it: its IDs, creation time
// and trigger URL differ, and so does the ID of the shared environment it
// runs with. Their comparable forms are equal.
func ExampleComparableTest() {
	// formOf reads a test from a bucket where the shared environment
	// "Staging" has the ID stagingID.
	formOf := func(test, stagingID string) []byte {
		var t runscope.Test
		if err := json.Unmarshal([]byte(test), &t); err != nil {
			log.Fatal(err)
		}
		form, err := runscope.ComparableTest(&t, []*runscope.Environment{{ID: stagingID, Name: "Staging"}})
		if err != nil {
			log.Fatal(err)
		}
		return form
	}
	a := formOf(`{
		"id": "test-a", "name": "Orders", "created_at": 1600000000,
		"trigger_url": "https://api.runscope.com/radar/trigger-a/trigger",
		"default_environment_id": "env-a",
		"steps": [{"id": "step-a", "step_type": "pause", "duration": 5}]
	}`, "env-a")
	b := formOf(`{
		"id": "test-b", "name": "Orders", "created_at": 1700000000,
		"trigger_url": "https://api.runscope.com/radar/trigger-b/trigger",
		"default_environment_id": "env-b",
		"steps": [{"id": "step-b", "step_type": "pause", "duration": 5}]
	}`, "env-b")

	fmt.Println("same test:", bytes.Equal(a, b))
	fmt.Print(string(a))
	// Output:
	// same test: true
	// {
	//   "default_environment_id": "shared environment \"Staging\"",
	//   "name": "Orders",
	//   "steps": [
	//     {
	//       "duration": 5,
	//       "step_type": "pause"
	//     }
	//   ]
	// }
}

// A test read from one bucket, about to be created in another where its
// shared environment exists under another ID.
func ExampleTest_RemapEnvironments() {
	test := &runscope.Test{
		Name:                 "Orders",
		DefaultEnvironmentID: "staging-in-a",
		Schedules:            []*runscope.Schedule{{EnvironmentID: "staging-in-a", Interval: runscope.Every1h}},
	}
	test.RemapEnvironments(map[string]string{"staging-in-a": "staging-in-b"})
	fmt.Println(test.DefaultEnvironmentID, test.Schedules[0].EnvironmentID)
	// Output: staging-in-b staging-in-b
}

// The environments a test refers to, before it is copied to another
// bucket: those that are shared ones of its bucket must exist there too.
func ExampleTest_EnvironmentIDs() {
	test := &runscope.Test{
		Name:                 "Orders",
		DefaultEnvironmentID: "staging",
		Environments:         []*runscope.Environment{{ID: "own", Name: "Test Settings", ParentEnvironmentID: "staging"}},
		Schedules: []*runscope.Schedule{
			{EnvironmentID: "own", Interval: runscope.Every1h},
			{EnvironmentID: "production", Interval: runscope.Every1d},
		},
	}
	fmt.Println(test.EnvironmentIDs())
	// Output: [staging own production]
}
