package compiler

import (
	"fmt"
	"go/constant"
	"go/token"
	"strings"

	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/schema"
	"github.com/velocsql/veloc/compiler/types"
	"github.com/velocsql/veloc/parser/ast"
	"github.com/velocsql/veloc/parser/format"
	"github.com/velocsql/veloc/runtime/scalar"
)

// scope is what names mean inside one query: the columns of its source,
// reachable by bare name or qualified by the source's name or alias.
type scope struct {
	source     *plan.Source
	qualifiers []string // the source name and its alias
	system     bool     // system columns are available
	// job is the job being compiled, which subqueries add slots to.
	job *plan.Job
	// slots are the joined tables and streams (join.go); inner the tables
	// of the subqueries being typed, innermost last. mainNull is set when
	// the source's row may be missing (RIGHT and FULL interval joins).
	slots, inner []*slotScope
	mainNull     bool
}

// checker types the expressions of one query, reporting errors to the
// compiler and returning an invalid placeholder for a broken expression so
// that one mistake does not cascade into many messages.
type checker struct {
	c      *compiler
	sc     *scope
	clause string     // "WHERE", "SELECT", ... for messages about aggregates
	ag     *aggScope  // set while typing per-group expressions of an aggregating query
	ov     *overScope // set while typing the select list of a query that may use OVER
	// eventTime is the record's event time when the query names one (a
	// window, 'event.time.field'): what _event_time reads.
	eventTime plan.Expr
}

// invalid is the placeholder type of an expression that had an error.
var invalid = types.Type{Kind: types.Invalid}

func bad(at ast.Pos) plan.Expr { return &plan.Literal{T: invalid, At: at} }

func isInvalid(e plan.Expr) bool { return e.Type().Kind == types.Invalid }

// systemColumns are the columns every record has (dialect.md).
var systemColumns = map[string]struct {
	t    types.Type
	null bool
}{
	"_timestamp":  {types.TimestampType, false},
	"_offset":     {types.IntType, false},
	"_partition":  {types.IntType, false},
	"_key":        {types.StringType, true},
	"_topic":      {types.StringType, false},
	"_event_time": {types.TimestampType, false},
}

// aggregates and windowFunctions are known so that using one where it
// does not belong gets a precise message.
var aggregates = setOf("COUNT", "COUNT_DISTINCT", "APPROX_COUNT_DISTINCT", "SUM", "AVG", "MIN", "MAX", "DELTA",
	"FIRST", "FIRST_VALUE", "LAST", "LAST_VALUE", "STRING_AGG", "GROUP_CONCAT", "LISTAGG", "COLLECT", "MEDIAN",
	"PERCENTILE_CONT", "PERCENTILE_DISC", "STDDEV", "STDDEV_SAMP", "STDDEV_POP", "VARIANCE", "VAR_SAMP", "VAR_POP",
	"CORR", "COVAR_POP", "COVAR_SAMP", "REGR_SLOPE", "REGR_INTERCEPT", "REGR_R2")

var windowFunctions = setOf("LAG", "LEAD", "ROW_NUMBER", "RANK", "DENSE_RANK", "PERCENT_RANK", "CUME_DIST", "NTILE", "NTH_VALUE")

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

func (k *checker) errorf(at ast.Pos, format string, args ...any) {
	k.c.errorf(at, format, args...)
}

