package codegen

import (
	"fmt"
	"go/constant"

	"github.com/dave/jennifer/jen"

	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/schema"
	"github.com/velocsql/veloc/compiler/types"
)

// This file generates GROUP BY aggregation (dialect.md "Aggregation and
// emit modes"). Per job:
//
//	<job>Key   the group key: one typed field (and validity flag) per
//	           GROUP BY item, a comparable struct used as the map key
//	<job>Acc   a group's state: its key and, per aggregate, only the fields
//	           that aggregate needs (a count, a sum, a min, a sketch)
//	<job>Out   one output row of a group
//	process    decode → filter → key → fold the record into its group
//	result     a group's output row and HAVING, from its state
//	write      encode one output row
//	final      every group at the end of the input (EMIT FINAL), sorted
//	           by ORDER BY
//
// State is map[<job>Key]*<job>Acc: an existing group costs one map lookup
// and no allocation; a new group allocates its Acc once and clones the
// key's strings, which are views of the input until then.

const pkgAgg = "github.com/velocsql/veloc/runtime/agg"

// aggState is how one aggregate is kept: the fields of its state, how a
// record updates them, and how the value is computed from them.
type aggState struct {
	fields []jen.Code
	// apply updates the state; it cannot fail, so a record that fails
	// (in its arguments) leaves every aggregate as it was.
	apply func(ex *exprGen, args []val)
	// value computes the aggregate's value in result.
	value func(ex *exprGen) val
	// merge folds a worker's partial state (s) into the job's (a), for
	// aggregates whose result does not depend on the order of the rows;
	// nil for FIRST, LAST, STRING_AGG and COLLECT.
	merge func(ex *exprGen)
}

func srcField(i int, suffix string) *jen.Statement {
	return jen.Id("s").Dot(fmt.Sprintf("a%d%s", i, suffix))
}

func accField(i int, suffix string) *jen.Statement {
	return jen.Id("a").Dot(fmt.Sprintf("a%d%s", i, suffix))
}

// toFloat converts a numeric value to float64 for the statistics.
func toFloat(v jen.Code, t types.Type) jen.Code {
	switch t.Kind {
	case types.Int:
		return jen.Float64().Call(v)
	case types.Decimal:
		if t.IsWide() {
			return jen.Qual(pkgDecimal, "ToFloat128").Call(v, jen.Lit(int(t.Scale)))
		}
		return jen.Qual(pkgDecimal, "ToFloat64").Call(v, jen.Lit(int(t.Scale)))
	}
	return v
}

// keep returns v as stored beyond the record: strings are cloned.
func keep(v jen.Code, t types.Type) jen.Code {
	if t.Kind == types.String {
		return jen.Qual("strings", "Clone").Call(v)
	}
	return v
}

// floatConst returns a numeric literal argument's value.
func floatConst(e plan.Expr) float64 {
	lit := e.(*plan.Literal)
	f, _ := constant.Float64Val(constant.ToFloat(lit.Val))
	return f
}

