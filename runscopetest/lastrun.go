package runscopetest

import (
	"strings"

	"github.com/go-runscope/runscope"
)

// Run statuses of a test's last_run. A finished run is completed whether
// it passed or failed (its counts tell which); one canceled, or ended
// another way by SetOutcome, has that outcome as its status. The live API
// has no documented words for a run in progress: the fake says "init", as
// a trigger does, then "running".
const (
	statusQueued    = "init"
	statusWorking   = "running"
	statusCompleted = "completed"
)

func (r seen) status() string {
	switch r.result() {
	case runscope.ResultQueued:
		return statusQueued
	case runscope.ResultWorking:
		return statusWorking
	case runscope.ResultPass, runscope.ResultFail:
		return statusCompleted
	}
	return string(r.outcome)
}

// lastRun is a run as a test shows it in last_run, in the live API's
// shape: a summary with counts of what the run checked, not a result.
//
// Counts: messages are the requests the run made, and succeed when their
// step passed; assertions, extractors (variables) and scripts are those of
// the steps; substitutions are the {{name}} references in the requests'
// URLs, bodies and headers, and succeed when the run knew the name.
func (s *Server) lastRun(r seen) obj {
	v := obj{
		"id":                   r.id,
		"uuid":                 r.id,
		"test_uuid":            r.test.id,
		"bucket_key":           r.test.bucket.key,
		"environment_uuid":     r.env["id"],
		"environment_name":     r.env["name"],
		"region":               orNull(r.region),
		"source":               "trigger",
		"status":               r.status(),
		"created_at":           epochSeconds(r.startedAt),
		"finished_at":          nil,
		"remote_agent":         orNull(r.agent),
		"remote_agent_uuid":    orNull(r.agent),
		"remote_agent_name":    nil,
		"remote_agent_version": "unknown",
		"messages":             []any{},
		"template_uuids":       r.templates(),
	}
	if r.finishedAt != 0 {
		v["finished_at"] = epochSeconds(r.finishedAt)
	}
	if i := indexOf(s.db.team.agents, "agent_id", r.agent); r.agent != "" && i >= 0 {
		agent := s.db.team.agents[i]
		v["remote_agent_name"], v["remote_agent_version"] = agent["name"], agent["version"]
	}
	c := r.checked
	v["assertion_count"], v["assertion_success"], v["error_count"] = c.assertions, c.assertionsPassed, 0
	v["message_count"], v["message_success"] = c.messages, c.messagesPassed
	v["extractor_count"], v["extractor_success"] = c.extractors, c.extractorsPassed
	v["substitution_count"], v["substitution_success"] = c.substitutions, c.substitutionsResolved
	v["script_count"], v["script_success"] = c.scripts, c.scriptsPassed
	return v
}

// checks are the counts of what a finished run checked, as its last_run
// reports them. A run is counted once, when it becomes final.
type checks struct {
	assertions, assertionsPassed         int
	messages, messagesPassed             int // requests made
	extractors, extractorsPassed         int // variables
	substitutions, substitutionsResolved int
	scripts, scriptsPassed               int
}

func (r seen) count() checks {
	var c checks
	for _, res := range r.requestResults() {
		c.assertions += intOf(res["assertions_defined"])
		c.assertionsPassed += intOf(res["assertions_passed"])
		c.extractors += intOf(res["variables_defined"])
		c.extractorsPassed += intOf(res["variables_passed"])
		c.scripts += intOf(res["scripts_defined"])
		c.scriptsPassed += intOf(res["scripts_passed"])
		if res["method"] != nil {
			c.messages++
			if res["result"] == runscope.ResultPass {
				c.messagesPassed++
			}
		}
	}
	if r.executed() {
		c.substitutions, c.substitutionsResolved = r.substitutions()
	}
	return c
}

// templates are the environments the run used: its own and the one it
// inherits from, when it has a parent.
func (r *run) templates() []any {
	out := []any{}
	for _, k := range []string{"id", "parent_environment_id"} {
		if id := str(r.env, k); id != "" {
			out = append(out, id)
		}
	}
	return out
}

// substitutions counts the {{name}} references of the run's request
// steps, and those the run could resolve: from its variables, or from a
// variable a step of the test defines.
func (r *run) substitutions() (count, resolved int) {
	known := map[string]bool{}
	for name := range r.variables {
		known[name] = true
	}
	each(r.steps, func(step obj) {
		for _, v := range listOf[obj](step["variables"]) {
			known[str(v, "name")] = true
		}
	})
	each(r.steps, func(step obj) {
		if str(step, "step_type") != stepRequest {
			return
		}
		texts := []string{str(step, "url"), str(step, "body")}
		if h, ok := step["headers"].(obj); ok {
			for _, v := range h {
				if list, ok := v.([]any); ok {
					texts = append(texts, listOf[string](list)...)
				} else {
					texts = append(texts, text(v))
				}
			}
		}
		for _, s := range texts {
			for _, name := range references(s) {
				count++
				if known[name] {
					resolved++
				}
			}
		}
	})
	return count, resolved
}

// references returns the names of the {{name}} references in s.
func references(s string) []string {
	var out []string
	for {
		_, after, ok := strings.Cut(s, "{{")
		if !ok {
			return out
		}
		name, rest, ok := strings.Cut(after, "}}")
		if !ok {
			return out
		}
		out = append(out, strings.TrimSpace(name))
		s = rest
	}
}

// intOf is a count of a step result, which is an int or, for steps that
// count nothing, null.
func intOf(v any) int {
	n, _ := v.(int)
	return n
}
