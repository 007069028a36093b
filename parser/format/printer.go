package format

import (
	"strings"
	"unicode/utf8"

	"github.com/velocsql/veloc/parser/ast"
)

// printer builds the output line by line. Layout code says where lines
// start (startLine) and what text goes on them (write); comments are
// flushed from the file's comment list whenever the printer is told the
// source position of the token it is about to print (at, startLine), so
// every comment lands just before the first token printed after it.
type printer struct {
	lines []outLine

	// The line being built. cur starts with its indentation; content
	// says whether anything but indentation has been written.
	cur     []byte
	content bool
	// noTrim is the length of cur up to the end of the last verbatim
	// text (a comment): trailing-space trimming stops there.
	noTrim int
	// commentRunes counts the runes of comments (and their separating
	// spaces) on cur, so layout decisions measure code only.
	commentRunes int
	// lineComment says that cur ends with a comment: the next token goes
	// on a new line (a `--` comment would swallow it).
	lineComment bool
	// space asks for a space before the next token (after an inline
	// block comment).
	space bool
	// noTrail says that a comment appended now would not read back as
	// trailing (after a block comment over several lines), until the
	// next token.
	noTrail bool
	// cont is the indentation of a line broken inside an element, after
	// a comment.
	cont int

	comments []*ast.Comment
	next     int // index of the first comment not printed yet; they print in order

	// flat is set for Expr and for measuring: one line, no comments, no
	// CASE breaking.
	flat bool
	// inline counts the subqueries being printed: their text stays on
	// one line, so their CASEs never break.
	inline int

	// breaks holds the CASEs that print one WHEN per line; unit decides.
	breaks map[*ast.Case]bool
	units  int      // depth of unit calls
	cases  []caseAt // CASEs printed without breaking in the current unit try
}

// outLine is one finished output line.
type outLine struct {
	text string
	code int // width in runes without comments
}

// caseAt records on which output lines a CASE printed without breaking
// started and ended (comments may have split it).
type caseAt struct {
	c           *ast.Case
	first, last int
}

// flat runs fn on a flat printer and returns the one line it wrote.
func flat(fn func(p *printer)) string {
	p := &printer{flat: true}
	fn(p)
	return string(p.cur)
}

// width is the number of columns s takes.
func width(s string) int { return utf8.RuneCountInString(s) }

// flatWidth is the width of fn's output printed on one line.
func flatWidth(fn func(p *printer)) int { return width(flat(fn)) }

// exprWidth is the width of e printed on one line.
func exprWidth(e ast.Expr) int { return width(Expr(e)) }

// write appends s to the current line. At the start of a line leading
// spaces of s are dropped, so callers can write " AND " without knowing
// whether a comment just broke the line.
func (p *printer) write(s string) {
	if s == "" {
		return
	}
	if p.lineComment {
		p.newline(p.cont)
	}
	if !p.content {
		s = strings.TrimLeft(s, " ")
		if s == "" {
			return
		}
	} else if p.space && !strings.ContainsAny(s[:1], " ,)];") {
		p.cur = append(p.cur, ' ')
	}
	p.space, p.noTrail = false, false
	p.cur = append(p.cur, s...)
	p.content = true
}

// col returns the column (0-based) at which the next written token will
// start.
func (p *printer) col() int {
	switch {
	case p.lineComment:
		return p.cont
	case p.content && p.space:
		return width(string(p.cur)) + 1
	}
	return width(string(p.cur))
}

// verbatim appends a comment's text, which is never trimmed or changed.
func (p *printer) verbatim(sep, text string) {
	p.cur = append(p.cur, sep...)
	p.cur = append(p.cur, text...)
	p.commentRunes += width(sep) + width(text)
	p.noTrim = len(p.cur)
	p.content = true
}

// trim drops trailing spaces written by the printer.
func (p *printer) trim() {
	for len(p.cur) > p.noTrim && p.cur[len(p.cur)-1] == ' ' {
		p.cur = p.cur[:len(p.cur)-1]
	}
}

// endLine finishes the current line, if it has content.
func (p *printer) endLine() {
	if p.content {
		p.trim()
		text := string(p.cur)
		p.lines = append(p.lines, outLine{text: text, code: width(text) - p.commentRunes})
	}
	p.cur = p.cur[:0]
	p.content, p.lineComment, p.space, p.noTrail = false, false, false, false
	p.noTrim, p.commentRunes = 0, 0
}

// newline finishes the current line and starts one at indent. It never
// produces an empty line.
func (p *printer) newline(indent int) {
	p.endLine()
	for range indent {
		p.cur = append(p.cur, ' ')
	}
	p.noTrim = 0
}

