package runscope

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"
)

// This file holds Steps.Add: how it finds, in an answer that holds every
// step of the test, the step it created, and how adds to one test are kept
// from interleaving.

// Add appends step to the end of a test and returns it as created, with its
// ID. Build it as a pointer: &runscope.RequestStep{...}.
//
// The API answers with every step of the test, so Add picks the one it
// created: the last step of the answer of the same kind (a condition and a
// conditional are one kind) with the same identifying content (a request's
// method and URL, a pause's duration, a condition's or loop's values, a
// subtest's test, a Ghost Inspector step's test, an inbound step's note, an
// unknown step's type). When the server changed that content (a URL
// normalized, say), it is the last step of the same kind, and without one,
// the last step. Adds to one test from one Client are serialized, so the
// Client's own goroutines never take each other's steps; an add made
// elsewhere at the same moment with identical content cannot be told
// apart.
//
// POST /buckets/{bucketKey}/tests/{testID}/steps
func (s *StepsService) Add(ctx context.Context, bucketKey, testID string, step Step) (Step, *Response, error) {
	if err := checkStep("step", step); err != nil {
		return nil, nil, err
	}
	unlock, err := addLocks.lock(ctx, addKey{s.client, bucketKey, testID})
	if err != nil {
		return nil, nil, err
	}
	defer unlock()
	ans, resp, err := call[*stepsAnswer](ctx, s.client, http.MethodPost, at("buckets/{bucketKey}/tests/{testID}/steps", bucketKey, testID), nil, step)
	if err != nil {
		return nil, resp, err
	}
	added := ans.single
	if ans.list {
		added = addedStep(ans.steps, step)
	}
	if added == nil {
		return nil, resp, fmt.Errorf("runscope: the answer to adding a step to test %s holds no step", testID)
	}
	return added, resp, nil
}

// addedStep returns the step of steps that an add of sent created, by the
// rule Add documents.
func addedStep(steps []Step, sent Step) Step {
	var sameKind Step
	for i := len(steps) - 1; i >= 0; i-- {
		s := steps[i]
		if isNil(s) || reflect.TypeOf(s) != reflect.TypeOf(sent) || !sameUnknownType(s, sent) {
			continue
		}
		if stepIdentity(s) == stepIdentity(sent) {
			return s
		}
		if sameKind == nil {
			sameKind = s
		}
	}
	if sameKind != nil || len(steps) == 0 {
		return sameKind
	}
	return steps[len(steps)-1]
}

// sameUnknownType tells unknown steps of different step_types apart; any
// other steps of one Go type are of one kind.
func sameUnknownType(a, b Step) bool {
	ua, ok := a.(*UnknownStep)
	return !ok || ua.Type == b.(*UnknownStep).Type
}

// stepIdentity is the content that tells a step from the others of its
// kind in a test.
func stepIdentity(s Step) string {
	switch s := s.(type) {
	case *RequestStep:
		return strings.ToUpper(s.Method) + " " + s.URL
	case *PauseStep:
		return fmt.Sprint(s.Duration)
	case *ConditionStep:
		return s.LeftValue + "\x00" + string(s.Comparison) + "\x00" + s.RightValue
	case *LoopStep:
		return s.LeftValue + "\x00" + string(s.Comparison) + "\x00" + s.RightValue
	case *SubtestStep:
		return s.TestUUID
	case *GhostInspectorStep:
		return s.TestID
	case *InboundStep:
		return s.Note
	}
	return "" // unknown steps: their type, compared already
}

// addLocks serializes the adds to each test, per Client.
var addLocks keyedLock

type addKey struct {
	client            *Client
	bucketKey, testID string
}

// keyedLock is a set of locks by key that holds only the locks in use, so
// a long-lived Client adding to many tests keeps no memory for them. A
// waiter gives up when its context ends.
type keyedLock struct {
	mu    sync.Mutex
	locks map[addKey]*sharedLock
}

// sharedLock is one key's lock: a one-slot channel, and how many callers
// hold or wait for it.
type sharedLock struct {
	slot chan struct{}
	refs int
}

// lock takes key's lock and returns its release, or fails with ctx's error
// when ctx ends first. A nil ctx waits without end; the request that
// follows refuses it.
func (k *keyedLock) lock(ctx context.Context, key addKey) (unlock func(), err error) {
	k.mu.Lock()
	if k.locks == nil {
		k.locks = map[addKey]*sharedLock{}
	}
	l := k.locks[key]
	if l == nil {
		l = &sharedLock{slot: make(chan struct{}, 1)}
		k.locks[key] = l
	}
	l.refs++
	k.mu.Unlock()

	var done <-chan struct{}
	if ctx != nil {
		done = ctx.Done()
	}
	select {
	case l.slot <- struct{}{}:
		return func() { <-l.slot; k.release(key, l) }, nil
	case <-done:
		k.release(key, l)
		return nil, ctx.Err()
	}
}

// release drops one reference to key's lock, forgetting it with the last.
func (k *keyedLock) release(key addKey, l *sharedLock) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if l.refs--; l.refs == 0 {
		delete(k.locks, key)
	}
}

// len is the number of locks held or waited for.
func (k *keyedLock) len() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.locks)
}
