package runscope

import (
	"os"
	"testing"

	"github.com/go-runscope/runscope/internal/genjson"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// models_json.go is what go generate writes from the models as they are:
// every model has its JSON methods, and none repeats them by hand.
func TestModelsJSONIsGenerated(t *testing.T) {
	want, err := genjson.Generate(".")
	require.NoError(t, err, "run: go run ./internal/cmd/genjson -fix")
	got, err := os.ReadFile(genjson.Output)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "%s is stale: run go generate ./...", genjson.Output)
}