// blank ends the current line and adds one empty line, unless the output
// is empty or already ends with one.
func (p *printer) blank() {
	p.endLine()
	if n := len(p.lines); n > 0 && p.lines[n-1].text != "" {
		p.lines = append(p.lines, outLine{})
	}
}

// startLine starts a line-level element (a clause, a select item, a
// column, a property) at indent. Comments before pos are printed first:
// trailing ones at the end of the previous line, others on lines of their
// own at indent.
func (p *printer) startLine(indent int, pos ast.Pos) {
	p.flushLines(indent, pos)
	p.newline(indent)
	p.cont = indent + 4
}

// flushLines prints the comments before pos as startLine does. A
// trailing comment that cannot trail here (an own-line comment was just
// printed: in the source a token the tree has no position for, such as a
// clause keyword, came between them) waits, with the comments after it,
// for the next flush, which comes after the next token.
func (p *printer) flushLines(indent int, pos ast.Pos) {
	for c := p.peek(pos); c != nil; c = p.peek(pos) {
		switch {
		case !c.Trailing:
			p.ownLine(c, indent)
		case p.canTrail():
			p.trailing(c, "  ")
		default:
			return
		}
		p.next++
	}
}

// at prints the comments before pos, the position of the token about to
// be printed, in the middle of a line: a trailing block comment stays
// inline, a trailing line comment ends the line, and any other comment
// gets a line of its own; the token then continues at p.cont. A trailing
// comment that cannot trail here waits as in flushLines.
func (p *printer) at(pos ast.Pos) {
	for c := p.peek(pos); c != nil; c = p.peek(pos) {
		switch {
		case !c.Trailing:
			p.ownLine(c, p.cont)
		case !p.canTrail():
			return
		case isBlock(c):
			sep := " "
			if n := len(p.cur); n > 0 && (p.cur[n-1] == '(' || p.cur[n-1] == '[') {
				sep = ""
			}
			p.trailing(c, sep)
		default:
			p.trailing(c, "  ")
		}
		p.next++
	}
}

// peek returns the next comment to print if it starts before pos.
func (p *printer) peek(pos ast.Pos) *ast.Comment {
	if p.flat || !pos.IsValid() || p.next >= len(p.comments) {
		return nil
	}
	if c := p.comments[p.next]; c.Pos.Offset < pos.Offset {
		return c
	}
	return nil
}

// canTrail reports whether a comment appended to the current line now
// reads back as trailing: the lexer calls a comment trailing when a token
// ended on its line, so there must be code on the line and no comment
// since (a `--` comment ends the line; a block comment over several lines
// moves to another line).
func (p *printer) canTrail() bool {
	return p.content && !p.lineComment && !p.noTrail
}

// trailing appends comment c to the current line after sep. After a
// line comment the next token goes on a new line; after a block comment
// it follows on the same line.
func (p *printer) trailing(c *ast.Comment, sep string) {
	p.trim()
	p.verbatim(sep, c.Text)
	if isBlock(c) {
		p.space = true
		p.noTrail = strings.Contains(c.Text, "\n")
	} else {
		p.lineComment = true
	}
}

// ownLine prints c on a line of its own at indent.
func (p *printer) ownLine(c *ast.Comment, indent int) {
	p.newline(indent)
	p.verbatim("", c.Text)
	p.lineComment = true
}

func isBlock(c *ast.Comment) bool { return strings.HasPrefix(c.Text, "/*") }

// commentsBetween reports whether a comment left to print lies between
// from and to. A list, an AND/OR chain or a CASE with one inside prints
// one part per line, so the comment gets a line next to its part; the
// comment stays between the same parts, so the choice is the same when
// the output is formatted again.
func (p *printer) commentsBetween(from, to ast.Pos) bool {
	if p.flat || !from.IsValid() || !to.IsValid() {
		return false
	}
	for i := p.next; i < len(p.comments) && p.comments[i].Pos.Offset < to.Offset; i++ {
		if p.comments[i].Pos.Offset > from.Offset {
			return true
		}
	}
	return false
}

