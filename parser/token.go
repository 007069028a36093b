package parser

import (
	"strings"
	"unicode/utf8"

	"github.com/velocsql/veloc/parser/ast"
)

// tokenKind is the lexical class of a token.
//
// Keywords are not a class of their own. The dialect lets most keywords
// serve as column names (`timestamp`, `value`, `window`, ...), so every
// identifier-like word is a tokWord and the parser decides from context
// whether it is a keyword, comparing token.upper.
type tokenKind uint8

const (
	tokEOF         tokenKind = iota
	tokIllegal               // a lexical error, already reported by the lexer
	tokWord                  // identifier or keyword: select, _event_time, Timestamp
	tokQuotedIdent           // "name" or `name`
	tokString                // 'text'
	tokNumber                // 42, 4.25, .5, 1e3
	tokDuration              // 5m, 30s, 100ms, 1h, 1d

	tokLParen  // (
	tokRParen  // )
	tokLBrack  // [
	tokRBrack  // ]
	tokComma   // ,
	tokDot     // .
	tokSemi    // ;
	tokEq      // =
	tokNe      // != or <>
	tokLt      // <
	tokLe      // <=
	tokGt      // >
	tokGe      // >=
	tokPlus    // +
	tokMinus   // -
	tokStar    // *
	tokSlash   // /
	tokPercent // %
	tokCaret   // ^
	tokConcat  // ||
	numTokenKinds
)

// kindText names the kinds in "expected ..." messages.
var kindText = [numTokenKinds]string{
	tokEOF:         "end of input",
	tokIllegal:     "invalid token",
	tokWord:        "a name",
	tokQuotedIdent: "a quoted name",
	tokString:      "a string",
	tokNumber:      "a number",
	tokDuration:    "a duration",
	tokLParen:      "(",
	tokRParen:      ")",
	tokLBrack:      "[",
	tokRBrack:      "]",
	tokComma:       ",",
	tokDot:         ".",
	tokSemi:        ";",
	tokEq:          "=",
	tokNe:          "<>",
	tokLt:          "<",
	tokLe:          "<=",
	tokGt:          ">",
	tokGe:          ">=",
	tokPlus:        "+",
	tokMinus:       "-",
	tokStar:        "*",
	tokSlash:       "/",
	tokPercent:     "%",
	tokCaret:       "^",
	tokConcat:      "||",
}

// token is one lexical token with its position and decoded value.
type token struct {
	kind tokenKind
	pos  ast.Pos // first character
	text string  // exactly as written

	// upper is the ASCII upper-case form of a word, for keyword tests.
	// It is "" for words with non-ASCII letters, which are never keywords:
	// Unicode case folding would otherwise make `ſelect` mean SELECT.
	upper string
	// value is the text of a string or quoted identifier without its
	// quotes, with doubled quotes undone.
	value string

	num     ast.NumberKind   // tokNumber
	durVal  int64            // tokDuration
	durUnit ast.IntervalUnit // tokDuration
}

// end returns the position just after the token. It is computed when
// needed rather than stored: tokens are many, statement ends few.
func (t *token) end() ast.Pos {
	end := ast.Pos{Offset: t.pos.Offset + len(t.text), Line: t.pos.Line, Col: t.pos.Col}
	rest := t.text
	if i := strings.LastIndexByte(rest, '\n'); i >= 0 {
		end.Line += strings.Count(rest, "\n")
		end.Col = 1
		rest = rest[i+1:]
	}
	end.Col += utf8.RuneCountInString(rest)
	return end
}

// isKw reports whether t is the word kw (given in upper case).
func (t *token) isKw(kw string) bool { return t.kind == tokWord && t.upper == kw }

// String describes the token as written, for "unexpected ..." messages.
func (t *token) String() string {
	switch t.kind {
	case tokEOF:
		return "end of input"
	case tokString:
		return "string " + shorten(t.text)
	case tokNumber:
		return "number " + t.text
	case tokDuration:
		return "duration " + t.text
	}
	return shorten(t.text)
}

// shorten keeps long tokens (strings spanning lines) readable in messages.
func shorten(s string) string {
	const limit = 40
	if i := strings.IndexByte(s, '\n'); i >= 0 && i < limit {
		return s[:i] + "..."
	}
	if len(s) > limit {
		i := limit
		for !utf8.RuneStart(s[i]) { // cut on a rune boundary
			i--
		}
		return s[:i] + "..."
	}
	return s
}

// asciiUpper returns s upper-cased when it is all ASCII, else "".
func asciiUpper(s string) string {
	hasLower := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return ""
		}
		if 'a' <= c && c <= 'z' {
			hasLower = true
		}
	}
	if !hasLower {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// reserved words are never read as a column, stream or table name, nor as
// an alias, unless quoted. Each one starts or continues a clause or an
// operator, so reading it as a name would turn a mistake like
// `WHERE a AND AND b` into a confusing parse instead of a clear error.
// Every other keyword (`timestamp`, `value`, `key`, `window`, `count`,
// `date`, `partition`, ...) is a name wherever the grammar allows one.
var reserved = wordSet(
	"ALL", "AND", "AS", "BETWEEN", "BY", "CASE", "CROSS", "DISTINCT", "ELSE",
	"EMIT", "END", "ESCAPE", "EXCEPT", "FALSE", "FROM", "FULL", "GROUP",
	"HAVING", "IN", "INNER", "INTERSECT", "INTO", "IS", "JOIN", "LIKE",
	"LIMIT", "NOT", "NULL", "ON", "OR", "ORDER", "OUTER", "SELECT", "THEN",
	"TRUE", "UNION", "WHEN", "WHERE", "WITH",
)

// notAlias words may be names, but not implicit aliases: after a select
// item or a FROM source they start the next clause (`FROM t WINDOW ...`,
// `FROM t LEFT JOIN ...`, `price PRIMARY KEY`, `ORDER BY x DESC`), or
// the next statement after a forgotten `;`.
var notAlias = wordSet(
	"ASC", "CREATE", "DESC", "INSERT", "LEFT", "NULLS", "OVER", "PRIMARY",
	"RIGHT", "WINDOW", "WITHIN",
)

// unsupported words get their own message instead of "unexpected".
var unsupported = wordSet("UNION", "INTERSECT", "EXCEPT")

func wordSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// isName reports whether t can be a name: a quoted identifier or an
// unreserved word.
func (t *token) isName() bool {
	return t.kind == tokQuotedIdent || t.kind == tokWord && !reserved[t.upper]
}

// isImplicitAlias reports whether t, following a select item or a FROM
// source without AS, is an alias (`name item_name`, `FROM orders o`).
func (t *token) isImplicitAlias() bool {
	return t.isName() && !notAlias[t.upper]
}

// intervalUnits maps the unit words of INTERVAL '5' MINUTE and 5 MINUTES.
var intervalUnits = map[string]ast.IntervalUnit{
	"MILLISECOND": ast.Millisecond, "MILLISECONDS": ast.Millisecond,
	"SECOND": ast.Second, "SECONDS": ast.Second,
	"MINUTE": ast.Minute, "MINUTES": ast.Minute,
	"HOUR": ast.Hour, "HOURS": ast.Hour,
	"DAY": ast.Day, "DAYS": ast.Day,
}

// shortUnits maps the suffixes of short durations (5m, 100ms). They are
// lower case only: `5M` reads as five million as easily as five minutes.
var shortUnits = map[string]ast.IntervalUnit{
	"ms": ast.Millisecond, "s": ast.Second, "m": ast.Minute, "h": ast.Hour, "d": ast.Day,
}
