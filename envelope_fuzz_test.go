package runscope

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// FuzzDecodeBody feeds arbitrary bodies to the envelope decoder: it must
// never panic, and whatever it accepts must agree with encoding/json about
// what the data is.
func FuzzDecodeBody(f *testing.F) {
	for _, seed := range []string{
		`{"data":[{"id":"a"}],"error":null,"meta":{"status":"success"}}`,
		`{"meta":{"status":"success"},"data":{"id":"a"}}`,
		`{"error":{"status":403,"message":"no","more_info":"x"},"data":null}`,
		`{"error":"Email x is not part of the bucket y","meta":{"status":"error"}}`,
		`[{"id":"a"},{"id":"b"}]`,
		`{"auth":{},"name":"bare environment"}`,
		`{}`, `[]`, `null`, ``, `   `, `"x"`, `12`, `{"data"`, `{"da\"ta":1}`, `{"data":1}{"x":2}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var v any
		var meta Meta
		envErr, err := decodeBody(bytes.NewReader(body), &v, &meta)
		if err != nil {
			return
		}
		if envErr != nil && !json.Valid(envErr) {
			t.Fatalf("error member %q is not JSON", envErr)
		}
		var whole any
		if json.Unmarshal(body, &whole) != nil {
			return // a prefix decoded; trailing bytes are not the decoder's business
		}
		switch w := whole.(type) {
		case []any:
			if !reflect.DeepEqual(v, whole) {
				t.Fatalf("bare array decoded as %#v, want %#v", v, whole)
			}
		case map[string]any:
			for k := range w {
				if k != "data" && k != "meta" && k != "error" {
					return // not a pure envelope
				}
			}
			if !reflect.DeepEqual(v, w["data"]) {
				t.Fatalf("data decoded as %#v, want %#v", v, w["data"])
			}
		}
	})
}
