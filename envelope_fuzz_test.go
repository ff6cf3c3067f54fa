package runscope

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// FuzzDecodeBody feeds arbitrary bodies to the envelope decoder: it must
// never panic, it accepts only JSON, and what it accepts must agree with
// encoding/json about what the data is.
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
		found, err := decodeAnswer(body, answer{v: &v, userValue: true}, &meta)
		if err != nil {
			return
		}
		if len(bytes.TrimSpace(body)) > 0 && !json.Valid(body) {
			t.Fatalf("accepted %q, which is not JSON", body)
		}
		if found.Error != nil && !json.Valid(found.Error) {
			t.Fatalf("error member %q is not JSON", found.Error)
		}
		var whole any
		if json.Unmarshal(body, &whole) != nil {
			return // empty
		}
		want := whole
		if obj, ok := whole.(map[string]any); ok && !found.Bare {
			want = obj["data"] // duplicates aside: encoding/json keeps the last, as wire does
		}
		if found.Data != (want != nil) {
			t.Fatalf("found.Data = %v for %q", found.Data, body)
		}
		if !reflect.DeepEqual(v, want) {
			t.Fatalf("data decoded as %#v, want %#v", v, want)
		}
	})
}
