package parser

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/velocsql/veloc/parser/ast"
)

// badByte is the lexer's current character when the source holds a byte
// that is not valid UTF-8 there.
const badByte = -2

// eof is the lexer's current character at the end of its input.
const eof = -1

// lexer splits source text into tokens. It reads src[start:limit] so that
// the parser can lex one @metric_condition inside a comment with the
// positions of the whole file.
//
// Lexical errors are reported to errs and produce a tokIllegal token, so
// that the parser stops at the bad spot without reporting it again.
type lexer struct {
	src   []byte
	limit int
	errs  *errorList

	ch   rune // current character, eof or badByte
	w    int  // byte width of ch
	off  int  // byte offset of ch
	line int  // line of ch, 1-based
	col  int  // column of ch in runes, 1-based

	// lastLine is the line on which the last token other than `;` ended,
	// to tell trailing comments from comments on lines of their own. A
	// `;` alone does not make a comment trailing: the formatter prints
	// each `;` right after its statement (and drops empty statements), so
	// a comment after a `;` on a line of its own stays on a line of its own.
	lastLine int
	comments []*ast.Comment

	// bad is where an unterminated block comment started.
	bad ast.Pos
}

// lex returns the tokens of src[start:end], ending with tokEOF, and the
// comments among them. at is the position of src[start].
func lex(src []byte, start, end int, at ast.Pos, errs *errorList) ([]token, []*ast.Comment) {
	l := &lexer{src: src, limit: end, errs: errs, off: start, line: at.Line, col: at.Col}
	l.read()
	if l.off == 0 && l.ch == '\uFEFF' { // a byte order mark is not content
		l.off += l.w
		l.read()
	}
	toks := make([]token, 0, (end-start)/6+1) // SQL averages more than 6 bytes a token
	for {
		t := l.scan()
		toks = append(toks, t)
		if t.kind == tokEOF {
			return toks, l.comments
		}
	}
}

func (l *lexer) pos() ast.Pos { return ast.Pos{Offset: l.off, Line: l.line, Col: l.col} }

// read decodes the character at l.off.
func (l *lexer) read() {
	if l.off >= l.limit {
		l.ch, l.w = eof, 0
		return
	}
	if b := l.src[l.off]; b < utf8.RuneSelf {
		l.ch, l.w = rune(b), 1
		return
	}
	r, w := utf8.DecodeRune(l.src[l.off:l.limit])
	if r == utf8.RuneError && w == 1 {
		r = badByte
	}
	l.ch, l.w = r, w
}

// next moves past the current character.
func (l *lexer) next() {
	if l.ch == eof {
		return
	}
	if l.ch == '\n' || l.ch == '\r' && l.peek(1) != '\n' { // LF, or a lone CR (old Mac line ends)
		l.line++
		l.col = 1
	} else {
		l.col++
	}
	l.off += l.w
	l.read()
}

// peek returns the byte n bytes after the current character's first
// byte, or 0 past the end. Look-ahead is only ever needed for ASCII.
func (l *lexer) peek(n int) byte {
	if l.off+n < l.limit {
		return l.src[l.off+n]
	}
	return 0
}

func (l *lexer) errorf(pos ast.Pos, format string, args ...any) {
	l.errs.add(pos, format, args...)
}

// scan returns the next token, recording the comments before it.
func (l *lexer) scan() token {
	if !l.skipSpaceAndComments() {
		return l.illegalToEnd()
	}
	t := token{pos: l.pos()}
	start := l.off
	if l.errs.full() { // stop: nobody will read further errors
		t.kind = tokEOF
		return t
	}
	switch ch := l.ch; {
	case ch == eof:
		t.kind = tokEOF
	case isLetter(ch) || ch == '_':
		for isIdentChar(l.ch) {
			l.next()
		}
		t.kind = tokWord
		t.text = string(l.src[start:l.off])
		t.upper = asciiUpper(t.text)
	case isDigit(ch) || ch == '.' && isDigit(rune(l.peek(1))):
		l.scanNumber(&t)
	case ch == '\'':
		l.scanQuoted(&t, tokString, "string literal")
	case ch == '"' || ch == '`':
		l.scanQuoted(&t, tokQuotedIdent, "quoted identifier")
	default:
		l.scanOperator(&t)
	}
	if t.text == "" {
		t.text = string(l.src[start:l.off])
	}
	if t.kind != tokSemi {
		l.lastLine = l.line
	}
	return t
}

// skipSpaceAndComments moves to the next token, recording comments. It
// returns false after an unterminated block comment.
func (l *lexer) skipSpaceAndComments() bool {
	for {
		switch {
		case l.ch == ' ' || l.ch == '\t' || l.ch == '\n' || l.ch == '\r' || l.ch == '\f' || l.ch == '\v':
			l.next()
		case l.ch >= utf8.RuneSelf && unicode.IsSpace(l.ch): // e.g. a pasted no-break space
			l.next()
		case l.ch == '-' && l.peek(1) == '-':
			l.lineComment()
		case l.ch == '/' && l.peek(1) == '*':
			if !l.blockComment() {
				return false
			}
		default:
			return true
		}
	}
}

func (l *lexer) lineComment() {
	c := &ast.Comment{Pos: l.pos(), Trailing: l.lastLine == l.line}
	start := l.off
	for l.ch != '\n' && l.ch != '\r' && l.ch != eof { // CRLF and a lone CR end it too
		if l.ch == badByte {
			l.errorf(l.pos(), "invalid UTF-8 encoding")
		}
		l.next()
	}
	text := string(l.src[start:l.off])
	c.End = l.pos()
	c.Text = text
	l.comments = append(l.comments, c)
}

