package runscopetest_test

import (
	"net/http"
	"net/url"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-runscope/runscope/runscopetest"
)

func TestRootAccountRegions(t *testing.T) {
	t.Parallel()
	a := newAPI(t)

	root := a.do("GET", "/", nil).obj(http.StatusOK)
	assert.Equal(t, a.s.URL()+"/buckets", root["bucket_list_url"])
	assert.Equal(t, a.s.URL()+"/account", root["current_account_url"])

	acct := a.do("GET", "/account", nil).obj(http.StatusOK)
	assert.Equal(t, a.s.AccountUUID(), acct["uuid"])
	assert.Equal(t, "Grace Hopper", acct["name"])
	assert.Equal(t, "grace@example.com", acct["email"])
	// The members the live API adds: id (the uuid again), when the
	// account was created (as its person in the team says), and whether
	// it owns each team.
	assert.Equal(t, a.s.AccountUUID(), acct["id"])
	person := a.do("GET", "/teams/"+a.s.TeamUUID()+"/people/grace@example.com", nil).obj(http.StatusOK)
	assert.Equal(t, person["created_at"], acct["created_at"])
	assert.Equal(t, []any{map[string]any{"uuid": a.s.TeamUUID(), "name": "Amazing Grace", "owner": true}}, acct["teams"])

	regions := a.do("GET", "/regions", nil).obj(http.StatusOK)["regions"].([]any)
	require.NotEmpty(t, regions)
	us1 := regions[0].(map[string]any)
	assert.Equal(t, "us1", us1["region_code"])
	for _, k := range []string{"location", "service_provider", "hostname"} {
		assert.NotEmpty(t, us1[k], k)
	}
}

func TestTokenRequired(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	for name, edit := range map[string]func(*http.Request){
		"no header":    nil,
		"empty bearer": func(r *http.Request) { r.Header.Set("Authorization", "Bearer ") },
		"basic":        func(r *http.Request) { r.SetBasicAuth("u", "p") },
	} {
		t.Run(name, func(t *testing.T) {
			msg := a.send("GET", "/account", nil, edit).fails(http.StatusForbidden)
			assert.Contains(t, msg, "token")
		})
	}
	// Any bearer token will do, in any case of the scheme.
	a.send("GET", "/account", nil, func(r *http.Request) { r.Header.Set("Authorization", "bearer x") }).obj(http.StatusOK)
}

func TestUnknownRoutes(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	a.do("GET", "/nope", nil).fails(http.StatusNotFound)
	a.do("GET", "/buckets/"+a.s.BucketKey()+"/tests/x/y/z", nil).fails(http.StatusNotFound)

	r := a.do("PATCH", "/buckets/"+a.s.BucketKey(), nil)
	r.fails(http.StatusMethodNotAllowed)
	assert.Equal(t, "GET, DELETE", r.header.Get("Allow"))
}

func TestInvalidJSON(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	for _, body := range []raw{"", "{", `{"name": "x"} {}`, "nope"} {
		msg := a.do("POST", a.bucketPath()+"/tests", body).fails(http.StatusBadRequest)
		assert.Contains(t, msg, "JSON", "body %q", body)
	}
	a.do("PUT", a.bucketPath()+"/tests/x", raw("[]")).fails(http.StatusNotFound) // the test is looked up first
}

func TestFailNext(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	path := a.bucketPath() + "/tests"
	a.s.FailNext("GET", path, http.StatusServiceUnavailable, 2)
	a.s.FailNext("", "/account", http.StatusTooManyRequests, 1)

	a.do("POST", path, map[string]any{"name": "other methods pass"}).obj(http.StatusCreated)
	a.do("GET", path+"?count=5", nil).fails(http.StatusServiceUnavailable) // the query does not matter
	a.do("GET", path, nil).fails(http.StatusServiceUnavailable)
	a.do("GET", path, nil).list(http.StatusOK)

	// Faults come before the token check.
	a.send("PUT", "/account", nil, nil).fails(http.StatusTooManyRequests)
	a.send("GET", "/account", nil, nil).fails(http.StatusForbidden)

	a.s.FailNext("get", "buckets/"+a.s.BucketKey(), http.StatusInternalServerError, 0) // times < 1: nothing
	a.s.FailNext("get", "buckets/"+a.s.BucketKey(), http.StatusInternalServerError, 1) // no slash, lower case: fine
	a.do("GET", a.bucketPath(), nil).fails(http.StatusInternalServerError)
	a.do("GET", a.bucketPath(), nil).obj(http.StatusOK)
}

