package runscopetest

import (
	"net/http"
	"slices"
)

// checkRole checks a role body: its name, which only an update may leave
// out, and its permissions, when present, an array of strings. Names of
// permissions are not checked: the reference's own samples use
// permissions its list does not have.
func checkRole(body obj, isNew bool) error {
	checkName := optionalName
	if isNew {
		checkName = requireName
	}
	if err := checkName(body, "a role"); err != nil {
		return err
	}
	p, ok := body["permissions"]
	if !ok {
		return nil
	}
	list, isList := p.([]any)
	if !isList || len(listOf[string](list)) != len(list) {
		return badRequest("permissions must be an array of strings")
	}
	return nil
}

// role returns the index of the role named by the request's {role}
// wildcard.
func (db *store) role(r *http.Request) (int, error) {
	if err := db.checkTeam(r); err != nil {
		return -1, err
	}
	id := r.PathValue("role")
	if i := indexOf(db.team.roles, "uuid", id); i >= 0 {
		return i, nil
	}
	return -1, notFound("role %q", id)
}

func (s *Server) listRoles(r *http.Request) (any, error) {
	if err := s.db.checkTeam(r); err != nil {
		return nil, err
	}
	return s.db.team.roles, nil
}

func (s *Server) createRole(r *http.Request) (any, error) {
	if err := s.db.checkTeam(r); err != nil {
		return nil, err
	}
	role, err := decodeObject(r)
	if err != nil {
		return nil, err
	}
	if err := checkRole(role, true); err != nil {
		return nil, err
	}
	if _, ok := role["permissions"]; !ok {
		role["permissions"] = []any{}
	}
	role["uuid"] = newUUID()
	s.db.team.roles = append(s.db.team.roles, role)
	return role, nil
}

func (s *Server) getRole(r *http.Request) (any, error) {
	i, err := s.db.role(r)
	if err != nil {
		return nil, err
	}
	return s.db.team.roles[i], nil
}

// updateRole sets the members the body sends, usually permissions, and
// keeps the others.
func (s *Server) updateRole(r *http.Request) (any, error) {
	i, err := s.db.role(r)
	if err != nil {
		return nil, err
	}
	body, err := decodeObject(r)
	if err != nil {
		return nil, err
	}
	if err := checkRole(body, false); err != nil {
		return nil, err
	}
	role := s.db.team.roles[i]
	for k, v := range body {
		if k != "uuid" {
			role[k] = v
		}
	}
	return role, nil
}

// deleteRole refuses to delete a role people still have.
func (s *Server) deleteRole(r *http.Request) (any, error) {
	i, err := s.db.role(r)
	if err != nil {
		return nil, err
	}
	id := str(s.db.team.roles[i], "uuid")
	if slices.ContainsFunc(s.db.team.people, func(p *person) bool { return p.roleUUID == id }) {
		return nil, badRequest("role %q is assigned to team members: assign them another role first", id)
	}
	s.db.team.roles = remove(s.db.team.roles, i)
	return nil, nil
}

// assignRole gives the role role_uuid to the team members user_uuids.
func (s *Server) assignRole(r *http.Request) (any, error) {
	if err := s.db.checkTeam(r); err != nil {
		return nil, err
	}
	body, err := decodeObject(r)
	if err != nil {
		return nil, err
	}
	role := str(body, "role_uuid")
	if indexOf(s.db.team.roles, "uuid", role) < 0 {
		return nil, badRequest("role_uuid %q names no role of the team", role)
	}
	people, err := s.db.members(body["user_uuids"])
	if err != nil {
		return nil, err
	}
	if len(people) == 0 {
		return nil, badRequest("user_uuids is required: the team members to assign the role to")
	}
	for _, p := range people {
		p.roleUUID = role
	}
	return nil, nil
}

// members returns the team members a JSON array of user IDs names.
func (db *store) members(v any) ([]*person, error) {
	ids := listOf[string](v)
	if list, ok := v.([]any); v != nil && (!ok || len(ids) != len(list)) {
		return nil, badRequest("user_uuids must be an array of user IDs")
	}
	out := make([]*person, 0, len(ids))
	for _, id := range ids {
		i := db.personIndex(id)
		if i < 0 {
			return nil, badRequest("user %q is not a member of the team", id)
		}
		out = append(out, db.team.people[i])
	}
	return out, nil
}

