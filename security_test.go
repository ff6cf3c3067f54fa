package runscope

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hostileIDs are path parameters that try to change the path: dot
// segments (escaped or not), separators, a query, a fragment, white space,
// control and non-ASCII characters, and sheer length.
var hostileIDs = []string{
	"..", ".", " .. ", "a/b", "../../teams", "%2e%2e", "%2e%2e%2fteams", "%2F", "a\\b",
	"?x", "a?count=1", "#f", "a#b?c", "a b", "a+b", "a;b", "\x00", "ünïcødé/名前", strings.Repeat("x", 10<<10),
}

// pathRecorder answers every request with one generic answer and records
// the path and query each request was sent with.
type pathRecorder struct {
	sent []*url.URL
}

func (p *pathRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	p.sent = append(p.sent, req.URL)
	return cannedTransport{http.StatusOK, []byte(`{"data":{"id":"x","result":"pass","step_type":"pause","duration":1}}`)}.RoundTrip(req)
}

// Every hostile ID, given as each string argument of every method, either
// travels as exactly that one path segment (or query value, for the few
// sent in the query), leaving the rest of the path and the query as they
// are, or is an *ArgError with nothing sent: "." and
// ".." always (escaping cannot neutralize them), and anything that is not
// a trigger for the trigger methods, which also take a trigger URL.
func TestHostileIDsStayOneSegment(t *testing.T) {
	calls := everyCall(t)
	cases := 0
	for _, sc := range calls {
		for k := range sc.ids {
			benign := func(i int) string { return "id" + string(rune('0'+i)) }
			base := sendOne(t, sc, benign)
			require.NotNil(t, base.sent, "%s sends a request with valid arguments", sc.name)
			for _, h := range hostileIDs {
				cases++
				got := sendOne(t, sc, func(i int) string {
					if i == k {
						return h
					}
					return benign(i)
				})
				label := sc.name + " argument " + string(rune('0'+k)) + " = " + shorten(h)
				require.Nil(t, got.res.panicked, label)
				var ae *ArgError
				if errors.As(got.res.err, &ae) {
					assert.Nil(t, got.sent, "%s: an ArgError sends nothing", label)
					dots := strings.TrimSpace(h) == "." || strings.TrimSpace(h) == ".."
					assert.True(t, dots || strings.Contains(sc.name, "Trigger"), "%s: %v", label, ae)
					continue
				}
				require.NotNil(t, got.sent, label)
				wantQuery := base.sent.Query() // a name or team ID in the query stays a value there
				for _, values := range wantQuery {
					for i, v := range values {
						if v == benign(k) {
							values[i] = h
						}
					}
				}
				assert.Equal(t, wantQuery, got.sent.Query(), "%s: the query", label)
				assert.Empty(t, got.sent.Fragment, label)
				want := segments(base.sent)
				for i, seg := range want {
					if seg == benign(k) {
						want[i] = h
					}
				}
				assert.Equal(t, want, segments(got.sent), "%s: the path", label)
			}
		}
	}
	t.Logf("%d hostile IDs × %d methods: %d calls", len(hostileIDs), len(calls), cases)
	assert.Greater(t, cases, 100*len(hostileIDs))
}

type sentCall struct {
	res  callResult
	sent *url.URL // nil: nothing was sent
}

// sendOne calls sc on a fresh client and returns what it sent last.
func sendOne(t *testing.T, sc serviceCall, id func(int) string) sentCall {
	t.Helper()
	rec := &pathRecorder{}
	c := transportClient(t, rec, WithRetry(RetryPolicy{}))
	res := sc.run(context.Background(), c, id)
	out := sentCall{res: res}
	if len(rec.sent) > 0 {
		out.sent = rec.sent[len(rec.sent)-1]
	}
	return out
}

// segments splits the escaped path as sent and unescapes each segment.
func segments(u *url.URL) []string {
	parts := strings.Split(u.EscapedPath(), "/")
	for i, p := range parts {
		if s, err := url.PathUnescape(p); err == nil {
			parts[i] = s
		}
	}
	return parts
}

