package codegen

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/schema"
	"github.com/velocsql/veloc/compiler/types"
)

// jobGen generates the code of one job: its record types, its decoder,
// its fused process function and its read loop.
type jobGen struct {
	p    *progGen
	job  *plan.Job
	f    *jen.File
	base string // lowerCamel job name: "picked"

	// The input record: one field (and validity flag) per source column.
	inType        string
	inField, inOK []string
	// The output row type for in-process consumers.
	rowType         string
	rowField, rowOK []string
	// extra are fields expression generators added to the job type.
	extra []jen.Code
	// The output row of an aggregating job (<job>Out).
	outField, outOK []string
}

// field adds a field of type t to the job type (one per worker, since each
// worker has its own job value) and returns its name.
func (g *jobGen) field(kind string, t jen.Code, comment string) string {
	name := fmt.Sprintf("%s%d", kind, len(g.extra))
	g.extra = append(g.extra, jen.Id(name).Add(t).Comment(comment))
	return name
}

func newJobGen(p *progGen, j *plan.Job, f *jen.File) *jobGen {
	g := &jobGen{p: p, job: j, f: f, base: camel(j.Name)}
	if j.Source.Producer != nil {
		pg := p.jobs[j.Source.Producer]
		g.inType, g.inField, g.inOK = pg.rowType, pg.rowField, pg.rowOK
	} else {
		g.inType = g.base + "In"
		g.inField, g.inOK = columnFields(j.Source.Schema.Names())
	}
	if len(j.Consumers) > 0 {
		names := make([]string, len(j.Outputs))
		for i, o := range j.Outputs {
			names[i] = o.Name
		}
		g.rowType = g.base + "Row"
		g.rowField, g.rowOK = columnFields(names)
	}
	return g
}

func columnFields(names []string) ([]string, []string) {
	fields := fieldNames(names)
	oks := make([]string, len(fields))
	for i, f := range fields {
		oks[i] = "ok" + strings.TrimPrefix(f, "c")
	}
	return fields, oks
}

func (g *jobGen) id(suffix string) string { return g.base + suffix }

// likeMatcher declares a package-level compiled LIKE pattern and returns
// its name.
func (g *jobGen) likeMatcher(pattern string, escape rune) string {
	return g.global("Like", jen.Qual(pkgSQLFn, "CompileLike").Call(jen.Lit(pattern), jen.Lit(escape)))
}

// global declares a package-level variable of the job, initialised once
// at program start (a compiled pattern, path or format) or, when init is a
// type, declared with its zero value (a per-call-site cache), and returns
// its name.
func (g *jobGen) global(kind string, init jen.Code) string {
	name := fmt.Sprintf("%s%s%d", g.base, kind, g.p.globals)
	g.p.globals++
	if t, ok := init.(typeCode); ok {
		g.f.Var().Id(name).Add(t.Code)
	} else {
		g.f.Var().Id(name).Op("=").Add(init)
	}
	return name
}

// usesHeaders reports whether the job calls a header function, which
// reads the job's hdr field.
func usesHeaders(j *plan.Job) bool {
	found := false
	visit := func(e plan.Expr) bool {
		if c, ok := e.(*plan.Call); ok && strings.Contains(c.Name, "HEADER") {
			found = true
		}
		return !found
	}
	exprs := append([]plan.Expr{j.Where}, j.Source.Pushed...)
	for _, o := range j.Outputs {
		exprs = append(exprs, o.Expr)
	}
	for _, e := range exprs {
		plan.Walk(e, visit)
	}
	return found
}

// typeCode marks a type passed to global: declare a zero value.
type typeCode struct{ jen.Code }

