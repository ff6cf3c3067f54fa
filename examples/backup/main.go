// Command backup exports the API tests of your Runscope buckets to JSON
// files, and restores such a file into a bucket. A file holds the whole
// test: its steps (a condition step with its own), its test-specific
// environments and schedules, and every member the API sent, those the SDK
// does not model included, so a restored test equals the exported one.
//
//	export RUNSCOPE_ACCESS_TOKEN=...
//	go run ./examples/backup export -dir backups                # every test of every bucket
//	go run ./examples/backup export -dir backups -bucket <key>  # the tests of one bucket
//	go run ./examples/backup restore -bucket <key> backups/<key>/<test id>.json [more.json...]
//
// Without RUNSCOPE_ACCESS_TOKEN and without a command it runs a demo: it
// starts runscopetest, the SDK's in-memory fake of the Runscope API, seeds
// it with tests (one with members the SDK does not model, a condition step,
// an environment and a schedule), exports them to a temporary directory,
// restores one into its bucket and compares the restored test with the
// file. Nothing leaves the machine.
//
//	go run ./examples/backup
//
// export lists the buckets (or takes -bucket), walks the tests of each
// with the Tests.All iterator, reads each in full with Tests.Get and writes
// DIR/<bucket key>/<test id>.json, indented, readable (<, > and & are not
// escaped), with permissions 0600 since environments may hold secrets.
// Each file is written to a temporary name first and renamed, so an
// interrupted export leaves no half-written file. A test deleted between
// the listing and its read is skipped with a note. Files of tests deleted
// since an earlier export into the same DIR stay.
//
// restore reads every file before it creates anything, so a bad file
// restores nothing, then creates one test per file with Tests.Create, which
// the API treats as an import. The file is sent untouched: the API assigns
// the test, its steps, environments and schedules new IDs, and a new
// trigger URL, creation time and creator, and ignores last_run. Removing
// the old IDs first would break the import, since default_environment_id
// and each schedule's environment_id name the exported environments by
// their old IDs, which the API maps to the new ones. Restoring a file twice
// makes two tests; restore never overwrites one. Shared environments of
// the bucket and the tests that subtest steps call are not part of a
// test's file.
//
// Flags of both commands: -api URL (default $RUNSCOPE_API_URL, else
// https://api.runscope.com/). Exit status: 0 done, 1 the API or a file
// failed, 2 bad usage.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"text/tabwriter"

	"github.com/go-runscope/runscope"
	"github.com/go-runscope/runscope/runscopetest"
)