// newAggState returns the state of aggregate i.
func (g *jobGen) newAggState(i int, c *plan.AggCall) aggState {
	f := func(suffix string) *jen.Statement { return accField(i, suffix) }
	name := func(suffix string) string { return fmt.Sprintf("a%d%s", i, suffix) }
	var t types.Type
	if len(c.Args) > 0 {
		t = c.Args[0].Type()
	}
	nullable := func(ex *exprGen, v jen.Code, ok jen.Code) val {
		if !c.Null {
			return val{V: v}
		}
		return val{V: v, OK: ok}
	}
	guarded := func(ex *exprGen, x val, body ...jen.Code) { ex.add(ifValid(x.OK, body...)...) }
	comment := plan.AggString(c)
	switch c.Name {
	case "COUNT":
		if c.Distinct {
			return aggState{
				fields: []jen.Code{jen.Id(name("")).Map(goType(t)).Struct().Comment(comment)},
				apply: func(ex *exprGen, args []val) {
					x := args[0]
					guarded(ex, x,
						jen.If(f("").Op("==").Nil()).Block(f("").Op("=").Map(goType(t)).Struct().Values()),
						jen.If(jen.List(jen.Id("_"), jen.Id("seen")).Op(":=").Add(f("")).Index(x.V), jen.Op("!").Id("seen")).Block(
							f("").Index(keep(x.V, t)).Op("=").Struct().Values()))
				},
				value: func(ex *exprGen) val { return val{V: jen.Int64().Call(jen.Len(f("")))} },
				merge: func(ex *exprGen) {
					ex.add(jen.If(f("").Op("==").Nil()).Block(f("").Op("=").Map(goType(t)).Struct().Values()),
						jen.For(jen.Id("v").Op(":=").Range().Add(srcField(i, ""))).Block(f("").Index(jen.Id("v")).Op("=").Struct().Values()))
				},
			}
		}
		return aggState{
			fields: []jen.Code{jen.Id(name("")).Int64().Comment(comment)},
			apply: func(ex *exprGen, args []val) {
				if c.Star {
					ex.add(f("").Op("++"))
					return
				}
				guarded(ex, args[0], f("").Op("++"))
			},
			value: func(ex *exprGen) val { return val{V: f("")} },
			merge: func(ex *exprGen) { ex.add(f("").Op("+=").Add(srcField(i, ""))) },
		}
	case "APPROX_COUNT_DISTINCT":
		return aggState{
			fields: []jen.Code{jen.Id(name("")).Qual(pkgAgg, "HLL").Comment(comment)},
			apply: func(ex *exprGen, args []val) {
				x := args[0]
				guarded(ex, x, f("").Dot("AddHash").Call(hashOf(x.V, t)))
			},
			value: func(ex *exprGen) val { return val{V: f("").Dot("Count").Call()} },
			merge: func(ex *exprGen) { ex.add(f("").Dot("Merge").Call(jen.Op("&").Add(srcField(i, "")))) },
		}
	case "SUM", "AVG":
		if c.Distinct {
			return g.distinctSumState(i, c, t)
		}
		if c.Name == "SUM" {
			return g.sumState(i, c, t)
		}
		return g.avgState(i, c, t)
	case "MIN", "MAX", "FIRST", "LAST":
		op := map[string]string{"MIN": "<", "MAX": ">"}[c.Name]
		return aggState{
			fields: []jen.Code{jen.Id(name("")).Add(goType(t)).Comment(comment), jen.Id(name("ok")).Bool(), jen.Id(name("set")).Bool()},
			apply: func(ex *exprGen, args []val) {
				x := args[0]
				set := []jen.Code{f("").Op("=").Add(keep(x.V, t)), f("ok").Op("=").True()}
				switch c.Name {
				case "FIRST", "LAST":
					// A NULL value counts (dialect.md): it is the first or last.
					okv := jen.Code(jen.True())
					if x.OK != nil {
						okv = x.OK
					}
					assign := []jen.Code{f("ok").Op("=").Add(okv), jen.If(okv).Block(f("").Op("=").Add(keep(x.V, t))), f("set").Op("=").True()}
					if c.Name == "FIRST" {
						ex.add(jen.If(jen.Op("!").Add(f("set"))).Block(assign...))
					} else {
						ex.add(assign...)
					}
				default:
					better := ex.less(x.V, f(""), t, op)
					guarded(ex, x, jen.If(jen.Op("!").Add(f("ok")).Op("||").Add(better)).Block(set...))
				}
			},
			value: func(ex *exprGen) val { return nullable(ex, f(""), f("ok")) },
			merge: func() func(ex *exprGen) {
				if op == "" {
					return nil // FIRST and LAST depend on the order of the rows
				}
				return func(ex *exprGen) {
					ex.add(jen.If(srcField(i, "ok").Op("&&").Parens(jen.Op("!").Add(f("ok")).Op("||").Add(ex.less(srcField(i, ""), f(""), t, op)))).Block(
						f("").Op("=").Add(srcField(i, "")), f("ok").Op("=").True()))
				}
			}(),
		}
	case "DELTA":
		return g.deltaState(i, c, t)
	case "STRING_AGG":
		sep := ","
		if len(c.Args) == 2 {
			sep = constant.StringVal(c.Args[1].(*plan.Literal).Val)
		}
		return aggState{
			fields: []jen.Code{jen.Id(name("")).Index().Byte().Comment(comment), jen.Id(name("ok")).Bool()},
			apply: func(ex *exprGen, args []val) {
				x := args[0]
				guarded(ex, x,
					jen.If(f("ok")).Block(f("").Op("=").Append(f(""), jen.Lit(sep).Op("..."))),
					f("").Op("=").Append(f(""), jen.Add(x.V).Op("...")),
					f("ok").Op("=").True())
			},
			value: func(ex *exprGen) val { return nullable(ex, jen.Qual(pkgSQLFn, "View").Call(f("")), f("ok")) },
		}
	case "COLLECT":
		return aggState{
			fields: []jen.Code{jen.Id(name("")).Index().Add(goType(t)).Comment(comment)},
			apply: func(ex *exprGen, args []val) {
				x := args[0]
				guarded(ex, x, f("").Op("=").Append(f(""), keep(x.V, t)))
			},
			value: func(ex *exprGen) val { return val{V: f("")} },
		}
	case "MEDIAN", "PERCENTILE_CONT", "PERCENTILE_DISC":
		p := 0.5
		if len(c.Args) == 2 {
			p = floatConst(c.Args[1])
		}
		elem := jen.Float64()
		if c.Name == "PERCENTILE_DISC" {
			elem = goType(t).(*jen.Statement)
		}
		return aggState{
			fields: []jen.Code{jen.Id(name("")).Index().Add(elem).Comment(comment)},
			apply: func(ex *exprGen, args []val) {
				x := args[0]
				v := toFloat(x.V, t)
				if c.Name == "PERCENTILE_DISC" {
					v = x.V
				}
				guarded(ex, x, f("").Op("=").Append(f(""), v))
			},
			value: func(ex *exprGen) val {
				fn := "PercentileCont"
				if c.Name == "PERCENTILE_DISC" {
					fn = "PercentileDisc"
				}
				out, v, ok := ex.declare(c.T, c.Null)
				body := []jen.Code{jen.Id(v).Op("=").Qual(pkgAgg, fn).Call(f(""), jen.Lit(p))}
				if c.Null {
					body = append(body, jen.Id(ok).Op("=").True())
				}
				ex.add(jen.If(jen.Len(f("")).Op(">").Lit(0)).Block(body...))
				return out
			},
			merge: func(ex *exprGen) { ex.add(f("").Op("=").Append(f(""), srcField(i, "").Op("..."))) },
		}
	case "STDDEV", "STDDEV_POP", "VARIANCE", "VAR_POP":
		method := map[string]string{"STDDEV": "StddevSamp", "STDDEV_POP": "StddevPop", "VARIANCE": "VarSamp", "VAR_POP": "VarPop"}[c.Name]
		return aggState{
			fields: []jen.Code{jen.Id(name("")).Qual(pkgAgg, "Moments").Comment(comment)},
			apply: func(ex *exprGen, args []val) {
				x := args[0]
				guarded(ex, x, f("").Dot("Add").Call(toFloat(x.V, t)))
			},
			value: func(ex *exprGen) val {
				out, v, ok := ex.declare(c.T, true)
				ex.add(jen.List(jen.Id(v), jen.Id(ok)).Op("=").Add(f("")).Dot(method).Call())
				return out
			},
			merge: func(ex *exprGen) { ex.add(f("").Dot("Merge").Call(jen.Op("&").Add(srcField(i, "")))) },
		}
	case "CORR", "COVAR_POP", "COVAR_SAMP", "REGR_SLOPE", "REGR_INTERCEPT", "REGR_R2":
		method := map[string]string{"CORR": "Corr", "COVAR_POP": "CovarPop", "COVAR_SAMP": "CovarSamp",
			"REGR_SLOPE": "RegrSlope", "REGR_INTERCEPT": "RegrIntercept", "REGR_R2": "RegrR2"}[c.Name]
		tx := c.Args[1].Type()
		return aggState{
			fields: []jen.Code{jen.Id(name("")).Qual(pkgAgg, "CoMoments").Comment(comment)},
			apply: func(ex *exprGen, args []val) {
				y, x := args[0], args[1]
				ex.add(ifValid(okAnd(y.OK, x.OK), f("").Dot("Add").Call(toFloat(y.V, t), toFloat(x.V, tx)))...)
			},
			value: func(ex *exprGen) val {
				out, v, ok := ex.declare(c.T, true)
				ex.add(jen.List(jen.Id(v), jen.Id(ok)).Op("=").Add(f("")).Dot(method).Call())
				return out
			},
			merge: func(ex *exprGen) { ex.add(f("").Dot("Merge").Call(jen.Op("&").Add(srcField(i, "")))) },
		}
	}
	panic("codegen: no code for aggregate " + c.Name)
}

