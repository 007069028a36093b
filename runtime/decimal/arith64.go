package decimal

import (
	"math"
	"math/bits"
)

// This file holds the arithmetic on int64 mantissas (precision ≤ 18).

// Add64 returns a+b for mantissas at the same scale, and false if the sum
// overflows int64.
func Add64(a, b int64) (int64, bool) {
	s := a + b
	// Overflow iff a and b have the same sign and s has the other one.
	return s, (s^a)&(s^b) >= 0
}

// Sub64 returns a-b for mantissas at the same scale, and false if the
// difference overflows int64.
func Sub64(a, b int64) (int64, bool) {
	d := a - b
	return d, (a^b)&(a^d) >= 0
}

// Neg64 returns -m, and false for math.MinInt64, whose negation does not
// fit.
func Neg64(m int64) (int64, bool) {
	return -m, m != math.MinInt64
}

// Abs64 returns |m|, and false for math.MinInt64.
func Abs64(m int64) (int64, bool) {
	if m < 0 {
		return -m, m != math.MinInt64
	}
	return m, true
}

// Sign64 returns -1, 0 or 1 as m is negative, zero or positive. The scale
// does not matter. (SIGN's result is this integer; if the compiler types
// SIGN(decimal) as a DECIMAL it converts with FromInt64.)
func Sign64(m int64) int {
	return int(m>>63) | int(uint64(-m)>>63)
}

// FromInt64 converts the integer v to a mantissa at the given scale
// (v·10^scale), and reports false if that overflows.
func FromInt64(v int64, scale int) (int64, bool) {
	return mulPow10(v, scale)
}

// ToInt64Trunc converts a mantissa to an integer, truncating toward zero
// (CAST(decimal AS INTEGER), dialect.md). It cannot fail.
func ToInt64Trunc(m int64, scale int) int64 {
	return m / int64(pow10[scale])
}

// Rescale64 converts a mantissa from one scale to another: to a larger
// scale by multiplying (false if that overflows), to a smaller one by
// dividing and rounding half away from zero (which cannot overflow).
func Rescale64(m int64, from, to int) (int64, bool) {
	if to >= from {
		return mulPow10(m, to-from)
	}
	return divPow10Round(m, from-to), true
}

// mulPow10 returns m·10^k, k ≥ 0, and whether it fits.
func mulPow10(m int64, k int) (int64, bool) {
	if uint(k) > 18 {
		// 10^19 does not fit int64: only 0 survives.
		return 0, m == 0
	}
	p := int64(pow10[k])
	hi, lo := bits.Mul64(uint64(m), uint64(p))
	hi -= uint64(m >> 63 & p) // signed high word (p > 0)
	return int64(lo), int64(hi) == int64(lo)>>63
}

// divPow10Round returns m / 10^k rounded half away from zero, k ≥ 1.
func divPow10Round(m int64, k int) int64 {
	if k > 19 {
		// |m| ≤ 2^63 < 10^20/2.
		return 0
	}
	u := uint64(m)
	if m < 0 {
		u = -u
	}
	p := pow10[k]
	q := u / p
	if r := u - q*p; r >= p-r {
		q++
	}
	if m < 0 {
		return -int64(q)
	}
	return int64(q)
}

// Mul64 returns the product of two mantissas, divided by 10^drop and
// rounded half away from zero, and false if the result overflows int64.
//
// The product of mantissas at scales sa and sb is at scale sa+sb; the
// compiler passes drop = sa+sb-s for the result scale s (types.md caps the
// product's scale at 18). The product is formed exactly in 128 bits before
// dividing, so an intermediate that does not fit int64 is not an error if
// the rounded result fits. drop may be negative, meaning the result scale
// is larger than sa+sb.
func Mul64(a, b int64, drop int) (int64, bool) {
	p := mul64To128(a, b)
	if drop == 0 {
		return int64(p.Lo), p.Hi == int64(p.Lo)>>63
	}
	return mulRound64(p, drop)
}

