//lint:file-ignore U1000 wire reaches the Extra fields of models by reflection

package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

// semanticJSON decodes b like encoding/json with UseNumber, for comparisons
// that ignore member order and formatting.
func semanticJSON(t testing.TB, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("invalid JSON %s: %v", b, err)
	}
	return v
}

func assertSameJSON(t testing.TB, got, want []byte) {
	t.Helper()
	if !reflect.DeepEqual(semanticJSON(t, got), semanticJSON(t, want)) {
		t.Errorf("JSON differs\n got: %s\nwant: %s", got, want)
	}
}

// roundTrip decodes in into a new T and encodes it back.
func roundTrip[T any](t *testing.T, in string) (*T, string) {
	t.Helper()
	v := new(T)
	if err := Unmarshal([]byte(in), v); err != nil {
		t.Fatalf("Unmarshal(%s): %v", in, err)
	}
	out, err := Marshal(v)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	return v, string(out)
}

func TestRealisticRoundTrip(t *testing.T) {
	data, err := os.ReadFile("testdata/test.json")
	if err != nil {
		t.Fatal(err)
	}
	var test Test
	if err := json.Unmarshal(data, &test); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(test) // through Test.MarshalJSON, as users do
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, out, data)

	for _, name := range []string{"last_run", "schedules", "exported_at", "version"} {
		if !test.extra.Has(name) {
			t.Errorf("Test does not keep %q", name)
		}
	}
	req := test.Steps[0].(*RequestStep)
	for _, name := range []string{"fragment", "args", "multipart_form", "binary_body"} {
		if !req.extra.Has(name) {
			t.Errorf("RequestStep does not keep %q", name)
		}
	}
	if req.Auth != nil || !strings.Contains(string(out), `"auth":{}`) {
		t.Errorf("empty auth: got %#v, output %s", req.Auth, out)
	}
	if got := req.Assertions[1].Value; got != json.Number("1.50e1") {
		t.Errorf("number value = %#v, want its exact text", got)
	}
	if !req.Assertions[1].extra.Has("unit") || !test.CreatedBy.extra.Has("avatar") {
		t.Error("nested models lost unknown members")
	}
	cond := test.Steps[2].(*ConditionStep)
	if basic := cond.Steps[0].(*RequestStep).Auth.(*BasicAuth); basic.Password != "p\x00w" {
		t.Errorf("password = %q", basic.Password)
	}
	if u := cond.Steps[1].(*UnknownStep); u.Type != "ghost-inspector" {
		t.Errorf("unknown step type = %q", u.Type)
	}
	if u := test.Steps[3].(*UnknownStep); u.Type != "" || !bytes.HasPrefix(u.Raw, []byte(`{"id": "no-tag-here"`)) {
		t.Errorf("untagged step = %q %s", u.Type, u.Raw)
	}
	env := test.Environments[0]
	if !env.extra.Has("exported_at") || !env.Auth.(*OAuth1).extra.Has("token_secret") {
		t.Error("environment lost unknown members")
	}
	if _, ok := test.Environments[1].Auth.(*UnknownAuth); !ok {
		t.Errorf("kerberos auth = %T", test.Environments[1].Auth)
	}
	if test.CreatedAt.Unix() != 1438832081 || test.Name != "Sample \"Name\" é 😀" {
		t.Errorf("decoded %v %q", test.CreatedAt, test.Name)
	}
}

func TestUnknownMembersVerbatim(t *testing.T) {
	in := `{"fragment" : "", "id":"t1","args":{ "a" : [1, 2.50] },"name":"x","binary_body":null,"version":"1.0","fragment":1}`
	test, out := roundTrip[Test](t, in)
	want := `{"id":"t1","name":"x","fragment" : "","args":{ "a" : [1, 2.50] },"binary_body":null,"version":"1.0","fragment":1}`
	if out != want {
		t.Errorf("got  %s\nwant %s", out, want)
	}
	var names []string
	var values []string
	for k, v := range test.extra.Members() {
		names = append(names, k)
		values = append(values, string(v))
	}
	if got := strings.Join(names, " "); got != "fragment args binary_body version fragment" {
		t.Errorf("Members names = %s", got)
	}
	if got := strings.Join(values, " "); got != `"" { "a" : [1, 2.50] } null "1.0" 1` {
		t.Errorf("Members values = %s", got)
	}
	if test.extra.Has("id") || test.extra.Has("nope") {
		t.Error("Has reports a member that is not unknown")
	}
}

