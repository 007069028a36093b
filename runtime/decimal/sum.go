package decimal

import "math/bits"

// Sum64 accumulates SUM over int64 mantissas of one scale without ever
// overflowing. It adds in int64 — one addition and a never-taken branch per
// value, so SUM over a DECIMAL(10,2) column runs at integer speed — and
// counts the times the int64 wraps, which makes the total exact as an
// Int128: total = acc + wraps·2^64. The zero value is an empty sum.
//
// wraps cannot itself overflow: each wrap takes at least one Add, and 2^63
// Adds would take centuries.
type Sum64 struct {
	acc   int64
	wraps int64
}

// Add adds the mantissa m to the sum.
func (s *Sum64) Add(m int64) {
	r := s.acc + m
	if (r^s.acc)&(r^m) < 0 {
		// The int64 wrapped: up by 2^64 if m was positive, else down.
		s.wraps += 1 | m>>63
	}
	s.acc = r
}

// Sub removes the mantissa m from the sum (for retracting rows from a
// sliding window).
func (s *Sum64) Sub(m int64) {
	r := s.acc - m
	if (s.acc^m)&(s.acc^r) < 0 {
		// Wrapped: a-m overflowed upward if m was negative.
		s.wraps -= 1 | m>>63
	}
	s.acc = r
}

// Value returns the exact sum as an Int128 mantissa at the inputs' scale.
func (s *Sum64) Value() Int128 {
	return Int128{Hi: s.acc>>63 + s.wraps, Lo: uint64(s.acc)}
}

// Fits64 returns the sum as an int64 mantissa and reports whether it fits.
func (s *Sum64) Fits64() (int64, bool) {
	return s.acc, s.wraps == 0
}

// Sum128 accumulates SUM over Int128 mantissas of one scale. It keeps a
// 192-bit total, so intermediate sums beyond the Int128 range are exact
// too; only the final Value can fail. The zero value is an empty sum.
type Sum128 struct {
	lo, mid uint64
	hi      int64 // sign-carrying top word
}

// Add adds the mantissa m to the sum.
func (s *Sum128) Add(m Int128) {
	var c uint64
	s.lo, c = bits.Add64(s.lo, m.Lo, 0)
	s.mid, c = bits.Add64(s.mid, uint64(m.Hi), c)
	s.hi += m.Hi>>63 + int64(c) // m sign-extended to 192 bits
}

// Sub removes the mantissa m from the sum.
func (s *Sum128) Sub(m Int128) {
	var b uint64
	s.lo, b = bits.Sub64(s.lo, m.Lo, 0)
	s.mid, b = bits.Sub64(s.mid, uint64(m.Hi), b)
	s.hi -= m.Hi>>63 + int64(b)
}

// Value returns the sum as an Int128 mantissa at the inputs' scale, and
// false if it does not fit.
func (s *Sum128) Value() (Int128, bool) {
	return Int128{Hi: int64(s.mid), Lo: s.lo}, s.hi == int64(s.mid)>>63
}

// Avg returns sum/count — sum at sumScale, count > 0 — as a mantissa at
// resultScale rounded half away from zero: AVG(decimal s) has scale
// max(6, s) (types.md). It returns false if count ≤ 0 (AVG of no values is
// NULL, which the caller handles) or the result does not fit.
func Avg(sum Int128, sumScale int, count int64, resultScale int) (Int128, bool) {
	if count <= 0 {
		return Int128{}, false
	}
	u, neg := sum.mag()
	q, ok := divScaled(u, u128{0, uint64(count)}, resultScale-sumScale)
	if !ok {
		return Int128{}, false
	}
	return fromMag(q, neg)
}

// Merge adds another sum of the same scale into s, as if every value
// added to o had been added to s (per-core partial sums).
func (s *Sum64) Merge(o *Sum64) {
	s.Add(o.acc)
	s.wraps += o.wraps
}

// Merge adds another sum of the same scale into s.
func (s *Sum128) Merge(o *Sum128) {
	var c uint64
	s.lo, c = bits.Add64(s.lo, o.lo, 0)
	s.mid, c = bits.Add64(s.mid, o.mid, c)
	s.hi += o.hi + int64(c)
}
