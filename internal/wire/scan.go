package wire

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/bits"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth bounds nesting like encoding/json does, so that hostile input
// such as "[[[[..." fails cleanly instead of exhausting the stack.
const maxDepth = 10000

// SyntaxError reports input that is not valid JSON.
type SyntaxError struct {
	Offset int64 // bytes into the input where the error was detected
	msg    string
}

// Error describes the problem and where it is, like encoding/json's
// messages with an offset.
func (e *SyntaxError) Error() string {
	return "wire: " + e.msg + " (offset " + strconv.FormatInt(e.Offset, 10) + ")"
}

// decoder is a validating JSON reader over one input. Every value reader
// expects d.pos at the value's first byte and leaves it just past the value.
type decoder struct {
	data  []byte
	pos   int
	depth int
	spans []span // unknown members of the models being decoded, innermost last
	buf   []byte // scratch for unescaping
	// Guessing union variants (see union): guessing is set while a guess
	// is not confirmed, wasted counts the bytes read on wrong guesses.
	guessing bool
	wasted   int
	// scratch for string lists (see RegisterStringLists)
	strs  []string
	lists []namedList
}

// mark is a point in the input that decoding can go back to: to read a
// value again another way, or after looking ahead.
type mark struct{ pos, depth, spans int }

func (d *decoder) mark() mark { return mark{d.pos, d.depth, len(d.spans)} }

// rewind goes back to m, forgetting the members recorded since.
func (d *decoder) rewind(m mark) {
	d.pos, d.depth, d.spans = m.pos, m.depth, d.spans[:m.spans]
}

// strSafe marks the string bytes that need no attention: not a quote, a
// backslash, a control character or the start of a multi-byte sequence.
var strSafe = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func (d *decoder) peek() byte {
	if d.pos < len(d.data) {
		return d.data[d.pos]
	}
	return 0
}

func (d *decoder) ws() {
	i, data := d.pos, d.data
	for i < len(data) && data[i] <= ' ' && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t') {
		i++
	}
	d.pos = i
}

func (d *decoder) syntaxError(context string) error {
	if d.pos >= len(d.data) {
		return &SyntaxError{Offset: int64(len(d.data)), msg: "unexpected end of JSON input"}
	}
	return &SyntaxError{Offset: int64(d.pos), msg: fmt.Sprintf("invalid character %q %s", rune(d.data[d.pos]), context)}
}

// enter consumes the '{' or '[' at d.pos and reports whether the container
// has elements.
func (d *decoder) enter() (bool, error) {
	closer := d.data[d.pos] + 2 // '{'+2 == '}', '['+2 == ']'
	d.pos++
	if d.depth++; d.depth > maxDepth {
		return false, &SyntaxError{Offset: int64(d.pos), msg: "exceeded max depth"}
	}
	d.ws()
	if d.peek() == closer {
		d.pos++
		d.depth--
		return false, nil
	}
	return true, nil
}

// next consumes the separator after an element and reports whether another
// element follows.
func (d *decoder) next(closer byte) (bool, error) {
	d.ws()
	switch d.peek() {
	case ',':
		d.pos++
		d.ws()
		return true, nil
	case closer:
		d.pos++
		d.depth--
		return false, nil
	}
	if closer == '}' {
		return false, d.syntaxError("after object key:value pair")
	}
	return false, d.syntaxError("after array element")
}

// key reads a member name and its colon, leaving d.pos at the value.
func (d *decoder) key() ([]byte, bool, error) {
	if d.peek() != '"' {
		return nil, false, d.syntaxError("looking for beginning of object key string")
	}
	s, plain, err := d.str()
	if err == nil {
		err = d.colon()
	}
	return s, plain, err
}

// colon reads what follows a member name, leaving d.pos at the value.
func (d *decoder) colon() error {
	d.ws()
	if d.peek() != ':' {
		return d.syntaxError("after object key")
	}
	d.pos++
	d.ws()
	return nil
}

