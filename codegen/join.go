package codegen

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/velocsql/veloc/compiler/plan"
)

// Joins and subqueries (dialect.md "Joins").
//
// A job with joins reads rows besides its source record through slots
// (plan.Slot): slot k's current row is the job field m<k> (never nil: an
// absent row points at the zero row null<k> with hit<k> false). A table is
// the output of its producer job, read in process by load before the
// source is read and kept in a join.Table keyed by a typed key struct;
// joins and subqueries find rows by a hash lookup on that key, in a
// secondary join.Index, or by a scan, as the plan's Probe says. The stages:
//
//	process   the source record: WHERE parts that read no joined row
//	join<i>   the rows of join i for the current rows of joins before it
//	emit      the rest of WHERE and the output row
//	sq<n>     subquery n, evaluated where its expression is
//
// An interval join (interval.go) has its own read loop over both sides.

const pkgJoin = "github.com/velocsql/veloc/runtime/join"

// slotRow returns the generator of the job whose rows fill slot k.
func (g *jobGen) slotRow(k int) *jobGen {
	s := g.job.Slots[k]
	if s.Table != nil {
		return g.p.jobs[s.Table.Producer]
	}
	return g.p.jobs[g.job.Interval.Source.Producer]
}

// tableIndex numbers the distinct table producers of the job: the slots
// of one table (a join and a subquery over it) share its rows.
func (g *jobGen) tableIndex() (producers []*plan.Job, of map[int]int) {
	of = map[int]int{}
	at := map[*plan.Job]int{}
	for k, s := range g.job.Slots {
		if s.Table == nil {
			continue
		}
		p, ok := at[s.Table.Producer]
		if !ok {
			p = len(producers)
			at[s.Table.Producer] = p
			producers = append(producers, s.Table.Producer)
		}
		of[k] = p
	}
	return producers, of
}

func (g *jobGen) tableOf(k int) *plan.Table { return g.job.Slots[k].Table }

// probeOf returns the probe of slot k (a join's or a subquery's).
func (g *jobGen) probeOf(k int) *plan.Probe {
	for _, jn := range g.job.Joins {
		if jn.Slot == k {
			return &jn.Probe
		}
	}
	for _, sq := range g.job.Subqueries {
		if sq.Probe.Slot == k {
			return &sq.Probe
		}
	}
	return nil
}

// joinTypes declares the key types and adds the slot and table fields to
// the job type.
func (g *jobGen) joinTypes() {
	j := g.job
	producers, _ := g.tableIndex()
	for p, prod := range producers {
		pg := g.p.jobs[prod]
		var key *plan.Table
		for _, s := range j.Slots {
			if s.Table != nil && s.Table.Producer == prod {
				key = s.Table
				break
			}
		}
		var fs []jen.Code
		for i, c := range key.Key {
			o := prod.Outputs[c]
			fs = append(fs, jen.Id(fmt.Sprintf("k%d", i)).Add(goType(o.Expr.Type())).Comment(o.Name))
			if o.Expr.Nullable() {
				fs = append(fs, jen.Id(fmt.Sprintf("ok%d", i)).Bool())
			}
		}
		g.f.Commentf("%s is the key of table %s in job %s.", g.id(fmt.Sprintf("K%d", p)), key.Name, j.Name)
		g.f.Type().Id(g.id(fmt.Sprintf("K%d", p))).Struct(fs...)
		g.extra = append(g.extra, jen.Id(fmt.Sprintf("tab%d", p)).Op("*").Qual(pkgJoin, "Table").Types(jen.Id(g.id(fmt.Sprintf("K%d", p))), jen.Id(pg.rowType)).Comment("table "+key.Name+", loaded before the source is read"))
	}
	for k, s := range j.Slots {
		row := g.slotRow(k).rowType
		g.extra = append(g.extra,
			jen.Id(fmt.Sprintf("m%d", k)).Op("*").Id(row).Comment("the current row of "+s.Name),
			jen.Id(fmt.Sprintf("hit%d", k)).Bool().Comment("false while the row of "+s.Name+" is absent (NULL)"),
			jen.Id(fmt.Sprintf("null%d", k)).Id(row).Comment("the absent row"))
		if p := g.probeOf(k); p != nil && p.Access == plan.IndexLookup {
			var fs []jen.Code
			for i, x := range p.TableSide {
				fs = append(fs, jen.Id(fmt.Sprintf("k%d", i)).Add(goType(x.Type())))
			}
			name := g.id(fmt.Sprintf("I%d", k))
			g.f.Commentf("%s is the key of the index of %s on %s.", name, s.Name, exprList(p.TableSide))
			g.f.Type().Id(name).Struct(fs...)
			g.extra = append(g.extra, jen.Id(fmt.Sprintf("idx%d", k)).Op("*").Qual(pkgJoin, "Index").Types(jen.Id(name), jen.Id(row)))
		}
	}
	if j.Source.Producer != nil && j.Interval == nil {
		g.extra = append(g.extra, jen.Id("r").Op("*").Id(g.inType).Comment("the record being joined"))
	}
	if liveTables(j) {
		g.extra = append(g.extra, jen.Id("mu").Op("*").Qual("sync", "RWMutex").Comment("held to read the live tables; their follower writes under it"))
	}
}

