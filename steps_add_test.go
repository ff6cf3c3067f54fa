package runscope

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Another add to the same test landed between ours and the answer: Add
// returns the step that matches what it sent, not the last one.
func TestStepsAddInterleavedAnswer(t *testing.T) {
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{
		method: http.MethodPost, path: "/buckets/bkt/tests/tst/steps", status: http.StatusCreated,
		body: `{"step_type":"request","method":"GET","url":"https://api.example.com/orders"}`,
		answer: `{"data":{"id":"tst","steps":[
			{"step_type":"request","id":"old","method":"GET","url":"https://api.example.com/orders"},
			{"step_type":"pause","id":"p","duration":3},
			{"step_type":"request","id":"mine","method":"GET","url":"https://api.example.com/orders"},
			{"step_type":"request","id":"theirs","method":"POST","url":"https://api.example.com/orders"}
		]},"meta":{"status":"success"}}`,
	})
	got, _, err := c.Steps.Add(context.Background(), "bkt", "tst", &RequestStep{Method: http.MethodGet, URL: "https://api.example.com/orders"})
	require.NoError(t, err)
	assert.Equal(t, "mine", got.StepID())
}

// The identifying content of each kind of step picks it out of an answer
// whose last step is someone else's; without a match, the last step of the
// same kind, and without one, the last step.
func TestAddedStepMatching(t *testing.T) {
	answer := []Step{
		&RequestStep{ID: "r1", Method: "GET", URL: "https://a"},
		&RequestStep{ID: "r2", Method: "get", URL: "https://b"},
		&PauseStep{ID: "p1", Duration: 5},
		&PauseStep{ID: "p2", Duration: 9},
		&ConditionStep{ID: "c1", LeftValue: "{{x}}", Comparison: ComparisonEqual, RightValue: "1"},
		&ConditionStep{ID: "c2", LeftValue: "{{x}}", Comparison: ComparisonEqual, RightValue: "2"},
		&LoopStep{ID: "l1", LeftValue: "{{n}}", Comparison: ComparisonIsLessThan, RightValue: "3"},
		&LoopStep{ID: "l2", LeftValue: "{{n}}", Comparison: ComparisonIsLessThan, RightValue: "4"},
		&SubtestStep{ID: "s1", TestUUID: "t-1", BucketKey: "bkt"},
		&SubtestStep{ID: "s2", TestUUID: "t-2", BucketKey: "bkt"},
		&GhostInspectorStep{ID: "g1", TestID: "gi-1"},
		&GhostInspectorStep{ID: "g2", TestID: "gi-2"},
		&InboundStep{ID: "i1", Note: "first hook"},
		&InboundStep{ID: "i2", Note: "second hook"},
		&UnknownStep{ID: "u1", Type: "graphql"},
		&UnknownStep{ID: "u2", Type: "grpc"},
		&RequestStep{ID: "last", Method: "DELETE", URL: "https://z"},
	}
	for want, sent := range map[string]Step{
		"r1":   &RequestStep{Method: "get", URL: "https://a"},
		"r2":   &RequestStep{Method: "GET", URL: "https://b"},
		"p1":   &PauseStep{Duration: 5},
		"c1":   &ConditionStep{LeftValue: "{{x}}", Comparison: ComparisonEqual, RightValue: "1"},
		"l1":   &LoopStep{LeftValue: "{{n}}", Comparison: ComparisonIsLessThan, RightValue: "3"},
		"s1":   &SubtestStep{TestUUID: "t-1"},
		"g1":   &GhostInspectorStep{TestID: "gi-1"},
		"i1":   &InboundStep{Note: "first hook"},
		"u1":   &UnknownStep{Type: "graphql"},
		"p2":   &PauseStep{Duration: 7},                           // no pause of 7: the last pause
		"l2":   &LoopStep{LeftValue: "{{m}}"},                     // the last loop
		"last": &RequestStep{Method: "GET", URL: "https://other"}, // the last request, which is the last step
	} {
		got := addedStep(answer, sent)
		require.NotNil(t, got, "%#v", sent)
		assert.Equal(t, want, got.StepID(), "%#v", sent)
	}
	assert.Equal(t, "last", addedStep(answer, &UnknownStep{Type: "soap"}).StepID(), "no step of the kind: the last step")
	assert.Equal(t, "c2", addedStep(answer, &ConditionStep{}).StepID(), "a conditional is a condition")
	assert.Nil(t, addedStep(nil, &PauseStep{Duration: 1}))
}

// stepsBackend is an in-memory steps endpoint behind a transport, for
// tests in a synctest bubble: each add takes delay (of the bubble's time),
// appends the step and answers with the whole steps array. It records the
// most adds ever in flight at once to one test (maxIn), and in all
// (maxTotal).
type stepsBackend struct {
	delay time.Duration

	mu       sync.Mutex
	steps    map[string][]json.RawMessage // by path
	inFlight map[string]int
	total    int
	maxIn    atomic.Int64
	maxTotal atomic.Int64
}

