package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Without a token the tour runs against the fake from start to finish and
// cleans up after itself.
func TestQuickstartOnTheFake(t *testing.T) {
	var out bytes.Buffer
	noEnv := func(string) string { return "" }
	require.NoError(t, run(context.Background(), &out, noEnv))
	for _, want := range []string{
		"using the built-in fake Runscope API",
		"Lucky Notebook",
		`Created test "runscope-go quickstart`,
		`Created environment "quickstart" with base_url=https://httpbin.org`,
		"Scheduled it every 1h",
		"Triggered 1 run(s)",
		": queued\n", ": working\n", ": pass\n",
		"PASS in",
		"3/3 passed",
		"Deleted test",
	} {
		assert.Contains(t, out.String(), want)
	}
}

func TestQuickstartUnknownBucket(t *testing.T) {
	var out bytes.Buffer
	env := func(name string) string {
		if name == "RUNSCOPE_BUCKET_KEY" {
			return "nope"
		}
		return ""
	}
	err := run(context.Background(), &out, env)
	assert.ErrorContains(t, err, `no bucket has the key "nope"`)
}
