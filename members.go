package runscope

import (
	"bytes"
	"encoding/json"
	"iter"

	"github.com/go-runscope/runscope/internal/wire"
)

// UnknownMembers yields the members of a decoded model that this package
// does not type, in the order the API sent them: the name, and the value
// exactly as received. They are the members that a round trip sends back
// unchanged, such as those the API added after this version of the
// package: reading them lets a program use such a member before the
// package types it. A member whose JSON kind did not fit its field (see
// [WithStrictDecoding]) is among them, and so is a member named like a
// field but for letter case when the exact name is present too.
//
// v is a model, or a pointer to one, at any depth (a step,
// &step.Assertions[0], an environment). The values are copies: changing
// them does not change the model. It yields nothing for nil, for a value
// that is not a model, for a model built in Go, and for [*UnknownStep] and
// [*UnknownAuth], whose Raw holds all their members.
func UnknownMembers(v any) iter.Seq2[string, json.RawMessage] {
	x := wire.ExtraOf(v)
	return func(yield func(string, json.RawMessage) bool) {
		for name, value := range x.Members() {
			if !yield(name, bytes.Clone(value)) {
				return
			}
		}
	}
}
