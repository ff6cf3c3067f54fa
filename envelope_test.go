package runscope

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"testing/synctest"
	"time"

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
	found, err := decodeAnswer([]byte(body), answer{v: &v}, new(Meta))
	require.NoError(t, err)
	assert.True(t, found.Bare)
	assert.Equal(t, "a", v["id"])
}

// A complete 2xx body that is not valid JSON, such as a truncated
// envelope, is the server's failure: an *APIError saying so. (A body the
// network cut off is a transport error instead; see TestBodyCutMidStream.)
func TestDecodeMalformedSuccessBody(t *testing.T) {
	c, mt := mockClient(t)
	mt.RegisterResponder(http.MethodGet, "https://api.runscope.com/account", httpmock.NewStringResponder(200, `{"data":{"name":`))
	_, _, err := c.Account(context.Background())
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "the response body is not JSON: unexpected end of JSON input (offset 16)", apiErr.Message)
	assert.Equal(t, `{"data":{"name":`, string(apiErr.Body))
}

// A data member that cannot be the call's value at all is an *APIError
// that names the request, wrapping a DecodeError (see
// TestAnswerOfTheWrongShape for the paths).
func TestDecodeMistypedData(t *testing.T) {
	c, mt := mockClient(t)
	mt.RegisterResponder(http.MethodGet, "https://api.runscope.com/account", httpmock.NewStringResponder(200, `{"data":"a string"}`))
	_, _, err := c.Account(context.Background())
	require.ErrorContains(t, err, "GET https://api.runscope.com/account: 200 OK: the response does not fit: account: JSON string does not fit runscope.Account")
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, `{"data":"a string"}`, string(apiErr.Body))
	assert.ErrorIs(t, err, ErrDecode)
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

// Issue 10, defect 2: a 2xx body that is not JSON is an *APIError that
// says so, even when it starts with "n" like null; only null is null.
func TestSuccessBodyNotJSONIsAnAPIError(t *testing.T) {
	for _, body := range []string{"nope", "not found", "nginx: upstream timed out", "nul", "nullx", "<html>ok</html>", `{"data":{"id":"x"}} trailing`} {
		t.Run(body, func(t *testing.T) {
			c, mt := mockClient(t)
			mt.RegisterNoResponder(httpmock.NewStringResponder(200, body))
			test, _, err := c.Tests.Get(context.Background(), "bkt", "tst")
			assert.Nil(t, test)
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, 200, apiErr.StatusCode)
			assert.Contains(t, apiErr.Message, "not JSON")
			assert.Equal(t, body, string(apiErr.Body))

			_, err = c.Tests.Delete(context.Background(), "bkt", "tst")
			require.ErrorAs(t, err, &apiErr, "a delete answered with something that is not JSON did not clearly succeed")
			assert.Contains(t, apiErr.Message, "not JSON")
		})
	}
	c, mt := mockClient(t)
	mt.RegisterNoResponder(httpmock.NewStringResponder(200, " null\n"))
	_, err := c.Tests.Delete(context.Background(), "bkt", "tst")
	assert.NoError(t, err, "null is JSON: no data")
}

// Issue 10, defect 3: white space of any length before or inside the
// envelope is white space.
func TestLongLeadingWhitespace(t *testing.T) {
	spaces := strings.Repeat(" ", 5000)
	cases := map[string]string{
		"before the envelope":  spaces + `{"data":{"id":"t1"},"error":null}`,
		"inside the envelope":  `{` + spaces + `"data":{"id":"t1"}}`,
		"before a bare object": spaces + "\n\t" + `{"id":"t1"}`,
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			c, mt := mockClient(t)
			mt.RegisterNoResponder(httpmock.NewStringResponder(200, body))
			test, _, err := c.Tests.Get(context.Background(), "bkt", "tst")
			require.NoError(t, err)
			assert.Equal(t, "t1", test.ID)
		})
	}
	c, mt := mockClient(t)
	mt.RegisterNoResponder(httpmock.NewStringResponder(200, spaces+`{"error":{"status":404,"message":"gone"},"data":null}`))
	_, err := c.Tests.Delete(context.Background(), "bkt", "tst")
	assert.ErrorIs(t, err, ErrNotFound, "an error envelope after white space is an error")
}

