package runscope

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// roundTripStep decodes data as a Step through the union, re-encodes it and
// checks nothing was lost; it returns the step for further checks.
func roundTripStep(t *testing.T, data []byte) Step {
	t.Helper()
	s, err := decodeStep(data)
	require.NoError(t, err, "decode")
	out, err := json.Marshal(s)
	require.NoError(t, err, "encode")
	assertJSONSemEq(t, data, out)
	return s
}

// lastStep decodes the last step of the steps of an enveloped test golden.
func lastGoldenStep(t *testing.T, name string) Step {
	t.Helper()
	var test Test
	require.NoError(t, json.Unmarshal(goldenData(t, name), &test))
	require.NotEmpty(t, test.Steps)
	return test.Steps[len(test.Steps)-1]
}

// sampleRequestStep is the request step of the reference's "Adding Request
// Step" sample, built in Go.
func sampleRequestStep() *RequestStep {
	return &RequestStep{
		Method: http.MethodPost,
		URL:    "https://yourapihere.com/example/path",
		Body:   `{ "hello": "world" }`,
		Assertions: []Assertion{
			{Source: AssertionSourceStatus, Comparison: ComparisonEqualNumber, Value: 200},
		},
		Variables: []Variable{{Name: "source_ip", Property: "origin", Source: VariableSourceJSON}},
		Auth:      &BasicAuth{Username: "authBasicUsername", Password: "authBasicPassword"},
		Headers:   Header{"Content-Type": {"application/json"}, "Accept": {"*/*"}},
		Scripts: []string{
			`log("This is a sample post-response script");`,
			`log("This is a second sample post-response script");`,
		},
		BeforeScripts: []string{
			`log("This is a sample pre-request script");`,
			`log("This is a second sample pre-request script");`,
		},
		Note: "get example data",
	}
}

func sampleConditionStep() *ConditionStep {
	return &ConditionStep{
		LeftValue:  "{{user_id}}",
		Comparison: ComparisonEqual,
		RightValue: "12345",
		Steps: []Step{&RequestStep{
			Method:     http.MethodGet,
			URL:        "https://yourapihere.com/",
			Assertions: []Assertion{{Comparison: ComparisonEqualNumber, Source: AssertionSourceStatus, Value: 200}},
		}},
	}
}

func sampleGhostInspectorStep() *GhostInspectorStep {
	return &GhostInspectorStep{
		IntegrationID: "c6f2aa66-ed7e-4faf-a05d-5da7416da3ee",
		SuiteID:       "55c3b3b3fdac93101d808ca5",
		TestID:        "55c3b3dbfdac93101d808ca6",
		StartURL:      "http://example.com",
		Assertions:    []Assertion{{Comparison: ComparisonEqual, Property: "data.passing", Source: AssertionSourceJSON, Value: "true"}},
		Variables:     []Variable{{Name: "screenshot_url", Property: "data.screenshot.small.defaultUrl", Source: VariableSourceJSON}},
	}
}

func sampleSubtestStep() *SubtestStep {
	return &SubtestStep{
		TestUUID:        "c6f2aa66-ed7e-4faf-a05d-5da7416da3ee",
		EnvironmentUUID: "d6f2aa66-ed7e-4faf-a05d-5da7416da3ef",
		BucketKey:       "fd1qy7w2l7ka",
		Assertions:      []Assertion{{Source: AssertionSourceStatus, Comparison: ComparisonEqualNumber, Value: 200}},
		Variables:       []Variable{{Name: "regionRunFrom", Property: "region", Source: VariableSourceJSON}},
		Params:          []SubtestParam{{Name: "foo", Value: "{{bar}}"}},
	}
}

