package codegen

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/velocsql/veloc/compiler/plan"
)

// An interval join (plan.IntervalJoin) reads both streams in process and
// takes their rows in event-time order, so the watermark (the smaller of
// the two sides' largest event times, minus 'watermark.max_out_of_orderness')
// advances as it would with both sides live. Each row is buffered by key
// (join.Buffer) and matched against the other side's buffer at once; a
// row leaves its buffer when the watermark passes its bound, and a LEFT,
// RIGHT or FULL join then writes it with NULLs if it never matched. So the
// state holds the rows of one interval (plus the out-of-orderness), not of
// the whole input.
//
//	read     merges the two inputs by event time
//	left     one left row: buffer, match, advance the watermark
//	right    one right row: the same from the other side
//	expire   take rows whose bound has passed out of the buffers
//	emit     WHERE and the output row for the current pair (emitFunc)

// leftColumn reads the current left row (field a). nullable is set where
// the row may be absent: the output of RIGHT and FULL joins.
func (g *jobGen) leftColumn(i int, nullable bool) val {
	v := val{V: jen.Id("j").Dot("a").Dot(g.inField[i])}
	colNull := g.job.Source.Schema.Columns[i].Nullable
	switch {
	case nullable && colNull:
		hit, ok := jen.Id("j").Dot("hitA"), jen.Id("j").Dot("a").Dot(g.inOK[i])
		v.OK = okList{Statement: jen.Parens(jen.Add(hit).Op("&&").Add(ok)), parts: []jen.Code{hit, ok}}
	case nullable:
		v.OK = jen.Id("j").Dot("hitA")
	case colNull:
		v.OK = jen.Id("j").Dot("a").Dot(g.inOK[i])
	}
	return v
}

// intervalTypes declares the key type and the fields of an interval join.
func (g *jobGen) intervalTypes() {
	ij := g.job.Interval
	var fs []jen.Code
	for i, x := range ij.LeftKey {
		fs = append(fs, jen.Id(fmt.Sprintf("k%d", i)).Add(goType(x.Type())))
	}
	key := g.id("Key")
	g.f.Commentf("%s is the key both sides of job %s's interval join are buffered by.", key, g.job.Name)
	g.f.Type().Id(key).Struct(fs...)
	right := g.slotRow(ij.Right).rowType
	g.extra = append(g.extra,
		jen.Id("a").Op("*").Id(g.inType).Comment("the current left row"),
		jen.Id("hitA").Bool().Comment("false while the left row is absent (RIGHT and FULL joins)"),
		jen.Id("nullA").Id(g.inType),
		jen.Id("bufL").Op("*").Qual(pkgJoin, "Buffer").Types(jen.Id(key), jen.Id(g.inType)).Comment("left rows within their bound"),
		jen.Id("bufR").Op("*").Qual(pkgJoin, "Buffer").Types(jen.Id(key), jen.Id(right)).Comment("right rows within their bound"),
		jen.Id("maxL").Op(",").Id("maxR").Int64().Comment("the largest event time of each side"),
		jen.Id("doneL").Op(",").Id("doneR").Bool().Comment("a side whose input has ended no longer holds the watermark back"),
		jen.Id("ooo").Int64().Comment("watermark.max_out_of_orderness in ms"),
	)
}

