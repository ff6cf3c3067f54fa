package runscopetest_test

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The reference's environment sample, as sent to create one.
func envSample() map[string]any {
	return map[string]any{
		"auth": map[string]any{"password": "password", "username": "username", "auth_type": "basic"},
		"emails": map[string]any{"notify_all": false, "notify_on": "all", "notify_threshold": nil, "recipients": []any{
			map[string]any{"email": "grace@example.com", "name": "Grace Hopper", "id": "4ee15ecc-7fe1-43cb-aa12-ef50420f2cf9"},
		}},
		"initial_variables":     map[string]any{"my_variable": "some value", "one more": "values"},
		"integrations":          []any{},
		"name":                  "Remote Settings",
		"parent_environment_id": nil,
		"preserve_cookies":      false,
		"regions":               []any{"us1", "jp1"},
		"retry_on_failure":      false,
		"stop_on_failure":       false,
		"remote_agents":         []any{map[string]any{"name": "my-local-machine.runscope.com", "uuid": "141d4dbc-1e41-401e-8067-6df18501e9ed"}},
		"script":                "var a = \"asdf\";\nlog(\"OK\");",
		"verify_ssl":            true,
		"client_certificate":    "",
		"webhooks":              []any{"http://api.example.com/webhook_reciever", "https://yourapihere.com/post"},
	}
}

func TestEnvironments(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	test := a.createTest(map[string]any{"name": "envs"})
	for name, base := range map[string]string{
		"shared":        a.bucketPath() + "/environments",
		"test-specific": a.testPath(test) + "/environments",
	} {
		t.Run(name, func(t *testing.T) {
			a := &api{t: t, s: a.s, hc: a.hc}
			before := len(a.do("GET", base, nil).bare(http.StatusOK).([]any))

			// Environments come bare: no envelope, 201 on create.
			env := a.do("POST", base, envSample()).bare(http.StatusCreated).(map[string]any)
			assert.Regexp(t, `^[0-9a-f-]{36}$`, env["id"])
			if name == "shared" {
				assert.Nil(t, env["test_id"])
			} else {
				assert.Equal(t, test["id"], env["test_id"])
			}
			for k, v := range envSample() {
				assert.Equal(t, roundTrip(t, v), env[k], k)
			}
			path := base + "/" + env["id"].(string)
			assert.Equal(t, env, a.do("GET", path, nil).bare(http.StatusOK))
			list := a.do("GET", base, nil).bare(http.StatusOK).([]any)
			require.Len(t, list, before+1)
			assert.Equal(t, env, list[before])

			// An update replaces the whole environment; id and test_id stay.
			put := map[string]any{"name": "Renamed", "script_library": []any{"1a3eb343-4666-4056-bf3d-5e9693be86cd"}, "id": "x", "test_id": "y"}
			updated := a.do("PUT", path, put).bare(http.StatusOK).(map[string]any)
			assert.Equal(t, "Renamed", updated["name"])
			assert.Equal(t, []any{"1a3eb343-4666-4056-bf3d-5e9693be86cd"}, updated["script_library"])
			assert.NotContains(t, updated, "webhooks", "the full environment is sent on update")
			assert.Equal(t, env["id"], updated["id"])
			assert.Equal(t, env["test_id"], updated["test_id"])

			for _, threshold := range []any{0, 11, 2.5, "3"} {
				bad := map[string]any{"name": "x", "emails": map[string]any{"notify_on": "threshold", "notify_threshold": threshold}}
				a.do("POST", base, bad).fails(http.StatusBadRequest)
				a.do("PUT", path, bad).fails(http.StatusBadRequest)
			}
			ok := map[string]any{"name": "x", "emails": map[string]any{"notify_on": "threshold", "notify_threshold": 10}}
			a.do("POST", base, ok).bare(http.StatusCreated)
			a.do("POST", base, raw("[]")).fails(http.StatusBadRequest)

			a.do("DELETE", path, nil).empty(http.StatusNoContent)
			a.do("GET", path, nil).fails(http.StatusNotFound)
			a.do("PUT", path, put).fails(http.StatusNotFound)
			a.do("DELETE", path, nil).fails(http.StatusNotFound)
		})
	}
	a.do("GET", "/buckets/nope/environments", nil).fails(http.StatusNotFound)
	a.do("GET", a.bucketPath()+"/tests/nope/environments", nil).fails(http.StatusNotFound)
}

