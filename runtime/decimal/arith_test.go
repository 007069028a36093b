package decimal

import (
	"math"
	"math/big"
	"testing"
)

func pow10Int128(k int) Int128 {
	x, _ := fromMag(pow10x128[k], false)
	return x
}

// mustParse128 parses text as a mantissa at the given scale.
func mustParse128(t testing.TB, s string, scale int) Int128 {
	t.Helper()
	m, ok := Parse128([]byte(s), scale)
	if !ok {
		t.Fatalf("Parse128(%q, %d) failed", s, scale)
	}
	return m
}

// TestSpecExamples checks the examples of types.md and of the brief.
func TestSpecExamples(t *testing.T) {
	str64 := func(m int64, ok bool, scale int) string {
		if !ok {
			return "overflow"
		}
		return string(Append64(nil, m, scale))
	}
	str128 := func(m Int128, ok bool, scale int) string {
		if !ok {
			return "overflow"
		}
		return string(Append128(nil, m, scale))
	}
	check := func(what, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %s; want %s", what, got, want)
		}
	}

	// Summing 0.10 ten million times gives exactly 1000000.00.
	var s Sum64
	for range 10_000_000 {
		s.Add(10)
	}
	m, ok := s.Fits64()
	check("SUM(0.10 × 10M)", str64(m, ok, 2), "1000000.00")

	// 100.00 / 3 = 33.333333 (scale max(6, 2, 0)).
	q, ok, dz := Div64(10000, 2, 3, 0, 6)
	check("100.00 / 3", str64(q, ok && !dz, 6), "33.333333")
	q, ok, _ = Div64(-10000, 2, 3, 0, 6)
	check("-100.00 / 3", str64(q, ok, 6), "-33.333333")
	q, ok, _ = Div64(20000, 2, 3, 0, 6)
	check("200.00 / 3", str64(q, ok, 6), "66.666667")
	q, ok, _ = Div64(-20000, 2, 3, 0, 6)
	check("-200.00 / 3", str64(q, ok, 6), "-66.666667")
	_, ok, dz = Div64(10000, 2, 0, 0, 6)
	if ok || !dz {
		t.Errorf("100.00 / 0: ok=%v divByZero=%v; want false, true", ok, dz)
	}

	// 12.50 * 1.250 = 15.62500; -3.25 * 0.333 = -1.08225 (scale sa+sb).
	p, ok := Mul64(1250, 1250, 0)
	check("12.50 * 1.250", str64(p, ok, 5), "15.62500")
	p, ok = Mul64(-325, 333, 0)
	check("-3.25 * 0.333", str64(p, ok, 5), "-1.08225")
	// 12.50 * 1.1 at result scale 3.
	p, ok = Mul64(1250, 11, 0)
	check("12.50 * 1.1", str64(p, ok, 3), "13.750")
	// Rounded to fewer digits: -3.25 * 0.333 at scale 2 and 3.
	p, ok = Mul64(-325, 333, 3)
	check("-3.25 * 0.333 at scale 2", str64(p, ok, 2), "-1.08")
	p, ok = Mul64(-325, 333, 2)
	check("-3.25 * 0.333 at scale 3", str64(p, ok, 3), "-1.082")
	p, ok = Mul64(-125, 1, 1) // -0.125 * 1 at scale 2
	check("-0.125 * 1 at scale 2", str64(p, ok, 2), "-0.13")

	// (10,2) + (10,3): 12.50 + 1.250 = 13.750.
	a, ok := Rescale64(1250, 2, 3)
	if !ok {
		t.Fatal("Rescale64(12.50 to scale 3) overflowed")
	}
	sum, ok := Add64(a, 1250)
	check("12.50 + 1.250", str64(sum, ok, 3), "13.750")

	// Exact comparison across scales: 1.5 = 1.50.
	if c := Cmp64(15, 1, 150, 2); c != 0 {
		t.Errorf("Cmp64(1.5, 1.50) = %d; want 0", c)
	}
	if c := Cmp128(To128(15), 1, To128(150), 2); c != 0 {
		t.Errorf("Cmp128(1.5, 1.50) = %d; want 0", c)
	}

	// Wide decimals: 9999999999999999999.99 * 3 = 29999999999999999999.97.
	w, ok := Mul128(mustParse128(t, "9999999999999999999.99", 2), To128(3), 0)
	check("9999999999999999999.99 * 3", str128(w, ok, 2), "29999999999999999999.97")
	w, ok = Mul128(mustParse128(t, "123456789012345678.90", 2), To128(3), 0)
	check("123456789012345678.90 * 3", str128(w, ok, 2), "370370367037037036.70")
	// The same with 3 as DECIMAL(18,0) at scale 0 — and as a 64-bit
	// operand the product needs the 128-bit result.
	if _, ok := Mul64(999999999999999999, 30, 0); ok {
		t.Error("Mul64(999999999999999999, 30) did not report overflow")
	}

	// A 128-bit sum of 20000000000000000000.01-type values.
	var s128 Sum128
	v := mustParse128(t, "20000000000000000000.01", 2)
	for range 1000 {
		s128.Add(v)
	}
	tot, ok := s128.Value()
	check("SUM(20000000000000000000.01 × 1000)", str128(tot, ok, 2), "20000000000000000000010.00")
	// AVG of those at scale max(6, 2).
	avg, ok := Avg(tot, 2, 1000, 6)
	check("AVG(20000000000000000000.01 × 1000)", str128(avg, ok, 6), "20000000000000000000.010000")
}

