package wire

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// headerLists is decoded by wire itself: its UnmarshalJSON, which
// encoding/json's users would call, must never be called by wire.
type headerLists map[string][]string

func (*headerLists) UnmarshalJSON([]byte) error {
	panic("wire called the UnmarshalJSON of a type registered with RegisterStringLists")
}

type withLists struct {
	Headers headerLists            `json:"headers,omitzero"`
	Many    []headerLists          `json:"many,omitzero"`
	ByName  map[string]headerLists `json:"by_name,omitzero"`
	_       Extra
}

var errNotAList = errors.New("not a list of strings")

func init() { RegisterStringLists[headerLists](errNotAList) }

func TestStringLists(t *testing.T) {
	var v withLists
	in := `{"headers":{"A":"a","B":["b1","b2"],"C":null,"D":[]},"many":[{"X":["x"]},null],"by_name":{"n":{"Y":"y"}}}`
	if err := Unmarshal([]byte(in), &v); err != nil {
		t.Fatal(err)
	}
	want := withLists{
		Headers: headerLists{"A": {"a"}, "B": {"b1", "b2"}, "C": nil, "D": {}},
		Many:    []headerLists{{"X": {"x"}}, nil},
		ByName:  map[string]headerLists{"n": {"Y": {"y"}}},
	}
	if !reflect.DeepEqual(v.Headers, want.Headers) || !reflect.DeepEqual(v.Many, want.Many) || !reflect.DeepEqual(v.ByName, want.ByName) {
		t.Fatalf("decoded %#v\nwant %#v", v, want)
	}
	if v.Headers["D"] == nil {
		t.Error("[] decoded as a nil list, want an empty one")
	}
	out, err := Marshal(&v)
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, out, []byte(`{"headers":{"A":["a"],"B":["b1","b2"],"C":null,"D":[]},"many":[{"X":["x"]},null],"by_name":{"n":{"Y":["y"]}}}`))
}

// A value that is not a list of strings makes the whole map not fit: the
// model keeps the member verbatim and Strict reports the registered error.
func TestStringListsMismatch(t *testing.T) {
	for _, in := range []string{
		`{"headers":{"A":"a","B":1}}`,
		`{"headers":{"A":[1]}}`,
		`{"headers":{"A":{}}}`,
		`{"headers":{"A":"a","B":["b",null]}}`,
		`{"headers":["a"]}`,
	} {
		var v withLists
		if err := Unmarshal([]byte(in), &v); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if v.Headers != nil || !ExtraOf(&v).Has("headers") {
			t.Errorf("%s: Headers = %#v, kept verbatim: %v", in, v.Headers, ExtraOf(&v).Has("headers"))
		}
		out, err := Marshal(&v)
		if err != nil {
			t.Fatal(err)
		}
		assertSameJSON(t, out, []byte(in))
		var merr *MismatchError
		if err := Strict(&v); !errors.As(err, &merr) || merr.Path != ".headers" {
			t.Fatalf("%s: Strict = %v, want a mismatch of .headers", in, err)
		}
		if object := strings.HasPrefix(in, `{"headers":{`); object != errors.Is(merr, errNotAList) {
			t.Errorf("%s: Strict = %v; the registered error is for objects only", in, merr)
		}
	}
}

// Decoding replaces what the map held; a top-level value that does not fit
// is a *TypeError, and malformed input a *SyntaxError.
func TestStringListsReplaceAndErrors(t *testing.T) {
	h := headerLists{"Old": {"o"}}
	if err := Unmarshal([]byte(`{"New":"n"}`), &h); err != nil || !reflect.DeepEqual(h, headerLists{"New": {"n"}}) {
		t.Fatalf("got %#v, %v", h, err)
	}
	if err := Unmarshal([]byte(`null`), &h); err != nil || h != nil {
		t.Fatalf("null: got %#v, %v", h, err)
	}
	var terr *TypeError
	if err := Unmarshal([]byte(`{"A":[true]}`), &h); !errors.As(err, &terr) || terr.Value != "object" || !errors.Is(err, errNotAList) {
		t.Fatalf("got %v, want a *TypeError for the object", err)
	}
	var serr *SyntaxError
	for _, in := range []string{`{"A":[true],}`, `{"A":"a"`, `{"A":["a",]}`, `{"A" "a"}`} {
		if err := Unmarshal([]byte(in), &h); !errors.As(err, &serr) {
			t.Errorf("%s: got %v, want a *SyntaxError", in, err)
		}
	}
}

func TestRegisterStringListsTwice(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	RegisterStringLists[headerLists](errNotAList)
}