// Exit statuses.
const (
	exitOK     = 0
	exitFailed = 1 // the API or a file failed
	exitUsage  = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `Usage:
  backup export -dir DIR [-bucket KEY] [-api URL]
  backup restore -bucket KEY [-api URL] FILE...
  backup          (without RUNSCOPE_ACCESS_TOKEN: a demo against an in-memory fake API)

export writes every test of every bucket, or of the bucket KEY, to
DIR/<bucket key>/<test id>.json; restore creates a test in the bucket KEY
from each FILE. Both need RUNSCOPE_ACCESS_TOKEN.
`

// run is the whole program: it parses args, reads RUNSCOPE_ACCESS_TOKEN and
// RUNSCOPE_API_URL through getenv, reports to stdout and errors to stderr,
// and returns the exit status.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	token := getenv("RUNSCOPE_ACCESS_TOKEN")
	if len(args) == 0 {
		if token != "" {
			fmt.Fprint(stderr, "backup: name a command: export or restore\n\n"+usage)
			return exitUsage
		}
		if err := demo(ctx, stdout); err != nil {
			fmt.Fprintf(stderr, "backup: demo: %v\n", err)
			return exitFailed
		}
		return exitOK
	}

	cmd := args[0]
	switch cmd {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	case "export", "restore":
	default:
		fmt.Fprintf(stderr, "backup: unknown command %q\n\n%s", cmd, usage)
		return exitUsage
	}
	fs := flag.NewFlagSet("backup "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "%s\nFlags of %s:\n", usage, cmd)
		fs.PrintDefaults()
	}
	api := getenv("RUNSCOPE_API_URL")
	if api == "" {
		api = runscope.DefaultBaseURL
	}
	fs.StringVar(&api, "api", api, "the API root `URL` (default: $RUNSCOPE_API_URL, else the Runscope API)")
	var dir, bucket string
	if cmd == "export" {
		fs.StringVar(&dir, "dir", "", "the `directory` to write DIR/<bucket key>/<test id>.json to (required)")
		fs.StringVar(&bucket, "bucket", "", "export only the bucket with this `key`")
	} else {
		fs.StringVar(&bucket, "bucket", "", "the `key` of the bucket to restore into (required)")
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}

	var problem string
	switch {
	case cmd == "export" && dir == "":
		problem = "-dir is required"
	case cmd == "export" && fs.NArg() > 0:
		problem = fmt.Sprintf("unexpected argument %q", fs.Arg(0))
	case cmd == "restore" && bucket == "":
		problem = "-bucket is required"
	case cmd == "restore" && fs.NArg() == 0:
		problem = "name the files to restore"
	case token == "":
		problem = "RUNSCOPE_ACCESS_TOKEN is not set; set it to an access token of your Runscope\n" +
			"account (Account → Applications), or run backup without arguments for a demo"
	}
	if problem != "" {
		fmt.Fprintf(stderr, "backup %s: %s\nRun backup %s -h for its flags.\n", cmd, problem, cmd)
		return exitUsage
	}

	// A transport of its own, closed on return: run leaves no connection
	// or goroutine behind.
	tr := http.DefaultTransport.(*http.Transport).Clone()
	defer tr.CloseIdleConnections()
	client, err := runscope.NewClient(
		runscope.WithToken(token),
		runscope.WithBaseURL(api),
		runscope.WithHTTPClient(&http.Client{Transport: tr}),
		runscope.WithUserAgent("runscope-go-backup"),
	)
	if err != nil {
		fmt.Fprintf(stderr, "backup %s: -api %s: %v\n", cmd, api, err)
		return exitUsage
	}

	if cmd == "export" {
		_, err = export(ctx, client, dir, bucket, stdout)
	} else {
		_, err = restore(ctx, client, bucket, fs.Args(), stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "backup %s: %v\n", cmd, err)
		return exitFailed
	}
	return exitOK
}

// export writes every test of the bucket key, or of every bucket when key
// is empty, to dir/<bucket key>/<test id>.json and returns the files'
// paths.
func export(ctx context.Context, client *runscope.Client, dir, key string, out io.Writer) ([]string, error) {
	keys := []string{key}
	if key == "" {
		buckets, _, err := client.Buckets.List(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing the buckets: %w", err)
		}
		keys = keys[:0]
		for _, b := range buckets {
			keys = append(keys, b.Key)
		}
	}
	var files []string
	for _, key := range keys {
		written, err := exportBucket(ctx, client, dir, key, out)
		files = append(files, written...)
		if err != nil {
			return files, err
		}
	}
	fmt.Fprintf(out, "Exported %d test(s) from %d bucket(s) to %s\n", len(files), len(keys), dir)
	return files, nil
}

// exportBucket writes the tests of one bucket.
func exportBucket(ctx context.Context, client *runscope.Client, dir, key string, out io.Writer) ([]string, error) {
	if !safeName(key) {
		return nil, fmt.Errorf("the bucket key %q cannot name a directory", key)
	}
	bucketDir := filepath.Join(dir, key) // made with the first file
	fmt.Fprintf(out, "Bucket %s:\n", key)
	var files []string
	for listed, err := range client.Tests.All(ctx, key, nil) {
		if err != nil {
			return files, fmt.Errorf("listing the tests of bucket %s: %w", key, err)
		}
		if !safeName(listed.ID) {
			return files, fmt.Errorf("the test ID %q cannot name a file", listed.ID)
		}
		// The list has no steps, environments or schedules; the detail has.
		test, _, err := client.Tests.Get(ctx, key, listed.ID)
		if errors.Is(err, runscope.ErrNotFound) {
			fmt.Fprintf(out, "  skipped test %s %q: deleted since it was listed\n", listed.ID, listed.Name)
			continue
		}
		if err != nil {
			return files, fmt.Errorf("reading test %s of bucket %s: %w", listed.ID, key, err)
		}
		if len(files) == 0 {
			if err := os.MkdirAll(bucketDir, 0o700); err != nil {
				return nil, err
			}
		}
		path := filepath.Join(bucketDir, listed.ID+".json")
		if err := writeJSON(path, test); err != nil {
			return files, err
		}
		files = append(files, path)
		fmt.Fprintf(out, "  %s  %s\n", path, test.Name)
	}
	return files, nil
}

