package runscope

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type member struct {
	name, value string
}

func unknownMembers(v any) []member {
	var out []member
	for name, value := range UnknownMembers(v) {
		out = append(out, member{name, string(value)})
	}
	return out
}

func TestUnknownMembers(t *testing.T) {
	var test Test
	require.NoError(t, json.Unmarshal([]byte(`{"id":"t","retries" : [1, 2],"name":"n",
		"steps":[{"step_type":"request","id":"s","x_trace":null,"assertions":[{"source":"response_status","weight":2}]}],
		"environments":[{"verify_ssl":"yes"}],"Name":"N"}`), &test))

	assert.Equal(t, []member{{"retries", "[1, 2]"}, {"Name", `"N"`}}, unknownMembers(&test),
		"in order, verbatim, a letter-case variant of a present name included")
	assert.Equal(t, []member{{"x_trace", "null"}}, unknownMembers(test.Steps[0]))
	step := test.Steps[0].(*RequestStep)
	assert.Equal(t, []member{{"weight", "2"}}, unknownMembers(&step.Assertions[0]), "by pointer")
	assert.Equal(t, []member{{"weight", "2"}}, unknownMembers(step.Assertions[0]), "by value")
	assert.Equal(t, []member{{"verify_ssl", `"yes"`}}, unknownMembers(test.Environments[0]), "a member that did not fit")

	// Stopping early is fine.
	for range UnknownMembers(&test) {
		break
	}

	// Read-only: changing a value yielded changes nothing in the model.
	for _, value := range UnknownMembers(&test) {
		copy(value, "XXXXX")
	}
	b, err := json.Marshal(test)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"retries":[1,2]`)
	assert.Contains(t, string(b), `"Name":"N"`)
	assert.Contains(t, string(b), `"name":"n"`)
}

func TestUnknownMembersOfNonModels(t *testing.T) {
	var nilTest *Test
	var nilStep Step
	for _, v := range []any{
		nil, nilTest, nilStep, "x", 3, new(string), []Step{}, &Test{Name: "built in Go"},
		&UnknownStep{Type: "inbound", Raw: json.RawMessage(`{"step_type":"inbound","x":1}`)},
		&UnknownAuth{Raw: json.RawMessage(`{"auth_type":"kerberos"}`)},
	} {
		assert.Empty(t, unknownMembers(v), "%T", v)
	}
}
