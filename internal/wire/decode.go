package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"sync"
)

// TypeError reports a JSON value that does not fit the Go type it was to be
// decoded into, where no enclosing model could keep it verbatim instead.
type TypeError struct {
	Value  string // the JSON value's kind: "object", "array", "string", "number", "bool" or "null"
	Type   reflect.Type
	Offset int64 // bytes into the input where the value starts
	Err    error // what the type's UnmarshalJSON, or encoding/json, reported
	// Path locates the value inside the one decoded, as .member and [index]
	// steps (see MismatchError); empty for the value itself.
	Path string
}

// Error names the JSON value, the Go type, the path and the offset.
func (e *TypeError) Error() string {
	at := ""
	if e.Path != "" {
		at = " at " + e.Path
	}
	msg := fmt.Sprintf("wire: cannot decode JSON %s into %v%s (offset %d)", e.Value, e.Type, at, e.Offset)
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the cause reported by the type's UnmarshalJSON, if any.
func (e *TypeError) Unwrap() error { return e.Err }

// span locates a member in the input that a model's Extra records. field
// is -1 for an unknown member, i for a member that did not fit field i, and
// foldedSpan(i) for a member decoded into field i under a name that matches
// the field's only in letter case (only its name is recorded; the value is
// in the field).
type span struct{ start, end, field int }

func foldedSpan(i int) int { return -2 - i }

var decoders = sync.Pool{New: func() any { return new(decoder) }}

func getDecoder() *decoder { return decoders.Get().(*decoder) }

// release puts d back in the pool.
func (d *decoder) release() {
	d.reset()
	decoders.Put(d)
}

// reset makes d hold nothing of its input. It keeps its scratch space for
// the next input only up to a size that ordinary inputs stay within: the
// pool would otherwise keep for good what one unusually large input needed
// (a million unknown members in one object take 27 MB of spans).
func (d *decoder) reset() {
	d.data, d.pos, d.depth, d.wasted = nil, 0, 0, 0
	d.buf = emptied(d.buf, 1<<16)
	d.spans = emptied(d.spans, 1<<12)
	d.strs = emptied(d.strs, 1<<12)
	d.lists = emptied(d.lists, 1<<12)
}

// emptied returns s with no elements, or nil when it has room for more than
// limit.
func emptied[T any](s []T, limit int) []T {
	if cap(s) > limit {
		return nil
	}
	return s[:0]
}

// Unmarshal decodes the JSON value in data into v, a non-nil pointer, in
// one pass over data however deeply models, slices, maps and unions nest.
//
// Models record in their Extra field the members their struct does not
// model, and which members were present or null. A member whose value does
// not fit its field's type (a number for a string, say) is not an error: the
// nearest enclosing model keeps the whole member verbatim with its unknown
// members and leaves the field zero, so a drifting server never breaks
// decoding and the member still round-trips. Only without an enclosing
// model is such a value a *TypeError. A model is reset before it is decoded
// into; other values are decoded into as encoding/json does.
//
// Malformed JSON anywhere is a *SyntaxError. Unlike encoding/json, v may
// then have been partly decoded.
func Unmarshal(data []byte, v any) error {
	c, rv, err := target(v, "Unmarshal needs a non-nil pointer")
	if err != nil {
		return err
	}
	d := getDecoder()
	d.data = data
	err = d.top(c, rv)
	d.release()
	return err
}

// target returns the codec and the value that p, a non-nil pointer, points
// to; for anything else an error that starts with need.
func target(p any, need string) (*codec, reflect.Value, error) {
	rv := reflect.ValueOf(p)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return nil, reflect.Value{}, fmt.Errorf("wire: %s, not %T", need, p)
	}
	c, err := codecFor(rv.Type().Elem())
	return c, rv.Elem(), err
}

func (d *decoder) top(c *codec, v reflect.Value) error {
	d.ws()
	err := d.value(c, v)
	if err == nil {
		return d.end()
	}
	return syntaxFirst(d.data, err)
}

// syntaxFirst returns err, except that a *TypeError gives way to the
// *SyntaxError of data when data is malformed further on: that is the more
// useful report, as in encoding/json.
func syntaxFirst(data []byte, err error) error {
	if _, ok := err.(*TypeError); ok {
		if serr := validate(data); serr != nil {
			return serr
		}
	}
	return err
}

