package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"iter"

	"github.com/go-runscope/runscope"
	"github.com/spf13/cobra"
)

type copyOptions struct {
	from, to string
	tests    []string
	createOptions
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
			return a.runCreate(&o.createOptions, "copied", total, func(prog progress) (int, error) {
				return copyTests(cmd.Context(), client, o, a.stdout, prog)
			}, func(n int) string {
				return fmt.Sprintf("copied %s from bucket %s to bucket %s", plural(n, "test", "tests"), o.from, o.to)
			})
		},
	}
	cmd.Flags().StringVar(&o.from, "from", "", "the `KEY` of the bucket to copy from")
	cmd.Flags().StringVar(&o.to, "to", "", "the `KEY` of the bucket to copy to")
	cmd.Flags().StringArrayVar(&o.tests, "test", nil, "copy only the test with this `ID`; repeatable")
	o.addFlags(cmd)
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
		items := make([]copyItem, len(chosen))
		for i, t := range chosen {
			items[i] = copyItem{name: t.Name, test: t}
		}
		return createTests(ctx, client, o.to, &o.createOptions, referencedEnvironments(shared, chosen), copySource(client, o, values(items)), out, prog)
	}
	listed := func(yield func(copyItem, error) bool) {
		for ref, err := range listedTests(ctx, client, []string{o.from}) {
			if !yield(copyItem{id: ref.id, name: ref.name}, err) {
				return
			}
		}
	}
	return createTests(ctx, client, o.to, &o.createOptions, shared, copySource(client, o, prefetch(listed, listAhead)), out, prog)
}

// copyItem is a test to copy: read in full already, or only listed.
type copyItem struct {
	id, name string
	test     *runscope.Test // nil until read
}

// copySource reads each listed item of items in full from o.from when
// its turn comes; a dry run reads none.
func copySource(client *runscope.Client, o *copyOptions, items iter.Seq2[copyItem, error]) testSource[copyItem] {
	return testSource[copyItem]{
		items: items,
		load: func(ctx context.Context, it copyItem) (*runscope.Test, error) {
			if it.test != nil {
				return it.test, nil
			}
			return getTest(ctx, client, o.from, it.id, it.name)
		},
		would: func(it copyItem) (string, error) { return fmt.Sprintf("would copy test %q", it.name), nil },
	}
}
