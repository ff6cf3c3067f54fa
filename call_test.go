package runscope

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEndpointEscapes(t *testing.T) {
	p, err := endpoint("teams/{teamID}/people/{email}", "../teams", "a/b+c@example.com")
	require.NoError(t, err)
	assert.Equal(t, "teams/..%2Fteams/people/a%2Fb+c@example.com", p)

	for _, bad := range []string{"", " ", ".", ".."} {
		_, err := endpoint("buckets/{bucketKey}", bad)
		var ae *ArgError
		require.ErrorAs(t, err, &ae, "%q", bad)
		assert.Equal(t, "bucketKey", ae.Arg)
	}
	_, err = endpoint("buckets/{bucketKey}")
	assert.Error(t, err, "too few arguments")
	_, err = endpoint("buckets", "x")
	assert.Error(t, err, "too many arguments")
}

func TestEscapedIDReachesServerAsOneSegment(t *testing.T) {
	c, mux := setup(t)
	var gotPath string
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		gotPath = r.URL.EscapedPath()
		fmt.Fprint(w, `{"data":null}`)
	})
	_, _, err := call[map[string]any](context.Background(), c, http.MethodGet, at("buckets/{bucketKey}", "../teams"), nil, nil)
	require.NoError(t, err)
	assert.Equal(t, "/buckets/..%2Fteams", gotPath)
}

func TestPaged(t *testing.T) {
	var fetched []int
	seq := paged(2, func(page int) ([]int, *Response, error) {
		fetched = append(fetched, page)
		return [][]int{{1, 2}, {3, 4}, {5}}[page], nil, nil
	})
	var got []int
	for v, err := range seq {
		require.NoError(t, err)
		got = append(got, v)
	}
	assert.Equal(t, []int{1, 2, 3, 4, 5}, got)
	assert.Equal(t, []int{0, 1, 2}, fetched)

	fetched = nil
	for v := range seq {
		if v == 3 {
			break
		}
	}
	assert.Equal(t, []int{0, 1}, fetched, "stops fetching when the caller stops")

	boom := errors.New("boom")
	var errs int
	for _, err := range paged(2, func(int) ([]int, *Response, error) { return nil, nil, boom }) {
		assert.ErrorIs(t, err, boom)
		errs++
	}
	assert.Equal(t, 1, errs, "an error is yielded once")
}
