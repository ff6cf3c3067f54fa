package wire

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// kind is how wire reads and writes a Go type, decided once per type.
type kind uint8

const (
	kString kind = iota
	kNumber      // json.Number, kept as its exact text
	kBool
	kInt
	kUint
	kFloat
	kPtr
	kSlice
	kMap   // string keys
	kIface // any, or an interface that is not a registered union
	kUnion
	kStruct // a model (extra >= 0) or a plain struct
	kLeaf   // has JSON or text methods of its own, or needs encoding/json's rules
)

// codec is the cached description of one Go type.
type codec struct {
	kind  kind
	typ   reflect.Type
	elem  *codec        // kPtr, kSlice, kMap
	empty reflect.Value // kSlice: a shared non-nil empty slice, for [] without allocating
	union *unionCodec   // kUnion

	// kStruct
	fields     []field
	byLen      [][]int // indexes of the fields by the length of their names
	asciiNames bool    // every field's name is ASCII
	// order[i] is the field whose member came after field i's, skipping
	// members that are not fields, in the last object decoded;
	// order[len(fields)] the first. A hint shared by all decoders, so
	// members that keep the server's order are recognized without a
	// lookup (see decoder.member).
	order   []atomic.Int32
	extra   int        // index of the Extra field; -1 for plain structs
	tagName string     // of a union variant: its tag member, consumed on decode
	tagKey  []byte     // of a union variant: `"tag":"value",`, written first
	tagJSON []byte     // of a union variant: `"tag"`, what keptTag looks for
	tagVal  string     // of a union variant: the tag value naming it
	hooks   modelHooks // of a model, from RegisterHooks

	// kLeaf
	stringLists  bool  // decoded by wire itself (see RegisterStringLists)
	badValue     error // of stringLists: the error for a member that is not a list
	unmarshaler  bool  // *T implements json.Unmarshaler
	marshaler    bool  // T implements json.Marshaler
	ptrMarshaler bool  // only *T implements json.Marshaler
}

type field struct {
	name      string
	goName    string // the Go field's name
	nameBytes []byte
	key       []byte // `"name":`
	index     []int  // in the Go struct, through embedded structs
	codec     *codec
	omitEmpty bool
	omitZero  bool
	isZero    func(reflect.Value) bool // nil: reflect.Value.IsZero
}

// lookup returns the field for a member name like encoding/json does: an
// exact match, else the first case-insensitive one (exact false); -1 if
// none. Only names of the same length can match exactly, or ASCII names
// case-insensitively when the fields' names are ASCII too (Unicode folding
// can change a name's length: "K" and the Kelvin sign), so those are the
// only ones compared.
func (c *codec) lookup(name []byte) (i int, exact bool) {
	var sameLen []int
	if len(name) < len(c.byLen) {
		sameLen = c.byLen[len(name)]
	}
	for _, i := range sameLen {
		if c.fields[i].name == string(name) {
			return i, true
		}
	}
	if c.asciiNames && isASCII(name) {
		for _, i := range sameLen {
			if bytes.EqualFold(c.fields[i].nameBytes, name) {
				return i, false
			}
		}
		return -1, false
	}
	for i := range c.fields {
		if bytes.EqualFold(c.fields[i].nameBytes, name) {
			return i, false
		}
	}
	return -1, false
}

func isASCII[T string | []byte](s T) bool {
	for i := range len(s) {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// follows records that field i's member came after field prev's (prev is
// len(c.fields) for the first), the order member expects next time.
func (c *codec) follows(prev, i int) {
	if o := &c.order[prev]; o.Load() != int32(i) {
		o.Store(int32(i))
	}
}

// in returns field f of the struct v. A nil embedded pointer on the way is
// allocated when alloc is set; otherwise ok is false, as the field is absent.
func (f *field) in(v reflect.Value, alloc bool) (fv reflect.Value, ok bool) {
	if len(f.index) == 1 {
		return v.Field(f.index[0]), true
	}
	for k, i := range f.index {
		if k > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				if !alloc {
					return reflect.Value{}, false
				}
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(i)
	}
	return v, true
}

// quoted is the field's name as a JSON string, as servers write it.
func (f *field) quoted() []byte { return f.key[:len(f.key)-1] }

func (f *field) zero(v reflect.Value) bool {
	if f.isZero != nil {
		return f.isZero(v)
	}
	return v.IsZero()
}

// omitted applies omitzero and omitempty to a value built in Go.
func (f *field) omitted(v reflect.Value) bool {
	return f.omitZero && f.zero(v) || f.omitEmpty && isEmpty(v)
}

// isEmpty is encoding/json's definition for omitempty.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Struct, reflect.Complex64, reflect.Complex128, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return false
	}
	return v.IsZero()
}

