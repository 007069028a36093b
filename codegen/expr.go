package codegen

import (
	"fmt"
	"go/constant"
	"go/token"
	"math"
	"math/big"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/types"
	"github.com/velocsql/veloc/parser/ast"
)

// val is a generated expression: V is its Go value and OK its validity,
// nil when the plan says the expression is never NULL (then no flag is
// generated or checked at all).
type val struct {
	V  jen.Code
	OK jen.Code
}

// exprGen generates the statements that evaluate expressions of one
// function. Each sub-expression that is not a plain operand gets a local
// variable, so the generated code reads top to bottom like the plan. An
// error (division by zero, overflow, failed CAST) returns the reason
// from the enclosing function, which makes the record an error record.
type exprGen struct {
	fn    *funcGen
	stmts []jen.Code
}

// funcGen is the state shared by the expression generators of one
// generated function: temporaries' names, and how to read columns.
type funcGen struct {
	job    *jobGen
	n      int
	column func(i int) val
	system func(name string) val
	// failPrefix are the results an error record's return statement puts
	// before the kind and reason: decode returns (keep, kind, reason).
	failPrefix []jen.Code
	// groupKey and aggValue give a group's key and aggregate values in
	// the per-group expressions of an aggregating job.
	groupKey  func(i int) val
	aggValue  func(i int) val
	overValue func(i int) val
}

func (f *funcGen) temp() (string, string) {
	f.n++
	return fmt.Sprintf("v%d", f.n), fmt.Sprintf("v%dok", f.n)
}

func (g *exprGen) add(c ...jen.Code) { g.stmts = append(g.stmts, c...) }

// sub returns a generator for a nested block (a CASE arm, the right side of
// AND) sharing the function's temporaries.
func (g *exprGen) sub() *exprGen { return &exprGen{fn: g.fn} }

// fail returns the statement that ends the record as an error record of
// the given kind (app.Bad*), with reason as its message.
func (g *exprGen) fail(kind string, reason jen.Code) jen.Code {
	return jen.Return(append(append([]jen.Code{}, g.fn.failPrefix...), jen.Lit(kind), reason)...)
}

// Error record kinds, as runtime/app counts them.
const (
	kindParse     = "parse"
	kindMalformed = "malformed"
	kindCast      = "cast"
	kindOverflow  = "overflow"
	kindDivZero   = "division_by_zero"
	kindFunction  = "function"
	kindLate      = "late"
)

// okAnd combines validity flags; nil means always valid. A flag that
// is already part of the conjunction is not repeated (go vet reports
// `a && a`), which happens when a nullable column is compared twice.
func okAnd(oks ...jen.Code) jen.Code {
	var parts []jen.Code
	seen := map[string]bool{}
	var add func(o jen.Code)
	add = func(o jen.Code) {
		if o == nil {
			return
		}
		if l, ok := o.(okList); ok {
			for _, p := range l.parts {
				add(p)
			}
			return
		}
		key := fmt.Sprintf("%#v", o)
		if !seen[key] {
			seen[key] = true
			parts = append(parts, o)
		}
	}
	for _, o := range oks {
		add(o)
	}
	if len(parts) == 0 {
		return nil
	}
	s := jen.Add(parts[0])
	for _, p := range parts[1:] {
		s = s.Op("&&").Add(p)
	}
	if len(parts) == 1 {
		return s
	}
	return okList{Statement: s, parts: parts}
}

// notOK negates a validity flag, in parentheses when it is a conjunction.
func notOK(ok jen.Code) *jen.Statement {
	if _, isList := ok.(okList); isList {
		return jen.Op("!").Parens(ok)
	}
	return jen.Op("!").Add(ok)
}

// okList is a conjunction of validity flags that remembers its parts, so
// that okAnd can leave out a flag it already has.
type okList struct {
	*jen.Statement
	parts []jen.Code
}

// ifValid wraps body in `if ok { ... }` unless ok is nil.
func ifValid(ok jen.Code, body ...jen.Code) []jen.Code {
	if ok == nil {
		return body
	}
	return []jen.Code{jen.If(ok).Block(body...)}
}

