package scalar

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// slowAppendFloat is AppendFloat without its fast path: the reference.
func slowAppendFloat(f float64) string {
	if f != f || math.IsInf(f, 0) || f == 0 || (f > -1e21 && f < 1e21 && f == math.Trunc(f)) {
		return string(AppendFloat(nil, f))
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// TestAppendShortDecimal checks the fast path against strconv's shortest
// formatting on values with few decimals (where it applies) and on random
// floats (where it must step aside).
func TestAppendShortDecimal(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	check := func(f float64) {
		t.Helper()
		if got, want := string(AppendFloat(nil, f)), slowAppendFloat(f); got != want {
			t.Fatalf("AppendFloat(%v) = %q, want %q", f, got, want)
		}
	}
	for _, f := range []float64{0.1, 0.2, 0.3, 0.1 + 0.2, 1.5, -2.25, 12345.67, 999999.9999, 0.0001, 0.00015, 1e-4, 99.995, 2.675, 1234.5678, -0.0005} {
		check(f)
	}
	for i := 0; i < 2_000_000; i++ {
		k := r.IntN(5)
		n := r.Int64N(2_000_000_000) - 1_000_000_000
		check(float64(n) / math.Pow(10, float64(k)))                     // few decimals
		check(float64(n) * float64(r.IntN(1000)) / 100)                  // products of prices and quantities
		check(math.Float64frombits(r.Uint64()))                          // anything
		check((r.Float64() - 0.5) * math.Pow(10, float64(r.IntN(12)-4))) // many digits
	}
}

func BenchmarkAppendFloatShapes(b *testing.B) {
	buf := make([]byte, 0, 32)
	for _, f := range []float64{12345.67, 0.1 + 0.2, 1234567.5} {
		b.Run(strconv.FormatFloat(f, 'g', -1, 64), func(b *testing.B) {
			for b.Loop() {
				buf = AppendFloat(buf[:0], f)
			}
		})
	}
}
