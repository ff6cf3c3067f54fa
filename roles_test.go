package runscope

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const adminRoleID = "f8ad39e1-053b-4bce-b0f1-1564df7b5c9f"

var viewerRole = &Role{UUID: adminRoleID, Name: "Viewer", Permissions: []Permission{PermTeamPeopleView}}

// The List sample is a bare object, not a list: it decodes as one role,
// keeping permissions the constants do not name.
func TestRolesList(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodGet, path: "/teams/" + adminTeamID + "/roles", golden: "roles_list.json"})
	roles, _, err := c.Roles.List(context.Background(), adminTeamID)
	require.NoError(t, err)
	assert.EqualExportedValues(t, []*Role{{
		UUID: "6c591177-a19d-41d8-a74e-05ad350c472f",
		Name: "Read-only Members",
		Permissions: []Permission{
			PermTeamPeopleView, "bucket:alerts:view", PermBucketTestsView, "bucket:traffic:view", PermTeamSecretsView,
		},
	}}, roles)
}

func TestRolesGet(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodGet, path: "/teams/" + adminTeamID + "/roles/" + adminRoleID, golden: "roles_get.json"})
	role, _, err := c.Roles.Get(context.Background(), adminTeamID, adminRoleID)
	require.NoError(t, err)
	assert.EqualExportedValues(t, viewerRole, role)
}

func TestRolesCreate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{
		method: http.MethodPost,
		path:   "/teams/" + adminTeamID + "/roles",
		body:   string(golden(t, "roles_create_request.json")),
		status: http.StatusCreated,
		golden: "roles_create.json",
	})
	role, resp, err := c.Roles.Create(context.Background(), adminTeamID, &Role{Name: "Viewer", Permissions: []Permission{PermTeamPeopleView}})
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.EqualExportedValues(t, viewerRole, role)
}

// A role built in Go with only permissions sends only those, as the
// reference's update does.
func TestRolesUpdate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{
		method: http.MethodPut,
		path:   "/teams/" + adminTeamID + "/roles/" + adminRoleID,
		body:   string(golden(t, "roles_update_request.json")),
		golden: "roles_update.json",
	})
	perms := []Permission{PermTeamPeopleView, PermTeamUsageView, PermBucketTestsView, PermTeamSecretsView}
	role, _, err := c.Roles.Update(context.Background(), adminTeamID, adminRoleID, &Role{Permissions: perms})
	require.NoError(t, err)
	assert.EqualExportedValues(t, &Role{UUID: adminRoleID, Name: "Viewer", Permissions: perms}, role)
}

// A role read from the API goes back whole, unknown members included, with
// the caller's change.
func TestRolesUpdateDecodedRole(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{
		method: http.MethodPut,
		path:   "/teams/t1/roles/r1",
		body:   `{"uuid":"r1","name":"Viewer","permissions":["team:people:view","team:usage:view"],"builtin":false}`,
		golden: "roles_update.json",
	})
	var role Role
	require.NoError(t, json.Unmarshal([]byte(`{"uuid":"r1","name":"Viewer","permissions":["team:people:view"],"builtin":false}`), &role))
	role.Permissions = append(role.Permissions, PermTeamUsageView)
	_, _, err := c.Roles.Update(context.Background(), "t1", "r1", &role)
	require.NoError(t, err)
}

func TestRolesDelete(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodDelete, path: "/teams/" + adminTeamID + "/roles/" + adminRoleID, status: http.StatusNoContent})
	resp, err := c.Roles.Delete(context.Background(), adminTeamID, adminRoleID)
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
}

func TestRolesAssign(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{
		method: http.MethodPut,
		path:   "/teams/" + adminTeamID + "/people",
		body:   string(golden(t, "roles_assign_request.json")),
	})
	resp, err := c.Roles.Assign(context.Background(), adminTeamID, "5d5435cf-5f9f-47a8-bbd3-2de7bc213758",
		[]string{"9512d659-32c3-4c21-9128-55168fa4e306", "a3f5fdc2-049a-451a-8934-b20fd82733af"})
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestPermissionConstants(t *testing.T) {
	all := []Permission{
		PermTeamBillingView, PermTeamBillingModify, PermTeamPeopleView, PermTeamPeopleModify, PermTeamPeopleInvite,
		PermTeamBucketsModify, PermTeamBucketsAdd, PermTeamGatewayAgentAllow, PermTeamRadarAgentAllow,
		PermTeamConnectedServicesModify, PermTeamConnectedServicesDelete, PermTeamNameModify, PermTeamUsageView,
		PermBucketTestsView, PermBucketTestsExecute, PermBucketTestsModify, PermBucketTestsDelete, PermBucketTestsShare,
		PermBucketTestsSchedule, PermBucketTestsExport, PermBucketSharedEnvironmentModify, PermTeamGroupsView,
		PermTeamGroupsModify, PermTeamScriptLibraryDelete, PermTeamScriptLibraryModify, PermTeamSecretsView,
		PermTeamSecretsModify, PermTeamFileUploadModify,
	}
	assert.Len(t, all, 28, "the reference lists 28 permissions")
	form := regexp.MustCompile(`^(team|bucket):[a-z_]+:[a-z]+$`)
	seen := map[Permission]bool{}
	for _, p := range all {
		assert.Regexp(t, form, string(p))
		assert.False(t, seen[p], "duplicate %s", p)
		seen[p] = true
	}
}

