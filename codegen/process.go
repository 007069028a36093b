package codegen

import (
	"github.com/dave/jennifer/jen"

	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/types"
	"github.com/velocsql/veloc/runtime/jsonrec"
)

// readStream generates the read loop of a job whose source is an earlier
// job's output, read in process in batches of typed rows.
func (g *jobGen) readStream() {
	s := g.job.Source
	end := jen.Code(jen.Return(jen.Nil()))
	if g.job.Agg != nil || hasFinal(g.job) {
		// The end of the producer's output closes the aggregation, or
		// writes the rows waiting for later rows.
		end = jen.If(jen.Id("j").Dot("ctx").Dot("Err").Call().Op("==").Nil().Op("&&").Op("!").Id("j").Dot("stop")).Block(
			jen.Return(jen.Id("j").Dot("final").Call())).Else().Block(jen.Return(jen.Nil()))
	}
	var body []jen.Code
	if a := g.job.Agg; a != nil && a.Window != nil {
		body = append(body, jen.Id("j").Dot("startWindows").Call())
	}
	body = append(body,
		jen.Id("rd").Op(":=").Qual(pkgApp, "Input").Index(jen.Id(g.inType)).Call(jen.Id("j").Dot("env"), jen.Lit(s.Name)),
		jen.For().Block(
			jen.List(jen.Id("batch"), jen.Id("ok")).Op(":=").Id("rd").Dot("Next").Call(jen.Id("j").Dot("ctx")),
			jen.If(jen.Op("!").Id("ok")).Block(end),
			jen.Id("t0").Op(":=").Add(now()),
			jen.For(jen.Id("i").Op(":=").Range().Id("batch")).Block(
				jen.Id("j").Dot("nIn").Op("++"),
				jen.List(jen.Id("kind"), jen.Id("reason")).Op(":=").Id("j").Dot("process").Call(jen.Op("&").Id("batch").Index(jen.Id("i"))),
				handle(jen.Qual(pkgApp, "Location").Values(jen.Dict{jen.Id("Source"): jen.Lit(s.Name)}), jen.Nil()),
				jen.If(jen.Id("j").Dot("stop")).Block(jen.Id("rd").Dot("Close").Call(), jen.Return(g.stopErr())),
			),
			observe("ObserveProcess", "t0"),
			g.maybeFlush(),
			observe("ObserveBatch", "t0"),
		),
	)
	g.f.Commentf("read reads the rows job %s writes, in process: the fused loop of the job.", s.Producer.Name)
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("read").Params().Error().Block(body...)
}

// process generates the fused body of the job for one decoded record:
// the remaining filter, the output columns, and their encoding into the
// sink's buffer (and the row for in-process consumers).
func (g *jobGen) process() {
	j := g.job
	if len(j.Slots) > 0 {
		g.processJoin()
		return
	}
	fn := &funcGen{job: g, system: g.system}
	var params []jen.Code
	ex := &exprGen{fn: fn}
	switch {
	case j.Source.Producer != nil && j.Over != nil:
		// A row may wait in its partition (LEAD, FOLLOWING) and is
		// written from the job's copy, as for a file's record. The
		// producer's strings are its own (cloned), so keeping them is safe.
		params = []jen.Code{jen.Id("r").Op("*").Id(g.inType)}
		ex.add(jen.Id("j").Dot("in").Op("=").Op("*").Id("r"))
		fn.column = g.inColumn
	case j.Source.Producer != nil:
		params = []jen.Code{jen.Id("r").Op("*").Id(g.inType)}
		fn.column = func(i int) val {
			v := val{V: jen.Id("r").Dot(g.inField[i])}
			if j.Source.Schema.Columns[i].Nullable {
				v.OK = jen.Id("r").Dot(g.inOK[i])
			}
			return v
		}
	default:
		fn.column = g.inColumn
	}
	if j.Where != nil {
		ex.add(jen.Comment("WHERE " + plan.String(j.Where)))
		filterCheck(ex, j.Where, jen.Lit(""), jen.Lit(""))
	}
	if j.Over != nil {
		g.overRecord(ex)
		doc(g.f, "process runs job %s on one record: filter, then compute its row-window\n(OVER) values in its partition and write its row (with LEAD, once the later\nrows it needs have come). It returns the kind and reason of an error record.", j.Name)
		g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("process").Params(params...).Params(
			jen.Id("kind").String(), jen.Id("reason").String()).Block(ex.stmts...)
		g.overFuncs()
		return
	}
	if j.Agg != nil {
		g.aggregateRecord(ex)
		doc(g.f, "process runs job %s on one record: filter, then fold it into its group\n(and emit the group's new row for EMIT CHANGES). It returns the kind and\nreason of an error record, or \"\".", j.Name)
		g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("process").Params(params...).Params(
			jen.Id("kind").String(), jen.Id("reason").String()).Block(ex.stmts...)
		g.aggregateFuncs()
		return
	}
	outs := make([]val, len(j.Outputs))
	for i, o := range j.Outputs {
		ex.add(jen.Commentf("%s = %s", o.Name, plan.String(o.Expr)))
		outs[i] = ex.expr(o.Expr)
	}
	g.writeOutputs(ex, outs)
	ex.add(jen.Return(jen.Lit(""), jen.Lit("")))
	doc(g.f, "process runs job %s on one record: filter, compute the output columns,\nencode them. It returns the kind and reason of an error record, or \"\".", j.Name)
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("process").Params(params...).Params(
		jen.Id("kind").String(), jen.Id("reason").String()).Block(ex.stmts...)
}

