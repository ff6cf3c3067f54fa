package runscope

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An UnknownStep built in Go reaches the server with the step_type and id
// its fields say, and Raw's other members.
func TestUnknownStepBuiltInGoReachesTheServer(t *testing.T) {
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{
		method: http.MethodPost, path: "/buckets/bkt/tests/tst/steps", status: http.StatusCreated,
		body:   `{"step_type":"graphql","note":"query","query":"{ orders { id } }","skipped":false}`,
		answer: `{"data":[{"step_type":"graphql","id":"g1","note":"query","query":"{ orders { id } }","skipped":false}]}`,
	})
	expectRequest(t, mux, wantRequest{
		method: http.MethodPost, path: "/buckets/bkt/tests/only-type/steps",
		body: `{"step_type":"inbound"}`, answer: `{"data":[{"step_type":"inbound","id":"i1"}]}`,
	})
	expectRequest(t, mux, wantRequest{
		method: http.MethodPut, path: "/buckets/bkt/tests/tst/steps/g1",
		body:   `{"step_type":"graphql-v2","id":"g1","note":"query","query":"{ orders { id } }","skipped":false}`,
		answer: `{"data":{"step_type":"graphql-v2","id":"g1"}}`,
	})

	added, _, err := c.Steps.Add(context.Background(), "bkt", "tst", &UnknownStep{
		Type: "graphql",
		Raw:  json.RawMessage(`{"note":"query","query":"{ orders { id } }","skipped":false}`),
	})
	require.NoError(t, err)
	u := added.(*UnknownStep)
	assert.Equal(t, "g1", u.ID)

	inbound, _, err := c.Steps.Add(context.Background(), "bkt", "only-type", &UnknownStep{Type: "inbound"})
	require.NoError(t, err, "a type alone is a step")
	assert.Equal(t, "i1", inbound.StepID())

	u.Type = "graphql-v2"
	_, _, err = c.Steps.Update(context.Background(), "bkt", "tst", u.ID, u)
	require.NoError(t, err)
}

// Type and ID win over the same members of Raw; Raw supplies the rest; an
// unchanged step decoded from the API goes back byte for byte.
func TestUnknownStepEncoding(t *testing.T) {
	raw := `{"id":"s1", "step_type":"graphql","query":"{ a }","n":1.50}`
	for name, tc := range map[string]struct {
		step UnknownStep
		want string
	}{
		"unchanged":         {UnknownStep{ID: "s1", Type: "graphql", Raw: json.RawMessage(raw)}, raw},
		"new type":          {UnknownStep{ID: "s1", Type: "graphql2", Raw: json.RawMessage(raw)}, `{"step_type":"graphql2","id":"s1","query":"{ a }","n":1.50}`},
		"new id":            {UnknownStep{ID: "s2", Type: "graphql", Raw: json.RawMessage(raw)}, `{"id":"s2","step_type":"graphql","query":"{ a }","n":1.50}`},
		"empty id and type": {UnknownStep{Raw: json.RawMessage(raw)}, raw},
		"raw without heads": {UnknownStep{ID: "s3", Type: "inbound", Raw: json.RawMessage(`{"note":"x"}`)}, `{"step_type":"inbound","id":"s3","note":"x"}`},
		"no raw":            {UnknownStep{Type: "inbound"}, `{"step_type":"inbound"}`},
		"null raw":          {UnknownStep{Type: "inbound", Raw: json.RawMessage(`null`)}, `{"step_type":"inbound"}`},
		"raw null alone":    {UnknownStep{Raw: json.RawMessage(`null`)}, `null`},
		"nothing":           {UnknownStep{}, `null`},
		"case differs":      {UnknownStep{Type: "t", Raw: json.RawMessage(`{"Step_Type":"T","ID":"x"}`)}, `{"step_type":"t","Step_Type":"T","ID":"x"}`},
	} {
		t.Run(name, func(t *testing.T) {
			out, err := tc.step.MarshalJSON()
			require.NoError(t, err)
			assert.Equal(t, tc.want, string(out))
			_, err = json.Marshal(tc.step)
			assert.NoError(t, err, "valid JSON")
		})
	}

	_, err := json.Marshal(UnknownStep{Type: "x", Raw: json.RawMessage(`[1]`)})
	assert.Error(t, err, "Raw that is not an object cannot take a type")
}

// Members are matched by their exact name: an "ID" member is not the id,
// so decoding and re-encoding such a step changes nothing.
func TestUnknownStepHeadsMatchExactly(t *testing.T) {
	in := `{"step_type":"x","ID":"upper","Step_Type":"y"}`
	s, err := decodeStep([]byte(in))
	require.NoError(t, err)
	assert.Equal(t, "", s.StepID())
	assert.Equal(t, "x", s.StepType())
	out, err := json.Marshal(s)
	require.NoError(t, err)
	assert.Equal(t, in, string(out))

	var direct UnknownStep
	require.NoError(t, json.Unmarshal([]byte(in), &direct))
	assert.Equal(t, "", direct.ID)
}

// UnknownAuth.Type is what is sent as auth_type, in a step or alone.
func TestUnknownAuthTypeIsSent(t *testing.T) {
	step := &RequestStep{Method: http.MethodGet, URL: "https://x", Auth: &UnknownAuth{Type: "digest", Raw: json.RawMessage(`{"username":"u","realm":"r"}`)}}
	out, err := json.Marshal(Step(step))
	require.NoError(t, err)
	assert.JSONEq(t, `{"step_type":"request","method":"GET","url":"https://x","auth":{"auth_type":"digest","username":"u","realm":"r"}}`, string(out))

	in := `{"realm":"r","auth_type":"digest","username":"u"}`
	a, err := decodeAuth([]byte(in))
	require.NoError(t, err)
	out, err = json.Marshal(a)
	require.NoError(t, err)
	assert.Equal(t, in, string(out), "unchanged: byte for byte")

	a.(*UnknownAuth).Type = "digest2"
	out, err = json.Marshal(a)
	require.NoError(t, err)
	assert.Equal(t, `{"auth_type":"digest2","realm":"r","username":"u"}`, string(out))

	var direct UnknownAuth
	require.NoError(t, json.Unmarshal([]byte(`{"Auth_Type":"x"}`), &direct))
	assert.Equal(t, "", direct.Type, "names match exactly")
}

// Type, ID and an UnknownAuth's Type are written as JSON strings whatever
// they hold: control characters and runes Go would quote as \x.. or \U...
// are escaped the way JSON escapes them, so the step still encodes.
func TestUnknownHeadsAreJSONStrings(t *testing.T) {
	for _, value := range []string{"in\x7fbound", "tab\there", "bell\a", "\U0010FFFF", `q"uote\`, "<&>"} {
		step := UnknownStep{ID: value, Type: value, Raw: json.RawMessage(`{"note":"n"}`)}
		out, err := json.Marshal(step)
		require.NoError(t, err, "%q", value)
		var back map[string]string
		require.NoError(t, json.Unmarshal(out, &back))
		assert.Equal(t, map[string]string{"step_type": value, "id": value, "note": "n"}, back)

		out, err = json.Marshal(UnknownAuth{Type: value, Raw: json.RawMessage(`{"realm":"r"}`)})
		require.NoError(t, err, "%q", value)
		var auth map[string]string
		require.NoError(t, json.Unmarshal(out, &auth))
		assert.Equal(t, map[string]string{"auth_type": value, "realm": "r"}, auth)
	}
}
