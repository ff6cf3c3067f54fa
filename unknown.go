package runscope

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// This file holds the variants of the Step and Auth unions that this
// package does not know: how they keep the object they came from, and how
// their Type (and ID) overlay it on the way out.

// UnknownStep is a step_type this package does not know.
//
// Type and ID, when set, are what is sent as step_type and id: they win
// over the same members of Raw, which supplies the other members (and
// step_type or id when the field is empty). A step decoded from the API
// keeps its whole object in Raw and, while Type and ID are unchanged,
// re-encodes every member of it as it came (white space aside: encoders
// compact it), so it survives a round trip and a reorder.
// To add a step of a type the package does not model, build it in Go:
// &UnknownStep{Type: "graphql", Raw: json.RawMessage(`{"note":"..."}`)}.
type UnknownStep struct {
	ID   string
	Type string
	// Raw is the step's JSON object; its step_type and id, if any, give way
	// to Type and ID.
	Raw json.RawMessage
}

// StepID returns the step's ID, empty for a step not yet created.
func (s *UnknownStep) StepID() string { return s.ID }

// StepType returns the step's step_type.
func (s *UnknownStep) StepType() string { return s.Type }

// MarshalJSON writes Raw with step_type and id as Type and ID say: Raw
// unchanged when they agree with it.
func (s UnknownStep) MarshalJSON() ([]byte, error) {
	return overlayHeads(s.Raw, rawHead{"step_type", s.Type}, rawHead{"id", s.ID})
}

// UnmarshalJSON keeps the whole object and reads its id and step_type.
func (s *UnknownStep) UnmarshalJSON(b []byte) error {
	u := UnknownStep{Raw: bytes.Clone(b)}
	if err := u.readHeads(); err != nil {
		return err
	}
	*s = u
	return nil
}

// readHeads sets ID and Type from the string members of Raw named exactly
// id and step_type (empty when absent or not strings). It fails when Raw
// is not a JSON object.
func (s *UnknownStep) readHeads() error {
	heads, err := readRawHeads(s.Raw, "id", "step_type")
	s.ID, s.Type = heads[0], heads[1]
	return err
}

// UnknownAuth is an auth_type this package does not know. Type, when set,
// is what is sent as auth_type, winning over Raw's; Raw supplies the other
// members. A value decoded from the API re-encodes every member as it came
// (white space aside) while Type is unchanged.
type UnknownAuth struct {
	Type string
	// Raw is the auth's JSON object; its auth_type, if any, gives way to
	// Type.
	Raw json.RawMessage
}

// AuthType returns the auth_type.
func (a *UnknownAuth) AuthType() string { return a.Type }

// MarshalJSON writes Raw with auth_type as Type says: Raw unchanged when it
// agrees.
func (a UnknownAuth) MarshalJSON() ([]byte, error) {
	return overlayHeads(a.Raw, rawHead{"auth_type", a.Type})
}

// UnmarshalJSON keeps the whole object and reads its auth_type.
func (a *UnknownAuth) UnmarshalJSON(b []byte) error {
	heads, err := readRawHeads(b, "auth_type")
	if err != nil {
		return err
	}
	a.Type, a.Raw = heads[0], bytes.Clone(b)
	return nil
}

// rawHead is a string member an unknown variant holds in a field of its
// own: the name and the field's value.
type rawHead struct{ name, value string }

// rawMember is a member of a JSON object: its name, unescaped, and its
// value as it came.
type rawMember struct {
	name  string
	value json.RawMessage
}

var errNotObject = errors.New("runscope: an unknown step or auth must be a JSON object")

// rawMembers splits the JSON object raw into its members, in order. null
// and an empty raw are an object without members.
func rawMembers(raw []byte) ([]rawMember, error) {
	if t := bytes.TrimSpace(raw); len(t) == 0 || string(t) == "null" {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, errNotObject
	}
	var members []rawMember
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		m := rawMember{name: tok.(string)}
		if err := dec.Decode(&m.value); err != nil {
			return nil, err
		}
		members = append(members, m)
	}
	return members, nil
}

// readRawHeads returns the values of the string members of raw with
// exactly these names, the first of each ("" when absent or not a string),
// as the unions read their tags.
func readRawHeads(raw []byte, names ...string) ([]string, error) {
	values := make([]string, len(names))
	members, err := rawMembers(raw)
	if err != nil {
		return values, err
	}
	for i, name := range names {
		values[i], _ = stringMember(members, name)
	}
	return values, nil
}

// stringMember returns the value of the first member called name when it
// is a string, and whether there is such a member at all.
func stringMember(members []rawMember, name string) (string, bool) {
	for _, m := range members {
		if m.name == name {
			var s string
			_ = json.Unmarshal(m.value, &s)
			return s, true
		}
	}
	return "", false
}

// overlayHeads encodes an unknown variant: raw, with each head that has a
// value setting its member. When every such head agrees with raw (its
// value is what readRawHeads reads), raw is returned unchanged. Otherwise
// the object is rebuilt: the heads that changed first, then raw's other
// members in order. A variant with neither raw nor heads is null.
func overlayHeads(raw json.RawMessage, heads ...rawHead) ([]byte, error) {
	members, err := rawMembers(raw)
	changed := make([]bool, len(heads))
	var anyChanged bool
	for i, h := range heads {
		got, _ := stringMember(members, h.name)
		changed[i] = h.value != "" && got != h.value
		anyChanged = anyChanged || changed[i]
	}
	switch {
	case !anyChanged && len(raw) > 0:
		return raw, nil
	case !anyChanged:
		return []byte("null"), nil
	case err != nil:
		return nil, fmt.Errorf("%w: Raw is %.40q", err, raw)
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, h := range heads {
		if changed[i] {
			value, _ := json.Marshal(h.value) // a string always encodes
			writeMember(&b, h.name, value)
		}
	}
	for _, m := range members {
		if !isChangedHead(m.name, heads, changed) {
			writeMember(&b, m.name, m.value)
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func isChangedHead(name string, heads []rawHead, changed []bool) bool {
	for i, h := range heads {
		if changed[i] && h.name == name {
			return true
		}
	}
	return false
}

// writeMember appends "name":value to an object being built.
func writeMember(b *bytes.Buffer, name string, value []byte) {
	if b.Len() > 1 {
		b.WriteByte(',')
	}
	key, _ := json.Marshal(name)
	b.Write(key)
	b.WriteByte(':')
	b.Write(value)
}