// declare declares a temporary of type t (and its flag when nullable).
func (g *exprGen) declare(t types.Type, nullable bool) (val, string, string) {
	v, ok := g.fn.temp()
	g.add(jen.Var().Id(v).Add(goType(t)))
	out := val{V: jen.Id(v)}
	if nullable {
		g.add(jen.Var().Id(ok).Bool())
		out.OK = jen.Id(ok)
	}
	return out, v, ok
}

// simple reports whether a Go expression is cheap and side-effect free
// enough to repeat (an identifier, a field, a literal).
func simple(e plan.Expr) bool {
	switch e.(type) {
	case *plan.Column, *plan.SystemColumn, *plan.Literal:
		return true
	}
	return false
}

// expr generates e.
func (g *exprGen) expr(e plan.Expr) val {
	switch e := e.(type) {
	case *plan.Column:
		return g.fn.column(e.Index)
	case *plan.GroupKey:
		return g.fn.groupKey(e.Index)
	case *plan.AggValue:
		return g.fn.aggValue(e.Index)
	case *plan.WindowBound:
		return windowValue(e)
	case *plan.OverValue:
		return g.fn.overValue(e.Index)
	case *plan.SystemColumn:
		return g.fn.system(e.Name)
	case *plan.JoinColumn:
		return g.fn.job.joinColumn(e)
	case *plan.Subquery:
		return g.subquery(e)
	case *plan.Literal:
		return literal(e)
	case *plan.Unary:
		return g.unary(e)
	case *plan.Binary:
		return g.binary(e)
	case *plan.Convert:
		return g.convert(g.expr(e.X), e.X.Type(), e.T)
	case *plan.Cast:
		return g.cast(e)
	case *plan.Call:
		return g.call(e)
	case *plan.Case:
		return g.caseExpr(e)
	case *plan.In:
		return g.in(e)
	case *plan.Like:
		return g.like(e)
	case *plan.IsNull:
		x := g.expr(e.X)
		if !simple(e.X) {
			// Only the flag is read; the value's temporary must still be
			// used for the code to compile.
			g.add(jen.Id("_").Op("=").Add(x.V))
		}
		if x.OK == nil {
			return val{V: jen.Lit(e.Not)}
		}
		if e.Not {
			return val{V: x.OK}
		}
		return val{V: notOK(x.OK)}
	case *plan.IsBool:
		x := g.expr(e.X)
		test := jen.Add(x.V)
		if !e.Value {
			test = jen.Op("!").Add(x.V)
		}
		if x.OK != nil {
			test = jen.Add(x.OK).Op("&&").Add(test)
		}
		if e.Not {
			return val{V: jen.Op("!").Parens(test)}
		}
		return val{V: test}
	}
	panic(fmt.Sprintf("codegen: unexpected expression %T", e)) // the compiler's contract, not user input
}

// literal generates a constant.
func literal(l *plan.Literal) val {
	if l.Val == nil {
		return val{V: zero(l.T), OK: jen.False()}
	}
	switch l.T.Kind {
	case types.Bool:
		return val{V: jen.Lit(constant.BoolVal(l.Val))}
	case types.String:
		return val{V: jen.Lit(constant.StringVal(l.Val))}
	case types.Int, types.Timestamp, types.Interval:
		i, _ := constant.Int64Val(l.Val)
		return val{V: jen.Lit(i)}
	case types.Date:
		i, _ := constant.Int64Val(l.Val)
		return val{V: jen.Lit(int32(i))}
	case types.Float:
		f, _ := constant.Float64Val(l.Val)
		return val{V: floatLit(f)}
	case types.Decimal:
		return val{V: mantissaLit(l.Val, l.T)}
	}
	panic("codegen: literal of type " + l.T.String())
}

func floatLit(f float64) jen.Code {
	switch {
	case math.IsInf(f, 1):
		return jen.Qual("math", "Inf").Call(jen.Lit(1))
	case math.IsInf(f, -1):
		return jen.Qual("math", "Inf").Call(jen.Lit(-1))
	case math.IsNaN(f):
		return jen.Qual("math", "NaN").Call()
	}
	return jen.Lit(f)
}

