package codegen

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/types"
)

// This file generates row windows (dialect.md "Row windows (OVER)"). The
// job keeps one state per partition (<job>Part), holding per call only
// what it needs: a counter (ROW_NUMBER), the last k values (LAG, bounded
// frames; runtime/window.Ring), a running aggregate's accumulator (the
// same state as GROUP BY's), the first value (FIRST_VALUE). Per record:
//
//	partition key → the partition → every call's value (<job>OverRow) →
//	the output row, or, with LEAD, the row waits in its partition until
//	the k-th later row of the partition gives it its LEAD values
//
// The end of the input writes the waiting rows with LEAD's default.

// overDelay returns how many later rows of its partition a row waits
// for before it is written: the largest LEAD offset or n FOLLOWING of the
// job (0: rows are written as they come).
func overDelay(o *plan.Over) int64 {
	var k int64
	for _, c := range o.Calls {
		if c.Name == "LEAD" {
			k = max(k, c.Offset)
		}
		k = max(k, c.Following)
	}
	return k
}

// following reports whether a job has a call with n FOLLOWING.
func following(o *plan.Over) bool {
	for _, c := range o.Calls {
		if c.Following > 0 {
			return true
		}
	}
	return false
}

// overArgType is the type of the values a call keeps: its first
// argument's, or BOOLEAN marks for COUNT(*).
func overArgType(c *plan.OverCall) types.Type {
	if len(c.Args) > 0 && c.Args[0] != nil {
		return c.Args[0].Type()
	}
	return types.BoolType
}

func overField(i int, suffix string) string { return fmt.Sprintf("o%d%s", i, suffix) }

// ranked reports whether a job has a call of the RANK family, which needs
// the partition's row count and the run of rows tied with the current one.
func ranked(o *plan.Over) bool {
	for _, c := range o.Calls {
		if isRank(c) {
			return true
		}
	}
	return false
}

func isRank(c *plan.OverCall) bool {
	switch c.Name {
	case "RANK", "DENSE_RANK", "PERCENT_RANK", "CUME_DIST", "NTILE":
		return true
	}
	return false
}

// overTypes declares the partition key, the partition state and the row
// of OVER values.
func (g *jobGen) overTypes() {
	o := g.job.Over
	var keys []jen.Code
	for i, p := range o.Partition {
		keys = append(keys, jen.Id(fmt.Sprintf("k%d", i)).Add(goType(p.Type())).Comment(plan.String(p)))
		if p.Nullable() {
			keys = append(keys, jen.Id(fmt.Sprintf("k%dok", i)).Bool())
		}
	}
	g.f.Commentf("%s is a partition's key in job %s (NULL keys form one partition).", g.id("PKey"), g.job.Name)
	g.f.Type().Id(g.id("PKey")).Struct(keys...)

	var vals []jen.Code
	for i, c := range o.Calls {
		vals = append(vals, jen.Id(overField(i, "")).Add(goType(c.T)).Comment(c.Name))
		if c.Null {
			vals = append(vals, jen.Id(overField(i, "ok")).Bool())
		}
	}
	g.f.Commentf("%s holds the OVER values of one row of job %s.", g.id("OverRow"), g.job.Name)
	g.f.Type().Id(g.id("OverRow")).Struct(vals...)

	var part []jen.Code
	if len(o.Order) > 0 {
		g.overOrderKey()
		part = append(part, jen.Id("ord").Id(g.id("OKey")).Comment("the last row's ORDER BY values"), jen.Id("ordSeen").Bool())
	}
	if ranked(o) {
		part = append(part,
			jen.Id("rows").Int64().Comment("rows so far"),
			jen.Id("ties").Int64().Comment("the last rows with the current ORDER BY values"),
			jen.Id("runs").Int64().Comment("distinct ORDER BY values so far"))
	}
	for i, c := range o.Calls {
		t := overArgType(c)
		ring := func() jen.Code {
			return jen.Id(overField(i, "")).Qual(pkgWindow, "Ring").Index(jen.Qual(pkgWindow, "Value").Index(goType(t)))
		}
		switch {
		case c.Following > 0 && c.Rows > 0:
			part = append(part, ring().(*jen.Statement).Comment(fmt.Sprintf("%s: the frame's rows, to the newest", c.Name)))
		case c.Following > 0 && c.Name == "LAST_VALUE":
			part = append(part, jen.Id(overField(i, "")).Add(goType(t)).Comment("LAST_VALUE: the newest row's"), jen.Id(overField(i, "ok")).Bool())
		case isRank(c):
			if c.Name == "DENSE_RANK" && c.Rows > 0 {
				part = append(part, jen.Id(overField(i, "")).Qual(pkgWindow, "Ring").Index(jen.Bool()).Comment("DENSE_RANK: whether each row of the frame starts a new value"),
					jen.Id(overField(i, "runs")).Int64())
			}
		case c.Name == "NTH_VALUE" && c.Rows == 0:
			part = append(part, jen.Id(overField(i, "")).Add(goType(t)), jen.Id(overField(i, "ok")).Bool(), jen.Id(overField(i, "n")).Int64())
		case c.Name == "ROW_NUMBER":
			part = append(part, jen.Id(overField(i, "")).Int64().Comment("ROW_NUMBER"))
		case c.Name == "LAG" || c.Rows > 0 && c.Agg == nil && c.Name != "LAST_VALUE" && c.Name != "LEAD":
			part = append(part, ring())
		case c.Name == "FIRST_VALUE":
			part = append(part, jen.Id(overField(i, "")).Add(goType(t)), jen.Id(overField(i, "ok")).Bool(), jen.Id(overField(i, "set")).Bool())
		case floatSum(c):
			part = append(part, jen.Id(overField(i, "")).Qual(pkgWindow, "FloatSum").Comment(c.Name+" over the last rows"))
		case c.Agg != nil && c.Agg.Star && c.Rows > 0: // COUNT(*): the frame's rows
			part = append(part, jen.Id(overField(i, "n")).Int64().Comment("COUNT(*): rows in the frame"))
		case slidingSum(c):
			part = append(part, ring())
			if c.Agg.Name != "COUNT" {
				part = append(part, jen.Id(overField(i, "sum")).Add(sumType(t)).Comment(c.Name+" over the last rows"))
			}
			part = append(part, jen.Id(overField(i, "n")).Int64().Comment("values in the frame"))
		case dequeExtreme(c):
			part = append(part, jen.Id(overField(i, "")).Qual(pkgWindow, "Extreme").Index(goType(t)).Comment(c.Name+" over the last rows"))
		case c.Agg != nil && c.Rows > 0:
			part = append(part, ring())
		case c.Agg != nil:
			part = append(part, g.newAggState(i, c.Agg).fields...)
		}
	}
	if overDelay(o) > 0 {
		part = append(part, jen.Id("pending").Index().Op("*").Id(g.id("Pending")).Comment("rows waiting for later rows (LEAD, FOLLOWING)"))
		g.f.Commentf("%s is a row waiting for the later rows of its partition (LEAD, FOLLOWING).", g.id("Pending"))
		g.f.Type().Id(g.id("Pending")).Struct(
			jen.Id("in").Id(g.inType).Comment("the input record, strings cloned"),
			jen.Id("o").Id(g.id("OverRow")),
			jen.Id("seen").Int64().Comment("later rows of the partition so far"),
			jen.Id("line").Int())
	}
	g.f.Commentf("%s is one partition's state in job %s.", g.id("Part"), g.job.Name)
	g.f.Type().Id(g.id("Part")).Struct(part...)
}

