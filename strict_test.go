package runscope

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// serveJSON answers every request to pattern with body.
func serveJSON(mux *http.ServeMux, pattern, body string) {
	mux.HandleFunc(pattern, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	})
}

// The same mistyped answer decodes losslessly by default and fails a client
// with WithStrictDecoding, naming the member.
func TestStrictDecoding(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name, body, path, reason string
		call                     func(*Client) error
	}{
		{"bool gets a string", `{"data":{"id":"e","verify_ssl":"yes","fragment":1}}`,
			"environment.verify_ssl", "JSON string does not fit bool",
			func(c *Client) error { return errOf3(c.Environments.GetShared(ctx, "bkt", "env")) }},
		{"map of strings gets a number", `{"data":{"id":"e","initial_variables":{"a":1}}}`,
			"environment.initial_variables.a", "JSON number does not fit string",
			func(c *Client) error { return errOf3(c.Environments.GetShared(ctx, "bkt", "env")) }},
		{"first in field order", `{"data":{"verify_ssl":"yes","initial_variables":{"a":1}}}`,
			"environment.initial_variables.a", "JSON number does not fit string",
			func(c *Client) error { return errOf3(c.Environments.GetShared(ctx, "bkt", "env")) }},
		{"a list", `{"data":[{"id":"a"},{"id":"b","verify_ssl":"no"}]}`,
			"environments[1].verify_ssl", "JSON string does not fit bool",
			func(c *Client) error { return errOf3(c.Environments.ListShared(ctx, "bkt")) }},
		{"a step of a test", `{"data":{"id":"t","steps":[{"step_type":"pause","duration":1},{"step_type":"pause"},
			{"step_type":"request","skipped":"no"}]}}`,
			"test.steps[2].skipped", "JSON string does not fit bool",
			func(c *Client) error { return errOf3(c.Tests.Get(ctx, "bkt", "tst")) }},
		{"the steps of a test", `{"data":[{"step_type":"request","headers":{"X-Key":[1]}}]}`,
			"steps[0].headers", "JSON object does not fit runscope.Header: runscope: a header value is neither",
			func(c *Client) error { return errOf3(c.Steps.List(ctx, "bkt", "tst")) }},
		{"one step", `{"data":{"step_type":"pause","id":"s","duration":"5"}}`,
			"step.duration", "JSON string does not fit int",
			func(c *Client) error { return errOf3(c.Steps.Get(ctx, "bkt", "tst", "s")) }},
		{"a timestamp", `{"data":{"test_run_id":"r","started_at":"soon"}}`,
			"test_run.started_at", "JSON string does not fit runscope.Timestamp",
			func(c *Client) error { return errOf3(c.Results.Get(ctx, "bkt", "tst", "r")) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lenient, mux := setup(t)
			serveJSON(mux, "/", tt.body)
			require.NoError(t, tt.call(lenient), "lenient by default")

			strict, mux := setup(t, WithStrictDecoding())
			serveJSON(mux, "/", tt.body)
			err := tt.call(strict)
			require.ErrorIs(t, err, ErrDecode)
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, tt.path, de.Path)
			assert.Contains(t, de.Reason, tt.reason)
			assert.Equal(t, "runscope: decoding "+tt.path+": "+de.Reason, err.Error())
		})
	}
}

// Lenient decoding keeps the mistyped members and sends them back; strict
// decoding accepts members the models do not type.
func TestStrictDecodingKeepsWhatFits(t *testing.T) {
	ctx := context.Background()
	body := `{"data":{"id":"e","verify_ssl":"yes","initial_variables":{"a":1}}}`
	lenient, mux := setup(t)
	serveJSON(mux, "/", body)
	env, _, err := lenient.Environments.GetShared(ctx, "bkt", "env")
	require.NoError(t, err)
	assert.Nil(t, env.VerifySSL)
	assert.Nil(t, env.InitialVariables)
	b, err := json.Marshal(env)
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"e","verify_ssl":"yes","initial_variables":{"a":1}}`, string(b))

	strict, mux := setup(t, WithStrictDecoding())
	serveJSON(mux, "/", `{"data":{"id":"e","verify_ssl":false,"version":"2","fragment":{"x":[1]},"Verify_SSL":"x"}}`)
	env, _, err = strict.Environments.GetShared(ctx, "bkt", "env")
	require.NoError(t, err)
	assert.Equal(t, new(false), env.VerifySSL)
	assert.False(t, errors.Is(err, ErrDecode))
}

// An answer whose data cannot be the value a call returns at all (a string
// where a test belongs) has nowhere to be kept: in any mode it is an
// *APIError that names the request, and its cause is a *DecodeError with
// the path, matching ErrDecode.
func TestAnswerOfTheWrongShape(t *testing.T) {
	ctx := context.Background()
	for _, opts := range [][]Option{nil, {WithStrictDecoding()}} {
		c, mux := setup(t, opts...)
		mux.HandleFunc("/buckets/bkt/tests/t", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `{"data":"oops"}`)
		})
		mux.HandleFunc("/buckets/bkt/tests", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `{"data":[{"name":"a"},7]}`)
		})

		test, _, err := c.Tests.Get(ctx, "bkt", "t")
		assert.Nil(t, test)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, http.StatusOK, apiErr.StatusCode)
		assert.Contains(t, apiErr.Error(), "GET ")
		assert.ErrorIs(t, err, ErrDecode)
		var decodeErr *DecodeError
		require.ErrorAs(t, err, &decodeErr)
		assert.Equal(t, "test", decodeErr.Path)
		assert.Equal(t, "JSON string does not fit runscope.Test", decodeErr.Reason)

		tests, _, err := c.Tests.List(ctx, "bkt", nil)
		assert.Nil(t, tests)
		require.ErrorAs(t, err, &apiErr)
		require.ErrorAs(t, err, &decodeErr)
		assert.Equal(t, "tests[1]", decodeErr.Path)
		assert.False(t, errors.Is(err, ErrServer), "a 200 is not a server error")
	}
}