// writeOutputs adds the statements that write one output row: encode it
// into the sink's buffer, keep it for in-process consumers, count it, and
// stop at LIMIT.
func (g *jobGen) writeOutputs(ex *exprGen, outs []val) {
	j := g.job
	if s := j.Sink; s != nil {
		ex.add(jen.Id("out").Op(":=").Id("j").Dot("out"))
		if s.Kind == plan.KafkaSink {
			ex.add(jen.Id("start").Op(":=").Len(jen.Id("out")))
		}
		switch s.Format {
		case plan.CSV:
			ex.add(g.encodeCSV(outs)...)
		case plan.Text, plan.RawBytes:
			ex.add(g.encodeText(outs)...)
		case plan.Avro:
			ex.add(g.encodeAvro(outs)...)
		default:
			ex.add(g.encodeJSON(outs)...)
		}
		if s.Kind == plan.KafkaSink {
			ex.add(g.kafkaProduce(ex, outs)...)
		}
		ex.add(jen.Id("j").Dot("out").Op("=").Id("out"))
	}
	if g.rowType != "" {
		d := jen.Dict{}
		for i, o := range j.Outputs {
			v := outs[i].V
			switch o.Expr.Type().Kind {
			case types.String:
				v = jen.Qual("strings", "Clone").Call(v) // rows outlive the read buffer
			case types.Array, types.Map:
				v = cloneContainer(v, o.Expr.Type())
			}
			d[jen.Id(g.rowField[i])] = v
			if o.Expr.Nullable() {
				d[jen.Id(g.rowOK[i])] = outs[i].OK
			}
		}
		ex.add(jen.Id("j").Dot("rows").Op("=").Append(jen.Id("j").Dot("rows"), jen.Id(g.rowType).Values(d)))
	}
	g.metricUpdates(ex, outs)
	ex.add(jen.Id("j").Dot("nOut").Op("++"))
	if j.Limit >= 0 {
		ex.add(jen.Id("j").Dot("written").Op("++"),
			jen.If(jen.Id("j").Dot("written").Op(">=").Lit(j.Limit)).Block(jen.Id("j").Dot("stop").Op("=").True()))
	}
}

