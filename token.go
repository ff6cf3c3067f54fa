package runscope

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"

	"golang.org/x/oauth2"
)

// authTransport adds the bearer token to requests for the API's own host
// and to nothing else: not to a redirect elsewhere, not to a plain-http
// downgrade of the same host.
type authTransport struct {
	next         http.RoundTripper
	tokens       oauth2.TokenSource
	scheme, host string
	lastToken    atomic.Pointer[string] // scrubbed from error texts
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.tokens == nil || req.URL.Host != t.host || req.URL.Scheme != t.scheme {
		return t.next.RoundTrip(req)
	}
	tok, err := t.tokens.Token()
	if err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, fmt.Errorf("runscope: obtaining an access token: %w", err)
	}
	if p := t.lastToken.Load(); p == nil || *p != tok.AccessToken {
		t.lastToken.Store(&tok.AccessToken)
	}
	authed := req.Clone(req.Context())
	tok.SetAuthHeader(authed)
	return t.next.RoundTrip(authed)
}

// redact removes the last token sent from s, in case a server echoes it
// back in an error message.
func (t *authTransport) redact(s string) string {
	if p := t.lastToken.Load(); p != nil && len(*p) >= 4 && strings.Contains(s, *p) {
		return strings.ReplaceAll(s, *p, "[REDACTED]")
	}
	return s
}
