package decimal

import (
	"math/big"
	"math/rand"
	"strconv"
	"testing"
)

// Benchmarks compare each decimal operation with float64 (fast, inexact)
// and math/big.Rat (exact, general) side by side:
//
//	go test -run '^$' -bench . -benchmem ./runtime/decimal/
//
// Operands cycle through 1024 random values so that nothing is constant-
// folded and branches see realistic data: prices of up to 10000.00 at scale
// 2, and for decimal128 values of about 20 integer digits.

const nBench = 1024 // a power of two

type benchData struct {
	a, b   []int64    // mantissas at scale 2, b ≠ 0
	fa, fb []float64  // the same values as floats
	ra, rb []*big.Rat // and as rationals
	wa, wb []Int128   // wide mantissas at scale 2 (≈ 10^20), and small ones
	wd     []Int128   // divisors wider than 64 bits
}

var bench = func() *benchData {
	rng := rand.New(rand.NewSource(42))
	d := &benchData{}
	for range nBench {
		a := rng.Int63n(1_000_000) - 500_000
		b := rng.Int63n(1_000_000) + 1
		d.a, d.b = append(d.a, a), append(d.b, b)
		d.fa, d.fb = append(d.fa, float64(a)/100), append(d.fb, float64(b)/100)
		d.ra, d.rb = append(d.ra, big.NewRat(a, 100)), append(d.rb, big.NewRat(b, 100))
		w := mul64To128(rng.Int63n(1e18), 100+rng.Int63n(1000))
		d.wa, d.wb = append(d.wa, w), append(d.wb, To128(b))
		d.wd = append(d.wd, Int128{Hi: 1 + rng.Int63n(1000), Lo: rng.Uint64()})
	}
	return d
}()

func BenchmarkAdd(b *testing.B) {
	d := bench
	b.Run("decimal64", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			sinkI64, sinkOK = Add64(d.a[i%nBench], d.b[i%nBench])
			i++
		}
	})
	b.Run("decimal128", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			sinkI128, sinkOK = Add128(d.wa[i%nBench], d.wb[i%nBench])
			i++
		}
	})
	b.Run("float64", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			sinkF = d.fa[i%nBench] + d.fb[i%nBench]
			i++
		}
	})
	b.Run("bigRat", func(b *testing.B) {
		b.ReportAllocs()
		z := new(big.Rat)
		i := 0
		for b.Loop() {
			z.Add(d.ra[i%nBench], d.rb[i%nBench])
			i++
		}
	})
}

func BenchmarkMul(b *testing.B) {
	d := bench
	b.Run("decimal64", func(b *testing.B) { // scale 2 × scale 2 → scale 4
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			sinkI64, sinkOK = Mul64(d.a[i%nBench], d.b[i%nBench], 0)
			i++
		}
	})
	b.Run("decimal64_round", func(b *testing.B) { // rounded to scale 2
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			sinkI64, sinkOK = Mul64(d.a[i%nBench], d.b[i%nBench], 2)
			i++
		}
	})
	b.Run("decimal128", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			sinkI128, sinkOK = Mul128(d.wa[i%nBench], d.wb[i%nBench], 0)
			i++
		}
	})
	b.Run("decimal128_round", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			sinkI128, sinkOK = Mul128(d.wa[i%nBench], d.wb[i%nBench], 2)
			i++
		}
	})
	b.Run("float64", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			sinkF = d.fa[i%nBench] * d.fb[i%nBench]
			i++
		}
	})
	b.Run("bigRat", func(b *testing.B) {
		b.ReportAllocs()
		z := new(big.Rat)
		i := 0
		for b.Loop() {
			z.Mul(d.ra[i%nBench], d.rb[i%nBench])
			i++
		}
	})
}

func BenchmarkDiv(b *testing.B) {
	d := bench
	b.Run("decimal64", func(b *testing.B) { // scale 2 / scale 2 → scale 6
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			sinkI64, sinkOK, _ = Div64(d.a[i%nBench], 2, d.b[i%nBench], 2, 6)
			i++
		}
	})
	b.Run("decimal128", func(b *testing.B) { // 64-bit divisor
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			sinkI128, sinkOK, _ = Div128(d.wa[i%nBench], 2, d.wb[i%nBench], 2, 6)
			i++
		}
	})
	b.Run("decimal128_wide", func(b *testing.B) { // 128-bit divisor: long division
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			sinkI128, sinkOK, _ = Div128(d.wa[i%nBench], 2, d.wd[i%nBench], 20, 6)
			i++
		}
	})
	b.Run("float64", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			sinkF = d.fa[i%nBench] / d.fb[i%nBench]
			i++
		}
	})
	b.Run("bigRat", func(b *testing.B) {
		b.ReportAllocs()
		z := new(big.Rat)
		i := 0
		for b.Loop() {
			z.Quo(d.ra[i%nBench], d.rb[i%nBench])
			i++
		}
	})
}

