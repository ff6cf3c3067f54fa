package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/go-runscope/runscope"
)

// syncEnvironments makes the shared environments envs (from another
// bucket or an export) available in bucket, before the tests that refer
// to them are imported: one with the same name is reused as it is, or,
// with update, replaced by the one given; any other is created. It
// returns the IDs the tests must be remapped with, old to new, and says
// what it did, or with dryRun what it would do, on out.
func syncEnvironments(ctx context.Context, client *runscope.Client, bucket string, envs []*runscope.Environment, update, dryRun bool, out io.Writer) (map[string]string, error) {
	ids := map[string]string{}
	if len(envs) == 0 {
		return ids, nil
	}
	existing, err := sharedEnvironments(ctx, client, bucket)
	if err != nil {
		return nil, err
	}
	byName := map[string]*runscope.Environment{}
	for _, e := range existing {
		if _, dup := byName[e.Name]; !dup {
			byName[e.Name] = e
		}
	}
	would := ""
	if dryRun {
		would = "would "
	}
	sorted := slices.Clone(envs)
	slices.SortStableFunc(sorted, func(a, b *runscope.Environment) int { return cmp.Compare(a.Name, b.Name) })
	for _, e := range sorted {
		found, ok := byName[e.Name]
		switch {
		case ok && !update:
			fmt.Fprintf(out, "%sreuse shared environment %q\n", would, e.Name)
		case ok:
			fmt.Fprintf(out, "%supdate shared environment %q\n", would, e.Name)
			if !dryRun {
				if found, _, err = client.Environments.UpdateShared(ctx, bucket, found.ID, e); err != nil {
					return nil, fmt.Errorf("updating shared environment %q of bucket %s: %w", e.Name, bucket, err)
				}
			}
		default:
			fmt.Fprintf(out, "%screate shared environment %q\n", would, e.Name)
			found = &runscope.Environment{ID: "(new)", Name: e.Name}
			if !dryRun {
				if found, _, err = client.Environments.CreateShared(ctx, bucket, e); err != nil {
					return nil, fmt.Errorf("creating shared environment %q in bucket %s: %w", e.Name, bucket, err)
				}
			}
			byName[e.Name] = found
		}
		if e.ID != "" {
			ids[e.ID] = found.ID
		}
	}
	return ids, nil
}

// referencedEnvironments returns the shared environments of envs that the
// tests refer to (Test.EnvironmentIDs): those that must come along to the
// bucket the tests go to.
func referencedEnvironments(envs []*runscope.Environment, tests []*runscope.Test) []*runscope.Environment {
	refs := map[string]bool{}
	for _, t := range tests {
		for _, id := range t.EnvironmentIDs() {
			refs[id] = true
		}
	}
	return slices.DeleteFunc(slices.Clone(envs), func(e *runscope.Environment) bool { return !refs[e.ID] })
}