// overFields are the job fields of a row window.
func (g *jobGen) overFields() []jen.Code {
	fs := []jen.Code{jen.Id("parts").Map(jen.Id(g.id("PKey"))).Op("*").Id(g.id("Part")).Comment("the partitions, by key")}
	if overDelay(g.job.Over) > 0 {
		fs = append(fs,
			jen.Id("partOrder").Index().Op("*").Id(g.id("Part")).Comment("the partitions in the order they first appeared"),
			jen.Id("fatal").Error())
	}
	return fs
}

// overRecord generates the row-window part of process, after WHERE.
func (g *jobGen) overRecord(ex *exprGen) {
	j := g.job
	o := j.Over
	ex.add(jen.Var().Id("pk").Id(g.id("PKey")))
	for i, p := range o.Partition {
		v := ex.expr(p)
		set := []jen.Code{jen.Id("pk").Dot(fmt.Sprintf("k%d", i)).Op("=").Add(v.V)}
		if p.Nullable() {
			set = append(set, jen.Id("pk").Dot(fmt.Sprintf("k%dok", i)).Op("=").True())
		}
		ex.add(ifValid(v.OK, set...)...)
	}
	var clone []jen.Code
	for i, p := range o.Partition {
		if p.Type().Kind == types.String {
			f := jen.Id("pk").Dot(fmt.Sprintf("k%d", i))
			clone = append(clone, f.Clone().Op("=").Qual("strings", "Clone").Call(f))
		}
	}
	create := append(clone,
		jen.Id("a").Op("=").Op("&").Id(g.id("Part")).Values(),
		jen.If(jen.Id("j").Dot("parts").Op("==").Nil()).Block(jen.Id("j").Dot("parts").Op("=").Map(jen.Id(g.id("PKey"))).Op("*").Id(g.id("Part")).Values()),
		jen.Id("j").Dot("parts").Index(jen.Id("pk")).Op("=").Id("a"))
	if overDelay(o) > 0 {
		create = append(create, jen.Id("j").Dot("partOrder").Op("=").Append(jen.Id("j").Dot("partOrder"), jen.Id("a")))
	}
	ex.add(jen.Id("a").Op(":=").Id("j").Dot("parts").Index(jen.Id("pk")),
		jen.If(jen.Id("a").Op("==").Nil()).Block(create...),
		jen.Var().Id("o").Id(g.id("OverRow")))
	// Every call's arguments first (they may fail, before any state changes).
	args := make([][]val, len(o.Calls))
	for i, c := range o.Calls {
		for _, x := range c.Args {
			if x == nil {
				args[i] = append(args[i], val{})
				continue
			}
			args[i] = append(args[i], ex.expr(x))
		}
	}
	if len(o.Order) > 0 {
		g.overOrder(ex)
	}
	for i, c := range o.Calls {
		ex.add(jen.Commentf("over %d = %s", i, c.Name))
		g.overCall(ex, i, c, args[i])
	}
	k := overDelay(o)
	if k == 0 {
		ex.add(jen.Return(jen.Id("j").Dot("emitOver").Call(jen.Op("&").Id("o"))))
		return
	}
	// The waiting rows of the partition get this row's LEAD values, and
	// the values of the frames this row ends (FOLLOWING).
	var fill []jen.Code
	for i, c := range o.Calls {
		if c.Following > 0 {
			set := []jen.Code{jen.Id("q").Dot("o").Dot(overField(i, "")).Op("=").Id("o").Dot(overField(i, ""))}
			if c.Null {
				set = append(set, jen.Id("q").Dot("o").Dot(overField(i, "ok")).Op("=").Id("o").Dot(overField(i, "ok")))
			}
			fill = append(fill, jen.If(jen.Id("q").Dot("seen").Op("==").Lit(int(c.Following))).Block(set...))
			continue
		}
		if c.Name != "LEAD" {
			continue
		}
		x := args[i][0]
		set := []jen.Code{jen.Id("q").Dot("o").Dot(overField(i, "")).Op("=").Add(keep(x.V, c.T))}
		if c.Null {
			set = append(set, jen.Id("q").Dot("o").Dot(overField(i, "ok")).Op("=").Add(okAndOrTrue(x.OK, nil)))
		}
		fill = append(fill, jen.If(jen.Id("q").Dot("seen").Op("==").Lit(int(c.Offset))).Block(set...))
	}
	ex.add(jen.For(jen.List(jen.Id("_"), jen.Id("q")).Op(":=").Range().Id("a").Dot("pending")).Block(
		append([]jen.Code{jen.Id("q").Dot("seen").Op("++")}, fill...)...),
		jen.For(jen.Len(jen.Id("a").Dot("pending")).Op(">").Lit(0).Op("&&").Id("a").Dot("pending").Index(jen.Lit(0)).Dot("seen").Op(">=").Lit(int(k))).Block(
			jen.Id("q").Op(":=").Id("a").Dot("pending").Index(jen.Lit(0)),
			jen.Id("a").Dot("pending").Op("=").Id("a").Dot("pending").Index(jen.Lit(1), jen.Empty()),
			jen.If(jen.Err().Op(":=").Id("j").Dot("writePending").Call(jen.Id("q")), jen.Err().Op("!=").Nil()).Block(
				jen.List(jen.Id("j").Dot("fatal"), jen.Id("j").Dot("stop")).Op("=").List(jen.Err(), jen.True()),
				jen.Return(jen.Lit(""), jen.Lit(""))),
		),
		jen.Id("q").Op(":=").Op("&").Id(g.id("Pending")).Values(jen.Dict{jen.Id("in"): jen.Id("j").Dot("in"), jen.Id("o"): jen.Id("o"), jen.Id("line"): jen.Id("j").Dot("line")}),
	)
	for i, c := range g.job.Source.Schema.Columns {
		if j.Source.Producer == nil && j.Source.Used[i] && c.Type.Kind == types.String {
			f := jen.Id("q").Dot("in").Dot(g.inField[i])
			ex.add(f.Clone().Op("=").Qual("strings", "Clone").Call(f))
		}
	}
	ex.add(jen.Id("a").Dot("pending").Op("=").Append(jen.Id("a").Dot("pending"), jen.Id("q")),
		jen.Return(jen.Lit(""), jen.Lit("")))
}

