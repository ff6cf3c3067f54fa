package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-runscope/runscope"
	"github.com/spf13/cobra"
)

// defaultConcurrency is how many requests the bulk commands (export,
// import, copy, diff, ls, metrics) keep in flight. Each test costs one
// request, so with n in flight a bulk job takes at least 1/n of the
// one-at-a-time time: 16 is the first round number past the tenth that
// issue 12 asks for (see BENCHMARKS.md). Should the API push back, the
// SDK's retries honor its 429s and Retry-After.
const defaultConcurrency = 16

// runConcurrency is how many runs run waits for at once: as many as
// Results.WaitAll does by default. Polling runs is not bulk work; its
// pace is the runs', not the API's.
const runConcurrency = 8

// answerTimeout is how long the command waits for each answer of the API
// before it gives up with exit status 2. The API answers in well under a
// second; a minute is for a connection that hangs.
const answerTimeout = time.Minute

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
// default, so 16 workers would dial again and again) and waits at most
// answerTimeout for each answer, body included.
func (a *app) newClient(concurrency int, opts ...runscope.Option) (*runscope.Client, error) {
	base, from := a.baseURL, "--base-url"
	if base == "" {
		base, from = a.getenv("RUNSCOPE_BASE_URL"), "RUNSCOPE_BASE_URL"
	}
	if base == "" {
		base = runscope.DefaultBaseURL
	}
	var tr http.RoundTripper = newTransport(concurrency)
	if a.answerTimeout > 0 {
		tr = &answerTransport{next: tr, timeout: a.answerTimeout}
	}
	all := append([]runscope.Option{
		runscope.WithBaseURL(base),
		runscope.WithHTTPClient(&http.Client{Transport: tr}),
		runscope.WithUserAgent("runscope-cli"),
	}, opts...)
	client, err := runscope.NewClient(all...)
	var bad *runscope.ArgError
	if errors.As(err, &bad) && bad.Arg == "baseURL" {
		// Named by where it came from; not shown, in case it holds a
		// password.
		return nil, usageErrorf("%s: %s", from, bad.Reason)
	}
	return client, err
}

// newTransport keeps a connection per concurrent request alive.
func newTransport(concurrency int) *http.Transport {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = max(concurrency, 2)
	return tr
}

// answerTransport bounds each answer, from the request to the end of its
// body, by timeout. The transport's ResponseHeaderTimeout stops at the
// headers, so an API that sent them and then stalled in the body would
// hang the command; http.Client.Timeout covers the body, but its error
// reads differently depending on where it strikes ("request canceled",
// "context deadline exceeded"), where this one always says what ran out.
// It bounds each attempt, not a call with its retries; run's polls are a
// request each, so a long wait for runs is not cut short.
type answerTransport struct {
	next    http.RoundTripper
	timeout time.Duration
}

func (t *answerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	late := &answerTimeoutError{timeout: t.timeout}
	ctx, cancel := context.WithTimeoutCause(req.Context(), t.timeout, late)
	resp, err := t.next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		if context.Cause(ctx) == late {
			return nil, late
		}
		return nil, err
	}
	resp.Body = &answerBody{ReadCloser: resp.Body, ctx: ctx, cancel: cancel, late: late}
	return resp, nil
}

// answerBody is the body of an answer whose time may run out while it
// is read.
type answerBody struct {
	io.ReadCloser
	ctx    context.Context
	cancel context.CancelFunc
	late   *answerTimeoutError
}

func (b *answerBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF && context.Cause(b.ctx) == b.late {
		return n, &answerTimeoutError{timeout: b.late.timeout, inBody: true}
	}
	return n, err
}

// Close closes the body before it ends the context, which would
// otherwise cut a connection that could be reused.
func (b *answerBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// answerTimeoutError is an answer that did not come in time. It matches
// context.DeadlineExceeded, as net/http's own timeouts do: the SDK does
// not retry it, and run tells it from its --timeout by the context.
type answerTimeoutError struct {
	timeout time.Duration
	inBody  bool // the headers came, not the rest
}

func (e *answerTimeoutError) Error() string {
	if e.inBody { // after the SDK's "reading the answer: "
		return fmt.Sprintf("stalled: not complete within %v", e.timeout)
	}
	return fmt.Sprintf("no answer within %v", e.timeout)
}

func (e *answerTimeoutError) Is(target error) bool { return target == context.DeadlineExceeded }
func (e *answerTimeoutError) Timeout() bool        { return true }

// concurrencyFlag adds the --concurrency of the bulk commands to cmd.
func concurrencyFlag(cmd *cobra.Command, n *int) {
	positiveFlag(cmd, n, "concurrency", defaultConcurrency, "how many requests to keep in flight at once")
}

// positiveFlag adds an int flag that must be at least 1: a value below is
// a usage error when the flag is parsed, before anything runs.
func positiveFlag(cmd *cobra.Command, n *int, name string, value int, usage string) {
	*n = value
	cmd.Flags().Var((*positive)(n), name, usage)
}

// positive is the value of a positiveFlag.
type positive int

func (p *positive) String() string { return strconv.Itoa(int(*p)) }
func (p *positive) Type() string   { return "int" }

func (p *positive) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return errors.New("must be a whole number, at least 1")
	}
	*p = positive(n)
	return nil
}
