package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"iter"
	"sync/atomic"

	"github.com/go-runscope/runscope"
	"github.com/spf13/cobra"
)

type copyOptions struct {
	from, to    string
	tests       []string
	dryRun      bool
	updateEnvs  bool
	concurrency int
}

func (a *app) copyCommand() *cobra.Command {
	o := &copyOptions{}
	cmd := &cobra.Command{
		Use:   "copy --from KEY --to KEY [--test ID]...",
		Short: "Copy tests (and the shared environments they use) from one bucket to another",
		Long: `copy is export and import in one go, without files: it copies every test of
the bucket --from (or the --test ones) into the bucket --to, with the
shared environments they use, as import does: a shared environment with
the same name in --to is reused (or replaced, with --update-environments),
any other is created, and the tests' references are remapped.

Tests are read and created --concurrency at a time; memory stays bounded
by that, not by the size of the bucket.`,
		Example: `  runscope copy --from KEY --to OTHER_KEY
  runscope copy --from KEY --to OTHER_KEY --test TEST_ID --dry-run
  runscope diff KEY OTHER_KEY`,
		Args: usageArgs(cobra.NoArgs, ""),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.from == "" || o.to == "" {
				return usageErrorf("--from and --to are required: the buckets to copy from and to")
			}
			if err := cmp.Or(plainIDs("--from", "a bucket key", o.from), plainIDs("--to", "a bucket key", o.to),
				plainIDs("--test", "a test ID", o.tests...)); err != nil {
				return err
			}
			client, err := a.client(o.concurrency)
			if err != nil {
				return err
			}
			total := -1
			if len(o.tests) > 0 {
				total = len(o.tests)
			}
			var prog progress = quiet{}
			if !o.dryRun {
				prog = a.newProgress("copied", total)
			}
			n, err := copyTests(cmd.Context(), client, o, a.stdout, prog)
			prog.Finish()
			if err != nil {
				return err
			}
			if !o.dryRun {
				fmt.Fprintf(a.stdout, "copied %s from bucket %s to bucket %s\n", plural(n, "test", "tests"), o.from, o.to)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&o.from, "from", "", "the `KEY` of the bucket to copy from")
	cmd.Flags().StringVar(&o.to, "to", "", "the `KEY` of the bucket to copy to")
	cmd.Flags().StringArrayVar(&o.tests, "test", nil, "copy only the test with this `ID`; repeatable")
	cmd.Flags().BoolVar(&o.dryRun, "dry-run", false, "say what would be created, and change nothing")
	cmd.Flags().BoolVar(&o.updateEnvs, "update-environments", false, "replace shared environments of the same name instead of reusing them")
	concurrencyFlag(cmd, &o.concurrency)
	return cmd
}

// copyTests copies the tests and the shared environments they use, and
// returns how many tests it created. With --test the chosen tests are read
// first, to copy only the environments they use; a whole bucket brings all
// of its shared environments, and its tests are streamed.
func copyTests(ctx context.Context, client *runscope.Client, o *copyOptions, out io.Writer, prog progress) (int, error) {
	shared, err := sharedEnvironments(ctx, client, o.from)
	if err != nil {
		return 0, err
	}
	if len(o.tests) > 0 {
		var chosen []*runscope.Test
		err := getTests(ctx, client, testsByID(o.from, o.tests), o.concurrency, func(t *runscope.Test) error {
			chosen = append(chosen, t)
			return nil
		})
		if err != nil {
			return 0, err
		}
		ids, err := syncEnvironments(ctx, client, o.to, referencedEnvironments(shared, chosen), o.updateEnvs, o.dryRun, out)
		if err != nil {
			return 0, err
		}
		items := make([]copyItem, len(chosen))
		for i, t := range chosen {
			items[i] = copyItem{name: t.Name, test: t}
		}
		return createAll(ctx, client, o, values(items), ids, out, prog)
	}
	ids, err := syncEnvironments(ctx, client, o.to, shared, o.updateEnvs, o.dryRun, out)
	if err != nil {
		return 0, err
	}
	listed := func(yield func(copyItem, error) bool) {
		for ref, err := range listedTests(ctx, client, []string{o.from}) {
			if !yield(copyItem{id: ref.id, name: ref.name}, err) {
				return
			}
		}
	}
	return createAll(ctx, client, o, prefetch(listed, listAhead), ids, out, prog)
}

// copyItem is a test to copy: read in full already, or only listed.
type copyItem struct {
	id, name string
	test     *runscope.Test // nil until read
}

// createAll creates the tests in o.to, o.concurrency at a time, reading
// each listed one in full first.
func createAll(ctx context.Context, client *runscope.Client, o *copyOptions, items iter.Seq2[copyItem, error], ids map[string]string, out io.Writer, prog progress) (int, error) {
	if o.dryRun {
		for it, err := range items {
			if err != nil {
				return 0, err
			}
			fmt.Fprintf(out, "would copy test %q\n", it.name)
		}
		return 0, nil
	}
	var created atomic.Int64
	err := forEach(ctx, o.concurrency, items, func(ctx context.Context, it copyItem) error {
		t := it.test
		if t == nil {
			var err error
			if t, err = getTest(ctx, client, o.from, it.id, it.name); err != nil {
				return err
			}
		}
		if err := createTest(ctx, client, o.to, t, ids); err != nil {
			return err
		}
		created.Add(1)
		prog.Done(t.Name)
		return nil
	})
	return int(created.Load()), err
}