// expr types one expression.
func (k *checker) expr(e ast.Expr) plan.Expr {
	if k.ag != nil && !k.ag.inAgg {
		if x, ok := k.grouped(e); ok {
			return x
		}
	}
	switch e := e.(type) {
	case *ast.ColumnRef:
		return k.column(e)
	case *ast.NumberLit:
		return k.number(e)
	case *ast.StringLit:
		return &plan.Literal{Val: constant.MakeString(e.Value), T: types.StringType, At: e.Pos}
	case *ast.BoolLit:
		return &plan.Literal{Val: constant.MakeBool(e.Value), T: types.BoolType, At: e.Pos}
	case *ast.NullLit:
		return &plan.Literal{T: types.NullType, At: e.Pos}
	case *ast.TypedLit:
		return k.typedLit(e)
	case *ast.IntervalLit:
		return &plan.Literal{Val: constant.MakeInt64(e.Millis()), T: types.IntervalType, At: e.Pos}
	case *ast.Paren:
		return k.expr(e.X)
	case *ast.Unary:
		return k.unary(e)
	case *ast.Binary:
		return k.binary(e)
	case *ast.Call:
		return k.call(e)
	case *ast.Case:
		return k.caseExpr(e)
	case *ast.Cast:
		return k.cast(e)
	case *ast.In:
		return k.in(e)
	case *ast.Between:
		return k.between(e)
	case *ast.Like:
		return k.like(e)
	case *ast.Is:
		return k.is(e)
	case *ast.Trim:
		name := [...]string{"TRIM", "LTRIM", "RTRIM"}[e.Where]
		args := []ast.Expr{e.X}
		if e.Chars != nil {
			args = append(args, e.Chars)
		}
		return k.call(&ast.Call{Name: &ast.Ident{Pos: e.Pos, Name: name}, Args: args})
	case *ast.Exists:
		return k.subquery(e.Subquery, plan.ExistsSubquery, nil, false, e.Pos)
	case *ast.Subquery:
		return k.subquery(e.Select, plan.ScalarSubquery, nil, false, e.Pos)
	case *ast.Index:
		return k.index(e)
	case *ast.Extract:
		unit := &ast.StringLit{Pos: e.UnitPos, Value: e.Unit}
		return k.call(&ast.Call{Name: &ast.Ident{Pos: e.Pos, Name: "EXTRACT"}, Args: []ast.Expr{unit, e.X}})
	default:
		k.errorf(e.Start(), "unexpected expression %T", e)
	}
	return bad(e.Start())
}

// index types arr[i] (1-based; NULL out of range) as a call of the
// unregistered indexCall, which codegen generates.
func (k *checker) index(e *ast.Index) plan.Expr {
	x, i := k.expr(e.X), k.expr(e.Index)
	if isInvalid(x) || isInvalid(i) {
		return bad(e.Start())
	}
	args := []plan.Expr{x, i}
	t, conv, err := indexSig(args)
	if err != nil {
		k.errorf(e.Start(), "%v", err)
		return bad(e.Start())
	}
	for j := range conv {
		if conv[j].Kind != types.Invalid {
			args[j] = k.convert(args[j], conv[j])
		}
	}
	return &plan.Call{Name: indexCall, Args: args, T: t, Null: true, At: e.Start()}
}

// column resolves a column reference: a source column, or a system column.
func (k *checker) column(e *ast.ColumnRef) plan.Expr {
	name := e.Name
	if x, ok := k.slotColumn(e); ok {
		return x
	}
	if e.Qualifier != nil && !k.qualifies(e.Qualifier) {
		k.errorf(e.Qualifier.Pos, "unknown source %s%s", e.Qualifier.Name, didYouMean(e.Qualifier.Name, k.sc.qualifiers))
		return bad(e.Start())
	}
	src := k.sc.source
	if i, ok := src.Schema.Lookup(name.Name, name.Quoted); ok {
		c := src.Schema.Columns[i]
		return &plan.Column{Index: i, Name: c.Name, T: c.Type, Null: c.Nullable || k.sc.mainNull, At: e.Start()}
	}
	low := strings.ToLower(name.Name)
	if low == "_event_time" && !name.Quoted && k.eventTime != nil && (k.ag == nil || k.ag.inAgg) {
		return k.eventTime
	}
	if sys, ok := systemColumns[low]; ok && !name.Quoted {
		if !k.sc.system {
			k.errorf(name.Pos, "system column %s is not available on %s, which is read in process from job %s", low, src.Name, src.Producer.Name)
			return bad(e.Start())
		}
		return &plan.SystemColumn{Name: low, T: sys.t, Null: sys.null, At: e.Start()}
	}
	k.errorf(name.Pos, "unknown column %s in %s (%s)%s", name.Name, src.Name, src.Schema.Origin, didYouMean(name.Name, src.Schema.Names()))
	return bad(e.Start())
}

func (k *checker) qualifies(q *ast.Ident) bool {
	for _, n := range k.sc.qualifiers {
		if n != "" && (q.Name == n || !q.Quoted && strings.EqualFold(q.Name, n)) {
			return true
		}
	}
	return false
}