// TestStepGoldens decodes every step sample of the reference (and this
// package's own samples of the kinds the reference lacks) through the Step
// union: each lands in its concrete type with the right values and
// re-encodes to the same JSON.
func TestStepGoldens(t *testing.T) {
	withNumber := func(a []Assertion) []Assertion { // a Go 200 decodes as json.Number("200")
		out := make([]Assertion, len(a))
		for i, x := range a {
			out[i] = x
			if n, ok := x.Value.(int); ok {
				out[i].Value = json.Number(fmt.Sprint(n))
			}
		}
		return out
	}
	cases := map[string]func(t *testing.T, s Step){
		"steps_request_body.json": func(t *testing.T, s Step) {
			want := sampleRequestStep()
			want.Assertions = withNumber(want.Assertions)
			assert.EqualExportedValues(t, want, s)
		},
		"steps_pause_body.json": func(t *testing.T, s Step) {
			assert.EqualExportedValues(t, &PauseStep{Duration: 5}, s)
		},
		"steps_condition_body.json": func(t *testing.T, s Step) {
			want := sampleConditionStep()
			inner := want.Steps[0].(*RequestStep)
			inner.Assertions = withNumber(inner.Assertions)
			assert.EqualExportedValues(t, want, s)
		},
		"steps_ghost_inspector_body.json": func(t *testing.T, s Step) {
			assert.EqualExportedValues(t, sampleGhostInspectorStep(), s)
		},
		"steps_subtest_body.json": func(t *testing.T, s Step) {
			want := sampleSubtestStep()
			want.Assertions = withNumber(want.Assertions)
			assert.EqualExportedValues(t, want, s)
		},
		"steps_unknown.json": func(t *testing.T, s Step) {
			u, ok := s.(*UnknownStep)
			require.True(t, ok, "%T", s)
			assert.Equal(t, "graphql", u.StepType())
			assert.Equal(t, "7c1e5d0a-3b8f-4e2a-9c61-0f4d2b7a8e93", u.StepID())
		},
		"steps_detail.json": func(t *testing.T, s Step) {
			assert.EqualExportedValues(t, &RequestStep{
				ID:         "f6b09ca8-0803-478f-9919-d4ddc66db006",
				Method:     http.MethodGet,
				URL:        "https://yourapihere.com/",
				Note:       "this is step 1",
				Headers:    Header{},
				Form:       Header{},
				Assertions: []Assertion{{Comparison: ComparisonIsNull, Source: AssertionSourceJSON}},
				Variables:  []Variable{},
			}, s)
		},
		"steps_assertions_status.json": func(t *testing.T, s Step) {
			assert.Equal(t, []Assertion{{Source: AssertionSourceStatus, Comparison: ComparisonEqualNumber, Value: json.Number("200")}},
				exported(s.(*RequestStep).Assertions))
		},
		"steps_assertions_contains.json": func(t *testing.T, s Step) {
			assert.Equal(t, []Assertion{{Source: AssertionSourceJSON, Property: "address", Comparison: ComparisonContains, Value: "avenue"}},
				exported(s.(*RequestStep).Assertions))
		},
		"steps_assertions_time.json": func(t *testing.T, s Step) {
			assert.Equal(t, []Assertion{{Source: AssertionSourceTime, Comparison: ComparisonIsLessThan, Value: json.Number("1000")}},
				exported(s.(*RequestStep).Assertions))
		},
		"steps_variables.json": func(t *testing.T, s Step) {
			assert.EqualExportedValues(t, []Variable{{Source: VariableSourceJSON, Property: "user_id", Name: "myUserId"}}, s.(*RequestStep).Variables)
		},
		"steps_auth_basic.json": func(t *testing.T, s Step) {
			assert.EqualExportedValues(t, &BasicAuth{Username: "authBasicUsername", Password: "authBasicPassword"}, s.(*RequestStep).Auth)
		},
		"steps_auth_oauth1.json": func(t *testing.T, s Step) {
			assert.EqualExportedValues(t, &OAuth1Auth{
				ConsumerKey: "consumerKey", ConsumerSecret: "consumerSecret", AccessToken: "accessToken",
				TokenSecret: "tokenSecret", SignatureType: OAuth1SignatureAuthHeader,
			}, s.(*RequestStep).Auth)
		},
		"steps_auth_oauth2.json": func(t *testing.T, s Step) {
			assert.EqualExportedValues(t, &OAuth2Auth{
				GrantType: GrantAuthorizationCodePKCE, AccessToken: "accessToken", TokenLocation: TokenInAuthHeader,
				AuthURL: "https://auth.example.com/authorize", AccessTokenURL: "https://auth.example.com/token",
				ClientID: "clientId", ClientSecret: "clientSecret", CodeChallengeMethod: "S256", CodeVerifier: "codeVerifier",
				Username: "thirdPartyUser", Password: "thirdPartyPassword", Scope: "read write", State: "xyz",
				ClientAuthentication: "basic_auth_header", RefreshToken: "refreshToken", IsAutoRefreshToken: true,
			}, s.(*RequestStep).Auth)
		},
		"steps_auth_client_certificate.json": func(t *testing.T, s Step) {
			assert.IsType(t, &ClientCertificateAuth{}, s.(*RequestStep).Auth)
		},
		"steps_auth_unknown.json": func(t *testing.T, s Step) {
			u, ok := s.(*RequestStep).Auth.(*UnknownAuth)
			require.True(t, ok, "%T", s.(*RequestStep).Auth)
			assert.Equal(t, "aws_sigv4", u.AuthType())
			assert.JSONEq(t, `{"auth_type":"aws_sigv4","access_key":"AKIDEXAMPLE","region":"us-east-1","service":{"name":"execute-api","version":4}}`, string(u.Raw))
		},
	}
	for name, check := range cases {
		t.Run(name, func(t *testing.T) {
			check(t, roundTripStep(t, goldenData(t, name)))
		})
	}
}

// exported drops the unexported Extra of assertions, for assert.Equal.
func exported(as []Assertion) []Assertion {
	out := make([]Assertion, len(as))
	for i, a := range as {
		out[i] = Assertion{Source: a.Source, Property: a.Property, Comparison: a.Comparison, Value: a.Value}
	}
	return out
}