func (g *jobGen) generate() {
	j := g.job
	g.f.Commentf("%s", jobComment(j))
	if j.Source.Producer == nil {
		g.recordType(g.inType, fmt.Sprintf("a record of source %s as job %s reads it: only the columns the job uses are decoded.", j.Source.Name, j.Name),
			j.Source.Schema.Columns, j.Source.Used, g.inField, g.inOK)
	}
	if g.rowType != "" {
		cols := make([]schema.Column, len(j.Outputs))
		for i, o := range j.Outputs {
			cols[i] = schema.Column{Name: o.Name, Type: o.Expr.Type(), Nullable: o.Expr.Nullable()}
		}
		g.recordType(g.rowType, fmt.Sprintf("a row of job %s's output, as later jobs of this program read it in process.", j.Name), cols, nil, g.rowField, g.rowOK, tombstoneField(j)...)
	}
	if j.Agg != nil {
		g.aggTypes()
	}
	if j.Over != nil {
		g.overTypes()
	}
	if len(j.Slots) > 0 {
		g.joinTypes()
	}
	if j.Interval != nil {
		g.intervalTypes()
	}
	// The job type is written here but filled in last, so that expression
	// generators can add fields to it (scratch buffers).
	typ := jen.Null()
	g.f.Add(typ)
	defer g.jobType(typ)
	g.runFunc()
	g.openClose()
	if j.Sink != nil && j.Sink.Kind == plan.KafkaSink && j.Source.Kind == plan.KafkaSource {
		g.outHeadersFunc()
	}
	if hasTables(j) {
		g.loadFunc()
	}
	switch {
	case j.Interval != nil:
		g.readInterval()
	case j.Source.Producer != nil:
		g.readStream()
	case j.Source.Kind == plan.KafkaSource:
		g.readKafka()
		switch j.Source.Format {
		case plan.CSV:
			g.bindCSV()
			g.decodeCSV()
			g.decodeCSVMessage()
		case plan.Text, plan.RawBytes:
			g.decodeText()
		case plan.Avro:
			g.decodeAvro()
		default:
			g.decodeJSON()
		}
	case j.Source.Format == plan.JSONL:
		g.readFile()
		g.decodeJSON()
	default:
		g.readFile()
		g.bindCSV()
		g.decodeCSV()
	}
	g.process()
}

func jobComment(j *plan.Job) string {
	return fmt.Sprintf("Job %s (%s, line %d) reads %s and writes %s.", j.Name, j.Kind, j.Pos.Line, j.Source.Name, sinkText(j))
}

func sinkText(j *plan.Job) string {
	var parts []string
	if j.Sink != nil {
		parts = append(parts, fmt.Sprintf("%s (%s)", j.Sink.Name, j.Sink.Kind))
	}
	for _, c := range j.Consumers {
		parts = append(parts, "job "+c.Name+" in process")
	}
	return strings.Join(parts, " and ")
}

// recordType declares a struct with a typed field per column, and a
// validity flag for each nullable one. used, if not nil, limits the
// fields to the columns the job reads.
func (g *jobGen) recordType(name, doc string, cols []schema.Column, used []bool, fields, oks []string, extra ...jen.Code) {
	var fs []jen.Code
	for i, c := range cols {
		if used != nil && !used[i] {
			continue
		}
		fs = append(fs, jen.Id(fields[i]).Add(goType(c.Type)).Comment(c.Name+" "+c.Type.String()))
		if c.Nullable {
			fs = append(fs, jen.Id(oks[i]).Bool())
		}
	}
	fs = append(fs, extra...)
	g.f.Commentf("%s is %s", name, doc)
	g.f.Type().Id(name).Struct(fs...)
}