// mantissaLit is a DECIMAL constant as its mantissa at the type's scale.
func mantissaLit(v constant.Value, t types.Type) jen.Code {
	scaled := constant.BinaryOp(constant.ToFloat(v), token.MUL, constant.MakeFromLiteral("1"+strings.Repeat("0", int(t.Scale)), token.INT, 0))
	m := constant.ToInt(scaled)
	if !t.IsWide() {
		i, _ := constant.Int64Val(m)
		return jen.Lit(i)
	}
	b, ok := constant.Val(m).(*big.Int)
	if !ok {
		i, _ := constant.Int64Val(m)
		b = big.NewInt(i)
	}
	hi := new(big.Int).Rsh(b, 64)
	lo := new(big.Int).And(b, new(big.Int).SetUint64(math.MaxUint64))
	return jen.Qual(pkgDecimal, "Int128").Values(jen.Dict{
		jen.Id("Hi"): jen.Lit(hi.Int64()),
		jen.Id("Lo"): jen.Lit(lo.Uint64()),
	})
}

// zero is the zero value of a type (the value of a NULL).
func zero(t types.Type) jen.Code {
	switch t.Kind {
	case types.Bool:
		return jen.False()
	case types.String:
		return jen.Lit("")
	case types.Float:
		return jen.Lit(0.0)
	case types.Date:
		return jen.Int32().Call(jen.Lit(0))
	case types.Array, types.Map:
		return jen.Add(goType(t)).Call(jen.Nil())
	case types.Decimal:
		if t.IsWide() {
			return jen.Qual(pkgDecimal, "Int128").Values()
		}
	}
	return jen.Int64().Call(jen.Lit(0))
}

func (g *exprGen) unary(e *plan.Unary) val {
	x := g.expr(e.X)
	if e.Op == ast.OpNot {
		return val{V: jen.Op("!").Parens(x.V), OK: x.OK}
	}
	switch e.T.Kind {
	case types.Float:
		return val{V: jen.Op("-").Parens(x.V), OK: x.OK}
	case types.Decimal, types.Int, types.Interval:
		out, v, ok := g.declare(e.T, x.OK != nil)
		neg := jen.Qual(pkgSQLFn, "SubInt").Call(jen.Lit(0), x.V)
		if e.T.Kind == types.Decimal {
			neg = decFn(e.T, "Neg").Call(x.V)
		}
		body := []jen.Code{
			jen.Var().Id("okv").Bool(),
			jen.List(jen.Id(v), jen.Id("okv")).Op("=").Add(neg),
			jen.If(jen.Op("!").Id("okv")).Block(g.fail(kindOverflow, jen.Lit("overflow negating "+plan.String(e.X)))),
		}
		if x.OK != nil {
			body = append(body, jen.Id(ok).Op("=").True())
		}
		g.add(ifValid(x.OK, jen.Block(body...))...)
		return out
	}
	return val{V: jen.Op("-").Parens(x.V), OK: x.OK}
}

// decFn names the 64- or 128-bit decimal function for type t.
func decFn(t types.Type, name string) *jen.Statement {
	if t.IsWide() {
		return jen.Qual(pkgDecimal, name+"128")
	}
	return jen.Qual(pkgDecimal, name+"64")
}

// widen converts a decimal mantissa to the 128-bit form when to is wide.
func widen(v jen.Code, from, to types.Type) jen.Code {
	if to.IsWide() && !from.IsWide() {
		return jen.Qual(pkgDecimal, "To128").Call(v)
	}
	return v
}

