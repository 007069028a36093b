package format

import (
	"fmt"
	"strings"

	"github.com/velocsql/veloc/parser/ast"
)

// expr prints an expression. Before each token whose position the tree
// knows, p.at prints the comments that come before it; keywords that
// introduce a construct are written after that call, so a comment never
// separates a keyword from the token the tree positions after it.
func (p *printer) expr(e ast.Expr) {
	switch e := e.(type) {
	case nil:
	case *ast.ColumnRef:
		if e.Qualifier != nil {
			p.ident(e.Qualifier)
			p.write(".")
		}
		p.ident(e.Name)
	case *ast.NumberLit:
		p.at(e.Pos)
		p.write(e.Text)
	case *ast.StringLit:
		p.at(e.Pos)
		p.write(quote(e.Value))
	case *ast.BoolLit:
		p.at(e.Pos)
		p.write(map[bool]string{true: "TRUE", false: "FALSE"}[e.Value])
	case *ast.NullLit:
		p.at(e.Pos)
		p.write("NULL")
	case *ast.TypedLit:
		p.at(e.Pos)
		p.write(strings.ToUpper(e.Type) + " " + quote(e.Value))
	case *ast.IntervalLit:
		p.interval(e)
	case *ast.Unary:
		p.unary(e)
	case *ast.Binary:
		p.expr(e.X)
		p.at(e.OpPos)
		p.write(" " + e.Op.String() + " ")
		p.expr(e.Y)
	case *ast.Paren:
		p.at(e.Pos)
		p.write("(")
		p.expr(e.X)
		p.write(")")
	case *ast.Call:
		p.call(e)
	case *ast.Case:
		p.caseExpr(e)
	case *ast.Cast:
		p.at(e.Pos)
		if e.Try {
			p.write("TRY_CAST(")
		} else {
			p.write("CAST(")
		}
		p.expr(e.X)
		p.at(e.Type.Pos)
		p.write(" AS ")
		p.typeName(e.Type)
		p.write(")")
	case *ast.In:
		p.expr(e.X)
		p.at(e.OpPos)
		p.write(not(e.Not) + "IN (")
		if e.Subquery != nil {
			p.selectInline(e.Subquery)
		} else {
			p.exprList(e.List)
		}
		p.write(")")
	case *ast.Between:
		p.expr(e.X)
		p.at(e.OpPos)
		p.write(not(e.Not) + "BETWEEN ")
		p.expr(e.Lo)
		p.at(e.Hi.Start())
		p.write(" AND ")
		p.expr(e.Hi)
	case *ast.Like:
		p.expr(e.X)
		p.at(e.OpPos)
		p.write(not(e.Not) + "LIKE ")
		p.expr(e.Pattern)
		if e.Escape != nil {
			p.at(e.Escape.Start())
			p.write(" ESCAPE ")
			p.expr(e.Escape)
		}
	case *ast.Is:
		p.expr(e.X)
		p.at(e.OpPos)
		if e.Not {
			p.write(" IS NOT " + e.What.String())
		} else {
			p.write(" IS " + e.What.String())
		}
	case *ast.Exists:
		p.at(e.Pos)
		p.write("EXISTS (")
		p.selectInline(e.Subquery)
		p.write(")")
	case *ast.Subquery:
		p.at(e.Pos)
		p.write("(")
		p.selectInline(e.Select)
		p.write(")")
	case *ast.Index:
		p.expr(e.X)
		p.write("[")
		p.expr(e.Index)
		p.write("]")
	case *ast.Extract:
		p.at(e.Pos)
		p.write("EXTRACT(")
		p.at(e.UnitPos)
		p.write(strings.ToUpper(e.Unit))
		p.at(e.X.Start())
		p.write(" FROM ")
		p.expr(e.X)
		p.write(")")
	case *ast.Trim:
		p.at(e.Pos)
		p.write("TRIM(" + e.Where.String())
		if e.Chars != nil {
			p.at(e.Chars.Start())
			p.write(" ")
			p.expr(e.Chars)
		}
		p.at(e.X.Start())
		p.write(" FROM ")
		p.expr(e.X)
		p.write(")")
	default:
		panic(fmt.Sprintf("format: unexpected expression %T", e))
	}
}

// not returns the " NOT " or " " that goes before IN, BETWEEN and LIKE.
func not(b bool) string {
	if b {
		return " NOT "
	}
	return " "
}

// unary prints -x, +x or NOT x. A minus before a minus gets a space:
// `--x` would start a comment.
func (p *printer) unary(e *ast.Unary) {
	p.at(e.Pos)
	switch e.Op {
	case ast.OpNot:
		p.write("NOT ")
	default:
		p.write(e.Op.String())
		if startsWithMinus(e.X) {
			p.write(" ")
		}
	}
	p.expr(e.X)
}