func shorten(s string) string {
	if len(s) > 20 {
		return s[:20] + "..."
	}
	return s
}

// The secrets of step and environment auth, and the token, never reach the
// debug log, whatever the server answers: success, an error that echoes
// the request body, a retried 503.
func TestAuthSecretsNeverLogged(t *testing.T) {
	secrets := []string{"basic-password-1", "oauth1-consumer-secret-2", "oauth1-token-secret-3", "oauth2-client-secret-4",
		"oauth2-access-token-5", "oauth2-refresh-token-6", "oauth2-password-7", "oauth2-code-verifier-8"}
	auths := []Auth{
		&BasicAuth{Username: "user", Password: secrets[0]},
		&OAuth1Auth{ConsumerKey: "key", ConsumerSecret: secrets[1], AccessToken: "at", TokenSecret: secrets[2]},
		&OAuth2Auth{GrantType: GrantPasswordCredentials, ClientID: "id", ClientSecret: secrets[3], AccessToken: secrets[4],
			RefreshToken: secrets[5], Username: "user", Password: secrets[6], CodeVerifier: secrets[7]},
	}
	step := func(a Auth) *RequestStep {
		return &RequestStep{ID: "s1", Method: "GET", URL: "https://example.com/", Auth: a}
	}
	sends := map[string]func(context.Context, *Client, Auth) error{
		"Steps.Add": func(ctx context.Context, c *Client, a Auth) error { return errOf3(c.Steps.Add(ctx, "b", "t", step(a))) },
		"Steps.Update": func(ctx context.Context, c *Client, a Auth) error {
			return errOf3(c.Steps.Update(ctx, "b", "t", "s1", step(a)))
		},
		"Environments.CreateShared": func(ctx context.Context, c *Client, a Auth) error {
			return errOf3(c.Environments.CreateShared(ctx, "b", &Environment{Name: "e", Auth: a}))
		},
		"Environments.UpdateForTest": func(ctx context.Context, c *Client, a Auth) error {
			return errOf3(c.Environments.UpdateForTest(ctx, "b", "t", "e", &Environment{Name: "e", Auth: a}))
		},
		"Tests.Create": func(ctx context.Context, c *Client, a Auth) error {
			return errOf3(c.Tests.Create(ctx, "b", &Test{Name: "t", Steps: []Step{step(a)}, Environments: []*Environment{{Name: "e", Auth: a}}}))
		},
	}
	answers := map[string]func(w http.ResponseWriter, body []byte){
		"echoed as data": func(w http.ResponseWriter, body []byte) {
			_, _ = w.Write(append(append([]byte(`{"data":`), body...), '}'))
		},
		"echoed in an error": func(w http.ResponseWriter, body []byte) {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write(append(append([]byte(`{"error":{"status":400,"message":"bad: `), bytes.ReplaceAll(body, []byte(`"`), []byte(`'`))...), `"}}`...))
		},
		"503, retried": func(w http.ResponseWriter, body []byte) {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write(body)
		},
	}
	cases := 0
	for answerName, answer := range answers {
		for sendName, send := range sends {
			for _, a := range auths {
				cases++
				t.Run(answerName+"/"+sendName+"/"+a.AuthType(), func(t *testing.T) {
					synctest.Test(t, func(t *testing.T) {
						var logs bytes.Buffer
						n := newMemNet()
						srv := n.server(t, "127.0.0.1:1001", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
							body, _ := io.ReadAll(r.Body)
							answer(w, body)
						}))
						c := memClient(t, n, srv, WithRetry(RetryPolicy{MaxRetries: 1, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond}),
							WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
						_ = send(context.Background(), c, a)
						require.NotEmpty(t, logs.String(), "the debug log has the attempts")
						for _, secret := range append(secrets, testToken) {
							assert.NotContains(t, logs.String(), secret)
						}
					})
				})
			}
		}
	}
	assert.Equal(t, 3*5*3, cases)
}