// readInterval generates read: the two inputs merged by event time.
func (g *jobGen) readInterval() {
	j := g.job
	ij := j.Interval
	right := g.slotRow(ij.Right)
	next := func(side, rd, batch, idx, done string) jen.Code {
		return jen.If(jen.Id(idx).Op("==").Len(jen.Id(batch)).Op("&&").Op("!").Id("j").Dot(done)).Block(
			jen.List(jen.Id("b"), jen.Id("ok")).Op(":=").Id(rd).Dot("Next").Call(jen.Id("j").Dot("ctx")),
			jen.If(jen.Op("!").Id("ok").Op("&&").Id("j").Dot("ctx").Dot("Err").Call().Op("!=").Nil()).Block(jen.Return(jen.Nil())),
			jen.List(jen.Id(batch), jen.Id(idx), jen.Id("j").Dot(done)).Op("=").List(jen.Id("b"), jen.Lit(0), jen.Op("!").Id("ok")),
			jen.Continue(),
		)
	}
	locL := jen.Qual(pkgApp, "Location").Values(jen.Dict{jen.Id("Source"): jen.Lit(j.Source.Name)})
	locR := jen.Qual(pkgApp, "Location").Values(jen.Dict{jen.Id("Source"): jen.Lit(ij.Source.Name)})
	body := []jen.Code{
		jen.Id("j").Dot("bufL").Op("=").Qual(pkgJoin, "NewBuffer").Types(jen.Id(g.id("Key")), jen.Id(g.inType)).Call(),
		jen.Id("j").Dot("bufR").Op("=").Qual(pkgJoin, "NewBuffer").Types(jen.Id(g.id("Key")), jen.Id(right.rowType)).Call(),
		jen.List(jen.Id("j").Dot("maxL"), jen.Id("j").Dot("maxR")).Op("=").List(jen.Qual("math", "MinInt64"), jen.Qual("math", "MinInt64")),
		jen.Id("j").Dot("ooo").Op("=").Id("j").Dot("env").Dot("Duration").Call(jen.Lit("watermark.max_out_of_orderness")).Dot("Milliseconds").Call(),
		jen.Id("rl").Op(":=").Qual(pkgApp, "Input").Index(jen.Id(g.inType)).Call(jen.Id("j").Dot("env"), jen.Lit(pipeName(j.Source.Producer))),
		jen.Id("rr").Op(":=").Qual(pkgApp, "Input").Index(jen.Id(right.rowType)).Call(jen.Id("j").Dot("env"), jen.Lit(pipeName(ij.Source.Producer))),
		jen.Var().Id("bl").Index().Id(g.inType),
		jen.Var().Id("br").Index().Id(right.rowType),
		jen.List(jen.Id("il"), jen.Id("ir")).Op(":=").List(jen.Lit(0), jen.Lit(0)),
		jen.For().Block(
			next("L", "rl", "bl", "il", "doneL"),
			next("R", "rr", "br", "ir", "doneR"),
			jen.Var().Id("takeL").Bool(),
			jen.Switch().Block(
				jen.Case(jen.Id("il").Op("<").Len(jen.Id("bl")).Op("&&").Id("ir").Op("<").Len(jen.Id("br"))).Block(
					jen.List(jen.Id("tl"), jen.Id("okl")).Op(":=").Id(g.id("TimeL")).Call(jen.Op("&").Id("bl").Index(jen.Id("il"))),
					jen.List(jen.Id("tr"), jen.Id("okr")).Op(":=").Id(g.id("TimeR")).Call(jen.Op("&").Id("br").Index(jen.Id("ir"))),
					jen.Id("takeL").Op("=").Op("!").Id("okl").Op("||").Id("okr").Op("&&").Id("tl").Op("<=").Id("tr")),
				jen.Case(jen.Id("il").Op("<").Len(jen.Id("bl"))).Block(jen.Id("takeL").Op("=").True()),
				jen.Case(jen.Id("ir").Op("<").Len(jen.Id("br"))).Block(jen.Id("takeL").Op("=").False()),
				jen.Default().Block(jen.Goto().Id("end")),
			),
			jen.Id("j").Dot("nIn").Op("++"),
			jen.If(jen.Id("takeL")).Block(
				jen.List(jen.Id("kind"), jen.Id("reason")).Op(":=").Id("j").Dot("left").Call(jen.Op("&").Id("bl").Index(jen.Id("il"))),
				jen.Id("il").Op("++"),
				handle(locL, jen.Nil()),
			).Else().Block(
				jen.List(jen.Id("kind"), jen.Id("reason")).Op(":=").Id("j").Dot("right").Call(jen.Op("&").Id("br").Index(jen.Id("ir"))),
				jen.Id("ir").Op("++"),
				handle(locR, jen.Nil()),
			),
			jen.If(jen.Id("j").Dot("stop")).Block(jen.Id("rl").Dot("Close").Call(), jen.Id("rr").Dot("Close").Call(), jen.Return(g.stopErr())),
			g.maybeFlush(),
		),
		jen.Id("end").Op(":"),
		jen.Comment("The end of both inputs: the watermark goes to +infinity and every buffered row expires."),
		jen.List(jen.Id("kind"), jen.Id("reason")).Op(":=").Id("j").Dot("expire").Call(jen.Qual("math", "MaxInt64")),
		handle(locL, jen.Nil()),
		jen.Id("j").Dot("env").Dot("Log").Dot("Info").Call(jen.Lit("interval join state"), jen.Lit("left_rows_peak"), jen.Id("j").Dot("bufL").Dot("Peak").Call(), jen.Lit("right_rows_peak"), jen.Id("j").Dot("bufR").Dot("Peak").Call()),
		jen.Return(jen.Nil()),
	}
	doc(g.f, "read reads the two sides of job %s's interval join in process, in event-time\norder, and expires every buffered row at the end of both inputs.", j.Name)
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("read").Params().Error().Block(body...)
}