func (b *stepsBackend) RoundTrip(r *http.Request) (*http.Response, error) {
	body, _ := io.ReadAll(r.Body)
	path := r.URL.Path
	b.mu.Lock()
	b.inFlight[path]++
	b.total++
	if n := int64(b.inFlight[path]); n > b.maxIn.Load() {
		b.maxIn.Store(n)
	}
	if n := int64(b.total); n > b.maxTotal.Load() {
		b.maxTotal.Store(n)
	}
	b.mu.Unlock()

	time.Sleep(b.delay)

	b.mu.Lock()
	defer b.mu.Unlock()
	b.inFlight[path]--
	b.total--
	var step map[string]any
	_ = json.Unmarshal(body, &step)
	step["id"] = fmt.Sprintf("id-%d", len(b.steps[path]))
	raw, _ := json.Marshal(step)
	b.steps[path] = append(b.steps[path], raw)
	all, _ := json.Marshal(b.steps[path])
	return &http.Response{
		StatusCode: http.StatusCreated,
		Header:     http.Header{"Content-Type": {"application/json"}},
		Body:       io.NopCloser(strings.NewReader(`{"data":` + string(all) + `}`)),
		Request:    r,
	}, nil
}

func newStepsBackend(delay time.Duration) *stepsBackend {
	return &stepsBackend{delay: delay, steps: map[string][]json.RawMessage{}, inFlight: map[string]int{}}
}

// Adds to one test from one Client never overlap, so each gets its own
// step back; adds to different tests do overlap; no lock outlives them.
func TestStepsAddSerializedPerTest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		backend := newStepsBackend(time.Second)
		c := transportClient(t, backend, WithRetry(RetryPolicy{}))

		const n = 8
		var wg sync.WaitGroup
		ids := make([]string, n)
		for i := range n {
			wg.Go(func() {
				url := fmt.Sprintf("https://api.example.com/%d", i)
				step, _, err := c.Steps.Add(context.Background(), "bkt", "tst", &RequestStep{Method: http.MethodGet, URL: url})
				if assert.NoError(t, err) {
					assert.Equal(t, url, step.(*RequestStep).URL, "its own step")
					ids[i] = step.StepID()
				}
			})
		}
		wg.Wait()
		assert.EqualValues(t, 1, backend.maxIn.Load(), "adds to one test are serialized")
		assert.Len(t, uniq(ids), n, "each add got a step of its own")
		assert.Zero(t, c.addLocks.len(), "no lock is left behind")

		for i := range n {
			wg.Go(func() {
				_, _, err := c.Steps.Add(context.Background(), "bkt", fmt.Sprintf("test-%d", i), &PauseStep{Duration: 1})
				assert.NoError(t, err)
			})
		}
		wg.Wait()
		assert.EqualValues(t, n, backend.maxTotal.Load(), "adds to different tests run at once")
		assert.Zero(t, c.addLocks.len())
	})
}

// An add waiting for another add to the same test gives up when its
// context ends.
func TestStepsAddWaitEndsWithContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := clientAddingFor(t, time.Hour)
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		start := time.Now()
		_, _, err := c.Steps.Add(ctx, "bkt", "tst", &PauseStep{Duration: 2})
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, time.Second, time.Since(start))
		assert.Equal(t, 1, c.addLocks.len(), "only the first add's lock remains")

		time.Sleep(time.Hour) // the first add finishes
		synctest.Wait()
		assert.Zero(t, c.addLocks.len())
	})
}

// An add with a nil context is an *ArgError at once, as for every other
// method, even while another add to the same test holds its lock.
func TestStepsAddNilContextDoesNotWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := clientAddingFor(t, time.Hour)
		start := time.Now()
		var nilCtx context.Context
		_, _, err := c.Steps.Add(nilCtx, "bkt", "tst", &PauseStep{Duration: 2})
		var ae *ArgError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, "ctx", ae.Arg)
		assert.Zero(t, time.Since(start), "no wait for the other add")

		time.Sleep(time.Hour) // the first add finishes
		synctest.Wait()
	})
}

// clientAddingFor returns a client whose add to test tst of bucket bkt,
// started in the synctest bubble, holds the test's lock for d (in the
// transport) when it returns.
func clientAddingFor(t *testing.T, d time.Duration) *Client {
	t.Helper()
	c := transportClient(t, newStepsBackend(d), WithRetry(RetryPolicy{}))
	go func() { _, _, _ = c.Steps.Add(context.Background(), "bkt", "tst", &PauseStep{Duration: 1}) }()
	synctest.Wait()
	return c
}

// len is the number of locks held or waited for.
func (k *keyedLock) len() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.locks)
}

func uniq(ids []string) map[string]bool {
	set := map[string]bool{}
	for _, id := range ids {
		set[id] = true
	}
	return set
}
