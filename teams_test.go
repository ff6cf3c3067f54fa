package runscope

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const adminTeamID = "e54c1b37-895f-434c-86f3-4606a49242af"

func TestTeamsPeople(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		opts  *PeopleListOptions
		query url.Values
	}{
		"no options": {nil, nil},
		"count":      {&PeopleListOptions{Count: 200}, url.Values{"count": {"200"}}},
		"page":       {&PeopleListOptions{Count: 2, Page: 3}, url.Values{"count": {"2"}, "page": {"3"}}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t)
			expectRequest(t, mux, wantRequest{method: http.MethodGet, path: "/teams/" + adminTeamID + "/people", query: tc.query, golden: "teams_people.json"})
			people, _, err := c.Teams.People(context.Background(), adminTeamID, tc.opts)
			require.NoError(t, err)
			assert.EqualExportedValues(t, []*TeamMember{
				{Name: "Grace Hopper", ID: "4ee15ecc-7fe1-43cb-aa12-ef50420f2cf9", UUID: "4ee15ecc-7fe1-43cb-aa12-ef50420f2cf9", RoleName: "User Group", Email: "grace@example.com"},
				{Name: "Ada Lovelace", ID: "84fa0764-ba80-4f0e-8e33-1ad12280f3f1", UUID: "84fa0764-ba80-4f0e-8e33-1ad12280f3f1", RoleName: "User Group", Email: "ada@example.com"},
			}, people)
			// The list writes times in RFC 1123 with a numeric zone.
			assert.WithinDuration(t, time.Date(2019, 8, 14, 19, 53, 48, 0, time.UTC), people[0].CreatedAt.Time, 0)
			assert.WithinDuration(t, time.Date(2019, 11, 21, 15, 22, 0, 0, time.UTC), people[0].LastLoginAt.Time, 0)
			assert.WithinDuration(t, time.Date(2020, 2, 4, 9, 47, 32, 0, time.UTC), people[1].LastLoginAt.Time, 0)
		})
	}
}

// peoplePage writes n people, numbered from first, as a bare array or in
// the envelope: the people list comes either way.
func peoplePage(w http.ResponseWriter, first, n int, enveloped bool) {
	people := make([]map[string]any, n)
	for i := range people {
		id := strconv.Itoa(first + i)
		people[i] = map[string]any{"id": id, "uuid": id, "email": id + "@example.com", "created_at": "Wed, 14 Aug 2019 19:53:48 -0000"}
	}
	var body any = people
	if enveloped {
		body = map[string]any{"data": people, "meta": map[string]string{"status": "success"}, "error": nil}
	}
	_ = json.NewEncoder(w).Encode(body)
}

func TestTeamsAllPeople(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		opts      *PeopleListOptions
		sizes     map[int]int // page -> people on it; pages not listed are empty
		wantPages []string    // the page query of each request, in order
		wantCount string
		wantIDs   int
	}{
		"until an empty page": {
			opts: &PeopleListOptions{Count: 2}, sizes: map[int]int{1: 2, 2: 2},
			wantPages: []string{"1", "2", "3"}, wantCount: "2", wantIDs: 4,
		},
		"until a short page": {
			opts: &PeopleListOptions{Count: 2}, sizes: map[int]int{1: 2, 2: 1, 3: 2},
			wantPages: []string{"1", "2"}, wantCount: "2", wantIDs: 3,
		},
		"default count is the maximum": {
			sizes:     map[int]int{1: 200, 2: 7},
			wantPages: []string{"1", "2"}, wantCount: "200", wantIDs: 207,
		},
		"from the caller's page": {
			opts: &PeopleListOptions{Count: 3, Page: 4}, sizes: map[int]int{4: 3, 5: 1},
			wantPages: []string{"4", "5"}, wantCount: "3", wantIDs: 4,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t)
			var pages []string
			mux.HandleFunc("GET /teams/team-1/people", func(w http.ResponseWriter, r *http.Request) {
				q := r.URL.Query()
				assert.Equal(t, tc.wantCount, q.Get("count"), "every page asks for an explicit count")
				pages = append(pages, q.Get("page"))
				page, _ := strconv.Atoi(q.Get("page"))
				peoplePage(w, page*1000, tc.sizes[page], page%2 == 0)
			})
			var opts PeopleListOptions
			if tc.opts != nil {
				opts = *tc.opts
			}
			seq := c.Teams.AllPeople(context.Background(), "team-1", tc.opts)
			assert.Empty(t, pages, "nothing is fetched before the loop")
			var n int
			for m, err := range seq {
				require.NoError(t, err)
				require.NotEmpty(t, m.Identifier())
				n++
			}
			assert.Equal(t, tc.wantIDs, n)
			assert.Equal(t, tc.wantPages, pages)
			if tc.opts != nil {
				assert.Equal(t, opts, *tc.opts, "the caller's options are not modified")
			}
		})
	}
}