// str reads a string literal and returns its raw contents. plain reports
// ASCII without escapes, which can be used as is.
func (d *decoder) str() (s []byte, plain bool, err error) {
	data, i := d.data, d.pos+1
	plain = true
	for {
		i = safeRun(data, i)
		if i >= len(data) {
			d.pos = i
			return nil, false, d.syntaxError("")
		}
		switch c := data[i]; {
		case c == '"':
			s, d.pos = data[d.pos+1:i], i+1
			return s, plain, nil
		case c == '\\':
			plain = false
			if i, err = d.escape(i); err != nil {
				return nil, false, err
			}
		case c < ' ':
			d.pos = i
			return nil, false, d.syntaxError("in string literal")
		default: // UTF-8 is checked, and repaired, when unquoting
			plain = false
			i++
		}
	}
}

// safeRun returns the index of the first byte of data[i:] that is not
// strSafe, or len(data). It looks at eight bytes at a time: a byte needs
// attention when it is below 0x20 (subtracting 0x20 borrows), a quote or a
// backslash (xor makes it 0, and subtracting 1 borrows), or not ASCII (its
// high bit). A borrow only reaches the bytes after a byte that needs
// attention, so the lowest flagged byte is exact.
func safeRun(data []byte, i int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for ; i+8 <= len(data); i += 8 {
		w := binary.LittleEndian.Uint64(data[i:])
		control := w - ones*0x20
		quote := (w ^ ones*'"') - ones
		backslash := (w ^ ones*'\\') - ones
		if m := (control | quote | backslash | w) & highs; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for i < len(data) && strSafe[data[i]] {
		i++
	}
	return i
}

// escape validates the escape sequence at data[i] == '\\' and returns the
// index after it.
func (d *decoder) escape(i int) (int, error) {
	data := d.data
	i++
	if i < len(data) {
		switch data[i] {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			return i + 1, nil
		case 'u':
			for k := 1; k <= 4; k++ {
				if i+k >= len(data) || unhex(data[i+k]) < 0 {
					d.pos = i + k
					return 0, d.syntaxError(`in \u hexadecimal character escape`)
				}
			}
			return i + 5, nil
		}
	}
	d.pos = i
	return 0, d.syntaxError("in string escape code")
}

// number reads a number literal; isInt reports that it has neither a
// fraction nor an exponent.
func (d *decoder) number() (s []byte, isInt bool, err error) {
	end, isInt := numberEnd(d.data, d.pos)
	if end < 0 {
		start := d.pos
		if d.pos = -1 - end; d.pos == start {
			return nil, false, d.syntaxError("looking for beginning of value")
		}
		return nil, false, d.syntaxError("in numeric literal")
	}
	s, d.pos = d.data[d.pos:end], end
	return s, isInt, nil
}

// numberEnd returns the end of the number literal at s[i:], or -1-j when
// s[j] is where the literal goes wrong. It serves both the decoder and the
// validation of json.Number values being encoded.
func numberEnd[T string | []byte](s T, i int) (end int, isInt bool) {
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && '1' <= s[i] && s[i] <= '9':
		i = digits(s, i+1)
	default:
		return -1 - i, false
	}
	isInt = true
	if i < len(s) && s[i] == '.' {
		if i++; i >= len(s) || !isDigit(s[i]) {
			return -1 - i, false
		}
		i, isInt = digits(s, i), false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		if i++; i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || !isDigit(s[i]) {
			return -1 - i, false
		}
		i, isInt = digits(s, i), false
	}
	return i, isInt
}

