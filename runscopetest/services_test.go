package runscopetest_test

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-runscope/runscope"
	"github.com/go-runscope/runscope/runscopetest"
)

// These tests drive every service of the SDK against the fake, the way a
// user's integration would: what one call creates, the next reads back.
// They prove the SDK and the fake agree on paths, shapes and quirks.

func newFake(t *testing.T) (*runscopetest.Server, *runscope.Client, context.Context) {
	t.Helper()
	srv := runscopetest.NewServer()
	t.Cleanup(srv.Close)
	return srv, srv.Client(), t.Context()
}

func healthStep(url string) *runscope.RequestStep {
	return &runscope.RequestStep{
		Method: http.MethodGet,
		URL:    url,
		Assertions: []runscope.Assertion{
			{Source: runscope.AssertionSourceStatus, Comparison: runscope.ComparisonEqualNumber, Value: 200},
		},
		Variables: []runscope.Variable{{Name: "id", Source: runscope.VariableSourceJSON, Property: "id"}},
	}
}

func TestServiceTests(t *testing.T) {
	t.Parallel()
	srv, c, ctx := newFake(t)
	bucket := srv.BucketKey()

	created, resp, err := c.Tests.Create(ctx, bucket, &runscope.Test{Name: "orders", Description: "the orders API",
		Steps: []runscope.Step{healthStep("https://api.example.com/orders")}})
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.NotEmpty(t, created.ID)
	assert.NotEmpty(t, created.TriggerURL)
	require.Len(t, created.Steps, 1)
	assert.IsType(t, &runscope.RequestStep{}, created.Steps[0])

	many, _, err := c.Tests.CreateMany(ctx, bucket, []*runscope.Test{{Name: "a"}, {Name: "b"}})
	require.NoError(t, err)
	require.Len(t, many, 2)
	assert.Equal(t, []string{"a", "b"}, []string{many[0].Name, many[1].Name})

	got, _, err := c.Tests.Get(ctx, bucket, created.ID)
	require.NoError(t, err)
	assert.Equal(t, "the orders API", got.Description)

	page, _, err := c.Tests.List(ctx, bucket, &runscope.TestListOptions{Count: 2})
	require.NoError(t, err)
	assert.Len(t, page, 2)
	var names []string
	for test, err := range c.Tests.All(ctx, bucket, &runscope.TestListOptions{Count: 1}) {
		require.NoError(t, err)
		names = append(names, test.Name)
	}
	assert.ElementsMatch(t, []string{"orders", "a", "b"}, names)

	updated, _, err := c.Tests.Update(ctx, bucket, created.ID, &runscope.TestUpdate{Name: new("orders v2")})
	require.NoError(t, err)
	assert.Equal(t, "orders v2", updated.Name)
	assert.Equal(t, "the orders API", updated.Description, "fields the update leaves nil are not modified")
	assert.Len(t, updated.Steps, 1)

	revs, _, err := c.Tests.Revisions(ctx, bucket, created.ID)
	require.NoError(t, err)
	assert.NotNil(t, revs)

	_, err = c.Tests.Delete(ctx, bucket, many[0].ID)
	require.NoError(t, err)
	_, _, err = c.Tests.Get(ctx, bucket, many[0].ID)
	assert.ErrorIs(t, err, runscope.ErrNotFound)
}