const adminGroupID = "5011528b-4a90-47ba-ab13-9437c8f828b8"

var filledGroup = &Group{
	UUID:       adminGroupID,
	Name:       "My New Team Group",
	BucketKeys: []string{"clnhxhzt78zv"},
	UserCount:  1,
	Users:      []*GroupUser{{Email: "hyunji@runscope.com", Name: "Hyunji Kim", UUID: "c146cfcc-686a-42b6-97e9-3d4f3c3a3493"}},
}

func TestRolesAndGroupsArgErrors(t *testing.T) {
	role := &Role{Name: "Viewer"}
	update := &GroupUpdate{BucketKeys: []string{"b1"}}
	testArgErrors(t, []argCase{
		{"roles list empty team", "teamID", func(ctx context.Context, c *Client) error { return errOf3(c.Roles.List(ctx, "")) }},
		{"roles get empty role", "roleID", func(ctx context.Context, c *Client) error { return errOf3(c.Roles.Get(ctx, "t1", "")) }},
		{"roles get dot-dot team", "teamID", func(ctx context.Context, c *Client) error { return errOf3(c.Roles.Get(ctx, "..", "r1")) }},
		{"roles create empty team", "teamID", func(ctx context.Context, c *Client) error { return errOf3(c.Roles.Create(ctx, "", role)) }},
		{"roles create nil", "role", func(ctx context.Context, c *Client) error { return errOf3(c.Roles.Create(ctx, "t1", nil)) }},
		{"roles create no name", "role.Name", func(ctx context.Context, c *Client) error {
			return errOf3(c.Roles.Create(ctx, "t1", &Role{Permissions: []Permission{PermTeamPeopleView}}))
		}},
		{"roles update empty role", "roleID", func(ctx context.Context, c *Client) error { return errOf3(c.Roles.Update(ctx, "t1", " ", role)) }},
		{"roles update nil", "role", func(ctx context.Context, c *Client) error { return errOf3(c.Roles.Update(ctx, "t1", "r1", nil)) }},
		{"roles delete dot role", "roleID", func(ctx context.Context, c *Client) error { return errOf2(c.Roles.Delete(ctx, "t1", ".")) }},
		{"assign empty team", "teamID", func(ctx context.Context, c *Client) error {
			return errOf2(c.Roles.Assign(ctx, "", "r1", []string{"u1"}))
		}},
		{"assign empty role", "roleID", func(ctx context.Context, c *Client) error {
			return errOf2(c.Roles.Assign(ctx, "t1", "", []string{"u1"}))
		}},
		{"assign no users", "userIDs", func(ctx context.Context, c *Client) error { return errOf2(c.Roles.Assign(ctx, "t1", "r1", nil)) }},
		{"assign blank user", "userIDs", func(ctx context.Context, c *Client) error {
			return errOf2(c.Roles.Assign(ctx, "t1", "r1", []string{"u1", ""}))
		}},
		{"groups list empty team", "teamID", func(ctx context.Context, c *Client) error { return errOf3(c.Groups.List(ctx, "")) }},
		{"groups get empty group", "groupID", func(ctx context.Context, c *Client) error { return errOf3(c.Groups.Get(ctx, "t1", "")) }},
		{"groups create empty team", "teamID", func(ctx context.Context, c *Client) error { return errOf3(c.Groups.Create(ctx, "", "g")) }},
		{"groups create empty name", "name", func(ctx context.Context, c *Client) error { return errOf3(c.Groups.Create(ctx, "t1", " ")) }},
		{"groups update dot-dot group", "groupID", func(ctx context.Context, c *Client) error { return errOf3(c.Groups.Update(ctx, "t1", "..", update)) }},
		{"groups update nil", "update", func(ctx context.Context, c *Client) error { return errOf3(c.Groups.Update(ctx, "t1", "g1", nil)) }},
		{"groups update nothing", "update", func(ctx context.Context, c *Client) error {
			return errOf3(c.Groups.Update(ctx, "t1", "g1", &GroupUpdate{}))
		}},
		{"groups delete empty group", "groupID", func(ctx context.Context, c *Client) error { return errOf2(c.Groups.Delete(ctx, "t1", "")) }},
	})
}

func TestRolesAndGroupsGoldenRoundTrip(t *testing.T) {
	testRoundTrip[*Role](t, golden(t, "roles_list.json")) // a bare object
	testRoundTrip[*Role](t, golden(t, "roles_create_request.json"))
	testRoundTrip[*Role](t, goldenData(t, "roles_create.json"))
	testRoundTrip[*Role](t, goldenData(t, "roles_get.json"))
	testRoundTrip[*Role](t, golden(t, "roles_update_request.json"))
	testRoundTrip[*Role](t, goldenData(t, "roles_update.json"))
	testRoundTrip[[]*Group](t, goldenData(t, "groups_list.json"))
	testRoundTrip[*Group](t, golden(t, "groups_create_request.json"))
	testRoundTrip[*Group](t, goldenData(t, "groups_create.json"))
	testRoundTrip[*Group](t, goldenData(t, "groups_get.json"))
	testRoundTrip[*GroupUpdate](t, golden(t, "groups_update_request.json"))
	testRoundTrip[*Group](t, goldenData(t, "groups_update.json"))
}
