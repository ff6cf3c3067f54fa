package runscopetest

import (
	"net/http"
	"net/url"
	"time"
)

// usageRange reads the date range of the usage endpoints: from and to
// together, or date (to today), or days (back from today), or by default
// the last day.
func usageRange(q url.Values) (from, to time.Time, err error) {
	today := time.Now().UTC().Truncate(24 * time.Hour)
	date := func(name string) (time.Time, error) {
		d, err := time.Parse(dateLayout, q.Get(name))
		if err != nil {
			return d, badRequest("%s must be a date written YYYY-MM-DD, not %q", name, q.Get(name))
		}
		return d, nil
	}
	switch {
	case q.Has("from") != q.Has("to"):
		return from, to, badRequest("from and to must be used together")
	case q.Has("from"):
		if from, err = date("from"); err != nil {
			return from, to, err
		}
		if to, err = date("to"); err != nil {
			return from, to, err
		}
		if to.Before(from) {
			return from, to, badRequest("from must not be after to")
		}
		return from, to, nil
	case q.Has("date"):
		from, err = date("date")
		return from, today, err
	case q.Has("days"):
		days, err := intParam(q, "days", 1, 1, 3650)
		return today.AddDate(0, 0, -days), today, err
	}
	return today.AddDate(0, 0, -1), today, nil
}

// requests counts the requests the bucket's runs made from the first day
// to the end of the last. Every run counts its request steps when
// triggered, whether or not it has been read to its end.
func (b *bucket) requests(from, to time.Time) int {
	n := 0
	end := to.AddDate(0, 0, 1)
	for _, t := range b.tests {
		for _, r := range t.runs {
			if started := time.UnixMicro(r.startedAt); started.Before(from) || !started.Before(end) {
				continue
			}
			each(r.steps, func(step obj) {
				if step["step_type"] == stepRequest {
					n++
				}
			})
		}
	}
	return n
}

func usage(b *bucket, from, to time.Time) obj {
	return obj{
		"requests_count": b.requests(from, to),
		"bucket_key":     b.key,
		"from_date":      from.Format(dateLayout),
		"to_date":        to.Format(dateLayout),
	}
}

func (s *Server) bucketUsage(r *http.Request) (any, error) {
	b, err := s.db.bucket(r)
	if err != nil {
		return nil, err
	}
	from, to, err := usageRange(r.URL.Query())
	if err != nil {
		return nil, err
	}
	return usage(b, from, to), nil
}

func (s *Server) teamUsage(r *http.Request) (any, error) {
	if err := s.db.checkTeam(r); err != nil {
		return nil, err
	}
	from, to, err := usageRange(r.URL.Query())
	if err != nil {
		return nil, err
	}
	total, buckets := 0, make([]any, len(s.db.buckets))
	for i, b := range s.db.buckets {
		u := usage(b, from, to)
		total += u["requests_count"].(int)
		buckets[i] = u
	}
	return obj{
		"team_uuid":      teamUUID,
		"requests_count": total,
		"from_date":      from.Format(dateLayout),
		"to_date":        to.Format(dateLayout),
		"creator_name":   accountName,
		"creator_email":  accountEmail,
		"creator_id":     accountUUID,
		"buckets":        buckets,
	}, nil
}
