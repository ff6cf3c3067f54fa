package runscopetest_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The contract between the fake and the reference: every route that has
// a golden answer in testdata/ answers with the golden's shape. The fake
// and the SDK were written from the same reading of the reference; this is
// what catches either drifting from it.
//
// Same shape means: an envelope where the golden has one and a bare body
// where it has none; every member the golden has, at every depth (the
// fake may send more, as the live API does); the same JSON kinds, null on
// either side matching anything. The elements of an array are held
// against what every golden element has (steps against the golden's steps
// of the same step_type), and the members of dictionaries (headers,
// variables, revisions by environment ID...) against the golden's values,
// whatever their names. Each golden must also meet the fake's answers
// everywhere it holds more than null, so that a fixture that left an
// array empty cannot pass for a match; the few places the fake has
// nothing to show are listed in unmet, with the reason.

// contract is one route held against one golden.
type contract struct {
	golden       string
	method, path string
	body         any
	status       int
	// element: the golden shows one element of the list the route
	// answers, as the reference does for environments and roles.
	element bool
	// anyEnvelope: the route's answer may come in the envelope or bare
	// whatever the golden shows (see the roles list).
	anyEnvelope bool
	// data: the golden shows the data of the envelope the route answers
	// with, as a step captured on its own does.
	data bool
}

// skipped are the files of testdata/ that are not answers of a route,
// besides request bodies named *_request.json.
var skipped = map[string]string{
	"environments_unknown.json":          "made up to test that the SDK keeps members it does not model, not an answer",
	"tests_export.json":                  "a dashboard export file, the input of an import, not an answer",
	"tests_create_single.json":           "a request body: the reference's single test create",
	"tests_create_multiple.json":         "a request body: the reference's create of several tests",
	"tests_update_body.json":             "a request body",
	"steps_request_body.json":            "a request body",
	"steps_condition_body.json":          "a request body",
	"steps_ghost_inspector_body.json":    "a request body",
	"steps_subtest_body.json":            "a request body",
	"steps_pause_body.json":              "a request body",
	"steps_update_body.json":             "a request body",
	"steps_reorder.json":                 "a request body: a reorder",
	"steps_reorder_condition.json":       "a request body: a reorder with a condition",
	"steps_unknown.json":                 "a made-up step type, to test the SDK's unknown steps",
	"steps_assertions_contains.json":     "a fragment of a step, not a whole answer",
	"steps_assertions_status.json":       "a fragment of a step, not a whole answer",
	"steps_assertions_time.json":         "a fragment of a step, not a whole answer",
	"steps_auth_basic.json":              "a fragment of a step, not a whole answer",
	"steps_auth_client_certificate.json": "a fragment of a step, not a whole answer",
	"steps_auth_oauth1.json":             "a fragment of a step, not a whole answer",
	"steps_auth_oauth2.json":             "a fragment of a step, not a whole answer",
	"steps_auth_unknown.json":            "a fragment of a step, not a whole answer",
	"steps_variables.json":               "a fragment of a step, not a whole answer",
	"steps_conditional.json":             "a step on its own, as captured from the live API, not a whole answer",
	"steps_conditional_loop.json":        "a step on its own, as captured from the live API, not a whole answer",
	"steps_inbound.json":                 "a step on its own, as captured from the live API, not a whole answer",
	"last_run.json":                      "the last_run member on its own; tests_list_last_run.json and tests_detail_last_run.json hold it in place",
}

// unmet are the places of goldens that the fake's answers never fill,
// and why.
var unmet = map[string]map[string]string{
	"buckets_list.json": {".data[].auth_token": "the fake's buckets have no auth token (the reference shows null too)"},
	"results_get.json":  {".data.parent_test_uuid": "the fake runs no test as the subtest of another"},
	"results_list.json": {".data[].parent_test_uuid": "the fake runs no test as the subtest of another"},
}

