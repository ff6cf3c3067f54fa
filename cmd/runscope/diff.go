package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/go-runscope/runscope"
	"github.com/go-runscope/runscope/internal/textdiff"
	"github.com/spf13/cobra"
)

type diffOptions struct{ concurrency int }

func (a *app) diffCommand() *cobra.Command {
	o := &diffOptions{}
	cmd := &cobra.Command{
		Use:   "diff A B",
		Short: "Compare two buckets, or a bucket and an export",
		Long: `diff compares the tests and shared environments of A and B, each a bucket key
or an exported bucket folder (DIR/<bucket key> of runscope export).

Tests and shared environments are matched by name (tests of the same name
in the order they were created) and compared without what the server
assigns: IDs, creation times and creators, trigger URLs, last runs. A
reference to an environment counts by the environment's name. Each item
that differs is printed as a unified diff on stdout; an item on one side
only is named.

It exits 0 when A and B hold the same, 1 when they differ.`,
		Example: `  runscope diff KEY OTHER_KEY
  runscope diff KEY backup/KEY
  runscope copy --from KEY --to OTHER_KEY && runscope diff KEY OTHER_KEY`,
		Args: usageArgs(cobra.ExactArgs(2), "diff compares two things: A and B, each a bucket key or an exported bucket folder"),
		RunE: func(cmd *cobra.Command, args []string) error {
			// One client for both sides when both are buckets, made only
			// when one is: folders need no token.
			client := sync.OnceValues(func() (*runscope.Client, error) { return a.client(o.concurrency) })
			sides := [2]side{}
			for i, arg := range args {
				s, err := sideOf([]string{"A", "B"}[i], arg, client)
				if err != nil {
					return err
				}
				sides[i] = s
			}
			st, err := diffSides(cmd.Context(), sides[0], sides[1], o.concurrency, a.stdout)
			if err != nil {
				return err
			}
			if st.differ > 0 {
				return &failedError{fmt.Sprintf("%s and %s differ: %d of %d items", sides[0], sides[1], st.differ, st.items)}
			}
			fmt.Fprintf(a.stderr, "no differences: %d items\n", st.items)
			return nil
		},
	}
	concurrencyFlag(cmd, &o.concurrency)
	return cmd
}

// side is one of the two things diff compares.
type side interface {
	fmt.Stringer
	environments(ctx context.Context) ([]*runscope.Environment, error)
	// index lists the tests, without reading them in full.
	index(ctx context.Context) ([]*indexEntry, error)
	test(ctx context.Context, e indexEntry) (*runscope.Test, error)
}

// indexEntry is a test as a side lists it: enough to match and read it.
type indexEntry struct {
	name    string
	created time.Time
	id      string
	path    string // in a folder
}

// sideOf reads arg, the argument name (A or B), as an exported bucket
// folder when it is a folder, else as a bucket key read with the client
// client returns. Other than a folder, arg is not shown: it may be a
// trigger URL.
func sideOf(name, arg string, client func() (*runscope.Client, error)) (side, error) {
	if fi, err := os.Stat(arg); err == nil && fi.IsDir() {
		if err := checkBucketFolder(arg); err != nil {
			return nil, err
		}
		return folderSide(arg), nil
	}
	if err := plainIDs(name, "a folder, nor a bucket key", arg); err != nil {
		return nil, err
	}
	if filepath.Base(arg) != arg {
		return nil, fmt.Errorf("%s is neither a bucket key nor an exported bucket folder", name)
	}
	c, err := client()
	if err != nil {
		return nil, err
	}
	return &bucketSide{client: c, key: arg}, nil
}

type bucketSide struct {
	client *runscope.Client
	key    string
}

func (b *bucketSide) String() string { return b.key }

func (b *bucketSide) environments(ctx context.Context) ([]*runscope.Environment, error) {
	return sharedEnvironments(ctx, b.client, b.key)
}

func (b *bucketSide) index(ctx context.Context) ([]*indexEntry, error) {
	var out []*indexEntry
	for ref, err := range listedTests(ctx, b.client, []string{b.key}) {
		if err != nil {
			return nil, err
		}
		out = append(out, &indexEntry{name: ref.name, created: ref.created, id: ref.id})
	}
	return out, nil
}

func (b *bucketSide) test(ctx context.Context, e indexEntry) (*runscope.Test, error) {
	return getTest(ctx, b.client, b.key, e.id, e.name)
}

// folderSide is an exported bucket folder.
type folderSide string

func (f folderSide) String() string { return string(f) }

func (f folderSide) environments(context.Context) ([]*runscope.Environment, error) {
	return readEnvironments(string(f))
}

func (f folderSide) index(context.Context) ([]*indexEntry, error) {
	paths, err := jsonFiles(filepath.Join(string(f), testsDir))
	if err != nil {
		return nil, err
	}
	out := make([]*indexEntry, 0, len(paths))
	for _, p := range paths {
		// Only what matching needs; the test is read again when compared.
		var head struct {
			Name      string             `json:"name"`
			ID        string             `json:"id"`
			CreatedAt runscope.Timestamp `json:"created_at"`
		}
		if err := readJSONFile(p, &head); err != nil {
			return nil, err
		}
		out = append(out, &indexEntry{name: head.Name, created: head.CreatedAt.Time, id: head.ID, path: p})
	}
	return out, nil
}

