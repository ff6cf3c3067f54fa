package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Files the command writes and reads: reports, exported tests and
// environments.

// writeFile creates path and writes it with write.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	return writeAndClose(f, write)
}

// writeAndClose writes f with write and closes it; a failed close counts,
// since it can be the write that failed.
func writeAndClose(f *os.File, write func(io.Writer) error) error {
	err := write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// writeJSONFile writes v to path, indented: first to a temporary file in
// the same folder, then renamed, so that an interrupted export leaves no
// half-written file. The mode is 0600: environments may hold secrets.
func writeJSONFile(path string, v any) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*.json")
	if err != nil {
		return err
	}
	err = writeAndClose(f, func(w io.Writer) error { return encodeIndented(w, "", v) })
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		_ = os.Remove(f.Name())
	}
	return err
}

// encodeIndented writes v as JSON indented by two spaces, every line but
// the first starting with prefix, and <, > and & as they are: scripts and
// bodies are full of them.
func encodeIndented(w io.Writer, prefix string, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, "  ")
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
