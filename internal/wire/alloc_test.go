package wire

import "testing"

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