// TestStepResponseGoldens: the answers to adding each kind of step are
// whole tests whose last step is of the kind added (the reference's
// condition sample shows the condition's inner request instead).
func TestStepResponseGoldens(t *testing.T) {
	for name, want := range map[string]Step{
		"steps_request_response.json":         &RequestStep{},
		"steps_condition_response.json":       &RequestStep{},
		"steps_ghost_inspector_response.json": &GhostInspectorStep{},
		"steps_subtest_response.json":         &SubtestStep{},
	} {
		t.Run(name, func(t *testing.T) {
			test := testRoundTrip[*Test](t, goldenData(t, name))
			require.NotEmpty(t, test.Steps)
			assert.IsType(t, want, test.Steps[len(test.Steps)-1])
		})
	}
	sub := lastGoldenStep(t, "steps_subtest_response.json").(*SubtestStep)
	assert.Equal(t, "fd1qy7w2l7ka", sub.BucketKey)
	assert.EqualExportedValues(t, []SubtestParam{{Name: "foo", Value: "{{bar}}"}}, sub.Params)
}

// TestStepUpdateBodyGolden: the reference's PUT body has no step_type; it
// decodes into a RequestStep, which always sends its step_type.
func TestStepUpdateBodyGolden(t *testing.T) {
	data := golden(t, "steps_update_body.json")
	var s RequestStep
	require.NoError(t, json.Unmarshal(data, &s))
	assert.Equal(t, "get example data", s.Note)
	assert.Equal(t, json.Number("200"), s.Assertions[0].Value)
	out, err := json.Marshal(s)
	require.NoError(t, err)
	assertJSONSemEq(t, withStepType(t, data, StepTypeRequest), out)

	untagged, err := decodeStep(data)
	require.NoError(t, err)
	assert.IsType(t, &UnknownStep{}, untagged, "through the union, a step without step_type is unknown")
}

// withStepType returns the JSON object data with a step_type member added.
func withStepType(t *testing.T, data []byte, typ string) []byte {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(data, &m))
	m["step_type"] = typ
	out, err := json.Marshal(m)
	require.NoError(t, err)
	return out
}

func TestUnknownStepByteForByte(t *testing.T) {
	data := bytes.TrimSpace(golden(t, "steps_unknown.json"))
	s, err := decodeStep(data)
	require.NoError(t, err)
	u := s.(*UnknownStep)
	assert.Equal(t, string(data), string(u.Raw), "keeps the object as it came")
	out, err := u.MarshalJSON()
	require.NoError(t, err)
	assert.Equal(t, string(data), string(out), "re-encodes byte for byte")

	var direct UnknownStep
	require.NoError(t, json.Unmarshal(data, &direct))
	assert.Equal(t, *u, direct)
	assert.Error(t, json.Unmarshal([]byte(`[1]`), &direct), "not an object")

	compact := []byte(`{"step_type":"graphql","id":"x","query":"{ a }","n":1.50}`)
	inTest := []byte(`{"name":"t","steps":[` + string(compact) + `]}`)
	var test Test
	require.NoError(t, json.Unmarshal(inTest, &test))
	out, err = json.Marshal(test)
	require.NoError(t, err)
	assert.Equal(t, string(inTest), string(out), "inside a test too")
}

func TestUnknownStepHeads(t *testing.T) {
	cases := map[string]struct{ in, id, typ string }{
		"no step_type":         {`{"id":"a","url":"https://x"}`, "a", ""},
		"step_type not string": {`{"step_type":5,"id":"b"}`, "b", ""},
		"id not string":        {`{"step_type":"x","id":7}`, "", "x"},
		"empty object":         {`{}`, "", ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			s, err := decodeStep([]byte(tc.in))
			require.NoError(t, err)
			u, ok := s.(*UnknownStep)
			require.True(t, ok, "%T", s)
			assert.Equal(t, tc.id, u.StepID())
			assert.Equal(t, tc.typ, u.StepType())
			out, err := json.Marshal(s)
			require.NoError(t, err)
			assert.Equal(t, tc.in, string(out))
		})
	}
}

func TestStepTypes(t *testing.T) {
	for want, s := range map[string]Step{
		"request":         &RequestStep{ID: "r"},
		"pause":           &PauseStep{ID: "r"},
		"condition":       &ConditionStep{ID: "r"},
		"ghost-inspector": &GhostInspectorStep{ID: "r"},
		"subtest":         &SubtestStep{ID: "r"},
		"future":          &UnknownStep{ID: "r", Type: "future"},
	} {
		assert.Equal(t, want, s.StepType())
		assert.Equal(t, "r", s.StepID())
	}
}

