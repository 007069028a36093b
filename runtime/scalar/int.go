package scalar

import "strconv"

// ParseInt parses a base-10 signed 64-bit integer: an optional '+' or '-'
// followed by one or more ASCII digits, nothing else (no spaces, no
// underscores, no base prefix). It reports false for any other text and for
// values outside the int64 range.
func ParseInt(b []byte) (int64, bool) {
	if len(b) == 0 {
		return 0, false
	}
	neg := false
	switch b[0] {
	case '-':
		neg = true
		b = b[1:]
	case '+':
		b = b[1:]
	}
	if len(b) == 0 {
		return 0, false
	}
	if len(b) <= 18 {
		// At most 18 digits cannot overflow int64: no checks in the loop.
		var n int64
		for _, c := range b {
			d := c - '0'
			if d > 9 {
				return 0, false
			}
			n = n*10 + int64(d)
		}
		if neg {
			n = -n
		}
		return n, true
	}
	var n uint64
	for _, c := range b {
		d := c - '0'
		if d > 9 {
			return 0, false
		}
		// n <= 2^63 holds on entry, so n*10+d cannot wrap a uint64 once
		// n is below the cutoff; past it the result exceeds 2^63.
		if n > (1<<63)/10 {
			return 0, false
		}
		n = n*10 + uint64(d)
		if n > 1<<63 {
			return 0, false
		}
	}
	if neg {
		return -int64(n), true // -(1<<63) wraps to math.MinInt64 as wanted
	}
	if n > 1<<63-1 {
		return 0, false
	}
	return int64(n), true
}

// AppendInt appends the decimal text of n to dst.
func AppendInt(dst []byte, n int64) []byte {
	return strconv.AppendInt(dst, n, 10)
}
