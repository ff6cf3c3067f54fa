package wire

import (
	"bytes"
	"reflect"
)

// Envelope says where DecodeEnvelope puts what it finds in an answer of
// the Runscope API.
type Envelope struct {
	// Data is a non-nil pointer that the data is decoded into, as by
	// Unmarshal; nil validates the data and discards it.
	Data any
	// RawData, used instead of Data when set, receives the data's bytes. They
	// are valid only during the call: a callee that keeps them copies them.
	RawData func(raw []byte) error
	// OneAsList decodes an object for a Data that points to a slice as a
	// one-element slice: list endpoints may answer a single item alone.
	OneAsList bool
	// Meta, when not nil, is a pointer that the meta member is decoded into.
	// A meta that does not fit it is ignored: it never fails a call.
	Meta any
}

// Found is what DecodeEnvelope found in a body.
type Found struct {
	// Bare reports a body that was the data itself, not an envelope.
	Bare bool
	// Data reports data other than null.
	Data bool
	// Error is the envelope's error member, a copy, when present and not null.
	Error []byte
}

// DecodeEnvelope decodes an answer of the API in one pass over body.
//
// The API wraps most answers in an envelope, {"data": ..., "meta": ...,
// "error": ...}, and sends a few bare. The envelope has no other members, so
// a body is taken for one when it is an object whose first member is data,
// meta or error. Anything else (an array, an object starting with any other
// member, a string...) is the data itself. The rule is decided at the first
// member, so a bare body is decoded as it is read, never scanned twice; and
// it cannot mistake a model with members named data or error (a request
// step's data, a run's error) for an envelope.
//
// A body that is empty, white space, null or an empty object holds no data.
// A body that is not one JSON value is a *SyntaxError; a data value that
// does not fit Data is a *TypeError, as for Unmarshal.
func DecodeEnvelope(body []byte, e Envelope) (Found, error) {
	d := getDecoder()
	d.data = body
	f, err := d.envelope(&e)
	d.release()
	return f, syntaxFirst(body, err)
}

func (d *decoder) envelope(e *Envelope) (f Found, err error) {
	d.ws()
	switch d.peek() {
	case 0:
		if d.pos == len(d.data) {
			return f, nil
		}
	case 'n':
		if err := d.literal("null"); err != nil {
			return f, err
		}
		return f, d.end()
	case '{':
		start := d.mark()
		name, done, err := d.nextTopMember(d.enter())
		if done {
			return f, err
		}
		if isEnvelopeMember(name) {
			return d.envelopeMembers(e, name)
		}
		d.rewind(start)
	}
	f.Bare, f.Data = true, true
	if err := d.envelopeData(e); err != nil {
		return f, err
	}
	return f, d.end()
}

func isEnvelopeMember(name []byte) bool {
	switch string(name) {
	case "data", "meta", "error":
		return true
	}
	return false
}

// envelopeMembers reads the members of an envelope whose first member,
// name, has just been read (name may be d.buf: it is used before anything
// else is decoded). Of repeated members, the last one counts.
func (d *decoder) envelopeMembers(e *Envelope, name []byte) (f Found, err error) {
	for {
		switch string(name) {
		case "data":
			f.Data = d.peek() != 'n'
			err = d.envelopeData(e) // null too: it clears, as in Unmarshal
		case "meta":
			err = d.envelopeMeta(e.Meta)
		case "error":
			start := d.pos
			if err = d.skip(); err == nil {
				f.Error = nil
				if raw := d.data[start:d.pos]; string(raw) != "null" {
					f.Error = bytes.Clone(raw)
				}
			}
		default:
			err = d.skip()
		}
		if err != nil {
			return f, err
		}
		var done bool
		if name, done, err = d.nextTopMember(d.next('}')); done {
			return f, err
		}
	}
}

// nextTopMember goes on with the top-level object after enter or next
// said whether more members follow: it reads the next member's name or, at
// the end of the object, checks that nothing follows it (done).
func (d *decoder) nextTopMember(more bool, err error) (name []byte, done bool, _ error) {
	if err != nil {
		return nil, true, err
	}
	if !more {
		return nil, true, d.end()
	}
	s, plain, err := d.key()
	if err != nil {
		return nil, true, err
	}
	return d.name(s, plain), false, nil
}

// needPointers is what DecodeEnvelope reports for a Data or Meta that is
// not a non-nil pointer.
const needPointers = "DecodeEnvelope needs non-nil pointers"

func (d *decoder) envelopeData(e *Envelope) error {
	switch {
	case e.RawData != nil:
		start := d.pos
		if err := d.skip(); err != nil {
			return err
		}
		return e.RawData(d.data[start:d.pos])
	case e.Data == nil:
		return d.skip()
	}
	c, v, err := target(e.Data, needPointers)
	if err != nil {
		return err
	}
	if e.OneAsList && c.kind == kSlice && d.peek() == '{' {
		v.Set(reflect.MakeSlice(c.typ, 1, 1))
		return d.value(c.elem, v.Index(0))
	}
	return d.value(c, v)
}

// envelopeMeta decodes the meta member into meta, or skips it when it does
// not fit: meta is informative, and a server's drift there must not fail a
// call whose data is fine.
func (d *decoder) envelopeMeta(meta any) error {
	start := d.mark()
	if meta != nil {
		c, v, err := target(meta, needPointers)
		if err != nil {
			return err
		}
		err = d.value(c, v)
		if _, ok := err.(*TypeError); !ok {
			return err
		}
		d.rewind(start)
	}
	return d.skip()
}