func (g *exprGen) binary(e *plan.Binary) val {
	switch e.Op {
	case ast.OpAnd, ast.OpOr:
		return g.logic(e)
	case ast.OpEq, ast.OpNe, ast.OpLt, ast.OpLe, ast.OpGt, ast.OpGe:
		return g.compare(e)
	}
	x, y := g.expr(e.X), g.expr(e.Y)
	ok := okAnd(x.OK, y.OK)
	if e.Op == ast.OpConcat {
		return val{V: jen.Add(x.V).Op("+").Add(y.V), OK: ok}
	}
	if e.T.Kind == types.Float {
		if e.Op != ast.OpDiv && e.Op != ast.OpMod {
			return val{V: jen.Parens(jen.Add(x.V).Op(e.Op.String()).Add(y.V)), OK: ok}
		}
		// Division by zero is an error record for every numeric type
		// (runtime.md), not an IEEE infinity.
		out, v, okName := g.declare(e.T, ok != nil)
		res := jen.Parens(jen.Add(x.V).Op("/").Add(y.V))
		if e.Op == ast.OpMod {
			res = jen.Qual("math", "Mod").Call(x.V, y.V)
		}
		body := []jen.Code{
			jen.Id(v).Op("=").Add(res),
		}
		if !nonZero(e.Y) {
			body = append([]jen.Code{jen.If(jen.Add(y.V).Op("==").Lit(0.0)).Block(g.fail(kindDivZero, jen.Lit("division by zero in "+plan.String(e))))}, body...)
		}
		if ok != nil {
			body = append(body, jen.Id(okName).Op("=").True())
		}
		g.add(ifValid(ok, body...)...)
		return out
	}
	if e.T.Kind == types.Timestamp || e.T.Kind == types.Interval {
		return g.timeArith(e, x, y, ok)
	}
	out, v, okName := g.declare(e.T, ok != nil)
	what := plan.String(e)
	var body []jen.Code
	switch e.T.Kind {
	case types.Int:
		body = g.intArith(e.Op, x, y, v, what, nonZero(e.Y))
	case types.Decimal:
		body = g.decArith(e, x, y, v, what)
	default:
		panic("codegen: arithmetic on " + e.T.String())
	}
	if ok != nil {
		body = append(body, jen.Id(okName).Op("=").True())
	}
	g.add(ifValid(ok, body...)...)
	return out
}

// nonZero reports whether e is a non-zero numeric constant, so that
// dividing by it needs no check.
func nonZero(e plan.Expr) bool {
	lit, ok := e.(*plan.Literal)
	if !ok || lit.Val == nil {
		return false
	}
	switch lit.Val.Kind() {
	case constant.Int, constant.Float:
		return constant.Sign(lit.Val) != 0
	}
	return false
}

// intArith is INTEGER arithmetic: overflow and division by zero are error
// records; / and % truncate toward zero.
func (g *exprGen) intArith(op ast.Op, x, y val, v, what string, constDivisor bool) []jen.Code {
	okv := "ok" + v
	checked := func(fn string) []jen.Code {
		return []jen.Code{
			jen.Var().Id(okv).Bool(),
			jen.List(jen.Id(v), jen.Id(okv)).Op("=").Qual(pkgSQLFn, fn).Call(x.V, y.V),
			jen.If(jen.Op("!").Id(okv)).Block(g.fail(kindOverflow, jen.Lit("integer overflow in "+what))),
		}
	}
	zeroCheck := jen.If(jen.Add(y.V).Op("==").Lit(0)).Block(g.fail(kindDivZero, jen.Lit("division by zero in "+what)))
	if constDivisor {
		zeroCheck = jen.Null() // a non-zero constant divisor needs no check
	}
	switch op {
	case ast.OpAdd:
		return checked("AddInt")
	case ast.OpSub:
		return checked("SubInt")
	case ast.OpMul:
		return checked("MulInt")
	case ast.OpDiv:
		return append([]jen.Code{zeroCheck}, checked("DivInt")...)
	}
	return []jen.Code{zeroCheck, jen.Id(v).Op("=").Qual(pkgSQLFn, "ModInt").Call(x.V, y.V)}
}

