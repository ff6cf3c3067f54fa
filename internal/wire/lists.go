package wire

import (
	"fmt"
	"reflect"
)

// RegisterStringLists makes wire decode T, a map of names to lists of
// strings such as HTTP headers, itself instead of through T's
// UnmarshalJSON, which would have the value scanned twice. T is a JSON
// object whose member values are each an array of strings, a single string
// (a list of one) or null (a nil list). A null element of an array is "",
// as in encoding/json, except in an object that also has a single string:
// then it does not fit, the rule the SDK's Header had when it decoded
// itself (an object of arrays only went through encoding/json's rules, any
// other through a stricter check). JSON null is a nil T. The decoded map replaces what
// T held. Any other value does not fit T: it is a *TypeError whose Err is
// badValue when T is an object (so the enclosing model keeps the member
// verbatim, as for any mismatch). Encoding T is unchanged: its own
// MarshalJSON, or encoding/json's rules for a map.
//
// Call it from init, before T is used; it panics if T is registered twice.
func RegisterStringLists[T ~map[string][]string](badValue error) {
	t := reflect.TypeFor[T]()
	buildMu.Lock()
	defer buildMu.Unlock()
	if _, dup := stringLists[t]; dup {
		panic(fmt.Sprintf("wire: RegisterStringLists[%v]: registered twice", t))
	}
	stringLists[t] = badValue
	codecs.Clear() // codecs built before now decode T through its methods
}

// stringLists holds the registered types and the error each reports for a
// member that is not a list of strings, guarded by buildMu.
var stringLists = map[reflect.Type]error{}

func isStringLists(t reflect.Type) bool {
	_, ok := stringLists[t]
	return ok
}

// emptyList is the value of []: empty but not nil, as encoding/json makes
// it; sharing it is safe, since appending to it allocates.
var emptyList = []string{}

// stringLists decodes a registered T (see RegisterStringLists). The map and
// its lists are made at the end, exactly sized, with one backing array for
// all the lists (each capped, so appending to one cannot reach another).
func (d *decoder) stringLists(c *codec, v reflect.Value) error {
	start, depth := d.pos, d.depth
	switch d.peek() {
	case 'n':
		if err := d.literal("null"); err != nil {
			return err
		}
		v.SetZero()
		return nil
	case '{':
	default:
		return d.mismatch(c)
	}
	err := d.listMembers()
	if err == nil {
		v.Set(reflect.ValueOf(d.madeLists()))
	}
	clear(d.lists) // the pooled decoder must not keep the strings alive
	clear(d.strs)
	d.lists, d.strs = d.lists[:0], d.strs[:0]
	if _, ok := err.(*TypeError); ok {
		d.pos, d.depth = start, depth
		terr := d.mismatch(c).(*TypeError)
		terr.Err = c.badValue
		return terr
	}
	return err
}

// namedList is a member read by listMembers: its name and its number of
// values in d.strs, -1 for null.
type namedList struct {
	name string
	n    int
}

// listMembers reads the members of a string-lists object into d.lists and
// their values into d.strs. A value that is not a list of strings is a
// *TypeError (without details: the caller reports the whole object).
func (d *decoder) listMembers() error {
	single, nullElement := false, false
	more, err := d.enter()
	for more && err == nil {
		var s []byte
		var plain bool
		if s, plain, err = d.key(); err != nil {
			return err
		}
		l := namedList{name: d.unquote(s, plain)}
		switch d.peek() {
		case 'n':
			l.n, err = -1, d.literal("null")
		case '"':
			l.n, err, single = 1, d.pushString(), true
		case '[':
			var null bool
			l.n, null, err = d.listElements()
			nullElement = nullElement || null
		default:
			return &TypeError{}
		}
		if err == nil {
			d.lists = append(d.lists, l)
			more, err = d.next('}')
		}
	}
	if err == nil && single && nullElement {
		return &TypeError{}
	}
	return err
}

// listElements reads an array of strings into d.strs and returns its
// length, and whether an element was null.
func (d *decoder) listElements() (n int, null bool, err error) {
	more, err := d.enter()
	for ; more && err == nil; n++ {
		switch d.peek() {
		case '"':
			err = d.pushString()
		case 'n':
			d.strs = append(d.strs, "")
			null, err = true, d.literal("null")
		default:
			return 0, false, &TypeError{}
		}
		if err == nil {
			more, err = d.next(']')
		}
	}
	return n, null, err
}

func (d *decoder) pushString() error {
	s, plain, err := d.str()
	if err == nil {
		d.strs = append(d.strs, d.unquote(s, plain))
	}
	return err
}

// madeLists makes the map of what listMembers read; of repeated names, the
// last one counts.
func (d *decoder) madeLists() map[string][]string {
	all := make([]string, len(d.strs))
	copy(all, d.strs)
	m := make(map[string][]string, len(d.lists))
	next := 0
	for _, l := range d.lists {
		switch {
		case l.n < 0:
			m[l.name] = nil
		case l.n == 0:
			m[l.name] = emptyList
		default:
			m[l.name] = all[next : next+l.n : next+l.n]
			next += l.n
		}
	}
	return m
}
