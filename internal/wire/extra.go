package wire

import (
	"iter"
	"reflect"
	"unsafe"
)

// Extra records what a decoded JSON object held beyond its struct's fields,
// so that re-encoding a decoded model loses nothing the server sent: the
// members the struct does not model, verbatim and in their original order,
// and which modeled members were present (a present zero value is written
// back even under omitzero) or null (a null stays null).
//
// A struct with a field of type Extra is a model. The SDK declares it as a
// blank field, `_ wire.Extra`: invisible to users and to linters, reached by
// wire through reflection. The zero Extra, which is what a
// value built in Go has, makes a model encode like encoding/json would.
type Extra struct {
	unknown []byte // `"k":v,"k2":v2` exactly as received
	present uint64 // bit i: the member of field i was present
	// null bit i: with the present bit, the member was null; without it, the
	// member did not fit field i and is kept verbatim in unknown instead.
	null uint64
	// names lists the fields whose member came under a name that differs
	// from the field's only in letter case, so that they are written back
	// under it. Rare, hence a pointer: nil costs one word per model.
	names *fieldNames
}

// fieldNames are the names fields were decoded under, where not their own.
type fieldNames []fieldName

type fieldName struct {
	field int
	name  string // unescaped
	key   []byte // `"Name":`, the name as received
}

// IsZero reports whether nothing was recorded, as for a value built in Go.
func (x Extra) IsZero() bool {
	return len(x.unknown) == 0 && x.present == 0 && x.null == 0 && x.names == nil
}

// nameOf returns the name field i (f) is written under, the one its member
// came with: unescaped (name), and as received with a colon (key).
func (x *Extra) nameOf(i int, f *field) fieldName {
	if x.names != nil {
		for _, n := range *x.names {
			if n.field == i {
				return n
			}
		}
	}
	return fieldName{field: i, name: f.name, key: f.key}
}

// Has reports whether an unknown member with this (unescaped) name was
// recorded. Members that did not fit their field's type count as unknown.
func (x Extra) Has(name string) bool {
	for k := range x.Members() {
		if k == name {
			return true
		}
	}
	return false
}

// Members yields the recorded unknown members in their original order: the
// unescaped name and the value exactly as received. It lets tests and the
// SDK's fake server look at what the models do not cover.
func (x Extra) Members() iter.Seq2[string, []byte] {
	return func(yield func(string, []byte) bool) {
		eachMember(x.unknown, func(name string, _, value []byte) bool {
			return yield(name, value)
		})
	}
}

// eachMember walks recorded members, which were validated when decoded.
func eachMember(b []byte, fn func(name string, member, value []byte) bool) {
	d := decoder{data: b}
	for d.pos < len(b) {
		start := d.pos
		raw, plain, _ := d.key()
		name := d.unquote(raw, plain)
		valueStart := d.pos
		_ = d.skip()
		if !fn(name, b[start:d.pos], b[valueStart:d.pos]) {
			return
		}
		d.ws()
		d.pos++ // the comma between members
		d.ws()
	}
}

// extraOf returns the Extra field (index i) of the addressable model v. It is
// the package's only use of unsafe: the field is normally unexported, and
// reflect refuses to set or read unexported fields through the usual API.
func extraOf(v reflect.Value, i int) *Extra {
	return (*Extra)(unsafe.Pointer(v.Field(i).UnsafeAddr()))
}

// ExtraOf returns what was recorded for a model, given as a pointer or a
// value (the zero Extra for anything else). Models hold their Extra in a
// blank field that only reflection reaches; tests, and the SDK's read-only
// views, use this to look inside. The Extra returned shares its recorded
// bytes with the model: they must not be modified.
func ExtraOf(model any) Extra {
	v := reflect.ValueOf(model)
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return Extra{}
		}
		v = v.Elem()
	}
	if !v.IsValid() || !isModel(v.Type()) {
		return Extra{}
	}
	c, err := codecFor(v.Type())
	if err != nil || c.extra < 0 {
		return Extra{}
	}
	return *extraOf(addressable(v), c.extra)
}