// jobType declares the job's state.
func (g *jobGen) jobType(typ *jen.Statement) {
	j := g.job
	fs := []jen.Code{
		jen.Id("env").Op("*").Qual(pkgApp, "Env"),
		jen.Id("ctx").Qual("context", "Context"),
		jen.Id("stop").Bool().Comment("LIMIT reached: stop reading"),
		jen.Id("line").Int().Comment("line of the current record, for _offset"),
		jen.Id("nIn").Op(",").Id("nOut").Int().Comment("records not yet added to the counters"),
		jen.Id("inCount").Op(",").Id("outCount").Op("*").Qual(pkgApp, "Counter"),
	}
	if j.Source.Producer != nil && j.Over != nil {
		fs = append(fs, jen.Id("in").Id(g.inType).Comment("the current row, which may wait in its partition"))
	}
	if j.Source.Producer == nil {
		fs = append(fs, jen.Id("in").Id(g.inType),
			jen.Id("bufs").Chan().Index().Byte().Comment("output buffers going back from commit to the workers"))
		if g.rowType != "" {
			fs = append(fs, jen.Id("rowBufs").Chan().Index().Id(g.rowType).Comment("row buffers going back from commit to the workers"))
		}
		switch j.Source.Format {
		case plan.JSONL:
			fs = append(fs, jen.Id("obj").Qual(pkgJSON, "Object"), jen.Id("lines").Qual(pkgFileIO, "Lines"))
		case plan.CSV:
			fs = append(fs,
				jen.Id("rd").Op("*").Qual(pkgCSV, "Reader"),
				jen.Id("bound").Index().Byte().Comment("the header line the columns are bound to"),
				jen.Id("idx").Index(jen.Lit(len(j.Source.Schema.Columns))).Int().Comment("CSV field of each column, bound from the header"),
				jen.Id("fields").Int().Comment("the number of fields a record must have"),
				jen.Id("raw").Index().Byte().Comment("scratch for an error record's text"))
		}
	}
	if usesHeaders(j) {
		fs = append(fs, jen.Id("hdr").Qual(pkgSQLFn, "Headers").Comment("the current record's headers (none from files)"))
	}
	if j.Sink != nil {
		if j.Sink.Kind == plan.FileSink {
			fs = append(fs, jen.Id("sink").Op("*").Qual(pkgFileIO, "Sink"))
		}
		fs = append(fs, jen.Id("out").Index().Byte().Comment("encoded records not yet written"))
		if j.Sink.Format == plan.CSV {
			fs = append(fs, jen.Id("delim").Byte())
		}
	}
	if j.Limit >= 0 {
		fs = append(fs, jen.Id("written").Int64())
	}
	switch {
	case j.Over != nil:
		fs = append(fs, g.overFields()...)
	case j.Agg != nil && j.Agg.Window != nil:
		fs = append(fs, g.windowFields()...)
	case j.Agg != nil:
		fs = append(fs,
			jen.Id("groups").Map(jen.Id(g.id("Key"))).Op("*").Id(g.id("Acc")).Comment("the groups, by key"),
			jen.Id("order").Index().Op("*").Id(g.id("Acc")).Comment("the groups in the order they first appeared"))
		if parallel(j) {
			fs = append(fs, jen.Id("seq").Int().Comment("the chunk being read"))
		}
	}
	if g.rowType != "" {
		fs = append(fs, jen.Id("pipe").Op("*").Qual(pkgStream, "Stream").Index(jen.Id(g.rowType)), jen.Id("rows").Index().Id(g.rowType))
	}
	if j.Source.Kind == plan.KafkaSource {
		fs = append(fs, jen.Id("rec").Op("*").Qual(pkgKafka, "Record").Comment("the message being read"))
	}
	if s := j.Sink; s != nil && s.Kind == plan.KafkaSink {
		fs = append(fs, jen.Id("ksink").Op("*").Qual(pkgKafka, "Sink"), jen.Id("key").Index().Byte().Comment("the message key being built"))
		if usesHeaders(j) && j.Source.Kind == plan.KafkaSource {
			fs = append(fs, jen.Id("hdrOut").Index().Qual(pkgKafka, "Header"))
		}
	}
	g.f.Commentf("%s is the state of job %s while it runs.", g.id("Job"), j.Name)
	fs = append(fs, g.extra...)
	typ.Type().Id(g.id("Job")).Struct(fs...)
}

