// Package textdiff writes line diffs in the unified format of diff -u and
// git diff, for the runscope command's diff. It finds a shortest edit
// script with Myers' algorithm; past maxEdits differing lines it stops
// looking and reports every line as replaced, so memory stays bounded
// whatever the input: the search keeps 2d+1 ints after d edits, about
// maxEdits² ints in all (32 MB with 64-bit ints).
package textdiff

import (
	"fmt"
	"strings"
)

// maxEdits bounds the edit distance searched for.
const maxEdits = 2000

// Unified returns the unified diff of a and b with context lines of
// context around each change, headed by ---/+++ lines naming a and b; ""
// when a and b are the same. A last line without a newline compares like
// one with.
func Unified(aName, bName, a, b string, context int) string {
	al, bl := lines(a), lines(b)
	ops := diff(al, bl, maxEdits)
	var out strings.Builder
	for _, h := range hunks(ops, context) {
		if out.Len() == 0 {
			fmt.Fprintf(&out, "--- %s\n+++ %s\n", aName, bName)
		}
		writeHunk(&out, ops[h.from:h.to], al, bl)
	}
	return out.String()
}

func lines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// op is one line of the edit script: kept (' '), deleted from a ('-') or
// inserted from b ('+'). a and b are its positions in each: for an
// insertion, a is the index of the line of a it goes before, and for a
// deletion b is the index of the line of b it comes before.
type op struct {
	kind byte
	a, b int
}

// diff returns an edit script turning a into b: a shortest one when it
// takes at most limit deletions and insertions, else every line of a
// deleted and every line of b inserted.
func diff(a, b []string, limit int) []op {
	n, m := len(a), len(b)
	limit = min(limit, n+m)
	off := limit + 1
	v := make([]int, 2*limit+3)
	var trace [][]int // trace[d][k+d]: the furthest x on diagonal k after d edits
	for d := 0; d <= limit; d++ {
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || k != d && v[off+k-1] < v[off+k+1] {
				x = v[off+k+1] // down: an insertion
			} else {
				x = v[off+k-1] + 1 // right: a deletion
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[off+k] = x
			if x >= n && y >= m {
				return backtrack(trace, n, m)
			}
		}
		trace = append(trace, append([]int(nil), v[off-d:off+d+1]...))
	}
	ops := make([]op, 0, n+m)
	for i := range n {
		ops = append(ops, op{'-', i, 0})
	}
	for j := range m {
		ops = append(ops, op{'+', n, j})
	}
	return ops
}

// backtrack walks the trace from the end back to the start and returns
// the edit script in order. trace holds the states after 0..D-1 edits; the
// path ends at (n, m) after D = len(trace) edits.
func backtrack(trace [][]int, n, m int) []op {
	var rev []op
	x, y := n, m
	for d := len(trace); d > 0; d-- {
		prev := trace[d-1] // k from -(d-1) to d-1, at prev[k+d-1]
		at := func(k int) int { return prev[k+d-1] }
		k := x - y
		prevK := k - 1
		if k == -d || k != d && at(k-1) < at(k+1) {
			prevK = k + 1
		}
		prevX := at(prevK)
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x, y = x-1, y-1
			rev = append(rev, op{' ', x, y})
		}
		if x == prevX {
			y--
			rev = append(rev, op{'+', x, y})
		} else {
			x--
			rev = append(rev, op{'-', x, y})
		}
	}
	for x > 0 && y > 0 {
		x, y = x-1, y-1
		rev = append(rev, op{' ', x, y})
	}
	ops := make([]op, len(rev))
	for i, o := range rev {
		ops[len(rev)-1-i] = o
	}
	return ops
}

// span is a hunk: ops[from:to].
type span struct{ from, to int }

// hunks groups the changes of ops with context kept lines around each,
// merging groups whose context would touch.
func hunks(ops []op, context int) []span {
	var out []span
	for i, o := range ops {
		if o.kind == ' ' {
			continue
		}
		from, to := max(i-context, 0), min(i+1+context, len(ops))
		if n := len(out); n > 0 && from <= out[n-1].to {
			out[n-1].to = to
			continue
		}
		out = append(out, span{from, to})
	}
	return out
}

func writeHunk(out *strings.Builder, ops []op, a, b []string) {
	aStart, bStart := ops[0].a, ops[0].b
	var aLen, bLen int
	for _, o := range ops {
		if o.kind != '+' {
			aLen++
		}
		if o.kind != '-' {
			bLen++
		}
	}
	fmt.Fprintf(out, "@@ -%s +%s @@\n", rangeOf(aStart, aLen), rangeOf(bStart, bLen))
	for _, o := range ops {
		var line string
		if o.kind == '+' {
			line = b[o.b]
		} else {
			line = a[o.a] // kept or deleted
		}
		out.WriteByte(o.kind)
		out.WriteString(line)
		out.WriteByte('\n')
	}
}

// rangeOf writes a hunk range as diff -u does: 1-based start and length,
// the length left out when 1, and an empty range starting at the line
// before it.
func rangeOf(start, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", start)
	case 1:
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}
