//lint:file-ignore U1000 wire reaches the Extra fields of models by reflection

package wire

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"
)

// unionGuesses lists, for each union the test models use, the guesses
// decoding can start from: none, then each variant.
func unionGuesses(t testing.TB) map[reflect.Type][]*codec {
	guesses := map[reflect.Type][]*codec{}
	for _, it := range []reflect.Type{reflect.TypeFor[Step](), reflect.TypeFor[Auth](), reflect.TypeFor[Shape]()} {
		c, err := codecFor(it)
		if err != nil {
			t.Fatal(err)
		}
		guesses[it] = []*codec{nil}
		for _, vc := range c.union.variants {
			guesses[it] = append(guesses[it], vc)
		}
	}
	return guesses
}

// decoded is everything decoding shows: the error, the value with its
// Extra, how it encodes and what Strict says of it.
type decoded[T any] struct {
	v                T
	err, out, strict string
}

func decodedAs[T any](in []byte) decoded[T] {
	var d decoded[T]
	if err := Unmarshal(in, &d.v); err != nil {
		d.err = err.Error()
		return d
	}
	out, err := Marshal(&d.v)
	d.out = fmt.Sprintf("%s %v", out, err)
	d.strict = fmt.Sprint(Strict(&d.v))
	return d
}

// checkGuessesAgree decodes in into T from every guess of every union and
// fails unless all agree with decoding without a guess: a guess changes
// how much is read, never what is decoded, nor the error for bad input.
func checkGuessesAgree[T any](t *testing.T, guesses map[reflect.Type][]*codec, in []byte) {
	t.Helper()
	guessVariants = false
	want := decodedAs[T](in)
	guessVariants = true
	for it, list := range guesses {
		u, _ := codecFor(it)
		for _, g := range list {
			u.union.guess.Store(g)
			got := decodedAs[T](in)
			if got.err != want.err || got.out != want.out || got.strict != want.strict || (got.err == "" && !reflect.DeepEqual(got.v, want.v)) {
				name := "none"
				if g != nil {
					name = g.typ.String()
				}
				t.Fatalf("%s into %T, guessing %s for %v:\n got %+v\nwant %+v", in, got.v, name, it, got, want)
			}
		}
	}
}

var guessInputs = []string{
	`{"steps":[{"step_type":"request","id":"a"},{"id":"b","step_type":"pause","duration":2},{"method":"GET","step_type":"request"}]}`,
	`{"steps":[{"id":"a"},{"step_type":5,"id":"b"},{"step_type":null},{"step_type":"nope","x":1},{}]}`,
	`{"steps":[{"step_type":5,"step_type":"request","id":"a"},{"step_type":"request"},{"step_type":{},"step_type":"pause"}]}`,
	`{"steps":[{"id":"a","step_type":"request","step_type":"pause"},{"step_type":"pause","step_type":"request","duration":1}]}`,
	`{"steps":[{"step_\u0074ype":"pause","duration":1},{"STEP_TYPE":"pause"},{"Step_Type":"request","step_type":"pause"}]}`,
	`{"steps":[{"steps":[{"duration":1,"step_type":"pause"}],"step_type":"condition"},{"step_type":"condition","steps":[{"steps":[],"step_type":"condition"}]}]}`,
	`{"steps":[{"auth":{"username":"u","auth_type":"basic"},"step_type":"request"},{"auth":{},"step_type":"request"},{"auth":{"x":1},"step_type":"request"}]}`,
	`{"steps":[{"auth":{"auth_type":"oauth1","token":"t"},"method":5,"step_type":"request","skipped":"no"}]}`,
	`{"environments":[{"auth":{"auth_type":"basic"}},{"auth":{"password":"p","auth_type":"oauth1"}},{"auth":{"auth_type":"other"}},{"auth":{ }}]}`,
	// Malformed: the same error, wherever it is in the object.
	`{"steps":[{"id":"a","step_type":"request","method":"GET",}]}`,
	`{"steps":[{"id":"a" "step_type":"request"}]}`,
	`{"steps":[{"id":tru,"step_type":"request"}]}`,
	`{"steps":[{"headers":{"a":[1 2]},"step_type":"request"}]}`,
	`{"steps":[{"step_type":"request","id":"a"`,
	`{"steps":[{"duration":1.,"step_type":"pause"}]}`,
	`{"steps":[{"steps":[{"step_type":"pause","duration":1}`,
	`{"steps":[{"id":"a","step_type":"request"}],}`,
}

