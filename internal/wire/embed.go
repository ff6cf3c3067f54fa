package wire

import (
	"reflect"
	"slices"
	"strings"
)

// jsonField is a field of a struct as JSON sees it: its member name and the
// path to it through embedded structs.
type jsonField struct {
	name   string
	goName string
	index  []int
	typ    reflect.Type
	opts   string
	tagged bool
}

// structFields lists the JSON fields of struct type t in field order, and
// the index of its Extra field (-1 if none). A model's embedded structs
// promote their fields as in encoding/json: a shallower field hides a
// deeper one of the same name, and at equal depth a tagged one hides an
// untagged one. Where encoding/json would silently drop a name that stays
// ambiguous, or could not set a field, why says so instead, and so it does
// for two fields of t itself with one name: wire never drops a member of a
// model. Plain structs with embedded fields are left
// to encoding/json (why is set).
func structFields(t reflect.Type, model bool) (fields []jsonField, extra int, why string) {
	extra = -1
	type level struct {
		typ   reflect.Type
		index []int
	}
	next := []level{{typ: t}}
	visited := map[reflect.Type]bool{}
	for depth := 0; len(next) > 0; depth++ {
		current := next
		next = nil
		atDepth := map[reflect.Type]bool{}
		for _, l := range current {
			if visited[l.typ] {
				continue
			}
			visited[l.typ] = true
			for i := range l.typ.NumField() {
				sf := l.typ.Field(i)
				index := append(slices.Clip(l.index), i)
				if sf.Type == extraType {
					if depth > 0 {
						return nil, -1, "embedded field " + sf.Name + " has a wire.Extra"
					}
					if extra >= 0 {
						return nil, -1, "more than one Extra field"
					}
					extra = i
					continue
				}
				ft := sf.Type
				if ft.Name() == "" && ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if sf.Anonymous {
					if !model {
						return nil, -1, "embedded field " + sf.Name + " is not supported"
					}
					if !sf.IsExported() && ft.Kind() != reflect.Struct {
						continue // as in encoding/json
					}
				} else if !sf.IsExported() {
					continue
				}
				name, opts, tagged, ok := memberName(sf)
				if !ok {
					continue
				}
				if hasOption(opts, "string") {
					return nil, -1, "field " + sf.Name + ": the string option is not supported"
				}
				if !tagged && sf.Anonymous && ft.Kind() == reflect.Struct {
					switch {
					case isModel(ft):
						return nil, -1, "embedded field " + sf.Name + " is a model: its Extra would be lost"
					case hasJSONMethods(ft):
						return nil, -1, "embedded field " + sf.Name + " has JSON or text methods of its own"
					case sf.Type.Kind() == reflect.Pointer && !sf.IsExported():
						return nil, -1, "embedded field " + sf.Name + " is a pointer to an unexported type, which cannot be allocated"
					case atDepth[ft]:
						return nil, -1, "embedded field " + sf.Name + " appears twice at one depth"
					}
					atDepth[ft] = true
					next = append(next, level{ft, index})
					continue
				}
				fields = append(fields, jsonField{name: name, goName: sf.Name, index: index, typ: sf.Type, opts: opts, tagged: tagged})
			}
		}
	}
	fields, why = dominant(fields)
	return fields, extra, why
}

// memberName is encoding/json's rule for the member name of the struct
// field sf: the name its json tag gives, when valid (tagged), else the Go
// field's name. opts are the tag's options; ok is false for a field the tag
// leaves out ("-").
func memberName(sf reflect.StructField) (name, opts string, tagged, ok bool) {
	tag := sf.Tag.Get("json")
	if tag == "-" {
		return "", "", false, false
	}
	name, opts, _ = strings.Cut(tag, ",")
	if tagged = validTag(name); !tagged {
		name = sf.Name
	}
	return name, opts, tagged, true
}

// dominant keeps, for each name, the field encoding/json would use, and
// orders the fields as encoding/json writes them.
func dominant(fields []jsonField) ([]jsonField, string) {
	byName := map[string][]int{}
	for i, f := range fields {
		byName[f.name] = append(byName[f.name], i)
	}
	keep := fields[:0:0]
	for i, f := range fields {
		rivals := byName[f.name]
		if len(rivals) == 1 {
			keep = append(keep, f)
			continue
		}
		if rivals[0] != i {
			continue // decided with the first of them
		}
		// fields lists shallower fields first.
		best := rivals[:0:0]
		for _, r := range rivals {
			if len(fields[r].index) == len(fields[rivals[0]].index) {
				best = append(best, r)
			}
		}
		if len(best) > 1 && len(fields[best[0]].index) > 1 {
			tagged := best[:0:0]
			for _, r := range best {
				if fields[r].tagged {
					tagged = append(tagged, r)
				}
			}
			best = tagged
		}
		if len(best) != 1 {
			return nil, "two fields named " + f.name
		}
		keep = append(keep, fields[best[0]])
	}
	slices.SortFunc(keep, func(a, b jsonField) int { return slices.Compare(a.index, b.index) })
	return keep, ""
}
