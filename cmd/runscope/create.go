package main

import (
	"context"
	"fmt"
	"io"
	"iter"
	"sync/atomic"

	"github.com/go-runscope/runscope"
	"github.com/spf13/cobra"
)

// What import and copy share: both create tests in a bucket from
// elsewhere (files, another bucket), with the shared environments the
// tests refer to, or with --dry-run say what they would create.

// createOptions are the flags of import and copy but where from and to.
type createOptions struct {
	dryRun      bool
	updateEnvs  bool
	concurrency int
}

// addFlags adds --dry-run, --update-environments and --concurrency to cmd.
func (o *createOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().BoolVar(&o.dryRun, "dry-run", false, "say what would be created, and change nothing")
	cmd.Flags().BoolVar(&o.updateEnvs, "update-environments", false, "replace shared environments of the same name instead of reusing them")
	concurrencyFlag(cmd, &o.concurrency)
}

// runCreate runs an import or a copy: create, which returns how many
// tests it created, reporting its progress as verb ("imported") of total
// tests (-1: not known ahead), then prints the summary of n tests. A dry
// run reports no progress and no summary: what it would do is its
// output.
func (a *app) runCreate(o *createOptions, verb string, total int, create func(progress) (int, error), summary func(n int) string) error {
	var prog progress = quiet{}
	if !o.dryRun {
		prog = a.newProgress(verb, total)
	}
	n, err := create(prog)
	prog.Finish()
	if err != nil {
		return err
	}
	if !o.dryRun {
		fmt.Fprintln(a.stdout, summary(n))
	}
	return nil
}

// testSource is where the tests to create come from: items, each read in
// full only when its turn comes, so that at most --concurrency tests are
// in memory.
type testSource[T any] struct {
	items iter.Seq2[T, error]
	// load reads the test of an item; its errors name the item.
	load func(context.Context, T) (*runscope.Test, error)
	// would is the line --dry-run prints for an item.
	would func(T) (string, error)
	// where, when not nil, names an item in the error of its creation.
	where func(T) string
}

// createTests makes the shared environments envs available in bucket
// (syncEnvironments), then creates the tests of src there, o.concurrency
// at a time, their references to shared environments remapped to the
// IDs those have in bucket. It returns how many tests it created. With
// o.dryRun it changes nothing and says on out what it would do.
func createTests[T any](ctx context.Context, client *runscope.Client, bucket string, o *createOptions, envs []*runscope.Environment, src testSource[T], out io.Writer, prog progress) (int, error) {
	ids, err := syncEnvironments(ctx, client, bucket, envs, o.updateEnvs, o.dryRun, out)
	if err != nil {
		return 0, err
	}
	if o.dryRun {
		for it, err := range src.items {
			if err != nil {
				return 0, err
			}
			line, err := src.would(it)
			if err != nil {
				return 0, err
			}
			fmt.Fprintln(out, line)
		}
		return 0, nil
	}
	var created atomic.Int64
	err = forEach(ctx, o.concurrency, src.items, func(ctx context.Context, it T) error {
		t, err := src.load(ctx, it)
		if err != nil {
			return err
		}
		t.RemapEnvironments(ids)
		if _, _, err := client.Tests.Create(ctx, bucket, t); err != nil {
			err = fmt.Errorf("creating test %q in bucket %s: %w", t.Name, bucket, err)
			if src.where != nil {
				err = fmt.Errorf("%s: %w", src.where(it), err)
			}
			return err
		}
		created.Add(1)
		prog.Done(t.Name)
		return nil
	})
	return int(created.Load()), err
}