// encodeCSV appends one CSV row: NULL is an empty cell (types.md).
func (g *jobGen) encodeCSV(outs []val) []jen.Code {
	var code []jen.Code
	for i, o := range g.job.Outputs {
		if i > 0 {
			code = append(code, jen.Id("out").Op("=").Append(jen.Id("out"), jen.Id("j").Dot("delim")))
		}
		var app jen.Code
		switch o.Expr.Type().Kind {
		case types.String:
			app = jen.Id("out").Op("=").Qual(pkgCSV, "AppendStringField").Call(jen.Id("out"), outs[i].V, jen.Id("j").Dot("delim"), jen.LitRune('"'))
		case types.Array, types.Map: // the JSON text, quoted as CSV
			app = jen.Id("out").Op("=").Qual(pkgCSV, "AppendStringField").Call(jen.Id("out"), containerText(outs[i].V, o.Expr.Type()), jen.Id("j").Dot("delim"), jen.LitRune('"'))
		default:
			app = jen.Id("out").Op("=").Add(appendValue(jen.Id("out"), outs[i].V, o.Expr.Type(), false))
		}
		code = append(code, ifValid(outs[i].OK, app)...)
	}
	return append(code, jen.Id("out").Op("=").Append(jen.Id("out"), jen.LitRune('\n')))
}

// encodeText appends a 'string' or 'bytes' Kafka value: the one output
// column's text as it is (a NULL is an empty value), and the newline the
// message leaves out.
func (g *jobGen) encodeText(outs []val) []jen.Code {
	o := g.job.Outputs[0]
	var app jen.Code
	switch t := o.Expr.Type(); t.Kind {
	case types.String:
		app = jen.Id("out").Op("=").Append(jen.Id("out"), jen.Add(outs[0].V).Op("..."))
	case types.Array, types.Map:
		app = jen.Id("out").Op("=").Append(jen.Id("out"), jen.Add(containerText(outs[0].V, t)).Op("..."))
	default:
		app = jen.Id("out").Op("=").Add(appendValue(jen.Id("out"), outs[0].V, t, false))
	}
	return append(ifValid(outs[0].OK, app), jen.Id("out").Op("=").Append(jen.Id("out"), jen.LitRune('\n')))
}

// encodeJSON appends one JSON object line; NULL is null with the key
// present (types.md). Keys are encoded at compile time.
func (g *jobGen) encodeJSON(outs []val) []jen.Code {
	var code []jen.Code
	for i, o := range g.job.Outputs {
		prefix := ","
		if i == 0 {
			prefix = "{"
		}
		key := string(jsonrec.AppendString([]byte(prefix), o.Name)) + ":"
		code = append(code, jen.Id("out").Op("=").Append(jen.Id("out"), jen.Lit(key).Op("...")))
		app := jen.Id("out").Op("=").Add(appendJSON(jen.Id("out"), outs[i].V, o.Expr.Type()))
		if outs[i].OK == nil {
			code = append(code, app)
		} else {
			code = append(code, jen.If(outs[i].OK).Block(app).Else().Block(jen.Id("out").Op("=").Append(jen.Id("out"), jen.Lit("null").Op("..."))))
		}
	}
	if len(g.job.Outputs) == 0 {
		code = append(code, jen.Id("out").Op("=").Append(jen.Id("out"), jen.LitRune('{')))
	}
	return append(code, jen.Id("out").Op("=").Append(jen.Id("out"), jen.Lit("}\n").Op("...")))
}

// appendValue appends a non-string value's text; json quotes timestamps
// and dates and writes NaN/Infinity as strings.
func appendValue(dst, v jen.Code, t types.Type, json bool) jen.Code {
	switch t.Kind {
	case types.Int, types.Interval:
		return jen.Qual("strconv", "AppendInt").Call(dst, v, jen.Lit(10))
	case types.Float:
		if json {
			return jen.Qual(pkgJSON, "AppendFloat").Call(dst, v)
		}
		return jen.Qual(pkgScalar, "AppendFloat").Call(dst, v)
	case types.Bool:
		return jen.Qual(pkgScalar, "AppendBool").Call(dst, v)
	case types.Decimal:
		return decFn(t, "Append").Call(dst, v, jen.Lit(int(t.Scale)))
	case types.Timestamp, types.Date:
		fn := "AppendTimestamp"
		if t.Kind == types.Date {
			fn = "AppendDate"
		}
		if json {
			return jen.Append(jen.Qual(pkgScalar, fn).Call(jen.Append(dst, jen.LitRune('"')), v), jen.LitRune('"'))
		}
		return jen.Qual(pkgScalar, fn).Call(dst, v)
	}
	panic("codegen: cannot encode " + t.String())
}
