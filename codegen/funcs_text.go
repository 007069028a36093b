package codegen

import (
	"go/constant"

	"github.com/dave/jennifer/jen"

	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/types"
)

// Generators of the string, regular expression, JSON path and header
// functions. A constant pattern or path is compiled once into a
// package-level variable; one read from the data goes through a
// per-call-site cache, and one that does not compile makes the record an
// error record.

func init() {
	calls["UPPER"] = intoCall("UpperInto")
	calls["LOWER"] = intoCall("LowerInto")
	calls["POSITION"] = positionCall
	calls["LPAD"] = padCall("Lpad")
	calls["RPAD"] = padCall("Rpad")
	calls["JOIN"] = joinCall
	calls["REGEXP"] = regexpCall
	calls["REGEXP_REPLACE"] = regexpCall
	calls["REGEXP_EXTRACT"] = regexpCall
	calls["JSON_VALUE"] = jsonCall("Value")
	calls["JSON_EXTRACT"] = jsonCall("Extract")
	calls["JSON_QUERY"] = jsonCall("Query")
	calls["JSON_EXISTS"] = jsonCall("Exists")
	calls["HEADER"] = headerCall
	calls["HAS_HEADER"] = headerCall
	calls["HEADER_KEYS"] = headerCall
	calls["SET_HEADER"] = headerCall
	calls["REMOVE_HEADER"] = headerCall
	nullAware["JOIN"] = true
	nullAware["SET_HEADER"] = true
}

// intoCall generates a string function that writes its result into a
// scratch buffer of the job, one per call site, instead of allocating a
// string per record; the result lives until the call site runs again,
// like an input column's text.
func intoCall(fn string) callGen {
	return func(g *exprGen, e *plan.Call, args []val) val {
		buf := g.fn.job.field("scratch", jen.Index().Byte(), e.Name+"'s result, valid until the next record")
		return val{V: jen.Qual(pkgSQLFn, fn).Call(jen.Op("&").Id("j").Dot(buf), args[0].V)}
	}
}

func positionCall(g *exprGen, e *plan.Call, args []val) val {
	if len(args) == 3 {
		return val{V: jen.Qual(pkgSQLFn, "PositionFrom").Call(args[0].V, args[1].V, args[2].V)}
	}
	return val{V: jen.Qual(pkgSQLFn, "Position").Call(args[0].V, args[1].V)}
}

func padCall(fn string) callGen {
	return func(g *exprGen, e *plan.Call, args []val) val {
		fill := jen.Code(jen.Lit(" "))
		if len(args) == 3 {
			fill = args[2].V
		}
		return g.fallible(e.T, jen.Qual(pkgSQLFn, fn).Call(args[0].V, args[1].V, fill), e.Name)
	}
}

// fallible generates `v, err := call` and makes the record an error
// record of kind "function" when err is not nil.
func (g *exprGen) fallible(t types.Type, call jen.Code, name string) val {
	out, v, _ := g.declare(t, false)
	errv := v + "err"
	g.add(jen.Var().Id(errv).Error(),
		jen.List(jen.Id(v), jen.Id(errv)).Op("=").Add(call),
		jen.If(jen.Id(errv).Op("!=").Nil()).Block(g.fail(kindFunction, jen.Lit(name+": ").Op("+").Id(errv).Dot("Error").Call())))
	return out
}

// joinCall is JOIN(sep, a, ...): the non-NULL parts as text, joined by sep.
func joinCall(g *exprGen, e *plan.Call, args []val) val {
	parts, _ := g.fn.temp()
	g.add(jen.Var().Id(parts).Index(jen.Lit(len(args)-1)).String(), jen.Id("n"+parts).Op(":=").Lit(0))
	for i, a := range args[1:] {
		if e.Args[i+1].Type().Kind == types.Null {
			continue
		}
		set := []jen.Code{
			jen.Id(parts).Index(jen.Id("n" + parts)).Op("=").Add(textOf(a.V, e.Args[i+1].Type())),
			jen.Id("n" + parts).Op("++"),
		}
		g.add(ifValid(a.OK, set...)...)
	}
	join := jen.Qual(pkgSQLFn, "Join").Call(args[0].V, jen.Id(parts).Index(jen.Empty(), jen.Id("n"+parts)).Op("..."))
	if args[0].OK == nil {
		return val{V: join}
	}
	out, v, ok := g.declare(e.T, true)
	g.add(jen.If(args[0].OK).Block(jen.Id(v).Op("=").Add(join), jen.Id(ok).Op("=").True()))
	return out
}