func TestStepsBuiltInGo(t *testing.T) {
	out, err := json.Marshal(Step(&PauseStep{Duration: 5}))
	require.NoError(t, err)
	assert.Equal(t, `{"step_type":"pause","duration":5}`, string(out), "the tag comes first; zero fields are not sent")

	out, err = json.Marshal(&ConditionStep{Comparison: ComparisonIsNull, Steps: []Step{&PauseStep{Duration: 1}, &UnknownStep{Raw: json.RawMessage(`{"step_type":"x"}`)}}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"step_type":"condition","comparison":"is_null","steps":[{"step_type":"pause","duration":1},{"step_type":"x"}]}`, string(out))

	out, err = json.Marshal(UnknownStep{})
	require.NoError(t, err)
	assert.Equal(t, "null", string(out))
}

func TestAssertionValueKeepsKind(t *testing.T) {
	var as []Assertion
	require.NoError(t, json.Unmarshal([]byte(`[{"value":200},{"value":"200"},{"value":true},{"value":1.50},{}]`), &as))
	assert.Equal(t, json.Number("200"), as[0].Value)
	assert.Equal(t, "200", as[1].Value)
	assert.Equal(t, true, as[2].Value)
	assert.Equal(t, json.Number("1.50"), as[3].Value, "the number's text is kept")
	assert.Nil(t, as[4].Value)
	out, err := json.Marshal(as)
	require.NoError(t, err)
	assert.Equal(t, `[{"value":200},{"value":"200"},{"value":true},{"value":1.50},{}]`, string(out))

	out, err = json.Marshal([]Assertion{{Value: 0}, {Value: 2.5}, {Value: "0"}, {Comparison: ComparisonEmpty}})
	require.NoError(t, err)
	assert.Equal(t, `[{"value":0},{"value":2.5},{"value":"0"},{"comparison":"empty"}]`, string(out), "a Go zero number is a value; nil is none")
}

func TestEnumerations(t *testing.T) {
	sources := []AssertionSource{AssertionSourceStatus, AssertionSourceHeaders, AssertionSourceJSON, AssertionSourceXML,
		AssertionSourceText, AssertionSourceTime, AssertionSourceSize}
	varSources := []VariableSource{VariableSourceStatus, VariableSourceHeaders, VariableSourceJSON, VariableSourceXML,
		VariableSourceText, VariableSourceTime, VariableSourceSize}
	for i := range sources {
		assert.Equal(t, string(sources[i]), string(varSources[i]), "variables take the sources assertions take")
	}
	comparisons := []Comparison{ComparisonEqual, ComparisonEmpty, ComparisonNotEmpty, ComparisonNotEqual, ComparisonContains,
		ComparisonDoesNotContain, ComparisonIsANumber, ComparisonEqualNumber, ComparisonIsLessThan, ComparisonIsLessThanOrEqual,
		ComparisonIsGreaterThan, ComparisonIsGreaterThanOrEqual, ComparisonHasKey, ComparisonHasValue, ComparisonIsNull}
	seen := map[Comparison]bool{}
	for _, c := range comparisons {
		assert.False(t, seen[c], c)
		seen[c] = true
	}
	assert.Len(t, seen, 15)

	var a Assertion
	require.NoError(t, json.Unmarshal([]byte(`{"source":"response_graphql","comparison":"is_equal"}`), &a))
	assert.Equal(t, AssertionSource("response_graphql"), a.Source, "unknown values still decode")
	assert.Equal(t, Comparison("is_equal"), a.Comparison)
}

func TestHeaderFormOnRequestStep(t *testing.T) {
	in := `{"step_type":"request","headers":{"Accept":"*/*","X-Many":["a","b"]},"form":{"q":"x","tags":["a","b"]}}`
	s, err := decodeStep([]byte(in))
	require.NoError(t, err)
	rs := s.(*RequestStep)
	assert.Equal(t, Header{"Accept": {"*/*"}, "X-Many": {"a", "b"}}, rs.Headers)
	assert.Equal(t, Header{"q": {"x"}, "tags": {"a", "b"}}, rs.Form)
	out, err := json.Marshal(s)
	require.NoError(t, err)
	assert.JSONEq(t, `{"step_type":"request","headers":{"Accept":["*/*"],"X-Many":["a","b"]},"form":{"q":["x"],"tags":["a","b"]}}`, string(out), "sent as lists")

	var h Header
	require.NoError(t, json.Unmarshal([]byte(`null`), &h))
	assert.Nil(t, h)
	assert.Error(t, json.Unmarshal([]byte(`{"a":{"b":"c"}}`), &h))
	assert.Error(t, json.Unmarshal([]byte(`["a"]`), &h))
}

func TestStepsList(t *testing.T) {
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodGet, path: "/buckets/bkt/tests/tst/steps", golden: "steps_list.json"})
	steps, _, err := c.Steps.List(context.Background(), "bkt", "tst")
	require.NoError(t, err)
	require.Len(t, steps, 3)
	req := steps[0].(*RequestStep)
	assert.Equal(t, "list orders", req.Note)
	assert.Equal(t, Header{"Accept": {"application/json"}}, req.Headers)
	cond := steps[1].(*ConditionStep)
	assert.Equal(t, ComparisonNotEmpty, cond.Comparison)
	require.Len(t, cond.Steps, 2)
	assert.EqualExportedValues(t, &PauseStep{ID: "53f8e1fd-0989-491a-9f15-cc055f27d097", Duration: 5}, cond.Steps[0])
	assert.Equal(t, http.MethodDelete, cond.Steps[1].(*RequestStep).Method)
	sub := steps[2].(*SubtestStep)
	assert.True(t, sub.UseParentEnvironment)
	assert.EqualExportedValues(t, []SubtestParam{{Name: "order_id", Value: "{{order_id}}"}}, sub.Params)

	testRoundTrip[stepsAnswer](t, goldenData(t, "steps_list.json"))
}

// MarshalJSON lets testRoundTrip check stepsAnswer; tests only.
func (a stepsAnswer) MarshalJSON() ([]byte, error) {
	if a.list {
		return json.Marshal(a.steps)
	}
	return json.Marshal(a.single)
}

func TestStepsGet(t *testing.T) {
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodGet, path: "/buckets/bkt/tests/tst/steps/f6b09ca8-0803-478f-9919-d4ddc66db006", golden: "steps_detail.json"})
	s, _, err := c.Steps.Get(context.Background(), "bkt", "tst", "f6b09ca8-0803-478f-9919-d4ddc66db006")
	require.NoError(t, err)
	assert.EqualExportedValues(t, &RequestStep{
		ID: "f6b09ca8-0803-478f-9919-d4ddc66db006", Method: http.MethodGet, URL: "https://yourapihere.com/",
		Note: "this is step 1", Headers: Header{}, Form: Header{},
		Assertions: []Assertion{{Comparison: ComparisonIsNull, Source: AssertionSourceJSON}}, Variables: []Variable{},
	}, s)
}

// TestStepsAddBodies: each kind of step built in Go sends exactly the
// reference's sample body, and Add returns the last step of the test the
// API answers with.
func TestStepsAddBodies(t *testing.T) {
	cases := map[string]struct {
		step   Step
		body   string
		answer string
	}{
		"request":         {sampleRequestStep(), "steps_request_body.json", "steps_request_response.json"},
		"pause":           {&PauseStep{Duration: 5}, "steps_pause_body.json", "steps_list.json"},
		"condition":       {sampleConditionStep(), "steps_condition_body.json", "steps_condition_response.json"},
		"ghost-inspector": {sampleGhostInspectorStep(), "steps_ghost_inspector_body.json", "steps_ghost_inspector_response.json"},
		"subtest":         {sampleSubtestStep(), "steps_subtest_body.json", "steps_subtest_response.json"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t)
			mux.HandleFunc("/buckets/bkt/tests/tst/steps", func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, http.MethodPost)
				testQuery(t, r, nil)
				testBodySemEq(t, r, golden(t, tc.body))
				serveGolden(t, w, http.StatusCreated, tc.answer)
			})
			got, resp, err := c.Steps.Add(context.Background(), "bkt", "tst", tc.step)
			require.NoError(t, err)
			assert.Equal(t, http.StatusCreated, resp.StatusCode)
			var ans stepsAnswer
			require.NoError(t, json.Unmarshal(goldenData(t, tc.answer), &ans))
			all := ans.all()
			assert.Equal(t, all[len(all)-1], got, "the last step of the answer")
		})
	}
}

// testBodySemEq checks the request body is the JSON want, where members
// with zero values count as absent: the reference's samples spell out
// false values that a step built in Go leaves to the server's default.
func testBodySemEq(t *testing.T, r *http.Request, want []byte) {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	var w, g any
	require.NoError(t, json.Unmarshal(want, &w))
	require.NoError(t, json.Unmarshal(b, &g), "body is not JSON: %s", b)
	assert.Equal(t, dropZero(normalizeJSON(w)), dropZero(normalizeJSON(g)), "request body: %s", b)
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"), "request content type")
}

// dropZero removes the members that normalizeJSON made nil.
func dropZero(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if x[k] = dropZero(e); x[k] == nil {
				delete(x, k)
			}
		}
	case []any:
		for i, e := range x {
			x[i] = dropZero(e)
		}
	}
	return v
}

// TestStepsAddAnswerShapes: whether the API answers with the whole test,
// the bare steps array or the step alone, Add returns the new step.
func TestStepsAddAnswerShapes(t *testing.T) {
	newStep := `{"step_type":"pause","id":"new-pause","duration":7}`
	answers := map[string]string{
		"whole test":  `{"data":{"id":"tst","name":"t","steps":[{"step_type":"request","id":"old"},` + newStep + `]},"error":null,"meta":{"status":"success"}}`,
		"steps array": `{"data":[{"step_type":"request","id":"old"},` + newStep + `],"error":null,"meta":{"status":"success"}}`,
		"bare array":  `[{"step_type":"request","id":"old"},` + newStep + `]`,
		"one step":    `{"data":` + newStep + `,"meta":{"status":"success"}}`,
	}
	for name, answer := range answers {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t)
			mux.HandleFunc("/buckets/bkt/tests/tst/steps", func(w http.ResponseWriter, r *http.Request) {
				testBody(t, r, `{"step_type":"pause","duration":7}`)
				w.WriteHeader(http.StatusCreated)
				fmt.Fprint(w, answer)
			})
			got, _, err := c.Steps.Add(context.Background(), "bkt", "tst", &PauseStep{Duration: 7})
			require.NoError(t, err)
			assert.EqualExportedValues(t, &PauseStep{ID: "new-pause", Duration: 7}, got)
		})
	}
}

func TestStepsAddAnswerWithoutSteps(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/buckets/bkt/tests/tst/steps", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"data":{"id":"tst","steps":[]},"meta":{"status":"success"}}`)
	})
	got, resp, err := c.Steps.Add(context.Background(), "bkt", "tst", &PauseStep{Duration: 7})
	assert.Nil(t, got)
	require.NotNil(t, resp)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "holds no step")
}

