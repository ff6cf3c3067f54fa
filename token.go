package runscope

import (
	"fmt"
	"net/http"
	"net/url"

	"golang.org/x/oauth2"
)

// authTransport adds the bearer token to requests for the API's own host
// and to nothing else: not to another host or port, not to a plain-http
// downgrade of the same host, and not to any hop of a redirect chain after
// it passed through another server, which chose where the chain goes next.
// The token of each attempt is noted on the call's exchange, so that the
// call's errors and log records can scrub it.
type authTransport struct {
	next         http.RoundTripper
	tokens       oauth2.TokenSource
	scheme, host string
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.tokens == nil || !t.ownServer(req.URL) || t.leftServer(req) {
		return t.next.RoundTrip(req)
	}
	tok, err := t.tokens.Token()
	if err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, fmt.Errorf("obtaining an access token: %w", err)
	}
	if x := exchangeOf(req.Context()); x != nil {
		x.carried(tok.AccessToken)
	}
	authed := req.Clone(req.Context())
	tok.SetAuthHeader(authed)
	return t.next.RoundTrip(authed)
}

func (t *authTransport) ownServer(u *url.URL) bool {
	return u.Host == t.host && u.Scheme == t.scheme
}

// leftServer reports a redirected request whose chain passed through
// another server; a hop of unknown origin counts as one.
func (t *authTransport) leftServer(req *http.Request) bool {
	for resp := req.Response; resp != nil; resp = resp.Request.Response {
		if resp.Request == nil || !t.ownServer(resp.Request.URL) {
			return true
		}
	}
	return false
}
