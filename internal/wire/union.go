package wire

import (
	"fmt"
	"maps"
	"reflect"
	"sync/atomic"
)

// Union describes an interface type I whose JSON objects name their Go type
// in a tag member, such as a Runscope step's "step_type".
//
// Decoding puts the whole object into the model of the variant its tag
// member names, wherever the tag is in the object: the object is decoded
// on a guess, the variant of the union's previous object, which the tag
// confirms; when it does not, the tag is looked for and the object decoded
// again (see the package documentation). The tag member itself is
// consumed: it is neither a field nor an unknown member. Encoding a
// variant, wherever it is reached from, writes the tag member first, unless
// decoding kept the object's own tag members, as it does for an alias (see
// Aliases): those are written with the unknown members, after the fields.
// JSON null decodes to a nil I; anything else that is not an object does
// not fit I (see Unmarshal).
type Union[I any] struct {
	// Tag is the name of the member naming the variant, matched exactly.
	Tag string
	// Variants maps a tag value to a constructor of the variant. Each must
	// return a non-nil pointer to a distinct model struct type; wire calls
	// each once at registration to learn the type, and decodes into a new
	// zero value of it. Decoding into a variant type directly also consumes
	// its tag member when it names that variant; another value is kept as
	// an unknown member (see Aliases).
	Variants map[string]func() I
	// Aliases maps other tag values to the Variants key whose type decodes
	// them, for an API that names one kind two ways. The object keeps the
	// tag it came with: the member is recorded verbatim among the unknown
	// members and written back instead of the variant's own tag. A variant
	// built in Go has the Variants tag.
	Aliases map[string]string
	// Unknown, if not nil, makes the value for an unknown tag, or for an
	// object without a (string) tag. raw is the whole object, a copy the
	// callee may keep. The value should encode back to raw: wire encodes it
	// through its MarshalJSON method, whose output it compacts as
	// encoding/json does. Without Unknown, such objects do not fit I.
	Unknown func(tag string, raw []byte) I
	// EmptyIsNil makes "{}" decode to a nil I, for servers that send an
	// empty object for "none". Such a nil I is encoded back as "{}" when it
	// came from the input; a nil I otherwise encodes as null, or is omitted
	// by omitzero/omitempty.
	EmptyIsNil bool
}

// unionInfo is a registered Union, without its type parameter.
type unionInfo struct {
	tag        string
	emptyIsNil bool
	types      map[string]reflect.Type // tag value -> model struct type
	aliases    map[string]string       // other tag value -> a key of types
	unknown    func(tag string, raw []byte) reflect.Value
	// set stores a variant (a pointer) in an addressable I, which costs
	// less than reflect.Value.Set, which checks that the type implements I
	// method by method.
	set func(iface, variant reflect.Value)
}

// unionCodec is a unionInfo with the codecs of its variants.
type unionCodec struct {
	*unionInfo
	variants map[string]*codec
	guess    atomic.Pointer[codec] // the variant last decoded (see decoder.union)
}

type variantTag struct{ name, value string }

// Registrations, guarded by buildMu.
var (
	unions      = map[reflect.Type]*unionInfo{}
	variantTags = map[reflect.Type]variantTag{} // model struct type -> its tag
)

// RegisterUnion makes wire decode and encode the interface type I as u
// describes. Call it from init, before I is used; it panics on a malformed
// registration, which is a programming error.
func RegisterUnion[I any](u Union[I]) {
	it := reflect.TypeFor[I]()
	fail := func(format string, args ...any) {
		panic(fmt.Sprintf("wire: RegisterUnion[%v]: ", it) + fmt.Sprintf(format, args...))
	}
	if it.Kind() != reflect.Interface || it.NumMethod() == 0 {
		fail("I must be an interface type with methods")
	}
	if u.Tag == "" || len(u.Variants) == 0 {
		fail("Tag and Variants are required")
	}
	for alias, value := range u.Aliases {
		if _, ok := u.Variants[value]; !ok {
			fail("Aliases[%q] is %q, which is not a key of Variants", alias, value)
		}
		if _, ok := u.Variants[alias]; ok {
			fail("Aliases[%q] is also a key of Variants", alias)
		}
	}
	info := &unionInfo{tag: u.Tag, emptyIsNil: u.EmptyIsNil, types: map[string]reflect.Type{}, aliases: maps.Clone(u.Aliases)}
	info.set = func(iface, variant reflect.Value) {
		*iface.Addr().Interface().(*I) = variant.Interface().(I)
	}
	if u.Unknown != nil {
		info.unknown = func(tag string, raw []byte) reflect.Value { return reflect.ValueOf(u.Unknown(tag, raw)) }
	}
	buildMu.Lock()
	defer buildMu.Unlock()
	if unions[it] != nil {
		fail("registered twice")
	}
	tags := map[reflect.Type]variantTag{}
	for value, newVariant := range u.Variants {
		if newVariant == nil {
			fail("Variants[%q] is nil", value)
		}
		p := any(newVariant())
		t := reflect.TypeOf(p)
		if t == nil || t.Kind() != reflect.Pointer || reflect.ValueOf(p).IsNil() || !isModel(t.Elem()) {
			fail("Variants[%q] returned %T, want a non-nil pointer to a struct with a wire.Extra field", value, p)
		}
		if _, dup := tags[t.Elem()]; dup {
			fail("%v is the variant of two tags", t.Elem())
		}
		if _, dup := variantTags[t.Elem()]; dup {
			fail("%v is already a variant of another union", t.Elem())
		}
		tags[t.Elem()] = variantTag{u.Tag, value}
		info.types[value] = t.Elem()
	}
	unions[it] = info
	maps.Copy(variantTags, tags)
	codecs.Clear() // codecs built before now do not know about the union
}

func (b builder) unionCodec(u *unionInfo) (*unionCodec, error) {
	uc := &unionCodec{unionInfo: u, variants: make(map[string]*codec, len(u.types))}
	for value, t := range u.types {
		c, err := b.build(t)
		if err != nil {
			return nil, err
		}
		uc.variants[value] = c
	}
	for alias, value := range u.aliases {
		uc.variants[alias] = uc.variants[value]
	}
	return uc, nil
}