// hashOf hashes a value for APPROX_COUNT_DISTINCT.
func hashOf(v jen.Code, t types.Type) jen.Code {
	switch t.Kind {
	case types.String:
		return jen.Qual(pkgAgg, "HashString").Call(v)
	case types.Float:
		return jen.Qual(pkgAgg, "HashFloat64").Call(v)
	case types.Decimal:
		if t.IsWide() {
			return jen.Qual(pkgAgg, "HashInt64").Call(jen.Add(v).Dot("Lo").Op("^").Uint64().Call(jen.Add(v).Dot("Hi")).Op("*").Lit(uint64(0x9E3779B97F4A7C15)))
		}
		return jen.Qual(pkgAgg, "HashInt64").Call(v)
	case types.Bool:
		return jen.Qual(pkgAgg, "HashInt64").Call(jen.Int64().Call(jen.Qual(pkgSQLFn, "BoolInt").Call(v)))
	case types.Date:
		return jen.Qual(pkgAgg, "HashInt64").Call(jen.Int64().Call(v))
	}
	return jen.Qual(pkgAgg, "HashInt64").Call(v)
}

// sumState is SUM. INTEGER and DECIMAL sums are kept exactly in a wide
// accumulator, so partial sums merge and the order of the rows does not
// matter; an INTEGER sum that does not fit INTEGER when the group is
// emitted is an error record (the emitted row's), never a wrapped value.
// A DECIMAL sum is DECIMAL(38, s). FLOAT adds.
func (g *jobGen) sumState(i int, c *plan.AggCall, t types.Type) aggState {
	f := func(suffix string) *jen.Statement { return accField(i, suffix) }
	name := fmt.Sprintf("a%d", i)
	comment := plan.AggString(c)
	var acc jen.Code
	switch {
	case t.Kind == types.Float:
		acc = jen.Float64()
	case t.Kind == types.Decimal && t.IsWide():
		acc = jen.Qual(pkgDecimal, "Sum128")
	default:
		acc = jen.Qual(pkgDecimal, "Sum64")
	}
	st := aggState{
		fields: []jen.Code{jen.Id(name).Add(acc).Comment(comment), jen.Id(name + "ok").Bool()},
		apply: func(ex *exprGen, args []val) {
			add := f("").Dot("Add").Call(args[0].V)
			if t.Kind == types.Float {
				add = f("").Op("+=").Add(args[0].V)
			}
			ex.add(ifValid(args[0].OK, add, f("ok").Op("=").True())...)
		},
		merge: func(ex *exprGen) {
			m := f("").Dot("Merge").Call(jen.Op("&").Add(srcField(i, "")))
			if t.Kind == types.Float {
				m = f("").Op("+=").Add(srcField(i, ""))
			}
			ex.add(m, f("ok").Op("=").Add(f("ok")).Op("||").Add(srcField(i, "ok")))
		},
	}
	st.value = func(ex *exprGen) val {
		if t.Kind == types.Float {
			if c.Null {
				return val{V: f(""), OK: f("ok")}
			}
			return val{V: f("")}
		}
		out, v, ok := ex.declare(c.T, c.Null)
		fits := v + "fits"
		switch {
		case t.Kind == types.Int:
			ex.add(jen.Var().Id(fits).Bool(),
				jen.List(jen.Id(v), jen.Id(fits)).Op("=").Add(f("")).Dot("Value").Call().Dot("Fits64").Call(),
				jen.If(jen.Op("!").Id(fits)).Block(ex.fail(kindOverflow, jen.Lit("integer overflow in "+comment))))
		case t.IsWide():
			ex.add(jen.Var().Id(fits).Bool(),
				jen.List(jen.Id(v), jen.Id(fits)).Op("=").Add(f("")).Dot("Value").Call(),
				jen.If(jen.Op("!").Id(fits)).Block(ex.fail(kindOverflow, jen.Lit("decimal overflow in "+comment))))
		default:
			ex.add(jen.Id(v).Op("=").Add(f("")).Dot("Value").Call())
		}
		if c.Null {
			ex.add(jen.Id(ok).Op("=").Add(f("ok")))
		}
		return out
	}
	return st
}

