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

// getTests reads the tests ids of bucket in full, n at a time, and hands
// them to emit in the order of ids.
func getTests(ctx context.Context, client *runscope.Client, bucket string, ids iter.Seq2[string, error], n int, emit func(*runscope.Test) error) error {
	return mapOrdered(ctx, n, ids, func(ctx context.Context, id string) (*runscope.Test, error) {
		return getTest(ctx, client, bucket, id, "")
	}, emit)
}

// sharedEnvironments lists the shared environments of bucket.
func sharedEnvironments(ctx context.Context, client *runscope.Client, bucket string) ([]*runscope.Environment, error) {
	envs, _, err := client.Environments.ListShared(ctx, bucket)
	if err != nil {
		return nil, fmt.Errorf("listing the shared environments of bucket %s: %w", bucket, err)
	}
	return envs, nil
}
