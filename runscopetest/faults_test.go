package runscopetest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-runscope/runscope"
	"github.com/go-runscope/runscope/runscopetest"
)

// The fault suite's leg on the fake: the root package's TestFaults serves
// every kind of fault from a bare net/http server; this one arms the
// fake's FailNext on the routes of a GET, a PUT, a DELETE and a POST, so
// that a failure lands in the middle of a stateful API, and checks what
// only state can show: that a POST the SDK may not repeat created nothing
// twice, and that an idempotent request retried past its failures acted
// once.

// faultToken is the client's token; the fake accepts any bearer token.
const faultToken = "fault-suite-token-7b1c"

// maxAttempts is the attempts of a client from Server.Client, which
// retries 3 times: 2 failures in a row are transient, 4 last.
const maxAttempts = 4

// faultCall is a service method of one HTTP method, on the test id.
type faultCall struct {
	method string
	call   func(ctx context.Context, c *runscope.Client, bucket, id string) (*runscope.Response, error)
}

var faultCalls = []faultCall{
	{http.MethodGet, func(ctx context.Context, c *runscope.Client, bucket, id string) (*runscope.Response, error) {
		test, resp, err := c.Tests.Get(ctx, bucket, id)
		if err == nil && test == nil {
			return resp, errors.New("Tests.Get returned no test and no error")
		}
		return resp, err
	}},
	{http.MethodPut, func(ctx context.Context, c *runscope.Client, bucket, id string) (*runscope.Response, error) {
		test, resp, err := c.Tests.Update(ctx, bucket, id, &runscope.TestUpdate{Description: new("after the fault")})
		if err == nil && test.Description != "after the fault" {
			return resp, fmt.Errorf("Tests.Update answered description %q", test.Description)
		}
		return resp, err
	}},
	{http.MethodDelete, func(ctx context.Context, c *runscope.Client, bucket, id string) (*runscope.Response, error) {
		return c.Tests.Delete(ctx, bucket, id)
	}},
	{http.MethodPost, func(ctx context.Context, c *runscope.Client, bucket, _ string) (*runscope.Response, error) {
		test, resp, err := c.Tests.Create(ctx, bucket, &runscope.Test{Name: "created under fault"})
		if err == nil && test.ID == "" {
			return resp, errors.New("Tests.Create answered a test without an ID")
		}
		return resp, err
	}},
}

// retriedAway says whether the SDK retries status for method: 429 always
// (the server did not act), 502, 503 and 504 for idempotent methods only.
func retriedAway(method string, status int) bool {
	switch status {
	case http.StatusTooManyRequests:
		return true
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return method != http.MethodPost
	}
	return false
}

func TestFaultsOnTheFake(t *testing.T) {
	t.Parallel()
	statuses := []int{
		http.StatusTooManyRequests,
		http.StatusInternalServerError,
		http.StatusBadGateway,
		http.StatusServiceUnavailable,
		http.StatusGatewayTimeout,
	}
	for _, fc := range faultCalls {
		for _, status := range statuses {
			for _, times := range []int{2, maxAttempts} {
				t.Run(fmt.Sprintf("%s/%d×%d", fc.method, status, times), func(t *testing.T) {
					t.Parallel()
					runFaultOnTheFake(t, fc, status, times)
				})
			}
		}
	}
}

func runFaultOnTheFake(t *testing.T, fc faultCall, status, times int) {
	s := runscopetest.NewServer()
	defer s.Close()
	c := s.Client(runscope.WithToken(faultToken))
	ctx := t.Context()
	bucket := s.BucketKey()
	existing, _, err := c.Tests.Create(ctx, bucket, &runscope.Test{Name: "existing"})
	require.NoError(t, err)
	before := len(s.Requests())

	path := "/buckets/" + bucket + "/tests"
	if fc.method != http.MethodPost {
		path += "/" + existing.ID
	}
	s.FailNext(fc.method, path, status, times)
	resp, err := fc.call(ctx, c, bucket, existing.ID)

	seen := len(s.Requests()) - before
	wantAttempts := 1
	if retriedAway(fc.method, status) {
		wantAttempts = min(times+1, maxAttempts)
	}
	assert.Equal(t, wantAttempts, seen, "requests the server saw")
	assert.Equal(t, times-min(seen, times), s.PendingFaults(), "faults left armed")

	succeeded := retriedAway(fc.method, status) && times < maxAttempts
	if succeeded {
		require.NoError(t, err)
		require.NotNil(t, resp)
		assert.Equal(t, seen, resp.Attempts, "Response.Attempts")
	} else {
		var apiErr *runscope.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, status, apiErr.StatusCode)
		assert.Equal(t, seen, apiErr.Attempts, "APIError.Attempts")
		assert.Contains(t, apiErr.Message, "injected by FailNext", "the server's message is kept")
		assert.True(t, errors.Is(err, sentinelOf(status)), "%v does not match the sentinel of %d", err, status)
		assert.NotContains(t, err.Error(), faultToken)
	}

	// What the fault did to the bucket: a create happened once or not at
	// all; an update, a delete took effect exactly when the call succeeded.
	tests, _, err := c.Tests.List(ctx, bucket, nil)
	require.NoError(t, err)
	created := 0
	var kept *runscope.Test
	for _, test := range tests {
		switch {
		case test.Name == "created under fault":
			created++
		case test.ID == existing.ID:
			kept = test
		}
	}
	switch fc.method {
	case http.MethodPost:
		assert.Equal(t, map[bool]int{true: 1, false: 0}[succeeded], created, "tests the POST created")
	case http.MethodDelete:
		assert.Equal(t, succeeded, kept == nil, "the test is deleted exactly when the DELETE succeeded")
	case http.MethodPut:
		require.NotNil(t, kept)
		assert.Equal(t, succeeded, kept.Description == "after the fault", "the update took effect exactly when the PUT succeeded")
	}
}

// sentinelOf is the error an *APIError of status matches.
func sentinelOf(status int) error {
	switch status {
	case http.StatusTooManyRequests:
		return runscope.ErrRateLimited
	default:
		return runscope.ErrServer
	}
}
