package codegen

import (
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/velocsql/veloc/compiler"
	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/types"
	"github.com/velocsql/veloc/parser/ast"
)

// callGen generates one registered function. args are already generated;
// e is the call for types.
type callGen func(g *exprGen, e *plan.Call, args []val) val

// calls maps the functions of the compiler's registry that are not a plain
// call of their Function.Go to their generators. TestEveryFunctionHasCode
// checks that every function has one or the other. It is filled in init
// because generators call back into expression generation.
var calls map[string]callGen

func init() {
	calls = map[string]callGen{
		"TRIM":      trimCall("Trim", "TrimChars"),
		"LTRIM":     trimCall("TrimLeft", "TrimLeftChars"),
		"RTRIM":     trimCall("TrimRight", "TrimRightChars"),
		"SUBSTRING": substringCall,
		"CONCAT":    concatCall,
		"ABS":       absCall,
		"SIGN":      signCall,
		"ROUND":     roundingCall("Round"),
		"CEIL":      roundingCall("Ceil"),
		"FLOOR":     roundingCall("Floor"),
		"TRUNC":     roundingCall("Trunc"),
		"MOD":       modCall,
		"LEAST":     extremeCall("<"),
		"GREATEST":  extremeCall(">"),
		"COALESCE":  coalesceCall,
		"IFNULL":    coalesceCall,
		"NULLIF":    nullifCall,
	}
}

// nullAware are the functions that look at NULL arguments themselves;
// every other function is NULL when an argument is (dialect.md).
var nullAware = map[string]bool{"CONCAT": true, "COALESCE": true, "IFNULL": true, "NULLIF": true, "LEAST": true, "GREATEST": true}

// generator returns the generator of a registered function.
func generator(name string) (callGen, bool) {
	if gen, ok := calls[name]; ok {
		return gen, true
	}
	f, ok := compiler.LookupFunction(name)
	if !ok || f.Go == "" {
		return nil, false
	}
	return runtimeCall(f), true
}

func (g *exprGen) call(e *plan.Call) val {
	gen, ok := generator(e.Name)
	if !ok {
		panic("codegen: no code for function " + e.Name) // TestEveryFunctionHasCode guards this
	}
	args := make([]val, len(e.Args))
	for i, a := range e.Args {
		args[i] = g.expr(a)
	}
	if nullAware[e.Name] {
		return gen(g, e, args)
	}
	var oks []jen.Code
	for _, a := range args {
		oks = append(oks, a.OK)
	}
	valid := okAnd(oks...)
	if valid == nil {
		return gen(g, e, args)
	}
	// NULL in, NULL out: evaluate only when every argument is valid, so a
	// function never sees the zero value standing in for a NULL (and a
	// fallible one never fails on it).
	res, v, okName := g.declare(e.T, true)
	body := g.sub()
	out := gen(body, e, args)
	body.add(jen.Id(v).Op("=").Add(out.V), jen.Id(okName).Op("=").Add(okAndOrTrue(out.OK, nil)))
	g.add(jen.If(valid).Block(body.stmts...))
	return res
}

// runtimeCall generates a plain call of f.Go.
func runtimeCall(f *compiler.Function) callGen {
	pkg, name, _ := strings.Cut(f.Go, ".")
	switch pkg {
	case "sqlfn":
		pkg = pkgSQLFn
	case "math", "strings":
	default:
		panic("codegen: function " + f.Name + " names Go function " + f.Go + " in an unknown package")
	}
	return func(g *exprGen, e *plan.Call, args []val) val {
		vs := make([]jen.Code, len(args))
		for i, a := range args {
			vs[i] = a.V
		}
		call := jen.Qual(pkg, name).Call(vs...)
		switch f.Returns {
		case compiler.ValueOK:
			out, v, ok := g.declare(e.T, true)
			g.add(jen.List(jen.Id(v), jen.Id(ok)).Op("=").Add(call))
			return out
		case compiler.ValueErr:
			out, v, _ := g.declare(e.T, false)
			errName := v + "err"
			g.add(jen.Var().Id(errName).Error(),
				jen.List(jen.Id(v), jen.Id(errName)).Op("=").Add(call),
				jen.If(jen.Id(errName).Op("!=").Nil()).Block(g.fail(kindFunction, jen.Id(errName).Dot("Error").Call())))
			return out
		}
		return val{V: call}
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
			jen.If(jen.Op("!").Id("ok"+v)).Block(g.fail(kindOverflow, jen.Lit("integer overflow in ABS"))))
		return out
	}
	out, v, _ := g.declare(e.T, false)
	g.add(jen.List(jen.Id(v), jen.Id("ok"+v)).Op(":=").Add(decFn(e.T, "Abs")).Call(x.V),
		jen.If(jen.Op("!").Id("ok"+v)).Block(g.fail(kindOverflow, jen.Lit("decimal overflow in ABS"))))
	return out
}

// signCall generates SIGN: INTEGER for INTEGER and DECIMAL, FLOAT for FLOAT.
func signCall(g *exprGen, e *plan.Call, args []val) val {
	x, t := args[0], e.Args[0].Type()
	switch {
	case t.Kind == types.Float:
		return val{V: jen.Qual(pkgSQLFn, "SignFloat").Call(x.V)}
	case t.Kind == types.Decimal && t.IsWide():
		return val{V: jen.Add(x.V).Dot("Sign").Call()}
	}
	return val{V: jen.Qual(pkgSQLFn, "SignInt").Call(x.V)}
}

// roundingCall generates ROUND, CEIL, FLOOR and TRUNC for each numeric type.
// ROUND and TRUNC take an optional constant digits argument, which may be
// negative (ROUND(1250, -2) is 1300).
func roundingCall(name string) callGen {
	return func(g *exprGen, e *plan.Call, args []val) val {
		x, t := args[0], e.Args[0].Type()
		digits := jen.Code(jen.Lit(0))
		if len(args) == 2 {
			digits = jen.Int().Call(args[1].V)
		}
		withDigits := name == "Round" || name == "Trunc"
		switch t.Kind {
		case types.Int:
			if len(args) < 2 {
				return val{V: x.V}
			}
			// Digits < 0 round the integer as a DECIMAL(18,0) mantissa.
			t = types.DecimalOf(18, 0)
		case types.Float:
			switch name {
			case "Round":
				return val{V: jen.Qual(pkgSQLFn, "RoundFloat").Call(x.V, jen.Int64().Call(digits))}
			case "Trunc":
				return val{V: jen.Qual(pkgSQLFn, "TruncFloat").Call(x.V, jen.Int64().Call(digits))}
			}
			return val{V: jen.Qual("math", name).Call(x.V)}
		}
		scale := jen.Lit(int(t.Scale))
		rt := e.T
		if rt.Kind == types.Int {
			rt = t
		}
		m := widen(x.V, t, rt)
		switch {
		case name == "Round":
			out, v, _ := g.declare(e.T, false)
			g.add(jen.List(jen.Id(v), jen.Id("ok"+v)).Op(":=").Add(decFn(rt, "Round")).Call(m, scale, digits),
				jen.If(jen.Op("!").Id("ok"+v)).Block(g.fail(kindOverflow, jen.Lit("decimal overflow in ROUND"))))
			return out
		case withDigits:
			return val{V: decFn(rt, name).Call(m, scale, digits)}
		}
		return val{V: decFn(rt, name).Call(m, scale)}
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