func TestTeamsAllPeopleStopsEarly(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	var calls int
	mux.HandleFunc("GET /teams/team-1/people", func(w http.ResponseWriter, r *http.Request) {
		calls++
		peoplePage(w, calls*100, 2, false)
	})
	for range c.Teams.AllPeople(context.Background(), "team-1", &PeopleListOptions{Count: 2}) {
		break
	}
	assert.Equal(t, 1, calls, "no page is fetched after the caller stops")
}

func TestTeamsAllPeopleErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	mux.HandleFunc("GET /teams/team-1/people", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("page") == "2" {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		peoplePage(w, 0, 2, false)
	})
	var people, errs int
	for _, err := range c.Teams.AllPeople(context.Background(), "team-1", &PeopleListOptions{Count: 2}) {
		if err != nil {
			assert.ErrorIs(t, err, ErrServer)
			errs++
			continue
		}
		people++
	}
	assert.Equal(t, 2, people)
	assert.Equal(t, 1, errs, "an error is yielded once and ends the sequence")

	// Bad input is yielded as the first and only element, without a request.
	mc, mt := mockClient(t)
	for field, opts := range map[string]*PeopleListOptions{"Count": {Count: 201}, "Page": {Page: -1}} {
		var got []error
		for _, err := range mc.Teams.AllPeople(context.Background(), "team-1", opts) {
			got = append(got, err)
		}
		require.Len(t, got, 1, field)
		var ae *ArgError
		require.ErrorAs(t, got[0], &ae, field)
		assert.Equal(t, "opts."+field, ae.Arg)
	}
	assert.Zero(t, mt.GetTotalCallCount())
}

func TestTeamsPerson(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodGet, path: "/teams/" + adminTeamID + "/people/user9090@perforce.com", golden: "teams_person.json"})
	m, _, err := c.Teams.Person(context.Background(), adminTeamID, "user9090@perforce.com")
	require.NoError(t, err)
	assert.EqualExportedValues(t, &TeamMember{
		ID:       "d24561e8-5331-4168-933e-bc24a0d9e30a",
		UUID:     "d24561e8-5331-4168-933e-bc24a0d9e30a",
		Name:     "User9090",
		Email:    "user9090@perforce.com",
		RoleName: "Administrator",
	}, m)
	// The lookup writes created_at as epoch seconds, unlike the list.
	assert.WithinDuration(t, time.Unix(1660800577, 0), m.CreatedAt.Time, 0)
	assert.True(t, m.LastLoginAt.IsZero())
}

// An email is one path segment, whatever it holds: the server sees it
// escaped under /people/, never another path.
func TestTeamsPersonEmailIsEscaped(t *testing.T) {
	t.Parallel()
	for email, escaped := range map[string]string{
		"../x":                   "..%2Fx",
		"../../buckets":          "..%2F..%2Fbuckets",
		"a/b@example.com":        "a%2Fb@example.com",
		"q?x=1#f@example.com":    "q%3Fx=1%23f@example.com",
		"grace+ci@example.com":   "grace+ci@example.com",
		"with space@example.com": "with%20space@example.com",
	} {
		t.Run(email, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t)
			base := "/teams/team-1/people/" + escaped
			expectRequest(t, mux, wantRequest{method: http.MethodGet, path: base, golden: "teams_person.json"})
			expectRequest(t, mux, wantRequest{method: http.MethodGet, path: base + "/groups", golden: "teams_person_groups.json"})
			expectRequest(t, mux, wantRequest{method: http.MethodDelete, path: base, status: http.StatusNoContent})
			ctx := context.Background()
			_, _, err := c.Teams.Person(ctx, "team-1", email)
			require.NoError(t, err)
			_, _, err = c.Teams.PersonGroups(ctx, "team-1", email)
			require.NoError(t, err)
			_, err = c.Teams.RemovePerson(ctx, "team-1", email)
			require.NoError(t, err)
		})
	}
}

