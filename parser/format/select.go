package format

import (
	"fmt"

	"github.com/velocsql/veloc/parser/ast"
)

// clause is one line-level clause of a statement's query: where it
// starts in the source, and how to print it. next is where the clause
// printed after it starts (or the statement's end): the comments before
// it that the clause's own tokens have not flushed come before that
// clause, and a clause that ends with an unpositioned token, like WITH's
// `)`, prints them first.
type clause struct {
	start ast.Pos
	print func(next ast.Pos)
}

// selectClauses returns the clauses of a statement's SELECT in the
// canonical order, one (or more) lines each.
func (p *printer) selectClauses(s *ast.Select) []clause {
	head := "SELECT"
	if s.Distinct {
		head = "SELECT DISTINCT"
	}
	cs := []clause{{s.Pos, func(ast.Pos) {
		p.list(head, s.Pos, len(s.Items),
			func(i int) ast.Pos { return s.Items[i].Pos },
			func(q *printer, i int) { q.selectItem(s.Items[i]) })
	}}}
	if s.From != nil {
		cs = append(cs, clause{s.From.Pos, func(ast.Pos) {
			p.startLine(0, s.From.Pos)
			p.write("FROM ")
			p.tableRef(s.From)
		}})
	}
	for _, j := range s.Joins {
		cs = append(cs, clause{j.Pos, func(ast.Pos) { p.unit(func() { p.join(j) }) }})
	}
	if s.Where != nil {
		cs = append(cs, clause{s.Where.Start(), func(ast.Pos) {
			p.unit(func() { p.condition(0, "WHERE", s.Where) })
		}})
	}
	if len(s.GroupBy) > 0 {
		cs = append(cs, clause{s.GroupBy[0].Start(), func(ast.Pos) {
			p.list("GROUP BY", s.GroupBy[0].Start(), len(s.GroupBy),
				func(i int) ast.Pos { return s.GroupBy[i].Start() },
				func(q *printer, i int) { q.expr(s.GroupBy[i]) })
		}})
	}
	if s.Having != nil {
		cs = append(cs, clause{s.Having.Start(), func(ast.Pos) {
			p.unit(func() { p.condition(0, "HAVING", s.Having) })
		}})
	}
	if s.Window != nil {
		cs = append(cs, clause{s.Window.Pos, func(ast.Pos) {
			p.unit(func() {
				p.startLine(0, s.Window.Pos)
				p.write("WINDOW ")
				p.window(s.Window)
			})
		}})
	}
	if len(s.OrderBy) > 0 {
		cs = append(cs, clause{s.OrderBy[0].Pos, func(ast.Pos) {
			p.list("ORDER BY", s.OrderBy[0].Pos, len(s.OrderBy),
				func(i int) ast.Pos { return s.OrderBy[i].Pos },
				func(q *printer, i int) { q.orderItem(s.OrderBy[i]) })
		}})
	}
	if s.Limit != nil {
		cs = append(cs, clause{s.Limit.Start(), func(ast.Pos) {
			p.unit(func() {
				p.startLine(0, s.Limit.Start())
				p.write("LIMIT ")
				p.expr(s.Limit)
			})
		}})
	}
	return cs
}

// clauses prints cs, given in canonical order. A clause written earlier
// in the source than a clause before it here (WINDOW before GROUP BY,
// EMIT between clauses) moves to its canonical place only when no
// comment lies inside it, from its start to the start of the clause after
// it in the source. The tree keeps comments in source order, so moving a
// clause with its comments past others would reorder them, and moving it
// without them would leave a trailing comment with no code to trail; so
// such a clause stays where it was written. The comments stay inside it,
// which keeps that choice the same the next time.
func (p *printer) clauses(cs []clause, end ast.Pos) {
	cs = p.pinned(cs, end)
	for i, c := range cs {
		next := end
		if i+1 < len(cs) {
			next = cs[i+1].start
		}
		c.print(next)
	}
}

// pinned returns cs with every out-of-order clause that holds a comment
// put back at its place in the source.
func (p *printer) pinned(cs []clause, end ast.Pos) []clause {
	if p.flat {
		return cs
	}
	var stay []clause
	out := make([]clause, 0, len(cs))
	last := -1
	for _, c := range cs {
		if c.start.IsValid() && c.start.Offset < last && p.commentsBetween(c.start, nextStart(cs, c.start, end)) {
			stay = append(stay, c)
			continue
		}
		if c.start.IsValid() {
			last = max(last, c.start.Offset)
		}
		out = append(out, c)
	}
	for _, c := range stay {
		i := 0
		for i < len(out) && !(out[i].start.IsValid() && c.start.Offset < out[i].start.Offset) {
			i++
		}
		out = append(out[:i], append([]clause{c}, out[i:]...)...)
	}
	return out
}

