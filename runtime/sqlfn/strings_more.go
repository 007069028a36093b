package sqlfn

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The functions in this file count characters (runes), not bytes. A byte
// that is not part of valid UTF-8 counts as one character and is kept as it
// is, as Length counts it. Results are substrings of the arguments where
// possible (no copy), so a result may be a view of the input buffer (see
// View) and must be cloned by generated code that keeps it.

// MaxPadLength is the largest length LPAD and RPAD produce: 16M
// characters. A longer request is an error (the record becomes an error
// record) instead of an attempt to allocate gigabytes.
const MaxPadLength = 1 << 24

// skipRunes returns the byte offset after the first n characters of s, or
// len(s) when s has fewer; rest is how many of the n were missing.
func skipRunes(s string, n int64) (off int, rest int64) {
	i := 0
	for n > 0 && i < len(s) {
		if s[i] < utf8.RuneSelf {
			i++
		} else {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
		}
		n--
	}
	return i, n
}

// skipRunesBack returns the byte offset before the last n characters of
// s, or 0 when s has fewer.
func skipRunesBack(s string, n int64) int {
	j := len(s)
	for n > 0 && j > 0 {
		if s[j-1] < utf8.RuneSelf {
			j--
		} else {
			_, size := utf8.DecodeLastRuneInString(s[:j])
			j -= size
		}
		n--
	}
	return j
}

// Left is LEFT(s, n): the first n characters of s (all of s when it is
// shorter). A negative n gives all but the last |n| characters, as in
// PostgreSQL.
func Left(s string, n int64) string {
	if n >= 0 {
		off, _ := skipRunes(s, n)
		return s[:off]
	}
	return s[:skipRunesBack(s, -n)]
}

// Right is RIGHT(s, n): the last n characters of s (all of s when it is
// shorter). A negative n gives all but the first |n| characters, as in
// PostgreSQL.
func Right(s string, n int64) string {
	if n >= 0 {
		return s[skipRunesBack(s, n):]
	}
	off, _ := skipRunes(s, -n)
	return s[off:]
}

// Position is POSITION(sub IN s) and POSITION(sub, s): the 1-based
// character index of the first occurrence of sub in s, 0 when there is
// none. An empty sub is found at 1.
func Position(sub, s string) int64 {
	i := strings.Index(s, sub)
	if i < 0 {
		return 0
	}
	return int64(utf8.RuneCountInString(s[:i])) + 1
}

// PositionFrom is POSITION(sub, s, start): the 1-based character index in
// s (counted from the start of s, not from start) of the first occurrence
// of sub that begins at or after character start; 0 when there is none. A
// start below 1 gives 0 (as MySQL's LOCATE); an empty sub is found at start
// when start is at most LENGTH(s)+1.
func PositionFrom(sub, s string, start int64) int64 {
	if start < 1 {
		return 0
	}
	off, rest := skipRunes(s, start-1)
	if rest > 0 {
		return 0 // start is beyond LENGTH(s)+1
	}
	i := strings.Index(s[off:], sub)
	if i < 0 {
		return 0
	}
	return start + int64(utf8.RuneCountInString(s[off:off+i]))
}

// SplitPart is SPLIT_PART(s, sep, n): the nth field (1-based) of s split
// on sep, the empty string when there is no such field. A negative n
// counts from the end (-1 is the last field), as in PostgreSQL 14; n = 0
// gives the empty string. An empty sep makes s a single field. Fields are
// found left to right, so overlapping separators split the same way for
// positive and negative n.
func SplitPart(s, sep string, n int64) string {
	if n == 0 {
		return ""
	}
	if sep == "" {
		if n == 1 || n == -1 {
			return s
		}
		return ""
	}
	if n < 0 {
		n += int64(strings.Count(s, sep)) + 2
		if n < 1 {
			return ""
		}
	}
	for ; n > 1; n-- {
		i := strings.Index(s, sep)
		if i < 0 {
			return ""
		}
		s = s[i+len(sep):]
	}
	if i := strings.Index(s, sep); i >= 0 {
		return s[:i]
	}
	return s
}

