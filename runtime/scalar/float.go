package scalar

import (
	"math"
	"strconv"
	"unsafe"
)

// ParseFloat parses b with strconv.ParseFloat semantics for 64-bit floats:
// decimal and hexadecimal forms, exponents ("1e3"), "NaN", "Inf",
// "+Infinity", "-inf" in any case. It reports false for syntax errors and
// for values that overflow float64 (strconv's ErrRange); values that
// underflow become 0 or a denormal as in strconv.
//
// Plain decimals with at most 19 significant digits and a small exponent —
// nearly every value in real data — are converted exactly by a fast path
// (Clinger's: the mantissa and the power of ten are both exact float64
// values, so one IEEE multiplication or division rounds correctly). Anything
// else goes to strconv.ParseFloat.
func ParseFloat(b []byte) (float64, bool) {
	if f, ok := parseFloatFast(b); ok {
		return f, true
	}
	if !mayBeFloat(b) {
		// Reject obvious garbage here: strconv would allocate a *NumError.
		return 0, false
	}
	// strconv.ParseFloat does not retain its argument (its errors hold a
	// clone), so viewing b as a string without copying is safe and avoids
	// an allocation for inputs longer than the compiler's 32-byte stack
	// buffer.
	f, err := strconv.ParseFloat(unsafe.String(unsafe.SliceData(b), len(b)), 64)
	return f, err == nil
}

// mayBeFloat reports whether b starts like something strconv.ParseFloat
// could accept: an optional sign, then a digit, '.', or the first letter of
// "inf"/"infinity"/"nan".
func mayBeFloat(b []byte) bool {
	if len(b) > 0 && (b[0] == '+' || b[0] == '-') {
		b = b[1:]
	}
	if len(b) == 0 {
		return false
	}
	switch c := b[0]; {
	case c >= '0' && c <= '9', c == '.', c|0x20 == 'i', c|0x20 == 'n':
		return true
	}
	return false
}

// pow10 holds the powers of ten that are exact float64 values.
var pow10 = [...]float64{
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
}

// parseFloatFast handles [+-]digits[.digits][(e|E)[+-]digits] when the
// result is exactly computable; it reports false otherwise (not necessarily
// meaning the text is invalid).
func parseFloatFast(b []byte) (float64, bool) {
	i := 0
	neg := false
	if len(b) > 0 && (b[0] == '+' || b[0] == '-') {
		neg = b[0] == '-'
		i++
	}
	var mant uint64
	nd := 0     // significant digits accumulated in mant
	digits := 0 // all mantissa digits seen
	exp := 0
	for ; i < len(b); i++ {
		d := b[i] - '0'
		if d > 9 {
			break
		}
		digits++
		if mant == 0 && d == 0 {
			continue
		}
		if nd >= 19 {
			return 0, false
		}
		mant = mant*10 + uint64(d)
		nd++
	}
	if i < len(b) && b[i] == '.' {
		i++
		for ; i < len(b); i++ {
			d := b[i] - '0'
			if d > 9 {
				break
			}
			digits++
			exp--
			if mant == 0 && d == 0 {
				continue
			}
			if nd >= 19 {
				return 0, false
			}
			mant = mant*10 + uint64(d)
			nd++
		}
	}
	if digits == 0 {
		return 0, false
	}
	if i < len(b) && b[i]|0x20 == 'e' {
		i++
		eneg := false
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			eneg = b[i] == '-'
			i++
		}
		start := i
		e := 0
		for ; i < len(b); i++ {
			d := b[i] - '0'
			if d > 9 {
				return 0, false
			}
			if e > 10000 {
				return 0, false // let strconv handle absurd exponents
			}
			e = e*10 + int(d)
		}
		if i == start {
			return 0, false
		}
		if eneg {
			e = -e
		}
		exp += e
	}
	if i != len(b) {
		return 0, false
	}
	if mant > 1<<53 {
		return 0, false
	}
	f := float64(mant)
	switch {
	case mant == 0:
	case exp == 0:
	case exp > 0 && exp <= 22:
		f *= pow10[exp]
	case exp < 0 && exp >= -22:
		f /= pow10[-exp]
	default:
		return 0, false
	}
	if neg {
		f = -f
	}
	return f, true
}

