package runscope

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGroupsList(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodGet, path: "/teams/" + adminTeamID + "/groups", golden: "groups_list.json"})
	groups, _, err := c.Groups.List(context.Background(), adminTeamID)
	require.NoError(t, err)
	assert.EqualExportedValues(t, []*Group{
		{Name: "Group1", UUID: "6ee0c1d0-ca65-4eaa-92d2-aa6e0a0324a0"},
		{Name: "Group2", UUID: "469301f2-c525-45d2-8e89-09ddeb46853e"},
	}, groups)
}

func TestGroupsGet(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodGet, path: "/teams/" + adminTeamID + "/groups/" + adminGroupID, golden: "groups_get.json"})
	g, _, err := c.Groups.Get(context.Background(), adminTeamID, adminGroupID)
	require.NoError(t, err)
	assert.EqualExportedValues(t, filledGroup, g)
}

func TestGroupsCreate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{
		method: http.MethodPost,
		path:   "/teams/" + adminTeamID + "/groups",
		body:   string(golden(t, "groups_create_request.json")),
		status: http.StatusCreated,
		golden: "groups_create.json",
	})
	g, _, err := c.Groups.Create(context.Background(), adminTeamID, "My New Team Group")
	require.NoError(t, err)
	assert.EqualExportedValues(t, &Group{UUID: adminGroupID, Name: "My New Team Group"}, g)
	assert.Nil(t, g.BucketKeys, "null bucket_keys")
	assert.Nil(t, g.Users, "null users")
}

func TestGroupsUpdate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{
		method: http.MethodPut,
		path:   "/teams/" + adminTeamID + "/groups/" + adminGroupID,
		body:   string(golden(t, "groups_update_request.json")),
		golden: "groups_update.json",
	})
	g, _, err := c.Groups.Update(context.Background(), adminTeamID, adminGroupID, &GroupUpdate{
		BucketKeys: []string{"rtedbn4shvno", "clnhxhzt78zv"},
		UserUUIDs:  []string{"9512d659-32c3-4c21-9128-55168fa4e306", "a3f5fdc2-049a-451a-8934-b20fd82733af"},
	})
	require.NoError(t, err)
	assert.EqualExportedValues(t, filledGroup, g)
}

// A nil list is not sent; an empty one is, to empty that side.
func TestGroupsUpdateSendsOnlyWhatIsSet(t *testing.T) {
	t.Parallel()
	for body, u := range map[string]*GroupUpdate{
		`{"bucket_keys":[]}`:                     {BucketKeys: []string{}},
		`{"user_uuids":["u1"]}`:                  {UserUUIDs: []string{"u1"}},
		`{"bucket_keys":["b1"],"user_uuids":[]}`: {BucketKeys: []string{"b1"}, UserUUIDs: []string{}},
	} {
		t.Run(body, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t)
			expectRequest(t, mux, wantRequest{method: http.MethodPut, path: "/teams/t1/groups/g1", body: body, golden: "groups_update.json"})
			_, _, err := c.Groups.Update(context.Background(), "t1", "g1", u)
			require.NoError(t, err)
		})
	}
}

func TestGroupsDelete(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodDelete, path: "/teams/" + adminTeamID + "/groups/" + adminGroupID, status: http.StatusNoContent})
	resp, err := c.Groups.Delete(context.Background(), adminTeamID, adminGroupID)
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
}
