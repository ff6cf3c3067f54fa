package runscopetest

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

// rfc1123 is the people list's time format. Runscope writes UTC as
// "-0000".
const rfc1123 = "Mon, 02 Jan 2006 15:04:05 -0000"

// defaultRoleUUID is the role of invited people when the invitation names
// none: the seeded "Read-only Members".
const defaultRoleUUID = "6c591177-a19d-41d8-a74e-05ad350c472f"

// roleName is the name of the role with uuid id, or "".
func (db *store) roleName(id string) string {
	if i := indexOf(db.team.roles, "uuid", id); i >= 0 {
		return str(db.team.roles[i], "name")
	}
	return ""
}

// person returns the team member with the request's {email}, compared
// without case.
func (db *store) person(r *http.Request) (*person, error) {
	if err := db.checkTeam(r); err != nil {
		return nil, err
	}
	email := r.PathValue("email")
	for _, p := range db.team.people {
		if strings.EqualFold(p.email, email) {
			return p, nil
		}
	}
	return nil, notFound("team member %q", email)
}

// listPeople answers with a bare array, times in RFC 1123, count people
// (200 by default and at most) of page (from 1).
func (s *Server) listPeople(r *http.Request) (any, error) {
	if err := s.db.checkTeam(r); err != nil {
		return nil, err
	}
	q := r.URL.Query()
	count, err := intParam(q, "count", 200, 1, 200)
	if err != nil {
		return nil, err
	}
	page, err := intParam(q, "page", 1, 1, unbounded)
	if err != nil {
		return nil, err
	}
	out := []any{}
	people := s.db.team.people
	start := len(people)
	if page-1 <= len(people)/count { // else (page-1)*count could overflow
		start = (page - 1) * count
	}
	for _, p := range people[min(start, len(people)):min(start+count, len(people))] {
		lastLogin := any(nil)
		if !p.lastLoginAt.IsZero() {
			lastLogin = p.lastLoginAt.UTC().Format(rfc1123)
		}
		out = append(out, obj{
			"name": p.name, "created_at": p.createdAt.UTC().Format(rfc1123), "id": p.uuid, "uuid": p.uuid,
			"last_login_at": lastLogin, "role_name": s.db.roleName(p.roleUUID), "email": p.email,
		})
	}
	return out, nil
}

// getPerson answers with created_at in epoch seconds, unlike the list.
func (s *Server) getPerson(r *http.Request) (any, error) {
	p, err := s.db.person(r)
	if err != nil {
		return nil, err
	}
	return obj{
		"id": p.uuid, "uuid": p.uuid, "name": p.name, "email": p.email,
		"created_at": p.createdAt.Unix(), "role_name": s.db.roleName(p.roleUUID),
	}, nil
}

func (s *Server) personGroups(r *http.Request) (any, error) {
	p, err := s.db.person(r)
	if err != nil {
		return nil, err
	}
	out := []any{}
	for _, g := range s.db.team.groups {
		if slices.Contains(g.userUUIDs, p.uuid) {
			out = append(out, obj{"uuid": g.uuid, "name": g.name, "team_uuid": teamUUID})
		}
	}
	return out, nil
}

// removePerson refuses, as the API does, to remove the team's owner or its
// last member.
func (s *Server) removePerson(r *http.Request) (any, error) {
	p, err := s.db.person(r)
	if err != nil {
		return nil, err
	}
	switch {
	case p.owner:
		return nil, badRequest("%s is the owner of the team and cannot be removed", p.email)
	case len(s.db.team.people) == 1:
		return nil, badRequest("%s is the team's only member and cannot be removed", p.email)
	}
	s.db.team.people = slices.DeleteFunc(s.db.team.people, func(x *person) bool { return x == p })
	for _, g := range s.db.team.groups {
		g.userUUIDs = slices.DeleteFunc(g.userUUIDs, func(id string) bool { return id == p.uuid })
	}
	return nil, nil
}

// invite adds the invited people to the team at once, with the role and
// groups named; the reference's emails are an array, or a string separated
// by commas. Emails of members, and ones that are not addresses, are
// reported in errors.
func (s *Server) invite(r *http.Request) (any, error) {
	if err := s.db.checkTeam(r); err != nil {
		return nil, err
	}
	body, err := decodeObject(r)
	if err != nil {
		return nil, err
	}
	emails := listOf[string](body["emails"])
	if list, ok := body["emails"].(string); ok {
		emails = strings.Split(list, ",")
	}
	if len(emails) == 0 {
		return nil, badRequest("emails is required: the addresses to invite")
	}
	role := str(body, "role_uuid")
	if role == "" {
		role = defaultRoleUUID
	} else if indexOf(s.db.team.roles, "uuid", role) < 0 {
		return nil, badRequest("role_uuid %q names no role of the team", role)
	}
	var groups []*group
	for _, id := range listOf[string](body["group_uuids"]) {
		g := s.db.group(id)
		if g == nil {
			return nil, badRequest("group_uuids: %q names no group of the team", id)
		}
		groups = append(groups, g)
	}
	successes, failures := []any{}, []any{}
	for _, email := range emails {
		email = strings.TrimSpace(email)
		name, _, ok := strings.Cut(email, "@")
		if !ok || name == "" || slices.ContainsFunc(s.db.team.people, func(p *person) bool { return strings.EqualFold(p.email, email) }) {
			failures = append(failures, email)
			continue
		}
		p := &person{uuid: newUUID(), name: name, email: email, roleUUID: role, createdAt: time.Now()}
		s.db.team.people = append(s.db.team.people, p)
		for _, g := range groups {
			g.userUUIDs = append(g.userUUIDs, p.uuid)
		}
		successes = append(successes, email)
	}
	return obj{"successes": successes, "errors": failures}, nil
}

func (s *Server) emailDomains(r *http.Request) (any, error) {
	if err := s.db.checkTeam(r); err != nil {
		return nil, err
	}
	return obj{
		"team_uuid":               teamUUID,
		"email_whitelist_domains": s.db.team.domains,
		"updated_by":              accountUUID,
		"updated_at":              s.db.team.domainsUpdatedAt,
	}, nil
}

// setEmailDomains replaces the whitelist with domainNames, a string of
// domains separated by commas.
func (s *Server) setEmailDomains(r *http.Request) (any, error) {
	if err := s.db.checkTeam(r); err != nil {
		return nil, err
	}
	body, err := decodeObject(r)
	if err != nil {
		return nil, err
	}
	names, ok := body["domainNames"].(string)
	if !ok {
		return nil, badRequest("domainNames is required: domain names separated by commas")
	}
	var domains []string
	for d := range strings.SplitSeq(names, ",") {
		if d = strings.ToLower(strings.TrimSpace(d)); d != "" {
			domains = append(domains, d)
		}
	}
	s.db.team.domains = strings.Join(domains, ",")
	s.db.team.domainsUpdatedAt = time.Now().Unix()
	return nil, nil
}

func (s *Server) integrations(r *http.Request) (any, error) {
	if err := s.db.checkTeam(r); err != nil {
		return nil, err
	}
	return s.db.team.integrations, nil
}

func (s *Server) agents(r *http.Request) (any, error) {
	if err := s.db.checkTeam(r); err != nil {
		return nil, err
	}
	return s.db.team.agents, nil
}
