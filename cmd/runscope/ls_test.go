package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"testing"

	"github.com/go-runscope/runscope"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The LAST RUN column: pass or fail for a run that completed, as
// LastRun.Passed judges it, else how the run ended.
func TestLastRun(t *testing.T) {
	b, err := os.ReadFile("../../testdata/tests_list_last_run.json")
	require.NoError(t, err)
	var sample struct {
		Data []*runscope.Test `json:"data"`
	}
	require.NoError(t, json.Unmarshal(b, &sample))
	require.Len(t, sample.Data, 1)
	assert.Equal(t, "pass", lastRun(sample.Data[0]), "the reference's sample: completed, every check succeeded")

	for name, c := range map[string]struct {
		lastRun string // the last_run member, over a completed run of one request and one assertion
		want    string
	}{
		"passed":              {`{}`, "pass"},
		"an assertion failed": {`{"assertion_success": 0}`, "fail"},
		"a request failed":    {`{"message_success": 0}`, "fail"},
		"an error":            {`{"error_count": 1}`, "fail"},
		"a script failed":     {`{"script_count": 1, "script_success": 0}`, "fail"},
		"did not complete":    {`{"status": "error"}`, "error"},
		"expired":             {`{"status": "expired"}`, "expired"},
		"canceled":            {`{"status": "canceled", "assertion_success": 0}`, "canceled"},
		"a new status":        {`{"status": "paused"}`, "paused"},
		"no status":           {`{"status": ""}`, "-"},
	} {
		t.Run(name, func(t *testing.T) {
			member := map[string]any{"status": "completed", "assertion_count": 1, "assertion_success": 1, "message_count": 1, "message_success": 1}
			require.NoError(t, json.Unmarshal([]byte(c.lastRun), &member))
			b, err := json.Marshal(map[string]any{"name": "Orders", "last_run": member})
			require.NoError(t, err)
			var test runscope.Test
			require.NoError(t, json.Unmarshal(b, &test))
			assert.Equal(t, c.want, lastRun(&test))
		})
	}
	assert.Equal(t, "-", lastRun(&runscope.Test{}), "never run")
}

// ls results asks for no more runs a page than --limit shows, and for
// pages of the most the API gives past that.
func TestLsResultsPageSize(t *testing.T) {
	f := newFake(t)
	test := f.addTest(t, f.BucketKey(), "Orders API")
	for _, c := range []struct{ limit, count string }{{"5", "5"}, {"50", "50"}, {"120", "50"}} {
		before := len(f.Requests())
		r := call(t, f.env(), "ls", "results", "--bucket", f.BucketKey(), "--test", test.ID, "--limit", c.limit)
		require.Equal(t, exitOK, r.code, r.stderr)
		reqs := f.Requests()[before:]
		require.Len(t, reqs, 1, "no run: one page")
		assert.Equal(t, c.count, reqs[0].Query.Get("count"), "--limit %s", c.limit)
	}
}

// --json output: an indented array written item by item, no HTML
// escaping, "[]" for none, and an error of the items ends it.
func TestWriteJSONArray(t *testing.T) {
	var buf bytes.Buffer
	items := values([]map[string]any{{"a": 1}, {"b": "<x>"}})
	require.NoError(t, writeJSONArray(&buf, items, nil))
	assert.Equal(t, "[\n  {\n    \"a\": 1\n  },\n  {\n    \"b\": \"<x>\"\n  }\n]\n", buf.String())
	assert.True(t, json.Valid(buf.Bytes()))

	buf.Reset()
	require.NoError(t, writeJSONArray(&buf, values([]int{}), nil))
	assert.Equal(t, "[]\n", buf.String())

	buf.Reset()
	require.NoError(t, writeJSONArray(&buf, values([]int{1, 2}), func(n int) any { return n * 10 }))
	assert.Equal(t, "[\n  10,\n  20\n]\n", buf.String())

	boom := errors.New("boom")
	failing := func(yield func(int, error) bool) { _ = yield(1, nil) && yield(0, boom) }
	assert.ErrorIs(t, writeJSONArray(&buf, failing, nil), boom)
}
