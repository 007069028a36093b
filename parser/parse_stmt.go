package parser

import (
	"strconv"

	"github.com/velocsql/veloc/parser/ast"
)

// stmtSpan is where one statement lies in the file, parsed or not, so that
// annotations can be attached to the statement that follows them.
type stmtSpan struct {
	start, end int             // byte offsets: first token, just after the last
	header     *ast.StmtHeader // nil for a statement with a syntax error
}

// parseStmts parses the statements of a file into f.Stmts. After an error
// it skips to the next `;` and goes on, so one run reports every broken
// statement.
func (p *parser) parseStmts(f *ast.File) []stmtSpan {
	var spans []stmtSpan
	for !p.is(tokEOF) && !p.errs.full() {
		if p.got(tokSemi) { // empty statement
			continue
		}
		start := p.tok().pos.Offset
		s := p.parseStmtOrSkip()
		sp := stmtSpan{start: start, end: p.prevEnd().Offset}
		if s != nil {
			sp.header = s.Header()
			f.Stmts = append(f.Stmts, s)
		}
		spans = append(spans, sp)
	}
	return spans
}

// parseStmtOrSkip parses one statement and its terminator. After a syntax
// error it skips past the next `;` and returns nil.
func (p *parser) parseStmtOrSkip() (s ast.Stmt) {
	defer p.recoverBailout(func() {
		s = nil
		for !p.is(tokEOF) && !p.got(tokSemi) {
			p.next()
		}
	})
	p.depth = 0
	s = p.parseStmt()
	h := s.Header()
	switch {
	case p.is(tokSemi):
		h.End = p.tok().end()
		p.next()
	case p.is(tokEOF):
		h.End = p.prevEnd()
	case p.startsStmt():
		// A forgotten `;`: the statement is complete and the next one
		// starts here, so report it and keep both.
		h.End = p.prevEnd()
		t := p.tok()
		p.errs.add(t.pos, "syntax error: unexpected %s, expected ; after statement", t)
	default:
		p.failExpected("; after statement")
	}
	return s
}

func (p *parser) startsStmt() bool {
	return p.isKw("CREATE") || p.isKw("INSERT") || p.isKw("SELECT")
}

// parseStmt parses a statement without its terminator.
func (p *parser) parseStmt() ast.Stmt {
	switch {
	case p.isKw("CREATE"):
		return p.parseCreate()
	case p.isKw("INSERT"):
		pos := p.tok().pos
		p.next()
		p.expectKw("INTO")
		s := &ast.InsertInto{Name: p.parseName("a stream or table name")}
		s.Pos = pos
		s.Query = p.parseQuery()
		return s
	case p.isKw("SELECT"):
		s := &ast.SelectStmt{}
		s.Pos = p.tok().pos
		s.Query = p.parseQuery()
		return s
	case p.isKw("WITH"):
		p.failAt(p.tok().pos, "WITH before a query (a common table expression) is not supported")
	}
	p.failExpected("a statement (CREATE, INSERT or SELECT)")
	return nil
}

// parseCreate parses CREATE [OR REPLACE] STREAM|TABLE name, then either
// AS query (a job) or a column list (a source declaration).
func (p *parser) parseCreate() ast.Stmt {
	pos := p.tok().pos
	p.next()
	orReplace := false
	if p.gotKw("OR") {
		p.expectKw("REPLACE")
		orReplace = true
	}
	var kind ast.ObjectKind
	switch {
	case p.gotKw("STREAM"):
		kind = ast.StreamKind
	case p.gotKw("TABLE"):
		kind = ast.TableKind
	default:
		p.failExpected("STREAM or TABLE")
	}
	name := p.parseName("a stream or table name")
	switch {
	case p.gotKw("AS"):
		s := &ast.CreateAs{Kind: kind, OrReplace: orReplace, Name: name}
		s.Pos = pos
		s.Query = p.parseQuery()
		return s
	case p.is(tokLParen):
		s := &ast.CreateSource{Kind: kind, OrReplace: orReplace, Name: name}
		s.Pos = pos
		p.parseColumnDefs(s)
		if p.isKw("WITH") {
			s.With = p.parseWith()
		}
		return s
	}
	p.failExpected("AS or (")
	return nil
}

