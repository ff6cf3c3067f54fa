package wire

import (
	"bytes"
	"errors"
	"reflect"
	"slices"
)

// union decodes an object into the variant its tag names. The tag may be
// anywhere, and is often near the end (a step's step_type comes after its
// assertions, headers and body), so looking for it first would read most
// of the object twice. The object is decoded on a guess instead, the
// variant of the union's previous object, and the guess is checked at the
// tag member; a wrong guess, or an object without a string tag, is decoded
// again the usual way: findTag, then the variant it names. Either way the
// result is the same.
//
// A wrong guess must not cost much more than decoding without guesses,
// even for hostile input (variants that alternate, nested deep): unions met
// before a guess is confirmed are not guessed (d.guessing), so work done in
// vain is never redone in vain inside, and once the bytes read on wrong
// guesses (d.wasted) reach the size of the input, the rest is decoded
// without guessing.
func (d *decoder) union(c *codec, v reflect.Value) error {
	u := c.union
	if d.peek() != '{' {
		return d.mismatch(c)
	}
	if guess := u.guess.Load(); guess != nil && guessVariants && !d.guessing && d.wasted < len(d.data) && !d.emptyObject() {
		start := d.mark()
		p := reflect.New(guess.typ)
		d.guessing = true
		err := d.objectOf(guess, p.Elem(), u)
		d.guessing = false
		if err == nil {
			u.store(v, p)
			return nil
		}
		if err != errWrongGuess {
			// Malformed JSON, which does not depend on the variant: the
			// models keep whatever does not fit their fields.
			return err
		}
		d.wasted += d.pos - start.pos
		d.rewind(start)
	}
	tag, found, empty, err := d.findTag(u.tag)
	if err != nil {
		return err
	}
	if vc := u.variants[string(tag)]; found && vc != nil {
		if u.guess.Load() != vc {
			u.guess.Store(vc)
		}
		p := reflect.New(vc.typ)
		if err := d.object(vc, p.Elem()); err != nil {
			return err
		}
		u.store(v, p)
		return nil
	}
	if empty && u.emptyIsNil {
		v.SetZero()
		return d.skip()
	}
	if u.unknown == nil {
		return d.mismatch(c)
	}
	name, start := string(tag), d.pos
	if err := d.skip(); err != nil {
		return err
	}
	if x := u.unknown(name, bytes.Clone(d.data[start:d.pos])); x.IsValid() {
		v.Set(x)
	} else {
		v.SetZero()
	}
	return nil
}

// store sets the union value v to the variant p.
func (u *unionCodec) store(v, p reflect.Value) {
	if v.CanAddr() {
		u.set(v, p)
	} else {
		v.Set(p)
	}
}

// guessVariants is off only in tests, to compare with decoding without
// guesses.
var guessVariants = true

// errWrongGuess stops decoding an object into a variant guessed by union
// (see objState.guessOf); union never returns it.
var errWrongGuess = errors.New("wire: internal error: a union's variant guessed wrong")

// emptyObject reports whether the object at d.pos is {}.
func (d *decoder) emptyObject() bool {
	i := d.pos + 1
	for i < len(d.data) && (d.data[i] == ' ' || d.data[i] == '\n' || d.data[i] == '\r' || d.data[i] == '\t') {
		i++
	}
	return i < len(d.data) && d.data[i] == '}'
}

// findTag looks for the string member named tag in the object at d.pos
// without decoding anything, and leaves d.pos where it was.
func (d *decoder) findTag(tag string) (value []byte, found, empty bool, err error) {
	start := d.mark()
	more, err := d.enter()
	empty = !more
	for more && err == nil {
		var s []byte
		var plain bool
		if s, plain, err = d.key(); err != nil {
			break
		}
		if string(d.name(s, plain)) == tag {
			if d.peek() == '"' {
				if s, plain, err = d.str(); err == nil {
					value, found = d.name(s, plain), true
				}
			}
			break
		}
		if err = d.skip(); err == nil {
			more, err = d.next('}')
		}
	}
	d.rewind(start)
	return value, found, empty, err
}

// tagMember consumes the union tag member of a variant, starting at start,
// when it names the variant. Any other value (an alias) is kept verbatim as
// an unknown member, which the encoder writes back instead of the tag. In
// an object decoded on a guess (st.guessOf), the first tag member decides,
// as findTag would have: it must be a string naming this variant, or an
// alias of it, else the guess was wrong.
//
// When the first tag member named the variant and a later one is kept, the
// first is kept too, in its place: the encoder writes the kept ones instead
// of the variant's tag, and the first must still come first to decode to
// the same variant.
func (d *decoder) tagMember(c *codec, st *objState, start int) error {
	first := !st.tagged
	st.tagged = true
	valueStart := d.pos
	if d.peek() == '"' {
		s, plain, err := d.str()
		if err != nil {
			return err
		}
		tag := d.name(s, plain)
		if st.guessOf != nil {
			if st.guessOf.variants[string(tag)] != c {
				return errWrongGuess
			}
			st.guessOf, d.guessing = nil, false
		}
		if string(tag) == c.tagVal {
			if first {
				st.tag = span{start, d.pos, -1}
			}
			return nil
		}
		d.pos = valueStart
	} else if st.guessOf != nil {
		return errWrongGuess
	}
	if err := d.skip(); err != nil || c.extra < 0 {
		return err
	}
	if st.tag.end > 0 { // the first, consumed: kept before the members after it
		at := len(d.spans)
		if k := slices.IndexFunc(d.spans[st.base:], func(sp span) bool { return sp.start > st.tag.start }); k >= 0 {
			at = st.base + k
		}
		d.spans = slices.Insert(d.spans, at, st.tag)
		st.tag = span{}
	}
	d.spans = append(d.spans, span{start, d.pos, -1})
	return nil
}
