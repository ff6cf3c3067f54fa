//lint:file-ignore U1000 wire reaches the Extra fields of models by reflection

package wire

import (
	"fmt"
	"strings"
	"testing"
)

// Shape is a union with an alias: "circle" and "round" both decode to
// *Circle, which re-encodes with the tag it came with.
type Shape interface{ isShape() }

type Circle struct {
	R     int `json:"r,omitzero"`
	extra Extra
}

type Square struct {
	Side  int `json:"side,omitzero"`
	extra Extra
}

func (*Circle) isShape() {}
func (*Square) isShape() {}

func init() {
	RegisterUnion(Union[Shape]{
		Tag: "kind",
		Variants: map[string]func() Shape{
			"circle": func() Shape { return new(Circle) },
			"square": func() Shape { return new(Square) },
		},
		Aliases: map[string]string{"round": "circle"},
	})
}

func TestUnionAliases(t *testing.T) {
	for _, in := range []string{
		`{"kind":"round","r":2}`,
		`{"r":2,"kind":"round"}`,
		`{"kind":"circle","r":2}`,
		`[{"kind":"round","r":1},{"kind":"circle","r":2},{"kind":"square","side":3}]`,
	} {
		var shapes []Shape
		data := in
		if in[0] == '{' {
			data = "[" + in + "]"
		}
		if err := Unmarshal([]byte(data), &shapes); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if c, ok := shapes[0].(*Circle); !ok || c.R == 0 {
			t.Fatalf("%s: decoded %#v, want a *Circle", in, shapes[0])
		}
		out, err := Marshal(&shapes)
		if err != nil {
			t.Fatal(err)
		}
		assertSameJSON(t, out, []byte(data)) // the tag it came with, once
		if n := strings.Count(string(out), `"kind"`); n != len(shapes) {
			t.Errorf("re-encoded %s: %d tags for %d shapes", out, n, len(shapes))
		}
	}

	out, err := Marshal(&[]Shape{&Circle{R: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if want := `[{"kind":"circle","r":1}]`; string(out) != want {
		t.Errorf("built in Go: %s, want %s", out, want)
	}

	var c Circle
	if err := Unmarshal([]byte(`{"kind":"round","r":3}`), &c); err != nil {
		t.Fatal(err)
	}
	if !c.extra.Has("kind") {
		t.Error("decoding straight into the variant keeps an alias tag as an unknown member")
	}
	if err := Unmarshal([]byte(`{"kind":"circle","r":3}`), &c); err != nil || c.extra.Has("kind") {
		t.Errorf("its own tag is consumed: %v", err)
	}
}

func TestRegisterUnionBadAliases(t *testing.T) {
	for name, aliases := range map[string]map[string]string{
		"alias of no variant": {"b": "nope"},
		"alias is a variant":  {"circle": "circle"},
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if p := fmt.Sprint(recover()); !strings.Contains(p, "Aliases") {
					t.Errorf("panic %q, want one about Aliases", p)
				}
			}()
			RegisterUnion(Union[Shape]{Tag: "t", Variants: map[string]func() Shape{"circle": func() Shape { return new(Circle) }}, Aliases: aliases})
		})
	}
}