var (
	extraType           = reflect.TypeFor[Extra]()
	numberType          = reflect.TypeFor[json.Number]()
	marshalerType       = reflect.TypeFor[json.Marshaler]()
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textMarshalerType   = reflect.TypeFor[encoding.TextMarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	isZeroerType        = reflect.TypeFor[interface{ IsZero() bool }]()
)

var (
	codecs  sync.Map   // reflect.Type -> *codec, complete codecs only
	buildMu sync.Mutex // serializes building codecs and registering unions
)

func codecFor(t reflect.Type) (*codec, error) {
	if c, ok := codecs.Load(t); ok {
		return c.(*codec), nil
	}
	buildMu.Lock()
	defer buildMu.Unlock()
	b := builder{}
	c, err := b.build(t)
	if err != nil {
		return nil, err
	}
	for t, c := range b {
		codecs.Store(t, c)
	}
	return c, nil
}

// builder holds the codecs of one build. They are published only when all
// succeed, and are reachable while unfinished so recursive types can refer
// to themselves.
type builder map[reflect.Type]*codec

func (b builder) build(t reflect.Type) (*codec, error) {
	if c, ok := b[t]; ok {
		return c, nil
	}
	if c, ok := codecs.Load(t); ok {
		return c.(*codec), nil
	}
	c := &codec{typ: t, extra: -1}
	b[t] = c
	return c, b.fill(c)
}

func (b builder) fill(c *codec) (err error) {
	t := c.typ
	switch {
	case t == numberType:
		c.kind = kNumber
	case t.Kind() == reflect.Pointer:
		c.kind = kPtr
		c.elem, err = b.build(t.Elem())
	case t.Kind() == reflect.Interface:
		c.kind = kIface
		if u := unions[t]; u != nil {
			c.kind = kUnion
			c.union, err = b.unionCodec(u)
		}
	case isModel(t):
		// Before the method check: a model's JSON methods call wire.
		return b.structCodec(c, true)
	case isStringLists(t):
		c.leaf()
		c.stringLists, c.badValue = true, stringLists[t]
	case hasJSONMethods(t):
		c.leaf()
	default:
		return b.byKind(c)
	}
	return err
}

func (b builder) byKind(c *codec) (err error) {
	t := c.typ
	switch t.Kind() {
	case reflect.String:
		c.kind = kString
	case reflect.Bool:
		c.kind = kBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		c.kind = kInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		c.kind = kUint
	case reflect.Float32, reflect.Float64:
		c.kind = kFloat
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 { // base64, with encoding/json's rules
			c.leaf()
			return nil
		}
		c.kind, c.empty = kSlice, reflect.MakeSlice(t, 0, 0)
		c.elem, err = b.build(t.Elem())
	case reflect.Map:
		if t.Key().Kind() != reflect.String || hasJSONMethods(t.Key()) {
			c.leaf()
			return nil
		}
		c.kind = kMap
		c.elem, err = b.build(t.Elem())
	case reflect.Struct:
		return b.structCodec(c, false)
	default:
		c.leaf()
	}
	return err
}

// leaf makes c delegate to the type's own methods or to encoding/json.
func (c *codec) leaf() {
	c.kind = kLeaf
	pt := reflect.PointerTo(c.typ)
	c.unmarshaler = pt.Implements(unmarshalerType)
	c.marshaler = c.typ.Implements(marshalerType)
	c.ptrMarshaler = !c.marshaler && pt.Implements(marshalerType)
}

func hasJSONMethods(t reflect.Type) bool {
	pt := reflect.PointerTo(t)
	return pt.Implements(marshalerType) || pt.Implements(unmarshalerType) ||
		pt.Implements(textMarshalerType) || pt.Implements(textUnmarshalerType)
}

func isModel(t reflect.Type) bool {
	if t.Kind() != reflect.Struct {
		return false
	}
	for i := range t.NumField() {
		if t.Field(i).Type == extraType {
			return true
		}
	}
	return false
}

// structCodec lists the JSON fields of a struct (see structFields). A plain
// struct that needs encoding/json's embedding or ",string" rules is left to
// encoding/json; for a model that is an error, since its Extra could not be
// kept.
func (b builder) structCodec(c *codec, model bool) error {
	t := c.typ
	unsupported := func(why string) error {
		if !model {
			c.leaf()
			return nil
		}
		return fmt.Errorf("wire: model %v: %s", t, why)
	}
	jfs, extra, why := structFields(t, model)
	if why != "" {
		return unsupported(why)
	}
	if model && len(jfs) > 64 {
		return unsupported("more than 64 fields")
	}
	c.kind, c.extra = kStruct, extra
	if model {
		c.hooks = hooks[t]
	}
	if vt, ok := variantTags[t]; ok {
		if slices.ContainsFunc(jfs, func(f jsonField) bool { return f.name == vt.name }) {
			return unsupported("field named like its union tag " + vt.name)
		}
		c.tagName, c.tagVal = vt.name, vt.value
		c.tagJSON = appendString(nil, vt.name)
		c.tagKey = append(appendString(append(slices.Clip(c.tagJSON), ':'), vt.value), ',')
	}
	c.fields = make([]field, len(jfs))
	for i, jf := range jfs {
		fc, err := b.build(jf.typ)
		if err != nil {
			return err
		}
		c.fields[i] = field{
			name:      jf.name,
			goName:    jf.goName,
			nameBytes: []byte(jf.name),
			key:       append(appendString(nil, jf.name), ':'),
			index:     jf.index,
			codec:     fc,
			omitEmpty: hasOption(jf.opts, "omitempty"),
			omitZero:  hasOption(jf.opts, "omitzero"),
			isZero:    zeroFunc(jf.typ, fc),
		}
	}
	c.order = make([]atomic.Int32, len(c.fields)+1)
	for i := range c.fields {
		c.order[i].Store(int32(i + 1)) // until the server's order is known
	}
	c.asciiNames = true
	for i, f := range c.fields {
		for len(c.byLen) <= len(f.name) {
			c.byLen = append(c.byLen, nil)
		}
		c.byLen[len(f.name)] = append(c.byLen[len(f.name)], i)
		c.asciiNames = c.asciiNames && isASCII(f.name)
	}
	return nil
}

func hasOption(opts, want string) bool {
	for o := range strings.SplitSeq(opts, ",") {
		if o == want {
			return true
		}
	}
	return false
}

// validTag is encoding/json's rule for names usable from a tag.
func validTag(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c) && !unicode.IsLetter(c) && !unicode.IsDigit(c) {
			return false
		}
	}
	return true
}