// intervalFuncs generates the event-time readers, left, right, expire
// and emit of an interval join.
func (g *jobGen) intervalFuncs() {
	j := g.job
	ij := j.Interval
	right := g.slotRow(ij.Right)
	lt := ij.LeftTime.(*plan.Column)
	rt := ij.RightTime.(*plan.JoinColumn)
	timeFn := func(name, typ, field, ok string, null bool) {
		var ret jen.Code = jen.Return(jen.Id("r").Dot(field), jen.True())
		if null {
			ret = jen.Return(jen.Id("r").Dot(field), jen.Id("r").Dot(ok))
		}
		g.f.Commentf("%s is the event time of a row, and whether it has one.", name)
		g.f.Func().Id(name).Params(jen.Id("r").Op("*").Id(typ)).Params(jen.Int64(), jen.Bool()).Block(ret)
	}
	timeFn(g.id("TimeL"), g.inType, g.inField[lt.Index], g.inOK[lt.Index], j.Source.Schema.Columns[lt.Index].Nullable)
	timeFn(g.id("TimeR"), right.rowType, right.rowField[rt.Index], right.rowOK[rt.Index], j.Slots[ij.Right].Columns[rt.Index].Null)

	kind := ij.Kind.String()
	outerL := kind == "LEFT" || kind == "FULL"
	outerR := kind == "RIGHT" || kind == "FULL"
	m := fmt.Sprintf("m%d", ij.Right)
	hit := fmt.Sprintf("hit%d", ij.Right)
	null := fmt.Sprintf("null%d", ij.Right)
	setL := func(row jen.Code, present bool) jen.Code {
		return jen.List(jen.Id("j").Dot("a"), jen.Id("j").Dot("hitA")).Op("=").List(row, jen.Lit(present))
	}
	setR := func(row jen.Code, present bool) jen.Code {
		return jen.List(jen.Id("j").Dot(m), jen.Id("j").Dot(hit)).Op("=").List(row, jen.Lit(present))
	}
	onFn := func() *exprGen {
		return &exprGen{fn: &funcGen{job: g, column: func(i int) val { return g.leftColumn(i, false) }, system: g.system}}
	}
	// side generates left or right.
	side := func(name string, isLeft bool) {
		ex := onFn()
		typ, timeOf, keys, buf, other, lo, hi := g.inType, g.id("TimeL"), ij.LeftKey, "bufL", "bufR", ij.Lo, ij.Hi
		if !isLeft {
			typ, timeOf, keys, buf, other, lo, hi = right.rowType, g.id("TimeR"), ij.RightKey, "bufR", "bufL", -ij.Hi, -ij.Lo
		}
		self, otherSet := setL, setR
		maxField, outer := "maxL", outerL
		if !isLeft {
			self, otherSet, maxField, outer = setR, setL, "maxR", outerR
		}
		ex.add(jen.List(jen.Id("t"), jen.Id("ok")).Op(":=").Id(timeOf).Call(jen.Id("r")),
			jen.If(jen.Op("!").Id("ok")).Block(ex.fail(kindParse, jen.Lit("the event time is NULL"))),
			jen.Id("j").Dot(maxField).Op("=").Max(jen.Id("j").Dot(maxField), jen.Id("t")),
			self(jen.Id("r"), true))
		key := jen.Dict{}
		var oks []jen.Code
		for i, x := range keys {
			v := ex.expr(x)
			key[jen.Id(fmt.Sprintf("k%d", i))] = v.V
			oks = append(oks, v.OK)
		}
		match := ex.sub()
		match.add(
			jen.Id("e").Op(":=").Id("j").Dot(buf).Dot("Add").Call(jen.Id(g.id("Key")).Values(key), jen.Id("t"), jen.Id("r")),
			self(jen.Op("&").Id("e").Dot("Row"), true))
		loop := match.sub()
		loop.add(jen.If(jen.Id("o").Dot("TS").Op("<").Qual(pkgJoin, "AddSat").Call(jen.Id("t"), jen.Lit(lo)).Op("||").Id("o").Dot("TS").Op(">").Qual(pkgJoin, "AddSat").Call(jen.Id("t"), jen.Lit(hi))).Block(jen.Continue()),
			otherSet(jen.Op("&").Id("o").Dot("Row"), true))
		loop.add(jen.Comment("ON " + plan.String(ij.On)))
		v := loop.expr(ij.On)
		cond := jen.Op("!").Add(v.V)
		if v.OK != nil {
			cond = notOK(v.OK).Op("||").Op("!").Add(v.V)
		}
		loop.add(jen.If(cond).Block(jen.Continue()),
			jen.List(jen.Id("e").Dot("Matched"), jen.Id("o").Dot("Matched")).Op("=").List(jen.True(), jen.True()))
		callStage(loop, "emit")
		match.add(jen.For(jen.List(jen.Id("_"), jen.Id("o")).Op(":=").Range().Id("j").Dot(other).Dot("Lookup").Call(jen.Id(g.id("Key")).Values(key))).Block(loop.stmts...))
		if ok := okAnd(oks...); ok != nil {
			var unmatched []jen.Code
			if outer {
				// A NULL key matches nothing: an outer side writes its row now.
				if isLeft {
					unmatched = []jen.Code{setR(jen.Op("&").Id("j").Dot(null), false)}
				} else {
					unmatched = []jen.Code{setL(jen.Op("&").Id("j").Dot("nullA"), false)}
				}
				tmp := ex.sub()
				callStage(tmp, "emit")
				unmatched = append(unmatched, tmp.stmts...)
			}
			st := jen.If(ok).Block(match.stmts...)
			if len(unmatched) > 0 {
				st = st.Else().Block(unmatched...)
			}
			ex.add(st)
		} else {
			ex.add(match.stmts...)
		}
		ex.add(jen.Return(jen.Id("j").Dot("advance").Call()))
		doc(g.f, "%s takes one %s row: it is buffered, written with every buffered row of the\nother side it matches, and the watermark advances.", name, name)
		g.method(name, []jen.Code{jen.Id("r").Op("*").Id(typ)}, ex.stmts)
	}
	side("left", true)
	side("right", false)

	g.f.Comment("advance moves the watermark to the smaller of the two sides' largest event")
	g.f.Comment("times (a side whose input ended counts as +infinity) minus the out-of-orderness.")
	g.method("advance", nil, []jen.Code{
		jen.List(jen.Id("l"), jen.Id("r")).Op(":=").List(jen.Id("j").Dot("maxL"), jen.Id("j").Dot("maxR")),
		jen.If(jen.Id("j").Dot("doneL")).Block(jen.Id("l").Op("=").Qual("math", "MaxInt64")),
		jen.If(jen.Id("j").Dot("doneR")).Block(jen.Id("r").Op("=").Qual("math", "MaxInt64")),
		jen.Id("wm").Op(":=").Min(jen.Id("l"), jen.Id("r")),
		jen.If(jen.Id("wm").Op("==").Qual("math", "MinInt64")).Block(jen.Return(jen.Lit(""), jen.Lit(""))),
		jen.If(jen.Id("wm").Op("!=").Qual("math", "MaxInt64")).Block(jen.Id("wm").Op("=").Qual(pkgJoin, "AddSat").Call(jen.Id("wm"), jen.Op("-").Id("j").Dot("ooo"))),
		jen.Return(jen.Id("j").Dot("expire").Call(jen.Id("wm"))),
	})

	expireSide := func(buf string, limit jen.Code, outer bool, set func(row jen.Code, present bool) jen.Code, clearOther jen.Code) jen.Code {
		var body []jen.Code
		if outer {
			tmp := onFn()
			callStage(tmp, "emit")
			body = append(body, jen.If(jen.Op("!").Id("e").Dot("Matched")).Block(append([]jen.Code{set(jen.Op("&").Id("e").Dot("Row"), true), clearOther}, tmp.stmts...)...))
		}
		return jen.For(jen.Id("e").Op(":=").Id("j").Dot(buf).Dot("Expire").Call(limit), jen.Id("e").Op("!=").Nil(), jen.Id("e").Op("=").Id("j").Dot(buf).Dot("Expire").Call(limit)).Block(body...)
	}
	limL := jen.Id("limL")
	limR := jen.Id("limR")
	g.f.Comment("expire takes out of the buffers the rows that no row at or after the watermark")
	g.f.Comment("can match, writing the unmatched ones of an outer side with NULLs.")
	g.method("expire", []jen.Code{jen.Id("wm").Int64()}, []jen.Code{
		jen.List(limL, limR).Op(":=").List(jen.Qual(pkgJoin, "AddSat").Call(jen.Id("wm"), jen.Lit(-ij.Hi)), jen.Qual(pkgJoin, "AddSat").Call(jen.Id("wm"), jen.Lit(ij.Lo))),
		jen.If(jen.Id("wm").Op("==").Qual("math", "MaxInt64")).Block(jen.List(limL, limR).Op("=").List(jen.Id("wm"), jen.Id("wm"))),
		expireSide("bufL", limL, outerL, setL, setR(jen.Op("&").Id("j").Dot(null), false)),
		expireSide("bufR", limR, outerR, setR, setL(jen.Op("&").Id("j").Dot("nullA"), false)),
		jen.Return(jen.Lit(""), jen.Lit("")),
	})
	before, after := splitWhere(j.Where)
	g.emitFunc(append(before, after...))
}
