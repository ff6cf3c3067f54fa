package main

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progress reports the items of a bulk command as they are done: a bar on
// a terminal, a line per item otherwise (CI logs). Safe for concurrent use.
type progress interface {
	// Done counts one item; what names it in a progress line.
	Done(what string)
	// Note writes a line about an item that is not counted (one skipped)
	// among the progress lines, or above the bar. Workers call it as
	// they go, so it shares the progress report's turn on the writer.
	Note(line string)
	// Finish ends the report: the bar is completed and cleared.
	Finish()
}

// newProgress starts reporting items of a bulk command. verb says what is
// done to them ("exported"), and total how many there are, or -1 when not
// known ahead (the bar then counts without a total).
func (a *app) newProgress(verb string, total int) progress {
	if a.terminal {
		w := &lockedWriter{w: a.stderr}
		return &bar{w: w, b: progressbar.NewOptions(total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription(verb),
			progressbar.OptionShowCount(),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionSetPredictTime(total > 0),
		)}
	}
	return &lines{w: a.stderr, verb: verb, total: total}
}

// bar draws through w, which its notes share: the bar redraws itself
// from a goroutine of its own too (the spinner of an unknown total).
type bar struct {
	b *progressbar.ProgressBar
	w *lockedWriter
}

func (b *bar) Done(string) { _ = b.b.Add(1) }
func (b *bar) Finish()     { _ = b.b.Finish() }

// Note clears the bar's line and writes the note in one write, so that no
// redraw comes in between; the bar is drawn again below it on its next
// update.
func (b *bar) Note(line string) { _, _ = io.WriteString(b.w, "\r\033[2K"+line+"\n") }

// lockedWriter serializes writes to w.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// lines writes "exported 3/10: Orders API" per item.
type lines struct {
	mu    sync.Mutex
	w     io.Writer
	verb  string
	total int
	n     int
}

func (l *lines) Done(what string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.n++
	if l.total >= 0 {
		fmt.Fprintf(l.w, "%s %d/%d: %s\n", l.verb, l.n, l.total, what)
		return
	}
	fmt.Fprintf(l.w, "%s %d: %s\n", l.verb, l.n, what)
}

func (l *lines) Note(line string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintln(l.w, line)
}

func (l *lines) Finish() {}

// quiet reports nothing, notes included: for dry runs, benchmarks and
// tests of the logic.
type quiet struct{}

func (quiet) Done(string) {}
func (quiet) Note(string) {}
func (quiet) Finish()     {}
