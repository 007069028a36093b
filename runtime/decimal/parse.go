package decimal

import "math/bits"

// The accepted text is exactly
//
//	[+-] ( digits [ "." [digits] ] | "." digits ) [ ("e"|"E") [+-] digits ]
//
// with ASCII digits: "12", "-0.50", "+.5", "5.", "1.5e3", "2E-2". Nothing
// else is accepted — no spaces (the record readers already trim what their
// format says to trim), no "_" separators, no hexadecimal, no NaN or
// Infinity; "", "-", ".", "1e" and "1.2.3" are malformed. The value is
// never formed as a float: the digits become the mantissa directly, and
// digits beyond the scale are rounded half away from zero.

// Parse64 parses decimal text into an int64 mantissa at the given scale.
// It returns false for malformed text and for values whose mantissa does
// not fit int64 (9223372036854775807 at scale 0 fits, …808 does not; at
// scale 2 the limit is 92233720368547758.07).
func Parse64(b []byte, scale int) (int64, bool) {
	m, neg, ok, done := parseSimple(b, scale)
	if !done {
		u, n, ok := parseGeneral(b, scale)
		if !ok {
			return 0, false
		}
		return fits64(u, n)
	}
	if !ok {
		return 0, false
	}
	return fits64(u128{0, m}, neg)
}

// Parse128 parses decimal text into an Int128 mantissa at the given scale;
// see Parse64. It returns false for malformed text and for values whose
// mantissa does not fit Int128 (more than 38 digits in general).
func Parse128(b []byte, scale int) (Int128, bool) {
	m, neg, ok, done := parseSimple(b, scale)
	if done {
		if !ok {
			return Int128{}, false
		}
		return fromMag(u128{0, m}, neg)
	}
	u, neg, ok := parseGeneral(b, scale)
	if !ok {
		return Int128{}, false
	}
	return fromMag(u, neg)
}

// parseSimple is the fast path of parsing: one pass over text without an
// exponent whose mantissa's magnitude m fits a uint64 — nearly all real
// data. done is false when the text needs parseGeneral (an exponent, or a
// magnitude that may not fit); otherwise ok tells whether the text is well
// formed.
func parseSimple(b []byte, scale int) (m uint64, neg, ok, done bool) {
	i := 0
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		neg = b[0] == '-'
		i = 1
	}
	const cutoff = (1<<64 - 1 - 9) / 10 // m ≤ cutoff ⇒ m·10+9 fits
	start := i
	for ; i < len(b); i++ {
		d := b[i] - '0'
		if d > 9 {
			break
		}
		if m > cutoff {
			return 0, neg, false, false
		}
		m = m*10 + uint64(d)
	}
	n := i - start // digits seen
	pad := scale   // zeros to append to reach the scale
	up := false    // round the magnitude up
	if i < len(b) && b[i] == '.' {
		i++
		fs := i
		for ; i < len(b); i++ {
			d := b[i] - '0'
			if d > 9 {
				break
			}
			if k := i - fs; k < scale {
				if m > cutoff {
					return 0, neg, false, false
				}
				m = m*10 + uint64(d)
			} else if k == scale && d >= 5 {
				// Half away from zero: the first dropped digit decides.
				up = true
			}
		}
		n += i - fs
		pad = max(scale-(i-fs), 0)
	}
	if i != len(b) {
		if n > 0 && (b[i] == 'e' || b[i] == 'E') {
			return 0, neg, false, false
		}
		return 0, neg, false, true
	}
	if n == 0 {
		return 0, neg, false, true
	}
	if pad > 0 && m != 0 {
		if pad >= len(pow10) {
			return 0, neg, false, false
		}
		hi, lo := bits.Mul64(m, pow10[pad])
		if hi != 0 {
			return 0, neg, false, false
		}
		m = lo
	}
	if up {
		if m == 1<<64-1 {
			return 0, neg, false, false
		}
		m++
	}
	return m, neg, true, true
}

