package decimal

import "math/bits"

// Int128 is a signed 128-bit integer in two's complement: the value is
// Hi·2^64 + Lo with Hi signed. It is the mantissa of a decimal with more
// than 18 digits of precision. The zero value is 0; Int128 values are
// comparable with == and usable as map keys.
type Int128 struct {
	Hi int64
	Lo uint64
}

var (
	maxInt128 = Int128{Hi: 1<<63 - 1, Lo: 1<<64 - 1}
	minInt128 = Int128{Hi: -1 << 63}
)

// To128 widens an int64 mantissa to Int128. It never fails.
func To128(m int64) Int128 {
	return Int128{Hi: m >> 63, Lo: uint64(m)}
}

// Fits64 returns x as an int64 and reports whether it fits.
func (x Int128) Fits64() (int64, bool) {
	return int64(x.Lo), x.Hi == int64(x.Lo)>>63
}

// Sign returns -1, 0 or 1 as x is negative, zero or positive.
func (x Int128) Sign() int64 {
	switch {
	case x.Hi < 0:
		return -1
	case x.Hi == 0 && x.Lo == 0:
		return 0
	}
	return 1
}

// String returns x in decimal, as an integer (scale 0). It is meant for
// tests and debugging; generated code uses Append128.
func (x Int128) String() string {
	return string(Append128(nil, x, 0))
}

// neg returns -x, wrapping for minInt128.
func (x Int128) neg() Int128 {
	lo, b := bits.Sub64(0, x.Lo, 0)
	return Int128{Hi: -x.Hi - int64(b), Lo: lo}
}

// mag returns |x| and whether x is negative. |minInt128| = 2^127 is
// representable as u128.
func (x Int128) mag() (u128, bool) {
	if x.Hi < 0 {
		n := x.neg()
		return u128{uint64(n.Hi), n.Lo}, true
	}
	return u128{uint64(x.Hi), x.Lo}, false
}

// fromMag returns the Int128 with magnitude m and the given sign, and
// whether it fits: m ≤ 2^127-1, or m ≤ 2^127 when negative.
func fromMag(m u128, neg bool) (Int128, bool) {
	if m.hi>>63 != 0 {
		// m ≥ 2^127: only -2^127 fits.
		return minInt128, neg && m == u128{hi: 1 << 63}
	}
	x := Int128{Hi: int64(m.hi), Lo: m.lo}
	if neg {
		x = x.neg()
	}
	return x, true
}

// mul64To128 returns the exact signed product a·b.
func mul64To128(a, b int64) Int128 {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	hi -= uint64(a>>63&b + b>>63&a)
	return Int128{Hi: int64(hi), Lo: lo}
}

// cmpInt128 compares a and b as integers.
func cmpInt128(a, b Int128) int {
	switch {
	case a.Hi < b.Hi:
		return -1
	case a.Hi > b.Hi:
		return 1
	case a.Lo < b.Lo:
		return -1
	case a.Lo > b.Lo:
		return 1
	}
	return 0
}

// u128 is an unsigned 128-bit integer, used for magnitudes.
type u128 struct{ hi, lo uint64 }

func (x u128) isZero() bool { return x.hi|x.lo == 0 }

func (x u128) cmp(y u128) int {
	switch {
	case x.hi < y.hi:
		return -1
	case x.hi > y.hi:
		return 1
	case x.lo < y.lo:
		return -1
	case x.lo > y.lo:
		return 1
	}
	return 0
}

// inc returns x+1, wrapping at 2^128 (callers make sure it cannot).
func (x u128) inc() u128 {
	lo, c := bits.Add64(x.lo, 1, 0)
	return u128{x.hi + c, lo}
}

func (x u128) sub(y u128) u128 {
	lo, b := bits.Sub64(x.lo, y.lo, 0)
	return u128{x.hi - y.hi - b, lo}
}

// mul returns the full 256-bit product x·y.
func (x u128) mul(y u128) u256 {
	// Schoolbook on 64-bit digits: (x1·B + x0)(y1·B + y0).
	h00, l00 := bits.Mul64(x.lo, y.lo)
	h01, l01 := bits.Mul64(x.lo, y.hi)
	h10, l10 := bits.Mul64(x.hi, y.lo)
	h11, l11 := bits.Mul64(x.hi, y.hi)
	var r u256
	var c1, c2 uint64
	r.w0 = l00
	r.w1, c1 = bits.Add64(h00, l01, 0)
	r.w1, c2 = bits.Add64(r.w1, l10, 0)
	r.w2, c1 = bits.Add64(h01, h10, c1)
	r.w3 = h11 + c1
	r.w2, c1 = bits.Add64(r.w2, l11, c2)
	r.w3 += c1
	return r
}

// mul128 returns x·y and whether the product fits in 128 bits.
func (x u128) mul128(y u128) (u128, bool) {
	p := x.mul(y)
	return p.low(), p.w2|p.w3 == 0
}

