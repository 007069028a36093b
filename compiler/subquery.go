package compiler

import (
	"fmt"
	"strings"

	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/types"
	"github.com/velocsql/veloc/parser/ast"
	"github.com/velocsql/veloc/parser/format"
)

// subquery compiles an IN, EXISTS or scalar subquery (dialect.md): a
// SELECT over one table, which may name the outer query's columns
// (correlated). It is evaluated for each record against the table's
// current rows, with the same hash lookup, index or scan as a join.
// x is the value IN looks for (nil for EXISTS and scalar subqueries).
func (k *checker) subquery(sel *ast.Select, kind plan.SubqueryKind, x ast.Expr, not bool, at ast.Pos) plan.Expr {
	what := [...]string{"EXISTS", "IN", "a scalar"}[kind]
	switch {
	case k.sc.job == nil:
		k.errorf(at, "%s subquery is not allowed here", what)
		return bad(at)
	case k.ag != nil || k.ov != nil && len(k.ov.over.Calls) > 0:
		k.errorf(at, "%s subquery in an aggregating query is not supported yet: filter in one statement and aggregate its output in the next", what)
		return bad(at)
	case sel.From == nil || sel.From.Subquery != nil:
		k.errorf(at, "%s subquery must read a table by name", what)
		return bad(at)
	case len(sel.Joins) > 0 || len(sel.GroupBy) > 0 || sel.Having != nil || sel.Window != nil || len(sel.OrderBy) > 0 || sel.Limit != nil || sel.Distinct:
		k.errorf(sel.Pos, "%s subquery may have FROM and WHERE only (no JOIN, GROUP BY, WINDOW, ORDER BY, LIMIT or DISTINCT)", what)
		return bad(at)
	}
	if kind != plan.ExistsSubquery && (len(sel.Items) != 1 || sel.Items[0].Star) {
		k.errorf(sel.Pos, "%s subquery must select exactly one value", what)
		return bad(at)
	}
	var xv plan.Expr
	if x != nil {
		if xv = k.expr(x); isInvalid(xv) {
			return xv
		}
	}
	side, ok := k.c.side(sel.From)
	if !ok {
		return bad(at)
	}
	if side.table == nil {
		k.errorf(sel.From.Name.Pos, "%s is a stream; a subquery reads a table (declare it with CREATE TABLE, or JOIN the stream with a time bound)", sel.From.Name.Name)
		return bad(at)
	}
	j := k.sc.job
	if !k.c.checkTableFeed(j, side.table, sel.From.Pos) {
		return bad(at)
	}
	ss := addSlot(j, sel.From, side)
	k.sc.inner = append(k.sc.inner, ss)
	defer func() { k.sc.inner = k.sc.inner[:len(k.sc.inner)-1] }()
	var conds []plan.Expr
	if sel.Where != nil {
		w := k.boolean(k.expr(sel.Where), "WHERE")
		if isInvalid(w) {
			return w
		}
		conds = append(conds, w)
	}
	sq := &plan.Subquery{Kind: kind, Not: not, T: types.BoolType, At: at}
	if kind != plan.ExistsSubquery {
		v := k.expr(sel.Items[0].Expr)
		if isInvalid(v) {
			return v
		}
		sq.Value = v
		if kind == plan.ScalarSubquery {
			sq.T, sq.Null = v.Type(), true
		}
	}
	where := append([]plan.Expr(nil), conds...)
	if kind == plan.InSubquery {
		t, ok := types.Common(xv.Type(), sq.Value.Type())
		if !ok || !isScalar(t) {
			k.errorf(at, "IN compares %s with the subquery's %s, which is %s%s", format.Expr(x), format.Expr(sel.Items[0].Expr), sq.Value.Type(), castHint(x, xv.Type(), sel.Items[0].Expr, sq.Value.Type()))
			return bad(at)
		}
		xv, v := k.convert(xv, t), k.convert(sq.Value, t)
		sq.X, sq.Null = xv, xv.Nullable()
		conds = append(conds, &plan.Binary{Op: ast.OpEq, X: v, Y: xv, T: types.BoolType, Null: v.Nullable() || xv.Nullable(), At: at})
		if v.Nullable() {
			// SQL: without a match, IN is NULL if the subquery has a NULL.
			nulls := andAll(append(where, &plan.IsNull{X: sq.Value, At: at}))
			sq.Nulls = &plan.Probe{Slot: ss.slot, Access: plan.Scan, Residual: nulls}
			sq.NullsFixed = !readsOuter(nulls, ss.slot)
			sq.Null = true
		}
	}
	sq.Probe = probeFor(ss.slot, side.table, andAll(conds))
	j.Subqueries = append(j.Subqueries, sq)
	return sq
}

// fromSubquery compiles a subquery in FROM (dialect.md) as a job of its
// own, named <job>_from, whose output the query reads in process like the
// output of an earlier CREATE STREAM ... AS SELECT. It returns the FROM
// reference to that job, or nil after an error.
func (c *compiler) fromSubquery(outer string, ref *ast.TableRef) *ast.TableRef {
	name := outer + "_from"
	for n := 2; c.produced[strings.ToLower(name)] != nil || c.decls[strings.ToLower(name)] != nil; n++ {
		name = fmt.Sprintf("%s_from%d", outer, n)
	}
	ident := &ast.Ident{Pos: ref.Pos, Name: name}
	q := &ast.Query{Select: ref.Subquery}
	stmt := &ast.CreateAs{StmtHeader: ast.StmtHeader{Pos: ref.Pos}, Kind: ast.StreamKind, Name: ident, Query: q}
	before := len(c.errs)
	c.job(stmt, plan.StreamJob, ident, q)
	if len(c.errs) > before || c.produced[strings.ToLower(name)] == nil {
		return nil
	}
	return &ast.TableRef{Pos: ref.Pos, Name: ident, Alias: ref.Alias}
}

// readsOuter reports whether e reads anything but the given slot's row:
// the outer record, an earlier joined row or a system column.
func readsOuter(e plan.Expr, slot int) bool {
	found := false
	plan.Walk(e, func(x plan.Expr) bool {
		switch x := x.(type) {
		case *plan.Column, *plan.SystemColumn, *plan.Subquery:
			found = true
		case *plan.JoinColumn:
			found = found || x.Slot != slot
		}
		return !found
	})
	return found
}