// An answer that lacks the step a call promises is the server's failure,
// an *APIError like any answer the call cannot use: the request named, the
// status kept, the body kept.
func TestStepsAnswerWithoutTheStepIsAnAPIError(t *testing.T) {
	const other = `{"data":[{"step_type":"pause","id":"other","duration":1}],"meta":{"status":"success"}}`
	const empty = `{"data":{"id":"tst","steps":[]},"meta":{"status":"success"}}`
	for _, tc := range []struct {
		name, method, path, answer, message string
		call                                func(*Client) (Step, *Response, error)
	}{
		{"Get", http.MethodGet, "/buckets/bkt/tests/tst/steps/gone", other, "the response holds no step with id gone",
			func(c *Client) (Step, *Response, error) {
				return c.Steps.Get(context.Background(), "bkt", "tst", "gone")
			}},
		{"Update", http.MethodPut, "/buckets/bkt/tests/tst/steps/gone", other, "the response holds no step with id gone",
			func(c *Client) (Step, *Response, error) {
				return c.Steps.Update(context.Background(), "bkt", "tst", "gone", &PauseStep{Duration: 1})
			}},
		{"Add", http.MethodPost, "/buckets/bkt/tests/tst/steps", empty, "the response holds no step",
			func(c *Client) (Step, *Response, error) {
				return c.Steps.Add(context.Background(), "bkt", "tst", &PauseStep{Duration: 7})
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, mux := setup(t)
			mux.HandleFunc(tc.method+" "+tc.path, func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprint(w, tc.answer)
			})
			got, resp, err := tc.call(c)
			assert.Nil(t, got)
			require.NotNil(t, resp)
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, http.StatusOK, apiErr.StatusCode)
			assert.Equal(t, tc.method, apiErr.Method)
			assert.Equal(t, c.BaseURL()+strings.TrimPrefix(tc.path, "/"), apiErr.URL)
			assert.Equal(t, tc.message, apiErr.Message)
			assert.Equal(t, tc.answer, string(apiErr.Body))
			assert.Equal(t, 1, apiErr.Attempts)
		})
	}
}

