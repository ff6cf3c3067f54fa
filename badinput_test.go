package runscope

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// This file is the SDK's own proof that bad input never reaches the API:
// every service and option, given each kind of bad argument, answers an
// *ArgError that names the argument as the method's doc does, and a
// transport that fails the test if called sees nothing.

// noRequests fails the test when a request reaches it.
type noRequests struct{ t *testing.T }

func (n noRequests) RoundTrip(r *http.Request) (*http.Response, error) {
	n.t.Errorf("a request reached the server: %s %s", r.Method, r.URL)
	return nil, errors.New("no request may be sent")
}

// noRequestClient is a client whose transport fails t when called.
func noRequestClient(t *testing.T) *Client {
	t.Helper()
	return transportClient(t, noRequests{t}, WithRetry(RetryPolicy{}))
}

// firstErr ranges over an All method's sequence and returns its first
// error.
func firstErr[T any](seq func(func(T, error) bool)) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

// badInputs is the table: each call and the ArgError.Arg it must report.
func badInputs() []argCase {
	type C = context.Context
	badPause := func() []Step { return []Step{&PauseStep{Duration: 0}} }
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	option := func(opt Option) func(C, *Client) error {
		return func(C, *Client) error { _, err := NewClient(opt); return err }
	}
	return []argCase{
		// Options.
		{"WithToken empty", "token", option(WithToken(""))},
		{"WithToken blank", "token", option(WithToken("  "))},
		{"WithTokenSource nil", "tokenSource", option(WithTokenSource(nil))},
		{"WithHTTPClient nil", "httpClient", option(WithHTTPClient(nil))},
		{"WithBaseURL plain http", "baseURL", option(WithBaseURL("http://api.runscope.com/"))},
		{"WithBaseURL relative", "baseURL", option(WithBaseURL("/v1/"))},
		{"WithBaseURL credentials", "baseURL", option(WithBaseURL("https://u:p@api.runscope.com/"))},
		{"WithBaseURL scheme", "baseURL", option(WithBaseURL("ftp://api.runscope.com/"))},
		{"WithBaseURL unparsable", "baseURL", option(WithBaseURL("https://[::1"))},
		{"WithUserAgent line break", "userAgent", option(WithUserAgent("x\r\nAuthorization: y"))},
		{"WithRetry negative retries", "policy.MaxRetries", option(WithRetry(RetryPolicy{MaxRetries: -1}))},
		{"WithRetry negative min", "policy.MinBackoff", option(WithRetry(RetryPolicy{MinBackoff: -time.Second}))},
		{"WithRetry negative max", "policy.MaxBackoff", option(WithRetry(RetryPolicy{MaxBackoff: -time.Second}))},
		{"WithRetry min above max", "policy.MinBackoff", option(WithRetry(RetryPolicy{MinBackoff: time.Minute, MaxBackoff: time.Second}))},

		// Client.
		{"NewRequest bad escape", "path", func(ctx C, c *Client) error { return errOf2(c.NewRequest(ctx, "GET", "buckets/%zz", nil)) }},
		{"Do nil", "req", func(_ C, c *Client) error { return errOf2(c.Do(nil, nil)) }},

		// Tests.
		{"Tests.List dotdot bucket", "bucketKey", func(ctx C, c *Client) error { return errOf3(c.Tests.List(ctx, "..", nil)) }},
		{"Tests.List negative offset", "opts.Offset", func(ctx C, c *Client) error { return errOf3(c.Tests.List(ctx, "b", &TestListOptions{Offset: -1})) }},
		{"Tests.All negative count", "opts.Count", func(ctx C, c *Client) error { return firstErr(c.Tests.All(ctx, "b", &TestListOptions{Count: -1})) }},
		{"Tests.All empty bucket", "bucketKey", func(ctx C, c *Client) error { return firstErr(c.Tests.All(ctx, " ", nil)) }},
		{"Tests.Get dot test", "testID", func(ctx C, c *Client) error { return errOf3(c.Tests.Get(ctx, "b", ".")) }},
		{"Tests.Create bad pause", "test.Steps[0].Duration", func(ctx C, c *Client) error { return errOf3(c.Tests.Create(ctx, "b", &Test{Steps: badPause()})) }},
		{"Tests.Create empty bucket", "bucketKey", func(ctx C, c *Client) error { return errOf3(c.Tests.Create(ctx, "", &Test{})) }},
		{"Tests.CreateMany nil test", "tests[0]", func(ctx C, c *Client) error { return errOf3(c.Tests.CreateMany(ctx, "b", []*Test{nil})) }},
		{"Tests.CreateMany nested pause", "tests[1].Steps[0].Steps[0].Duration", func(ctx C, c *Client) error {
			return errOf3(c.Tests.CreateMany(ctx, "b", []*Test{{}, {Steps: []Step{&LoopStep{Steps: badPause()}}}}))
		}},
		{"Tests.Update bad pause", "update.Steps[0].Duration", func(ctx C, c *Client) error {
			return errOf3(c.Tests.Update(ctx, "b", "t", &TestUpdate{Steps: badPause()}))
		}},
		{"Tests.Delete empty bucket", "bucketKey", func(ctx C, c *Client) error { return errOf2(c.Tests.Delete(ctx, "", "t")) }},
		{"Tests.Delete dotdot test", "testID", func(ctx C, c *Client) error { return errOf2(c.Tests.Delete(ctx, "b", "..")) }},
		{"Tests.Revisions empty test", "testID", func(ctx C, c *Client) error { return errOf3(c.Tests.Revisions(ctx, "b", "")) }},
		{"Tests.Trigger empty", "trigger", func(ctx C, c *Client) error { return errOf3(c.Tests.Trigger(ctx, "", nil)) }},
		{"Tests.Trigger empty variable name", "opts.Variables", func(ctx C, c *Client) error {
			return errOf3(c.Tests.Trigger(ctx, "abc", &TriggerOptions{Variables: map[string]string{" ": "x"}}))
		}},
		{"Tests.TriggerBatch reserved variable", "runs[1].Variables", func(ctx C, c *Client) error {
			return errOf3(c.Tests.TriggerBatch(ctx, "abc", []TriggerOptions{{}, {Variables: map[string]string{"runscope_agent": "x"}}}))
		}},

		// Steps.
		{"Steps.List empty test", "testID", func(ctx C, c *Client) error { return errOf3(c.Steps.List(ctx, "b", "")) }},
		{"Steps.Add bad pause in loop", "step.Steps[0].Duration", func(ctx C, c *Client) error {
			return errOf3(c.Steps.Add(ctx, "b", "t", &LoopStep{Steps: badPause()}))
		}},
		{"Steps.Add empty unknown", "step.Raw", func(ctx C, c *Client) error { return errOf3(c.Steps.Add(ctx, "b", "t", &UnknownStep{})) }},
		{"Steps.Add unknown not an object", "step.Raw", func(ctx C, c *Client) error {
			return errOf3(c.Steps.Add(ctx, "b", "t", &UnknownStep{Type: "x", Raw: json.RawMessage(`"x"`)}))
		}},
		{"Steps.Delete empty step", "stepID", func(ctx C, c *Client) error { return errOf2(c.Steps.Delete(ctx, "b", "t", " ")) }},
		{"Steps.Reorder step without ID", "steps[0]", func(ctx C, c *Client) error { return errOf3(c.Steps.Reorder(ctx, "b", "t", []Step{&PauseStep{}})) }},
		{"Steps.Reorder nil step", "steps[1]", func(ctx C, c *Client) error {
			return errOf3(c.Steps.Reorder(ctx, "b", "t", []Step{&PauseStep{ID: "p"}, nil}))
		}},
		{"Steps.Reorder nested without ID", "steps[0].Steps[0]", func(ctx C, c *Client) error {
			return errOf3(c.Steps.Reorder(ctx, "b", "t", []Step{&LoopStep{ID: "l", Steps: []Step{&RequestStep{}}}}))
		}},

		// Environments.
		{"Environments.GetShared empty env", "envID", func(ctx C, c *Client) error { return errOf3(c.Environments.GetShared(ctx, "b", "")) }},
		{"Environments.CreateShared nil", "environment", func(ctx C, c *Client) error { return errOf3(c.Environments.CreateShared(ctx, "b", nil)) }},
		{"Environments.CreateShared threshold 11", "environment.Emails.NotifyThreshold", func(ctx C, c *Client) error {
			return errOf3(c.Environments.CreateShared(ctx, "b", &Environment{Emails: &Emails{NotifyThreshold: 11}}))
		}},
		{"Environments.CreateShared threshold rule without count", "environment.Emails.NotifyThreshold", func(ctx C, c *Client) error {
			return errOf3(c.Environments.CreateShared(ctx, "b", &Environment{Emails: &Emails{NotifyOn: NotifySwitch}}))
		}},
		{"Environments.UpdateShared nil", "environment", func(ctx C, c *Client) error { return errOf3(c.Environments.UpdateShared(ctx, "b", "e", nil)) }},
		{"Environments.UpdateShared dotdot env", "envID", func(ctx C, c *Client) error {
			return errOf3(c.Environments.UpdateShared(ctx, "b", "..", &Environment{}))
		}},
		{"Environments.DeleteShared empty env", "envID", func(ctx C, c *Client) error { return errOf2(c.Environments.DeleteShared(ctx, "b", "")) }},
		{"Environments.ListForTest empty test", "testID", func(ctx C, c *Client) error { return errOf3(c.Environments.ListForTest(ctx, "b", "")) }},
		{"Environments.GetForTest empty env", "envID", func(ctx C, c *Client) error { return errOf3(c.Environments.GetForTest(ctx, "b", "t", "")) }},
		{"Environments.CreateForTest nil", "environment", func(ctx C, c *Client) error { return errOf3(c.Environments.CreateForTest(ctx, "b", "t", nil)) }},
		{"Environments.CreateForTest negative threshold", "environment.Emails.NotifyThreshold", func(ctx C, c *Client) error {
			return errOf3(c.Environments.CreateForTest(ctx, "b", "t", &Environment{Emails: &Emails{NotifyThreshold: -1}}))
		}},
		{"Environments.UpdateForTest nil", "environment", func(ctx C, c *Client) error { return errOf3(c.Environments.UpdateForTest(ctx, "b", "t", "e", nil)) }},
		{"Environments.DeleteForTest empty bucket", "bucketKey", func(ctx C, c *Client) error { return errOf2(c.Environments.DeleteForTest(ctx, "", "t", "e")) }},

		// Schedules.
		{"Schedules.List empty test", "testID", func(ctx C, c *Client) error { return errOf3(c.Schedules.List(ctx, "b", "")) }},
		{"Schedules.Get empty schedule", "scheduleID", func(ctx C, c *Client) error { return errOf3(c.Schedules.Get(ctx, "b", "t", "")) }},
		{"Schedules.Create nil", "schedule", func(ctx C, c *Client) error { return errOf3(c.Schedules.Create(ctx, "b", "t", nil)) }},
		{"Schedules.Create no environment", "schedule.EnvironmentID", func(ctx C, c *Client) error {
			return errOf3(c.Schedules.Create(ctx, "b", "t", &Schedule{Interval: Every1h}))
		}},
		{"Schedules.Create bad interval", "schedule.Interval", func(ctx C, c *Client) error {
			return errOf3(c.Schedules.Create(ctx, "b", "t", &Schedule{EnvironmentID: "e", Interval: "2h"}))
		}},
		{"Schedules.Create no interval", "schedule.Interval", func(ctx C, c *Client) error {
			return errOf3(c.Schedules.Create(ctx, "b", "t", &Schedule{EnvironmentID: "e"}))
		}},
		{"Schedules.Update nil", "schedule", func(ctx C, c *Client) error { return errOf3(c.Schedules.Update(ctx, "b", "t", "s", nil)) }},
		{"Schedules.Update bad interval", "schedule.Interval", func(ctx C, c *Client) error {
			return errOf3(c.Schedules.Update(ctx, "b", "t", "s", &Schedule{EnvironmentID: "e", Interval: "1w"}))
		}},
		{"Schedules.Update empty schedule", "scheduleID", func(ctx C, c *Client) error {
			return errOf3(c.Schedules.Update(ctx, "b", "t", "", &Schedule{EnvironmentID: "e", Interval: Every1d}))
		}},
		{"Schedules.Delete dotdot schedule", "scheduleID", func(ctx C, c *Client) error { return errOf2(c.Schedules.Delete(ctx, "b", "t", "..")) }},

		// Results.
		{"Results.List count 51", "opts.Count", func(ctx C, c *Client) error {
			return errOf3(c.Results.List(ctx, "b", "t", &ResultListOptions{Count: 51}))
		}},
		{"Results.List negative count", "opts.Count", func(ctx C, c *Client) error {
			return errOf3(c.Results.List(ctx, "b", "t", &ResultListOptions{Count: -1}))
		}},
		{"Results.List empty test", "testID", func(ctx C, c *Client) error { return errOf3(c.Results.List(ctx, "b", "", nil)) }},
		{"Results.All count 51", "opts.Count", func(ctx C, c *Client) error {
			return firstErr(c.Results.All(ctx, "b", "t", &ResultListOptions{Count: 51}))
		}},
		{"Results.Get empty run", "runID", func(ctx C, c *Client) error { return errOf3(c.Results.Get(ctx, "b", "t", "")) }},
		{"Results.Latest empty test", "testID", func(ctx C, c *Client) error { return errOf3(c.Results.Latest(ctx, "b", "")) }},
		{"Results.Step empty step", "stepID", func(ctx C, c *Client) error { return errOf3(c.Results.Step(ctx, "b", "t", "r", "")) }},
		{"Results.Step dotdot run", "runID", func(ctx C, c *Client) error { return errOf3(c.Results.Step(ctx, "b", "t", "..", "s")) }},
		{"Results.Wait empty run", "runID", func(ctx C, c *Client) error { return errOf2(c.Results.Wait(ctx, "b", "t", "", nil)) }},
		{"Results.Wait negative interval", "opts.Interval", func(ctx C, c *Client) error {
			return errOf2(c.Results.Wait(ctx, "b", "t", "r", &WaitOptions{Interval: -time.Second}))
		}},

		// Metrics.
		{"Metrics.Get unknown timeframe", "opts.Timeframe", func(ctx C, c *Client) error {
			return errOf3(c.Metrics.Get(ctx, "b", "t", &MetricsOptions{Timeframe: "year"}))
		}},
		{"Metrics.Get empty test", "testID", func(ctx C, c *Client) error { return errOf3(c.Metrics.Get(ctx, "b", "", nil)) }},

		// Buckets.
		{"Buckets.Get threshold 101", "opts.ListUtilizationsGT", func(ctx C, c *Client) error {
			return errOf3(c.Buckets.Get(ctx, "k", &BucketGetOptions{ListUtilizationsGT: 101}))
		}},
		{"Buckets.Get negative threshold", "opts.ListUtilizationsGT", func(ctx C, c *Client) error {
			return errOf3(c.Buckets.Get(ctx, "k", &BucketGetOptions{ListUtilizationsGT: -1}))
		}},
		{"Buckets.Create empty name", "name", func(ctx C, c *Client) error { return errOf3(c.Buckets.Create(ctx, "", "team")) }},
		{"Buckets.Create empty team", "teamID", func(ctx C, c *Client) error { return errOf3(c.Buckets.Create(ctx, "n", " ")) }},
		{"Buckets.Delete dotdot key", "key", func(ctx C, c *Client) error { return errOf2(c.Buckets.Delete(ctx, "..")) }},
		{"Buckets.AddCustomEmail nil", "customEmail", func(ctx C, c *Client) error { return errOf2(c.Buckets.AddCustomEmail(ctx, "k", nil)) }},
		{"Buckets.AddCustomEmail no team", "customEmail.TeamUUID", func(ctx C, c *Client) error {
			return errOf2(c.Buckets.AddCustomEmail(ctx, "k", &CustomEmailAdd{Email: "a@example.com"}))
		}},
		{"Buckets.AddCustomEmail no email", "customEmail.Email", func(ctx C, c *Client) error {
			return errOf2(c.Buckets.AddCustomEmail(ctx, "k", &CustomEmailAdd{TeamUUID: "team"}))
		}},
		{"Buckets.AddCustomEmail empty key", "key", func(ctx C, c *Client) error {
			return errOf2(c.Buckets.AddCustomEmail(ctx, "", &CustomEmailAdd{TeamUUID: "team", Email: "a@example.com"}))
		}},
		{"Buckets.RemoveCustomEmail empty email", "email", func(ctx C, c *Client) error { return errOf2(c.Buckets.RemoveCustomEmail(ctx, "k", "")) }},
		{"Buckets.Trigger empty", "trigger", func(ctx C, c *Client) error { return errOf3(c.Buckets.Trigger(ctx, " ", nil)) }},

		// Teams.
		{"Teams.People count 201", "opts.Count", func(ctx C, c *Client) error { return errOf3(c.Teams.People(ctx, "t", &PeopleListOptions{Count: 201})) }},
		{"Teams.People negative page", "opts.Page", func(ctx C, c *Client) error { return errOf3(c.Teams.People(ctx, "t", &PeopleListOptions{Page: -1})) }},
		{"Teams.AllPeople negative count", "opts.Count", func(ctx C, c *Client) error {
			return firstErr(c.Teams.AllPeople(ctx, "t", &PeopleListOptions{Count: -1}))
		}},
		{"Teams.Person empty email", "email", func(ctx C, c *Client) error { return errOf3(c.Teams.Person(ctx, "t", "")) }},
		{"Teams.Person dotdot email", "email", func(ctx C, c *Client) error { return errOf3(c.Teams.Person(ctx, "t", "..")) }},
		{"Teams.PersonGroups empty email", "email", func(ctx C, c *Client) error { return errOf3(c.Teams.PersonGroups(ctx, "t", "")) }},
		{"Teams.Invite nil", "invitation", func(ctx C, c *Client) error { return errOf3(c.Teams.Invite(ctx, "t", nil)) }},
		{"Teams.Invite no address", "invitation.Emails", func(ctx C, c *Client) error { return errOf3(c.Teams.Invite(ctx, "t", &Invitation{})) }},
		{"Teams.Invite blank address", "invitation.Emails", func(ctx C, c *Client) error {
			return errOf3(c.Teams.Invite(ctx, "t", &Invitation{Emails: []string{"a@example.com", " "}}))
		}},
		{"Teams.RemovePerson empty email", "email", func(ctx C, c *Client) error { return errOf2(c.Teams.RemovePerson(ctx, "t", "")) }},
		{"Teams.SetEmailDomains none", "domains", func(ctx C, c *Client) error { return errOf2(c.Teams.SetEmailDomains(ctx, "t", nil)) }},
		{"Teams.SetEmailDomains blank", "domains", func(ctx C, c *Client) error { return errOf2(c.Teams.SetEmailDomains(ctx, "t", []string{" "})) }},
		{"Teams.SetEmailDomains comma", "domains", func(ctx C, c *Client) error {
			return errOf2(c.Teams.SetEmailDomains(ctx, "t", []string{"a.example,b.example"}))
		}},
		{"Teams.Agents dotdot team", "teamID", func(ctx C, c *Client) error { return errOf3(c.Teams.Agents(ctx, "..")) }},

		// Roles.
		{"Roles.Get empty role", "roleID", func(ctx C, c *Client) error { return errOf3(c.Roles.Get(ctx, "t", "")) }},
		{"Roles.Create nil", "role", func(ctx C, c *Client) error { return errOf3(c.Roles.Create(ctx, "t", nil)) }},
		{"Roles.Create no name", "role.Name", func(ctx C, c *Client) error { return errOf3(c.Roles.Create(ctx, "t", &Role{})) }},
		{"Roles.Update nil", "role", func(ctx C, c *Client) error { return errOf3(c.Roles.Update(ctx, "t", "r", nil)) }},
		{"Roles.Update empty role", "roleID", func(ctx C, c *Client) error { return errOf3(c.Roles.Update(ctx, "t", "", &Role{})) }},
		{"Roles.Delete empty role", "roleID", func(ctx C, c *Client) error { return errOf2(c.Roles.Delete(ctx, "t", "")) }},
		{"Roles.Assign empty role", "roleID", func(ctx C, c *Client) error { return errOf2(c.Roles.Assign(ctx, "t", "", []string{"u"})) }},
		{"Roles.Assign no users", "userIDs", func(ctx C, c *Client) error { return errOf2(c.Roles.Assign(ctx, "t", "r", nil)) }},
		{"Roles.Assign blank user", "userIDs", func(ctx C, c *Client) error { return errOf2(c.Roles.Assign(ctx, "t", "r", []string{"u", ""})) }},

		// Groups.
		{"Groups.Get empty group", "groupID", func(ctx C, c *Client) error { return errOf3(c.Groups.Get(ctx, "t", "")) }},
		{"Groups.Create empty name", "name", func(ctx C, c *Client) error { return errOf3(c.Groups.Create(ctx, "t", " ")) }},
		{"Groups.Update nil", "update", func(ctx C, c *Client) error { return errOf3(c.Groups.Update(ctx, "t", "g", nil)) }},
		{"Groups.Update nothing", "update", func(ctx C, c *Client) error { return errOf3(c.Groups.Update(ctx, "t", "g", &GroupUpdate{})) }},
		{"Groups.Delete empty group", "groupID", func(ctx C, c *Client) error { return errOf2(c.Groups.Delete(ctx, "t", "")) }},

		// Usage.
		{"Usage.Bucket negative days", "opts.Days", func(ctx C, c *Client) error { return errOf3(c.Usage.Bucket(ctx, "k", &UsageOptions{Days: -1})) }},
		{"Usage.Bucket from without to", "opts.To", func(ctx C, c *Client) error { return errOf3(c.Usage.Bucket(ctx, "k", &UsageOptions{From: day})) }},
		{"Usage.Team to without from", "opts.From", func(ctx C, c *Client) error { return errOf3(c.Usage.Team(ctx, "t", &UsageOptions{To: day})) }},
		{"Usage.Team from after to", "opts.From", func(ctx C, c *Client) error {
			return errOf3(c.Usage.Team(ctx, "t", &UsageOptions{From: day.AddDate(0, 0, 1), To: day}))
		}},
	}
}

// The cases of this table are those that cut across services (options,
// validation shared by several methods); each service's own cases are in
// its Test...ArgErrors. Both run through testArgErrors.
func TestBadInputNeverReachesTheServer(t *testing.T) {
	cases := badInputs()
	require.GreaterOrEqual(t, len(cases), 100)
	testArgErrors(t, cases)
}

// Every method that calls the API, given a nil context and otherwise valid
// arguments, answers *ArgError{Arg: "ctx"} without sending anything.
func TestNilContextIsAnArgError(t *testing.T) {
	c := noRequestClient(t)
	var nilCtx context.Context
	for _, sc := range everyCall(t) {
		t.Run(sc.name, func(t *testing.T) {
			res := sc.run(nilCtx, c, func(i int) string { return fmt.Sprintf("id%d", i) })
			require.Nil(t, res.panicked)
			var ae *ArgError
			require.ErrorAs(t, res.err, &ae, "%s(nil, ...)", sc.name)
			assert.Equal(t, "ctx", ae.Arg)
		})
	}
	t.Run("Client.NewRequest", func(t *testing.T) {
		_, err := c.NewRequest(nilCtx, http.MethodGet, "buckets", nil)
		var ae *ArgError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, "ctx", ae.Arg)
	})
}