// runFunc is the job's entry point for app.JobDef.Run.
func (g *jobGen) runFunc() {
	j := g.job
	body := append(g.declareMetrics(),
		jen.Id("j").Op(":=").Op("&").Id(g.id("Job")).Values(jen.Dict{
			jen.Id("env"):      jen.Id("env"),
			jen.Id("ctx"):      jen.Id("ctx"),
			jen.Id("inCount"):  jen.Id("env").Dot("In").Call(jen.Lit(j.Source.Name)),
			jen.Id("outCount"): jen.Id("env").Dot("Out").Call(jen.Lit(outName(j))),
		}),
		jen.If(jen.Err().Op(":=").Id("j").Dot("open").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		loadCall(j),
		jen.Err().Op(":=").Id("j").Dot("read").Call(),
		jen.If(jen.Id("cerr").Op(":=").Id("j").Dot("close").Call(), jen.Err().Op("==").Nil()).Block(jen.Err().Op("=").Id("cerr")),
		jen.Return(jen.Err()),
	)
	g.f.Commentf("%s runs job %s: open its sink, read its source to the end (or until ctx is done), flush.", g.id("Run"), j.Name)
	g.f.Func().Id(g.id("Run")).Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("env").Op("*").Qual(pkgApp, "Env")).Error().Block(body...)
}

// outName is the name the job's output is counted under.
func outName(j *plan.Job) string {
	if j.Sink != nil {
		return j.Sink.Name
	}
	return j.Name
}

// openClose generates open (sink first, as runtime.md orders it) and
// close (flush what is buffered).
func (g *jobGen) openClose() {
	j := g.job
	var open, closeBody []jen.Code
	if s := j.Sink; s != nil {
		if s.Format == plan.CSV {
			open = append(open, jen.Id("j").Dot("delim").Op("=").Id("j").Dot("env").Dot("String").Call(jen.Lit(s.Name+".delimiter")).Index(jen.Lit(0)))
		}
		if s.Kind == plan.KafkaSink {
			open = append(open, g.kafkaSinkOpen()...)
		}
		if s.Kind == plan.FileSink {
			open = append(open,
				jen.List(jen.Id("sink"), jen.Err()).Op(":=").Qual(pkgFileIO, "CreateSink").Call(
					jen.Id("j").Dot("env").Dot("String").Call(jen.Lit(s.Name+".path")),
					jen.Qual(pkgFileIO, "SinkOptions").Values(jen.Dict{
						jen.Id("Append"): jen.Id("j").Dot("env").Dot("Bool").Call(jen.Lit(s.Name + ".append")),
						jen.Id("Gzip"):   jen.Id("j").Dot("env").Dot("String").Call(jen.Lit(s.Name + ".compression")).Op("==").Lit("gzip"),
					})),
				jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
				jen.Id("j").Dot("sink").Op("=").Id("sink"))
		}
		if s.Format == plan.CSV && s.Kind != plan.KafkaSink { // a message is one record, without a header
			var header []jen.Code
			for i, o := range j.Outputs {
				if i > 0 {
					header = append(header, jen.Id("j").Dot("out").Op("=").Append(jen.Id("j").Dot("out"), jen.Id("j").Dot("delim")))
				}
				header = append(header, jen.Id("j").Dot("out").Op("=").Qual(pkgCSV, "AppendStringField").Call(jen.Id("j").Dot("out"), jen.Lit(o.Name), jen.Id("j").Dot("delim"), jen.LitRune('"')))
			}
			header = append(header, jen.Id("j").Dot("out").Op("=").Append(jen.Id("j").Dot("out"), jen.LitRune('\n')))
			open = append(open, jen.If(jen.Id("j").Dot("env").Dot("Bool").Call(jen.Lit(s.Name+".has_headers"))).Block(header...))
		}
		closeBody = append(closeBody, jen.Err().Op(":=").Id("j").Dot("flush").Call())
		if s.Kind == plan.FileSink {
			closeBody = append(closeBody, jen.If(jen.Id("cerr").Op(":=").Id("j").Dot("sink").Dot("Close").Call(), jen.Err().Op("==").Nil()).Block(jen.Err().Op("=").Id("cerr")))
		}
		if s.Kind == plan.KafkaSink {
			closeBody = append(closeBody, jen.If(jen.Id("j").Dot("ksink").Op("!=").Nil()).Block(
				jen.If(jen.Id("cerr").Op(":=").Id("j").Dot("ksink").Dot("Close").Call(), jen.Err().Op("==").Nil()).Block(jen.Err().Op("=").Id("cerr"))))
		}
	} else {
		closeBody = append(closeBody, jen.Err().Op(":=").Id("j").Dot("flush").Call())
	}
	if g.rowType != "" {
		open = append(open, jen.Id("j").Dot("pipe").Op("=").Qual(pkgApp, "Output").Index(jen.Id(g.rowType)).Call(jen.Id("j").Dot("env"), jen.Lit(j.Name)))
	}
	open = append(open, jen.Return(jen.Nil()))
	closeBody = append(closeBody, jen.Return(jen.Err()))
	g.f.Commentf("open opens the job's sink; runtime.md opens sinks before sources.")
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("open").Params().Error().Block(open...)
	g.f.Commentf("close flushes and closes the job's sink.")
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("close").Params().Error().Block(closeBody...)
	g.flushFunc()
}