func (d *decoder) value(c *codec, v reflect.Value) error {
	if c.kind == kLeaf {
		return d.leaf(c, v)
	}
	if d.peek() == 'n' {
		switch c.kind {
		case kPtr, kSlice, kMap, kIface, kUnion:
			v.SetZero()
		} // other kinds keep their value, as in encoding/json
		return d.literal("null")
	}
	switch c.kind {
	case kString:
		if d.peek() != '"' {
			return d.mismatch(c)
		}
		s, plain, err := d.str()
		if err == nil {
			v.SetString(d.unquote(s, plain))
		}
		return err
	case kNumber:
		return d.jsonNumber(c, v)
	case kBool:
		return d.bool(c, v)
	case kInt, kUint, kFloat:
		return d.numeric(c, v)
	case kPtr:
		if v.IsNil() {
			v.Set(reflect.New(c.elem.typ))
		}
		return d.value(c.elem, v.Elem())
	case kSlice:
		return d.slice(c, v)
	case kMap:
		return d.mapValue(c, v)
	case kIface:
		if c.typ.NumMethod() != 0 {
			return d.mismatch(c)
		}
		x, err := d.any()
		if err == nil {
			v.Set(reflect.ValueOf(x))
		}
		return err
	case kUnion:
		return d.union(c, v)
	}
	return d.object(c, v)
}

// mismatch reports that the value at d.pos does not fit c's type. It does
// not consume the value: the model that keeps it verbatim reads it again.
func (d *decoder) mismatch(c *codec) error {
	kind := "number"
	switch d.peek() {
	case '{':
		kind = "object"
	case '[':
		kind = "array"
	case '"':
		kind = "string"
	case 't', 'f':
		kind = "bool"
	case 'n':
		kind = "null"
	}
	return &TypeError{Value: kind, Type: c.typ, Offset: int64(d.pos)}
}

func (d *decoder) bool(c *codec, v reflect.Value) error {
	switch d.peek() {
	case 't':
		v.SetBool(true)
		return d.literal("true")
	case 'f':
		v.SetBool(false)
		return d.literal("false")
	}
	return d.mismatch(c)
}

func (d *decoder) numeric(c *codec, v reflect.Value) error {
	if p := d.peek(); p != '-' && !isDigit(p) {
		return d.mismatch(c)
	}
	start := d.pos
	s, isInt, err := d.number()
	if err != nil {
		return err
	}
	fits := false
	switch c.kind {
	case kInt:
		n, err := strconv.ParseInt(string(s), 10, 64)
		if fits = isInt && err == nil && !v.OverflowInt(n); fits {
			v.SetInt(n)
		}
	case kUint:
		n, err := strconv.ParseUint(string(s), 10, 64)
		if fits = isInt && err == nil && !v.OverflowUint(n); fits {
			v.SetUint(n)
		}
	default:
		f, err := strconv.ParseFloat(string(s), c.typ.Bits())
		if fits = err == nil && !v.OverflowFloat(f); fits {
			v.SetFloat(f)
		}
	}
	if !fits {
		d.pos = start
		return d.mismatch(c)
	}
	return nil
}

// jsonNumber keeps a number's text; like encoding/json it also accepts a
// string holding a valid number.
func (d *decoder) jsonNumber(c *codec, v reflect.Value) error {
	switch p := d.peek(); {
	case p == '"':
		start := d.pos
		s, plain, err := d.str()
		if err != nil {
			return err
		}
		n := d.unquote(s, plain)
		if end, _ := numberEnd(n, 0); end != len(n) {
			d.pos = start
			return d.mismatch(c)
		}
		v.SetString(n)
	case p == '-' || isDigit(p):
		s, _, err := d.number()
		if err != nil {
			return err
		}
		v.SetString(string(s))
	default:
		return d.mismatch(c)
	}
	return nil
}

// leaf hands the value's bytes to the type's UnmarshalJSON, or to
// encoding/json. Any error from them counts as a mismatch: the enclosing
// model keeps the member, as for a server sending an unexpected format.
func (d *decoder) leaf(c *codec, v reflect.Value) error {
	if c.stringLists {
		return d.stringLists(c, v)
	}
	start := d.pos
	if err := d.skip(); err != nil {
		return err
	}
	raw := d.data[start:d.pos]
	var err error
	if c.unmarshaler {
		err = v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(raw)
	} else {
		err = json.Unmarshal(raw, v.Addr().Interface())
	}
	if err != nil {
		d.pos = start
		terr := d.mismatch(c).(*TypeError)
		terr.Err = err
		return terr
	}
	return nil
}