func exprList(es []plan.Expr) string {
	s := ""
	for i, e := range es {
		if i > 0 {
			s += ", "
		}
		s += plan.String(e)
	}
	return s
}

// sharedJoinFields are the fields a worker shares with the job: the
// tables, read-only once loaded.
func (g *jobGen) sharedJoinFields() []string {
	producers, _ := g.tableIndex()
	var out []string
	for p := range producers {
		out = append(out, fmt.Sprintf("tab%d", p))
	}
	if liveTables(g.job) {
		out = append(out, "mu")
	}
	for k := range g.job.Slots {
		if p := g.probeOf(k); p != nil && p.Access == plan.IndexLookup {
			out = append(out, fmt.Sprintf("idx%d", k))
		}
	}
	return out
}

// joinColumn reads a column of a slot's current row.
func (g *jobGen) joinColumn(e *plan.JoinColumn) val {
	rg := g.slotRow(e.Slot)
	m := jen.Id("j").Dot(fmt.Sprintf("m%d", e.Slot))
	v := val{V: jen.Add(m).Dot(rg.rowField[e.Index])}
	if !e.Null {
		return v
	}
	hit := jen.Id("j").Dot(fmt.Sprintf("hit%d", e.Slot))
	if g.job.Slots[e.Slot].Columns[e.Index].Null {
		ok := jen.Add(m).Dot(rg.rowOK[e.Index])
		v.OK = okList{Statement: jen.Parens(jen.Add(hit).Op("&&").Add(ok)), parts: []jen.Code{hit, ok}}
	} else {
		v.OK = hit
	}
	return v
}

// mainColumn reads a column of the source record in the functions of a
// job with joins.
func (g *jobGen) mainColumn(i int) val {
	if g.job.Source.Producer == nil {
		return g.inColumn(i)
	}
	v := val{V: jen.Id("j").Dot("r").Dot(g.inField[i])}
	if g.job.Source.Schema.Columns[i].Nullable {
		v.OK = jen.Id("j").Dot("r").Dot(g.inOK[i])
	}
	return v
}

// hasTables reports whether the job reads tables, which load fills.
func hasTables(j *plan.Job) bool {
	for _, s := range j.Slots {
		if s.Table != nil {
			return true
		}
	}
	return false
}

