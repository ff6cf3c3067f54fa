// Package wire is the SDK's JSON codec for its models. It exists for what
// it keeps, which encoding/json alone would lose on the way from the API
// and back to it:
//
//   - Presence: which members a decoded object held. A member the server
//     sent with a zero value (false, 0, "") is written back, even under
//     omitzero, while a value built in Go sends only what was set.
//   - Nulls: a member that was null is written back as null, not dropped
//     and not replaced by a zero value.
//   - Unknown members: members the Go struct does not model are recorded
//     verbatim, in their order, in the model's Extra field and written back
//     unchanged, so a round trip through an older SDK loses nothing the
//     API added.
//   - Mistyped members: a member whose JSON kind does not fit its field (a
//     number where a string was expected) does not fail the decoding; the
//     enclosing model keeps it verbatim and writes it back as it came.
//   - Unions: objects that name their Go type in a tag member (a step's
//     step_type, an auth's auth_type) decode to the variant the tag names,
//     wherever the tag is in the object, and an unknown tag decodes to a
//     value that re-encodes to the same JSON (compacted, as encoding/json
//     compacts what a MarshalJSON method returns).
//
// A whole tree of models, slices, maps and unions is decoded in one pass
// over the input, and so is the API's response envelope (DecodeEnvelope),
// so a response is mostly read once. A union's object is decoded into the
// variant of the union's previous object, a guess checked at the tag. It
// is read twice, once to find the tag and once to decode it, when the
// guess was wrong, when there is no guess yet (the first object of each
// union type), for a union inside an object that is itself decoded on a
// guess not yet checked, and once wrong guesses have cost as much reading
// as the input's size. Nothing decoded points into the input: what is kept
// is copied, so callers may reuse their buffers.
//
// Models implement json.Marshaler and json.Unmarshaler by calling Marshal
// and Unmarshal, so wire never calls those methods on models or union
// variants; it calls them on every other type that has them, except the
// maps of string lists registered with RegisterStringLists, which it
// decodes itself.
package wire