func TestExtraAPI(t *testing.T) {
	var zero Extra
	if !zero.IsZero() {
		t.Error("zero Extra is not IsZero")
	}
	var p Person
	if err := Unmarshal([]byte(`{"id":"1"}`), &p); err != nil {
		t.Fatal(err)
	}
	if p.extra.IsZero() {
		t.Error("a decoded model should record its present members")
	}
	if err := Unmarshal([]byte(`{"a\u00e9\n":1,"b\ud800":2}`), &p); err != nil {
		t.Fatal(err)
	}
	if !p.extra.Has("aé\n") || !p.extra.Has("b\uFFFD") {
		t.Errorf("escaped names: %q", p.extra.unknown)
	}
	for range p.extra.Members() {
		break // stopping early must be fine
	}
}

// A model is reset before decoding: nothing from an earlier decode remains.
func TestModelReset(t *testing.T) {
	var p Person
	if err := Unmarshal([]byte(`{"id":"1","name":"n","x":1}`), &p); err != nil {
		t.Fatal(err)
	}
	if err := Unmarshal([]byte(`{"email":"e"}`), &p); err != nil {
		t.Fatal(err)
	}
	if p.ID != "" || p.Name != "" || p.extra.Has("x") {
		t.Errorf("old state kept: %+v", p)
	}
	if out, _ := Marshal(&p); string(out) != `{"email":"e"}` {
		t.Errorf("got %s", out)
	}
}

type presence struct {
	Note  string   `json:"note,omitzero"`
	Count int      `json:"count,omitempty"`
	Tags  []string `json:"tags,omitzero"`
	Ptr   *string  `json:"ptr,omitzero"`
	Plain string   `json:"plain"`
	When  Timestamp
	Attrs map[string]any `json:"attrs,omitempty"`
	extra Extra
}

