package wire

import (
	"strings"
	"testing"
)

// shouted travels upper-cased when Loud says so, and is held lower-cased in
// Go: a pair of members that depend on each other, like a body and its
// body_encoding.
type shouted struct {
	Text string `json:"text,omitzero"`
	Loud bool   `json:"loud,omitzero"`
	_    Extra
}

type shoutedHolder struct {
	One  *shouted           `json:"one,omitzero"`
	Many []shouted          `json:"many,omitzero"`
	ByID map[string]shouted `json:"by_id,omitzero"`
	_    Extra
}

func init() {
	RegisterHooks(
		func(s *shouted) {
			if s.Loud {
				s.Text = strings.ToLower(s.Text)
			}
		},
		func(s *shouted) {
			if s.Loud {
				s.Text = strings.ToUpper(s.Text)
			}
		})
}

func TestHooksRunWhereverTheModelIs(t *testing.T) {
	in := `{"one":{"text":"HI","loud":true,"x":1},"many":[{"text":"A","loud":true},{"text":"b"}],"by_id":{"k":{"text":"K","loud":true}}}`
	var h shoutedHolder
	if err := Unmarshal([]byte(in), &h); err != nil {
		t.Fatal(err)
	}
	if h.One.Text != "hi" || h.Many[0].Text != "a" || h.Many[1].Text != "b" || h.ByID["k"].Text != "k" {
		t.Fatalf("afterDecode did not run everywhere: %+v", h)
	}
	out, err := Marshal(&h)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != in {
		t.Fatalf("beforeEncode did not run everywhere:\n got %s\nwant %s", out, in)
	}
	if h.One.Text != "hi" || h.Many[0].Text != "a" {
		t.Fatalf("beforeEncode changed the value being encoded: %+v", h)
	}

	var top shouted
	if err := Unmarshal([]byte(`{"loud":true,"text":"TOP"}`), &top); err != nil || top.Text != "top" {
		t.Fatalf("top level: %+v, %v", top, err)
	}
}

func TestRegisterHooksRejectsNonModels(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("RegisterHooks on a plain struct did not panic")
		}
	}()
	RegisterHooks[struct{ A int }](nil, nil)
}

func TestExtraOf(t *testing.T) {
	var s shouted
	if err := Unmarshal([]byte(`{"text":"x","mood":"sunny"}`), &s); err != nil {
		t.Fatal(err)
	}
	if !ExtraOf(&s).Has("mood") || ExtraOf(&s).Has("text") {
		t.Errorf("ExtraOf(&s) = %+v", ExtraOf(&s))
	}
	if !ExtraOf(s).Has("mood") {
		t.Errorf("ExtraOf(s) = %+v", ExtraOf(s))
	}
	if !ExtraOf(nil).IsZero() || !ExtraOf((*shouted)(nil)).IsZero() || !ExtraOf(&struct{}{}).IsZero() || !ExtraOf(3).IsZero() {
		t.Error("ExtraOf of nil, a nil pointer, a plain struct or an int is not zero")
	}
}