// zeroFunc returns how omitzero tests a value of type t (codec c): its
// IsZero method when it has one, as in encoding/json; nil means reflect's
// zero. A model is zero only with a zero Extra, which reflect does not look
// at when the field is blank: a nested model with members marked present
// must be written.
func zeroFunc(t reflect.Type, c *codec) func(reflect.Value) bool {
	switch {
	case c.kind == kStruct && c.extra >= 0 && !t.Implements(isZeroerType) && !reflect.PointerTo(t).Implements(isZeroerType):
		return func(v reflect.Value) bool {
			if !v.IsZero() {
				return false
			}
			return extraOf(addressable(v), c.extra).IsZero()
		}
	case t.Kind() == reflect.Interface && t.Implements(isZeroerType):
		return func(v reflect.Value) bool {
			return v.IsNil() || v.Elem().Kind() == reflect.Pointer && v.Elem().IsNil() ||
				v.Interface().(interface{ IsZero() bool }).IsZero()
		}
	case t.Kind() == reflect.Pointer && t.Implements(isZeroerType):
		return func(v reflect.Value) bool {
			return v.IsNil() || v.Interface().(interface{ IsZero() bool }).IsZero()
		}
	case t.Implements(isZeroerType):
		return func(v reflect.Value) bool {
			return v.Interface().(interface{ IsZero() bool }).IsZero()
		}
	case reflect.PointerTo(t).Implements(isZeroerType):
		return func(v reflect.Value) bool {
			return addressable(v).Addr().Interface().(interface{ IsZero() bool }).IsZero()
		}
	}
	return nil
}

// addressable returns v, or a copy of it when v has no address (a map
// value, a value given to Marshal), for what needs one: extraOf, and
// methods on the pointer.
func addressable(v reflect.Value) reflect.Value {
	if v.CanAddr() {
		return v
	}
	p := reflect.New(v.Type()).Elem()
	p.Set(v)
	return p
}
