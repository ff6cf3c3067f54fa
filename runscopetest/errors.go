package runscopetest

import (
	"errors"
	"fmt"
	"net/http"
)

// moreInfo is the error envelope's link to documentation.
const moreInfo = "https://api.blazemeter.com/api-monitoring/"

// apiError is a failure answered in the API's error envelope:
//
//	{"data": null, "error": {"status": 404, "message": "...", "more_info": "..."}, "meta": {"status": "error"}}
//
// or, when plain is set, with the error as a bare string, as the custom
// email removal does.
type apiError struct {
	status int
	msg    string
	plain  bool
}

func (e *apiError) Error() string { return e.msg }

// errorf returns an error answered with status and a formatted message.
func errorf(status int, format string, args ...any) error {
	return &apiError{status: status, msg: fmt.Sprintf(format, args...)}
}

// badRequest is a 400: the body or the query is invalid.
func badRequest(format string, args ...any) error {
	return errorf(http.StatusBadRequest, format, args...)
}

// notFound is a 404 for a resource that does not exist, described by what
// ("test \"abc\"").
func notFound(format string, args ...any) error {
	return errorf(http.StatusNotFound, format+" not found", args...)
}

// writeError answers with err in the error envelope. An error that is not
// an *apiError is a bug of the fake and answers 500.
func writeError(w http.ResponseWriter, err error) {
	var e *apiError
	if !errors.As(err, &e) {
		e = &apiError{status: http.StatusInternalServerError, msg: err.Error()}
	}
	body := obj{"data": nil, "meta": obj{"status": "error"}}
	if e.plain {
		body = obj{"error": e.msg, "meta": obj{"status": "error"}}
	} else {
		body["error"] = obj{"status": e.status, "message": e.msg, "more_info": moreInfo}
	}
	buf, _ := encode(body) // maps of strings and ints always encode
	writeJSON(w, e.status, buf)
}
