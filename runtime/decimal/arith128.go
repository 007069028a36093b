package decimal

import "math/bits"

// This file holds the arithmetic on Int128 mantissas (precision 19…38).
// Each function matches its 64-bit namesake in arith64.go.

// Add128 returns a+b for mantissas at the same scale, and false if the sum
// overflows Int128.
func Add128(a, b Int128) (Int128, bool) {
	lo, c := bits.Add64(a.Lo, b.Lo, 0)
	hi := a.Hi + b.Hi + int64(c)
	// As for int64: with a carry in, the sum overflows iff both high words
	// have the same sign and the result has the other.
	return Int128{Hi: hi, Lo: lo}, (hi^a.Hi)&(hi^b.Hi) >= 0
}

// Sub128 returns a-b for mantissas at the same scale, and false if the
// difference overflows Int128.
func Sub128(a, b Int128) (Int128, bool) {
	lo, br := bits.Sub64(a.Lo, b.Lo, 0)
	hi := a.Hi - b.Hi - int64(br)
	return Int128{Hi: hi, Lo: lo}, (a.Hi^b.Hi)&(a.Hi^hi) >= 0
}

// Neg128 returns -m, and false for the most negative Int128.
func Neg128(m Int128) (Int128, bool) {
	return m.neg(), m != minInt128
}

// Abs128 returns |m|, and false for the most negative Int128.
func Abs128(m Int128) (Int128, bool) {
	if m.Hi < 0 {
		return m.neg(), m != minInt128
	}
	return m, true
}

// Sign128 returns -1, 0 or 1 as m is negative, zero or positive.
func Sign128(m Int128) int {
	if m.Hi < 0 {
		return -1
	}
	if m.Hi|int64(m.Lo) != 0 {
		return 1
	}
	return 0
}

// FromInt128 converts the integer v to an Int128 mantissa at the given
// scale (v·10^scale), and reports false if that overflows.
func FromInt128(v int64, scale int) (Int128, bool) {
	return Rescale128(To128(v), 0, scale)
}

// ToInt64Trunc128 converts a mantissa to an integer, truncating toward
// zero, and reports false if the integer does not fit int64.
func ToInt64Trunc128(m Int128, scale int) (int64, bool) {
	u, neg := m.mag()
	u, _ = u.divPow10Trunc(scale)
	return fits64(u, neg)
}

// Rescale128 converts a mantissa from one scale to another: to a larger
// scale by multiplying (false if that overflows), to a smaller one by
// dividing and rounding half away from zero.
func Rescale128(m Int128, from, to int) (Int128, bool) {
	if to == from {
		return m, true
	}
	u, neg := m.mag()
	if to > from {
		var ok bool
		if u, ok = u.mulPow10(to - from); !ok {
			return Int128{}, false
		}
	} else {
		if from-to > MaxPrecision128+1 {
			// |m| ≤ 2^127 < 10^39/2.
			return Int128{}, true
		}
		u = u.divPow10Round(from - to)
	}
	return fromMag(u, neg)
}

// Mul128 returns the product of two mantissas divided by 10^drop and
// rounded half away from zero, and false if the result overflows Int128;
// see Mul64. The product is formed exactly in 256 bits.
func Mul128(a, b Int128, drop int) (Int128, bool) {
	if drop == 0 && a.Hi == int64(a.Lo)>>63 && b.Hi == int64(b.Lo)>>63 {
		// Both fit int64: the product always fits Int128.
		return mul64To128(int64(a.Lo), int64(b.Lo)), true
	}
	ua, na := a.mag()
	ub, nb := b.mag()
	p := ua.mul(ub)
	switch {
	case drop > 2*MaxPrecision128+1:
		// |a·b| ≤ 2^254 < 10^77/2: rounds to 0.
		return Int128{}, true
	case drop > 0 && p.w2|p.w3 == 0:
		// The usual case: the product fits in 128 bits.
		return fromMag(p.low().divPow10Round(drop), na != nb)
	case drop > 0:
		p = p.divPow10Round(drop)
	case drop < 0:
		var ok bool
		if p, ok = p.mulPow10(-drop); !ok {
			return Int128{}, false
		}
	}
	u, ok := p.fits128()
	if !ok {
		return Int128{}, false
	}
	return fromMag(u, na != nb)
}