// A fault is armed on a route, whatever spelling of its path reaches it:
// the /v1 prefix and the singular /team/ of the reference name the same
// resources as the plain paths, both ways round.
func TestFailNextAliases(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	key, team := a.s.BucketKey(), a.s.TeamUUID()
	test := a.createTest(map[string]any{"name": "aliased"})
	tp := a.testPath(test)
	schedule := map[string]any{"environment_id": test["default_environment_id"], "interval": "1h"}
	domains := map[string]any{"domainNames": "example.com"}
	for _, tc := range []struct {
		method, armed, hit string
		body               any
	}{
		{"GET", "/buckets/" + key, "/v1/buckets/" + key, nil},
		{"GET", "/v1/buckets/" + key, "/buckets/" + key, nil},
		{"POST", tp + "/schedules", "/v1" + tp + "/schedules", schedule},
		{"POST", "/v1" + tp + "/schedules", tp + "/schedules", schedule},
		{"GET", "/teams/" + team + "/agents", "/v1/teams/" + team + "/agents", nil},
		{"POST", "/teams/" + team + "/email-domains", "/team/" + team + "/email-domains", domains},
		{"GET", "/teams/" + team + "/requests", "/team/" + team + "/requests", nil},
		{"GET", "/team/" + team + "/email-domains", "/teams/" + team + "/email-domains", nil},
		{"GET", "buckets/" + key + "/", "/buckets/" + key, nil},
	} {
		a.s.FailNext(tc.method, tc.armed, http.StatusServiceUnavailable, 1)
		require.Equal(t, 1, a.s.PendingFaults())
		a.do(tc.method, tc.hit, tc.body).fails(http.StatusServiceUnavailable)
		assert.Zero(t, a.s.PendingFaults(), "%s %s armed, %s hit", tc.method, tc.armed, tc.hit)
		a.s.ClearFaults()
	}

	// Other resources, and other methods, are not aliases.
	a.s.FailNext("GET", "/v1/buckets/"+key, http.StatusServiceUnavailable, 1)
	a.s.FailNext("POST", "/teams/"+team+"/email-domains", http.StatusServiceUnavailable, 1)
	a.do("GET", "/buckets/"+key+"/tests", nil).list(http.StatusOK)
	a.do("GET", "/v1/buckets/nope", nil).fails(http.StatusNotFound)
	a.do("GET", "/team/"+team+"/email-domains", nil).fails(http.StatusMethodNotAllowed)
	a.do("GET", "/teams/"+team+"/email-domains", nil).obj(http.StatusOK)
	assert.Equal(t, 2, a.s.PendingFaults())
}

// PendingFaults counts the failures still to come; ClearFaults disarms
// them all.
func TestPendingAndClearFaults(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	assert.Zero(t, a.s.PendingFaults())
	a.s.FailNext("GET", "/account", http.StatusBadGateway, 3)
	a.s.FailNext("", "/regions", http.StatusTooManyRequests, 2)
	a.s.FailNext("GET", "/account", http.StatusBadGateway, 0) // arms nothing
	assert.Equal(t, 5, a.s.PendingFaults())

	a.do("GET", "/account", nil).fails(http.StatusBadGateway)
	assert.Equal(t, 4, a.s.PendingFaults())
	a.do("GET", "/buckets", nil).list(http.StatusOK)
	assert.Equal(t, 4, a.s.PendingFaults(), "a request no fault matches uses none")

	a.s.ClearFaults()
	assert.Zero(t, a.s.PendingFaults())
	a.do("GET", "/account", nil).obj(http.StatusOK)
	a.do("GET", "/regions", nil).obj(http.StatusOK)

	a.s.FailNext("GET", "/account", http.StatusBadGateway, 1) // armed again after a clear
	a.do("GET", "/account", nil).fails(http.StatusBadGateway)
}

func TestRequestsLog(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	a.do("POST", a.bucketPath()+"/tests", map[string]any{"name": "logged"})
	a.send("GET", "/buckets/a%2Fb?count=3&x=y", nil, func(r *http.Request) {
		r.Header.Set("Authorization", "Bearer secret")
		r.Header.Set("X-Trace", "t1")
	})

	log := a.s.Requests()
	require.Len(t, log, 2)
	assert.Equal(t, "POST", log[0].Method)
	assert.Equal(t, a.bucketPath()+"/tests", log[0].Path)
	assert.JSONEq(t, `{"name":"logged"}`, string(log[0].Body))
	assert.Equal(t, "application/json", log[0].Header.Get("Content-Type"))

	assert.Equal(t, "GET", log[1].Method)
	assert.Equal(t, "/buckets/a%2Fb", log[1].Path, "the escaped path")
	assert.Equal(t, url.Values{"count": {"3"}, "x": {"y"}}, log[1].Query)
	assert.Equal(t, "t1", log[1].Header.Get("X-Trace"))
	assert.Empty(t, log[1].Header.Values("Authorization"), "no tokens in the log")
	assert.Empty(t, log[1].Body)

	// The log is a copy.
	log[0].Body[0] = 'X'
	log[1].Query.Set("count", "9")
	again := a.s.Requests()
	assert.JSONEq(t, `{"name":"logged"}`, string(again[0].Body))
	assert.Equal(t, "3", again[1].Query.Get("count"))
}

func TestEscapedIDsStayOneSegment(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	// "../teams" as a bucket key is a key that does not exist, not a path.
	msg := a.do("GET", "/buckets/..%2Fteams", nil).fails(http.StatusNotFound)
	assert.Contains(t, msg, `"../teams"`)
}

// TestCloseLeavesNoGoroutine is not parallel: it counts goroutines.
func TestCloseLeavesNoGoroutine(t *testing.T) {
	before := runtime.NumGoroutine()
	s := runscopetest.NewServer()
	c := s.Client()
	_, _, err := c.Account(t.Context())
	require.NoError(t, err)
	s.Close()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	assert.LessOrEqual(t, runtime.NumGoroutine(), before)
}