func TestEnvironmentLimit(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	base := a.bucketPath() + "/environments"
	for i := range 100 {
		a.do("POST", base, map[string]any{"name": fmt.Sprint(i)}).bare(http.StatusCreated)
	}
	assert.Contains(t, a.do("POST", base, map[string]any{"name": "one too many"}).fails(http.StatusBadRequest), "100")
}

// A new environment carries the defaults of the reference's samples for
// every member it was not sent; what was sent overrides them, and an
// emails object sent in part keeps the default of the rest.
func TestEnvironmentDefaults(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	test := a.createTest(map[string]any{"name": "envs"})
	defaults := map[string]any{
		"auth":                  map[string]any{},
		"client_certificate":    "",
		"emails":                map[string]any{"notify_all": false, "notify_on": "all", "notify_threshold": 1.0, "recipients": []any{}},
		"initial_variables":     map[string]any{},
		"integrations":          []any{},
		"parent_environment_id": nil,
		"preserve_cookies":      false,
		"regions":               []any{"us1"},
		"remote_agents":         []any{},
		"retry_on_failure":      false,
		"script":                "",
		"stop_on_failure":       false,
		"verify_ssl":            true,
		"webhooks":              nil,
		// The members the live API adds.
		"version":               "1.0",
		"http_version_support":  "http2",
		"force_h2c":             false,
		"pre_request_scripts":   []any{},
		"post_response_scripts": []any{},
		"initial_script_hash":   md5Hex(""),
	}
	// Every member of the reference's environment sample is there.
	var sampleKeys []string
	for k := range golden(t, "environments_get.json").(map[string]any) {
		sampleKeys = append(sampleKeys, k)
	}

	for name, base := range map[string]string{
		"shared":        a.bucketPath() + "/environments",
		"test-specific": a.testPath(test) + "/environments",
	} {
		t.Run(name, func(t *testing.T) {
			a := &api{t: t, s: a.s, hc: a.hc}
			env := a.do("POST", base, map[string]any{"name": "Bare"}).bare(http.StatusCreated).(map[string]any)
			assert.Equal(t, "Bare", env["name"])
			assert.Subset(t, keys(env), sampleKeys)
			for k, v := range defaults {
				assert.Equal(t, v, env[k], k)
			}
			assert.InDelta(t, float64(time.Now().Unix()), env["exported_at"], 60)
			assert.Equal(t, env, a.do("GET", base+"/"+env["id"].(string), nil).bare(http.StatusOK))

			sent := a.do("POST", base, map[string]any{
				"name": "Sent", "verify_ssl": false, "regions": []any{"eu1"}, "webhooks": []any{"https://hooks.example/"},
				"emails": map[string]any{"notify_on": "threshold", "notify_threshold": 3}, "initial_variables": map[string]any{"a": "b"},
				"custom": "kept", "version": "2.0", "exported_at": 1639677275, "http_version_support": "http1", "force_h2c": true,
				"pre_request_scripts": []any{"log(1);"}, "post_response_scripts": []any{"log(2);"},
				"script": "hello", "initial_script_hash": "stale",
			}).bare(http.StatusCreated).(map[string]any)
			for k, v := range map[string]any{
				"version": "2.0", "exported_at": 1639677275.0, "http_version_support": "http1", "force_h2c": true,
				"pre_request_scripts": []any{"log(1);"}, "post_response_scripts": []any{"log(2);"},
			} {
				assert.Equal(t, v, sent[k], k)
			}
			// The hash is the server's, of the script, whatever was sent.
			assert.Equal(t, "5d41402abc4b2a76b9719d911017c592", sent["initial_script_hash"])

			// An update keeps the members the server gave, and hashes the
			// new script.
			put := map[string]any{"name": "Put", "script": "log(3);"}
			updated := a.do("PUT", base+"/"+sent["id"].(string), put).bare(http.StatusOK).(map[string]any)
			assert.Equal(t, "2.0", updated["version"])
			assert.Equal(t, 1639677275.0, updated["exported_at"])
			assert.Equal(t, md5Hex("log(3);"), updated["initial_script_hash"])
			assert.NotContains(t, updated, "pre_request_scripts", "the full environment is sent on update")
			assert.Equal(t, false, sent["verify_ssl"])
			assert.Equal(t, []any{"eu1"}, sent["regions"])
			assert.Equal(t, []any{"https://hooks.example/"}, sent["webhooks"])
			assert.Equal(t, map[string]any{"a": "b"}, sent["initial_variables"])
			assert.Equal(t, map[string]any{"notify_all": false, "notify_on": "threshold", "notify_threshold": 3.0, "recipients": []any{}}, sent["emails"])
			assert.Equal(t, "kept", sent["custom"])
			assert.Equal(t, "", sent["client_certificate"], "a default where nothing was sent")
		})
	}

	// The environment a new test gets has them too; one it brings is an
	// import, kept as it was sent.
	env := test["environments"].([]any)[0].(map[string]any)
	assert.Subset(t, keys(env), sampleKeys)
	for k, v := range defaults {
		assert.Equal(t, v, env[k], k)
	}
	imported := a.createTest(map[string]any{"name": "import", "environments": []any{map[string]any{"id": "old", "name": "Staging"}}})
	assert.ElementsMatch(t, []string{"id", "name", "test_id"}, keys(imported["environments"].([]any)[0].(map[string]any)))
}

