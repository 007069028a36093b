// Package parser turns veloc SQL text into syntax trees (package ast).
//
// The lexer and the recursive-descent parser are hand-written: the dialect
// lets keywords serve as column names wherever the grammar is unambiguous
// (`timestamp`, `value`, `key`, `window`, ...), which a hand-written parser
// decides with one token of look-ahead and a clear error when it cannot.
// Errors carry positions (package diag); after an error the parser skips to
// the next `;` so one run reports every broken statement. No input makes
// it panic (FuzzParse checks that).
package parser

import (
	"github.com/velocsql/veloc/parser/ast"
	"github.com/velocsql/veloc/parser/diag"
)

// ParseFile parses a whole SQL application. It always returns a tree
// (partial when there were errors); the error, if any, is a diag.List
// holding every syntax error found.
func ParseFile(filename string, src []byte) (*ast.File, error) {
	errs := &errorList{file: filename, src: src}
	toks, comments := lex(src, 0, len(src), ast.Pos{Line: 1, Col: 1}, errs)
	p := &parser{errs: errs, toks: toks}
	f := &ast.File{Name: filename, Comments: comments}
	spans := p.parseStmts(f)
	attachAnnotations(f, src, spans, errs)
	return f, errs.err()
}

// ParseExpr parses one expression, as used for @metric_condition and in
// tests. filename and src are used for error positions.
func ParseExpr(filename string, src []byte) (ast.Expr, error) {
	errs := &errorList{file: filename, src: src}
	x := parseExprAt(src, 0, len(src), ast.Pos{Line: 1, Col: 1}, errs)
	return x, errs.err()
}

// parseExprAt parses src[start:end], which begins at position at, as one
// expression. It returns nil after an error, which it adds to errs.
func parseExprAt(src []byte, start, end int, at ast.Pos, errs *errorList) (x ast.Expr) {
	toks, _ := lex(src, start, end, at, errs)
	p := &parser{errs: errs, toks: toks}
	defer p.recoverBailout(func() { x = nil })
	x = p.parseExpr()
	if !p.is(tokEOF) {
		p.failExpected("end of expression")
	}
	return x
}

// maxErrors caps the errors of one file: past it they are noise.
const maxErrors = 50

// maxDepth bounds the nesting of expressions, subqueries and types, so
// that no input can exhaust the stack.
const maxDepth = 500

// errorList collects the diagnostics of one file.
type errorList struct {
	file string
	src  []byte
	list diag.List
}

func (e *errorList) add(pos ast.Pos, format string, args ...any) {
	if len(e.list) < maxErrors {
		e.list.Add(diag.New(e.file, e.src, pos, format, args...))
	}
}

// full reports whether the list has reached maxErrors.
func (e *errorList) full() bool { return len(e.list) >= maxErrors }

// err returns the sorted list as an error, or nil when it is empty.
func (e *errorList) err() error {
	e.list.Sort()
	return e.list.Err()
}

// parser holds the state of one parse over a token slice. The whole input
// is lexed first: look-ahead is then an index, and the lexer's knowledge
// of strings and comments makes skipping to the next `;` safe.
type parser struct {
	errs  *errorList
	toks  []token // ends with tokEOF
	i     int     // index of the current token
	depth int     // current nesting, see enter
}

// bailout is panicked by the parser after recording an error, to unwind
// to the statement loop; it never escapes the package (see go/parser).
type bailout struct{}

// recoverBailout, deferred, turns a bailout into a call of onBail and lets
// any other panic (a bug) through.
func (p *parser) recoverBailout(onBail func()) {
	if r := recover(); r != nil {
		if _, ok := r.(bailout); !ok {
			panic(r)
		}
		onBail()
	}
}

// tok returns the current token.
func (p *parser) tok() *token { return &p.toks[p.i] }

// peek returns the token n places after the current one (tokEOF past the end).
func (p *parser) peek(n int) *token {
	if j := p.i + n; j < len(p.toks) {
		return &p.toks[j]
	}
	return &p.toks[len(p.toks)-1]
}

// next moves to the next token; it stays on tokEOF.
func (p *parser) next() {
	if p.i < len(p.toks)-1 {
		p.i++
	}
}

// prevEnd is the end of the last token consumed.
func (p *parser) prevEnd() ast.Pos {
	if p.i == 0 {
		return p.toks[0].pos
	}
	return p.toks[p.i-1].end()
}

func (p *parser) is(k tokenKind) bool { return p.toks[p.i].kind == k }

func (p *parser) isKw(kw string) bool { return p.toks[p.i].isKw(kw) }

// got consumes the current token if it is of kind k.
func (p *parser) got(k tokenKind) bool {
	if p.is(k) {
		p.next()
		return true
	}
	return false
}

// gotKw consumes the current token if it is the keyword kw.
func (p *parser) gotKw(kw string) bool {
	if p.isKw(kw) {
		p.next()
		return true
	}
	return false
}

// expect consumes a token of kind k and returns its position, or fails.
func (p *parser) expect(k tokenKind) ast.Pos {
	pos := p.tok().pos
	if !p.got(k) {
		p.failExpected(kindText[k])
	}
	return pos
}

// expectKw consumes the keyword kw and returns its position, or fails.
func (p *parser) expectKw(kw string) ast.Pos {
	pos := p.tok().pos
	if !p.gotKw(kw) {
		p.failExpected(kw)
	}
	return pos
}

// failAt records an error at pos and unwinds to the statement loop.
func (p *parser) failAt(pos ast.Pos, format string, args ...any) {
	p.errs.add(pos, format, args...)
	panic(bailout{})
}

// failExpected reports the current token as unexpected where what was
// expected. At a tokIllegal the lexer has said all there is to say.
func (p *parser) failExpected(what string) {
	t := p.tok()
	switch {
	case t.kind == tokIllegal:
		panic(bailout{})
	case t.kind == tokWord && unsupported[t.upper]:
		p.failAt(t.pos, "%s is not supported", t.upper)
	}
	p.failAt(t.pos, "syntax error: unexpected %s, expected %s", t, what)
}

// enter counts one level of nesting and fails past maxDepth; leave undoes
// it. They are not deferred: a bailout resets the depth per statement.
func (p *parser) enter() {
	p.depth++
	if p.depth > maxDepth {
		p.failAt(p.tok().pos, "nesting too deep (more than %d levels)", maxDepth)
	}
}

func (p *parser) leave() { p.depth-- }
