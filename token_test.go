package runscope

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
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

// rotatingTokens hands out a new token on every call, as a token source
// does when each token expires at once.
type rotatingTokens struct{ n atomic.Int32 }

func (r *rotatingTokens) Token() (*oauth2.Token, error) {
	return &oauth2.Token{AccessToken: fmt.Sprintf("rotated-%04d-secret", r.n.Add(1)), TokenType: "Bearer", Expiry: time.Now()}, nil
}

// Issue 10, defect 6: request A leaves with token 1, request B takes token
// 2, then A's 403 echoes token 1: A's error must not hold it.
func TestRotatedTokenScrubbedFromItsRequestsError(t *testing.T) {
	var logs bytes.Buffer
	c, mux := setup(t, WithTokenSource(&rotatingTokens{}), WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	aArrived, bDone := make(chan string, 1), make(chan struct{})
	mux.HandleFunc("GET /buckets/a/tests/t", func(w http.ResponseWriter, r *http.Request) {
		aArrived <- r.Header.Get("Authorization")
		<-bDone
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintf(w, `{"error":{"status":403,"message":"token %s is revoked"}}`, strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
	})
	mux.HandleFunc("GET /buckets/b/tests/t", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"data":{"id":"t"}}`)
	})
	errA := make(chan error, 1)
	go func() {
		_, _, err := c.Tests.Get(context.Background(), "a", "t")
		errA <- err
	}()
	tokenA := strings.TrimPrefix(<-aArrived, "Bearer ")
	require.NotEmpty(t, tokenA)
	_, _, err := c.Tests.Get(context.Background(), "b", "t")
	require.NoError(t, err)
	close(bDone)
	err = <-errA
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Contains(t, apiErr.Message, "is revoked")
	for _, text := range []string{err.Error(), apiErr.Message, string(apiErr.Body), fmt.Sprintf("%#v", apiErr), logs.String()} {
		assert.NotContains(t, text, tokenA)
	}
}

// A redirect to another port of the API's host is another server: no
// token. A chain that passes through another host carries no token for the
// rest of its hops, even back on the API's host, since the other host chose
// where they go.
func TestRedirectsThroughOtherServersCarryNoToken(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := newMemNet()
		var mu sync.Mutex
		auth := map[string]string{}
		record := func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			auth[r.Host+r.URL.Path] = r.Header.Get("Authorization")
			mu.Unlock()
		}
		api := n.server(t, "127.0.0.1:1001", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			record(w, r)
			switch r.URL.Path {
			case "/account":
				http.Redirect(w, r, "http://127.0.0.1:1002/hop", http.StatusFound)
			case "/regions":
				http.Redirect(w, r, "http://other.test:1001/hop", http.StatusFound)
			default:
				fmt.Fprint(w, `{"data":{"name":"back home"}}`)
			}
		}))
		otherPort := n.server(t, "127.0.0.1:1002", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			record(w, r)
			fmt.Fprint(w, `{"data":{"name":"other port"}}`)
		}))
		_ = otherPort
		n.server(t, "other.test:1001", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			record(w, r)
			http.Redirect(w, r, api.URL+"/back", http.StatusFound)
		}))
		c := memClient(t, n, api)
		acct, _, err := c.Account(context.Background())
		require.NoError(t, err)
		assert.Equal(t, "other port", acct.Name)
		_, _, err = c.Regions(context.Background())
		require.NoError(t, err)
		assert.Equal(t, "Bearer "+testToken, auth["127.0.0.1:1001/account"], "the API's own host gets the token")
		assert.Empty(t, auth["127.0.0.1:1002/hop"], "another port")
		assert.Empty(t, auth["other.test:1001/hop"], "another host")
		assert.Empty(t, auth["127.0.0.1:1001/back"], "back on the API's host after another host")
	})
}
