package decimal

// Decimals are written with exactly scale fractional digits and no
// exponent (types.md, "Writing values"): 12.50, -0.50, 0.05, and 7 for
// scale 0. A zero mantissa is written without a sign. The same text serves
// CSV cells, JSON numbers and CAST(decimal AS STRING).

// digits2 holds the two-digit decimal strings "00" … "99".
const digits2 = "00010203040506070809" +
	"10111213141516171819" +
	"20212223242526272829" +
	"30313233343536373839" +
	"40414243444546474849" +
	"50515253545556575859" +
	"60616263646566676869" +
	"70717273747576777879" +
	"80818283848586878889" +
	"90919293949596979899"

// Append64 appends the text of the mantissa m at the given scale to dst
// and returns the extended buffer. It does not allocate when dst has room.
func Append64(dst []byte, m int64, scale int) []byte {
	u := uint64(m)
	if m < 0 {
		u = -u
	}
	return appendUnsigned(dst, u, m < 0, scale)
}

// appendUnsigned appends the mantissa with magnitude u and the given sign.
func appendUnsigned(dst []byte, u uint64, neg bool, scale int) []byte {
	// Written right to left: fraction, point, integer part, sign.
	var buf [24 + MaxPrecision128]byte
	i := len(buf)
	k := scale
	for ; k >= 2; k -= 2 {
		q := u / 100
		r := (u - q*100) * 2
		i -= 2
		buf[i], buf[i+1] = digits2[r], digits2[r+1]
		u = q
	}
	if k == 1 {
		q := u / 10
		i--
		buf[i] = byte('0' + u - q*10)
		u = q
	}
	if scale > 0 {
		i--
		buf[i] = '.'
	}
	i = putUint(&buf, i, u)
	if neg {
		i--
		buf[i] = '-'
	}
	return append(dst, buf[i:]...)
}

// putUint writes u (at least one digit) into buf ending before i and
// returns the index of its first digit.
func putUint(buf *[24 + MaxPrecision128]byte, i int, u uint64) int {
	for u >= 100 {
		q := u / 100
		r := (u - q*100) * 2
		i -= 2
		buf[i], buf[i+1] = digits2[r], digits2[r+1]
		u = q
	}
	if u >= 10 {
		i -= 2
		buf[i], buf[i+1] = digits2[u*2], digits2[u*2+1]
		return i
	}
	i--
	buf[i] = byte('0' + u)
	return i
}

// Append128 appends the text of the Int128 mantissa m at the given scale
// to dst; see Append64.
func Append128(dst []byte, m Int128, scale int) []byte {
	u, neg := m.mag()
	if u.hi == 0 {
		return appendUnsigned(dst, u.lo, neg, scale)
	}
	// Split the magnitude into 19-digit chunks: u = (top·10^19 + mid)·10^19 + low.
	q, low := u.divSmall(pow10[19])
	q, mid := q.divSmall(pow10[19])
	top := q.lo // < 4
	var buf [24 + MaxPrecision128]byte
	i := len(buf)
	// u ≥ 2^64 > 10^19, so mid or top is nonzero.
	i = putUintWidth(&buf, i, low, 19)
	if top != 0 {
		i = putUintWidth(&buf, i, mid, 19)
		i = putUint(&buf, i, top)
	} else {
		i = putUint(&buf, i, mid)
	}
	return appendPointed(dst, buf[i:], neg, scale)
}

// putUintWidth writes u as exactly width digits (with leading zeros).
func putUintWidth(buf *[24 + MaxPrecision128]byte, i int, u uint64, width int) int {
	end := i - width
	for ; i > end; i-- {
		q := u / 10
		buf[i-1] = byte('0' + u - q*10)
		u = q
	}
	return end
}

// appendPointed appends the integer written by digits (no leading zeros)
// as a mantissa at scale: the sign, the integer part (at least "0"), and
// exactly scale fractional digits.
func appendPointed(dst, digits []byte, neg bool, scale int) []byte {
	if neg {
		dst = append(dst, '-')
	}
	n := len(digits)
	switch {
	case scale == 0:
		return append(dst, digits...)
	case n > scale:
		dst = append(dst, digits[:n-scale]...)
		dst = append(dst, '.')
		return append(dst, digits[n-scale:]...)
	}
	dst = append(dst, '0', '.')
	for ; n < scale; n++ {
		dst = append(dst, '0')
	}
	return append(dst, digits...)
}
