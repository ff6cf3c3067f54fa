package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"testing"
)

// generateTest returns a Runscope test with n request steps, each with
// assertions, variables, headers, scripts and members the models do not know.
func generateTest(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"id":"9b47981a-98fd-4dac-8f32-c05aa3b7b6b2","name":"Orders API","description":"Checks the orders API end to end",` +
		`"created_at":1438832081,"created_by":{"email":"grace@example.com","name":"Grace Hopper","id":"4ee15ecc-7fe1-43cb-aa12-ef50420f2cf9"},` +
		`"default_environment_id":"a50b63cc-c377-4823-9a95-8b91f12326f2","trigger_url":"https://api.runscope.com/radar/b96ecee2/trigger",` +
		`"environments":[{"id":"a50b63cc-c377-4823-9a95-8b91f12326f2","name":"Production","script":"","preserve_cookies":false,` +
		`"initial_variables":{"base_url":"https://api.example.com","token":"abc123"},"regions":["us1","eu1"],"verify_ssl":true,` +
		`"headers":{"User-Agent":["runscope/1.0"]},"auth":{},"exported_at":1500000000,"version":"1.0"}],"steps":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"step_type":"request","id":"53f8e1fd-0989-491a-9f98-%012d","url":"{{base_url}}/orders/%d?expand=items",`+
			`"method":"GET","note":"Fetch order %d","headers":{"Accept":["application/json"],"Authorization":["Bearer {{token}}"],"X-Request-Id":["req-%d"]},`+
			`"assertions":[{"source":"response_status","comparison":"equal_number","value":200},`+
			`{"source":"response_json","property":"data.id","comparison":"equal","value":"%d"},`+
			`{"source":"response_time","comparison":"is_less_than","value":750}],`+
			`"variables":[{"name":"order_%d","property":"data.id","source":"response_json"},{"name":"etag","property":"ETag","source":"response_headers"}],`+
			`"scripts":["var data = JSON.parse(response.body);\nassert(data.items.length > 0, \"has items\");"],"before_scripts":[],`+
			`"body":"","form":{},"auth":{},"skipped":false,"fragment":"","args":{},"multipart_form":[],"binary_body":null}`,
			i, i, i, i, i, i)
	}
	b.WriteString(`],"exported_at":1500000000,"version":"1.0"}`)
	return b.Bytes()
}

// The mirror types are what encoding/json decodes the same bytes into: plain
// structs, no custom unmarshalers, nothing kept beyond the fields.
type mirrorTest struct {
	ID                   string               `json:"id"`
	Name                 string               `json:"name"`
	Description          string               `json:"description"`
	CreatedAt            int64                `json:"created_at"`
	CreatedBy            *mirrorPerson        `json:"created_by"`
	DefaultEnvironmentID string               `json:"default_environment_id"`
	TriggerURL           string               `json:"trigger_url"`
	Steps                []mirrorStep         `json:"steps"`
	Environments         []*mirrorEnvironment `json:"environments"`
}

type mirrorPerson struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

type mirrorEnvironment struct {
	ID               string              `json:"id"`
	Name             string              `json:"name"`
	Script           string              `json:"script"`
	PreserveCookies  bool                `json:"preserve_cookies"`
	InitialVariables map[string]string   `json:"initial_variables"`
	Regions          []string            `json:"regions"`
	VerifySSL        bool                `json:"verify_ssl"`
	Headers          map[string][]string `json:"headers"`
	Auth             *mirrorAuth         `json:"auth"`
}

type mirrorAuth struct {
	AuthType string `json:"auth_type"`
	Username string `json:"username"`
	Password string `json:"password"`
}

type mirrorStep struct {
	StepType      string              `json:"step_type"`
	ID            string              `json:"id"`
	URL           string              `json:"url"`
	Method        string              `json:"method"`
	Note          string              `json:"note"`
	Headers       map[string][]string `json:"headers"`
	Body          string              `json:"body"`
	Form          map[string][]string `json:"form"`
	Assertions    []mirrorAssertion   `json:"assertions"`
	Variables     []mirrorVariable    `json:"variables"`
	Scripts       []string            `json:"scripts"`
	BeforeScripts []string            `json:"before_scripts"`
	Auth          *mirrorAuth         `json:"auth"`
	Skipped       bool                `json:"skipped"`
}

type mirrorAssertion struct {
	Source     string `json:"source"`
	Property   string `json:"property"`
	Comparison string `json:"comparison"`
	Value      any    `json:"value"`
}

type mirrorVariable struct {
	Name     string `json:"name"`
	Property string `json:"property"`
	Source   string `json:"source"`
}

// Both decode through json.Unmarshal, as the SDK and its users call it, so
// the models pay for encoding/json's scans before UnmarshalJSON is called.
func BenchmarkDecode(b *testing.B) {
	data := generateTest(50)
	b.Run("models", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var t Test
			if err := json.Unmarshal(data, &t); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("mirror", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var t mirrorTest
			if err := json.Unmarshal(data, &t); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("models-direct", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var t Test
			if err := Unmarshal(data, &t); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkEncode(b *testing.B) {
	data := generateTest(50)
	var t Test
	var m mirrorTest
	if err := json.Unmarshal(data, &t); err != nil {
		b.Fatal(err)
	}
	if err := json.Unmarshal(data, &m); err != nil {
		b.Fatal(err)
	}
	b.Run("models", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(t); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("mirror", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(m); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("models-direct", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Marshal(&t); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func TestGeneratedRoundTrip(t *testing.T) {
	data := generateTest(50)
	var x Test
	if err := json.Unmarshal(data, &x); err != nil {
		t.Fatal(err)
	}
	if len(x.Steps) != 50 || !x.Steps[49].(*RequestStep).extra.Has("multipart_form") {
		t.Fatalf("decoded %d steps", len(x.Steps))
	}
	out, err := json.Marshal(x)
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, out, data)
}

// Repeats of a spelling that lost its field to another (see
// TestLetterCaseVariantRepeats) against as many plain unknown members: the
// time per byte should not grow with the size, nor differ much between the
// two.
func BenchmarkDecodeLetterCaseVariants(b *testing.B) {
	for _, k := range []int{1000, 10000} {
		variants := letterCaseRounds(2, k)
		unknown := bytes.ReplaceAll(variants, []byte(`"NAME"`), []byte(`"XXXX"`))
		for _, in := range []struct {
			name string
			data []byte
		}{{"variants", variants}, {"unknown", unknown}} {
			b.Run(fmt.Sprintf("%s-%d", in.name, k), func(b *testing.B) {
				b.SetBytes(int64(len(in.data)))
				b.ReportAllocs()
				for b.Loop() {
					var x Test
					if err := Unmarshal(in.data, &x); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// Strict after decoding, against the decoding itself.
func BenchmarkStrict(b *testing.B) {
	data, err := os.ReadFile("testdata/test.json")
	if err != nil {
		b.Fatal(err)
	}
	var x Test
	if err := Unmarshal(data, &x); err != nil {
		b.Fatal(err)
	}
	b.Run("strict", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := Strict(&x); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("unmarshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var x Test
			if err := Unmarshal(data, &x); err != nil {
				b.Fatal(err)
			}
		}
	})
}