// mulRound64 rescales the exact product p by 10^-drop, drop ≠ 0.
func mulRound64(p Int128, drop int) (int64, bool) {
	if drop < 0 {
		m, ok := p.Fits64()
		if !ok {
			return 0, false
		}
		return mulPow10(m, -drop)
	}
	u, neg := p.mag()
	if drop > MaxPrecision128 {
		// |p| ≤ 2^126 < 10^39/2: rounds to 0.
		return 0, true
	}
	u = u.divPow10Round(drop)
	return fits64(u, neg)
}

// fits64 returns the int64 with magnitude u and the given sign, and
// whether it fits.
func fits64(u u128, neg bool) (int64, bool) {
	if u.hi != 0 {
		return 0, false
	}
	if neg {
		return -int64(u.lo), u.lo <= 1<<63
	}
	return int64(u.lo), u.lo <= math.MaxInt64
}

// Div64 returns a/b, where a is at scale sa and b at scale sb, as a
// mantissa at scale s rounded half away from zero. ok is false when the
// quotient overflows int64 or b is zero; divByZero tells the two apart.
//
// types.md gives the quotient the scale max(6, sa, sb), so 100.00 / 3 is
// 33.333333; the compiler chooses s and Div64 honours any s. The quotient
// is computed exactly from 128-bit intermediates: a·10^(s-sa+sb) / b.
func Div64(a int64, sa int, b int64, sb int, s int) (q int64, ok, divByZero bool) {
	if b == 0 {
		return 0, false, true
	}
	neg := (a < 0) != (b < 0)
	ua, ub := uint64(a), uint64(b)
	if a < 0 {
		ua = -ua
	}
	if b < 0 {
		ub = -ub
	}
	e := s - sa + sb
	if e < 0 || e > 19 {
		q, ok = div64Slow(ua, ub, e, neg)
		return q, ok, false
	}
	hi, lo := bits.Mul64(ua, pow10[e])
	if hi >= ub {
		// The quotient is at least 2^64.
		return 0, false, false
	}
	uq, r := bits.Div64(hi, lo, ub)
	if r >= ub-r {
		uq++ // wraps to 0 only from 2^64-1, which does not fit anyway
		if uq == 0 {
			return 0, false, false
		}
	}
	q, ok = fits64(u128{0, uq}, neg)
	return q, ok, false
}

// div64Slow computes round(ua·10^e / ub) for the exponents Div64's fast
// path does not handle.
func div64Slow(ua, ub uint64, e int, neg bool) (int64, bool) {
	q, ok := divScaled(u128{0, ua}, u128{0, ub}, e)
	if !ok {
		return 0, false
	}
	return fits64(q, neg)
}

// Mod64 returns the remainder of a/b for mantissas at the same scale, with
// the sign of the dividend (dialect.md); the remainder is at that scale
// too. divByZero reports b == 0. It cannot overflow.
func Mod64(a, b int64) (r int64, divByZero bool) {
	if b == 0 {
		return 0, true
	}
	return a % b, false // Go defines MinInt64 % -1 as 0
}

// Cmp64 compares a at scale sa with b at scale sb exactly (1.5 = 1.50) and
// returns -1, 0 or 1. It cannot overflow: across scales it compares in 128
// bits.
func Cmp64(a int64, sa int, b int64, sb int) int {
	if sa == sb {
		return cmp64(a, b)
	}
	return cmp64Scaled(a, sa, b, sb)
}

func cmp64(a, b int64) int {
	if a < b {
		return -1
	}
	if a > b {
		return 1
	}
	return 0
}

func cmp64Scaled(a int64, sa int, b int64, sb int) int {
	// |m|·10^18 < 2^63·2^60 fits in Int128.
	if sa < sb {
		return cmpInt128(mul64To128(a, int64(pow10[sb-sa])), To128(b))
	}
	return cmpInt128(To128(a), mul64To128(b, int64(pow10[sa-sb])))
}
