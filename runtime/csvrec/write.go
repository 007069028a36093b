package csvrec

import (
	"unicode"
	"unicode/utf8"
)

// AppendField appends field to dst as one CSV cell, quoted only when it
// needs to be. The rule is encoding/csv.Writer's, so that every CSV reader
// reads the cell back unchanged; a field needs quotes when it
//
//   - contains the delimiter, the quote character, CR or LF, or
//   - begins with a space or other Unicode white space (a reader that
//     trims leading space would lose it), or
//   - is exactly `\.` (PostgreSQL's end-of-data marker).
//
// Trailing space does not force quotes, as in encoding/csv. The empty
// field is written as nothing: veloc reads an empty cell as NULL, and writes
// NULL and the empty string alike. Inside quotes, each quote character is
// doubled. delim and quote are bytes (ASCII in practice).
//
// Note that a record of one empty field written this way is an empty line,
// which readers (this package's and encoding/csv's) skip; a sink of
// one-column records writes such a record as `""` instead.
func AppendField(dst, field []byte, delim, quote byte) []byte {
	if !needsQuotes(field, delim, quote) {
		if len(field) == 0 || field[0] < utf8.RuneSelf || !leadingSpace(utf8.DecodeRune(field)) {
			return append(dst, field...)
		}
	}
	return appendQuoted(dst, field, quote)
}

// AppendStringField is AppendField for a string cell.
func AppendStringField(dst []byte, field string, delim, quote byte) []byte {
	if !needsQuotes(field, delim, quote) {
		if len(field) == 0 || field[0] < utf8.RuneSelf || !leadingSpace(utf8.DecodeRuneInString(field)) {
			return append(dst, field...)
		}
	}
	return appendQuoted(dst, field, quote)
}

func leadingSpace(r rune, _ int) bool { return unicode.IsSpace(r) }

// needsQuotes reports whether field needs quotes, except for a leading
// non-ASCII space, which the callers check with the right UTF-8 decoder.
func needsQuotes[T string | []byte](field T, delim, quote byte) bool {
	if len(field) == 0 {
		return false
	}
	switch field[0] {
	case ' ', '\t', '\v', '\f':
		return true
	case '\\':
		if len(field) == 2 && field[1] == '.' {
			return true
		}
	}
	for i := 0; i < len(field); i++ {
		c := field[i]
		if c == delim || c == quote || c == '\n' || c == '\r' {
			return true
		}
	}
	return false
}

func appendQuoted[T string | []byte](dst []byte, field T, quote byte) []byte {
	dst = append(dst, quote)
	start := 0
	for i := 0; i < len(field); i++ {
		if field[i] == quote {
			dst = append(dst, field[start:i+1]...)
			dst = append(dst, quote)
			start = i + 1
		}
	}
	dst = append(dst, field[start:]...)
	return append(dst, quote)
}
