package runscope

import (
	"bytes"
	"encoding/json"
	"io"
	"sync"

	"github.com/go-runscope/runscope/internal/wire"
)

// answer says where the data of a 2xx body goes and what the call needs of
// it.
type answer struct {
	v any // a non-nil pointer; nil discards the data
	// userValue: v is a Client.Do caller's own, decoded with encoding/json's
	// rules so their types behave as they always do. The SDK's own models,
	// lists and unions are decoded by wire in the same pass as the envelope.
	userValue bool
	// oneAsList: v points to a slice, and a single object is its one element
	// (list endpoints answer one item alone).
	oneAsList bool
	// required: the call promises a value, so an answer without data is an
	// *APIError (see call).
	required bool
	// missing, when set, reads the decoded data and says what it lacks of
	// the value the call promises ("" when nothing), for calls that pick
	// their value out of the data (the step of a Steps call): an answer
	// that lacks it is an *APIError too.
	missing func() string
}

// decodeAnswer decodes a 2xx body in one pass (wire.DecodeEnvelope): the
// envelope {"data", "meta", "error"}, or the bare data that some endpoints
// (environments, team people and integrations, metrics) answer with. A body
// is the envelope when it is an object whose first member is data, meta or
// error, as the API's envelopes always are; otherwise it is the data, even
// if a data or error member comes later ({"id":"x","error":"y"} is a value
// whose error member belongs to it). A body that is empty, null or {} holds
// no data.
func decodeAnswer(body []byte, a answer, meta *Meta) (wire.Found, error) {
	e := wire.Envelope{Meta: meta, OneAsList: a.oneAsList}
	switch {
	case a.v == nil:
	case a.userValue:
		e.RawData = func(raw []byte) error { return json.Unmarshal(raw, a.v) }
	default:
		e.Data = a.v
	}
	return wire.DecodeEnvelope(body, e)
}

// A 2xx body is read whole into a pooled buffer, then decoded in one pass.
// Streaming would not hold less: encoding/json's Decoder also buffers a
// whole value before decoding it, and wire's speed comes from indexing a
// byte slice directly, which a scanner refilling from a stream would give
// up on every byte. Buffers are reused, so a call allocates none once the
// pool is warm, and nothing decoded points into them: wire copies what it
// keeps (strings, unknown members, the error member), as encoding/json and
// the json.Unmarshaler contract do. Buffers that grew past maxPooledBody
// are left to the garbage collector rather than pinned by the pool.
var bodyBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const (
	maxPooledBody = 1 << 20
	// maxBodyHint bounds the Content-Length a buffer is sized for in
	// advance; a larger body grows the buffer as it arrives.
	maxBodyHint = 8 << 20
)

// readBody reads r to its end into a pooled buffer; size is the length the
// response announced, or -1. Give the buffer back with releaseBody.
func readBody(r io.Reader, size int64) (*bytes.Buffer, error) {
	buf := bodyBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	if size > 0 && size <= maxBodyHint {
		buf.Grow(int(size) + bytes.MinRead) // room for the read that finds EOF
	}
	_, err := buf.ReadFrom(r)
	return buf, err
}

func releaseBody(buf *bytes.Buffer) {
	if buf.Cap() <= maxPooledBody {
		bodyBuffers.Put(buf)
	}
}
