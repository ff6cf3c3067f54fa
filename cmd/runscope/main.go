// Command runscope runs Runscope (BlazeMeter API Monitoring) API tests from
// CI and does the bulk work of an account: export, import, copy and diff
// of buckets, listings and metrics. It is built on the runscope Go SDK.
//
//	go install github.com/go-runscope/runscope/cmd/runscope@latest
//	export RUNSCOPE_ACCESS_TOKEN=...
//	runscope run --bucket KEY --junit report.xml
//
// Every command exits 0 on success (every run passed, no differences), 1
// when a run failed or diff found differences, and 2 for anything else:
// bad usage, no token, an API error, a timeout, a run that could not
// start. Run runscope --help, or runscope COMMAND --help, for the rest.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// Exit statuses, the same for every command.
const (
	exitOK     = 0
	exitFailed = 1 // a run failed, or diff found differences
	exitError  = 2 // anything else: bad usage, no token, API error, timeout...
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	a := &app{
		getenv: os.Getenv, stdout: os.Stdout, stderr: os.Stderr,
		terminal:      term.IsTerminal(int(os.Stderr.Fd())),
		answerTimeout: answerTimeout,
	}
	code := a.execute(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// app is what every command shares: the environment it reads, where it
// writes, and the global flags.
type app struct {
	getenv         func(string) string
	stdout, stderr io.Writer
	// terminal says stderr is a terminal: bulk commands then draw a
	// progress bar instead of writing progress lines.
	terminal bool
	// answerTimeout bounds the wait for each answer of the API (0: no
	// bound), so that an API that does not answer fails a CI job instead
	// of hanging it.
	answerTimeout time.Duration
	baseURL       string // --base-url
}

// execute runs the command line args and returns the exit status. It is
// the whole program but for the process: tests call it directly.
func (a *app) execute(ctx context.Context, args []string) int {
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitOK
	}
	name := "runscope"
	if cmd != nil {
		name = cmd.CommandPath()
	}
	var failed *failedError
	code := exitError
	if errors.As(err, &failed) {
		code = exitFailed
	}
	msg := errorLine(err)
	if isUsage(err) {
		msg += fmt.Sprintf(" (see %s --help)", name)
	}
	fmt.Fprintf(a.stderr, "%s: %s\n", name, msg)
	return code
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "runscope",
		Short: "Run Runscope API tests from CI, and export, import, copy and compare buckets",
		Long: `runscope runs Runscope (BlazeMeter API Monitoring) API tests and waits for
their results, as a CI gate, and does the bulk work of an account: export,
import, copy and diff of buckets, listings and metrics.

It reads the access token from RUNSCOPE_ACCESS_TOKEN (Runscope: Account >
Applications) and talks to the API at RUNSCOPE_BASE_URL, or --base-url, or
https://api.runscope.com/. Neither the token nor a trigger ID is ever
printed. An answer of the API that does not come within a minute is an
error.

Exit status, for every command:
  0  success: every run passed, no differences
  1  a run failed, or diff found differences
  2  anything else: bad usage, no token, an API error, a timeout, a run
     that could not start`,
		Example: `  export RUNSCOPE_ACCESS_TOKEN=...
  runscope run --bucket KEY --junit report.xml
  runscope export --dir backup
  runscope diff KEY backup/KEY`,
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          usageArgs(cobra.NoArgs, ""),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return usageErrorf("name a command: run, export, import, copy, diff, ls or metrics")
		},
	}
	root.Version = version()
	root.PersistentFlags().StringVar(&a.baseURL, "base-url", "", "the API root `URL` (default $RUNSCOPE_BASE_URL, else https://api.runscope.com/; http only on loopback)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err} })
	root.AddCommand(a.runCommand(), a.exportCommand(), a.importCommand(), a.copyCommand(),
		a.diffCommand(), a.lsCommand(), a.metricsCommand())
	root.CompletionOptions.DisableDefaultCmd = true
	return root
}

// version is the version of the module go install recorded, for bug
// reports: a tag, a pseudo-version, or "(devel)".
func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}

// usageError is bad usage: a bad flag, argument or combination. It exits
// 2 with a pointer to --help.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usageErrorf(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// isUsage reports bad usage: ours, or cobra's own (unknown command).
func isUsage(err error) bool {
	var u *usageError
	return errors.As(err, &u) || strings.HasPrefix(err.Error(), "unknown command ")
}

// usageArgs makes an argument validator's errors usage errors, which say
// why when why is not empty (cobra's own count "accepts 2 arg(s),
// received 1" says what, not what to give).
func usageArgs(check cobra.PositionalArgs, why string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		err := check(cmd, args)
		switch {
		case err == nil:
			return nil
		case why != "":
			err = errors.New(why)
		}
		return &usageError{err}
	}
}

// plainIDs refuses values with a "/" where a bucket key or a test ID
// belongs (what names which): such a value is a path or a URL, perhaps a
// trigger URL pasted in the wrong place, and its trigger ID a secret.
// Once in a request's path the SDK cannot mask it (the "/"s are escaped),
// and the commands name keys and IDs in their messages, so it is refused
// before any request, by where it was given, never shown.
func plainIDs(where, what string, values ...string) error {
	for _, v := range values {
		if strings.Contains(v, "/") {
			return usageErrorf("%s is not %s: it has a \"/\" (the value is not shown: it may be a trigger URL)", where, what)
		}
	}
	return nil
}

// failedError is a verdict, not a breakdown: runs failed, or diff found
// differences. It exits 1; the details were printed before.
type failedError struct{ msg string }

func (e *failedError) Error() string { return e.msg }

// oneLine joins the lines of an error (errors.Join makes several) so that
// every error is one line of stderr.
func oneLine(s string) string {
	return strings.ReplaceAll(strings.TrimSpace(s), "\n", "; ")
}

// errorLine is err as the one line of stderr that follows the command's
// name: without the SDK's "runscope: " prefix, which would repeat it.
func errorLine(err error) string {
	msg := strings.TrimPrefix(oneLine(err.Error()), sdkPrefix)
	return strings.NewReplacer(": "+sdkPrefix, ": ", "; "+sdkPrefix, "; ").Replace(msg)
}

// sdkPrefix starts the SDK's errors.
const sdkPrefix = "runscope: "
