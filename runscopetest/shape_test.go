package runscopetest_test

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
)

// A shape is what a golden answer says about the JSON at one place: its
// kinds and, for objects, the members it must have. The contract test
// holds the fake's answers against the shapes of the reference's samples.
type shape struct {
	// kinds are the JSON kinds the golden has here ("object", "array",
	// "string", "number", "bool"); none when it has only nulls, which
	// match anything.
	kinds map[string]bool
	// members are an object's members, each a shape of its own.
	members map[string]*shape
	// values is the shape of every value of a dictionary: an object whose
	// member names are data (variable and header names, IDs), not schema.
	values *shape
	// elems are the shapes of an array's elements, by step_type for
	// arrays of steps, which hold objects of different shapes, else under
	// "".
	elems map[string]*shape
	// variant is the step_type or auth_type of an object of a union: an
	// object of another variant has other members.
	variant string
}

// dictionaries are the members whose names are data: the fake's names
// differ from the golden's, their values must not.
var dictionaries = map[string]bool{
	"env_revisions": true, "initial_variables": true, "headers": true, "form": true,
	"params": true, "variables": true, "locations_utilization_%": true,
}

// shapeOf is the shape the golden values vs have at one place: those of
// every element of an array are merged, so an element of the fake's
// answer must have the members every golden element has (of one
// step_type, for steps), each of a kind some golden element has there.
func shapeOf(vs []any, dictionary bool) *shape {
	s := &shape{kinds: map[string]bool{}}
	var objs []map[string]any
	var elems []any
	for _, v := range vs {
		switch v := v.(type) {
		case nil:
		case map[string]any:
			s.kinds["object"] = true
			objs = append(objs, v)
		case []any:
			s.kinds["array"] = true
			elems = append(elems, v...)
		default:
			s.kinds[kindOf(v)] = true
		}
	}
	switch {
	case len(objs) > 0 && dictionary:
		var values []any
		for _, o := range objs {
			values = append(values, slices.Collect(maps.Values(o))...)
		}
		s.values = shapeOf(values, false)
	case len(objs) > 0:
		s.variant = discriminator(objs[0])
		for _, o := range objs {
			if discriminator(o) != s.variant {
				s.variant = ""
			}
		}
		s.members = map[string]*shape{}
		for name := range objs[0] {
			var values []any
			for _, o := range objs {
				v, ok := o[name]
				if !ok {
					values = nil // not every element has it: not required
					break
				}
				values = append(values, v)
			}
			if values != nil {
				s.members[name] = shapeOf(values, dictionaries[name])
			}
		}
	}
	if len(elems) > 0 {
		groups := map[string][]any{}
		for _, e := range elems {
			groups[discriminator(e)] = append(groups[discriminator(e)], e)
		}
		s.elems = map[string]*shape{}
		for d, group := range groups {
			s.elems[d] = shapeOf(group, false)
		}
	}
	return s
}

func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "bool"
	}
	return fmt.Sprintf("%T", v)
}

// discriminator is the variant of a union: the step_type of a step, the
// auth_type of an auth; "" for anything else.
func discriminator(v any) string {
	o, _ := v.(map[string]any)
	if t, ok := o["step_type"].(string); ok {
		return t
	}
	t, _ := o["auth_type"].(string)
	return t
}

// paths adds to out the paths of s that hold something other than null:
// every one of them should meet a value of the fake's, or the contract
// proved nothing there.
func (s *shape) paths(path string, out map[string]bool) {
	if len(s.kinds) == 0 {
		return
	}
	out[path] = true
	for name, m := range s.members {
		m.paths(path+"."+name, out)
	}
	if s.values != nil {
		s.values.paths(path+"{}", out)
	}
	for d, e := range s.elems {
		e.paths(path+"["+d+"]", out)
	}
}

// contractCheck compares answers of the fake with shapes of goldens.
type contractCheck struct {
	problems []string
	// met are the paths where a golden's shape met a value of the fake.
	met map[string]bool
}

// compare holds got, the fake's value at path, against s. Null on either
// side matches anything.
func (c *contractCheck) compare(path string, s *shape, got any) {
	if got == nil || len(s.kinds) == 0 {
		return
	}
	if k := kindOf(got); !s.kinds[k] {
		c.problems = append(c.problems, fmt.Sprintf("%s: %s in the fake's answer, %s in the golden", path, k, kinds(s)))
		return
	}
	c.met[path] = true
	switch got := got.(type) {
	case map[string]any:
		if s.values != nil {
			for _, v := range got {
				c.compare(path+"{}", s.values, v)
			}
			return
		}
		if s.variant != "" && discriminator(got) != s.variant {
			return // another variant of the union, with members of its own
		}
		for name, m := range s.members {
			v, ok := got[name]
			if !ok {
				c.problems = append(c.problems, fmt.Sprintf("%s.%s: missing from the fake's answer", path, name))
				continue
			}
			c.compare(path+"."+name, m, v)
		}
	case []any:
		for _, e := range got {
			// An element the golden shows no kind of (a step type it
			// lacks) has nothing to be held against.
			if m, ok := s.elems[discriminator(e)]; ok {
				c.compare(path+"["+discriminator(e)+"]", m, e)
			}
		}
	}
}

func kinds(s *shape) string {
	ks := slices.Collect(maps.Keys(s.kinds))
	sort.Strings(ks)
	return strings.Join(ks, " or ")
}

// isEnvelope reports whether a body is the API's envelope: an object with
// data, error or meta.
func isEnvelope(v any) bool {
	o, ok := v.(map[string]any)
	if !ok {
		return false
	}
	_, data := o["data"]
	_, errMember := o["error"]
	_, meta := o["meta"]
	return data || errMember || meta
}