// loadFunc generates load: read every table's rows from its producer
// until the producer ends (a file read to the end, a Kafka topic to its
// end offsets with --bounded), keeping the latest row per key, then build
// the secondary indexes. '<job>.table.ready.timeout' bounds the wait.
func (g *jobGen) loadFunc() {
	j := g.job
	producers, _ := g.tableIndex()
	var follow []jen.Code
	body := []jen.Code{}
	if liveTables(j) {
		body = append(body, jen.Id("j").Dot("mu").Op("=").New(jen.Qual("sync", "RWMutex")))
	}
	if liveTables(j) {
		body = append(body, jen.Var().Id("ready").Bool().Comment("a live table's ready row came"))
	}
	body = append(body, []jen.Code{
		jen.List(jen.Id("ctx"), jen.Id("cancel")).Op(":=").Qual("context", "WithTimeout").Call(jen.Id("j").Dot("ctx"), jen.Id("j").Dot("env").Dot("Duration").Call(jen.Lit(j.Name+".table.ready.timeout"))),
		jen.Defer().Id("cancel").Call(),
	}...)
	for p, prod := range producers {
		pg := g.p.jobs[prod]
		var t *plan.Table
		for _, s := range j.Slots {
			if s.Table != nil && s.Table.Producer == prod {
				t = s.Table
				break
			}
		}
		key := jen.Dict{}
		for i, c := range t.Key {
			key[jen.Id(fmt.Sprintf("k%d", i))] = jen.Id("r").Dot(pg.rowField[c])
			if prod.Outputs[c].Expr.Nullable() {
				key[jen.Id(fmt.Sprintf("ok%d", i))] = jen.Id("r").Dot(pg.rowOK[c])
			}
		}
		tab := jen.Id("j").Dot(fmt.Sprintf("tab%d", p))
		rd := fmt.Sprintf("rd%d", p)
		upsert := []jen.Code{jen.Id("r").Op(":=").Op("&").Id("batch").Index(jen.Id("i"))}
		set := jen.Add(tab).Dot("Upsert").Call(jen.Id(g.id(fmt.Sprintf("K%d", p))).Values(key), jen.Op("*").Id("r"))
		live := len(prod.Tombstones) > 0
		if live {
			upsert = append(upsert, jen.If(jen.Id("r").Dot("ready")).Block(jen.Id("ready").Op("=").True(), jen.Continue()))
			upsert = append(upsert, jen.If(jen.Id("r").Dot("del")).Block(
				jen.Add(tab).Dot("Delete").Call(jen.Id(g.id(fmt.Sprintf("K%d", p))).Values(key)),
				jen.Continue()))
		}
		upsert = append(upsert, set)
		body = append(body,
			jen.Commentf("table %s: the rows of job %s, the latest per key", t.Name, prod.Name),
			jen.Add(tab).Op("=").Qual(pkgJoin, "NewTable").Types(jen.Id(g.id(fmt.Sprintf("K%d", p))), jen.Id(pg.rowType)).Call(),
			jen.Id(rd).Op(":=").Qual(pkgApp, "Input").Index(jen.Id(pg.rowType)).Call(jen.Id("j").Dot("env"), jen.Lit(pipeName(prod))),
			jen.For().Block(
				jen.List(jen.Id("batch"), jen.Id("ok")).Op(":=").Id(rd).Dot("Next").Call(jen.Id("ctx")),
				jen.If(jen.Op("!").Id("ok")).Block(
					jen.If(jen.Id("j").Dot("ctx").Dot("Err").Call().Op("!=").Nil()).Block(jen.Return(jen.Nil())),
					jen.If(jen.Id("ctx").Dot("Err").Call().Op("!=").Nil()).Block(jen.Return(jen.Qual("fmt", "Errorf").Call(
						jen.Lit("table %s was not loaded within %s ('%s'): its input neither ended nor reached the end it had at start"),
						jen.Lit(t.Name), jen.Id("j").Dot("env").Dot("Duration").Call(jen.Lit(j.Name+".table.ready.timeout")), jen.Lit(j.Name+".table.ready.timeout")))),
					jen.Break()),
				jen.For(jen.Id("i").Op(":=").Range().Id("batch")).Block(upsert...),
				liveBreak(live),
			),
		)
		if live {
			follow = append(follow, jen.Go().Id("f").Dot(fmt.Sprintf("follow%d", p)).Call(jen.Id(rd)))
			g.followFunc(p, prod, t, key)
		}
	}
	for k := range j.Slots {
		pr := g.probeOf(k)
		if pr == nil || pr.Access != plan.IndexLookup {
			continue
		}
		_, of := g.tableIndex()
		body = append(body,
			jen.Id("j").Dot(fmt.Sprintf("idx%d", k)).Op("=").Qual(pkgJoin, "NewIndex").Types(jen.Id(g.id(fmt.Sprintf("I%d", k))), jen.Id(g.slotRow(k).rowType)).Call(),
			jen.For(jen.List(jen.Id("_"), jen.Id("r")).Op(":=").Range().Id("j").Dot(fmt.Sprintf("tab%d", of[k])).Dot("Rows").Call()).Block(
				jen.List(jen.Id("j").Dot(fmt.Sprintf("m%d", k)), jen.Id("j").Dot(fmt.Sprintf("hit%d", k))).Op("=").List(jen.Id("r"), jen.True()),
				jen.If(jen.List(jen.Id("key"), jen.Id("ok")).Op(":=").Id("j").Dot(fmt.Sprintf("indexKey%d", k)).Call(), jen.Id("ok")).Block(
					jen.Id("j").Dot(fmt.Sprintf("idx%d", k)).Dot("Add").Call(jen.Id("key"), jen.Id("r"))),
			))
		g.indexKeyFunc(k, pr)
	}
	if len(follow) > 0 {
		body = append(body, jen.Comment("Live tables are kept current by a follower with a job value of its own."),
			jen.Id("f").Op(":=").Id("j").Dot("follower").Call())
		body = append(body, follow...)
		g.followerFunc()
	}
	body = append(body, jen.Return(jen.Nil()))
	doc(g.f, "load reads the tables job %s joins, to the end of their input, before its\nsource is read (dialect.md: tables are loaded completely before the stream starts).", j.Name)
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("load").Params().Error().Block(body...)
}

