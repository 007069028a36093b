package codegen

import (
	"github.com/dave/jennifer/jen"

	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/types"
)

// convert generates an implicit widening (plan.Convert): exact and
// never failing except a DECIMAL rescale that does not fit, which is an
// overflow error record.
func (g *exprGen) convert(x val, from, to types.Type) val {
	switch {
	case from.Kind == types.Null:
		return val{V: zero(to), OK: jen.False()}
	case to.Kind == types.Float && from.Kind == types.Int:
		return val{V: jen.Float64().Call(x.V), OK: x.OK}
	case to.Kind == types.Float && from.Kind == types.Decimal:
		if from.IsWide() {
			return val{V: jen.Qual(pkgDecimal, "ToFloat128").Call(x.V, jen.Lit(int(from.Scale))), OK: x.OK}
		}
		return val{V: jen.Qual(pkgDecimal, "ToFloat64").Call(x.V, jen.Lit(int(from.Scale))), OK: x.OK}
	case to.Kind == types.Decimal && (from.Kind == types.Int || from.Kind == types.Decimal):
		fs := 0
		if from.Kind == types.Decimal {
			fs = int(from.Scale)
		}
		w := widen(x.V, from, to)
		if fs == int(to.Scale) {
			return val{V: w, OK: x.OK}
		}
		out, v, ok := g.declare(to, x.OK != nil)
		body := []jen.Code{
			jen.Var().Id("ok" + v).Bool(),
			jen.List(jen.Id(v), jen.Id("ok"+v)).Op("=").Add(decFn(to, "Rescale")).Call(w, jen.Lit(fs), jen.Lit(int(to.Scale))),
			jen.If(jen.Op("!").Id("ok" + v)).Block(g.fail(kindOverflow, jen.Lit("decimal overflow converting to "+to.String()))),
		}
		if x.OK != nil {
			body = append(body, jen.Id(ok).Op("=").True())
		}
		g.add(ifValid(x.OK, body...)...)
		return out
	case (from.Kind == types.Array || from.Kind == types.Map) && from.Kind == to.Kind && from != to:
		return g.convertElems(x, from, to)
	case from == to || from.Kind == to.Kind && from.Kind != types.Decimal:
		return x
	case to.Kind == types.Timestamp && from.Kind == types.Int:
		return x // epoch milliseconds, for date and time functions
	case to.Kind == types.Timestamp && from.Kind == types.Date:
		return val{V: jen.Int64().Call(x.V).Op("*").Lit(86_400_000), OK: x.OK}
	}
	panic("codegen: no conversion from " + from.String() + " to " + to.String())
}

// convertElems widens each element of an array or each value of a map
// (a CASE or COALESCE mixing ARRAY<INTEGER> with ARRAY<FLOAT>, say).
func (g *exprGen) convertElems(x val, from, to types.Type) val {
	out, v, ok := g.declare(to, x.OK != nil)
	src := v + "src"
	body := g.sub()
	elem := body.convert(val{V: jen.Id("x")}, from.Elem(), to.Elem())
	var loop jen.Code
	if from.Kind == types.Array {
		body.add(jen.Id(v).Index(jen.Id("i")).Op("=").Add(elem.V))
		loop = jen.For(jen.List(jen.Id("i"), jen.Id("x")).Op(":=").Range().Id(src)).Block(body.stmts...)
	} else {
		body.add(jen.Id(v).Index(jen.Id("k")).Op("=").Add(elem.V))
		loop = jen.For(jen.List(jen.Id("k"), jen.Id("x")).Op(":=").Range().Id(src)).Block(body.stmts...)
	}
	stmts := []jen.Code{jen.Id(src).Op(":=").Add(x.V), jen.Id(v).Op("=").Make(goType(to), jen.Len(jen.Id(src))), loop}
	if x.OK != nil {
		stmts = append(stmts, jen.Id(ok).Op("=").True())
	}
	g.add(ifValid(x.OK, stmts...)...)
	return out
}

// cast generates CAST and TRY_CAST (types.md). A failure makes the record
// an error record, or NULL for TRY_CAST.
func (g *exprGen) cast(e *plan.Cast) val {
	from, to := e.X.Type(), e.T
	x := g.expr(e.X)
	if from.Kind == types.Null {
		return val{V: zero(to), OK: jen.False()}
	}
	// Conversions that cannot fail.
	switch {
	case to.Kind == types.String:
		return val{V: textOf(x.V, from), OK: x.OK}
	case to.Kind == types.Float && from.Kind == types.Int:
		return val{V: jen.Float64().Call(x.V), OK: x.OK}
	case to.Kind == types.Float && from.Kind == types.Decimal:
		return g.convert(x, from, to)
	case to.Kind == types.Int && (from.Kind == types.Timestamp || from.Kind == types.Interval):
		return x
	case to.Kind == types.Timestamp && from.Kind == types.Int:
		return x
	case to.Kind == types.Int && from.Kind == types.Date:
		return val{V: jen.Int64().Call(x.V), OK: x.OK}
	case to.Kind == types.Int && from.Kind == types.Bool:
		return val{V: jen.Int64().Call(jen.Qual(pkgSQLFn, "BoolInt").Call(x.V)), OK: x.OK}
	case to.Kind == types.Bool && from.Kind == types.Int:
		return val{V: jen.Parens(jen.Add(x.V).Op("!=").Lit(0)), OK: x.OK}
	case to.Kind == types.Int && from.Kind == types.Decimal && !from.IsWide():
		return val{V: jen.Qual(pkgDecimal, "ToInt64Trunc").Call(x.V, jen.Lit(int(from.Scale))), OK: x.OK}
	case to.Kind == types.Timestamp && from.Kind == types.Date:
		return val{V: jen.Int64().Call(x.V).Op("*").Lit(86_400_000), OK: x.OK}
	case to.Kind == types.Date && from.Kind == types.Timestamp:
		return val{V: jen.Qual(pkgSQLFn, "TimestampDate").Call(x.V), OK: x.OK}
	case to.Kind == types.Date && from.Kind == types.Int:
		return val{V: jen.Int32().Call(x.V), OK: x.OK}
	case to.Kind == types.Interval && from.Kind == types.Int:
		return x
	}
	// Conversions that can fail: v, ok := parse(...).
	var call jen.Code
	b := func() jen.Code { return jen.Qual(pkgSQLFn, "Bytes").Call(x.V) }
	switch {
	case from.Kind == types.String && to.Kind == types.Int:
		call = jen.Qual(pkgScalar, "ParseInt").Call(b())
	case from.Kind == types.String && to.Kind == types.Float:
		call = jen.Qual(pkgScalar, "ParseFloat").Call(b())
	case from.Kind == types.String && to.Kind == types.Bool:
		call = jen.Qual(pkgScalar, "ParseBool").Call(b())
	case from.Kind == types.String && to.Kind == types.Timestamp:
		call = jen.Qual(pkgScalar, "ParseTimestamp").Call(b())
	case from.Kind == types.String && to.Kind == types.Date:
		call = jen.Qual(pkgScalar, "ParseDate").Call(b())
	case from.Kind == types.String && to.Kind == types.Decimal:
		call = decFn(to, "Parse").Call(b(), jen.Lit(int(to.Scale)))
	case from.Kind == types.Float && to.Kind == types.Int:
		call = jen.Qual(pkgSQLFn, "FloatToInt").Call(x.V)
	case from.Kind == types.Float && to.Kind == types.Decimal:
		if to.IsWide() {
			call = jen.Qual(pkgDecimal, "FromFloat128").Call(x.V, jen.Lit(int(to.Scale)))
		} else {
			call = jen.Qual(pkgDecimal, "FromFloat64").Call(x.V, jen.Lit(int(to.Scale)))
		}
	case from.Kind == types.Int && to.Kind == types.Decimal:
		if to.IsWide() {
			call = jen.Qual(pkgDecimal, "FromInt128").Call(x.V, jen.Lit(int(to.Scale)))
		} else {
			call = jen.Qual(pkgDecimal, "FromInt64").Call(x.V, jen.Lit(int(to.Scale)))
		}
	case from.Kind == types.Decimal && to.Kind == types.Decimal && from.IsWide() && !to.IsWide():
		call = jen.Qual(pkgDecimal, "Narrow128").Call(x.V, jen.Lit(int(from.Scale)), jen.Lit(int(to.Scale)))
	case from.Kind == types.Decimal && to.Kind == types.Decimal:
		call = decFn(to, "Rescale").Call(widen(x.V, from, to), jen.Lit(int(from.Scale)), jen.Lit(int(to.Scale)))
	case from.Kind == types.Decimal && to.Kind == types.Int:
		call = jen.Qual(pkgDecimal, "ToInt64Trunc128").Call(x.V, jen.Lit(int(from.Scale)))
	default:
		panic("codegen: no CAST from " + from.String() + " to " + to.String())
	}
	// The result is nullable when the input is, or when TRY_CAST may fail.
	nullable := e.Try || x.OK != nil
	out, v, ok := g.declare(to, nullable)
	okv := "ok" + v
	var onFail jen.Code
	if e.Try {
		onFail = jen.Id(ok).Op("=").False()
	} else {
		reason := jen.Lit("cannot CAST ").Op("+")
		if from.Kind == types.String {
			reason = reason.Qual(pkgSQLFn, "Quote").Call(x.V)
		} else {
			reason = reason.Add(textOf(x.V, from))
		}
		onFail = g.fail(kindCast, jen.Add(reason).Op("+").Lit(" to "+castName(to)))
	}
	check := jen.If(jen.Op("!").Id(okv)).Block(onFail)
	if nullable {
		check = check.Else().Block(jen.Id(ok).Op("=").True())
	}
	body := []jen.Code{
		jen.Var().Id(okv).Bool(),
		jen.List(jen.Id(v), jen.Id(okv)).Op("=").Add(call),
		check,
	}
	g.add(ifValid(x.OK, body...)...)
	return out
}

func castName(t types.Type) string {
	if t.Kind == types.Int {
		return "INTEGER"
	}
	return t.String()
}

// textOf is the STRING form of a value (CAST to STRING, CONCAT).
func textOf(v jen.Code, t types.Type) jen.Code {
	switch t.Kind {
	case types.String:
		return v
	case types.Int, types.Interval:
		return jen.Qual(pkgSQLFn, "IntText").Call(v)
	case types.Float:
		return jen.Qual(pkgSQLFn, "FloatText").Call(v)
	case types.Bool:
		return jen.Qual(pkgSQLFn, "BoolText").Call(v)
	case types.Timestamp:
		return jen.Qual(pkgSQLFn, "TimestampText").Call(v)
	case types.Date:
		return jen.Qual(pkgSQLFn, "DateText").Call(v)
	case types.Decimal:
		if t.IsWide() {
			return jen.Qual(pkgSQLFn, "Decimal128Text").Call(v, jen.Lit(int(t.Scale)))
		}
		return jen.Qual(pkgSQLFn, "DecimalText").Call(v, jen.Lit(int(t.Scale)))
	case types.Array, types.Map:
		return containerText(v, t) // JSON, as sinks write it
	}
	panic("codegen: no text form of " + t.String())
}
