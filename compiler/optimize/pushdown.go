package optimize

import (
	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/types"
	"github.com/velocsql/veloc/parser/ast"
)

// Pushdown moves the conjuncts of WHERE that read exactly one source
// column (and no system column) into Source.Pushed, so the decoder checks
// each right after parsing its column and skips the rest of a rejected
// record. A row passes WHERE only when every conjunct is TRUE, so checking
// the conjuncts one by one, in any order, keeps the result.
//
// A record that a pushed filter rejects is not parsed further, so a
// malformed value in another of its columns is not reported: the record
// was filtered out, and is counted as read. (docs/decisions.md)
func Pushdown(j *plan.Job) {
	if j.Where == nil || j.Source == nil || j.Source.Kind == plan.StreamSource {
		return
	}
	var keep []plan.Expr
	for _, c := range conjuncts(j.Where) {
		if singleColumn(c) && !plan.ReadsLiveTable(c, j) {
			j.Source.Pushed = append(j.Source.Pushed, c)
		} else {
			keep = append(keep, c)
		}
	}
	j.Where = and(keep)
}

func conjuncts(e plan.Expr) []plan.Expr {
	if b, ok := e.(*plan.Binary); ok && b.Op == ast.OpAnd {
		return append(conjuncts(b.X), conjuncts(b.Y)...)
	}
	return []plan.Expr{e}
}

func and(es []plan.Expr) plan.Expr {
	if len(es) == 0 {
		return nil
	}
	out := es[0]
	for _, e := range es[1:] {
		out = &plan.Binary{Op: ast.OpAnd, X: out, Y: e, T: types.BoolType, Null: out.Nullable() || e.Nullable(), At: e.Pos()}
	}
	return out
}

func singleColumn(e plan.Expr) bool {
	system := false
	plan.Walk(e, func(x plan.Expr) bool {
		if _, ok := x.(*plan.SystemColumn); ok {
			system = true
		}
		return true
	})
	return !system && len(plan.Columns(e)) == 1 && !plan.ReadsJoinedRow(e)
}