// contracts builds state on the server through the API and returns the
// routes to hold against the goldens, in the order they are to be called:
// the calls that change state come after the reads that need the state
// as it was.
func contracts(t *testing.T, a *api) []contract {
	t.Helper()
	key, team := a.s.BucketKey(), a.s.TeamUUID()
	bp := a.bucketPath()
	body := func(name string) map[string]any { return golden(t, name).(map[string]any) }
	a.s.SetRunPolls(1)

	// A test with every kind of step, an environment with an integration
	// and initial variables, a schedule, and finished runs.
	test := a.createTest(body("tests_create_single.json"))
	tp := a.testPath(test)
	env := test["environments"].([]any)[0].(map[string]any)
	env["integrations"] = []any{map[string]any{"description": "PagerDuty", "integration_type": "pagerduty", "id": "cf95026e-8951-4ae1-83a7-699243678490"}}
	env["initial_variables"] = map[string]any{"base_url": "https://api.example.com"}
	a.do("PUT", tp+"/environments/"+env["id"].(string), env).bare(http.StatusOK)
	condition := body("steps_condition_body.json")
	condition["steps"] = append([]any{body("steps_pause_body.json")}, condition["steps"].([]any)...)
	image := map[string]any{"step_type": "request", "method": "GET", "url": "https://img.example/logo.png?size=small"}
	var stepIDs []string
	for _, step := range []any{body("steps_request_body.json"), condition, body("steps_subtest_body.json"), body("steps_ghost_inspector_body.json"), image} {
		whole := a.do("POST", tp+"/steps", step).obj(http.StatusCreated)
		stepIDs = ids(whole["steps"].([]any))
	}
	schedule := body("schedules_create_request.json")
	schedule["environment_id"] = env["id"]
	scheduleUpdate := body("schedules_update_request.json")
	scheduleUpdate["environment_id"] = env["id"]
	sc := a.do("POST", "/v1"+tp+"/schedules", schedule).obj(http.StatusCreated)
	run := a.do("GET", triggerPath(t, test)+"?runscope_region=us1", nil).obj(http.StatusCreated)["runs"].([]any)[0].(map[string]any)
	runPath := tp + "/results/" + run["test_run_id"].(string)
	a.do("GET", runPath, nil).obj(http.StatusOK) // finishes it
	// The live environment has a pre-request script, which a new
	// environment has none of.
	shared := body("environments_create_request.json")
	shared["pre_request_scripts"] = golden(t, "environments_live.json").(map[string]any)["pre_request_scripts"]
	sharedEnv := a.do("POST", bp+"/environments", shared).bare(http.StatusCreated).(map[string]any)
	testEnv := a.do("POST", tp+"/environments", body("environments_create_request.json")).bare(http.StatusCreated).(map[string]any)
	group := a.do("POST", "/teams/"+team+"/groups", body("groups_create_request.json")).obj(http.StatusCreated)
	a.do("PUT", "/teams/"+team+"/groups/"+group["uuid"].(string), map[string]any{"bucket_keys": []any{key}, "user_uuids": []any{a.s.AccountUUID()}}).obj(http.StatusOK)
	role := a.do("POST", "/teams/"+team+"/roles", body("roles_create_request.json")).obj(http.StatusCreated)
	customEmail := body("buckets_custom_email_add_request.json")
	customEmail["team_uuid"], customEmail["email"], customEmail["created_by"] = team, "ops@example.com", a.s.AccountUUID()
	invite := body("teams_invite_request.json")
	invite["role_uuid"], invite["group_uuids"] = role["uuid"], []any{group["uuid"]}
	exported := a.do("GET", tp, nil).obj(http.StatusOK) // imported again below
	batch := strings.TrimSuffix(triggerPath(t, test), "trigger") + "batch"
	bucket := a.do("GET", bp, nil).obj(http.StatusOK)
	bucketTrigger := strings.TrimPrefix(bucket["trigger_url"].(string), a.s.URL())
	stepPath := func(i int) string { return tp + "/steps/" + stepIDs[i] }
	reordered := a.createTest(map[string]any{"name": "reordered", "steps": []any{}})
	for _, step := range []any{body("steps_subtest_body.json"), condition, body("steps_request_body.json")} {
		a.do("POST", a.testPath(reordered)+"/steps", step).obj(http.StatusCreated)
	}
	steps := a.do("GET", a.testPath(reordered)+"/steps", nil).list(http.StatusOK)
	order := []any{ids(steps)[2], map[string]any{"id": ids(steps)[1], "steps": anyList(ids(steps[1].(map[string]any)["steps"].([]any)))}, ids(steps)[0]}
	// The live request step, less the members the API gives a new step.
	upload := a.createTest(map[string]any{"name": "upload", "steps": []any{}})
	live := body("steps_request_live.json")
	for _, k := range []string{"id", "fragment", "args", "data", "request_id", "binary_body"} {
		delete(live, k)
	}
	uploadStep := a.do("POST", a.testPath(upload)+"/steps", live).obj(http.StatusCreated)["steps"].([]any)[0].(map[string]any)

	get := func(golden, path string) contract {
		return contract{golden: golden, method: "GET", path: path, status: http.StatusOK}
	}
	return []contract{
		get("account.json", "/account"),
		get("account_live.json", "/account"),
		get("regions.json", "/regions"),

		{golden: "buckets_create.json", method: "POST", path: "/buckets?" + url.Values{"name": {"Mobile Apps"}, "team_uuid": {team}}.Encode(), status: http.StatusCreated},
		get("buckets_list.json", "/buckets"),
		get("buckets_list_live.json", "/buckets"),
		get("buckets_get.json", "/v1/buckets/"+key),
		get("buckets_create.json", bp), // the bucket without the v1 locations_utilization_%
		{golden: "buckets_custom_email_add.json", method: "POST", path: bp + "/custom-emails", body: customEmail, status: http.StatusOK},
		get("buckets_custom_emails.json", bp+"/custom-emails"),
		{golden: "buckets_custom_email_remove_error.json", method: "DELETE", path: bp + "/custom-emails", body: map[string]any{"email": "nobody@example.com"}, status: http.StatusNotFound},
		get("usage_bucket.json", bp+"/requests"),
		get("usage_team.json", "/team/"+team+"/requests"),

		get("tests_list.json", bp+"/tests"),
		get("tests_detail.json", tp),
		get("tests_list_last_run.json", bp+"/tests"),
		get("tests_detail_last_run.json", tp),
		get("tests_revisions.json", tp+"/revisions"),
		get("steps_list.json", tp+"/steps"),
		get("steps_detail.json", stepPath(1)),
		{golden: "steps_request_live.json", method: "GET", path: a.testPath(upload) + "/steps/" + uploadStep["id"].(string), status: http.StatusOK, data: true},
		get("schedules_list.json", tp+"/schedules"),
		get("schedules_get.json", tp+"/schedules/"+sc["id"].(string)),
		{golden: "environments_get.json", method: "GET", path: bp + "/environments", status: http.StatusOK, element: true},
		get("environments_get.json", bp+"/environments/"+sharedEnv["id"].(string)),
		get("environments_live.json", bp+"/environments/"+sharedEnv["id"].(string)),
		{golden: "environments_get.json", method: "GET", path: tp + "/environments", status: http.StatusOK, element: true},
		get("environments_get.json", tp+"/environments/"+testEnv["id"].(string)),
		get("results_list.json", tp+"/results"),
		get("results_get.json", runPath),
		get("results_get.json", tp+"/results/latest"),
		get("results_step.json", runPath+"/steps/"+stepIDs[1]),
		get("results_step_base64.json", runPath+"/steps/"+stepIDs[len(stepIDs)-1]),
		get("metrics_get.json", tp+"/metrics"),

		get("teams_people.json", "/teams/"+team+"/people"),
		get("teams_person.json", "/teams/"+team+"/people/grace@example.com"),
		get("teams_person_groups.json", "/teams/"+team+"/people/grace@example.com/groups"),
		get("teams_email_domains.json", "/teams/"+team+"/email-domains"),
		get("integrations_list.json", "/teams/"+team+"/integrations"),
		get("agents_list.json", "/v1/teams/"+team+"/agents"),
		{golden: "roles_list.json", method: "GET", path: "/teams/" + team + "/roles", status: http.StatusOK, element: true,
			// The reference shows one role, bare, under a heading copied
			// from the environments; the fake answers a list in the
			// envelope, as its other role and group routes do, and the
			// SDK reads either.
			anyEnvelope: true},
		get("roles_get.json", "/teams/"+team+"/roles/"+role["uuid"].(string)),
		get("groups_list.json", "/teams/"+team+"/groups"),
		get("groups_get.json", "/teams/"+team+"/groups/"+group["uuid"].(string)),

		// Changes.
		{golden: "tests_create.json", method: "POST", path: bp + "/tests", body: body("tests_create_single.json"), status: http.StatusCreated},
		{golden: "tests_create.json", method: "POST", path: bp + "/tests", body: exported, status: http.StatusCreated},
		{golden: "tests_update.json", method: "PUT", path: tp, body: body("tests_update_body.json"), status: http.StatusOK},
		{golden: "steps_request_response.json", method: "POST", path: tp + "/steps", body: body("steps_request_body.json"), status: http.StatusCreated},
		{golden: "steps_condition_response.json", method: "POST", path: tp + "/steps", body: condition, status: http.StatusCreated},
		{golden: "steps_ghost_inspector_response.json", method: "POST", path: tp + "/steps", body: body("steps_ghost_inspector_body.json"), status: http.StatusCreated},
		{golden: "steps_subtest_response.json", method: "POST", path: tp + "/steps", body: body("steps_subtest_body.json"), status: http.StatusCreated},
		{golden: "steps_detail.json", method: "PUT", path: stepPath(1), body: body("steps_update_body.json"), status: http.StatusOK},
		{golden: "steps_list.json", method: "PUT", path: a.testPath(reordered) + "/steps", body: order, status: http.StatusOK},
		{golden: "schedules_get.json", method: "POST", path: tp + "/schedules", body: schedule, status: http.StatusCreated},
		{golden: "schedules_get.json", method: "PUT", path: tp + "/schedules/" + sc["id"].(string), body: scheduleUpdate, status: http.StatusOK},
		{golden: "environments_get.json", method: "PUT", path: bp + "/environments/" + sharedEnv["id"].(string), body: body("environments_update_request.json"), status: http.StatusOK},
		{golden: "environments_get.json", method: "PUT", path: tp + "/environments/" + testEnv["id"].(string), body: body("environments_update_request.json"), status: http.StatusOK},
		{golden: "environments_get.json", method: "POST", path: bp + "/environments", body: body("environments_create_request.json"), status: http.StatusCreated},
		{golden: "environments_get.json", method: "POST", path: tp + "/environments", body: body("environments_create_request.json"), status: http.StatusCreated},
		{golden: "roles_create.json", method: "POST", path: "/teams/" + team + "/roles", body: body("roles_create_request.json"), status: http.StatusCreated},
		{golden: "roles_update.json", method: "PUT", path: "/teams/" + team + "/roles/" + role["uuid"].(string), body: body("roles_update_request.json"), status: http.StatusOK},
		{golden: "groups_create.json", method: "POST", path: "/teams/" + team + "/groups", body: body("groups_create_request.json"), status: http.StatusCreated},
		{golden: "groups_update.json", method: "PUT", path: "/teams/" + team + "/groups/" + group["uuid"].(string), body: map[string]any{"bucket_keys": []any{key}, "user_uuids": []any{a.s.AccountUUID()}}, status: http.StatusOK},
		{golden: "teams_invite.json", method: "POST", path: "/teams/" + team + "/invite", body: invite, status: http.StatusCreated},
		{golden: "teams_email_domains_set.json", method: "POST", path: "/team/" + team + "/email-domains", body: map[string]any{"domainNames": "example.com,gmail.com"}, status: http.StatusOK},
		{golden: "trigger.json", method: "GET", path: triggerPath(t, test) + "?base_url=https://staging.example.com", status: http.StatusCreated},
		{golden: "trigger.json", method: "POST", path: batch, body: []any{map[string]any{"runscope_region": "eu1"}}, status: http.StatusCreated},
		{golden: "trigger.json", method: "GET", path: bucketTrigger, status: http.StatusCreated},
		{golden: "trigger_bucket.json", method: "GET", path: bucketTrigger, status: http.StatusCreated},
	}
}

