package runscope

import (
	"bufio"
	"encoding/json"
	"io"
	"sync"

	"github.com/go-runscope/runscope/internal/wire"
)

var readerPool = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 4096) }}

// decodeBody decodes a 2xx body as it streams in. The API answers most
// calls with the envelope {"data", "meta", "error"}; some (environments,
// team people and integrations, metrics) with the bare value. A body whose
// top level is an array, or an object whose first member is none of those
// three names, is the data itself. It returns the envelope's error member
// when that is not null.
func decodeBody(r io.Reader, v any, meta *Meta) (envErr json.RawMessage, err error) {
	br := readerPool.Get().(*bufio.Reader)
	br.Reset(r)
	defer func() {
		br.Reset(nil)
		readerPool.Put(br)
	}()
	bare, empty, err := classify(br)
	if err != nil || empty {
		return nil, err
	}
	dec := json.NewDecoder(br)
	if bare {
		return nil, dec.Decode(&dataSink{v})
	}
	// One Decode of the whole envelope: walking it with Decoder.Token
	// costs a few dozen allocations per call.
	env := envelope{Data: dataSink{v}, Meta: meta}
	if err := dec.Decode(&env); err != nil {
		return nil, err
	}
	if string(env.Error) == "null" {
		return nil, nil
	}
	return env.Error, nil
}

type envelope struct {
	Data  dataSink        `json:"data"`
	Meta  *Meta           `json:"meta"`
	Error json.RawMessage `json:"error"`
}

// dataSink decodes the data of a response into the caller's value: with
// encoding/json's rules for values given to [Client.Do], and with wire, in
// one pass, for the SDK's own calls (see viaWire).
type dataSink struct{ v any }

func (d dataSink) UnmarshalJSON(b []byte) error {
	switch v := d.v.(type) {
	case nil:
		return nil
	case viaWire:
		return wire.Unmarshal(b, v.v)
	default:
		return json.Unmarshal(b, v)
	}
}

// viaWire marks the decode target of an SDK call: its models, lists and
// unions are decoded by wire directly rather than through encoding/json,
// which would scan the bytes again before calling their UnmarshalJSON.
type viaWire struct{ v any }

// classify peeks at the start of a body to tell the envelope from a bare
// value without consuming anything. empty reports a body with no value at
// all (204, or null).
func classify(br *bufio.Reader) (bare, empty bool, err error) {
	for n := 64; ; n *= 2 {
		buf, peekErr := br.Peek(n)
		if len(buf) == 0 && peekErr != nil {
			if peekErr == io.EOF {
				return false, true, nil
			}
			return false, false, peekErr
		}
		i := skipSpace(buf, 0)
		if i == len(buf) {
			if peekErr != nil {
				return false, true, nil
			}
			continue
		}
		switch buf[i] {
		case '{':
		case 'n':
			return false, true, nil
		default:
			return true, false, nil
		}
		i = skipSpace(buf, i+1)
		if i < len(buf) && buf[i] == '}' {
			return false, true, nil
		}
		if i < len(buf) && buf[i] == '"' {
			if end := closingQuote(buf, i+1); end >= 0 {
				var name string
				if json.Unmarshal(buf[i:end+1], &name) != nil {
					return true, false, nil // not JSON; let the decoder say so
				}
				switch name {
				case "data", "meta", "error":
					return false, false, nil
				}
				return true, false, nil
			}
		}
		if peekErr != nil || n >= br.Size() {
			// A first member name longer than the buffer is not an envelope name.
			return true, false, nil
		}
	}
}

// closingQuote returns the index of the quote that ends the string starting
// at b[i], or -1 when b ends first.
func closingQuote(b []byte, i int) int {
	for ; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// list decodes a JSON array, or a single object as a one-element list: some
// list endpoints answer with the object alone when there is one item.
type list[T any] []T

func (l *list[T]) UnmarshalJSON(b []byte) error {
	if i := skipSpace(b, 0); i < len(b) && b[i] == '{' {
		var one T
		if err := wire.Unmarshal(b, &one); err != nil {
			return err
		}
		*l = list[T]{one}
		return nil
	}
	return wire.Unmarshal(b, (*[]T)(l))
}