// compiled returns the Go value of a pattern or path argument: a
// package-level compiled value for a constant, else a cache lookup whose
// failure makes the record an error record.
func (g *exprGen) compiled(e *plan.Call, kind string, consts []plan.Expr, vals []val, compile, cacheType string) jen.Code {
	allConst := true
	var lits []jen.Code
	for _, c := range consts {
		lit, ok := c.(*plan.Literal)
		if !ok || lit.Val == nil {
			allConst = false
			break
		}
		lits = append(lits, jen.Lit(constant.StringVal(lit.Val)))
	}
	if allConst {
		return jen.Id(g.fn.job.global(kind, jen.Qual(pkgSQLFn, compile).Call(lits...)))
	}
	cache := g.fn.job.global(kind+"Cache", typeCode{jen.Qual(pkgSQLFn, cacheType)})
	args := make([]jen.Code, len(vals))
	for i, v := range vals {
		args[i] = v.V
	}
	re, _ := g.fn.temp()
	g.add(jen.List(jen.Id(re), jen.Id(re+"err")).Op(":=").Id(cache).Dot("Get").Call(args...),
		jen.If(jen.Id(re+"err").Op("!=").Nil()).Block(g.fail(kindFunction, jen.Lit(e.Name+": ").Op("+").Id(re+"err").Dot("Error").Call())))
	return jen.Id(re)
}

// regexpCall generates REGEXP, REGEXP_REPLACE and REGEXP_EXTRACT.
func regexpCall(g *exprGen, e *plan.Call, args []val) val {
	consts := []plan.Expr{e.Args[1], &plan.Literal{Val: constant.MakeString(""), T: types.StringType}}
	vals := []val{args[1], {V: jen.Lit("")}}
	if e.Name == "REGEXP_REPLACE" && len(args) == 4 {
		consts[1], vals[1] = e.Args[3], args[3]
	}
	re := g.compiled(e, "Regexp", consts, vals, "MustCompileRegexp", "RegexpCache")
	switch e.Name {
	case "REGEXP":
		return val{V: jen.Add(re).Dot("Match").Call(args[0].V)}
	case "REGEXP_REPLACE":
		return val{V: jen.Add(re).Dot("Replace").Call(args[0].V, args[2].V)}
	}
	group := jen.Code(jen.Lit(0))
	if len(args) == 3 {
		group = args[2].V
	}
	out, v, ok := g.declare(e.T, true)
	g.add(jen.List(jen.Id(v), jen.Id(ok)).Op("=").Add(re).Dot("Extract").Call(args[0].V, group))
	return out
}

// jsonCall generates the JSON path functions; each is NULL for a missing
// path or a malformed document.
func jsonCall(method string) callGen {
	return func(g *exprGen, e *plan.Call, args []val) val {
		path := g.compiled(e, "JSONPath", e.Args[1:2], args[1:2], "MustCompileJSONPath", "JSONPathCache")
		out, v, ok := g.declare(e.T, true)
		g.add(jen.List(jen.Id(v), jen.Id(ok)).Op("=").Add(path).Dot(method).Call(args[0].V))
		return out
	}
}

// headerCall generates the header functions over the job's current
// record headers (j.hdr), which file sources leave empty and Kafka
// sources fill.
func headerCall(g *exprGen, e *plan.Call, args []val) val {
	hdr := jen.Id("j").Dot("hdr")
	switch e.Name {
	case "HEADER":
		out, v, ok := g.declare(e.T, true)
		g.add(jen.List(jen.Id(v), jen.Id(ok)).Op("=").Add(hdr).Dot("Get").Call(args[0].V))
		return out
	case "HAS_HEADER":
		return val{V: jen.Add(hdr).Dot("Has").Call(args[0].V)}
	case "HEADER_KEYS":
		return val{V: jen.Add(hdr).Dot("Keys").Call()}
	case "REMOVE_HEADER":
		g.add(jen.Add(hdr).Dot("Remove").Call(args[0].V))
		return val{V: jen.Lit(""), OK: jen.False()}
	}
	// SET_HEADER(k, v) sets k to v's text and returns v; a NULL v removes k.
	k, x, t := args[0], args[1], e.Args[1].Type()
	set := []jen.Code{jen.Add(hdr).Dot("Set").Call(k.V, textOf(x.V, t))}
	if x.OK != nil {
		set = []jen.Code{jen.If(x.OK).Block(set...).Else().Block(jen.Add(hdr).Dot("Remove").Call(k.V))}
	}
	g.add(ifValid(k.OK, set...)...)
	return x
}
