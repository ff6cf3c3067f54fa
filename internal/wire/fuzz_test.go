package wire

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"testing"
)

func FuzzUnmarshalAny(f *testing.F) {
	for _, in := range differentialInputs[:len(differentialInputs)-5] { // not the huge ones
		f.Add([]byte(in))
	}
	if data, err := os.ReadFile("testdata/test.json"); err == nil {
		f.Add(data)
	}
	f.Fuzz(checkAnyLikeEncodingJSON)
}

func FuzzModelRoundTrip(f *testing.F) {
	if data, err := os.ReadFile("testdata/test.json"); err == nil {
		f.Add(data)
	}
	f.Add(generateTest(2))
	for _, in := range []string{
		`{}`, `null`, `{"name":5,"name":"a","NAME":null}`, `{"steps":[{"step_type":"pause","duration":1.5}]}`,
		`{"steps":[{"step_type":"condition","steps":[{"id":"x"},{"step_type":"request","auth":{}}]}]}`,
		`{"environments":[{"auth":{"auth_type":"basic"},"initial_variables":{"a":1},"verify_ssl":null}]}`,
		`{"created_at":1,"created_by":{"id":"p","x":[{}]},"steps":{}}`,
		`{"steps":[{"step_type":"request","assertions":[{"value":{"a":[1,"x",true,null]}},{"value":null}]}]}`,
		`{"Description":"b","description":"a","DESCRIPTION":5,"Name":null}`,
		`{"created_by":{"ID":1,"Id":"a","id":null,"Id":"b"},"Steps":[{"step_type":"pause","Duration":2}]}`,
	} {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var m1 Test
		if err := Unmarshal(b, &m1); err != nil {
			return
		}
		if !json.Valid(b) {
			t.Fatalf("decoded invalid JSON %q", b)
		}
		out1, err := Marshal(&m1)
		if err != nil {
			t.Fatalf("Marshal after decoding %q: %v", b, err)
		}
		if !json.Valid(out1) {
			t.Fatalf("Marshal after decoding %q: invalid %q", b, out1)
		}
		// One round trip reaches a fixed point: the same bytes and values.
		var m2, m3 Test
		if err := Unmarshal(out1, &m2); err != nil {
			t.Fatalf("decoding %q: %v", out1, err)
		}
		out2, err := Marshal(&m2)
		if err != nil || !bytes.Equal(out1, out2) {
			t.Fatalf("not a fixed point:\n%s\n%s (%v)", out1, out2, err)
		}
		if err := Unmarshal(out2, &m3); err != nil || !reflect.DeepEqual(m2, m3) {
			t.Fatalf("decoding %s again: %+v != %+v (%v)", out2, m2, m3, err)
		}
	})
}
