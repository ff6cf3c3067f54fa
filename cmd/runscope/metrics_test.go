package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// --timeframe takes the SDK's timeframes and names them all when given
// another.
func TestMetricsTimeframeValues(t *testing.T) {
	for _, tf := range []string{"hour", "day", "week", "month"} {
		assert.NoError(t, (&metricsOptions{bucket: "bkt", timeframe: tf}).validate(), tf)
	}
	err := (&metricsOptions{bucket: "bkt", timeframe: "year"}).validate()
	require.Error(t, err)
	assert.True(t, isUsage(err))
	assert.Equal(t, `--timeframe must be hour, day, week or month, not "year"`, err.Error())
}
