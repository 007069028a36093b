package codegen

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/types"
)

// This file generates what a job does for observability (runtime.md
// "Observability"). The plumbing lives in runtime/metrics; the generated
// code only
//
//   - times each batch (chunk, Kafka fetch, in-process batch) with two or
//     three clock reads, never per record;
//   - sets the state gauge (open groups, windows, partitions) and the
//     watermark when it flushes a batch;
//   - evaluates @metric annotations on every output row with typed code:
//     the condition is compiled like a WHERE, the labels form a typed key
//     that each worker looks up in its own map, and the series found is
//     updated with one atomic operation.

const pkgMetrics = "github.com/velocsql/veloc/runtime/metrics"

// jobMetrics is j.env.Metrics, the job's *metrics.Job.
func jobMetrics() *jen.Statement { return jen.Id("j").Dot("env").Dot("Metrics") }

// now is time.Now().
func now() *jen.Statement { return jen.Qual("time", "Now").Call() }

// observe is j.env.Metrics.<what>(time.Since(start)).
func observe(what, start string) jen.Code {
	return jobMetrics().Dot(what).Call(jen.Qual("time", "Since").Call(jen.Id(start)))
}

// programObservability adds the @app and @deployment.* annotations to the
// generated app.Program, for veloc_build_info and the logs.
func (pg *progGen) programObservability(d jen.Dict) {
	dep := jen.Dict{}
	for _, a := range pg.prog.Annotations {
		v := strings.TrimSpace(a.Value)
		switch a.Key {
		case "app", "application":
			d[jen.Id("App")] = jen.Lit(v)
		case "deployment.node_id":
			dep[jen.Id("NodeID")] = jen.Lit(v)
		case "deployment.node_name":
			dep[jen.Id("NodeName")] = jen.Lit(v)
		case "deployment.region":
			dep[jen.Id("Region")] = jen.Lit(v)
		}
	}
	if len(dep) > 0 {
		d[jen.Id("Deployment")] = jen.Qual(pkgApp, "Deployment").Values(dep)
	}
	if pg.prog.NoMetricsServer {
		d[jen.Id("NoMetricsServer")] = jen.True()
	}
}

// declareMetrics are the statements of Run that register the job's
// @metric metrics before it opens anything; env.Metric(i) returns them.
func (g *jobGen) declareMetrics() []jen.Code {
	var code []jen.Code
	for _, m := range g.job.Metrics {
		spec := jen.Dict{
			jen.Id("Name"): jen.Lit(m.Name),
			jen.Id("Kind"): jen.Qual(pkgMetrics, map[plan.MetricKind]string{plan.CounterMetric: "CounterKind", plan.GaugeMetric: "GaugeKind", plan.HistogramMetric: "HistogramKind"}[m.Kind]),
		}
		if m.Help != "" {
			spec[jen.Id("Help")] = jen.Lit(m.Help)
		}
		if len(m.Labels) > 0 {
			names := make([]string, len(m.Labels))
			for i, l := range m.Labels {
				names[i] = g.job.Outputs[l].Name
			}
			spec[jen.Id("Labels")] = strs(names)
		}
		if len(m.Buckets) > 0 {
			bs := make([]jen.Code, len(m.Buckets))
			for i, b := range m.Buckets {
				bs[i] = jen.Lit(b)
			}
			spec[jen.Id("Buckets")] = jen.Index().Float64().Values(bs...)
		}
		code = append(code, jen.If(jen.Err().Op(":=").Id("env").Dot("DeclareMetric").Call(jen.Qual(pkgMetrics, "Spec").Values(spec)), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())))
	}
	return code
}

