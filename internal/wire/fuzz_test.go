package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
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
		// Strict finds the same mismatch before and after the round trip.
		if e1, e2 := Strict(&m1), Strict(&m2); fmt.Sprint(e1) != fmt.Sprint(e2) {
			t.Fatalf("Strict: %v, then %v after a round trip through %s", e1, e2, out1)
		}
		// Marking every field present still encodes valid JSON that decodes.
		if err := MarkPresent(&m3, "ID", "Name", "Description", "CreatedAt", "CreatedBy",
			"DefaultEnvironmentID", "TriggerURL", "Steps", "Environments"); err != nil {
			t.Fatal(err)
		}
		out3, err := Marshal(&m3)
		var m4 Test
		if err != nil || Unmarshal(out3, &m4) != nil {
			t.Fatalf("after MarkPresent: %s, %v", out3, err)
		}
	})
}

// Models with embedded structs, by value and by pointer, reach a fixed
// point after one round trip too.
func FuzzEmbeddedRoundTrip(f *testing.F) {
	for _, in := range []string{
		`{"id":"r","passed":2,"failed":1,"skipped":0,"label":"x","Level":3,"total":3,"other":true}`,
		`{"passed":"two","Failed":1,"LABEL":null,"label":5,"level":1.5}`, `{"label":null}`, `{}`,
	} {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var r1, r2 run
		if Unmarshal(b, &r1) != nil {
			return
		}
		out1, err := Marshal(&r1)
		if err != nil || Unmarshal(out1, &r2) != nil {
			t.Fatalf("%q: encoded %q, %v", b, out1, err)
		}
		if out2, err := Marshal(&r2); err != nil || !bytes.Equal(out1, out2) {
			t.Fatalf("not a fixed point:\n%s\n%s (%v)", out1, out2, err)
		}
	})
}