func TestPresence(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{}`, `{"plain":"","When":null}`},
		{`{"note":""}`, `{"note":"","plain":"","When":null}`},
		{`{"note":null}`, `{"note":null,"plain":"","When":null}`},
		{`{"plain":null}`, `{"plain":null,"When":null}`},
		{`{"count":0,"tags":[],"ptr":null,"attrs":{}}`, `{"count":0,"tags":[],"ptr":null,"plain":"","When":null,"attrs":{}}`},
		{`{"tags":null,"attrs":null}`, `{"tags":null,"plain":"","When":null,"attrs":null}`},
		{`{"ptr":"","When":null}`, `{"ptr":"","plain":"","When":null}`},
		{`{"When":0,"count":3}`, `{"count":3,"plain":"","When":0}`},
		// null leaves a string as it was, as in encoding/json
		{`{"note":"a","note":null}`, `{"note":"a","plain":"","When":null}`},
		{`{"note":null,"note":"b"}`, `{"note":"b","plain":"","When":null}`},
	}
	for _, tt := range tests {
		_, out := roundTrip[presence](t, tt.in)
		if out != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.in, out, tt.want)
		}
	}

	// A null member is written as its value once the value is set in Go.
	var p presence
	if err := Unmarshal([]byte(`{"note":null,"plain":null}`), &p); err != nil {
		t.Fatal(err)
	}
	p.Note, p.Plain = "x", "y"
	if out, _ := Marshal(&p); string(out) != `{"note":"x","plain":"y","When":null}` {
		t.Errorf("got %s", out)
	}
	// A present member stays even when set to zero in Go.
	if err := Unmarshal([]byte(`{"note":"a","count":2}`), &p); err != nil {
		t.Fatal(err)
	}
	p.Note, p.Count = "", 0
	if out, _ := Marshal(&p); string(out) != `{"note":"","count":0,"plain":"","When":null}` {
		t.Errorf("got %s", out)
	}
}

func TestTypeMismatchKeptVerbatim(t *testing.T) {
	tests := []struct {
		name, in, want string
		check          func(*Test) bool
	}{
		{"string gets number", `{"id":"a","name":5,"version":1}`, `{"id":"a","name":5,"version":1}`,
			func(x *Test) bool { return x.Name == "" && x.extra.Has("name") }},
		{"slice gets object", `{"steps":{"a":1}}`, `{"steps":{"a":1}}`,
			func(x *Test) bool { return x.Steps == nil && x.extra.Has("steps") }},
		{"leaf method fails", `{"created_at":"yesterday"}`, `{"created_at":"yesterday"}`,
			func(x *Test) bool { return x.CreatedAt.IsZero() && x.extra.Has("created_at") }},
		{"union gets array", `{"steps":[{"step_type":"request","auth":[1]}]}`, `{"steps":[{"step_type":"request","auth":[1]}]}`,
			func(x *Test) bool { return x.Steps[0].(*RequestStep).extra.Has("auth") }},
		{"nearest model keeps it", `{"steps":[{"step_type":"request","assertions":[{"value":{"x":[]},"comparison":7}]}]}`,
			`{"steps":[{"step_type":"request","assertions":[{"value":{"x":[]},"comparison":7}]}]}`,
			func(x *Test) bool {
				a := x.Steps[0].(*RequestStep).Assertions[0]
				return a.Comparison == "" && a.extra.Has("comparison") && !x.extra.Has("steps")
			}},
		{"element of a plain slice", `{"steps":[{"step_type":"request","scripts":["a",5],"method":"GET"}]}`,
			`{"steps":[{"step_type":"request","method":"GET","scripts":["a",5]}]}`,
			func(x *Test) bool { return x.Steps[0].(*RequestStep).Scripts == nil }},
		{"map value", `{"environments":[{"initial_variables":{"a":"b","c":{}},"verify_ssl":1}]}`,
			`{"environments":[{"preserve_cookies":false,"initial_variables":{"a":"b","c":{}},"verify_ssl":1}]}`,
			func(x *Test) bool { return x.Environments[0].InitialVariables == nil }},
		{"int gets fraction", `{"steps":[{"step_type":"pause","duration":1.5}]}`, `{"steps":[{"step_type":"pause","duration":1.5}]}`,
			func(x *Test) bool { return x.Steps[0].(*PauseStep).Duration == 0 }},
		{"int overflows", `{"steps":[{"step_type":"pause","duration":99999999999999999999}]}`,
			`{"steps":[{"step_type":"pause","duration":99999999999999999999}]}`,
			func(x *Test) bool { return x.Steps[0].(*PauseStep).Duration == 0 }},
		{"last duplicate wins, mismatch", `{"name":"a","name":5}`, `{"name":5}`,
			func(x *Test) bool { return x.Name == "" }},
		{"last duplicate wins, fits", `{"name":5,"name":"a"}`, `{"name":"a"}`,
			func(x *Test) bool { return x.Name == "a" && !x.extra.Has("name") }},
		{"null then mismatch", `{"created_by":null,"created_by":"me"}`, `{"created_by":"me"}`,
			func(x *Test) bool { return x.CreatedBy == nil }},
		{"nested model gets string", `{"created_by":"me","name":"n"}`, `{"name":"n","created_by":"me"}`,
			func(x *Test) bool { return x.CreatedBy == nil && x.Name == "n" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, out := roundTrip[Test](t, tt.in)
			if out != tt.want {
				t.Errorf("got  %s\nwant %s", out, tt.want)
			}
			if !tt.check(x) {
				t.Errorf("unexpected decoded value %+v", x)
			}
		})
	}
}

// A field kept verbatim for not fitting is written from Go once set there,
// and the stale verbatim member is dropped; a member that differs from its
// name in letter case is another member, and stays.
func TestMismatchOverriddenInGo(t *testing.T) {
	var x Test
	if err := Unmarshal([]byte(`{"name":5,"x":1,"NAME":6}`), &x); err != nil {
		t.Fatal(err)
	}
	if out, _ := Marshal(&x); string(out) != `{"name":5,"x":1,"NAME":6}` {
		t.Errorf("got %s", out)
	}
	x.Name = "b"
	if out, _ := Marshal(&x); string(out) != `{"name":"b","x":1,"NAME":6}` {
		t.Errorf("got %s", out)
	}
}

func TestTypeMismatchWithoutModel(t *testing.T) {
	tests := []struct {
		in string
		v  any
	}{
		{`["a",5]`, new([]string)},
		{`{"a":{}}`, new(map[string]string)},
		{`5`, new(Test)},
		{`"x"`, new(Step)},
		{`{"a":1.5}`, new(map[string]int)},
		{`[1]`, new(struct{ A int })},
		{`{"A":"x"}`, new(struct{ A int })},
		{`{"a":300}`, new(map[string]uint8)},
		{`{"step_type":"request"}`, new(interface{ Foo() })},
		{`{"CreatedAt":"x"}`, new(struct{ CreatedAt Timestamp })},
	}
	for _, tt := range tests {
		err := Unmarshal([]byte(tt.in), tt.v)
		var terr *TypeError
		if !errors.As(err, &terr) {
			t.Errorf("Unmarshal(%s, %T) = %v, want a *TypeError", tt.in, tt.v, err)
		}
	}
	// Malformed input is reported first.
	var s []string
	var serr *SyntaxError
	if err := Unmarshal([]byte(`[5,]`), &s); !errors.As(err, &serr) {
		t.Errorf("got %v, want a *SyntaxError", err)
	}
	var x Test
	if err := Unmarshal([]byte(`{"name":5,}`), &x); !errors.As(err, &serr) {
		t.Errorf("got %v, want a *SyntaxError", err)
	}
	if err := Unmarshal([]byte(`{"name":[1,}`), &x); !errors.As(err, &serr) {
		t.Errorf("got %v, want a *SyntaxError", err)
	}
}

func TestCaseInsensitiveMatch(t *testing.T) {
	var x Test
	if err := Unmarshal([]byte(`{"NAME":"n","Id":"i","DESCRIPTION":"d"}`), &x); err != nil {
		t.Fatal(err)
	}
	if x.Name != "n" || x.ID != "i" || x.Description != "d" || !x.extra.IsZero() && x.extra.unknown != nil {
		t.Errorf("got %+v", x)
	}
	type both struct {
		A string `json:"a"`
		B string `json:"A"`
		K string `json:"k"`
	}
	for _, in := range []string{`{"A":"1"}`, `{"a":"1"}`, `{"K":"x"}`, `{"\u212a":"kelvin"}`, `{"\u004b":"x"}`} {
		var got, want both
		if err := Unmarshal([]byte(in), &got); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(in), &want); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s: got %+v, want %+v", in, got, want)
		}
	}
}

func TestUnionDecode(t *testing.T) {
	want := &RequestStep{ID: "s", Method: "GET"}
	for _, in := range []string{
		`{"step_type":"request","id":"s","method":"GET"}`,
		`{"id":"s","step_type":"request","method":"GET"}`,
		`{"id":"s","method":"GET","step_type":"request"}`,
		`{"id":"s","method":"GET","step\u005ftype":"request"}`,
		` { "id" : "s" , "method":"GET" , "step_type" : "request" } `,
	} {
		var s Step
		if err := Unmarshal([]byte(in), &s); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		got, ok := s.(*RequestStep)
		if !ok || got.ID != want.ID || got.Method != want.Method || got.extra.unknown != nil {
			t.Errorf("%s: got %#v", in, s)
		}
		if out, _ := Marshal(&s); string(out) != `{"step_type":"request","id":"s","method":"GET"}` {
			t.Errorf("%s: encoded as %s", in, out)
		}
	}

	tests := []struct {
		in   string
		want Step
	}{
		{`null`, nil},
		{`{"step_type":"teleport","x":1}`, &UnknownStep{Type: "teleport", Raw: []byte(`{"step_type":"teleport","x":1}`)}},
		{`{"x":1}`, &UnknownStep{Type: "", Raw: []byte(`{"x":1}`)}},
		{`{"step_type":7}`, &UnknownStep{Type: "", Raw: []byte(`{"step_type":7}`)}},
		{`{}`, &UnknownStep{Type: "", Raw: []byte(`{}`)}},
	}
	for _, tt := range tests {
		var s Step = &PauseStep{}
		if err := Unmarshal([]byte(tt.in), &s); err != nil {
			t.Fatalf("%s: %v", tt.in, err)
		}
		if !reflect.DeepEqual(s, tt.want) {
			t.Errorf("%s: got %#v, want %#v", tt.in, s, tt.want)
		}
		if out, _ := Marshal(&s); string(out) != tt.in {
			t.Errorf("%s: encoded as %s", tt.in, out)
		}
	}
}

func TestUnionEncode(t *testing.T) {
	step := RequestStep{ID: "1", Auth: &BasicAuth{Username: "u"}}
	const want = `{"step_type":"request","id":"1","auth":{"auth_type":"basic","username":"u","password":""}}`
	for _, v := range []any{&step, step, Step(&step)} {
		if out, err := Marshal(v); err != nil || string(out) != want {
			t.Errorf("Marshal(%T) = %s, %v", v, out, err)
		}
	}
	if out, err := json.Marshal(step); err != nil || string(out) != want {
		t.Errorf("json.Marshal = %s, %v", out, err)
	}
	if out, _ := Marshal([]Step{&step, &PauseStep{Duration: 2}, nil}); string(out) != `[`+want+`,{"step_type":"pause","duration":2},null]` {
		t.Errorf("slice: %s", out)
	}
	// Decoding a variant directly consumes its tag.
	var r RequestStep
	if err := json.Unmarshal([]byte(`{"id":"1","step_type":"request","x":2}`), &r); err != nil {
		t.Fatal(err)
	}
	if out, _ := Marshal(&r); string(out) != `{"step_type":"request","id":"1","x":2}` {
		t.Errorf("variant: %s", out)
	}
}

type holder struct {
	Auth  Auth `json:"auth"`
	Maybe Auth `json:"maybe,omitzero"`
	extra Extra
}

func TestUnionEmptyIsNil(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{}`, `{"auth":null}`},
		{`{"auth":{}}`, `{"auth":{}}`},
		{`{"auth":{ }, "maybe":{}}`, `{"auth":{},"maybe":{}}`},
		{`{"auth":null,"maybe":null}`, `{"auth":null,"maybe":null}`},
		{`{"maybe":{"auth_type":"basic","username":"u","password":"p"}}`, `{"auth":null,"maybe":{"auth_type":"basic","username":"u","password":"p"}}`},
		{`{"auth":{"realm":"x"}}`, `{"auth":{"realm":"x"}}`},
	}
	for _, tt := range tests {
		h, out := roundTrip[holder](t, tt.in)
		if out != tt.want {
			t.Errorf("%s: got %s, want %s", tt.in, out, tt.want)
		}
		if strings.Contains(tt.in, `"auth":{}`) && h.Auth != nil {
			t.Errorf("%s: {} decoded to %#v", tt.in, h.Auth)
		}
	}
	if out, _ := Marshal(&holder{}); string(out) != `{"auth":null}` {
		t.Errorf("built in Go: %s", out)
	}
}