func TestTeamsPersonGroups(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodGet, path: "/teams/c3bdc553/people/grace@example.com/groups", golden: "teams_person_groups.json"})
	groups, _, err := c.Teams.PersonGroups(context.Background(), "c3bdc553", "grace@example.com")
	require.NoError(t, err)
	assert.EqualExportedValues(t, []*Group{{
		UUID:     "651afb6c-af35-4c2c-9e19-ec0637e44e3f",
		Name:     "Group1",
		TeamUUID: "c3bdc553-d214-405f-bc30-78561a8c0aeb",
	}}, groups)
}

func TestTeamsInvite(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{
		method: http.MethodPost,
		path:   "/teams/" + adminTeamID + "/invite",
		body:   string(golden(t, "teams_invite_request.json")),
		status: http.StatusCreated,
		golden: "teams_invite.json",
	})
	res, resp, err := c.Teams.Invite(context.Background(), adminTeamID, &Invitation{
		Emails:     []string{"grace.hopper@gmail.com", "jane.doe@gmail.com"},
		RoleUUID:   "e90f9a7d-9611-46a8-bb4d-80d77e6be1f1",
		GroupUUIDs: []string{"d9d4ba85-8d41-4e71-905e-d6a68ff08801", "d35499f7-db48-4ebc-ab04-0ae2019bfba5"},
	})
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, []string{"grace.hopper@gmail.com", "jane.doe@gmail.com"}, res.Successes)
	assert.Empty(t, res.Errors)
}

// The reference never shows a failed invitation; errors are kept as the
// server wrote them, strings or objects.
func TestTeamsInviteErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	mux.HandleFunc("POST /teams/team-1/invite", func(w http.ResponseWriter, r *http.Request) {
		testBody(t, r, `{"emails":["a@example.com"]}`)
		fmt.Fprint(w, `{"data":{"successes":[],"errors":["a@example.com is already a member",{"email":"b@example.com","code":7}]},"meta":{"status":"success"},"error":null}`)
	})
	res, _, err := c.Teams.Invite(context.Background(), "team-1", &Invitation{Emails: []string{"a@example.com"}})
	require.NoError(t, err)
	assert.Empty(t, res.Successes)
	assert.Equal(t, []any{
		"a@example.com is already a member",
		map[string]any{"email": "b@example.com", "code": json.Number("7")},
	}, res.Errors)
}

func TestTeamsRemovePerson(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodDelete, path: "/teams/" + adminTeamID + "/people/ada@example.com", status: http.StatusNoContent})
	resp, err := c.Teams.RemovePerson(context.Background(), adminTeamID, "ada@example.com")
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
}

func TestTeamsEmailDomains(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodGet, path: "/teams/" + adminTeamID + "/email-domains", golden: "teams_email_domains.json"})
	d, _, err := c.Teams.EmailDomains(context.Background(), adminTeamID)
	require.NoError(t, err)
	assert.Equal(t, adminTeamID, d.TeamUUID)
	assert.Equal(t, []string{"gmail.com", "yahoo.com", "perforce.com"}, d.Domains)
	assert.Equal(t, "92f70ebd-d8cc-47d8-bddb-0f1da1e6c8ca", d.UpdatedBy)
	assert.WithinDuration(t, time.Unix(1617129570, 0), d.UpdatedAt.Time, 0)
}

