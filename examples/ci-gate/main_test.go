package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCIGateOnTheFake(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out, func(string) string { return "" }))
	assert.Contains(t, out.String(), "Orders API (us1): pass, 1/1 assertions passed")
	assert.Contains(t, out.String(), "Users API (us1): pass")
}