// number types a numeric literal: 42 INTEGER, 4.25 DECIMAL(3,2), 1e3 FLOAT.
func (k *checker) number(e *ast.NumberLit) plan.Expr {
	switch e.Kind {
	case ast.IntegerNumber:
		v := constant.MakeFromLiteral(e.Text, token.INT, 0)
		if _, exact := constant.Int64Val(v); !exact {
			// Too large for INTEGER: an exact DECIMAL, as in PostgreSQL.
			return k.decimalLiteral(e.Text, e.Pos)
		}
		return &plan.Literal{Val: v, T: types.IntType, At: e.Pos}
	case ast.DecimalNumber:
		return k.decimalLiteral(e.Text, e.Pos)
	}
	v := constant.MakeFromLiteral(e.Text, token.FLOAT, 0)
	if v.Kind() == constant.Unknown {
		k.errorf(e.Pos, "malformed number %s", e.Text)
		return bad(e.Pos)
	}
	return &plan.Literal{Val: v, T: types.FloatType, At: e.Pos}
}

func (k *checker) decimalLiteral(text string, at ast.Pos) plan.Expr {
	intPart, frac, _ := strings.Cut(text, ".")
	digits := len(strings.TrimLeft(intPart, "0")) + len(frac)
	if len(frac) > types.MaxPrecision || digits > types.MaxPrecision {
		k.errorf(at, "number %s has more than %d digits", text, types.MaxPrecision)
		return bad(at)
	}
	kind := token.FLOAT
	if frac == "" {
		kind = token.INT
	}
	v := constant.MakeFromLiteral(text, kind, 0)
	return &plan.Literal{Val: v, T: types.DecimalOf(max(digits, len(frac), 1), len(frac)), At: at}
}

func (k *checker) typedLit(e *ast.TypedLit) plan.Expr {
	if e.Type == "DATE" {
		d, ok := scalar.ParseDate([]byte(e.Value))
		if !ok {
			k.errorf(e.Pos, "malformed DATE literal '%s' (want YYYY-MM-DD)", e.Value)
			return bad(e.Pos)
		}
		return &plan.Literal{Val: constant.MakeInt64(int64(d)), T: types.DateType, At: e.Pos}
	}
	ms, ok := scalar.ParseTimestamp([]byte(e.Value))
	if !ok {
		k.errorf(e.Pos, "malformed TIMESTAMP literal '%s' (want ISO-8601, e.g. '2024-01-01 10:00:00')", e.Value)
		return bad(e.Pos)
	}
	return &plan.Literal{Val: constant.MakeInt64(ms), T: types.TimestampType, At: e.Pos}
}

func (k *checker) unary(e *ast.Unary) plan.Expr {
	x := k.expr(e.X)
	if isInvalid(x) {
		return x
	}
	switch e.Op {
	case ast.OpNot:
		if x = k.boolean(x, "NOT"); isInvalid(x) {
			return x
		}
		return &plan.Unary{Op: ast.OpNot, X: x, T: types.BoolType, At: e.Pos}
	case ast.OpPos:
		if !x.Type().IsNumeric() && x.Type().Kind != types.Interval {
			k.errorf(e.Pos, "unary + needs a number, not %s", x.Type())
			return bad(e.Pos)
		}
		return x
	}
	if !x.Type().IsNumeric() && x.Type().Kind != types.Interval && x.Type().Kind != types.Null {
		k.errorf(e.Pos, "cannot negate %s %s", x.Type(), format.Expr(e.X))
		return bad(e.Pos)
	}
	return &plan.Unary{Op: ast.OpNeg, X: x, T: x.Type(), At: e.Pos}
}

// boolean checks that x is BOOLEAN (or NULL, typed as BOOLEAN).
func (k *checker) boolean(x plan.Expr, what string) plan.Expr {
	switch x.Type().Kind {
	case types.Bool:
		return x
	case types.Null:
		return k.convert(x, types.BoolType)
	case types.Invalid:
		return x
	}
	k.errorf(x.Pos(), "%s needs a BOOLEAN condition, not %s", what, x.Type())
	return bad(x.Pos())
}

