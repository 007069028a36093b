package parser

import (
	"errors"
	"strconv"
	"strings"

	"github.com/velocsql/veloc/parser/ast"
)

// Binding powers the parser names, taken from ast.Op.Precedence so that
// the parser and the formatter agree: OR, NOT, comparisons (where IN,
// BETWEEN, LIKE and IS bind too), and + - ||.
var (
	precOr  = ast.OpOr.Precedence()
	precNot = ast.OpNot.Precedence()
	precCmp = ast.OpEq.Precedence()
	precAdd = ast.OpAdd.Precedence()
)

// parseExpr parses an expression.
func (p *parser) parseExpr() ast.Expr { return p.parseBinary(precOr) }

// parseExprList parses `expr, expr, ...` (at least one).
func (p *parser) parseExprList() []ast.Expr {
	var list []ast.Expr
	for {
		list = append(list, p.parseExpr())
		if !p.got(tokComma) {
			return list
		}
	}
}

// parseBinary parses an expression whose binary operators all bind at
// least as tightly as minPrec (precedence climbing). Every nested
// expression passes through here (or through the unary operators), so
// this is where nesting depth is counted.
func (p *parser) parseBinary(minPrec int) ast.Expr {
	p.enter()
	x := p.parseBinaryRest(p.parseUnary(), minPrec)
	p.leave()
	return x
}

// parseBinaryRest continues parseBinary after its first operand x.
func (p *parser) parseBinaryRest(x ast.Expr, minPrec int) ast.Expr {
	for {
		t := p.tok()
		if op := binaryOp(t); op != ast.OpInvalid {
			prec := op.Precedence()
			if prec < minPrec {
				return x
			}
			p.next()
			if op == ast.OpPow { // right-associative: 2^3^2 is 2^(3^2)
				prec--
			}
			x = &ast.Binary{OpPos: t.pos, Op: op, X: x, Y: p.parseBinary(prec + 1)}
			continue
		}
		if minPrec > precCmp {
			return x
		}
		y := p.parsePredicate(x)
		if y == nil {
			return x
		}
		x = y
	}
}

// binaryOp returns the binary operator t stands for, or OpInvalid.
func binaryOp(t *token) ast.Op {
	switch t.kind {
	case tokEq:
		return ast.OpEq
	case tokNe:
		return ast.OpNe
	case tokLt:
		return ast.OpLt
	case tokLe:
		return ast.OpLe
	case tokGt:
		return ast.OpGt
	case tokGe:
		return ast.OpGe
	case tokPlus:
		return ast.OpAdd
	case tokMinus:
		return ast.OpSub
	case tokConcat:
		return ast.OpConcat
	case tokStar:
		return ast.OpMul
	case tokSlash:
		return ast.OpDiv
	case tokPercent:
		return ast.OpMod
	case tokCaret:
		return ast.OpPow
	case tokWord:
		switch t.upper {
		case "AND":
			return ast.OpAnd
		case "OR":
			return ast.OpOr
		}
	}
	return ast.OpInvalid
}

// parsePredicate parses the comparison-level forms that follow their
// operand x: [NOT] IN, [NOT] BETWEEN, [NOT] LIKE and IS. It returns nil
// when none follows.
func (p *parser) parsePredicate(x ast.Expr) ast.Expr {
	opPos := p.tok().pos
	not := false
	if p.isKw("NOT") {
		switch n := p.peek(1); {
		case n.isKw("IN"), n.isKw("BETWEEN"), n.isKw("LIKE"):
			not = true
			p.next()
		default:
			return nil
		}
	}
	switch {
	case p.gotKw("IN"):
		in := &ast.In{OpPos: opPos, X: x, Not: not}
		p.expect(tokLParen)
		if p.isKw("SELECT") {
			in.Subquery = p.parseSelect(nil)
		} else {
			in.List = p.parseExprList()
		}
		p.expect(tokRParen)
		return in
	case p.gotKw("BETWEEN"):
		b := &ast.Between{OpPos: opPos, X: x, Not: not, Lo: p.parseBinary(precAdd)}
		p.expectKw("AND")
		b.Hi = p.parseBinary(precAdd)
		return b
	case p.gotKw("LIKE"):
		l := &ast.Like{OpPos: opPos, X: x, Not: not, Pattern: p.parseBinary(precAdd)}
		if p.gotKw("ESCAPE") {
			l.Escape = p.parseBinary(precAdd)
		}
		return l
	case p.gotKw("IS"):
		is := &ast.Is{OpPos: opPos, X: x, Not: p.gotKw("NOT")}
		switch {
		case p.gotKw("NULL"):
			is.What = ast.IsNull
		case p.gotKw("TRUE"):
			is.What = ast.IsTrue
		case p.gotKw("FALSE"):
			is.What = ast.IsFalse
		default:
			p.failExpected("NULL, TRUE or FALSE")
		}
		return is
	}
	return nil
}

