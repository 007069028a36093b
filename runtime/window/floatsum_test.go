package window

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestFloatSum checks FloatSum against summing the frame afresh, with
// NULLs, and the case a subtracting sum gets wrong.
func TestFloatSum(t *testing.T) {
	for _, size := range []int{1, 2, 3, 7, 100} {
		var s FloatSum
		type row struct {
			v  float64
			ok bool
		}
		var rows []row
		r := rand.New(rand.NewPCG(uint64(size), 1))
		for i := range 1000 {
			v, ok := r.NormFloat64()*1000, r.IntN(5) != 0
			if i == 10 {
				v, ok = 1e16, true // leaves the frame; must not take the small values' bits with it
			}
			s.Push(size, v, ok)
			rows = append(rows, row{v, ok})
			if len(rows) > size {
				rows = rows[1:]
			}
			var want float64
			var n int64
			for _, row := range rows {
				if row.ok {
					want += row.v
					n++
				}
			}
			got, gotN := s.Sum()
			if gotN != n || math.Abs(got-want) > 1e-9*max(1, math.Abs(want)) {
				t.Fatalf("size %d, row %d: Sum() = %v, %d; want %v, %d", size, i, got, gotN, want, n)
			}
		}
	}
}