// decArith is DECIMAL arithmetic with the scales of types.md.
func (g *exprGen) decArith(e *plan.Binary, x, y val, v, what string) []jen.Code {
	t, tx, ty := e.T, e.X.Type(), e.Y.Type()
	s, sx, sy := int(t.Scale), int(tx.Scale), int(ty.Scale)
	okv := "ok" + v
	xw, yw := widen(x.V, tx, t), widen(y.V, ty, t)
	overflow := jen.If(jen.Op("!").Id(okv)).Block(g.fail(kindOverflow, jen.Lit("decimal overflow in "+what)))
	var out []jen.Code
	// rescale brings an operand to the result scale first (+, -, %).
	rescale := func(name string, w jen.Code, from int) jen.Code {
		if from == s {
			return w
		}
		out = append(out,
			jen.List(jen.Id(name), jen.Id(okv)).Op(":=").Add(decFn(t, "Rescale")).Call(w, jen.Lit(from), jen.Lit(s)),
			jen.If(jen.Op("!").Id(okv)).Block(g.fail(kindOverflow, jen.Lit("decimal overflow in "+what))))
		return jen.Id(name)
	}
	switch e.Op {
	case ast.OpAdd, ast.OpSub, ast.OpMod:
		out = append(out, jen.Var().Id(okv).Bool())
		a := rescale(v+"x", xw, sx)
		b := rescale(v+"y", yw, sy)
		if e.Op == ast.OpMod {
			dz := "dz" + v
			out = append(out,
				jen.Var().Id(dz).Bool(),
				jen.List(jen.Id(v), jen.Id(dz)).Op("=").Add(decFn(t, "Mod")).Call(a, b),
				jen.If(jen.Id(dz)).Block(g.fail(kindDivZero, jen.Lit("division by zero in "+what))))
			return out
		}
		fn := "Add"
		if e.Op == ast.OpSub {
			fn = "Sub"
		}
		return append(out, jen.List(jen.Id(v), jen.Id(okv)).Op("=").Add(decFn(t, fn)).Call(a, b), overflow)
	case ast.OpMul:
		return []jen.Code{
			jen.Var().Id(okv).Bool(),
			jen.List(jen.Id(v), jen.Id(okv)).Op("=").Add(decFn(t, "Mul")).Call(xw, yw, jen.Lit(sx+sy-s)),
			overflow,
		}
	}
	dz := "dz" + v
	return []jen.Code{
		jen.Var().Id(okv).Bool(),
		jen.Var().Id(dz).Bool(),
		jen.List(jen.Id(v), jen.Id(okv), jen.Id(dz)).Op("=").Add(decFn(t, "Div")).Call(xw, jen.Lit(sx), yw, jen.Lit(sy), jen.Lit(s)),
		jen.If(jen.Id(dz)).Block(g.fail(kindDivZero, jen.Lit("division by zero in "+what))),
		overflow,
	}
}

// timeArith is TIMESTAMP ± INTERVAL, TIMESTAMP − TIMESTAMP and INTERVAL
// arithmetic, all in int64 milliseconds.
func (g *exprGen) timeArith(e *plan.Binary, x, y val, ok jen.Code) val {
	op := e.Op.String()
	if e.Op == ast.OpDiv {
		out, v, okName := g.declare(e.T, ok != nil)
		body := []jen.Code{
			jen.If(jen.Add(y.V).Op("==").Lit(0)).Block(g.fail(kindDivZero, jen.Lit("division by zero in "+plan.String(e)))),
			jen.Id(v).Op("=").Add(x.V).Op("/").Add(y.V),
		}
		if ok != nil {
			body = append(body, jen.Id(okName).Op("=").True())
		}
		g.add(ifValid(ok, body...)...)
		return out
	}
	return val{V: jen.Parens(jen.Add(x.V).Op(op).Add(y.V)), OK: ok}
}

