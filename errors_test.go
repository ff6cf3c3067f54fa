package runscope

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAPIErrorObject(t *testing.T) {
	c, mt := mockClient(t)
	mt.RegisterResponder(http.MethodGet, "https://api.runscope.com/account", httpmock.NewStringResponder(403, forbiddenBody))
	_, resp, err := c.Account(context.Background())
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 403, apiErr.StatusCode)
	assert.Equal(t, "Forbidden: The access token provided is invalid.", apiErr.Message)
	assert.Equal(t, "https://www.runscope.com/docs/api/authentication", apiErr.MoreInfo)
	assert.Equal(t, http.MethodGet, apiErr.Method)
	assert.Equal(t, "https://api.runscope.com/account", apiErr.URL)
	assert.Equal(t, forbiddenBody, string(apiErr.Body))
	assert.Equal(t, 1, apiErr.Attempts)
	assert.ErrorIs(t, err, ErrForbidden)
	assert.NotErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrServer)
	assert.Equal(t, 403, resp.StatusCode)
	assert.Equal(t, "runscope: GET https://api.runscope.com/account: 403 Forbidden: Forbidden: The access token provided is invalid. (see https://www.runscope.com/docs/api/authentication)", err.Error())
}

func TestAPIErrorString(t *testing.T) {
	c, mt := mockClient(t)
	body := `{"error":"Email user01@gmail.com is not part of the bucket q4nomk5x1yk7","meta":{"status":"error"}}`
	mt.RegisterResponder(http.MethodDelete, "https://api.runscope.com/things", httpmock.NewStringResponder(400, body))
	_, err := callNoData(context.Background(), c, http.MethodDelete, at("things"), nil, nil)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 400, apiErr.StatusCode)
	assert.Equal(t, "Email user01@gmail.com is not part of the bucket q4nomk5x1yk7", apiErr.Message)
	assert.ErrorIs(t, err, ErrBadRequest)
}

func TestAPIErrorInSuccessStatus(t *testing.T) {
	cases := map[string]struct {
		body       string
		wantStatus int
		wantMsg    string
	}{
		"object": {`{"data":null,"error":{"status":404,"message":"Test not found"},"meta":{"status":"error"}}`, 404, "Test not found"},
		"string": {`{"meta":{"status":"error"},"error":"Email x is not part of the bucket y"}`, 200, "Email x is not part of the bucket y"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c, mt := mockClient(t)
			mt.RegisterResponder(http.MethodGet, "https://api.runscope.com/things", httpmock.NewStringResponder(200, tc.body))
			_, _, err := call[map[string]any](context.Background(), c, http.MethodGet, at("things"), nil, nil)
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tc.wantStatus, apiErr.StatusCode)
			assert.Equal(t, tc.wantMsg, apiErr.Message)
		})
	}
}

func TestAPIErrorHTML502(t *testing.T) {
	c, mt := mockClient(t, WithRetry(RetryPolicy{}))
	html := "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>"
	mt.RegisterResponder(http.MethodGet, "https://api.runscope.com/account",
		httpmock.NewStringResponder(502, html).HeaderSet(http.Header{"Content-Type": {"text/html"}}))
	_, _, err := c.Account(context.Background())
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 502, apiErr.StatusCode)
	assert.Equal(t, "Bad Gateway", apiErr.Message)
	assert.Equal(t, html, string(apiErr.Body))
	assert.ErrorIs(t, err, ErrServer)
}

func TestAPIErrorBodyIsBounded(t *testing.T) {
	c, mt := mockClient(t)
	big := bytes.Repeat([]byte("x"), maxErrorBody+5000)
	mt.RegisterResponder(http.MethodGet, "https://api.runscope.com/account", httpmock.NewBytesResponder(500, big))
	_, _, err := c.Account(context.Background())
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Len(t, apiErr.Body, maxErrorBody)
}

func TestTransportErrorHasNoToken(t *testing.T) {
	c, mt := mockClient(t, WithRetry(RetryPolicy{}))
	mt.RegisterResponder(http.MethodGet, "https://api.runscope.com/account",
		httpmock.NewErrorResponder(errors.New("proxy said: bad credentials Bearer "+testToken)))
	_, _, err := c.Account(context.Background())
	require.Error(t, err)
	assert.NotContains(t, err.Error(), testToken)
}