// overCall computes call i's value into o for the current row, and
// updates the partition a.
func (g *jobGen) overCall(ex *exprGen, i int, c *plan.OverCall, args []val) {
	f := jen.Id("a").Dot(overField(i, ""))
	out := jen.Id("o").Dot(overField(i, ""))
	outOK := jen.Id("o").Dot(overField(i, "ok"))
	setOut := func(v, ok jen.Code) []jen.Code {
		s := []jen.Code{out.Clone().Op("=").Add(v)}
		if c.Null {
			if ok == nil {
				ok = jen.True()
			}
			s = append(s, outOK.Clone().Op("=").Add(ok))
		}
		return s
	}
	t := overArgType(c)
	x := val{V: jen.True()} // COUNT(*) keeps a mark per row
	if len(args) > 0 {
		x = args[0]
	}
	pushValue := func(size int64) jen.Code {
		return f.Clone().Dot("Push").Call(jen.Lit(int(size)), jen.Qual(pkgWindow, "Value").Index(goType(t)).Values(jen.Dict{
			jen.Id("V"): keep(x.V, t), jen.Id("OK"): okAndOrTrue(x.OK, nil)}))
	}
	switch {
	case c.Following > 0 && c.Rows > 0:
		ex.add(pushValue(c.Rows))
		g.frameValue(ex, i, c, jen.Lit(0), setOut)
	case c.Following > 0 && c.Name == "LAST_VALUE":
		ex.add(f.Clone().Op("=").Add(keep(x.V, t)), jen.Id("a").Dot(overField(i, "ok")).Op("=").Add(okAndOrTrue(x.OK, nil)))
		ex.add(setOut(x.V, x.OK)...)
	case isRank(c):
		g.rankCall(ex, i, c, setOut)
	case c.Name == "NTH_VALUE" && c.Rows == 0:
		ex.add(jen.Id("a").Dot(overField(i, "n")).Op("++"),
			jen.If(jen.Id("a").Dot(overField(i, "n")).Op("==").Lit(c.Offset)).Block(
				f.Clone().Op("=").Add(keep(x.V, t)),
				jen.Id("a").Dot(overField(i, "ok")).Op("=").Add(okAndOrTrue(x.OK, nil))))
		ex.add(setOut(f.Clone(), jen.Id("a").Dot(overField(i, "ok")))...)
	case c.Name == "NTH_VALUE":
		nth := fmt.Sprintf("nth%d", i)
		ex.add(pushValue(c.Rows),
			jen.If(f.Clone().Dot("Len").Call().Op(">=").Lit(int(c.Offset))).Block(
				append([]jen.Code{jen.Id(nth).Op(":=").Add(f.Clone()).Dot("At").Call(jen.Lit(int(c.Offset - 1)))},
					setOut(jen.Id(nth).Dot("V"), jen.Id(nth).Dot("OK"))...)...))
	case c.Name == "ROW_NUMBER":
		ex.add(f.Clone().Op("++"))
		ex.add(setOut(f.Clone(), nil)...)
	case c.Name == "LAG":
		def := []jen.Code{}
		if d := args[1]; d.V != nil {
			def = setOut(d.V, okAndOrTrue(d.OK, nil))
		}
		ex.add(jen.If(jen.Id("n").Op(":=").Add(f.Clone()).Dot("Len").Call(), jen.Id("n").Op(">=").Lit(int(c.Offset))).Block(
			append([]jen.Code{jen.Id("v").Op(":=").Add(f.Clone()).Dot("At").Call(jen.Id("n").Op("-").Lit(int(c.Offset)))},
				setOut(jen.Id("v").Dot("V"), jen.Id("v").Dot("OK"))...)...).Else().Block(def...),
			pushValue(c.Offset))
	case c.Name == "LEAD":
		// Filled by later rows; until then, the default.
		if d := args[1]; d.V != nil {
			ex.add(setOut(d.V, okAndOrTrue(d.OK, nil))...)
		}
	case c.Name == "LAST_VALUE":
		ex.add(setOut(x.V, x.OK)...)
	case c.Name == "FIRST_VALUE" && c.Rows == 0:
		ex.add(jen.If(jen.Op("!").Add(jen.Id("a").Dot(overField(i, "set")))).Block(
			f.Clone().Op("=").Add(keep(x.V, t)),
			jen.Id("a").Dot(overField(i, "ok")).Op("=").Add(okAndOrTrue(x.OK, nil)),
			jen.Id("a").Dot(overField(i, "set")).Op("=").True()))
		ex.add(setOut(f.Clone(), jen.Id("a").Dot(overField(i, "ok")))...)
	case c.Name == "FIRST_VALUE":
		first := fmt.Sprintf("first%d", i)
		ex.add(pushValue(c.Rows), jen.Id(first).Op(":=").Add(f.Clone()).Dot("At").Call(jen.Lit(0)))
		ex.add(setOut(jen.Id(first).Dot("V"), jen.Id(first).Dot("OK"))...)
	case c.Rows == 0: // a running aggregate: the GROUP BY state of the partition
		st := g.newAggState(i, c.Agg)
		st.apply(ex, args)
		v := st.value(ex)
		ex.add(setOut(v.V, v.OK)...)
	case c.Agg != nil && c.Agg.Star && c.Rows > 0:
		n := jen.Id("a").Dot(overField(i, "n"))
		ex.add(jen.If(n.Clone().Op("<").Lit(int(c.Rows))).Block(n.Clone().Op("++")))
		ex.add(setOut(n, nil)...)
	case floatSum(c):
		v, n := fmt.Sprintf("sum%d", i), fmt.Sprintf("n%d", i)
		res := jen.Id(v)
		if c.Agg.Name == "AVG" {
			res = jen.Id(v).Op("/").Float64().Call(jen.Id(n))
		}
		ex.add(f.Clone().Dot("Push").Call(jen.Lit(int(c.Rows)), x.V, okAndOrTrue(x.OK, nil)),
			jen.If(jen.List(jen.Id(v), jen.Id(n)).Op(":=").Add(f.Clone()).Dot("Sum").Call(), jen.Id(n).Op(">").Lit(0)).Block(setOut(res, nil)...))
	case slidingSum(c):
		g.slidingSum(ex, i, c, x, setOut)
	case dequeExtreme(c):
		ex.add(f.Clone().Dot("Push").Call(jen.Lit(c.Rows), keep(x.V, t), okAndOrTrue(x.OK, nil), jen.Lit(c.Agg.Name == "MAX")),
			jen.List(jen.Id(fmt.Sprintf("ext%d", i)), jen.Id(fmt.Sprintf("ext%dok", i))).Op(":=").Add(f.Clone()).Dot("Value").Call())
		ex.add(setOut(jen.Id(fmt.Sprintf("ext%d", i)), jen.Id(fmt.Sprintf("ext%dok", i)))...)
	default: // MIN or MAX of a type the deque does not take: a rescan
		ex.add(pushValue(c.Rows))
		g.frameValue(ex, i, c, jen.Lit(0), setOut)
	}
}

