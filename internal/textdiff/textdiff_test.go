package textdiff

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestUnifiedSame(t *testing.T) {
	assert.Empty(t, Unified("a", "b", "x\ny\n", "x\ny\n", 3))
	assert.Empty(t, Unified("a", "b", "", "", 3))
	assert.Empty(t, Unified("a", "b", "x\ny", "x\ny\n", 3), "a missing last newline does not count")
}

func TestUnifiedOneChange(t *testing.T) {
	a := "1\n2\n3\n4\n5\n6\n7\n8\n9\n"
	b := "1\n2\n3\n4\nfive\n6\n7\n8\n9\n"
	assert.Equal(t, `--- A
+++ B
@@ -2,7 +2,7 @@
 2
 3
 4
-5
+five
 6
 7
 8
`, Unified("A", "B", a, b, 3))
}

func TestUnifiedInsertAndDeleteAtTheEdges(t *testing.T) {
	assert.Equal(t, "--- A\n+++ B\n@@ -0,0 +1 @@\n+new\n", Unified("A", "B", "", "new\n", 3))
	assert.Equal(t, "--- A\n+++ B\n@@ -1 +0,0 @@\n-old\n", Unified("A", "B", "old\n", "", 3))
	assert.Equal(t, "--- A\n+++ B\n@@ -1,2 +1,3 @@\n+0\n 1\n 2\n", Unified("A", "B", "1\n2\n", "0\n1\n2\n", 3))
	assert.Equal(t, "--- A\n+++ B\n@@ -1,2 +1 @@\n 1\n-2\n", Unified("A", "B", "1\n2\n", "1\n", 3))
}

func TestUnifiedSeparateHunks(t *testing.T) {
	var a, b []string
	for i := range 20 {
		a = append(a, fmt.Sprint(i))
		b = append(b, fmt.Sprint(i))
	}
	b[2], b[17] = "two", "seventeen"
	got := Unified("A", "B", strings.Join(a, "\n")+"\n", strings.Join(b, "\n")+"\n", 1)
	assert.Equal(t, `--- A
+++ B
@@ -2,3 +2,3 @@
 1
-2
+two
 3
@@ -17,3 +17,3 @@
 16
-17
+seventeen
 18
`, got)
	// With more context the two hunks touch and merge.
	assert.Equal(t, 1, strings.Count(Unified("A", "B", strings.Join(a, "\n"), strings.Join(b, "\n"), 7), "@@ -"))
}

// Applying the edit script to a gives b, and it is no longer than needed,
// for random inputs over a small alphabet (so lines repeat).
func TestDiffScriptsAreCorrectAndShort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	gen := func() []string {
		out := make([]string, r.IntN(30))
		for i := range out {
			out[i] = string(rune('a' + r.IntN(4)))
		}
		return out
	}
	for range 500 {
		a, b := gen(), gen()
		ops := diff(a, b, maxEdits)
		var got []string
		edits := 0
		ai := 0
		for _, o := range ops {
			switch o.kind {
			case ' ':
				assert.Equal(t, a[o.a], b[o.b])
				assert.Equal(t, ai, o.a)
				got = append(got, a[o.a])
				ai++
			case '-':
				assert.Equal(t, ai, o.a)
				ai++
				edits++
			case '+':
				got = append(got, b[o.b])
				edits++
			}
		}
		assert.Equal(t, len(a), ai, "every line of a is kept or deleted")
		assert.Equal(t, strings.Join(b, ","), strings.Join(got, ","))
		assert.Equal(t, len(a)+len(b)-2*lcs(a, b), edits, "a shortest script")
	}
}

// Past the limit every line is replaced: still a correct script.
func TestDiffGivesUpPastTheLimit(t *testing.T) {
	a := []string{"1", "2", "3", "4"}
	b := []string{"4", "3", "2", "1"}
	ops := diff(a, b, 2)
	assert.Len(t, ops, 8)
	for i, o := range ops[:4] {
		assert.Equal(t, op{'-', i, 0}, o)
	}
	for j, o := range ops[4:] {
		assert.Equal(t, op{'+', 4, j}, o)
	}
	assert.Contains(t, Unified("A", "B", "1\n2\n", "3\n4\n", 3), "@@ -1,2 +1,2 @@\n-1\n-2\n+3\n+4\n")
}

// lcs is the textbook dynamic program, to check diff against.
func lcs(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}