// startsWithMinus reports whether e prints starting with a minus sign.
func startsWithMinus(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Unary:
		return e.Op == ast.OpNeg
	case *ast.Binary:
		return startsWithMinus(e.X)
	case *ast.In:
		return startsWithMinus(e.X)
	case *ast.Between:
		return startsWithMinus(e.X)
	case *ast.Like:
		return startsWithMinus(e.X)
	case *ast.Is:
		return startsWithMinus(e.X)
	case *ast.Index:
		return startsWithMinus(e.X)
	}
	return false
}

// call prints a function call with its special spellings.
func (p *printer) call(c *ast.Call) {
	p.at(c.Name.Pos)
	name := identText(c.Name)
	if !c.Name.Quoted {
		name = strings.ToUpper(name)
	}
	p.write(name)
	switch {
	case (name == "CURRENT_TIMESTAMP" || name == "CURRENT_DATE") && !c.Name.Quoted &&
		len(c.Args) == 0 && !c.Star && !c.Distinct:
		// written without parentheses
	case c.Star:
		p.write("(*)")
	case name == "POSITION" && len(c.Args) == 2 && !c.Distinct && tightArg(c.Args[0]):
		p.write("(")
		p.expr(c.Args[0])
		p.at(c.Args[1].Start())
		p.write(" IN ")
		p.expr(c.Args[1])
		p.write(")")
	default:
		p.write("(")
		if c.Distinct {
			p.write("DISTINCT ")
		}
		p.exprList(c.Args)
		p.write(")")
	}
	if o := c.WithinGroup; o != nil {
		p.at(o.Pos)
		p.write(" WITHIN GROUP (ORDER BY ")
		p.orderItem(o)
		p.write(")")
	}
	if c.Over != nil {
		p.over(c.Over)
	}
}

// tightArg reports whether e binds tighter than IN, so that
// `POSITION(e IN s)` reads back as the same call. Others print with a comma.
func tightArg(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Binary:
		return e.Op.Precedence() > ast.OpEq.Precedence()
	case *ast.Unary:
		return e.Op != ast.OpNot
	case *ast.In, *ast.Between, *ast.Like, *ast.Is:
		return false
	}
	return true
}

// over prints OVER (...) with its parts in canonical order.
func (p *printer) over(o *ast.Over) {
	p.at(o.Pos)
	p.write(" OVER (")
	sep := ""
	part := func(s string) {
		p.write(sep + s)
		sep = " "
	}
	if o.BufferRows != nil {
		p.at(o.BufferRows.Start())
		part("ROWS WINDOW BUFFER ")
		p.expr(o.BufferRows)
		p.write(" ROWS")
	}
	if len(o.PartitionBy) > 0 {
		p.at(o.PartitionBy[0].Start())
		part("PARTITION BY ")
		p.exprList(o.PartitionBy)
	}
	if len(o.OrderBy) > 0 {
		p.at(o.OrderBy[0].Pos)
		part("ORDER BY ")
		p.orderList(o.OrderBy)
	}
	if f := o.Frame; f != nil {
		p.at(f.Pos)
		if f.Range {
			part("RANGE BETWEEN ")
		} else {
			part("ROWS BETWEEN ")
		}
		p.frameBound(f.From)
		p.at(f.To.Pos)
		p.write(" AND ")
		p.frameBound(f.To)
	}
	if o.Emit != nil {
		p.at(o.Emit.Pos)
		part("EMIT " + o.Emit.Mode.String())
	}
	p.write(")")
}

func (p *printer) frameBound(b ast.FrameBound) {
	p.at(b.Pos)
	switch b.Kind {
	case ast.Preceding, ast.Following:
		p.expr(b.N)
		p.write(" " + b.Kind.String())
	default:
		p.write(b.Kind.String())
	}
}

// caseExpr prints a CASE on one line, or, when unit has marked it, with
// one WHEN (and the ELSE) per line four columns right of the CASE and END
// under the CASE.
func (p *printer) caseExpr(c *ast.Case) {
	p.at(c.Pos)
	if !p.breakCase(c) {
		p.write("CASE")
		defer p.recordCase(c)()
		if c.Operand != nil {
			p.write(" ")
			p.expr(c.Operand)
		}
		for _, w := range c.Whens {
			p.at(w.Pos)
			p.write(" ")
			p.when(w)
		}
		if c.Else != nil {
			p.at(c.Else.Start())
			p.write(" ELSE ")
			p.expr(c.Else)
		}
		p.write(" END")
		return
	}
	col := p.col()
	p.write("CASE")
	if c.Operand != nil {
		p.write(" ")
		p.expr(c.Operand)
	}
	for _, w := range c.Whens {
		p.startLine(col+4, w.Pos)
		p.when(w)
	}
	if c.Else != nil {
		p.startLine(col+4, c.Else.Start())
		p.write("ELSE ")
		p.expr(c.Else)
	}
	p.newline(col)
	p.cont = col + 4
	p.write("END")
}

func (p *printer) when(w *ast.When) {
	p.at(w.Pos)
	p.write("WHEN ")
	p.expr(w.Cond)
	p.at(w.Result.Start())
	p.write(" THEN ")
	p.expr(w.Result)
}
