package runscopetest

import "net/http"

// routes registers every endpoint of the API reference. The table doubles
// as a map of the API: the status each answers with on success and whether
// its body comes in the envelope.
func (s *Server) routes() {
	const (
		ok        = http.StatusOK
		created   = http.StatusCreated
		deleted   = http.StatusNoContent
		test      = "/buckets/{bucket}/tests/{test}"
		teamPath  = "/teams/{team}"
		runPath   = test + "/results/{run}"
		stepsPath = test + "/steps"
	)
	for _, rt := range []struct {
		pattern string
		status  int
		shape   shape
		h       handler
	}{
		{"GET /{$}", ok, enveloped, s.root},
		{"GET /account", ok, enveloped, s.account},
		{"GET /regions", ok, enveloped, s.regions},

		{"GET /buckets", ok, enveloped, s.listBuckets},
		{"POST /buckets", created, enveloped, s.createBucket},
		{"GET /buckets/{bucket}", ok, enveloped, s.getBucket},
		{"GET /v1/buckets/{bucket}", ok, enveloped, s.getBucketV1},
		{"DELETE /buckets/{bucket}", deleted, noContent, s.deleteBucket},
		{"GET /buckets/{bucket}/custom-emails", ok, enveloped, s.listCustomEmails},
		{"POST /buckets/{bucket}/custom-emails", ok, statusOnly, s.addCustomEmail},
		{"DELETE /buckets/{bucket}/custom-emails", deleted, noContent, s.removeCustomEmail},
		{"GET /buckets/{bucket}/requests", ok, enveloped, s.bucketUsage},

		{"GET /buckets/{bucket}/tests", ok, enveloped, s.listTests},
		{"POST /buckets/{bucket}/tests", created, enveloped, s.createTests},
		{"GET " + test, ok, enveloped, s.getTest},
		{"PUT " + test, ok, enveloped, s.updateTest},
		{"DELETE " + test, deleted, noContent, s.deleteTest},
		{"GET " + test + "/revisions", ok, enveloped, s.revisions},

		{"GET " + stepsPath, ok, enveloped, s.listSteps},
		{"POST " + stepsPath, created, enveloped, s.addStep}, // answers with the whole test
		{"PUT " + stepsPath, ok, enveloped, s.reorderSteps},
		{"GET " + stepsPath + "/{step}", ok, enveloped, s.getStep},
		{"PUT " + stepsPath + "/{step}", ok, enveloped, s.updateStep},
		{"DELETE " + stepsPath + "/{step}", deleted, noContent, s.deleteStep},

		// Environments answer bare, without the envelope.
		{"GET /buckets/{bucket}/environments", ok, bare, s.listEnvs},
		{"POST /buckets/{bucket}/environments", created, bare, s.createEnv},
		{"GET /buckets/{bucket}/environments/{env}", ok, bare, s.getEnv},
		{"PUT /buckets/{bucket}/environments/{env}", ok, bare, s.updateEnv},
		{"DELETE /buckets/{bucket}/environments/{env}", deleted, noContent, s.deleteEnv},
		{"GET " + test + "/environments", ok, bare, s.listEnvs},
		{"POST " + test + "/environments", created, bare, s.createEnv},
		{"GET " + test + "/environments/{env}", ok, bare, s.getEnv},
		{"PUT " + test + "/environments/{env}", ok, bare, s.updateEnv},
		{"DELETE " + test + "/environments/{env}", deleted, noContent, s.deleteEnv},

		{"GET " + test + "/schedules", ok, enveloped, s.listSchedules},
		{"POST " + test + "/schedules", created, enveloped, s.createScheduleV0},
		{"POST /v1" + test + "/schedules", created, enveloped, s.createSchedule},
		{"GET " + test + "/schedules/{schedule}", ok, enveloped, s.getSchedule},
		{"PUT " + test + "/schedules/{schedule}", ok, enveloped, s.updateSchedule},
		{"DELETE " + test + "/schedules/{schedule}", deleted, noContent, s.deleteSchedule},

		{"GET " + test + "/results", ok, enveloped, s.listResults},
		{"GET " + test + "/results/latest", ok, enveloped, s.latestResult},
		{"GET " + runPath, ok, enveloped, s.getResult},
		{"GET " + runPath + "/steps/{step}", ok, enveloped, s.stepResult},
		{"GET " + test + "/metrics", ok, bare, s.metrics},

		// Trigger URLs need no token (see serveHTTP).
		{"GET /radar/{trigger}/trigger", created, enveloped, s.triggerTest},
		{"GET /radar/bucket/{trigger}/trigger", created, enveloped, s.triggerBucket},
		{"POST /radar/{trigger}/batch", created, enveloped, s.triggerBatch},

		{"GET " + teamPath + "/people", ok, bare, s.listPeople},
		{"PUT " + teamPath + "/people", ok, enveloped, s.assignRole},
		{"GET " + teamPath + "/people/{email}", ok, enveloped, s.getPerson},
		{"DELETE " + teamPath + "/people/{email}", deleted, noContent, s.removePerson},
		{"GET " + teamPath + "/people/{email}/groups", ok, enveloped, s.personGroups},
		{"POST " + teamPath + "/invite", created, enveloped, s.invite},
		{"GET " + teamPath + "/email-domains", ok, enveloped, s.emailDomains},
		{"POST /team/{team}/email-domains", ok, statusOnly, s.setEmailDomains}, // singular "team", as the reference has it
		{"GET " + teamPath + "/integrations", ok, bare, s.integrations},
		{"GET /v1" + teamPath + "/agents", ok, enveloped, s.agents},
		{"GET /team/{team}/requests", ok, enveloped, s.teamUsage},

		{"GET " + teamPath + "/roles", ok, enveloped, s.listRoles},
		{"POST " + teamPath + "/roles", created, enveloped, s.createRole},
		{"GET " + teamPath + "/roles/{role}", ok, enveloped, s.getRole},
		{"PUT " + teamPath + "/roles/{role}", ok, enveloped, s.updateRole},
		{"DELETE " + teamPath + "/roles/{role}", deleted, noContent, s.deleteRole},

		{"GET " + teamPath + "/groups", ok, enveloped, s.listGroups},
		{"POST " + teamPath + "/groups", created, enveloped, s.createGroup},
		{"GET " + teamPath + "/groups/{group}", ok, enveloped, s.getGroup},
		{"PUT " + teamPath + "/groups/{group}", ok, enveloped, s.updateGroup},
		{"DELETE " + teamPath + "/groups/{group}", deleted, noContent, s.deleteGroup},
	} {
		s.handle(rt.pattern, rt.status, rt.shape, rt.h)
	}
	s.mux.HandleFunc("/", s.unrouted)
}