// flushObservations are the statements at the end of flush: the time the
// write took (the serialize phase), and the state and watermark gauges.
func (g *jobGen) flushObservations() []jen.Code {
	code := []jen.Code{observe("ObserveSerialize", "start")}
	j := g.job
	switch {
	case j.Interval != nil: // the rows both sides buffer within their bound
		code = append(code, jen.If(jen.Id("j").Dot("bufL").Op("!=").Nil()).Block(
			jobMetrics().Dot("SetState").Call(jen.Id("j").Dot("bufL").Dot("Len").Call().Op("+").Id("j").Dot("bufR").Dot("Len").Call())))
	case j.Over != nil:
		code = append(code, jobMetrics().Dot("SetState").Call(jen.Len(jen.Id("j").Dot("parts"))))
	case j.Agg != nil && j.Agg.Window != nil:
		state := "groups"
		if j.Agg.Window.Kind == plan.Session {
			state = "sessions"
		}
		code = append(code, jobMetrics().Dot("SetState").Call(jen.Len(jen.Id("j").Dot(state))),
			jobMetrics().Dot("SetWatermark").Call(jen.Id("j").Dot("wm").Dot("Value").Call()))
	case j.Agg != nil:
		code = append(code, jobMetrics().Dot("SetState").Call(jen.Len(jen.Id("j").Dot("groups"))))
	}
	return code
}

// metricUpdates adds to a function that writes an output row (outs) the
// update of each of the job's @metric metrics: a call to a generated
// method per metric that takes the output columns the metric reads.
func (g *jobGen) metricUpdates(ex *exprGen, outs []val) {
	for i, m := range g.job.Metrics {
		cols := metricColumns(m)
		var args []jen.Code
		for _, c := range cols {
			args = append(args, outs[c].V)
			if g.job.Outputs[c].Expr.Nullable() {
				ok := outs[c].OK
				if ok == nil {
					ok = jen.True()
				}
				args = append(args, ok)
			}
		}
		ex.add(jen.If(jen.List(jen.Id("kind"), jen.Id("_")).Op(":=").Id("j").Dot(g.metricFunc(i)).Call(args...), jen.Id("kind").Op("!=").Lit("")).Block(
			jen.Id("j").Dot("env").Dot("Metric").Call(jen.Lit(i)).Dot("Fail").Call(jen.Id("kind"))))
	}
}

// metricColumns are the output columns a metric reads, ascending.
func metricColumns(m *plan.Metric) []int {
	set := map[int]bool{}
	for _, l := range m.Labels {
		set[l] = true
	}
	if m.Field >= 0 {
		set[m.Field] = true
	}
	if m.Condition != nil {
		for _, c := range plan.Columns(m.Condition) {
			set[c] = true
		}
	}
	cols := make([]int, 0, len(set))
	for c := range set {
		cols = append(cols, c)
	}
	sort.Ints(cols)
	return cols
}

