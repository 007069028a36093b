package decimal

import "testing"

var (
	sinkI64  int64
	sinkI128 Int128
	sinkF    float64
	sinkOK   bool
	sinkInt  int
)

// TestZeroAllocs proves that the record-path functions do not allocate.
func TestZeroAllocs(t *testing.T) {
	texts := [][]byte{[]byte("12.50"), []byte("-0.125"), []byte("1.5e3"), []byte("92233720368547758.07"), []byte("bad")}
	wide := []byte("-29999999999999999999.97")
	buf := make([]byte, 0, 128)
	var sum Sum64
	var sum128 Sum128
	big := Int128{Hi: 1 << 40, Lo: 12345}
	cases := []struct {
		name string
		fn   func()
	}{
		{"Parse64", func() {
			for _, b := range texts {
				sinkI64, sinkOK = Parse64(b, 2)
			}
		}},
		{"Parse128", func() { sinkI128, sinkOK = Parse128(wide, 2) }},
		{"Append64", func() {
			buf = Append64(buf[:0], -1250, 2)
			buf = Append64(buf, -9223372036854775808, 18)
		}},
		{"Append128", func() { buf = Append128(buf[:0], big, 38) }},
		{"Mul64", func() {
			sinkI64, sinkOK = Mul64(1250, 1250, 0)
			sinkI64, sinkOK = Mul64(-325, 333, 3)
		}},
		{"Mul128", func() { sinkI128, sinkOK = Mul128(big, big, 10) }},
		{"Div64", func() {
			sinkI64, sinkOK, _ = Div64(10000, 2, 3, 0, 6)
			sinkI64, sinkOK, _ = Div64(10000, 18, 3, 0, 18)
		}},
		{"Div128", func() { sinkI128, sinkOK, _ = Div128(big, 10, Int128{Hi: 3, Lo: 7}, 2, 20) }},
		{"Sum64.Add", func() { sum.Add(10) }},
		{"Sum128.Add", func() { sum128.Add(big) }},
		{"Cmp", func() { sinkInt = Cmp64(15, 1, 150, 2) + Cmp128(big, 3, big, 30) }},
		{"Rescale", func() {
			sinkI64, sinkOK = Rescale64(125, 3, 2)
			sinkI128, sinkOK = Rescale128(big, 30, 2)
		}},
		{"Round", func() { sinkI64, sinkOK = Round64(-125, 3, 2) }},
		{"FromFloat64", func() {
			sinkI64, sinkOK = FromFloat64(0.125, 2)
			sinkI64, sinkOK = FromFloat64(1.005, 2)
			sinkI64, sinkOK = FromFloat64(1e300, 2)
		}},
		{"ToFloat64", func() {
			sinkF = ToFloat64(1250, 2)
			sinkF = ToFloat64(-9223372036854775808, 18)
		}},
		{"Avg", func() { sinkI128, sinkOK = Avg(big, 2, 7, 6) }},
	}
	for _, c := range cases {
		if n := testing.AllocsPerRun(100, c.fn); n != 0 {
			t.Errorf("%s: %v allocations per run; want 0", c.name, n)
		}
	}
}