// parseColumnDefs parses `(col type [NOT NULL], ..., [PRIMARY KEY (a, b)])`.
func (p *parser) parseColumnDefs(s *ast.CreateSource) {
	p.expect(tokLParen)
	for {
		if p.isKw("PRIMARY") && p.peek(1).isKw("KEY") {
			pk := &ast.PrimaryKey{Pos: p.tok().pos}
			if s.PrimaryKey != nil {
				p.failAt(pk.Pos, "duplicate PRIMARY KEY")
			}
			p.next()
			p.next()
			p.expect(tokLParen)
			for {
				pk.Columns = append(pk.Columns, p.parseName("a column name"))
				if !p.got(tokComma) {
					break
				}
			}
			p.expect(tokRParen)
			s.PrimaryKey = pk
		} else {
			s.Columns = append(s.Columns, p.parseColumnDef())
		}
		if !p.got(tokComma) {
			break
		}
	}
	p.expect(tokRParen)
}

// parseColumnDef parses `name type [NOT NULL]`. The name may be any word,
// even a reserved one: a type always follows, so nothing is ambiguous.
func (p *parser) parseColumnDef() *ast.ColumnDef {
	t := p.tok()
	if t.kind != tokWord && t.kind != tokQuotedIdent {
		p.failExpected("a column definition")
	}
	c := &ast.ColumnDef{Pos: t.pos, Name: p.parseAnyName("a column name")}
	c.Type = p.parseType()
	if p.isKw("NOT") && p.peek(1).isKw("NULL") {
		p.next()
		p.next()
		c.NotNull = true
	}
	return c
}

// typeParams is how many parameters each type takes: DECIMAL(p, s),
// VARCHAR(n); types absent here take none.
var typeParams = map[string]int{"DECIMAL": 2, "NUMERIC": 2, "VARCHAR": 1}

// typeSet holds the type names of the dialect (types.md).
var typeSet = wordSet(
	"BOOLEAN", "BOOL", "INTEGER", "INT", "BIGINT", "SMALLINT", "TINYINT",
	"FLOAT", "DOUBLE", "REAL", "DECIMAL", "NUMERIC", "STRING", "VARCHAR",
	"TEXT", "TIMESTAMP", "DATE", "ARRAY", "MAP",
)

// typeList is typeSet as the unknown-type message shows it.
const typeList = "BOOLEAN, BOOL, INTEGER, INT, BIGINT, SMALLINT, TINYINT, FLOAT, DOUBLE, REAL, " +
	"DECIMAL(p,s), NUMERIC(p,s), STRING, VARCHAR, VARCHAR(n), TEXT, TIMESTAMP, DATE, ARRAY<T>, MAP<K,V>"

// parseType parses a type name: INTEGER, DECIMAL(10,2), VARCHAR(20),
// ARRAY<STRING>, MAP<STRING, INTEGER>. Only the shape is checked here;
// what a DECIMAL without parameters means is the compiler's business.
func (p *parser) parseType() *ast.TypeName {
	t := p.tok()
	if t.kind != tokWord {
		p.failExpected("a type")
	}
	if !typeSet[t.upper] {
		p.failAt(t.pos, "unknown type %s; the types are %s", t.text, typeList)
	}
	p.enter()
	tn := &ast.TypeName{Pos: t.pos, Name: t.upper}
	p.next()
	switch tn.Name {
	case "ARRAY":
		p.expect(tokLt)
		tn.Elem = append(tn.Elem, p.parseType())
		p.expect(tokGt)
	case "MAP":
		p.expect(tokLt)
		tn.Elem = append(tn.Elem, p.parseType())
		p.expect(tokComma)
		tn.Elem = append(tn.Elem, p.parseType())
		p.expect(tokGt)
	default:
		n := typeParams[tn.Name]
		if n == 0 && p.is(tokLParen) {
			p.failAt(p.tok().pos, "type %s takes no parameters", tn.Name)
		}
		if n > 0 && p.got(tokLParen) {
			for {
				if len(tn.Params) == n {
					p.failExpected(")")
				}
				tn.Params = append(tn.Params, p.parseTypeParam())
				if !p.got(tokComma) {
					break
				}
			}
			p.expect(tokRParen)
		}
	}
	p.leave()
	return tn
}