// divSmall returns x / d and x % d for d ≠ 0.
func (x u128) divSmall(d uint64) (u128, uint64) {
	if x.hi < d {
		q, r := bits.Div64(x.hi, x.lo, d)
		return u128{0, q}, r
	}
	qhi, r := bits.Div64(0, x.hi, d)
	qlo, r := bits.Div64(r, x.lo, d)
	return u128{qhi, qlo}, r
}

// divPow10Round returns x / 10^k rounded half up (x is a magnitude, so
// this is half away from zero for the signed value), for k ≥ 1.
func (x u128) divPow10Round(k int) u128 {
	// Only the first dropped digit decides half-up rounding, and it is
	// the top digit of the remainder of the last (most significant) step,
	// so the earlier steps may simply truncate.
	for k > 19 {
		x, _ = x.divSmall(pow10[19])
		k -= 19
	}
	p := pow10[k]
	q, r := x.divSmall(p)
	if r >= p-r {
		q = q.inc()
	}
	return q
}

// divPow10Trunc returns x / 10^k truncated, for k ≥ 0.
func (x u128) divPow10Trunc(k int) (q u128, exact bool) {
	exact = true
	for k > 0 {
		s := min(k, 19)
		var r uint64
		x, r = x.divSmall(pow10[s])
		exact = exact && r == 0
		k -= s
	}
	return x, exact
}

// mulPow10 returns x·10^k and whether it fits in 128 bits, for k ≥ 0.
func (x u128) mulPow10(k int) (u128, bool) {
	if x.isZero() {
		return x, true
	}
	if k > MaxPrecision128 {
		return u128{}, false
	}
	return x.mul128(pow10x128[k])
}

// u256 is an unsigned 256-bit integer, w0 the least significant word. It
// holds intermediate products (a 128-bit mantissa times a 128-bit mantissa
// or power of ten) before they are divided back down. It is a struct of
// four words rather than an array so that the compiler can keep it in
// registers.
type u256 struct{ w0, w1, w2, w3 uint64 }

func wide(x u128) u256 { return u256{w0: x.lo, w1: x.hi} }

// low returns the lower 128 bits of x.
func (x u256) low() u128 { return u128{x.w1, x.w0} }

func (x u256) cmp(y u256) int {
	if c := (u128{x.w3, x.w2}).cmp(u128{y.w3, y.w2}); c != 0 {
		return c
	}
	return x.low().cmp(y.low())
}

// mulPow10 returns x·10^k and whether it fits in 256 bits, for k ≥ 0.
func (x u256) mulPow10(k int) (u256, bool) {
	for k > 0 {
		s := min(k, 19)
		p := pow10[s]
		var h0, h1, h2, h3, c uint64
		h0, x.w0 = bits.Mul64(x.w0, p)
		h1, x.w1 = bits.Mul64(x.w1, p)
		h2, x.w2 = bits.Mul64(x.w2, p)
		h3, x.w3 = bits.Mul64(x.w3, p)
		x.w1, c = bits.Add64(x.w1, h0, 0)
		x.w2, c = bits.Add64(x.w2, h1, c)
		x.w3, c = bits.Add64(x.w3, h2, c)
		if h3|c != 0 {
			return x, false
		}
		k -= s
	}
	return x, true
}

// divSmall returns x / d and x % d for d ≠ 0.
func (x u256) divSmall(d uint64) (u256, uint64) {
	// Leading words below d (usually zeros) need no division.
	var r uint64
	if x.w3 < d {
		r, x.w3 = x.w3, 0
	} else {
		x.w3, r = bits.Div64(0, x.w3, d)
	}
	if r == 0 && x.w2 < d {
		r, x.w2 = x.w2, 0
	} else {
		x.w2, r = bits.Div64(r, x.w2, d)
	}
	if r == 0 && x.w1 < d {
		r, x.w1 = x.w1, 0
	} else {
		x.w1, r = bits.Div64(r, x.w1, d)
	}
	x.w0, r = bits.Div64(r, x.w0, d)
	return x, r
}

// divPow10Round returns x / 10^k rounded half up, for k ≥ 1 (see
// u128.divPow10Round).
func (x u256) divPow10Round(k int) u256 {
	for k > 19 {
		x, _ = x.divSmall(pow10[19])
		k -= 19
	}
	p := pow10[k]
	x, r := x.divSmall(p)
	if r >= p-r {
		var c uint64
		x.w0, c = bits.Add64(x.w0, 1, 0)
		x.w1, c = bits.Add64(x.w1, 0, c)
		x.w2, c = bits.Add64(x.w2, 0, c)
		x.w3 += c
	}
	return x
}

// fits128 returns x as a u128 and whether its upper half is zero.
func (x u256) fits128() (u128, bool) {
	return x.low(), x.w2|x.w3 == 0
}

