package runscopetest_test

import (
	"fmt"
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPeople(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	team := "/teams/" + a.s.TeamUUID()

	// A bare array, times in RFC 1123.
	people := a.do("GET", team+"/people", nil).bare(http.StatusOK).([]any)
	require.Len(t, people, 2)
	grace := people[0].(map[string]any)
	assert.Equal(t, a.s.AccountUUID(), grace["id"])
	assert.Equal(t, a.s.AccountUUID(), grace["uuid"])
	assert.Equal(t, "Grace Hopper", grace["name"])
	assert.Equal(t, "grace@example.com", grace["email"])
	assert.Equal(t, "Administrator", grace["role_name"])
	assert.Equal(t, "Wed, 14 Aug 2019 19:53:48 -0000", grace["created_at"])
	_, err := time.Parse(time.RFC1123Z, grace["last_login_at"].(string))
	assert.NoError(t, err)

	// The person lookup has epoch created_at.
	p := a.do("GET", team+"/people/GRACE@example.com", nil).obj(http.StatusOK)
	assert.Equal(t, 1565812428.0, p["created_at"])
	assert.Equal(t, "Administrator", p["role_name"])
	a.do("GET", team+"/people/nobody@example.com", nil).fails(http.StatusNotFound)

	// Invite, then page through count at a time, pages from 1.
	var emails []any
	for i := range 5 {
		emails = append(emails, fmt.Sprintf("user%d@example.com", i))
	}
	inv := a.do("POST", team+"/invite", map[string]any{"emails": append(emails, "grace@example.com", "not-an-email")}).obj(http.StatusCreated)
	assert.Equal(t, emails, inv["successes"])
	assert.Equal(t, []any{"grace@example.com", "not-an-email"}, inv["errors"])
	inv = a.do("POST", team+"/invite", map[string]any{"emails": "x@example.com, y@example.com"}).obj(http.StatusCreated)
	assert.Equal(t, []any{"x@example.com", "y@example.com"}, inv["successes"], "a comma-separated string works too")
	assert.Equal(t, "Read-only Members", a.do("GET", team+"/people/x@example.com", nil).obj(http.StatusOK)["role_name"])

	var all []any
	for page := 1; ; page++ {
		got := a.do("GET", fmt.Sprintf("%s/people?count=4&page=%d", team, page), nil).bare(http.StatusOK).([]any)
		if len(got) == 0 {
			break
		}
		all = append(all, got...)
	}
	assert.Len(t, all, 9)
	assert.Empty(t, a.do("GET", fmt.Sprintf("%s/people?count=200&page=%d", team, math.MaxInt), nil).bare(http.StatusOK))
	for _, q := range []string{"count=201", "count=0", "page=0", "page=x"} {
		a.do("GET", team+"/people?"+q, nil).fails(http.StatusBadRequest)
	}

	for name, body := range map[string]any{
		"no emails":     map[string]any{},
		"unknown role":  map[string]any{"emails": []any{"z@example.com"}, "role_uuid": "nope"},
		"unknown group": map[string]any{"emails": []any{"z@example.com"}, "group_uuids": []any{"nope"}},
	} {
		assert.NotEmpty(t, a.do("POST", team+"/invite", body).fails(http.StatusBadRequest), name)
	}

	// Remove; never the owner.
	a.do("DELETE", team+"/people/user0@example.com", nil).empty(http.StatusNoContent)
	a.do("DELETE", team+"/people/user0@example.com", nil).fails(http.StatusNotFound)
	assert.Contains(t, a.do("DELETE", team+"/people/grace@example.com", nil).fails(http.StatusBadRequest), "owner")

	a.do("GET", "/teams/nope/people", nil).fails(http.StatusNotFound)
}

func TestEmailDomainsIntegrationsAgents(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	team := a.s.TeamUUID()

	d := a.do("GET", "/teams/"+team+"/email-domains", nil).obj(http.StatusOK)
	assert.Equal(t, team, d["team_uuid"])
	assert.Equal(t, "example.com", d["email_whitelist_domains"])
	assert.Equal(t, a.s.AccountUUID(), d["updated_by"])
	assert.Greater(t, d["updated_at"], 1e9)

	// The update path is singular /team/, and answers without data.
	r := a.do("POST", "/team/"+team+"/email-domains", map[string]any{"domainNames": "Gmail.com, yahoo.com,,perforce.com"})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	assert.JSONEq(t, `{"error": null, "meta": {"status": "success"}}`, string(r.body))
	d = a.do("GET", "/teams/"+team+"/email-domains", nil).obj(http.StatusOK)
	assert.Equal(t, "gmail.com,yahoo.com,perforce.com", d["email_whitelist_domains"])
	a.do("POST", "/team/"+team+"/email-domains", map[string]any{"domains": []any{"x.com"}}).fails(http.StatusBadRequest)
	a.do("POST", "/teams/"+team+"/email-domains", map[string]any{"domainNames": "x.com"}).fails(http.StatusMethodNotAllowed)

	integrations := a.do("GET", "/teams/"+team+"/integrations", nil).bare(http.StatusOK).([]any)
	require.Len(t, integrations, 2)
	assert.Equal(t, map[string]any{
		"description": "PagerDuty: Production Alerts", "type": "pagerduty", "uuid": "cf95026e-8951-4ae1-83a7-699243678490",
	}, integrations[0])

	agents := a.do("GET", "/v1/teams/"+team+"/agents", nil).list(http.StatusOK)
	require.Len(t, agents, 1)
	agent := agents[0].(map[string]any)
	assert.Equal(t, team, agent["team_id"])
	assert.Equal(t, "127.0.0.1", agent["ip_address"])
	for _, k := range []string{"version", "agent_id", "name", "install_dir", "hostname", "host_os"} {
		assert.NotEmpty(t, agent[k], k)
	}

	a.do("GET", "/teams/nope/integrations", nil).fails(http.StatusNotFound)
	a.do("GET", "/v1/teams/nope/agents", nil).fails(http.StatusNotFound)
	a.do("GET", "/teams/nope/email-domains", nil).fails(http.StatusNotFound)
}

func TestTeamUsage(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	test := a.createTest(map[string]any{"name": "usage", "steps": []any{map[string]any{"step_type": "request", "url": "https://a.example/"}}})
	a.do("GET", triggerPath(t, test), nil)
	other := a.do("POST", "/buckets?name=Other&team_uuid="+a.s.TeamUUID(), map[string]any{}).obj(http.StatusCreated)

	u := a.do("GET", "/team/"+a.s.TeamUUID()+"/requests", nil).obj(http.StatusOK)
	assert.Equal(t, a.s.TeamUUID(), u["team_uuid"])
	assert.Equal(t, 1.0, u["requests_count"])
	assert.Equal(t, "Grace Hopper", u["creator_name"])
	assert.Equal(t, "grace@example.com", u["creator_email"])
	assert.Equal(t, a.s.AccountUUID(), u["creator_id"])
	buckets := u["buckets"].([]any)
	require.Len(t, buckets, 2)
	assert.Equal(t, 1.0, buckets[0].(map[string]any)["requests_count"])
	assert.Equal(t, other["key"], buckets[1].(map[string]any)["bucket_key"])
	assert.Equal(t, u["from_date"], buckets[1].(map[string]any)["from_date"])

	a.do("GET", "/team/"+a.s.TeamUUID()+"/requests?from=2019-11-14", nil).fails(http.StatusBadRequest)
	a.do("GET", "/team/nope/requests", nil).fails(http.StatusNotFound)
}

func TestRoles(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	base := "/teams/" + a.s.TeamUUID() + "/roles"
	roles := a.do("GET", base, nil).list(http.StatusOK)
	require.Len(t, roles, 2)

	role := a.do("POST", base, map[string]any{"name": "Viewer", "permissions": []any{"team:people:view"}}).obj(http.StatusCreated)
	assert.Equal(t, "Viewer", role["name"])
	assert.Equal(t, []any{"team:people:view"}, role["permissions"])
	id := role["uuid"].(string)
	assert.Equal(t, role, a.do("GET", base+"/"+id, nil).obj(http.StatusOK))

	perms := []any{"team:people:view", "team:usage:view", "bucket:tests:view", "team:secrets:view"}
	updated := a.do("PUT", base+"/"+id, map[string]any{"permissions": perms}).obj(http.StatusOK)
	assert.Equal(t, perms, updated["permissions"])
	assert.Equal(t, "Viewer", updated["name"])

	for name, body := range map[string]any{
		"no name":          map[string]any{"permissions": []any{}},
		"permissions text": map[string]any{"name": "x", "permissions": "team:people:view"},
		"permission ints":  map[string]any{"name": "x", "permissions": []any{1}},
	} {
		assert.NotEmpty(t, a.do("POST", base, body).fails(http.StatusBadRequest), name)
	}
	a.do("PUT", base+"/"+id, map[string]any{"name": ""}).fails(http.StatusBadRequest)

	// Assign: PUT the people list with a role and user IDs.
	people := "/teams/" + a.s.TeamUUID() + "/people"
	r := a.do("PUT", people, map[string]any{"role_uuid": id, "user_uuids": []any{a.s.AccountUUID()}})
	r.data(http.StatusOK)
	assert.Equal(t, "Viewer", a.do("GET", people+"/grace@example.com", nil).obj(http.StatusOK)["role_name"])
	a.do("PUT", people, map[string]any{"role_uuid": "nope", "user_uuids": []any{a.s.AccountUUID()}}).fails(http.StatusBadRequest)
	a.do("PUT", people, map[string]any{"role_uuid": id, "user_uuids": []any{"nobody"}}).fails(http.StatusBadRequest)
	a.do("PUT", people, map[string]any{"role_uuid": id}).fails(http.StatusBadRequest)

	// A role in use cannot go.
	a.do("DELETE", base+"/"+id, nil).fails(http.StatusBadRequest)
	admin := roles[0].(map[string]any)["uuid"]
	a.do("PUT", people, map[string]any{"role_uuid": admin, "user_uuids": []any{a.s.AccountUUID()}}).data(http.StatusOK)
	a.do("DELETE", base+"/"+id, nil).empty(http.StatusNoContent)
	a.do("GET", base+"/"+id, nil).fails(http.StatusNotFound)
	a.do("PUT", base+"/"+id, map[string]any{"name": "x"}).fails(http.StatusNotFound)
	a.do("GET", "/teams/nope/roles", nil).fails(http.StatusNotFound)
}

func TestGroups(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	team := "/teams/" + a.s.TeamUUID()
	base := team + "/groups"
	assert.Empty(t, a.do("GET", base, nil).list(http.StatusOK))

	g := a.do("POST", base, map[string]any{"name": "My New Team Group"}).obj(http.StatusCreated)
	assert.Equal(t, map[string]any{"bucket_keys": nil, "name": "My New Team Group", "user_count": 0.0, "users": nil, "uuid": g["uuid"]}, g)
	id := g["uuid"].(string)
	assert.Equal(t, []any{map[string]any{"name": "My New Team Group", "uuid": id}}, a.do("GET", base, nil).list(http.StatusOK))

	updated := a.do("PUT", base+"/"+id, map[string]any{"bucket_keys": []any{a.s.BucketKey()}, "user_uuids": []any{a.s.AccountUUID()}}).obj(http.StatusOK)
	assert.Equal(t, []any{a.s.BucketKey()}, updated["bucket_keys"])
	assert.Equal(t, 1.0, updated["user_count"])
	assert.Equal(t, []any{map[string]any{"email": "grace@example.com", "name": "Grace Hopper", "uuid": a.s.AccountUUID()}}, updated["users"])
	assert.Equal(t, updated, a.do("GET", base+"/"+id, nil).obj(http.StatusOK))
	renamed := a.do("PUT", base+"/"+id, map[string]any{"name": "Renamed"}).obj(http.StatusOK)
	assert.Equal(t, 1.0, renamed["user_count"], "members omitted are kept")

	groups := a.do("GET", team+"/people/grace@example.com/groups", nil).list(http.StatusOK)
	assert.Equal(t, []any{map[string]any{"uuid": id, "name": "Renamed", "team_uuid": a.s.TeamUUID()}}, groups)
	assert.Empty(t, a.do("GET", team+"/people/ada@example.com/groups", nil).list(http.StatusOK))

	// Invitations can add people to groups.
	a.do("POST", team+"/invite", map[string]any{"emails": []any{"new@example.com"}, "group_uuids": []any{id}}).obj(http.StatusCreated)
	assert.Equal(t, 2.0, a.do("GET", base+"/"+id, nil).obj(http.StatusOK)["user_count"])

	a.do("PUT", base+"/"+id, map[string]any{"bucket_keys": []any{"nope"}}).fails(http.StatusBadRequest)
	a.do("PUT", base+"/"+id, map[string]any{"user_uuids": []any{"nobody"}}).fails(http.StatusBadRequest)
	a.do("POST", base, map[string]any{}).fails(http.StatusBadRequest)

	a.do("DELETE", base+"/"+id, nil).empty(http.StatusNoContent)
	a.do("GET", base+"/"+id, nil).fails(http.StatusNotFound)
	a.do("DELETE", base+"/"+id, nil).fails(http.StatusNotFound)
	a.do("GET", "/teams/nope/groups", nil).fails(http.StatusNotFound)
}
