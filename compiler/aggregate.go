package compiler

import (
	"fmt"
	"go/constant"
	"strings"

	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/types"
	"github.com/velocsql/veloc/parser/ast"
	"github.com/velocsql/veloc/parser/format"
)

// aggScope is what the checker knows while typing the expressions of an
// aggregating query that are evaluated per group (the select list, HAVING,
// ORDER BY): the group keys, matched by their canonical text or, for a key
// that is a plain column, by the column; the aggregate calls found so far;
// and, for HAVING and ORDER BY, the select list's aliases (dialect.md).
type aggScope struct {
	agg     *plan.Aggregate
	keyText map[string]int // format.Expr of a GROUP BY item → key index
	keyCol  map[int]int    // input column index → key index
	aggText map[string]int // canonical text of an aggregate call → index
	aliases map[string]plan.Expr
	inAgg   bool // typing an aggregate's arguments: the input row's scope
}

// canonicalAgg maps aggregate names and aliases to the names plan.AggCall
// uses; COUNT_DISTINCT(x) is COUNT(DISTINCT x).
var canonicalAgg = map[string]string{
	"FIRST_VALUE": "FIRST", "LAST_VALUE": "LAST", "GROUP_CONCAT": "STRING_AGG", "LISTAGG": "STRING_AGG",
	"STDDEV_SAMP": "STDDEV", "VAR_SAMP": "VARIANCE", "COUNT_DISTINCT": "COUNT",
}

// grouped types e when it is evaluated per group: a group key, an
// aggregate, an alias, or (ok false) an expression to type as usual, whose
// parts come back here.
func (k *checker) grouped(e ast.Expr) (plan.Expr, bool) {
	a := k.ag
	if i, ok := a.keyText[format.Expr(e)]; ok {
		return k.keyRef(i, e.Start()), true
	}
	switch e := e.(type) {
	case *ast.Call:
		name := strings.ToUpper(e.Name.Name)
		if e.Over == nil && (aggregates[name] || e.Star || e.Distinct) {
			return k.aggregate(e), true
		}
	case *ast.ColumnRef:
		if low := strings.ToLower(e.Name.Name); e.Qualifier == nil && a.agg.Window != nil && (low == "_window_start" || low == "_window_end") {
			return &plan.WindowBound{End: low == "_window_end", At: e.Start()}, true
		}
		if e.Qualifier == nil && a.aliases != nil {
			if x, ok := a.aliases[strings.ToLower(e.Name.Name)]; ok {
				return x, true
			}
		}
		// A key that is a plain column matches however the column is named.
		a.inAgg = true
		x := k.expr(e)
		a.inAgg = false
		if col, ok := x.(*plan.Column); ok {
			if i, ok := a.keyCol[col.Index]; ok {
				return k.keyRef(i, e.Start()), true
			}
		}
		if !isInvalid(x) {
			k.errorf(e.Start(), "column %s is neither in GROUP BY nor inside an aggregate function; add it to GROUP BY or aggregate it (e.g. MAX(%s))",
				format.Expr(e), format.Expr(e))
		}
		return bad(e.Start()), true
	}
	return nil, false
}

func (k *checker) keyRef(i int, at ast.Pos) plan.Expr {
	key := k.ag.agg.Keys[i]
	return &plan.GroupKey{Index: i, T: key.Type(), Null: key.Nullable(), At: at}
}

// aggregate types an aggregate call over the input row and returns its
// value in the group; identical calls share one accumulator.
func (k *checker) aggregate(e *ast.Call) plan.Expr {
	a := k.ag
	at := e.Name.Pos
	name := strings.ToUpper(e.Name.Name)
	distinct := e.Distinct || name == "COUNT_DISTINCT"
	if c, ok := canonicalAgg[name]; ok {
		name = c
	}
	if a.inAgg {
		k.errorf(at, "aggregate %s inside another aggregate's argument; aggregates do not nest", name)
		return bad(at)
	}
	if !aggregates[name] && !aggregates[strings.ToUpper(e.Name.Name)] {
		k.errorf(at, "%s is not an aggregate function; DISTINCT and * belong to aggregates such as COUNT", e.Name.Name)
		return bad(at)
	}
	args := e.Args
	if e.WithinGroup != nil {
		// PERCENTILE_CONT(p) WITHIN GROUP (ORDER BY x) is PERCENTILE_CONT(x, p).
		args = append([]ast.Expr{e.WithinGroup.Expr}, args...)
	}
	a.inAgg = true
	typed := make([]plan.Expr, len(args))
	ok := true
	for i, x := range args {
		if typed[i] = k.expr(x); isInvalid(typed[i]) {
			ok = false
		}
	}
	a.inAgg = false
	if !ok {
		return bad(at)
	}
	call := &plan.AggCall{Name: name, Star: e.Star, Distinct: distinct, Args: typed, At: at}
	if err := k.typeAggregate(call); err != nil {
		k.errorf(at, "%s: %v", name, err)
		return bad(at)
	}
	text := plan.AggString(call)
	i, seen := a.aggText[text]
	if !seen {
		i = len(a.agg.Aggs)
		a.aggText[text] = i
		a.agg.Aggs = append(a.agg.Aggs, call)
	}
	return &plan.AggValue{Index: i, T: call.T, Null: call.Null, At: at}
}