func TestAddSub64(t *testing.T) {
	tests := []struct {
		a, b   int64
		sum    int64
		sumOK  bool
		diff   int64
		diffOK bool
	}{
		{1, 2, 3, true, -1, true},
		{math.MaxInt64, 0, math.MaxInt64, true, math.MaxInt64, true},
		{math.MaxInt64, 1, 0, false, math.MaxInt64 - 1, true},
		{math.MinInt64, -1, 0, false, math.MinInt64 + 1, true},
		{math.MinInt64, 1, math.MinInt64 + 1, true, 0, false},
		{0, math.MinInt64, math.MinInt64, true, 0, false},
		{-1, math.MinInt64, 0, false, math.MaxInt64, true},
		{math.MaxInt64, math.MinInt64, -1, true, 0, false},
		{math.MaxInt64, math.MaxInt64, 0, false, 0, true},
	}
	for _, tt := range tests {
		if s, ok := Add64(tt.a, tt.b); ok != tt.sumOK || ok && s != tt.sum {
			t.Errorf("Add64(%d, %d) = %d, %v; want %d, %v", tt.a, tt.b, s, ok, tt.sum, tt.sumOK)
		}
		if d, ok := Sub64(tt.a, tt.b); ok != tt.diffOK || ok && d != tt.diff {
			t.Errorf("Sub64(%d, %d) = %d, %v; want %d, %v", tt.a, tt.b, d, ok, tt.diff, tt.diffOK)
		}
		// The 128-bit versions never overflow on int64 operands.
		want := new(big.Int).Add(big.NewInt(tt.a), big.NewInt(tt.b))
		if s, ok := Add128(To128(tt.a), To128(tt.b)); !ok || bigOf128(s).Cmp(want) != 0 {
			t.Errorf("Add128(%d, %d) = %v, %v; want %v", tt.a, tt.b, s, ok, want)
		}
		want = new(big.Int).Sub(big.NewInt(tt.a), big.NewInt(tt.b))
		if d, ok := Sub128(To128(tt.a), To128(tt.b)); !ok || bigOf128(d).Cmp(want) != 0 {
			t.Errorf("Sub128(%d, %d) = %v, %v; want %v", tt.a, tt.b, d, ok, want)
		}
	}
	if _, ok := Add128(maxInt128, To128(1)); ok {
		t.Error("Add128(max, 1) did not overflow")
	}
	if _, ok := Sub128(minInt128, To128(1)); ok {
		t.Error("Sub128(min, 1) did not overflow")
	}
	if s, ok := Add128(maxInt128, minInt128); !ok || s != To128(-1) {
		t.Errorf("Add128(max, min) = %v, %v", s, ok)
	}
}