func TestNestedUnions(t *testing.T) {
	in := `{"steps":[{"step_type":"condition","steps":[{"steps":[{"duration":1,"step_type":"pause"}],"step_type":"condition"},{"step_type":"request","auth":{"auth_type":"basic","username":"a","password":"b","x":1}}]}]}`
	x, out := roundTrip[Test](t, in)
	inner := x.Steps[0].(*ConditionStep).Steps[0].(*ConditionStep).Steps[0].(*PauseStep)
	if inner.Duration != 1 {
		t.Errorf("inner = %+v", inner)
	}
	want := `{"steps":[{"step_type":"condition","steps":[{"step_type":"condition","steps":[{"step_type":"pause","duration":1}]},{"step_type":"request","auth":{"auth_type":"basic","username":"a","password":"b","x":1}}]}]}`
	if out != want {
		t.Errorf("got  %s\nwant %s", out, want)
	}
}

func TestRegisterUnionPanics(t *testing.T) {
	type iface interface{ isIface() }
	type notModel struct{ A int }
	tests := map[string]func(){
		"not an interface": func() {
			RegisterUnion(Union[int]{Tag: "t", Variants: map[string]func() int{"a": func() int { return 0 }}})
		},
		"empty interface": func() {
			RegisterUnion(Union[any]{Tag: "t", Variants: map[string]func() any{"a": func() any { return new(Person) }}})
		},
		"no tag":          func() { RegisterUnion(Union[iface]{Variants: map[string]func() iface{"a": nil}}) },
		"no variants":     func() { RegisterUnion(Union[iface]{Tag: "t"}) },
		"nil constructor": func() { RegisterUnion(Union[iface]{Tag: "t", Variants: map[string]func() iface{"a": nil}}) },
		"nil variant": func() {
			RegisterUnion(Union[iface]{Tag: "t", Variants: map[string]func() iface{"a": func() iface { return nil }}})
		},
		"registered twice": func() {
			RegisterUnion(Union[Step]{Tag: "t", Variants: map[string]func() Step{"a": func() Step { return new(PauseStep) }}})
		},
		"non-model variant": func() {
			RegisterUnion(Union[fmtStringer]{Tag: "t", Variants: map[string]func() fmtStringer{"a": func() fmtStringer { return &stringerNotModel{} }}})
		},
		"variant of two unions": func() {
			RegisterUnion(Union[fmtStringer]{Tag: "t", Variants: map[string]func() fmtStringer{"a": func() fmtStringer { return &stringerModel{} }, "b": func() fmtStringer { return &stringerModel{} }}})
		},
	}
	_ = notModel{}
	for name, register := range tests {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			register()
		})
	}
}

