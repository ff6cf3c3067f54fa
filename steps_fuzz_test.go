package runscope

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// addGoldenSeeds adds the golden files matching pattern to f's corpus, and
// each file's data member when it has an envelope.
func addGoldenSeeds(f *testing.F, pattern string) {
	f.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", pattern))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seeds match %s: %v", pattern, err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(goldenData(f, filepath.Base(name)))
	}
}

// checkReencode is the property every fuzz target checks: decoding in must
// not panic; when it succeeds, encoding succeeds with valid JSON that
// decodes again to the same encoding.
func checkReencode[T any](t *testing.T, in []byte, decode func([]byte) (T, error)) {
	t.Helper()
	v, err := decode(in)
	if err != nil {
		return
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("decoded %q, but encoding failed: %v", in, err)
	}
	if !json.Valid(out) {
		t.Fatalf("decoded %q, encoded invalid JSON %q", in, out)
	}
	v2, err := decode(out)
	if err != nil {
		t.Fatalf("decoded %q, encoded %q, which does not decode: %v", in, out, err)
	}
	out2, err := json.Marshal(v2)
	if err != nil {
		t.Fatalf("second encoding of %q failed: %v", in, err)
	}
	if !bytes.Equal(out, out2) {
		t.Fatalf("encodings differ for %q:\n first %s\nsecond %s", in, out, out2)
	}
}

func FuzzDecodeStep(f *testing.F) {
	addGoldenSeeds(f, "steps_*.json")
	for _, seed := range []string{
		`{"step_type":"pause","duration":5}`,
		`{"step_type":"pause","duration":"5"}`,
		`{"step_type":"condition","steps":[{"step_type":"condition","steps":[{"step_type":"x"}]}]}`,
		`{"step_type":"request","headers":{"A":"b","C":["d",null]},"form":{"x":1},"auth":{}}`,
		`{"step_type":"request","assertions":[{"value":1e400},{"value":{"a":[1,"2"]}}]}`,
		`{"step_type":"subtest","params":[{"name":"a","value":7}],"use_parent_environment":"yes"}`,
		`{"step_type":5}`, `{"id":"a"}`, `{}`, `null`, `[]`, `"request"`,
		`{"step_type":"request","step_type":"pause"}`, `{"step_\u0074ype":"pause","duration":1}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		checkReencode(t, in, decodeStep)
	})
}

func FuzzDecodeAuth(f *testing.F) {
	for _, seed := range []string{
		`{"auth_type":"basic","username":"u","password":"p"}`,
		`{"auth_type":"oauth_1","access_token":"a","consumer_secret":"c","signature_type":"auth_header","consumer_key":"k","token_secret":"t"}`,
		`{"auth_type":"oauth_2","grant_type":"client_credentials","access_token":null,"is_auto_refresh_token":true}`,
		`{"auth_type":"client_certificate"}`,
		`{"auth_type":"aws_sigv4","region":"us-east-1","keys":{"id":"x"}}`,
		`{"auth_type":7}`, `{"username":"no type"}`, `{}`, ` { } `, `null`, `[]`, `1`,
		`{"auth_type":"basic","username":5}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		checkReencode(t, in, decodeAuth)
	})
}