// distinctSumState is SUM(DISTINCT x) and AVG(DISTINCT x): the set of
// distinct values, summed when the group is emitted (so partial sets
// merge by union).
func (g *jobGen) distinctSumState(i int, c *plan.AggCall, t types.Type) aggState {
	f := func(suffix string) *jen.Statement { return accField(i, suffix) }
	name := fmt.Sprintf("a%d", i)
	comment := plan.AggString(c)
	set := jen.Map(goType(t)).Struct()
	return aggState{
		fields: []jen.Code{jen.Id(name).Add(set).Comment(comment)},
		apply: func(ex *exprGen, args []val) {
			x := args[0]
			ex.add(ifValid(x.OK,
				jen.If(f("").Op("==").Nil()).Block(f("").Op("=").Map(goType(t)).Struct().Values()),
				f("").Index(x.V).Op("=").Struct().Values())...)
		},
		merge: func(ex *exprGen) {
			ex.add(jen.If(f("").Op("==").Nil()).Block(f("").Op("=").Map(goType(t)).Struct().Values()),
				jen.For(jen.Id("v").Op(":=").Range().Add(srcField(i, ""))).Block(f("").Index(jen.Id("v")).Op("=").Struct().Values()))
		},
		value: func(ex *exprGen) val {
			out, v, ok := ex.declare(c.T, c.Null)
			sum := v + "sum"
			var acc jen.Code = jen.Float64()
			add := jen.Id(sum).Op("+=").Id("x")
			if t.Kind != types.Float {
				acc = jen.Qual(pkgDecimal, "Sum64")
				if t.IsWide() {
					acc = jen.Qual(pkgDecimal, "Sum128")
				}
				add = jen.Id(sum).Dot("Add").Call(jen.Id("x"))
			}
			body := []jen.Code{
				jen.Var().Id(sum).Add(acc),
				jen.For(jen.Id("x").Op(":=").Range().Add(f(""))).Block(add),
			}
			n := jen.Int64().Call(jen.Len(f("")))
			switch {
			case t.Kind == types.Float && c.Name == "SUM":
				body = append(body, jen.Id(v).Op("=").Id(sum))
			case t.Kind == types.Float:
				body = append(body, jen.Id(v).Op("=").Id(sum).Op("/").Float64().Call(n))
			case c.Name == "AVG" && t.Kind == types.Int:
				body = append(body, jen.Id(v).Op("=").Qual(pkgDecimal, "ToFloat128").Call(jen.Id(sum).Dot("Value").Call(), jen.Lit(0)).Op("/").Float64().Call(n))
			case c.Name == "SUM" && t.Kind == types.Int:
				body = append(body, jen.Var().Id(v+"fits").Bool(),
					jen.List(jen.Id(v), jen.Id(v+"fits")).Op("=").Id(sum).Dot("Value").Call().Dot("Fits64").Call(),
					jen.If(jen.Op("!").Id(v+"fits")).Block(ex.fail(kindOverflow, jen.Lit("integer overflow in "+comment))))
			default: // DECIMAL
				s := jen.Code(jen.Id(sum).Dot("Value").Call())
				if t.IsWide() {
					body = append(body, jen.List(jen.Id(v+"s"), jen.Id(v+"fits")).Op(":=").Id(sum).Dot("Value").Call(),
						jen.If(jen.Op("!").Id(v+"fits")).Block(ex.fail(kindOverflow, jen.Lit("decimal overflow in "+comment))))
					s = jen.Id(v + "s")
				}
				if c.Name == "SUM" {
					body = append(body, jen.Id(v).Op("=").Add(s))
				} else {
					body = append(body, jen.Var().Id(v+"avg").Bool(),
						jen.List(jen.Id(v), jen.Id(v+"avg")).Op("=").Qual(pkgDecimal, "Avg").Call(s, jen.Lit(int(t.Scale)), n, jen.Lit(int(c.T.Scale))),
						jen.If(jen.Op("!").Id(v+"avg")).Block(ex.fail(kindOverflow, jen.Lit("decimal overflow in "+comment))))
				}
			}
			if c.Null {
				body = append(body, jen.Id(ok).Op("=").True())
			}
			ex.add(jen.If(jen.Len(f("")).Op(">").Lit(0)).Block(body...))
			return out
		},
	}
}

