package runscope

import (
	"context"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"path/filepath"
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
	stringParams   []string // the names of the string parameters, in order
	method, path   string   // from the doc's endpoint line
	endpointsInDoc int
}

// callName names the method as everyCall does: "Tests.Get", "Client.Account".
func (m documentedMethod) callName() string {
	return strings.TrimSuffix(m.recv, "Service") + "." + m.name
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
					if typ, ok := field.Type.(*ast.Ident); ok && typ.Name == "string" {
						m.stringParams = append(m.stringParams, n.Name)
					}
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

// Every method that calls the API names its endpoint in its doc, and that
// is the method and path it sends. Its string arguments are their
// parameters' names, so a path shows which parameter went where.
func TestEndpointsInDocsMatchTheCalls(t *testing.T) {
	rt := &recordingTransport{}
	c := transportClient(t, rt, WithRetry(RetryPolicy{}))
	calls := map[string]serviceCall{}
	for _, sc := range everyCall(t) {
		calls[sc.name] = sc
	}

	methods := apiMethods(t)
	require.Len(t, methods, len(calls), "the parser found the methods everyCall calls")
	for _, m := range methods {
		t.Run(m.callName(), func(t *testing.T) {
			require.Equal(t, 1, m.endpointsInDoc, "the doc names one endpoint, on a line of its own")
			sc, ok := calls[m.callName()]
			require.True(t, ok, "everyCall has no %s", m.callName())

			rt.mu.Lock()
			rt.reqs = nil
			rt.mu.Unlock()
			res := sc.run(context.Background(), c, func(i int) string { return m.stringParams[i] })
			require.Nil(t, res.panicked)

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
