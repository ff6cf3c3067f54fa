package runscope

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-runscope/runscope/internal/retry"
)

// Sentinel errors matched by errors.Is against an [*APIError] whose status
// falls in their class. They let callers branch on the kind of failure
// without knowing the exact status code:
//
//	if errors.Is(err, runscope.ErrNotFound) { ... }
var (
	ErrBadRequest   = errors.New("runscope: bad request")  // 400
	ErrUnauthorized = errors.New("runscope: unauthorized") // 401
	ErrForbidden    = errors.New("runscope: forbidden")    // 403; also a missing or bad token
	ErrNotFound     = errors.New("runscope: not found")    // 404
	ErrRateLimited  = errors.New("runscope: rate limited") // 429
	ErrServer       = errors.New("runscope: server error") // any 5xx
)

// ErrDecode matches, under errors.Is, the [*DecodeError] of a call made by
// a client with [WithStrictDecoding].
var ErrDecode = errors.New("runscope: answer does not fit the model")

// DecodeError reports, for a client with [WithStrictDecoding], a member of
// the API's answer whose JSON kind does not fit the field it belongs to.
// It matches [ErrDecode] under errors.Is.
type DecodeError struct {
	// Path locates the member in the value the call returns. It starts with
	// the name of that value's type in snake_case (environment, test,
	// test_run, step; with an s for a list: environments) and goes on with
	// .member and [index] steps down to the part that did not fit:
	// environment.verify_ssl, test.steps[2].skipped,
	// environments[0].initial_variables.a. A member name that is not made
	// of letters, digits and underscores is quoted:
	// environment.initial_variables["api key"].
	Path string
	// Reason says what did not fit: "JSON string does not fit bool".
	Reason string

	err error // the decoder's report
}

// Error reads "runscope: decoding environment.verify_ssl: JSON string does not fit bool".
func (e *DecodeError) Error() string { return "runscope: decoding " + e.Path + ": " + e.Reason }

// Is reports whether target is ErrDecode.
func (e *DecodeError) Is(target error) bool { return target == ErrDecode }

// Unwrap returns the decoder's report, which wraps what a type's
// UnmarshalJSON said, if anything.
func (e *DecodeError) Unwrap() error { return e.err }

// maxErrorBody bounds how much of a failed response is kept in
// [APIError.Body], so a misbehaving proxy cannot make an error huge.
const maxErrorBody = 1 << 20

// APIError is returned for every response the API answered with a failure:
// a non-2xx status, or a 2xx whose envelope carries a non-null "error".
//
// Use errors.As to inspect it and errors.Is with the sentinels (ErrNotFound,
// ErrForbidden...) to classify it. Runscope answers a missing or invalid
// token with 403, not 401.
type APIError struct {
	// StatusCode is the envelope's error.status when present, else the HTTP status.
	StatusCode int
	Method     string
	// URL is the request URL. It never carries credentials.
	URL string
	// Message is error.message, the error string, or the HTTP status text.
	Message string
	// MoreInfo is error.more_info: a link to documentation, when given.
	MoreInfo string
	// RetryAfter is the server's Retry-After, when it sent one.
	RetryAfter time.Duration
	// Attempts is how many times the request was sent.
	Attempts int
	// Body holds at most 1 MiB of the raw response body.
	Body []byte
}

// Error reads like "runscope: GET https://api.runscope.com/buckets/x: 403 Forbidden: message".
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("runscope: ")
	b.WriteString(e.Method)
	b.WriteByte(' ')
	b.WriteString(e.URL)
	fmt.Fprintf(&b, ": %d", e.StatusCode)
	if text := http.StatusText(e.StatusCode); text != "" && text != e.Message {
		b.WriteByte(' ')
		b.WriteString(text)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.MoreInfo != "" {
		b.WriteString(" (see ")
		b.WriteString(e.MoreInfo)
		b.WriteByte(')')
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	return b.String()
}

// Is reports whether target is the sentinel for e's status class.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrBadRequest:
		return e.StatusCode == http.StatusBadRequest
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServer:
		return e.StatusCode >= 500 && e.StatusCode <= 599
	}
	return false
}

// ArgError reports bad input caught before any request was sent: an empty
// or unsafe path parameter, a value outside the range the API accepts, or a
// malformed option.
type ArgError struct {
	Arg    string // the parameter or field at fault, e.g. "bucketKey" or "Pause.Duration"
	Reason string // what is wrong with it
}

// Error reads like "runscope: invalid argument testID: must not be empty".
func (e *ArgError) Error() string {
	return "runscope: invalid argument " + e.Arg + ": " + e.Reason
}

// isBlank reports an argument that is empty once spaces are trimmed: the
// one rule for "must not be empty" across the package.
func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

func argErr(arg, format string, a ...any) error {
	return &ArgError{Arg: arg, Reason: fmt.Sprintf(format, a...)}
}

func (c *Client) transportError(err error, attempts int) error {
	msg := "runscope: " + c.auth.redact(err.Error())
	if attempts > 1 {
		msg += fmt.Sprintf(" (after %d attempts)", attempts)
	}
	return &transportError{msg: msg, cause: unwrapURLError(err)}
}

// transportError is a request that got no response. Its text names the
// request and has any token scrubbed; its cause stays reachable for
// errors.Is and errors.As (a *net.OpError, say).
type transportError struct {
	msg   string
	cause error
}

func (e *transportError) Error() string { return e.msg }

func (e *transportError) Unwrap() error { return e.cause }

// unwrapURLError returns the cause of a *url.Error, whose text names the
// request again.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// apiError builds the error for a non-2xx response, keeping at most
// maxErrorBody bytes of its body.
func (c *Client) apiError(req *http.Request, resp *http.Response, attempts int) *APIError {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	e := &APIError{
		StatusCode: resp.StatusCode,
		Method:     req.Method,
		URL:        req.URL.Redacted(),
		Attempts:   attempts,
		Body:       body,
	}
	if after, ok := retry.RetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
		e.RetryAfter = after
	}
	var env struct {
		Error json.RawMessage `json:"error"`
	}
	if json.Unmarshal(body, &env) == nil && len(env.Error) > 0 {
		e.fill(env.Error)
	} else {
		e.fill(body) // some errors come as a bare {"status", "message"} object
	}
	if e.Message == "" {
		e.Message = http.StatusText(resp.StatusCode)
	}
	c.scrub(e)
	return e
}

// fill reads the API's error member: an object with status, message and
// more_info, or a plain string.
func (e *APIError) fill(raw []byte) {
	var msg string
	if json.Unmarshal(raw, &msg) == nil {
		e.Message = msg
		return
	}
	var obj struct {
		Status   json.Number `json:"status"`
		Message  string      `json:"message"`
		MoreInfo string      `json:"more_info"`
	}
	if json.Unmarshal(raw, &obj) != nil {
		return
	}
	if n, err := obj.Status.Int64(); err == nil && n >= 100 && n <= 999 {
		e.StatusCode = int(n)
	}
	e.Message, e.MoreInfo = obj.Message, obj.MoreInfo
	if e.Message == "" {
		e.Message = http.StatusText(e.StatusCode)
	}
}

func (c *Client) scrub(e *APIError) {
	e.Message = c.auth.redact(e.Message)
	e.MoreInfo = c.auth.redact(e.MoreInfo)
	if red := c.auth.redact(string(e.Body)); len(red) != len(e.Body) {
		e.Body = []byte(red)
	}
}