// flushFunc writes the buffered output, sends buffered rows to in-process
// consumers, and adds the pending counts to the job's counters.
func (g *jobGen) flushFunc() {
	j := g.job
	body := []jen.Code{
		jen.Id("start").Op(":=").Add(now()),
		jen.Id("j").Dot("inCount").Dot("Add").Call(jen.Id("j").Dot("nIn")),
		jen.Id("j").Dot("outCount").Dot("Add").Call(jen.Id("j").Dot("nOut")),
		jen.List(jen.Id("j").Dot("nIn"), jen.Id("j").Dot("nOut")).Op("=").List(jen.Lit(0), jen.Lit(0)),
	}
	if s := j.Sink; s != nil && s.Kind == plan.KafkaSink {
		// Messages were produced as they were encoded; wait for the acks.
		body = append(body, jen.If(jen.Err().Op(":=").Id("j").Dot("ksink").Dot("Flush").Call(jen.Id("j").Dot("ctx")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())))
	} else if s != nil {
		var w jen.Code = jen.List(jen.Id("_"), jen.Err()).Op(":=").Id("j").Dot("sink").Dot("Write").Call(jen.Id("j").Dot("out"))
		if s.Kind == plan.StdoutSink {
			w = jen.List(jen.Id("_"), jen.Err()).Op(":=").Id("j").Dot("env").Dot("Stdout").Dot("Write").Call(jen.Id("j").Dot("out"))
		}
		body = append(body, jen.If(jen.Len(jen.Id("j").Dot("out")).Op(">").Lit(0)).Block(
			w,
			jen.Id("j").Dot("out").Op("=").Id("j").Dot("out").Index(jen.Empty(), jen.Lit(0)),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		))
	}
	if g.rowType != "" {
		body = append(body, jen.If(jen.Len(jen.Id("j").Dot("rows")).Op(">").Lit(0)).Block(
			jen.Err().Op(":=").Id("j").Dot("pipe").Dot("Send").Call(jen.Id("j").Dot("ctx"), jen.Id("j").Dot("rows")),
			jen.Id("j").Dot("rows").Op("=").Id("j").Dot("rows").Index(jen.Empty(), jen.Lit(0)),
			jen.If(jen.Err().Op("!=").Nil().Op("&&").Id("j").Dot("ctx").Dot("Err").Call().Op("==").Nil()).Block(jen.Return(jen.Err())),
		))
	}
	body = append(body, g.flushObservations()...)
	body = append(body, jen.Return(jen.Nil()))
	g.f.Commentf("flush writes buffered output and adds pending counts to the counters.")
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("flush").Params().Error().Block(body...)
}

