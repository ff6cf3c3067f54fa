package runscopetest

import "net/http"

// regionList is what GET /regions answers. Triggers accept these codes in
// runscope_region; a run asked for in another region fails to start.
var regionList = []obj{
	{"region_code": "us1", "location": "US East (Northern Virginia)", "service_provider": "Amazon Web Services", "hostname": "us1.runscope.net"},
	{"region_code": "us2", "location": "US West (Oregon)", "service_provider": "Amazon Web Services", "hostname": "us2.runscope.net"},
	{"region_code": "eu1", "location": "EU (Ireland)", "service_provider": "Amazon Web Services", "hostname": "eu1.runscope.net"},
	{"region_code": "jp1", "location": "Asia Pacific (Tokyo)", "service_provider": "Amazon Web Services", "hostname": "jp1.runscope.net"},
	{"region_code": "au1", "location": "Asia Pacific (Sydney)", "service_provider": "Amazon Web Services", "hostname": "au1.runscope.net"},
}

func knownRegion(code string) bool { return indexOf(regionList, "region_code", code) >= 0 }

func (s *Server) root(*http.Request) (any, error) {
	return obj{
		"bucket_list_url":     s.db.url + "/buckets",
		"current_account_url": s.db.url + "/account",
	}, nil
}

// account answers with the token's owner, as the team knows them: the
// live API adds id, the uuid again, and created_at, and says on each team
// whether the account owns it.
func (s *Server) account(*http.Request) (any, error) {
	me := s.db.me()
	return obj{
		"id":         me.uuid,
		"name":       me.name,
		"uuid":       me.uuid,
		"email":      me.email,
		"teams":      []any{obj{"uuid": teamUUID, "name": teamName, "owner": me.owner}},
		"created_at": me.createdAt.Unix(),
	}, nil
}

func (s *Server) regions(*http.Request) (any, error) {
	return obj{"regions": regionList}, nil
}

// user is how tests, revisions and recipients refer to the account.
func user() obj {
	return obj{"email": accountEmail, "name": accountName, "id": accountUUID}
}