func TestServiceSteps(t *testing.T) {
	t.Parallel()
	srv, c, ctx := newFake(t)
	bucket := srv.BucketKey()
	test, _, err := c.Tests.Create(ctx, bucket, &runscope.Test{Name: "steps"})
	require.NoError(t, err)

	first, _, err := c.Steps.Add(ctx, bucket, test.ID, healthStep("https://api.example.com/1"))
	require.NoError(t, err, "the fake answers a step add with the whole test; Add returns the new step")
	require.IsType(t, &runscope.RequestStep{}, first)
	pause, _, err := c.Steps.Add(ctx, bucket, test.ID, &runscope.PauseStep{Duration: 5})
	require.NoError(t, err)
	cond, _, err := c.Steps.Add(ctx, bucket, test.ID, &runscope.ConditionStep{
		LeftValue: "{{id}}", Comparison: runscope.ComparisonNotEmpty,
		Steps: []runscope.Step{healthStep("https://api.example.com/2")},
	})
	require.NoError(t, err)

	steps, _, err := c.Steps.List(ctx, bucket, test.ID)
	require.NoError(t, err)
	ids := make([]string, len(steps))
	for i, s := range steps {
		ids[i] = s.StepID()
	}
	assert.Contains(t, ids, first.StepID())
	assert.Contains(t, ids, pause.StepID())
	assert.Contains(t, ids, cond.StepID())

	got, _, err := c.Steps.Get(ctx, bucket, test.ID, pause.StepID())
	require.NoError(t, err)
	assert.Equal(t, 5, got.(*runscope.PauseStep).Duration)

	changed := got.(*runscope.PauseStep)
	changed.Duration = 9
	updated, _, err := c.Steps.Update(ctx, bucket, test.ID, changed.ID, changed)
	require.NoError(t, err)
	assert.Equal(t, 9, updated.(*runscope.PauseStep).Duration)

	// Reverse the order; the condition keeps its nested step.
	slices.Reverse(steps)
	reordered, _, err := c.Steps.Reorder(ctx, bucket, test.ID, steps)
	require.NoError(t, err)
	require.Len(t, reordered, len(steps))
	assert.Equal(t, steps[0].StepID(), reordered[0].StepID())
	assert.Len(t, reordered[0].(*runscope.ConditionStep).Steps, 1)

	_, err = c.Steps.Delete(ctx, bucket, test.ID, pause.StepID())
	require.NoError(t, err)
	_, _, err = c.Steps.Get(ctx, bucket, test.ID, pause.StepID())
	assert.ErrorIs(t, err, runscope.ErrNotFound)
}

func TestServiceEnvironments(t *testing.T) {
	t.Parallel()
	srv, c, ctx := newFake(t)
	bucket := srv.BucketKey()
	test, _, err := c.Tests.Create(ctx, bucket, &runscope.Test{Name: "envs"})
	require.NoError(t, err)

	shared, resp, err := c.Environments.CreateShared(ctx, bucket, &runscope.Environment{
		Name:             "staging",
		InitialVariables: map[string]string{"base_url": "https://staging.example.com"},
		Auth:             &runscope.BasicAuth{Username: "u", Password: "p"},
		Emails:           &runscope.Emails{NotifyOn: runscope.NotifyThreshold, NotifyThreshold: 3},
		VerifySSL:        new(false),
	})
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Empty(t, resp.Meta.Status, "environments answer without the envelope")
	require.NotNil(t, shared.VerifySSL)
	assert.False(t, *shared.VerifySSL)
	assert.IsType(t, &runscope.BasicAuth{}, shared.Auth)

	list, _, err := c.Environments.ListShared(ctx, bucket)
	require.NoError(t, err)
	assert.True(t, slices.ContainsFunc(list, func(e *runscope.Environment) bool { return e.ID == shared.ID }))

	got, _, err := c.Environments.GetShared(ctx, bucket, shared.ID)
	require.NoError(t, err)
	got.Name = "staging 2"
	updated, _, err := c.Environments.UpdateShared(ctx, bucket, shared.ID, got)
	require.NoError(t, err)
	assert.Equal(t, "staging 2", updated.Name)
	assert.Equal(t, 3, updated.Emails.NotifyThreshold, "an update sends the whole environment back")

	local, _, err := c.Environments.CreateForTest(ctx, bucket, test.ID, &runscope.Environment{
		Name: "local", ParentEnvironmentID: shared.ID, Regions: []string{"us1", "eu1"},
	})
	require.NoError(t, err)
	assert.Equal(t, test.ID, local.TestID)
	locals, _, err := c.Environments.ListForTest(ctx, bucket, test.ID)
	require.NoError(t, err)
	assert.True(t, slices.ContainsFunc(locals, func(e *runscope.Environment) bool { return e.ID == local.ID }))
	gotLocal, _, err := c.Environments.GetForTest(ctx, bucket, test.ID, local.ID)
	require.NoError(t, err)
	gotLocal.Regions = []string{"jp1"}
	updatedLocal, _, err := c.Environments.UpdateForTest(ctx, bucket, test.ID, local.ID, gotLocal)
	require.NoError(t, err)
	assert.Equal(t, []string{"jp1"}, updatedLocal.Regions)

	_, err = c.Environments.DeleteForTest(ctx, bucket, test.ID, local.ID)
	require.NoError(t, err)
	_, err = c.Environments.DeleteShared(ctx, bucket, shared.ID)
	require.NoError(t, err)
	_, _, err = c.Environments.GetShared(ctx, bucket, shared.ID)
	assert.ErrorIs(t, err, runscope.ErrNotFound)
}

