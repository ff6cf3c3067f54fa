package runscope

import (
	"bytes"
	"context"
	"io"
	"net/http"
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

// BenchmarkClientCall measures one whole call, from building the request to
// the decoded test: the overhead the client adds around decoding.
func BenchmarkClientCall(b *testing.B) {
	body := golden(b, "tests_detail.json")
	c, err := NewClient(WithHTTPClient(&http.Client{Transport: staticTransport{body}}), WithToken("t"))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		test, _, err := c.Tests.Get(ctx, "bucket", "test")
		if err != nil || test.ID == "" {
			b.Fatal(test, err)
		}
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
