package main

import (
	"context"
	"fmt"
	"iter"

	"github.com/go-runscope/runscope"
)

// The reads several commands make, with errors that name what was read.

// getTest reads the test id of bucket in full; name, when known, names it
// in the error.
func getTest(ctx context.Context, client *runscope.Client, bucket, id, name string) (*runscope.Test, error) {
	t, _, err := client.Tests.Get(ctx, bucket, id)
	if err != nil {
		what := "test " + id
		if name != "" {
			what = fmt.Sprintf("test %q", name)
		}
		return nil, fmt.Errorf("reading %s of bucket %s: %w", what, bucket, err)
	}
	return t, nil
}

// getTests reads the tests in full, n at a time, and hands them to emit
// in the order of tests.
func getTests(ctx context.Context, client *runscope.Client, tests iter.Seq2[testRef, error], n int, emit func(*runscope.Test) error) error {
	return mapOrdered(ctx, n, tests, func(ctx context.Context, t testRef) (*runscope.Test, error) {
		return getTest(ctx, client, t.bucket, t.id, t.name)
	}, emit)
}

// testsByID are the tests of bucket with the IDs given, as --test names
// them.
func testsByID(bucket string, ids []string) iter.Seq2[testRef, error] {
	refs := make([]testRef, len(ids))
	for i, id := range ids {
		refs[i] = testRef{bucket: bucket, id: id}
	}
	return values(refs)
}

// sharedEnvironments lists the shared environments of bucket.
func sharedEnvironments(ctx context.Context, client *runscope.Client, bucket string) ([]*runscope.Environment, error) {
	envs, _, err := client.Environments.ListShared(ctx, bucket)
	if err != nil {
		return nil, fmt.Errorf("listing the shared environments of bucket %s: %w", bucket, err)
	}
	return envs, nil
}
