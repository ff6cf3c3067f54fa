package runscope

import (
	"context"
	"reflect"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
)

// Every method of every service, called with zero values for all its
// arguments (empty IDs, nil options, nil bodies), returns an error instead
// of panicking, and sends nothing: empty IDs are caught first. Methods that
// take nothing but a context (Buckets.List) are the only ones that send;
// an All method's sequence yields the error first.
func TestServiceMethodsSurviveZeroArguments(t *testing.T) {
	c, mt := mockClient(t)
	mt.RegisterNoResponder(httpmock.NewStringResponder(200, `{"data":null}`))
	contextOnly := 0
	for _, sc := range everyCall(t) {
		res := sc.runWith(context.Background(), c, func(int) string { return "" }, reflect.Zero)
		assert.Nil(t, res.panicked, sc.name)
		if sc.method.Type().NumIn() == 1 {
			contextOnly++
			continue
		}
		assert.Error(t, res.err, sc.name)
	}
	assert.Equal(t, contextOnly, mt.GetTotalCallCount(), "no request is sent with empty identifiers")
}

// With real-looking identifiers and every other argument zero, and an API
// that answers every call with null data, no method panics either. (Wait
// polls a null answer until its context ends: that bounds the test.)
func TestServiceMethodsSurviveNilBodiesAndNullAnswers(t *testing.T) {
	synctest.Test(t, testNilBodiesAndNullAnswers)
}

func testNilBodiesAndNullAnswers(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, mt := mockClient(t)
	mt.RegisterNoResponder(httpmock.NewStringResponder(200, `{"data":null}`))
	for _, sc := range everyCall(t) {
		res := sc.runWith(ctx, c, func(int) string { return "x" }, reflect.Zero)
		assert.Nil(t, res.panicked, sc.name)
	}
}
