package runscopetest

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/go-runscope/runscope"
)

// run is one run of a test. It has no clock of its own: it moves from
// queued to working to its outcome as the API shows it (see observe), so
// tests of polling code need no sleeps.
type run struct {
	id     string
	test   *test
	env    obj    // the environment it runs with; nil when the test has none
	region string // empty when an agent runs it
	agent  string
	// variables are the environment's initial variables overridden by the
	// trigger's.
	variables map[string]string
	steps     []any // a copy of the test's steps when it was triggered
	startedAt int64 // microseconds
	// finalAt is the number of answers showing the run from which on it
	// has its outcome.
	finalAt int
	outcome runscope.RunResult

	// progress is the only part of a run that changes. It has a lock of
	// its own: answers observe runs holding the server's lock for reading
	// only.
	progress struct {
		sync.Mutex
		runState
	}
}

// runState is where a run is: how many answers showed it, and once final,
// when it finished and what it checked.
type runState struct {
	reads      int
	finishedAt int64  // microseconds; 0 until final
	checked    checks // counted once, when final
}

// seen is a run as one answer shows it: where it was when observed.
type seen struct {
	*run
	runState
}

// observe is the one place a run moves along: an answer is about to show
// it, whole or counted. Every endpoint that shows runs (the results list,
// a run's detail, the latest result, a step's result, a test's last_run,
// metrics) calls it once per run it shows, and shows what it returns, so
// that no endpoint sees a run differently from another, and the order in
// which a program reads them does not matter.
func (r *run) observe() seen {
	p := &r.progress
	p.Lock()
	defer p.Unlock()
	if p.reads < r.finalAt {
		if p.reads++; p.reads == r.finalAt {
			p.finishedAt = max(time.Now().UnixMicro(), r.startedAt+1000)
			p.checked = seen{r, runState{reads: p.reads}}.count()
		}
	}
	return seen{r, p.runState}
}

func (r seen) done() bool { return r.reads >= r.finalAt }

// result is the run's state as the results show it: queued when shown
// first, working after, and its outcome from the finalAt-th time on.
func (r seen) result() runscope.RunResult {
	switch {
	case r.done():
		return r.outcome
	case r.reads <= 1:
		return runscope.ResultQueued
	}
	return runscope.ResultWorking
}

// executed reports whether the run's steps produced results: only runs
// that passed or failed did; a canceled run (or another outcome set with
// SetOutcome) reports none.
func (r seen) executed() bool {
	return r.done() && (r.outcome == runscope.ResultPass || r.outcome == runscope.ResultFail)
}

// triggerOptions are the options of one trigger call or batch element.
// runscope_notification_url is read but not kept: the fake calls no one
// back; Requests shows what was sent.
type triggerOptions struct {
	envID, agent string
	regions      []string
	variables    map[string]string
}

// The query parameters (and batch members) that are trigger options;
// everything else is an initial variable.
const (
	paramEnvironment     = "runscope_environment"
	paramRegion          = "runscope_region"
	paramAgent           = "runscope_agent"
	paramNotificationURL = "runscope_notification_url"
)

func optionsFromQuery(q url.Values) triggerOptions {
	o := triggerOptions{variables: map[string]string{}}
	for name, values := range q {
		switch name {
		case paramEnvironment:
			o.envID = values[0]
		case paramRegion:
			o.regions = values
		case paramAgent:
			o.agent = values[0]
		case paramNotificationURL:
		default:
			o.variables[name] = values[0]
		}
	}
	return o
}

// optionsFromBatch reads one element of a batch trigger: an object of
// variables and options; runscope_region is a string or an array.
func optionsFromBatch(e any) (triggerOptions, error) {
	m, ok := e.(obj)
	if !ok {
		return triggerOptions{}, badRequest("each run of a batch must be a JSON object")
	}
	o := triggerOptions{variables: map[string]string{}}
	for name, v := range m {
		switch name {
		case paramEnvironment:
			o.envID = text(v)
		case paramRegion:
			if list, ok := v.([]any); ok {
				o.regions = listOf[string](list)
			} else {
				o.regions = []string{text(v)}
			}
		case paramAgent:
			o.agent = text(v)
		case paramNotificationURL:
		default:
			o.variables[name] = text(v)
		}
	}
	return o, nil
}

// tally is what a trigger answers: the runs started, and counts.
type tally struct {
	runs          []any
	started, fail int
}

func (tl *tally) view() obj {
	return obj{
		"runs":         nonNil(tl.runs),
		"runs_started": tl.started,
		"runs_failed":  tl.fail,
		"runs_total":   tl.started + tl.fail,
	}
}

