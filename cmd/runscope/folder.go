package main

import (
	"errors"
	"fmt"
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

// readTest reads a test file; it must name the test.
func readTest(path string) (*runscope.Test, error) {
	return readNamed(path, "test", func(t *runscope.Test) string { return t.Name })
}

// readEnvironment reads an environment file; it must name the environment.
func readEnvironment(path string) (*runscope.Environment, error) {
	return readNamed(path, "environment", func(e *runscope.Environment) string { return e.Name })
}

// readNamed reads a file of what kind ("test") into a T, which name must
// find a name in: a file without is not what it should be.
func readNamed[T any](path, kind string, name func(*T) string) (*T, error) {
	v := new(T)
	if err := readJSONFile(path, v); err != nil {
		return nil, err
	}
	if strings.TrimSpace(name(v)) == "" {
		return nil, fmt.Errorf("%s: not a Runscope %s: it has no name", path, kind)
	}
	return v, nil
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

// checkBucketFolder says why the folder dir is not an exported bucket,
// or returns nil when it is: it has a tests or an environments folder.
func checkBucketFolder(dir string) error {
	for _, sub := range []string{testsDir, environmentsDir} {
		if fi, err := os.Stat(filepath.Join(dir, sub)); err == nil && fi.IsDir() {
			return nil
		}
	}
	return fmt.Errorf("%s is not an exported bucket folder: it has no %s or %s folder", dir, testsDir, environmentsDir)
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
