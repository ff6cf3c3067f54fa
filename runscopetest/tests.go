package runscopetest

import (
	"maps"
	"net/http"
	"slices"
	"time"
)

// maxPage is the largest count the tests and results lists take.
const maxPage = 50

// derived are the members of a test that the fake computes or keeps apart,
// never stores among its members.
var derived = []string{"id", "trigger_url", "last_run", "steps", "environments", "schedules"}

// view is the whole test, as its detail, create, update and step add answer.
func (s *Server) view(t *test) obj {
	v := maps.Clone(t.members)
	v["id"] = t.id
	v["trigger_url"] = s.db.url + "/radar/" + t.triggerID + "/trigger"
	v["steps"] = nonNil(t.steps)
	v["environments"] = nonNil(t.envs)
	v["schedules"] = nonNil(t.schedules)
	v["last_run"] = s.lastRunOf(t)
	return v
}

// summary is a test as the tests list shows it: the reference's members,
// and those the live API adds: the step count (of the test's own steps,
// not counting those embedded in conditions) and the last run.
func (s *Server) summary(t *test) obj {
	v := obj{"id": t.id, "step_count": len(t.steps)}
	for _, k := range []string{"created_at", "created_by", "default_environment_id", "description", "name"} {
		v[k] = t.members[k]
	}
	v["last_run"] = s.lastRunOf(t)
	v["last_run_created_at"] = nil
	if last, ok := v["last_run"].(obj); ok {
		v["last_run_created_at"] = last["created_at"]
	}
	return v
}

// lastRunOf is the test's last_run, observed, or null before its first
// run.
func (s *Server) lastRunOf(t *test) any {
	if len(t.runs) == 0 {
		return nil
	}
	return s.lastRun(t.runs[len(t.runs)-1].observe())
}

func (s *Server) listTests(r *http.Request) (any, error) {
	b, err := s.db.bucket(r)
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	count, err := pageSize(q, maxPage)
	if err != nil {
		return nil, err
	}
	offset, err := intParam(q, "offset", 0, 0, unbounded)
	if err != nil {
		return nil, err
	}
	out := []any{}
	for _, t := range b.tests[min(offset, len(b.tests)):] {
		if len(out) == count {
			break
		}
		out = append(out, s.summary(t))
	}
	return out, nil
}

// createTests creates one test from an object, or several from an array,
// answering with the test or the array of tests. A body with steps,
// environments or schedules is an import: they are created with the test,
// with new IDs, and every other member sent is kept as it is.
func (s *Server) createTests(r *http.Request) (any, error) {
	b, err := s.db.bucket(r)
	if err != nil {
		return nil, err
	}
	body, err := decodeJSON(r)
	if err != nil {
		return nil, err
	}
	many, isArray := body.([]any)
	switch {
	case !isArray:
		many = []any{body}
	case len(many) == 0:
		return nil, badRequest("the body is an empty array: send a test, or an array of tests")
	}
	// Check every test before creating any, so a bad element creates none.
	tests := make([]*test, len(many))
	for i, e := range many {
		o, ok := e.(obj)
		if !ok {
			return nil, badRequest("a test must be a JSON object")
		}
		if tests[i], err = s.newTest(b, o); err != nil {
			return nil, err
		}
	}
	if err := s.db.addTests(b, tests); err != nil {
		return nil, err
	}
	views := make([]any, len(tests))
	for i, t := range tests {
		views[i] = s.view(t)
	}
	if !isArray {
		return views[0], nil
	}
	return views, nil
}

// newTest builds a test from a create body without adding it to b.
func (s *Server) newTest(b *bucket, body obj) (*test, error) {
	if err := requireName(body, "a test"); err != nil {
		return nil, err
	}
	t := &test{id: newUUID(), triggerID: newUUID(), bucket: b, envRevisions: map[string][]any{}, runByID: map[string]*run{}}
	steps, err := prepareSteps(body["steps"], nil)
	if err != nil {
		return nil, err
	}
	t.steps = steps
	if body["steps"] == nil {
		t.steps = []any{sampleStep()}
	}

	// Imported environments get new IDs; default_environment_id and the
	// schedules follow them.
	envs, err := objectList(body, "environments")
	if err != nil {
		return nil, err
	}
	newID := map[string]string{}
	for _, env := range envs {
		if err := checkEnv(env); err != nil {
			return nil, err
		}
		id := newUUID()
		newID[str(env, "id")] = id
		env["id"], env["test_id"] = id, t.id
		t.envs = append(t.envs, env)
	}
	if len(t.envs) == 0 {
		t.envs = []obj{defaultEnv(t.id)}
	}
	def := str(body, "default_environment_id")
	if id, ok := newID[def]; ok {
		def = id
	} else if indexOf(b.envs, "id", def) < 0 {
		def = str(t.envs[0], "id")
	}

	schedules, err := objectList(body, "schedules")
	if err != nil {
		return nil, err
	}
	for _, sc := range schedules {
		if id, ok := newID[str(sc, "environment_id")]; ok {
			sc["environment_id"] = id
		}
		if err := t.checkSchedule(sc); err != nil {
			return nil, err
		}
		sc["id"] = newUUID()
		t.schedules = append(t.schedules, sc)
	}

	for _, k := range derived {
		delete(body, k)
	}
	if _, ok := body["description"]; !ok {
		body["description"] = nil
	}
	body["default_environment_id"] = def
	body["created_at"] = time.Now().Unix()
	body["created_by"] = user()
	t.members = body
	t.revise()
	for _, env := range t.envs {
		t.reviseEnv(str(env, "id"))
	}
	return t, nil
}