// start starts the runs of t that o asks for: one per region, or one on
// the agent. A region the API does not have, or an environment the test
// cannot use, fails the run instead of starting it.
func (s *Server) start(t *test, o triggerOptions, tl *tally) {
	regions := o.regions
	var env obj
	if o.envID != "" {
		if env = t.env(o.envID); env == nil {
			tl.fail += max(len(regions), 1)
			return
		}
	} else if env = t.env(str(t.members, "default_environment_id")); env == nil && len(t.envs) > 0 {
		env = t.envs[0]
	}
	switch {
	case o.agent != "":
		regions = []string{""}
	case len(regions) == 0:
		if regions = listOf[string](env["regions"]); len(regions) == 0 {
			regions = []string{"us1"}
		}
	}
	vars := map[string]string{}
	if initial, ok := env["initial_variables"].(obj); ok {
		for k, v := range initial {
			vars[k] = text(v)
		}
	}
	for k, v := range o.variables {
		vars[k] = v
	}
	outcome, ok := s.outcomes[t.id]
	if !ok {
		outcome = runscope.ResultPass
	}
	for _, region := range regions {
		if region != "" && !knownRegion(region) {
			tl.fail++
			continue
		}
		steps, _ := clone(t.steps).([]any)
		r := &run{
			id: newUUID(), test: t, env: env, region: region, agent: o.agent,
			variables: vars, steps: steps,
			startedAt: s.db.nextStart(), finalAt: s.runPolls, outcome: outcome,
		}
		t.addRun(r)
		tl.started++
		tl.runs = append(tl.runs, s.triggered(r))
	}
}

// triggered is a run as a trigger reports it. Its status is "init", as
// the real API reports a run it has only just accepted.
func (s *Server) triggered(r *run) obj {
	t := r.test
	dashboard := s.db.url + "/radar/" + t.bucket.key + "/" + t.id
	return obj{
		"agent":            orNull(r.agent),
		"bucket_key":       t.bucket.key,
		"environment_id":   r.env["id"],
		"environment_name": r.env["name"],
		"region":           orNull(r.region),
		"status":           statusQueued,
		"test_id":          t.id,
		"test_name":        t.members["name"],
		"test_run_id":      r.id,
		"test_run_url":     s.runURL(r),
		"test_url":         dashboard + "/overview",
		"url":              dashboard + "/history/" + r.id,
		"variables":        r.variables,
	}
}

func (s *Server) runURL(r *run) string {
	return s.db.url + "/buckets/" + r.test.bucket.key + "/tests/" + r.test.id + "/results/" + r.id
}

// orNull is s, or JSON null when it is empty.
func orNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// testByTrigger returns the test whose trigger ID the request names.
func (s *Server) testByTrigger(r *http.Request) (*test, error) {
	id := r.PathValue("trigger")
	if t := s.db.testByTrigger[id]; t != nil {
		return t, nil
	}
	return nil, notFound("trigger %q", id)
}

// triggerTest serves a test's trigger URL: runs with the options and
// variables of the query string.
func (s *Server) triggerTest(r *http.Request) (any, error) {
	t, err := s.testByTrigger(r)
	if err != nil {
		return nil, err
	}
	var tl tally
	s.start(t, optionsFromQuery(r.URL.Query()), &tl)
	return tl.view(), nil
}

// triggerBucket serves a bucket's trigger URL: runs of every test in it.
func (s *Server) triggerBucket(r *http.Request) (any, error) {
	id := r.PathValue("trigger")
	for _, b := range s.db.buckets {
		if b.triggerID != id {
			continue
		}
		o := optionsFromQuery(r.URL.Query())
		var tl tally
		for _, t := range b.tests {
			s.start(t, o, &tl)
		}
		// The live API names the runs of one bucket trigger, and links to
		// their results together.
		v, runsID := tl.view(), newUUID()
		v["runs_id"] = runsID
		v["consolidated_test_results_url"] = s.db.url + "/radar/" + b.key + "/runs/" + runsID
		return v, nil
	}
	return nil, notFound("bucket trigger %q", id)
}

// maxBatch is the most runs one batch trigger takes.
const maxBatch = 50

// triggerBatch starts the runs of a JSON array, one element per run (or
// per region of an element).
func (s *Server) triggerBatch(r *http.Request) (any, error) {
	t, err := s.testByTrigger(r)
	if err != nil {
		return nil, err
	}
	body, err := decodeJSON(r)
	if err != nil {
		return nil, err
	}
	list, ok := body.([]any)
	if !ok || len(list) == 0 || len(list) > maxBatch {
		return nil, badRequest("a batch is a JSON array of 1 to %d runs", maxBatch)
	}
	opts := make([]triggerOptions, len(list))
	for i, e := range list {
		if opts[i], err = optionsFromBatch(e); err != nil {
			return nil, err
		}
	}
	var tl tally
	for _, o := range opts {
		s.start(t, o, &tl)
	}
	return tl.view(), nil
}

// substitute replaces the {{name}} references of s, read as references
// reads them, with the run's variables; unknown ones stay. Values are not
// read again for references.
func substitute(s string, vars map[string]string) string {
	if !strings.Contains(s, "{{") {
		return s
	}
	var b strings.Builder
	for {
		before, after, ok := strings.Cut(s, "{{")
		if !ok {
			break
		}
		name, rest, ok := strings.Cut(after, "}}")
		if !ok {
			break
		}
		b.WriteString(before)
		if v, known := vars[strings.TrimSpace(name)]; known {
			b.WriteString(v)
		} else {
			b.WriteString(s[len(before) : len(s)-len(rest)])
		}
		s = rest
	}
	b.WriteString(s)
	return b.String()
}
