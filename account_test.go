package runscope

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAccount(t *testing.T) {
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodGet, path: "/account", golden: "account.json"})
	acct, resp, err := c.Account(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "success", resp.Meta.Status)
	assert.Equal(t, "Grace Hopper", acct.Name)
	assert.Equal(t, "4ee15ecc-7fe1-43cb-aa12-ef50420f2cf9", acct.UUID)
	assert.Equal(t, "grace@example.com", acct.Email)
	require.Len(t, acct.Teams, 1)
	assert.Equal(t, "1234abcd-7fe1-43cb-aa12-ef50420f2cf9", acct.Teams[0].UUID)
	assert.Equal(t, "Amazing Grace", acct.Teams[0].Name)
}

func TestRegions(t *testing.T) {
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodGet, path: "/regions", golden: "regions.json"})
	regions, _, err := c.Regions(context.Background())
	require.NoError(t, err)
	require.Len(t, regions, 1)
	assert.EqualExportedValues(t, &Region{
		RegionCode:      "us1",
		Location:        "US East (Northern Virginia)",
		ServiceProvider: "Amazon Web Services",
		Hostname:        "us1.runscope.net",
	}, regions[0])
}

func TestAccountAndRegionsGoldenRoundTrip(t *testing.T) {
	testRoundTrip[*Account](t, goldenData(t, "account.json"))
	var regions struct {
		Regions []*Region `json:"regions"`
	}
	data := goldenData(t, "regions.json")
	require.NoError(t, json.Unmarshal(data, &regions))
	out, err := json.Marshal(regions)
	require.NoError(t, err)
	assertJSONSemEq(t, data, out)
}