// parseUnary parses -x, +x, NOT x, or a postfix expression.
func (p *parser) parseUnary() ast.Expr {
	switch t := p.tok(); {
	case t.kind == tokMinus, t.kind == tokPlus:
		p.next()
		op := ast.OpNeg
		if t.kind == tokPlus {
			op = ast.OpPos
		}
		p.enter() // - - - x nests without passing through parseBinary
		x := &ast.Unary{Pos: t.pos, Op: op, X: p.parseUnary()}
		p.leave()
		return x
	case t.isKw("NOT"):
		p.next()
		return &ast.Unary{Pos: t.pos, Op: ast.OpNot, X: p.parseBinary(precNot + 1)}
	}
	x := p.parsePrimary()
	for p.is(tokLBrack) {
		p.next()
		x = &ast.Index{X: x, Index: p.parseExpr()}
		p.expect(tokRBrack)
	}
	return x
}

// parsePrimary parses a literal, name, call, parenthesised expression or
// subquery.
func (p *parser) parsePrimary() ast.Expr {
	t := p.tok()
	switch t.kind {
	case tokNumber:
		p.next()
		return &ast.NumberLit{Pos: t.pos, Text: t.text, Kind: t.num}
	case tokDuration:
		p.next()
		return &ast.IntervalLit{Pos: t.pos, Value: t.durVal, Unit: t.durUnit}
	case tokString:
		p.next()
		return &ast.StringLit{Pos: t.pos, Value: t.value}
	case tokQuotedIdent:
		return p.parseColumnRef()
	case tokLParen:
		p.next()
		if p.isKw("SELECT") {
			sq := &ast.Subquery{Pos: t.pos, Select: p.parseSelect(nil)}
			p.expect(tokRParen)
			return sq
		}
		x := p.parseExpr()
		p.expect(tokRParen)
		return &ast.Paren{Pos: t.pos, X: x}
	case tokWord:
		return p.parseWord(t)
	}
	p.failExpected("an expression")
	return nil
}

// parseWord parses an expression that starts with a word. Most keywords
// start their construct only when the next token says so (`timestamp` is
// a column, `TIMESTAMP '...'` a literal, `TIMESTAMP(x)` a call).
func (p *parser) parseWord(t *token) ast.Expr {
	next := p.peek(1)
	call := next.kind == tokLParen
	switch t.upper {
	case "NULL":
		p.next()
		return &ast.NullLit{Pos: t.pos}
	case "TRUE", "FALSE":
		p.next()
		return &ast.BoolLit{Pos: t.pos, Value: t.upper == "TRUE"}
	case "CASE":
		return p.parseCase()
	case "CAST", "TRY_CAST":
		if call {
			return p.parseCast()
		}
	case "EXISTS":
		if call {
			e := &ast.Exists{Pos: t.pos}
			p.next()
			p.next()
			if !p.isKw("SELECT") {
				p.failExpected("SELECT")
			}
			e.Subquery = p.parseSelect(nil)
			p.expect(tokRParen)
			return e
		}
	case "INTERVAL":
		if next.kind == tokString || next.kind == tokNumber || next.kind == tokDuration {
			return p.parseInterval()
		}
	case "TIMESTAMP", "DATE":
		if next.kind == tokString {
			p.next()
			p.next()
			return &ast.TypedLit{Pos: t.pos, Type: t.upper, Value: next.value}
		}
	case "EXTRACT":
		if call {
			return p.parseExtract()
		}
	case "SUBSTRING":
		if call {
			return p.parseSubstring()
		}
	case "POSITION":
		if call {
			return p.parsePosition()
		}
	case "TRIM":
		if call {
			return p.parseTrim()
		}
	case "CURRENT_TIMESTAMP", "CURRENT_DATE":
		c := &ast.Call{Name: p.identFrom(t)}
		if call {
			p.next()
			p.expect(tokRParen)
		}
		return c
	}
	// JOIN is reserved, but JOIN(sep, a, ...) is a function (dialect.md):
	// in an expression it can only be a call.
	if reserved[t.upper] && !(call && t.upper == "JOIN") {
		p.failExpected("an expression")
	}
	if call {
		return p.parseCall()
	}
	return p.parseColumnRef()
}