// BenchmarkSum10M sums ten million amounts of about 0.10 (random cents
// 0.05…0.15) per operation: the SUM aggregate's inner loop. ns/value is
// the cost per input value.
func BenchmarkSum10M(b *testing.B) {
	const n = 10_000_000
	rng := rand.New(rand.NewSource(7))
	ms := make([]int64, n)
	fs := make([]float64, n)
	for i := range ms {
		ms[i] = 5 + rng.Int63n(11)
		fs[i] = float64(ms[i]) / 100
	}
	perValue := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/value")
	}
	b.Run("decimal64_Sum64", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var s Sum64
			for _, m := range ms {
				s.Add(m)
			}
			sinkI128 = s.Value()
		}
		perValue(b)
	})
	b.Run("int64_unchecked", func(b *testing.B) { // the floor: no overflow check
		b.ReportAllocs()
		for b.Loop() {
			var s int64
			for _, m := range ms {
				s += m
			}
			sinkI64 = s
		}
		perValue(b)
	})
	b.Run("float64", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var s float64
			for _, f := range fs {
				s += f
			}
			sinkF = s
		}
		perValue(b)
	})
	b.Run("bigRat", func(b *testing.B) {
		// 10M Rat additions; the addends are 11 prebuilt rationals, so
		// this measures the additions, not building the inputs.
		var rats [16]*big.Rat
		for i := range rats {
			rats[i] = big.NewRat(int64(i), 100)
		}
		b.ReportAllocs()
		for b.Loop() {
			s := new(big.Rat)
			for _, m := range ms {
				s.Add(s, rats[m])
			}
		}
		perValue(b)
	})
}

func BenchmarkParse64(b *testing.B) {
	for _, s := range []string{"12345.67", "-0.125", "92233720368547758.07"} {
		in := []byte(s)
		b.Run("Parse64/"+s, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkI64, sinkOK = Parse64(in, 2)
			}
		})
		b.Run("Parse128/"+s, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkI128, sinkOK = Parse128(in, 2)
			}
		})
		b.Run("strconv.ParseFloat/"+s, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkF, _ = strconv.ParseFloat(s, 64)
			}
		})
	}
}

func BenchmarkAppend64(b *testing.B) {
	buf := make([]byte, 0, 64)
	for _, m := range []int64{1234567, -5, -9223372036854775808} {
		f := float64(m) / 100
		name := strconv.FormatFloat(f, 'f', 2, 64)
		b.Run("Append64/"+name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				buf = Append64(buf[:0], m, 2)
			}
		})
		b.Run("Append128/"+name, func(b *testing.B) {
			x := To128(m)
			b.ReportAllocs()
			for b.Loop() {
				buf = Append128(buf[:0], x, 2)
			}
		})
		b.Run("strconv.AppendFloat_f2/"+name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				buf = strconv.AppendFloat(buf[:0], f, 'f', 2, 64)
			}
		})
		b.Run("strconv.AppendFloat_shortest/"+name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				buf = strconv.AppendFloat(buf[:0], f, 'g', -1, 64)
			}
		})
	}
	b.Run("Append128/wide", func(b *testing.B) {
		x := mustParse128(b, "-29999999999999999999.97", 2)
		b.ReportAllocs()
		for b.Loop() {
			buf = Append128(buf[:0], x, 2)
		}
	})
}

func BenchmarkFloat(b *testing.B) {
	b.Run("FromFloat64/fast", func(b *testing.B) {
		for b.Loop() {
			sinkI64, sinkOK = FromFloat64(123.45, 2)
		}
	})
	b.Run("FromFloat64/tie", func(b *testing.B) { // 1.005: shortest text
		for b.Loop() {
			sinkI64, sinkOK = FromFloat64(1.005, 2)
		}
	})
	b.Run("ToFloat64/fast", func(b *testing.B) {
		for b.Loop() {
			sinkF = ToFloat64(12345, 2)
		}
	})
	b.Run("ToFloat64/text", func(b *testing.B) {
		for b.Loop() {
			sinkF = ToFloat64(-9223372036854775807, 18)
		}
	})
}

func BenchmarkCmp(b *testing.B) {
	d := bench
	b.Run("Cmp64/same_scale", func(b *testing.B) {
		i := 0
		for b.Loop() {
			sinkInt = Cmp64(d.a[i%nBench], 2, d.b[i%nBench], 2)
			i++
		}
	})
	b.Run("Cmp64/mixed_scale", func(b *testing.B) {
		i := 0
		for b.Loop() {
			sinkInt = Cmp64(d.a[i%nBench], 2, d.b[i%nBench], 3)
			i++
		}
	})
	b.Run("Cmp128/mixed_scale", func(b *testing.B) {
		i := 0
		for b.Loop() {
			sinkInt = Cmp128(d.wa[i%nBench], 2, d.wb[i%nBench], 3)
			i++
		}
	})
}
