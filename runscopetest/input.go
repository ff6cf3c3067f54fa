package runscopetest

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// obj is a JSON object as the fake stores it. Resources are kept as the
// decoded JSON they were sent as, so members the fake knows nothing about
// survive and come back.
type obj = map[string]any

// decodeJSON reads the request body as exactly one JSON value. Numbers stay
// json.Number, so 200 comes back as 200 and 1.50 as 1.50.
func decodeJSON(r *http.Request) (any, error) {
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, badRequest("reading the body: %v", err)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, badRequest("the body must be JSON; it is empty")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, badRequest("the body is not valid JSON: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, badRequest("the body is not valid JSON: data after the first value")
	}
	return v, nil
}

// decodeObject reads the request body as one JSON object.
func decodeObject(r *http.Request) (obj, error) {
	v, err := decodeJSON(r)
	if err != nil {
		return nil, err
	}
	o, ok := v.(obj)
	if !ok {
		return nil, badRequest("the body must be a JSON object")
	}
	return o, nil
}

// objectList returns the objects of the array member key of o; an absent
// or null member is an empty list.
func objectList(o obj, key string) ([]obj, error) {
	v := o[key]
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, badRequest("%s must be an array", key)
	}
	out := make([]obj, len(list))
	for i, e := range list {
		if out[i], ok = e.(obj); !ok {
			return nil, badRequest("%s must be an array of objects", key)
		}
	}
	return out, nil
}

// str returns the string member key of o, or "" when it is absent or not a
// string.
func str(o obj, key string) string {
	s, _ := o[key].(string)
	return s
}

// text renders a JSON scalar as the string a variable would hold.
func text(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case json.Number:
		return v.String()
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// integer returns v as an int when it is a JSON number without a fraction,
// as decodeJSON decodes one.
func integer(v any) (int64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	i, err := n.Int64()
	return i, err == nil
}

// requireName checks the non-empty string member "name" of a body.
func requireName(o obj, what string) error {
	if strings.TrimSpace(str(o, "name")) == "" {
		return badRequest("%s needs a name: a non-empty string", what)
	}
	return nil
}

// optionalName checks the member "name" of an update body, when it has
// one: updates may leave the name out, but not blank it.
func optionalName(o obj, what string) error {
	if _, ok := o["name"]; !ok {
		return nil
	}
	return requireName(o, what)
}

// unbounded is the hi of an intParam without an upper limit.
const unbounded = math.MaxInt

// intParam reads the integer query parameter name: def when absent, an
// error outside lo..hi.
func intParam(q url.Values, name string, def, lo, hi int) (int, error) {
	s := q.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	switch {
	case hi == unbounded && (err != nil || n < lo):
		return 0, badRequest("%s must be an integer of at least %d, not %q", name, lo, s)
	case err != nil || n < lo || n > hi:
		return 0, badRequest("%s must be an integer from %d to %d, not %q", name, lo, hi, s)
	}
	return n, nil
}

// micros reads the epoch-seconds query parameter name (a float such as
// 1639677275.7) in microseconds, rounded, so that a timestamp the fake
// wrote comes back to the same value even after a trip through a float
// that lost a digit. ok is false when the parameter is absent.
func micros(q url.Values, name string) (us int64, ok bool, err error) {
	s := q.Get(name)
	if s == "" {
		return 0, false, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false, badRequest("%s must be a Unix timestamp in seconds, not %q", name, s)
	}
	return int64(math.Round(f * 1e6)), true, nil
}

// epochSeconds writes a time in microseconds as the float epoch seconds
// the API uses for run times.
func epochSeconds(us int64) float64 { return float64(us) / 1e6 }

// dateLayout is the YYYY-MM-DD form of the usage endpoints.
const dateLayout = time.DateOnly

// pageSize reads the count query parameter of the tests and results lists:
// 10 when absent or 0, at most limit.
func pageSize(q url.Values, limit int) (int, error) {
	n, err := intParam(q, "count", 10, 0, limit)
	if n == 0 {
		n = 10
	}
	return n, err
}
