// Package wire is the SDK's JSON codec for its models.
//
// The Runscope API evolves on its own schedule, so the SDK's models must
// keep every member the server sent, including members the Go structs do
// not model yet, and send them back unchanged ("no data loss on a round
// trip"). Doing that with encoding/json alone means a custom UnmarshalJSON
// per level that re-scans its bytes, which made decoding a test several
// times slower than decoding into plain structs. wire instead decodes a
// whole tree of models, slices, maps and tagged unions in one pass over the
// input, driven by a cached per-type field table, records unknown members
// verbatim in each model's Extra field, and encodes them back.
//
// Models implement json.Marshaler and json.Unmarshaler by calling Marshal
// and Unmarshal, so wire never calls those methods on models or union
// variants; it calls them on every other type that has them.
package wire