// dequeExtreme reports whether a call is MIN or MAX over a bounded frame
// of a type Go orders with <, kept with a monotonic deque (O(1) a row)
// rather than a rescan of the frame.
func dequeExtreme(c *plan.OverCall) bool {
	if c.Agg == nil || c.Rows == 0 || c.Agg.Name != "MIN" && c.Agg.Name != "MAX" {
		return false
	}
	switch t := overArgType(c); t.Kind {
	case types.Int, types.Float, types.String, types.Timestamp, types.Date:
		return true
	case types.Decimal:
		return !t.IsWide()
	}
	return false
}

// slidingSum reports whether a call is COUNT, or SUM or AVG of an exact
// type, over a bounded frame: kept as a running sum that adds the row
// entering the frame and subtracts the one leaving it (O(1) a row, and
// exact: an INTEGER or DECIMAL sum never rounds, so subtracting does not
// drift as a FLOAT sum would).
func slidingSum(c *plan.OverCall) bool {
	if c.Agg == nil || c.Rows == 0 {
		return false
	}
	switch c.Agg.Name {
	case "COUNT":
		return true
	case "SUM", "AVG":
		k := overArgType(c).Kind
		return k == types.Int || k == types.Decimal
	}
	return false
}

// floatSum reports whether a call is SUM or AVG of FLOAT over a bounded
// frame, kept in a window.FloatSum (O(1) a row, never subtracting).
func floatSum(c *plan.OverCall) bool {
	return c.Agg != nil && c.Rows > 0 && (c.Agg.Name == "SUM" || c.Agg.Name == "AVG") && overArgType(c).Kind == types.Float
}

// sumType is the exact accumulator of a sliding SUM or AVG of type t.
func sumType(t types.Type) jen.Code {
	if t.Kind == types.Decimal && t.IsWide() {
		return jen.Qual(pkgDecimal, "Sum128")
	}
	return jen.Qual(pkgDecimal, "Sum64")
}