type fmtStringer interface{ String() string }
type stringerNotModel struct{ A int }

func (*stringerNotModel) String() string { return "" }

type stringerModel struct{ extra Extra }

func (*stringerModel) String() string { return "" }

type embeddingModel struct {
	Person
	extra Extra
}
type duplicateModel struct {
	A     string
	B     string `json:"A"`
	extra Extra
}
type quotedModel struct {
	A     int `json:",string"`
	extra Extra
}

func TestUnsupportedModels(t *testing.T) {
	for _, v := range []any{&embeddingModel{}, &duplicateModel{}, &quotedModel{}, &[]map[string]*duplicateModel{}} {
		if err := Unmarshal([]byte(`{}`), v); err == nil {
			t.Errorf("Unmarshal into %T: no error", v)
		}
		if _, err := Marshal(v); err == nil {
			t.Errorf("Marshal %T: no error", v)
		}
	}
}

type inner struct {
	N json.Number `json:"n,omitempty"`
	S string
}

type zeroer struct{ v int }

func (z zeroer) IsZero() bool                 { return z.v == 42 }
func (z zeroer) MarshalJSON() ([]byte, error) { return []byte(`"zeroer"`), nil }

type ptrZeroer struct{ v int }

func (z *ptrZeroer) IsZero() bool { return z.v == 7 }

