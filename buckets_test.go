package runscope

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBucketsList(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodGet, path: "/buckets", golden: "buckets_list.json"})
	buckets, resp, err := c.Buckets.List(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "success", resp.Meta.Status)
	team := &Team{Name: "Personal Team", UUID: "7a7a0917-91d7-43ef-b8f4-fe31762167e0"}
	assert.EqualExportedValues(t, []*Bucket{
		{Key: "z20co0kgljjk", Name: "Lucky Notebook", Team: team, VerifySSL: true},
		{Key: "ov2f2tqifoov", Name: "Mobile Apps", AuthToken: "7n7n0917-91q7-43rs-o8s4-sr31762167r0",
			Team: &Team{Name: "Mobile Team", UUID: team.UUID}, VerifySSL: true},
	}, buckets)
	assert.Equal(t, team.UUID, buckets[0].Team.Identifier())
}

func TestBucketsGet(t *testing.T) {
	t.Parallel()
	want := &Bucket{
		Key:                  "ov2f2tq1floq",
		Name:                 "Mobile Apps",
		Team:                 &Team{Name: "Mobile Team", UUID: "7a7a0917-91d7-43ef-b8f4-fe31762167e0"},
		VerifySSL:            true,
		LocationsUtilization: map[string]float64{"remote": 82, "US California": 86, "US Iowa": 90},
	}
	for name, tc := range map[string]struct {
		opts  *BucketGetOptions
		query url.Values
	}{
		"no options":    {nil, nil},
		"zero options":  {&BucketGetOptions{}, nil},
		"threshold 80":  {&BucketGetOptions{ListUtilizationsGT: 80}, url.Values{"list_utilizations_gt": {"80"}}},
		"threshold 100": {&BucketGetOptions{ListUtilizationsGT: 100}, url.Values{"list_utilizations_gt": {"100"}}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t)
			expectRequest(t, mux, wantRequest{method: http.MethodGet, path: "/v1/buckets/ov2f2tq1floq", query: tc.query, golden: "buckets_get.json"})
			b, _, err := c.Buckets.Get(context.Background(), "ov2f2tq1floq", tc.opts)
			require.NoError(t, err)
			assert.EqualExportedValues(t, want, b)
		})
	}
}

func TestBucketsCreate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	mux.HandleFunc("/buckets", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testQuery(t, r, url.Values{"name": {"Mobile Team"}, "team_uuid": {"7a7a0917-91d7-43ef-b8f4-fe31762167e0"}})
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"), "a JSON content type, or the API answers 415")
		testNoBody(t, r)
		serveGolden(t, w, http.StatusCreated, "buckets_create.json")
	})
	b, resp, err := c.Buckets.Create(context.Background(), "Mobile Team", "7a7a0917-91d7-43ef-b8f4-fe31762167e0")
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.EqualExportedValues(t, &Bucket{
		Key:       "ov2f2tq1floq",
		Name:      "Mobile Apps",
		Team:      &Team{Name: "Mobile Team", UUID: "7a7a0917-91d7-43ef-b8f4-fe31762167e0"},
		VerifySSL: true,
	}, b)
}

func TestBucketsCreateFails(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	mux.HandleFunc("/buckets", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(w, `{"error":{"status":403,"message":"not a member of this team"}}`)
	})
	b, resp, err := c.Buckets.Create(context.Background(), "x", "team-1")
	assert.Nil(t, b)
	require.NotNil(t, resp)
	assert.ErrorIs(t, err, ErrForbidden)
}

func TestBucketsDelete(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodDelete, path: "/buckets/ov2f2tq1floq", status: http.StatusNoContent})
	resp, err := c.Buckets.Delete(context.Background(), "ov2f2tq1floq")
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
}

func TestBucketsCustomEmails(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodGet, path: "/buckets/q4nomk5x1yk7/custom-emails", golden: "buckets_custom_emails.json"})
	emails, _, err := c.Buckets.CustomEmails(context.Background(), "q4nomk5x1yk7")
	require.NoError(t, err)
	require.Len(t, emails, 3)
	assert.EqualExportedValues(t, &CustomEmail{
		UUID:        "a250d664-10bb-4520-98f1-ae706e37050a",
		CustomEmail: "abcd@gmail.com",
		Description: "custom email 1",
		BucketKey:   "q4nomk5x1yk7",
		TeamUUID:    "576cdce0-c0f6-4d0e-bf49-6ff75604b783",
		CreatedBy:   "92f70ebd-d8cc-47d8-bddb-0f1da1e6c8ca",
	}, emails[0])
	assert.WithinDuration(t, time.Unix(1617176809, 0), emails[0].CreatedAt.Time, 0)
	assert.Equal(t, []string{"abcd@gmail.com", "efgh@yahoo.com", "wxyz@gmail.com"},
		[]string{emails[0].CustomEmail, emails[1].CustomEmail, emails[2].CustomEmail})
}

func TestBucketsAddCustomEmail(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{
		method: http.MethodPost,
		path:   "/buckets/q4nomk5x1yk7/custom-emails",
		body:   string(golden(t, "buckets_custom_email_add_request.json")),
		golden: "buckets_custom_email_add.json",
	})
	resp, err := c.Buckets.AddCustomEmail(context.Background(), "q4nomk5x1yk7", &CustomEmailAdd{
		TeamUUID:    "Mandatory Team UUID argument",
		Email:       "Mandatory Email ID argument",
		Description: "Optional description argument",
		CreatedBy:   "Optional user UUID",
	})
	require.NoError(t, err)
	assert.Equal(t, "success", resp.Meta.Status)
}