// safeName reports whether s can name a file or directory inside another:
// not empty, not "." or "..", no separator.
func safeName(s string) bool {
	return filepath.IsLocal(s) && !strings.ContainsAny(s, `/\`) && s != "."
}

// encode is v as indented JSON. The models encode every member they
// decoded, unknown ones included; HTML characters are left as they are.
func encode(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeJSON writes v to path through a temporary file in the same
// directory, readable by its owner only.
func writeJSON(path string, v any) error {
	data, err := encode(v)
	if err != nil {
		return fmt.Errorf("encoding %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".backup-*.json") // mode 0600
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// restore creates one test in the bucket key from each file, after reading
// them all, and returns the tests created.
func restore(ctx context.Context, client *runscope.Client, key string, files []string, out io.Writer) ([]*runscope.Test, error) {
	tests := make([]*runscope.Test, len(files))
	for i, f := range files {
		t, err := readTest(f)
		if err != nil {
			return nil, fmt.Errorf("%w; nothing was restored", err)
		}
		tests[i] = t
	}
	var created []*runscope.Test
	for i, t := range tests {
		// Sent as read: see the package doc for why the old IDs stay.
		c, _, err := client.Tests.Create(ctx, key, t)
		if err != nil {
			return created, fmt.Errorf("restoring %s: %w (%d of %d file(s) restored before it)", files[i], err, i, len(files))
		}
		created = append(created, c)
		fmt.Fprintf(out, "  %s -> test %s %q\n", files[i], c.ID, c.Name)
	}
	fmt.Fprintf(out, "Restored %d test(s) into bucket %s\n", len(created), key)
	return created, nil
}

// readTest reads an exported test.
func readTest(path string) (*runscope.Test, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var t runscope.Test
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("%s is not a test's JSON object: %w", path, err)
	}
	if strings.TrimSpace(t.Name) == "" {
		return nil, fmt.Errorf("%s holds a test without a name: is it an export?", path)
	}
	return &t, nil
}

// demo backs up a fake Runscope API seeded with tests, restores one and
// compares it with its file.
func demo(ctx context.Context, out io.Writer) error {
	srv := runscopetest.NewServer()
	defer srv.Close()
	client := srv.Client()
	fmt.Fprintf(out, "DEMO: RUNSCOPE_ACCESS_TOKEN is not set, so this backs up runscopetest, the SDK's\n"+
		"in-memory fake of the Runscope API, at %s. Nothing is sent to Runscope.\n\n", srv.URL())

	orders, err := seedDemo(ctx, client, srv)
	if err != nil {
		return fmt.Errorf("seeding the fake: %w", err)
	}
	dir, err := os.MkdirTemp("", "runscope-backup-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	fmt.Fprintf(out, "$ backup export -dir %s\n", dir)
	if _, err := export(ctx, client, dir, "", out); err != nil {
		return err
	}
	file := filepath.Join(dir, srv.BucketKey(), orders.ID+".json")
	fmt.Fprintf(out, "\n$ backup restore -bucket %s %s\n", srv.BucketKey(), file)
	created, err := restore(ctx, client, srv.BucketKey(), []string{file}, out)
	if err != nil {
		return err
	}

	restored, _, err := client.Tests.Get(ctx, srv.BucketKey(), created[0].ID)
	if err != nil {
		return err
	}
	exported, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	now, err := encode(restored)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nThe restored test %s against %s:\n", restored.ID, filepath.Base(file))
	same, err := compare(out, exported, now)
	if err != nil {
		return err
	}
	if !same {
		return errors.New("the restored test differs from its export")
	}
	fmt.Fprintln(out, "Equal, unknown members included, in depth, but for what the API assigns anew:\n"+
		"the members marked ~ and the IDs of steps, environments and schedules.")
	fmt.Fprintf(out, "(%s is removed when the demo ends.)\n", dir)
	return nil
}

// ordersExport is a test as a Runscope export holds it, with members the
// SDK does not model at every level: on the test (version, exported_at),
// its steps (fragment, args...), an assertion and a variable, a condition
// step and the step inside it, a step type the SDK does not know, an
// environment and a schedule.
const ordersExport = `{
  "name": "Orders API",
  "description": "Lists the orders, then reads the first one if there is one.",
  "version": "1.0",
  "exported_at": 1700000000,
  "default_environment_id": "e0000000-0000-4000-8000-000000000001",
  "environments": [{
    "id": "e0000000-0000-4000-8000-000000000001",
    "name": "Staging",
    "initial_variables": {"base_url": "https://staging.example.com"},
    "regions": ["us1", "eu1"],
    "verify_ssl": true,
    "exported_at": 1700000000
  }],
  "schedules": [{
    "environment_id": "e0000000-0000-4000-8000-000000000001",
    "interval": "1h",
    "note": "hourly",
    "exported_at": 1700000000
  }],
  "steps": [
    {
      "step_type": "request",
      "method": "GET",
      "url": "{{base_url}}/orders",
      "headers": {"Accept": ["application/json"]},
      "fragment": "",
      "args": {},
      "multipart_form": [],
      "binary_body": null,
      "assertions": [
        {"source": "response_status", "comparison": "equal_number", "value": 200, "ui_collapsed": true},
        {"source": "response_json", "property": "orders", "comparison": "not_empty", "value": null}
      ],
      "variables": [{"name": "order_id", "source": "response_json", "property": "orders[0].id", "ui_hint": "first order"}]
    },
    {
      "step_type": "condition",
      "left_value": "{{order_id}}",
      "comparison": "not_empty",
      "note": "only when there is an order",
      "ui_collapsed": false,
      "steps": [{
        "step_type": "request",
        "method": "GET",
        "url": "{{base_url}}/orders/{{order_id}}",
        "fragment": "details",
        "assertions": [{"source": "response_json", "property": "id", "comparison": "equal", "value": "{{order_id}}"}]
      }]
    },
    {"step_type": "pause", "duration": 2},
    {"step_type": "webhook-listener", "timeout_seconds": 30, "note": "a step type the SDK does not know"}
  ]
}`

// seedDemo fills the fake with the Orders API test in the default bucket, a
// test built in Go beside it and one in a second bucket, and returns the
// Orders API test.
func seedDemo(ctx context.Context, client *runscope.Client, srv *runscopetest.Server) (*runscope.Test, error) {
	var t runscope.Test
	if err := json.Unmarshal([]byte(ordersExport), &t); err != nil {
		return nil, err
	}
	orders, _, err := client.Tests.Create(ctx, srv.BucketKey(), &t)
	if err != nil {
		return nil, err
	}
	health := &runscope.Test{
		Name: "Health check",
		Steps: []runscope.Step{&runscope.RequestStep{
			Method: http.MethodGet,
			URL:    "https://api.example.com/health",
			Assertions: []runscope.Assertion{
				{Source: runscope.AssertionSourceStatus, Comparison: runscope.ComparisonEqualNumber, Value: 200},
			},
		}},
	}
	if _, _, err := client.Tests.Create(ctx, srv.BucketKey(), health); err != nil {
		return nil, err
	}
	staging, _, err := client.Buckets.Create(ctx, "Staging", srv.TeamUUID())
	if err != nil {
		return nil, err
	}
	login := &runscope.Test{
		Name:        "Login",
		Description: "Signs in and reads the profile.",
		Steps: []runscope.Step{
			&runscope.RequestStep{Method: http.MethodPost, URL: "https://staging.example.com/login", Body: `{"user":"{{user}}"}`},
			&runscope.PauseStep{Duration: 1},
			&runscope.RequestStep{Method: http.MethodGet, URL: "https://staging.example.com/me"},
		},
	}
	if _, _, err := client.Tests.Create(ctx, staging.Key, login); err != nil {
		return nil, err
	}
	return orders, nil
}

// assigned are the members of a test that the API sets anew when it
// creates one, whatever the body held. The IDs of steps, environments and
// schedules are assigned anew too, and the references to environments
// follow the new IDs; compare hides those.
var assigned = []string{"id", "trigger_url", "created_at", "created_by", "last_run"}

// compare prints how the members of two encoded tests compare, one line
// per member of either, after hiding the IDs the API assigns anew inside
// steps, environments and schedules, and reports whether they are equal
// but for the members in assigned.
func compare(out io.Writer, exported, restored []byte) (bool, error) {
	var a, b map[string]any
	if err := decode(exported, &a); err != nil {
		return false, err
	}
	if err := decode(restored, &b); err != nil {
		return false, err
	}
	hideIDs(a)
	hideIDs(b)
	modeled := map[string]bool{}
	for f := range reflect.TypeFor[runscope.Test]().Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		modeled[name] = true
	}

	same := true
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	for _, k := range slices.Sorted(maps.Keys(merge(a, b))) {
		va, inA := a[k]
		vb, inB := b[k]
		note := ""
		if !modeled[k] {
			note = "\t(not modeled by the SDK)"
		}
		switch {
		case slices.Contains(assigned, k):
			fmt.Fprintf(tw, "  ~ %s\tassigned anew\n", k)
		case inA && inB && reflect.DeepEqual(va, vb):
			fmt.Fprintf(tw, "  = %s\t%s%s\n", k, brief(va), note)
		default:
			same = false
			if inA {
				fmt.Fprintf(tw, "  - %s\t%s%s\n", k, brief(va), note)
			}
			if inB {
				fmt.Fprintf(tw, "  + %s\t%s%s\n", k, brief(vb), note)
			}
		}
	}
	return same, tw.Flush()
}

func decode(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return dec.Decode(v)
}

func merge(a, b map[string]any) map[string]any {
	m := maps.Clone(a)
	maps.Copy(m, b)
	return m
}

// hideIDs replaces the IDs the API assigns inside a decoded test: the id of
// every step (nested ones included), environment and schedule, and an
// environment's test_id, go; environment IDs, and the references to them
// in default_environment_id and the schedules, become "environment 1"...
func hideIDs(test map[string]any) {
	envs := map[string]string{}
	for i, e := range list(test["environments"]) {
		env := e.(map[string]any)
		id, _ := env["id"].(string)
		envs[id] = fmt.Sprintf("environment %d", i+1)
		env["id"] = envs[id]
		delete(env, "test_id")
	}
	if id, ok := test["default_environment_id"].(string); ok && envs[id] != "" {
		test["default_environment_id"] = envs[id]
	}
	for _, s := range list(test["schedules"]) {
		sc := s.(map[string]any)
		delete(sc, "id")
		if id, ok := sc["environment_id"].(string); ok && envs[id] != "" {
			sc["environment_id"] = envs[id]
		}
	}
	var steps func(v any)
	steps = func(v any) {
		for _, s := range list(v) {
			step := s.(map[string]any)
			delete(step, "id")
			steps(step["steps"])
		}
	}
	steps(test["steps"])
}

// list returns the objects of a JSON array; nil for anything else.
func list(v any) []any {
	l, _ := v.([]any)
	var out []any
	for _, e := range l {
		if _, ok := e.(map[string]any); ok {
			out = append(out, e)
		}
	}
	return out
}

// brief is a short rendering of a JSON value for a comparison line.
func brief(v any) string {
	switch v := v.(type) {
	case []any:
		return fmt.Sprintf("%d item(s)", len(v))
	case map[string]any:
		return fmt.Sprintf("object of %d member(s)", len(v))
	}
	b, _ := json.Marshal(v)
	s := string(b)
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}
