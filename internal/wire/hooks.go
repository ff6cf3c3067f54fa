package wire

import (
	"fmt"
	"reflect"
)

// RegisterHooks makes wire call afterDecode on every T it decodes, once the
// object is complete, and beforeEncode on a shallow copy of every T it
// encodes. Either may be nil.
//
// They serve models whose fields depend on each other on the wire, such as
// a body whose text is base64 when a sibling member says so: the hooks run
// wherever wire meets the model, nested or not, which the model's own
// MarshalJSON and UnmarshalJSON could not guarantee (wire never calls
// those). beforeEncode must not modify what the copy shares with the
// original (slices, maps, pointers): it should replace them instead.
//
// Call it from init, before T is used; it panics if T is not a model or
// already has hooks.
func RegisterHooks[T any](afterDecode, beforeEncode func(*T)) {
	t := reflect.TypeFor[T]()
	if !isModel(t) {
		panic(fmt.Sprintf("wire: RegisterHooks[%v]: not a struct with a wire.Extra field", t))
	}
	var h modelHooks
	if afterDecode != nil {
		h.after = func(v reflect.Value) { afterDecode(v.Addr().Interface().(*T)) }
	}
	if beforeEncode != nil {
		h.before = func(v reflect.Value) { beforeEncode(v.Addr().Interface().(*T)) }
	}
	buildMu.Lock()
	defer buildMu.Unlock()
	if _, dup := hooks[t]; dup {
		panic(fmt.Sprintf("wire: RegisterHooks[%v]: registered twice", t))
	}
	hooks[t] = h
	codecs.Clear() // codecs built before now do not know about the hooks
}

// modelHooks are the registered hooks of one model type; they take an
// addressable value of it.
type modelHooks struct {
	after, before func(reflect.Value)
}

// hooks by model type, guarded by buildMu.
var hooks = map[reflect.Type]modelHooks{}
