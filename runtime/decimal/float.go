package decimal

import (
	"math"
	"strconv"
)

// Conversions between decimals and float64: CAST(float AS DECIMAL(p,s))
// rounds half away from zero (types.md), and DECIMAL op FLOAT is computed
// in FLOAT.
//
// A float64 is a binary fraction, so "0.125 at scale 2" must mean the
// decimal the float stands for. FromFloat64 rounds the shortest decimal
// text that reads back as the same float (strconv's 'e' format with
// precision -1, the text a FLOAT column is written as): 0.125 → 0.13,
// 1.005 → 1.01 (whose float is 1.00499999999999989…, but which prints and
// reads as 1.005). Multiplying by 10^s in floating point instead would get
// such values wrong.

// pow10f holds the powers of ten that are exact float64 values.
var pow10f = [...]float64{
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
}

// FromFloat64 converts f to an int64 mantissa at the given scale, rounding
// the shortest decimal text of f half away from zero. It returns false for
// NaN, ±Inf and values whose mantissa does not fit.
func FromFloat64(f float64, scale int) (int64, bool) {
	if t, ok := fromFloatFast(f, scale); ok {
		return int64(t), true
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	var buf [32]byte
	return Parse64(strconv.AppendFloat(buf[:0], f, 'e', -1, 64), scale)
}

// FromFloat128 converts f to an Int128 mantissa; see FromFloat64.
func FromFloat128(f float64, scale int) (Int128, bool) {
	if t, ok := fromFloatFast(f, scale); ok {
		return To128(int64(t)), true
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return Int128{}, false
	}
	var buf [32]byte
	return Parse128(strconv.AppendFloat(buf[:0], f, 'e', -1, 64), scale)
}

// fromFloatFast returns the rounded mantissa when it can be computed in
// floating point without doubt, and false otherwise.
//
// The shortest decimal D of f lies within half an ulp of f, so
// |D·10^s - f·10^s| ≤ |t|·2^-53 for t = f·10^s, and the rounded product t
// is itself within |t|·2^-53 of f·10^s (10^s is exact for s ≤ 22). Rounding
// half away from zero only changes at half-integers, so when t is farther
// than |t|·2^-50 (a wide margin over 2^-52) from one, D·10^s rounds to the
// same integer as t. Below 2^52 the fraction of t is computed exactly.
func fromFloatFast(f float64, scale int) (float64, bool) {
	if uint(scale) >= uint(len(pow10f)) {
		return 0, false
	}
	t := f * pow10f[scale]
	a := math.Abs(t)
	if !(a < 1<<52) { // also rejects NaN and ±Inf
		return 0, false
	}
	frac := a - math.Floor(a)
	if math.Abs(frac-0.5) <= a*0x1p-50 {
		return 0, false
	}
	return math.Round(t), true
}

// ToFloat64 returns the float64 nearest to m/10^scale (correctly rounded).
func ToFloat64(m int64, scale int) float64 {
	if m >= -1<<53 && m <= 1<<53 && scale < len(pow10f) {
		// Both operands are exact, so one IEEE division rounds correctly.
		return float64(m) / pow10f[scale]
	}
	if scale == 0 {
		return float64(m) // the conversion rounds correctly
	}
	var buf [24 + MaxPrecision128]byte
	return parseFloat(Append64(buf[:0], m, scale))
}

// ToFloat128 returns the float64 nearest to m/10^scale (correctly rounded).
// It allocates when the text of m is longer than 32 bytes.
func ToFloat128(m Int128, scale int) float64 {
	if v, ok := m.Fits64(); ok {
		return ToFloat64(v, scale)
	}
	var buf [24 + MaxPrecision128]byte
	return parseFloat(Append128(buf[:0], m, scale))
}

// parseFloat converts decimal text that is known to be valid. The
// conversion to string does not allocate for up to 32 bytes, as the string
// does not escape.
func parseFloat(b []byte) float64 {
	f, _ := strconv.ParseFloat(string(b), 64)
	return f
}