// indexKeyFunc generates indexKey<k>: the index key of slot k's current
// row; ok is false when a part is NULL (NULL equals nothing).
func (g *jobGen) indexKeyFunc(k int, p *plan.Probe) {
	name := g.id(fmt.Sprintf("I%d", k))
	fn := &funcGen{job: g, column: g.mainColumn, system: g.system, failPrefix: []jen.Code{jen.Id(name).Values(), jen.False()}}
	ex := &exprGen{fn: fn}
	key := jen.Dict{}
	var oks []jen.Code
	for i, x := range p.TableSide {
		v := ex.expr(x)
		key[jen.Id(fmt.Sprintf("k%d", i))] = v.V
		oks = append(oks, v.OK)
	}
	ok := okAnd(oks...)
	if ok == nil {
		ok = jen.True()
	}
	ex.add(jen.Return(jen.Id(name).Values(key), ok))
	g.f.Commentf("indexKey%d is the key of the current row of %s in its index.", k, g.job.Slots[k].Name)
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id(fmt.Sprintf("indexKey%d", k)).Params().Params(jen.Id(name), jen.Bool()).Block(ex.stmts...)
}

// probeLoop adds to ex a loop over the rows of probe p's slot that match
// the current outer row: a key lookup, an index lookup or a scan, then
// the residual condition. body generates what runs for each match.
func (g *jobGen) probeLoop(ex *exprGen, p *plan.Probe, body func(in *exprGen)) {
	_, of := g.tableIndex()
	k := p.Slot
	var oks []jen.Code
	var rows jen.Code
	switch p.Access {
	case plan.KeyLookup:
		t := g.tableOf(k)
		prod := t.Producer
		key := jen.Dict{}
		for i, x := range p.ProbeSide {
			v := ex.expr(x)
			oks = append(oks, v.OK)
			key[jen.Id(fmt.Sprintf("k%d", i))] = v.V
			if prod.Outputs[t.Key[i]].Expr.Nullable() {
				key[jen.Id(fmt.Sprintf("ok%d", i))] = jen.True()
			}
		}
		rows = jen.Id("j").Dot(fmt.Sprintf("tab%d", of[k])).Dot("Lookup").Call(jen.Id(g.id(fmt.Sprintf("K%d", of[k]))).Values(key))
	case plan.IndexLookup:
		key := jen.Dict{}
		for i, x := range p.ProbeSide {
			v := ex.expr(x)
			oks = append(oks, v.OK)
			key[jen.Id(fmt.Sprintf("k%d", i))] = v.V
		}
		rows = jen.Id("j").Dot(fmt.Sprintf("idx%d", k)).Dot("Lookup").Call(jen.Id(g.id(fmt.Sprintf("I%d", k))).Values(key))
	default:
		rows = jen.Id("j").Dot(fmt.Sprintf("tab%d", of[k])).Dot("Rows").Call()
	}
	in := ex.sub()
	in.add(jen.List(jen.Id("j").Dot(fmt.Sprintf("m%d", k)), jen.Id("j").Dot(fmt.Sprintf("hit%d", k))).Op("=").List(jen.Id("r"), jen.True()))
	if p.Residual != nil {
		in.add(jen.Comment("ON " + plan.String(p.Residual)))
		v := in.expr(p.Residual)
		cond := jen.Op("!").Add(v.V)
		if v.OK != nil {
			cond = notOK(v.OK).Op("||").Op("!").Add(v.V)
		}
		in.add(jen.If(cond).Block(jen.Continue()))
	}
	body(in)
	loop := jen.For(jen.List(jen.Id("_"), jen.Id("r")).Op(":=").Range().Add(rows)).Block(in.stmts...)
	ex.add(jen.Commentf("%s of %s", p.Access, g.job.Slots[k].Name))
	if ok := okAnd(oks...); ok != nil {
		ex.add(jen.If(ok).Block(loop))
	} else {
		ex.add(loop)
	}
}

// callStage adds a call of a stage function that returns an error
// record's kind and reason, returning them when reason is set.
func callStage(ex *exprGen, name string) {
	ex.add(jen.If(jen.List(jen.Id("kind"), jen.Id("reason")).Op(":=").Id("j").Dot(name).Call(), jen.Id("reason").Op("!=").Lit("")).Block(
		jen.Return(append(append([]jen.Code{}, ex.fn.failPrefix...), jen.Id("kind"), jen.Id("reason"))...)))
}

// splitWhere separates the WHERE conjuncts that read no joined row (checked
// once per record, before the joins) from the rest (checked per match).
func splitWhere(w plan.Expr) (before, after []plan.Expr) {
	var parts []plan.Expr
	var walk func(e plan.Expr)
	walk = func(e plan.Expr) {
		if b, ok := e.(*plan.Binary); ok && b.Op.String() == "AND" {
			walk(b.X)
			walk(b.Y)
			return
		}
		parts = append(parts, e)
	}
	if w != nil {
		walk(w)
	}
	for _, p := range parts {
		if plan.ReadsJoinedRow(p) {
			after = append(after, p)
		} else {
			before = append(before, p)
		}
	}
	return before, after
}

