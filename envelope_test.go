package runscope

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecodeEnvelopeShapes(t *testing.T) {
	type item struct {
		ID string `json:"id"`
	}
	cases := map[string]struct {
		body     string
		want     []item
		wantMeta Meta
	}{
		"envelope, data first":      {`{"data":[{"id":"a"},{"id":"b"}],"error":null,"meta":{"status":"success"}}`, []item{{"a"}, {"b"}}, Meta{"success"}},
		"envelope, meta first":      {`{"meta":{"status":"success"},"data":[{"id":"a"}]}`, []item{{"a"}}, Meta{"success"}},
		"envelope, error first":     {` {"error":null,"meta":{"status":"success"},"extra":{"x":[1]},"data":[{"id":"a"}]}`, []item{{"a"}}, Meta{"success"}},
		"bare array":                {"\n[{\"id\":\"a\"},{\"id\":\"b\"}]", []item{{"a"}, {"b"}}, Meta{}},
		"bare object as a list":     {`{"id":"a","name":"only one"}`, []item{{"a"}}, Meta{}},
		"envelope object as a list": {`{"data":{"id":"a"}}`, []item{{"a"}}, Meta{}},
		"null data":                 {`{"data":null,"meta":{"status":"success"}}`, nil, Meta{"success"}},
		"empty body":                {``, nil, Meta{}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c, mt := mockClient(t)
			mt.RegisterResponder(http.MethodGet, "https://api.runscope.com/things", httpmock.NewStringResponder(200, tc.body))
			got, resp, err := callList[item](context.Background(), c, http.MethodGet, at("things"), nil, nil)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.wantMeta, resp.Meta)
			assert.Equal(t, 1, resp.Attempts)
		})
	}
}

func TestDecodeBareObjectWithLongFirstMember(t *testing.T) {
	long := strings.Repeat("k", 10000)
	body := `{"` + long + `":1,"id":"a"}`
	var v map[string]any
	_, err := decodeBody(strings.NewReader(body), &v, new(Meta))
	require.NoError(t, err)
	assert.Equal(t, "a", v["id"])
}

func TestDecodeMalformedSuccessBody(t *testing.T) {
	c, mt := mockClient(t)
	mt.RegisterResponder(http.MethodGet, "https://api.runscope.com/account", httpmock.NewStringResponder(200, `{"data":{"name":`))
	_, _, err := c.Account(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "decoding the response to GET /account")
	var apiErr *APIError
	assert.False(t, errors.As(err, &apiErr), "a body that does not decode is not an API error")
}

// Do decodes into the caller's value with encoding/json's rules, envelope
// or not: a user's own types behave as they always do.
func TestDoDecodesWithEncodingJSONRules(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /custom", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"meta":{"status":"success"},"data":{"count":3,"name":"x"},"error":null}`)
	})
	mux.HandleFunc("GET /bare", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `[{"count":4}]`)
	})
	req, err := c.NewRequest(context.Background(), http.MethodGet, "custom", nil)
	require.NoError(t, err)
	var v map[string]any
	resp, err := c.Do(req, &v)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"count": float64(3), "name": "x"}, v)
	assert.Equal(t, "success", resp.Meta.Status)

	req, err = c.NewRequest(context.Background(), http.MethodGet, "bare", nil)
	require.NoError(t, err)
	var list []struct{ Count int }
	_, err = c.Do(req, &list)
	require.NoError(t, err)
	assert.Equal(t, 4, list[0].Count)

	_, err = c.Do(req, nil)
	assert.NoError(t, err, "a nil v discards the data")
}
