package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

// differentialInputs are decoded into any by both wire and encoding/json.
var differentialInputs = []string{
	`null`, `true`, `false`, `0`, `-0`, `-0.0e-0`, `1.5e+10`, `1E-2`, `123456789012345678901234567890`, `1e400`,
	`01`, `-`, `-a`, `1.`, `.5`, `1e`, `1e+`, `+1`, `NaN`, `Infinity`, `0x10`, `1.0.0`, `--1`,
	`""`, `"abc"`, `"\u00e9"`, `"\ud83d\ude00"`, `"\ud800"`, `"\ud800\u0041"`, `"\udc00\ud800"`, `"\ud800\ud800\udc00"`,
	`"\ud800\\"`, `"\ud83d\ude0"`, `"\uD83D\uDE00"`, `"\u0000"`, `"\/\b\f\n\r\t\"\\"`, `"\x"`, `"\'"`, `"\u12"`, `"\u12g4"`,
	`"a`, `"\`, `"\u`, "\"\x01\"", "\"\x1f\"", "\"\x7f\"", "\"\xff\"", "\"\xc3\xa9\"", "\"\xed\xa0\x80\"", "\"\xc3\"",
	"\"\xf4\x90\x80\x80\"", "\"a\tb\"", "\"\u2028\"",
	`[]`, `[ ]`, `[1,]`, `[,1]`, `[1 2]`, `[1,,2]`, `[`, `]`, `[[[]]]`, `[1, [2, [3, {"a": [null]}]]]`,
	`{}`, `{ }`, `{"a":1,}`, `{"a" 1}`, `{a:1}`, `{"a":1 "b":2}`, `{"a":1,"a":2}`, `{"a":{"b":[1,{"c":null}]}}`,
	`{"a"}`, `{"a":}`, `{,}`, `{"a":1}}`, `{"\u0000":1,"\ud800":2,"é":3}`, `{"":""}`, `{1:2}`,
	` [ 1 , 2 ] `, "\t\n\r {}\n", `[1]x`, `[1] [2]`, ``, ` `, `tru`, `nul`, `truex`, `nulll`, `fals`, `True`,
	"\xef\xbb\xbf{}", "{}\x00", "\x00", `"a" "b"`, `1 2`, `[1e400,-1e-400]`,
	strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
	strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
	strings.Repeat(`{"a":`, 10000) + "1" + strings.Repeat("}", 10000),
	strings.Repeat(`{"a":`, 10001) + "1" + strings.Repeat("}", 10001),
	strings.Repeat("[", 100000),
}

// checkAnyLikeEncodingJSON is the differential property: decoding into any
// fails exactly when the input is not valid JSON, and otherwise yields what
// encoding/json yields with UseNumber. What decodes also encodes back to
// equal JSON.
func checkAnyLikeEncodingJSON(t *testing.T, b []byte) {
	var got any
	err := Unmarshal(b, &got)
	if valid := json.Valid(b); (err == nil) != valid {
		t.Fatalf("Unmarshal(%.200q): err = %v, but json.Valid = %v", b, err, valid)
	}
	if err != nil {
		var serr *SyntaxError
		if !errors.As(err, &serr) || serr.Offset < 0 || serr.Offset > int64(len(b)) {
			t.Fatalf("Unmarshal(%.200q): %#v, want a *SyntaxError with an offset in the input", b, err)
		}
		return
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var want any
	if err := dec.Decode(&want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Unmarshal(%.200q)\n got %.200#v\nwant %.200#v", b, got, want)
	}
	out, err := Marshal(got)
	if err != nil {
		t.Fatalf("Marshal(%.200#v): %.200v", got, err)
	}
	want = nil
	if err := dec.Decode(&want); err == nil {
		t.Fatal("more than one value")
	}
	if !json.Valid(out) || !reflect.DeepEqual(semanticJSON(t, out), got) {
		t.Fatalf("Marshal(%.200#v) = %.200s", got, out)
	}
}

func TestDifferentialAny(t *testing.T) {
	for _, in := range differentialInputs {
		checkAnyLikeEncodingJSON(t, []byte(in))
	}
	// Every truncation of a realistic document.
	data, err := os.ReadFile("testdata/test.json")
	if err != nil {
		t.Fatal(err)
	}
	for i := range data {
		checkAnyLikeEncodingJSON(t, data[:i])
	}
	checkAnyLikeEncodingJSON(t, data)
}

func TestSyntaxErrorOffsets(t *testing.T) {
	tests := []struct {
		in     string
		offset int64
	}{
		{`{"a":1,}`, 7},
		{`[1 2]`, 3},
		{`[1]x`, 3},
		{`"a`, 2},
		{`{"a":"\q"}`, 7},
		{"\"a\x01\"", 2},
		{`tru`, 3},
		{`[01]`, 2},
	}
	for _, tt := range tests {
		var v any
		err := Unmarshal([]byte(tt.in), &v)
		var serr *SyntaxError
		if !errors.As(err, &serr) || serr.Offset != tt.offset {
			t.Errorf("Unmarshal(%s) = %v, want a *SyntaxError at %d", tt.in, err, tt.offset)
		}
	}
}

// Malformed input never panics, whatever the target, and is always an error.
func TestMalformedIntoModels(t *testing.T) {
	data, err := os.ReadFile("testdata/test.json")
	if err != nil {
		t.Fatal(err)
	}
	for i := range data {
		var x Test
		if err := Unmarshal(data[:i], &x); err == nil && !json.Valid(data[:i]) {
			t.Fatalf("truncated at %d: no error", i)
		}
	}
	for _, in := range differentialInputs {
		var x Test
		var s []Step
		if err := Unmarshal([]byte(in), &x); err == nil && !json.Valid([]byte(in)) {
			t.Errorf("Test from %q: no error", in)
		}
		if err := Unmarshal([]byte(in), &s); err == nil && !json.Valid([]byte(in)) {
			t.Errorf("[]Step from %q: no error", in)
		}
	}
}