// nextStart returns the start of the clause that follows the one starting
// at pos in the source, or end.
func nextStart(cs []clause, pos, end ast.Pos) ast.Pos {
	next := end
	for _, c := range cs {
		if c.start.IsValid() && c.start.Offset > pos.Offset && (!next.IsValid() || c.start.Offset < next.Offset) {
			next = c.start
		}
	}
	return next
}

// list prints a clause keyword and a comma-separated list: on the
// keyword's line when it all fits in maxWidth and no comment lies between
// the items, else one item per line aligned under the first.
func (p *printer) list(kw string, pos ast.Pos, n int, start func(int) ast.Pos, item func(*printer, int)) {
	p.startLine(0, pos)
	p.write(kw + " ")
	ind := width(kw) + 1
	oneLine := n > 0 && !p.commentsBetween(start(0), start(n-1)) &&
		ind+flatWidth(func(q *printer) {
			for i := range n {
				if i > 0 {
					q.write(", ")
				}
				item(q, i)
			}
		}) <= maxWidth
	for i := range n {
		p.unit(func() {
			switch {
			case i == 0:
				// A comment before the first item breaks the line; the
				// item then starts where the others are aligned.
				p.cont = ind
				p.at(start(0))
				if p.lineComment {
					p.newline(ind)
				}
				p.cont = ind + 4
			case oneLine:
				p.write(", ")
			default:
				p.startLine(ind, start(i))
			}
			item(p, i)
			if !oneLine && i < n-1 {
				p.write(",")
			}
		})
	}
}

// condition prints a WHERE, HAVING or ON condition on a line starting at
// indent with kw. Too wide, it breaks before each top-level OR, with OR
// right-aligned to kw, and each part still too wide before each of its
// top-level ANDs. A comment among the operators of a chain breaks it too,
// so the comment gets a line of its own next to its operator instead of
// an arbitrary break.
func (p *printer) condition(indent int, kw string, cond ast.Expr) {
	p.startLine(indent, cond.Start())
	p.write(kw + " ")
	ind := indent + width(kw) + 1 // where the condition starts
	terms, ors := chain(cond, ast.OpOr)
	switch {
	case p.breakChain(ind, cond, ors):
		for i, t := range terms {
			if i > 0 {
				p.startLine(ind-3, ors[i-1])
				p.write("OR ")
			}
			p.andChain(ind, t)
		}
	case len(terms) == 1:
		p.andChain(ind, cond)
	default:
		p.expr(cond)
	}
}

// andChain prints one OR operand of a condition that starts at column
// ind, broken before each top-level AND when breakChain says so.
func (p *printer) andChain(ind int, e ast.Expr) {
	factors, ands := chain(e, ast.OpAnd)
	if !p.breakChain(ind, e, ands) {
		p.expr(e)
		return
	}
	for k, f := range factors {
		if k > 0 {
			p.startLine(ind-4, ands[k-1])
			p.write("AND ")
		}
		p.expr(f)
	}
}

// breakChain reports whether the chain e, starting at column ind, with
// its operators at ops, prints one operand per line: when it is too wide,
// or when a comment lies before its last operator. Comments stay on the
// same side of every operator, so the choice survives formatting.
func (p *printer) breakChain(ind int, e ast.Expr, ops []ast.Pos) bool {
	return len(ops) > 0 && (ind+exprWidth(e) > maxWidth || p.commentsBetween(e.Start(), ops[len(ops)-1]))
}

// chain returns the operands of a chain of op (not looking into
// parentheses) and the positions of the operators between them.
func chain(e ast.Expr, op ast.Op) ([]ast.Expr, []ast.Pos) {
	b, ok := e.(*ast.Binary)
	if !ok || b.Op != op {
		return []ast.Expr{e}, nil
	}
	xs, xops := chain(b.X, op)
	ys, yops := chain(b.Y, op)
	return append(xs, ys...), append(append(xops, b.OpPos), yops...)
}

// join prints a join on one line, or with ON on the next line (indented
// two spaces, OR and AND aligned under it) when the line is too wide or a
// comment comes before the condition (it then ends the JOIN line rather
// than splitting ON from its condition).
func (p *printer) join(j *ast.Join) {
	p.startLine(0, j.Pos)
	p.write(joinKeyword(j.Kind))
	p.tableRef(j.Source)
	if j.On == nil {
		return
	}
	if flatWidth(func(q *printer) { q.joinInline(j) }) <= maxWidth && !p.commentsBetween(j.Pos, j.On.Start()) {
		p.at(j.On.Start())
		p.write(" ON ")
		p.expr(j.On)
		return
	}
	p.condition(2, "ON", j.On)
}