type textKey string

func (k textKey) MarshalText() ([]byte, error) { return []byte("T" + k), nil }

type plainEmbed struct {
	inner
	X int `json:"x"`
}

type quoted struct {
	I int  `json:"i,string"`
	B bool `json:",string"`
}

type goBuilt struct {
	S    string
	I8   int8    `json:"i8"`
	I64  int64   `json:"i64,omitempty"`
	U    uint    `json:"u"`
	U16  uint16  `json:"u16,omitzero"`
	F32  float32 `json:"f32"`
	F64  float64 `json:"f64"`
	B    bool    `json:"b,omitempty"`
	P    *string `json:"p"`
	PP   **int   `json:"pp,omitempty"`
	Sl   []int   `json:"sl"`
	Es   []string
	M    map[string]int
	Em   map[string]bool `json:"em,omitempty"`
	Any  any             `json:"any"`
	In   inner           `json:"in"`
	InP  *inner          `json:"inp,omitzero"`
	N    json.Number
	Raw  json.RawMessage `json:"raw,omitempty"`
	Byt  []byte
	Tm   time.Time `json:"tm,omitzero"`
	Z    zeroer    `json:"z,omitzero"`
	Z2   zeroer    `json:"z2,omitzero"`
	PZ   ptrZeroer `json:"pz,omitzero"`
	PZ2  ptrZeroer `json:"pz2,omitzero"`
	Arr  [2]int    `json:"arr"`
	IntM map[int]string
	TK   map[textKey]int
	Emb  plainEmbed
	Q    quoted
	Skip int `json:"-"`
	//lint:ignore SA5008 encoding/json's way to name a member "-"
	Dash int `json:"-,"`
	//lint:ignore SA5008 an invalid name falls back to the field's, as in encoding/json
	Bad  int `json:"a\"b"`
	priv int
	Var  Variable `json:"var"` // a model with a zero Extra
}

