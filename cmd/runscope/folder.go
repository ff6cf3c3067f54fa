package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-runscope/runscope"
)

// An export is a folder per bucket, named after its key, holding a file
// per test and per shared environment, named after its ID:
//
//	DIR/<bucket key>/tests/<test id>.json
//	DIR/<bucket key>/environments/<environment id>.json
//
// The files hold what the API sent, indented, every member kept, except
// trigger URLs, which start runs without a token: they are left empty, and
// an import gets new ones anyway.

const (
	testsDir        = "tests"
	environmentsDir = "environments"
)

// fileName makes an ID from the API a file name, refusing one that is not
// a plain name (a path separator, "..").
func fileName(kind, id string) (string, error) {
	if id == "" || id == "." || id == ".." || strings.ContainsAny(id, `/\`+"\x00") {
		return "", fmt.Errorf("%s ID %q cannot be a file name", kind, id)
	}
	return id, nil
}

// writeJSONFile writes v to path, indented: first to a temporary file in
// the same folder, then renamed, so that an interrupted export leaves no
// half-written file. The mode is 0600: environments may hold secrets.
func writeJSONFile(path string, v any) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*.json")
	if err != nil {
		return err
	}
	werr := encodeIndented(f, v)
	if err := f.Close(); werr == nil {
		werr = err
	}
	if werr == nil {
		werr = os.Rename(f.Name(), path)
	}
	if werr != nil {
		_ = os.Remove(f.Name())
	}
	return werr
}

// encodeIndented writes v as indented JSON, with <, > and & as they are:
// scripts and bodies are full of them.
func encodeIndented(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// readJSONFile decodes the file at path into v, which must hold one JSON
// value.
func readJSONFile(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(bytes.TrimSpace(b), v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// readTest reads a test file; it must name the test.
func readTest(path string) (*runscope.Test, error) {
	var t runscope.Test
	if err := readJSONFile(path, &t); err != nil {
		return nil, err
	}
	if strings.TrimSpace(t.Name) == "" {
		return nil, fmt.Errorf("%s: not a Runscope test: it has no name", path)
	}
	return &t, nil
}

// readEnvironment reads an environment file; it must name the environment.
func readEnvironment(path string) (*runscope.Environment, error) {
	var e runscope.Environment
	if err := readJSONFile(path, &e); err != nil {
		return nil, err
	}
	if strings.TrimSpace(e.Name) == "" {
		return nil, fmt.Errorf("%s: not a Runscope environment: it has no name", path)
	}
	return &e, nil
}

// jsonFiles returns the paths of the .json files in dir, sorted; none
// when dir does not exist.
func jsonFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".json") && !strings.HasPrefix(e.Name(), ".") {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	return out, nil
}

// isBucketFolder reports whether dir is an exported bucket: it has a
// tests or an environments folder.
func isBucketFolder(dir string) bool {
	for _, sub := range []string{testsDir, environmentsDir} {
		if fi, err := os.Stat(filepath.Join(dir, sub)); err == nil && fi.IsDir() {
			return true
		}
	}
	return false
}

// readEnvironments reads the shared environments of an exported bucket.
func readEnvironments(dir string) ([]*runscope.Environment, error) {
	paths, err := jsonFiles(filepath.Join(dir, environmentsDir))
	if err != nil {
		return nil, err
	}
	envs := make([]*runscope.Environment, 0, len(paths))
	for _, p := range paths {
		e, err := readEnvironment(p)
		if err != nil {
			return nil, err
		}
		envs = append(envs, e)
	}
	return envs, nil
}

// withoutTriggerURL returns t ready to be written out: its trigger URL,
// a secret, emptied.
func withoutTriggerURL(t *runscope.Test) *runscope.Test {
	t.TriggerURL = ""
	return t
}
