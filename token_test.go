package runscope

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRedirectToOtherHostCarriesNoToken(t *testing.T) {
	var otherAuth atomic.Value
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherAuth.Store(r.Header.Get("Authorization"))
		fmt.Fprint(w, `{"data":{"name":"elsewhere"}}`)
	}))
	defer other.Close()
	c, mux := setup(t)
	mux.HandleFunc("GET /account", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "Bearer "+testToken, r.Header.Get("Authorization"), "the API's own host gets the token")
		http.Redirect(w, r, other.URL+"/account", http.StatusFound)
	})
	acct, _, err := c.Account(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "elsewhere", acct.Name)
	assert.Equal(t, "", otherAuth.Load(), "the other host gets no Authorization header")
}

func TestTokenNeverLeaks(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, mux := setup(t, WithLogger(logger), WithRetry(RetryPolicy{MaxRetries: 1, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond}))
	echo := `{"error":{"status":403,"message":"token ` + testToken + ` is invalid","more_info":"https://x.test/?t=` + testToken + `"}}`
	mux.HandleFunc("GET /account", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, echo)
	})
	mux.HandleFunc("GET /things", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(w, `<html>`+r.Header.Get("Authorization")+`</html>`)
	})
	_, _, err1 := c.Account(context.Background())
	require.Error(t, err1)
	_, err2 := callNoData(context.Background(), c, http.MethodGet, at("things"), nil, nil)
	require.Error(t, err2)

	for _, err := range []error{err1, err2} {
		assert.NotContains(t, err.Error(), testToken)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.NotContains(t, string(apiErr.Body), testToken)
		assert.NotContains(t, apiErr.Message, testToken)
		assert.NotContains(t, apiErr.MoreInfo, testToken)
		assert.NotContains(t, fmt.Sprintf("%+v %#v", err, apiErr), testToken)
	}
	assert.NotEmpty(t, logs.String())
	assert.NotContains(t, logs.String(), testToken)
}

func TestDoWithoutTokenSendsNoAuthorization(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Empty(t, r.Header.Get("Authorization"))
		fmt.Fprint(w, `{"data":{"name":"anon"}}`)
	}))
	defer srv.Close()
	c, err := NewClient(WithBaseURL(srv.URL))
	require.NoError(t, err)
	acct, _, err := c.Account(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "anon", acct.Name)
}