func (l *lexer) blockComment() bool {
	c := &ast.Comment{Pos: l.pos(), Trailing: l.lastLine == l.line}
	start := l.off
	l.next() // /
	l.next() // *
	for !(l.ch == '*' && l.peek(1) == '/') {
		switch l.ch {
		case eof:
			l.errorf(c.Pos, "unterminated block comment")
			l.bad = c.Pos
			return false
		case badByte:
			l.errorf(l.pos(), "invalid UTF-8 encoding")
		}
		l.next()
	}
	l.next()
	l.next()
	c.End = l.pos()
	c.Text = string(l.src[start:l.off])
	l.comments = append(l.comments, c)
	return true
}

// illegalToEnd returns a tokIllegal from l.bad to the end of the input,
// after an unterminated comment has consumed it.
func (l *lexer) illegalToEnd() token {
	t := token{kind: tokIllegal, pos: l.bad, text: string(l.src[l.bad.Offset:l.off])}
	l.lastLine = l.line
	return t
}

// scanNumber reads 42, 4.25, 5., .5, 1e3, 1.5E-2, or a short duration:
// digits followed at once by ms, s, m, h or d. Any other letters glued to
// a number are an error: `5min` is neither a duration nor 5 AS min.
func (l *lexer) scanNumber(t *token) {
	start := l.off
	t.kind, t.num = tokNumber, ast.IntegerNumber
	l.digits()
	if l.ch == '.' {
		t.num = ast.DecimalNumber
		l.next()
		l.digits()
	}
	if l.ch == 'e' || l.ch == 'E' {
		c := l.peek(1)
		if isDigit(rune(c)) || (c == '+' || c == '-') && isDigit(rune(l.peek(2))) {
			t.num = ast.FloatNumber
			l.next()
			if l.ch == '+' || l.ch == '-' {
				l.next()
			}
			l.digits()
		}
	}
	if !isIdentChar(l.ch) {
		return
	}
	digitsEnd := l.off
	for isIdentChar(l.ch) {
		l.next()
	}
	t.text = string(l.src[start:l.off])
	if unit, ok := shortUnits[string(l.src[digitsEnd:l.off])]; ok && t.num == ast.IntegerNumber {
		v, err := strconv.ParseInt(string(l.src[start:digitsEnd]), 10, 64)
		if err != nil {
			l.errorf(t.pos, "duration %s is out of range", t.text)
			t.kind = tokIllegal
			return
		}
		t.kind, t.durVal, t.durUnit = tokDuration, v, unit
		return
	}
	if t.num == ast.IntegerNumber {
		l.errorf(t.pos, "invalid number %s (a duration is written 5m, 30s, 100ms, 1h or 1d)", t.text)
	} else {
		l.errorf(t.pos, "invalid number %s", t.text)
	}
	t.kind = tokIllegal
}

func (l *lexer) digits() {
	for isDigit(l.ch) {
		l.next()
	}
}

// scanQuoted reads a string literal or quoted identifier, whose quote is
// the current character and which may contain its quote doubled.
func (l *lexer) scanQuoted(t *token, kind tokenKind, what string) {
	quote := l.ch
	start := l.off
	l.next()
	for {
		switch l.ch {
		case eof:
			l.errorf(t.pos, "unterminated %s", what)
			t.kind = tokIllegal
			return
		case badByte:
			l.errorf(l.pos(), "invalid UTF-8 encoding")
		case quote:
			if rune(l.peek(1)) != quote {
				l.next()
				t.kind = kind
				q := string(quote)
				t.value = strings.ReplaceAll(string(l.src[start+1:l.off-1]), q+q, q)
				return
			}
			l.next()
		}
		l.next()
	}
}

func (l *lexer) scanOperator(t *token) {
	ch := l.ch
	pos := l.pos()
	l.next()
	switch ch {
	case '(':
		t.kind = tokLParen
	case ')':
		t.kind = tokRParen
	case '[':
		t.kind = tokLBrack
	case ']':
		t.kind = tokRBrack
	case ',':
		t.kind = tokComma
	case '.':
		t.kind = tokDot
	case ';':
		t.kind = tokSemi
	case '=':
		t.kind = tokEq
	case '+':
		t.kind = tokPlus
	case '-':
		t.kind = tokMinus
	case '*':
		t.kind = tokStar
	case '/':
		t.kind = tokSlash
	case '%':
		t.kind = tokPercent
	case '^':
		t.kind = tokCaret
	case '<':
		switch l.ch {
		case '=':
			l.next()
			t.kind = tokLe
		case '>':
			l.next()
			t.kind = tokNe
		default:
			t.kind = tokLt
		}
	case '>':
		t.kind = tokGt
		if l.ch == '=' {
			l.next()
			t.kind = tokGe
		}
	case '!':
		if l.ch == '=' {
			l.next()
			t.kind = tokNe
			break
		}
		l.errorf(pos, "unexpected character '!' (not equal is != or <>)")
		t.kind = tokIllegal
	case '|':
		if l.ch == '|' {
			l.next()
			t.kind = tokConcat
			break
		}
		l.errorf(pos, "unexpected character '|' (concatenation is ||)")
		t.kind = tokIllegal
	case badByte:
		l.errorf(pos, "invalid UTF-8 encoding")
		t.kind = tokIllegal
	default:
		l.errorf(pos, "unexpected character %q", ch)
		t.kind = tokIllegal
	}
}

func isLetter(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || r >= utf8.RuneSelf && unicode.IsLetter(r)
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

func isIdentChar(r rune) bool {
	return isLetter(r) || isDigit(r) || r == '_' || r >= utf8.RuneSelf && unicode.IsDigit(r)
}
