package wire

import (
	"fmt"
	"reflect"
	"slices"
)

// RegisterStringLists makes wire decode T, a map of names to lists of
// strings such as HTTP headers, itself instead of through T's
// UnmarshalJSON, which would have the value scanned twice. T is a JSON
// object whose member values are each an array of strings, a single string
// (a list of one) or null (a nil list), by the rules the SDK's Header had
// when it decoded itself: an object whose members are all arrays or null
// decodes as encoding/json would (a null element is ""); any other object
// decodes when the last member of each name is null, a string or an array
// of strings (without null elements). Of repeated names the last one
// counts. JSON null is a nil T. The decoded map replaces what T held.
// Anything else does not fit T: it is a *TypeError whose Err is badValue
// when T is an object (so the enclosing model keeps the member verbatim, as
// for any mismatch). Encoding T is unchanged: its own MarshalJSON, or
// encoding/json's rules for a map.
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
	start := d.mark()
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
		d.rewind(start)
		terr := d.mismatch(c).(*TypeError)
		terr.Err = c.badValue
		return terr
	}
	return err
}

// namedList is a member read by listMembers: its name and where its
// values are in d.strs (n is -1 for null), and which of the two rules of
// RegisterStringLists its value fits.
type namedList struct {
	name       string
	from, n    int
	lists      bool // null, or an array of strings and nulls
	listsOrOne bool // null, a string, or an array of strings
}

// listMembers reads the members of a string-lists object into d.lists and
// their values into d.strs. It fits when every member fits the first rule
// (lists, where null elements are ""); otherwise when the last member of
// each name fits the second (lists without null elements, or single
// strings). Anything else is a *TypeError (without details: the caller
// reports the whole object).
func (d *decoder) listMembers() error {
	lists := true
	more, err := d.enter()
	for more && err == nil {
		var s []byte
		var plain bool
		if s, plain, err = d.key(); err != nil {
			return err
		}
		l := namedList{name: d.unquote(s, plain), from: len(d.strs)}
		switch d.peek() {
		case 'n':
			l.n, l.lists, l.listsOrOne = -1, true, true
			err = d.literal("null")
		case '"':
			l.n, l.listsOrOne = 1, true
			err = d.pushString()
		case '[':
			l.n, l.lists, l.listsOrOne, err = d.listElements()
		default:
			err = d.skip() // a later member of the same name may replace it
		}
		if err == nil {
			d.lists = append(d.lists, l)
			lists = lists && l.lists
			more, err = d.next('}')
		}
	}
	if err != nil || lists {
		return err
	}
	last := make(map[string]bool, len(d.lists))
	for _, l := range slices.Backward(d.lists) {
		if !last[l.name] {
			last[l.name] = true
			if !l.listsOrOne {
				return &TypeError{}
			}
		}
	}
	return nil
}

// listElements reads an array into d.strs and returns the number of
// strings read, and which rules the array fits: strings and nulls
// (lists), strings only (listsOrOne).
func (d *decoder) listElements() (n int, lists, listsOrOne bool, err error) {
	lists, listsOrOne = true, true
	more, err := d.enter()
	for more && err == nil {
		switch d.peek() {
		case '"':
			err = d.pushString()
			n++
		case 'n':
			d.strs = append(d.strs, "")
			n, listsOrOne, err = n+1, false, d.literal("null")
		default:
			lists, listsOrOne, err = false, false, d.skip()
		}
		if err == nil {
			more, err = d.next(']')
		}
	}
	return n, lists, listsOrOne, err
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
	for _, l := range d.lists {
		switch {
		case l.n < 0:
			m[l.name] = nil
		case l.n == 0:
			m[l.name] = emptyList
		default:
			m[l.name] = all[l.from : l.from+l.n : l.from+l.n]
		}
	}
	return m
}