func joinKeyword(k ast.JoinKind) string {
	if k == ast.InnerJoin {
		return "JOIN "
	}
	return k.String() + " JOIN "
}

// joinInline prints a join on the current line (in a subquery, and to
// measure it).
func (p *printer) joinInline(j *ast.Join) {
	p.at(j.Pos)
	p.write(joinKeyword(j.Kind))
	p.tableRef(j.Source)
	if j.On != nil {
		p.at(j.On.Start())
		p.write(" ON ")
		p.expr(j.On)
	}
}

// selectInline prints a subquery's SELECT on one line.
func (p *printer) selectInline(s *ast.Select) {
	p.inline++
	defer func() { p.inline-- }()
	p.at(s.Pos)
	p.write("SELECT ")
	if s.Distinct {
		p.write("DISTINCT ")
	}
	for i, it := range s.Items {
		if i > 0 {
			p.write(", ")
		}
		p.selectItem(it)
	}
	if s.From != nil {
		p.at(s.From.Pos)
		p.write(" FROM ")
		p.tableRef(s.From)
	}
	for _, j := range s.Joins {
		p.at(j.Pos)
		p.write(" ")
		p.joinInline(j)
	}
	if s.Where != nil {
		p.at(s.Where.Start())
		p.write(" WHERE ")
		p.expr(s.Where)
	}
	if len(s.GroupBy) > 0 {
		p.at(s.GroupBy[0].Start())
		p.write(" GROUP BY ")
		p.exprList(s.GroupBy)
	}
	if s.Having != nil {
		p.at(s.Having.Start())
		p.write(" HAVING ")
		p.expr(s.Having)
	}
	if s.Window != nil {
		p.at(s.Window.Pos)
		p.write(" WINDOW ")
		p.window(s.Window)
	}
	if len(s.OrderBy) > 0 {
		p.at(s.OrderBy[0].Pos)
		p.write(" ORDER BY ")
		p.orderList(s.OrderBy)
	}
	if s.Limit != nil {
		p.at(s.Limit.Start())
		p.write(" LIMIT ")
		p.expr(s.Limit)
	}
}

// selectItem prints `*`, `alias.*` or `expr [AS alias] [PRIMARY KEY]`.
func (p *printer) selectItem(it *ast.SelectItem) {
	p.at(it.Pos)
	switch {
	case it.Star && it.Qualifier != nil:
		p.ident(it.Qualifier)
		p.write(".*")
	case it.Star:
		p.write("*")
	default:
		p.expr(it.Expr)
	}
	if it.Alias != nil {
		p.at(it.Alias.Pos)
		p.write(" AS ")
		p.ident(it.Alias)
	}
	if it.PrimaryKey {
		p.write(" PRIMARY KEY")
	}
}

// tableRef prints a FROM or JOIN source with its alias.
func (p *printer) tableRef(t *ast.TableRef) {
	p.at(t.Pos)
	if t.Subquery != nil {
		p.write("(")
		p.selectInline(t.Subquery)
		p.write(")")
	} else if t.Name != nil {
		p.ident(t.Name)
	}
	if t.Alias != nil {
		p.at(t.Alias.Pos)
		p.write(" AS ")
		p.ident(t.Alias)
	}
}

// window prints a time window in the dialect's first spelling.
func (p *printer) window(w *ast.Window) {
	p.write(w.Kind.String() + "(")
	sep := ""
	if w.TimeCol != nil {
		p.expr(w.TimeCol)
		sep = ", "
	}
	if w.Size != nil {
		p.write(sep)
		p.interval(w.Size)
		sep = ", "
	}
	if w.Advance != nil {
		p.write(sep)
		p.interval(w.Advance)
	}
	p.write(")")
}

// interval prints INTERVAL 'n' UNIT.
func (p *printer) interval(i *ast.IntervalLit) {
	p.at(i.Pos)
	p.write(fmt.Sprintf("INTERVAL '%d' %s", i.Value, i.Unit))
}

// orderItem prints `expr [DESC] [NULLS FIRST|LAST]`.
func (p *printer) orderItem(o *ast.OrderItem) {
	p.at(o.Pos)
	p.expr(o.Expr)
	if o.Desc {
		p.write(" DESC")
	}
	if o.Nulls != ast.NullsDefault {
		p.write(" " + o.Nulls.String())
	}
}

func (p *printer) orderList(items []*ast.OrderItem) {
	for i, o := range items {
		if i > 0 {
			p.write(", ")
		}
		p.orderItem(o)
	}
}

func (p *printer) exprList(xs []ast.Expr) {
	for i, x := range xs {
		if i > 0 {
			p.write(", ")
		}
		p.expr(x)
	}
}
