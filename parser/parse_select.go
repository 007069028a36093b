package parser

import "github.com/velocsql/veloc/parser/ast"

// parseSelect parses a SELECT with its clauses. q is the query of the
// statement, which takes an EMIT written between the clauses; it is nil
// for a subquery, where EMIT is an error (the emit mode is the job's).
func (p *parser) parseSelect(q *ast.Query) *ast.Select {
	p.enter()
	s := &ast.Select{Pos: p.expectKw("SELECT")}
	s.Distinct = p.gotKw("DISTINCT")
	for {
		s.Items = append(s.Items, p.parseSelectItem())
		if !p.got(tokComma) {
			break
		}
	}
	p.expectKw("FROM")
	s.From = p.parseTableRef()
	s.Joins = p.parseJoins()
	p.parseClauses(s, q)
	p.leave()
	return s
}

// parseSelectItem parses `*`, `alias.*` or `expr [[AS] alias] [PRIMARY KEY]`.
func (p *parser) parseSelectItem() *ast.SelectItem {
	t := p.tok()
	item := &ast.SelectItem{Pos: t.pos}
	switch {
	case t.kind == tokStar:
		p.next()
		item.Star = true
		return item
	case t.isName() && p.peek(1).kind == tokDot && p.peek(2).kind == tokStar:
		item.Qualifier = p.identFrom(t)
		p.next()
		p.next()
		item.Star = true
		return item
	}
	item.Expr = p.parseExpr()
	item.Alias = p.parseAlias()
	if p.isKw("PRIMARY") && p.peek(1).isKw("KEY") {
		p.next()
		p.next()
		item.PrimaryKey = true
	}
	return item
}

// parseAlias parses `AS name`, or a name alone when it cannot start the
// next clause (`name item_name`, `FROM orders o`). It returns nil when
// there is no alias.
func (p *parser) parseAlias() *ast.Ident {
	if p.gotKw("AS") {
		return p.parseName("an alias")
	}
	if t := p.tok(); t.isImplicitAlias() {
		return p.identFrom(t)
	}
	return nil
}

// parseTableRef parses a FROM or JOIN source: `name [[AS] alias]` or
// `(select) [[AS] alias]`.
func (p *parser) parseTableRef() *ast.TableRef {
	ref := &ast.TableRef{Pos: p.tok().pos}
	if p.got(tokLParen) {
		if !p.isKw("SELECT") {
			p.failExpected("SELECT")
		}
		ref.Subquery = p.parseSelect(nil)
		p.expect(tokRParen)
	} else {
		ref.Name = p.parseName("a stream or table name")
	}
	ref.Alias = p.parseAlias()
	return ref
}

// parseJoins parses `[INNER | LEFT [OUTER] | RIGHT [OUTER] | FULL [OUTER]]
// JOIN source ON expr`, any number of times.
func (p *parser) parseJoins() []*ast.Join {
	var joins []*ast.Join
	for {
		j := &ast.Join{Pos: p.tok().pos}
		switch {
		case p.isKw("JOIN"):
		case p.gotKw("INNER"):
		case p.gotKw("LEFT"):
			j.Kind = ast.LeftJoin
			p.gotKw("OUTER")
		case p.gotKw("RIGHT"):
			j.Kind = ast.RightJoin
			p.gotKw("OUTER")
		case p.gotKw("FULL"):
			j.Kind = ast.FullJoin
			p.gotKw("OUTER")
		case p.isKw("CROSS"):
			p.failAt(j.Pos, "CROSS JOIN is not supported; write JOIN ... ON a condition")
		default:
			return joins
		}
		p.expectKw("JOIN")
		j.Source = p.parseTableRef()
		p.expectKw("ON")
		j.On = p.parseExpr()
		joins = append(joins, j)
	}
}

// clauseOrder is the last clause of a select seen so far: clauses come in
// the order WHERE, GROUP BY, HAVING, ORDER BY, LIMIT, each at most once.
type clauseOrder struct {
	rank int
	name string
}

// parseClauses parses the clauses after FROM and the joins. WINDOW may
// come anywhere between WHERE and ORDER BY (Velostream files write it
// both before and after GROUP BY and HAVING), and EMIT anywhere.
func (p *parser) parseClauses(s *ast.Select, q *ast.Query) {
	var last clauseOrder
	for {
		t := p.tok()
		switch {
		case t.isKw("WHERE"):
			p.clause(&last, 1, "WHERE")
			s.Where = p.parseExpr()
		case t.isKw("GROUP"):
			p.clause(&last, 2, "GROUP BY")
			p.expectKw("BY")
			s.GroupBy = p.parseExprList()
		case t.isKw("HAVING"):
			p.clause(&last, 3, "HAVING")
			s.Having = p.parseExpr()
		case t.isKw("WINDOW"):
			switch {
			case s.Window != nil:
				p.failAt(t.pos, "duplicate WINDOW clause")
			case last.rank > 3:
				p.failAt(t.pos, "WINDOW must come before %s", last.name)
			case last.rank == 0:
				last = clauseOrder{1, "WINDOW"} // so that a later WHERE is out of order
			}
			s.Window = p.parseWindow()
		case t.isKw("ORDER"):
			p.clause(&last, 4, "ORDER BY")
			p.expectKw("BY")
			s.OrderBy = p.parseOrderItems()
		case t.isKw("LIMIT"):
			p.clause(&last, 5, "LIMIT")
			s.Limit = p.parseExpr()
		case t.isKw("EMIT"):
			if q == nil {
				p.failAt(t.pos, "EMIT is not allowed in a subquery: the emit mode belongs to the statement")
			}
			p.parseQueryEmit(q)
		default:
			return
		}
	}
}