// bytes returns the output: lines joined by newlines, ending with one.
func (p *printer) bytes() []byte {
	p.endLine()
	for len(p.lines) > 0 && p.lines[len(p.lines)-1].text == "" {
		p.lines = p.lines[:len(p.lines)-1]
	}
	var b strings.Builder
	for _, l := range p.lines {
		b.WriteString(l.text)
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// ---------------------------------------------------------------------------
// CASE breaking

// state is what unit restores to print an element again.
type state struct {
	lines, next, cont, noTrim, commentRunes int
	cur                                     string
	content, lineComment, space, noTrail    bool
}

func (p *printer) save() state {
	return state{
		lines: len(p.lines), next: p.next, cont: p.cont, noTrim: p.noTrim,
		commentRunes: p.commentRunes, cur: string(p.cur),
		content: p.content, lineComment: p.lineComment, space: p.space, noTrail: p.noTrail,
	}
}

func (p *printer) restore(s state) {
	p.lines = p.lines[:s.lines]
	p.next, p.cont, p.noTrim, p.commentRunes = s.next, s.cont, s.noTrim, s.commentRunes
	p.cur = append(p.cur[:0], s.cur...)
	p.content, p.lineComment, p.space, p.noTrail = s.content, s.lineComment, s.space, s.noTrail
}

// unit prints one line-level element with fn. When a line it printed is
// wider than maxWidth and holds part of a CASE printed without breaking,
// the first such CASE (the outermost) is marked to break and the element
// printed again, until no such CASE is left. The choice depends only on the tree and the comments, so
// the layout is deterministic; measuring code without comments keeps a
// long trailing comment from reshaping the code before it.
func (p *printer) unit(fn func()) {
	if p.flat || p.units > 0 {
		fn()
		return
	}
	p.units++
	defer func() { p.units-- }()
	s := p.save()
	for {
		p.cases = p.cases[:0]
		fn()
		c := p.overflowingCase(s.lines)
		if c == nil {
			return
		}
		if p.breaks == nil {
			p.breaks = map[*ast.Case]bool{}
		}
		p.breaks[c] = true
		p.restore(s)
	}
}

// overflowingCase returns the first unbroken CASE on a line wider than
// maxWidth, looking at the lines from index from on.
func (p *printer) overflowingCase(from int) *ast.Case {
	for i := from; i <= len(p.lines); i++ {
		var code int
		if i < len(p.lines) {
			code = p.lines[i].code
		} else {
			code = width(strings.TrimRight(string(p.cur), " ")) - p.commentRunes
		}
		if code <= maxWidth {
			continue
		}
		for _, ca := range p.cases {
			if ca.first <= i && i <= ca.last && !p.breaks[ca.c] {
				return ca.c
			}
		}
	}
	return nil
}

// recordCase notes that c starts printing without breaking, on the
// current line, and returns a func to call when it is printed, which
// notes its last line. CASEs are noted in the order they start, so the
// outermost of nested CASEs breaks first.
func (p *printer) recordCase(c *ast.Case) func() {
	if p.flat || p.inline > 0 || p.units == 0 {
		return func() {}
	}
	i := len(p.cases)
	p.cases = append(p.cases, caseAt{c, len(p.lines), len(p.lines)})
	return func() { p.cases[i].last = len(p.lines) }
}

// breakCase reports whether c prints one WHEN per line: unit marked it,
// or a comment lies before its last arm (the comment then gets a line
// next to the arm it precedes).
func (p *printer) breakCase(c *ast.Case) bool {
	if p.flat || p.inline > 0 {
		return false
	}
	last := c.Pos
	if c.Else != nil {
		last = c.Else.Start()
	} else if len(c.Whens) > 0 {
		last = c.Whens[len(c.Whens)-1].Pos
	}
	return p.breaks[c] || p.commentsBetween(c.Pos, last)
}

// ---------------------------------------------------------------------------
// Comments between statements

// gap prints the comments before a statement starting at next, after the
// statement prev (nil for the first). Trailing comments after prev's `;`
// stay on its line; the others go on lines of their own, with one blank
// line between prev and them, and blank lines inside the group and before
// the statement kept where the source had them: annotations depend on
// them (a file header is separated from the first statement's annotations
// by a blank line).
func (p *printer) gap(prev ast.Stmt, next ast.Pos) {
	p.gapComments(prev, func(c *ast.Comment) bool { return c.Pos.Offset < next.Offset }, false, next)
}

// gapEnd prints the comments after the last statement prev.
func (p *printer) gapEnd(prev ast.Stmt) {
	p.gapComments(prev, func(*ast.Comment) bool { return true }, true, ast.Pos{})
}

func (p *printer) gapComments(prev ast.Stmt, before func(*ast.Comment) bool, last bool, next ast.Pos) {
	lastLine := 0
	if prev != nil {
		lastLine = prev.Header().End.Line
	}
	own := false // an own-line comment has been printed in this gap
	for ; p.next < len(p.comments) && before(p.comments[p.next]); p.next++ {
		c := p.comments[p.next]
		if c.Trailing && prev != nil && !own && p.canTrail() {
			p.trailing(c, "  ")
			lastLine = c.End.Line
			continue
		}
		switch {
		case !own && prev != nil && !last:
			p.blank() // the blank line between statements
		case (own || prev != nil) && c.Pos.Line > lastLine+1:
			p.blank()
		}
		p.ownLine(c, 0)
		own = true
		lastLine = c.End.Line
	}
	switch {
	case last:
	case !own && prev != nil:
		p.blank()
	case own && next.Line > lastLine+1:
		p.blank()
	}
}
