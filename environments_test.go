package runscope

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// envVariant is one of the two families of environment endpoints: shared
// (of a bucket) and test-specific. Every endpoint test runs for both.
type envVariant struct {
	name   string
	path   string // the collection's path
	list   func(ctx context.Context, c *Client) ([]*Environment, *Response, error)
	get    func(ctx context.Context, c *Client, id string) (*Environment, *Response, error)
	create func(ctx context.Context, c *Client, e *Environment) (*Environment, *Response, error)
	update func(ctx context.Context, c *Client, id string, e *Environment) (*Environment, *Response, error)
	del    func(ctx context.Context, c *Client, id string) (*Response, error)
}

var envVariants = []envVariant{
	{
		name: "shared",
		path: "/buckets/bkt/environments",
		list: func(ctx context.Context, c *Client) ([]*Environment, *Response, error) {
			return c.Environments.ListShared(ctx, "bkt")
		},
		get: func(ctx context.Context, c *Client, id string) (*Environment, *Response, error) {
			return c.Environments.GetShared(ctx, "bkt", id)
		},
		create: func(ctx context.Context, c *Client, e *Environment) (*Environment, *Response, error) {
			return c.Environments.CreateShared(ctx, "bkt", e)
		},
		update: func(ctx context.Context, c *Client, id string, e *Environment) (*Environment, *Response, error) {
			return c.Environments.UpdateShared(ctx, "bkt", id, e)
		},
		del: func(ctx context.Context, c *Client, id string) (*Response, error) {
			return c.Environments.DeleteShared(ctx, "bkt", id)
		},
	},
	{
		// The reference's detail curl says /test/: a typo for /tests/.
		name: "test",
		path: "/buckets/bkt/tests/tst/environments",
		list: func(ctx context.Context, c *Client) ([]*Environment, *Response, error) {
			return c.Environments.ListForTest(ctx, "bkt", "tst")
		},
		get: func(ctx context.Context, c *Client, id string) (*Environment, *Response, error) {
			return c.Environments.GetForTest(ctx, "bkt", "tst", id)
		},
		create: func(ctx context.Context, c *Client, e *Environment) (*Environment, *Response, error) {
			return c.Environments.CreateForTest(ctx, "bkt", "tst", e)
		},
		update: func(ctx context.Context, c *Client, id string, e *Environment) (*Environment, *Response, error) {
			return c.Environments.UpdateForTest(ctx, "bkt", "tst", id, e)
		},
		del: func(ctx context.Context, c *Client, id string) (*Response, error) {
			return c.Environments.DeleteForTest(ctx, "bkt", "tst", id)
		},
	},
}

const refEnvID = "f8007150-0052-482c-9d52-c3ea4042e0f5"

// referenceEnvironment is the environment of the reference's samples.
func referenceEnvironment() *Environment {
	return &Environment{
		ID:     refEnvID,
		Name:   "Remote Settings",
		Auth:   &BasicAuth{Username: "username", Password: "password"},
		Emails: &Emails{NotifyOn: NotifyAll, Recipients: []*User{{ID: "4ee15ecc-7fe1-43cb-aa12-ef50420f2cf9", Name: "Grace Hopper", Email: "grace@example.com"}}},
		InitialVariables: map[string]string{
			"my_variable": "some value",
			"one more":    "values",
		},
		Integrations: []*EnvironmentIntegration{},
		Regions:      []string{"us1", "jp1"},
		RemoteAgents: []*RemoteAgent{{Name: "my-local-machine.runscope.com", UUID: "141d4dbc-1e41-401e-8067-6df18501e9ed"}},
		Script:       "var a = \"asdf\";\nlog(\"OK\");",
		VerifySSL:    new(true),
		Webhooks:     []string{"http://api.example.com/webhook_reciever", "https://yourapihere.com/post"},
	}
}

func TestEnvironmentGoldenRoundTrip(t *testing.T) {
	for _, name := range []string{
		"environments_get.json",            // every response sample: list, detail, create, modify
		"environments_create_request.json", // the create bodies (test and shared)
		"environments_update_request.json", // the modify body, with script_library
		"environments_unknown.json",        // members the SDK does not model, at every level
	} {
		t.Run(name, func(t *testing.T) {
			testRoundTrip[*Environment](t, goldenData(t, name))
		})
	}
}

