package runscopetest_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBuckets(t *testing.T) {
	t.Parallel()
	a := newAPI(t)

	list := a.do("GET", "/buckets", nil).list(http.StatusOK)
	require.Len(t, list, 1)
	def := list[0].(map[string]any)
	assert.Equal(t, a.s.BucketKey(), def["key"])
	assert.Equal(t, true, def["default"])
	assert.Nil(t, def["auth_token"])
	assert.Equal(t, map[string]any{"name": "Amazing Grace", "uuid": a.s.TeamUUID()}, def["team"])
	assert.Regexp(t, `^`+a.s.URL()+`/radar/bucket/[0-9a-f-]{36}/trigger$`, def["trigger_url"])

	// Create: name and team_uuid in the query, a JSON content type.
	r := a.send("POST", "/buckets?name=x&team_uuid="+a.s.TeamUUID(), raw("name=x"), func(r *http.Request) {
		r.Header.Set("Authorization", "Bearer t")
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	})
	r.fails(http.StatusUnsupportedMediaType)
	a.do("POST", "/buckets?name=No%20Body&team_uuid="+a.s.TeamUUID(), nil).obj(http.StatusCreated)
	b := a.do("POST", "/buckets?name=Mobile%20Apps&team_uuid="+a.s.TeamUUID(), map[string]any{}).obj(http.StatusCreated)
	assert.Equal(t, "Mobile Apps", b["name"])
	assert.Equal(t, false, b["default"])
	assert.Regexp(t, `^[a-z0-9]{12}$`, b["key"])
	a.do("POST", "/buckets?team_uuid="+a.s.TeamUUID(), map[string]any{}).fails(http.StatusBadRequest)
	a.do("POST", "/buckets?name=x", map[string]any{}).fails(http.StatusBadRequest)
	a.do("POST", "/buckets?name=x&team_uuid=nope", map[string]any{}).fails(http.StatusNotFound)

	key := b["key"].(string)
	assert.Len(t, a.do("GET", "/buckets", nil).list(http.StatusOK), 3)

	v0 := a.do("GET", "/buckets/"+key, nil).obj(http.StatusOK)
	assert.Equal(t, b, v0)
	assert.NotContains(t, v0, "locations_utilization_%")
	v1 := a.do("GET", "/v1/buckets/"+key, nil).obj(http.StatusOK)
	assert.Equal(t, map[string]any{"remote": 82.0, "US California": 86.0, "US Iowa": 90.0}, v1["locations_utilization_%"])
	v1 = a.do("GET", "/v1/buckets/"+key+"?list_utilizations_gt=86", nil).obj(http.StatusOK)
	assert.Equal(t, map[string]any{"US California": 86.0, "US Iowa": 90.0}, v1["locations_utilization_%"])
	a.do("GET", "/v1/buckets/"+key+"?list_utilizations_gt=lots", nil).fails(http.StatusBadRequest)

	a.do("DELETE", a.bucketPath(), nil).fails(http.StatusBadRequest) // the default bucket stays
	a.do("DELETE", "/buckets/"+key, nil).empty(http.StatusNoContent)
	a.do("GET", "/buckets/"+key, nil).fails(http.StatusNotFound)
	a.do("GET", "/v1/buckets/"+key, nil).fails(http.StatusNotFound)
	a.do("DELETE", "/buckets/"+key, nil).fails(http.StatusNotFound)
}

// Buckets carry the members the live API adds: when they were created,
// whether they are private, how many tests they hold, and links to their
// tests, collections and messages on the server.
func TestBucketLiveMembers(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	def := a.do("GET", a.bucketPath(), nil).obj(http.StatusOK)
	assert.Equal(t, 0.0, def["tests_count"])
	assert.Equal(t, false, def["is_private"])
	assert.Equal(t, 1565812428.0, def["created_at"], "the team's creation, 2019-08-14")

	b := a.do("POST", "/buckets?name=Live&team_uuid="+a.s.TeamUUID(), map[string]any{}).obj(http.StatusCreated)
	key := b["key"].(string)
	base := a.s.URL() + "/buckets/" + key
	assert.Equal(t, base+"/tests", b["tests_url"])
	assert.Equal(t, base+"/collections", b["collections_url"])
	assert.Equal(t, base+"/messages", b["messages_url"])
	assert.InDelta(t, float64(time.Now().Unix()), b["created_at"], 60)
	assert.Equal(t, 0.0, b["tests_count"])

	// tests_count is the bucket's count of tests, as it changes.
	var tests []map[string]any
	for _, name := range []string{"one", "two"} {
		tests = append(tests, a.do("POST", "/buckets/"+key+"/tests", map[string]any{"name": name}).obj(http.StatusCreated))
	}
	a.do("POST", "/buckets/"+key+"/tests", []any{map[string]any{"name": "three"}, map[string]any{"name": "four"}}).list(http.StatusCreated)
	a.do("DELETE", "/buckets/"+key+"/tests/"+tests[0]["id"].(string), nil).empty(http.StatusNoContent)
	got := a.do("GET", "/buckets/"+key, nil).obj(http.StatusOK)
	assert.Equal(t, 3.0, got["tests_count"])
	assert.Equal(t, b["created_at"], got["created_at"])
	assert.Equal(t, 3.0, a.do("GET", "/v1/buckets/"+key, nil).obj(http.StatusOK)["tests_count"])
	list := a.do("GET", "/buckets", nil).list(http.StatusOK)
	i := slices.IndexFunc(list, func(e any) bool { return e.(map[string]any)["key"] == key })
	require.GreaterOrEqual(t, i, 0)
	assert.Equal(t, got, list[i])
	assert.Equal(t, 0.0, a.do("GET", a.bucketPath(), nil).obj(http.StatusOK)["tests_count"], "another bucket's tests")
}

