//lint:file-ignore U1000 wire reaches the Extra fields of models by reflection

package wire

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

// Embedded structs promote their fields into the object, as in encoding/json.

type runCounts struct {
	Passed int `json:"passed,omitzero"`
	Failed int `json:"failed,omitzero"`
}

type stepCounts struct {
	runCounts
	Skipped int `json:"skipped,omitzero"`
}

type Label struct {
	Label string `json:"label,omitzero"`
}

type Level int

type hidden int

type run struct {
	ID string `json:"id,omitzero"`
	stepCounts
	*Label
	Level
	hidden
	Total int `json:"total"`
	extra Extra
}

func TestEmbeddedFieldsArePromoted(t *testing.T) {
	in := `{"id":"r","passed":2,"failed":1,"skipped":0,"label":"x","Level":3,"total":3,"other":true}`
	r, out := roundTrip[run](t, in)
	if r.ID != "r" || r.Passed != 2 || r.Failed != 1 || r.Label == nil || r.Label.Label != "x" || r.Level != 3 || r.Total != 3 {
		t.Errorf("decoded %+v", r)
	}
	if out != in {
		t.Errorf("got  %s\nwant %s", out, in)
	}
	if !r.extra.Has("other") || r.extra.Has("passed") {
		t.Errorf("unknown members %q", r.extra.unknown)
	}
	// A promoted member that does not fit is kept verbatim by the outer model.
	r, out = roundTrip[run](t, `{"passed":"two","failed":1}`)
	if r.Passed != 0 || r.Failed != 1 || !r.extra.Has("passed") {
		t.Errorf("decoded %+v", r)
	}
	if out != `{"failed":1,"Level":0,"total":0,"passed":"two"}` {
		t.Errorf("got %s", out)
	}
	// Decoding resets the model, embedded pointers included.
	if err := Unmarshal([]byte(`{"id":"s"}`), r); err != nil || r.Label != nil || r.Failed != 0 {
		t.Errorf("after a second decode: %+v, %v", r, err)
	}
}

type shadowed struct {
	runCounts
	Passed string `json:"passed"` // shallower: wins over runCounts.Passed
	extra  Extra
}

type untaggedX struct{ X int }
type taggedX struct {
	X int `json:"X"`
}

type dominance struct {
	untaggedX
	taggedX // tagged wins at the same depth
	extra   Extra
}

type namedEmbed struct {
	runCounts `json:"counts"` // a tag name makes it a member of its own
	extra     Extra
}

// Go-built values encode, and inputs decode, like encoding/json.
func TestEmbeddedLikeEncodingJSON(t *testing.T) {
	values := []any{
		&run{}, &run{ID: "a", stepCounts: stepCounts{runCounts{1, 2}, 3}, Label: &Label{"l"}, Level: 2, hidden: 1},
		&shadowed{runCounts: runCounts{Passed: 5}, Passed: "p"}, &dominance{untaggedX{1}, taggedX{2}, Extra{}},
		&namedEmbed{runCounts: runCounts{Failed: 1}},
	}
	for _, v := range values {
		got, err := Marshal(v)
		if err != nil {
			t.Fatalf("Marshal(%T): %v", v, err)
		}
		want, _ := json.Marshal(v)
		if string(got) != string(want) {
			t.Errorf("%T:\n got %s\nwant %s", v, got, want)
		}
	}
	inputs := []string{
		`{"passed":"p","failed":2,"X":7}`, `{"counts":{"passed":1},"passed":3}`, `{"LABEL":"m"}`,
		`{"id":"i","Passed":1,"skipped":2,"level":5}`, `{"label":null}`,
	}
	for _, in := range inputs {
		for _, newV := range []func() any{
			func() any { return new(run) }, func() any { return new(shadowed) },
			func() any { return new(dominance) }, func() any { return new(namedEmbed) },
		} {
			got, want := newV(), newV()
			if err := Unmarshal([]byte(in), got); err != nil {
				t.Fatalf("Unmarshal(%s, %T): %v", in, got, err)
			}
			if err := json.Unmarshal([]byte(in), want); err != nil {
				continue // a mismatch, which wire keeps verbatim
			}
			// encoding/json does not know Extra.
			c, _ := codecFor(reflect.TypeOf(got).Elem())
			*extraOf(reflect.ValueOf(got).Elem(), c.extra) = Extra{}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s into %T:\n got %+v\nwant %+v", in, got, got, want)
			}
		}
	}
}

type ambiguousX struct{ X int }

type ambiguousModel struct {
	untaggedX
	ambiguousX
	extra Extra
}

type embedsModel struct {
	Person
	extra Extra
}

type embedsMethods struct {
	time.Time
	extra Extra
}

type hiddenLabel struct{ Label string }

type embedsHiddenPointer struct {
	*hiddenLabel
	extra Extra
}

func TestUnsupportedEmbedding(t *testing.T) {
	tests := []struct {
		v    any
		want string
	}{
		{&ambiguousModel{}, "X"},
		{&embedsModel{}, "Person"},
		{&embedsMethods{}, "Time"},
		{&embedsHiddenPointer{}, "hiddenLabel"},
	}
	for _, tt := range tests {
		err := Unmarshal([]byte(`{}`), tt.v)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Unmarshal into %T: %v, want an error naming %s", tt.v, err, tt.want)
		}
		if _, err := Marshal(tt.v); err == nil {
			t.Errorf("Marshal %T: no error", tt.v)
		}
	}
}