func TestNegAbsSign(t *testing.T) {
	for _, m := range []int64{0, 1, -1, 42, -42, math.MaxInt64, math.MinInt64 + 1} {
		if n, ok := Neg64(m); !ok || n != -m {
			t.Errorf("Neg64(%d) = %d, %v", m, n, ok)
		}
		want := m
		if m < 0 {
			want = -m
		}
		if a, ok := Abs64(m); !ok || a != want {
			t.Errorf("Abs64(%d) = %d, %v", m, a, ok)
		}
		sign := 0
		if m > 0 {
			sign = 1
		} else if m < 0 {
			sign = -1
		}
		if s := Sign64(m); s != sign {
			t.Errorf("Sign64(%d) = %d", m, s)
		}
		if s := Sign128(To128(m)); s != sign {
			t.Errorf("Sign128(%d) = %d", m, s)
		}
		if n, ok := Neg128(To128(m)); !ok || n != To128(-m) {
			t.Errorf("Neg128(%d) = %v, %v", m, n, ok)
		}
		if a, ok := Abs128(To128(m)); !ok || a != To128(want) {
			t.Errorf("Abs128(%d) = %v, %v", m, a, ok)
		}
	}
	if _, ok := Neg64(math.MinInt64); ok {
		t.Error("Neg64(MinInt64) did not overflow")
	}
	if _, ok := Abs64(math.MinInt64); ok {
		t.Error("Abs64(MinInt64) did not overflow")
	}
	if Sign64(math.MinInt64) != -1 {
		t.Error("Sign64(MinInt64) != -1")
	}
	if _, ok := Neg128(minInt128); ok {
		t.Error("Neg128(min) did not overflow")
	}
	if _, ok := Abs128(minInt128); ok {
		t.Error("Abs128(min) did not overflow")
	}
	if n, ok := Neg128(To128(math.MinInt64)); !ok || n.String() != "9223372036854775808" {
		t.Errorf("Neg128(MinInt64) = %v, %v", n, ok)
	}
	if Sign128(Int128{Hi: 0, Lo: 1 << 63}) != 1 || Sign128(minInt128) != -1 || Sign128(Int128{Hi: 1}) != 1 {
		t.Error("Sign128 wrong on wide values")
	}
}

func TestMod(t *testing.T) {
	tests := []struct{ a, b, want int64 }{
		{7, 3, 1}, {-7, 3, -1}, {7, -3, 1}, {-7, -3, -1},
		{750, 200, 150}, // 7.50 % 2.00 = 1.50
		{math.MinInt64, -1, 0}, {math.MinInt64, math.MaxInt64, -1}, {5, 5, 0},
	}
	for _, tt := range tests {
		if r, dz := Mod64(tt.a, tt.b); dz || r != tt.want {
			t.Errorf("Mod64(%d, %d) = %d, %v; want %d", tt.a, tt.b, r, dz, tt.want)
		}
		if r, dz := Mod128(To128(tt.a), To128(tt.b)); dz || r != To128(tt.want) {
			t.Errorf("Mod128(%d, %d) = %v, %v; want %d", tt.a, tt.b, r, dz, tt.want)
		}
	}
	if _, dz := Mod64(1, 0); !dz {
		t.Error("Mod64(1, 0) did not report division by zero")
	}
	if _, dz := Mod128(To128(1), Int128{}); !dz {
		t.Error("Mod128(1, 0) did not report division by zero")
	}
	if r, _ := Mod128(minInt128, To128(-1)); r != (Int128{}) {
		t.Errorf("Mod128(min, -1) = %v", r)
	}
}

