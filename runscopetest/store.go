package runscopetest

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// The seeded identities. They are fixed, and taken from the API reference's
// samples, so examples and tests can print and compare them.
const (
	accountUUID      = "4ee15ecc-7fe1-43cb-aa12-ef50420f2cf9"
	accountName      = "Grace Hopper"
	accountEmail     = "grace@example.com"
	teamUUID         = "1234abcd-7fe1-43cb-aa12-ef50420f2cf9"
	teamName         = "Amazing Grace"
	defaultBucketKey = "z20co0kgljjk"
)

// store is the state of the fake: one account, its team and the team's
// buckets, down to tests, steps, environments, schedules and runs. Server.mu
// guards it.
type store struct {
	url         string // the server's URL, for the links resources carry
	team        *team
	buckets     []*bucket // in creation order
	bucketByKey map[string]*bucket
	// testByTrigger finds a test, in any bucket, by its trigger ID.
	testByTrigger map[string]*test
	// lastStart is the start time, in microseconds, of the newest run: each
	// run starts strictly after the one before, so since/before paging
	// never skips or repeats a run.
	lastStart int64
}

type team struct {
	people []*person
	roles  []obj // {"uuid", "name", "permissions"}
	groups []*group
	// domains is the email domain whitelist, comma separated, as the API
	// reads and writes it.
	domains          string
	domainsUpdatedAt int64
	integrations     []obj
	agents           []obj
}

type person struct {
	uuid, name, email string
	roleUUID          string
	owner             bool
	createdAt         time.Time
	lastLoginAt       time.Time
}

type group struct {
	uuid, name string
	bucketKeys []string // nil until set: the API answers null
	userUUIDs  []string
}

type bucket struct {
	key, name string
	triggerID string
	isDefault bool
	createdAt int64   // in epoch seconds
	tests     []*test // in creation order
	testByID  map[string]*test
	envs      []obj // shared environments
	emails    []obj // custom emails
	// extraEnvs counts the test-specific environments of the bucket's
	// tests beyond each test's own (see test.extraEnvs).
	extraEnvs int
}

type test struct {
	id, triggerID string
	bucket        *bucket
	// members holds every member of the test as stored, except those kept
	// apart below and id, trigger_url and last_run, which are derived.
	members   obj
	steps     []any // of obj; a condition's embedded steps are its "steps"
	envs      []obj // test-specific environments
	schedules []obj
	runs      []*run // oldest first
	runByID   map[string]*run
	revisions []obj // newest first
	// envRevisions are the revisions of the test's environments, by
	// environment ID, newest first.
	envRevisions map[string][]any
}

// seed returns the state a new server starts with: the account's team with
// two people, two roles, two integrations and an agent, and the default
// bucket.
func seed(url string) store {
	created := time.Date(2019, 8, 14, 19, 53, 48, 0, time.UTC)
	admin := obj{"uuid": newUUID(), "name": "Administrator", "permissions": []any{
		"team:people:view", "team:people:modify", "team:people:invite", "team:buckets:modify", "team:buckets:add",
		"team:groups:view", "team:groups:modify", "team:usage:view", "bucket:tests:view", "bucket:tests:execute",
		"bucket:tests:modify", "bucket:tests:delete", "bucket:tests:schedule", "bucket:shared_environment:modify",
	}}
	readOnly := obj{"uuid": "6c591177-a19d-41d8-a74e-05ad350c472f", "name": "Read-only Members", "permissions": []any{
		"team:people:view", "bucket:tests:view", "team:secrets:view",
	}}
	db := store{
		url: url,
		team: &team{
			people: []*person{
				{uuid: accountUUID, name: accountName, email: accountEmail, roleUUID: str(admin, "uuid"), owner: true,
					createdAt: created, lastLoginAt: created.Add(99 * 24 * time.Hour)},
				{uuid: "84fa0764-ba80-4f0e-8e33-1ad12280f3f1", name: "Ada Lovelace", email: "ada@example.com", roleUUID: str(readOnly, "uuid"),
					createdAt: created.Add(-122 * 24 * time.Hour), lastLoginAt: created.Add(174 * 24 * time.Hour)},
			},
			roles: []obj{admin, readOnly},
			// example.com is whitelisted so custom emails work out of the box.
			domains:          "example.com",
			domainsUpdatedAt: created.Unix(),
			integrations: []obj{
				{"description": "PagerDuty: Production Alerts", "type": "pagerduty", "uuid": "cf95026e-8951-4ae1-83a7-699243678490"},
				{"description": "Slack: #api-tests channel, send message on failed test runs", "type": "slack", "uuid": "12014ba3-f5d7-448f-8740-f5ca2f498674"},
			},
			agents: []obj{{
				"version": "go-radar-agent v0.27", "agent_id": "79f50f9a-dc4b-403b-8006-fb198356eb95",
				"name": "Grace-Hopper-Macbook.local", "team_id": teamUUID, "install_dir": "/opt/bzm/agent",
				"hostname": "server A", "ip_address": "127.0.0.1", "host_os": "CentOS 8",
			}},
		},
		bucketByKey:   map[string]*bucket{},
		testByTrigger: map[string]*test{},
	}
	db.addBucket(&bucket{key: defaultBucketKey, name: "Lucky Notebook", triggerID: newUUID(), isDefault: true, createdAt: created.Unix()})
	return db
}