// maybeFlush is the statement a read loop runs after each record.
func (g *jobGen) maybeFlush() jen.Code {
	var cond jen.Code = jen.Id("j").Dot("nIn").Op(">=").Lit(4096)
	if g.job.Sink != nil {
		cond = jen.Add(cond).Op("||").Len(jen.Id("j").Dot("out")).Op(">=").Lit(64 << 10)
	}
	if g.rowType != "" {
		cond = jen.Add(cond).Op("||").Len(jen.Id("j").Dot("rows")).Op(">=").Qual(pkgStream, "BatchSize")
	}
	return jen.If(cond).Block(jen.If(jen.Err().Op(":=").Id("j").Dot("flush").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())))
}

// handle is the statement that passes an error record to the policy.
func handle(loc jen.Code, raw jen.Code) jen.Code {
	return jen.If(jen.Id("reason").Op("!=").Lit("")).Block(
		jen.If(jen.Err().Op(":=").Id("j").Dot("env").Dot("BadRecord").Call(loc, jen.Id("kind"), jen.Id("reason"), raw), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Err())))
}

// cancelled checks the context every 1024 records.
func cancelled(counter string) jen.Code {
	return jen.If(jen.Id(counter).Op("&").Lit(1023).Op("==").Lit(0).Op("&&").Id("j").Dot("ctx").Dot("Err").Call().Op("!=").Nil()).Block(jen.Return(jen.Nil()))
}

// fileSourceOpen opens the job's file source.
func (g *jobGen) fileSourceOpen() []jen.Code {
	s := g.job.Source
	return []jen.Code{
		jen.List(jen.Id("src"), jen.Err()).Op(":=").Qual(pkgFileIO, "OpenSource").Call(
			jen.Id("j").Dot("env").Dot("String").Call(jen.Lit(s.Name+".path")),
			jen.Qual(pkgFileIO, "SourceOptions").Values(jen.Dict{jen.Id("Mmap"): jen.Lit(s.Kind == plan.MmapSource)})),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Defer().Id("src").Dot("Close").Call(),
		jen.Id("j").Dot("env").Dot("FileOpened").Call(jen.Lit(s.Name), jen.Id("src")),
	}
}

// bindCSV generates the binding of columns to CSV fields: by name from the
// header (every declared column must be there; extra fields are ignored),
// or by position without one (io.md).
func (g *jobGen) bindCSV() {
	s := g.job.Source
	cols := s.Schema.Columns
	var byName []jen.Code
	byName = append(byName,
		jen.Id("j").Dot("fields").Op("=").Len(jen.Id("header")),
		jen.For(jen.Id("i").Op(":=").Range().Id("j").Dot("idx")).Block(jen.Id("j").Dot("idx").Index(jen.Id("i")).Op("=").Lit(-1)),
		jen.For(jen.List(jen.Id("i"), jen.Id("h")).Op(":=").Range().Id("header")).Block(
			jen.Id("name").Op(":=").Qual("strings", "TrimSpace").Call(jen.Qual(pkgSQLFn, "View").Call(jen.Id("h"))),
			jen.If(jen.Id("i").Op("==").Lit(0)).Block(jen.Id("name").Op("=").Qual("strings", "TrimPrefix").Call(jen.Id("name"), jen.Lit("\uFEFF"))),
			jen.Switch(jen.Qual("strings", "ToLower").Call(jen.Id("name"))).BlockFunc(func(sw *jen.Group) {
				seen := map[string]bool{}
				for k, c := range cols {
					low := strings.ToLower(c.Name)
					if seen[low] {
						continue
					}
					seen[low] = true
					sw.Case(jen.Lit(low)).Block(jen.If(jen.Id("j").Dot("idx").Index(jen.Lit(k)).Op("<").Lit(0)).Block(jen.Id("j").Dot("idx").Index(jen.Lit(k)).Op("=").Id("i")))
				}
			}),
		),
	)
	// io.md: every declared column must be in the header, read or not —
	// a missing one means the file is not what the schema promises.
	for k, c := range cols {
		byName = append(byName, jen.If(jen.Id("j").Dot("idx").Index(jen.Lit(k)).Op("<").Lit(0)).Block(
			jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit("%s: the header has no column %s, which source %s (%s) declares"), jen.Id("file"), jen.Lit(c.Name), jen.Lit(s.Name), jen.Lit(s.Schema.Origin.String())))))
	}
	byName = append(byName, jen.Return(jen.Nil()))
	g.f.Commentf("bindHeader finds the field of each column by its name in the header.")
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("bindHeader").Params(jen.Id("header").Index().Index().Byte(), jen.Id("file").String()).Error().Block(byName...)
	g.f.Commentf("bindPositions binds columns to fields by position, for files without a header.")
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("bindPositions").Params().Block(
		jen.Id("j").Dot("fields").Op("=").Lit(len(cols)),
		jen.For(jen.Id("i").Op(":=").Range().Id("j").Dot("idx")).Block(jen.Id("j").Dot("idx").Index(jen.Id("i")).Op("=").Id("i")),
	)
}