func TestStepsUpdate(t *testing.T) {
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{
		method: http.MethodPut,
		path:   "/buckets/bkt/tests/tst/steps/f6b09ca8-0803-478f-9919-d4ddc66db006",
		body:   string(withStepType(t, golden(t, "steps_update_body.json"), StepTypeRequest)),
		golden: "steps_detail.json",
	})
	got, _, err := c.Steps.Update(context.Background(), "bkt", "tst", "f6b09ca8-0803-478f-9919-d4ddc66db006", &RequestStep{
		Method:     http.MethodGet,
		URL:        "https://yourapihere.com/example/path",
		Assertions: []Assertion{{Source: AssertionSourceStatus, Comparison: ComparisonEqualNumber, Value: 200}},
		Variables:  []Variable{{Name: "source_ip", Property: "origin", Source: VariableSourceJSON}},
		Note:       "get example data",
	})
	require.NoError(t, err)
	assert.Equal(t, "this is step 1", got.(*RequestStep).Note)
}

// TestStepsUpdateAnswerShapes: an answer holding several steps gives the
// one with the updated ID, even inside a condition.
func TestStepsUpdateAnswerShapes(t *testing.T) {
	for _, answer := range []string{"steps_list.json", "tests_export.json"} {
		t.Run(answer, func(t *testing.T) {
			c, mux := setup(t)
			mux.HandleFunc("/buckets/bkt/tests/tst/steps/626a024c-f75e-4f57-82d4-104fe443c0f3", func(w http.ResponseWriter, r *http.Request) {
				serveGolden(t, w, http.StatusOK, answer)
			})
			got, _, err := c.Steps.Update(context.Background(), "bkt", "tst", "626a024c-f75e-4f57-82d4-104fe443c0f3", &RequestStep{Method: http.MethodPut})
			require.NoError(t, err)
			assert.Equal(t, "626a024c-f75e-4f57-82d4-104fe443c0f3", got.StepID())
			assert.IsType(t, &RequestStep{}, got)
		})
	}
	c, mux := setup(t)
	mux.HandleFunc("/buckets/bkt/tests/tst/steps/gone", func(w http.ResponseWriter, r *http.Request) {
		serveGolden(t, w, http.StatusOK, "steps_list.json")
	})
	_, _, err := c.Steps.Update(context.Background(), "bkt", "tst", "gone", &PauseStep{Duration: 1})
	assert.ErrorContains(t, err, "holds no step with id gone")
}