// Div128 returns a/b, a at scale sa and b at scale sb, as a mantissa at
// scale s rounded half away from zero; see Div64. The quotient is computed
// exactly: a·10^(s-sa+sb) is formed in 256 bits and divided by b (or a is
// divided by b·10^(sa-s-sb)) with a 256-by-128-bit long division.
func Div128(a Int128, sa int, b Int128, sb int, s int) (q Int128, ok, divByZero bool) {
	if b == (Int128{}) {
		return Int128{}, false, true
	}
	ua, na := a.mag()
	ub, nb := b.mag()
	u, ok := divScaled(ua, ub, s-sa+sb)
	if !ok {
		return Int128{}, false, false
	}
	q, ok = fromMag(u, na != nb)
	return q, ok, false
}

// divScaled returns round(ua·10^e / ub) for ub ≠ 0, and false if it does
// not fit in 128 bits.
func divScaled(ua, ub u128, e int) (u128, bool) {
	if ua.isZero() {
		return ua, true
	}
	n := wide(ua)
	if e > 0 {
		n = ua.mul(pow10x128[min(e, MaxPrecision128)])
		if e > MaxPrecision128 {
			var ok bool
			if n, ok = n.mulPow10(e - MaxPrecision128); !ok {
				// n ≥ 2^256 and ub < 2^128: the quotient is at least 2^128.
				return u128{}, false
			}
		}
	} else if e < 0 {
		d := wide(ub)
		var ok bool
		if d, ok = d.mulPow10(-e); !ok {
			return u128{}, true // ub·10^-e ≥ 2^256: rounds to 0
		}
		if ub, ok = d.fits128(); !ok {
			// ub·10^-e ≥ 2^128 ≥ 2·ua, and equality would need
			// ub·10^-e = 2^128, which has no factor 5: rounds to 0.
			return u128{}, true
		}
	}
	return n.divRound(ub)
}

// Mod128 returns the remainder of a/b for mantissas at the same scale,
// with the sign of the dividend. divByZero reports b == 0.
func Mod128(a, b Int128) (r Int128, divByZero bool) {
	if b == (Int128{}) {
		return Int128{}, true
	}
	ua, na := a.mag()
	ub, _ := b.mag()
	n := wide(ua)
	_, ur, _ := n.divMod(ub) // the quotient ≤ |a| always fits
	r, _ = fromMag(ur, na)   // |r| < |b| always fits
	return r, false
}

// Cmp128 compares a at scale sa with b at scale sb exactly and returns -1,
// 0 or 1. It cannot overflow: across scales it compares in 256 bits.
func Cmp128(a Int128, sa int, b Int128, sb int) int {
	if sa == sb {
		return cmpInt128(a, b)
	}
	sga, sgb := Sign128(a), Sign128(b)
	if sga != sgb || sga == 0 {
		return cmp64(int64(sga), int64(sgb))
	}
	ua, _ := a.mag()
	ub, _ := b.mag()
	var pa, pb u256
	if sa < sb {
		pa = ua.mul(pow10x128[sb-sa])
		pb = wide(ub)
	} else {
		pa = wide(ua)
		pb = ub.mul(pow10x128[sa-sb])
	}
	return pa.cmp(pb) * sga
}

// Narrow128 converts a wide mantissa to an int64 mantissa at another
// scale (CAST of a DECIMAL with more than 18 digits to a narrower one),
// rounding half away from zero; false when the value does not fit.
func Narrow128(m Int128, from, to int) (int64, bool) {
	r, ok := Rescale128(m, from, to)
	if !ok {
		return 0, false
	}
	v, ok := r.Fits64()
	if !ok {
		return 0, false
	}
	return v, true
}
