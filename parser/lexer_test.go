package parser

import (
	"fmt"
	"strings"
	"testing"

	"github.com/velocsql/veloc/parser/ast"
	"github.com/velocsql/veloc/parser/diag"
)

// lexString lexes src as a whole file.
func lexString(src string) ([]token, []*ast.Comment, diag.List) {
	errs := &errorList{file: "t.sql", src: []byte(src)}
	toks, comments := lex([]byte(src), 0, len(src), ast.Pos{Line: 1, Col: 1}, errs)
	return toks, comments, errs.list
}

// tokenString is a compact form of a token for test tables: its kind,
// then what the parser reads from it.
func tokenString(t token) string {
	switch t.kind {
	case tokWord:
		return "word " + t.text
	case tokQuotedIdent:
		return "ident " + t.value
	case tokString:
		return "string " + t.value
	case tokNumber:
		return strings.ToLower(t.num.String()) + " " + t.text
	case tokDuration:
		return fmt.Sprintf("duration %d %s", t.durVal, t.durUnit)
	case tokIllegal:
		return "illegal " + t.text
	case tokEOF:
		return "EOF"
	}
	return t.text
}

func tokenStrings(toks []token) string {
	var s []string
	for _, t := range toks {
		s = append(s, tokenString(t))
	}
	return strings.Join(s, ", ")
}

func TestLexTokens(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"", "EOF"},
		{"SELECT a FROM t", "word SELECT, word a, word FROM, word t, EOF"},
		{"_event_time Timestamp x1 é_ü", "word _event_time, word Timestamp, word x1, word é_ü, EOF"},
		{`"Quoted ""x""" ` + "`back``tick`", `ident Quoted "x", ident back` + "`tick, EOF"},
		{"'it''s' '' 'a\nb'", "string it's, string , string a\nb, EOF"},
		{"= != <> < > <= >= + - * / % ^ || ( ) , . ; [ ]",
			"=, !=, <>, <, >, <=, >=, +, -, *, /, %, ^, ||, (, ), ,, ., ;, [, ], EOF"},
		{"a.b t.*", "word a, ., word b, word t, ., *, EOF"},
		{"a<=-1", "word a, <=, -, integer 1, EOF"},
		{"x--c\ny", "word x, word y, EOF"},
		{"x/*c*/y", "word x, word y, EOF"},
		{"a-b", "word a, -, word b, EOF"},
		{"a||'b'", "word a, ||, string b, EOF"},
		{"\uFEFFSELECT", "word SELECT, EOF"},
		{"a\u00a0b", "word a, word b, EOF"}, // a pasted no-break space is space
	}
	for _, tt := range tests {
		toks, _, errs := lexString(tt.src)
		if len(errs) > 0 {
			t.Errorf("lex(%q): unexpected errors:\n%v", tt.src, errs)
		}
		if got := tokenStrings(toks); got != tt.want {
			t.Errorf("lex(%q)\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
}

func TestLexNumbers(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"42", "integer 42"},
		{"0", "integer 0"},
		{"4.25", "decimal 4.25"},
		{".5", "decimal .5"},
		{"5.", "decimal 5."},
		{"1e3", "float 1e3"},
		{"1.5E-2", "float 1.5E-2"},
		{"2e+10", "float 2e+10"},
		{"99999999999999999999", "integer 99999999999999999999"}, // range is the compiler's concern
	}
	for _, tt := range tests {
		toks, _, errs := lexString(tt.src)
		if len(errs) > 0 {
			t.Errorf("lex(%q): unexpected errors:\n%v", tt.src, errs)
		}
		if got := tokenString(toks[0]); got != tt.want || len(toks) != 2 {
			t.Errorf("lex(%q) = %s, want %s alone", tt.src, tokenStrings(toks), tt.want)
		}
	}
}