// TestStepsGetUpdateKeepsUnknownMembers: a step read from the API and
// passed back to Update sends every member it came with.
func TestStepsGetUpdateKeepsUnknownMembers(t *testing.T) {
	var export struct {
		Steps []json.RawMessage `json:"steps"`
	}
	require.NoError(t, json.Unmarshal(golden(t, "tests_export.json"), &export))
	for i, raw := range export.Steps {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			c, mux := setup(t)
			mux.HandleFunc("/buckets/bkt/tests/tst/steps/s", func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodPut {
					b, err := io.ReadAll(r.Body)
					require.NoError(t, err)
					assert.JSONEq(t, string(raw), string(b), "sends every member it came with")
				}
				fmt.Fprintf(w, `{"data":%s}`, raw)
			})
			s, _, err := c.Steps.Get(context.Background(), "bkt", "tst", "s")
			require.NoError(t, err)
			_, _, err = c.Steps.Update(context.Background(), "bkt", "tst", "s", s)
			require.NoError(t, err)
		})
	}
}

func TestStepsDelete(t *testing.T) {
	c, mux := setup(t)
	expectRequest(t, mux, wantRequest{method: http.MethodDelete, path: "/buckets/bkt/tests/tst/steps/stp", status: http.StatusNoContent})
	resp, err := c.Steps.Delete(context.Background(), "bkt", "tst", "stp")
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
}

// TestStepsReorder: the steps as listed, condition included, become the
// reference's reorder body; the answer is the steps in their new order.
func TestStepsReorder(t *testing.T) {
	var listed stepsAnswer
	require.NoError(t, json.Unmarshal(goldenData(t, "steps_list.json"), &listed))
	cases := map[string]struct {
		steps []Step
		body  string
	}{
		"with condition": {listed.all(), "steps_reorder_condition.json"},
		"plain": {[]Step{
			&RequestStep{ID: "f6b09ca8-0803-478f-9919-d4ddc66db006"},
			&UnknownStep{ID: "839a5dff-dad3-4693-90a3-dcaba462514a", Raw: json.RawMessage(`{}`)},
		}, "steps_reorder.json"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c, mux := setup(t)
			expectRequest(t, mux, wantRequest{
				method: http.MethodPut,
				path:   "/buckets/bkt/tests/tst/steps",
				body:   string(golden(t, tc.body)),
				golden: "steps_list.json",
			})
			got, _, err := c.Steps.Reorder(context.Background(), "bkt", "tst", tc.steps)
			require.NoError(t, err)
			require.Len(t, got, 3)
			assert.IsType(t, &ConditionStep{}, got[1])
		})
	}
}

func TestStepsReorderNestedAndEmptyConditions(t *testing.T) {
	order, err := stepOrder("steps", []Step{
		&ConditionStep{ID: "c1", Steps: []Step{&ConditionStep{ID: "c2"}, &PauseStep{ID: "p"}}},
	}, 0)
	require.NoError(t, err)
	out, err := json.Marshal(order)
	require.NoError(t, err)
	assert.Equal(t, `[{"id":"c1","steps":[{"id":"c2","steps":[]},"p"]}]`, string(out))
}

