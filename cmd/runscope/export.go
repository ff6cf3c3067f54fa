package main

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/go-runscope/runscope"
	"github.com/spf13/cobra"
)

type exportOptions struct {
	dir         string
	buckets     []string
	concurrency int
}

func (a *app) exportCommand() *cobra.Command {
	o := &exportOptions{}
	cmd := &cobra.Command{
		Use:   "export --dir DIR [--bucket KEY]...",
		Short: "Write every test and shared environment of buckets to files",
		Long: `export writes every test (in full: steps, environments, schedules) and every
shared environment of the buckets named with --bucket, or of every bucket of
the account, as

  DIR/<bucket key>/tests/<test id>.json
  DIR/<bucket key>/environments/<environment id>.json

indented, with every member the API sent, those the SDK does not model
included; only trigger URLs are left out (they start runs without a token,
and an import gets new ones). Files are written with mode 0600 through a
temporary name, so an interrupted export leaves no half-written file.
Files of tests deleted since an earlier export into DIR stay.

Tests are read --concurrency at a time, over reused connections; memory
stays bounded by that, not by the size of the account.`,
		Example: `  runscope export --dir backup
  runscope export --dir backup --bucket KEY --bucket OTHER_KEY
  runscope import --bucket NEW_KEY backup/KEY`,
		Args: usageArgs(cobra.NoArgs, ""),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.dir == "" {
				return usageErrorf("--dir is required: where to write the files")
			}
			if err := plainIDs("--bucket", "a bucket key", o.buckets...); err != nil {
				return err
			}
			client, err := a.client(o.concurrency)
			if err != nil {
				return err
			}
			prog := a.newProgress("exported", -1)
			st, err := exportBuckets(cmd.Context(), client, o, prog)
			prog.Finish()
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "exported %s and %s of %s to %s\n", plural(st.tests, "test", "tests"),
				plural(st.environments, "shared environment", "shared environments"), plural(st.buckets, "bucket", "buckets"), o.dir)
			return nil
		},
	}
	cmd.Flags().StringVar(&o.dir, "dir", "", "the `DIR`ectory to write to (created if need be)")
	cmd.Flags().StringArrayVar(&o.buckets, "bucket", nil, "export the bucket with this `KEY` (repeatable; default: every bucket)")
	concurrencyFlag(cmd, &o.concurrency)
	return cmd
}

type exportStats struct{ buckets, tests, environments int }

// exportBuckets writes the tests and shared environments of the buckets.
// Tests are listed page by page and read o.concurrency at a time, so at
// most that many are in memory. A test deleted between its listing and
// its reading is skipped with a note to prog.
func exportBuckets(ctx context.Context, client *runscope.Client, o *exportOptions, prog progress) (exportStats, error) {
	var st exportStats
	keys := o.buckets
	if len(keys) == 0 {
		buckets, _, err := client.Buckets.List(ctx)
		if err != nil {
			return st, fmt.Errorf("listing buckets: %w", err)
		}
		for _, b := range buckets {
			keys = append(keys, b.Key)
		}
	}
	for _, key := range keys {
		if _, err := fileName("bucket", key); err != nil {
			return st, err
		}
		for _, sub := range []string{testsDir, environmentsDir} {
			if err := os.MkdirAll(filepath.Join(o.dir, key, sub), 0o700); err != nil {
				return st, err
			}
		}
	}
	var envsWritten atomic.Int64
	err := forEach(ctx, o.concurrency, values(keys), func(ctx context.Context, key string) error {
		envs, err := sharedEnvironments(ctx, client, key)
		if err != nil {
			return err
		}
		for _, e := range envs {
			name, err := fileName("environment", e.ID)
			if err != nil {
				return err
			}
			if err := writeJSONFile(filepath.Join(o.dir, key, environmentsDir, name+".json"), e); err != nil {
				return err
			}
			envsWritten.Add(1)
		}
		return nil
	})
	st.buckets, st.environments = len(keys), int(envsWritten.Load())
	if err != nil {
		return st, err
	}

	var written atomic.Int64
	err = forEach(ctx, o.concurrency, prefetch(listedTests(ctx, client, keys), listAhead), func(ctx context.Context, ref testRef) error {
		name, err := fileName("test", ref.id)
		if err != nil {
			return err
		}
		t, err := getTest(ctx, client, ref.bucket, ref.id, ref.name)
		if errors.Is(err, runscope.ErrNotFound) {
			prog.Note(fmt.Sprintf("skipped test %q of bucket %s: deleted while exporting", ref.name, ref.bucket))
			return nil
		}
		if err != nil {
			return err
		}
		if err := writeJSONFile(filepath.Join(o.dir, ref.bucket, testsDir, name+".json"), withoutTriggerURL(t)); err != nil {
			return err
		}
		written.Add(1)
		prog.Done(ref.bucket + ": " + t.Name)
		return nil
	})
	st.tests = int(written.Load())
	return st, err
}

// testRef is a test as a listing names it.
type testRef struct {
	bucket, id, name string
	created          time.Time
}

// listedTests yields the tests of the buckets, listed a page at a time.
func listedTests(ctx context.Context, client *runscope.Client, keys []string) iter.Seq2[testRef, error] {
	return func(yield func(testRef, error) bool) {
		for _, key := range keys {
			for t, err := range client.Tests.All(ctx, key, nil) {
				if err != nil {
					yield(testRef{}, fmt.Errorf("listing the tests of bucket %s: %w", key, err))
					return
				}
				if !yield(testRef{bucket: key, id: t.ID, name: t.Name, created: t.CreatedAt.Time}, nil) {
					return
				}
			}
		}
	}
}