func TestServiceSchedules(t *testing.T) {
	t.Parallel()
	srv, c, ctx := newFake(t)
	bucket := srv.BucketKey()
	test, _, err := c.Tests.Create(ctx, bucket, &runscope.Test{Name: "scheduled"})
	require.NoError(t, err)

	sched, _, err := c.Schedules.Create(ctx, bucket, test.ID, &runscope.Schedule{
		EnvironmentID: test.DefaultEnvironmentID, Interval: runscope.Every15m, Note: "often",
	})
	require.NoError(t, err)
	assert.Equal(t, runscope.Every15m, sched.Interval)
	list, _, err := c.Schedules.List(ctx, bucket, test.ID)
	require.NoError(t, err)
	require.Len(t, list, 1)
	got, _, err := c.Schedules.Get(ctx, bucket, test.ID, sched.ID)
	require.NoError(t, err)
	got.Interval = runscope.Every1d
	updated, _, err := c.Schedules.Update(ctx, bucket, test.ID, sched.ID, got)
	require.NoError(t, err)
	assert.Equal(t, runscope.Every1d, updated.Interval)
	_, err = c.Schedules.Delete(ctx, bucket, test.ID, sched.ID)
	require.NoError(t, err)
	list, _, err = c.Schedules.List(ctx, bucket, test.ID)
	require.NoError(t, err)
	assert.Empty(t, list)
}

func TestServiceResultsAndMetrics(t *testing.T) {
	t.Parallel()
	srv, c, ctx := newFake(t)
	bucket := srv.BucketKey()
	test, _, err := c.Tests.Create(ctx, bucket, &runscope.Test{Name: "runs",
		Steps: []runscope.Step{healthStep("https://api.example.com/a"), &runscope.PauseStep{Duration: 1}}})
	require.NoError(t, err)

	trig, _, err := c.Tests.Trigger(ctx, test.TriggerURL, &runscope.TriggerOptions{Regions: []string{"us1", "eu1"}})
	require.NoError(t, err)
	assert.Equal(t, 2, trig.RunsStarted)
	srv.SetOutcome(test.ID, runscope.ResultFail)
	batch, _, err := c.Tests.TriggerBatch(ctx, test.TriggerURL, []runscope.TriggerOptions{{Variables: map[string]string{"n": "1"}}})
	require.NoError(t, err)
	require.Len(t, batch.Runs, 1)

	var states []runscope.RunResult
	run, err := c.Results.Wait(ctx, bucket, test.ID, trig.Runs[0].TestRunID, &runscope.WaitOptions{
		Interval: time.Millisecond,
		Progress: func(r *runscope.TestRun) { states = append(states, r.Result) },
	})
	require.NoError(t, err)
	assert.Equal(t, runscope.ResultPass, run.Result)
	assert.Equal(t, []runscope.RunResult{runscope.ResultQueued, runscope.ResultWorking, runscope.ResultPass}, states)
	require.Len(t, run.Requests, 2, "one result per step")
	assert.Equal(t, 1, run.Requests[0].AssertionsPassed)
	failed, err := c.Results.Wait(ctx, bucket, test.ID, batch.Runs[0].TestRunID, &runscope.WaitOptions{Interval: time.Millisecond})
	require.NoError(t, err)
	assert.Equal(t, runscope.ResultFail, failed.Result, "SetOutcome applies to the runs after it")

	step, _, err := c.Results.Step(ctx, bucket, test.ID, run.TestRunID, run.Requests[0].UUID)
	require.NoError(t, err)
	require.NotNil(t, step.Response)
	assert.NotEmpty(t, step.Response.Body)

	got, _, err := c.Results.Get(ctx, bucket, test.ID, run.TestRunID)
	require.NoError(t, err)
	assert.Equal(t, run.TestRunID, got.TestRunID)
	assert.False(t, got.StartedAt.IsZero())
	latest, _, err := c.Results.Latest(ctx, bucket, test.ID)
	require.NoError(t, err)
	assert.NotEmpty(t, latest.TestRunID)

	list, _, err := c.Results.List(ctx, bucket, test.ID, &runscope.ResultListOptions{Count: 2})
	require.NoError(t, err)
	assert.Len(t, list, 2)
	var all []string
	for r, err := range c.Results.All(ctx, bucket, test.ID, &runscope.ResultListOptions{Count: 1}) {
		require.NoError(t, err)
		all = append(all, r.TestRunID)
	}
	assert.Len(t, all, 3, "every run once, newest first, one per page")

	m, _, err := c.Metrics.Get(ctx, bucket, test.ID, &runscope.MetricsOptions{Timeframe: runscope.TimeframeWeek, Region: "us1"})
	require.NoError(t, err)
	assert.Equal(t, runscope.TimeframeWeek, m.Timeframe)
	assert.Equal(t, "us1", m.Region)
}