func TestGoBuiltValuesLikeEncodingJSON(t *testing.T) {
	s, n := "<s>", 3
	pn := &n
	values := []any{
		goBuilt{},
		&goBuilt{
			S: "tab\t nl\n quote\" bs\\ ctl\x01\x1f del\x7f é \u2028 \u2029 bad\xff\xfe <&>", I8: -128, I64: 1 << 62, U: 7, U16: 3,
			F32: 3.14, F64: 1e21, B: true, P: &s, PP: &pn, Sl: []int{}, M: map[string]int{"b": 2, "a": 1, "é": 3, "": 0},
			Em: map[string]bool{}, Any: map[string]any{"z": []any{1.5, "x", nil, true, json.Number("1e3")}, "a": map[string]any{}},
			In: inner{N: "12.5e-3", S: "in"}, InP: &inner{}, N: "-0.0", Raw: json.RawMessage(`{"a": [1, 2]}`),
			Byt: []byte("hello, world"), Tm: time.Date(2024, 2, 3, 4, 5, 6, 7, time.UTC), Z: zeroer{42}, Z2: zeroer{1},
			PZ: ptrZeroer{7}, PZ2: ptrZeroer{8}, Arr: [2]int{1, 2}, IntM: map[int]string{2: "b", 10: "a"},
			TK: map[textKey]int{"x": 1}, Emb: plainEmbed{inner: inner{S: "e"}, X: 1}, Q: quoted{I: 5, B: true},
			Skip: 1, Dash: 2, Bad: 3, priv: 4, Var: Variable{Name: "v"},
		},
		[]float64{0, math.Copysign(0, -1), 1e-7, 1e-6, 123456789, 1e20, 1e21, 1.5e300, -2.5e-8, 0.1},
		[]float32{1e-7, 1e20, 1e21, 3.4e38, 0.1},
		map[string]any{"k": []any{}, "n": nil},
		[]Variable{{Name: "a"}, {}},
		[]*Variable{nil},
		"",
		json.Number("0"),
	}
	for _, v := range values {
		got, err := Marshal(v)
		if err != nil {
			t.Fatalf("Marshal(%T): %v", v, err)
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		if string(got) != strings.TrimSuffix(want.String(), "\n") {
			t.Errorf("%T:\n got %s\nwant %s", v, got, want.String())
		}
	}
}

func TestMarshalErrors(t *testing.T) {
	type cyc struct{ Next *cyc }
	c := &cyc{}
	c.Next = c
	m := map[string]any{}
	m["m"] = m
	for _, v := range []any{
		[]float64{1, nanValue()},
		json.Number("01"),
		c,
		m,
		badMarshaler{},
	} {
		if out, err := Marshal(v); err == nil {
			t.Errorf("Marshal(%T) = %s, want an error", v, out)
		}
	}
	if out, err := Marshal(nil); err != nil || string(out) != "null" {
		t.Errorf("Marshal(nil) = %s, %v", out, err)
	}
}

func nanValue() float64 { var z float64; return z / z }

type badMarshaler struct{}

func (badMarshaler) MarshalJSON() ([]byte, error) { return []byte(`{"a":`), nil }

func TestUnmarshalArguments(t *testing.T) {
	var x Test
	for _, v := range []any{nil, x, (*Test)(nil)} {
		if err := Unmarshal([]byte(`{}`), v); err == nil {
			t.Errorf("Unmarshal into %T: no error", v)
		}
	}
}

// Decoding into non-model values follows encoding/json.
func TestDecodeLikeEncodingJSON(t *testing.T) {
	type target struct {
		S   string
		I   int16
		U   uint32
		F   float32
		B   bool
		P   *int
		Sl  []string
		M   map[string]int
		N   json.Number
		Raw json.RawMessage
		Byt []byte
		Arr [2]int
		Tm  time.Time
		Any any
		In  inner
		Emb plainEmbed
		Q   quoted
	}
	in := `{"s":"a\u00e9\ud83d\ude00\ud800x","I":-300,"U":4000000000,"F":1.5e10,"B":true,"P":5,"Sl":["x"],"M":{"a":1,"a":2},
		"N":"12","Raw":[1, {"a":null}],"Byt":"aGVsbG8=","Arr":[1],"Tm":"2024-02-03T04:05:06Z","Any":[{"x":1.0}],
		"In":{"n":3,"S":"s"},"Emb":{"n":1,"S":"e","x":2},"Q":{"i":"7","B":"true"},"unknown":[1,2]}`
	var got, want target
	if err := Unmarshal([]byte(in), &got); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(strings.NewReader(in))
	dec.UseNumber()
	if err := dec.Decode(&want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	// Existing values are decoded into, as in encoding/json.
	sl := []string{"old1", "old2"}
	m := map[string]int{"keep": 1}
	if err := Unmarshal([]byte(`["new"]`), &sl); err != nil || len(sl) != 1 || sl[0] != "new" {
		t.Errorf("slice: %v %v", sl, err)
	}
	if err := Unmarshal([]byte(`{"add":2}`), &m); err != nil || len(m) != 2 {
		t.Errorf("map: %v %v", m, err)
	}
	if err := Unmarshal([]byte(`[]`), &sl); err != nil || sl == nil || len(sl) != 0 {
		t.Errorf("empty slice: %#v %v", sl, err)
	}
	n := 5
	p := &n
	if err := Unmarshal([]byte(`null`), &p); err != nil || p != nil {
		t.Errorf("null pointer: %v %v", p, err)
	}
	if err := Unmarshal([]byte(`null`), &n); err != nil || n != 5 {
		t.Errorf("null int: %v %v", n, err)
	}
}

// Codecs are built and used concurrently; run with -race.
func TestConcurrentUse(t *testing.T) {
	data, err := os.ReadFile("testdata/test.json")
	if err != nil {
		t.Fatal(err)
	}
	type fresh struct {
		A []map[string]*Person `json:"a"`
		B Step
		C any
	}
	done := make(chan error)
	for i := range 8 {
		go func() {
			var err error
			for range 20 {
				if i%2 == 0 {
					var x Test
					if err = Unmarshal(data, &x); err == nil {
						_, err = Marshal(&x)
					}
				} else {
					var f fresh
					if err = Unmarshal([]byte(`{"a":[{"p":{"id":"1","z":2}}],"B":{"step_type":"pause"},"C":[1]}`), &f); err == nil {
						_, err = Marshal(&f)
					}
				}
			}
			done <- err
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

type wide struct {
	F01, F02, F03, F04, F05, F06, F07, F08, F09, F10 string
	F11, F12, F13, F14, F15, F16, F17                string
	N                                                json.Number `json:"n,omitzero"`
	extra                                            Extra
}

func TestWideModel(t *testing.T) {
	w, out := roundTrip[wide](t, `{"F17":"a","f03":"b","n":"12","x":1}`)
	if w.F17 != "a" || w.F03 != "b" || w.N != "12" {
		t.Errorf("got %+v", w)
	}
	if !strings.HasPrefix(out, `{"F01":"","F02":"","f03":"b",`) || !strings.HasSuffix(out, `"F17":"a","n":12,"x":1}`) {
		t.Errorf("got %s", out)
	}
	for _, in := range []string{`{"n":"x"}`, `{"n":true}`, `{"n":""}`} {
		if w, _ := roundTrip[wide](t, in); w.N != "" || !w.extra.Has("n") {
			t.Errorf("%s: got %+v", in, w)
		}
	}
}

// shape is a union without Unknown: objects it cannot place do not fit it.
type shape interface{ area() float64 }

type square struct {
	Side  float64 `json:"side"`
	extra Extra
}

func (s *square) area() float64 { return s.Side * s.Side }

func init() {
	RegisterUnion(Union[shape]{Tag: "kind", Variants: map[string]func() shape{"square": func() shape { return new(square) }}})
}

func TestUnionWithoutUnknown(t *testing.T) {
	type drawing struct {
		Shapes []shape `json:"shapes"`
		extra  Extra
	}
	d, out := roundTrip[drawing](t, `{"shapes":[{"kind":"square","side":2}]}`)
	if d.Shapes[0].area() != 4 || out != `{"shapes":[{"kind":"square","side":2}]}` {
		t.Errorf("got %+v %s", d, out)
	}
	for _, in := range []string{`{"shapes":[{"kind":"circle"}]}`, `{"shapes":[{}]}`, `{"shapes":[{"side":1}]}`} {
		d, out := roundTrip[drawing](t, in)
		if d.Shapes != nil || out != in {
			t.Errorf("%s: got %+v %s", in, d, out)
		}
	}
}

func TestErrorMessages(t *testing.T) {
	var s []Timestamp
	err := Unmarshal([]byte(`[1, "x"]`), &s)
	var terr *TypeError
	if !errors.As(err, &terr) || terr.Offset != 4 || terr.Value != "string" || terr.Type != reflect.TypeFor[Timestamp]() {
		t.Fatalf("got %#v", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "wire.Timestamp") || !strings.Contains(msg, "offset 4") || !strings.Contains(msg, "timestamp:") {
		t.Errorf("message %q", msg)
	}
	if errors.Unwrap(err) == nil {
		t.Error("the cause from UnmarshalJSON is not wrapped")
	}
	var v any
	err = Unmarshal([]byte(`[1,]`), &v)
	if msg := err.Error(); msg != `wire: invalid character ']' looking for beginning of value (offset 3)` {
		t.Errorf("message %q", msg)
	}
	if err := Unmarshal([]byte(`[1`), &v); err.Error() != "wire: unexpected end of JSON input (offset 2)" {
		t.Errorf("message %q", err)
	}
}