// divRound returns n / d rounded half up, and whether the quotient fits in
// 128 bits; d must not be zero.
func (n u256) divRound(d u128) (u128, bool) {
	q, r, ok := n.divMod(d)
	if !ok {
		return q, false
	}
	// Round up when r ≥ d/2, that is r ≥ d-r (no overflow).
	if r.cmp(d.sub(r)) >= 0 {
		if q == (u128{^uint64(0), ^uint64(0)}) {
			return q, false
		}
		q = q.inc()
	}
	return q, true
}

// divMod returns n / d and n % d, and whether the quotient fits in 128
// bits; d must not be zero.
//
// It is Knuth's algorithm D (TAOCP vol. 2, 4.3.1) specialised to a
// divisor of two 64-bit digits: normalise so the divisor's top bit is set,
// then produce each 64-bit quotient digit from a 3-by-2 digit division.
func (n u256) divMod(d u128) (q, r u128, ok bool) {
	if d.hi == 0 {
		// One-digit divisor: schoolbook division by a uint64.
		if n.w3 != 0 || n.w2 >= d.lo {
			return u128{}, u128{}, false
		}
		var rem uint64
		q.hi, rem = bits.Div64(n.w2, n.w1, d.lo)
		q.lo, rem = bits.Div64(rem, n.w0, d.lo)
		return q, u128{0, rem}, true
	}
	// The quotient fits in 128 bits if and only if n < d·2^128, that is,
	// the upper half of n is below d.
	if (u128{n.w3, n.w2}).cmp(d) >= 0 {
		return u128{}, u128{}, false
	}
	// Go defines x>>64 as 0 for unsigned x, so these shifts are right for
	// s = 0 too.
	s := uint(bits.LeadingZeros64(d.hi))
	v1 := d.hi<<s | d.lo>>(64-s)
	v0 := d.lo << s
	// n·2^s fits in four digits because n < d·2^128 < 2^(256-s).
	u3 := n.w3<<s | n.w2>>(64-s)
	u2 := n.w2<<s | n.w1>>(64-s)
	u1 := n.w1<<s | n.w0>>(64-s)
	u0 := n.w0 << s
	var r1, r0 uint64
	q.hi, r1, r0 = div3by2(u3, u2, u1, v1, v0)
	q.lo, r1, r0 = div3by2(r1, r0, u0, v1, v0)
	// Undo the normalisation of the remainder.
	return q, u128{r1 >> s, r0>>s | r1<<(64-s)}, true
}

// div3by2 divides the three-digit number (u2,u1,u0) by the normalised
// two-digit (v1,v0) (v1's top bit set), given (u2,u1) < (v1,v0) so that the
// quotient is a single digit. It returns the quotient digit and the
// two-digit remainder.
func div3by2(u2, u1, u0, v1, v0 uint64) (q, r1, r0 uint64) {
	// Estimate q from the top two digits of u and the top digit of v; the
	// estimate is at most 2 too large (Knuth's theorem B).
	var rhat, c uint64
	if u2 < v1 {
		q, rhat = bits.Div64(u2, u1, v1)
	} else {
		// u2 == v1 (u2 > v1 would contradict (u2,u1) < (v1,v0)), and
		// u2·B + u1 - q·v1 = u1 + v1.
		q = ^uint64(0)
		rhat, c = bits.Add64(u1, v1, 0)
	}
	// With a two-digit divisor this test is exact: q is too large while
	// q·v0 > rhat·B + u0. Once rhat ≥ B (c ≠ 0) that cannot hold.
	for c == 0 {
		ph, pl := bits.Mul64(q, v0)
		if ph < rhat || ph == rhat && pl <= u0 {
			break
		}
		q--
		rhat, c = bits.Add64(rhat, v1, 0)
	}
	// (r2,r1,r0) = u - q·v.
	p1h, p1l := bits.Mul64(q, v1)
	p0h, p0l := bits.Mul64(q, v0)
	t1, c := bits.Add64(p1l, p0h, 0)
	t2 := p1h + c
	var b uint64
	r0, b = bits.Sub64(u0, p0l, 0)
	r1, b = bits.Sub64(u1, t1, b)
	_, b = bits.Sub64(u2, t2, b)
	if b != 0 {
		// Knuth's step D6 (add back). The exact test above makes it
		// unreachable for two-digit divisors; it stays as a safety net.
		q--
		r0, c = bits.Add64(r0, v0, 0)
		r1, _ = bits.Add64(r1, v1, c)
	}
	return q, r1, r0
}

// pow10 holds 10^0 … 10^19, the powers of ten that fit in a uint64.
var pow10 = [20]uint64{
	1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
}

// pow10x128 holds 10^0 … 10^38, the powers of ten that fit in Int128.
var pow10x128 = func() (t [MaxPrecision128 + 1]u128) {
	t[0] = u128{0, 1}
	for i := 1; i < len(t); i++ {
		t[i], _ = t[i-1].mul128(u128{0, 10})
	}
	return t
}()