func (f folderSide) test(_ context.Context, e indexEntry) (*runscope.Test, error) {
	return readTest(e.path)
}

// diffStats counts the items compared and those that differ.
type diffStats struct{ items, differ int }

// diffSides writes a unified diff per item that differs between a and b
// to out, shared environments first, then tests, in the order of their
// names. Tests are read n pairs at a time; only those are in memory.
func diffSides(ctx context.Context, a, b side, n int, out io.Writer) (diffStats, error) {
	var st diffStats
	envsA, envsB, err := onBoth(a, b, func(s side) ([]*runscope.Environment, error) { return s.environments(ctx) })
	if err != nil {
		return st, err
	}
	for _, p := range pairEnvironments(envsA, envsB) {
		st.items++
		text, err := diffEnvironments(a, b, p)
		if err != nil {
			return st, err
		}
		if text != "" {
			st.differ++
			if _, err := fmt.Fprint(out, text); err != nil {
				return st, err
			}
		}
	}

	indexA, indexB, err := onBoth(a, b, func(s side) ([]*indexEntry, error) { return s.index(ctx) })
	if err != nil {
		return st, err
	}
	pairs := pairTests(indexA, indexB)
	err = mapOrdered(ctx, n, values(pairs), func(ctx context.Context, p pair[indexEntry]) (string, error) {
		return diffTests(ctx, a, b, p, envsA, envsB)
	}, func(text string) error {
		st.items++
		if text != "" {
			st.differ++
			_, err := fmt.Fprint(out, text)
			return err
		}
		return nil
	})
	return st, err
}

// onBoth reads a, then b, with read.
func onBoth[T any](a, b side, read func(side) (T, error)) (va, vb T, err error) {
	if va, err = read(a); err == nil {
		vb, err = read(b)
	}
	return va, vb, err
}

// pair is an item of a and its counterpart in b, matched by name; nil on
// the side without it.
type pair[T any] struct {
	name string
	a, b *T
}

// pairByName matches items by name, the nth of a name in a with the nth
// in b, in the order order gives (nil: as listed), sorted by name.
func pairByName[T any](a, b []*T, name func(*T) string, order func(x, y *T) int) []pair[T] {
	group := func(list []*T) map[string][]*T {
		m := map[string][]*T{}
		for _, v := range list {
			m[name(v)] = append(m[name(v)], v)
		}
		if order != nil {
			for _, g := range m {
				slices.SortStableFunc(g, order)
			}
		}
		return m
	}
	ga, gb := group(a), group(b)
	names := slices.Collect(maps.Keys(ga))
	for k := range gb {
		if _, ok := ga[k]; !ok {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	var out []pair[T]
	for _, n := range names {
		for i := range max(len(ga[n]), len(gb[n])) {
			out = append(out, pair[T]{n, at(ga[n], i), at(gb[n], i)})
		}
	}
	return out
}

// pairEnvironments matches shared environments by name.
func pairEnvironments(a, b []*runscope.Environment) []pair[runscope.Environment] {
	return pairByName(a, b, func(e *runscope.Environment) string { return e.Name }, nil)
}

// pairTests matches tests by name, the nth created of a name in a with
// the nth created in b.
func pairTests(a, b []*indexEntry) []pair[indexEntry] {
	return pairByName(a, b, func(e *indexEntry) string { return e.name }, func(x, y *indexEntry) int {
		return cmp.Or(x.created.Compare(y.created), cmp.Compare(x.id, y.id))
	})
}

// at returns list[i], or nil past its end.
func at[T any](list []*T, i int) *T {
	if i < len(list) {
		return list[i]
	}
	return nil
}

func diffEnvironments(a, b side, p pair[runscope.Environment]) (string, error) {
	label := fmt.Sprintf("shared environment %q", p.name)
	if p.a == nil || p.b == nil {
		return onlyIn(a, b, p.a == nil, label), nil
	}
	ca, err := runscope.ComparableEnvironment(p.a)
	if err != nil {
		return "", err
	}
	cb, err := runscope.ComparableEnvironment(p.b)
	if err != nil {
		return "", err
	}
	return unified(a, b, environmentsDir, p.name, ca, cb), nil
}

func diffTests(ctx context.Context, a, b side, p pair[indexEntry], envsA, envsB []*runscope.Environment) (string, error) {
	if p.a == nil || p.b == nil {
		return onlyIn(a, b, p.a == nil, fmt.Sprintf("test %q", p.name)), nil
	}
	ta, err := a.test(ctx, *p.a)
	if err != nil {
		return "", err
	}
	tb, err := b.test(ctx, *p.b)
	if err != nil {
		return "", err
	}
	ca, err := runscope.ComparableTest(ta, envsA)
	if err != nil {
		return "", err
	}
	cb, err := runscope.ComparableTest(tb, envsB)
	if err != nil {
		return "", err
	}
	return unified(a, b, testsDir, p.name, ca, cb), nil
}

func onlyIn(a, b side, inB bool, label string) string {
	if inB {
		return fmt.Sprintf("only in %s: %s\n", b, label)
	}
	return fmt.Sprintf("only in %s: %s\n", a, label)
}

func unified(a, b side, kind, name string, ca, cb []byte) string {
	return textdiff.Unified(fmt.Sprintf("%s/%s/%s", a, kind, name), fmt.Sprintf("%s/%s/%s", b, kind, name), string(ca), string(cb), 3)
}
