package compiler

import (
	"fmt"
	"strings"

	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/types"
	"github.com/velocsql/veloc/parser/ast"
	"github.com/velocsql/veloc/parser/format"
)

// overScope collects the OVER calls of a select list. Every call must
// partition the same way: the job keeps one state per partition.
type overScope struct {
	over      *plan.Over
	partition string // format.Expr of the first call's PARTITION BY, for comparing
	set       bool
	order     string // the first ORDER BY named, for comparing
	orderSet  bool
}

// over types a window function call `fn(args) OVER (...)` (dialect.md
// "Row windows (OVER)") and returns its value for the current row.
func (k *checker) over(e *ast.Call) plan.Expr {
	at := e.Name.Pos
	o := e.Over
	name := strings.ToUpper(e.Name.Name)
	if c, ok := canonicalAgg[name]; ok && name != "FIRST_VALUE" && name != "LAST_VALUE" {
		name = c
	}
	// The partition.
	var parts []string
	for _, p := range o.PartitionBy {
		parts = append(parts, format.Expr(p))
	}
	text := strings.Join(parts, ", ")
	if !k.ov.set {
		k.ov.set, k.ov.partition = true, text
		for _, p := range o.PartitionBy {
			x := k.expr(p)
			if isInvalid(x) {
				return bad(at)
			}
			if t := x.Type(); t.Kind == types.Array || t.Kind == types.Map {
				k.errorf(p.Start(), "cannot PARTITION BY %s values", t)
				return bad(at)
			}
			k.ov.over.Partition = append(k.ov.over.Partition, x)
		}
	} else if text != k.ov.partition {
		k.errorf(o.Pos, "every OVER of a query must have the same PARTITION BY (%s) for now", k.ov.partition)
		return bad(at)
	}
	if len(o.OrderBy) > 0 && !k.overOrder(o) {
		return bad(at)
	}
	// The frame: the last n rows, or every earlier row.
	var rows int64
	if o.BufferRows != nil {
		n, ok := k.constInt(o.BufferRows)
		if !ok || n < 1 {
			k.errorf(o.BufferRows.Start(), "ROWS WINDOW BUFFER needs a positive integer constant")
			return bad(at)
		}
		rows = n
	}
	var following int64
	if f := o.Frame; f != nil {
		if f.Range {
			k.errorf(f.Pos, "RANGE frames are not supported; use ROWS (rows arrive in ORDER BY order)")
			return bad(at)
		}
		switch f.To.Kind {
		case ast.CurrentRow:
		case ast.Following:
			m, ok := k.constInt(f.To.N)
			if !ok || m < 0 {
				k.errorf(f.To.Pos, "n FOLLOWING needs a non-negative integer constant")
				return bad(at)
			}
			following = m
		default:
			k.errorf(f.To.Pos, "a frame must end at CURRENT ROW or n FOLLOWING: a stream has no last row to wait for")
			return bad(at)
		}
		switch f.From.Kind {
		case ast.Preceding:
			n, ok := k.constInt(f.From.N)
			if !ok || n < 0 {
				k.errorf(f.From.Pos, "n PRECEDING needs a non-negative integer constant")
				return bad(at)
			}
			if rows == 0 || n+1+following < rows {
				rows = n + 1 + following
			}
		case ast.CurrentRow:
			if rows == 0 || 1+following < rows {
				rows = 1 + following
			}
		case ast.UnboundedPreceding:
		default:
			k.errorf(f.From.Pos, "a frame must start at or before the current row")
			return bad(at)
		}
	}
	call := &plan.OverCall{Name: name, Rows: rows, Following: following, At: at}
	if following > 0 {
		switch {
		case name == "FIRST_VALUE", name == "LAST_VALUE", name == "NTH_VALUE", aggregates[name]:
		default:
			k.errorf(o.Frame.To.Pos, "%s does not take a frame: n FOLLOWING is for aggregates and FIRST_VALUE, LAST_VALUE and NTH_VALUE", name)
			return bad(at)
		}
	}
	args := make([]plan.Expr, len(e.Args))
	for i, a := range e.Args {
		if args[i] = k.expr(a); isInvalid(args[i]) {
			return bad(at)
		}
	}
	if rankFuncs[name] && len(o.OrderBy) == 0 {
		k.errorf(o.Pos, "%s needs an ORDER BY in its OVER: the order the partition's rows arrive in", name)
		return bad(at)
	}
	if err := k.typeOver(call, e, args); err != nil {
		k.errorf(at, "%s: %v", name, err)
		return bad(at)
	}
	i := len(k.ov.over.Calls)
	k.ov.over.Calls = append(k.ov.over.Calls, call)
	return &plan.OverValue{Index: i, T: call.T, Null: call.Null, At: at}
}

