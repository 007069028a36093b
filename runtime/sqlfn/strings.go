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
