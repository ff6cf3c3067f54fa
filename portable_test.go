package runscope

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// copyA and copyB are the same test in two buckets: every ID, the
// creation time and creator, the trigger URL and the last run differ;
// environments and schedules are listed in another order. The default
// environment is shared in A (and in B, under another ID), the test's own
// environment inherits from it, and a schedule runs in the test's own.
const copyA = `{
	"id": "test-a", "name": "Orders", "description": "orders API",
	"created_at": 1500000000, "created_by": {"id": "u1", "name": "Grace"},
	"trigger_url": "https://api.runscope.com/radar/trig-aaaa-secret/trigger",
	"last_run": {"id": "r1", "status": "completed"},
	"default_environment_id": "shared-a",
	"fragment": "kept",
	"environments": [
		{"id": "env-a1", "test_id": "test-a", "name": "Test Settings", "parent_environment_id": "shared-a", "regions": ["us1"], "exported_at": 1600000000},
		{"id": "env-a2", "test_id": "test-a", "name": "Another", "regions": ["eu1"]}
	],
	"schedules": [
		{"id": "sch-a1", "environment_id": "env-a1", "interval": "1h"},
		{"id": "sch-a2", "environment_id": "shared-a", "interval": "1d"}
	],
	"steps": [
		{"id": "step-a1", "step_type": "request", "method": "GET", "url": "{{base}}/orders?a=1&b=<2>", "multipart_form": []},
		{"id": "step-a2", "step_type": "condition", "left_value": "1", "comparison": "equal", "right_value": "1",
		 "steps": [{"id": "step-a3", "step_type": "pause", "duration": 2}]}
	]
}`

const copyB = `{
	"id": "test-b", "name": "Orders", "description": "orders API",
	"created_at": 1700000000, "created_by": {"id": "u2", "name": "Ada"},
	"trigger_url": "https://api.runscope.com/radar/trig-bbbb-secret/trigger",
	"last_run": null,
	"default_environment_id": "shared-b",
	"fragment": "kept",
	"environments": [
		{"id": "env-b2", "test_id": "test-b", "name": "Another", "regions": ["eu1"]},
		{"id": "env-b1", "test_id": "test-b", "name": "Test Settings", "parent_environment_id": "shared-b", "regions": ["us1"]}
	],
	"schedules": [
		{"id": "sch-b2", "environment_id": "shared-b", "interval": "1d"},
		{"id": "sch-b1", "environment_id": "env-b1", "interval": "1h"}
	],
	"steps": [
		{"id": "step-b1", "step_type": "request", "method": "GET", "url": "{{base}}/orders?a=1&b=<2>", "multipart_form": []},
		{"id": "step-b2", "step_type": "condition", "left_value": "1", "comparison": "equal", "right_value": "1",
		 "steps": [{"id": "step-b3", "step_type": "pause", "duration": 2}]}
	]
}`

func decodeTest(t *testing.T, s string) *Test {
	t.Helper()
	var test Test
	require.NoError(t, json.Unmarshal([]byte(s), &test))
	return &test
}

func comparableForm(t *testing.T, test *Test, shared ...*Environment) string {
	t.Helper()
	b, err := ComparableTest(test, shared)
	require.NoError(t, err)
	return string(b)
}

func TestComparableTestIgnoresWhatTheServerAssigns(t *testing.T) {
	a := comparableForm(t, decodeTest(t, copyA), &Environment{ID: "shared-a", Name: "Staging"})
	b := comparableForm(t, decodeTest(t, copyB), &Environment{ID: "shared-b", Name: "Staging"})
	assert.Equal(t, a, b)

	for _, gone := range []string{"test-a", `"u1"`, "trig-aaaa", `"r1"`, "step-a", "sch-a", "env-a", "1500000000", "1600000000", "shared-a"} {
		assert.NotContains(t, a, gone)
	}
	assert.Contains(t, a, `"default_environment_id": "shared environment \"Staging\""`)
	assert.Contains(t, a, `"parent_environment_id": "shared environment \"Staging\""`)
	assert.Contains(t, a, `"environment_id": "test environment \"Test Settings\""`)
	assert.Contains(t, a, `"fragment": "kept"`, "unknown members are compared too")
	assert.Contains(t, a, `"multipart_form": []`)
	assert.Contains(t, a, `{{base}}/orders?a=1&b=<2>`, "no HTML escaping")
	assert.True(t, strings.HasSuffix(a, "}\n"))
}