func (g *jobGen) method(name string, params []jen.Code, body []jen.Code) {
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id(name).Params(params...).Params(
		jen.Id("kind").String(), jen.Id("reason").String()).Block(body...)
}

// processJoin generates process, the join stages and emit for a job with
// stream–table joins or subqueries.
func (g *jobGen) processJoin() {
	j := g.job
	g.subqueryFuncs()
	if j.Interval != nil {
		g.intervalFuncs()
		return
	}
	before, after := splitWhere(j.Where)
	newFn := func() *exprGen {
		return &exprGen{fn: &funcGen{job: g, column: g.mainColumn, system: g.system}}
	}
	// process
	ex := newFn()
	var params []jen.Code
	if j.Source.Producer != nil {
		params = []jen.Code{jen.Id("r").Op("*").Id(g.inType)}
		ex.add(jen.Id("j").Dot("r").Op("=").Id("r"))
	}
	if liveTables(j) {
		ex.add(jen.Id("j").Dot("mu").Dot("RLock").Call(), jen.Defer().Id("j").Dot("mu").Dot("RUnlock").Call())
	}
	for _, w := range before {
		ex.add(jen.Comment("WHERE " + plan.String(w)))
		filterCheck(ex, w, jen.Lit(""), jen.Lit(""))
	}
	last := "emit"
	if j.Agg != nil {
		last = "fold" // aggregate.go has its own emit
	}
	if len(j.Joins) > 0 {
		callStage(ex, "join0")
	} else {
		callStage(ex, last)
	}
	ex.add(jen.Return(jen.Lit(""), jen.Lit("")))
	doc(g.f, "process runs job %s on one record: the WHERE conditions that read only the\nrecord, then the joins, each match ending in emit. It returns the kind and\nreason of an error record, or \"\".", j.Name)
	g.method("process", params, ex.stmts)

	for i, jn := range j.Joins {
		ex := newFn()
		next := last
		if i+1 < len(j.Joins) {
			next = fmt.Sprintf("join%d", i+1)
		}
		k := jn.Slot
		if jn.Kind.String() == "LEFT" {
			ex.add(jen.Id("matched").Op(":=").False())
		}
		g.probeLoop(ex, &jn.Probe, func(in *exprGen) {
			if jn.Kind.String() == "LEFT" {
				in.add(jen.Id("matched").Op("=").True())
			}
			callStage(in, next)
		})
		if jn.Kind.String() == "LEFT" {
			ex.add(jen.If(jen.Op("!").Id("matched")).Block(
				jen.List(jen.Id("j").Dot(fmt.Sprintf("m%d", k)), jen.Id("j").Dot(fmt.Sprintf("hit%d", k))).Op("=").List(jen.Op("&").Id("j").Dot(fmt.Sprintf("null%d", k)), jen.False()),
				jen.Return(jen.Id("j").Dot(next).Call())))
		}
		ex.add(jen.Return(jen.Lit(""), jen.Lit("")))
		doc(g.f, "join%d runs %s JOIN %s (%s) for the current record and rows.", i, jn.Kind, j.Slots[k].Name, plan.ProbeText(&jn.Probe))
		g.method(fmt.Sprintf("join%d", i), nil, ex.stmts)
	}
	if j.Agg != nil {
		g.foldFunc(after)
		return
	}
	g.emitFunc(after)
}

// foldFunc generates fold, the last stage of an aggregating job with
// joins: the WHERE conditions that read joined rows, then the record and
// its joined rows folded into their group (aggregate.go).
func (g *jobGen) foldFunc(where []plan.Expr) {
	j := g.job
	ex := &exprGen{fn: &funcGen{job: g, column: g.mainColumn, system: g.system}}
	for _, w := range where {
		ex.add(jen.Comment("WHERE " + plan.String(w)))
		filterCheck(ex, w, jen.Lit(""), jen.Lit(""))
	}
	g.aggregateRecord(ex)
	doc(g.f, "fold adds the current record and joined rows of job %s to their group if they\npass WHERE (and emits the group's new row for EMIT CHANGES).", j.Name)
	g.method("fold", nil, ex.stmts)
	g.aggregateFuncs()
}

