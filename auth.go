package runscope

import (
	"errors"

	"github.com/go-runscope/runscope/internal/wire"
)

// Auth is the authentication of a request step or an environment: one of
// [*BasicAuth], [*OAuth1Auth], [*OAuth2Auth], [*ClientCertificateAuth], or
// [*UnknownAuth] for a kind this package does not know yet. The API's empty
// object {} is a nil Auth.
type Auth interface {
	// AuthType is the auth_type member: "basic", "oauth_1", "oauth_2",
	// "client_certificate", or the unknown type.
	AuthType() string
}

// Auth types, the values of auth_type.
const (
	AuthTypeBasic             = "basic"
	AuthTypeOAuth1            = "oauth_1"
	AuthTypeOAuth2            = "oauth_2"
	AuthTypeClientCertificate = "client_certificate"
)

// BasicAuth is HTTP basic authentication.
type BasicAuth struct {
	Username string `json:"username,omitzero"`
	Password string `json:"password,omitzero"`

	_ wire.Extra
}

// OAuth1SignatureType says where an OAuth 1.0a signature travels.
type OAuth1SignatureType string

// OAuth 1.0a signature locations.
const (
	OAuth1SignatureAuthHeader OAuth1SignatureType = "auth_header"
	OAuth1SignatureQuery      OAuth1SignatureType = "query"
	OAuth1SignatureBody       OAuth1SignatureType = "body"
)

// OAuth1Auth is OAuth 1.0a request signing.
type OAuth1Auth struct {
	ConsumerKey    string              `json:"consumer_key,omitzero"`
	ConsumerSecret string              `json:"consumer_secret,omitzero"`
	AccessToken    string              `json:"access_token,omitzero"`
	TokenSecret    string              `json:"token_secret,omitzero"`
	SignatureType  OAuth1SignatureType `json:"signature_type,omitzero"`

	_ wire.Extra
}

// OAuth2GrantType is the grant an OAuth 2.0 step or environment uses.
type OAuth2GrantType string

// OAuth 2.0 grant types. The authorization code, PKCE and implicit grants
// need https://www.runscope.com/oauth2/callback registered as a redirect
// URI with the third-party authorization server.
const (
	GrantAuthorizationCode     OAuth2GrantType = "authorization_code"
	GrantAuthorizationCodePKCE OAuth2GrantType = "authorization_code_pkce"
	GrantImplicit              OAuth2GrantType = "implicit"
	GrantPasswordCredentials   OAuth2GrantType = "password_credentials"
	GrantClientCredentials     OAuth2GrantType = "client_credentials"
)

// TokenLocation says where an OAuth access token is sent.
type TokenLocation string

// Token locations.
const (
	TokenInQuery      TokenLocation = "query"
	TokenInAuthHeader TokenLocation = "auth_header"
)

// OAuth2Auth is OAuth 2.0, either a bare access token (AccessToken and
// TokenLocation) or a full grant the runner performs itself.
type OAuth2Auth struct {
	GrantType      OAuth2GrantType `json:"grant_type,omitzero"`
	AccessToken    string          `json:"access_token,omitzero"`
	TokenLocation  TokenLocation   `json:"token_location,omitzero"`
	AuthURL        string          `json:"auth_url,omitzero"`
	AccessTokenURL string          `json:"access_token_url,omitzero"`
	ClientID       string          `json:"client_id,omitzero"`
	ClientSecret   string          `json:"client_secret,omitzero"`
	// CodeChallengeMethod is "plain" or "S256" (the default), PKCE only.
	CodeChallengeMethod string `json:"code_challenge_method,omitzero"`
	CodeVerifier        string `json:"code_verifier,omitzero"`
	Username            string `json:"username,omitzero"`
	Password            string `json:"password,omitzero"`
	Scope               string `json:"scope,omitzero"`
	State               string `json:"state,omitzero"`
	// ClientAuthentication is "basic_auth_header" (the default) or "body".
	ClientAuthentication string `json:"client_authentication,omitzero"`
	RefreshToken         string `json:"refresh_token,omitzero"`
	IsAutoRefreshToken   bool   `json:"is_auto_refresh_token,omitzero"`

	_ wire.Extra
}

// ClientCertificateAuth authenticates with the client certificate of the
// environment the test runs in.
type ClientCertificateAuth struct {
	_ wire.Extra
}

// AuthType returns AuthTypeBasic.
func (*BasicAuth) AuthType() string { return AuthTypeBasic }

// AuthType returns AuthTypeOAuth1.
func (*OAuth1Auth) AuthType() string { return AuthTypeOAuth1 }

// AuthType returns AuthTypeOAuth2.
func (*OAuth2Auth) AuthType() string { return AuthTypeOAuth2 }

// AuthType returns AuthTypeClientCertificate.
func (*ClientCertificateAuth) AuthType() string { return AuthTypeClientCertificate }

func init() {
	wire.RegisterUnion(wire.Union[Auth]{
		Tag: "auth_type",
		Variants: map[string]func() Auth{
			AuthTypeBasic:             func() Auth { return new(BasicAuth) },
			AuthTypeOAuth1:            func() Auth { return new(OAuth1Auth) },
			AuthTypeOAuth2:            func() Auth { return new(OAuth2Auth) },
			AuthTypeClientCertificate: func() Auth { return new(ClientCertificateAuth) },
		},
		Unknown: func(tag string, raw []byte) Auth {
			return &UnknownAuth{Type: tag, Raw: raw} // wire read the tag as readRawHeads would
		},
		EmptyIsNil: true,
	})
}

// Header holds HTTP headers (or form fields) by name. The API writes a
// value as a string or as an array of strings; both decode. It encodes as
// arrays, the form the API documents.
type Header map[string][]string

func init() {
	// The models' Header fields are decoded by wire in its one pass, not
	// through UnmarshalJSON, which would have them scanned twice.
	wire.RegisterStringLists[Header](errHeaderValue)
}

// UnmarshalJSON implements json.Unmarshaler: each value is an array of
// strings, a single string (a list of one) or null.
func (h *Header) UnmarshalJSON(b []byte) error {
	err := wire.Unmarshal(b, h)
	if terr, ok := errors.AsType[*wire.TypeError](err); ok && terr.Err != nil {
		return terr.Err // errHeaderValue
	}
	return err
}

var errHeaderValue = errors.New("runscope: a header value is neither a string nor an array of strings")