// aggArity is the number of arguments each aggregate takes (min, max).
var aggArity = map[string][2]int{
	"COUNT": {1, 1}, "APPROX_COUNT_DISTINCT": {1, 1}, "SUM": {1, 1}, "AVG": {1, 1}, "MIN": {1, 1}, "MAX": {1, 1},
	"DELTA": {1, 1}, "FIRST": {1, 1}, "LAST": {1, 1}, "STRING_AGG": {1, 2}, "COLLECT": {1, 1}, "MEDIAN": {1, 1},
	"PERCENTILE_CONT": {2, 2}, "PERCENTILE_DISC": {2, 2}, "STDDEV": {1, 1}, "STDDEV_POP": {1, 1},
	"VARIANCE": {1, 1}, "VAR_POP": {1, 1}, "CORR": {2, 2}, "COVAR_POP": {2, 2}, "COVAR_SAMP": {2, 2},
	"REGR_SLOPE": {2, 2}, "REGR_INTERCEPT": {2, 2}, "REGR_R2": {2, 2},
}

// typeAggregate sets an aggregate's result type and nullability
// (dialect.md: COUNT → INTEGER; SUM keeps INTEGER/FLOAT/DECIMAL(s); AVG of
// INTEGER/FLOAT → FLOAT, of DECIMAL(s) → DECIMAL(max(6,s)); MIN/MAX/FIRST/
// LAST keep the type; statistics → FLOAT, the sample forms NULL below two
// values). A DECIMAL sum or average is DECIMAL(38, s): the sum of any
// number of DECIMAL values fits, so it never overflows.
func (k *checker) typeAggregate(c *plan.AggCall) error {
	if c.Star {
		if c.Name != "COUNT" {
			return fmt.Errorf("only COUNT takes *")
		}
		c.T = types.IntType
		return nil
	}
	ar := aggArity[c.Name]
	if n := len(c.Args); n < ar[0] || n > ar[1] {
		if ar[0] == ar[1] {
			return fmt.Errorf("takes %d argument%s, got %d", ar[0], plural(ar[0]), n)
		}
		return fmt.Errorf("takes %d to %d arguments, got %d", ar[0], ar[1], n)
	}
	if c.Distinct && c.Name != "COUNT" && c.Name != "SUM" && c.Name != "AVG" {
		return fmt.Errorf("DISTINCT is allowed in COUNT, SUM and AVG only")
	}
	x := c.Args[0]
	t := x.Type()
	if t.Kind == types.Null {
		return fmt.Errorf("the argument is NULL; aggregate a column or a typed expression")
	}
	if t.Kind == types.Array || t.Kind == types.Map {
		return fmt.Errorf("cannot aggregate %s values", t)
	}
	numeric := func() error {
		if !t.IsNumeric() {
			return fmt.Errorf("needs a number, not %s", t)
		}
		return nil
	}
	c.Null = x.Nullable()
	switch c.Name {
	case "COUNT", "APPROX_COUNT_DISTINCT":
		c.T, c.Null = types.IntType, false
	case "SUM":
		if err := numeric(); err != nil {
			return err
		}
		c.T = t
		if t.Kind == types.Decimal {
			c.T = types.DecimalOf(38, int(t.Scale))
		}
	case "AVG":
		if err := numeric(); err != nil {
			return err
		}
		c.T = types.FloatType
		if t.Kind == types.Decimal {
			c.T = types.DecimalOf(38, max(6, int(t.Scale)))
		}
	case "MIN", "MAX", "FIRST", "LAST":
		if (c.Name == "MIN" || c.Name == "MAX") && t.Kind == types.Bool {
			return fmt.Errorf("needs an ordered type (a number, STRING, TIMESTAMP or DATE), not BOOLEAN")
		}
		c.T = t
	case "DELTA":
		if err := numeric(); err != nil {
			return err
		}
		c.T = t
	case "STRING_AGG":
		if t.Kind != types.String {
			return fmt.Errorf("aggregates STRING values; use CAST(%s AS STRING)", plan.String(x))
		}
		if len(c.Args) == 2 {
			if _, ok := constString(c.Args[1]); !ok {
				return fmt.Errorf("the separator must be a STRING constant")
			}
		}
		c.T = types.StringType
	case "COLLECT":
		c.T, c.Null = types.ArrayOf(t), false
	case "MEDIAN", "PERCENTILE_CONT", "PERCENTILE_DISC":
		if err := numeric(); err != nil {
			return err
		}
		c.T = types.FloatType
		if c.Name == "PERCENTILE_DISC" {
			c.T = t
		}
		if len(c.Args) == 2 {
			p, ok := c.Args[1].(*plan.Literal)
			if !ok || p.Val == nil || !p.T.IsNumeric() {
				return fmt.Errorf("the fraction must be a number constant between 0 and 1")
			}
			f, _ := floatOf(p)
			if f < 0 || f > 1 {
				return fmt.Errorf("the fraction must be between 0 and 1, not %v", f)
			}
		}
	case "STDDEV", "VARIANCE":
		if err := numeric(); err != nil {
			return err
		}
		c.T, c.Null = types.FloatType, true // fewer than two values
	case "STDDEV_POP", "VAR_POP":
		if err := numeric(); err != nil {
			return err
		}
		c.T = types.FloatType
	case "CORR", "COVAR_POP", "COVAR_SAMP", "REGR_SLOPE", "REGR_INTERCEPT", "REGR_R2":
		for _, a := range c.Args {
			if !a.Type().IsNumeric() {
				return fmt.Errorf("needs numbers, not %s", a.Type())
			}
		}
		c.T, c.Null = types.FloatType, true
	default:
		return fmt.Errorf("not supported yet")
	}
	return nil
}

// floatOf returns a numeric literal's value as a float64.
func floatOf(l *plan.Literal) (float64, bool) {
	f, exact := constant.Float64Val(constant.ToFloat(l.Val))
	return f, exact
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
