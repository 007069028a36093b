package window

import (
	"math/rand/v2"
	"testing"
)

// TestExtreme checks the deque against a rescan of the frame.
func TestExtreme(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, size := range []int64{1, 2, 3, 7, 100} {
		for _, max := range []bool{false, true} {
			var e Extreme[int]
			var vals []int
			var oks []bool
			for i := range 3000 {
				v, ok := r.IntN(50), r.IntN(5) > 0
				vals, oks = append(vals, v), append(oks, ok)
				e.Push(size, v, ok, max)
				want, have := 0, false
				for k := max2(0, len(vals)-int(size)); k < len(vals); k++ {
					if !oks[k] {
						continue
					}
					if !have || max && vals[k] > want || !max && vals[k] < want {
						want, have = vals[k], true
					}
				}
				got, gotOK := e.Value()
				if gotOK != have || have && got != want {
					t.Fatalf("size %d max %v row %d: %d, %v; want %d, %v", size, max, i, got, gotOK, want, have)
				}
			}
			if len(e.vals)-e.head > int(size) {
				t.Errorf("size %d: keeps %d values", size, len(e.vals)-e.head)
			}
		}
	}
}

func max2(a, b int) int {
	if a > b {
		return a
	}
	return b
}