func md5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// Every test has an environment of its own; the limit of 100
// test-specific environments per bucket counts those beyond it, so a
// bucket holds any number of tests.
func TestTestSpecificEnvironmentLimit(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	var tests []any
	for range 3 {
		batch := make([]any, 50)
		for i := range batch {
			batch[i] = map[string]any{"name": fmt.Sprint(len(tests) + i)}
		}
		tests = append(tests, a.do("POST", a.bucketPath()+"/tests", batch).list(http.StatusCreated)...)
	}
	require.Len(t, tests, 150)
	path := func(i int) string { return a.testPath(tests[i].(map[string]any)) + "/environments" }

	// An import bringing two environments has one beyond its own.
	a.createTest(map[string]any{"name": "two", "environments": []any{map[string]any{"name": "a"}, map[string]any{"name": "b"}}})
	for i := range 99 {
		a.do("POST", path(i), map[string]any{"name": "extra"}).bare(http.StatusCreated)
	}
	assert.Contains(t, a.do("POST", path(120), map[string]any{"name": "one too many"}).fails(http.StatusBadRequest), "100")
	a.do("POST", a.bucketPath()+"/tests", map[string]any{"name": "x", "environments": []any{map[string]any{"name": "a"}, map[string]any{"name": "b"}}}).fails(http.StatusBadRequest)
	a.createTest(map[string]any{"name": "still fits: one environment of its own"})

	// Deleting an extra one, or a test with extras, makes room.
	extra := a.do("GET", path(0), nil).bare(http.StatusOK).([]any)[1].(map[string]any)
	a.do("DELETE", path(0)+"/"+extra["id"].(string), nil).empty(http.StatusNoContent)
	a.do("POST", path(120), map[string]any{"name": "fits again"}).bare(http.StatusCreated)
	a.do("POST", path(121), map[string]any{"name": "too many again"}).fails(http.StatusBadRequest)
	a.do("DELETE", a.testPath(tests[1].(map[string]any)), nil).empty(http.StatusNoContent)
	a.do("POST", path(121), map[string]any{"name": "fits again"}).bare(http.StatusCreated)

	// A test whose own environment was deleted gets a new one of its own.
	own := a.do("GET", path(149), nil).bare(http.StatusOK).([]any)[0].(map[string]any)
	a.do("DELETE", path(149)+"/"+own["id"].(string), nil).empty(http.StatusNoContent)
	a.do("POST", path(149), map[string]any{"name": "its own again"}).bare(http.StatusCreated)
}
