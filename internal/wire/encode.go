package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

type encoder struct {
	buf   []byte
	depth int // of pointers, slices and maps, to stop on cycles
}

var encoders = sync.Pool{New: func() any { return new(encoder) }}

// Marshal returns the JSON encoding of v, normally a pointer to a model.
//
// A model writes its members in field order, then its recorded unknown
// members verbatim. A field is written when its member was present in the
// decoded input, even if it is now zero (as null if it was null and still
// is zero), or when omitzero/omitempty do not omit it. A value built in Go
// therefore encodes like encoding/json with the same tags, except that
// strings are not HTML-escaped. A union variant writes its tag member first,
// unless decoding kept the object's own (see Union).
//
// Types with their own MarshalJSON (other than models and union variants,
// which wire encodes itself) are encoded through it; types wire does not
// handle, such as arrays or maps with non-string keys, through encoding/json.
func Marshal(v any) ([]byte, error) {
	e := encoders.Get().(*encoder)
	var out []byte
	err := e.top(v)
	if err == nil {
		out = append([]byte(nil), e.buf...)
	}
	if cap(e.buf) <= 1<<20 {
		e.buf, e.depth = e.buf[:0], 0
		encoders.Put(e)
	}
	return out, err
}

func (e *encoder) top(v any) error {
	if v == nil {
		e.buf = append(e.buf, "null"...)
		return nil
	}
	rv := reflect.ValueOf(v)
	c, err := codecFor(rv.Type())
	if err != nil {
		return err
	}
	return e.value(c, rv)
}

func (e *encoder) value(c *codec, v reflect.Value) error {
	switch c.kind {
	case kString:
		e.buf = appendString(e.buf, v.String())
		return nil
	case kNumber:
		return e.number(v.String())
	case kBool:
		e.buf = strconv.AppendBool(e.buf, v.Bool())
		return nil
	case kInt:
		e.buf = strconv.AppendInt(e.buf, v.Int(), 10)
		return nil
	case kUint:
		e.buf = strconv.AppendUint(e.buf, v.Uint(), 10)
		return nil
	case kFloat:
		return e.float(v.Float(), c.typ.Bits())
	case kLeaf:
		return e.leaf(c, v)
	case kStruct:
		return e.object(c, v)
	}
	if v.IsNil() {
		e.buf = append(e.buf, "null"...)
		return nil
	}
	if c.kind == kIface || c.kind == kUnion {
		return e.any(v.Interface()) // a variant knows its tag itself
	}
	if err := e.nest(c.typ); err != nil {
		return err
	}
	var err error
	switch c.kind {
	case kPtr:
		err = e.value(c.elem, v.Elem())
	case kSlice:
		err = e.slice(c, v)
	default:
		err = e.mapValue(c, v)
	}
	e.depth--
	return err
}

// nest counts one more pointer, slice or map, the kinds a cycle needs to go
// through; only a cyclic value gets this deep.
func (e *encoder) nest(t reflect.Type) error {
	if e.depth++; e.depth > maxDepth {
		return fmt.Errorf("wire: %v nested too deeply (a cycle?)", t)
	}
	return nil
}

func (e *encoder) object(c *codec, v reflect.Value) error {
	var x Extra
	if c.extra >= 0 {
		// extraOf needs an address (a map value has none), and the hook a
		// copy it may change.
		if !v.CanAddr() || c.hooks.before != nil {
			p := reflect.New(c.typ).Elem()
			p.Set(v)
			v = p
		}
		if c.hooks.before != nil {
			c.hooks.before(v)
		}
		x = *extraOf(v, c.extra)
	}
	e.buf = append(e.buf, '{')
	if !c.keptTag(x) {
		e.buf = append(e.buf, c.tagKey...)
	}
	var overridden uint64 // fields kept verbatim at decoding, since set in Go
	for i := range c.fields {
		f, bit := &c.fields[i], uint64(1)<<i
		fv, ok := f.in(v, false)
		if !ok {
			continue // behind a nil embedded pointer, as in encoding/json
		}
		switch {
		case x.present&bit != 0:
			if x.null&bit != 0 && f.zero(fv) {
				e.buf = append(append(e.buf, x.nameOf(i, f).key...), "null,"...)
				continue
			}
			if f.codec.kind == kUnion && f.codec.union.emptyIsNil && fv.IsNil() {
				e.buf = append(append(e.buf, x.nameOf(i, f).key...), "{},"...)
				continue
			}
		case x.null&bit != 0:
			if f.zero(fv) {
				continue // the member is among the unknown ones
			}
			overridden |= bit
		case f.omitted(fv):
			continue
		}
		e.buf = append(e.buf, x.nameOf(i, f).key...)
		if err := e.value(f.codec, fv); err != nil {
			return err
		}
		e.buf = append(e.buf, ',')
	}
	e.unknown(c, &x, overridden)
	if n := len(e.buf) - 1; e.buf[n] == ',' {
		e.buf[n] = '}'
	} else {
		e.buf = append(e.buf, '}')
	}
	return nil
}

// keptTag reports whether a variant's unknown members hold its tag member,
// as decoding keeps a tag other than the variant's own (an alias): that
// one is written back instead. The byte search spares most models the scan.
func (c *codec) keptTag(x Extra) bool {
	return c.tagName != "" && bytes.Contains(x.unknown, c.tagJSON) && x.Has(c.tagName)
}