// group returns the group with ID id, or nil.
func (db *store) group(id string) *group {
	for _, g := range db.team.groups {
		if g.uuid == id {
			return g
		}
	}
	return nil
}

// groupOf returns the group named by the request's {group} wildcard.
func (db *store) groupOf(r *http.Request) (*group, error) {
	if err := db.checkTeam(r); err != nil {
		return nil, err
	}
	if g := db.group(r.PathValue("group")); g != nil {
		return g, nil
	}
	return nil, notFound("group %q", r.PathValue("group"))
}

// view is a group's detail: bucket_keys and users are null until set, as
// the reference's create response shows.
func (db *store) groupView(g *group) obj {
	var users any
	if len(g.userUUIDs) > 0 {
		list := []any{}
		for _, p := range db.team.people {
			if slices.Contains(g.userUUIDs, p.uuid) {
				list = append(list, obj{"email": p.email, "name": p.name, "uuid": p.uuid})
			}
		}
		users = list
	}
	var keys any
	if g.bucketKeys != nil {
		keys = anyList(g.bucketKeys)
	}
	return obj{"bucket_keys": keys, "name": g.name, "user_count": len(g.userUUIDs), "users": users, "uuid": g.uuid}
}

// listGroups answers with each group's name and uuid, as the reference's
// team groups lookup does.
func (s *Server) listGroups(r *http.Request) (any, error) {
	if err := s.db.checkTeam(r); err != nil {
		return nil, err
	}
	out := make([]any, len(s.db.team.groups))
	for i, g := range s.db.team.groups {
		out[i] = obj{"name": g.name, "uuid": g.uuid}
	}
	return out, nil
}

func (s *Server) createGroup(r *http.Request) (any, error) {
	if err := s.db.checkTeam(r); err != nil {
		return nil, err
	}
	body, err := decodeObject(r)
	if err != nil {
		return nil, err
	}
	if err := requireName(body, "a group"); err != nil {
		return nil, err
	}
	g := &group{uuid: newUUID(), name: str(body, "name")}
	s.db.team.groups = append(s.db.team.groups, g)
	return s.db.groupView(g), nil
}

func (s *Server) getGroup(r *http.Request) (any, error) {
	g, err := s.db.groupOf(r)
	if err != nil {
		return nil, err
	}
	return s.db.groupView(g), nil
}

// updateGroup sets the group's buckets (bucket_keys) and members
// (user_uuids), and its name; members the body omits are not modified.
func (s *Server) updateGroup(r *http.Request) (any, error) {
	g, err := s.db.groupOf(r)
	if err != nil {
		return nil, err
	}
	body, err := decodeObject(r)
	if err != nil {
		return nil, err
	}
	if err := optionalName(body, "a group"); err != nil {
		return nil, err
	}
	keys := g.bucketKeys
	if v, ok := body["bucket_keys"]; ok {
		keys = listOf[string](v)
		for _, k := range keys {
			if s.db.bucketByKey[k] == nil {
				return nil, badRequest("bucket_keys: the team has no bucket %q", k)
			}
		}
	}
	users := g.userUUIDs
	if v, ok := body["user_uuids"]; ok {
		people, err := s.db.members(v)
		if err != nil {
			return nil, err
		}
		users = make([]string, len(people))
		for i, p := range people {
			users[i] = p.uuid
		}
	}
	if _, ok := body["name"]; ok {
		g.name = str(body, "name")
	}
	g.bucketKeys, g.userUUIDs = keys, users
	return s.db.groupView(g), nil
}

func (s *Server) deleteGroup(r *http.Request) (any, error) {
	g, err := s.db.groupOf(r)
	if err != nil {
		return nil, err
	}
	s.db.team.groups = slices.DeleteFunc(s.db.team.groups, func(x *group) bool { return x == g })
	return nil, nil
}