// maxMag is 2^127, the largest magnitude of an Int128 (when negative).
var maxMag = u128{hi: 1 << 63}

// maxMagDiv10 is 2^127 / 10: a magnitude above it overflows when another
// digit is appended.
var maxMagDiv10, _ = maxMag.divSmall(10)

// parseGeneral parses b in full generality (exponents, any number of
// digits). It returns the magnitude of the mantissa at the given scale and
// its sign; ok is false for malformed text and for a magnitude above 2^127.
func parseGeneral(b []byte, scale int) (u u128, neg, ok bool) {
	// First pass: find the digits and the exponent, checking the syntax.
	i := 0
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		neg = b[0] == '-'
		i = 1
	}
	intStart := i
	for i < len(b) && isDigit(b[i]) {
		i++
	}
	intEnd := i
	fracStart, fracEnd := i, i
	if i < len(b) && b[i] == '.' {
		i++
		fracStart = i
		for i < len(b) && isDigit(b[i]) {
			i++
		}
		fracEnd = i
	}
	nInt, nFrac := intEnd-intStart, fracEnd-fracStart
	if nInt+nFrac == 0 {
		return u, neg, false
	}
	var exp int64
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		eneg := false
		if i < len(b) && (b[i] == '-' || b[i] == '+') {
			eneg = b[i] == '-'
			i++
		}
		es := i
		for ; i < len(b) && isDigit(b[i]); i++ {
			// Saturate far beyond any length of b: the result is then
			// certainly 0 or an overflow, as with the true exponent.
			if exp < 1<<50 {
				exp = exp*10 + int64(b[i]-'0')
			}
		}
		if i == es {
			return u, neg, false
		}
		if eneg {
			exp = -exp
		}
	}
	if i != len(b) {
		return u, neg, false
	}

	// The value is D·10^(exp-nFrac), D being the integer written by all
	// nInt+nFrac digits, so the mantissa is round(D·10^shift). For
	// shift < 0 only the first keep digits of D are kept, and the next one
	// decides the rounding.
	nD := int64(nInt + nFrac)
	shift := exp - int64(nFrac) + int64(scale)
	keep := nD + min(shift, 0)
	kInt := int(min(max(keep, 0), int64(nInt)))
	kFrac := int(min(max(keep-int64(nInt), 0), int64(nFrac)))
	if u, ok = accumulate(u, b[intStart:intStart+kInt]); !ok {
		return u, neg, false
	}
	if u, ok = accumulate(u, b[fracStart:fracStart+kFrac]); !ok {
		return u, neg, false
	}
	if keep >= 0 && keep < nD {
		var next byte
		if keep < int64(nInt) {
			next = b[intStart+int(keep)]
		} else {
			next = b[fracStart+int(keep)-nInt]
		}
		if next >= '5' {
			u = u.inc() // u ≤ 2^127+9 here: no wrap
		}
	}
	if shift > 0 {
		if u.isZero() {
			return u, neg, true
		}
		if shift > MaxPrecision128 {
			return u, neg, false
		}
		if u, ok = u.mulPow10(int(shift)); !ok {
			return u, neg, false
		}
	}
	return u, neg, u.cmp(maxMag) <= 0
}

// accumulate appends the decimal digits to u, failing if the result would
// exceed 2^127+9 (a value that large is rejected by the caller anyway).
func accumulate(u u128, digits []byte) (u128, bool) {
	for _, c := range digits {
		d := uint64(c - '0')
		if u.hi == 0 && u.lo < 1e18 {
			u.lo = u.lo*10 + d
			continue
		}
		if u.cmp(maxMagDiv10) > 0 {
			return u, false
		}
		hi, lo := bits.Mul64(u.lo, 10)
		var c uint64
		u.lo, c = bits.Add64(lo, d, 0)
		u.hi = u.hi*10 + hi + c
	}
	return u, true
}

func isDigit(c byte) bool { return c-'0' <= 9 }
