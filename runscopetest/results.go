package runscopetest

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/go-runscope/runscope"
)

// counters are the tallies of a run and of each of its requests.
var counters = []string{
	"assertions_defined", "assertions_passed", "assertions_failed",
	"variables_defined", "variables_passed", "variables_failed",
	"scripts_defined", "scripts_passed", "scripts_failed",
}

// runView is a run as the results list shows it or, with detail, as its
// detail and the latest result show it: with one result per step.
func (s *Server) runView(r seen, detail bool) obj {
	v := obj{
		"test_run_id":       r.id,
		"test_run_url":      s.runURL(r.run),
		"test_id":           r.test.id,
		"parent_test_uuid":  nil,
		"bucket_key":        r.test.bucket.key,
		"result":            r.result(),
		"started_at":        epochSeconds(r.startedAt),
		"finished_at":       nil,
		"region":            orNull(r.region),
		"agent":             orNull(r.agent),
		"agent_expired":     false,
		"environment_id":    r.env["id"],
		"environment_name":  r.env["name"],
		"run_by":            accountName,
		"source":            "trigger",
		"requests_executed": 0,
		"subtests_count":    0,
		"subtests_passed":   0,
		"subtests_failed":   0,
		"subtests_others":   0,
		"subtest_detail": obj{
			"name": nil, "note": nil, "result": nil, "test_uuid": nil, "test_run_uuid": nil,
			"test_run_url": nil, "started_at": nil, "finished_at": nil,
		},
	}
	if r.finishedAt != 0 {
		v["finished_at"] = epochSeconds(r.finishedAt)
	}
	// The run's tallies, counted once when it became final (zero before).
	c := r.checked
	v["assertions_defined"], v["assertions_passed"], v["assertions_failed"] = c.assertions, c.assertionsPassed, c.assertions-c.assertionsPassed
	v["variables_defined"], v["variables_passed"], v["variables_failed"] = c.extractors, c.extractorsPassed, c.extractors-c.extractorsPassed
	v["scripts_defined"], v["scripts_passed"], v["scripts_failed"] = c.scripts, c.scriptsPassed, c.scripts-c.scriptsPassed
	v["requests_executed"] = c.messages
	if detail {
		v["requests"] = nonNil(r.requestResults())
	}
	return v
}

// requestResults builds the results of the run's steps, embedded steps
// included, in order. A request step reports its URL, method, assertions,
// variables, scripts and timings; subtest and Ghost Inspector steps their
// assertions and variables; other steps (pauses, conditions, loops,
// inbound steps) only their uuid, the rest null, as in the reference. The
// outcome decides every assertion: a failed run fails them all.
func (r seen) requestResults() []obj {
	if !r.executed() {
		return nil
	}
	pass := r.outcome == runscope.ResultPass
	var out []obj
	each(r.steps, func(step obj) { out = append(out, r.stepOutcome(step, pass)) })
	return out
}

func (r *run) stepOutcome(step obj, pass bool) obj {
	res := obj{"uuid": step["id"], "url": nil, "method": nil, "result": nil, "variables": nil, "assertions": nil, "scripts": nil, "timings": nil}
	for _, c := range counters {
		res[c] = nil
	}
	typ := str(step, "step_type")
	if typ != stepRequest && typ != "subtest" && typ != "ghost-inspector" {
		return res
	}
	status := responseStatus(step, pass)
	assertions := []any{}
	for _, a := range listOf[obj](step["assertions"]) {
		assertions = append(assertions, assertionOutcome(a, pass, status))
	}
	variables := []any{}
	for _, v := range listOf[obj](step["variables"]) {
		value := str(v, "name") + "-value"
		if str(v, "source") == "response_status" {
			value = strconv.Itoa(status)
		}
		variables = append(variables, obj{
			"result": runscope.ResultPass, "source": resultSource(str(v, "source")), "property": v["property"],
			"name": v["name"], "value": value, "error": nil,
		})
	}
	scripts := []any{}
	for range len(listOf[string](step["before_scripts"])) + len(listOf[string](step["scripts"])) {
		scripts = append(scripts, obj{"result": runscope.ResultPass, "output": "", "error": nil})
	}
	failed := 0
	if !pass {
		failed = len(assertions)
	}
	res["result"] = outcome(pass)
	res["assertions"], res["variables"], res["scripts"] = assertions, variables, scripts
	res["assertions_defined"], res["assertions_passed"], res["assertions_failed"] = len(assertions), len(assertions)-failed, failed
	res["variables_defined"], res["variables_passed"], res["variables_failed"] = len(variables), len(variables), 0
	res["scripts_defined"], res["scripts_passed"], res["scripts_failed"] = len(scripts), len(scripts), 0
	if typ == stepRequest {
		res["url"] = substitute(str(step, "url"), r.variables)
		res["method"] = method(step)
		res["timings"] = obj{
			"dns_lookup_ms": 1.5, "dial_ms": 2.5, "send_headers_ms": 0.5, "send_body_ms": 0.25,
			"wait_for_response_ms": 39.0, "receive_response_ms": 0.25,
		}
	}
	return res
}

