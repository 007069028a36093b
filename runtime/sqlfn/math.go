package sqlfn

import "math"

// RoundFloat is ROUND(x, digits) for FLOAT: half away from zero (dialect.md),
// computed on the decimal digits of x so that ROUND(2.675, 2) is 2.68, as a
// user reading the data expects, not 2.67 as binary rounding gives.
func RoundFloat(x float64, digits int64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	if digits > 15 || digits < -15 {
		if digits > 0 {
			return x
		}
		return 0
	}
	p := math.Pow(10, float64(digits))
	y := x * p
	r := math.Round(y)
	// Correct for representation error: 2.675*100 = 267.49999999999997.
	if math.Abs(y-r) != 0.5 && math.Abs(math.Abs(y-math.Trunc(y))-0.5) < 1e-9*math.Max(1, math.Abs(y)) {
		r = math.Trunc(y) + math.Copysign(1, y)
	}
	return r / p
}

// ModInt is % for INTEGER: the sign of the dividend (Go's %). The caller
// checks for a zero divisor first.
func ModInt(a, b int64) int64 {
	if b == -1 {
		return 0 // avoids the MinInt64 % -1 trap
	}
	return a % b
}

// DivInt is / for INTEGER, truncating toward zero; ok is false on
// overflow (MinInt64 / -1). The caller checks for a zero divisor first.
func DivInt(a, b int64) (int64, bool) {
	if b == -1 && a == math.MinInt64 {
		return 0, false
	}
	return a / b, true
}

// AddInt, SubInt and MulInt are INTEGER arithmetic that reports overflow
// instead of wrapping: an overflow makes the record an error record.
func AddInt(a, b int64) (int64, bool) {
	c := a + b
	return c, (c > a) == (b > 0)
}

func SubInt(a, b int64) (int64, bool) {
	c := a - b
	return c, (c < a) == (b > 0)
}

func MulInt(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	c := a * b
	if (c < 0) != ((a < 0) != (b < 0)) || c/b != a {
		return c, false
	}
	return c, true
}

// FloatToInt is CAST(FLOAT AS INTEGER): truncation toward zero; ok is
// false for NaN, infinities and values outside int64.
func FloatToInt(f float64) (int64, bool) {
	if math.IsNaN(f) || f >= 9223372036854775808.0 || f < -9223372036854775808.0 {
		return 0, false
	}
	return int64(f), true
}

// BoolInt orders booleans for comparison: FALSE < TRUE.
func BoolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TimestampDate is CAST(TIMESTAMP AS DATE): the UTC day, rounding down for
// instants before 1970.
func TimestampDate(ms int64) int32 {
	d := ms / 86_400_000
	if ms%86_400_000 < 0 {
		d--
	}
	return int32(d)
}

// AbsInt is ABS for INTEGER; ok is false for MinInt64.
func AbsInt(v int64) (int64, bool) {
	if v < 0 {
		if v == math.MinInt64 {
			return 0, false
		}
		return -v, true
	}
	return v, true
}

// TruncFloat is TRUNC(x, digits) for FLOAT: toward zero at the given
// decimal digit, computed like RoundFloat on the decimal digits of x.
func TruncFloat(x float64, digits int64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) || digits > 15 {
		return x
	}
	if digits < -15 {
		return 0
	}
	p := math.Pow(10, float64(digits))
	y := x * p
	t := math.Trunc(y)
	// 0.29*100 is 28.999999999999996: a fraction within rounding noise
	// of the next integer is that integer.
	if r := math.Round(y); r != t && math.Abs(y-r) < 1e-9*math.Max(1, math.Abs(y)) {
		t = r
	}
	return t / p
}

// Log is LOG(base, x): the logarithm of x in the given base. Like LN and
// LOG10 (math.Log, math.Log10) it follows IEEE-754 rather than failing:
// a zero x gives -Infinity, a negative one NaN (docs/decisions.md).
func Log(base, x float64) float64 { return math.Log(x) / math.Log(base) }

// SignInt is SIGN for INTEGER and DECIMAL mantissas: -1, 0 or 1.
func SignInt(v int64) int64 {
	switch {
	case v < 0:
		return -1
	case v > 0:
		return 1
	}
	return 0
}

// SignFloat is SIGN for FLOAT: -1, 0 or 1 as a FLOAT (NaN stays NaN, and
// a negative zero gives 0).
func SignFloat(v float64) float64 {
	switch {
	case v < 0:
		return -1
	case v > 0:
		return 1
	}
	if math.IsNaN(v) {
		return v
	}
	return 0
}
