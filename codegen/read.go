package codegen

import (
	"github.com/dave/jennifer/jen"

	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/types"
)

// This file generates how a job reads a file source: the files are cut
// into chunks of whole records (runtime/fileio.Parallel), each chunk runs
// the job's fused loop on one of the job's workers, and the chunks'
// results are written in input order (runtime.md: on files, work is split
// across cores; dialect.md: rows come in input order per file). A job
// with LIMIT has one worker, so that it stops at exactly n rows.
//
//	read      opens the source, starts the workers, commits in order
//	worker    a job value per worker: shared settings, its own buffers
//	chunk     one chunk through the fused loop; returns its output
//	records   the fused loop over a chunk's records (CSV or JSON lines)
//	commit    writes one chunk's output and counts, in order

// parallel reports whether the job's records may be spread over several
// workers: a file source and no LIMIT.
func parallel(j *plan.Job) bool {
	if j.Source.Producer != nil || j.Source.Kind == plan.KafkaSource || j.Limit >= 0 {
		return false
	}
	if j.Over != nil {
		return false // partitions see their rows in arrival order
	}
	if j.Sink != nil && j.Sink.Kind == plan.KafkaSink {
		return false // messages are produced as rows are made, in input order
	}
	return j.Agg == nil || j.Agg.Window == nil && mergeable(j.Agg)
}

// mergeable reports whether an aggregation can run on several workers:
// each keeps partial groups for the chunks it reads, merged at the end of
// the input. That needs EMIT FINAL (EMIT CHANGES writes in input order)
// and aggregates whose result does not depend on the order of the rows.
func mergeable(a *plan.Aggregate) bool {
	if a.Emit != plan.EmitFinal {
		return false
	}
	for _, c := range a.Aggs {
		switch c.Name {
		case "FIRST", "LAST", "STRING_AGG", "COLLECT":
			return false
		case "STDDEV", "STDDEV_POP", "VARIANCE", "VAR_POP", "CORR", "COVAR_POP", "COVAR_SAMP", "REGR_SLOPE", "REGR_INTERCEPT", "REGR_R2":
			return false // float sums: another order changes the last digits
		case "SUM", "AVG":
			if c.Args[0].Type().Kind == types.Float {
				return false
			}
		}
	}
	return true
}

// chunkType declares the result of one chunk.
func (g *jobGen) chunkType() {
	fs := []jen.Code{
		jen.Id("nIn").Op(",").Id("nOut").Int().Comment("records read and written"),
		jen.Id("stop").Bool().Comment("LIMIT reached"),
		jen.Id("start").Qual("time", "Time").Comment("when the worker started on the chunk"),
	}
	if g.job.Sink != nil {
		fs = append(fs, jen.Id("out").Index().Byte().Comment("encoded output"))
	}
	if g.rowType != "" {
		fs = append(fs, jen.Id("rows").Index().Id(g.rowType).Comment("rows for in-process consumers"))
	}
	g.f.Commentf("%s is what one worker made of one chunk of the input, committed in input order.", g.id("Chunk"))
	g.f.Type().Id(g.id("Chunk")).Struct(fs...)
}

