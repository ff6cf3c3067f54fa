package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/go-runscope/runscope"
	"github.com/spf13/cobra"
)

type importOptions struct {
	bucket string
	createOptions
}

func (a *app) importCommand() *cobra.Command {
	o := &importOptions{}
	cmd := &cobra.Command{
		Use:   "import --bucket KEY PATH...",
		Short: "Create tests (and shared environments) in a bucket from exported files",
		Long: `import creates tests in the bucket KEY from test files, or from an exported
bucket folder (DIR/<bucket key> of runscope export): its shared environments
first, then its tests. A test file of an exported bucket folder brings the
shared environments of the folder that it refers to.

A shared environment with the same name as one already in the bucket is
reused as it is, or replaced by the exported one with --update-environments;
any other is created. The tests' references to shared environments (default
environment, parents, schedules) are remapped to the IDs they have in the
bucket. The API gives the tests, their steps, environments and schedules
new IDs and new trigger URLs.

Every file is read and checked before anything is created, so a bad file
imports nothing. Importing a test twice makes two tests. --dry-run says what
would be created, reused or updated, and changes nothing.`,
		Example: `  runscope import --bucket KEY backup/OLD_KEY
  runscope import --bucket KEY --dry-run backup/OLD_KEY
  runscope import --bucket KEY backup/OLD_KEY/tests/TEST_ID.json`,
		Args: usageArgs(cobra.MinimumNArgs(1), "name the test files or exported bucket folders to import"),
		RunE: func(cmd *cobra.Command, paths []string) error {
			if o.bucket == "" {
				return usageErrorf("--bucket is required: the bucket to import into")
			}
			if err := plainIDs("--bucket", "a bucket key", o.bucket); err != nil {
				return err
			}
			set, err := collectImport(paths)
			if err != nil {
				return err
			}
			client, err := a.client(o.concurrency)
			if err != nil {
				return err
			}
			return a.runCreate(&o.createOptions, "imported", len(set.tests), func(prog progress) (int, error) {
				return importTests(cmd.Context(), client, o, set, a.stdout, prog)
			}, func(n int) string {
				return fmt.Sprintf("imported %s into bucket %s", plural(n, "test", "tests"), o.bucket)
			})
		},
	}
	cmd.Flags().StringVar(&o.bucket, "bucket", "", "the `KEY` of the bucket to import into")
	o.addFlags(cmd)
	return cmd
}

// importSet is what the paths of an import hold: shared environments (of
// bucket folders) and the paths of test files.
type importSet struct {
	envs  []*runscope.Environment
	tests []string
}

// collectImport sorts the paths into environments and test files. A
// folder must be an exported bucket: it brings all of its shared
// environments. A test file of an exported bucket brings those of its
// folder's that it refers to, which the bucket imported into needs too.
func collectImport(paths []string) (importSet, error) {
	var set importSet
	folders := map[string]bool{}     // the bucket folders imported whole
	filesOf := map[string][]string{} // the test files of other bucket folders
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return set, err
		}
		if !fi.IsDir() {
			set.tests = append(set.tests, p)
			if dir := filepath.Dir(p); filepath.Base(dir) == testsDir {
				folder := filepath.Dir(dir)
				filesOf[folder] = append(filesOf[folder], p)
			}
			continue
		}
		if err := checkBucketFolder(p); err != nil {
			return set, err
		}
		envs, err := readEnvironments(p)
		if err != nil {
			return set, err
		}
		set.envs = append(set.envs, envs...)
		folders[filepath.Clean(p)] = true
		tests, err := jsonFiles(filepath.Join(p, testsDir))
		if err != nil {
			return set, err
		}
		set.tests = append(set.tests, tests...)
	}
	for folder, files := range filesOf {
		if folders[folder] {
			continue
		}
		envs, err := readEnvironments(folder)
		if err != nil {
			return set, err
		}
		tests := make([]*runscope.Test, len(files))
		for i, p := range files {
			if tests[i], err = readTest(p); err != nil {
				return set, err
			}
		}
		set.envs = append(set.envs, referencedEnvironments(envs, tests)...)
	}
	return set, nil
}

// importTests checks every test file, then creates the tests with the
// shared environments of set (createTests), each read from its file
// again only when its turn comes. It returns how many tests it created.
func importTests(ctx context.Context, client *runscope.Client, o *importOptions, set importSet, out io.Writer, prog progress) (int, error) {
	for _, p := range set.tests {
		if _, err := readTest(p); err != nil {
			return 0, err
		}
	}
	return createTests(ctx, client, o.bucket, &o.createOptions, set.envs, testSource[string]{
		items: values(set.tests),
		load:  func(_ context.Context, p string) (*runscope.Test, error) { return readTest(p) },
		would: func(p string) (string, error) {
			t, err := readTest(p)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("would create test %q from %s", t.Name, p), nil
		},
		where: func(p string) string { return p },
	}, out, prog)
}
