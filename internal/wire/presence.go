package wire

import (
	"errors"
	"fmt"
	"reflect"
)

// ErrNotModel is returned for a value that should point to a model and
// does not.
var ErrNotModel = errors.New("wire: not a non-nil pointer to a model")

// FieldError reports a name that is not the Go name of a JSON field of a
// model.
type FieldError struct {
	Type  reflect.Type // the model
	Field string
}

// Error names the model and the field.
func (e *FieldError) Error() string {
	return fmt.Sprintf("wire: %v has no JSON field named %q", e.Type, e.Field)
}

// MarkPresent records fields of a model, by Go field name (promoted ones
// included), as present, as if decoded from a member: encoding then writes
// them whatever omitzero and omitempty say. A field recorded as null, or
// whose member did not fit it and was kept verbatim, is written from its
// value instead (the verbatim member is dropped).
//
// model is a non-nil pointer to a model, or a non-nil pointer to a pointer
// to one, which is set to a new zero model when nil. Any other value gives
// ErrNotModel, and a name that is not a field a *FieldError; then nothing
// is marked.
func MarkPresent(model any, fields ...string) error {
	v, c, err := modelOf(model)
	if err != nil {
		return err
	}
	var bits uint64
	for _, name := range fields {
		i := c.goField(name)
		if i < 0 {
			return &FieldError{Type: c.typ, Field: name}
		}
		bits |= 1 << i
	}
	if v.Kind() == reflect.Pointer { // the pointer to a nil model pointer
		v.Set(reflect.New(c.typ))
		v = v.Elem()
	}
	x := extraOf(v, c.extra)
	if kept := x.null &^ x.present & bits; kept != 0 {
		x.unknown = x.without(c, kept)
	}
	x.present |= bits
	x.null &^= bits
	return nil
}

// modelOf returns the model model points to, addressable, and its codec;
// for a pointer to a nil model pointer, that pointer.
func modelOf(model any) (reflect.Value, *codec, error) {
	v := reflect.ValueOf(model)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return reflect.Value{}, nil, ErrNotModel
	}
	v = v.Elem()
	if v.Kind() == reflect.Pointer && isModel(v.Type().Elem()) {
		if !v.IsNil() {
			v = v.Elem()
		}
	} else if !isModel(v.Type()) {
		return reflect.Value{}, nil, ErrNotModel
	}
	t := v.Type()
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	c, err := codecFor(t)
	if err != nil {
		return reflect.Value{}, nil, err
	}
	return v, c, nil
}

// goField returns the index of the field with this Go name, the shallowest
// when embedding promotes several; -1 if none.
func (c *codec) goField(name string) int {
	found := -1
	for i := range c.fields {
		if c.fields[i].goName == name && (found < 0 || len(c.fields[i].index) < len(c.fields[found].index)) {
			found = i
		}
	}
	return found
}

// without returns the unknown members except those of the given fields
// (the members they did not fit), in a new slice: x.unknown may be shared
// with copies of the model.
func (x *Extra) without(c *codec, fields uint64) []byte {
	var out []byte
	eachMember(x.unknown, func(name string, member, _ []byte) bool {
		for i := range c.fields {
			if fields&(1<<i) != 0 && name == x.nameOf(i, &c.fields[i]).name {
				return true
			}
		}
		if len(out) > 0 {
			out = append(out, ',')
		}
		out = append(out, member...)
		return true
	})
	return out
}