// unknown writes the recorded unknown members, except those that did not
// fit a field which has been given a value since: the member under the
// field's name (as decoded), which the field now replaces.
func (e *encoder) unknown(c *codec, x *Extra, overridden uint64) {
	members := x.unknown
	if overridden != 0 {
		members = x.without(c, overridden)
	}
	if len(members) > 0 {
		e.buf = append(append(e.buf, members...), ',')
	}
}

func (e *encoder) slice(c *codec, v reflect.Value) error {
	e.buf = append(e.buf, '[')
	for i := range v.Len() {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		if err := e.value(c.elem, v.Index(i)); err != nil {
			return err
		}
	}
	e.buf = append(e.buf, ']')
	return nil
}

func (e *encoder) mapValue(c *codec, v reflect.Value) error {
	type entry struct {
		key   string
		value reflect.Value
	}
	entries := make([]entry, 0, v.Len())
	for it := v.MapRange(); it.Next(); {
		entries = append(entries, entry{it.Key().String(), it.Value()})
	}
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.key, b.key) })
	e.buf = append(e.buf, '{')
	for i, en := range entries {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.buf = append(appendString(e.buf, en.key), ':')
		if err := e.value(c.elem, en.value); err != nil {
			return err
		}
	}
	e.buf = append(e.buf, '}')
	return nil
}

// any encodes a dynamic value, without reflection for what decoding into an
// interface{} produces.
func (e *encoder) any(x any) error {
	switch x := x.(type) {
	case nil:
		e.buf = append(e.buf, "null"...)
	case string:
		e.buf = appendString(e.buf, x)
	case json.Number:
		return e.number(string(x))
	case bool:
		e.buf = strconv.AppendBool(e.buf, x)
	case float64:
		return e.float(x, 64)
	case map[string]any:
		return e.anyMap(x)
	case []any:
		return e.anySlice(x)
	default:
		v := reflect.ValueOf(x)
		c, err := codecFor(v.Type())
		if err != nil {
			return err
		}
		return e.value(c, v)
	}
	return nil
}

func (e *encoder) anyMap(m map[string]any) error {
	if m == nil {
		e.buf = append(e.buf, "null"...)
		return nil
	}
	if err := e.nest(reflect.TypeOf(m)); err != nil {
		return err
	}
	e.buf = append(e.buf, '{')
	for i, k := range slices.Sorted(maps.Keys(m)) {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.buf = append(appendString(e.buf, k), ':')
		if err := e.any(m[k]); err != nil {
			return err
		}
	}
	e.buf = append(e.buf, '}')
	e.depth--
	return nil
}

func (e *encoder) anySlice(a []any) error {
	if a == nil {
		e.buf = append(e.buf, "null"...)
		return nil
	}
	if err := e.nest(reflect.TypeOf(a)); err != nil {
		return err
	}
	e.buf = append(e.buf, '[')
	for i, x := range a {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		if err := e.any(x); err != nil {
			return err
		}
	}
	e.buf = append(e.buf, ']')
	e.depth--
	return nil
}

// leaf encodes through the type's MarshalJSON, or encoding/json. Like
// encoding/json, it validates and compacts what MarshalJSON returns: the
// output must stay valid JSON.
func (e *encoder) leaf(c *codec, v reflect.Value) error {
	var b []byte
	var err error
	switch {
	case c.marshaler:
		b, err = v.Interface().(json.Marshaler).MarshalJSON()
	case c.ptrMarshaler && v.CanAddr():
		b, err = v.Addr().Interface().(json.Marshaler).MarshalJSON()
	default:
		b, err = json.Marshal(v.Interface())
	}
	if err == nil {
		buf := bytes.NewBuffer(e.buf)
		err = json.Compact(buf, b)
		e.buf = buf.Bytes()
	}
	if err != nil {
		return fmt.Errorf("wire: encoding %v: %w", c.typ, err)
	}
	return nil
}

func (e *encoder) number(s string) error {
	if s == "" {
		s = "0" // as encoding/json does for the zero json.Number
	}
	if end, _ := numberEnd(s, 0); end != len(s) {
		return fmt.Errorf("wire: invalid number literal %q", s)
	}
	e.buf = append(e.buf, s...)
	return nil
}

// float formats like encoding/json (ES6 number to string).
func (e *encoder) float(f float64, bits int) error {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return fmt.Errorf("wire: unsupported value %v", f)
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	e.buf = strconv.AppendFloat(e.buf, f, format, -1, bits)
	if n := len(e.buf); format == 'e' && e.buf[n-4] == 'e' && e.buf[n-3] == '-' && e.buf[n-2] == '0' {
		e.buf[n-2] = e.buf[n-1] // e-09 becomes e-9
		e.buf = e.buf[:n-1]
	}
	return nil
}

// appendString quotes s like encoding/json, but without HTML escaping:
// encoding/json escapes again what a MarshalJSON method returns.
func appendString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if strSafe[b] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(append(dst, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029': // as encoding/json, for JSONP
			dst = append(append(dst, s[start:i]...), '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