// slidingSum generates a sliding COUNT, SUM or AVG: the frame's ring
// gives the value that leaves it.
func (g *jobGen) slidingSum(ex *exprGen, i int, c *plan.OverCall, x val, setOut func(v, ok jen.Code) []jen.Code) {
	t := overArgType(c)
	f := jen.Id("a").Dot(overField(i, ""))
	sum, n := jen.Id("a").Dot(overField(i, "sum")), jen.Id("a").Dot(overField(i, "n"))
	name := c.Agg.Name
	leave := []jen.Code{n.Clone().Op("--")}
	enter := []jen.Code{n.Clone().Op("++")}
	if name != "COUNT" {
		leave = append(leave, sum.Clone().Dot("Sub").Call(jen.Id("old").Dot("V")))
		enter = append(enter, sum.Clone().Dot("Add").Call(keep(x.V, t)))
	}
	ex.add(jen.If(jen.List(jen.Id("old"), jen.Id("dropped")).Op(":=").Add(f.Clone()).Dot("Push").Call(jen.Lit(int(c.Rows)),
		jen.Qual(pkgWindow, "Value").Index(goType(t)).Values(jen.Dict{jen.Id("V"): keep(x.V, t), jen.Id("OK"): okAndOrTrue(x.OK, nil)})),
		jen.Id("dropped").Op("&&").Id("old").Dot("OK")).Block(leave...))
	ex.add(ifValid(x.OK, enter...)...)
	if name == "COUNT" {
		ex.add(setOut(n.Clone(), nil)...)
		return
	}
	g.sumValue(ex, i, c, sum, n, setOut)
}

// sumValue sets SUM or AVG of INTEGER or DECIMAL values from their exact
// sum (a decimal.Sum64 or Sum128) and count n: NULL for no values, an
// error record when the result does not fit.
func (g *jobGen) sumValue(ex *exprGen, i int, c *plan.OverCall, sum, n *jen.Statement, setOut func(v, ok jen.Code) []jen.Code) {
	t := overArgType(c)
	name := c.Agg.Name
	what := plan.AggString(c.Agg) + " over its frame"
	v := fmt.Sprintf("sum%d", i)
	switch {
	case name == "SUM" && t.Kind == types.Int:
		ex.add(jen.If(n.Clone().Op(">").Lit(0)).Block(
			append([]jen.Code{jen.List(jen.Id(v), jen.Id("fits")).Op(":=").Add(sum.Clone()).Dot("Fits64").Call(),
				jen.If(jen.Op("!").Id("fits")).Block(ex.fail(kindOverflow, jen.Lit("integer overflow in "+what)))},
				setOut(jen.Id(v), nil)...)...))
	case name == "SUM" && t.IsWide():
		ex.add(jen.If(n.Clone().Op(">").Lit(0)).Block(
			append([]jen.Code{jen.List(jen.Id(v), jen.Id("fits")).Op(":=").Add(sum.Clone()).Dot("Value").Call(),
				jen.If(jen.Op("!").Id("fits")).Block(ex.fail(kindOverflow, jen.Lit("decimal overflow in "+what)))},
				setOut(jen.Id(v), nil)...)...))
	case name == "SUM":
		ex.add(jen.If(n.Clone().Op(">").Lit(0)).Block(setOut(sum.Clone().Dot("Value").Call(), nil)...))
	case t.Kind == types.Int: // AVG of INTEGER is FLOAT
		ex.add(jen.If(n.Clone().Op(">").Lit(0)).Block(setOut(
			jen.Qual(pkgDecimal, "ToFloat128").Call(sum.Clone().Dot("Value").Call(), jen.Lit(0)).Op("/").Float64().Call(n.Clone()), nil)...))
	default: // AVG of DECIMAL, rounded to its scale
		body := []jen.Code{}
		s := jen.Code(sum.Clone().Dot("Value").Call())
		if t.IsWide() {
			body = append(body, jen.List(jen.Id(v), jen.Id("fits")).Op(":=").Add(sum.Clone()).Dot("Value").Call(),
				jen.If(jen.Op("!").Id("fits")).Block(ex.fail(kindOverflow, jen.Lit("decimal overflow in "+what))))
			s = jen.Id(v)
		}
		body = append(body, jen.List(jen.Id(v+"avg"), jen.Id("fits")).Op(":=").Qual(pkgDecimal, "Avg").Call(s, jen.Lit(int(t.Scale)), n.Clone(), jen.Lit(int(c.T.Scale))),
			jen.If(jen.Op("!").Id("fits")).Block(ex.fail(kindOverflow, jen.Lit("decimal overflow in "+what))))
		body = append(body, setOut(jen.Id(v+"avg"), nil)...)
		ex.add(jen.If(n.Clone().Op(">").Lit(0)).Block(body...))
	}
}

