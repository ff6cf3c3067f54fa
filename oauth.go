package runscope

import "golang.org/x/oauth2"

// Endpoint is Runscope's OAuth 2 endpoint for the web application flow.
// Runscope reads the client credentials from the request parameters, not
// from HTTP basic auth.
var Endpoint = oauth2.Endpoint{
	AuthURL:   "https://www.runscope.com/signin/oauth/authorize",
	TokenURL:  "https://www.runscope.com/signin/oauth/access_token",
	AuthStyle: oauth2.AuthStyleInParams,
}

// OAuth 2 scopes an application can ask for. They are plain strings because
// package oauth2 takes strings.
const (
	ScopeAPIRead         = "api:read"          // default read access: account, buckets and most other data
	ScopeAccountEmail    = "account:email"     // the email addresses of user accounts
	ScopeBucketAuthToken = "bucket:auth_token" // authenticated buckets
	ScopeBucketWrite     = "bucket:write"      // all bucket information, authenticated buckets included
	ScopeMessageWrite    = "message:write"     // create buckets on the user's behalf
	ScopeTeamRead        = "team:read"         // team members and integrations
	ScopeTestRead        = "test:read"         // the details of API tests
	ScopeTestWrite       = "test:write"        // update and delete API tests
)

// OAuthConfig returns the configuration for sending users through
// Runscope's web application flow:
//
//	conf := runscope.OAuthConfig(id, secret, "https://example.com/callback", runscope.ScopeAPIRead)
//	http.Redirect(w, r, conf.AuthCodeURL(state), http.StatusFound)
//	// ... in the callback handler, after checking state:
//	tok, err := conf.Exchange(ctx, r.FormValue("code"))
//	client, err := runscope.NewClient(runscope.WithTokenSource(conf.TokenSource(ctx, tok)))
//
// Without scopes the application gets ScopeAPIRead.
func OAuthConfig(clientID, clientSecret, redirectURL string, scopes ...string) *oauth2.Config {
	return &oauth2.Config{
		ClientID:     clientID,
		ClientSecret: clientSecret,
		RedirectURL:  redirectURL,
		Scopes:       scopes,
		Endpoint:     Endpoint,
	}
}