// parseColumnRef parses `col` or `qualifier.col`. After the dot any word
// is a column name: `t.timestamp`, `r.window`.
func (p *parser) parseColumnRef() *ast.ColumnRef {
	name := p.parseName("a column name")
	if !p.got(tokDot) {
		return &ast.ColumnRef{Name: name}
	}
	return &ast.ColumnRef{Qualifier: name, Name: p.parseAnyName("a column name")}
}

// parseCall parses `f(args)`, `f(*)`, `f(DISTINCT x)`, with an optional
// WITHIN GROUP (ORDER BY x) and OVER (...).
func (p *parser) parseCall() ast.Expr {
	c := &ast.Call{Name: p.identFrom(p.tok())}
	p.expect(tokLParen)
	switch {
	case p.is(tokStar) && p.peek(1).kind == tokRParen:
		p.next()
		c.Star = true
	case p.is(tokRParen):
	default:
		c.Distinct = p.gotKw("DISTINCT")
		c.Args = p.parseExprList()
	}
	p.expect(tokRParen)
	if p.isKw("WITHIN") && p.peek(1).isKw("GROUP") {
		p.next()
		p.next()
		p.expect(tokLParen)
		p.expectKw("ORDER")
		p.expectKw("BY")
		c.WithinGroup = p.parseOrderItem()
		p.expect(tokRParen)
	}
	if p.isKw("OVER") {
		c.Over = p.parseOver()
	}
	return c
}

// parseCase parses both forms of CASE.
func (p *parser) parseCase() ast.Expr {
	c := &ast.Case{Pos: p.expectKw("CASE")}
	if p.isKw("END") || p.isKw("ELSE") || p.isKw("THEN") {
		p.failExpected("WHEN")
	}
	if !p.isKw("WHEN") {
		c.Operand = p.parseExpr()
	}
	for p.isKw("WHEN") {
		w := &ast.When{Pos: p.tok().pos}
		p.next()
		w.Cond = p.parseExpr()
		p.expectKw("THEN")
		w.Result = p.parseExpr()
		c.Whens = append(c.Whens, w)
	}
	if len(c.Whens) == 0 {
		p.failExpected("WHEN")
	}
	if p.gotKw("ELSE") {
		c.Else = p.parseExpr()
	}
	p.expectKw("END")
	return c
}

// parseCast parses CAST(x AS type) and TRY_CAST(x AS type).
func (p *parser) parseCast() ast.Expr {
	t := p.tok()
	c := &ast.Cast{Pos: t.pos, Try: t.upper == "TRY_CAST"}
	p.next()
	p.expect(tokLParen)
	c.X = p.parseExpr()
	p.expectKw("AS")
	c.Type = p.parseType()
	p.expect(tokRParen)
	return c
}

// parseExtract parses EXTRACT(unit FROM x). Which units exist is the
// compiler's business.
func (p *parser) parseExtract() ast.Expr {
	e := &ast.Extract{Pos: p.tok().pos}
	p.next()
	p.expect(tokLParen)
	u := p.tok()
	if u.kind != tokWord || u.upper == "" {
		p.failExpected("a date part such as YEAR or HOUR")
	}
	e.Unit, e.UnitPos = u.upper, u.pos
	p.next()
	p.expectKw("FROM")
	e.X = p.parseExpr()
	p.expect(tokRParen)
	return e
}

// parseSubstring parses SUBSTRING(s FROM a [FOR b]) as SUBSTRING(s, a[, b]),
// and the plain call SUBSTRING(s, a[, b]).
func (p *parser) parseSubstring() ast.Expr {
	c := &ast.Call{Name: p.identFrom(p.tok())}
	p.expect(tokLParen)
	c.Args = []ast.Expr{p.parseExpr()}
	if p.gotKw("FROM") {
		c.Args = append(c.Args, p.parseExpr())
		if p.gotKw("FOR") {
			c.Args = append(c.Args, p.parseExpr())
		}
	} else {
		for p.got(tokComma) {
			c.Args = append(c.Args, p.parseExpr())
		}
	}
	p.expect(tokRParen)
	return c
}

