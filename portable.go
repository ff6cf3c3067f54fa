package runscope

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
)

// This file is about tests that move between buckets (a copy, a backup
// restored elsewhere): what they refer to by ID must follow them, and
// comparing two copies must ignore what each bucket's server assigned.

// serverAssigned are the members the server gives a test, an environment,
// a schedule or a step of its own accord: a copy in another bucket has
// other values for them, or none. step_count and last_run_created_at are
// derived members of test list entries; exported_at and version describe
// an export, and initial_script_hash is computed from the script.
var serverAssigned = []string{
	"id", "created_at", "created_by", "trigger_url", "last_run", "last_run_created_at",
	"step_count", "test_id", "exported_at", "version", "initial_script_hash",
}

// ComparableTest returns t as indented JSON that two copies of the same
// test in different buckets share: the members the server assigns (IDs,
// creation time and creator, trigger URL, last run, export time) are left
// out, at every level, and the environments t refers to by ID (its default
// environment, the parents of its environments, the environments of its
// schedules) are named by their names instead: `test environment "Name"`
// for one of t's own environments, `shared environment "Name"` for one of
// shared, the shared environments of t's bucket. An ID found in neither
// stays as it is.
//
// Members this package does not model are kept, object members are sorted
// by name, environments by name and schedules by content (their order
// means nothing); steps keep their order. Two tests are the same, for
// every purpose but their identity, when their comparable forms are equal
// bytes, and a line diff of the two forms shows what differs.
func ComparableTest(t *Test, shared []*Environment) ([]byte, error) {
	if t == nil {
		return nil, argErr("test", "must not be nil")
	}
	tree, err := jsonTree(t)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string)
	for _, e := range shared {
		if e != nil && e.ID != "" {
			names[e.ID] = fmt.Sprintf("shared environment %q", e.Name)
		}
	}
	for _, e := range t.Environments {
		if e != nil && e.ID != "" {
			names[e.ID] = fmt.Sprintf("test environment %q", e.Name)
		}
	}
	nameRef(tree, "default_environment_id", names)
	comparableList(tree["environments"], "parent_environment_id", "name", names)
	comparableList(tree["schedules"], "environment_id", "", names)
	dropStepIDs(tree["steps"])
	dropServerAssigned(tree)
	return encodeTree(tree)
}

// ComparableEnvironment returns e as indented JSON that two copies of the
// same environment in different buckets share, as [ComparableTest] does
// for tests: without its ID, the test it belongs to and the other members
// the server assigns. A shared environment's parent, if the API ever sends
// one, is kept as an ID.
func ComparableEnvironment(e *Environment) ([]byte, error) {
	if e == nil {
		return nil, argErr("environment", "must not be nil")
	}
	tree, err := jsonTree(e)
	if err != nil {
		return nil, err
	}
	dropServerAssigned(tree)
	return encodeTree(tree)
}

// RemapEnvironments replaces the environment IDs t refers to with the new
// IDs ids maps them to (old ID to new): its default environment, the
// parent of each of its environments and the environment of each of its
// schedules. IDs that ids does not name stay.
//
// A test imported into another bucket ([TestsService.Create]) gets new
// IDs for its own environments from the API, which follows them in the
// test; the shared environments it refers to must exist in the target
// bucket first. Create them there ([EnvironmentsService.CreateShared]) or
// find their counterparts, then remap the test with the IDs they got.
// Subtest steps are left alone: they refer to another test's environments.
func (t *Test) RemapEnvironments(ids map[string]string) {
	t.environmentRefs(func(id *string) {
		if to, ok := ids[*id]; ok && *id != "" {
			*id = to
		}
	})
}

// EnvironmentIDs returns the environment IDs t refers to: its default
// environment, the parents of its environments and the environments of
// its schedules, each once, in that order, empty IDs left out; nil when
// there are none. These are the references [Test.RemapEnvironments]
// remaps, so the shared environments among them are those a test needs
// in the bucket it is imported into. Subtest steps are not followed, as
// RemapEnvironments does not.
func (t *Test) EnvironmentIDs() []string {
	var ids []string
	seen := make(map[string]bool)
	t.environmentRefs(func(id *string) {
		if *id != "" && !seen[*id] {
			seen[*id] = true
			ids = append(ids, *id)
		}
	})
	return ids
}

// environmentRefs calls ref with each of t's references to an
// environment by ID, in the order EnvironmentIDs lists them: the one list
// of them that RemapEnvironments and EnvironmentIDs share.
func (t *Test) environmentRefs(ref func(id *string)) {
	if t == nil {
		return
	}
	ref(&t.DefaultEnvironmentID)
	for _, e := range t.Environments {
		if e != nil {
			ref(&e.ParentEnvironmentID)
		}
	}
	for _, s := range t.Schedules {
		if s != nil {
			ref(&s.EnvironmentID)
		}
	}
}

// jsonTree encodes a model and decodes it as generic JSON, numbers kept as
// written.
func jsonTree(model any) (map[string]any, error) {
	b, err := json.Marshal(model)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var tree map[string]any
	if err := dec.Decode(&tree); err != nil {
		return nil, err
	}
	if tree == nil {
		tree = map[string]any{}
	}
	return tree, nil
}

// encodeTree writes generic JSON indented, members sorted, with <, > and &
// as they are (scripts and bodies are full of them).
func encodeTree(tree any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(tree); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func dropServerAssigned(m map[string]any) {
	for _, k := range serverAssigned {
		delete(m, k)
	}
}

// comparableList makes a list of environments or schedules comparable:
// each object loses what the server assigned and names the environment
// its member ref refers to; then the list is sorted by sortKey and content,
// since its order means nothing.
func comparableList(list any, ref, sortKey string, names map[string]string) {
	objects, _ := list.([]any)
	for _, o := range objects {
		if o, ok := o.(map[string]any); ok {
			dropServerAssigned(o)
			nameRef(o, ref, names)
		}
	}
	sortByContent(objects, sortKey)
}

// nameRef replaces the environment ID in m[key] with its name, when names
// knows it.
func nameRef(m map[string]any, key string, names map[string]string) {
	if id, ok := m[key].(string); ok {
		if name, ok := names[id]; ok {
			m[key] = name
		}
	}
}

// dropStepIDs removes the IDs of steps, and of the steps nested in
// conditions and loops.
func dropStepIDs(steps any) {
	list, _ := steps.([]any)
	for _, s := range list {
		if s, ok := s.(map[string]any); ok {
			delete(s, "id")
			dropStepIDs(s["steps"])
		}
	}
}

// sortByContent orders objects by their member key, then by their whole
// encoding, so that the order a server lists them in does not matter.
func sortByContent(list []any, key string) {
	type keyed struct {
		key, all string
		v        any
	}
	ks := make([]keyed, len(list))
	for i, v := range list {
		b, _ := json.Marshal(v) // generic JSON always encodes
		k := ""
		if m, ok := v.(map[string]any); ok && key != "" {
			k, _ = m[key].(string)
		}
		ks[i] = keyed{k, string(b), v}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.all, b.all)
	})
	for i := range ks {
		list[i] = ks[i].v
	}
}
