package runscope

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A step built in Go clears its body and un-skips itself with ForceSend,
// without reading it first.
func TestForceSendClearsMembers(t *testing.T) {
	step := &RequestStep{Method: "GET", URL: "https://example.com"}
	b, err := json.Marshal(step)
	require.NoError(t, err)
	assert.JSONEq(t, `{"step_type":"request","method":"GET","url":"https://example.com"}`, string(b), "zeros are not sent")

	require.NoError(t, ForceSend(step, "Body", "Skipped", "Auth"))
	b, err = json.Marshal(step)
	require.NoError(t, err)
	assert.JSONEq(t, `{"step_type":"request","method":"GET","url":"https://example.com","body":"","skipped":false,"auth":{}}`, string(b))

	// Through an update, as the API receives it.
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{
		method: http.MethodPut, path: "/buckets/bkt/tests/tst/steps/s1",
		body:   `{"step_type":"request","method":"GET","url":"https://example.com","body":"","skipped":false,"auth":{}}`,
		answer: `{"data":{"step_type":"request","id":"s1","method":"GET","url":"https://example.com","body":"","skipped":false}}`,
	})
	got, _, err := c.Steps.Update(context.Background(), "bkt", "tst", "s1", step)
	require.NoError(t, err)
	assert.Equal(t, "s1", got.StepID())
}

// Nested models, by pointer or in slices, and values decoded from the API.
func TestForceSendNestedAndDecoded(t *testing.T) {
	env := &Environment{Name: "e"}
	require.NoError(t, ForceSend(&env.Emails, "NotifyAll"), "a nil *Emails is allocated")
	require.NoError(t, ForceSend(env, "PreserveCookies"))
	b, err := json.Marshal(env)
	require.NoError(t, err)
	assert.JSONEq(t, `{"name":"e","emails":{"notify_all":false},"preserve_cookies":false}`, string(b))

	step := &RequestStep{Assertions: []Assertion{{Source: AssertionSourceStatus}}}
	require.NoError(t, ForceSend(&step.Assertions[0], "Property"))
	b, err = json.Marshal(step)
	require.NoError(t, err)
	assert.JSONEq(t, `{"step_type":"request","assertions":[{"source":"response_status","property":""}]}`, string(b))

	// Decoded: a member the API left out, one it sent as null, and one
	// whose kind did not fit (its verbatim value gives way).
	var test Test
	require.NoError(t, json.Unmarshal([]byte(`{"id":"t","description":null,
		"steps":[{"step_type":"request","id":"s","method":"GET","skipped":"no"}]}`), &test))
	require.NoError(t, ForceSend(&test, "Description"))
	require.NoError(t, ForceSend(test.Steps[0], "Body", "Skipped"))
	b, err = json.Marshal(test)
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"t","description":"",
		"steps":[{"step_type":"request","id":"s","method":"GET","body":"","skipped":false}]}`, string(b))
}

func TestForceSendArgErrors(t *testing.T) {
	step := &RequestStep{}
	var nilStep *RequestStep
	for _, tc := range []struct {
		name   string
		model  any
		fields []string
		arg    string
	}{
		{"JSON name", step, []string{"Method", "body"}, "fields"},
		{"no such field", step, []string{"Nope"}, "fields"},
		{"empty name", step, []string{""}, "fields"},
		{"nil", nil, []string{"Body"}, "model"},
		{"not a pointer", RequestStep{}, []string{"Body"}, "model"},
		{"nil pointer", nilStep, []string{"Body"}, "model"},
		{"unknown step", &UnknownStep{}, []string{"Type"}, "model"},
		{"not a model", new(string), nil, "model"},
		{"a list", &[]Step{step}, nil, "model"},
		{"an interface", new(Step), nil, "model"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ae *ArgError
			require.ErrorAs(t, ForceSend(tc.model, tc.fields...), &ae)
			assert.Equal(t, tc.arg, ae.Arg)
		})
	}
	b, err := json.Marshal(step)
	require.NoError(t, err)
	assert.JSONEq(t, `{"step_type":"request"}`, string(b), "a failed call marks nothing")
}
