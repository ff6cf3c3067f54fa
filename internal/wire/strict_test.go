package wire

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

// oneOrMany decodes through its own UnmarshalJSON, as the SDK's lists do.
type oneOrMany []Person

func (l *oneOrMany) UnmarshalJSON(b []byte) error {
	if strings.HasPrefix(string(b), "{") {
		*l = make(oneOrMany, 1)
		return Unmarshal(b, &(*l)[0])
	}
	return Unmarshal(b, (*[]Person)(l))
}

func TestStrict(t *testing.T) {
	tests := []struct {
		in, path, value string
		typ             reflect.Type
		v               func() any
	}{
		{`{"name":5}`, ".name", "number", reflect.TypeFor[string](), nil},
		{`{"description":5,"name":6}`, ".name", "number", reflect.TypeFor[string](), nil},
		{`{"NAME":true}`, ".NAME", "bool", reflect.TypeFor[string](), nil},
		{`{"steps":[{"step_type":"pause"},{"step_type":"pause"},{"step_type":"request","skipped":"no"}]}`,
			".steps[2].skipped", "string", reflect.TypeFor[bool](), nil},
		{`{"environments":[{"initial_variables":{"a":"b","c":{}}}]}`,
			".environments[0].initial_variables.c", "object", reflect.TypeFor[string](), nil},
		{`{"steps":[{"step_type":"request","headers":{"X-Key":["a",1]}}]}`,
			`.steps[0].headers["X-Key"][1]`, "number", reflect.TypeFor[string](), nil},
		{`{"created_at":"yesterday"}`, ".created_at", "string", reflect.TypeFor[Timestamp](), nil},
		{`{"created_by":"me"}`, ".created_by", "string", reflect.TypeFor[Person](), nil},
		{`{"steps":[{"step_type":"condition","steps":[{"step_type":"pause","duration":1.5}]}]}`,
			".steps[0].steps[0].duration", "number", reflect.TypeFor[int](), nil},
		{`[{"id":"a"},{"id":5}]`, "[1].id", "number", reflect.TypeFor[string](), func() any { return new(oneOrMany) }},
		{`{"id":5}`, "[0].id", "number", reflect.TypeFor[string](), func() any { return new(oneOrMany) }},
		{`{"p":{"Person":{"email":[]}}}`, `.p.Person.email`, "array", reflect.TypeFor[string](),
			func() any { return new(map[string]map[string]*Person) }},
		// A tag of "-," names the member "-", as in encoding/json.
		{`{"-":{"name":5}}`, `["-"].name`, "number", reflect.TypeFor[string](),
			func() any {
				return new(struct {
					//lint:ignore SA5008 the member named "-" is what is tested
					P Person `json:"-,"`
				})
			}},
	}
	for _, tt := range tests {
		v := any(new(Test))
		if tt.v != nil {
			v = tt.v()
		}
		if err := Unmarshal([]byte(tt.in), v); err != nil {
			t.Fatalf("lenient Unmarshal(%s): %v", tt.in, err)
		}
		err := Strict(v)
		var me *MismatchError
		if !errors.As(err, &me) || me.Path != tt.path || me.Value != tt.value || me.Type != tt.typ {
			t.Errorf("%s: got %#v, want %s: %s into %v", tt.in, err, tt.path, tt.value, tt.typ)
			continue
		}
		// Decoding again into the decoded value finds the same mismatch.
		if err := Unmarshal([]byte(tt.in), v); err != nil {
			t.Fatalf("second Unmarshal(%s): %v", tt.in, err)
		}
		if err := Strict(v); err == nil || err.Error() != me.Error() {
			t.Errorf("%s: Strict after a second Unmarshal = %v, want %v", tt.in, err, me)
		}
	}
	var me *MismatchError
	var x Test
	_ = Unmarshal([]byte(`{"created_at":"yesterday"}`), &x)
	if err := Strict(&x); !errors.As(err, &me) || me.Err == nil ||
		err.Error() != `wire: .created_at: JSON string does not fit wire.Timestamp: timestamp: strconv.ParseInt: parsing "\"yesterday\"": invalid syntax` {
		t.Errorf("got %v", err)
	}
}

// Unknown members, nulls and values that fit are fine.
func TestStrictAcceptsWhatFits(t *testing.T) {
	for _, in := range []string{
		`{}`, `{"x":{"y":1},"name":"n","fragment":[1]}`, `{"name":null,"steps":null,"created_by":null}`,
		`{"steps":[{"step_type":"inbound","skipped":"no"},{"step_type":"pause","x":"y"}]}`,
		`{"environments":[{"auth":{"auth_type":"kerberos","x":1}}]}`,
	} {
		var x Test
		if err := Unmarshal([]byte(in), &x); err != nil {
			t.Errorf("%s: %v", in, err)
		} else if err := Strict(&x); err != nil {
			t.Errorf("%s: %v", in, err)
		}
	}
	for _, v := range []any{nil, Test{}, new(int), (*Test)(nil), new([]Step), new(map[int]*Person)} {
		if err := Strict(v); err != nil {
			t.Errorf("Strict(%T) = %v", v, err)
		}
	}
}

// A value that does not fit where no model can keep it says where it is.
func TestTypeErrorPath(t *testing.T) {
	var s []map[string][]Timestamp
	err := Unmarshal([]byte(`[{"a":[1]},{"b c":[2,"x"]}]`), &s)
	var terr *TypeError
	if !errors.As(err, &terr) || terr.Path != `[1]["b c"][1]` || !strings.Contains(err.Error(), ` at [1]["b c"][1] `) {
		t.Errorf("got %v", err)
	}
}

// Strict builds the path of a member or element only to go into a value
// that can hold a model, or to report a mismatch: a model of strings alone
// costs nothing, and testdata/test.json its 29 paths to such values and
// little else (112 allocations when every field's path was built).
func TestStrictAllocations(t *testing.T) {
	data, err := os.ReadFile("testdata/test.json")
	if err != nil {
		t.Fatal(err)
	}
	var x Test
	var p Person
	if err := Unmarshal(data, &x); err != nil {
		t.Fatal(err)
	}
	if err := Unmarshal([]byte(`{"id":"i","name":"n","email":"e","x":1}`), &p); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		v      any
		allocs float64
	}{{"person", &p, 0}, {"test.json", &x, 31}} {
		if got := testing.AllocsPerRun(20, func() {
			if err := Strict(tt.v); err != nil {
				t.Fatal(err)
			}
		}); got > tt.allocs {
			t.Errorf("%s: %v allocations, want at most %v", tt.name, got, tt.allocs)
		}
	}
}
