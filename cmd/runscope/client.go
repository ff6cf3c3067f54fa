package main

import (
	"errors"
	"net/http"
	"strings"

	"github.com/go-runscope/runscope"
	"github.com/spf13/cobra"
)

// defaultConcurrency is how many requests bulk commands keep in flight,
// and how many runs run polls at once.
const defaultConcurrency = 8

// errNoToken names the variable to set; the token itself is never shown.
var errNoToken = errors.New("RUNSCOPE_ACCESS_TOKEN is not set: set it to an access token of your Runscope account (Account > Applications)")

// client returns an API client authenticated with RUNSCOPE_ACCESS_TOKEN,
// or errNoToken.
func (a *app) client(concurrency int) (*runscope.Client, error) {
	token := strings.TrimSpace(a.getenv("RUNSCOPE_ACCESS_TOKEN"))
	if token == "" {
		return nil, errNoToken
	}
	return a.newClient(concurrency, runscope.WithToken(token))
}

// anonymousClient returns a client without a token: trigger URLs need
// none.
func (a *app) anonymousClient() (*runscope.Client, error) {
	return a.newClient(1)
}

// newClient builds a client for the API at --base-url, $RUNSCOPE_BASE_URL
// or the default, on a transport that keeps a connection per concurrent
// request alive between requests (net/http keeps only 2 idle per host by
// default, so 8 workers would dial again and again).
func (a *app) newClient(concurrency int, opts ...runscope.Option) (*runscope.Client, error) {
	base := a.baseURL
	if base == "" {
		base = a.getenv("RUNSCOPE_BASE_URL")
	}
	if base == "" {
		base = runscope.DefaultBaseURL
	}
	all := append([]runscope.Option{
		runscope.WithBaseURL(base),
		runscope.WithHTTPClient(&http.Client{Transport: newTransport(concurrency)}),
		runscope.WithUserAgent("runscope-cli"),
	}, opts...)
	return runscope.NewClient(all...)
}

// newTransport keeps a connection per concurrent request alive.
func newTransport(concurrency int) *http.Transport {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = max(concurrency, 2)
	return tr
}

// concurrencyFlag adds --concurrency to cmd.
func concurrencyFlag(cmd *cobra.Command, n *int) {
	cmd.Flags().IntVar(n, "concurrency", defaultConcurrency, "how many requests to keep in flight at once")
}

// checkConcurrency refuses a --concurrency below 1.
func checkConcurrency(n int) error {
	if n < 1 {
		return usageErrorf("--concurrency must be at least 1, not %d", n)
	}
	return nil
}
