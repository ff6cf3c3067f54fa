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
	// Finish ends the report: the bar is completed and cleared.
	Finish()
}

// newProgress starts reporting items of a bulk command. verb says what is
// done to them ("exported"), and total how many there are, or -1 when not
// known ahead (the bar then counts without a total).
func (a *app) newProgress(verb string, total int) progress {
	if a.terminal {
		return &bar{progressbar.NewOptions(total,
			progressbar.OptionSetWriter(a.stderr),
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

type bar struct{ b *progressbar.ProgressBar }

func (b *bar) Done(string) { _ = b.b.Add(1) }
func (b *bar) Finish()     { _ = b.b.Finish() }

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

func (l *lines) Finish() {}

// quiet reports nothing: for benchmarks and for tests of the logic.
type quiet struct{}

func (quiet) Done(string) {}
func (quiet) Finish()     {}
