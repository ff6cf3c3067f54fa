package runscope

import (
	"context"
	"reflect"
	"testing"
)

// serviceCall is one method of the public API, found by reflection so that
// a method added later is covered too, ready to be called with valid
// arguments.
type serviceCall struct {
	name string // "Tests.Get"
	// promise: the method's doc promises a value (a pointer or a Step),
	// not a list, and not nothing.
	promise bool
	// ids is how many string arguments the method takes: the path
	// parameters, and the names, emails and triggers a method sends.
	ids    int
	method reflect.Value
}

// callResult is what a call returned; for an All iterator, its first yield.
type callResult struct {
	value    reflect.Value // invalid when the method returns no value
	err      error
	panicked any
}

// nilValue reports a value-returning call that returned a nil value.
func (r callResult) nilValue() bool {
	if !r.value.IsValid() {
		return false
	}
	switch r.value.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Slice, reflect.Map:
		return r.value.IsNil()
	}
	return false
}

// everyCall lists every method of the Client's services, and the client's
// own Account and Regions.
func everyCall(t testing.TB) []serviceCall {
	t.Helper()
	c, err := NewClient()
	if err != nil {
		t.Fatal(err)
	}
	var calls []serviceCall
	add := func(name string, m reflect.Value) {
		mt := m.Type()
		if mt.NumIn() == 0 || mt.In(0) != reflect.TypeFor[context.Context]() {
			return
		}
		sc := serviceCall{name: name, method: m}
		for i := 1; i < mt.NumIn(); i++ {
			if mt.In(i).Kind() == reflect.String {
				sc.ids++
			}
		}
		if out := mt.Out(0); mt.NumOut() >= 2 && out != reflect.TypeFor[*Response]() {
			sc.promise = out.Kind() == reflect.Pointer || out.Kind() == reflect.Interface
		}
		calls = append(calls, sc)
	}
	cv := reflect.ValueOf(c)
	add("Client.Account", cv.MethodByName("Account"))
	add("Client.Regions", cv.MethodByName("Regions"))
	services := cv.Elem()
	for i := range services.NumField() {
		f := services.Type().Field(i)
		if !f.IsExported() {
			continue
		}
		svc := services.Field(i)
		for j := range svc.NumMethod() {
			add(f.Name+"."+svc.Type().Method(j).Name, svc.Method(j))
		}
	}
	if len(calls) < 70 {
		t.Fatalf("found %d methods; the enumeration is broken", len(calls))
	}
	return calls
}

// validArgs are arguments that pass each method's checks, by type. Options
// are nil; a type missing here gets its zero value, and the tests that
// need a request to be sent say which method did not send one. The runs
// of WaitAll name the path parameters they fill.
var validArgs = map[reflect.Type]func() any{
	reflect.TypeFor[*CustomEmailAdd]():  func() any { return &CustomEmailAdd{TeamUUID: "team", Email: "a@example.com"} },
	reflect.TypeFor[*Environment]():     func() any { return &Environment{Name: "env"} },
	reflect.TypeFor[*GroupUpdate]():     func() any { return &GroupUpdate{BucketKeys: []string{"bkt"}} },
	reflect.TypeFor[*Role]():            func() any { return &Role{Name: "role"} },
	reflect.TypeFor[[]string]():         func() any { return []string{"example.com"} },
	reflect.TypeFor[*Schedule]():        func() any { return &Schedule{EnvironmentID: "env", Interval: Every1h} },
	reflect.TypeFor[Step]():             func() any { return &RequestStep{Method: "GET", URL: "https://example.com/"} },
	reflect.TypeFor[[]Step]():           func() any { return []Step{&RequestStep{ID: "s1", Method: "GET", URL: "https://example.com/"}} },
	reflect.TypeFor[*Invitation]():      func() any { return &Invitation{Emails: []string{"a@example.com"}} },
	reflect.TypeFor[*Test]():            func() any { return &Test{Name: "test"} },
	reflect.TypeFor[[]*Test]():          func() any { return []*Test{{Name: "test"}} },
	reflect.TypeFor[*TestUpdate]():      func() any { return &TestUpdate{Name: new("renamed")} },
	reflect.TypeFor[[]TriggerOptions](): func() any { return []TriggerOptions{{}} },
	reflect.TypeFor[[]*TriggeredRun](): func() any {
		return []*TriggeredRun{{BucketKey: "bucketKey", TestID: "testID", TestRunID: "runID"}}
	},
}

// validArg returns the valid argument of type t (see validArgs).
func validArg(t reflect.Type) reflect.Value {
	if valid := validArgs[t]; valid != nil {
		return reflect.ValueOf(valid())
	}
	return reflect.Zero(t)
}

// run calls the method with ctx, id(i) for its i-th string argument and
// valid values for the others. A panic is recovered and reported.
func (sc serviceCall) run(ctx context.Context, c *Client, id func(i int) string) callResult {
	return sc.runWith(ctx, c, id, validArg)
}

// runWith is run with other(t) for the arguments that are not strings,
// such as reflect.Zero for nil bodies and options.
func (sc serviceCall) runWith(ctx context.Context, c *Client, id func(i int) string, other func(reflect.Type) reflect.Value) (res callResult) {
	defer func() { res.panicked = recover() }()
	m := sc.method
	if c != nil {
		m = rebind(c, sc.name)
	}
	mt := m.Type()
	args := make([]reflect.Value, mt.NumIn())
	ids := 0
	for k := range args {
		in := mt.In(k)
		switch {
		case k == 0:
			if ctx == nil {
				args[k] = reflect.Zero(in)
			} else {
				args[k] = reflect.ValueOf(ctx)
			}
		case in.Kind() == reflect.String:
			args[k] = reflect.ValueOf(id(ids)).Convert(in)
			ids++
		default:
			args[k] = other(in)
		}
	}
	out := m.Call(args)
	last := out[len(out)-1]
	if last.Type().Kind() == reflect.Func { // an All iterator: its first yield
		yield := reflect.MakeFunc(last.Type().In(0), func(in []reflect.Value) []reflect.Value {
			res.value = in[0]
			res.err = asError(in[1])
			return []reflect.Value{reflect.ValueOf(false)}
		})
		last.Call([]reflect.Value{yield})
		return res
	}
	res.err = asError(last)
	if len(out) == 3 || len(out) == 2 && out[0].Type() != reflect.TypeFor[*Response]() {
		res.value = out[0]
	}
	return res
}

// asError is the error a method returned, or nil.
func asError(v reflect.Value) error {
	if v.IsNil() {
		return nil
	}
	return v.Interface().(error)
}

// rebind finds the method named like "Tests.Get" on client c.
func rebind(c *Client, name string) reflect.Value {
	for i := range len(name) {
		if name[i] == '.' {
			recv, method := name[:i], name[i+1:]
			if recv == "Client" {
				return reflect.ValueOf(c).MethodByName(method)
			}
			return reflect.ValueOf(c).Elem().FieldByName(recv).MethodByName(method)
		}
	}
	panic("bad method name " + name)
}