// clause checks the order of the clause keyword at the current token,
// then consumes the keyword.
func (p *parser) clause(last *clauseOrder, rank int, name string) {
	pos := p.tok().pos
	switch {
	case last.name == name:
		p.failAt(pos, "duplicate %s clause", name)
	case rank <= last.rank:
		p.failAt(pos, "%s must come before %s", name, last.name)
	}
	*last = clauseOrder{rank, name}
	p.next()
}

// parseOrderItems parses `expr [ASC|DESC] [NULLS FIRST|LAST], ...`.
func (p *parser) parseOrderItems() []*ast.OrderItem {
	var items []*ast.OrderItem
	for {
		items = append(items, p.parseOrderItem())
		if !p.got(tokComma) {
			return items
		}
	}
}

func (p *parser) parseOrderItem() *ast.OrderItem {
	o := &ast.OrderItem{Pos: p.tok().pos, Expr: p.parseExpr()}
	if p.gotKw("DESC") {
		o.Desc = true
	} else {
		p.gotKw("ASC")
	}
	if p.gotKw("NULLS") {
		switch {
		case p.gotKw("FIRST"):
			o.Nulls = ast.NullsFirst
		case p.gotKw("LAST"):
			o.Nulls = ast.NullsLast
		default:
			p.failExpected("FIRST or LAST")
		}
	}
	return o
}

// parseWindow parses the WINDOW clause in every spelling of the dialect:
//
//	TUMBLING([timecol,] size)   TUMBLING([timecol,] SIZE size)
//	SLIDING([timecol,] size, advance)   SLIDING([timecol,] size, ADVANCE BY advance)
//	HOPPING(...) as SLIDING
//	SESSION([timecol,] gap)   SESSION([timecol,] TIMEOUT gap)
func (p *parser) parseWindow() *ast.Window {
	w := &ast.Window{Pos: p.expectKw("WINDOW")}
	switch t := p.tok(); {
	case t.isKw("TUMBLING"):
		w.Kind = ast.TumblingWindow
	case t.isKw("SLIDING"), t.isKw("HOPPING"):
		w.Kind = ast.SlidingWindow
	case t.isKw("SESSION"):
		w.Kind = ast.SessionWindow
	default:
		p.failExpected("TUMBLING, SLIDING, HOPPING or SESSION")
	}
	p.next()
	p.expect(tokLParen)
	if p.startsTimeCol() {
		w.TimeCol = p.parseColumnRef()
		p.expect(tokComma)
	}
	switch w.Kind {
	case ast.TumblingWindow:
		p.durationKw("SIZE")
		w.Size = p.parseDuration()
	case ast.SlidingWindow:
		p.durationKw("SIZE")
		w.Size = p.parseDuration()
		p.expect(tokComma)
		if p.isKw("ADVANCE") && p.peek(1).isKw("BY") {
			p.next()
			p.next()
		}
		w.Advance = p.parseDuration()
	case ast.SessionWindow:
		p.durationKw("TIMEOUT")
		w.Size = p.parseDuration()
	}
	p.expect(tokRParen)
	return w
}

// startsTimeCol reports whether a window's arguments start with a time
// column rather than a duration or a SIZE/TIMEOUT keyword.
func (p *parser) startsTimeCol() bool {
	t := p.tok()
	if t.kind != tokWord && t.kind != tokQuotedIdent || p.startsDuration(0) {
		return false
	}
	return !(t.isKw("SIZE") || t.isKw("TIMEOUT")) || !p.startsDuration(1)
}

// durationKw consumes the keyword kw (SIZE, TIMEOUT) when a duration
// follows it; otherwise the word is left to be read as a name.
func (p *parser) durationKw(kw string) {
	if p.isKw(kw) && p.startsDuration(1) {
		p.next()
	}
}

// startsDuration reports whether the token n places ahead starts a
// duration: 5m, 5 (as in 5 MINUTES), or INTERVAL followed by its value.
func (p *parser) startsDuration(n int) bool {
	switch t := p.peek(n); {
	case t.kind == tokDuration, t.kind == tokNumber:
		return true
	case t.isKw("INTERVAL"):
		k := p.peek(n + 1).kind
		return k == tokString || k == tokNumber || k == tokDuration
	}
	return false
}