func TestBucketsAddCustomEmailOptionalFieldsOmitted(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{
		method: http.MethodPost,
		path:   "/buckets/b1/custom-emails",
		body:   `{"team_uuid":"team-1","email":"alerts@example.com"}`,
		golden: "buckets_custom_email_add.json",
	})
	_, err := c.Buckets.AddCustomEmail(context.Background(), "b1", &CustomEmailAdd{TeamUUID: "team-1", Email: "alerts@example.com"})
	require.NoError(t, err)
}

func TestBucketsRemoveCustomEmail(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{
		method: http.MethodDelete,
		path:   "/buckets/q4nomk5x1yk7/custom-emails",
		body:   string(golden(t, "buckets_custom_email_remove_request.json")),
		status: http.StatusNoContent,
	})
	resp, err := c.Buckets.RemoveCustomEmail(context.Background(), "q4nomk5x1yk7", "Mandatory Email ID argument")
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
}

// The reference shows the API answering an unknown address with a string
// error in the envelope; whatever the status, that is an *APIError with the
// server's message.
func TestBucketsRemoveCustomEmailUnknown(t *testing.T) {
	t.Parallel()
	for _, status := range []int{http.StatusOK, http.StatusBadRequest, http.StatusNotFound} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t)
			expectRequest(t, mux, wantRequest{
				method: http.MethodDelete,
				path:   "/buckets/q4nomk5x1yk7/custom-emails",
				body:   `{"email":"user01@gmail.com"}`,
				status: status,
				golden: "buckets_custom_email_remove_error.json",
			})
			_, err := c.Buckets.RemoveCustomEmail(context.Background(), "q4nomk5x1yk7", "user01@gmail.com")
			var ae *APIError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, "Email user01@gmail.com is not part of the bucket q4nomk5x1yk7", ae.Message)
			assert.Equal(t, status, ae.StatusCode)
			assert.Equal(t, http.MethodDelete, ae.Method)
		})
	}
}

func TestBucketsArgErrors(t *testing.T) {
	add := &CustomEmailAdd{TeamUUID: "team-1", Email: "a@example.com"}
	testArgErrors(t, []argCase{
		{"get empty key", "key", func(ctx context.Context, c *Client) error { return errOf3(c.Buckets.Get(ctx, "", nil)) }},
		{"get dot-dot key", "key", func(ctx context.Context, c *Client) error { return errOf3(c.Buckets.Get(ctx, "..", nil)) }},
		{"threshold over 100", "opts.ListUtilizationsGT", func(ctx context.Context, c *Client) error {
			return errOf3(c.Buckets.Get(ctx, "b1", &BucketGetOptions{ListUtilizationsGT: 101}))
		}},
		{"negative threshold", "opts.ListUtilizationsGT", func(ctx context.Context, c *Client) error {
			return errOf3(c.Buckets.Get(ctx, "b1", &BucketGetOptions{ListUtilizationsGT: -1}))
		}},
		{"create empty name", "name", func(ctx context.Context, c *Client) error { return errOf3(c.Buckets.Create(ctx, " ", "team-1")) }},
		{"create empty team", "teamID", func(ctx context.Context, c *Client) error { return errOf3(c.Buckets.Create(ctx, "x", "")) }},
		{"delete empty key", "key", func(ctx context.Context, c *Client) error { return errOf2(c.Buckets.Delete(ctx, "")) }},
		{"delete dot key", "key", func(ctx context.Context, c *Client) error { return errOf2(c.Buckets.Delete(ctx, ".")) }},
		{"custom emails empty key", "key", func(ctx context.Context, c *Client) error { return errOf3(c.Buckets.CustomEmails(ctx, "")) }},
		{"add empty key", "key", func(ctx context.Context, c *Client) error { return errOf2(c.Buckets.AddCustomEmail(ctx, "", add)) }},
		{"add nil", "customEmail", func(ctx context.Context, c *Client) error { return errOf2(c.Buckets.AddCustomEmail(ctx, "b1", nil)) }},
		{"add without team", "customEmail.TeamUUID", func(ctx context.Context, c *Client) error {
			return errOf2(c.Buckets.AddCustomEmail(ctx, "b1", &CustomEmailAdd{Email: "a@example.com"}))
		}},
		{"add without email", "customEmail.Email", func(ctx context.Context, c *Client) error {
			return errOf2(c.Buckets.AddCustomEmail(ctx, "b1", &CustomEmailAdd{TeamUUID: "team-1", Email: " "}))
		}},
		{"remove empty key", "key", func(ctx context.Context, c *Client) error {
			return errOf2(c.Buckets.RemoveCustomEmail(ctx, "", "a@example.com"))
		}},
		{"remove empty email", "email", func(ctx context.Context, c *Client) error { return errOf2(c.Buckets.RemoveCustomEmail(ctx, "b1", "")) }},
	})
}

func TestBucketsCanceledContext(t *testing.T) {
	t.Parallel()
	c, _ := setup(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := c.Buckets.Create(ctx, "x", "team-1")
	assert.ErrorIs(t, err, context.Canceled)
}

func TestBucketsGoldenRoundTrip(t *testing.T) {
	testRoundTrip[[]*Bucket](t, goldenData(t, "buckets_list.json"))
	testRoundTrip[*Bucket](t, goldenData(t, "buckets_get.json"))
	testRoundTrip[*Bucket](t, goldenData(t, "buckets_create.json"))
	testRoundTrip[[]*CustomEmail](t, goldenData(t, "buckets_custom_emails.json"))
	testRoundTrip[*CustomEmailAdd](t, golden(t, "buckets_custom_email_add_request.json"))
}
