package codegen

import (
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/types"
	"github.com/velocsql/veloc/runtime/jsonrec"
)

// This file generates Kafka sources and sinks (io.md) over runtime/kafka.
// A source is read in batches (one fetch each); after a batch the job's
// sinks are flushed — a Kafka sink waits for its acknowledgements — and
// only then are the batch's offsets committed, so a crash replays
// records rather than losing them (runtime.md: at-least-once). A record's
// value is decoded by the job's JSON decoder; its key, topic, partition,
// offset, timestamp and headers are the system columns.

const pkgKafka = "github.com/velocsql/veloc/runtime/kafka"

// brokers is the expression of a Kafka source's or sink's brokers: the
// property, else --brokers, else localhost:9092.
func brokers(name string) jen.Code {
	return jen.Qual(pkgKafka, "SplitBrokers").Call(jen.Qual(pkgApp, "FirstNonEmpty").Call(
		jen.Id("j").Dot("env").Dot("String").Call(jen.Lit(name+".bootstrap.servers")), jen.Id("j").Dot("env").Dot("Brokers"), jen.Lit("localhost:9092")))
}

// kafkaOwnKeys are the keys of a Kafka source or sink that veloc reads
// itself; every other key is a client setting (io.md).
var kafkaOwnKeys = map[string]bool{"type": true, "topic": true, "topic.name": true, "bootstrap.servers": true, "brokers": true,
	"group.id": true, "auto.offset.reset": true, "format": true, "value.format": true, "value.serializer": true,
	"key.format": true, "delivery_profile": true, "auto.create": true, "partitions": true, "replication.factor": true,
	"schema.file": true, "schema.message": true, "schema.registry.url": true, "schema.id": true, "config_file": true, "connect.timeout": true}

// clientKeys returns the Kafka client settings among a source's or sink's
// properties.
func clientKeys(name string, props []plan.Prop) []plan.Prop {
	var out []plan.Prop
	for _, p := range props {
		if !kafkaOwnKeys[strings.TrimPrefix(p.Key, name+".")] {
			out = append(out, p)
		}
	}
	return out
}

// clientProps returns the Kafka client settings of a source's or sink's
// WITH clause (io.md), passed through to the client. Each is a property
// of the program, read when it starts: --set and the environment
// override it, and ${VAR} in it is expanded.
func clientProps(name string, props []plan.Prop) jen.Code {
	d := jen.Dict{}
	for _, p := range clientKeys(name, props) {
		d[jen.Lit(strings.TrimPrefix(p.Key, name+"."))] = jen.Id("j").Dot("env").Dot("String").Call(jen.Lit(p.Key))
	}
	if len(d) == 0 {
		return jen.Nil()
	}
	return jen.Map(jen.String()).String().Values(d)
}

