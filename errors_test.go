package runscope

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
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

// Issue 10, defect 8: APIError.Body stays within 1 MiB after a short token
// echoed through a large body is replaced by the longer [REDACTED].
func TestAPIErrorBodyBoundedAfterScrubbing(t *testing.T) {
	const short = "tok5z"
	c, mt := mockClient(t, WithToken(short))
	echo := bytes.Repeat([]byte(short+" "), 2<<20/(len(short)+1))
	mt.RegisterNoResponder(httpmock.NewBytesResponder(500, echo))
	_, _, err := c.Account(context.Background())
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.LessOrEqual(t, len(apiErr.Body), maxErrorBody)
	assert.NotContains(t, string(apiErr.Body), short)
	assert.True(t, bytes.HasPrefix(apiErr.Body, []byte("[REDACTED] [REDACTED] ")), "%.40q", apiErr.Body)
}

// A token that straddles the 1 MiB limit is scrubbed too: not even a
// prefix of it is kept.
func TestAPIErrorBodyTokenAtTheLimit(t *testing.T) {
	c, mt := mockClient(t)
	body := append(bytes.Repeat([]byte("x"), maxErrorBody-5), testToken...)
	mt.RegisterNoResponder(httpmock.NewBytesResponder(500, body))
	_, _, err := c.Account(context.Background())
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Len(t, apiErr.Body, maxErrorBody)
	assert.NotContains(t, string(apiErr.Body), testToken[:5])
}

// Issue 9: trigger IDs are secrets (a trigger URL starts runs without a
// token). Every URL the SDK reports masks them to their last 4 characters:
// APIError.URL, error texts of API and transport errors, log records.
func TestTriggerIDsMaskedInReports(t *testing.T) {
	const id = "b96ecee2-cce6-4d80-8f07-33ac22a22ebd"
	calls := map[string]func(context.Context, *Client) error{
		"Tests.Trigger": func(ctx context.Context, c *Client) error {
			return errOf3(c.Tests.Trigger(ctx, "https://api.runscope.com/radar/"+id+"/trigger", nil))
		},
		"Tests.TriggerBatch": func(ctx context.Context, c *Client) error {
			return errOf3(c.Tests.TriggerBatch(ctx, id, []TriggerOptions{{}}))
		},
		"Buckets.Trigger": func(ctx context.Context, c *Client) error { return errOf3(c.Buckets.Trigger(ctx, id, nil)) },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			for _, answer := range []httpmock.Responder{
				httpmock.NewStringResponder(404, `{"error":{"status":404,"message":"no trigger `+id+`"}}`),
				httpmock.NewErrorResponder(dialError()),
			} {
				var logs bytes.Buffer
				c, mt := mockClient(t, WithLogger(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))), WithRetry(RetryPolicy{}))
				mt.RegisterNoResponder(answer)
				err := call(context.Background(), c)
				require.Error(t, err)
				assert.Contains(t, err.Error(), "2ebd", "the last 4 characters stay, to tell triggers apart")
				var apiErr *APIError
				if errors.As(err, &apiErr) {
					assert.NotContains(t, apiErr.URL, id)
					assert.Contains(t, apiErr.URL, "/radar/")
					assert.NotContains(t, apiErr.Message, id)
					assert.NotContains(t, string(apiErr.Body), id)
				}
				for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), logs.String()} {
					assert.NotContains(t, text, id)
					assert.NotContains(t, text, id[:8])
				}
				assert.Contains(t, logs.String(), "2ebd")
			}
		})
	}
	c, mt := mockClient(t)
	for _, bad := range []string{
		"https://api.runscope.com/radar/bucket/" + id + "/trigger",
		"https://api.runscope.com/notradar/" + id + "/trigger",
		"://" + id,
	} {
		_, _, err := c.Tests.Trigger(context.Background(), bad, nil)
		var ae *ArgError
		require.ErrorAs(t, err, &ae)
		assert.NotContains(t, ae.Error(), id[:8], "an ArgError does not echo the trigger")
	}
	assert.Zero(t, mt.GetTotalCallCount())
}
