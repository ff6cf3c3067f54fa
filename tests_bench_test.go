package runscope

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The benchmarks compare decoding a test into the SDK's Test, which keeps
// every member it does not model, with encoding/json decoding the same
// bytes into a plain mirror of the same shape (pointers where Test has
// pointers) that has no custom unmarshalers and keeps nothing else. Both
// go through json.Unmarshal, as users call it. Run them with
//
//	go test -run XXX -bench DecodeTest -benchmem -count 5 .

// generateTest returns a test with n request steps as the API writes them:
// assertions, variables, headers, scripts, and the members the SDK does not
// model (fragment, args, data, multipart_form, binary_body).
func generateTest(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"created_at":1438832081,"created_by":{"email":"grace@example.com","name":"Grace Hopper","id":"4ee15ecc-7fe1-43cb-aa12-ef50420f2cf9"},` +
		`"default_environment_id":"a50b63cc-c377-4823-9a95-8b91f12326f2","description":"Checks the orders API end to end",` +
		`"environments":[{"emails":{"notify_all":false,"notify_on":"all","notify_threshold":1,"recipients":[]},` +
		`"initial_variables":{"base_url":"https://api.example.com","token":"abc123"},` +
		`"integrations":[{"description":"Pagerduty Account","integration_type":"pagerduty","id":"53776d9a-4f34-4f1f-9aff-c155dfb6692e"}],` +
		`"name":"Production","parent_environment_id":null,"preserve_cookies":false,"regions":["us1","eu1"],"remote_agents":[],"script":"",` +
		`"test_id":"9b47981a-98fd-4dac-8f32-c05aa3b7b6b2","id":"a50b63cc-c377-4823-9a95-8b91f12326f2","verify_ssl":true,"webhooks":null,` +
		`"headers":{"User-Agent":["runscope/1.0"]},"auth":{},"exported_at":1500000000,"version":"1.0"}],` +
		`"last_run":null,"name":"Orders API","schedules":[],"steps":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"assertions":[{"comparison":"equal_number","source":"response_status","value":200},`+
			`{"comparison":"equal","property":"data.id","source":"response_json","value":"%d"},`+
			`{"comparison":"is_less_than","source":"response_time","value":750}],`+
			`"auth":{},"body":"","form":{},"headers":{"Accept":["application/json"],"Authorization":["Bearer {{token}}"],"X-Request-Id":["req-%d"]},`+
			`"method":"GET","note":"Fetch order %d","step_type":"request","url":"{{base_url}}/orders/%d?expand=items",`+
			`"id":"53f8e1fd-0989-491a-9f98-%012d",`+
			`"variables":[{"name":"order_%d","property":"data.id","source":"response_json"},{"name":"etag","property":"ETag","source":"response_headers"}],`+
			`"scripts":["var data = JSON.parse(response.body);\nassert(data.items.length > 0, \"has items\");"],"before_scripts":[],`+
			`"skipped":false,"fragment":"","args":{},"data":"","multipart_form":[],"binary_body":null}`,
			i, i, i, i, i, i)
	}
	b.WriteString(`],"trigger_url":"https://api.runscope.com/radar/b96ecee2-cce6-4d80-8f07-33ac22a22ebd/trigger",` +
		`"id":"9b47981a-98fd-4dac-8f32-c05aa3b7b6b2","exported_at":1500000000,"version":"1.0"}`)
	return b.Bytes()
}

type mirrorTest struct {
	ID                   string               `json:"id"`
	Name                 string               `json:"name"`
	Description          string               `json:"description"`
	CreatedAt            int64                `json:"created_at"`
	CreatedBy            *mirrorUser          `json:"created_by"`
	DefaultEnvironmentID string               `json:"default_environment_id"`
	Environments         []*mirrorEnvironment `json:"environments"`
	Schedules            []*mirrorSchedule    `json:"schedules"`
	Steps                []*mirrorStep        `json:"steps"`
	TriggerURL           string               `json:"trigger_url"`
	LastRun              *mirrorTestRun       `json:"last_run"`
}

type mirrorUser struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

type mirrorEnvironment struct {
	ID                  string               `json:"id"`
	Name                string               `json:"name"`
	TestID              string               `json:"test_id"`
	ParentEnvironmentID string               `json:"parent_environment_id"`
	Auth                *mirrorAuth          `json:"auth"`
	Emails              *mirrorEmails        `json:"emails"`
	InitialVariables    map[string]string    `json:"initial_variables"`
	Integrations        []*mirrorIntegration `json:"integrations"`
	PreserveCookies     bool                 `json:"preserve_cookies"`
	Regions             []string             `json:"regions"`
	RetryOnFailure      bool                 `json:"retry_on_failure"`
	StopOnFailure       bool                 `json:"stop_on_failure"`
	RemoteAgents        []*mirrorUser        `json:"remote_agents"`
	Script              string               `json:"script"`
	ScriptLibrary       []string             `json:"script_library"`
	VerifySSL           *bool                `json:"verify_ssl"`
	ClientCertificate   string               `json:"client_certificate"`
	Webhooks            []string             `json:"webhooks"`
	Headers             map[string][]string  `json:"headers"`
}

type mirrorEmails struct {
	NotifyAll       bool          `json:"notify_all"`
	NotifyOn        string        `json:"notify_on"`
	NotifyThreshold int           `json:"notify_threshold"`
	Recipients      []*mirrorUser `json:"recipients"`
}

type mirrorIntegration struct {
	ID              string `json:"id"`
	IntegrationType string `json:"integration_type"`
	Description     string `json:"description"`
}

type mirrorSchedule struct {
	ID            string `json:"id"`
	EnvironmentID string `json:"environment_id"`
	Interval      string `json:"interval"`
	Note          string `json:"note"`
}

// mirrorTestRun has the members of a run summary; last_run is null in
// both inputs, so its size does not matter.
type mirrorTestRun struct {
	TestRunID  string  `json:"test_run_id"`
	Result     string  `json:"result"`
	StartedAt  float64 `json:"started_at"`
	FinishedAt float64 `json:"finished_at"`
}

// mirrorStep flattens the members of every step type into one struct.
type mirrorStep struct {
	StepType      string              `json:"step_type"`
	ID            string              `json:"id"`
	Method        string              `json:"method"`
	URL           string              `json:"url"`
	Note          string              `json:"note"`
	Headers       map[string][]string `json:"headers"`
	Form          map[string][]string `json:"form"`
	Body          string              `json:"body"`
	Auth          *mirrorAuth         `json:"auth"`
	Assertions    []mirrorAssertion   `json:"assertions"`
	Variables     []mirrorVariable    `json:"variables"`
	Scripts       []string            `json:"scripts"`
	BeforeScripts []string            `json:"before_scripts"`
	Skipped       bool                `json:"skipped"`
	Duration      int                 `json:"duration"`
	LeftValue     string              `json:"left_value"`
	Comparison    string              `json:"comparison"`
	RightValue    string              `json:"right_value"`
	Steps         []*mirrorStep       `json:"steps"`
	IntegrationID string              `json:"integration_id"`
	SuiteID       string              `json:"suite_id"`
	TestID        string              `json:"test_id"`
	CustomStart   bool                `json:"is_custom_start_url"`
	StartURL      string              `json:"start_url"`
	TestUUID      string              `json:"test_uuid"`
	BucketKey     string              `json:"bucket_key"`
	EnvironmentID string              `json:"environment_uuid"`
	UseParentEnv  bool                `json:"use_parent_environment"`
	Params        []mirrorVariable    `json:"params"`
}

// mirrorAuth flattens the members of every auth type.
type mirrorAuth struct {
	AuthType             string `json:"auth_type"`
	Username             string `json:"username"`
	Password             string `json:"password"`
	ConsumerKey          string `json:"consumer_key"`
	ConsumerSecret       string `json:"consumer_secret"`
	AccessToken          string `json:"access_token"`
	TokenSecret          string `json:"token_secret"`
	SignatureType        string `json:"signature_type"`
	GrantType            string `json:"grant_type"`
	TokenLocation        string `json:"token_location"`
	AuthURL              string `json:"auth_url"`
	AccessTokenURL       string `json:"access_token_url"`
	ClientID             string `json:"client_id"`
	ClientSecret         string `json:"client_secret"`
	CodeChallengeMethod  string `json:"code_challenge_method"`
	CodeVerifier         string `json:"code_verifier"`
	Scope                string `json:"scope"`
	State                string `json:"state"`
	ClientAuthentication string `json:"client_authentication"`
	RefreshToken         string `json:"refresh_token"`
	IsAutoRefreshToken   bool   `json:"is_auto_refresh_token"`
}

type mirrorAssertion struct {
	Source     string `json:"source"`
	Property   string `json:"property"`
	Comparison string `json:"comparison"`
	Value      any    `json:"value"`
}

type mirrorVariable struct {
	Name     string `json:"name"`
	Source   string `json:"source"`
	Property string `json:"property"`
	Value    string `json:"value"`
}

func BenchmarkDecodeTestDetail(b *testing.B) {
	benchmarkDecode(b, goldenData(b, "tests_detail.json"))
}

func BenchmarkDecodeTest50Steps(b *testing.B) {
	benchmarkDecode(b, generateTest(50))
}

func benchmarkDecode(b *testing.B, data []byte) {
	b.Run("sdk", decodeLoop[Test](data))
	b.Run("mirror", decodeLoop[mirrorTest](data))
}

// BenchmarkDecodeAnswer measures the SDK's decoding of a Tests.Get answer
// alone: the envelope and the test, in one pass (decodeAnswer), from the
// bodies BenchmarkTestsGet serves.
func BenchmarkDecodeAnswer(b *testing.B) {
	for _, in := range []struct {
		name string
		body []byte
	}{{"detail", golden(b, "tests_detail.json")}, {"50steps", envelopeOf(generateTest(50))}} {
		b.Run("body="+in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.body)))
			b.ReportAllocs()
			for b.Loop() {
				var test *Test
				var meta Meta
				if _, err := decodeAnswer(in.body, answer{v: &test, required: true}, &meta); err != nil || test == nil {
					b.Fatal(test, err)
				}
			}
		})
	}
}

// decodeLoop benchmarks json.Unmarshal of data into a new T.
func decodeLoop[T any](data []byte) func(*testing.B) {
	return func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var v T
			if err := json.Unmarshal(data, &v); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// TestBenchmarkInputs checks that the benchmarks decode what they claim:
// the SDK keeps every member of both inputs and the mirror reads the same
// steps.
func TestBenchmarkInputs(t *testing.T) {
	for name, data := range map[string][]byte{
		"detail":   goldenData(t, "tests_detail.json"),
		"50 steps": generateTest(50),
	} {
		t.Run(name, func(t *testing.T) {
			test := testRoundTrip[*Test](t, data)
			var mirror mirrorTest
			require.NoError(t, json.Unmarshal(data, &mirror))
			require.Len(t, test.Steps, len(mirror.Steps))
			last := test.Steps[len(test.Steps)-1].(*RequestStep)
			assert.Equal(t, mirror.Steps[len(mirror.Steps)-1].URL, last.URL)
		})
	}
	test := testRoundTrip[*Test](t, generateTest(50))
	step, err := json.Marshal(test.Steps[49])
	require.NoError(t, err)
	assert.Contains(t, string(step), `"multipart_form":`, "a step keeps its unknown members")
	whole, err := json.Marshal(test)
	require.NoError(t, err)
	assert.Contains(t, string(whole), `"exported_at":`, "the test keeps its unknown members")
}
