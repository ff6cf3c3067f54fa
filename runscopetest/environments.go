package runscopetest

import (
	"crypto/md5"
	"encoding/hex"
	"net/http"
	"time"
)

// maxEnvs is the API's limit of shared environments per bucket, and of
// test-specific environments per bucket (beyond each test's own).
const maxEnvs = 100

// readEnv reads an environment from the request's body, checked.
func readEnv(r *http.Request) (obj, error) {
	env, err := decodeObject(r)
	if err != nil {
		return nil, err
	}
	if err := checkEnv(env); err != nil {
		return nil, err
	}
	return env, nil
}

// checkEnv enforces what the API checks on an environment: a
// notify_threshold, when set, from 1 to 10.
func checkEnv(env obj) error {
	emails, present := env["emails"]
	if !present || emails == nil {
		return nil
	}
	e, ok := emails.(obj)
	if !ok {
		return badRequest("emails must be an object")
	}
	if n, present := e["notify_threshold"]; present && n != nil {
		if v, ok := integer(n); !ok || v < 1 || v > 10 {
			return badRequest("emails.notify_threshold must be an integer from 1 to 10, not %v", n)
		}
	}
	return nil
}

// withDefaults gives env, a new environment as it was sent, the members
// the reference's samples show for an environment it was not sent, and
// those the live API adds: the version and time of its export form, the
// HTTP versions runs may speak, scripts run around every request, and the
// hash of its script. What was sent wins, but for the hash, which is the
// server's; an object sent in part (emails, say) keeps the defaults of
// the members it leaves out.
func withDefaults(env obj) obj {
	defaults := obj{
		"auth":                  obj{},
		"client_certificate":    "",
		"emails":                obj{"notify_all": false, "notify_on": "all", "notify_threshold": 1, "recipients": []any{}},
		"initial_variables":     obj{},
		"integrations":          []any{},
		"parent_environment_id": nil,
		"preserve_cookies":      false,
		"regions":               []any{"us1"},
		"remote_agents":         []any{},
		"retry_on_failure":      false,
		"script":                "",
		"stop_on_failure":       false,
		"verify_ssl":            true,
		"webhooks":              nil,
		"version":               "1.0",
		"exported_at":           time.Now().Unix(),
		"http_version_support":  "http2",
		"force_h2c":             false,
		"pre_request_scripts":   []any{},
		"post_response_scripts": []any{},
	}
	for k, def := range defaults {
		sent, ok := env[k]
		if !ok {
			env[k] = def
			continue
		}
		part, isObj := sent.(obj)
		if def, ok := def.(obj); ok && isObj {
			for k, v := range def {
				if _, ok := part[k]; !ok {
					part[k] = v
				}
			}
		}
	}
	hashScript(env)
	return env
}

// exportMembers are the members that describe an environment's export
// form, which the server gives it: an update that leaves them out keeps
// them.
var exportMembers = []string{"version", "exported_at"}

// hashScript sets initial_script_hash, the hash of the environment's
// script: MD5 in hexadecimal, as the live API's hashes look.
func hashScript(env obj) {
	sum := md5.Sum([]byte(str(env, "script")))
	env["initial_script_hash"] = hex.EncodeToString(sum[:])
}

// env returns the environment id of the test or of its bucket, or nil.
func (t *test) env(id string) obj {
	for _, list := range [][]obj{t.envs, t.bucket.envs} {
		if i := indexOf(list, "id", id); i >= 0 {
			return list[i]
		}
	}
	return nil
}

// envScope is the list of environments a request addresses: a test's when
// the path names one, else its bucket's shared ones.
type envScope struct {
	bucket *bucket
	test   *test // nil for shared environments
	list   *[]obj
}

func (s *Server) envScope(r *http.Request) (envScope, error) {
	if r.PathValue("test") == "" {
		b, err := s.db.bucket(r)
		if err != nil {
			return envScope{}, err
		}
		return envScope{bucket: b, list: &b.envs}, nil
	}
	t, err := s.db.test(r)
	if err != nil {
		return envScope{}, err
	}
	return envScope{bucket: t.bucket, test: t, list: &t.envs}, nil
}

// envAt returns the scope of the environment named by the request's {env}
// wildcard, and its index in the scope's list.
func (s *Server) envAt(r *http.Request) (envScope, int, error) {
	sc, err := s.envScope(r)
	if err != nil {
		return sc, -1, err
	}
	id := r.PathValue("env")
	if i := indexOf(*sc.list, "id", id); i >= 0 {
		return sc, i, nil
	}
	return sc, -1, notFound("environment %q", id)
}

// update makes change to the scope's list, keeping the bucket's count of
// test-specific environments.
func (sc envScope) update(change func()) {
	if sc.test == nil {
		change()
		return
	}
	before := sc.test.extraEnvs()
	change()
	sc.bucket.extraEnvs += sc.test.extraEnvs() - before
}

// tooManyEnvs is the error past the API's limit of environments: 100
// shared ones per bucket, and 100 test-specific ones beyond each test's
// own.
func tooManyEnvs(kind string) error {
	return badRequest("a bucket holds at most %d %s environments", maxEnvs, kind)
}

// revise records a revision of a test-specific environment.
func (sc envScope) revise(env obj) {
	if sc.test != nil {
		sc.test.reviseEnv(str(env, "id"))
	}
}

func (s *Server) listEnvs(r *http.Request) (any, error) {
	sc, err := s.envScope(r)
	if err != nil {
		return nil, err
	}
	return nonNil(*sc.list), nil
}

func (s *Server) createEnv(r *http.Request) (any, error) {
	sc, err := s.envScope(r)
	if err != nil {
		return nil, err
	}
	env, err := readEnv(r)
	if err != nil {
		return nil, err
	}
	switch {
	case sc.test == nil && len(sc.bucket.envs) >= maxEnvs:
		return nil, tooManyEnvs("shared")
	case sc.test != nil && len(sc.test.envs) > 0 && sc.bucket.extraEnvs >= maxEnvs:
		return nil, tooManyEnvs("test-specific")
	}
	withDefaults(env)
	env["id"], env["test_id"] = newUUID(), nil
	if sc.test != nil {
		env["test_id"] = sc.test.id
	}
	sc.update(func() { *sc.list = append(*sc.list, env) })
	sc.revise(env)
	return env, nil
}

func (s *Server) getEnv(r *http.Request) (any, error) {
	sc, i, err := s.envAt(r)
	if err != nil {
		return nil, err
	}
	return (*sc.list)[i], nil
}

// updateEnv replaces the environment with the body: the API wants the full
// environment, not just the changes. Its id and test_id stay, and so do
// its version and export time unless the body sends them; its script is
// hashed again.
func (s *Server) updateEnv(r *http.Request) (any, error) {
	sc, i, err := s.envAt(r)
	if err != nil {
		return nil, err
	}
	env, err := readEnv(r)
	if err != nil {
		return nil, err
	}
	old := (*sc.list)[i]
	env["id"], env["test_id"] = old["id"], old["test_id"]
	for _, k := range exportMembers {
		if _, sent := env[k]; !sent && old[k] != nil {
			env[k] = old[k]
		}
	}
	hashScript(env)
	(*sc.list)[i] = env
	sc.revise(env)
	return env, nil
}

func (s *Server) deleteEnv(r *http.Request) (any, error) {
	sc, i, err := s.envAt(r)
	if err != nil {
		return nil, err
	}
	sc.update(func() { *sc.list = remove(*sc.list, i) })
	return nil, nil
}
