// Command backup shows the SDK calls behind a backup: every test of a
// bucket read in full and written to a JSON file, one restored into
// another bucket with Tests.Create, and the copy compared with the
// original by runscope.ComparableTest. To back up an account, use the
// runscope command instead, which reads --concurrency tests at a time,
// carries shared environments along and diffs buckets and folders:
//
//	runscope export --dir backup
//	runscope import --bucket NEW_KEY backup/KEY
//	runscope diff KEY NEW_KEY
//
// This example runs against runscopetest, the SDK's in-memory fake of the
// API, and writes to a temporary folder:
//
//	go run ./examples/backup
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/go-runscope/runscope"
	"github.com/go-runscope/runscope/runscopetest"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "backup:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer) error {
	srv := runscopetest.NewServer()
	defer srv.Close()
	client, bucket := srv.Client(), srv.BucketKey()
	for _, name := range []string{"Orders API", "Users API"} {
		if _, _, err := client.Tests.Create(ctx, bucket, &runscope.Test{Name: name}); err != nil {
			return err
		}
	}
	dir, err := os.MkdirTemp("", "runscope-backup")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	// Export: the list has no steps; Get reads each test in full, with
	// every member the API sent, those the SDK does not model included.
	var files []string
	for listed, err := range client.Tests.All(ctx, bucket, nil) {
		if err != nil {
			return err
		}
		test, _, err := client.Tests.Get(ctx, bucket, listed.ID)
		if err != nil {
			return err
		}
		test.TriggerURL = "" // it starts runs without a token: keep it out of files
		b, err := json.MarshalIndent(test, "", "  ")
		if err != nil {
			return err
		}
		path := filepath.Join(dir, test.ID+".json")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			return err
		}
		files = append(files, path)
		fmt.Fprintf(out, "exported %q\n", test.Name)
	}

	// Restore the first file into another bucket: Create imports a full
	// test, steps and environments included, with new IDs.
	target, _, err := client.Buckets.Create(ctx, "Restored", srv.TeamUUID())
	if err != nil {
		return err
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		return err
	}
	var saved runscope.Test
	if err := json.Unmarshal(b, &saved); err != nil {
		return err
	}
	restored, _, err := client.Tests.Create(ctx, target.Key, &saved)
	if err != nil {
		return err
	}

	// Compare them without what each bucket's server assigned.
	a, err := runscope.ComparableTest(&saved, nil)
	if err != nil {
		return err
	}
	c, err := runscope.ComparableTest(restored, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "restored %q into bucket %q: the same test: %v\n", restored.Name, target.Name, bytes.Equal(a, c))
	return nil
}
