package runscope

import (
	"errors"
	"reflect"
	"strings"
	"unicode"

	"github.com/go-runscope/runscope/internal/wire"
)

// strictCheck returns a *DecodeError for the first member of a call's
// decoded answer (v, a pointer to it) that did not fit its field. Decoding
// keeps such members whatever the client's settings; the check reads what
// the models recorded, so it finds them however the answer was decoded.
func strictCheck(v any) error {
	var me *wire.MismatchError
	if err := wire.Strict(v); !errors.As(err, &me) {
		return err
	}
	return decodeError(v, me, me)
}

// decodeError is the DecodeError for m, a part of the decoded value v of a
// call that did not fit; report is the decoder's error that found it.
func decodeError(v any, m *wire.MismatchError, report error) *DecodeError {
	return &DecodeError{Path: strings.TrimPrefix(decodeRoot(v)+m.Path, "."), Reason: m.Reason(), err: report}
}

// decodeRoot names the value a call returns for a DecodeError's path: its
// type's name in snake_case, with an s for a list; "" for an unnamed type.
func decodeRoot(v any) string {
	if a, ok := v.(*stepsAnswer); ok {
		if a.list {
			return "steps"
		}
		return "step"
	}
	t, list := reflect.TypeOf(v), false
	for {
		switch t.Kind() {
		case reflect.Pointer:
			t = t.Elem()
			continue
		case reflect.Slice:
			if !list {
				t, list = t.Elem(), true
				continue
			}
		}
		break
	}
	name := snakeCase(t.Name())
	if list && name != "" {
		name += "s"
	}
	return name
}

// snakeCase turns a Go type name into the API's style: TestRun, test_run;
// URLMap, url_map.
func snakeCase(name string) string {
	var b strings.Builder
	r := []rune(name)
	for i, c := range r {
		if unicode.IsUpper(c) && i > 0 && (unicode.IsLower(r[i-1]) || i+1 < len(r) && unicode.IsLower(r[i+1])) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}
