package runscope

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
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

// ErrDecode matches, under errors.Is, a [*DecodeError]: a member of an
// answer that does not fit its field, for a client with
// [WithStrictDecoding], or, whatever the client, an answer whose data
// cannot be the value the call returns at all (inside an [*APIError]).
var ErrDecode = errors.New("runscope: answer does not fit the model")

// DecodeError reports a part of the API's answer whose JSON kind does not
// fit the Go value it belongs to: a member that does not fit its field, for
// a client with [WithStrictDecoding] (other clients keep such a member
// verbatim and send it back), or the whole data of an answer, which no
// client can keep (an [*APIError] then wraps it). It matches [ErrDecode]
// under errors.Is.
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

// APIError is returned for every answer a call cannot use:
//   - a status outside 2xx;
//   - a 2xx whose envelope carries a non-null "error";
//   - a 2xx body that is not JSON, such as a proxy's HTML page or
//     "nginx: upstream timed out" (Message says the body is not JSON);
//   - a 2xx without data (an empty body, null, {} or {"data":null}) to a
//     method that promises a value, such as a Get, Create or Update
//     (Message says the answer held no data). A method that returns a list
//     returns an empty list instead, and one that returns no value succeeds;
//   - a 2xx whose data lacks the value the method picks out of it, such as
//     a steps answer without the step a Steps method asked for (Message
//     says what it lacks);
//   - a 2xx whose data cannot be the value the call returns at all, such
//     as a string where a test belongs: it wraps a [*DecodeError] naming
//     where, and matches [ErrDecode]. (A member that does not fit its
//     field is kept instead, unless the client has [WithStrictDecoding].)
//
// So no method returns a nil value with a nil error. StatusCode is then the
// HTTP status, and no sentinel matches a 2xx.
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
	// Body holds at most 1 MiB of the raw response body, tokens and
	// trigger IDs scrubbed.
	Body []byte

	noData bool  // a 2xx without data where a value was promised
	cause  error // a *DecodeError, for a 2xx whose data does not fit at all
}

// Unwrap returns the [*DecodeError] of a 2xx answer whose data cannot be
// the value the call returns at all, such as a string where a test belongs;
// nil otherwise.
func (e *APIError) Unwrap() error { return e.cause }

// errNoData matches an *APIError for an answer without data, which
// Results.Wait polls through.
var errNoData = errors.New("runscope: the response held no data")

// Error reads like "runscope: GET https://api.runscope.com/buckets/x: 403 Forbidden: message".
func (e *APIError) Error() string {
	text := "runscope: " + e.Method + " " + e.URL + ": " + e.summary()
	if e.Attempts > 1 {
		text += fmt.Sprintf(" after %d attempts", e.Attempts)
	}
	return text
}

// summary is the answer without the request: "403 Forbidden: message (see link)".
func (e *APIError) summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d", e.StatusCode)
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
	case errNoData:
		return e.noData
	}
	return false
}

// ArgError reports bad input caught before any request was sent: an empty
// or unsafe path parameter, a value outside the range the API accepts, or a
// malformed option.
type ArgError struct {
	Arg    string // the parameter or field at fault, as the method's doc names it: "bucketKey", "step.Duration", "opts.Count"
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

// transportError is a request that got no usable response: no answer at
// all, or a body cut off on the way. Its text names the request (a trigger
// ID masked) and has the call's tokens scrubbed; its cause stays reachable
// for errors.Is and errors.As (a *net.OpError, io.ErrUnexpectedEOF).
type transportError struct {
	request  string // "GET https://..."
	cause    error
	text     string // the cause's text, scrubbed
	attempts int
}

func newTransportError(x *exchange, err error, attempts int) *transportError {
	cause := unwrapURLError(err)
	e := &transportError{request: x.req.Method + " " + x.url(), cause: cause, text: x.redact(cause.Error()), attempts: attempts}
	if attempts > 1 {
		e.text += fmt.Sprintf(" (after %d attempts)", attempts)
	}
	return e
}

func (e *transportError) Error() string { return "runscope: " + e.request + ": " + e.text }

func (e *transportError) summary() string { return e.text }

func (e *transportError) Unwrap() error { return e.cause }

// unwrapURLError returns the cause of a *url.Error, whose text names the
// request again, unmasked.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// interruptedError is a call whose context ended before it had an answer.
// It matches the context's error and, when an earlier attempt had failed
// (the call was waiting to retry it), that failure too: errors.Is holds for
// context.DeadlineExceeded and for ErrServer after a 503, and errors.As
// finds the *APIError.
type interruptedError struct {
	text     string
	errs     []error
	attempts int
}

// interrupted is the error of a call whose context ended during (or after)
// the given attempt; last is the failure of the attempt before, if any.
func (x *exchange) interrupted(attempt int, during string, last error) error {
	e := &interruptedError{errs: []error{x.Err()}, attempts: attempt}
	e.text = fmt.Sprintf("runscope: %s %s: %v %s (attempt %d)", x.req.Method, x.url(), x.Err(), during, attempt)
	if s, ok := last.(interface{ summary() string }); ok {
		e.text += "; the last attempt had failed: " + s.summary()
		e.errs = append(e.errs, last)
	}
	return e
}

func (e *interruptedError) Error() string { return e.text }

func (e *interruptedError) Unwrap() []error { return e.errs }

// answerError builds the *APIError for an answer the call cannot use: a
// failure status, an envelope's error member, a 2xx body that is not JSON
// or holds no data. body is what was read of the answer (complete: all of
// it); the error keeps a scrubbed copy of at most maxErrorBody bytes.
func answerError(x *exchange, resp *http.Response, attempts int, body []byte, complete bool) *APIError {
	return &APIError{
		StatusCode: resp.StatusCode,
		Method:     x.req.Method,
		URL:        x.url(),
		Attempts:   attempts,
		Body:       x.scrubBody(body, complete),
	}
}

// failureError builds the error for a non-2xx answer from its body: the
// error member of an envelope, or a bare {"status", "message"} object.
func failureError(x *exchange, resp *http.Response, attempts int, body []byte, complete bool, retryAfter time.Duration) *APIError {
	e := answerError(x, resp, attempts, body, complete)
	e.RetryAfter = retryAfter
	var env struct {
		Error json.RawMessage `json:"error"`
	}
	if json.Unmarshal(body, &env) == nil && len(env.Error) > 0 {
		e.fill(env.Error)
	} else {
		e.fill(body)
	}
	if e.Message == "" {
		e.Message = http.StatusText(resp.StatusCode)
	}
	e.scrub(x)
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

func (e *APIError) scrub(x *exchange) {
	e.Message = x.redact(e.Message)
	e.MoreInfo = x.redact(e.MoreInfo)
}