// avgState is AVG: a sum and a count; INTEGER sums are exact (Sum64), the
// result FLOAT; a DECIMAL average is rounded to its scale.
func (g *jobGen) avgState(i int, c *plan.AggCall, t types.Type) aggState {
	f := func(suffix string) *jen.Statement { return accField(i, suffix) }
	name := fmt.Sprintf("a%d", i)
	comment := plan.AggString(c)
	var sum jen.Code
	switch {
	case t.Kind == types.Float:
		sum = jen.Float64()
	case t.IsWide():
		sum = jen.Qual(pkgDecimal, "Sum128")
	default:
		sum = jen.Qual(pkgDecimal, "Sum64")
	}
	st := aggState{
		fields: []jen.Code{jen.Id(name).Add(sum).Comment(comment), jen.Id(name + "n").Int64()},
		apply: func(ex *exprGen, args []val) {
			x := args[0]
			add := f("").Dot("Add").Call(x.V)
			if t.Kind == types.Float {
				add = f("").Op("+=").Add(x.V)
			}
			ex.add(ifValid(x.OK, add, f("n").Op("++"))...)
		},
		merge: func(ex *exprGen) {
			m := f("").Dot("Merge").Call(jen.Op("&").Add(srcField(i, "")))
			if t.Kind == types.Float {
				m = f("").Op("+=").Add(srcField(i, ""))
			}
			ex.add(m, f("n").Op("+=").Add(srcField(i, "n")))
		},
	}
	st.value = func(ex *exprGen) val {
		out, v, ok := ex.declare(c.T, c.Null)
		var body []jen.Code
		switch {
		case t.Kind == types.Float:
			body = []jen.Code{jen.Id(v).Op("=").Add(f("")).Op("/").Float64().Call(f("n"))}
		case t.Kind == types.Int:
			body = []jen.Code{jen.Id(v).Op("=").Qual(pkgDecimal, "ToFloat128").Call(f("").Dot("Value").Call(), jen.Lit(0)).Op("/").Float64().Call(f("n"))}
		default:
			s := jen.Code(f("").Dot("Value").Call())
			if t.IsWide() {
				body = append(body, jen.List(jen.Id(v+"s"), jen.Id(v+"fits")).Op(":=").Add(f("")).Dot("Value").Call(),
					jen.If(jen.Op("!").Id(v+"fits")).Block(ex.fail(kindOverflow, jen.Lit("decimal overflow in "+comment))))
				s = jen.Id(v + "s")
			}
			body = append(body,
				jen.Var().Id(v+"avg").Bool(),
				jen.List(jen.Id(v), jen.Id(v+"avg")).Op("=").Qual(pkgDecimal, "Avg").Call(s, jen.Lit(int(t.Scale)), f("n"), jen.Lit(int(c.T.Scale))),
				jen.If(jen.Op("!").Id(v+"avg")).Block(ex.fail(kindOverflow, jen.Lit("decimal overflow in "+comment))))
		}
		if c.Null {
			body = append(body, jen.Id(ok).Op("=").True())
		}
		ex.add(jen.If(f("n").Op(">").Lit(0)).Block(body...))
		return out
	}
	return st
}

// deltaState is DELTA: MAX − MIN, checked like the subtraction it is.
func (g *jobGen) deltaState(i int, c *plan.AggCall, t types.Type) aggState {
	f := func(suffix string) *jen.Statement { return accField(i, suffix) }
	name := fmt.Sprintf("a%d", i)
	comment := plan.AggString(c)
	return aggState{
		fields: []jen.Code{jen.Id(name + "min").Add(goType(t)).Comment(comment), jen.Id(name + "max").Add(goType(t)), jen.Id(name + "ok").Bool()},
		apply: func(ex *exprGen, args []val) {
			x := args[0]
			ex.add(ifValid(x.OK,
				jen.If(jen.Op("!").Add(f("ok")).Op("||").Add(ex.less(x.V, f("min"), t, "<"))).Block(f("min").Op("=").Add(x.V)),
				jen.If(jen.Op("!").Add(f("ok")).Op("||").Add(ex.less(x.V, f("max"), t, ">"))).Block(f("max").Op("=").Add(x.V)),
				f("ok").Op("=").True())...)
		},
		merge: func(ex *exprGen) {
			ex.add(jen.If(srcField(i, "ok")).Block(
				jen.If(jen.Op("!").Add(f("ok")).Op("||").Add(ex.less(srcField(i, "min"), f("min"), t, "<"))).Block(f("min").Op("=").Add(srcField(i, "min"))),
				jen.If(jen.Op("!").Add(f("ok")).Op("||").Add(ex.less(srcField(i, "max"), f("max"), t, ">"))).Block(f("max").Op("=").Add(srcField(i, "max"))),
				f("ok").Op("=").True()))
		},
		value: func(ex *exprGen) val {
			out, v, ok := ex.declare(c.T, c.Null)
			var body []jen.Code
			switch {
			case t.Kind == types.Float:
				body = []jen.Code{jen.Id(v).Op("=").Add(f("max")).Op("-").Add(f("min"))}
			default:
				fn := jen.Qual(pkgSQLFn, "SubInt")
				if t.Kind == types.Decimal {
					fn = decFn(t, "Sub")
				}
				body = []jen.Code{
					jen.Var().Id(v + "d").Bool(),
					jen.List(jen.Id(v), jen.Id(v+"d")).Op("=").Add(fn).Call(f("max"), f("min")),
					jen.If(jen.Op("!").Id(v + "d")).Block(ex.fail(kindOverflow, jen.Lit("overflow in "+comment))),
				}
			}
			if c.Null {
				body = append(body, jen.Id(ok).Op("=").True())
			}
			ex.add(jen.If(f("ok")).Block(body...))
			return out
		},
	}
}

