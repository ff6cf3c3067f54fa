package runscopetest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/go-runscope/runscope/runscopetest"
)

// benchFake is a server holding n tests, each with the sample step and a
// finished run, and a client for it that keeps enough connections for the
// parallel benchmarks.
type benchFake struct {
	s     *runscopetest.Server
	hc    *http.Client
	ids   []string
	tests string // the tests path of the default bucket
}

func newBenchFake(b *testing.B, n int) *benchFake {
	b.Helper()
	s := runscopetest.NewServer()
	tr := &http.Transport{MaxIdleConnsPerHost: 256}
	b.Cleanup(func() {
		s.Close()
		tr.CloseIdleConnections()
	})
	f := &benchFake{s: s, hc: &http.Client{Transport: tr}, tests: s.URL() + "/buckets/" + s.BucketKey() + "/tests"}
	s.SetRunPolls(1)
	for len(f.ids) < n {
		batch := make([]any, min(50, n-len(f.ids)))
		for i := range batch {
			batch[i] = map[string]any{"name": fmt.Sprintf("test %d", len(f.ids)+i)}
		}
		var created struct {
			Data []struct {
				ID         string `json:"id"`
				TriggerURL string `json:"trigger_url"`
			} `json:"data"`
		}
		f.call(b, http.MethodPost, f.tests, batch, &created)
		for _, t := range created.Data {
			f.ids = append(f.ids, t.ID)
			f.call(b, http.MethodGet, t.TriggerURL, nil, nil)
		}
	}
	return f
}

// call sends a request and decodes its answer into v, when v is not nil.
func (f *benchFake) call(b *testing.B, method, url string, body, v any) {
	var rd io.Reader
	if body != nil {
		buf, err := json.Marshal(body)
		if err != nil {
			b.Fatal(err)
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer bench")
	resp, err := f.hc.Do(req)
	if err != nil {
		b.Error(err)
		return
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		b.Errorf("%s %s: %s", method, url, resp.Status)
	}
	if v == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		return
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		b.Error(err)
	}
}

// A page of 50 tests of 1,000, each with its last run, read by many
// clients at once.
func BenchmarkTestListPage(b *testing.B) {
	f := newBenchFake(b, 1000)
	f.parallel(b, func() string { return fmt.Sprintf("%s?count=50&offset=%d", f.tests, 50*rand.IntN(20)) })
}

// The detail of one test of 1,000, read by many clients at once: an
// export's inner loop.
func BenchmarkTestDetail(b *testing.B) {
	f := newBenchFake(b, 1000)
	f.parallel(b, func() string { return f.tests + "/" + f.ids[rand.IntN(len(f.ids))] })
}

// parallel has 4 clients per CPU GET the URLs url gives.
func (f *benchFake) parallel(b *testing.B, url func() string) {
	b.ReportAllocs()
	b.SetParallelism(4)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			f.call(b, http.MethodGet, url(), nil, nil)
		}
	})
}

// 1,000 test details with 50 ms of latency, by 8 and by 64 workers: the
// time is the latency times 1,000 over the workers when the requests wait
// together, 50 s when they wait in turn.
func BenchmarkLatency1000(b *testing.B) {
	f := newBenchFake(b, 1000)
	f.s.SetLatency(50 * time.Millisecond)
	for _, workers := range []int{8, 64} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			for b.Loop() {
				next := make(chan string)
				var wg sync.WaitGroup
				for range workers {
					wg.Go(func() {
						for id := range next {
							f.call(b, http.MethodGet, f.tests+"/"+id, nil, nil)
						}
					})
				}
				for _, id := range f.ids {
					next <- id
				}
				close(next)
				wg.Wait()
			}
		})
	}
}
