package runscope

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"sync/atomic"

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
	lastHeader   atomic.Pointer[authHeader]
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
	// A RoundTripper must not change the request it was given: the token goes
	// on a copy with headers of its own. The header values are shared, as
	// nothing below changes them.
	authed := new(http.Request)
	*authed = *req
	authed.Header = make(http.Header, len(req.Header)+1)
	maps.Copy(authed.Header, req.Header)
	authed.Header["Authorization"] = []string{t.header(tok)}
	return t.next.RoundTrip(authed)
}

// header returns the Authorization value for tok, made once per token.
func (t *authTransport) header(tok *oauth2.Token) string {
	if h := t.lastHeader.Load(); h != nil && h.token == tok.AccessToken && h.kind == tok.TokenType {
		return h.value
	}
	h := &authHeader{token: tok.AccessToken, kind: tok.TokenType, value: tok.Type() + " " + tok.AccessToken}
	t.lastHeader.Store(h)
	return h.value
}

type authHeader struct{ token, kind, value string }

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