func (p *parser) parseTypeParam() int64 {
	t := p.tok()
	if t.kind != tokNumber || t.num != ast.IntegerNumber {
		p.failExpected("a whole number")
	}
	n, err := strconv.ParseInt(t.text, 10, 64)
	if err != nil {
		p.failAt(t.pos, "type parameter %s is out of range", t.text)
	}
	p.next()
	return n
}

// parseQuery parses `select [emit] [with]`. EMIT may also come between the
// select's clauses (parseSelect moves it here) or after WITH.
func (p *parser) parseQuery() *ast.Query {
	q := &ast.Query{}
	q.Select = p.parseSelect(q)
	if p.isKw("WITH") {
		q.With = p.parseWith()
		if p.isKw("EMIT") {
			p.parseQueryEmit(q)
		}
	}
	return q
}

// parseQueryEmit parses EMIT CHANGES|FINAL into q, which may have one only.
func (p *parser) parseQueryEmit(q *ast.Query) {
	if q.Emit != nil {
		p.failAt(p.tok().pos, "duplicate EMIT: a query has one emit mode")
	}
	q.Emit = p.parseEmit()
}

// parseEmit parses EMIT CHANGES or EMIT FINAL.
func (p *parser) parseEmit() *ast.Emit {
	e := &ast.Emit{Pos: p.expectKw("EMIT")}
	switch {
	case p.gotKw("CHANGES"):
		e.Mode = ast.EmitChanges
	case p.gotKw("FINAL"):
		e.Mode = ast.EmitFinal
	default:
		p.failExpected("CHANGES or FINAL")
	}
	return e
}

// parseWith parses WITH ('key' = 'value', ...). Keys and values may use
// either quote style, and a trailing comma is allowed: property lists are
// edited line by line.
func (p *parser) parseWith() *ast.With {
	w := &ast.With{Pos: p.expectKw("WITH")}
	p.expect(tokLParen)
	for !p.is(tokRParen) {
		prop := &ast.Property{Pos: p.tok().pos}
		prop.Key = p.parsePropertyText("a property key in quotes")
		p.expect(tokEq)
		prop.ValuePos = p.tok().pos
		prop.Value = p.parsePropertyText("a property value in quotes")
		w.Props = append(w.Props, prop)
		if !p.got(tokComma) {
			break
		}
	}
	p.expect(tokRParen)
	return w
}

func (p *parser) parsePropertyText(what string) string {
	t := p.tok()
	if t.kind == tokString || t.kind == tokQuotedIdent && t.text[0] == '"' {
		p.next()
		return t.value
	}
	p.failExpected(what)
	return ""
}

// parseName parses a stream, table, column or alias name: a quoted
// identifier or a word that is not reserved.
func (p *parser) parseName(what string) *ast.Ident {
	t := p.tok()
	if !t.isName() {
		p.failExpected(what)
	}
	return p.identFrom(t)
}

// parseAnyName parses a name where the grammar makes any word a name, as
// after `alias.` or in a column definition.
func (p *parser) parseAnyName(what string) *ast.Ident {
	t := p.tok()
	if t.kind != tokWord && t.kind != tokQuotedIdent {
		p.failExpected(what)
	}
	return p.identFrom(t)
}

// identFrom makes an Ident of the current token, a word or quoted
// identifier, and consumes it.
func (p *parser) identFrom(t *token) *ast.Ident {
	id := &ast.Ident{Pos: t.pos, Name: t.text}
	if t.kind == tokQuotedIdent {
		if t.value == "" {
			p.failAt(t.pos, "empty quoted identifier")
		}
		id.Name, id.Quoted = t.value, true
	}
	p.next()
	return id
}