func (k *checker) binary(e *ast.Binary) plan.Expr {
	x, y := k.expr(e.X), k.expr(e.Y)
	if isInvalid(x) || isInvalid(y) {
		return bad(e.OpPos)
	}
	null := x.Nullable() || y.Nullable()
	switch e.Op {
	case ast.OpAnd, ast.OpOr:
		x, y = k.boolean(x, e.Op.String()), k.boolean(y, e.Op.String())
		if isInvalid(x) || isInvalid(y) {
			return bad(e.OpPos)
		}
		return &plan.Binary{Op: e.Op, X: x, Y: y, T: types.BoolType, Null: null, At: e.OpPos}
	case ast.OpEq, ast.OpNe, ast.OpLt, ast.OpLe, ast.OpGt, ast.OpGe:
		x, y, ok := k.comparable(e, x, y)
		if !ok {
			return bad(e.OpPos)
		}
		return &plan.Binary{Op: e.Op, X: x, Y: y, T: types.BoolType, Null: null, At: e.OpPos}
	case ast.OpConcat:
		for i, v := range []plan.Expr{x, y} {
			if t := v.Type(); t.Kind != types.String && t.Kind != types.Null {
				side := format.Expr([]ast.Expr{e.X, e.Y}[i])
				k.errorf(e.OpPos, "|| joins strings, and %s is %s: use CAST(%s AS STRING)", side, t, side)
				return bad(e.OpPos)
			}
		}
		return &plan.Binary{Op: e.Op, X: k.convert(x, types.StringType), Y: k.convert(y, types.StringType), T: types.StringType, Null: null, At: e.OpPos}
	}
	return k.arith(e, x, y, null)
}

// arith types + - * / % ^ over numbers, timestamps and intervals.
func (k *checker) arith(e *ast.Binary, x, y plan.Expr, null bool) plan.Expr {
	tx, ty := x.Type(), y.Type()
	if tx.Kind == types.Null {
		x, tx = k.convert(x, ty), ty
	}
	if ty.Kind == types.Null {
		y, ty = k.convert(y, tx), tx
	}
	mk := func(t types.Type, x, y plan.Expr) plan.Expr {
		return &plan.Binary{Op: e.Op, X: x, Y: y, T: t, Null: null, At: e.OpPos}
	}
	// Time arithmetic (types.md): TIMESTAMP ± INTERVAL, TIMESTAMP − TIMESTAMP,
	// INTERVAL ± INTERVAL.
	ts, iv := types.Timestamp, types.Interval
	switch {
	case tx.Kind == ts && ty.Kind == iv && (e.Op == ast.OpAdd || e.Op == ast.OpSub):
		return mk(types.TimestampType, x, y)
	case tx.Kind == iv && ty.Kind == ts && e.Op == ast.OpAdd:
		return mk(types.TimestampType, y, x)
	case tx.Kind == ts && ty.Kind == ts && e.Op == ast.OpSub:
		return mk(types.IntervalType, x, y)
	case tx.Kind == iv && ty.Kind == iv && (e.Op == ast.OpAdd || e.Op == ast.OpSub):
		return mk(types.IntervalType, x, y)
	case tx.Kind == iv && ty.Kind == types.Int && (e.Op == ast.OpMul || e.Op == ast.OpDiv):
		return mk(types.IntervalType, x, y)
	}
	if !tx.IsNumeric() || !ty.IsNumeric() {
		k.errorf(e.OpPos, "operator %s needs numbers, but %s is %s and %s is %s%s",
			e.Op, format.Expr(e.X), tx, format.Expr(e.Y), ty, castHint(e.X, tx, e.Y, ty))
		return bad(e.OpPos)
	}
	if e.Op == ast.OpPow {
		return &plan.Call{Name: "POWER", Args: []plan.Expr{k.convert(x, types.FloatType), k.convert(y, types.FloatType)}, T: types.FloatType, Null: null, At: e.OpPos}
	}
	t, err := types.Arith(opByte(e.Op), tx, ty)
	if err != nil {
		k.errorf(e.OpPos, "%v", err)
		return bad(e.OpPos)
	}
	// Operands share the result's kind; DECIMAL operands keep their scales.
	operand := func(v plan.Expr) plan.Expr {
		switch {
		case t.Kind == types.Float:
			return k.convert(v, types.FloatType)
		case t.Kind == types.Decimal && v.Type().Kind == types.Int:
			return k.convert(v, types.AsDecimal(types.IntType))
		}
		return v
	}
	return mk(t, operand(x), operand(y))
}

func opByte(op ast.Op) byte {
	switch op {
	case ast.OpAdd:
		return '+'
	case ast.OpSub:
		return '-'
	case ast.OpMul:
		return '*'
	case ast.OpDiv:
		return '/'
	}
	return '%'
}

// castHint suggests the CAST that makes a STRING/number mix work.
func castHint(ax ast.Expr, tx types.Type, ay ast.Expr, ty types.Type) string {
	switch {
	case tx.Kind == types.String && ty.IsNumeric():
		return fmt.Sprintf("; STRING never converts to a number implicitly: use CAST(%s AS %s)", format.Expr(ax), castName(ty))
	case ty.Kind == types.String && tx.IsNumeric():
		return fmt.Sprintf("; STRING never converts to a number implicitly: use CAST(%s AS %s)", format.Expr(ay), castName(tx))
	}
	return ""
}

func castName(t types.Type) string {
	if t.Kind == types.Int {
		return "INTEGER"
	}
	return t.String()
}

// comparable converts both sides of a comparison to their common type.
// A STRING literal compared with a TIMESTAMP or DATE is read as one
// (types.md).
func (k *checker) comparable(e *ast.Binary, x, y plan.Expr) (plan.Expr, plan.Expr, bool) {
	x, y = k.timeLiteral(x, y.Type()), k.timeLiteral(y, x.Type())
	t, ok := types.Common(x.Type(), y.Type())
	if !ok || t.Kind == types.Array || t.Kind == types.Map {
		hint := castHint(e.X, x.Type(), e.Y, y.Type())
		if hint == "" && x.Type().Kind == types.String && y.Type().Kind != types.String {
			hint = fmt.Sprintf("; compare with a string, e.g. '%s', or use CAST", format.Expr(e.Y))
		}
		if x.Type().Kind == types.String && y.Type().IsNumeric() {
			hint = fmt.Sprintf("; use CAST(%s AS %s) or compare with a string literal", format.Expr(e.X), castName(y.Type()))
		}
		k.errorf(e.OpPos, "cannot compare %s with %s%s", x.Type(), y.Type(), hint)
		return nil, nil, false
	}
	if t.Kind == types.Decimal { // keep each side's scale; compare exactly
		conv := func(v plan.Expr) plan.Expr {
			if v.Type().Kind == types.Decimal {
				return v
			}
			return k.convert(v, types.AsDecimal(v.Type()))
		}
		return conv(x), conv(y), true
	}
	return k.convert(x, t), k.convert(y, t), true
}

// timeLiteral turns a STRING literal into a TIMESTAMP or DATE literal
// when it is compared with one.
func (k *checker) timeLiteral(v plan.Expr, other types.Type) plan.Expr {
	lit, ok := v.(*plan.Literal)
	if !ok || lit.T.Kind != types.String || lit.Val == nil {
		return v
	}
	s := constant.StringVal(lit.Val)
	switch other.Kind {
	case types.Timestamp:
		if ms, ok := scalar.ParseTimestamp([]byte(s)); ok {
			return &plan.Literal{Val: constant.MakeInt64(ms), T: types.TimestampType, At: lit.At}
		}
	case types.Date:
		if d, ok := scalar.ParseDate([]byte(s)); ok {
			return &plan.Literal{Val: constant.MakeInt64(int64(d)), T: types.DateType, At: lit.At}
		}
	}
	return v
}

// convert returns v as type t, folding literals and otherwise inserting a
// Convert node. The caller has checked that the widening is allowed.
func (k *checker) convert(v plan.Expr, t types.Type) plan.Expr {
	if v.Type() == t || isInvalid(v) {
		return v
	}
	if lit, ok := v.(*plan.Literal); ok {
		if lit.Val == nil {
			return &plan.Literal{T: t, At: lit.At}
		}
		switch {
		case t.Kind == types.Float && lit.Val.Kind() != constant.Float:
			return &plan.Literal{Val: constant.ToFloat(lit.Val), T: t, At: lit.At}
		case t.Kind == types.Float || t.Kind == types.Decimal && lit.T.IsNumeric():
			return &plan.Literal{Val: lit.Val, T: t, At: lit.At}
		}
	}
	return &plan.Convert{X: v, T: t}
}

// call types a function call.
func (k *checker) call(e *ast.Call) plan.Expr {
	name := strings.ToUpper(e.Name.Name)
	at := e.Name.Pos
	switch {
	case e.Over != nil:
		if k.ov == nil {
			k.errorf(e.Over.Pos, "OVER is allowed in the select list of a query without GROUP BY or WINDOW, not in %s", k.clause)
			return bad(at)
		}
		return k.over(e)
	case aggregates[name] || e.Star || e.Distinct:
		if k.ag != nil && k.ag.inAgg {
			k.errorf(at, "aggregate %s inside another aggregate's argument; aggregates do not nest", name)
		} else {
			k.errorf(at, "aggregate %s is not allowed in %s", name, k.clause)
		}
		return bad(at)
	case windowFunctions[name]:
		k.errorf(at, "%s is a window function and needs OVER (...)", name)
		return bad(at)
	}
	if name == "TIMESTAMP" {
		// TIMESTAMP() is the record's _timestamp; TIMESTAMP(x) is CAST(x AS TIMESTAMP).
		switch len(e.Args) {
		case 0:
			return k.column(&ast.ColumnRef{Name: &ast.Ident{Pos: at, Name: "_timestamp"}})
		case 1:
			return k.cast(&ast.Cast{Pos: at, X: e.Args[0], Type: &ast.TypeName{Pos: at, Name: "TIMESTAMP"}})
		}
	}
	f, ok := LookupFunction(name)
	if !ok {
		if what, ok := planned[name]; ok {
			k.errorf(at, "function %s is not supported yet (it comes with %s)", name, what)
		} else {
			k.errorf(at, "unknown function %s%s", e.Name.Name, didYouMean(name, functionNames()))
		}
		return bad(at)
	}
	if len(e.Args) < f.MinArgs || f.MaxArgs >= 0 && len(e.Args) > f.MaxArgs {
		k.errorf(at, "%s takes %s, got %d", f.Name, arity(f), len(e.Args))
		return bad(at)
	}
	args := make([]plan.Expr, len(e.Args))
	for i, a := range e.Args {
		if ref, ok := a.(*ast.ColumnRef); ok && i == 0 && f.Unit && ref.Qualifier == nil {
			// DATEDIFF(hour, a, b): a bare unit keyword is the unit.
			args[i] = &plan.Literal{Val: constant.MakeString(ref.Name.Name), T: types.StringType, At: ref.Name.Pos}
			continue
		}
		if args[i] = k.expr(a); isInvalid(args[i]) {
			return bad(at)
		}
	}
	t, conv, err := f.Sig(args)
	if err != nil {
		k.errorf(at, "%s: %v", f.Name, err)
		return bad(at)
	}
	for i := range conv {
		if conv[i].Kind != types.Invalid { // the zero Type: keep the argument as it is
			args[i] = k.convert(args[i], conv[i])
		}
	}
	return &plan.Call{Name: f.Name, Args: args, T: t, Null: callNullable(f.Null, args), At: at}
}

func arity(f *Function) string {
	switch {
	case f.MaxArgs < 0:
		return fmt.Sprintf("at least %d arguments", f.MinArgs)
	case f.MinArgs == f.MaxArgs && f.MinArgs == 1:
		return "1 argument"
	case f.MinArgs == f.MaxArgs:
		return fmt.Sprintf("%d arguments", f.MinArgs)
	}
	return fmt.Sprintf("%d to %d arguments", f.MinArgs, f.MaxArgs)
}

func callNullable(r nullRule, args []plan.Expr) bool {
	switch r {
	case neverNull:
		return false
	case alwaysNull:
		return true
	case sepNull:
		return args[0].Nullable()
	case nullIfAllArgs:
		for _, a := range args {
			if !a.Nullable() {
				return false
			}
		}
		return true
	}
	for _, a := range args {
		if a.Nullable() {
			return true
		}
	}
	return false
}

