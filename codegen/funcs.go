package codegen

import (
	"github.com/dave/jennifer/jen"

	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/types"
	"github.com/velocsql/veloc/parser/ast"
)

// callGen generates one registered function. args are already generated;
// e is the call for types.
type callGen func(g *exprGen, e *plan.Call, args []val) val

// calls maps every function of the compiler's registry to its generator.
// TestEveryFunctionHasCode checks that none is missing. It is filled in
// init because generators call back into expression generation.
var calls map[string]callGen

func init() {
	calls = map[string]callGen{
		"LENGTH":    simpleCall(pkgSQLFn, "Length"),
		"UPPER":     simpleCall("strings", "ToUpper"),
		"LOWER":     simpleCall("strings", "ToLower"),
		"TRIM":      trimCall("Trim", "TrimChars"),
		"LTRIM":     trimCall("TrimLeft", "TrimLeftChars"),
		"RTRIM":     trimCall("TrimRight", "TrimRightChars"),
		"REPLACE":   simpleCall(pkgSQLFn, "Replace"),
		"SUBSTRING": substringCall,
		"CONCAT":    concatCall,
		"ABS":       absCall,
		"ROUND":     roundingCall("Round"),
		"CEIL":      roundingCall("Ceil"),
		"FLOOR":     roundingCall("Floor"),
		"SQRT":      simpleCall("math", "Sqrt"),
		"POWER":     simpleCall("math", "Pow"),
		"MOD":       modCall,
		"LEAST":     extremeCall("<"),
		"GREATEST":  extremeCall(">"),
		"COALESCE":  coalesceCall,
		"IFNULL":    coalesceCall,
		"NULLIF":    nullifCall,
	}
}

func (g *exprGen) call(e *plan.Call) val {
	gen, ok := calls[e.Name]
	if !ok {
		panic("codegen: no code for function " + e.Name) // TestEveryFunctionHasCode guards this
	}
	// Functions that look at NULL arguments themselves get them unguarded.
	switch e.Name {
	case "CONCAT", "COALESCE", "IFNULL", "NULLIF", "LEAST", "GREATEST":
		args := make([]val, len(e.Args))
		for i, a := range e.Args {
			args[i] = g.expr(a)
		}
		return gen(g, e, args)
	}
	args := make([]val, len(e.Args))
	var oks []jen.Code
	for i, a := range e.Args {
		args[i] = g.expr(a)
		oks = append(oks, args[i].OK)
	}
	valid := okAnd(oks...)
	out := gen(g, e, args)
	if valid == nil {
		return out
	}
	// NULL in, NULL out: evaluate only when every argument is valid.
	res, v, okName := g.declare(e.T, true)
	g.add(jen.If(valid).Block(jen.Id(v).Op("=").Add(out.V), jen.Id(okName).Op("=").Add(okAndOrTrue(out.OK, nil))))
	return res
}

func simpleCall(pkg, name string) callGen {
	return func(g *exprGen, e *plan.Call, args []val) val {
		vs := make([]jen.Code, len(args))
		for i, a := range args {
			vs[i] = a.V
		}
		return val{V: jen.Qual(pkg, name).Call(vs...)}
	}
}

func trimCall(spaces, chars string) callGen {
	return func(g *exprGen, e *plan.Call, args []val) val {
		if len(args) == 1 {
			return val{V: jen.Qual(pkgSQLFn, spaces).Call(args[0].V)}
		}
		return val{V: jen.Qual(pkgSQLFn, chars).Call(args[0].V, args[1].V)}
	}
}

func substringCall(g *exprGen, e *plan.Call, args []val) val {
	if len(args) == 2 {
		return val{V: jen.Qual(pkgSQLFn, "Substring").Call(args[0].V, args[1].V, jen.Lit(0), jen.False())}
	}
	return val{V: jen.Qual(pkgSQLFn, "Substring").Call(args[0].V, args[1].V, args[2].V, jen.True())}
}

// concatCall joins its arguments as text; NULLs count as empty.
func concatCall(g *exprGen, e *plan.Call, args []val) val {
	var parts []jen.Code
	for i, a := range args {
		text := textOf(a.V, e.Args[i].Type())
		if e.Args[i].Type().Kind == types.Null {
			continue
		}
		if a.OK != nil {
			v, _ := g.fn.temp()
			g.add(jen.Id(v).Op(":=").Lit(""), jen.If(a.OK).Block(jen.Id(v).Op("=").Add(text)))
			text = jen.Id(v)
		}
		parts = append(parts, text)
	}
	if len(parts) == 0 {
		return val{V: jen.Lit("")}
	}
	s := jen.Add(parts[0])
	for _, p := range parts[1:] {
		s = s.Op("+").Add(p)
	}
	return val{V: s}
}

func absCall(g *exprGen, e *plan.Call, args []val) val {
	x := args[0]
	switch e.T.Kind {
	case types.Float:
		return val{V: jen.Qual("math", "Abs").Call(x.V)}
	case types.Int:
		out, v, _ := g.declare(e.T, false)
		g.add(jen.List(jen.Id(v), jen.Id("ok"+v)).Op(":=").Qual(pkgSQLFn, "AbsInt").Call(x.V),
			jen.If(jen.Op("!").Id("ok"+v)).Block(fail(kindOverflow, jen.Lit("integer overflow in ABS"))))
		return out
	}
	out, v, _ := g.declare(e.T, false)
	g.add(jen.List(jen.Id(v), jen.Id("ok"+v)).Op(":=").Add(decFn(e.T, "Abs")).Call(x.V),
		jen.If(jen.Op("!").Id("ok"+v)).Block(fail(kindOverflow, jen.Lit("decimal overflow in ABS"))))
	return out
}