// defaultEnv is the environment a new test gets when it brings none, as in
// the reference's create answer.
func defaultEnv(testID string) obj {
	return withDefaults(obj{"name": "Test Settings", "test_id": testID, "id": newUUID()})
}

// sampleStep is the step a test created without steps gets: the request
// step of the reference's create answer, with an ID of its own.
func sampleStep() obj {
	return obj{
		"assertions": []any{obj{"comparison": "is_equal", "source": "response_status", "value": 200}},
		"auth":       obj{},
		"body":       "",
		"form":       obj{},
		"headers":    obj{},
		"method":     http.MethodGet,
		"note":       "",
		"step_type":  stepRequest,
		"url":        "https://yourapihere.com/",
		"id":         newUUID(),
		"variables":  []any{},
	}
}

func (s *Server) getTest(r *http.Request) (any, error) {
	t, err := s.db.test(r)
	if err != nil {
		return nil, err
	}
	return s.view(t), nil
}

// updateTest changes only name, description, default_environment_id and
// steps; members the body omits are not modified, other members are
// ignored. Steps that carry the ID of one of the test's steps keep it.
func (s *Server) updateTest(r *http.Request) (any, error) {
	t, err := s.db.test(r)
	if err != nil {
		return nil, err
	}
	body, err := decodeObject(r)
	if err != nil {
		return nil, err
	}
	if err := optionalName(body, "a test"); err != nil {
		return nil, err
	}
	if d, ok := body["description"]; ok {
		if _, isString := d.(string); d != nil && !isString {
			return nil, badRequest("description must be a string or null")
		}
	}
	if def, ok := body["default_environment_id"]; ok {
		id, _ := def.(string)
		if t.env(id) == nil {
			return nil, badRequest("default_environment_id %v names no environment of the test or its bucket", def)
		}
	}
	var steps []any
	if list, ok := body["steps"]; ok {
		if steps, err = prepareSteps(list, t.hasStep); err != nil {
			return nil, err
		}
	}
	for _, k := range []string{"name", "description", "default_environment_id"} {
		if v, ok := body[k]; ok {
			t.members[k] = v
		}
	}
	if _, ok := body["steps"]; ok {
		t.steps = steps
	}
	t.revise()
	return s.view(t), nil
}

// deleteTest deletes the test with its steps, schedules, environments and
// runs.
func (s *Server) deleteTest(r *http.Request) (any, error) {
	t, err := s.db.test(r)
	if err != nil {
		return nil, err
	}
	s.db.removeTest(t)
	return nil, nil
}

func (s *Server) revisions(r *http.Request) (any, error) {
	t, err := s.db.test(r)
	if err != nil {
		return nil, err
	}
	return obj{"test_revisions": nonNil(t.revisions), "env_revisions": t.envRevisions}, nil
}

// revise records a revision of the test: every create and change of the
// test or its steps makes one.
func (t *test) revise() {
	t.revisions = slices.Insert(t.revisions, 0, t.revision("radar_test"))
}

// reviseEnv records a revision of one of the test's environments.
func (t *test) reviseEnv(envID string) {
	t.envRevisions[envID] = slices.Insert(t.envRevisions[envID], 0, any(t.revision("environment")))
}

func (t *test) revision(itemType string) obj {
	return obj{
		"uuid":            newUUID(),
		"timestamp":       epochSeconds(time.Now().UnixMicro()),
		"item_type":       itemType,
		"author_uuid":     accountUUID,
		"author_name":     accountName,
		"author_email":    accountEmail,
		"organization_id": teamUUID,
		"bucket_key":      t.bucket.key,
		"source":          "api",
	}
}
