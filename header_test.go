package runscope

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/go-runscope/runscope/internal/wire"
)

// headerReference is how Header decoded itself before wire decoded it in
// the same pass as the models (wire.RegisterStringLists): as a map of
// lists, else as a map of anything, each value a string or an array of
// strings. Header must decode exactly as it did, on its own and in a model.
func headerReference(b []byte) (Header, error) {
	var lists map[string][]string
	if wire.Unmarshal(b, &lists) == nil {
		return lists, nil
	}
	var raw map[string]any
	if err := wire.Unmarshal(b, &raw); err != nil {
		return nil, err
	}
	out := make(Header, len(raw))
	for name, v := range raw {
		switch v := v.(type) {
		case nil:
			out[name] = nil
		case string:
			out[name] = []string{v}
		case []any:
			values := make([]string, len(v))
			for i, e := range v {
				s, ok := e.(string)
				if !ok {
					return nil, errHeaderValue
				}
				values[i] = s
			}
			out[name] = values
		default:
			return nil, errHeaderValue
		}
	}
	return out, nil
}

// checkHeaderLikeReference decodes in, valid JSON, as a Header on its own
// (encoding/json calling UnmarshalJSON, over a Header that already holds a
// value) and as a step's headers, and compares both with headerReference.
func checkHeaderLikeReference(t *testing.T, in []byte) {
	t.Helper()
	want, wantErr := headerReference(in)

	got := Header{"Old": {"value"}}
	err := json.Unmarshal(in, &got)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("json.Unmarshal(%q) into a Header: error %v, reference error %v", in, err, wantErr)
	}
	if wantErr == errHeaderValue && err != errHeaderValue {
		t.Fatalf("json.Unmarshal(%q) into a Header: error %v, want %v", in, err, wantErr)
	}
	if err == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("json.Unmarshal(%q) into a Header:\n got %#v\nwant %#v", in, got, want)
	}

	var step RequestStep
	member := append(append([]byte(`{"headers":`), in...), '}')
	if err := json.Unmarshal(member, &step); err != nil {
		t.Fatalf("json.Unmarshal(%s) into a RequestStep: %v", member, err)
	}
	kept := wire.ExtraOf(&step).Has("headers")
	if wantErr != nil {
		if step.Headers != nil || !kept {
			t.Fatalf("%s: Headers = %#v, kept verbatim: %v; want nil and kept, as the reference fails (%v)", member, step.Headers, kept, wantErr)
		}
		return
	}
	if kept || !reflect.DeepEqual(step.Headers, want) {
		t.Fatalf("%s: Headers = %#v, kept verbatim: %v; want %#v", member, step.Headers, kept, want)
	}
}

var headerInputs = []string{
	`{}`, `null`, ` { } `, `[]`, `""`, `1`, `true`, `[["a"]]`,
	`{"Accept":["a"],"X":["b","c"]}`, `{"Accept":"a"}`, `{"A":"a","B":["b","c"],"C":null,"D":[]}`,
	`{"A":null}`, `{"A":[]}`, `{"A":[null]}`, `{"A":["a",null]}`, `{"A":["a",null],"B":["b"]}`,
	`{"A":["a",null],"B":"b"}`, `{"B":"b","A":[null]}`, `{"A":[null],"B":null}`,
	`{"A":1}`, `{"A":[1]}`, `{"A":["a",1]}`, `{"A":{}}`, `{"A":[{}]}`, `{"A":[[]]}`, `{"A":true}`, `{"A":"a","B":1}`,
	`{"A":["x"],"A":"y"}`, `{"A":"y","A":["x"]}`, `{"A":"y","A":null}`, `{"A":["x"],"A":1}`,
	// A value that a later one with the same name replaces does not count
	// when a single string makes the object go through the second rule.
	`{"A":[null],"A":""}`, `{"A":1,"A":"x"}`, `{"A":[1,"a"],"A":["b"],"B":"c"}`, `{"A":{"x":[1]},"A":null,"B":"b"}`,
	`{"A":"x","A":[null]}`, `{"A":1,"A":["x"]}`, `{"A":[null],"A":[null]}`, `{"B":"b","A":[null],"A":"a","A":[]}`,
	`{"\u0041\u00e9":"\ud83d\ude00","":[""],"a\"b":["\n"]}`, "{\"\xff\":\"\xfe\"}",
	` { "A" : [ "a" , "b" ] , "B" : "c" } `,
}

func TestHeaderDecodesLikeItsReference(t *testing.T) {
	for _, in := range headerInputs {
		checkHeaderLikeReference(t, []byte(in))
	}
}

// The lists of a decoded Header share one backing array; appending to one
// must not change another.
func TestHeaderListsAreIndependent(t *testing.T) {
	var h Header
	if err := json.Unmarshal([]byte(`{"A":["a1","a2"],"B":"b","C":["c"]}`), &h); err != nil {
		t.Fatal(err)
	}
	h["A"] = append(h["A"], "a3")
	h["B"] = append(h["B"], "b2")
	want := Header{"A": {"a1", "a2", "a3"}, "B": {"b", "b2"}, "C": {"c"}}
	if !reflect.DeepEqual(h, want) {
		t.Fatalf("after appending: %#v, want %#v", h, want)
	}
}

func FuzzHeader(f *testing.F) {
	for _, in := range headerInputs {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if json.Valid(in) {
			checkHeaderLikeReference(t, in)
		}
	})
}
