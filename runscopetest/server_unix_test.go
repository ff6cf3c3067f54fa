//go:build unix

package runscopetest_test

import (
	"bufio"
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-runscope/runscope/runscopetest"
)

// childEnv, when set, makes TestServesAnotherProcess the other process:
// it reads the bucket list of the server whose URL comes on its stdin.
const childEnv = "RUNSCOPETEST_CHILD"

// A server is whole before it serves: a request from another process,
// which the race detector cannot see ordered after NewServer, finds the
// state set. Run with -race, this fails where NewServer sets its state
// after the listener starts. The child is started before the server, and
// learns its URL through a write the race detector does not see (a raw
// system call): starting a process, or writing to a file through package
// os, would order whatever the test did before it ahead of every later
// read of a socket, and hide the race.
func TestServesAnotherProcess(t *testing.T) {
	if os.Getenv(childEnv) != "" {
		url, err := bufio.NewReader(os.Stdin).ReadString('\n')
		require.NoError(t, err)
		req, err := http.NewRequest(http.MethodGet, strings.TrimSpace(url)+"/buckets", nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer any-token")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode)
		return
	}
	t.Parallel()
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer w.Close()
	child := exec.Command(os.Args[0], "-test.run=^TestServesAnotherProcess$", "-test.count=1")
	child.Env = append(os.Environ(), childEnv+"=1")
	var out bytes.Buffer
	child.Stdin, child.Stdout, child.Stderr = r, &out, &out
	require.NoError(t, child.Start())
	r.Close()
	fd := w.Fd()

	s := runscopetest.NewServer()
	t.Cleanup(s.Close)
	line := []byte(s.URL() + "\n")
	_, _, errno := syscall.Syscall(syscall.SYS_WRITE, fd, uintptr(unsafe.Pointer(&line[0])), uintptr(len(line)))
	require.Zero(t, errno)
	require.NoError(t, child.Wait(), "%s", out.Bytes())
	reqs := s.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "/buckets", reqs[0].Path)
}