// metricFunc generates the method that updates metric i for one output
// row and returns its name. It returns the kind and reason of an error in
// the condition or value (the update is then skipped and counted).
func (g *jobGen) metricFunc(i int) string {
	m := g.job.Metrics[i]
	name := fmt.Sprintf("metric%d", i)
	outputs := g.job.Outputs
	cols := metricColumns(m)
	var params []jen.Code
	for _, c := range cols {
		params = append(params, jen.Id(fmt.Sprintf("o%d", c)).Add(goType(outputs[c].Expr.Type())))
		if outputs[c].Expr.Nullable() {
			params = append(params, jen.Id(fmt.Sprintf("o%dok", c)).Bool())
		}
	}
	column := func(c int) val {
		v := val{V: jen.Id(fmt.Sprintf("o%d", c))}
		if outputs[c].Expr.Nullable() {
			v.OK = jen.Id(fmt.Sprintf("o%dok", c))
		}
		return v
	}
	ex := &exprGen{fn: &funcGen{job: g, column: column, system: g.system}}
	if m.Condition != nil {
		ex.add(jen.Comment("@metric_condition: " + plan.String(m.Condition)))
		filterCheck(ex, m.Condition, jen.Lit(""), jen.Lit(""))
	}
	value := jen.Code(jen.Lit(1.0))
	if m.Field >= 0 {
		f := column(m.Field)
		if f.OK != nil {
			ex.add(jen.If(jen.Op("!").Add(f.OK)).Block(jen.Return(jen.Lit(""), jen.Lit(""))).Comment("NULL records nothing"))
		}
		value = toFloat(f.V, outputs[m.Field].Expr.Type())
	}

	if len(m.Labels) == 0 {
		// One series: the worker keeps it in a field, no lookup.
		one := g.field("ms", jen.Op("*").Qual(pkgMetrics, "Child"), "the series of @metric "+m.Name)
		ex.add(
			jen.If(jen.Id("j").Dot(one).Op("==").Nil()).Block(jen.Id("j").Dot(one).Op("=").Id("j").Dot("env").Dot("Metric").Call(jen.Lit(i)).Dot("Child").Call()),
			jen.Id("j").Dot(one).Dot("Update").Call(value),
			jen.Return(jen.Lit(""), jen.Lit("")),
		)
		doc(g.f, "%s updates @metric %s (%s) for one output row of job %s.", name, m.Name, m.Kind, g.job.Name)
		g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id(name).Params(params...).Params(jen.Id("kind").String(), jen.Id("reason").String()).Block(ex.stmts...)
		return name
	}

	// The label key: the labels' typed values, and validity flags.
	key := g.id(fmt.Sprintf("Metric%dKey", i))
	var fields []jen.Code
	set := jen.Dict{}
	var texts []jen.Code
	var clone []jen.Code
	for n, l := range m.Labels {
		t := outputs[l].Expr.Type()
		v := column(l)
		f := fmt.Sprintf("l%d", n)
		ft, fv, text := goType(t), v.V, textOf(jen.Id("k").Dot(f), t)
		if t.Kind == types.Float { // NaN != NaN: key floats by their bits
			ft, fv = jen.Uint64(), jen.Qual("math", "Float64bits").Call(v.V)
			text = textOf(jen.Qual("math", "Float64frombits").Call(jen.Id("k").Dot(f)), t)
		}
		fields = append(fields, jen.Id(f).Add(ft))
		set[jen.Id(f)] = fv
		if v.OK != nil {
			fields = append(fields, jen.Id(f+"ok").Bool())
			set[jen.Id(f+"ok")] = v.OK
			text = jen.Qual(pkgMetrics, "Label").Call(jen.Id("k").Dot(f+"ok"), text)
		}
		texts = append(texts, text)
		if t.Kind == types.String {
			clone = append(clone, jen.Id("k").Dot(f).Op("=").Qual("strings", "Clone").Call(jen.Id("k").Dot(f)))
		}
	}
	g.f.Commentf("%s is a label combination of @metric %s.", key, m.Name)
	g.f.Type().Id(key).Struct(fields...)
	cache := g.field("mc", jen.Map(jen.Id(key)).Op("*").Qual(pkgMetrics, "Child"), "series of @metric "+m.Name+" this worker has used, by labels")

	ex.add(
		jen.Id("k").Op(":=").Id(key).Values(set),
		jen.List(jen.Id("c"), jen.Id("found")).Op(":=").Id("j").Dot(cache).Index(jen.Id("k")),
		jen.If(jen.Op("!").Id("found")).Block(
			jen.Id("c").Op("=").Id("j").Dot("env").Dot("Metric").Call(jen.Lit(i)).Dot("Child").Call(texts...),
			jen.If(jen.Op("!").Id("c").Dot("Overflow").Call()).Block(append(append([]jen.Code{
				jen.If(jen.Id("j").Dot(cache).Op("==").Nil()).Block(jen.Id("j").Dot(cache).Op("=").Map(jen.Id(key)).Op("*").Qual(pkgMetrics, "Child").Values())},
				clone...), jen.Id("j").Dot(cache).Index(jen.Id("k")).Op("=").Id("c"))...),
		),
		jen.Id("c").Dot("Update").Call(value),
		jen.Return(jen.Lit(""), jen.Lit("")),
	)
	doc(g.f, "%s updates @metric %s (%s) for one output row of job %s.", name, m.Name, m.Kind, g.job.Name)
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id(name).Params(params...).Params(jen.Id("kind").String(), jen.Id("reason").String()).Block(ex.stmts...)
	return name
}
