package main

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Tests pair by name; tests of one name pair in the order they were
// created; a test on one side only pairs with nothing.
func TestPairTests(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 1, d, 0, 0, 0, 0, time.UTC) }
	a := []*indexEntry{{name: "B", id: "a1", created: day(3)}, {name: "A", id: "a2", created: day(2)}, {name: "A", id: "a3", created: day(1)}, {name: "C", id: "a4"}}
	b := []*indexEntry{{name: "A", id: "b1", created: day(9)}, {name: "B", id: "b2"}, {name: "A", id: "b3", created: day(8)}, {name: "D", id: "b4"}, {name: "A", id: "b5", created: day(10)}}
	var got [][3]string
	for _, p := range pairTests(a, b) {
		ida, idb := "-", "-"
		if p.a != nil {
			ida = p.a.id
		}
		if p.b != nil {
			idb = p.b.id
		}
		got = append(got, [3]string{p.name, ida, idb})
	}
	assert.Equal(t, [][3]string{
		{"A", "a3", "b3"}, {"A", "a2", "b1"}, {"A", "-", "b5"},
		{"B", "a1", "b2"}, {"C", "a4", "-"}, {"D", "-", "b4"},
	}, got)
}

// A diff that cannot be written is an error, for shared environments as
// for tests: a diff that says less than it found must not pass for one.
func TestDiffWriteErrorIsAnError(t *testing.T) {
	dir := t.TempDir()
	for side, region := range map[string]string{"a": "us1", "b": "eu1"} {
		envs := filepath.Join(dir, side, environmentsDir)
		require.NoError(t, os.MkdirAll(envs, 0o700))
		require.NoError(t, os.WriteFile(filepath.Join(envs, "e1.json"), []byte(`{"id":"e1","name":"Staging","regions":["`+region+`"]}`), 0o600))
	}
	full := errors.New("no space left on device")
	_, err := diffSides(t.Context(), folderSide(filepath.Join(dir, "a")), folderSide(filepath.Join(dir, "b")), 2, failingWriter{full})
	assert.ErrorIs(t, err, full)
}

type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }
