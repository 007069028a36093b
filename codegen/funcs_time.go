package codegen

import (
	"go/constant"

	"github.com/dave/jennifer/jen"

	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/types"
	"github.com/velocsql/veloc/runtime/sqlfn"
)

// Generators of the date and time functions. Units are constants (the
// checker made sure), so each call compiles to one runtime function with
// the unit fixed; EXTRACT calls the unit's own function, which inlines.

func init() {
	calls["EXTRACT"] = extractCall
	calls["DATEDIFF"] = dateDiffCall
	calls["DATE_TRUNC"] = dateTruncCall
	calls["DATE_FORMAT"] = dateFormatCall
	calls["UNIX_TIMESTAMP"] = unixTimestampCall
	calls["FROM_UNIXTIME"] = fromUnixtimeCall
	calls["TUMBLE_START"] = tumbleCall("TumbleStart")
	calls["TUMBLE_END"] = tumbleCall("TumbleEnd")
	calls["PARSE_TIME"] = parseTimeCall
}

// parseTimeCall reads an event time in a strftime 'event.time.format'
// (an internal call the compiler makes, not a SQL function).
func parseTimeCall(g *exprGen, e *plan.Call, args []val) val {
	pattern := literalString(e.Args[1])
	name := g.fn.job.global("TimeParser", jen.Qual(pkgSQLFn, "MustCompileTimeParser").Call(jen.Lit(pattern)))
	out, v, _ := g.declare(e.T, false)
	okv := "ok" + v
	g.add(jen.Var().Id(okv).Bool(),
		jen.List(jen.Id(v), jen.Id(okv)).Op("=").Id(name).Dot("Parse").Call(args[0].V),
		jen.If(jen.Op("!").Id(okv)).Block(g.fail(kindParse, jen.Lit("cannot read ").Op("+").Qual(pkgSQLFn, "Quote").Call(args[0].V).Op("+").Lit(" as a time in the format "+pattern))))
	return out
}

// literalString returns a constant string argument the checker verified.
func literalString(e plan.Expr) string {
	return constant.StringVal(e.(*plan.Literal).Val)
}

// checked generates `v, ok := call` and makes the record an error record
// of kind with reason when ok is false.
func (g *exprGen) checked(t types.Type, call jen.Code, kind, reason string) val {
	out, v, _ := g.declare(t, false)
	okv := "ok" + v
	g.add(jen.Var().Id(okv).Bool(),
		jen.List(jen.Id(v), jen.Id(okv)).Op("=").Add(call),
		jen.If(jen.Op("!").Id(okv)).Block(g.fail(kind, jen.Lit(reason))))
	return out
}

func extractCall(g *exprGen, e *plan.Call, args []val) val {
	u, _ := sqlfn.ParseExtractUnit(literalString(e.Args[0]))
	return val{V: jen.Qual(pkgSQLFn, u.ExtractFunc()).Call(args[1].V)}
}

func dateDiffCall(g *exprGen, e *plan.Call, args []val) val {
	u, _ := sqlfn.ParseTimeUnit(literalString(e.Args[0]))
	call := jen.Qual(pkgSQLFn, "DateDiff").Call(jen.Qual(pkgSQLFn, u.GoName()), args[1].V, args[2].V)
	return g.checked(e.T, call, kindOverflow, "integer overflow in DATEDIFF")
}

func dateTruncCall(g *exprGen, e *plan.Call, args []val) val {
	u, _ := sqlfn.ParseTimeUnit(literalString(e.Args[0]))
	call := jen.Qual(pkgSQLFn, "DateTrunc").Call(jen.Qual(pkgSQLFn, u.GoName()), args[1].V)
	return g.checked(e.T, call, kindOverflow, "timestamp out of range in DATE_TRUNC")
}

// dateFormatCall compiles a constant format once at program start; a
// format read from the data goes through a per-call-site cache, and one
// that does not compile makes the record an error record.
func dateFormatCall(g *exprGen, e *plan.Call, args []val) val {
	if lit, ok := e.Args[1].(*plan.Literal); ok && lit.Val != nil {
		name := g.fn.job.global("DateFormat", jen.Qual(pkgSQLFn, "MustCompileDateFormat").Call(jen.Lit(constant.StringVal(lit.Val))))
		return val{V: jen.Id(name).Dot("Format").Call(args[0].V)}
	}
	cache := g.fn.job.global("DateFormatCache", typeCode{jen.Qual(pkgSQLFn, "DateFormatCache")})
	out, v, _ := g.declare(e.T, false)
	errv := v + "err"
	g.add(jen.Var().Id(errv).Error(),
		jen.List(jen.Id(v), jen.Id(errv)).Op("=").Id(cache).Dot("Format").Call(args[1].V, args[0].V),
		jen.If(jen.Id(errv).Op("!=").Nil()).Block(g.fail(kindFunction, jen.Lit("DATE_FORMAT: ").Op("+").Id(errv).Dot("Error").Call())))
	return out
}

func unixTimestampCall(g *exprGen, e *plan.Call, args []val) val {
	if len(args) == 0 {
		return val{V: jen.Qual(pkgSQLFn, "NowSeconds").Call()}
	}
	return val{V: jen.Qual(pkgSQLFn, "UnixTimestamp").Call(args[0].V)}
}

func fromUnixtimeCall(g *exprGen, e *plan.Call, args []val) val {
	fn := "FromUnixTime"
	if e.Args[0].Type().Kind == types.Float {
		fn = "FromUnixTimeFloat"
	}
	return g.checked(e.T, jen.Qual(pkgSQLFn, fn).Call(args[0].V), kindOverflow, "timestamp out of range in FROM_UNIXTIME")
}

func tumbleCall(fn string) callGen {
	return func(g *exprGen, e *plan.Call, args []val) val {
		return g.checked(e.T, jen.Qual(pkgSQLFn, fn).Call(args[0].V, args[1].V), kindOverflow, "timestamp out of range in "+e.Name)
	}
}
