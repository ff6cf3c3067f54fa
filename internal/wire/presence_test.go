//lint:file-ignore U1000 wire reaches the Extra fields of models by reflection

package wire

import (
	"errors"
	"testing"
)

type nest struct {
	P     Person  `json:"p,omitzero"`
	PP    *Person `json:"pp,omitzero"`
	B     blank   `json:"b,omitzero"`
	extra Extra
}

// blank declares its Extra as the SDK does, which reflect's IsZero skips.
type blank struct {
	N int `json:"n,omitzero"`
	_ Extra
}

func TestMarkPresent(t *testing.T) {
	s := &RequestStep{Method: "GET"}
	if err := MarkPresent(s, "Body", "Skipped", "Auth"); err != nil {
		t.Fatal(err)
	}
	out, _ := Marshal(s)
	if string(out) != `{"step_type":"request","method":"GET","body":"","auth":{},"skipped":false}` {
		t.Errorf("got %s", out)
	}

	// Nested models, by value or pointer.
	h := &nest{PP: &Person{}}
	if err := MarkPresent(&h.P, "Name"); err != nil {
		t.Fatal(err)
	}
	if err := MarkPresent(h.PP, "ID"); err != nil {
		t.Fatal(err)
	}
	if err := MarkPresent(&h.B, "N"); err != nil {
		t.Fatal(err)
	}
	if out, _ := Marshal(h); string(out) != `{"p":{"name":""},"pp":{"id":""},"b":{"n":0}}` {
		t.Errorf("got %s", out)
	}
	// A pointer to a nil model pointer gets a new model.
	var e struct {
		P     *Person `json:"p,omitzero"`
		extra Extra
	}
	if err := MarkPresent(&e.P, "Email"); err != nil {
		t.Fatal(err)
	}
	if out, _ := Marshal(&e); string(out) != `{"p":{"email":""}}` {
		t.Errorf("got %s", out)
	}

	// Decoded values: null and a member that did not fit give way.
	var x Test
	if err := Unmarshal([]byte(`{"name":null,"description":5,"x":1,"Description":2}`), &x); err != nil {
		t.Fatal(err)
	}
	if err := MarkPresent(&x, "Name", "Description", "ID"); err != nil {
		t.Fatal(err)
	}
	if out, _ := Marshal(&x); string(out) != `{"id":"","name":"","description":"","x":1,"Description":2}` {
		t.Errorf("got %s", out)
	}
	// Under the name a member came with.
	if err := Unmarshal([]byte(`{"NAME":5}`), &x); err != nil {
		t.Fatal(err)
	}
	if err := MarkPresent(&x, "Name"); err != nil {
		t.Fatal(err)
	}
	if out, _ := Marshal(&x); string(out) != `{"NAME":""}` {
		t.Errorf("got %s", out)
	}
}

func TestMarkPresentErrors(t *testing.T) {
	s := &RequestStep{}
	var fe *FieldError
	for _, name := range []string{"body", "Nope", "extra", ""} {
		if err := MarkPresent(s, "Method", name); !errors.As(err, &fe) || fe.Field != name {
			t.Errorf("MarkPresent(%q) = %v, want a *FieldError", name, err)
		}
	}
	if out, _ := Marshal(s); string(out) != `{"step_type":"request"}` {
		t.Errorf("a failed call marked fields: %s", out)
	}
	var step Step = s
	var nilStep *RequestStep
	for _, v := range []any{
		nil, RequestStep{}, nilStep, &UnknownStep{}, new(string), &step, new([]Step), new(struct{ A int }),
		new(*string), new(**RequestStep), (**RequestStep)(nil),
	} {
		if err := MarkPresent(v); !errors.Is(err, ErrNotModel) {
			t.Errorf("MarkPresent(%T) = %v, want ErrNotModel", v, err)
		}
	}
}
