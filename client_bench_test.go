package runscope

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
)

// staticTransport answers every request with the same body, in memory, so
// a benchmark measures the client and not a network.
type staticTransport struct{ body []byte }

func (t staticTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: http.StatusOK,
		Header:     http.Header{"Content-Type": {"application/json"}},
		Body:       io.NopCloser(bytes.NewReader(t.body)),
	}, nil
}

// BenchmarkClientCall measures the client's side of a call alone, from
// building the request to the decoded test, over a transport that answers
// from memory: what the SDK adds around net/http's client, against the same
// hand-written baseline as BenchmarkTestsGet.
func BenchmarkClientCall(b *testing.B) {
	for _, in := range []struct {
		name string
		body []byte
	}{{"detail", golden(b, "tests_detail.json")}, {"50steps", envelopeOf(generateTest(50))}} {
		name, body := in.name, in.body
		hc := &http.Client{Transport: staticTransport{body}}
		ctx := context.Background()
		b.Run("body="+name+"/client=sdk", func(b *testing.B) {
			c, err := NewClient(WithHTTPClient(hc), WithToken("t0ken"))
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				test, _, err := c.Tests.Get(ctx, "bucket", "test")
				if err != nil || test.ID == "" {
					b.Fatal(test, err)
				}
			}
		})
		b.Run("body="+name+"/client=net-http+encoding-json", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				test, err := handWrittenGet(ctx, hc, "https://api.runscope.com/buckets/bucket/tests/test", "t0ken")
				if err != nil || test.ID == "" {
					b.Fatal(test, err)
				}
			}
		})
	}
}

// BenchmarkClientSend measures a call that sends a test: the body is
// encoded by wire, once.
func BenchmarkClientSend(b *testing.B) {
	body := golden(b, "tests_detail.json")
	var test Test
	if err := test.UnmarshalJSON(goldenData(b, "tests_detail.json")); err != nil {
		b.Fatal(err)
	}
	c, err := NewClient(WithHTTPClient(&http.Client{Transport: staticTransport{body}}), WithToken("t"))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := c.Tests.Create(ctx, "bucket", &test); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTestsGet measures a whole Tests.Get through net/http, client
// and server side, against what a competent user would write by hand: a
// request with the token, net/http's default client, and encoding/json's
// Decoder into plain structs (mirrorTest) that keep nothing beyond their
// fields. Both read the same enveloped body from the same httptest server
// in the same run, so only what the client does differs:
//
//	go test -run '^$' -bench 'TestsGet' -benchmem -count 10 . > bench.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -col /client bench.txt
//
// Besides sec/op, each reports cpu-ns/op (see reportCPU). BENCHMARKS.md
// has the figures.
func BenchmarkTestsGet(b *testing.B) {
	b.Run("body=detail", func(b *testing.B) { benchmarkTestsGet(b, golden(b, "tests_detail.json")) })
	b.Run("body=50steps", func(b *testing.B) { benchmarkTestsGet(b, envelopeOf(generateTest(50))) })
}

// envelopeOf wraps data in the API's envelope.
func envelopeOf(data []byte) []byte {
	return append(append([]byte(`{"data":`), data...), `,"error":null,"meta":{"status":"success"}}`...)
}

func benchmarkTestsGet(b *testing.B, body []byte) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	ctx := context.Background()
	b.Run("client=sdk", func(b *testing.B) {
		c, err := NewClient(WithBaseURL(srv.URL), WithToken("t0ken"))
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			test, _, err := c.Tests.Get(ctx, "bucket", "test")
			if err != nil || test.ID == "" {
				b.Fatal(test, err)
			}
		}
	})
	b.Run("client=net-http+encoding-json", func(b *testing.B) {
		url := srv.URL + "/buckets/bucket/tests/test"
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			test, err := handWrittenGet(ctx, http.DefaultClient, url, "t0ken")
			if err != nil || test.ID == "" {
				b.Fatal(test, err)
			}
		}
	})
}

// reportCPU adds cpu-ns/op, the CPU time the process (client, server and
// runtime) spent per call, to the wall time of sec/op. On a machine shared
// with other jobs, wall time also counts the waits for a CPU, which hit
// both clients alike and so pull their ratio towards 1; CPU time does not.
// Call the function it returns when the loop is done.
func reportCPU(b *testing.B) func() {
	start, ok := processCPU()
	return func() {
		if end, _ := processCPU(); ok && b.N > 0 {
			b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

// handWrittenGet is the baseline of BenchmarkTestsGet: a GET with the
// token, a status check, the envelope's data decoded by encoding/json as
// the body streams in, and the body drained so the connection is reused.
func handWrittenGet(ctx context.Context, hc *http.Client, url, token string) (*mirrorTest, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() {
		// Drained to the end, or net/http closes the connection instead of
		// reusing it: the Decoder stops reading right after the value.
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	var env struct {
		Data  *mirrorTest     `json:"data"`
		Error json.RawMessage `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
		return nil, err
	}
	return env.Data, nil
}