func TestEmailDomainsEncoding(t *testing.T) {
	t.Parallel()
	const in = `{"team_uuid":"t1","email_whitelist_domains":" a.com, b.com,,","updated_at":1617129570,"policy":{"strict":true}}`
	var d EmailDomains
	require.NoError(t, json.Unmarshal([]byte(in), &d))
	assert.Equal(t, []string{"a.com", "b.com"}, d.Domains, "split, trimmed, blanks dropped")

	out, err := json.Marshal(d)
	require.NoError(t, err)
	assert.JSONEq(t, in, string(out), "unchanged domains re-encode as the server's string, with unknown members")

	d.Domains = append(d.Domains, "c.org")
	out, err = json.Marshal(&d)
	require.NoError(t, err)
	assert.JSONEq(t, `{"team_uuid":"t1","email_whitelist_domains":"a.com,b.com,c.org","updated_at":1617129570,"policy":{"strict":true}}`, string(out))

	out, err = json.Marshal(EmailDomains{Domains: []string{"x.io", "y.io"}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"email_whitelist_domains":"x.io,y.io"}`, string(out), "a value built in Go sends what it sets")

	// A server sending another type keeps it verbatim instead of failing.
	const odd = `{"email_whitelist_domains":["a.com"],"updated_at":"soon"}`
	require.NoError(t, json.Unmarshal([]byte(odd), &d))
	assert.Empty(t, d.Domains)
	out, err = json.Marshal(d)
	require.NoError(t, err)
	assert.JSONEq(t, odd, string(out))
}

func TestTeamsSetEmailDomains(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{
		method: http.MethodPost,
		path:   "/team/" + adminTeamID + "/email-domains",
		body:   `{"domainNames":"gmail.com,yahoo.com,perforce.com"}`,
		golden: "teams_email_domains_set.json",
	})
	resp, err := c.Teams.SetEmailDomains(context.Background(), adminTeamID, []string{"gmail.com", " yahoo.com", "perforce.com "})
	require.NoError(t, err)
	assert.Equal(t, "success", resp.Meta.Status)
}

func TestTeamsIntegrations(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodGet, path: "/teams/" + adminTeamID + "/integrations", golden: "integrations_list.json"})
	integrations, _, err := c.Teams.Integrations(context.Background(), adminTeamID)
	require.NoError(t, err)
	assert.EqualExportedValues(t, []*Integration{
		{Description: "PagerDuty: Production Alerts", Type: "pagerduty", UUID: "cf95026e-8951-4ae1-83a7-699243678490"},
		{Description: "Slack: #api-tests channel, send message on failed test runs", Type: "slack", UUID: "12014ba3-f5d7-448f-8740-f5ca2f498674"},
	}, integrations)
}

func TestTeamsAgents(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodGet, path: "/v1/teams/" + adminTeamID + "/agents", golden: "agents_list.json"})
	agents, _, err := c.Teams.Agents(context.Background(), adminTeamID)
	require.NoError(t, err)
	assert.EqualExportedValues(t, []*Agent{{
		Version:    "go-radar-agent v0.27",
		AgentID:    "79f50f9a-dc4b-403b-8006-fb198356eb95",
		Name:       "Grace-Hopper-Macbook.local",
		TeamID:     "3343w43-9343434",
		InstallDir: "/opt/bzm/agent",
		Hostname:   "server A",
		IPAddress:  "127.0.0.1",
		HostOS:     "CentOS 8",
	}}, agents)
}

func TestIdentifier(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "u", (&Team{UUID: "u", ID: "i"}).Identifier())
	assert.Equal(t, "i", (&Team{ID: "i"}).Identifier())
	assert.Empty(t, (*Team)(nil).Identifier())
	assert.Equal(t, "u", (&TeamMember{UUID: "u"}).Identifier())
	assert.Equal(t, "i", (&TeamMember{ID: "i"}).Identifier())
	assert.Empty(t, (*TeamMember)(nil).Identifier())

	var team Team
	require.NoError(t, json.Unmarshal([]byte(`{"id":"t-1","name":"Ops"}`), &team))
	assert.Equal(t, "t-1", team.Identifier(), "a team named by id decodes too")
}

func TestTeamsArgErrors(t *testing.T) {
	inv := &Invitation{Emails: []string{"a@example.com"}}
	testArgErrors(t, []argCase{
		{"people empty team", "teamID", func(ctx context.Context, c *Client) error { return errOf3(c.Teams.People(ctx, "", nil)) }},
		{"people dot-dot team", "teamID", func(ctx context.Context, c *Client) error { return errOf3(c.Teams.People(ctx, "..", nil)) }},
		{"people count over 200", "opts.Count", func(ctx context.Context, c *Client) error {
			return errOf3(c.Teams.People(ctx, "t1", &PeopleListOptions{Count: 201}))
		}},
		{"people negative count", "opts.Count", func(ctx context.Context, c *Client) error {
			return errOf3(c.Teams.People(ctx, "t1", &PeopleListOptions{Count: -1}))
		}},
		{"people negative page", "opts.Page", func(ctx context.Context, c *Client) error {
			return errOf3(c.Teams.People(ctx, "t1", &PeopleListOptions{Page: -2}))
		}},
		{"person empty team", "teamID", func(ctx context.Context, c *Client) error { return errOf3(c.Teams.Person(ctx, " ", "a@example.com")) }},
		{"person empty email", "email", func(ctx context.Context, c *Client) error { return errOf3(c.Teams.Person(ctx, "t1", "")) }},
		{"person dot-dot email", "email", func(ctx context.Context, c *Client) error { return errOf3(c.Teams.Person(ctx, "t1", "..")) }},
		{"person dot email", "email", func(ctx context.Context, c *Client) error { return errOf3(c.Teams.Person(ctx, "t1", ".")) }},
		{"person groups dot-dot email", "email", func(ctx context.Context, c *Client) error { return errOf3(c.Teams.PersonGroups(ctx, "t1", "..")) }},
		{"person groups empty team", "teamID", func(ctx context.Context, c *Client) error {
			return errOf3(c.Teams.PersonGroups(ctx, "", "a@example.com"))
		}},
		{"remove dot-dot email", "email", func(ctx context.Context, c *Client) error { return errOf2(c.Teams.RemovePerson(ctx, "t1", "..")) }},
		{"remove empty team", "teamID", func(ctx context.Context, c *Client) error {
			return errOf2(c.Teams.RemovePerson(ctx, "", "a@example.com"))
		}},
		{"invite empty team", "teamID", func(ctx context.Context, c *Client) error { return errOf3(c.Teams.Invite(ctx, "", inv)) }},
		{"invite nil", "invitation", func(ctx context.Context, c *Client) error { return errOf3(c.Teams.Invite(ctx, "t1", nil)) }},
		{"invite no emails", "invitation.Emails", func(ctx context.Context, c *Client) error {
			return errOf3(c.Teams.Invite(ctx, "t1", &Invitation{RoleUUID: "r1"}))
		}},
		{"invite blank email", "invitation.Emails", func(ctx context.Context, c *Client) error {
			return errOf3(c.Teams.Invite(ctx, "t1", &Invitation{Emails: []string{"a@example.com", " "}}))
		}},
		{"email domains empty team", "teamID", func(ctx context.Context, c *Client) error { return errOf3(c.Teams.EmailDomains(ctx, "")) }},
		{"set domains empty team", "teamID", func(ctx context.Context, c *Client) error {
			return errOf2(c.Teams.SetEmailDomains(ctx, "", []string{"a.com"}))
		}},
		{"set no domains", "domains", func(ctx context.Context, c *Client) error { return errOf2(c.Teams.SetEmailDomains(ctx, "t1", nil)) }},
		{"set blank domain", "domains", func(ctx context.Context, c *Client) error {
			return errOf2(c.Teams.SetEmailDomains(ctx, "t1", []string{"a.com", ""}))
		}},
		{"set domain with comma", "domains", func(ctx context.Context, c *Client) error {
			return errOf2(c.Teams.SetEmailDomains(ctx, "t1", []string{"a.com,b.com"}))
		}},
		{"integrations empty team", "teamID", func(ctx context.Context, c *Client) error { return errOf3(c.Teams.Integrations(ctx, "")) }},
		{"agents empty team", "teamID", func(ctx context.Context, c *Client) error { return errOf3(c.Teams.Agents(ctx, "")) }},
	})
}

func TestTeamsGoldenRoundTrip(t *testing.T) {
	testRoundTrip[[]*TeamMember](t, golden(t, "teams_people.json"))
	testRoundTrip[*TeamMember](t, goldenData(t, "teams_person.json"))
	testRoundTrip[[]*Group](t, goldenData(t, "teams_person_groups.json"))
	testRoundTrip[*Invitation](t, golden(t, "teams_invite_request.json"))
	testRoundTrip[*InviteResult](t, goldenData(t, "teams_invite.json"))
	testRoundTrip[*EmailDomains](t, goldenData(t, "teams_email_domains.json"))
	testRoundTrip[[]*Integration](t, golden(t, "integrations_list.json"))
	testRoundTrip[[]*Agent](t, goldenData(t, "agents_list.json"))
}