func anyList(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func TestContract(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	cases := contracts(t, a)

	// Every golden answer is held against a route, or said why not.
	files, err := filepath.Glob(filepath.Join("..", "testdata", "*.json"))
	require.NoError(t, err)
	held := map[string]bool{}
	for _, c := range cases {
		held[c.golden] = true
	}
	for _, f := range files {
		name := filepath.Base(f)
		if strings.HasSuffix(name, "_request.json") || skipped[name] != "" {
			assert.False(t, held[name], "%s is skipped and held", name)
			continue
		}
		assert.True(t, held[name], "%s is an answer no route is held against: add it to contracts, or to skipped with the reason", name)
	}

	checks := map[string]*contractCheck{}
	shapes := map[string]*shape{}
	for _, c := range cases {
		want := golden(t, c.golden)
		if checks[c.golden] == nil {
			checks[c.golden] = &contractCheck{met: map[string]bool{}}
			shapes[c.golden] = shapeOf([]any{want}, false)
		}
		check := checks[c.golden]
		r := a.do(c.method, c.path, c.body)
		require.Equal(t, c.status, r.status, "%s %s: %s", c.method, c.path, r.body)
		got := r.value()
		switch {
		case c.data:
			// The golden, a step on its own, may have a member named data
			// and pass for an envelope: the answer must be one.
			if !isEnvelope(got) {
				check.problems = append(check.problems, c.method+" "+c.path+": bare, where the golden is the data of an envelope")
				continue
			}
			got = got.(map[string]any)["data"]
		case !c.anyEnvelope && isEnvelope(want) != isEnvelope(got):
			check.problems = append(check.problems, c.method+" "+c.path+": enveloped or bare unlike the golden")
			continue
		}
		if !c.element {
			check.compare("", shapes[c.golden], got)
			continue
		}
		// The golden is one element of the list the route answers.
		list := got
		if isEnvelope(got) {
			list = got.(map[string]any)["data"]
		}
		elems, ok := list.([]any)
		require.True(t, ok, "%s %s answers a list: %s", c.method, c.path, r.body)
		require.NotEmpty(t, elems, "%s %s: an empty list proves nothing", c.method, c.path)
		for _, e := range elems {
			check.compare("", shapes[c.golden], e)
		}
	}

	names := slices.Sorted(func(yield func(string) bool) {
		for n := range checks {
			if !yield(n) {
				return
			}
		}
	})
	for _, name := range names {
		check := checks[name]
		for _, p := range check.problems {
			t.Errorf("%s: %s", name, p)
		}
		all := map[string]bool{}
		shapes[name].paths("", all)
		var never []string
		for p := range all {
			if !check.met[p] && unmet[name][p] == "" {
				never = append(never, p)
			}
		}
		sort.Strings(never)
		for _, p := range never {
			t.Errorf("%s: %s: the golden has a value here that no answer of the fake met: fill the fixture, or say in unmet why the fake has none", name, p)
		}
		for p := range unmet[name] {
			assert.False(t, check.met[p], "%s: %s is listed in unmet, but was met", name, p)
		}
	}
}

// The test holds itself to its word: a missing member, a kind that
// differs, an envelope that should not be and an empty fixture array are
// all reported.
func TestContractCheckFindsDrift(t *testing.T) {
	t.Parallel()
	var want any
	require.NoError(t, json.Unmarshal([]byte(`{"data": {"id": "x", "n": 1, "tags": ["a"], "steps": [
		{"step_type": "pause", "duration": 5}, {"step_type": "request", "url": "u", "headers": {"Accept": ["a"]}}],
		"maybe": null}}`), &want))
	s := shapeOf([]any{want}, false)
	check := &contractCheck{met: map[string]bool{}}
	var got any
	require.NoError(t, json.Unmarshal([]byte(`{"data": {"n": "1", "tags": [], "extra": true, "maybe": {"x": 1}, "steps": [
		{"step_type": "request", "headers": {"X-Other": "b"}}, {"step_type": "inbound"}]}}`), &got))
	check.compare("", s, got)
	assert.ElementsMatch(t, []string{
		".data.id: missing from the fake's answer",
		".data.n: string in the fake's answer, number in the golden",
		".data.steps[request].url: missing from the fake's answer",
		".data.steps[request].headers{}: string in the fake's answer, array in the golden",
	}, check.problems)

	all := map[string]bool{}
	s.paths("", all)
	var never []string
	for p := range all {
		if !check.met[p] {
			never = append(never, p)
		}
	}
	assert.ElementsMatch(t, []string{
		".data.id", ".data.n", ".data.tags[]", ".data.steps[pause]", ".data.steps[pause].duration",
		".data.steps[pause].step_type", ".data.steps[request].url", ".data.steps[request].headers{}",
		".data.steps[request].headers{}[]",
	}, never)
	assert.True(t, isEnvelope(want))
	assert.False(t, isEnvelope([]any{}))
	assert.False(t, isEnvelope(map[string]any{"id": "x"}))
}