// columnOrder returns the used columns in decode order: the columns of
// pushed filters first, each followed by its filters, then the rest.
func (g *jobGen) columnOrder() (order []int, filtersAfter map[int][]plan.Expr) {
	s := g.job.Source
	filtersAfter = map[int][]plan.Expr{}
	done := map[int]bool{}
	for _, p := range s.Pushed {
		c := plan.Columns(p)[0]
		if !done[c] {
			done[c] = true
			order = append(order, c)
		}
		filtersAfter[c] = append(filtersAfter[c], p)
	}
	for i, u := range s.Used {
		if u && !done[i] {
			order = append(order, i)
		}
	}
	return order, filtersAfter
}

// inColumn reads column i of the decoded input record.
func (g *jobGen) inColumn(i int) val {
	c := g.job.Source.Schema.Columns[i]
	v := val{V: jen.Id("j").Dot("in").Dot(g.inField[i])}
	if c.Nullable {
		v.OK = jen.Id("j").Dot("in").Dot(g.inOK[i])
	}
	return v
}

// system reads a system column of the current record. For files:
// _offset is the line, _partition 0, _key NULL, _topic the source's
// name, and _timestamp and _event_time the processing time (event time
// configuration comes with windows).
func (g *jobGen) system(name string) val {
	if g.job.Source.Kind == plan.KafkaSource {
		return kafkaSystem(name)
	}
	switch name {
	case "_offset":
		return val{V: jen.Int64().Call(jen.Id("j").Dot("line"))}
	case "_partition":
		return val{V: jen.Int64().Call(jen.Lit(0))}
	case "_key":
		return val{V: jen.Lit(""), OK: jen.False()}
	case "_topic":
		return val{V: jen.Lit(g.job.Source.Name)}
	}
	return val{V: jen.Qual("time", "Now").Call().Dot("UnixMilli").Call()}
}

// filterCheck evaluates a filter and returns from the enclosing function
// unless it is TRUE; results are the zero values for a decoder (keep=false)
// or a process function.
func filterCheck(ex *exprGen, e plan.Expr, ret ...jen.Code) {
	v := ex.expr(e)
	cond := jen.Op("!").Add(v.V)
	if v.OK != nil {
		cond = notOK(v.OK).Op("||").Op("!").Add(v.V)
	}
	ex.add(jen.If(cond).Block(jen.Return(ret...)))
}