// emitFunc generates emit: the WHERE conditions that read joined rows,
// then the output row.
func (g *jobGen) emitFunc(where []plan.Expr) {
	j := g.job
	ex := &exprGen{fn: &funcGen{job: g, column: g.emitColumn, system: g.system}}
	if j.Limit >= 0 {
		// LIMIT reached on an earlier match of the same record.
		ex.add(jen.If(jen.Id("j").Dot("stop")).Block(jen.Return(jen.Lit(""), jen.Lit(""))))
	}
	for _, w := range where {
		ex.add(jen.Comment("WHERE " + plan.String(w)))
		filterCheck(ex, w, jen.Lit(""), jen.Lit(""))
	}
	outs := make([]val, len(j.Outputs))
	for i, o := range j.Outputs {
		ex.add(jen.Commentf("%s = %s", o.Name, plan.String(o.Expr)))
		outs[i] = ex.expr(o.Expr)
	}
	g.writeOutputs(ex, outs)
	ex.add(jen.Return(jen.Lit(""), jen.Lit("")))
	doc(g.f, "emit writes the output row of job %s for the current record and joined rows\nif they pass WHERE.", j.Name)
	g.method("emit", nil, ex.stmts)
}

// emitColumn reads the source record where the output is computed: the
// left row of an interval join, which RIGHT and FULL joins may lack.
func (g *jobGen) emitColumn(i int) val {
	if g.job.Interval == nil {
		return g.mainColumn(i)
	}
	return g.leftColumn(i, g.job.Interval.Kind.String() == "RIGHT" || g.job.Interval.Kind.String() == "FULL")
}

// subqueryFuncs generates sq<n> for each subquery: its value for the
// current outer row, with ok false when it is NULL.
func (g *jobGen) subqueryFuncs() {
	for n, sq := range g.job.Subqueries {
		fn := &funcGen{job: g, column: g.emitColumn, system: g.system}
		var none jen.Code = jen.False()
		if sq.Kind == plan.ScalarSubquery {
			none = zero(sq.T)
		}
		fn.failPrefix = []jen.Code{none, jen.False()}
		ex := &exprGen{fn: fn}
		ex.add(jen.Var().Id("found").Bool())
		if sq.Kind == plan.InSubquery && sq.X.Nullable() {
			x := ex.expr(sq.X)
			ex.add(jen.Id("_").Op("=").Add(x.V))
			ex.add(jen.If(notOK(x.OK)).Block(jen.Return(none, jen.False(), jen.Lit(""), jen.Lit(""))))
		}
		if sq.Kind == plan.ScalarSubquery {
			ex.add(jen.Var().Id("v").Add(goType(sq.T)), jen.Var().Id("ok").Bool())
		}
		g.probeLoop(ex, &sq.Probe, func(in *exprGen) {
			if sq.Kind != plan.ScalarSubquery {
				in.add(jen.Id("found").Op("=").True(), jen.Break())
				return
			}
			in.add(jen.If(jen.Id("found")).Block(jen.Return(none, jen.False(), jen.Lit(kindFunction), jen.Lit("the scalar subquery found more than one row"))))
			v := in.expr(sq.Value)
			in.add(jen.List(jen.Id("found"), jen.Id("v")).Op("=").List(jen.True(), v.V))
			if v.OK != nil {
				in.add(jen.Id("ok").Op("=").Add(v.OK))
			} else {
				in.add(jen.Id("ok").Op("=").True())
			}
		})
		if sq.Nulls != nil {
			g.subqueryNulls(ex, n, sq)
		}
		switch {
		case sq.Kind == plan.ScalarSubquery:
			ex.add(jen.Return(jen.Id("v"), jen.Id("ok"), jen.Lit(""), jen.Lit("")))
		case sq.Not:
			ex.add(jen.Return(jen.Op("!").Id("found"), jen.True(), jen.Lit(""), jen.Lit("")))
		default:
			ex.add(jen.Return(jen.Id("found"), jen.True(), jen.Lit(""), jen.Lit("")))
		}
		doc(g.f, "sq%d evaluates %s over table %s (%s) for the current row.", n, plan.String(sq), g.job.Slots[sq.Probe.Slot].Name, plan.ProbeText(&sq.Probe))
		g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id(fmt.Sprintf("sq%d", n)).Params().Params(
			jen.Id("value").Add(goType(sq.T)), jen.Id("valid").Bool(), jen.Id("kind").String(), jen.Id("reason").String()).Block(ex.stmts...)
	}
}