// readKafka generates read for a Kafka source.
func (g *jobGen) readKafka() {
	j := g.job
	s := j.Source
	n := s.Name
	var body []jen.Code
	// A windowed job's watermark counts the partitions read, which go
	// idle with processing time: Poll returns every second even without
	// records, to find them.
	var tick jen.Code
	batchNow, idleCheck, decls := jen.Code(jen.Null()), jen.Code(jen.Null()), jen.Code(jen.Null())
	if a := j.Agg; a != nil && a.Window != nil {
		body = append(body, jen.Id("j").Dot("startWindows").Call())
		tick = jen.Qual("time", "Second")
		decls = jen.Var().Id("parts").Index().Int32().Comment("the partitions read, which the watermark counts")
		batchNow = jen.Id("j").Dot("now").Op("=").Qual("time", "Now").Call().Dot("UnixMilli").Call().Line().
			Id("parts").Op("=").Id("src").Dot("Partitions").Call(jen.Id("parts").Index(jen.Empty(), jen.Lit(0))).Line().
			Id("j").Dot("wm").Dot("Assign").Call(jen.Id("parts"), jen.Id("j").Dot("now"))
		idleCheck = jen.If(jen.Id("j").Dot("wm").Dot("Tick").Call(jen.Id("j").Dot("now"))).Block(
			jen.If(jen.Err().Op(":=").Id("j").Dot("closeWindows").Call(jen.Id("j").Dot("wm").Dot("Value").Call(), jen.False()), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())))
	}
	decodeName := "decode"
	if s.Format == plan.CSV {
		// A message is one CSV record, its fields bound by position.
		decodeName = "decodeMessage"
		body = append(body, jen.Id("j").Dot("rd").Op("=").Qual(pkgCSV, "NewReader").Call(jen.Nil(), jen.Qual(pkgCSV, "Options").Values()),
			jen.Id("j").Dot("bindPositions").Call())
	}
	loc := jen.Qual(pkgApp, "Location").Values(jen.Dict{jen.Id("Source"): jen.Lit(n), jen.Id("Topic"): jen.Id("r").Dot("Topic"),
		jen.Id("Partition"): jen.Id("r").Dot("Partition"), jen.Id("Offset"): jen.Id("r").Dot("Offset")})
	each := []jen.Code{
		jen.Id("r").Op(":=").Op("&").Id("recs").Index(jen.Id("i")),
		jen.Id("j").Dot("rec").Op("=").Id("r"),
		jen.Id("j").Dot("nIn").Op("++"),
	}
	if usesHeaders(j) {
		each = append(each, jen.Id("j").Dot("hdr").Dot("Reset").Call(),
			jen.For(jen.List(jen.Id("_"), jen.Id("h")).Op(":=").Range().Id("r").Dot("Headers")).Block(
				jen.Id("j").Dot("hdr").Dot("Add").Call(jen.Id("h").Dot("Key"), jen.Qual(pkgSQLFn, "View").Call(jen.Id("h").Dot("Value")))))
	}
	decode := []jen.Code{
		g.tombstoneCheck(loc),
		jen.List(jen.Id("keep"), jen.Id("kind"), jen.Id("reason")).Op(":=").Id("j").Dot(decodeName).Call(jen.Id("r").Dot("Value")),
	}
	if !readsValue(j) && len(j.Tombstones) == 0 {
		// The query reads the key and system columns only: a tombstone
		// is a record like the others (io.md).
		decode = []jen.Code{
			jen.List(jen.Id("keep"), jen.Id("kind"), jen.Id("reason")).Op(":=").List(jen.True(), jen.Lit(""), jen.Lit("")),
			jen.If(jen.Id("r").Dot("Value").Op("!=").Nil()).Block(
				jen.List(jen.Id("keep"), jen.Id("kind"), jen.Id("reason")).Op("=").Id("j").Dot(decodeName).Call(jen.Id("r").Dot("Value"))),
		}
	}
	each = append(each, decode...)
	each = append(each,
		jen.If(jen.Id("keep")).Block(jen.List(jen.Id("kind"), jen.Id("reason")).Op("=").Id("j").Dot("process").Call()),
		handle(loc, jen.Id("r").Dot("Value")),
		jen.If(jen.Id("j").Dot("stop")).Block(jen.Break()),
	)
	cfg := jen.Dict{
		jen.Id("Name"):              jen.Lit(n),
		jen.Id("Brokers"):           brokers(n),
		jen.Id("Topic"):             jen.Id("j").Dot("env").Dot("String").Call(jen.Lit(n + ".topic")),
		jen.Id("Group"):             g.kafkaGroup(n),
		jen.Id("Bounded"):           jen.Id("j").Dot("env").Dot("Bounded"),
		jen.Id("StartFromEarliest"): g.kafkaEarliest(n),
		jen.Id("TrackStart"):        jen.Lit(len(j.Tombstones) > 0),
		jen.Id("ConnectTimeout"):    jen.Id("j").Dot("env").Dot("Duration").Call(jen.Lit(n + ".connect.timeout")),
		jen.Id("Extra"):             clientProps(n, s.Props),
		jen.Id("Health"):            jen.Id("j").Dot("env").Dot("SourceHealth").Call(jen.Lit(n)),
	}
	if tick != nil {
		cfg[jen.Id("Tick")] = tick
	}
	body = append(body,
		jen.List(jen.Id("src"), jen.Err()).Op(":=").Qual(pkgKafka, "NewSource").Call(jen.Id("j").Dot("ctx"), jen.Qual(pkgKafka, "SourceConfig").Values(cfg)),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Defer().Id("src").Dot("Close").Call(),
		decls,
		jen.Comment("Write what open buffered (a CSV header) before the first batch."),
		jen.If(jen.Err().Op(":=").Id("j").Dot("flush").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.For().Block(
			g.caughtUpCheck(),
			jen.List(jen.Id("recs"), jen.Id("done"), jen.Err()).Op(":=").Id("src").Dot("Poll").Call(jen.Id("j").Dot("ctx")),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			batchNow,
			jen.Id("t0").Op(":=").Add(now()),
			jen.For(jen.Id("i").Op(":=").Range().Id("recs")).Block(each...),
			jen.Id("j").Dot("rec").Op("=").Nil(),
			observe("ObserveProcess", "t0"),
			idleCheck,
			g.fatalCheck(),
			jen.Comment("At-least-once: commit the batch only after the sinks acknowledged it."),
			jen.If(jen.Err().Op(":=").Id("j").Dot("flush").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			jen.If(jen.Err().Op(":=").Id("src").Dot("Commit").Call(jen.Id("j").Dot("ctx")), jen.Err().Op("!=").Nil().Op("&&").Id("j").Dot("ctx").Dot("Err").Call().Op("==").Nil()).Block(jen.Return(jen.Err())),
			observe("ObserveBatch", "t0"),
			jen.If(jen.Id("done").Op("||").Id("j").Dot("stop").Op("||").Id("j").Dot("ctx").Dot("Err").Call().Op("!=").Nil()).Block(jen.Break()),
		),
	)
	if j.Agg != nil || hasFinal(j) {
		body = append(body, jen.Comment("The end of a bounded read closes the aggregation (not a stop by a signal)."),
			jen.If(jen.Id("j").Dot("ctx").Dot("Err").Call().Op("==").Nil().Op("&&").Op("!").Id("j").Dot("stop")).Block(jen.Return(jen.Id("j").Dot("final").Call())))
	}
	body = append(body, jen.Return(jen.Nil()))
	doc(g.f, "read reads the Kafka topic of source %s in batches; with --bounded it stops at\nthe end offsets the topic had at start, else when the program is stopped.", n)
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("read").Params().Error().Block(body...)
}

// fatalCheck returns the error that stopped a job whose windows or LEAD
// rows failed to close; nothing for other jobs.
func (g *jobGen) fatalCheck() jen.Code {
	if a := g.job.Agg; a != nil && a.Window != nil || hasFinal(g.job) {
		return jen.If(jen.Id("j").Dot("fatal").Op("!=").Nil()).Block(jen.Return(jen.Id("j").Dot("fatal")))
	}
	return jen.Null()
}

// kafkaSystem gives a Kafka record's system columns (io.md).
func kafkaSystem(name string) val {
	r := jen.Id("j").Dot("rec")
	switch name {
	case "_key":
		return val{V: jen.Qual(pkgSQLFn, "View").Call(r.Clone().Dot("Key")), OK: r.Clone().Dot("Key").Op("!=").Nil()}
	case "_topic":
		return val{V: r.Clone().Dot("Topic")}
	case "_partition":
		return val{V: jen.Int64().Call(r.Clone().Dot("Partition"))}
	case "_offset":
		return val{V: r.Clone().Dot("Offset")}
	}
	return val{V: r.Clone().Dot("Timestamp")} // _timestamp, _event_time
}

// kafkaSinkOpen is open's part for a Kafka sink.
func (g *jobGen) kafkaSinkOpen() []jen.Code {
	s := g.job.Sink
	n := s.Name
	return []jen.Code{
		jen.List(jen.Id("ks"), jen.Err()).Op(":=").Qual(pkgKafka, "NewSink").Call(jen.Id("j").Dot("ctx"), jen.Qual(pkgKafka, "SinkConfig").Values(jen.Dict{
			jen.Id("Name"):            jen.Lit(n),
			jen.Id("Brokers"):         brokers(n),
			jen.Id("Topic"):           jen.Id("j").Dot("env").Dot("String").Call(jen.Lit(n + ".topic")),
			jen.Id("AutoCreate"):      jen.Id("j").Dot("env").Dot("Bool").Call(jen.Lit(n + ".auto.create")),
			jen.Id("Partitions"):      jen.Int32().Call(jen.Id("j").Dot("env").Dot("Int").Call(jen.Lit(n + ".partitions"))),
			jen.Id("Replication"):     jen.Int16().Call(jen.Id("j").Dot("env").Dot("Int").Call(jen.Lit(n + ".replication.factor"))),
			jen.Id("Idempotent"):      jen.True(),
			jen.Id("DeliveryProfile"): jen.Lit(deliveryProfile(s)),
			jen.Id("ConnectTimeout"):  jen.Id("j").Dot("env").Dot("Duration").Call(jen.Lit(n + ".connect.timeout")),
			jen.Id("Extra"):           clientProps(n, s.Props),
		})),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Id("j").Dot("ksink").Op("=").Id("ks"),
	}
}

// deliveryProfile is a sink's 'delivery_profile' (io.md), "" for the default.
func deliveryProfile(s *plan.Sink) string {
	for _, p := range s.Props {
		if p.Key == s.Name+".delivery_profile" {
			return p.Value
		}
	}
	return ""
}

// kafkaProduce is the statement that sends the row encoded in out since
// start as one message, keyed by the PRIMARY KEY columns (else the GROUP
// BY keys), with the input's headers.
func (g *jobGen) kafkaProduce(ex *exprGen, outs []val) []jen.Code {
	j := g.job
	var keyParts []int
	for i, o := range j.Outputs {
		if o.PrimaryKey {
			keyParts = append(keyParts, i)
		}
	}
	if len(keyParts) == 0 && j.Agg != nil {
		// The GROUP BY key: the outputs that are group keys.
		for i, o := range j.Outputs {
			if _, ok := o.Expr.(*plan.GroupKey); ok {
				keyParts = append(keyParts, i)
			}
		}
	}
	code := []jen.Code{}
	key := jen.Code(jen.Nil())
	if len(keyParts) > 0 && j.Sink.KeyJSON {
		// key.format = json: {"col":value,...}, NULL as null.
		key = jen.Id("j").Dot("key")
		code = append(code, jen.Id("j").Dot("key").Op("=").Id("j").Dot("key").Index(jen.Empty(), jen.Lit(0)))
		for k, i := range keyParts {
			prefix := ","
			if k == 0 {
				prefix = "{"
			}
			name := string(jsonrec.AppendString([]byte(prefix), j.Outputs[i].Name)) + ":"
			code = append(code, jen.Id("j").Dot("key").Op("=").Append(jen.Id("j").Dot("key"), jen.Lit(name).Op("...")))
			app := jen.Id("j").Dot("key").Op("=").Add(appendJSON(jen.Id("j").Dot("key"), outs[i].V, j.Outputs[i].Expr.Type()))
			if outs[i].OK == nil {
				code = append(code, app)
			} else {
				code = append(code, jen.If(outs[i].OK).Block(app).Else().Block(jen.Id("j").Dot("key").Op("=").Append(jen.Id("j").Dot("key"), jen.Lit("null").Op("..."))))
			}
		}
		code = append(code, jen.Id("j").Dot("key").Op("=").Append(jen.Id("j").Dot("key"), jen.LitRune('}')))
	} else if len(keyParts) > 0 {
		key = jen.Id("j").Dot("key")
		code = append(code, jen.Id("j").Dot("key").Op("=").Id("j").Dot("key").Index(jen.Empty(), jen.Lit(0)))
		for k, i := range keyParts {
			if k > 0 {
				code = append(code, jen.Id("j").Dot("key").Op("=").Append(jen.Id("j").Dot("key"), jen.LitRune('|')))
			}
			t := j.Outputs[i].Expr.Type()
			app := jen.Id("j").Dot("key").Op("=").Append(jen.Id("j").Dot("key"), textOf(outs[i].V, t).(*jen.Statement).Clone().Op("..."))
			if t.Kind == types.String {
				app = jen.Id("j").Dot("key").Op("=").Append(jen.Id("j").Dot("key"), jen.Add(outs[i].V).Op("..."))
			}
			code = append(code, ifValid(outs[i].OK, app)...)
		}
	}
	headers := jen.Code(jen.Nil())
	if j.Source.Kind == plan.KafkaSource {
		headers = jen.Id("j").Dot("outHeaders").Call()
	}
	// The message timestamp: the record's event time (io.md), else the
	// input message's, else the time of writing (0).
	ts := jen.Code(jen.Lit(0))
	if j.Source.Kind == plan.KafkaSource && j.Agg == nil {
		ts = jen.Id("j").Dot("rec").Dot("Timestamp")
	}
	if a := j.Agg; a != nil && a.Window != nil {
		ts = jen.Id("j").Dot("outTime") // the window's last instant
	}
	if j.EventTime != nil && j.Agg == nil {
		et := ex.expr(j.EventTime)
		if et.OK != nil {
			code = append(code, jen.Var().Id("msgTime").Int64().Op("=").Add(ts), jen.If(et.OK).Block(jen.Id("msgTime").Op("=").Add(et.V)))
			ts = jen.Id("msgTime")
		} else {
			ts = et.V
		}
	}
	code = append(code,
		jen.Id("j").Dot("ksink").Dot("Produce").Call(key, jen.Id("out").Index(jen.Id("start"), jen.Len(jen.Id("out")).Op("-").Lit(1)), headers, ts),
		jen.Id("out").Op("=").Id("out").Index(jen.Empty(), jen.Id("start")))
	return code
}

// outHeadersFunc generates outHeaders: the headers of the record being
// written, the input's (after SET_HEADER and REMOVE_HEADER).
func (g *jobGen) outHeadersFunc() {
	var body []jen.Code
	if usesHeaders(g.job) {
		body = []jen.Code{
			jen.Id("j").Dot("hdrOut").Op("=").Id("j").Dot("hdrOut").Index(jen.Empty(), jen.Lit(0)),
			jen.Id("j").Dot("hdr").Dot("Each").Call(jen.Func().Params(jen.List(jen.Id("k"), jen.Id("v")).String()).Block(
				jen.Id("j").Dot("hdrOut").Op("=").Append(jen.Id("j").Dot("hdrOut"), jen.Qual(pkgKafka, "Header").Values(jen.Dict{
					jen.Id("Key"): jen.Id("k"), jen.Id("Value"): jen.Index().Byte().Parens(jen.Id("v"))})))),
			jen.Return(jen.Id("j").Dot("hdrOut")),
		}
	} else {
		body = []jen.Code{
			jen.If(jen.Id("j").Dot("rec").Op("==").Nil()).Block(jen.Return(jen.Nil())),
			jen.Return(jen.Id("j").Dot("rec").Dot("Headers")),
		}
	}
	g.f.Comment("outHeaders returns the headers of the record being written.")
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("outHeaders").Params().Index().Qual(pkgKafka, "Header").Block(body...)
}

// readsValue reports whether a Kafka job reads any column of the message
// value (else only the key, headers and system columns).
func readsValue(j *plan.Job) bool {
	for _, u := range j.Source.Used {
		if u {
			return true
		}
	}
	return false
}

// decodeCSVMessage generates decodeMessage: a Kafka message's value as one
// CSV record (no header; the columns in declaration order).
func (g *jobGen) decodeCSVMessage() {
	g.f.Comment("decodeMessage reads a message's value as one CSV record.")
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("decodeMessage").Params(jen.Id("v").Index().Byte()).Params(
		jen.Id("keep").Bool(), jen.Id("kind").String(), jen.Id("reason").String()).Block(
		jen.Id("j").Dot("rd").Dot("ResetBytes").Call(jen.Id("v")),
		jen.List(jen.Id("rec"), jen.Err()).Op(":=").Id("j").Dot("rd").Dot("Read").Call(),
		jen.If(jen.Err().Op("==").Qual("io", "EOF")).Block(jen.Return(jen.False(), jen.Lit(kindMalformed), jen.Lit("the message is empty"))),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.False(), jen.Lit(kindMalformed), jen.Err().Dot("Error").Call())),
		jen.List(jen.Id("keep"), jen.Id("kind"), jen.Id("reason")).Op("=").Id("j").Dot("decode").Call(jen.Id("rec").Dot("Fields")),
		jen.If(jen.Id("reason").Op("==").Lit("")).Block(
			jen.If(jen.List(jen.Id("_"), jen.Err()).Op(":=").Id("j").Dot("rd").Dot("Read").Call(), jen.Err().Op("!=").Qual("io", "EOF")).Block(
				jen.Return(jen.False(), jen.Lit(kindMalformed), jen.Lit("the message holds more than one CSV record")))),
		jen.Return(),
	)
}

// decodeText generates decode for 'string' and 'bytes' values: the value
// is the source's one STRING column.
func (g *jobGen) decodeText() {
	j := g.job
	field := jen.Id("j").Dot("in").Dot(g.inField[0])
	ex := &exprGen{fn: &funcGen{job: g, column: g.inColumn, system: g.system, failPrefix: []jen.Code{jen.False()}}}
	if j.Source.Used[0] {
		ex.add(field.Clone().Op("=").Qual(pkgSQLFn, "View").Call(jen.Id("v")))
		if j.Source.Schema.Columns[0].Nullable {
			ex.add(jen.Id("j").Dot("in").Dot(g.inOK[0]).Op("=").True())
		}
	}
	for _, p := range j.Source.Pushed {
		filterCheck(ex, p, jen.False(), jen.Lit(""), jen.Lit(""))
	}
	body := append(ex.stmts, jen.Return(jen.True(), jen.Lit(""), jen.Lit("")))
	g.f.Commentf("decode takes a message's value as column %s.", j.Source.Schema.Columns[0].Name)
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("decode").Params(jen.Id("v").Index().Byte()).Params(
		jen.Id("keep").Bool(), jen.Id("kind").String(), jen.Id("reason").String()).Block(body...)
}
