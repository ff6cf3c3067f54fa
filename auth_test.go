package runscope

import (
	"encoding/json"
	"testing"

	"github.com/go-runscope/runscope/internal/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// decodeAuth decodes one auth object on its own (not as a member of a
// model); "{}" and null are a nil Auth.
func decodeAuth(b []byte) (Auth, error) {
	var a Auth
	err := wire.Unmarshal(b, &a)
	return a, err
}

func TestAuthUnion(t *testing.T) {
	cases := map[string]struct {
		in    string
		check func(t *testing.T, a Auth)
	}{
		"basic": {`{"username":"authBasicUsername","auth_type":"basic","password":"authBasicPassword"}`, func(t *testing.T, a Auth) {
			assert.EqualExportedValues(t, &BasicAuth{Username: "authBasicUsername", Password: "authBasicPassword"}, a)
		}},
		"oauth_1": {`{"auth_type":"oauth_1","access_token":"accessToken","consumer_secret":"consumerSecret","signature_type":"auth_header","consumer_key":"consumerKey","token_secret":"tokenSecret"}`, func(t *testing.T, a Auth) {
			assert.EqualExportedValues(t, &OAuth1Auth{ConsumerKey: "consumerKey", ConsumerSecret: "consumerSecret", AccessToken: "accessToken", TokenSecret: "tokenSecret", SignatureType: OAuth1SignatureAuthHeader}, a)
		}},
		"oauth_2 full": {`{"auth_type":"oauth_2","grant_type":"authorization_code_pkce","access_token":"at","token_location":"query","auth_url":"https://auth.example/authorize","access_token_url":"https://auth.example/token","client_id":"cid","client_secret":"cs","code_challenge_method":"S256","code_verifier":"cv","username":"u","password":"p","scope":"read write","state":"st","client_authentication":"body","refresh_token":"rt","is_auto_refresh_token":true}`, func(t *testing.T, a Auth) {
			assert.EqualExportedValues(t, &OAuth2Auth{
				GrantType: GrantAuthorizationCodePKCE, AccessToken: "at", TokenLocation: TokenInQuery,
				AuthURL: "https://auth.example/authorize", AccessTokenURL: "https://auth.example/token",
				ClientID: "cid", ClientSecret: "cs", CodeChallengeMethod: "S256", CodeVerifier: "cv",
				Username: "u", Password: "p", Scope: "read write", State: "st", ClientAuthentication: "body",
				RefreshToken: "rt", IsAutoRefreshToken: true,
			}, a)
		}},
		"oauth_2 nulls": {`{"auth_type":"oauth_2","access_token":"at","token_location":"auth_header","grant_type":null,"client_id":null}`, func(t *testing.T, a Auth) {
			assert.EqualExportedValues(t, &OAuth2Auth{AccessToken: "at", TokenLocation: TokenInAuthHeader}, a)
		}},
		"client certificate": {`{"auth_type":"client_certificate"}`, func(t *testing.T, a Auth) {
			assert.IsType(t, &ClientCertificateAuth{}, a)
		}},
		"unknown type": {`{"auth_type":"aws_sigv4","region":"us-east-1","keys":{"id":"x"}}`, func(t *testing.T, a Auth) {
			u, ok := a.(*UnknownAuth)
			require.True(t, ok, "%T", a)
			assert.Equal(t, "aws_sigv4", u.AuthType())
			assert.JSONEq(t, `{"auth_type":"aws_sigv4","region":"us-east-1","keys":{"id":"x"}}`, string(u.Raw))
		}},
		"unknown members kept": {`{"auth_type":"basic","username":"u","password":"p","realm":"api"}`, func(t *testing.T, a Auth) {
			assert.Equal(t, AuthTypeBasic, a.AuthType())
		}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			a, err := decodeAuth([]byte(tc.in))
			require.NoError(t, err)
			require.NotNil(t, a)
			tc.check(t, a)
			out, err := json.Marshal(a)
			require.NoError(t, err)
			assert.JSONEq(t, tc.in, string(out), "re-encodes to the same members")
		})
	}
}

func TestAuthEmptyObjectIsNil(t *testing.T) {
	for _, in := range []string{`{}`, `null`, ` { } `} {
		a, err := decodeAuth([]byte(in))
		require.NoError(t, err)
		assert.Nil(t, a, in)
	}
}

func TestAuthBuiltInGo(t *testing.T) {
	out, err := json.Marshal(Environment{Name: "x", Auth: &BasicAuth{Username: "u"}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"name":"x","auth":{"auth_type":"basic","username":"u"}}`, string(out))

	out, err = json.Marshal(Environment{Name: "x"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"name":"x"}`, string(out), "a nil Auth is not sent")
}

func TestAuthEmptyObjectRoundTrip(t *testing.T) {
	var e Environment
	require.NoError(t, json.Unmarshal([]byte(`{"name":"x","auth":{}}`), &e))
	assert.Nil(t, e.Auth)
	out, err := json.Marshal(e)
	require.NoError(t, err)
	assert.JSONEq(t, `{"name":"x","auth":{}}`, string(out))
}

func TestHeader(t *testing.T) {
	var h Header
	require.NoError(t, json.Unmarshal([]byte(`{"Accept":"*/*","X-Many":["a","b"],"X-None":null}`), &h))
	assert.Equal(t, Header{"Accept": {"*/*"}, "X-Many": {"a", "b"}, "X-None": nil}, h)
	out, err := json.Marshal(h)
	require.NoError(t, err)
	assert.JSONEq(t, `{"Accept":["*/*"],"X-Many":["a","b"],"X-None":null}`, string(out))
	assert.Error(t, json.Unmarshal([]byte(`{"Accept":1}`), &h))
	assert.Error(t, json.Unmarshal([]byte(`{"Accept":[1]}`), &h))
}
