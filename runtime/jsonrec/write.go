package jsonrec

import (
	"math"
	"unicode/utf8"

	"github.com/velocsql/veloc/runtime/scalar"
)

// AppendString appends s to dst as a JSON string, quotes included.
//
// '"', '\\' and the control characters U+0000-U+001F are escaped (as \",
// \\, \b, \f, \n, \r, \t, or \u00XX); everything else, '<', '>', '&',
// U+2028 and U+2029 included, is written as is, since JSON Lines output is
// not embedded in HTML or JavaScript. Invalid UTF-8 bytes are replaced by
// \ufffd, one per byte as encoding/json does, so the output is always
// valid UTF-8 and valid JSON.
func AppendString(dst []byte, s string) []byte { return appendString(dst, s) }

// AppendStringBytes is AppendString for a []byte value.
func AppendStringBytes(dst []byte, b []byte) []byte { return appendString(dst, b) }

const hexDigits = "0123456789abcdef"

func appendString[T string | []byte](dst []byte, s T) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		if n := validRuneLen(s, i); n > 0 {
			i += n
			continue
		}
		dst = append(dst, s[start:i]...)
		dst = append(dst, `\ufffd`...)
		i++
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// validRuneLen returns the length of the valid UTF-8 encoding of a
// non-ASCII rune at s[i], or 0 if the bytes there are not one (bad lead
// byte, bad continuation, overlong form, surrogate, or beyond U+10FFFF).
func validRuneLen[T string | []byte](s T, i int) int {
	n := len(s) - i
	c0 := s[i]
	switch {
	case c0 < 0xC2:
		return 0
	case c0 < 0xE0:
		if n < 2 || !cont(s[i+1]) {
			return 0
		}
		return 2
	case c0 < 0xF0:
		if n < 3 || !cont(s[i+1]) || !cont(s[i+2]) {
			return 0
		}
		if c0 == 0xE0 && s[i+1] < 0xA0 || c0 == 0xED && s[i+1] >= 0xA0 {
			return 0 // overlong, or a surrogate
		}
		return 3
	case c0 < 0xF5:
		if n < 4 || !cont(s[i+1]) || !cont(s[i+2]) || !cont(s[i+3]) {
			return 0
		}
		if c0 == 0xF0 && s[i+1] < 0x90 || c0 == 0xF4 && s[i+1] >= 0x90 {
			return 0 // overlong, or beyond U+10FFFF
		}
		return 4
	}
	return 0
}

func cont(c byte) bool { return c&0xC0 == 0x80 }

// AppendFloat appends f as a JSON value: a number in scalar.AppendFloat's
// text form, or, for NaN and the infinities, which JSON numbers cannot
// express, the strings "NaN", "Infinity" and "-Infinity" (types.md).
func AppendFloat(dst []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		dst = append(dst, '"')
		dst = scalar.AppendFloat(dst, f)
		return append(dst, '"')
	}
	return scalar.AppendFloat(dst, f)
}
