package sqlfn

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Length is LENGTH: the number of characters.
func Length(s string) int64 { return int64(utf8.RuneCountInString(s)) }

// Substring is SUBSTRING(s, start[, n]) with 1-based character
// positions, as in PostgreSQL: characters from start up to start+n-1 that
// exist; a start before 1 counts the missing characters against n; a
// negative n is treated as 0.
func Substring(s string, start, n int64, hasN bool) string {
	end := int64(1) << 62
	if hasN {
		if n < 0 {
			n = 0
		}
		end = start + n
	}
	if start < 1 {
		start = 1
	}
	if end <= start {
		return ""
	}
	i, pos := 0, int64(1)
	for pos < start && i < len(s) {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		pos++
	}
	j := i
	for pos < end && j < len(s) {
		_, size := utf8.DecodeRuneInString(s[j:])
		j += size
		pos++
	}
	return s[i:j]
}

// Trim, TrimLeft and TrimRight strip Unicode whitespace.
func Trim(s string) string      { return strings.TrimFunc(s, unicode.IsSpace) }
func TrimLeft(s string) string  { return strings.TrimLeftFunc(s, unicode.IsSpace) }
func TrimRight(s string) string { return strings.TrimRightFunc(s, unicode.IsSpace) }

// TrimChars, TrimLeftChars and TrimRightChars strip every character of
// set (TRIM(BOTH set FROM s) and its LEADING/TRAILING forms).
func TrimChars(s, set string) string      { return strings.Trim(s, set) }
func TrimLeftChars(s, set string) string  { return strings.TrimLeft(s, set) }
func TrimRightChars(s, set string) string { return strings.TrimRight(s, set) }

// Replace is REPLACE(s, from, to): every occurrence. An empty from leaves
// s unchanged (PostgreSQL), rather than inserting between characters.
func Replace(s, from, to string) string {
	if from == "" {
		return s
	}
	return strings.ReplaceAll(s, from, to)
}

// UpperInto is UPPER writing into a caller's scratch buffer instead of
// allocating: the result is a view of *buf, valid until the next call with
// the same buffer — the same lifetime as an input column's text, so the
// rules that keep input views safe (clone what outlives the record) keep
// it safe too. Text that is already upper-case ASCII is returned as it is.
func UpperInto(buf *[]byte, s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return mapInto(buf, s, unicode.ToUpper)
		}
		if 'a' <= c && c <= 'z' {
			b := append((*buf)[:0], s...)
			for k := i; k < len(b); k++ {
				if c := b[k]; 'a' <= c && c <= 'z' {
					b[k] = c - ('a' - 'A')
				} else if c >= utf8.RuneSelf {
					return mapInto(buf, s, unicode.ToUpper)
				}
			}
			*buf = b
			return View(b)
		}
	}
	return s
}

// LowerInto is LOWER the way UpperInto is UPPER.
func LowerInto(buf *[]byte, s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return mapInto(buf, s, unicode.ToLower)
		}
		if 'A' <= c && c <= 'Z' {
			b := append((*buf)[:0], s...)
			for k := i; k < len(b); k++ {
				if c := b[k]; 'A' <= c && c <= 'Z' {
					b[k] = c + ('a' - 'A')
				} else if c >= utf8.RuneSelf {
					return mapInto(buf, s, unicode.ToLower)
				}
			}
			*buf = b
			return View(b)
		}
	}
	return s
}

// mapInto maps every rune of s into *buf, as strings.Map would into a new
// string (invalid UTF-8 becomes U+FFFD, as strings.ToUpper does).
func mapInto(buf *[]byte, s string, f func(rune) rune) string {
	b := (*buf)[:0]
	for _, r := range s {
		b = utf8.AppendRune(b, f(r))
	}
	*buf = b
	return View(b)
}