// subqueryNulls generates, for an IN subquery over a nullable value, the
// check that makes IN NULL when no row matched but a selected row's value
// is NULL (SQL's three-valued IN; NOT IN is then NULL too). A check that
// reads nothing of the outer row is answered once per table version.
func (g *jobGen) subqueryNulls(ex *exprGen, n int, sq *plan.Subquery) {
	scan := ex.sub()
	scan.add(jen.Id("nulls").Op(":=").False())
	g.probeLoop(scan, sq.Nulls, func(in *exprGen) {
		in.add(jen.Id("nulls").Op("=").True(), jen.Break())
	})
	null := jen.If(jen.Id("nulls")).Block(jen.Return(jen.False(), jen.False(), jen.Lit(""), jen.Lit("")))
	if !sq.NullsFixed {
		ex.add(jen.If(jen.Op("!").Id("found")).Block(append(scan.stmts, null)...))
		return
	}
	_, of := g.tableIndex()
	tab := jen.Id("j").Dot(fmt.Sprintf("tab%d", of[sq.Nulls.Slot]))
	has, ver := fmt.Sprintf("sqNulls%d", n), fmt.Sprintf("sqNullsAt%d", n)
	g.extra = append(g.extra,
		jen.Id(has).Bool().Comment(fmt.Sprintf("subquery %d selects a NULL value", n)),
		jen.Id(ver).Uint64().Comment("the table version it was found at, plus one (0: not yet)"))
	ex.add(jen.If(jen.Op("!").Id("found")).Block(
		jen.If(jen.Id("v").Op(":=").Add(tab.Clone()).Dot("Version").Call().Op("+").Lit(1), jen.Id("j").Dot(ver).Op("!=").Id("v")).Block(
			append(scan.stmts, jen.List(jen.Id("j").Dot(has), jen.Id("j").Dot(ver)).Op("=").List(jen.Id("nulls"), jen.Id("v")))...),
		jen.Id("nulls").Op(":=").Id("j").Dot(has),
		null))
}

// subquery generates a call of the subquery's function.
func (g *exprGen) subquery(e *plan.Subquery) val {
	n := -1
	for i, sq := range g.fn.job.job.Subqueries {
		if sq == e {
			n = i
		}
	}
	v, ok := g.fn.temp()
	kind, reason := g.fn.temp()
	g.add(jen.List(jen.Id(v), jen.Id(ok), jen.Id(kind), jen.Id(reason)).Op(":=").Id("j").Dot(fmt.Sprintf("sq%d", n)).Call())
	g.add(jen.If(jen.Id(reason).Op("!=").Lit("")).Block(jen.Return(append(append([]jen.Code{}, g.fn.failPrefix...), jen.Id(kind), jen.Id(reason))...)))
	if !e.Null {
		g.add(jen.Id("_").Op("=").Id(ok))
		return val{V: jen.Id(v)}
	}
	return val{V: jen.Id(v), OK: jen.Id(ok)}
}

// loadCall is the statement of Run that loads the job's tables before its
// source is read; an empty statement for a job without tables.
func loadCall(j *plan.Job) jen.Code {
	if !hasTables(j) {
		return jen.Null()
	}
	return jen.If(jen.Err().Op(":=").Id("j").Dot("load").Call(), jen.Err().Op("!=").Nil()).Block(
		jen.Id("j").Dot("close").Call(),
		jen.Return(jen.Err()))
}

