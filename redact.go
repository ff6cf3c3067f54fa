package runscope

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
)

// exchange is one call on its way through the pipeline: the caller's
// request, and the secrets that what the SDK reports about it (errors, log
// records) must not show: every token an attempt of it carried, and the
// trigger ID in its path. It is also the context its attempts are sent
// with, so that authTransport can note the tokens it adds, redirects
// included. Reports then scrub the tokens of their own request, whatever
// tokens other requests took meanwhile.
type exchange struct {
	context.Context
	req *http.Request

	mu     sync.Mutex
	token  string   // the first token carried: usually the only one
	tokens []string // any others
}

type exchangeKey struct{}

func newExchange(req *http.Request) *exchange {
	return &exchange{Context: req.Context(), req: req}
}

// Value makes the exchange findable from the requests sent with it.
func (x *exchange) Value(key any) any {
	if key == (exchangeKey{}) {
		return x
	}
	return x.Context.Value(key)
}

// exchangeOf returns the exchange a request was sent with, or nil.
func exchangeOf(ctx context.Context) *exchange {
	x, _ := ctx.Value(exchangeKey{}).(*exchange)
	return x
}

// carried records a token an attempt was sent with.
func (x *exchange) carried(token string) {
	if len(token) < minSecret {
		return // too short to be a credential; replacing it would garble texts
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	switch {
	case x.token == "":
		x.token = token
	case x.token != token && !slices.Contains(x.tokens, token):
		x.tokens = append(x.tokens, token)
	}
}

// minSecret is the shortest token scrubbed from texts, and minTriggerText
// the shortest trigger ID masked in free text (it is always masked in a
// URL): real ones are far longer, and replacing a few letters everywhere
// would make an error unreadable.
const (
	minSecret      = 4
	minTriggerText = 8
)

const redacted = "[REDACTED]"

// secrets returns what reports must not show, each with what replaces it.
func (x *exchange) secrets() []string {
	x.mu.Lock()
	defer x.mu.Unlock()
	pairs := make([]string, 0, 2*len(x.tokens)+6)
	if x.token != "" {
		pairs = append(pairs, x.token, redacted)
	}
	for _, t := range x.tokens {
		pairs = append(pairs, t, redacted)
	}
	if _, id := maskTrigger(x.req.URL.EscapedPath()); len(id) >= minTriggerText {
		pairs = append(pairs, id, maskID(id))
		if raw, err := url.PathUnescape(id); err == nil && raw != id {
			pairs = append(pairs, raw, maskID(id))
		}
	}
	return pairs
}

// redact removes the secrets of the exchange from s.
func (x *exchange) redact(s string) string {
	pairs := x.secrets()
	for i := 0; i < len(pairs); i += 2 {
		if strings.Contains(s, pairs[i]) {
			return strings.NewReplacer(pairs...).Replace(s)
		}
	}
	return s
}

// scrubBody returns a copy of body, at most maxErrorBody bytes, without the
// exchange's secrets. complete is false when body is a prefix of a longer
// one: a secret cut off at its end is then dropped, not kept in part.
func (x *exchange) scrubBody(body []byte, complete bool) []byte {
	pairs := x.secrets()
	if !complete {
		body = cutSecretPrefix(body, pairs)
	}
	for i := 0; i < len(pairs); i += 2 {
		if secret := []byte(pairs[i]); bytes.Contains(body, secret) {
			body = bytes.ReplaceAll(body, secret, []byte(pairs[i+1]))
		}
	}
	return bytes.Clone(body[:min(len(body), maxErrorBody)])
}

// cutSecretPrefix drops the end of b when it is the beginning of a secret.
func cutSecretPrefix(b []byte, pairs []string) []byte {
	for i := 0; i < len(pairs); i += 2 {
		s := pairs[i]
		for k := min(len(s)-1, len(b)); k > 0; k-- {
			if bytes.HasSuffix(b, []byte(s[:k])) {
				b = b[:len(b)-k]
				break
			}
		}
	}
	return b
}

// longestSecret is the length of the longest secret of the exchange.
func (x *exchange) longestSecret() int {
	n := 0
	for i, s := range x.secrets() {
		if i%2 == 0 {
			n = max(n, len(s))
		}
	}
	return n
}

// url is the request's URL as the SDK reports it: a trigger ID masked,
// a password in it replaced (url.URL.Redacted).
func (x *exchange) url() string {
	u := *x.req.URL
	if masked, id := maskTrigger(u.EscapedPath()); id != "" {
		u.RawPath = masked
		u.Path, _ = url.PathUnescape(masked)
	}
	return u.Redacted()
}

// path is the request's escaped path as the SDK logs it, a trigger ID masked.
func (x *exchange) path() string {
	masked, _ := maskTrigger(x.req.URL.EscapedPath())
	return masked
}

// maskTrigger finds the trigger ID in the escaped path p of a trigger route
// (.../radar/{id}/trigger, .../radar/{id}/batch or
// .../radar/bucket/{id}/trigger): a trigger URL starts runs without a
// token, so its ID is a secret. It returns p with the ID masked, and the ID
// as p has it; "" when p is no trigger route.
func maskTrigger(p string) (masked, id string) {
	if !strings.Contains(p, "/radar/") {
		return p, ""
	}
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if s != "radar" {
			continue
		}
		k := -1
		switch {
		case i+3 < len(segs) && segs[i+1] == "bucket" && segs[i+3] == "trigger":
			k = i + 2
		case i+2 < len(segs) && (segs[i+2] == "trigger" || segs[i+2] == "batch"):
			k = i + 1
		}
		if k > 0 && segs[k] != "" {
			id = segs[k]
			segs[k] = maskID(id)
			return strings.Join(segs, "/"), id
		}
	}
	return p, ""
}

// maskID hides a trigger ID, keeping its last 4 characters when at least 8
// others stay hidden, so that a report still tells triggers apart.
func maskID(id string) string {
	if len(id) < 12 {
		return "****"
	}
	tail := id[len(id)-4:]
	if strings.ContainsRune(tail, '%') {
		return "****"
	}
	return "****" + tail
}