// responseTimeMs is what every simulated request takes: the sum of the
// timings above.
const responseTimeMs = 44.0

func outcome(pass bool) runscope.RunResult {
	if pass {
		return runscope.ResultPass
	}
	return runscope.ResultFail
}

func method(step obj) string {
	if m := str(step, "method"); m != "" {
		return strings.ToUpper(m)
	}
	return http.MethodGet
}

// responseStatus is the status the simulated request got: the one a status
// assertion expects (200 without one) when the run passes, an error status
// when it fails.
func responseStatus(step obj, pass bool) int {
	want := http.StatusOK
	for _, a := range listOf[obj](step["assertions"]) {
		if str(a, "source") != "response_status" {
			continue
		}
		if n, err := strconv.Atoi(text(a["value"])); err == nil && n >= 100 && n <= 599 && strings.HasPrefix(str(a, "comparison"), "equal") {
			want = n
		}
	}
	switch {
	case pass:
		return want
	case want == http.StatusInternalServerError:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// The run results name assertion sources and comparisons differently from
// step definitions; the reference shows both vocabularies.
var (
	resultSources = map[string]string{
		"response_status": "status_code", "response_json": "json", "response_xml": "xml", "response_text": "text",
		"response_time": "response_time_ms", "response_size": "response_size_bytes",
	}
	resultComparisons = map[string]string{
		"equal": "equals", "not_equal": "does_not_equal", "empty": "is_empty", "not_empty": "is_not_empty",
		"equal_number": "equals_number", "is_less_than": "less_than", "is_less_than_or_equal": "less_than_or_equal",
		"is_greater_than": "greater_than", "is_greater_than_or_equal": "greater_than_or_equal",
	}
)

func resultSource(s string) string {
	if r, ok := resultSources[s]; ok {
		return r
	}
	return s
}

func assertionOutcome(a obj, pass bool, status int) obj {
	source, cmp, target := str(a, "source"), str(a, "comparison"), a["value"]
	actual := actualValue(cmp, target, pass)
	if source == "response_status" {
		actual = strconv.Itoa(status)
	}
	res := obj{
		"result": outcome(pass), "source": resultSource(source), "property": a["property"],
		"comparison": cmp, "target_value": target, "actual_value": actual, "error": nil,
	}
	if r, ok := resultComparisons[cmp]; ok {
		res["comparison"] = r
	}
	if !pass {
		res["error"] = fmt.Sprintf("expected %s %s %v, got %q", source, cmp, text(target), actual)
	}
	return res
}

// actualValue makes up the value an assertion found: one that satisfies
// the comparison when the run passes and one that does not when it fails.
// Like the API, it writes the value as a string.
func actualValue(cmp string, target any, pass bool) string {
	pick := func(ifPass, ifFail string) string {
		if pass {
			return ifPass
		}
		return ifFail
	}
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }
	n, err := strconv.ParseFloat(text(target), 64)
	numeric := err == nil
	switch {
	case strings.HasPrefix(cmp, "is_less_than") && numeric:
		return pick(num(n/2), num(n*2+1))
	case strings.HasPrefix(cmp, "is_greater_than") && numeric:
		return pick(num(n+1), num(n-1))
	case cmp == "empty":
		return pick("", "something")
	case cmp == "is_null":
		return pick("null", "something")
	case cmp == "not_empty" || cmp == "is_a_number":
		return pick("42", "")
	case cmp == "not_equal" || cmp == "does_not_contain":
		return pick("something else", text(target))
	case numeric:
		return pick(text(target), num(n+1))
	}
	return pick(text(target), "something else")
}

// run returns the run named by the request's {run} wildcard.
func (s *Server) run(r *http.Request) (*run, error) {
	t, err := s.db.test(r)
	if err != nil {
		return nil, err
	}
	id := r.PathValue("run")
	if run := t.runByID[id]; run != nil {
		return run, nil
	}
	return nil, notFound("test run %q", id)
}

// listResults lists runs newest first, count of them (10 by default, 50 at
// most) started after since and before before, both exclusive. Each run
// listed is observed.
func (s *Server) listResults(r *http.Request) (any, error) {
	t, err := s.db.test(r)
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	count, err := pageSize(q, maxPage)
	if err != nil {
		return nil, err
	}
	since, hasSince, err := micros(q, "since")
	if err != nil {
		return nil, err
	}
	before, hasBefore, err := micros(q, "before")
	if err != nil {
		return nil, err
	}
	out := []any{}
	for i := len(t.runs) - 1; i >= 0 && len(out) < count; i-- {
		run := t.runs[i]
		if hasSince && run.startedAt <= since || hasBefore && run.startedAt >= before {
			continue
		}
		out = append(out, s.runView(run.observe(), false))
	}
	return out, nil
}

func (s *Server) latestResult(r *http.Request) (any, error) {
	t, err := s.db.test(r)
	if err != nil {
		return nil, err
	}
	if len(t.runs) == 0 {
		return nil, notFound("a test run of test %q", t.id)
	}
	return s.runView(t.runs[len(t.runs)-1].observe(), true), nil
}

func (s *Server) getResult(r *http.Request) (any, error) {
	run, err := s.run(r)
	if err != nil {
		return nil, err
	}
	return s.runView(run.observe(), true), nil
}

// pixel is a 1x1 PNG: the response body of request steps that fetch
// images or other binary content, which the API sends base64 encoded.
const pixel = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="

// binaryExts are URL endings that make a request step's simulated response
// binary.
var binaryExts = []string{".png", ".jpg", ".jpeg", ".gif", ".ico", ".webp", ".pdf", ".zip", ".gz", ".bin"}

// stepResult answers with the request and response of one request step of
// a finished run. Its response is JSON, or a base64 PNG when the step's URL
// ends in an image or archive extension or its Accept header asks for an
// image or application/octet-stream.
func (s *Server) stepResult(r *http.Request) (any, error) {
	run, err := s.run(r)
	if err != nil {
		return nil, err
	}
	seen := run.observe()
	id := r.PathValue("step")
	step, _, _, _ := locate(run.steps, id, nil)
	switch {
	case step == nil:
		return nil, notFound("step %q in test run %q", id, run.id)
	case str(step, "step_type") != stepRequest:
		return nil, badRequest("step %q is a %s step: results have request and response details for request steps only", id, step["step_type"])
	case !seen.executed():
		return nil, notFound("a result of step %q (test run %q has not finished)", id, run.id)
	}
	pass := run.outcome == runscope.ResultPass
	target := substitute(str(step, "url"), run.variables)
	u, err := url.Parse(target)
	if err != nil {
		u = &url.URL{Path: target}
	}
	headers := obj{"User-Agent": []any{"runscope/1.0"}}
	binary := contains(path.Ext(u.Path), binaryExts...)
	if h, ok := step["headers"].(obj); ok {
		for name, v := range h {
			values, isList := v.([]any)
			if !isList {
				values = []any{text(v)}
			}
			headers[name] = values
			if strings.EqualFold(name, "Accept") {
				for _, accept := range listOf[string](values) {
					binary = binary || strings.Contains(accept, "image/") || strings.Contains(accept, "application/octet-stream")
				}
			}
		}
	}
	params := obj{}
	for k, vs := range u.Query() {
		params[k] = anyList(vs)
	}
	status := responseStatus(step, pass)
	body, encoding, contentType := `{"ok":true}`, "plaintext", "application/json"
	if !pass {
		body = `{"error":"simulated failure"}`
	}
	size := len(body)
	if binary {
		raw, _ := base64.StdEncoding.DecodeString(pixel)
		body, encoding, contentType, size = pixel, "base64", "image/png", len(raw)
	}
	return obj{
		"bucket_key": run.test.bucket.key,
		"uuid":       id,
		"request": obj{
			"body":          str(step, "body"),
			"body_encoding": "plaintext",
			"headers":       headers,
			"host":          u.Host,
			"method":        method(step),
			"params":        params,
			"path":          u.Path,
			"scheme":        u.Scheme,
			"timestamp":     epochSeconds(run.startedAt),
		},
		"response": obj{
			"body":          body,
			"body_encoding": encoding,
			"headers":       obj{"Content-Length": []any{strconv.Itoa(size)}, "Content-Type": []any{contentType}},
			"reason":        http.StatusText(status),
			"size_bytes":    size,
			"status":        status,
			"timestamp":     epochSeconds(run.startedAt + int64(responseTimeMs*1000)),
			"truncated":     false, // the live API cuts long bodies, and says so
		},
	}, nil
}

// contains reports whether s is one of list, ignoring case.
func contains(s string, list ...string) bool {
	for _, e := range list {
		if strings.EqualFold(s, e) {
			return true
		}
	}
	return false
}