// parsePosition parses POSITION(a IN b) as POSITION(a, b), and the plain
// call POSITION(a, b[, start]). The first argument is read without
// comparisons first, so that its IN is not taken for the IN operator.
func (p *parser) parsePosition() ast.Expr {
	c := &ast.Call{Name: p.identFrom(p.tok())}
	p.expect(tokLParen)
	a := p.parseBinary(precAdd)
	if p.gotKw("IN") {
		c.Args = []ast.Expr{a, p.parseExpr()}
	} else {
		c.Args = []ast.Expr{p.parseBinaryRest(a, precOr)}
		for p.got(tokComma) {
			c.Args = append(c.Args, p.parseExpr())
		}
	}
	p.expect(tokRParen)
	return c
}

// trimWhere maps the side keywords of TRIM(... FROM s).
var trimWhere = map[string]ast.TrimWhere{"BOTH": ast.TrimBoth, "LEADING": ast.TrimLeading, "TRAILING": ast.TrimTrailing}

// parseTrim parses TRIM([BOTH|LEADING|TRAILING] [chars] FROM s) as a Trim,
// and the plain call TRIM(s) (or TRIM(s, ...)) as a Call.
func (p *parser) parseTrim() ast.Expr {
	tr := &ast.Trim{Pos: p.tok().pos}
	name := p.identFrom(p.tok())
	p.expect(tokLParen)
	side := false
	if w, ok := trimWhere[p.tok().upper]; ok && p.tok().kind == tokWord {
		// A side word followed by `)` or `,` is a column: TRIM(leading).
		if k := p.peek(1).kind; k != tokRParen && k != tokComma {
			tr.Where, side = w, true
			p.next()
		}
	}
	if p.gotKw("FROM") {
		tr.X = p.parseExpr()
		p.expect(tokRParen)
		return tr
	}
	first := p.parseExpr()
	if p.gotKw("FROM") {
		tr.Chars, tr.X = first, p.parseExpr()
		p.expect(tokRParen)
		return tr
	}
	if side {
		p.failExpected("FROM")
	}
	c := &ast.Call{Name: name, Args: []ast.Expr{first}}
	for p.got(tokComma) {
		c.Args = append(c.Args, p.parseExpr())
	}
	p.expect(tokRParen)
	return c
}

// parseOver parses OVER (...) of a window function. Its parts may come in
// any order (Velostream files differ), each at most once:
//
//	ROWS WINDOW BUFFER n ROWS | PARTITION BY ... | ORDER BY ...
//	| ROWS|RANGE BETWEEN bound AND bound | ROWS bound | EMIT CHANGES|FINAL
func (p *parser) parseOver() *ast.Over {
	o := &ast.Over{Pos: p.expectKw("OVER")}
	p.expect(tokLParen)
	dup := func(seen bool, what string) {
		if seen {
			p.failAt(p.tok().pos, "duplicate %s in OVER", what)
		}
	}
	for !p.got(tokRParen) {
		switch t := p.tok(); {
		case t.isKw("ROWS") && p.peek(1).isKw("WINDOW"):
			dup(o.BufferRows != nil, "ROWS WINDOW BUFFER")
			p.next()
			p.next()
			p.expectKw("BUFFER")
			o.BufferRows = p.parseBinary(precAdd)
			p.expectKw("ROWS")
		case t.isKw("PARTITION"):
			dup(o.PartitionBy != nil, "PARTITION BY")
			p.next()
			p.expectKw("BY")
			o.PartitionBy = p.parseExprList()
		case t.isKw("ORDER"):
			dup(o.OrderBy != nil, "ORDER BY")
			p.next()
			p.expectKw("BY")
			o.OrderBy = p.parseOrderItems()
		case t.isKw("ROWS"), t.isKw("RANGE"):
			dup(o.Frame != nil, "frame")
			o.Frame = p.parseFrame()
		case t.isKw("EMIT"):
			dup(o.Emit != nil, "EMIT")
			o.Emit = p.parseEmit()
		default:
			p.failExpected("PARTITION BY, ORDER BY, ROWS, RANGE, EMIT or )")
		}
	}
	return o
}

