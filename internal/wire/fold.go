package wire

import "reflect"

// A model matches a member to a field by the field's exact name first. A
// name that differs only in letter case ("Description" for "description")
// decodes into the field, as in encoding/json, only while it is the one
// spelling used for that field: the exact name, before or after it in the
// object, or another spelling met first, makes it an unknown member
// instead. The spelling a field was decoded under is recorded (see
// Extra.names) and written back, so nothing is lost either way.

// claim reports whether a member named like field i but for letter case
// decodes into the field: when the object has not used the field's exact
// name so far and no other spelling claimed the field first. The spelling
// that claimed the field is kept in st, not looked up among the object's
// members: a spelling that lost can come any number of times, and going
// back over the members for each would make such input quadratic.
func (st *objState) claim(c *codec, i int, name []byte) bool {
	bit := uint64(1) << i
	switch {
	case st.exact&bit != 0:
		return false
	case st.folded&bit == 0:
		st.folded |= bit
		if st.claimed == nil {
			st.claimed = make([]string, len(c.fields))
		}
		st.claimed[i] = string(name)
		return true
	}
	return st.claimed[i] == string(name)
}

// unfold makes the member another spelling decoded into field i an unknown
// member, now that the field's exact name has come, and resets the field.
func (d *decoder) unfold(st *objState, i int, fv reflect.Value) {
	for k := st.base; k < len(d.spans); k++ {
		if f := d.spans[k].field; f == i || f == foldedSpan(i) {
			d.spans[k].field = -1
		}
	}
	fv.SetZero()
	bit := uint64(1) << i
	st.present &^= bit
	st.null &^= bit
	st.folded &^= bit
	st.claimed[i] = ""
}

// spanKey returns the name of a recorded member: as received, with its
// quotes and a colon, and unescaped.
func spanKey(member []byte) (key []byte, name string) {
	d := decoder{data: member}
	s, plain, _ := d.str()
	return append(member[:d.pos:d.pos], ':'), d.unquote(s, plain)
}
