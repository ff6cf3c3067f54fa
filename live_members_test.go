package runscope

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/go-runscope/runscope/internal/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The members the live API sends beyond the reference: typed where their
// meaning is clear, kept as unknown members otherwise, and every one
// survives a round trip.

func TestLiveMembersOfRequestSteps(t *testing.T) {
	s := roundTripStep(t, golden(t, "steps_request_live.json"))
	req := s.(*RequestStep)
	assert.Equal(t, []Variable{{Name: "location", Source: VariableSourceHeader, Property: "Location"}}, exportedVariables(req.Variables))
	for _, member := range []string{"multipart_form", "binary_body", "fragment", "args", "data", "request_id"} {
		assert.True(t, wire.ExtraOf(req).Has(member), "%s is kept as an unknown member", member)
	}
}

// exportedVariables drops what the decoder recorded, for comparisons.
func exportedVariables(vs []Variable) []Variable {
	out := make([]Variable, len(vs))
	for i, v := range vs {
		out[i] = Variable{Name: v.Name, Source: v.Source, Property: v.Property}
	}
	return out
}

func TestLiveMembersOfEnvironments(t *testing.T) {
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodGet, path: "/buckets/bkt/environments/env", golden: "environments_live.json"})
	e, _, err := c.Environments.GetShared(context.Background(), "bkt", "env")
	require.NoError(t, err)
	assert.Equal(t, "1.0", e.Version)
	assert.Equal(t, time.Unix(1639677275, 0).UTC(), e.ExportedAt.Time)
	assert.False(t, e.ForceH2C)
	assert.Equal(t, "5d41402abc4b2a76b9719d911017c592", e.InitialScriptHash)
	for _, member := range []string{"http_version_support", "pre_request_scripts", "post_response_scripts"} {
		assert.True(t, wire.ExtraOf(e).Has(member), "%s is kept as an unknown member", member)
	}
	testRoundTrip[*Environment](t, golden(t, "environments_live.json"))
}

func TestLiveMembersOfBuckets(t *testing.T) {
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodGet, path: "/buckets", golden: "buckets_list_live.json"})
	buckets, _, err := c.Buckets.List(context.Background())
	require.NoError(t, err)
	require.Len(t, buckets, 1)
	b := buckets[0]
	assert.Equal(t, time.Unix(1438828991, 0).UTC(), b.CreatedAt.Time)
	assert.False(t, b.IsPrivate)
	assert.Equal(t, 12, b.TestsCount)
	assert.Equal(t, "https://api.runscope.com/buckets/taank6ebawmk/tests", b.TestsURL)
	assert.Equal(t, "https://api.runscope.com/buckets/taank6ebawmk/collections", b.CollectionsURL)
	assert.Equal(t, "https://api.runscope.com/buckets/taank6ebawmk/messages", b.MessagesURL)
	testRoundTrip[[]*Bucket](t, goldenData(t, "buckets_list_live.json"))
}

func TestLiveMembersOfTheAccount(t *testing.T) {
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodGet, path: "/account", golden: "account_live.json"})
	a, _, err := c.Account(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "4ee15ecc-7fe1-43cb-aa12-ef50420f2cf9", a.ID)
	assert.Equal(t, time.Unix(1438828991, 0).UTC(), a.CreatedAt.Time)
	require.Len(t, a.Teams, 1)
	assert.True(t, wire.ExtraOf(a.Teams[0]).Has("owner"), "owner is kept as an unknown member")
	testRoundTrip[*Account](t, goldenData(t, "account_live.json"))
}

func TestLiveMembersOfTestListEntries(t *testing.T) {
	tests := testRoundTrip[[]*Test](t, goldenData(t, "tests_list_last_run.json"))
	require.Len(t, tests, 1)
	assert.Equal(t, 3, tests[0].StepCount)
	assert.Equal(t, time.Unix(1494623238, 460797000).UTC(), tests[0].LastRunCreatedAt.Time)
}

func TestLiveMembersOfTheBucketTriggerAnswer(t *testing.T) {
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodGet, path: "/radar/bucket/trig/trigger", status: http.StatusCreated, golden: "trigger_bucket.json"})
	res, _, err := c.Buckets.Trigger(context.Background(), "trig", nil)
	require.NoError(t, err)
	assert.Equal(t, "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e", res.RunsID)
	assert.Equal(t, "https://www.runscope.com/radar/6knqwmwvqpzr/runs/b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e", res.ConsolidatedTestResultsURL)
	testRoundTrip[*TriggerResult](t, goldenData(t, "trigger_bucket.json"))
}
