package runscope

import (
	"errors"
	"fmt"
	"net/http"
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
