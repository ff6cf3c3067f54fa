package runscope

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// memNet is an in-memory network for httptest servers, made of net.Pipe
// connections, so that a test can run real net/http on both sides inside a
// testing/synctest bubble: deadlines, backoffs and slow servers take no real
// time, and synctest.Test fails if a goroutine (a handler, a connection's
// read loop) is left behind when the test ends.
type memNet struct {
	mu        sync.Mutex
	listeners map[string]*memListener
}

func newMemNet() *memNet { return &memNet{listeners: map[string]*memListener{}} }

// server starts an httptest server for h at addr ("127.0.0.1:1001") on the
// network, and closes it when the test ends.
func (n *memNet) server(t *testing.T, addr string, h http.Handler) *memServer {
	t.Helper()
	l := &memListener{addr: memAddr(addr), conns: make(chan net.Conn), closed: make(chan struct{})}
	n.mu.Lock()
	n.listeners[addr] = l
	n.mu.Unlock()
	s := &memServer{Server: &httptest.Server{Listener: l, Config: &http.Server{Handler: h}}, states: map[net.Conn]http.ConnState{}}
	s.Config.ConnState = s.track
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// transport returns an http.Transport that dials the network's servers; the
// test closes its idle connections when it ends.
func (n *memNet) transport(t *testing.T) *http.Transport {
	tr := &http.Transport{DialContext: n.dial}
	t.Cleanup(tr.CloseIdleConnections)
	return tr
}

func (n *memNet) dial(ctx context.Context, _, addr string) (net.Conn, error) {
	n.mu.Lock()
	l := n.listeners[addr]
	n.mu.Unlock()
	if l == nil {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: &net.AddrError{Err: "no such host", Addr: addr}}
	}
	client, server := net.Pipe()
	select {
	case l.conns <- server:
		return client, nil
	case <-l.closed:
	case <-ctx.Done():
	}
	client.Close()
	server.Close()
	return nil, &net.OpError{Op: "dial", Net: "tcp", Err: net.ErrClosed}
}

type memListener struct {
	addr   memAddr
	conns  chan net.Conn
	closed chan struct{}
	once   sync.Once
}

func (l *memListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

func (l *memListener) Close() error {
	l.once.Do(func() { close(l.closed) })
	return nil
}

func (l *memListener) Addr() net.Addr { return l.addr }

type memAddr string

func (a memAddr) Network() string { return "tcp" }
func (a memAddr) String() string  { return string(a) }

// memServer is an httptest server on a memNet that knows the state of each
// of its connections.
type memServer struct {
	*httptest.Server
	mu     sync.Mutex
	states map[net.Conn]http.ConnState
}

func (s *memServer) track(c net.Conn, state http.ConnState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.states[c] = state
}

// requireNoBusyConn fails when a connection is still serving a request: a
// response body the client did not read to the end and close keeps its
// handler writing, since a pipe has no buffer to absorb what is left.
// Call it after synctest.Wait, once the client returned.
func (s *memServer) requireNoBusyConn(t *testing.T) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	for c, state := range s.states {
		require.Contains(t, []http.ConnState{http.StateIdle, http.StateClosed, http.StateHijacked}, state,
			"connection %p is %v after the call returned", c, state)
	}
}

// memClient returns a client for srv on n, with the test token and no
// retries unless opts say otherwise.
func memClient(t *testing.T, n *memNet, srv *memServer, opts ...Option) *Client {
	t.Helper()
	hc := &http.Client{Transport: n.transport(t)}
	opts = append([]Option{WithHTTPClient(hc), WithBaseURL(srv.URL), WithToken(testToken), WithRetry(RetryPolicy{})}, opts...)
	c, err := NewClient(opts...)
	require.NoError(t, err)
	return c
}
