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
}

// over types a window function call `fn(args) OVER (...)` (dialect.md
// "Row windows (OVER)") and returns its value for the current row.
func (k *checker) over(e *ast.Call) plan.Expr {
	at := e.Name.Pos
	o := e.Over
	name := strings.ToUpper(e.Name.Name)
	if k.sc.source.Producer != nil {
		k.errorf(o.Pos, "OVER on a stream read in process from job %s is not supported yet; read the source directly", k.sc.source.Producer.Name)
		return bad(at)
	}
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
	if f := o.Frame; f != nil {
		if f.Range || f.To.Kind != ast.CurrentRow {
			k.errorf(f.Pos, "only ROWS frames ending at CURRENT ROW are supported yet")
			return bad(at)
		}
		switch f.From.Kind {
		case ast.Preceding:
			n, ok := k.constInt(f.From.N)
			if !ok || n < 0 {
				k.errorf(f.From.Pos, "n PRECEDING needs a non-negative integer constant")
				return bad(at)
			}
			if rows == 0 || n+1 < rows {
				rows = n + 1
			}
		case ast.CurrentRow:
			rows = 1
		}
	}
	call := &plan.OverCall{Name: name, Rows: rows, At: at}
	args := make([]plan.Expr, len(e.Args))
	for i, a := range e.Args {
		if args[i] = k.expr(a); isInvalid(args[i]) {
			return bad(at)
		}
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
	case "RANK", "DENSE_RANK", "PERCENT_RANK", "CUME_DIST", "NTILE", "NTH_VALUE":
		return fmt.Errorf("not supported yet over a row window")
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
	if c.Rows > 0 && (agg.Name == "SUM" || agg.Name == "AVG") && agg.Args[0].Type().Kind == types.Decimal {
		return fmt.Errorf("over a bounded frame of DECIMAL values is not supported yet")
	}
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
