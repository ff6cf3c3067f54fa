package runscope

import (
	"context"
	"net/http"
	"slices"

	"github.com/go-runscope/runscope/internal/wire"
)

// RolesService manages a team's roles: named sets of permissions assigned
// to people.
type RolesService service

// Permission is something a [Role] allows its people to do, written
// "scope:resource:action". Permissions the constants do not name (older
// ones such as "bucket:traffic:view" still appear in roles) decode as they
// are.
type Permission string

// The permissions the API reference lists.
const (
	PermTeamBillingView               Permission = "team:billing:view"                // view the team's billing information
	PermTeamBillingModify             Permission = "team:billing:modify"              // change the team's billing information
	PermTeamPeopleView                Permission = "team:people:view"                 // view the team's members
	PermTeamPeopleModify              Permission = "team:people:modify"               // add or delete team members
	PermTeamPeopleInvite              Permission = "team:people:invite"               // invite members to the team
	PermTeamBucketsModify             Permission = "team:buckets:modify"              // change bucket settings and names, delete buckets
	PermTeamBucketsAdd                Permission = "team:buckets:add"                 // add buckets
	PermTeamGatewayAgentAllow         Permission = "team:gateway_agent:allow"         // sign in through the Gateway Agent
	PermTeamRadarAgentAllow           Permission = "team:radar_agent:allow"           // sign in through the Radar Agent
	PermTeamConnectedServicesModify   Permission = "team:connected_services:modify"   // add a connected service
	PermTeamConnectedServicesDelete   Permission = "team:connected_services:delete"   // delete a connected service
	PermTeamNameModify                Permission = "team:name:modify"                 // change the team's name
	PermTeamUsageView                 Permission = "team:usage:view"                  // view the team's usage
	PermBucketTestsView               Permission = "bucket:tests:view"                // view the tests of a bucket
	PermBucketTestsExecute            Permission = "bucket:tests:execute"             // run or cancel tests
	PermBucketTestsModify             Permission = "bucket:tests:modify"              // create and edit tests
	PermBucketTestsDelete             Permission = "bucket:tests:delete"              // delete tests
	PermBucketTestsShare              Permission = "bucket:tests:share"               // share test results
	PermBucketTestsSchedule           Permission = "bucket:tests:schedule"            // add, change and delete schedules
	PermBucketTestsExport             Permission = "bucket:tests:export"              // download test exports
	PermBucketSharedEnvironmentModify Permission = "bucket:shared_environment:modify" // add, change and delete shared environments
	PermTeamGroupsView                Permission = "team:groups:view"                 // view group permissions and membership
	PermTeamGroupsModify              Permission = "team:groups:modify"               // change group permissions and membership
	PermTeamScriptLibraryDelete       Permission = "team:script_library:delete"       // delete script libraries
	PermTeamScriptLibraryModify       Permission = "team:script_library:modify"       // change script libraries
	PermTeamSecretsView               Permission = "team:secrets:view"                // list sensitive variables
	PermTeamSecretsModify             Permission = "team:secrets:modify"              // create, edit and delete sensitive variables
	PermTeamFileUploadModify          Permission = "team:file_upload:modify"          // upload and delete files
)

// Role is a named set of permissions that people of a team are assigned.
// A Role built in Go sends only the fields set: an update with only
// Permissions changes only those.
type Role struct {
	UUID        string       `json:"uuid,omitzero"`
	Name        string       `json:"name,omitzero"`
	Permissions []Permission `json:"permissions,omitzero"`

	_ wire.Extra
}

// List returns the roles of a team.
//
// GET /teams/{teamID}/roles
func (s *RolesService) List(ctx context.Context, teamID string) ([]*Role, *Response, error) {
	return callList[*Role](ctx, s.client, http.MethodGet, at("teams/{teamID}/roles", teamID), nil, nil)
}

// Get returns one role of a team.
//
// GET /teams/{teamID}/roles/{roleID}
func (s *RolesService) Get(ctx context.Context, teamID, roleID string) (*Role, *Response, error) {
	return call[*Role](ctx, s.client, http.MethodGet, at("teams/{teamID}/roles/{roleID}", teamID, roleID), nil, nil)
}

// Create adds a role to a team. role.Name is required.
//
// POST /teams/{teamID}/roles
func (s *RolesService) Create(ctx context.Context, teamID string, role *Role) (*Role, *Response, error) {
	switch {
	case role == nil:
		return nil, nil, argErr("role", "must not be nil")
	case isBlank(role.Name):
		return nil, nil, argErr("role.Name", "must not be empty")
	}
	return call[*Role](ctx, s.client, http.MethodPost, at("teams/{teamID}/roles", teamID), nil, role)
}

// Update changes a role. The API keeps the members not sent as they are: a
// role built in Go sends only what it sets, so one with only Permissions
// changes only those. A role decoded from the API is sent back whole, with
// the caller's changes, zero values included. An empty, non-nil
// Permissions is sent as [] and removes every permission; to send another
// zero value from a role built in Go, mark the field with ForceSend.
//
// PUT /teams/{teamID}/roles/{roleID}
func (s *RolesService) Update(ctx context.Context, teamID, roleID string, role *Role) (*Role, *Response, error) {
	switch {
	case role == nil:
		return nil, nil, argErr("role", "must not be nil")
	}
	return call[*Role](ctx, s.client, http.MethodPut, at("teams/{teamID}/roles/{roleID}", teamID, roleID), nil, role)
}

// Delete deletes a role of a team.
//
// DELETE /teams/{teamID}/roles/{roleID}
func (s *RolesService) Delete(ctx context.Context, teamID, roleID string) (*Response, error) {
	return callNoData(ctx, s.client, http.MethodDelete, at("teams/{teamID}/roles/{roleID}", teamID, roleID), nil, nil)
}

// Assign gives the role roleID to the team members userIDs (their
// identifiers, see [TeamMember.Identifier]).
//
// PUT /teams/{teamID}/people
func (s *RolesService) Assign(ctx context.Context, teamID, roleID string, userIDs []string) (*Response, error) {
	switch {
	case isBlank(roleID):
		return nil, argErr("roleID", "must not be empty")
	case len(userIDs) == 0:
		return nil, argErr("userIDs", "must hold at least one user")
	case slices.ContainsFunc(userIDs, isBlank):
		return nil, argErr("userIDs", "holds an empty ID")
	}
	body := struct {
		RoleUUID  string   `json:"role_uuid"`
		UserUUIDs []string `json:"user_uuids"`
	}{roleID, userIDs}
	return callNoData(ctx, s.client, http.MethodPut, at("teams/{teamID}/people", teamID), nil, body)
}
