package main

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"runtime/metrics"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/go-runscope/runscope"
	"github.com/go-runscope/runscope/runscopetest"
)

// The export of 1,000 tests against an API that answers each request in
// 50 ms: one test at a time (concurrency 1, the way Runscope's own backup
// script works), 8 at a time (the first default, and WaitAll's)
// and at the default concurrency. Each reports the wall time of an export
// and the peak growth of the heap while it ran.
//
//	go test -run XXX -bench BenchmarkExport1000 -benchtime 1x ./cmd/runscope

const (
	benchTests   = 1000
	benchLatency = 50 * time.Millisecond
)

func BenchmarkExport1000(b *testing.B) {
	srv := seedExportBench(b)
	srv.SetLatency(benchLatency)
	var sequential time.Duration
	for _, n := range slices.Compact([]int{1, 8, defaultConcurrency}) {
		b.Run(fmt.Sprintf("concurrency=%d", n), func(b *testing.B) {
			client := srv.Client(runscope.WithHTTPClient(&http.Client{Transport: newTransport(n)}))
			var elapsed time.Duration
			var peak uint64
			for b.Loop() {
				o := &exportOptions{dir: b.TempDir(), concurrency: n}
				growth, took := measureHeap(func() {
					st, err := exportBuckets(context.Background(), client, o, quiet{})
					if err != nil || st.tests != benchTests {
						b.Fatalf("exported %d tests: %v", st.tests, err)
					}
				})
				peak, elapsed = max(peak, growth), took
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
			b.ReportMetric(elapsed.Seconds(), "s/export")
			if n == 1 {
				sequential = elapsed
			} else if sequential > 0 {
				b.ReportMetric(elapsed.Seconds()/sequential.Seconds(), "of-sequential")
			}
		})
	}
}

// seedExportBench fills a fake with benchTests tests of a few steps, in
// buckets of 100 (the API's limit of test-specific environments per bucket
// keeps a bucket below that).
func seedExportBench(b *testing.B) *runscopetest.Server {
	b.Helper()
	srv := runscopetest.NewServer()
	b.Cleanup(srv.Close)
	ctx, client := context.Background(), srv.Client()
	for i := range benchTests / 100 {
		bucket, _, err := client.Buckets.Create(ctx, fmt.Sprintf("bench %d", i), srv.TeamUUID())
		if err != nil {
			b.Fatal(err)
		}
		for j := range 2 {
			tests := make([]*runscope.Test, 50)
			for k := range tests {
				tests[k] = benchTest(fmt.Sprintf("test %d-%d-%d", i, j, k))
			}
			if _, _, err := client.Tests.CreateMany(ctx, bucket.Key, tests); err != nil {
				b.Fatal(err)
			}
		}
	}
	return srv
}

func benchTest(name string) *runscope.Test {
	steps := make([]runscope.Step, 5)
	for i := range steps {
		steps[i] = &runscope.RequestStep{
			Method:  http.MethodPost,
			URL:     fmt.Sprintf("{{base_url}}/orders/%d?expand=items", i),
			Headers: runscope.Header{"Content-Type": {"application/json"}, "Authorization": {"Bearer {{token}}"}},
			Body:    `{"sku":"A-1","quantity":2,"note":"<fragile> & urgent"}`,
			Assertions: []runscope.Assertion{
				{Source: runscope.AssertionSourceStatus, Comparison: runscope.ComparisonEqualNumber, Value: 201},
				{Source: runscope.AssertionSourceJSON, Property: "order.id", Comparison: runscope.ComparisonNotEmpty},
			},
			Variables: []runscope.Variable{{Name: "order_id", Source: runscope.VariableSourceJSON, Property: "order.id"}},
			Scripts:   []string{"assert(response.status === 201);"},
		}
	}
	return &runscope.Test{Name: name, Description: "a benchmark test", Steps: steps}
}

// measureHeap runs f and returns how far the heap's objects grew above
// what they were before it started, sampled every millisecond, and how
// long f took.
func measureHeap(f func()) (peakGrowth uint64, took time.Duration) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	runtime.GC()
	base := read()
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			if v := read(); v > peak {
				peak = v
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	start := time.Now()
	f()
	took = time.Since(start)
	close(done)
	wg.Wait()
	if v := read(); v > peak {
		peak = v
	}
	if peak < base {
		return 0, took
	}
	return peak - base, took
}