func (d *decoder) slice(c *codec, v reflect.Value) error {
	if d.peek() != '[' {
		return d.mismatch(c)
	}
	more, err := d.enter()
	v.SetLen(0)
	n := 0
	for ; more && err == nil; n++ {
		if n == v.Cap() {
			// Room for 4 at first, as in encoding/json: most arrays are
			// short, and growing 1, 2, 4 would allocate three times.
			v.Grow(max(1, 4-n))
		}
		v.SetLen(n + 1)
		elem := v.Index(n)
		elem.SetZero() // the backing array may be reused
		if err = d.value(c.elem, elem); err == nil {
			more, err = d.next(']')
		} else {
			within(err, indexStep(n))
		}
	}
	if err == nil && n == 0 {
		v.Set(c.empty) // [] is empty, not nil
	}
	return err
}

func (d *decoder) mapValue(c *codec, v reflect.Value) error {
	if d.peek() != '{' {
		return d.mismatch(c)
	}
	if v.IsNil() {
		v.Set(reflect.MakeMap(c.typ))
	}
	more, err := d.enter()
	if !more || err != nil {
		return err
	}
	key := reflect.New(c.typ.Key()).Elem()
	elem := reflect.New(c.elem.typ).Elem()
	for more && err == nil {
		var s []byte
		var plain bool
		if s, plain, err = d.key(); err != nil {
			break
		}
		key.SetString(d.unquote(s, plain))
		elem.SetZero()
		if err = d.value(c.elem, elem); err == nil {
			v.SetMapIndex(key, elem)
			more, err = d.next('}')
		} else {
			within(err, memberStep(key.String()))
		}
	}
	return err
}

// any decodes into the Go values encoding/json uses for an interface{},
// except that numbers become json.Number: the SDK promises to keep their
// exact text.
func (d *decoder) any() (any, error) {
	switch d.peek() {
	case '{':
		m := map[string]any{}
		more, err := d.enter()
		for more && err == nil {
			var s []byte
			var plain bool
			if s, plain, err = d.key(); err != nil {
				break
			}
			k := d.unquote(s, plain)
			var x any
			if x, err = d.any(); err == nil {
				m[k] = x
				more, err = d.next('}')
			}
		}
		return m, err
	case '[':
		a := []any{}
		more, err := d.enter()
		for more && err == nil {
			var x any
			if x, err = d.any(); err == nil {
				a = append(a, x)
				more, err = d.next(']')
			}
		}
		return a, err
	case '"':
		s, plain, err := d.str()
		return d.unquote(s, plain), err
	case 't':
		return true, d.literal("true")
	case 'f':
		return false, d.literal("false")
	case 'n':
		return nil, d.literal("null")
	}
	s, _, err := d.number()
	return json.Number(s), err
}

// objState is what decoding one object learns for its model's Extra.
type objState struct {
	present, null uint64
	exact         uint64   // fields whose exact name was met
	folded        uint64   // fields claimed by a name that differs in letter case
	claimed       []string // claimed[i]: the name that claimed field i; nil until one does
	base          int      // d.spans of this object start here
	prev          int      // the field of the previous member, len(fields) at first
	next          int      // the field expected next (see codec.order)
	// guessOf is the union whose variant this object is decoded into on a
	// guess, until its tag member confirms it (see union).
	guessOf *unionCodec
	tagged  bool // a union tag member was met (see tagMember)
	tag     span // the first tag member, consumed
}

func (d *decoder) object(c *codec, v reflect.Value) error {
	return d.objectOf(c, v, nil)
}

// objectOf decodes an object into c, a variant of the union guessOf that
// union guessed, when guessOf is not nil (see tagMember).
func (d *decoder) objectOf(c *codec, v reflect.Value, guessOf *unionCodec) error {
	if d.peek() != '{' {
		return d.mismatch(c)
	}
	if c.extra >= 0 {
		v.SetZero()
	}
	st := objState{base: len(d.spans), prev: len(c.fields), next: int(c.order[len(c.fields)].Load()), guessOf: guessOf}
	more, err := d.enter()
	for more && err == nil {
		if err = d.member(c, v, &st); err == nil {
			more, err = d.next('}')
		}
	}
	if err == nil && st.guessOf != nil {
		return errWrongGuess // no string tag
	}
	if err != nil || c.extra < 0 {
		return err
	}
	d.keep(extraOf(v, c.extra), &st)
	if c.hooks.after != nil {
		c.hooks.after(v)
	}
	return nil
}

