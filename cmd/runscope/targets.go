package main

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"

	"github.com/go-runscope/runscope"
)

// target is one trigger run fires. Its trigger ID is a secret (it starts
// runs without a token): label names the target in every message instead.
type target struct {
	label   string
	bucket  string // the bucket key, when known
	trigger string // the trigger ID or URL
	kind    triggerKind
}

type triggerKind int

const (
	testTrigger   triggerKind = iota
	bucketTrigger             // every test of a bucket
	someTrigger               // a bare ID: a test's trigger, else a bucket's
)

// resolveTargets turns the flags into the triggers to fire: --trigger
// values as given, --bucket's trigger URL (or, for a bucket without one,
// each test's) and the trigger URLs of the --test tests.
func resolveTargets(ctx context.Context, client *runscope.Client, o *runOptions) ([]target, error) {
	var out []target
	for i, t := range o.triggers {
		kind := someTrigger
		switch {
		case strings.Contains(t, "/radar/bucket/"):
			kind = bucketTrigger
		case strings.Contains(t, "/"):
			kind = testTrigger
		}
		out = append(out, target{label: fmt.Sprintf("--trigger #%d", i+1), trigger: t, kind: kind})
	}
	if o.bucket == "" {
		return out, nil
	}
	if len(o.tests) == 0 {
		b, _, err := client.Buckets.Get(ctx, o.bucket, nil)
		if err != nil {
			return nil, fmt.Errorf("reading bucket %s: %w", o.bucket, err)
		}
		if b.TriggerURL != "" {
			return append(out, target{label: "bucket " + o.bucket, bucket: o.bucket, trigger: b.TriggerURL, kind: bucketTrigger}), nil
		}
		// No bucket trigger: trigger each of its tests.
		tests, err := testTargets(ctx, client, o.bucket, listedTests(ctx, client, []string{o.bucket}), o.concurrency)
		return append(out, tests...), err
	}
	tests, err := testTargets(ctx, client, o.bucket, testsByID(o.bucket, o.tests), o.concurrency)
	return append(out, tests...), err
}

// testTargets reads each test of bucket for its trigger URL, which only
// the test's detail has.
func testTargets(ctx context.Context, client *runscope.Client, bucket string, tests iter.Seq2[testRef, error], n int) ([]target, error) {
	var out []target
	err := getTests(ctx, client, tests, n, func(t *runscope.Test) error {
		label := fmt.Sprintf("test %q", t.Name)
		if t.TriggerURL == "" {
			return fmt.Errorf("%s (%s) has no trigger URL", label, t.ID)
		}
		out = append(out, target{label: label, bucket: bucket, trigger: t.TriggerURL, kind: testTrigger})
		return nil
	})
	return out, err
}

// fire triggers one target. A bare ID that no test has is tried as a
// bucket's trigger.
func fire(ctx context.Context, client *runscope.Client, t target, opts *runscope.TriggerOptions) (*runscope.TriggerResult, error) {
	var res *runscope.TriggerResult
	var err error
	switch t.kind {
	case bucketTrigger:
		res, _, err = client.Buckets.Trigger(ctx, t.trigger, opts)
	default:
		res, _, err = client.Tests.Trigger(ctx, t.trigger, opts)
		if t.kind == someTrigger && errors.Is(err, runscope.ErrNotFound) {
			res, _, err = client.Buckets.Trigger(ctx, t.trigger, opts)
		}
	}
	if err != nil {
		return nil, err
	}
	if res == nil {
		return nil, errors.New("the trigger answered without runs")
	}
	return res, nil
}