// caseExpr types CASE; the simple form is lowered to the searched form.
func (k *checker) caseExpr(e *ast.Case) plan.Expr {
	var operand plan.Expr
	if e.Operand != nil {
		if operand = k.expr(e.Operand); isInvalid(operand) {
			return bad(e.Pos)
		}
	}
	out := &plan.Case{At: e.Pos}
	t := types.NullType
	var results []plan.Expr
	for _, w := range e.Whens {
		var cond plan.Expr
		if operand != nil {
			cond = k.binary(&ast.Binary{OpPos: w.Pos, Op: ast.OpEq, X: e.Operand, Y: w.Cond})
		} else {
			cond = k.boolean(k.expr(w.Cond), "WHEN")
		}
		r := k.expr(w.Result)
		if isInvalid(cond) || isInvalid(r) {
			return bad(e.Pos)
		}
		out.Whens = append(out.Whens, plan.When{Cond: cond, Result: r})
		results = append(results, r)
	}
	if e.Else != nil {
		if out.Else = k.expr(e.Else); isInvalid(out.Else) {
			return bad(e.Pos)
		}
		results = append(results, out.Else)
	}
	for _, r := range results {
		c, ok := types.Common(t, r.Type())
		if !ok {
			k.errorf(r.Pos(), "CASE results mix %s and %s; use CAST so they agree", t, r.Type())
			return bad(e.Pos)
		}
		t = c
	}
	out.T = t
	out.Null = out.Else == nil
	for i := range out.Whens {
		out.Whens[i].Result = k.convert(out.Whens[i].Result, t)
		out.Null = out.Null || out.Whens[i].Result.Nullable()
	}
	if out.Else != nil {
		out.Else = k.convert(out.Else, t)
		out.Null = out.Null || out.Else.Nullable()
	}
	return out
}

func (k *checker) cast(e *ast.Cast) plan.Expr {
	x := k.expr(e.X)
	if isInvalid(x) {
		return x
	}
	t, err := types.FromName(e.Type.Name, e.Type.Params)
	if err != nil {
		k.errorf(e.Type.Pos, "%v", err)
		return bad(e.Pos)
	}
	if !types.CanCast(x.Type(), t) {
		k.errorf(e.Pos, "cannot CAST %s to %s", x.Type(), t)
		return bad(e.Pos)
	}
	if x.Type() == t {
		return x
	}
	return &plan.Cast{X: x, T: t, Try: e.Try, At: e.Pos}
}

func (k *checker) in(e *ast.In) plan.Expr {
	if e.Subquery != nil {
		return k.subquery(e.Subquery, plan.InSubquery, e.X, e.Not, e.OpPos)
	}
	x := k.expr(e.X)
	if isInvalid(x) {
		return x
	}
	list := make([]plan.Expr, len(e.List))
	t := x.Type()
	null := x.Nullable()
	for i, a := range e.List {
		if list[i] = k.timeLiteral(k.expr(a), x.Type()); isInvalid(list[i]) {
			return bad(e.OpPos)
		}
		c, ok := types.Common(t, list[i].Type())
		if ok && !isScalar(c) {
			k.errorf(e.OpPos, "IN compares scalars, and %s is %s", format.Expr(e.X), x.Type())
			return bad(e.OpPos)
		}
		if !ok {
			k.errorf(list[i].Pos(), "IN list value %s is %s, but %s is %s%s", format.Expr(a), list[i].Type(), format.Expr(e.X), x.Type(), castHint(e.X, x.Type(), a, list[i].Type()))
			return bad(e.OpPos)
		}
		t = c
		null = null || list[i].Nullable()
	}
	x = k.convert(x, t)
	for i := range list {
		list[i] = k.convert(list[i], t)
	}
	return &plan.In{X: x, List: list, Not: e.Not, Null: null, At: e.OpPos}
}