// TestLexDurations pins down where a short duration ends. A number glued
// to letters is a duration only for the exact lower-case suffixes ms, s,
// m, h and d; anything else glued on (5min, 5minutes, 5M, 1.5m) is an
// error rather than a number with an implicit alias. With a space between
// them, `5 min` is a number and a word: in a window that is an unknown
// unit, in a select list an alias.
func TestLexDurations(t *testing.T) {
	tests := []struct {
		src, want, err string
	}{
		{"5m", "duration 5 MINUTE", ""},
		{"30s", "duration 30 SECOND", ""},
		{"100ms", "duration 100 MILLISECOND", ""},
		{"1h", "duration 1 HOUR", ""},
		{"1d", "duration 1 DAY", ""},
		{"5m)", "duration 5 MINUTE, )", ""},
		{"5 m", "integer 5, word m", ""},
		{"5 min", "integer 5, word min", ""},
		{"5min", "illegal 5min", "t.sql:1:1: invalid number 5min (a duration is written 5m, 30s, 100ms, 1h or 1d)"},
		{"5minutes", "illegal 5minutes", "t.sql:1:1: invalid number 5minutes (a duration is written 5m, 30s, 100ms, 1h or 1d)"},
		{"5M", "illegal 5M", "t.sql:1:1: invalid number 5M (a duration is written 5m, 30s, 100ms, 1h or 1d)"},
		{"5ms2", "illegal 5ms2", "t.sql:1:1: invalid number 5ms2 (a duration is written 5m, 30s, 100ms, 1h or 1d)"},
		{"1.5m", "illegal 1.5m", "t.sql:1:1: invalid number 1.5m"},
		{"1e3s", "illegal 1e3s", "t.sql:1:1: invalid number 1e3s"},
		{"99999999999999999999s", "illegal 99999999999999999999s", "t.sql:1:1: duration 99999999999999999999s is out of range"},
	}
	for _, tt := range tests {
		toks, _, errs := lexString(tt.src)
		got := tokenStrings(toks[:len(toks)-1])
		if got != tt.want {
			t.Errorf("lex(%q) = %s, want %s", tt.src, got, tt.want)
		}
		if gotErr := errorText(errs); gotErr != tt.err {
			t.Errorf("lex(%q) errors = %q, want %q", tt.src, gotErr, tt.err)
		}
	}
}

// errorText joins the one-line forms of errs.
func errorText(errs diag.List) string {
	if len(errs) == 0 {
		return ""
	}
	return errs.Error()
}

func TestLexPositions(t *testing.T) {
	// Columns count runes: é and the CJK characters are one column each,
	// although they take 2 and 3 bytes. A tab is one column.
	src := "é x\n  日本 'ü' y\n\tz\r\nw"
	want := []struct {
		text              string
		off, line, col    int
		endOff, endLn, ec int
	}{
		{"é", 0, 1, 1, 2, 1, 2},
		{"x", 3, 1, 3, 4, 1, 4},
		{"日本", 7, 2, 3, 13, 2, 5},
		{"'ü'", 14, 2, 6, 18, 2, 9},
		{"y", 19, 2, 10, 20, 2, 11},
		{"z", 22, 3, 2, 23, 3, 3},
		{"w", 25, 4, 1, 26, 4, 2},
		{"", 26, 4, 2, 26, 4, 2},
	}
	toks, _, errs := lexString(src)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(toks) != len(want) {
		t.Fatalf("got %d tokens (%s), want %d", len(toks), tokenStrings(toks), len(want))
	}
	for i, w := range want {
		tok := toks[i]
		wantPos := ast.Pos{Offset: w.off, Line: w.line, Col: w.col}
		wantEnd := ast.Pos{Offset: w.endOff, Line: w.endLn, Col: w.ec}
		if tok.text != w.text || tok.pos != wantPos || tok.end() != wantEnd {
			t.Errorf("token %d = %q at %+v..%+v, want %q at %+v..%+v", i, tok.text, tok.pos, tok.end(), w.text, wantPos, wantEnd)
		}
	}
}

