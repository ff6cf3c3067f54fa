package wire

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// Decoding allocates what it keeps, and little else: these counts are
// exact, not timings, so they hold on any machine.
func TestDecodeAllocations(t *testing.T) {
	tests := []struct {
		name, in string
		into     func() any
		allocs   float64
	}{
		// One array of room for 4, as encoding/json makes it, not 1, 2, 4.
		{"a short slice", `[1,2,3]`, func() any { return new([]int) }, 1},
		// 4 then 8.
		{"a longer slice", `[1,2,3,4,5]`, func() any { return new([]int) }, 2},
		// The map, one array for all its lists, and the strings.
		{"string lists", `{"A":["a1","a2"],"B":"b"}`, func() any { return new(headerLists) }, 1 + 1 + 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := []byte(tt.in)
			got := testing.AllocsPerRun(20, func() {
				if err := Unmarshal(in, tt.into()); err != nil {
					t.Fatal(err)
				}
			}) - 1 // tt.into's
			if got > tt.allocs {
				t.Errorf("%s: %v allocations, want at most %v", tt.in, got, tt.allocs)
			}
		})
	}
}

// A decoder goes back to the pool without the scratch space an unusually
// large input made it grow: one object with a million unknown members once
// left 27 MB of spans in the pool for good.
func TestReleasedDecoderKeepsLittle(t *testing.T) {
	type large struct {
		S string      `json:"s"`
		H headerLists `json:"h"`
		_ Extra
	}
	const n = 100000
	b := []byte(`{"s":"\u0041` + strings.Repeat("a", n) + `","h":{`)
	for i := range n {
		b = fmt.Appendf(b, `"h%d":["v"],`, i)
	}
	b = append(b, `"H":"v"}`...)
	for i := range n {
		b = fmt.Appendf(b, `,"u%d":0`, i)
	}
	b = append(b, '}')
	var v large
	c, err := codecFor(reflect.TypeFor[large]())
	if err != nil {
		t.Fatal(err)
	}
	d := &decoder{data: b}
	if err := d.top(c, reflect.ValueOf(&v).Elem()); err != nil || len(v.S) != n+1 || len(v.H) != n+1 {
		t.Fatalf("decoded %d bytes and %d lists: %v", len(v.S), len(v.H), err)
	}
	d.reset()
	if cap(d.buf) != 0 || cap(d.spans) != 0 || cap(d.strs) != 0 || cap(d.lists) != 0 {
		t.Errorf("kept room for %d bytes, %d spans, %d strings and %d lists", cap(d.buf), cap(d.spans), cap(d.strs), cap(d.lists))
	}
}