func TestConversions(t *testing.T) {
	if m, ok := FromInt64(42, 2); !ok || m != 4200 {
		t.Errorf("FromInt64(42, 2) = %d, %v", m, ok)
	}
	if m, ok := FromInt64(-92233720368547758, 2); !ok || m != -9223372036854775800 {
		t.Errorf("FromInt64(-92233720368547758, 2) = %d, %v", m, ok)
	}
	if _, ok := FromInt64(92233720368547759, 2); ok {
		t.Error("FromInt64(92233720368547759, 2) did not overflow")
	}
	if _, ok := FromInt64(1, 19); ok {
		t.Error("FromInt64(1, 19) did not overflow")
	}
	if m, ok := FromInt128(math.MinInt64, 19); !ok || m.String() != "-92233720368547758080000000000000000000" {
		t.Errorf("FromInt128(MinInt64, 19) = %v, %v", m, ok)
	}
	if _, ok := FromInt128(math.MaxInt64, 20); ok {
		t.Error("FromInt128(MaxInt64, 20) did not overflow") // 9.2e38 > 1.7e38
	}
	if m, ok := FromInt128(1, 38); !ok || m != pow10Int128(38) {
		t.Errorf("FromInt128(1, 38) = %v, %v", m, ok)
	}
	for _, tt := range []struct {
		m     int64
		scale int
		want  int64
	}{{1299, 2, 12}, {-1299, 2, -12}, {5, 1, 0}, {-5, 1, 0}, {7, 0, 7}, {math.MinInt64, 18, -9}} {
		if got := ToInt64Trunc(tt.m, tt.scale); got != tt.want {
			t.Errorf("ToInt64Trunc(%d, %d) = %d; want %d", tt.m, tt.scale, got, tt.want)
		}
		if got, ok := ToInt64Trunc128(To128(tt.m), tt.scale); !ok || got != tt.want {
			t.Errorf("ToInt64Trunc128(%d, %d) = %d, %v; want %d", tt.m, tt.scale, got, ok, tt.want)
		}
	}
	if _, ok := ToInt64Trunc128(mustParse128(t, "9223372036854775808", 0), 0); ok {
		t.Error("ToInt64Trunc128(2^63) did not overflow")
	}
	if v, ok := ToInt64Trunc128(mustParse128(t, "-9223372036854775808.99", 2), 2); !ok || v != math.MinInt64 {
		t.Errorf("ToInt64Trunc128(-2^63-0.99) = %d, %v", v, ok)
	}
	if v, ok := To128(-5).Fits64(); !ok || v != -5 {
		t.Errorf("To128(-5).Fits64() = %d, %v", v, ok)
	}
	if _, ok := (Int128{Hi: 0, Lo: 1 << 63}).Fits64(); ok {
		t.Error("2^63 fits int64?")
	}
}

func TestNarrow128(t *testing.T) {
	tests := []struct {
		m        Int128
		from, to int
		want     int64
		ok       bool
	}{
		{To128(123456), 4, 2, 1235, true},
		{To128(-123450), 4, 2, -1235, true},
		{To128(12), 0, 2, 1200, true},
		{Int128{Hi: 1}, 0, 0, 0, false},
		{To128(-9223372036854775808), 0, 0, -9223372036854775808, true},
		{To128(922337203685477580), 0, 1, 9223372036854775800, true},
		{To128(922337203685477581), 0, 2, 0, false},
	}
	for _, tt := range tests {
		got, ok := Narrow128(tt.m, tt.from, tt.to)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Narrow128(%v, %d, %d) = %d, %v; want %d, %v", tt.m, tt.from, tt.to, got, ok, tt.want, tt.ok)
		}
	}
}

func TestSumMerge(t *testing.T) {
	vals := []int64{math.MaxInt64, 5, math.MaxInt64, -3, math.MinInt64, math.MaxInt64, 7}
	for split := 0; split <= len(vals); split++ {
		var all, a, b Sum64
		var all128, a128, b128 Sum128
		for i, v := range vals {
			all.Add(v)
			all128.Add(To128(v))
			if i < split {
				a.Add(v)
				a128.Add(To128(v))
			} else {
				b.Add(v)
				b128.Add(To128(v))
			}
		}
		a.Merge(&b)
		a128.Merge(&b128)
		if a.Value() != all.Value() {
			t.Errorf("split %d: Sum64 merged %v, want %v", split, a.Value(), all.Value())
		}
		x, _ := a128.Value()
		y, _ := all128.Value()
		if x != y {
			t.Errorf("split %d: Sum128 merged %v, want %v", split, x, y)
		}
	}
}