func (g *jobGen) decodeCSV() {
	s := g.job.Source
	fn := &funcGen{job: g, column: g.inColumn, system: g.system, failPrefix: []jen.Code{jen.False()}}
	ex := &exprGen{fn: fn}
	ex.add(jen.If(jen.Len(jen.Id("f")).Op("!=").Id("j").Dot("fields")).Block(
		jen.Return(jen.False(), jen.Lit(kindMalformed), jen.Qual("fmt", "Sprintf").Call(jen.Lit("the record has %d fields, want %d"), jen.Len(jen.Id("f")), jen.Id("j").Dot("fields")))))
	order, filters := g.columnOrder()
	for _, i := range order {
		c := s.Schema.Columns[i]
		ex.add(jen.Commentf("%s %s", c.Name, c.Type))
		ex.add(g.decodeCSVColumn(i, c)...)
		for _, p := range filters[i] {
			filterCheck(ex, p, jen.False(), jen.Lit(""), jen.Lit(""))
		}
	}
	ex.add(jen.Return(jen.True(), jen.Lit(""), jen.Lit("")))
	doc(g.f, "decode parses the columns job %s reads from a CSV record, checking the\nfilters pushed down to the decoder as soon as their column is parsed.\nkeep is false for a record a filter rejects; reason is set for an error record.", g.job.Name)
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("decode").Params(jen.Id("f").Index().Index().Byte()).Params(
		jen.Id("keep").Bool(), jen.Id("kind").String(), jen.Id("reason").String()).Block(ex.stmts...)
}

// decodeCSVColumn parses one CSV cell into the input record. An empty cell
// is NULL (io.md); in a NOT NULL column that is an error record.
func (g *jobGen) decodeCSVColumn(i int, c schema.Column) []jen.Code {
	field, okField := jen.Id("j").Dot("in").Dot(g.inField[i]), jen.Id("j").Dot("in").Dot(g.inOK[i])
	b := jen.Id("b")
	var onEmpty jen.Code
	if c.Nullable {
		onEmpty = jen.Add(okField).Op("=").False()
	} else {
		onEmpty = jen.Return(jen.False(), jen.Lit(kindParse), jen.Lit("column "+c.Name+" is NOT NULL but empty"))
	}
	parse, isString := parseCall(c.Type, b)
	var set []jen.Code
	if isString {
		set = []jen.Code{jen.Add(field).Op("=").Add(parse)}
		if c.Nullable {
			set = append(set, jen.Add(okField).Op("=").True())
		}
		return []jen.Code{jen.If(b.Clone().Op(":=").Id("f").Index(jen.Id("j").Dot("idx").Index(jen.Lit(i))), jen.Len(jen.Id("b")).Op("==").Lit(0)).Block(onEmpty).Else().Block(set...)}
	}
	set = []jen.Code{jen.Add(field).Op("=").Id("v")}
	if c.Nullable {
		set = append(set, jen.Add(okField).Op("=").True())
	}
	bad := jen.Return(jen.False(), jen.Lit(kindParse), jen.Lit("column "+c.Name+": cannot parse ").Op("+").Qual(pkgSQLFn, "Quote").Call(jen.Qual(pkgSQLFn, "View").Call(jen.Id("b"))).Op("+").Lit(" as "+castName(c.Type)))
	return []jen.Code{jen.If(b.Clone().Op(":=").Id("f").Index(jen.Id("j").Dot("idx").Index(jen.Lit(i))), jen.Len(jen.Id("b")).Op("==").Lit(0)).Block(onEmpty).
		Else().If(jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Add(parse), jen.Id("ok")).Block(set...).
		Else().Block(bad)}
}

// parseCall returns the call that parses text b as type t, and whether
// it cannot fail (strings, which are views of the buffer).
func parseCall(t types.Type, b *jen.Statement) (jen.Code, bool) {
	switch t.Kind {
	case types.String:
		return jen.Qual(pkgSQLFn, "View").Call(b), true
	case types.Int, types.Interval:
		return jen.Qual(pkgScalar, "ParseInt").Call(b), false
	case types.Float:
		return jen.Qual(pkgScalar, "ParseFloat").Call(b), false
	case types.Bool:
		return jen.Qual(pkgScalar, "ParseBool").Call(b), false
	case types.Timestamp:
		return jen.Qual(pkgScalar, "ParseTimestamp").Call(b), false
	case types.Date:
		return jen.Qual(pkgScalar, "ParseDate").Call(b), false
	case types.Decimal:
		return decFn(t, "Parse").Call(b, jen.Lit(int(t.Scale))), false
	}
	panic("codegen: cannot decode " + t.String())
}
