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
// take nothing but a context (Buckets.List) are the only ones that send.
func TestServiceMethodsSurviveZeroArguments(t *testing.T) {
	c, mt := mockClient(t)
	mt.RegisterNoResponder(httpmock.NewStringResponder(200, `{"data":null}`))
	services := reflect.ValueOf(c).Elem()
	ctxType := reflect.TypeFor[context.Context]()
	methods, contextOnly := 0, 0
	for i := range services.NumField() {
		svc := services.Field(i)
		if !services.Type().Field(i).IsExported() {
			continue
		}
		for j := range svc.NumMethod() {
			name := services.Type().Field(i).Name + "." + svc.Type().Method(j).Name
			m := svc.Method(j)
			args := make([]reflect.Value, m.Type().NumIn())
			for k := range args {
				if m.Type().In(k) == ctxType {
					args[k] = reflect.ValueOf(context.Background())
				} else {
					args[k] = reflect.Zero(m.Type().In(k))
				}
			}
			methods++
			if len(args) == 1 {
				contextOnly++
			}
			assert.NotPanics(t, func() {
				out := m.Call(args)
				last := out[len(out)-1]
				if last.Type().Kind() == reflect.Func { // an All iterator
					yield := reflect.MakeFunc(last.Type().In(0), func(in []reflect.Value) []reflect.Value {
						if !in[1].IsNil() {
							assert.Error(t, in[1].Interface().(error), name)
						}
						return []reflect.Value{reflect.ValueOf(true)}
					})
					last.Call([]reflect.Value{yield})
					return
				}
				if len(args) > 1 {
					assert.Error(t, asError(last), name)
				}
			}, name)
		}
	}
	assert.Greater(t, methods, 60, "every service method was called")
	assert.Equal(t, contextOnly, mt.GetTotalCallCount(), "no request is sent with empty identifiers")
}

func asError(v reflect.Value) error {
	if v.IsNil() {
		return nil
	}
	return v.Interface().(error)
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
	services := reflect.ValueOf(c).Elem()
	ctxType := reflect.TypeFor[context.Context]()
	for i := range services.NumField() {
		if !services.Type().Field(i).IsExported() {
			continue
		}
		svc := services.Field(i)
		for j := range svc.NumMethod() {
			name := services.Type().Field(i).Name + "." + svc.Type().Method(j).Name
			m := svc.Method(j)
			args := make([]reflect.Value, m.Type().NumIn())
			for k := range args {
				switch in := m.Type().In(k); {
				case in == ctxType:
					args[k] = reflect.ValueOf(ctx)
				case in.Kind() == reflect.String:
					args[k] = reflect.ValueOf("x").Convert(in)
				default:
					args[k] = reflect.Zero(in)
				}
			}
			assert.NotPanics(t, func() {
				out := m.Call(args)
				if last := out[len(out)-1]; last.Type().Kind() == reflect.Func {
					yield := reflect.MakeFunc(last.Type().In(0), func([]reflect.Value) []reflect.Value {
						return []reflect.Value{reflect.ValueOf(true)}
					})
					last.Call([]reflect.Value{yield})
				}
			}, name)
		}
	}
}