func TestEnvironmentDecodesEveryField(t *testing.T) {
	e := testRoundTrip[*Environment](t, goldenData(t, "environments_unknown.json"))
	assert.EqualExportedValues(t, &Environment{
		ID:                  refEnvID,
		Name:                "Staging",
		TestID:              "db4cc896-2804-4520-ad06-0caf3bf216a8",
		ParentEnvironmentID: "1eeb3695-5d0f-467c-9d51-8b773dce29ba",
		Auth: &OAuth2Auth{
			GrantType: GrantClientCredentials, AccessTokenURL: "https://auth.example/token",
			ClientID: "cid", ClientSecret: "cs", TokenLocation: TokenInAuthHeader,
		},
		Emails: &Emails{
			NotifyAll: true, NotifyOn: NotifyThreshold, NotifyThreshold: 3,
			Recipients: []*User{{ID: "4ee15ecc-7fe1-43cb-aa12-ef50420f2cf9", Name: "Grace Hopper", Email: "grace@example.com"}},
		},
		InitialVariables: map[string]string{"base_url": "https://staging.example"},
		Integrations:     []*EnvironmentIntegration{{ID: "27e48d1e-a5b4-4e1a-8b8b-0b6c1a9a7a1c", IntegrationType: "slack", Description: "#alerts"}},
		PreserveCookies:  true,
		Regions:          []string{"us1"},
		RetryOnFailure:   true,
		StopOnFailure:    true,
		RemoteAgents:     []*RemoteAgent{{Name: "my-local-machine.runscope.com", UUID: "141d4dbc-1e41-401e-8067-6df18501e9ed"}},
		Script:           "log(\"hi\");",
		ScriptLibrary:    []string{"1a3eb343-4666-4056-bf3d-5e9693be86cd"},
		VerifySSL:        new(false),
		Webhooks:         []string{"https://hooks.example/runs"},
		Headers:          Header{"X-Env": {"staging"}, "Accept": {"application/json"}},
		ExportedAt:       Timestamp{Time: time.Unix(1639677275, 0).UTC()},
		Version:          "1.0",
	}, e)
	out, err := json.Marshal(e)
	require.NoError(t, err)
	var members map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(out, &members))
	for _, member := range []string{"exported_at", "version", "secret_variables"} {
		assert.Contains(t, members, member, "a member the SDK does not model is kept")
	}
}

func TestEnvironmentsList(t *testing.T) {
	for _, v := range envVariants {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t)
			// The reference's list sample is one bare object, no envelope.
			expectRequest(t, mux, wantRequest{method: http.MethodGet, path: v.path, golden: "environments_get.json"})
			envs, _, err := v.list(context.Background(), c)
			require.NoError(t, err)
			require.Len(t, envs, 1)
			assert.EqualExportedValues(t, referenceEnvironment(), envs[0])
		})
	}
}

func TestEnvironmentsListArray(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/buckets/bkt/environments", func(w http.ResponseWriter, r *http.Request) {
		one := golden(t, "environments_get.json")
		_, _ = w.Write([]byte("[" + string(one) + `,{"id":"e2","name":"Second"}]`))
	})
	envs, _, err := c.Environments.ListShared(context.Background(), "bkt")
	require.NoError(t, err)
	require.Len(t, envs, 2)
	assert.Equal(t, refEnvID, envs[0].ID)
	assert.Equal(t, "Second", envs[1].Name)
}

func TestEnvironmentsGet(t *testing.T) {
	for _, v := range envVariants {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t)
			expectRequest(t, mux, wantRequest{method: http.MethodGet, path: v.path + "/" + refEnvID, golden: "environments_get.json"})
			e, _, err := v.get(context.Background(), c, refEnvID)
			require.NoError(t, err)
			assert.EqualExportedValues(t, referenceEnvironment(), e)
		})
	}
}

