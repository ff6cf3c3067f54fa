package runscope

import (
	"context"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// endpointLine is the line of a service method's doc that names its
// endpoint, as go-github's docs do: "GET /buckets/{bucketKey}/tests".
var endpointLine = regexp.MustCompile(`^(GET|POST|PUT|DELETE|PATCH) (/\S*)$`)

// documentedMethod is a method that talks to the API, as its source
// declares it.
type documentedMethod struct {
	recv, name     string
	params         []string // after ctx
	method, path   string   // from the doc's endpoint line
	endpointsInDoc int
}

// apiMethods parses the package's source for the exported methods of the
// services and the Client that take a context: the ones that call the API.
func apiMethods(t *testing.T) []documentedMethod {
	t.Helper()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	var out []documentedMethod
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		require.NoError(t, err)
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || !fn.Name.IsExported() || !takesContext(fn) {
				continue
			}
			recv := receiverName(fn.Recv.List[0].Type)
			if recv != "Client" && !strings.HasSuffix(recv, "Service") || fn.Name.Name == "NewRequest" { // NewRequest builds a request; it calls nothing
				continue
			}
			m := documentedMethod{recv: recv, name: fn.Name.Name}
			for _, field := range fn.Type.Params.List[1:] {
				for _, n := range field.Names {
					m.params = append(m.params, n.Name)
				}
			}
			for _, line := range strings.Split(fn.Doc.Text(), "\n") {
				if match := endpointLine.FindStringSubmatch(line); match != nil {
					m.method, m.path = match[1], match[2]
					m.endpointsInDoc++
				}
			}
			out = append(out, m)
		}
	}
	return out
}

func takesContext(fn *ast.FuncDecl) bool {
	params := fn.Type.Params.List
	if len(params) == 0 {
		return false
	}
	sel, ok := params[0].Type.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Context"
}

func receiverName(e ast.Expr) string {
	if star, ok := e.(*ast.StarExpr); ok {
		e = star.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// recordingTransport records each request and fails it, so a method stops
// right after sending.
type recordingTransport struct {
	mu   sync.Mutex
	reqs []*http.Request
}

var errRecorded = errors.New("recorded")

func (rt *recordingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	rt.reqs = append(rt.reqs, r)
	return nil, errRecorded
}

// validArg returns an argument of type t that passes validation. Strings
// are their parameter's name, so a path shows which parameter went where.
func validArg(t reflect.Type, param string) reflect.Value {
	valid := map[reflect.Type]any{
		reflect.TypeFor[*Schedule]():        &Schedule{EnvironmentID: "env", Interval: Every1h},
		reflect.TypeFor[*Role]():            &Role{Name: "role"},
		reflect.TypeFor[*GroupUpdate]():     &GroupUpdate{BucketKeys: []string{}},
		reflect.TypeFor[*Invitation]():      &Invitation{Emails: []string{"a@example.com"}},
		reflect.TypeFor[*CustomEmailAdd]():  &CustomEmailAdd{TeamUUID: "team", Email: "a@example.com"},
		reflect.TypeFor[Step]():             &PauseStep{Duration: 1},
		reflect.TypeFor[[]Step]():           []Step{&PauseStep{ID: "p"}},
		reflect.TypeFor[[]string]():         []string{"x"},
		reflect.TypeFor[[]*Test]():          []*Test{{Name: "t"}},
		reflect.TypeFor[[]TriggerOptions](): []TriggerOptions{{}},
		// WaitAll's path parameters come from the runs, named here like
		// the placeholders they fill.
		reflect.TypeFor[[]*TriggeredRun](): []*TriggeredRun{{BucketKey: "bucketKey", TestID: "testID", TestRunID: "runID"}},
	}
	switch v, ok := valid[t]; {
	case ok:
		return reflect.ValueOf(v)
	case t.Kind() == reflect.String:
		return reflect.ValueOf(param).Convert(t)
	case t.Kind() == reflect.Pointer && strings.HasSuffix(t.Elem().Name(), "Options"):
		return reflect.Zero(t) // nil options
	case t.Kind() == reflect.Pointer:
		return reflect.New(t.Elem())
	}
	return reflect.Zero(t)
}

// apiReceivers maps the type names of the Client and its services to their
// values in c.
func apiReceivers(c *Client) map[string]reflect.Value {
	receivers := map[string]reflect.Value{"Client": reflect.ValueOf(c)}
	cv := reflect.ValueOf(c).Elem()
	for i := range cv.NumField() {
		if f := cv.Field(i); cv.Type().Field(i).IsExported() {
			receivers[f.Type().Elem().Name()] = f
		}
	}
	return receivers
}

// callAPI calls an API method and returns its error; for an All method, it
// takes the first item of the sequence and returns the error yielded with
// it.
func callAPI(fn reflect.Value, args []reflect.Value) error {
	out := fn.Call(args)
	var err error
	if seq := out[0]; seq.Kind() == reflect.Func {
		seq.Call([]reflect.Value{reflect.MakeFunc(seq.Type().In(0), func(in []reflect.Value) []reflect.Value {
			err, _ = in[1].Interface().(error)
			return []reflect.Value{reflect.ValueOf(false)}
		})})
		return err
	}
	err, _ = out[len(out)-1].Interface().(error)
	return err
}

// Every method that calls the API names its endpoint in its doc, and that
// is the method and path it sends.
func TestEndpointsInDocsMatchTheCalls(t *testing.T) {
	rt := &recordingTransport{}
	c, err := NewClient(WithHTTPClient(&http.Client{Transport: rt}), WithRetry(RetryPolicy{}))
	require.NoError(t, err)
	receivers := apiReceivers(c)

	methods := apiMethods(t)
	require.Greater(t, len(methods), 70, "the parser found the methods")
	for _, m := range methods {
		t.Run(m.recv+"."+m.name, func(t *testing.T) {
			require.Equal(t, 1, m.endpointsInDoc, "the doc names one endpoint, on a line of its own")
			recv, ok := receivers[m.recv]
			require.True(t, ok, "no %s on Client", m.recv)
			fn := recv.MethodByName(m.name)
			require.True(t, fn.IsValid())
			args := []reflect.Value{reflect.ValueOf(context.Background())}
			for i, p := range m.params {
				args = append(args, validArg(fn.Type().In(i+1), p))
			}

			rt.mu.Lock()
			rt.reqs = nil
			rt.mu.Unlock()
			callAPI(fn, args)

			rt.mu.Lock()
			defer rt.mu.Unlock()
			require.NotEmpty(t, rt.reqs, "the call sent nothing")
			got := rt.reqs[0]
			wantPath := strings.NewReplacer("{", "", "}", "").Replace(m.path)
			assert.Equal(t, m.method+" "+wantPath, got.Method+" "+got.URL.EscapedPath(),
				"the doc says %s %s", m.method, m.path)
			for _, p := range regexp.MustCompile(`\{(\w+)\}`).FindAllStringSubmatch(m.path, -1) {
				if slices.Contains(m.params, "runs") {
					break // filled from the TriggeredRun values
				}
				assert.Contains(t, m.params, p[1], "the placeholder {%s} is a parameter", p[1])
			}
		})
	}
}
