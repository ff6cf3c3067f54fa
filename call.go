package runscope

import (
	"context"
	"fmt"
	"iter"
	"net/url"
	"reflect"
	"strings"
)

// route is an API path template with the values of its {placeholders}.
// The calls below build it with endpoint, so a bad ID is an ArgError before
// anything is sent and no method repeats that check.
type route struct {
	tmpl string
	args []string
}

// at names the endpoint of a call: at("buckets/{bucketKey}", key).
func at(tmpl string, args ...string) route { return route{tmpl: tmpl, args: args} }

// querier is the query of a call: options that check themselves (bad
// input is an *ArgError, before anything is sent) and encode as
// url.Values. The calls below ask for it, so no method repeats that step.
// A nil querier, or nil options, is no query.
type querier interface {
	query() (url.Values, error)
}

// queryValues is a query a method builds itself.
type queryValues url.Values

func (v queryValues) query() (url.Values, error) { return url.Values(v), nil }

// call sends one API request and decodes the response's data into a new T.
// Every service method goes through it, callList, callNoData or (for a
// step) callStep, which all build and send through callInto.
//
// A T that is a pointer or an interface is a value the method's doc
// promises, so an answer without data (an empty body, null, {} or
// {"data":null}) is an *APIError rather than a nil value with a nil error.
// The rule lives here, once, for every method; APIError's doc states it.
func call[T any](ctx context.Context, c *Client, method string, r route, q querier, body any) (T, *Response, error) {
	var v T
	kind := reflect.TypeFor[T]().Kind()
	resp, err := c.callInto(ctx, method, r, q, body, answer{v: &v, required: kind == reflect.Pointer || kind == reflect.Interface})
	if err != nil {
		var zero T
		return zero, resp, err
	}
	return v, resp, nil
}

// callList is call for list endpoints, which may answer with one object
// (a one-element list) or with no data (an empty list).
func callList[T any](ctx context.Context, c *Client, method string, r route, q querier, body any) ([]T, *Response, error) {
	var l []T
	resp, err := c.callInto(ctx, method, r, q, body, answer{v: &l, oneAsList: true})
	if err != nil {
		return nil, resp, err
	}
	return l, resp, nil
}

// callNoData is call for endpoints whose answer carries no data.
func callNoData(ctx context.Context, c *Client, method string, r route, q querier, body any) (*Response, error) {
	return c.callInto(ctx, method, r, q, body, answer{})
}

// callInto builds the request of a route and sends it, decoding the answer
// as a says. The options are checked first, then the context, then the
// path's arguments.
func (c *Client) callInto(ctx context.Context, method string, r route, q querier, body any, a answer) (*Response, error) {
	var query url.Values
	if q != nil {
		var err error
		if query, err = q.query(); err != nil {
			return nil, err
		}
	}
	if ctx == nil {
		return nil, argErr("ctx", "must not be nil")
	}
	path, err := endpoint(r.tmpl, r.args...)
	if err != nil {
		return nil, err
	}
	x := &exchange{Context: ctx}
	if x.req, err = c.newRequest(x, method, path, query, body); err != nil {
		return nil, err
	}
	resp, err := c.send(x, a)
	if err == nil && c.strict && a.v != nil && !a.userValue {
		err = strictCheck(a.v)
	}
	return resp, err
}

// endpoint fills the {name} placeholders of tmpl, in order, with args, each
// escaped as one path segment, so no ID can change the path: "../teams" is
// an ID, not a way up. An empty arg, or one that is "." or "..", is an
// *ArgError named after its placeholder.
func endpoint(tmpl string, args ...string) (string, error) {
	var b strings.Builder
	b.Grow(len(tmpl) + 48*len(args))
	next := 0
	for {
		open := strings.IndexByte(tmpl, '{')
		if open < 0 {
			b.WriteString(tmpl)
			break
		}
		end := strings.IndexByte(tmpl[open:], '}')
		if end < 0 || next >= len(args) {
			return "", fmt.Errorf("runscope: internal error: bad path template %q", tmpl)
		}
		name, arg := tmpl[open+1:open+end], args[next]
		next++
		switch strings.TrimSpace(arg) {
		case "":
			return "", argErr(name, "must not be empty")
		case ".", "..":
			return "", argErr(name, "must not be %q", arg)
		}
		b.WriteString(tmpl[:open])
		b.WriteString(url.PathEscape(arg))
		tmpl = tmpl[open+end+1:]
	}
	if next != len(args) {
		return "", fmt.Errorf("runscope: internal error: bad path template %q", tmpl)
	}
	return b.String(), nil
}

// optionsOf copies the caller's options for the walk of an All method,
// which must never change them; nil options are the zero value.
func optionsOf[O any](opts *O) O {
	if opts == nil {
		return *new(O)
	}
	return *opts
}

// paged is the walk of an All method: it yields the items of page 0, 1,
// 2... as fetch (a List call) returns them, asking for the next page only
// when the caller wants more, and stopping after a page shorter than size,
// an empty page, or an error (yielded once).
func paged[T any](size int, fetch func(page int) ([]T, *Response, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for page := 0; ; page++ {
			items, _, err := fetch(page)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, item := range items {
				if !yield(item, nil) {
					return
				}
			}
			if len(items) == 0 || len(items) < size {
				return
			}
		}
	}
}