// Create and Update send the reference's request samples exactly, once
// decoded into an Environment, and decode the reference's answer.
func TestEnvironmentsCreateAndUpdate(t *testing.T) {
	for _, v := range envVariants {
		for _, tc := range []struct {
			name, method, path, golden string
			status                     int
			call                       func(c *Client, e *Environment) (*Environment, *Response, error)
		}{
			{"create", http.MethodPost, v.path, "environments_create_request.json", http.StatusCreated,
				func(c *Client, e *Environment) (*Environment, *Response, error) {
					return v.create(context.Background(), c, e)
				}},
			{"update", http.MethodPut, v.path + "/" + refEnvID, "environments_update_request.json", http.StatusOK,
				func(c *Client, e *Environment) (*Environment, *Response, error) {
					return v.update(context.Background(), c, refEnvID, e)
				}},
		} {
			t.Run(v.name+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				c, mux := setup(t)
				body := goldenData(t, tc.golden)
				expectRequest(t, mux, wantRequest{method: tc.method, path: tc.path, body: string(body), status: tc.status, golden: "environments_get.json"})
				var in Environment
				require.NoError(t, json.Unmarshal(body, &in))
				e, resp, err := tc.call(c, &in)
				require.NoError(t, err)
				assert.Equal(t, tc.status, resp.StatusCode)
				assert.EqualExportedValues(t, referenceEnvironment(), e)
			})
		}
	}
}

func TestEnvironmentsDelete(t *testing.T) {
	for _, v := range envVariants {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t)
			expectRequest(t, mux, wantRequest{method: http.MethodDelete, path: v.path + "/" + refEnvID, status: http.StatusNoContent})
			resp, err := v.del(context.Background(), c, refEnvID)
			require.NoError(t, err)
			assert.Equal(t, http.StatusNoContent, resp.StatusCode)
		})
	}
}

// An environment built in Go sends only what was set: without VerifySSL it
// must not send verify_ssl: false, which would turn TLS verification off.
func TestEnvironmentVerifySSL(t *testing.T) {
	cases := map[string]struct {
		verify *bool
		want   string
	}{
		"nil sends nothing": {nil, `{"name":"Go built","regions":["us1"]}`},
		"false is sent":     {new(false), `{"name":"Go built","regions":["us1"],"verify_ssl":false}`},
		"true is sent":      {new(true), `{"name":"Go built","regions":["us1"],"verify_ssl":true}`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t)
			mux.HandleFunc("/buckets/bkt/environments", func(w http.ResponseWriter, r *http.Request) {
				testBody(t, r, tc.want)
				serveGolden(t, w, http.StatusCreated, "environments_get.json")
			})
			_, _, err := c.Environments.CreateShared(context.Background(), "bkt", &Environment{
				Name: "Go built", Regions: []string{"us1"}, VerifySSL: tc.verify,
			})
			require.NoError(t, err)
		})
	}
}

// Get, change the name, Update: everything else the server sent, including
// members the SDK does not model and a verify_ssl of false, goes back.
func TestEnvironmentUpdateKeepsUnknownMembers(t *testing.T) {
	c, mux := setup(t)
	path := "/buckets/bkt/tests/tst/environments/" + refEnvID
	var want map[string]any
	require.NoError(t, json.Unmarshal(golden(t, "environments_unknown.json"), &want))
	want["name"] = "Staging (renamed)"
	wantJSON, err := json.Marshal(want)
	require.NoError(t, err)

	var sent []byte
	mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut {
			sent, _ = io.ReadAll(r.Body)
		}
		serveGolden(t, w, http.StatusOK, "environments_unknown.json")
	})
	ctx := context.Background()
	e, _, err := c.Environments.GetForTest(ctx, "bkt", "tst", refEnvID)
	require.NoError(t, err)
	e.Name = "Staging (renamed)"
	_, _, err = c.Environments.UpdateForTest(ctx, "bkt", "tst", refEnvID, e)
	require.NoError(t, err)
	assert.JSONEq(t, string(wantJSON), string(sent))
}