// roundingCall generates ROUND, CEIL and FLOOR for each numeric type.
func roundingCall(name string) callGen {
	return func(g *exprGen, e *plan.Call, args []val) val {
		x, t := args[0], e.Args[0].Type()
		switch t.Kind {
		case types.Int:
			return val{V: x.V}
		case types.Float:
			if name == "Round" {
				d := jen.Code(jen.Lit(0))
				if len(args) == 2 {
					d = args[1].V
				}
				return val{V: jen.Qual(pkgSQLFn, "RoundFloat").Call(x.V, d)}
			}
			return val{V: jen.Qual("math", name).Call(x.V)}
		}
		scale := int(t.Scale)
		if name == "Round" {
			d := jen.Code(jen.Lit(0))
			if len(args) == 2 {
				d = jen.Int().Call(args[1].V)
			}
			out, v, _ := g.declare(e.T, false)
			g.add(jen.List(jen.Id(v), jen.Id("ok"+v)).Op(":=").Add(decFn(t, "Round")).Call(widen(x.V, t, e.T), jen.Lit(scale), d),
				jen.If(jen.Op("!").Id("ok"+v)).Block(fail(kindOverflow, jen.Lit("decimal overflow in ROUND"))))
			return out
		}
		return val{V: decFn(t, name).Call(x.V, jen.Lit(scale))}
	}
}

func modCall(g *exprGen, e *plan.Call, args []val) val {
	b := &plan.Binary{Op: ast.OpMod, X: e.Args[0], Y: e.Args[1], T: e.T, Null: e.Null, At: e.At}
	return g.binary(b)
}

// extremeCall generates LEAST (op "<") and GREATEST (op ">"), which skip
// NULL arguments and are NULL only when all are.
func extremeCall(op string) callGen {
	return func(g *exprGen, e *plan.Call, args []val) val {
		out, v, ok := g.declare(e.T, e.Null)
		have := ok
		if !e.Null {
			have = v + "have"
			g.add(jen.Var().Id(have).Bool())
		}
		for i, a := range args {
			// LEAST takes a when a < v, GREATEST when a > v.
			better := g.less(a.V, jen.Id(v), e.T, op)
			body := jen.If(jen.Op("!").Id(have).Op("||").Add(better)).Block(jen.Id(v).Op("=").Add(a.V), jen.Id(have).Op("=").True())
			if i == 0 {
				body = jen.If(jen.Op("!").Id(have)).Block(jen.Id(v).Op("=").Add(a.V), jen.Id(have).Op("=").True())
			}
			if a.OK != nil {
				g.add(jen.If(a.OK).Block(body))
			} else {
				g.add(body)
			}
		}
		return out
	}
}

// less compares a op b ("<" or ">") for ordered types.
func (g *exprGen) less(a, b jen.Code, t types.Type, op string) jen.Code {
	if t.Kind == types.Decimal && t.IsWide() {
		return jen.Qual(pkgDecimal, "Cmp128").Call(a, jen.Lit(int(t.Scale)), b, jen.Lit(int(t.Scale))).Op(op).Lit(0)
	}
	if t.Kind == types.Bool {
		return jen.Qual(pkgSQLFn, "BoolInt").Call(a).Op(op).Qual(pkgSQLFn, "BoolInt").Call(b)
	}
	return jen.Add(a).Op(op).Add(b)
}

// coalesceCall takes the first non-NULL argument.
func coalesceCall(g *exprGen, e *plan.Call, args []val) val {
	out, v, ok := g.declare(e.T, e.Null)
	// Build from the last argument backwards so later ones are evaluated
	// only when needed (they are plain operands here, already evaluated).
	var chain jen.Code
	for i := len(args) - 1; i >= 0; i-- {
		a := args[i]
		set := []jen.Code{jen.Id(v).Op("=").Add(a.V)}
		if e.Null {
			set = append(set, jen.Id(ok).Op("=").True())
		}
		if a.OK == nil {
			chain = jen.Block(set...)
			continue
		}
		stmt := jen.If(a.OK).Block(set...)
		if chain != nil {
			stmt = stmt.Else().Add(chain)
		}
		chain = stmt
	}
	g.add(chain)
	return out
}

// nullifCall is NULLIF(a, b): NULL when a = b, else a.
func nullifCall(g *exprGen, e *plan.Call, args []val) val {
	a := args[0]
	eq := g.compare(&plan.Binary{Op: ast.OpEq, X: e.Args[0], Y: e.Args[1], T: types.BoolType})
	out, v, ok := g.declare(e.T, true)
	take := jen.Op("!").Parens(okAndOrTrue(eq.OK, nil)).Op("||").Op("!").Add(eq.V)
	body := []jen.Code{jen.If(take).Block(jen.Id(v).Op("=").Add(a.V), jen.Id(ok).Op("=").True())}
	g.add(ifValid(a.OK, body...)...)
	return out
}