// AppendFloat appends the text form of f that veloc writes to sinks:
//
//   - NaN is "NaN", +Inf is "Infinity", -Inf is "-Infinity";
//   - negative zero is "0";
//   - a value with no fractional part and magnitude below 1e21 is written
//     as plain digits, without exponent: the shortest digits that read
//     back, padded with zeros to the decimal point ("150", "1000000",
//     "100000000000000000000", 2^63 → "9223372036854776000");
//   - every other value is strconv.AppendFloat(dst, f, 'g', -1, 64): the
//     shortest decimal that reads back to the same float64. Shortest 'g'
//     writes d.ddd×10^x in exponent form ("2.5e-07", "1e+21") when x < -4
//     or x >= 21 for integers, and, for values with a fraction, when x < -4
//     or x >= 6: 0.1 → "0.1", 1.0000000000000002 → "1.0000000000000002",
//     123456.5 → "123456.5", 1234567.5 → "1.2345675e+06".
//
// The integer rule matches what JavaScript and most SQL engines print for
// whole numbers (Go's 'g' alone would print 1e6 as "1e+06"); the 1e21 limit
// is JavaScript's. Every output parses back to f with ParseFloat
// (NaN and the infinities included).
func AppendFloat(dst []byte, f float64) []byte {
	switch {
	case f != f:
		return append(dst, "NaN"...)
	case f > math.MaxFloat64:
		return append(dst, "Infinity"...)
	case f < -math.MaxFloat64:
		return append(dst, "-Infinity"...)
	case f == 0:
		return append(dst, '0')
	}
	if f > -1e21 && f < 1e21 && f == math.Trunc(f) {
		if f > -1<<53 && f < 1<<53 {
			// Below 2^53 the shortest digits of an integer are exactly
			// its integer digits, which AppendInt writes faster.
			return strconv.AppendInt(dst, int64(f), 10)
		}
		return strconv.AppendFloat(dst, f, 'f', -1, 64)
	}
	if out, ok := appendShortDecimal(dst, f); ok {
		return out
	}
	return strconv.AppendFloat(dst, f, 'g', -1, 64)
}

// pow10s are 10^k for the decimals appendShortDecimal tries.
var pow10s = [...]float64{1, 10, 100, 1000, 10000}

// appendShortDecimal is the fast path of AppendFloat for the values data
// is full of — prices, amounts, readings with at most four decimals, such
// as 12345.67 — in the range where 'g' writes them without an exponent
// (1e-4 ≤ |f| < 1e6). It finds the fewest decimals k ≤ 4 for which
// n/10^k (n = f·10^k rounded) is exactly f: IEEE division is correctly
// rounded, so that decimal reads back as f; and below 1e6 two decimals
// with at most four places differ by more than the spacing of floats, so
// no shorter decimal reads back as f. That is the digit string strconv's
// shortest formatting finds, at a fraction of the cost. Anything else
// reports false.
func appendShortDecimal(dst []byte, f float64) ([]byte, bool) {
	a := f
	if a < 0 {
		a = -a
	}
	if a < 1e-4 || a >= 1e6 {
		return dst, false
	}
	for k := 1; k < len(pow10s); k++ {
		p := pow10s[k]
		n := math.Round(a * p)
		if n/p != a {
			continue
		}
		m := int64(n)
		if f < 0 {
			dst = append(dst, '-')
		}
		ip, fp := m/int64(p), m%int64(p)
		dst = strconv.AppendInt(dst, ip, 10)
		dst = append(dst, '.')
		for d := int64(p) / 10; d > 0; d /= 10 {
			dst = append(dst, byte('0'+fp/d%10))
		}
		return dst, true
	}
	return dst, false
}