// between lowers x BETWEEN lo AND hi to x >= lo AND x <= hi (the same
// three-valued result), and NOT BETWEEN to its negation.
func (k *checker) between(e *ast.Between) plan.Expr {
	ge := k.binary(&ast.Binary{OpPos: e.OpPos, Op: ast.OpGe, X: e.X, Y: e.Lo})
	le := k.binary(&ast.Binary{OpPos: e.OpPos, Op: ast.OpLe, X: e.X, Y: e.Hi})
	if isInvalid(ge) || isInvalid(le) {
		return bad(e.OpPos)
	}
	var out plan.Expr = &plan.Binary{Op: ast.OpAnd, X: ge, Y: le, T: types.BoolType, Null: ge.Nullable() || le.Nullable(), At: e.OpPos}
	if e.Not {
		out = &plan.Unary{Op: ast.OpNot, X: out, T: types.BoolType, At: e.OpPos}
	}
	return out
}

func (k *checker) like(e *ast.Like) plan.Expr {
	x, p := k.expr(e.X), k.expr(e.Pattern)
	var esc plan.Expr
	if e.Escape != nil {
		esc = k.expr(e.Escape)
		if lit, ok := esc.(*plan.Literal); !ok || lit.T.Kind != types.String || lit.Val == nil || len([]rune(constant.StringVal(lit.Val))) != 1 {
			k.errorf(e.Escape.Start(), "ESCAPE must be a one-character string literal")
			return bad(e.OpPos)
		}
	}
	if isInvalid(x) || isInvalid(p) {
		return bad(e.OpPos)
	}
	for _, v := range []plan.Expr{x, p} {
		if v.Type().Kind != types.String && v.Type().Kind != types.Null {
			k.errorf(v.Pos(), "LIKE needs strings, not %s", v.Type())
			return bad(e.OpPos)
		}
	}
	return &plan.Like{X: k.convert(x, types.StringType), Pattern: k.convert(p, types.StringType), Escape: esc, Not: e.Not,
		Null: x.Nullable() || p.Nullable(), At: e.OpPos}
}

func (k *checker) is(e *ast.Is) plan.Expr {
	x := k.expr(e.X)
	if isInvalid(x) {
		return x
	}
	if e.What == ast.IsNull {
		return &plan.IsNull{X: x, Not: e.Not, At: e.OpPos}
	}
	if x = k.boolean(x, "IS TRUE/FALSE"); isInvalid(x) {
		return x
	}
	return &plan.IsBool{X: x, Value: e.What == ast.IsTrue, Not: e.Not, At: e.OpPos}
}

// hasAggregate reports whether an AST expression calls an aggregate
// outside OVER (which makes the query aggregating).
func hasAggregate(e ast.Expr) bool {
	found := false
	walkAST(e, func(x ast.Expr) {
		if c, ok := x.(*ast.Call); ok && c.Over == nil && (aggregates[strings.ToUpper(c.Name.Name)] || c.Star) {
			found = true
		}
	})
	return found
}

// walkAST visits e and its sub-expressions (not into subqueries).
func walkAST(e ast.Expr, fn func(ast.Expr)) {
	if e == nil {
		return
	}
	fn(e)
	switch e := e.(type) {
	case *ast.Unary:
		walkAST(e.X, fn)
	case *ast.Binary:
		walkAST(e.X, fn)
		walkAST(e.Y, fn)
	case *ast.Paren:
		walkAST(e.X, fn)
	case *ast.Call:
		for _, a := range e.Args {
			walkAST(a, fn)
		}
	case *ast.Case:
		walkAST(e.Operand, fn)
		for _, w := range e.Whens {
			walkAST(w.Cond, fn)
			walkAST(w.Result, fn)
		}
		walkAST(e.Else, fn)
	case *ast.Cast:
		walkAST(e.X, fn)
	case *ast.In:
		walkAST(e.X, fn)
		for _, a := range e.List {
			walkAST(a, fn)
		}
	case *ast.Between:
		walkAST(e.X, fn)
		walkAST(e.Lo, fn)
		walkAST(e.Hi, fn)
	case *ast.Like:
		walkAST(e.X, fn)
		walkAST(e.Pattern, fn)
		walkAST(e.Escape, fn)
	case *ast.Is:
		walkAST(e.X, fn)
	case *ast.Index:
		walkAST(e.X, fn)
		walkAST(e.Index, fn)
	case *ast.Extract:
		walkAST(e.X, fn)
	case *ast.Trim:
		walkAST(e.Chars, fn)
		walkAST(e.X, fn)
	}
}

var _ = schema.Column{}