func TestStepsArgErrors(t *testing.T) {
	var nilPause *PauseStep
	cases := []argCase{
		{"list empty bucket", "bucketKey", func(ctx context.Context, c *Client) error { return errOf3(c.Steps.List(ctx, "", "t")) }},
		{"list empty test", "testID", func(ctx context.Context, c *Client) error { return errOf3(c.Steps.List(ctx, "b", " ")) }},
		{"get dot step", "stepID", func(ctx context.Context, c *Client) error { return errOf3(c.Steps.Get(ctx, "b", "t", "..")) }},
		{"get empty step", "stepID", func(ctx context.Context, c *Client) error { return errOf3(c.Steps.Get(ctx, "b", "t", "")) }},
		{"add empty test", "testID", func(ctx context.Context, c *Client) error {
			return errOf3(c.Steps.Add(ctx, "b", "", &PauseStep{Duration: 1}))
		}},
		{"add nil step", "step", func(ctx context.Context, c *Client) error { return errOf3(c.Steps.Add(ctx, "b", "t", nil)) }},
		{"add typed nil", "step", func(ctx context.Context, c *Client) error {
			return errOf3(c.Steps.Add(ctx, "b", "t", nilPause))
		}},
		{"add pause 0", "step.Duration", func(ctx context.Context, c *Client) error {
			return errOf3(c.Steps.Add(ctx, "b", "t", &PauseStep{}))
		}},
		{"add pause 121", "step.Duration", func(ctx context.Context, c *Client) error {
			return errOf3(c.Steps.Add(ctx, "b", "t", &PauseStep{Duration: 121}))
		}},
		{"add nested pause", "step.Steps[1].Steps[0].Duration", func(ctx context.Context, c *Client) error {
			return errOf3(c.Steps.Add(ctx, "b", "t", &ConditionStep{Steps: []Step{&RequestStep{}, &ConditionStep{Steps: []Step{&PauseStep{Duration: -1}}}}}))
		}},
		{"add nested nil", "step.Steps[0]", func(ctx context.Context, c *Client) error {
			return errOf3(c.Steps.Add(ctx, "b", "t", &ConditionStep{Steps: []Step{nil}}))
		}},
		{"add unknown without raw or type", "step.Raw", func(ctx context.Context, c *Client) error {
			return errOf3(c.Steps.Add(ctx, "b", "t", &UnknownStep{ID: "x"}))
		}},
		{"add unknown whose raw is not an object", "step.Raw", func(ctx context.Context, c *Client) error {
			return errOf3(c.Steps.Add(ctx, "b", "t", &UnknownStep{Type: "x", Raw: json.RawMessage(`[1]`)}))
		}},
		{"update empty step id", "stepID", func(ctx context.Context, c *Client) error {
			return errOf3(c.Steps.Update(ctx, "b", "t", "", &PauseStep{Duration: 1}))
		}},
		{"update pause", "step.Duration", func(ctx context.Context, c *Client) error {
			return errOf3(c.Steps.Update(ctx, "b", "t", "s", &PauseStep{Duration: 500}))
		}},
		{"update nil step", "step", func(ctx context.Context, c *Client) error {
			return errOf3(c.Steps.Update(ctx, "b", "t", "s", nil))
		}},
		{"delete empty", "bucketKey", func(ctx context.Context, c *Client) error { return errOf2(c.Steps.Delete(ctx, "", "t", "s")) }},
		{"reorder empty", "steps", func(ctx context.Context, c *Client) error {
			return errOf3(c.Steps.Reorder(ctx, "b", "t", nil))
		}},
		{"reorder no id", "steps[1]", func(ctx context.Context, c *Client) error {
			return errOf3(c.Steps.Reorder(ctx, "b", "t", []Step{&PauseStep{ID: "a"}, &PauseStep{Duration: 3}}))
		}},
		{"reorder nested no id", "steps[0].Steps[1]", func(ctx context.Context, c *Client) error {
			return errOf3(c.Steps.Reorder(ctx, "b", "t", []Step{&ConditionStep{ID: "c", Steps: []Step{&PauseStep{ID: "a"}, &RequestStep{ID: " "}}}}))
		}},
		{"reorder nil", "steps[0]", func(ctx context.Context, c *Client) error {
			return errOf3(c.Steps.Reorder(ctx, "b", "t", []Step{nilPause}))
		}},
	}
	testArgErrors(t, cases)
}

// TestCyclicConditionIsAnArgError: a condition step that contains itself
// is refused instead of recursing forever.
func TestCyclicConditionIsAnArgError(t *testing.T) {
	cycle := &ConditionStep{ID: "c"}
	cycle.Steps = []Step{cycle}
	testArgErrors(t, []argCase{
		{"add", "step" + strings.Repeat(".Steps[0]", maxStepNesting) + ".Steps", func(ctx context.Context, c *Client) error {
			return errOf3(c.Steps.Add(ctx, "b", "t", cycle))
		}},
		{"reorder", "steps" + strings.Repeat("[0].Steps", maxStepNesting+1), func(ctx context.Context, c *Client) error {
			return errOf3(c.Steps.Reorder(ctx, "b", "t", []Step{cycle}))
		}},
	})
}

// TestPauseDurationKeptVerbatimPasses: a duration the API sent in a form
// this package cannot read goes back unchanged instead of failing
// validation.
func TestPauseDurationKeptVerbatimPasses(t *testing.T) {
	s, err := decodeStep([]byte(`{"step_type":"pause","id":"p","duration":"5"}`))
	require.NoError(t, err)
	assert.Zero(t, s.(*PauseStep).Duration)
	require.NoError(t, checkStep("step", s))
	out, err := json.Marshal(s)
	require.NoError(t, err)
	assert.JSONEq(t, `{"step_type":"pause","id":"p","duration":"5"}`, string(out))
}