// compare generates a comparison; DECIMAL operands of different scales
// compare exactly through decimal.Cmp.
func (g *exprGen) compare(e *plan.Binary) val {
	x, y := g.expr(e.X), g.expr(e.Y)
	ok := okAnd(x.OK, y.OK)
	op := map[ast.Op]string{ast.OpEq: "==", ast.OpNe: "!=", ast.OpLt: "<", ast.OpLe: "<=", ast.OpGt: ">", ast.OpGe: ">="}[e.Op]
	tx, ty := e.X.Type(), e.Y.Type()
	switch {
	case tx.Kind == types.Decimal:
		if tx == ty && !tx.IsWide() {
			break
		}
		wide := tx.IsWide() || ty.IsWide()
		var cmp jen.Code
		if wide {
			cmp = jen.Qual(pkgDecimal, "Cmp128").Call(widen(x.V, tx, types.DecimalOf(38, 0)), jen.Lit(int(tx.Scale)), widen(y.V, ty, types.DecimalOf(38, 0)), jen.Lit(int(ty.Scale)))
		} else {
			cmp = jen.Qual(pkgDecimal, "Cmp64").Call(x.V, jen.Lit(int(tx.Scale)), y.V, jen.Lit(int(ty.Scale)))
		}
		return val{V: jen.Parens(jen.Add(cmp).Op(op).Lit(0)), OK: ok}
	case tx.Kind == types.Bool && e.Op != ast.OpEq && e.Op != ast.OpNe:
		// FALSE < TRUE
		return val{V: jen.Parens(jen.Qual(pkgSQLFn, "BoolInt").Call(x.V).Op(op).Qual(pkgSQLFn, "BoolInt").Call(y.V)), OK: ok}
	}
	return val{V: jen.Parens(jen.Add(x.V).Op(op).Add(y.V)), OK: ok}
}

// logic generates AND/OR with three-valued logic and short-circuit: the
// right side is evaluated only when the left does not decide the result,
// so `b <> 0 AND a / b > 1` never divides by zero.
func (g *exprGen) logic(e *plan.Binary) val {
	and := e.Op == ast.OpAnd
	x := g.expr(e.X)
	ysub := g.sub()
	y := ysub.expr(e.Y)
	if x.OK == nil && y.OK == nil && len(ysub.stmts) == 0 {
		op := "||"
		if and {
			op = "&&"
		}
		return val{V: jen.Parens(jen.Add(x.V).Op(op).Add(y.V))}
	}
	out, v, ok := g.declare(types.BoolType, e.Null)
	// decided: the left side alone gives the answer (FALSE for AND, TRUE for OR).
	decides := jen.Add(x.V)
	if and {
		decides = jen.Op("!").Add(x.V)
	}
	if x.OK != nil {
		decides = jen.Add(x.OK).Op("&&").Add(decides)
	}
	setOK := func(c jen.Code) []jen.Code {
		if !e.Null {
			return nil
		}
		return []jen.Code{jen.Id(ok).Op("=").Add(c)}
	}
	var rest []jen.Code
	rest = append(rest, ysub.stmts...)
	ydecides := jen.Add(y.V)
	if and {
		ydecides = jen.Op("!").Add(y.V)
	}
	if y.OK != nil {
		ydecides = jen.Add(y.OK).Op("&&").Add(ydecides)
	}
	rest = append(rest, jen.If(ydecides).Block(append([]jen.Code{jen.Id(v).Op("=").Lit(!and)}, setOK(jen.True())...)...).
		Else().Block(append([]jen.Code{jen.Id(v).Op("=").Lit(and)}, setOK(okAndOrTrue(x.OK, y.OK))...)...))
	g.add(jen.If(decides).Block(append([]jen.Code{jen.Id(v).Op("=").Lit(!and)}, setOK(jen.True())...)...).Else().Block(rest...))
	return out
}

func okAndOrTrue(a, b jen.Code) jen.Code {
	if c := okAnd(a, b); c != nil {
		return c
	}
	return jen.True()
}