func TestComparableTestSeesRealChanges(t *testing.T) {
	shared := []*Environment{{ID: "shared-a", Name: "Staging"}}
	base := comparableForm(t, decodeTest(t, copyA), shared...)
	for name, change := range map[string]func(*Test){
		"a step's URL":             func(x *Test) { x.Steps[0].(*RequestStep).URL = "{{base}}/v2/orders" },
		"a nested step":            func(x *Test) { x.Steps[1].(*ConditionStep).Steps[0].(*PauseStep).Duration = 3 },
		"the step order":           func(x *Test) { x.Steps[0], x.Steps[1] = x.Steps[1], x.Steps[0] },
		"an environment's regions": func(x *Test) { x.Environments[1].Regions = []string{"us2"} },
		"a schedule's environment": func(x *Test) { x.Schedules[0].EnvironmentID = "shared-a" },
		"the default environment":  func(x *Test) { x.DefaultEnvironmentID = "env-a2" },
		"the description":          func(x *Test) { x.Description = "" },
	} {
		t.Run(name, func(t *testing.T) {
			changed := decodeTest(t, copyA)
			change(changed)
			assert.NotEqual(t, base, comparableForm(t, changed, shared...))
		})
	}
	t.Run("a shared environment of another name", func(t *testing.T) {
		assert.NotEqual(t, base, comparableForm(t, decodeTest(t, copyA), &Environment{ID: "shared-a", Name: "Production"}))
	})
	t.Run("an unknown environment ID stays", func(t *testing.T) {
		assert.Contains(t, comparableForm(t, decodeTest(t, copyA)), `"default_environment_id": "shared-a"`)
	})
}

func TestComparableEnvironment(t *testing.T) {
	var a, b Environment
	require.NoError(t, json.Unmarshal([]byte(`{"id":"e1","test_id":null,"name":"Staging","exported_at":1,"version":"1.0","initial_script_hash":"abc","script":"x < y","verify_ssl":false,"new_member":{"z":1,"a":2}}`), &a))
	require.NoError(t, json.Unmarshal([]byte(`{"name":"Staging","id":"e2","new_member":{"a":2,"z":1},"verify_ssl":false,"script":"x < y"}`), &b))
	ca, err := ComparableEnvironment(&a)
	require.NoError(t, err)
	cb, err := ComparableEnvironment(&b)
	require.NoError(t, err)
	assert.Equal(t, string(ca), string(cb))
	assert.JSONEq(t, `{"name":"Staging","script":"x < y","verify_ssl":false,"new_member":{"a":2,"z":1}}`, string(ca))

	b.VerifySSL = new(true)
	cb, err = ComparableEnvironment(&b)
	require.NoError(t, err)
	assert.NotEqual(t, string(ca), string(cb))
}

func TestComparableArgErrors(t *testing.T) {
	testArgErrors(t, []argCase{
		{"nil test", "test", func(context.Context, *Client) error {
			_, err := ComparableTest(nil, nil)
			return err
		}},
		{"nil environment", "environment", func(context.Context, *Client) error {
			_, err := ComparableEnvironment(nil)
			return err
		}},
	})
}

func TestRemapEnvironments(t *testing.T) {
	test := decodeTest(t, copyA)
	test.RemapEnvironments(map[string]string{"shared-a": "shared-b", "env-a1": "env-x", "": "never"})
	assert.Equal(t, "shared-b", test.DefaultEnvironmentID)
	assert.Equal(t, "shared-b", test.Environments[0].ParentEnvironmentID)
	assert.Empty(t, test.Environments[1].ParentEnvironmentID, "an empty reference stays empty")
	assert.Equal(t, "env-x", test.Schedules[0].EnvironmentID)
	assert.Equal(t, "shared-b", test.Schedules[1].EnvironmentID)
	assert.Equal(t, "env-a1", test.Environments[0].ID, "only references change, not the environments' own IDs")

	out, err := json.Marshal(test)
	require.NoError(t, err)
	assert.Contains(t, string(out), `"default_environment_id":"shared-b"`)
	assert.Contains(t, string(out), `"fragment":"kept"`, "the rest of the test is kept")

	assert.NotPanics(t, func() { (*Test)(nil).RemapEnvironments(map[string]string{"a": "b"}) })
	assert.NotPanics(t, func() { (&Test{Environments: []*Environment{nil}, Schedules: []*Schedule{nil}}).RemapEnvironments(nil) })
}

func TestEnvironmentIDs(t *testing.T) {
	test := &Test{
		DefaultEnvironmentID: "shared-a",
		Environments: []*Environment{
			{ID: "own-1", ParentEnvironmentID: "shared-b"},
			nil,
			{ID: "own-2"}, // no parent
			{ID: "own-3", ParentEnvironmentID: "shared-a"},
		},
		Schedules: []*Schedule{
			{EnvironmentID: "own-1"},
			nil,
			{EnvironmentID: "shared-b"},
			{EnvironmentID: ""},
			{EnvironmentID: "shared-c"},
		},
		Steps: []Step{&SubtestStep{EnvironmentUUID: "other-test-env"}},
	}
	assert.Equal(t, []string{"shared-a", "shared-b", "own-1", "shared-c"}, test.EnvironmentIDs(),
		"default, parents, schedules; each once, in that order; no empty ID; subtests not followed")

	// The references EnvironmentIDs lists are those RemapEnvironments
	// remaps.
	ids := map[string]string{}
	for _, id := range test.EnvironmentIDs() {
		ids[id] = "new-" + id
	}
	test.RemapEnvironments(ids)
	assert.Equal(t, []string{"new-shared-a", "new-shared-b", "new-own-1", "new-shared-c"}, test.EnvironmentIDs())

	assert.Nil(t, (&Test{Name: "none"}).EnvironmentIDs())
	assert.Nil(t, (*Test)(nil).EnvironmentIDs())
}
