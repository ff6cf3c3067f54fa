package runscope

import (
	"context"
	"net/http"

	"github.com/go-runscope/runscope/internal/wire"
)

// GroupsService manages a team's groups: sets of people and the buckets
// they may access.
type GroupsService service

// Group is a set of people of a team and the buckets they may access.
// Lists and lookups by person carry only some of the members.
type Group struct {
	UUID     string `json:"uuid,omitzero"`
	Name     string `json:"name,omitzero"`
	TeamUUID string `json:"team_uuid,omitzero"`
	// BucketKeys are the buckets the group's people may access.
	BucketKeys []string     `json:"bucket_keys,omitzero"`
	UserCount  int          `json:"user_count,omitzero"`
	Users      []*GroupUser `json:"users,omitzero"`

	_ wire.Extra
}

// GroupUser is a member of a [Group].
type GroupUser struct {
	UUID  string `json:"uuid,omitzero"`
	Name  string `json:"name,omitzero"`
	Email string `json:"email,omitzero"`

	_ wire.Extra
}

// GroupUpdate changes the buckets and people of a group. A nil list is not
// sent and leaves that side as it is; an empty, non-nil one is sent as [].
type GroupUpdate struct {
	BucketKeys []string `json:"bucket_keys,omitzero"`
	// UserUUIDs are the people's identifiers ([TeamMember.Identifier]).
	UserUUIDs []string `json:"user_uuids,omitzero"`
}

// List returns the groups of a team, with their names and UUIDs.
//
// GET /teams/{teamID}/groups
func (s *GroupsService) List(ctx context.Context, teamID string) ([]*Group, *Response, error) {
	return callList[*Group](ctx, s.client, http.MethodGet, at("teams/{teamID}/groups", teamID), nil, nil)
}

// Get returns a group of a team with its buckets and people.
//
// GET /teams/{teamID}/groups/{groupID}
func (s *GroupsService) Get(ctx context.Context, teamID, groupID string) (*Group, *Response, error) {
	return call[*Group](ctx, s.client, http.MethodGet, at("teams/{teamID}/groups/{groupID}", teamID, groupID), nil, nil)
}

// Create adds an empty group named name to a team; fill it with
// [GroupsService.Update].
//
// POST /teams/{teamID}/groups
func (s *GroupsService) Create(ctx context.Context, teamID, name string) (*Group, *Response, error) {
	switch {
	case isBlank(name):
		return nil, nil, argErr("name", "must not be empty")
	}
	body := struct {
		Name string `json:"name"`
	}{name}
	return call[*Group](ctx, s.client, http.MethodPost, at("teams/{teamID}/groups", teamID), nil, body)
}

// Update changes the buckets and people of a group. The API keeps the side
// that is not sent: a nil list of update is not sent and leaves that side
// as it is; an empty, non-nil one is sent as [] and empties it.
//
// PUT /teams/{teamID}/groups/{groupID}
func (s *GroupsService) Update(ctx context.Context, teamID, groupID string, update *GroupUpdate) (*Group, *Response, error) {
	switch {
	case update == nil:
		return nil, nil, argErr("update", "must not be nil")
	case update.BucketKeys == nil && update.UserUUIDs == nil:
		return nil, nil, argErr("update", "changes nothing: set BucketKeys or UserUUIDs")
	}
	return call[*Group](ctx, s.client, http.MethodPut, at("teams/{teamID}/groups/{groupID}", teamID, groupID), nil, update)
}

// Delete deletes a group of a team.
//
// DELETE /teams/{teamID}/groups/{groupID}
func (s *GroupsService) Delete(ctx context.Context, teamID, groupID string) (*Response, error) {
	return callNoData(ctx, s.client, http.MethodDelete, at("teams/{teamID}/groups/{groupID}", teamID, groupID), nil, nil)
}