func TestLexComments(t *testing.T) {
	src := "-- head\nSELECT a, -- trailing\n  /* block\n spans */ b /* after b */\n--\r\nFROM t; -- after semicolon\n-- @name: x\n; -- after a lone ;"
	want := []struct {
		text     string
		pos, end string
		trailing bool
	}{
		{"-- head", "1:1", "1:8", false},
		{"-- trailing", "2:11", "2:22", true},
		{"/* block\n spans */", "3:3", "4:10", false},
		{"/* after b */", "4:13", "4:26", true},
		{"--", "5:1", "5:3", false}, // the \r of a CRLF line end is not part of the comment
		{"-- after semicolon", "6:9", "6:27", true},
		{"-- @name: x", "7:1", "7:12", false},
		{"-- after a lone ;", "8:3", "8:20", false}, // a ; alone does not make a comment trailing
	}
	toks, comments, errs := lexString(src)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if got := tokenStrings(toks); got != "word SELECT, word a, ,, word b, word FROM, word t, ;, ;, EOF" {
		t.Errorf("tokens = %s", got)
	}
	if len(comments) != len(want) {
		t.Fatalf("got %d comments, want %d", len(comments), len(want))
	}
	for i, w := range want {
		c := comments[i]
		if c.Text != w.text || c.Pos.String() != w.pos || c.End.String() != w.end || c.Trailing != w.trailing {
			t.Errorf("comment %d = %q %v..%v trailing=%v, want %q %s..%s trailing=%v",
				i, c.Text, c.Pos, c.End, c.Trailing, w.text, w.pos, w.end, w.trailing)
		}
	}
}

func TestLexErrors(t *testing.T) {
	tests := []struct {
		src, err string
	}{
		{"SELECT 'abc", "t.sql:1:8: unterminated string literal"},
		{"x\n  'it''s", "t.sql:2:3: unterminated string literal"},
		{`SELECT "abc`, "t.sql:1:8: unterminated quoted identifier"},
		{"SELECT `abc", "t.sql:1:8: unterminated quoted identifier"},
		{"a /* b\n c", "t.sql:1:3: unterminated block comment"},
		{"a @ b", "t.sql:1:3: unexpected character '@'"},
		{"a ! b", "t.sql:1:3: unexpected character '!' (not equal is != or <>)"},
		{"a | b", "t.sql:1:3: unexpected character '|' (concatenation is ||)"},
		{"é\x00", "t.sql:1:2: unexpected character '\\x00'"},
		{"a \xff b", "t.sql:1:3: invalid UTF-8 encoding"},
		{"'a\xffb'", "t.sql:1:3: invalid UTF-8 encoding"},
		{"-- \xc3", "t.sql:1:4: invalid UTF-8 encoding"},
	}
	for _, tt := range tests {
		toks, _, errs := lexString(tt.src)
		if got := errorText(errs); got != tt.err {
			t.Errorf("lex(%q) errors = %q, want %q", tt.src, got, tt.err)
		}
		if toks[len(toks)-1].kind != tokEOF {
			t.Errorf("lex(%q) does not end with EOF", tt.src)
		}
	}
}

// TestLexErrorCap checks that a file of garbage stops at maxErrors.
func TestLexErrorCap(t *testing.T) {
	_, _, errs := lexString(strings.Repeat("@ ", 1000))
	if len(errs) != maxErrors {
		t.Errorf("got %d errors, want %d", len(errs), maxErrors)
	}
}

// A lone CR ends a line like LF does, and never belongs to a comment
// (found by FuzzParse: "--\r\r" formatted differently the second time).
func TestCarriageReturns(t *testing.T) {
	for _, src := range []string{"-- c\r\rSELECT a FROM t;", "-- c\r\nSELECT a FROM t;", "-- c\nSELECT a FROM t;"} {
		f, err := ParseFile("q.sql", []byte(src))
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if len(f.Stmts) != 1 || len(f.Comments) != 1 || f.Comments[0].Text != "-- c" {
			t.Errorf("%q: %d statements, comments %v", src, len(f.Stmts), f.Comments)
		}
		if f.Stmts[0].Start().Line == 1 {
			t.Errorf("%q: the statement should start on a later line", src)
		}
	}
}