// typeOver sets a window function's arguments, type and nullability.
func (k *checker) typeOver(c *plan.OverCall, e *ast.Call, args []plan.Expr) error {
	switch c.Name {
	case "ROW_NUMBER":
		if len(args) != 0 {
			return fmt.Errorf("takes no argument")
		}
		c.T = types.IntType
		return nil
	case "LAG", "LEAD":
		if len(args) < 1 || len(args) > 3 {
			return fmt.Errorf("takes 1 to 3 arguments, got %d", len(args))
		}
		c.Offset = 1
		if len(args) >= 2 {
			n, ok := constInt(args[1])
			if !ok || n < 1 {
				return fmt.Errorf("the offset must be a positive integer constant")
			}
			c.Offset = n
		}
		t := args[0].Type()
		c.Args = []plan.Expr{args[0], nil}
		c.Null = true
		if len(args) == 3 {
			ct, ok := types.Common(t, args[2].Type())
			if !ok {
				return fmt.Errorf("the default is %s, which does not mix with %s; use CAST", args[2].Type(), t)
			}
			t = ct
			c.Args = []plan.Expr{k.convert(args[0], t), k.convert(args[2], t)}
			c.Null = args[0].Nullable() || args[2].Nullable()
		}
		if t.Kind == types.Null {
			return fmt.Errorf("the value is NULL; give it a type")
		}
		c.T = t
		return nil
	case "FIRST_VALUE", "LAST_VALUE":
		if len(args) != 1 {
			return fmt.Errorf("takes 1 argument, got %d", len(args))
		}
		c.Args, c.T, c.Null = args, args[0].Type(), args[0].Nullable()
		return nil
	case "RANK", "DENSE_RANK":
		if len(args) != 0 {
			return fmt.Errorf("takes no argument")
		}
		c.T = types.IntType
		return nil
	case "PERCENT_RANK", "CUME_DIST":
		if len(args) != 0 {
			return fmt.Errorf("takes no argument")
		}
		c.T = types.FloatType
		return nil
	case "NTILE":
		n, ok := 0, false
		if len(args) == 1 {
			var v int64
			v, ok = constInt(args[0])
			n = int(v)
		}
		if !ok || n < 1 {
			return fmt.Errorf("takes one argument, the number of buckets: a positive integer constant")
		}
		c.Offset, c.T = int64(n), types.IntType
		return nil
	case "NTH_VALUE":
		if len(args) != 2 {
			return fmt.Errorf("takes 2 arguments (value, n), got %d", len(args))
		}
		n, ok := constInt(args[1])
		if !ok || n < 1 {
			return fmt.Errorf("n must be a positive integer constant")
		}
		if args[0].Type().Kind == types.Null {
			return fmt.Errorf("the value is NULL; give it a type")
		}
		c.Args, c.Offset, c.T, c.Null = args[:1], n, args[0].Type(), true
		return nil
	}
	if !aggregates[c.Name] {
		return fmt.Errorf("is not a window function or an aggregate")
	}
	agg := &plan.AggCall{Name: c.Name, Star: e.Star, Distinct: e.Distinct, Args: args, At: c.At}
	if err := k.typeAggregate(agg); err != nil {
		return err
	}
	if c.Rows > 0 {
		switch agg.Name {
		case "COUNT", "SUM", "AVG", "MIN", "MAX":
			if agg.Distinct {
				return fmt.Errorf("DISTINCT over a bounded frame is not supported yet")
			}
		default:
			return fmt.Errorf("over a bounded frame is not supported yet (COUNT, SUM, AVG, MIN and MAX are)")
		}
	}
	c.Agg, c.Args, c.T, c.Null = agg, args, agg.T, agg.Null
	return nil
}

// constInt types e and returns it as an integer constant.
func (k *checker) constInt(e ast.Expr) (int64, bool) {
	x := k.expr(e)
	if isInvalid(x) {
		return 0, false
	}
	return constInt(x)
}

// rankFuncs are the window functions of a row's place in the ORDER BY.
var rankFuncs = map[string]bool{"RANK": true, "DENSE_RANK": true, "PERCENT_RANK": true, "CUME_DIST": true, "NTILE": true}

// overOrder types an OVER's ORDER BY. Every OVER of a query that names
// one names the same: a partition's rows arrive in one order.
func (k *checker) overOrder(o *ast.Over) bool {
	items := make([]string, len(o.OrderBy))
	for i, it := range o.OrderBy {
		items[i] = format.Expr(it.Expr)
		if it.Desc {
			items[i] += " DESC"
		}
		if it.Nulls != ast.NullsDefault {
			items[i] += " " + it.Nulls.String()
		}
	}
	text := strings.Join(items, ", ")
	if k.ov.orderSet {
		if text != k.ov.order {
			k.errorf(o.OrderBy[0].Pos, "every OVER of a query must have the same ORDER BY (%s): a partition's rows arrive in one order", k.ov.order)
			return false
		}
		return true
	}
	k.ov.orderSet, k.ov.order = true, text
	for _, it := range o.OrderBy {
		x := k.expr(it.Expr)
		if isInvalid(x) {
			return false
		}
		switch t := x.Type(); t.Kind {
		case types.Array, types.Map, types.Null:
			k.errorf(it.Expr.Start(), "cannot ORDER BY %s values", t)
			return false
		}
		first := it.Nulls == ast.NullsFirst || it.Nulls == ast.NullsDefault && !it.Desc
		k.ov.over.Order = append(k.ov.over.Order, plan.OverOrder{X: x, Desc: it.Desc, NullsFirst: first})
	}
	return true
}