// readFile generates read, worker, chunk and commit for a file source.
func (g *jobGen) readFile() {
	j := g.job
	s := j.Source
	csv := s.Format != plan.JSONL
	g.chunkType()

	workers := jen.Code(jen.Lit(1))
	if parallel(j) {
		workers = jen.Int().Call(jen.Id("j").Dot("env").Dot("Int").Call(jen.Lit(j.Name + ".parallelism")))
	}
	opts := jen.Dict{}
	if csv {
		opts[jen.Id("Quote")] = jen.Id("j").Dot("env").Dot("String").Call(jen.Lit(s.Name + ".quote")).Index(jen.Lit(0))
		opts[jen.Id("Delimiter")] = jen.Id("j").Dot("env").Dot("String").Call(jen.Lit(s.Name + ".delimiter")).Index(jen.Lit(0))
		opts[jen.Id("Header")] = jen.Id("j").Dot("env").Dot("Bool").Call(jen.Lit(s.Name + ".has_headers"))
	}
	chunkT := g.id("Chunk")
	var body []jen.Code
	if j.Agg != nil && j.Agg.Window != nil {
		body = append(body, jen.Id("j").Dot("startWindows").Call())
	}
	body = append(body, g.fileSourceOpen()...)
	body = append(body,
		jen.Comment("Write what open buffered (a CSV header) before the first chunk."),
		jen.If(jen.Err().Op(":=").Id("j").Dot("flush").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Id("workers").Op(":=").Add(workers),
		jen.If(jen.Id("workers").Op("<=").Lit(0)).Block(jen.Id("workers").Op("=").Qual("runtime", "GOMAXPROCS").Call(jen.Lit(0))),
		jen.Id("j").Dot("bufs").Op("=").Make(jen.Chan().Index().Byte(), jen.Lit(2).Op("*").Id("workers").Op("+").Lit(2)),
		g.rowBufsMake(),
		jen.Id("j").Dot("newReader").Call(),
		jen.Comment("One worker runs on this goroutine as the job itself, so that its state"),
		jen.Comment("(the groups of an aggregation) stays in j."),
		jen.Id("ws").Op(":=").Index().Op("*").Id(g.id("Job")).Values(jen.Id("j")),
		jen.If(jen.Id("workers").Op(">").Lit(1)).Block(
			jen.Id("ws").Op("=").Make(jen.Index().Op("*").Id(g.id("Job")), jen.Id("workers")),
			jen.For(jen.Id("i").Op(":=").Range().Id("ws")).Block(jen.Id("ws").Index(jen.Id("i")).Op("=").Id("j").Dot("worker").Call())),
		jen.Id("opts").Op(":=").Qual(pkgFileIO, "ChunkOptions").Values(opts),
		jen.Err().Op("=").Qual(pkgFileIO, "Parallel").Call(jen.Id("j").Dot("ctx"), jen.Id("src"), jen.Id("opts"), jen.Id("workers"),
			jen.Func().Params(jen.Id("w").Int(), jen.Id("c").Op("*").Qual(pkgFileIO, "Chunk")).Params(jen.Id(chunkT), jen.Error()).Block(
				jen.Return(jen.Id("ws").Index(jen.Id("w")).Dot("chunk").Call(jen.Id("c"), jen.Id("opts"))),
			),
			jen.Id("j").Dot("commit")),
	)
	if j.Agg != nil && parallel(j) {
		body = append(body, jen.Comment("Merge the workers' partial groups into the job's."),
			jen.For(jen.List(jen.Id("_"), jen.Id("w")).Op(":=").Range().Id("ws")).Block(
				jen.If(jen.Id("w").Op("!=").Id("j")).Block(jen.Id("j").Dot("absorb").Call(jen.Id("w")))),
			jen.Comment("Groups are written in the order they first appeared in the input."),
			jen.Qual("sort", "Slice").Call(jen.Id("j").Dot("order"), jen.Func().Params(jen.Id("x"), jen.Id("y").Int()).Bool().Block(
				jen.Return(jen.Id("j").Dot("order").Index(jen.Id("x")).Dot("first").Op("<").Id("j").Dot("order").Index(jen.Id("y")).Dot("first")))))
	}
	if j.Agg != nil || hasFinal(j) {
		body = append(body, jen.Comment("The end of the input closes the aggregation (not a stop by a signal)."),
			jen.If(jen.Err().Op("==").Nil().Op("&&").Id("j").Dot("ctx").Dot("Err").Call().Op("==").Nil().Op("&&").Op("!").Id("j").Dot("stop")).Block(
				jen.Err().Op("=").Id("j").Dot("final").Call()))
	}
	body = append(body, jen.Return(jen.Err()))
	doc(g.f, "read reads every file of source %s in chunks of whole records, runs them\non the job's workers, and writes their results in input order.", s.Name)
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("read").Params().Error().Block(body...)

	// worker
	w := jen.Dict{
		jen.Id("env"):      jen.Id("j").Dot("env"),
		jen.Id("ctx"):      jen.Id("j").Dot("ctx"),
		jen.Id("inCount"):  jen.Id("j").Dot("inCount"),
		jen.Id("outCount"): jen.Id("j").Dot("outCount"),
		jen.Id("bufs"):     jen.Id("j").Dot("bufs"),
	}
	if g.rowType != "" {
		w[jen.Id("rowBufs")] = jen.Id("j").Dot("rowBufs")
	}
	if j.Sink != nil && j.Sink.Format == plan.CSV {
		w[jen.Id("delim")] = jen.Id("j").Dot("delim")
	}
	for _, f := range g.sharedJoinFields() {
		w[jen.Id(f)] = jen.Id("j").Dot(f)
	}
	doc(g.f, "worker returns a job value for one worker: it shares the job's settings and\ncounters and has buffers of its own.")
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("worker").Params().Op("*").Id(g.id("Job")).Block(
		jen.Id("w").Op(":=").Op("&").Id(g.id("Job")).Values(w),
		jen.Id("w").Dot("newReader").Call(),
		jen.Return(jen.Id("w")))
	var reader []jen.Code
	if csv {
		reader = append(reader, jen.Id("j").Dot("rd").Op("=").Qual(pkgCSV, "NewReader").Call(jen.Nil(), jen.Qual(pkgCSV, "Options").Values(jen.Dict{
			jen.Id("Delimiter"): jen.Id("j").Dot("env").Dot("String").Call(jen.Lit(s.Name + ".delimiter")).Index(jen.Lit(0)),
			jen.Id("Quote"):     jen.Id("j").Dot("env").Dot("String").Call(jen.Lit(s.Name + ".quote")).Index(jen.Lit(0)),
		})))
	}
	g.f.Comment("newReader gives the job value the record reader of its source's format.")
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("newReader").Params().Block(reader...)

	// chunk
	chunk := []jen.Code{
		jen.Id("start").Op(":=").Add(now()),
		jen.Id("j").Dot("env").Dot("ReadBytes").Call(jen.Len(jen.Id("c").Dot("Data"))),
		jen.Id("j").Dot("env").Dot("Metrics").Dot("ObserveDeserialize").Call(jen.Id("c").Dot("Read")),
		jen.Select().Block(
			jen.Case(jen.Id("b").Op(":=").Op("<-").Id("j").Dot("bufs")).Block(jen.Id("j").Dot("out").Op("=").Id("b")),
			jen.Default().Block(),
		),
		jen.Var().Err().Error(),
	}
	if j.Sink == nil {
		chunk = append(chunk[:3], chunk[4:]...) // no output buffer to take
	}
	if g.rowType != "" {
		// Rows go into a buffer commit gave back, if there is one.
		chunk = append([]jen.Code{jen.If(jen.Id("j").Dot("rows").Op("==").Nil()).Block(jen.Select().Block(
			jen.Case(jen.Id("b").Op(":=").Op("<-").Id("j").Dot("rowBufs")).Block(jen.Id("j").Dot("rows").Op("=").Id("b")),
			jen.Default().Block()))}, chunk...)
	}
	if j.Agg != nil && parallel(j) {
		chunk = append(chunk, jen.Id("j").Dot("seq").Op("=").Id("c").Dot("Seq").Comment("for the order groups first appeared in"))
	}
	if csv {
		chunk = append(chunk,
			jen.If(jen.Id("opts").Dot("Header")).Block(
				jen.If(jen.Id("j").Dot("bound").Op("==").Nil().Op("||").Op("!").Qual("bytes", "Equal").Call(jen.Id("j").Dot("bound"), jen.Id("c").Dot("Header"))).Block(
					jen.Err().Op("=").Id("j").Dot("bindHeaderLine").Call(jen.Id("c").Dot("Header"), jen.Id("c").Dot("File")),
				),
			).Else().If(jen.Id("j").Dot("fields").Op("==").Lit(0)).Block(jen.Id("j").Dot("bindPositions").Call()),
			jen.If(jen.Err().Op("==").Nil()).Block(
				jen.Id("j").Dot("rd").Dot("ResetBytesAt").Call(jen.Id("c").Dot("Data"), jen.Id("c").Dot("Line")),
				jen.Err().Op("=").Id("j").Dot("records").Call(jen.Id("c").Dot("File")),
			),
		)
	} else {
		chunk = append(chunk,
			jen.Id("j").Dot("lines").Dot("Reset").Call(jen.Id("c").Dot("Data"), jen.Id("c").Dot("Line")),
			jen.Err().Op("=").Id("j").Dot("records").Call(jen.Id("c").Dot("File")),
		)
	}
	chunk = append(chunk, jen.Id("j").Dot("env").Dot("Metrics").Dot("ObserveProcess").Call(jen.Qual("time", "Since").Call(jen.Id("start"))))
	res := jen.Dict{jen.Id("nIn"): jen.Id("j").Dot("nIn"), jen.Id("nOut"): jen.Id("j").Dot("nOut"), jen.Id("stop"): jen.Id("j").Dot("stop"), jen.Id("start"): jen.Id("start")}
	reset := []jen.Code{jen.List(jen.Id("j").Dot("nIn"), jen.Id("j").Dot("nOut")).Op("=").List(jen.Lit(0), jen.Lit(0))}
	if j.Sink != nil {
		res[jen.Id("out")] = jen.Id("j").Dot("out")
		reset = append(reset, jen.Id("j").Dot("out").Op("=").Nil())
	}
	if g.rowType != "" {
		res[jen.Id("rows")] = jen.Id("j").Dot("rows")
		reset = append(reset, jen.Id("j").Dot("rows").Op("=").Nil())
	}
	chunk = append(chunk, jen.Id("r").Op(":=").Id(chunkT).Values(res))
	chunk = append(chunk, reset...)
	chunk = append(chunk, jen.Return(jen.Id("r"), jen.Err()))
	doc(g.f, "chunk runs the job's fused loop over one chunk on this worker and hands back\nwhat it made; the rows before an error record that stops the job are kept.")
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("chunk").Params(
		jen.Id("c").Op("*").Qual(pkgFileIO, "Chunk"), jen.Id("opts").Qual(pkgFileIO, "ChunkOptions")).Params(jen.Id(chunkT), jen.Error()).Block(chunk...)

	// commit
	set := []jen.Code{jen.List(jen.Id("j").Dot("nIn"), jen.Id("j").Dot("nOut")).Op("=").List(jen.Id("r").Dot("nIn"), jen.Id("r").Dot("nOut"))}
	if j.Sink != nil {
		set = append(set, jen.Id("j").Dot("out").Op("=").Id("r").Dot("out"))
	}
	if g.rowType != "" {
		set = append(set, jen.Id("j").Dot("rows").Op("=").Id("r").Dot("rows"))
	}
	set = append(set, jen.Err().Op(":=").Id("j").Dot("flush").Call(),
		jen.Id("j").Dot("env").Dot("Metrics").Dot("ObserveBatch").Call(jen.Qual("time", "Since").Call(jen.Id("r").Dot("start"))))
	if g.rowType != "" {
		// flush sent copies of the rows: their buffer goes back to the workers.
		set = append(set,
			jen.Select().Block(
				jen.Case(jen.Id("j").Dot("rowBufs").Op("<-").Id("j").Dot("rows").Index(jen.Empty(), jen.Lit(0))).Block(),
				jen.Default().Block(),
			),
			jen.Id("j").Dot("rows").Op("=").Nil())
	}
	if j.Sink != nil {
		set = append(set,
			jen.Select().Block(
				jen.Case(jen.Id("j").Dot("bufs").Op("<-").Id("j").Dot("out").Index(jen.Empty(), jen.Lit(0))).Block(),
				jen.Default().Block(),
			),
			jen.Id("j").Dot("out").Op("=").Nil())
	}
	set = append(set,
		jen.If(jen.Err().Op("==").Nil().Op("&&").Id("r").Dot("stop")).Block(jen.Return(jen.Qual(pkgFileIO, "ErrStop"))),
		jen.Return(jen.Err()))
	doc(g.f, "commit writes one chunk's output and adds its counts; chunks arrive in input\norder. Its buffer goes back to the workers.")
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("commit").Params(jen.Id("r").Id(chunkT)).Error().Block(set...)

	if csv {
		g.csvRecords()
		g.f.Comment("bindHeaderLine binds the columns to the fields of a file's header line.")
		g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("bindHeaderLine").Params(jen.Id("header").Index().Byte(), jen.Id("file").String()).Error().Block(
			jen.Id("j").Dot("rd").Dot("ResetBytes").Call(jen.Id("header")),
			jen.List(jen.Id("rec"), jen.Err()).Op(":=").Id("j").Dot("rd").Dot("Read").Call(),
			jen.If(jen.Err().Op("!=").Nil().Op("&&").Err().Op("!=").Qual("io", "EOF")).Block(
				jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit("%s: header: %w"), jen.Id("file"), jen.Err()))),
			jen.If(jen.Err().Op(":=").Id("j").Dot("bindHeader").Call(jen.Id("rec").Dot("Fields"), jen.Id("file")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			jen.Id("j").Dot("bound").Op("=").Qual("bytes", "Clone").Call(jen.Id("header")),
			jen.If(jen.Id("j").Dot("bound").Op("==").Nil()).Block(jen.Id("j").Dot("bound").Op("=").Index().Byte().Values()),
			jen.Return(jen.Nil()),
		)
	} else {
		g.jsonRecords()
	}
}

// stopErr is what the fused loop returns when the job stops: nil after
// LIMIT, the error that closing a window met for a windowed job.
func (g *jobGen) stopErr() jen.Code {
	if a := g.job.Agg; a != nil && a.Window != nil || hasFinal(g.job) {
		return jen.Id("j").Dot("fatal")
	}
	return jen.Nil()
}

// hasFinal reports whether a job without GROUP BY has work at the end of
// its input: rows waiting for LEAD values or FOLLOWING rows.
func hasFinal(j *plan.Job) bool {
	return j.Over != nil && overDelay(j.Over) > 0
}

// csvRecords generates the fused loop over the CSV records of a chunk.
func (g *jobGen) csvRecords() {
	s := g.job.Source
	loc := jen.Qual(pkgApp, "Location").Values(jen.Dict{jen.Id("Source"): jen.Lit(s.Name), jen.Id("File"): jen.Id("file"), jen.Id("Line"): jen.Id("rec").Dot("Line")})
	body := []jen.Code{
		jen.For(jen.Id("n").Op(":=").Lit(0), jen.Empty(), jen.Id("n").Op("++")).Block(
			cancelled("n"),
			jen.List(jen.Id("rec"), jen.Err()).Op(":=").Id("j").Dot("rd").Dot("Read").Call(),
			jen.If(jen.Err().Op("==").Qual("io", "EOF")).Block(jen.Return(jen.Nil())),
			jen.If(jen.Err().Op("!=").Nil()).Block(
				jen.Var().Id("pe").Op("*").Qual(pkgCSV, "ParseError"),
				jen.If(jen.Op("!").Qual("errors", "As").Call(jen.Err(), jen.Op("&").Id("pe"))).Block(jen.Return(jen.Err())),
				jen.Id("j").Dot("nIn").Op("++"),
				jen.List(jen.Id("kind"), jen.Id("reason")).Op(":=").List(jen.Lit(kindMalformed), jen.Id("pe").Dot("Err").Dot("Error").Call()),
				handle(jen.Qual(pkgApp, "Location").Values(jen.Dict{jen.Id("Source"): jen.Lit(s.Name), jen.Id("File"): jen.Id("file"), jen.Id("Line"): jen.Id("pe").Dot("Line")}), jen.Nil()),
				jen.Continue(),
			),
			jen.Id("j").Dot("nIn").Op("++"),
			jen.Id("j").Dot("line").Op("=").Id("rec").Dot("Line"),
			jen.List(jen.Id("keep"), jen.Id("kind"), jen.Id("reason")).Op(":=").Id("j").Dot("decode").Call(jen.Id("rec").Dot("Fields")),
			jen.If(jen.Id("keep")).Block(jen.List(jen.Id("kind"), jen.Id("reason")).Op("=").Id("j").Dot("process").Call()),
			handle(loc, jen.Id("j").Dot("rawCSV").Call(jen.Id("rec").Dot("Fields"))),
			jen.If(jen.Id("j").Dot("stop")).Block(jen.Return(g.stopErr())),
		),
	}
	g.f.Comment("records runs the fused loop of the job over the CSV records of a chunk.")
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("records").Params(jen.Id("file").String()).Error().Block(body...)
	g.f.Comment("rawCSV rebuilds an error record's text for the dead-letter queue.")
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("rawCSV").Params(jen.Id("fields").Index().Index().Byte()).Index().Byte().Block(
		jen.Id("j").Dot("raw").Op("=").Id("j").Dot("raw").Index(jen.Empty(), jen.Lit(0)),
		jen.For(jen.List(jen.Id("i"), jen.Id("f")).Op(":=").Range().Id("fields")).Block(
			jen.If(jen.Id("i").Op(">").Lit(0)).Block(jen.Id("j").Dot("raw").Op("=").Append(jen.Id("j").Dot("raw"), jen.LitRune(','))),
			jen.Id("j").Dot("raw").Op("=").Qual(pkgCSV, "AppendField").Call(jen.Id("j").Dot("raw"), jen.Id("f"), jen.LitRune(','), jen.LitRune('"')),
		),
		jen.Return(jen.Id("j").Dot("raw")),
	)
}

// jsonRecords generates the fused loop over the JSON lines of a chunk.
func (g *jobGen) jsonRecords() {
	s := g.job.Source
	loc := jen.Qual(pkgApp, "Location").Values(jen.Dict{jen.Id("Source"): jen.Lit(s.Name), jen.Id("File"): jen.Id("file"), jen.Id("Line"): jen.Id("num")})
	body := []jen.Code{
		jen.For(jen.Id("n").Op(":=").Lit(0), jen.Empty(), jen.Id("n").Op("++")).Block(
			cancelled("n"),
			jen.List(jen.Id("line"), jen.Id("num"), jen.Id("ok")).Op(":=").Id("j").Dot("lines").Dot("Next").Call(),
			jen.If(jen.Op("!").Id("ok")).Block(jen.Return(jen.Nil())),
			jen.Id("j").Dot("nIn").Op("++"),
			jen.Id("j").Dot("line").Op("=").Id("num"),
			jen.List(jen.Id("keep"), jen.Id("kind"), jen.Id("reason")).Op(":=").Id("j").Dot("decode").Call(jen.Id("line")),
			jen.If(jen.Id("keep")).Block(jen.List(jen.Id("kind"), jen.Id("reason")).Op("=").Id("j").Dot("process").Call()),
			handle(loc, jen.Id("line")),
			jen.If(jen.Id("j").Dot("stop")).Block(jen.Return(g.stopErr())),
		),
	}
	g.f.Comment("records runs the fused loop of the job over the JSON lines of a chunk.")
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("records").Params(jen.Id("file").String()).Error().Block(body...)
}

// rowBufsMake makes the channel that hands row buffers back to the
// workers of a job that feeds other jobs in process.
func (g *jobGen) rowBufsMake() jen.Code {
	if g.rowType == "" {
		return jen.Null()
	}
	return jen.Id("j").Dot("rowBufs").Op("=").Make(jen.Chan().Index().Id(g.rowType), jen.Lit(2).Op("*").Id("workers").Op("+").Lit(2))
}
