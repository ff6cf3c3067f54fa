package runscope

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Every options struct sent as a query names its parameters in url tags,
// the go-querystring convention: a field without one would be sent under
// its Go name. Fields the encoding cannot carry as they are (times, the
// trigger variables) say so with "-" and are supplied by the query method.
func TestQueryOptionsCarryURLTags(t *testing.T) {
	for _, opts := range []any{
		TestListOptions{}, ResultListOptions{}, PeopleListOptions{}, MetricsOptions{},
		UsageOptions{}, BucketGetOptions{}, TriggerOptions{},
	} {
		typ := reflect.TypeOf(opts)
		for f := range typ.Fields() {
			assert.NotEmpty(t, f.Tag.Get("url"), "%s.%s has no url tag", typ.Name(), f.Name)
		}
	}
}