// overFuncs generates emitOver (the output row of one input row) and,
// with LEAD, writePending and final.
func (g *jobGen) overFuncs() {
	j := g.job
	fn := &funcGen{job: g, column: g.inColumn, system: g.system}
	fn.overValue = func(i int) val {
		v := val{V: jen.Id("o").Dot(overField(i, ""))}
		if j.Over.Calls[i].Null {
			v.OK = jen.Id("o").Dot(overField(i, "ok"))
		}
		return v
	}
	ex := &exprGen{fn: fn}
	outs := make([]val, len(j.Outputs))
	for i, o := range j.Outputs {
		ex.add(jen.Commentf("%s = %s", o.Name, plan.String(o.Expr)))
		outs[i] = ex.expr(o.Expr)
	}
	g.writeOutputs(ex, outs)
	ex.add(jen.Return(jen.Lit(""), jen.Lit("")))
	g.f.Comment("emitOver computes and writes the output row of the current input record\nfrom its columns and its OVER values.")
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("emitOver").Params(jen.Id("o").Op("*").Id(g.id("OverRow"))).Params(
		jen.Id("kind").String(), jen.Id("reason").String()).Block(ex.stmts...)
	if overDelay(j.Over) == 0 {
		return
	}
	g.f.Comment("writePending writes a row that waited for its LEAD values.")
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("writePending").Params(jen.Id("q").Op("*").Id(g.id("Pending"))).Error().Block(
		jen.List(jen.Id("in"), jen.Id("line")).Op(":=").List(jen.Id("j").Dot("in"), jen.Id("j").Dot("line")),
		jen.List(jen.Id("j").Dot("in"), jen.Id("j").Dot("line")).Op("=").List(jen.Id("q").Dot("in"), jen.Id("q").Dot("line")),
		jen.List(jen.Id("kind"), jen.Id("reason")).Op(":=").Id("j").Dot("emitOver").Call(jen.Op("&").Id("q").Dot("o")),
		jen.List(jen.Id("j").Dot("in"), jen.Id("j").Dot("line")).Op("=").List(jen.Id("in"), jen.Id("line")),
		jen.If(jen.Id("reason").Op("!=").Lit("")).Block(jen.Return(jen.Id("j").Dot("env").Dot("BadRecord").Call(
			jen.Qual(pkgApp, "Location").Values(jen.Dict{jen.Id("Source"): jen.Lit(j.Source.Name), jen.Id("Line"): jen.Id("q").Dot("line")}), jen.Id("kind"), jen.Id("reason"), jen.Nil()))),
		jen.Return(jen.Nil()),
	)
	each := []jen.Code{
		jen.If(jen.Err().Op(":=").Id("j").Dot("writePending").Call(jen.Id("q")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.If(jen.Id("j").Dot("stop")).Block(jen.Return(jen.Nil())),
	}
	if following(j.Over) {
		g.cutFrames(fn)
		each = append([]jen.Code{
			jen.If(jen.List(jen.Id("kind"), jen.Id("reason")).Op(":=").Id("j").Dot("cutFrames").Call(jen.Id("a"), jen.Id("q")), jen.Id("reason").Op("!=").Lit("")).Block(
				jen.If(jen.Err().Op(":=").Id("j").Dot("env").Dot("BadRecord").Call(
					jen.Qual(pkgApp, "Location").Values(jen.Dict{jen.Id("Source"): jen.Lit(j.Source.Name), jen.Id("Line"): jen.Id("q").Dot("line")}), jen.Id("kind"), jen.Id("reason"), jen.Nil()),
					jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
				jen.Continue()),
		}, each...)
	}
	g.f.Comment("final writes the rows still waiting at the end of the input: LEAD's default,\nframes cut at the partition's last row.")
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("final").Params().Error().Block(
		jen.For(jen.List(jen.Id("_"), jen.Id("a")).Op(":=").Range().Id("j").Dot("partOrder")).Block(
			jen.For(jen.List(jen.Id("_"), jen.Id("q")).Op(":=").Range().Id("a").Dot("pending")).Block(each...),
			jen.Id("a").Dot("pending").Op("=").Nil()),
		jen.Return(jen.Nil()))
}

// cutFrames generates the values of a waiting row's FOLLOWING frames at
// the end of the input, when fewer rows followed it than the frames
// reach: each frame ends at the partition's last row.
func (g *jobGen) cutFrames(fn *funcGen) {
	ex := &exprGen{fn: fn}
	for i, c := range g.job.Over.Calls {
		if c.Following == 0 {
			continue
		}
		cut := ex.sub()
		out := jen.Id("q").Dot("o").Dot(overField(i, ""))
		setOut := func(v, ok jen.Code) []jen.Code {
			s := []jen.Code{out.Clone().Op("=").Add(v)}
			if c.Null {
				if ok == nil {
					ok = jen.True()
				}
				s = append(s, jen.Id("q").Dot("o").Dot(overField(i, "ok")).Op("=").Add(ok))
			}
			return s
		}
		switch {
		case c.Rows > 0:
			// The frame's rows: those before the row it kept, the row, and
			// the q.seen that followed.
			from := jen.Max(jen.Lit(0), jen.Id("a").Dot(overField(i, "")).Dot("Len").Call().Op("-").Parens(jen.Lit(int(c.Rows-c.Following)).Op("+").Int().Call(jen.Id("q").Dot("seen"))))
			g.frameValue(cut, i, c, from, setOut)
		case c.Name == "FIRST_VALUE":
			continue // the partition's first row: known when the row came
		case c.Name == "LAST_VALUE" || c.Name == "NTH_VALUE":
			cut.add(setOut(jen.Id("a").Dot(overField(i, "")), jen.Id("a").Dot(overField(i, "ok")))...)
		default: // a running aggregate: its value after the last row
			v := g.newAggState(i, c.Agg).value(cut)
			cut.add(setOut(v.V, v.OK)...)
		}
		reset := []jen.Code{}
		if c.Null {
			// Not the value of the frame ending at the row itself.
			reset = append(reset, jen.Id("q").Dot("o").Dot(overField(i, "ok")).Op("=").False())
		}
		ex.add(jen.Commentf("over %d = %s", i, c.Name), jen.If(jen.Id("q").Dot("seen").Op("<").Lit(int(c.Following))).Block(append(reset, cut.stmts...)...))
	}
	ex.add(jen.Return(jen.Lit(""), jen.Lit("")))
	g.f.Comment("cutFrames gives a row that waited for FOLLOWING rows that never came the values\nof its frames cut at the partition's last row.")
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("cutFrames").Params(jen.Id("a").Op("*").Id(g.id("Part")), jen.Id("q").Op("*").Id(g.id("Pending"))).Params(
		jen.Id("kind").String(), jen.Id("reason").String()).Block(ex.stmts...)
}

// overOrderKey declares the ORDER BY values of a row (<job>OKey) and
// their comparison, in the order the query names.
func (g *jobGen) overOrderKey() {
	o := g.job.Over
	var fields []jen.Code
	var body []jen.Code
	for i, x := range o.Order {
		f, fok := fmt.Sprintf("k%d", i), fmt.Sprintf("k%dok", i)
		t := x.X.Type()
		fields = append(fields, jen.Id(f).Add(goType(t)).Comment(plan.String(x.X)))
		before, after := jen.Lit(-1), jen.Lit(1)
		if x.Desc {
			before, after = after, before
		}
		cmp := jen.If(lessOf(jen.Id("k").Dot(f), jen.Id("l").Dot(f), t, "<")).Block(jen.Return(before)).Else().If(
			lessOf(jen.Id("k").Dot(f), jen.Id("l").Dot(f), t, ">")).Block(jen.Return(after))
		if !x.X.Nullable() {
			body = append(body, cmp)
			continue
		}
		fields = append(fields, jen.Id(fok).Bool())
		null := jen.Lit(-1) // k is NULL and l is not
		if !x.NullsFirst {
			null = jen.Lit(1)
		}
		body = append(body,
			jen.If(jen.Id("k").Dot(fok).Op("!=").Id("l").Dot(fok)).Block(
				jen.If(jen.Op("!").Id("k").Dot(fok)).Block(jen.Return(null)),
				jen.Return(jen.Op("-").Add(null))),
			jen.If(jen.Id("k").Dot(fok)).Block(cmp))
	}
	g.f.Commentf("%s is a row's ORDER BY values in job %s.", g.id("OKey"), g.job.Name)
	g.f.Type().Id(g.id("OKey")).Struct(fields...)
	g.f.Comment("cmp orders k before (-1) or after (1) l as the OVER's ORDER BY does, or 0 for ties.")
	g.f.Func().Params(jen.Id("k").Id(g.id("OKey"))).Id("cmp").Params(jen.Id("l").Id(g.id("OKey"))).Int().Block(
		append(body, jen.Return(jen.Lit(0)))...)
}

// overOrder generates the current row's ORDER BY values: a row that goes
// backwards in its partition is late (dialect.md); otherwise they become
// the partition's last values, and the RANK family's counts move.
func (g *jobGen) overOrder(ex *exprGen) {
	o := g.job.Over
	ex.add(jen.Var().Id("ord").Id(g.id("OKey")))
	var clone []jen.Code
	for i, x := range o.Order {
		f := jen.Id("ord").Dot(fmt.Sprintf("k%d", i))
		v := ex.expr(x.X)
		set := []jen.Code{f.Clone().Op("=").Add(v.V)}
		if x.X.Nullable() {
			set = append(set, jen.Id("ord").Dot(fmt.Sprintf("k%dok", i)).Op("=").True())
		}
		ex.add(ifValid(v.OK, set...)...)
		if x.X.Type().Kind == types.String {
			clone = append(clone, f.Clone().Op("=").Qual("strings", "Clone").Call(f))
		}
	}
	ex.add(jen.Id("ordCmp").Op(":=").Lit(1),
		jen.If(jen.Id("a").Dot("ordSeen")).Block(jen.Id("ordCmp").Op("=").Id("ord").Dot("cmp").Call(jen.Id("a").Dot("ord"))),
		jen.If(jen.Id("ordCmp").Op("<").Lit(0)).Block(ex.fail(kindLate, jen.Lit("the row's ORDER BY values go backwards in its partition: it is late"))),
		jen.If(jen.Id("ordCmp").Op(">").Lit(0)).Block(append(clone,
			jen.List(jen.Id("a").Dot("ord"), jen.Id("a").Dot("ordSeen")).Op("=").List(jen.Id("ord"), jen.True()))...))
	if ranked(o) {
		ex.add(jen.Id("a").Dot("rows").Op("++"),
			jen.If(jen.Id("ordCmp").Op("==").Lit(0)).Block(jen.Id("a").Dot("ties").Op("++")).Else().Block(
				jen.Id("a").Dot("ties").Op("=").Lit(1), jen.Id("a").Dot("runs").Op("++")))
	}
}

// rankCall computes a RANK-family call: the current row's place by its
// ORDER BY values among the rows of its frame. Rows arrive in that order,
// so the current row sorts last in its frame, after every row but those
// tied with it: RANK is the frame's rows less the ties, plus one.
func (g *jobGen) rankCall(ex *exprGen, i int, c *plan.OverCall, setOut func(v, ok jen.Code) []jen.Code) {
	// n is the number of rows in the frame, ties those tied with the current row.
	n := jen.Id("a").Dot("rows")
	if c.Rows > 0 {
		n = jen.Min(jen.Id("a").Dot("rows"), jen.Lit(c.Rows))
	}
	ties := func() jen.Code { return jen.Min(jen.Id("a").Dot("ties"), n.Clone()) }
	switch c.Name {
	case "RANK":
		ex.add(setOut(n.Clone().Op("-").Add(ties()).Op("+").Lit(1), nil)...)
	case "PERCENT_RANK":
		rows := jen.Id(fmt.Sprintf("rows%d", i))
		ex.add(rows.Clone().Op(":=").Add(n),
			jen.If(rows.Clone().Op(">").Lit(1)).Block(setOut(
				jen.Float64().Call(rows.Clone().Op("-").Min(jen.Id("a").Dot("ties"), rows.Clone())).Op("/").Float64().Call(rows.Clone().Op("-").Lit(1)), nil)...))
	case "CUME_DIST":
		// Every row of the frame sorts at or before the current one.
		ex.add(setOut(jen.Lit(1.0), nil)...)
	case "NTILE":
		// Of n rows in b buckets, the last row is in bucket min(b, n).
		ex.add(setOut(jen.Min(jen.Lit(c.Offset), n), nil)...)
	case "DENSE_RANK":
		if c.Rows == 0 {
			ex.add(setOut(jen.Id("a").Dot("runs"), nil)...)
			return
		}
		// A ring of whether each row of the frame starts a value; the
		// frame's first row counts even when its run began before it.
		f, runs := jen.Id("a").Dot(overField(i, "")), jen.Id("a").Dot(overField(i, "runs"))
		starts := jen.Id("ordCmp").Op("!=").Lit(0)
		dense := jen.Id(fmt.Sprintf("dense%d", i))
		ex.add(jen.If(jen.List(jen.Id("old"), jen.Id("dropped")).Op(":=").Add(f.Clone()).Dot("Push").Call(jen.Lit(int(c.Rows)), starts.Clone()), jen.Id("dropped").Op("&&").Id("old")).Block(runs.Clone().Op("--")),
			jen.If(starts).Block(runs.Clone().Op("++")),
			dense.Clone().Op(":=").Add(runs.Clone()),
			jen.If(jen.Op("!").Add(f.Clone()).Dot("At").Call(jen.Lit(0))).Block(dense.Clone().Op("++")))
		ex.add(setOut(dense, nil)...)
	}
}

// frameValue computes an aggregate, FIRST_VALUE, LAST_VALUE or NTH_VALUE
// over the rows of the partition's ring from index from to the newest: a
// rescan, for frames that end after the current row (whose end of input
// cuts them short) and for MIN and MAX of types the deque does not take.
func (g *jobGen) frameValue(ex *exprGen, i int, c *plan.OverCall, from jen.Code, setOut func(v, ok jen.Code) []jen.Code) {
	f := jen.Id("a").Dot(overField(i, ""))
	t := overArgType(c)
	start := jen.Id(fmt.Sprintf("from%d", i))
	if c.Name != "LAST_VALUE" {
		ex.add(start.Clone().Op(":=").Add(from))
	}
	at := func(idx jen.Code) []jen.Code {
		v := jen.Id(fmt.Sprintf("row%d", i))
		return []jen.Code{jen.If(jen.Id("k").Op(":=").Add(idx), jen.Id("k").Op("<").Add(f.Clone()).Dot("Len").Call()).Block(
			append([]jen.Code{v.Clone().Op(":=").Add(f.Clone()).Dot("At").Call(jen.Id("k"))}, setOut(v.Clone().Dot("V"), v.Clone().Dot("OK"))...)...)}
	}
	switch {
	case c.Name == "FIRST_VALUE":
		ex.add(at(start)...)
		return
	case c.Name == "LAST_VALUE":
		ex.add(at(f.Clone().Dot("Len").Call().Op("-").Lit(1))...)
		return
	case c.Name == "NTH_VALUE":
		ex.add(at(start.Clone().Op("+").Lit(int(c.Offset - 1)))...)
		return
	}
	name := c.Agg.Name
	acc, n := jen.Id(fmt.Sprintf("acc%d", i)), jen.Id(fmt.Sprintf("n%d", i))
	v := jen.Id("v").Dot("V")
	var init, step []jen.Code
	exact := (name == "SUM" || name == "AVG") && t.Kind != types.Float
	switch {
	case name == "COUNT":
		step = []jen.Code{n.Clone().Op("++")}
	case exact:
		init = []jen.Code{jen.Var().Add(acc).Add(sumType(t))}
		step = []jen.Code{acc.Clone().Dot("Add").Call(v), n.Clone().Op("++")}
	case name == "SUM" || name == "AVG":
		init = []jen.Code{jen.Var().Add(acc).Float64()}
		step = []jen.Code{acc.Clone().Op("+=").Add(v), n.Clone().Op("++")}
	default: // MIN, MAX
		op := map[string]string{"MIN": "<", "MAX": ">"}[name]
		init = []jen.Code{jen.Var().Add(acc).Add(goType(t))}
		step = []jen.Code{jen.If(n.Clone().Op("==").Lit(0).Op("||").Add(lessOf(v, acc, t, op))).Block(acc.Clone().Op("=").Add(v)), n.Clone().Op("++")}
	}
	loop := step // COUNT(*) counts every row
	if !c.Agg.Star {
		loop = []jen.Code{jen.Id("v").Op(":=").Add(f.Clone()).Dot("At").Call(jen.Id("k")), jen.If(jen.Id("v").Dot("OK")).Block(step...)}
	}
	ex.add(append(init, jen.Var().Add(n).Int64(),
		jen.For(jen.Id("k").Op(":=").Add(start), jen.Id("k").Op("<").Add(f.Clone()).Dot("Len").Call(), jen.Id("k").Op("++")).Block(loop...))...)
	switch {
	case name == "COUNT":
		ex.add(setOut(n, nil)...)
	case exact:
		g.sumValue(ex, i, c, acc, n, setOut)
	case name == "AVG":
		ex.add(jen.If(n.Clone().Op(">").Lit(0)).Block(setOut(acc.Clone().Op("/").Float64().Call(n), nil)...))
	default:
		ex.add(setOut(acc, n.Clone().Op(">").Lit(0))...)
	}
}
