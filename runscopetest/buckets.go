package runscopetest

import (
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"
)

// utilization is the locations_utilization_% every bucket reports from
// /v1/buckets/{key}, the reference's sample.
var utilization = obj{"remote": 82, "US California": 86, "US Iowa": 90}

// view is the bucket as the API shows it. The members after verify_ssl
// are not in the reference's samples, but the live API sends them;
// trigger_url is the only way to learn a bucket's trigger ID. The fake has
// no private buckets, and serves none of the links but tests_url.
func (b *bucket) view(url string) obj {
	self := url + "/buckets/" + b.key
	return obj{
		"auth_token":      nil,
		"default":         b.isDefault,
		"key":             b.key,
		"name":            b.name,
		"team":            obj{"name": teamName, "uuid": teamUUID},
		"verify_ssl":      true,
		"trigger_url":     url + "/radar/bucket/" + b.triggerID + "/trigger",
		"created_at":      b.createdAt,
		"is_private":      false,
		"tests_count":     len(b.tests),
		"tests_url":       self + "/tests",
		"collections_url": self + "/collections",
		"messages_url":    self + "/messages",
	}
}

func (s *Server) listBuckets(*http.Request) (any, error) {
	out := make([]any, len(s.db.buckets))
	for i, b := range s.db.buckets {
		out[i] = b.view(s.db.url)
	}
	return out, nil
}

// createBucket takes name and team_uuid as query parameters; the body is
// ignored, but the API refuses a content type other than JSON (a form, say)
// with 415.
func (s *Server) createBucket(r *http.Request) (any, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			return nil, errorf(http.StatusUnsupportedMediaType, "Content-Type must be application/json; name and team_uuid go in the query")
		}
	}
	q := r.URL.Query()
	name, team := strings.TrimSpace(q.Get("name")), q.Get("team_uuid")
	switch {
	case name == "":
		return nil, badRequest("the name query parameter is required")
	case team == "":
		return nil, badRequest("the team_uuid query parameter is required")
	case team != teamUUID:
		return nil, notFound("team %q", team)
	}
	b := &bucket{key: newBucketKey(), name: name, triggerID: newUUID(), createdAt: time.Now().Unix()}
	s.db.addBucket(b)
	return b.view(s.db.url), nil
}

func (s *Server) getBucket(r *http.Request) (any, error) {
	b, err := s.db.bucket(r)
	if err != nil {
		return nil, err
	}
	return b.view(s.db.url), nil
}

// getBucketV1 adds locations_utilization_%: the locations at or above the
// list_utilizations_gt threshold, or all of them when it is not given.
func (s *Server) getBucketV1(r *http.Request) (any, error) {
	b, err := s.db.bucket(r)
	if err != nil {
		return nil, err
	}
	threshold, err := intParam(r.URL.Query(), "list_utilizations_gt", 0, 0, 100)
	if err != nil {
		return nil, err
	}
	locations := obj{}
	for loc, pct := range utilization {
		if pct.(int) >= threshold {
			locations[loc] = pct
		}
	}
	v := b.view(s.db.url)
	v["locations_utilization_%"] = locations
	return v, nil
}

func (s *Server) deleteBucket(r *http.Request) (any, error) {
	b, err := s.db.bucket(r)
	if err != nil {
		return nil, err
	}
	if b.isDefault {
		return nil, badRequest("bucket %q is the team's default bucket, which cannot be deleted", b.key)
	}
	s.db.removeBucket(b)
	for _, g := range s.db.team.groups {
		g.bucketKeys = slices.DeleteFunc(g.bucketKeys, func(k string) bool { return k == b.key })
	}
	return nil, nil
}

func (s *Server) listCustomEmails(r *http.Request) (any, error) {
	b, err := s.db.bucket(r)
	if err != nil {
		return nil, err
	}
	return nonNil(b.emails), nil
}

// customEmailRequest reads a request about one custom email of a bucket:
// the bucket, the body and the email the body names.
func (s *Server) customEmailRequest(r *http.Request) (*bucket, obj, string, error) {
	b, err := s.db.bucket(r)
	if err != nil {
		return nil, nil, "", err
	}
	body, err := decodeObject(r)
	if err != nil {
		return nil, nil, "", err
	}
	return b, body, strings.TrimSpace(str(body, "email")), nil
}

// emailIndex is the index of email among the bucket's custom emails,
// compared without case, or -1.
func (b *bucket) emailIndex(email string) int {
	return slices.IndexFunc(b.emails, func(o obj) bool { return strings.EqualFold(str(o, "custom_email"), email) })
}

// addCustomEmail requires team_uuid and email, and the email's domain on
// the team's whitelist (example.com is, from the start).
func (s *Server) addCustomEmail(r *http.Request) (any, error) {
	b, body, email, err := s.customEmailRequest(r)
	if err != nil {
		return nil, err
	}
	team := str(body, "team_uuid")
	_, domain, ok := strings.Cut(email, "@")
	switch {
	case team == "":
		return nil, badRequest("team_uuid is required")
	case team != teamUUID:
		return nil, badRequest("team_uuid %q is not the team of bucket %s", team, b.key)
	case !ok || domain == "":
		return nil, badRequest("email %q is not an email address", email)
	case !slices.Contains(strings.Split(s.db.team.domains, ","), strings.ToLower(domain)):
		return nil, badRequest("the domain %s is not whitelisted for the team: add it with POST /team/%s/email-domains", domain, teamUUID)
	case b.emailIndex(email) >= 0:
		return nil, badRequest("email %s is already part of the bucket %s", email, b.key)
	}
	createdBy := str(body, "created_by")
	if createdBy == "" {
		createdBy = accountUUID
	}
	b.emails = append(b.emails, obj{
		"uuid":         newUUID(),
		"custom_email": email,
		"description":  str(body, "description"),
		"bucket_key":   b.key,
		"team_uuid":    teamUUID,
		"created_by":   createdBy,
		"created_at":   time.Now().Unix(),
	})
	return nil, nil
}

// removeCustomEmail takes the email in a JSON body. An email the bucket
// does not have answers 404 with the error as a bare string, as the
// reference shows.
func (s *Server) removeCustomEmail(r *http.Request) (any, error) {
	b, _, email, err := s.customEmailRequest(r)
	if err != nil {
		return nil, err
	}
	if email == "" {
		return nil, badRequest("email is required")
	}
	i := b.emailIndex(email)
	if i < 0 {
		return nil, &apiError{status: http.StatusNotFound, msg: "Email " + email + " is not part of the bucket " + b.key, plain: true}
	}
	b.emails = remove(b.emails, i)
	return nil, nil
}