func TestServiceBuckets(t *testing.T) {
	t.Parallel()
	srv, c, ctx := newFake(t)

	created, resp, err := c.Buckets.Create(ctx, "Mobile Apps", srv.TeamUUID())
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, "Mobile Apps", created.Name)
	buckets, _, err := c.Buckets.List(ctx)
	require.NoError(t, err)
	assert.Len(t, buckets, 2)
	got, _, err := c.Buckets.Get(ctx, created.Key, &runscope.BucketGetOptions{ListUtilizationsGT: 10})
	require.NoError(t, err)
	assert.Equal(t, created.Key, got.Key)

	_, err = c.Teams.SetEmailDomains(ctx, srv.TeamUUID(), []string{"example.com", "example.org"})
	require.NoError(t, err)
	_, err = c.Buckets.AddCustomEmail(ctx, created.Key, &runscope.CustomEmailAdd{TeamUUID: srv.TeamUUID(), Email: "ops@example.org", Description: "ops"})
	require.NoError(t, err)
	emails, _, err := c.Buckets.CustomEmails(ctx, created.Key)
	require.NoError(t, err)
	require.Len(t, emails, 1)
	_, err = c.Buckets.RemoveCustomEmail(ctx, created.Key, "ops@example.org")
	require.NoError(t, err)
	_, err = c.Buckets.RemoveCustomEmail(ctx, created.Key, "ops@example.org")
	var apiErr *runscope.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Contains(t, apiErr.Message, "is not part of the bucket")

	_, _, err = c.Tests.Create(ctx, created.Key, &runscope.Test{Name: "one"})
	require.NoError(t, err)
	require.NotEmpty(t, created.TriggerURL)
	trig, _, err := c.Buckets.Trigger(ctx, created.TriggerURL, nil)
	require.NoError(t, err)
	assert.Equal(t, 1, trig.RunsTotal)

	_, err = c.Buckets.Delete(ctx, created.Key)
	require.NoError(t, err)
	_, err = c.Buckets.Delete(ctx, srv.BucketKey())
	assert.ErrorIs(t, err, runscope.ErrBadRequest, "the default bucket cannot be deleted")
}

