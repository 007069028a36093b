package decimal

// This file implements ROUND, TRUNC, FLOOR and CEIL on decimals. They keep
// the value exact (dialect.md): ROUND(x, d) and TRUNC(x, d) of a
// DECIMAL(p,s) have scale max(0, min(s, d)); FLOOR and CEIL have scale 0.
// The functions return the mantissa at that result scale. A negative d
// rounds to tens, hundreds, …: ROUND(1250, -2) is 1300 at scale 0.

// clampDigits bounds d so that scale-d cannot overflow; any d below
// -2·MaxPrecision128 behaves the same (everything rounds to 0).
func clampDigits(d int) int {
	return max(d, -2*MaxPrecision128-2)
}

// Round64 rounds m at scale to d fractional digits, half away from zero,
// and returns the mantissa at scale max(0, min(scale, d)). When d ≥ scale
// it returns m unchanged. ok is false if the rounded value does not fit,
// which is possible only for d < 0 (ROUND(9223372036854775807, -1)).
func Round64(m int64, scale, d int) (int64, bool) {
	if d >= scale {
		return m, true
	}
	d = clampDigits(d)
	q := divPow10Round(m, scale-d)
	if d >= 0 {
		return q, true
	}
	return mulPow10(q, -d)
}

// Trunc64 truncates m at scale toward zero to d fractional digits and
// returns the mantissa at scale max(0, min(scale, d)). It cannot overflow.
func Trunc64(m int64, scale, d int) int64 {
	if d >= scale {
		return m
	}
	d = clampDigits(d)
	k := scale - d
	if k > 18 {
		return 0 // |m| < 10^19
	}
	q := m / int64(pow10[k])
	if d >= 0 || q == 0 {
		return q
	}
	// |q|·10^-d ≤ |m| / 10^scale: no overflow.
	return q * int64(pow10[-d])
}

// Floor64 returns the largest integer ≤ m/10^scale (scale 0). It cannot
// overflow.
func Floor64(m int64, scale int) int64 {
	p := int64(pow10[scale])
	q := m / p
	if m < 0 && q*p != m {
		q--
	}
	return q
}

// Ceil64 returns the smallest integer ≥ m/10^scale (scale 0). It cannot
// overflow.
func Ceil64(m int64, scale int) int64 {
	p := int64(pow10[scale])
	q := m / p
	if m > 0 && q*p != m {
		q++
	}
	return q
}

// Round128 is Round64 for Int128 mantissas.
func Round128(m Int128, scale, d int) (Int128, bool) {
	if d >= scale {
		return m, true
	}
	d = clampDigits(d)
	// Rescaling to d divides by 10^(scale-d) with rounding; for d < 0 the
	// result counts units of 10^-d, which the second step multiplies back.
	q, ok := Rescale128(m, scale, d)
	if d >= 0 || !ok {
		return q, ok
	}
	return Rescale128(q, 0, -d)
}

// Trunc128 is Trunc64 for Int128 mantissas.
func Trunc128(m Int128, scale, d int) Int128 {
	if d >= scale {
		return m
	}
	d = clampDigits(d)
	u, neg := m.mag()
	u, _ = u.divPow10Trunc(scale - d)
	if d < 0 && !u.isZero() {
		u, _ = u.mulPow10(-d) // no larger than |m|
	}
	x, _ := fromMag(u, neg)
	return x
}

// Floor128 is Floor64 for Int128 mantissas.
func Floor128(m Int128, scale int) Int128 {
	u, neg := m.mag()
	u, exact := u.divPow10Trunc(scale)
	if neg && !exact {
		u = u.inc()
	}
	x, _ := fromMag(u, neg)
	return x
}

// Ceil128 is Ceil64 for Int128 mantissas.
func Ceil128(m Int128, scale int) Int128 {
	u, neg := m.mag()
	u, exact := u.divPow10Trunc(scale)
	if !neg && !exact {
		u = u.inc()
	}
	x, _ := fromMag(u, neg)
	return x
}