// me is the account, every token's owner, as a member of its team. It
// owns the team, so it is never removed from it.
func (db *store) me() *person { return db.team.people[db.personIndex(accountUUID)] }

// personIndex is the index of the team member with ID id, or -1.
func (db *store) personIndex(id string) int {
	return slices.IndexFunc(db.team.people, func(p *person) bool { return p.uuid == id })
}

// addBucket adds b, a new bucket.
func (db *store) addBucket(b *bucket) {
	b.testByID = map[string]*test{}
	db.buckets = append(db.buckets, b)
	db.bucketByKey[b.key] = b
}

// removeBucket deletes b with its tests.
func (db *store) removeBucket(b *bucket) {
	db.buckets = slices.DeleteFunc(db.buckets, func(x *bucket) bool { return x == b })
	delete(db.bucketByKey, b.key)
	for _, t := range b.tests {
		delete(db.testByTrigger, t.triggerID)
	}
}

// addTests adds new tests to b, all or, past the limit of test-specific
// environments, none.
func (db *store) addTests(b *bucket, tests []*test) error {
	extra := 0
	for _, t := range tests {
		extra += t.extraEnvs()
	}
	if b.extraEnvs+extra > maxEnvs {
		return tooManyEnvs("test-specific")
	}
	b.extraEnvs += extra
	b.tests = append(b.tests, tests...)
	for _, t := range tests {
		b.testByID[t.id] = t
		db.testByTrigger[t.triggerID] = t
	}
	return nil
}

// removeTest deletes t with its steps, schedules, environments and runs.
func (db *store) removeTest(t *test) {
	b := t.bucket
	b.tests = slices.DeleteFunc(b.tests, func(x *test) bool { return x == t })
	delete(b.testByID, t.id)
	delete(db.testByTrigger, t.triggerID)
	b.extraEnvs -= t.extraEnvs()
}

// extraEnvs counts the test's environments beyond its own. Every test has
// an environment of its own (a new one gets "Test Settings"): the API's
// limit of 100 test-specific environments per bucket counts the others,
// or a bucket could not hold more than 100 tests.
func (t *test) extraEnvs() int { return max(len(t.envs)-1, 0) }

// addRun adds a new run of t.
func (t *test) addRun(r *run) {
	t.runs = append(t.runs, r)
	t.runByID[r.id] = r
}

// newUUID returns a random (version 4) UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// newBucketKey returns a random key shaped like the API's: 12 lower-case
// letters and digits.
func newBucketKey() string { return strings.ToLower(rand.Text()[:12]) }

// nextStart returns the start time of a new run, in microseconds: now, but
// always after the previous run and never on a whole second, so started_at
// is a float with a fraction, as the API writes it.
func (db *store) nextStart() int64 {
	us := max(time.Now().UnixMicro(), db.lastStart+1)
	if us%1e6 == 0 {
		us++
	}
	db.lastStart = us
	return us
}

// bucket returns the bucket named by the request's {bucket} wildcard.
func (db *store) bucket(r *http.Request) (*bucket, error) {
	key := r.PathValue("bucket")
	if b := db.bucketByKey[key]; b != nil {
		return b, nil
	}
	return nil, notFound("bucket %q", key)
}

// test returns the test named by the request's {bucket} and {test}
// wildcards.
func (db *store) test(r *http.Request) (*test, error) {
	b, err := db.bucket(r)
	if err != nil {
		return nil, err
	}
	id := r.PathValue("test")
	if t := b.testByID[id]; t != nil {
		return t, nil
	}
	return nil, notFound("test %q", id)
}

// checkTeam checks the request's {team} wildcard names the account's team.
func (db *store) checkTeam(r *http.Request) error {
	if id := r.PathValue("team"); id != teamUUID {
		return notFound("team %q", id)
	}
	return nil
}

// indexOf returns the index of the object whose member key is id, or -1.
func indexOf(list []obj, key, id string) int {
	for i, o := range list {
		if str(o, key) == id {
			return i
		}
	}
	return -1
}

// remove returns list without its element i.
func remove[T any](list []T, i int) []T {
	return append(list[:i:i], list[i+1:]...)
}

// clone deep-copies a decoded JSON value, so that one stored object never
// aliases another (a run's copy of its steps, say).
func clone(v any) any {
	switch v := v.(type) {
	case obj:
		c := make(obj, len(v))
		for k, e := range v {
			c[k] = clone(e)
		}
		return c
	case []any:
		c := make([]any, len(v))
		for i, e := range v {
			c[i] = clone(e)
		}
		return c
	}
	return v // strings, numbers, booleans and null are values
}

// listOf returns the elements of a JSON array that are T (obj, string...),
// skipping the others; anything but an array has none.
func listOf[T any](v any) []T {
	list, _ := v.([]any)
	out := make([]T, 0, len(list))
	for _, e := range list {
		if t, ok := e.(T); ok {
			out = append(out, t)
		}
	}
	return out
}

// anyList turns strings into a JSON array.
func anyList(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// nonNil returns list, or an empty list for nil, so that JSON says [] and
// not null.
func nonNil[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}
