package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

type meta struct {
	Status string `json:"status"`
}

func TestDecodeEnvelopeShapes(t *testing.T) {
	cases := []struct {
		name, body string
		want       Found
		wantID     string
		wantMeta   string
	}{
		{"envelope, data first", `{"data":{"id":"a"},"meta":{"status":"success"},"error":null}`, Found{Data: true}, "a", "success"},
		{"envelope, error first", `{"error":null,"meta":{"status":"ok"},"data":{"id":"b"}}`, Found{Data: true}, "b", "ok"},
		{"envelope, other members ignored", `{"meta":{},"links":[1,{"x":2}],"data":{"id":"c"}}`, Found{Data: true}, "c", ""},
		{"bare object", `{"id":"d","data":"kept","error":"kept too"}`, Found{Bare: true, Data: true}, "d", ""},
		{"escaped member name", `{"d\u0061ta":{"id":"e"}}`, Found{Data: true}, "e", ""},
		{"null data", `{"data":null,"meta":{"status":"s"}}`, Found{}, "", "s"},
		{"last data wins", `{"data":{"id":"f"},"data":null}`, Found{}, "", ""},
		{"error object", `{"error":{"status":404,"message":"gone"},"data":null}`, Found{Error: []byte(`{"status":404,"message":"gone"}`)}, "", ""},
		{"error string", `{"error":"no"}`, Found{Error: []byte(`"no"`)}, "", ""},
		{"meta that does not fit", `{"meta":{"status":5},"data":{"id":"g"}}`, Found{Data: true}, "g", ""},
		{"empty", ``, Found{}, "", ""},
		{"white space", strings.Repeat(" \n\t\r", 5000), Found{}, "", ""},
		{"null", ` null `, Found{}, "", ""},
		{"empty object", "{ \n}", Found{}, "", ""},
		{"long white space", strings.Repeat(" ", 5000) + `{` + strings.Repeat(" ", 5000) + `"data":{"id":"h"}}`, Found{Data: true}, "h", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var p *Person
			var m meta
			found, err := DecodeEnvelope([]byte(tc.body), Envelope{Data: &p, Meta: &m})
			if err != nil {
				t.Fatal(err)
			}
			if found.Bare != tc.want.Bare || found.Data != tc.want.Data || !bytes.Equal(found.Error, tc.want.Error) {
				t.Errorf("found %+v (error %s), want %+v (error %s)", found, found.Error, tc.want, tc.want.Error)
			}
			if got := ""; p != nil {
				got = p.ID
				if got != tc.wantID {
					t.Errorf("data id %q, want %q", got, tc.wantID)
				}
			} else if tc.wantID != "" {
				t.Errorf("no data, want id %q", tc.wantID)
			}
			if m.Status != tc.wantMeta {
				t.Errorf("meta %q, want %q", m.Status, tc.wantMeta)
			}
		})
	}
}

func TestDecodeEnvelopeNotJSON(t *testing.T) {
	for _, body := range []string{"nope", "nul", "nullx", "<html>", `{"data":1}{}`, `{"data":1,}`, `{"data":{"id":`, `{"id":"a"`, `[1,2`, `{"data":"x"} x`} {
		var p *Person
		_, err := DecodeEnvelope([]byte(body), Envelope{Data: &p})
		var serr *SyntaxError
		if !errors.As(err, &serr) {
			t.Errorf("%q: got %v, want a *SyntaxError", body, err)
		}
	}
}

func TestDecodeEnvelopeMistypedData(t *testing.T) {
	var p *Person
	_, err := DecodeEnvelope([]byte(`{"data":"a string"}`), Envelope{Data: &p})
	var terr *TypeError
	if !errors.As(err, &terr) {
		t.Fatalf("got %v, want a *TypeError", err)
	}
	_, err = DecodeEnvelope([]byte(`{"data":"a string",}`), Envelope{Data: &p})
	var serr *SyntaxError
	if !errors.As(err, &serr) {
		t.Fatalf("got %v, want the *SyntaxError, which says more", err)
	}
}

func TestDecodeEnvelopeOneAsList(t *testing.T) {
	for body, want := range map[string]int{
		`{"data":{"id":"a"}}`:              1,
		`{"id":"a"}`:                       1,
		`[{"id":"a"},{"id":"b"}]`:          2,
		`{"data":[{"id":"a"},{"id":"b"}]}`: 2,
		`{"data":[]}`:                      0,
	} {
		var l []*Person
		if _, err := DecodeEnvelope([]byte(body), Envelope{Data: &l, OneAsList: true}); err != nil {
			t.Fatal(body, err)
		}
		if len(l) != want || want > 0 && l[0].ID != "a" {
			t.Errorf("%s: got %d items", body, len(l))
		}
	}
	var l []*Person
	if _, err := DecodeEnvelope([]byte(`{"data":{"id":"a"}}`), Envelope{Data: &l}); err == nil {
		t.Error("an object is a list only with OneAsList")
	}
}

func TestDecodeEnvelopeRawData(t *testing.T) {
	var got string
	found, err := DecodeEnvelope([]byte(`{"meta":{},"data": [1, {"a":2}] ,"error":null}`), Envelope{RawData: func(raw []byte) error {
		got = string(raw)
		return nil
	}})
	if err != nil || !found.Data || got != `[1, {"a":2}]` {
		t.Fatalf("got %q, %+v, %v", got, found, err)
	}
	boom := errors.New("boom")
	_, err = DecodeEnvelope([]byte(`{"x":1}`), Envelope{RawData: func([]byte) error { return boom }})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want the callee's error", err)
	}
	if _, err := DecodeEnvelope([]byte(`{"data":1}`), Envelope{Data: Person{}}); err == nil {
		t.Error("a non-pointer target is an error")
	}
}

// Nothing decoded points into the body: the SDK reads bodies into pooled
// buffers and reuses them at once.
func TestDecodeEnvelopeKeepsNothingOfItsInput(t *testing.T) {
	body := []byte(`{"error":{"message":"m"},"meta":{"status":"s"},"data":{"id":"i","name":"n","extra":{"k":[1,"v"]},"steps":[{"step_type":"mystery","x":1}]}}`)
	var test *Test
	var m meta
	found, err := DecodeEnvelope(body, Envelope{Data: &test, Meta: &m})
	if err != nil {
		t.Fatal(err)
	}
	before, err := json.Marshal(test)
	if err != nil {
		t.Fatal(err)
	}
	errMember := string(found.Error)
	for i := range body {
		body[i] = 'X'
	}
	after, err := json.Marshal(test)
	if err != nil {
		t.Fatal(err)
	}
	if string(before) != string(after) || m.Status != "s" || string(found.Error) != errMember {
		t.Fatalf("decoded values changed with the input:\n%s\n%s", before, after)
	}
}
