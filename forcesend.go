package runscope

import (
	"errors"

	"github.com/go-runscope/runscope/internal/wire"
)

// ForceSend marks fields of a model, by their Go names ("Body",
// "Skipped"), to be sent even when they hold their zero value.
//
// A value built in Go sends only the fields that are set, and an update
// leaves the members it does not send as they are: a zero that is not sent
// changes nothing. To clear a member (an empty body, skipped set back to
// false, an environment's notify_all turned off) there are two ways:
//
//   - Modify a value read from the API. Decoding records which members the
//     server sent, and those are sent back even when set to zero.
//   - Build the value in Go and ForceSend the fields to clear, which saves
//     the read. A forced nil pointer is sent as null, and a forced nil
//     Auth as {}, the API's "no credentials of its own".
//
// model is a non-nil pointer to a model of this package, decoded or built in
// Go, at any depth: a step, an environment, &step.Assertions[0]. A pointer
// to a model pointer works too, and gives it a new zero model when it is
// nil, so ForceSend(&env.Emails, "NotifyAll") works on an environment built
// in Go. The marks travel with the value (copies made afterwards included)
// until it is decoded into again; marking a field whose member the server
// sent with a JSON kind that did not fit it replaces that member.
//
// A value that is not a pointer to a model, or a name that is not a field of
// it, is an [*ArgError]; nothing is marked then.
func ForceSend(model any, fields ...string) error {
	err := wire.MarkPresent(model, fields...)
	var fe *wire.FieldError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, wire.ErrNotModel):
		return argErr("model", "is %T, not a pointer to a model of this package", model)
	case errors.As(err, &fe):
		return argErr("fields", "%q is not a field of %v", fe.Field, fe.Type)
	}
	return err
}