// aggTypes declares the key, accumulator and output row types.
func (g *jobGen) aggTypes() {
	a := g.job.Agg
	var keys []jen.Code
	if w := a.Window; w != nil && w.Kind != plan.Session {
		keys = append(keys, jen.Id("ws").Int64().Comment("the window's start"))
	}
	for i, k := range a.Keys {
		keys = append(keys, jen.Id(fmt.Sprintf("k%d", i)).Add(goType(k.Type())).Comment(plan.String(k)))
		if k.Nullable() {
			keys = append(keys, jen.Id(fmt.Sprintf("k%dok", i)).Bool())
		}
	}
	g.f.Commentf("%s is a group's key in job %s: the GROUP BY values (NULL keys form one group).", g.id("Key"), g.job.Name)
	g.f.Type().Id(g.id("Key")).Struct(keys...)
	accs := []jen.Code{jen.Id("key").Id(g.id("Key"))}
	if parallel(g.job) {
		accs = append(accs, jen.Id("first").Int64().Comment("where the group first appeared: chunk<<32 | record"))
	}
	if w := a.Window; w != nil {
		accs = append(accs, jen.List(jen.Id("ws"), jen.Id("we")).Int64().Comment("the window: [ws, we)"))
		if w.Kind == plan.Session {
			accs = append(accs, jen.Id("dead").Bool().Comment("merged into another session, or closed"))
		}
	}
	for i, c := range a.Aggs {
		accs = append(accs, g.newAggState(i, c).fields...)
	}
	g.f.Commentf("%s is a group's state in job %s: only what its aggregates need.", g.id("Acc"), g.job.Name)
	g.f.Type().Id(g.id("Acc")).Struct(accs...)
	cols := outputColumns(g.job)
	g.outField, g.outOK = columnFields(outputNames(g.job))
	g.recordType(g.id("Out"), fmt.Sprintf("an output row of job %s.", g.job.Name), cols, nil, g.outField, g.outOK)
}

// aggregateRecord generates the aggregation part of process: the group
// key, the group, and the fold of the record into it.
func (g *jobGen) aggregateRecord(ex *exprGen) {
	a := g.job.Agg
	if a.Window != nil {
		g.windowRecord(ex)
		return
	}
	g.groupKey(ex)
	ex.add(jen.Id("a").Op(":=").Id("j").Dot("groups").Index(jen.Id("k")),
		jen.Id("fresh").Op(":=").Id("a").Op("==").Nil(),
		jen.If(jen.Id("fresh")).Block(jen.Id("a").Op("=").Op("&").Id(g.id("Acc")).Values()))
	states, args := g.aggArgs(ex)
	g.aggApply(ex, states, args)
	insert := g.cloneKey()
	if parallel(g.job) {
		insert = append(insert, jen.Id("a").Dot("first").Op("=").Int64().Call(jen.Id("j").Dot("seq")).Op("<<").Lit(32).Op("|").Int64().Call(jen.Id("j").Dot("nIn")))
	}
	insert = append(insert,
		jen.Id("a").Dot("key").Op("=").Id("k"),
		jen.If(jen.Id("j").Dot("groups").Op("==").Nil()).Block(jen.Id("j").Dot("groups").Op("=").Map(jen.Id(g.id("Key"))).Op("*").Id(g.id("Acc")).Values()),
		jen.Id("j").Dot("groups").Index(jen.Id("k")).Op("=").Id("a"),
		jen.Id("j").Dot("order").Op("=").Append(jen.Id("j").Dot("order"), jen.Id("a")))
	ex.add(jen.Comment("A new group keeps its key: clone the strings, which are views of the input."),
		jen.If(jen.Id("fresh")).Block(insert...))
	if a.Emit == plan.EmitChanges {
		ex.add(jen.Return(jen.Id("j").Dot("emit").Call(jen.Id("a"))))
		return
	}
	ex.add(jen.Return(jen.Lit(""), jen.Lit("")))
}

// groupKey generates the record's group key into k.
func (g *jobGen) groupKey(ex *exprGen) {
	ex.add(jen.Var().Id("k").Id(g.id("Key")))
	for i, k := range g.job.Agg.Keys {
		ex.add(jen.Commentf("key %d = %s", i, plan.String(k)))
		v := ex.expr(k)
		set := []jen.Code{jen.Id("k").Dot(fmt.Sprintf("k%d", i)).Op("=").Add(v.V)}
		if k.Nullable() {
			set = append(set, jen.Id("k").Dot(fmt.Sprintf("k%dok", i)).Op("=").True())
		}
		ex.add(ifValid(v.OK, set...)...)
	}
}

// cloneKey clones k's strings, which are views of the input until a new
// group keeps them.
func (g *jobGen) cloneKey() []jen.Code {
	var clone []jen.Code
	for i, k := range g.job.Agg.Keys {
		if k.Type().Kind == types.String {
			f := jen.Id("k").Dot(fmt.Sprintf("k%d", i))
			clone = append(clone, f.Clone().Op("=").Qual("strings", "Clone").Call(f))
		}
	}
	return clone
}

// aggArgs evaluates every aggregate's arguments (which may fail, before
// any state changes) and returns the states with their arguments.
func (g *jobGen) aggArgs(ex *exprGen) ([]aggState, [][]val) {
	a := g.job.Agg
	states := make([]aggState, len(a.Aggs))
	args := make([][]val, len(a.Aggs))
	for i, c := range a.Aggs {
		states[i] = g.newAggState(i, c)
		ex.add(jen.Comment(plan.AggString(c)))
		n := len(c.Args)
		switch c.Name {
		case "STRING_AGG", "PERCENTILE_CONT", "PERCENTILE_DISC":
			n = min(n, 1) // the separator and the fraction are constants
		}
		for _, x := range c.Args[:n] {
			args[i] = append(args[i], ex.expr(x))
		}
	}
	return states, args
}

// aggApply folds the evaluated arguments into the group a.
func (g *jobGen) aggApply(ex *exprGen, states []aggState, args [][]val) {
	for i := range states {
		states[i].apply(ex, args[i])
	}
}

