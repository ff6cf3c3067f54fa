package wire

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// A member whose name differs from a field's only in letter case is matched
// like encoding/json does only when the field's exact name is absent; beside
// the exact name it is an unknown member. Either way nothing is lost.
func TestLetterCaseVariants(t *testing.T) {
	tests := []struct {
		name, in, out string
		check         func(*Test) bool
	}{
		{"exact first", `{"description":"a","Description":"b"}`, `{"description":"a","Description":"b"}`,
			func(x *Test) bool { return x.Description == "a" && x.extra.Has("Description") }},
		{"exact last", `{"Description":"b","description":"a"}`, `{"description":"a","Description":"b"}`,
			func(x *Test) bool { return x.Description == "a" && x.extra.Has("Description") }},
		{"exact last, among others", `{"id":"i","DESCRIPTION":"c","x":1,"Description":"b","description":"a"}`,
			`{"id":"i","description":"a","DESCRIPTION":"c","x":1,"Description":"b"}`,
			func(x *Test) bool {
				return x.Description == "a" && x.extra.Has("DESCRIPTION") && x.extra.Has("Description")
			}},
		{"only a variant", `{"Description":"b"}`, `{"Description":"b"}`,
			func(x *Test) bool { return x.Description == "b" && !x.extra.Has("Description") }},
		{"escaped variant", `{"Descr\u0069ption":"b","id":"i"}`, `{"id":"i","Descr\u0069ption":"b"}`,
			func(x *Test) bool { return x.Description == "b" }},
		{"variant null", `{"Description":null}`, `{"Description":null}`,
			func(x *Test) bool { return x.Description == "" }},
		{"two variants", `{"DESCRIPTION":"a","Description":"b"}`, `{"DESCRIPTION":"a","Description":"b"}`,
			func(x *Test) bool { return x.Description == "a" && x.extra.Has("Description") }},
		{"variant duplicated", `{"Description":"a","Description":"b"}`, `{"Description":"b"}`,
			func(x *Test) bool { return x.Description == "b" }},
		{"variant mismatched, exact fits", `{"Description":5,"description":"a"}`, `{"description":"a","Description":5}`,
			func(x *Test) bool { return x.Description == "a" && x.extra.Has("Description") }},
		{"exact mismatched, variant fits", `{"description":5,"Description":"b"}`, `{"description":5,"Description":"b"}`,
			func(x *Test) bool {
				return x.Description == "" && x.extra.Has("description") && x.extra.Has("Description")
			}},
		{"variant mismatched alone", `{"Description":5}`, `{"Description":5}`,
			func(x *Test) bool { return x.Description == "" && x.extra.Has("Description") }},
		{"maps are not merged", `{"environments":[{"Initial_Variables":{"x":"1"},"preserve_cookies":false,"initial_variables":{"y":"2"},"verify_ssl":false}]}`,
			`{"environments":[{"preserve_cookies":false,"initial_variables":{"y":"2"},"verify_ssl":false,"Initial_Variables":{"x":"1"}}]}`,
			func(x *Test) bool {
				m := x.Environments[0].InitialVariables
				return len(m) == 1 && m["y"] == "2"
			}},
		{"nested model", `{"created_by":{"ID":"a","id":"b"}}`, `{"created_by":{"id":"b","ID":"a"}}`,
			func(x *Test) bool { return x.CreatedBy.ID == "b" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, out := roundTrip[Test](t, tt.in)
			if out != tt.out {
				t.Errorf("got  %s\nwant %s", out, tt.out)
			}
			if !tt.check(x) {
				t.Errorf("decoded %+v", x)
			}
			assertSameJSON(t, []byte(out), []byte(tt.in))
			// The output is a fixed point.
			if _, again := roundTrip[Test](t, out); again != out {
				t.Errorf("second round trip\n got %s\nwant %s", again, out)
			}
		})
	}
}

// A value set in Go is written under the name its member came with, and a
// kept member that did not fit is dropped for it; other spellings stay.
func TestLetterCaseVariantSetInGo(t *testing.T) {
	tests := []struct{ in, out string }{
		{`{"Description":"b"}`, `{"Description":"new"}`},
		{`{"Description":5}`, `{"Description":"new"}`},
		{`{"description":5,"Description":"b"}`, `{"description":"new","Description":"b"}`},
		{`{"DESCRIPTION":5,"Description":"b"}`, `{"DESCRIPTION":"new","Description":"b"}`},
		{`{"Description":"b","description":5}`, `{"description":"new","Description":"b"}`},
	}
	for _, tt := range tests {
		var x Test
		if err := Unmarshal([]byte(tt.in), &x); err != nil {
			t.Fatal(err)
		}
		x.Description = "new"
		if out, _ := Marshal(&x); string(out) != tt.out {
			t.Errorf("%s:\n got %s\nwant %s", tt.in, out, tt.out)
		}
	}
	// Decoding again forgets the spelling of the decode before.
	var x Test
	for _, in := range []string{`{"Description":"b"}`, `{"id":"i"}`} {
		if err := Unmarshal([]byte(in), &x); err != nil {
			t.Fatal(err)
		}
	}
	x.Description = "d"
	if out, _ := Marshal(&x); !strings.Contains(string(out), `"description":"d"`) {
		t.Errorf("got %s", out)
	}
}