// Issue 10, defect 4: no method returns a nil value and a nil error. An
// answer without data is an *APIError for a method that promises a value,
// an empty list for a list, and success for a method that returns nothing.
func TestAnswerWithoutData(t *testing.T) {
	calls := everyCall(t)
	for _, body := range []string{"", "  ", "null", "{}", `{"data":null}`, `{"meta":{"status":"success"},"error":null}`} {
		t.Run(body, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, mt := mockClient(t)
				mt.RegisterNoResponder(httpmock.NewStringResponder(200, body))
				for _, sc := range calls {
					ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
					res := sc.run(ctx, c, func(int) string { return "x" })
					cancel()
					require.Nil(t, res.panicked, sc.name)
					switch {
					case sc.name == "Results.Wait" || sc.name == "Results.WaitAll":
						// Documented: an empty answer says nothing about the run; Wait polls on.
						assert.ErrorIs(t, res.err, context.DeadlineExceeded, sc.name)
					case sc.promise:
						assert.True(t, res.nilValue(), sc.name)
						var apiErr *APIError
						if assert.ErrorAs(t, res.err, &apiErr, sc.name) {
							assert.Equal(t, 200, apiErr.StatusCode, sc.name)
							assert.Contains(t, apiErr.Message, "no data", sc.name)
							assert.NotContains(t, apiErr.URL, "?x", sc.name)
						}
					default:
						assert.NoError(t, res.err, sc.name)
						if res.value.IsValid() && res.value.Kind() == reflect.Slice {
							assert.Zero(t, res.value.Len(), sc.name)
						}
					}
				}
			})
		})
	}
}

// A body is the envelope when it is an object whose first member is data,
// meta or error. An object that starts with another member is the bare
// data, even when data or error comes later: models have members with
// those names (a request step's data, a run's error).
func TestEnvelopeClassifiedByFirstMember(t *testing.T) {
	c, mt := mockClient(t)
	mt.RegisterNoResponder(httpmock.NewStringResponder(200, `{"id":"x","error":"y","data":"z"}`))
	got, _, err := call[map[string]any](context.Background(), c, http.MethodGet, at("things"), nil, nil)
	require.NoError(t, err, "a bare object with an error member is data, not a failure")
	assert.Equal(t, map[string]any{"id": "x", "error": "y", "data": "z"}, got)

	mt.RegisterNoResponder(httpmock.NewStringResponder(200, `{"error":"y","id":"x"}`))
	_, _, err = call[map[string]any](context.Background(), c, http.MethodGet, at("things"), nil, nil)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr, "an object that starts with error is an envelope")
	assert.Equal(t, "y", apiErr.Message)
}

// Bodies are read into pooled buffers that the next call reuses: nothing a
// call returned may point into them. The calls after the first answer with
// a body of the same length whose strings differ, so that a value pointing
// into the buffer would change.
func TestPooledBodiesDoNotLeakIntoValues(t *testing.T) {
	body := envelopeOf(generateTest(50))
	other := upperInStrings(body, 'e')
	c, mt := mockClient(t)
	var n int
	mt.RegisterNoResponder(func(*http.Request) (*http.Response, error) {
		if n++; n == 1 {
			return httpmock.NewBytesResponse(200, body), nil
		}
		return httpmock.NewBytesResponse(200, other), nil
	})
	first, _, err := c.Tests.Get(context.Background(), "bkt", "tst")
	require.NoError(t, err)
	for range 5 {
		_, _, err := c.Tests.Get(context.Background(), "bkt", "tst")
		require.NoError(t, err)
	}
	out, err := json.Marshal(first)
	require.NoError(t, err)
	assertJSONSemEq(t, generateTest(50), out)
}

// upperInStrings returns a copy of JSON b with the letter c upper-cased
// inside string literals (member names included).
func upperInStrings(b []byte, c byte) []byte {
	out := bytes.Clone(b)
	in := false
	for i := 0; i < len(out); i++ {
		switch {
		case in && out[i] == '\\':
			i++
		case out[i] == '"':
			in = !in
		case in && out[i] == c:
			out[i] = c - 'a' + 'A'
		}
	}
	return out
}