// aggregateFuncs generates result, write, emit, final and less.
func (g *jobGen) aggregateFuncs() {
	j := g.job
	a := j.Agg
	acc, out := g.id("Acc"), g.id("Out")

	// result
	fn := &funcGen{job: g, failPrefix: []jen.Code{jen.False()}}
	ex := &exprGen{fn: fn}
	vals := make([]val, len(a.Aggs))
	for i, c := range a.Aggs {
		ex.add(jen.Commentf("agg %d = %s", i, plan.AggString(c)))
		vals[i] = g.newAggState(i, c).value(ex)
	}
	fn.aggValue = func(i int) val { return vals[i] }
	fn.groupKey = func(i int) val {
		v := val{V: jen.Id("a").Dot("key").Dot(fmt.Sprintf("k%d", i))}
		if a.Keys[i].Nullable() {
			v.OK = jen.Id("a").Dot("key").Dot(fmt.Sprintf("k%dok", i))
		}
		return v
	}
	if a.Having != nil {
		ex.add(jen.Comment("HAVING " + plan.String(a.Having)))
		filterCheck(ex, a.Having, jen.False(), jen.Lit(""), jen.Lit(""))
	}
	for i, o := range j.Outputs {
		ex.add(jen.Commentf("%s = %s", o.Name, plan.String(o.Expr)))
		v := ex.expr(o.Expr)
		set := []jen.Code{jen.Id("r").Dot(g.outField[i]).Op("=").Add(v.V)}
		if o.Expr.Nullable() {
			set = append(set, jen.Id("r").Dot(g.outOK[i]).Op("=").True())
		}
		ex.add(ifValid(v.OK, set...)...)
	}
	ex.add(jen.Return(jen.True(), jen.Lit(""), jen.Lit("")))
	doc(g.f, "result computes a group's output row into r; keep is false when HAVING\nrejects it, and reason is set when computing it fails.")
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("result").Params(jen.Id("a").Op("*").Id(acc), jen.Id("r").Op("*").Id(out)).Params(
		jen.Id("keep").Bool(), jen.Id("kind").String(), jen.Id("reason").String()).Block(ex.stmts...)

	// write
	wex := &exprGen{fn: &funcGen{job: g}}
	outs := make([]val, len(j.Outputs))
	for i, o := range j.Outputs {
		outs[i] = val{V: jen.Id("r").Dot(g.outField[i])}
		if o.Expr.Nullable() {
			outs[i].OK = jen.Id("r").Dot(g.outOK[i])
		}
	}
	g.writeOutputs(wex, outs)
	g.f.Comment("write encodes one output row.")
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("write").Params(jen.Id("r").Op("*").Id(out)).Block(wex.stmts...)

	// emit (EMIT CHANGES)
	if a.Emit == plan.EmitChanges {
		g.f.Comment("emit writes a group's new row after a record changed it (EMIT CHANGES).")
		g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("emit").Params(jen.Id("a").Op("*").Id(acc)).Params(
			jen.Id("kind").String(), jen.Id("reason").String()).Block(
			jen.Var().Id("r").Id(out),
			jen.List(jen.Id("keep"), jen.Id("kind"), jen.Id("reason")).Op(":=").Id("j").Dot("result").Call(jen.Id("a"), jen.Op("&").Id("r")),
			g.stampChanges(),
			jen.If(jen.Id("keep")).Block(jen.Id("j").Dot("write").Call(jen.Op("&").Id("r"))),
			jen.Return(jen.Id("kind"), jen.Id("reason")),
		)
	}

	if a.Window != nil {
		g.windowFuncs()
		if a.Window.Kind == plan.Session {
			g.mergeFuncs(false)
		}
		return
	}

	// final
	bad := jen.If(jen.Id("reason").Op("!=").Lit("")).Block(
		jen.If(jen.Err().Op(":=").Id("j").Dot("env").Dot("BadRecord").Call(
			jen.Qual(pkgApp, "Location").Values(jen.Dict{jen.Id("Source"): jen.Lit(j.Source.Name)}), jen.Id("kind"), jen.Id("reason"), jen.Nil()),
			jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Continue())
	var body []jen.Code
	if a.Emit == plan.EmitFinal {
		each := []jen.Code{
			jen.Var().Id("r").Id(out),
			jen.List(jen.Id("keep"), jen.Id("kind"), jen.Id("reason")).Op(":=").Id("j").Dot("result").Call(jen.Id("a"), jen.Op("&").Id("r")),
			bad,
			jen.If(jen.Op("!").Id("keep")).Block(jen.Continue()),
		}
		if len(a.OrderBy) > 0 {
			body = append(body, jen.Id("rows").Op(":=").Make(jen.Index().Id(out), jen.Lit(0), jen.Len(jen.Id("j").Dot("order"))))
			each = append(each, jen.Id("rows").Op("=").Append(jen.Id("rows"), jen.Id("r")))
			body = append(body, jen.For(jen.List(jen.Id("_"), jen.Id("a")).Op(":=").Range().Id("j").Dot("order")).Block(each...),
				jen.Qual("sort", "SliceStable").Call(jen.Id("rows"), jen.Func().Params(jen.Id("x"), jen.Id("y").Int()).Bool().Block(
					jen.Return(jen.Id("j").Dot("less").Call(jen.Op("&").Id("rows").Index(jen.Id("x")), jen.Op("&").Id("rows").Index(jen.Id("y")))))),
				jen.For(jen.Id("i").Op(":=").Range().Id("rows")).Block(
					jen.Id("j").Dot("write").Call(jen.Op("&").Id("rows").Index(jen.Id("i"))),
					jen.If(jen.Id("j").Dot("stop")).Block(jen.Break())))
			g.lessFunc()
		} else {
			each = append(each, jen.Id("j").Dot("write").Call(jen.Op("&").Id("r")), jen.If(jen.Id("j").Dot("stop")).Block(jen.Break()))
			body = append(body, jen.For(jen.List(jen.Id("_"), jen.Id("a")).Op(":=").Range().Id("j").Dot("order")).Block(each...))
		}
	}
	if parallel(j) {
		g.mergeFuncs(true)
	}
	body = append(body, jen.Return(jen.Nil()))
	doc(g.f, "final writes every group once at the end of the input (EMIT FINAL), in the\norder groups first appeared or by ORDER BY; for EMIT CHANGES it has nothing to do.")
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("final").Params().Error().Block(body...)
}

// mergeFuncs generates absorb and merge, which fold a worker's partial
// groups into the job's after a parallel read (see mergeable).
func (g *jobGen) mergeFuncs(absorb bool) {
	a := g.job.Agg
	ex := &exprGen{fn: &funcGen{job: g}}
	for i, c := range a.Aggs {
		ex.add(jen.Comment(plan.AggString(c)))
		g.newAggState(i, c).merge(ex)
	}
	if absorb {
		ex.add(jen.Id("a").Dot("first").Op("=").Min(jen.Id("a").Dot("first"), jen.Id("s").Dot("first")))
	}
	g.f.Comment("merge folds the partial state s of a group into a.")
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("merge").Params(jen.Id("a"), jen.Id("s").Op("*").Id(g.id("Acc"))).Block(ex.stmts...)
	if !absorb {
		return
	}
	g.f.Comment("absorb folds a worker's groups into the job's.")
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("absorb").Params(jen.Id("w").Op("*").Id(g.id("Job"))).Block(
		jen.For(jen.List(jen.Id("_"), jen.Id("s")).Op(":=").Range().Id("w").Dot("order")).Block(
			jen.If(jen.Id("a").Op(":=").Id("j").Dot("groups").Index(jen.Id("s").Dot("key")), jen.Id("a").Op("!=").Nil()).Block(
				jen.Id("j").Dot("merge").Call(jen.Id("a"), jen.Id("s")),
				jen.Continue()),
			jen.If(jen.Id("j").Dot("groups").Op("==").Nil()).Block(jen.Id("j").Dot("groups").Op("=").Map(jen.Id(g.id("Key"))).Op("*").Id(g.id("Acc")).Values()),
			jen.Id("j").Dot("groups").Index(jen.Id("s").Dot("key")).Op("=").Id("s"),
			jen.Id("j").Dot("order").Op("=").Append(jen.Id("j").Dot("order"), jen.Id("s"))),
	)
}

// lessFunc generates ORDER BY's comparison of two output rows: NULLs first
// ascending and last descending (dialect.md), strings by bytes.
func (g *jobGen) lessFunc() {
	j := g.job
	var body []jen.Code
	for _, o := range j.Agg.OrderBy {
		e := j.Outputs[o.Output].Expr
		t := e.Type()
		x, y := jen.Id("x").Dot(g.outField[o.Output]), jen.Id("y").Dot(g.outField[o.Output])
		op := "<"
		if o.Desc {
			op = ">"
		}
		cmp := []jen.Code{
			jen.If(jen.Op("!").Parens(jen.Add(x).Op("==").Add(y))).Block(jen.Return(lessOf(x, y, t, op))),
		}
		if e.Nullable() {
			xo, yo := jen.Id("x").Dot(g.outOK[o.Output]), jen.Id("y").Dot(g.outOK[o.Output])
			nullFirst := jen.Op("!").Add(xo)
			if o.Desc {
				nullFirst = jen.Add(xo)
			}
			body = append(body,
				jen.If(jen.Add(xo).Op("!=").Add(yo)).Block(jen.Return(nullFirst)),
				jen.If(xo).Block(cmp...))
		} else {
			body = append(body, cmp...)
		}
	}
	body = append(body, jen.Return(jen.False()))
	g.f.Comment("less orders two output rows by ORDER BY.")
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("less").Params(jen.Id("x"), jen.Id("y").Op("*").Id(g.id("Out"))).Bool().Block(body...)
}

// outputColumns describes a job's output columns as a record type.
func outputColumns(j *plan.Job) []schema.Column {
	cols := make([]schema.Column, len(j.Outputs))
	for i, o := range j.Outputs {
		cols[i] = schema.Column{Name: o.Name, Type: o.Expr.Type(), Nullable: o.Expr.Nullable()}
	}
	return cols
}

func outputNames(j *plan.Job) []string {
	names := make([]string, len(j.Outputs))
	for i, o := range j.Outputs {
		names[i] = o.Name
	}
	return names
}

// lessOf compares two values of type t with op ("<" or ">").
func lessOf(a, b jen.Code, t types.Type, op string) jen.Code {
	switch {
	case t.Kind == types.Decimal && t.IsWide():
		return jen.Qual(pkgDecimal, "Cmp128").Call(a, jen.Lit(int(t.Scale)), b, jen.Lit(int(t.Scale))).Op(op).Lit(0)
	case t.Kind == types.Bool:
		return jen.Qual(pkgSQLFn, "BoolInt").Call(a).Op(op).Qual(pkgSQLFn, "BoolInt").Call(b)
	}
	return jen.Add(a).Op(op).Add(b)
}
