package wire

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"sync"
)

// MismatchError reports a member that decoding kept verbatim, leaving its
// field zero, because its JSON value did not fit the field's type (see
// Unmarshal). Strict finds them.
type MismatchError struct {
	// Path locates the member from the value checked: .name for a member
	// (["name"] when the name is not made of letters, digits and
	// underscores), [i] for an element, so ".steps[2].skipped". It goes on
	// into the member's value, to the part that did not fit:
	// ".initial_variables.a". Pointers, interfaces and union variants add
	// nothing, nor do the unexported fields of plain structs.
	Path string
	// Value is the JSON kind that did not fit: "object", "array", "string",
	// "number", "bool" or "null".
	Value string
	// Type is the Go type it did not fit.
	Type reflect.Type
	// Err is what the type's UnmarshalJSON, or encoding/json, reported, if
	// anything.
	Err error
}

// Error reads "wire: .verify_ssl: JSON string does not fit bool".
func (e *MismatchError) Error() string {
	return "wire: " + e.Path + ": " + e.Reason()
}

// Reason is the message without the path: "JSON string does not fit bool".
func (e *MismatchError) Reason() string {
	msg := "JSON " + e.Value + " does not fit " + e.Type.String()
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns Err.
func (e *MismatchError) Unwrap() error { return e.Err }

// Strict reports the first member of the decoded value v (a pointer, as
// given to Unmarshal) that decoding kept verbatim for not fitting its
// field, as a *MismatchError; nil when there is none. "First" goes by field
// order, depth first, elements in order and map entries by key.
//
// It looks at what the models recorded, so it finds mismatches wherever wire
// decoded the models, even through types whose UnmarshalJSON calls
// Unmarshal (a list that also accepts a single object, say). It reads v
// only.
func Strict(v any) error {
	if v == nil {
		return nil
	}
	if e := mismatchIn(reflect.ValueOf(v), nil, 0); e != nil {
		return e
	}
	return nil
}

func mismatchIn(v reflect.Value, path []byte, depth int) *MismatchError {
	if depth > maxDepth {
		return nil
	}
	r := reachOf(v.Type())
	if r == reachesNone {
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return mismatchIn(v.Elem(), path, depth+1)
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if e := mismatchIn(v.Index(i), appendIndex(path, i), depth+1); e != nil {
				return e
			}
		}
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(keyString(a), keyString(b)) })
		for _, k := range keys {
			if e := mismatchIn(v.MapIndex(k), appendMember(path, keyString(k)), depth+1); e != nil {
				return e
			}
		}
	case reflect.Struct:
		if r == reachIsModel {
			return modelMismatch(v, path, depth)
		}
		t := v.Type()
		for i := range t.NumField() {
			sf := t.Field(i)
			if reachOf(sf.Type) == reachesNone {
				continue
			}
			p := path
			if sf.IsExported() && !sf.Anonymous {
				if name, _, _, ok := memberName(sf); ok {
					p = appendMember(path, name)
				}
			}
			if e := mismatchIn(v.Field(i), p, depth+1); e != nil {
				return e
			}
		}
	}
	return nil
}

func modelMismatch(v reflect.Value, path []byte, depth int) *MismatchError {
	c, err := codecFor(v.Type())
	if err != nil {
		return nil // not decodable, so nothing was decoded
	}
	if !v.CanAddr() && !v.CanInterface() {
		return nil // a map value reached through unexported fields: reflect will not copy it
	}
	v = addressable(v)
	x := extraOf(v, c.extra)
	for i := range c.fields {
		f := &c.fields[i]
		// A field's path is built only when it is needed, for a mismatch
		// or to go into a field that can hold a model: most fields are
		// strings and numbers, and a path is an allocation.
		if x.null&^x.present&(1<<i) != 0 {
			return x.mismatch(i, f, appendMember(path, x.nameOf(i, f).name))
		}
		if reachOf(f.codec.typ) == reachesNone {
			continue
		}
		if fv, ok := f.in(v, false); ok {
			if e := mismatchIn(fv, appendMember(path, x.nameOf(i, f).name), depth+1); e != nil {
				return e
			}
		}
	}
	return nil
}

// mismatch decodes again the member that did not fit field i (f), kept
// verbatim, to learn where and why.
func (x *Extra) mismatch(i int, f *field, path []byte) *MismatchError {
	e := &MismatchError{Path: string(path), Value: "value", Type: f.codec.typ}
	name := x.nameOf(i, f).name
	for k, value := range x.Members() {
		if k != name {
			continue
		}
		d := decoder{data: value}
		if terr, ok := d.top(f.codec, reflect.New(f.codec.typ).Elem()).(*TypeError); ok {
			e.Path += terr.Path
			e.Value, e.Type, e.Err = terr.Value, terr.Type, terr.Err
		}
		break
	}
	return e
}

// within prepends a step to the path of a *TypeError leaving a container.
func within(err error, step string) error {
	if terr, ok := err.(*TypeError); ok {
		terr.Path = step + terr.Path
	}
	return err
}

func indexStep(i int) string        { return string(appendIndex(nil, i)) }
func memberStep(name string) string { return string(appendMember(nil, name)) }
func appendIndex(p []byte, i int) []byte {
	return append(strconv.AppendInt(append(p[:len(p):len(p)], '['), int64(i), 10), ']')
}

// appendMember appends .name, or ["name"] for a name that is not made of
// ASCII letters, digits and underscores. p is never modified in place.
func appendMember(p []byte, name string) []byte {
	p = p[:len(p):len(p)]
	plain := name != ""
	for i := 0; i < len(name) && plain; i++ {
		c := name[i]
		plain = c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
	}
	if plain {
		return append(append(p, '.'), name...)
	}
	return append(strconv.AppendQuote(append(p, '['), name), ']')
}

func keyString(k reflect.Value) string {
	if k.Kind() == reflect.String {
		return k.String()
	}
	return fmt.Sprint(k)
}

var holders sync.Map // reflect.Type -> reach

// reach is what Strict can find in a value of a type.
type reach uint8

const (
	reachesNone  reach = iota // no model: strings, numbers and plain data
	reachesModel              // a model somewhere inside
	reachIsModel              // the value is a model
)

// reachOf tells Strict which values to skip without looking, and which are
// models, once per type: isModel and holds look at every field.
func reachOf(t reflect.Type) reach {
	if r, ok := holders.Load(t); ok {
		return r.(reach)
	}
	r := reachesNone
	switch {
	case isModel(t):
		r = reachIsModel
	case holds(t, map[reflect.Type]bool{}):
		r = reachesModel
	}
	holders.Store(t, r)
	return r
}

func holds(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false // a cycle: whatever it holds is found on another path
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Interface:
		return true
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		return holds(t.Elem(), seen)
	case reflect.Struct:
		if isModel(t) {
			return true
		}
		for i := range t.NumField() {
			if holds(t.Field(i).Type, seen) {
				return true
			}
		}
	}
	return false
}