// in generates x IN (list) with SQL's NULL rules.
func (g *exprGen) in(e *plan.In) val {
	x := g.expr(e.X)
	out, v, ok := g.declare(types.BoolType, e.Null)
	var sawNull string
	if e.Null {
		sawNull = v + "null"
		g.add(jen.Id(sawNull).Op(":=").Add(boolOrFalse(x.OK, true)))
	}
	var chain []jen.Code
	for _, item := range e.List {
		sub := g.sub()
		iv := sub.expr(item)
		eq := g.equal(x.V, iv.V, e.X.Type())
		if iv.OK != nil {
			eq = jen.Add(iv.OK).Op("&&").Add(eq)
			sub.add(jen.If(notOK(iv.OK)).Block(jen.Id(sawNull).Op("=").True()))
		}
		sub.add(jen.If(eq).Block(jen.Id(v).Op("=").True()))
		chain = append(chain, jen.If(jen.Op("!").Id(v)).Block(sub.stmts...))
	}
	body := chain
	if x.OK != nil {
		body = []jen.Code{jen.If(x.OK).Block(chain...)}
	}
	g.add(body...)
	result := jen.Id(v)
	if e.Not {
		result = jen.Op("!").Id(v)
	}
	if e.Null {
		// NULL unless found; a found value is TRUE (FALSE for NOT IN).
		g.add(jen.Id(ok).Op("=").Id(v).Op("||").Op("!").Id(sawNull))
		return val{V: result, OK: out.OK}
	}
	return val{V: result}
}

// boolOrFalse returns !ok (a NULL seen) for a flag, or the constant.
func boolOrFalse(ok jen.Code, negate bool) jen.Code {
	if ok == nil {
		return jen.False()
	}
	if negate {
		return jen.Op("!").Add(ok)
	}
	return ok
}

// equal compares two values of type t for equality.
func (g *exprGen) equal(a, b jen.Code, t types.Type) jen.Code {
	if t.Kind == types.Decimal && t.IsWide() {
		return jen.Add(a).Op("==").Add(b)
	}
	return jen.Add(a).Op("==").Add(b)
}

// like generates LIKE; a constant pattern is compiled once into a
// package-level matcher.
func (g *exprGen) like(e *plan.Like) val {
	x := g.expr(e.X)
	var esc rune
	if e.Escape != nil {
		esc = []rune(constant.StringVal(e.Escape.(*plan.Literal).Val))[0]
	}
	var test jen.Code
	if lit, ok := e.Pattern.(*plan.Literal); ok && lit.Val != nil {
		name := g.fn.job.likeMatcher(constant.StringVal(lit.Val), esc)
		test = jen.Id(name).Dot("Match").Call(x.V)
		if e.Not {
			test = jen.Op("!").Add(test)
		}
		return val{V: test, OK: x.OK}
	}
	p := g.expr(e.Pattern)
	test = jen.Qual(pkgSQLFn, "LikeDynamic").Call(x.V, p.V, jen.Lit(esc))
	if e.Not {
		test = jen.Op("!").Add(test)
	}
	return val{V: test, OK: okAnd(x.OK, p.OK)}
}

// caseExpr generates CASE as an if/else chain; only the taken arm is
// evaluated.
func (g *exprGen) caseExpr(e *plan.Case) val {
	out, v, ok := g.declare(e.T, e.Null)
	assign := func(sub *exprGen, r plan.Expr) []jen.Code {
		rv := sub.expr(r)
		stmts := append(sub.stmts, jen.Id(v).Op("=").Add(rv.V))
		if e.Null {
			okv := rv.OK
			if okv == nil {
				okv = jen.True()
			}
			stmts = append(stmts, jen.Id(ok).Op("=").Add(okv))
		}
		return stmts
	}
	// Build from the last arm backwards: else { cond2; if c2 {...} else {...} }.
	var tail []jen.Code
	if e.Else != nil {
		tail = assign(g.sub(), e.Else)
	}
	for i := len(e.Whens) - 1; i >= 0; i-- {
		w := e.Whens[i]
		csub := g.sub()
		c := csub.expr(w.Cond)
		test := jen.Add(c.V)
		if c.OK != nil {
			test = jen.Add(c.OK).Op("&&").Add(c.V)
		}
		stmt := jen.If(test).Block(assign(g.sub(), w.Result)...)
		if len(tail) > 0 {
			stmt = stmt.Else().Block(tail...)
		}
		tail = append(csub.stmts, stmt)
	}
	g.add(tail...)
	return out
}