func digits[T string | []byte](s T, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func (d *decoder) literal(word string) error {
	rest := d.data[d.pos:]
	for i := range len(word) {
		if i >= len(rest) || rest[i] != word[i] {
			d.pos += i
			if i == 0 {
				return d.syntaxError("looking for beginning of value")
			}
			return d.syntaxError("in literal " + word + " (expecting '" + word[i:i+1] + "')")
		}
	}
	d.pos += len(word)
	return nil
}

// skip reads and validates one value without storing it.
func (d *decoder) skip() error {
	switch d.peek() {
	case '{':
		more, err := d.enter()
		for more && err == nil {
			if _, _, err = d.key(); err == nil {
				if err = d.skip(); err == nil {
					more, err = d.next('}')
				}
			}
		}
		return err
	case '[':
		more, err := d.enter()
		for more && err == nil {
			if err = d.skip(); err == nil {
				more, err = d.next(']')
			}
		}
		return err
	case '"':
		_, _, err := d.str()
		return err
	case 't':
		return d.literal("true")
	case 'f':
		return d.literal("false")
	case 'n':
		return d.literal("null")
	}
	_, _, err := d.number()
	return err
}

// end checks that only white space follows the top-level value.
func (d *decoder) end() error {
	if d.ws(); d.pos < len(d.data) {
		return d.syntaxError("after top-level value")
	}
	return nil
}

// validate reports whether data is exactly one JSON value.
func validate(data []byte) error {
	d := decoder{data: data}
	d.ws()
	if err := d.skip(); err != nil {
		return err
	}
	return d.end()
}

// unquote returns the Go string for raw string contents, with encoding/json's
// semantics: escapes decoded, invalid UTF-8 and unpaired surrogates replaced
// by U+FFFD.
func (d *decoder) unquote(s []byte, plain bool) string {
	if plain || bytes.IndexByte(s, '\\') < 0 && utf8.Valid(s) {
		return string(s)
	}
	d.buf = appendUnquoted(d.buf[:0], s)
	return string(d.buf)
}

// name returns a member name for matching against field names; it is valid
// until the next use of d.buf.
func (d *decoder) name(s []byte, plain bool) []byte {
	if plain {
		return s
	}
	d.buf = appendUnquoted(d.buf[:0], s)
	return d.buf
}

// appendUnquoted decodes the contents of a string literal already validated
// by str.
func appendUnquoted(b, s []byte) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\':
			r, n := unescape(s[i:])
			b, i = utf8.AppendRune(b, r), i+n
		case c < utf8.RuneSelf: // with the plain ASCII after it
			j := safeRun(s, i+1)
			b, i = append(b, s[i:j]...), j
		default:
			r, n := utf8.DecodeRune(s[i:])
			if r == utf8.RuneError && n == 1 {
				b = utf8.AppendRune(b, r)
			} else {
				b = append(b, s[i:i+n]...)
			}
			i += n
		}
	}
	return b
}

// unescape decodes the escape sequence at s[0] and returns its length. A
// surrogate pair counts as one sequence; a lone surrogate becomes U+FFFD.
func unescape(s []byte) (rune, int) {
	switch s[1] {
	case 'b':
		return '\b', 2
	case 'f':
		return '\f', 2
	case 'n':
		return '\n', 2
	case 'r':
		return '\r', 2
	case 't':
		return '\t', 2
	case 'u':
		r := hex4(s[2:])
		if !utf16.IsSurrogate(r) {
			return r, 6
		}
		if len(s) >= 12 && s[6] == '\\' && s[7] == 'u' {
			if dec := utf16.DecodeRune(r, hex4(s[8:])); dec != utf8.RuneError {
				return dec, 12
			}
		}
		return utf8.RuneError, 6
	}
	return rune(s[1]), 2 // '"', '\\' or '/'
}

func hex4(s []byte) rune {
	return unhex(s[0])<<12 | unhex(s[1])<<8 | unhex(s[2])<<4 | unhex(s[3])
}

func unhex(c byte) rune {
	switch {
	case '0' <= c && c <= '9':
		return rune(c - '0')
	case 'a' <= c && c <= 'f':
		return rune(c - 'a' + 10)
	case 'A' <= c && c <= 'F':
		return rune(c - 'A' + 10)
	}
	return -1
}