// A notify rule this package does not know may be newer than it: it is
// sent, not refused.
func TestEnvironmentUnknownNotifyRuleIsSent(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/buckets/bkt/environments", func(w http.ResponseWriter, r *http.Request) {
		testBody(t, r, `{"name":"x","emails":{"notify_on":"weekly_digest"}}`)
		serveGolden(t, w, http.StatusCreated, "environments_get.json")
	})
	_, _, err := c.Environments.CreateShared(context.Background(), "bkt", &Environment{Name: "x", Emails: &Emails{NotifyOn: "weekly_digest"}})
	require.NoError(t, err)
}

func TestEnvironmentsArgErrors(t *testing.T) {
	emails := func(on NotifyRule, threshold int) *Environment {
		return &Environment{Name: "x", Emails: &Emails{NotifyOn: on, NotifyThreshold: threshold}}
	}
	e := referenceEnvironment()
	testArgErrors(t, []argCase{
		{"nil environment", "environment", func(ctx context.Context, c *Client) error {
			return errOf3(c.Environments.CreateShared(ctx, "bkt", nil))
		}},
		{"nil environment on update", "environment", func(ctx context.Context, c *Client) error {
			return errOf3(c.Environments.UpdateForTest(ctx, "bkt", "tst", "env", nil))
		}},
		{"threshold above 10", "environment.Emails.NotifyThreshold", func(ctx context.Context, c *Client) error {
			return errOf3(c.Environments.CreateForTest(ctx, "bkt", "tst", emails(NotifyThreshold, 11)))
		}},
		{"negative threshold", "environment.Emails.NotifyThreshold", func(ctx context.Context, c *Client) error {
			return errOf3(c.Environments.UpdateShared(ctx, "bkt", "env", emails(NotifyAll, -1)))
		}},
		{"threshold rule without a threshold", "environment.Emails.NotifyThreshold", func(ctx context.Context, c *Client) error {
			return errOf3(c.Environments.CreateShared(ctx, "bkt", emails(NotifyThreshold, 0)))
		}},
		{"switch rule without a threshold", "environment.Emails.NotifyThreshold", func(ctx context.Context, c *Client) error {
			return errOf3(c.Environments.UpdateForTest(ctx, "bkt", "tst", "env", emails(NotifySwitch, 0)))
		}},
		{"empty bucket key", "bucketKey", func(ctx context.Context, c *Client) error {
			return errOf3(c.Environments.ListShared(ctx, ""))
		}},
		{"dot-dot test ID", "testID", func(ctx context.Context, c *Client) error {
			return errOf3(c.Environments.ListForTest(ctx, "bkt", ".."))
		}},
		{"blank environment ID", "envID", func(ctx context.Context, c *Client) error {
			return errOf3(c.Environments.GetShared(ctx, "bkt", " "))
		}},
		{"empty environment ID on test get", "envID", func(ctx context.Context, c *Client) error {
			return errOf3(c.Environments.GetForTest(ctx, "bkt", "tst", ""))
		}},
		{"empty environment ID on delete", "envID", func(ctx context.Context, c *Client) error {
			return errOf2(c.Environments.DeleteShared(ctx, "bkt", ""))
		}},
		{"empty test ID on delete", "testID", func(ctx context.Context, c *Client) error {
			return errOf2(c.Environments.DeleteForTest(ctx, "bkt", "", "env"))
		}},
		{"bad path with a good body", "envID", func(ctx context.Context, c *Client) error {
			return errOf3(c.Environments.UpdateShared(ctx, "bkt", ".", e))
		}},
	})
}

func TestEnvironmentThresholdBounds(t *testing.T) {
	for _, tc := range []struct {
		on        NotifyRule
		threshold int
	}{{NotifyThreshold, 1}, {NotifySwitch, 10}, {NotifyAll, 0}, {NotifyFailures, 5}, {"", 0}} {
		e := &Environment{Emails: &Emails{NotifyOn: tc.on, NotifyThreshold: tc.threshold}}
		assert.NoError(t, e.check(), "%+v", tc)
	}
	assert.NoError(t, (&Environment{}).check(), "no emails at all")
}
