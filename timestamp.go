package runscope

import (
	"bytes"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Timestamp is a point in time as the Runscope API writes it. It decodes
// epoch seconds as an integer or a float (sub-second digits are kept to the
// nanosecond), the same as a numeric string, the RFC 1123 form with a numeric
// zone that the team people list uses ("Wed, 14 Aug 2019 19:53:48 -0000"),
// RFC 3339, and null.
//
// A Timestamp re-encodes in the form it was decoded from, so a value read
// from the API goes back unchanged. One built in Go encodes as epoch seconds:
// an integer when it has no fraction. The zero Timestamp encodes as null and
// is dropped by omitzero.
//
// Build one with a keyed literal: runscope.Timestamp{Time: t}.
type Timestamp struct {
	time.Time
	form timeForm
}

// timeForm remembers how a Timestamp travelled, so that a decoded value is
// sent back exactly as the server wrote it.
type timeForm uint8

const (
	formEpoch       timeForm = iota // 1438828991 or 1639677275.7
	formEpochString                 // "1438828991"
	formRFC1123                     // "Wed, 14 Aug 2019 19:53:48 -0000"
	formRFC3339                     // "2019-08-14T19:53:48Z"
)

const rfc1123NumericZone = "Mon, 02 Jan 2006 15:04:05 -0700"

var errTimestamp = errors.New("runscope: timestamp is neither epoch seconds nor an RFC 1123 or RFC 3339 time")

// UnmarshalJSON implements json.Unmarshaler.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return errTimestamp
	}
	if string(b) == "null" {
		*t = Timestamp{}
		return nil
	}
	if b[0] != '"' {
		tm, err := parseEpoch(string(b))
		if err != nil {
			return err
		}
		*t = Timestamp{Time: tm, form: formEpoch}
		return nil
	}
	s, err := strconv.Unquote(string(b))
	if err != nil {
		return errTimestamp
	}
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		*t = Timestamp{}
	case s[0] == '-' || s[0] >= '0' && s[0] <= '9':
		if tm, err := parseEpoch(s); err == nil {
			*t = Timestamp{Time: tm, form: formEpochString}
			return nil
		}
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return errTimestamp
		}
		*t = Timestamp{Time: tm, form: formRFC3339}
	default:
		for _, layout := range []string{rfc1123NumericZone, time.RFC1123} {
			if tm, err := time.Parse(layout, s); err == nil {
				*t = Timestamp{Time: tm, form: formRFC1123}
				return nil
			}
		}
		return errTimestamp
	}
	return nil
}

// MarshalJSON implements json.Marshaler.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	switch t.form {
	case formEpochString:
		return strconv.AppendQuote(nil, formatEpoch(t.Time)), nil
	case formRFC1123:
		s := t.Format(rfc1123NumericZone)
		if _, off := t.Zone(); off == 0 {
			// Runscope writes UTC as "-0000" (RFC 2822's "no zone information").
			s = s[:len(s)-5] + "-0000"
		}
		return strconv.AppendQuote(nil, s), nil
	case formRFC3339:
		return strconv.AppendQuote(nil, t.Format(time.RFC3339Nano)), nil
	}
	return []byte(formatEpoch(t.Time)), nil
}

// EncodeValues implements go-querystring's query.Encoder: a query parameter
// carries a Timestamp as epoch seconds with its sub-second digits
// ("1639677275.7"), the form the results endpoints read. The zero
// Timestamp adds nothing.
func (t Timestamp) EncodeValues(key string, v *url.Values) error {
	if !t.IsZero() {
		v.Set(key, formatEpoch(t.Time))
	}
	return nil
}

// parseEpoch reads epoch seconds from decimal text without going through a
// float64, so "1639677275.7" keeps exactly 700ms.
func parseEpoch(s string) (time.Time, error) {
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	mantissa, exp, hasExp := strings.Cut(strings.ToLower(s), "e")
	whole, frac, hasFrac := strings.Cut(mantissa, ".")
	if whole == "" || !allDigits(whole) || hasFrac && (frac == "" || !allDigits(frac)) {
		return time.Time{}, errTimestamp
	}
	if hasExp {
		// Move the decimal point instead of multiplying floats: 1.6396772757e9
		// is exactly 1639677275.7.
		shift, err := strconv.Atoi(exp)
		if err != nil || shift < -30 || shift > 30 {
			return time.Time{}, errTimestamp
		}
		digits, point := whole+frac, len(whole)+shift
		switch {
		case point <= 0:
			whole, frac = "0", strings.Repeat("0", -point)+digits
		case point >= len(digits):
			whole, frac = digits+strings.Repeat("0", point-len(digits)), ""
		default:
			whole, frac = digits[:point], digits[point:]
		}
	}
	sec, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || sec > 1<<40 {
		return time.Time{}, errTimestamp // beyond year 36000: not a timestamp
	}
	var nsec int64
	for i := range 9 {
		nsec *= 10
		if i < len(frac) {
			nsec += int64(frac[i] - '0')
		}
	}
	if neg {
		sec, nsec = -sec, -nsec
	}
	return time.Unix(sec, nsec).UTC(), nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// formatEpoch writes t as epoch seconds: an integer when there is no
// sub-second part, else a decimal with no trailing zeros.
func formatEpoch(t time.Time) string {
	sec, nsec := t.Unix(), int64(t.Nanosecond())
	if nsec == 0 {
		return strconv.FormatInt(sec, 10)
	}
	sign := ""
	if sec < 0 {
		// Unix() floors, so -1.5s is (-2, 0.5s): flip it to (-1, 0.5s) with a sign.
		sign, sec, nsec = "-", -(sec + 1), 1e9-nsec
	}
	frac := strconv.FormatInt(nsec+1e9, 10)[1:] // zero-padded to 9 digits
	return sign + strconv.FormatInt(sec, 10) + "." + strings.TrimRight(frac, "0")
}

// Date is a calendar day, written "YYYY-MM-DD" by the usage endpoints. It
// holds UTC midnight of that day. The zero Date encodes as null.
type Date struct {
	time.Time
}

const dateLayout = "2006-01-02"

// NewDate returns the Date of t's calendar day in t's location.
func NewDate(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Time: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// String returns the day as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(dateLayout)
}

// EncodeValues implements go-querystring's query.Encoder: a query parameter
// carries a Date as YYYY-MM-DD, the form the usage endpoints read. The zero
// Date adds nothing.
func (d Date) EncodeValues(key string, v *url.Values) error {
	if !d.IsZero() {
		v.Set(key, d.String())
	}
	return nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (d *Date) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	s, err := strconv.Unquote(string(b))
	if err != nil {
		return errors.New("runscope: date is not a JSON string")
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	tm, err := time.Parse(dateLayout, s)
	if err != nil {
		return errors.New("runscope: date is not YYYY-MM-DD")
	}
	*d = Date{Time: tm}
	return nil
}

// MarshalJSON implements json.Marshaler.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return strconv.AppendQuote(nil, d.Format(dateLayout)), nil
}