func TestCustomEmails(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	path := a.bucketPath() + "/custom-emails"
	assert.Empty(t, a.do("GET", path, nil).list(http.StatusOK))

	add := map[string]any{"team_uuid": a.s.TeamUUID(), "email": "ops@example.com", "description": "on call"}
	r := a.do("POST", path, add)
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	assert.JSONEq(t, `{"error": null, "meta": {"status": "success"}}`, string(r.body), "no data member")

	list := a.do("GET", path, nil).list(http.StatusOK)
	require.Len(t, list, 1)
	e := list[0].(map[string]any)
	assert.Equal(t, "ops@example.com", e["custom_email"])
	assert.Equal(t, "on call", e["description"])
	assert.Equal(t, a.s.BucketKey(), e["bucket_key"])
	assert.Equal(t, a.s.TeamUUID(), e["team_uuid"])
	assert.Equal(t, a.s.AccountUUID(), e["created_by"])
	assert.NotEmpty(t, e["uuid"])
	assert.Greater(t, e["created_at"], 1e9)

	for name, body := range map[string]map[string]any{
		"duplicate":       add,
		"no team":         {"email": "x@example.com"},
		"other team":      {"team_uuid": "nope", "email": "x@example.com"},
		"not an address":  {"team_uuid": a.s.TeamUUID(), "email": "nobody"},
		"not whitelisted": {"team_uuid": a.s.TeamUUID(), "email": "x@elsewhere.org"},
	} {
		assert.NotEmpty(t, a.do("POST", path, body).fails(http.StatusBadRequest), name)
	}
	// Whitelisting the domain lets the address in.
	a.do("POST", "/team/"+a.s.TeamUUID()+"/email-domains", map[string]any{"domainNames": "example.com,elsewhere.org"})
	a.do("POST", path, map[string]any{"team_uuid": a.s.TeamUUID(), "email": "x@Elsewhere.org", "created_by": "someone"})
	list = a.do("GET", path, nil).list(http.StatusOK)
	require.Len(t, list, 2)
	assert.Equal(t, "someone", list[1].(map[string]any)["created_by"])

	// Removal takes a JSON body; an unknown email answers with a string error.
	a.do("DELETE", path, map[string]any{"email": "ops@example.com"}).empty(http.StatusNoContent)
	r = a.do("DELETE", path, map[string]any{"email": "ops@example.com"})
	require.Equal(t, http.StatusNotFound, r.status)
	assert.JSONEq(t, `{"error": "Email ops@example.com is not part of the bucket `+a.s.BucketKey()+`", "meta": {"status": "error"}}`, string(r.body))
	a.do("DELETE", path, map[string]any{}).fails(http.StatusBadRequest)
	assert.Len(t, a.do("GET", path, nil).list(http.StatusOK), 1)

	a.do("GET", "/buckets/nope/custom-emails", nil).fails(http.StatusNotFound)
}

func TestBucketUsage(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	test := a.createTest(map[string]any{"name": "usage", "steps": []any{
		map[string]any{"step_type": "request", "url": "https://a.example/"},
		map[string]any{"step_type": "pause", "duration": 1},
		map[string]any{"step_type": "condition", "steps": []any{map[string]any{"step_type": "request", "url": "https://b.example/"}}},
	}})
	a.do("GET", triggerPath(t, test)+"?runscope_region=us1&runscope_region=eu1", nil).obj(http.StatusCreated)

	u := a.do("GET", a.bucketPath()+"/requests", nil).obj(http.StatusOK)
	assert.Equal(t, 4.0, u["requests_count"], "2 runs of 2 request steps")
	assert.Equal(t, a.s.BucketKey(), u["bucket_key"])
	assert.Regexp(t, `^\d{4}-\d{2}-\d{2}$`, u["from_date"])
	assert.Regexp(t, `^\d{4}-\d{2}-\d{2}$`, u["to_date"])

	u = a.do("GET", a.bucketPath()+"/requests?from=2019-11-14&to=2019-11-15", nil).obj(http.StatusOK)
	assert.Equal(t, map[string]any{"requests_count": 0.0, "bucket_key": a.s.BucketKey(), "from_date": "2019-11-14", "to_date": "2019-11-15"}, u)
	u = a.do("GET", a.bucketPath()+"/requests?date=2019-11-14", nil).obj(http.StatusOK)
	assert.Equal(t, "2019-11-14", u["from_date"])
	assert.Equal(t, 4.0, u["requests_count"])
	u = a.do("GET", a.bucketPath()+"/requests?days=10", nil).obj(http.StatusOK)
	assert.Equal(t, 4.0, u["requests_count"])

	for _, q := range []string{"from=2019-11-14", "to=2019-11-14", "from=2019-11-15&to=2019-11-14", "from=14/11/2019&to=2019-11-15", "date=yesterday", "days=0"} {
		msg := a.do("GET", a.bucketPath()+"/requests?"+q, nil).fails(http.StatusBadRequest)
		assert.True(t, strings.Contains(msg, "from") || strings.Contains(msg, "date") || strings.Contains(msg, "days"), "%s: %s", q, msg)
	}
	a.do("GET", "/buckets/nope/requests", nil).fails(http.StatusNotFound)
}