// joinedPipes are the in-process streams a job reads besides its source:
// its tables' producers and the right side of an interval join.
func joinedPipes(j *plan.Job) []string {
	var out []string
	seen := map[string]bool{}
	add := func(p *plan.Job) {
		if n := pipeName(p); !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	for _, s := range j.Slots {
		if s.Table != nil {
			add(s.Table.Producer)
		}
	}
	if j.Interval != nil {
		add(j.Interval.Source.Producer)
	}
	return out
}

// joinProps declares the run-time properties of a job's joins.
func joinProps(j *plan.Job, given map[string]plan.Prop, add func(propDecl)) {
	if hasTables(j) {
		add(propDecl{Name: j.Name + ".table.ready.timeout", Default: valueOr(given, j.Name+".table.ready.timeout", "5m"), Help: "how long to wait for the tables the job joins to be loaded", Job: j.Name, Kind: "KindDuration"})
	}
	if j.Interval != nil {
		add(propDecl{Name: "watermark.max_out_of_orderness", Default: valueOr(given, "watermark.max_out_of_orderness", "0s"), Help: "how far event time may go backwards (bounded out-of-orderness)", Job: j.Name, Kind: "KindDuration"})
	}
}

// liveTables reports whether a job joins a table that changes while the
// job runs (a Kafka table read without --bounded).
func liveTables(j *plan.Job) bool {
	for _, s := range j.Slots {
		if s.Table != nil && len(s.Table.Producer.Tombstones) > 0 {
			return true
		}
	}
	return false
}

// liveBreak ends the initial load of a live table at its ready row.
func liveBreak(live bool) jen.Code {
	if !live {
		return jen.Null()
	}
	return jen.If(jen.Id("ready")).Block(jen.Id("ready").Op("=").False(), jen.Break())
}

// followerFunc generates follower: a job value sharing the job's tables,
// indexes and lock, with slot fields of its own for computing index keys.
func (g *jobGen) followerFunc() {
	d := jen.Dict{jen.Id("env"): jen.Id("j").Dot("env"), jen.Id("ctx"): jen.Id("j").Dot("ctx")}
	for _, f := range g.sharedJoinFields() {
		d[jen.Id(f)] = jen.Id("j").Dot(f)
	}
	g.f.Comment("follower returns the job value that keeps the live tables current.")
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("follower").Params().Op("*").Id(g.id("Job")).Block(
		jen.Return(jen.Op("&").Id(g.id("Job")).Values(d)))
}

// followFunc generates follow<p>: apply the changes of live table p as
// they come, under the write lock, keeping its indexes in step.
func (g *jobGen) followFunc(p int, prod *plan.Job, t *plan.Table, key jen.Dict) {
	pg := g.p.jobs[prod]
	tab := jen.Id("j").Dot(fmt.Sprintf("tab%d", p))
	keyT := g.id(fmt.Sprintf("K%d", p))
	_, of := g.tableIndex()
	var unindex, index []jen.Code
	for k := range g.job.Slots {
		if pr := g.probeOf(k); pr == nil || pr.Access != plan.IndexLookup || of[k] != p {
			continue
		}
		idx := jen.Id("j").Dot(fmt.Sprintf("idx%d", k))
		unindex = append(unindex, jen.If(jen.Id("old").Op("!=").Nil()).Block(
			jen.List(jen.Id("j").Dot(fmt.Sprintf("m%d", k)), jen.Id("j").Dot(fmt.Sprintf("hit%d", k))).Op("=").List(jen.Id("old"), jen.True()),
			jen.If(jen.List(jen.Id("ik"), jen.Id("ok")).Op(":=").Id("j").Dot(fmt.Sprintf("indexKey%d", k)).Call(), jen.Id("ok")).Block(jen.Add(idx).Dot("Remove").Call(jen.Id("ik"), jen.Id("old")))))
		index = append(index,
			jen.List(jen.Id("j").Dot(fmt.Sprintf("m%d", k)), jen.Id("j").Dot(fmt.Sprintf("hit%d", k))).Op("=").List(jen.Id("stored"), jen.True()),
			jen.If(jen.List(jen.Id("ik"), jen.Id("ok")).Op(":=").Id("j").Dot(fmt.Sprintf("indexKey%d", k)).Call(), jen.Id("ok")).Block(jen.Add(idx).Dot("Add").Call(jen.Id("ik"), jen.Id("stored"))))
	}
	var del jen.Code = jen.Add(tab).Dot("Delete").Call(jen.Id(keyT).Values(key))
	if len(unindex) > 0 {
		del = jen.Id("old").Op(":=").Add(del)
	}
	apply := []jen.Code{
		jen.Id("r").Op(":=").Op("&").Id("batch").Index(jen.Id("i")),
		jen.If(jen.Id("r").Dot("ready")).Block(jen.Continue()),
		jen.If(jen.Id("r").Dot("del")).Block(append([]jen.Code{del}, append(unindex, jen.Continue())...)...),
		jen.List(jen.Id("stored"), jen.Id("old")).Op(":=").Add(tab).Dot("Upsert").Call(jen.Id(keyT).Values(key), jen.Op("*").Id("r")),
	}
	if len(index) == 0 {
		apply = append(apply, jen.List(jen.Id("_"), jen.Id("_")).Op("=").List(jen.Id("stored"), jen.Id("old")))
	}
	apply = append(apply, unindex...)
	apply = append(apply, index...)
	doc(g.f, "follow%d keeps table %s current after the initial load: every later change of\njob %s's output is applied under the write lock. It ends with the job.", p, t.Name, prod.Name)
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id(fmt.Sprintf("follow%d", p)).Params(jen.Id("rd").Op("*").Qual(pkgStream, "Reader").Index(jen.Id(pg.rowType))).Block(
		jen.For().Block(
			jen.List(jen.Id("batch"), jen.Id("ok")).Op(":=").Id("rd").Dot("Next").Call(jen.Id("j").Dot("ctx")),
			jen.If(jen.Op("!").Id("ok")).Block(jen.Return()),
			jen.Id("j").Dot("mu").Dot("Lock").Call(),
			jen.For(jen.Id("i").Op(":=").Range().Id("batch")).Block(apply...),
			jen.Id("j").Dot("mu").Dot("Unlock").Call(),
		))
}