func TestServiceTeams(t *testing.T) {
	t.Parallel()
	srv, c, ctx := newFake(t)
	team := srv.TeamUUID()

	people, _, err := c.Teams.People(ctx, team, &runscope.PeopleListOptions{Count: 1, Page: 1})
	require.NoError(t, err)
	require.Len(t, people, 1)
	assert.False(t, people[0].CreatedAt.IsZero(), "the RFC 1123 created_at decodes")

	inv, _, err := c.Teams.Invite(ctx, team, &runscope.Invitation{Emails: []string{"linus@example.com"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"linus@example.com"}, inv.Successes)
	var everyone []string
	for p, err := range c.Teams.AllPeople(ctx, team, &runscope.PeopleListOptions{Count: 1}) {
		require.NoError(t, err)
		everyone = append(everyone, p.Email)
	}
	assert.Contains(t, everyone, "linus@example.com")
	assert.Len(t, everyone, 3)

	person, _, err := c.Teams.Person(ctx, team, "linus@example.com")
	require.NoError(t, err)
	assert.Equal(t, "linus@example.com", person.Email)
	groups, _, err := c.Teams.PersonGroups(ctx, team, "linus@example.com")
	require.NoError(t, err)
	assert.Empty(t, groups)
	_, err = c.Teams.RemovePerson(ctx, team, "linus@example.com")
	require.NoError(t, err)
	_, _, err = c.Teams.Person(ctx, team, "linus@example.com")
	assert.ErrorIs(t, err, runscope.ErrNotFound)

	_, err = c.Teams.SetEmailDomains(ctx, team, []string{"example.com", "example.net"})
	require.NoError(t, err)
	domains, _, err := c.Teams.EmailDomains(ctx, team)
	require.NoError(t, err)
	assert.Equal(t, []string{"example.com", "example.net"}, domains.Domains)

	integrations, _, err := c.Teams.Integrations(ctx, team)
	require.NoError(t, err)
	assert.NotEmpty(t, integrations)
	agents, _, err := c.Teams.Agents(ctx, team)
	require.NoError(t, err)
	assert.NotEmpty(t, agents)
}

func TestServiceRolesAndGroups(t *testing.T) {
	t.Parallel()
	srv, c, ctx := newFake(t)
	team := srv.TeamUUID()

	role, _, err := c.Roles.Create(ctx, team, &runscope.Role{Name: "Viewer", Permissions: []runscope.Permission{runscope.PermTeamPeopleView}})
	require.NoError(t, err)
	roles, _, err := c.Roles.List(ctx, team)
	require.NoError(t, err)
	assert.True(t, slices.ContainsFunc(roles, func(r *runscope.Role) bool { return r.UUID == role.UUID }))
	got, _, err := c.Roles.Get(ctx, team, role.UUID)
	require.NoError(t, err)
	got.Permissions = append(got.Permissions, runscope.PermBucketTestsView)
	updated, _, err := c.Roles.Update(ctx, team, role.UUID, got)
	require.NoError(t, err)
	assert.Len(t, updated.Permissions, 2)

	people, _, err := c.Teams.People(ctx, team, nil)
	require.NoError(t, err)
	member := people[len(people)-1]
	_, err = c.Roles.Assign(ctx, team, role.UUID, []string{member.Identifier()})
	require.NoError(t, err)
	assigned, _, err := c.Teams.Person(ctx, team, member.Email)
	require.NoError(t, err)
	assert.Equal(t, "Viewer", assigned.RoleName)

	group, _, err := c.Groups.Create(ctx, team, "QA")
	require.NoError(t, err)
	groupsList, _, err := c.Groups.List(ctx, team)
	require.NoError(t, err)
	assert.True(t, slices.ContainsFunc(groupsList, func(g *runscope.Group) bool { return g.UUID == group.UUID }))
	changed, _, err := c.Groups.Update(ctx, team, group.UUID, &runscope.GroupUpdate{
		BucketKeys: []string{srv.BucketKey()}, UserUUIDs: []string{member.Identifier()},
	})
	require.NoError(t, err)
	assert.Equal(t, []string{srv.BucketKey()}, changed.BucketKeys)
	gotGroup, _, err := c.Groups.Get(ctx, team, group.UUID)
	require.NoError(t, err)
	assert.Equal(t, 1, gotGroup.UserCount)
	memberGroups, _, err := c.Teams.PersonGroups(ctx, team, member.Email)
	require.NoError(t, err)
	require.Len(t, memberGroups, 1)
	assert.Equal(t, "QA", memberGroups[0].Name)

	_, err = c.Groups.Delete(ctx, team, group.UUID)
	require.NoError(t, err)
	_, err = c.Roles.Assign(ctx, team, "", nil)
	var argErr *runscope.ArgError
	assert.ErrorAs(t, err, &argErr)
}

func TestServiceUsage(t *testing.T) {
	t.Parallel()
	srv, c, ctx := newFake(t)
	test, _, err := c.Tests.Create(ctx, srv.BucketKey(), &runscope.Test{Name: "counted", Steps: []runscope.Step{healthStep("https://api.example.com/")}})
	require.NoError(t, err)
	_, _, err = c.Tests.Trigger(ctx, test.TriggerURL, nil)
	require.NoError(t, err)

	now := time.Now()
	bucketUsage, _, err := c.Usage.Bucket(ctx, srv.BucketKey(), &runscope.UsageOptions{From: now.AddDate(0, 0, -7), To: now})
	require.NoError(t, err)
	assert.Equal(t, srv.BucketKey(), bucketUsage.BucketKey)
	assert.EqualValues(t, 1, bucketUsage.RequestsCount)
	teamUsage, _, err := c.Usage.Team(ctx, srv.TeamUUID(), &runscope.UsageOptions{Days: 3})
	require.NoError(t, err)
	assert.EqualValues(t, 1, teamUsage.RequestsCount)
	assert.NotEmpty(t, teamUsage.Buckets)
}

// A test exported from the fake and imported again keeps every member,
// the ones the SDK does not model included.
func TestServiceExportImportKeepsUnknownMembers(t *testing.T) {
	t.Parallel()
	srv, c, ctx := newFake(t)
	var export runscope.Test
	require.NoError(t, json.Unmarshal([]byte(`{
		"name": "imported", "exported_at": 1700000000, "version": "1.0",
		"steps": [{"step_type": "request", "method": "GET", "url": "https://api.example.com/",
			"fragment": "", "args": {}, "multipart_form": [], "binary_body": null,
			"assertions": [{"source": "response_status", "comparison": "equal_number", "value": 200, "assertion_id": "a1"}]}]
	}`), &export))
	created, _, err := c.Tests.Create(ctx, srv.BucketKey(), &export)
	require.NoError(t, err)
	got, _, err := c.Tests.Get(ctx, srv.BucketKey(), created.ID)
	require.NoError(t, err)
	out, err := json.Marshal(got)
	require.NoError(t, err)
	for _, member := range []string{`"exported_at":1700000000`, `"version":"1.0"`, `"fragment":""`, `"multipart_form":[]`, `"binary_body":null`, `"assertion_id":"a1"`} {
		assert.True(t, strings.Contains(string(out), member), "%s survives the round trip", member)
	}
}

// The members the live API sends beyond the reference reach the SDK's
// fields, and those it does not type survive a round trip.
func TestServiceLiveMembers(t *testing.T) {
	t.Parallel()
	srv, c, ctx := newFake(t)

	acct, _, err := c.Account(ctx)
	require.NoError(t, err)
	assert.Equal(t, acct.UUID, acct.ID)
	assert.Equal(t, 2019, acct.CreatedAt.Year())

	b, _, err := c.Buckets.Create(ctx, "Live", srv.TeamUUID())
	require.NoError(t, err)
	test, _, err := c.Tests.Create(ctx, b.Key, &runscope.Test{Name: "one"})
	require.NoError(t, err)
	got, _, err := c.Buckets.Get(ctx, b.Key, nil)
	require.NoError(t, err)
	assert.Equal(t, 1, got.TestsCount)
	assert.False(t, got.IsPrivate)
	assert.Equal(t, srv.URL()+"/buckets/"+b.Key+"/tests", got.TestsURL)
	assert.WithinDuration(t, time.Now(), got.CreatedAt.Time, time.Minute)

	env, _, err := c.Environments.CreateShared(ctx, b.Key, &runscope.Environment{Name: "staging", Script: "hello"})
	require.NoError(t, err)
	assert.Equal(t, "1.0", env.Version)
	assert.WithinDuration(t, time.Now(), env.ExportedAt.Time, time.Minute)
	assert.Equal(t, "5d41402abc4b2a76b9719d911017c592", env.InitialScriptHash)
	env.ForceH2C = true
	updated, _, err := c.Environments.UpdateShared(ctx, b.Key, env.ID, env)
	require.NoError(t, err)
	assert.True(t, updated.ForceH2C)
	assert.Equal(t, env.ExportedAt.Unix(), updated.ExportedAt.Unix())
	members := maps.Collect(runscope.UnknownMembers(updated))
	assert.JSONEq(t, `"http2"`, string(members["http_version_support"]))
	assert.JSONEq(t, `[]`, string(members["pre_request_scripts"]))

	step, _, err := c.Steps.Add(ctx, b.Key, test.ID, healthStep("https://api.example.com/health"))
	require.NoError(t, err)
	members = maps.Collect(runscope.UnknownMembers(step))
	assert.Regexp(t, `^"[0-9a-f-]{36}"$`, string(members["request_id"]))
	assert.JSONEq(t, `[]`, string(members["multipart_form"]))
	again, _, err := c.Steps.Update(ctx, b.Key, test.ID, step.(*runscope.RequestStep).ID, step)
	require.NoError(t, err)
	assert.Equal(t, members, maps.Collect(runscope.UnknownMembers(again)))
}