func TestUnionGuessesAgree(t *testing.T) {
	guesses := unionGuesses(t)
	for _, in := range guessInputs {
		checkGuessesAgree[Test](t, guesses, []byte(in))
	}
	for _, in := range []string{
		`[{"r":1,"kind":"round"},{"kind":"square","side":2},{"side":3,"kind":"circle"},{"kind":"round","kind":"square"}]`,
		`[{"side":1},{"kind":"triangle"},{}]`,
	} {
		checkGuessesAgree[[]Shape](t, guesses, []byte(in))
	}
}

func FuzzUnionGuess(f *testing.F) {
	for _, in := range guessInputs {
		f.Add([]byte(in))
	}
	guesses := unionGuesses(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		checkGuessesAgree[Test](t, guesses, in)
	})
}

// Node is a union whose two variants both nest more of it, under the same
// member name, with the tag last: the worst case for guessing.
type Node interface{ isNode() }

type NodeA struct {
	Kids  []Node `json:"kids,omitzero"`
	extra Extra
}

type NodeB struct {
	Kids  []Node `json:"kids,omitzero"`
	extra Extra
}

func (*NodeA) isNode() {}
func (*NodeB) isNode() {}

func init() {
	RegisterUnion(Union[Node]{
		Tag: "t",
		Variants: map[string]func() Node{
			"a": func() Node { return new(NodeA) },
			"b": func() Node { return new(NodeB) },
		},
	})
}

// nested returns depth nodes, each the only kid of the one before, with
// tags following pattern.
func nested(depth int, pattern string) []byte {
	b := bytes.Repeat([]byte(`{"kids":[`), depth)
	for i := depth - 1; i >= 0; i-- {
		b = append(b, `],"t":"`...)
		b = append(b, pattern[i%len(pattern)], '"', '}')
	}
	return b
}

// A wrong guess costs little more than decoding without guesses, however
// guesses nest: the allocations (counts, not timings) stay within a small
// factor of decoding without guesses, for every pattern of tags and every
// first guess. Guesses nested in unconfirmed guesses, or no limit on what
// wrong guesses waste, would make them grow with the square of the depth.
func TestUnionGuessesDoNotCompound(t *testing.T) {
	u, err := codecFor(reflect.TypeFor[Node]())
	if err != nil {
		t.Fatal(err)
	}
	guesses := []*codec{nil, u.union.variants["a"], u.union.variants["b"]}
	decode := func(in []byte, first *codec) func() {
		return func() {
			u.union.guess.Store(first)
			var n Node
			if err := Unmarshal(in, &n); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, pattern := range []string{"a", "ab", "aab", "abb", "ba"} {
		in := nested(64, pattern)
		guessVariants = false
		without := testing.AllocsPerRun(10, decode(in, nil))
		guessVariants = true
		for _, first := range guesses {
			if allocs := testing.AllocsPerRun(10, decode(in, first)); allocs > 4*without {
				t.Errorf("tags %q, 64 deep: %v allocations, %v without guesses", pattern, allocs, without)
			}
		}
		checkGuessesAgree[Node](t, map[reflect.Type][]*codec{reflect.TypeFor[Node](): guesses}, in)
	}
}

// A second tag member naming another variant is kept, and so is the first,
// which decided the variant: the object encodes back to the same variant,
// with both tags in their order, and one round trip is a fixed point.
func TestUnionRepeatedTag(t *testing.T) {
	for _, tt := range []struct{ in, out string }{
		{`{"step_type":"request","id":"a","step_type":"pause"}`, `{"id":"a","step_type":"request","step_type":"pause"}`},
		{`{"id":"a","step_type":"request","x":1,"step_type":"pause","step_type":"condition"}`,
			`{"id":"a","step_type":"request","x":1,"step_type":"pause","step_type":"condition"}`},
		{`{"step_type":"request","step_type":"request","id":"a"}`, `{"step_type":"request","id":"a"}`},
		{`{"step_type":"pause","duration":1,"step_type":"nope"}`, `{"duration":1,"step_type":"pause","step_type":"nope"}`},
	} {
		var s Step
		if err := Unmarshal([]byte(tt.in), &s); err != nil {
			t.Fatal(err)
		}
		out, err := Marshal(&s)
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != tt.out {
			t.Errorf("%s encodes as\n%s, want\n%s", tt.in, out, tt.out)
		}
		var again Step
		if err := Unmarshal(out, &again); err != nil {
			t.Fatal(err)
		}
		if reflect.TypeOf(again) != reflect.TypeOf(s) {
			t.Errorf("%s: decoded %T, then %T from %s", tt.in, s, again, out)
		}
		if out2, err := Marshal(&again); err != nil || string(out2) != string(out) {
			t.Errorf("%s: not a fixed point: %s, then %s (%v)", tt.in, out, out2, err)
		}
	}
}