// parseFrame parses ROWS|RANGE BETWEEN bound AND bound, or ROWS bound,
// which means BETWEEN bound AND CURRENT ROW.
func (p *parser) parseFrame() *ast.Frame {
	t := p.tok()
	f := &ast.Frame{Pos: t.pos, Range: t.upper == "RANGE"}
	p.next()
	if p.gotKw("BETWEEN") {
		f.From = p.parseFrameBound()
		p.expectKw("AND")
		f.To = p.parseFrameBound()
	} else {
		f.From = p.parseFrameBound()
		f.To = ast.FrameBound{Kind: ast.CurrentRow}
	}
	return f
}

// parseFrameBound parses UNBOUNDED PRECEDING|FOLLOWING, CURRENT ROW, or
// n PRECEDING|FOLLOWING, where n may be an interval (for RANGE frames).
func (p *parser) parseFrameBound() ast.FrameBound {
	b := ast.FrameBound{Pos: p.tok().pos}
	switch {
	case p.gotKw("UNBOUNDED"):
		switch {
		case p.gotKw("PRECEDING"):
			b.Kind = ast.UnboundedPreceding
		case p.gotKw("FOLLOWING"):
			b.Kind = ast.UnboundedFollowing
		default:
			p.failExpected("PRECEDING or FOLLOWING")
		}
		return b
	case p.gotKw("CURRENT"):
		p.expectKw("ROW")
		b.Kind = ast.CurrentRow
		return b
	}
	if t := p.tok(); t.kind == tokNumber && p.peek(1).kind == tokWord {
		if _, ok := intervalUnits[p.peek(1).upper]; ok { // 5 MINUTES PRECEDING
			b.N = p.parseDuration()
		}
	}
	if b.N == nil {
		b.N = p.parseBinary(precAdd)
	}
	switch {
	case p.gotKw("PRECEDING"):
		b.Kind = ast.Preceding
	case p.gotKw("FOLLOWING"):
		b.Kind = ast.Following
	default:
		p.failExpected("PRECEDING or FOLLOWING")
	}
	return b
}

// parseDuration parses a window size, advance or gap: 5m, 5 MINUTES,
// INTERVAL 5 MINUTES or INTERVAL '5' MINUTE.
func (p *parser) parseDuration() *ast.IntervalLit {
	t := p.tok()
	switch {
	case t.kind == tokDuration:
		p.next()
		return &ast.IntervalLit{Pos: t.pos, Value: t.durVal, Unit: t.durUnit}
	case t.isKw("INTERVAL"):
		return p.parseInterval()
	case t.kind == tokNumber:
		lit := &ast.IntervalLit{Pos: t.pos, Value: p.intervalValue(t, t.text)}
		p.next()
		lit.Unit = p.parseIntervalUnit()
		return lit
	}
	p.failExpected("a duration such as 5m or INTERVAL '5' MINUTE")
	return nil
}

// parseInterval parses INTERVAL '5' MINUTE, INTERVAL 5 MINUTES or
// INTERVAL 5m.
func (p *parser) parseInterval() *ast.IntervalLit {
	lit := &ast.IntervalLit{Pos: p.expectKw("INTERVAL")}
	t := p.tok()
	switch t.kind {
	case tokDuration:
		p.next()
		lit.Value, lit.Unit = t.durVal, t.durUnit
		return lit
	case tokString:
		lit.Value = p.intervalValue(t, strings.TrimSpace(t.value))
	case tokNumber:
		lit.Value = p.intervalValue(t, t.text)
	default:
		p.failExpected("an interval value such as '5'")
	}
	p.next()
	lit.Unit = p.parseIntervalUnit()
	return lit
}

// intervalValue converts the text of an interval's value, which must be a
// whole number, reporting errors at t.
func (p *parser) intervalValue(t *token, text string) int64 {
	if t.kind == tokNumber && t.num != ast.IntegerNumber {
		p.failAt(t.pos, "an interval must be a whole number of units, not %s", text)
	}
	v, err := strconv.ParseInt(text, 10, 64)
	switch {
	case errors.Is(err, strconv.ErrRange):
		p.failAt(t.pos, "interval value %s is out of range", text)
	case err != nil:
		p.failAt(t.pos, "an interval must be a whole number of units, not %s", t.text)
	}
	return v
}

func (p *parser) parseIntervalUnit() ast.IntervalUnit {
	t := p.tok()
	u, ok := intervalUnits[t.upper]
	if !ok || t.kind != tokWord {
		p.failExpected("a time unit (MILLISECOND, SECOND, MINUTE, HOUR or DAY)")
	}
	p.next()
	return u
}