// Split is SPLIT(s, sep) → ARRAY<STRING>: the fields of s split on sep.
// An empty s gives an empty array and an empty sep a one-element array
// [s] (PostgreSQL's string_to_array). The elements are substrings of s.
func Split(s, sep string) []string {
	if s == "" {
		return []string{}
	}
	if sep == "" {
		return []string{s}
	}
	return strings.Split(s, sep)
}

// Lpad is LPAD(s, n, fill): s padded on the left to n characters with
// fill repeated (generated code passes " " when fill is omitted). As in
// PostgreSQL, a longer s is truncated to its first n characters, n <= 0
// gives the empty string and an empty fill returns s (truncated to n). An
// n above MaxPadLength is an error.
func Lpad(s string, n int64, fill string) (string, error) {
	return padChars(s, n, fill, true)
}

// Rpad is RPAD(s, n, fill): Lpad with the padding on the right.
func Rpad(s string, n int64, fill string) (string, error) {
	return padChars(s, n, fill, false)
}

func padChars(s string, n int64, fill string, left bool) (string, error) {
	if n <= 0 {
		return "", nil
	}
	off, missing := skipRunes(s, n)
	if missing == 0 || fill == "" {
		return s[:off], nil
	}
	if n > MaxPadLength {
		name := "RPAD"
		if left {
			name = "LPAD"
		}
		return "", fmt.Errorf("%s length %d is larger than the maximum %d", name, n, MaxPadLength)
	}
	fillChars := int64(utf8.RuneCountInString(fill))
	whole := missing / fillChars
	part, _ := skipRunes(fill, missing%fillChars)
	var b strings.Builder
	b.Grow(len(s) + int(whole)*len(fill) + part)
	if !left {
		b.WriteString(s)
	}
	for range whole {
		b.WriteString(fill)
	}
	b.WriteString(fill[:part])
	if left {
		b.WriteString(s)
	}
	return b.String(), nil
}

// Reverse is REVERSE(s): the characters of s in reverse order (combining
// marks are not kept with their base character). Bytes that are not valid
// UTF-8 are moved one by one, unchanged.
func Reverse(s string) string {
	if len(s) <= 1 {
		return s
	}
	b := make([]byte, len(s))
	j := len(b)
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			j--
			b[j] = s[i]
			i++
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		j -= size
		copy(b[j:], s[i:i+size])
		i += size
	}
	return View(b)
}

// Initcap is INITCAP(s): the first letter of each word in title case and
// the rest of the word in lower case, where a word is a run of letters and
// digits (as PostgreSQL). s itself is returned when nothing changes.
func Initcap(s string) string {
	// Find the first character that changes; most inputs (already
	// capitalised names, digits) need no copy.
	inWord := false
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if initcapRune(r, inWord) != r {
			return initcapFrom(s, i, inWord)
		}
		inWord = isWordRune(r)
		i += size
	}
	return s
}

func initcapFrom(s string, i int, inWord bool) string {
	var b strings.Builder
	b.Grow(len(s) + 4)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if r == utf8.RuneError && size == 1 {
			b.WriteByte(s[i]) // keep invalid bytes as they are
			inWord = false
		} else {
			b.WriteRune(initcapRune(r, inWord))
			inWord = isWordRune(r)
		}
		i += size
	}
	return b.String()
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func initcapRune(r rune, inWord bool) rune {
	if r < utf8.RuneSelf {
		switch {
		case inWord && 'A' <= r && r <= 'Z':
			return r + 'a' - 'A'
		case !inWord && 'a' <= r && r <= 'z':
			return r - ('a' - 'A')
		}
		return r
	}
	if inWord {
		return unicode.ToLower(r)
	}
	return unicode.ToTitle(r)
}

// Join is JOIN(sep, a, ...): the parts separated by sep. Generated code
// drops NULL arguments and converts the others to text first, passing a
// slice of a fixed-size array (parts[:n]...), which does not escape. One
// part is returned as it is; more are copied into one allocation.
func Join(sep string, parts ...string) string {
	return strings.Join(parts, sep)
}