// member decodes one member into its field, or records it for the model's
// Extra. In a model, a name that matches a field's only in letter case
// decodes into the field unless the object also has the exact name (before
// or after it) or another spelling came first: then it is an unknown
// member, so that re-encoding loses neither value. Plain structs match
// names as encoding/json does.
func (d *decoder) member(c *codec, v reflect.Value, st *objState) error {
	start := d.pos
	i, exact := st.next, true
	if i < len(c.fields) && bytes.HasPrefix(d.data[d.pos:], c.fields[i].quoted()) {
		// The expected member, as the field's name is written: the name
		// needs neither scanning nor looking up.
		d.pos += len(c.fields[i].key) - 1
		if err := d.colon(); err != nil {
			return err
		}
	} else {
		s, plain, err := d.key()
		if err != nil {
			return err
		}
		name := d.name(s, plain)
		if c.tagName != "" && string(name) == c.tagName {
			return d.tagMember(c, st, start)
		}
		i, exact = c.lookup(name)
		if i >= 0 && c.extra >= 0 && !exact && !st.claim(c, i, name) {
			i = -1
		}
		if i < 0 {
			if err := d.skip(); err != nil || c.extra < 0 {
				return err
			}
			d.spans = append(d.spans, span{start, d.pos, -1})
			return nil
		}
	}
	c.follows(st.prev, i)
	st.prev, st.next = i, int(c.order[i].Load())
	bit := uint64(1) << i
	f := &c.fields[i]
	fv, _ := f.in(v, true)
	if c.extra >= 0 {
		if exact {
			if st.folded&bit != 0 {
				d.unfold(st, i, fv)
			}
			st.exact |= bit
		} else {
			d.forget(st.base, foldedSpan(i)) // the last duplicate wins
		}
	}
	if st.null&^st.present&bit != 0 {
		d.forget(st.base, i) // the last duplicate wins
	}
	valueStart := d.mark()
	null := d.peek() == 'n'
	var err error
	if f.codec.kind == kString && d.peek() == '"' { // the most common member, inline
		var s []byte
		var plain bool
		if s, plain, err = d.str(); err == nil {
			fv.SetString(d.unquote(s, plain))
		}
	} else {
		err = d.value(f.codec, fv)
	}
	if err == nil {
		st.present |= bit
		if null {
			st.null |= bit
		} else {
			st.null &^= bit
		}
		if !exact && c.extra >= 0 {
			d.spans = append(d.spans, span{start, d.pos, foldedSpan(i)})
		}
		return nil
	}
	if _, ok := err.(*TypeError); !ok || c.extra < 0 {
		return within(err, memberStep(f.name))
	}
	d.rewind(valueStart)
	if err := d.skip(); err != nil {
		return err
	}
	fv.SetZero()
	st.present &^= bit
	st.null |= bit
	d.spans = append(d.spans, span{start, d.pos, i})
	return nil
}

// forget drops the member of field i kept from the current object. There is
// at most one, and searching from the end keeps hostile input with many
// duplicates linear: the search passes only members added since.
func (d *decoder) forget(base, i int) {
	for k := len(d.spans) - 1; k >= base; k-- {
		if d.spans[k].field == i {
			d.spans = append(d.spans[:k], d.spans[k+1:]...)
			return
		}
	}
}

// keep stores what an object held beyond its model's fields. The unknown
// members take one allocation, whatever their number.
func (d *decoder) keep(x *Extra, st *objState) {
	x.present, x.null = st.present, st.null
	spans := d.spans[st.base:]
	if len(spans) == 0 {
		return
	}
	n, kept := -1, 0
	for _, s := range spans {
		if s.field >= -1 {
			n += s.end - s.start + 1
			kept++
		}
		if i := foldedSpan(s.field); s.field <= -2 || s.field >= 0 && st.folded&(1<<s.field) != 0 {
			if s.field >= 0 {
				i = s.field
			}
			if x.names == nil {
				x.names = new(fieldNames)
			}
			key, name := spanKey(d.data[s.start:s.end])
			*x.names = append(*x.names, fieldName{field: i, name: name, key: key})
		}
	}
	d.spans = d.spans[:st.base]
	if kept == 0 {
		return
	}
	b := make([]byte, 0, n)
	for _, s := range spans {
		if s.field < -1 {
			continue
		}
		if len(b) > 0 {
			b = append(b, ',')
		}
		b = append(b, d.data[s.start:s.end]...)
	}
	x.unknown = b
}
