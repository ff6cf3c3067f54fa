package wire

import (
	"bytes"
	"testing"
)

// safeRun, eight bytes at a time, agrees with strSafe byte by byte: for
// every byte value at every offset of a word, after every other value.
func TestSafeRun(t *testing.T) {
	naive := func(data []byte, i int) int {
		for i < len(data) && strSafe[data[i]] {
			i++
		}
		return i
	}
	for c := range 256 {
		for before := range 256 {
			for at := range 19 {
				data := bytes.Repeat([]byte{'a'}, 20)
				data[at] = byte(c)
				if at > 0 {
					data[at-1] = byte(before)
				}
				for start := range 3 {
					if got, want := safeRun(data, start), naive(data, start); got != want {
						t.Fatalf("safeRun(%q, %d) = %d, want %d", data, start, got, want)
					}
				}
			}
		}
	}
}