// Plain structs match member names as encoding/json does, whatever the
// names' lengths and scripts: lookup compares only the fields a name could
// match, so names of other lengths, Unicode folding that changes a name's
// length (the Kelvin sign, the long s) and non-ASCII field names are
// checked against encoding/json here.
func TestLookupLikeEncodingJSON(t *testing.T) {
	type ascii struct {
		S     string `json:"s"`
		K     string `json:"sk"`
		Long  string `json:"a_rather_long_member_name"`
		Same1 string `json:"ab"`
		Same2 string `json:"AB"`
		Same3 string `json:"cd"`
		F7    string `json:"f7"`
		F8    string `json:"f8"`
		F9    string `json:"f9"`
		F10   string `json:"f10"`
		F11   string `json:"f11"`
		F12   string `json:"f12"`
		F13   string `json:"f13"`
		F14   string `json:"f14"`
		F15   string `json:"f15"`
		F16   string `json:"f16"`
		F17   string `json:"f17"`
	}
	type nonASCII struct {
		S string `json:"s"`
		E string `json:"été"`
		K string `json:"K"`
	}
	inputs := []string{
		`{"s":"1"}`, `{"S":"1"}`, `{"\u017f":"long s"}`, `{"SK":"1"}`, `{"s\u212a":"kelvin"}`, `{"\u017f\u212a":"both"}`,
		`{"k":"1"}`, `{"K":"1"}`, `{"\u212a":"1"}`, `{"été":"1"}`, `{"ÉTÉ":"1"}`, `{"Été":"1"}`, `{"ete":"1"}`,
		`{"A_RATHER_LONG_MEMBER_NAME":"1"}`, `{"a_rather_long_member_name_":"1"}`, `{"aB":"1"}`, `{"Ab":"1"}`,
		`{"AB":"1","ab":"2"}`, `{"CD":"1"}`, `{"F17":"1","f1":"2","":"3"}`, `{"a_rather_long_member_name_and_then_some":"1"}`,
	}
	for _, in := range inputs {
		checkLikeEncodingJSON[ascii](t, in)
		checkLikeEncodingJSON[nonASCII](t, in)
	}
}

func checkLikeEncodingJSON[T comparable](t *testing.T, in string) {
	t.Helper()
	var got, want T
	if err := Unmarshal([]byte(in), &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(in), &want); err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("%s into %T: got %+v, want %+v", in, got, got, want)
	}
}

// letterCaseRounds returns an object whose name member comes rounds times
// as "Name", each followed by k members "NAME": "Name" decodes into the
// field (its last value counts) and every "NAME" is an unknown member.
func letterCaseRounds(rounds, k int) []byte {
	b := []byte{'{'}
	for r := range rounds {
		if r > 0 {
			b = append(b, ',')
		}
		b = fmt.Appendf(b, `"Name":"n%d"`, r)
		for i := range k {
			b = fmt.Appendf(b, `,"NAME":%d`, i)
		}
	}
	return append(b, '}')
}

// A spelling that lost the field to another can come any number of times
// at a cost that does not depend on how many members came before it: a
// repeat does not go back over the object's members (it once did, which
// made such input quadratic). What a repeat costs beyond recording the
// member would show as allocations that grow with the repeats.
func TestLetterCaseVariantRepeats(t *testing.T) {
	var x Test
	if err := Unmarshal(letterCaseRounds(3, 4), &x); err != nil {
		t.Fatal(err)
	}
	n := 0
	for k := range x.extra.Members() {
		if k != "NAME" {
			t.Errorf("unknown member %q", k)
		}
		n++
	}
	if x.Name != "n2" || n != 12 {
		t.Errorf("decoded Name %q and %d unknown members, want n2 and 12", x.Name, n)
	}
	want := `{"Name":"n2"` + strings.Repeat(`,"NAME":0,"NAME":1,"NAME":2,"NAME":3`, 3) + `}`
	if _, out := roundTrip[Test](t, string(letterCaseRounds(3, 4))); out != want {
		t.Errorf("got  %s\nwant %s", out, want)
	}
	c, err := codecFor(reflect.TypeFor[Test]())
	if err != nil {
		t.Fatal(err)
	}
	// One decoder for all runs, not the pool's, which may drop it (it does
	// at random under the race detector), making it grow its spans again.
	d := new(decoder)
	allocs := func(k int) float64 {
		in := letterCaseRounds(2, k)
		return testing.AllocsPerRun(20, func() {
			var x Test
			d.data = in
			if err := d.top(c, reflect.ValueOf(&x).Elem()); err != nil {
				t.Fatal(err)
			}
			d.reset()
		})
	}
	if few, many := allocs(10), allocs(1000); many > few {
		t.Errorf("%v allocations with 1000 repeats, %v with 10", many, few)
	}
}
