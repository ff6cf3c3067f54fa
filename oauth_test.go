package runscope

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

func TestEndpoint(t *testing.T) {
	assert.Equal(t, "https://www.runscope.com/signin/oauth/authorize", Endpoint.AuthURL)
	assert.Equal(t, "https://www.runscope.com/signin/oauth/access_token", Endpoint.TokenURL)
	assert.Equal(t, oauth2.AuthStyleInParams, Endpoint.AuthStyle)
}

func TestScopes(t *testing.T) {
	assert.Equal(t, []string{"api:read", "account:email", "bucket:auth_token", "bucket:write", "message:write", "team:read", "test:read", "test:write"},
		[]string{ScopeAPIRead, ScopeAccountEmail, ScopeBucketAuthToken, ScopeBucketWrite, ScopeMessageWrite, ScopeTeamRead, ScopeTestRead, ScopeTestWrite})
}

func TestAuthCodeURL(t *testing.T) {
	conf := OAuthConfig("client-1", "secret-1", "https://example.com/callback", ScopeAPIRead, ScopeMessageWrite)
	raw := conf.AuthCodeURL("random_value")
	u, err := url.Parse(raw)
	require.NoError(t, err)
	assert.Equal(t, "www.runscope.com", u.Host)
	assert.Equal(t, "/signin/oauth/authorize", u.Path)
	q := u.Query()
	assert.Equal(t, "client-1", q.Get("client_id"))
	assert.Equal(t, "https://example.com/callback", q.Get("redirect_uri"))
	assert.Equal(t, "code", q.Get("response_type"))
	assert.Equal(t, "api:read message:write", q.Get("scope"), "scopes are space separated")
	assert.Equal(t, "random_value", q.Get("state"))
	assert.Empty(t, q.Get("client_secret"), "the secret never goes to the browser")
}

func TestExchange(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		assert.Equal(t, "/signin/oauth/access_token", r.URL.Path)
		require.NoError(t, r.ParseForm())
		assert.Equal(t, "client-1", r.Form.Get("client_id"))
		assert.Equal(t, "secret-1", r.Form.Get("client_secret"))
		assert.Equal(t, "38a6c89f-7c15-4c95-ab48-8b733849958b", r.Form.Get("code"))
		assert.Equal(t, "authorization_code", r.Form.Get("grant_type"))
		assert.Equal(t, "https://my.domain.com", r.Form.Get("redirect_uri"))
		_, _, hasBasic := r.BasicAuth()
		assert.False(t, hasBasic, "credentials travel as parameters")
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"access_token":"43541d4a-c4b0-43b1-bd26-33231e06b71d","token_type":"bearer"}`)
	}))
	defer srv.Close()

	conf := OAuthConfig("client-1", "secret-1", "https://my.domain.com", ScopeAPIRead)
	conf.Endpoint.TokenURL = srv.URL + "/signin/oauth/access_token"
	tok, err := conf.Exchange(context.Background(), "38a6c89f-7c15-4c95-ab48-8b733849958b")
	require.NoError(t, err)
	assert.Equal(t, "43541d4a-c4b0-43b1-bd26-33231e06b71d", tok.AccessToken)
	assert.Equal(t, "Bearer", tok.Type())

	// The token then authenticates API calls.
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "Bearer 43541d4a-c4b0-43b1-bd26-33231e06b71d", r.Header.Get("Authorization"))
		fmt.Fprint(w, `{"data":{"name":"Grace Hopper"}}`)
	}))
	defer api.Close()
	c, err := NewClient(WithBaseURL(api.URL), WithTokenSource(conf.TokenSource(context.Background(), tok)))
	require.NoError(t, err)
	acct, _, err := c.Account(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "Grace Hopper", acct.Name)
}
