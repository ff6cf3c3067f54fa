package runscope

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewClientDefaults(t *testing.T) {
	c, err := NewClient()
	require.NoError(t, err)
	assert.Equal(t, DefaultBaseURL, c.BaseURL())
	assert.Equal(t, defaultRetryPolicy, c.retry)
	for name, svc := range map[string]any{
		"Tests": c.Tests, "Steps": c.Steps, "Environments": c.Environments, "Schedules": c.Schedules,
		"Results": c.Results, "Metrics": c.Metrics, "Buckets": c.Buckets, "Teams": c.Teams,
		"Roles": c.Roles, "Groups": c.Groups, "Usage": c.Usage,
	} {
		assert.NotNil(t, svc, name)
	}
}

func TestNewClientOptionErrors(t *testing.T) {
	cases := map[string]struct {
		opt Option
		arg string
	}{
		"empty token":            {WithToken(" "), "token"},
		"nil token source":       {WithTokenSource(nil), "tokenSource"},
		"nil http client":        {WithHTTPClient(nil), "httpClient"},
		"plain http remote":      {WithBaseURL("http://api.runscope.com/"), "baseURL"},
		"plain http by IP":       {WithBaseURL("http://10.0.0.8:8080/"), "baseURL"},
		"relative":               {WithBaseURL("/v1/"), "baseURL"},
		"credentials in url":     {WithBaseURL("https://user:pw@api.runscope.com/"), "baseURL"},
		"other scheme":           {WithBaseURL("ftp://api.runscope.com/"), "baseURL"},
		"header injection in ua": {WithUserAgent("x\r\nAuthorization: y"), "userAgent"},
		"negative retries":       {WithRetry(RetryPolicy{MaxRetries: -1}), "policy.MaxRetries"},
		"min above max":          {WithRetry(RetryPolicy{MinBackoff: time.Minute, MaxBackoff: time.Second}), "policy.MinBackoff"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c, err := NewClient(tc.opt)
			assert.Nil(t, c)
			var ae *ArgError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tc.arg, ae.Arg)
		})
	}
}

func TestWithBaseURLLoopbackHTTP(t *testing.T) {
	for _, raw := range []string{"http://127.0.0.1:8080", "http://localhost/api", "http://[::1]:9/"} {
		c, err := NewClient(WithBaseURL(raw))
		require.NoError(t, err, raw)
		assert.True(t, strings.HasSuffix(c.BaseURL(), "/"), "base URL ends with a slash: %s", c.BaseURL())
	}
}

func TestWithHTTPClientNotMutated(t *testing.T) {
	mt := httpmock.NewMockTransport()
	hc := &http.Client{Transport: mt, Timeout: 7 * time.Second}
	c, err := NewClient(WithHTTPClient(hc), WithToken(testToken))
	require.NoError(t, err)
	assert.Same(t, mt, hc.Transport, "the caller's client keeps its transport")
	assert.Equal(t, 7*time.Second, c.httpClient.Timeout, "the copy keeps the caller's settings")
	assert.NotSame(t, hc, c.httpClient)
}

func TestUserAgent(t *testing.T) {
	c, mux := setup(t, WithUserAgent("ci-gate/2.0"))
	mux.HandleFunc("GET /account", func(w http.ResponseWriter, r *http.Request) {
		want := fmt.Sprintf("runscope-go/%s (%s; %s/%s) ci-gate/2.0", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
		assert.Equal(t, want, r.Header.Get("User-Agent"))
		assert.Equal(t, "Bearer "+testToken, r.Header.Get("Authorization"))
		assert.Equal(t, "application/json", r.Header.Get("Accept"))
		fmt.Fprint(w, `{"data":{"name":"Grace"},"meta":{"status":"success"}}`)
	})
	_, _, err := c.Account(context.Background())
	require.NoError(t, err)
}

// The 403 a missing or bad token gets, as other clients saw it.
const forbiddenBody = `{"data":null,"error":{"status":403,"message":"Forbidden: The access token provided is invalid.","more_info":"https://www.runscope.com/docs/api/authentication"},"meta":{"status":"error"}}`
