package codegen

import (
	"github.com/dave/jennifer/jen"

	"github.com/velocsql/veloc/compiler/plan"
)

// This file generates windowed aggregation (dialect.md "Time windows").
// A group is a key in a window: for TUMBLING and SLIDING the window's start
// is part of the map key; SESSION keeps, per key, the sessions still open.
// Every window sits in a queue ordered by its end (runtime/window.Queue),
// so closing the windows the watermark has passed costs nothing for the
// open ones. Per record:
//
//	event time → key → late? → the record's windows → fold → EMIT CHANGES
//	row → watermark → close the windows it passed (EMIT FINAL rows)
//
// The end of the input closes every window.

const pkgWindow = "github.com/velocsql/veloc/runtime/window"

// windowRecord generates the windowed part of process.
func (g *jobGen) windowRecord(ex *exprGen) {
	a := g.job.Agg
	w := a.Window
	ex.add(jen.Commentf("event time = %s", plan.String(w.Time)))
	t := ex.expr(w.Time)
	ex.add(jen.Id("t").Op(":=").Add(t.V))
	if t.OK != nil {
		ex.add(jen.If(notOK(t.OK)).Block(ex.fail(kindParse, jen.Lit("the event time ("+plan.String(w.Time)+") is NULL"))))
	}
	g.groupKey(ex)
	states, args := g.aggArgs(ex)
	apply := &exprGen{fn: ex.fn}
	g.aggApply(apply, states, args)
	if a.Emit == plan.EmitChanges {
		apply.add(jen.If(jen.List(jen.Id("kind"), jen.Id("reason")).Op(":=").Id("j").Dot("emit").Call(jen.Id("a")), jen.Id("reason").Op("!=").Lit("")).Block(
			jen.Return(jen.Id("kind"), jen.Id("reason"))))
	}
	late := ex.fail(kindLate, jen.Lit("event time ").Op("+").Qual(pkgSQLFn, "TimestampText").Call(jen.Id("t")).Op("+").Lit(" is behind the watermark: its window has closed"))
	ex.add(jen.Id("wm").Op(":=").Id("j").Dot("wm").Dot("Value").Call())
	size := jen.Lit(w.Size)
	switch w.Kind {
	case plan.Tumbling:
		ex.add(jen.Id("ws").Op(":=").Qual(pkgWindow, "TumblingStart").Call(jen.Id("t"), size),
			jen.If(jen.Qual(pkgWindow, "Closed").Call(jen.Id("wm"), jen.Id("ws").Op("+").Add(size), jen.Id("j").Dot("lateness"))).Block(late),
			jen.Id("a").Op(":=").Id("j").Dot("window").Call(jen.Id("k"), jen.Id("ws")))
		ex.add(apply.stmts...)
	case plan.Sliding:
		if a.PaneWidth() > 0 {
			ex.add(jen.Comment("A record is late when the last window holding it has closed."),
				jen.If(jen.Qual(pkgWindow, "Closed").Call(jen.Id("wm"), jen.Qual(pkgWindow, "TumblingStart").Call(jen.Id("t"), jen.Lit(w.Advance)).Op("+").Add(size), jen.Id("j").Dot("lateness"))).Block(late),
				jen.Id("a").Op(":=").Id("j").Dot("pane").Call(jen.Id("k"), jen.Qual(pkgWindow, "TumblingStart").Call(jen.Id("t"), jen.Lit(g.job.Agg.PaneWidth())), jen.Id("wm")))
			ex.add(apply.stmts...)
			break
		}
		adv := jen.Lit(w.Advance)
		body := append([]jen.Code{
			jen.If(jen.Qual(pkgWindow, "Closed").Call(jen.Id("wm"), jen.Id("ws").Op("+").Add(size), jen.Id("j").Dot("lateness"))).Block(jen.Continue()),
			jen.Id("late").Op("=").False(),
			jen.Id("a").Op(":=").Id("j").Dot("window").Call(jen.Id("k"), jen.Id("ws")),
		}, apply.stmts...)
		ex.add(jen.Comment("Every window that holds t, earliest first."),
			jen.Id("late").Op(":=").True(),
			jen.For(jen.Id("ws").Op(":=").Qual(pkgWindow, "TumblingStart").Call(jen.Id("t").Op("-").Add(size), adv).Op("+").Add(adv),
				jen.Id("ws").Op("<=").Id("t"), jen.Id("ws").Op("+=").Add(adv)).Block(body...),
			jen.If(jen.Id("late")).Block(late))
	case plan.Session:
		ex.add(jen.Id("a").Op(",").Id("isLate").Op(":=").Id("j").Dot("session").Call(jen.Id("k"), jen.Id("t"), jen.Id("wm")),
			jen.If(jen.Id("isLate")).Block(late))
		ex.add(apply.stmts...)
	}
	ex.add(jen.Comment("The record moves the watermark; close the windows it passed."),
		jen.Id("j").Dot("wm").Dot("Observe").Call(g.watermarkPartition(), jen.Id("t"), g.watermarkNow()),
		jen.If(jen.Err().Op(":=").Id("j").Dot("closeWindows").Call(jen.Id("j").Dot("wm").Dot("Value").Call(), jen.False()), jen.Err().Op("!=").Nil()).Block(
			jen.List(jen.Id("j").Dot("fatal"), jen.Id("j").Dot("stop")).Op("=").List(jen.Err(), jen.True())),
		jen.Return(jen.Lit(""), jen.Lit("")))
}

// windowFuncs generates window (or session), closeWindows and final.
func (g *jobGen) windowFuncs() {
	j := g.job
	a := j.Agg
	w := a.Window
	acc, key := g.id("Acc"), g.id("Key")
	size := jen.Lit(w.Size)
	recv := func() *jen.Statement { return jen.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))) }

	if w.Kind == plan.Session {
		gap := size
		body := []jen.Code{
			jen.Id("sess").Op(":=").Id("j").Dot("sessions").Index(jen.Id("k")),
			jen.Var().Id("old").Int64().Comment("the end of the session the row joins, as queued"),
			jen.For(jen.Id("i").Op(":=").Lit(0), jen.Id("i").Op("<").Len(jen.Id("sess")), jen.Empty()).Block(
				jen.Id("s").Op(":=").Id("sess").Index(jen.Id("i")),
				jen.If(jen.Op("!").Parens(jen.Id("t").Op(">").Id("s").Dot("ws").Op("-").Add(gap).Op("&&").Id("t").Op("<").Id("s").Dot("we"))).Block(
					jen.Id("i").Op("++"), jen.Continue()),
				jen.If(jen.Id("a").Op("==").Nil()).Block(
					jen.List(jen.Id("a"), jen.Id("old")).Op("=").List(jen.Id("s"), jen.Id("s").Dot("we")), jen.Id("i").Op("++"), jen.Continue()),
				jen.Comment("The row bridges two sessions: merge them."),
				jen.Id("j").Dot("merge").Call(jen.Id("a"), jen.Id("s")),
				jen.List(jen.Id("a").Dot("ws"), jen.Id("a").Dot("we")).Op("=").List(jen.Id("min").Call(jen.Id("a").Dot("ws"), jen.Id("s").Dot("ws")), jen.Id("max").Call(jen.Id("a").Dot("we"), jen.Id("s").Dot("we"))),
				jen.Id("s").Dot("dead").Op("=").True(),
				jen.Id("sess").Op("=").Append(jen.Id("sess").Index(jen.Empty(), jen.Id("i")), jen.Id("sess").Index(jen.Id("i").Op("+").Lit(1), jen.Empty()).Op("...")),
			),
		}
		// A new session, or the found one grown.
		newSession := append(g.cloneKey(),
			jen.Id("a").Op("=").Op("&").Id(acc).Values(jen.Dict{jen.Id("key"): jen.Id("k"), jen.Id("ws"): jen.Id("t"), jen.Id("we"): jen.Id("t").Op("+").Add(gap)}),
			jen.Id("sess").Op("=").Append(jen.Id("sess"), jen.Id("a")),
			jen.Id("j").Dot("q").Dot("Push").Call(jen.Id("a").Dot("we"), jen.Id("a")))
		body = append(body,
			jen.If(jen.Id("a").Op("==").Nil()).Block(append([]jen.Code{
				jen.If(jen.Qual(pkgWindow, "Closed").Call(jen.Id("wm"), jen.Id("t").Op("+").Add(gap), jen.Id("j").Dot("lateness"))).Block(jen.Return(jen.Nil(), jen.True())),
			}, newSession...)...).Else().Block(
				jen.List(jen.Id("a").Dot("ws"), jen.Id("a").Dot("we")).Op("=").List(jen.Id("min").Call(jen.Id("a").Dot("ws"), jen.Id("t")), jen.Id("max").Call(jen.Id("a").Dot("we"), jen.Id("t").Op("+").Add(gap))),
				// Queued again at its new end (the old entry is skipped when popped).
				jen.If(jen.Id("a").Dot("we").Op("!=").Id("old")).Block(jen.Id("j").Dot("q").Dot("Push").Call(jen.Id("a").Dot("we"), jen.Id("a"))),
			),
			jen.If(jen.Id("j").Dot("sessions").Op("==").Nil()).Block(jen.Id("j").Dot("sessions").Op("=").Map(jen.Id(key)).Index().Op("*").Id(acc).Values()),
			// a.key, not k: storing a key replaces the map's copy, and k's
			// strings are views of the input.
			jen.Id("j").Dot("sessions").Index(jen.Id("a").Dot("key")).Op("=").Id("sess"),
			jen.Return(jen.Id("a"), jen.False()),
		)
		doc(g.f, "session returns the session of key k that a row at t joins: an open one\nwithin the gap (merging those the row bridges), else a new one; late is\ntrue when that new session would already have closed.")
		g.f.Add(recv().Id("session").Params(jen.Id("k").Id(key), jen.Id("t"), jen.Id("wm").Int64()).Params(jen.Id("a").Op("*").Id(acc), jen.Id("late").Bool()).Block(body...))
	} else if a.PaneWidth() > 0 {
		g.paneFunc()
	} else {
		body := append([]jen.Code{
			jen.Id("k").Dot("ws").Op("=").Id("ws"),
			jen.Id("a").Op(":=").Id("j").Dot("groups").Index(jen.Id("k")),
			jen.If(jen.Id("a").Op("!=").Nil()).Block(jen.Return(jen.Id("a"))),
		}, g.cloneKey()...)
		body = append(body,
			jen.Id("a").Op("=").Op("&").Id(acc).Values(jen.Dict{jen.Id("key"): jen.Id("k"), jen.Id("ws"): jen.Id("ws"), jen.Id("we"): jen.Id("ws").Op("+").Add(size)}),
			jen.If(jen.Id("j").Dot("groups").Op("==").Nil()).Block(jen.Id("j").Dot("groups").Op("=").Map(jen.Id(key)).Op("*").Id(acc).Values()),
			jen.Id("j").Dot("groups").Index(jen.Id("k")).Op("=").Id("a"),
			jen.Id("j").Dot("q").Dot("Push").Call(jen.Id("a").Dot("we"), jen.Id("a")),
			jen.Return(jen.Id("a")))
		g.f.Comment("window returns the group of key k in the window starting at ws, opening it.")
		g.f.Add(recv().Id("window").Params(jen.Id("k").Id(key), jen.Id("ws").Int64()).Op("*").Id(acc).Block(body...))
	}

	// closeWindows
	var free []jen.Code
	if w.Kind == plan.Session {
		free = []jen.Code{
			jen.If(jen.Id("a").Dot("dead").Op("||").Id("a").Dot("we").Op("!=").Id("end")).Block(jen.Continue().Comment("merged, or grown since it was queued")),
			jen.Id("a").Dot("dead").Op("=").True(),
			jen.Id("sess").Op(":=").Id("j").Dot("sessions").Index(jen.Id("a").Dot("key")),
			jen.For(jen.List(jen.Id("i"), jen.Id("s")).Op(":=").Range().Id("sess")).Block(
				jen.If(jen.Id("s").Op("==").Id("a")).Block(
					jen.Id("sess").Op("=").Append(jen.Id("sess").Index(jen.Empty(), jen.Id("i")), jen.Id("sess").Index(jen.Id("i").Op("+").Lit(1), jen.Empty()).Op("...")),
					jen.Break())),
			jen.If(jen.Len(jen.Id("sess")).Op("==").Lit(0)).Block(jen.Delete(jen.Id("j").Dot("sessions"), jen.Id("a").Dot("key"))).Else().Block(
				jen.Id("j").Dot("sessions").Index(jen.Id("a").Dot("key")).Op("=").Id("sess")),
		}
	} else if a.PaneWidth() == 0 {
		free = []jen.Code{jen.Delete(jen.Id("j").Dot("groups"), jen.Id("a").Dot("key"))}
	}
	var loop []jen.Code
	loop = append(loop,
		jen.List(jen.Id("end"), jen.Id("ok")).Op(":=").Id("j").Dot("q").Dot("Next").Call(),
		jen.If(jen.Op("!").Id("ok").Op("||").Op("!").Id("all").Op("&&").Op("!").Qual(pkgWindow, "Closed").Call(jen.Id("wm"), jen.Id("end"), jen.Id("j").Dot("lateness"))).Block(jen.Break()),
	)
	if a.PaneWidth() > 0 {
		loop = append(loop, g.paneWindow()...)
	} else {
		loop = append(loop, jen.List(jen.Id("_"), jen.Id("a")).Op(":=").Id("j").Dot("q").Dot("Pop").Call())
	}
	loop = append(loop, free...)
	ordered := len(a.OrderBy) > 0 && a.Emit == plan.EmitFinal
	pre := []jen.Code{}
	if a.Emit == plan.EmitFinal {
		bad := jen.If(jen.Id("reason").Op("!=").Lit("")).Block(
			jen.If(jen.Err().Op(":=").Id("j").Dot("env").Dot("BadRecord").Call(
				jen.Qual(pkgApp, "Location").Values(jen.Dict{jen.Id("Source"): jen.Lit(j.Source.Name)}), jen.Id("kind"), jen.Id("reason"), jen.Nil()),
				jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			jen.Continue())
		loop = append(loop,
			jen.Var().Id("r").Id(g.id("Out")),
			jen.List(jen.Id("keep"), jen.Id("kind"), jen.Id("reason")).Op(":=").Id("j").Dot("result").Call(jen.Id("a"), jen.Op("&").Id("r")),
			bad,
			jen.If(jen.Op("!").Id("keep")).Block(jen.Continue()))
		if ordered {
			pre = append(pre, jen.Var().Id("batch").Index().Id(g.id("Out")), jen.Var().Id("batchEnd").Int64())
			loop = append(loop,
				jen.If(jen.Len(jen.Id("batch")).Op(">").Lit(0).Op("&&").Id("end").Op("!=").Id("batchEnd")).Block(
					g.stampWindow(jen.Id("batchEnd")),
					jen.Id("j").Dot("writeSorted").Call(jen.Id("batch")), jen.Id("batch").Op("=").Id("batch").Index(jen.Empty(), jen.Lit(0))),
				jen.List(jen.Id("batch"), jen.Id("batchEnd")).Op("=").List(jen.Append(jen.Id("batch"), jen.Id("r")), jen.Id("end")))
		} else {
			loop = append(loop, g.stampWindow(jen.Id("end")), jen.Id("j").Dot("write").Call(jen.Op("&").Id("r")))
		}
	}
	body := append(pre, jen.For().Block(loop...))
	if ordered {
		body = append(body, g.stampWindow(jen.Id("batchEnd")), jen.Id("j").Dot("writeSorted").Call(jen.Id("batch")))
		g.lessFunc()
		g.f.Comment("writeSorted writes the rows of one window close in ORDER BY order.")
		g.f.Add(recv().Id("writeSorted").Params(jen.Id("rows").Index().Id(g.id("Out"))).Block(
			jen.Qual("sort", "SliceStable").Call(jen.Id("rows"), jen.Func().Params(jen.Id("x"), jen.Id("y").Int()).Bool().Block(
				jen.Return(jen.Id("j").Dot("less").Call(jen.Op("&").Id("rows").Index(jen.Id("x")), jen.Op("&").Id("rows").Index(jen.Id("y")))))),
			jen.For(jen.Id("i").Op(":=").Range().Id("rows")).Block(jen.Id("j").Dot("write").Call(jen.Op("&").Id("rows").Index(jen.Id("i"))))))
	}
	body = append(body, jen.Return(jen.Nil()))
	doc(g.f, "closeWindows closes the windows the watermark wm has passed (every window\nwhen all is set), earliest end first, writing their rows for EMIT FINAL and\nfreeing their state.")
	g.f.Add(recv().Id("closeWindows").Params(jen.Id("wm").Int64(), jen.Id("all").Bool()).Error().Block(body...))

	g.f.Comment("final closes every window at the end of the input.")
	g.f.Add(recv().Id("final").Params().Error().Block(jen.Return(jen.Id("j").Dot("closeWindows").Call(jen.Lit(0), jen.True()))))

	g.f.Comment("startWindows reads the watermark settings (dialect.md) before the first record.")
	start := []jen.Code{
		jen.Id("j").Dot("wm").Dot("Disorder").Op("=").Id("j").Dot("env").Dot("Duration").Call(jen.Lit("watermark.max_out_of_orderness")).Dot("Milliseconds").Call(),
		jen.If(jen.Id("j").Dot("env").Dot("String").Call(jen.Lit("watermark.strategy")).Op("==").Lit("ascending")).Block(jen.Id("j").Dot("wm").Dot("Disorder").Op("=").Lit(0)),
		jen.Id("j").Dot("lateness").Op("=").Id("j").Dot("env").Dot("Duration").Call(jen.Lit("late.data.allowed_lateness")).Dot("Milliseconds").Call(),
	}
	if kafkaPartitioned(g.job) {
		start = append(start, jen.Id("j").Dot("wm").Dot("IdleAfter").Op("=").Id("j").Dot("env").Dot("Duration").Call(jen.Lit("watermark.idle_timeout")).Dot("Milliseconds").Call())
	}
	g.f.Add(recv().Id("startWindows").Params().Block(start...))
}

// windowFields are the job fields of a windowed aggregation.
func (g *jobGen) windowFields() []jen.Code {
	acc, key := g.id("Acc"), g.id("Key")
	fs := []jen.Code{
		jen.Id("wm").Qual(pkgWindow, "Watermark").Comment("event-time progress of the source"),
		jen.Id("lateness").Int64().Comment("'late.data.allowed_lateness', ms"),
		jen.Id("fatal").Error().Comment("an error that stopped the job while closing windows"),
	}
	if g.job.Agg.PaneWidth() > 0 {
		fs = append(fs,
			jen.Id("q").Qual(pkgWindow, "Queue").Index(jen.Id(key)).Comment("open windows (key and start) by end"),
			jen.Id("wins").Map(jen.Id(key)).Struct().Comment("the open windows, by key and start"),
			jen.Id("groups").Map(jen.Id(key)).Op("*").Id(acc).Comment("the panes, by key and pane start"))
		return fs
	}
	fs = append(fs, jen.Id("q").Qual(pkgWindow, "Queue").Index(jen.Op("*").Id(acc)).Comment("open windows by end"))
	if s := g.job.Sink; s != nil && s.Kind == plan.KafkaSink {
		fs = append(fs, jen.Id("outTime").Int64().Comment("the message timestamp of the window rows being written"))
	}
	if kafkaPartitioned(g.job) {
		fs = append(fs, jen.Id("now").Int64().Comment("processing time of the batch, ms: partitions silent for 'watermark.idle_timeout' go idle"))
	}
	if g.job.Agg.Window.Kind == plan.Session {
		return append(fs, jen.Id("sessions").Map(jen.Id(key)).Index().Op("*").Id(acc).Comment("the open sessions of each key"))
	}
	return append(fs, jen.Id("groups").Map(jen.Id(key)).Op("*").Id(acc).Comment("the groups of the open windows, by key and window start"))
}

// windowValue gives _window_start or _window_end in per-group expressions.
func windowValue(e *plan.WindowBound) val {
	if e.End {
		return val{V: jen.Id("a").Dot("we")}
	}
	return val{V: jen.Id("a").Dot("ws")}
}

// kafkaPartitioned reports whether a job reads a Kafka topic itself, so
// that its watermark is kept per partition (dialect.md) and processing
// time makes silent partitions idle. A file is one partition.
func kafkaPartitioned(j *plan.Job) bool {
	return j.Source.Kind == plan.KafkaSource && j.Source.Producer == nil
}

// watermarkPartition is the partition the current record came from.
func (g *jobGen) watermarkPartition() jen.Code {
	if kafkaPartitioned(g.job) {
		return jen.Id("j").Dot("rec").Dot("Partition")
	}
	return jen.Lit(0)
}

// watermarkNow is the processing time the watermark compares with
// 'watermark.idle_timeout': the batch's, for Kafka; files have no idle
// partitions.
func (g *jobGen) watermarkNow() jen.Code {
	if kafkaPartitioned(g.job) {
		return jen.Id("j").Dot("now")
	}
	return jen.Lit(0)
}

// paneFunc generates pane, which returns the pane of key k starting at ps
// and, for a new pane, queues the open windows holding it that are not
// queued yet for k.
func (g *jobGen) paneFunc() {
	w := g.job.Agg.Window
	acc, key := g.id("Acc"), g.id("Key")
	size, adv, width := jen.Lit(w.Size), jen.Lit(w.Advance), jen.Lit(g.job.Agg.PaneWidth())
	body := append([]jen.Code{
		jen.Id("k").Dot("ws").Op("=").Id("ps"),
		jen.Id("a").Op(":=").Id("j").Dot("groups").Index(jen.Id("k")),
		jen.If(jen.Id("a").Op("!=").Nil()).Block(jen.Return(jen.Id("a"))),
	}, g.cloneKey()...)
	body = append(body,
		jen.Id("a").Op("=").Op("&").Id(acc).Values(jen.Dict{jen.Id("key"): jen.Id("k"), jen.Id("ws"): jen.Id("ps"), jen.Id("we"): jen.Id("ps").Op("+").Add(width)}),
		jen.If(jen.Id("j").Dot("groups").Op("==").Nil()).Block(
			jen.Id("j").Dot("groups").Op("=").Map(jen.Id(key)).Op("*").Id(acc).Values(),
			jen.Id("j").Dot("wins").Op("=").Map(jen.Id(key)).Struct().Values()),
		jen.Id("j").Dot("groups").Index(jen.Id("k")).Op("=").Id("a"),
		jen.Comment("The windows holding the pane start from the first multiple of the advance\nat or after ps + width - size, up to ps."),
		jen.For(jen.Id("ws").Op(":=").Qual(pkgWindow, "TumblingStart").Call(jen.Id("ps").Op("+").Add(width).Op("-").Add(size).Op("+").Add(adv).Op("-").Lit(1), adv),
			jen.Id("ws").Op("<=").Id("ps"), jen.Id("ws").Op("+=").Add(adv)).Block(
			jen.Id("wk").Op(":=").Id("k"),
			jen.Id("wk").Dot("ws").Op("=").Id("ws"),
			jen.If(jen.Qual(pkgWindow, "Closed").Call(jen.Id("wm"), jen.Id("ws").Op("+").Add(size), jen.Id("j").Dot("lateness"))).Block(jen.Continue()),
			jen.If(jen.List(jen.Id("_"), jen.Id("queued")).Op(":=").Id("j").Dot("wins").Index(jen.Id("wk")), jen.Id("queued")).Block(jen.Continue()),
			jen.Id("j").Dot("wins").Index(jen.Id("wk")).Op("=").Struct().Values(),
			jen.Id("j").Dot("q").Dot("Push").Call(jen.Id("ws").Op("+").Add(size), jen.Id("wk"))),
		jen.Return(jen.Id("a")))
	g.f.Comment("pane returns the pane of key k starting at ps, opening it and queueing the\nwindows that hold it.")
	g.f.Func().Params(jen.Id("j").Op("*").Id(g.id("Job"))).Id("pane").Params(jen.Id("k").Id(key), jen.Id("ps"), jen.Id("wm").Int64()).Op("*").Id(acc).Block(body...)
	g.mergeFuncs(false)
}

// paneWindow is closeWindows' part that pops a paned window: its result
// merges its panes, and the panes no later window holds are freed.
func (g *jobGen) paneWindow() []jen.Code {
	w := g.job.Agg.Window
	width := jen.Lit(g.job.Agg.PaneWidth())
	pane := func(body ...jen.Code) []jen.Code {
		return append([]jen.Code{jen.Id("pk").Op(":=").Id("k"), jen.Id("pk").Dot("ws").Op("=").Id("ps")}, body...)
	}
	return []jen.Code{
		jen.List(jen.Id("_"), jen.Id("k")).Op(":=").Id("j").Dot("q").Dot("Pop").Call(),
		jen.Delete(jen.Id("j").Dot("wins"), jen.Id("k")),
		jen.Id("a").Op(":=").Op("&").Id(g.id("Acc")).Values(jen.Dict{jen.Id("key"): jen.Id("k"), jen.Id("ws"): jen.Id("k").Dot("ws"), jen.Id("we"): jen.Id("end")}),
		jen.For(jen.Id("ps").Op(":=").Id("k").Dot("ws"), jen.Id("ps").Op("<").Id("end"), jen.Id("ps").Op("+=").Add(width)).Block(
			pane(jen.If(jen.Id("p").Op(":=").Id("j").Dot("groups").Index(jen.Id("pk")), jen.Id("p").Op("!=").Nil()).Block(
				jen.Id("j").Dot("merge").Call(jen.Id("a"), jen.Id("p"))))...),
		jen.Comment("This is the last window holding the panes up to the next window's start."),
		jen.For(jen.Id("ps").Op(":=").Id("k").Dot("ws"), jen.Id("ps").Op("<").Id("k").Dot("ws").Op("+").Lit(w.Advance), jen.Id("ps").Op("+=").Add(width)).Block(
			pane(jen.Delete(jen.Id("j").Dot("groups"), jen.Id("pk")))...),
	}
}

// stampWindow sets the Kafka message timestamp of the window rows about
// to be written: the window's last instant (end - 1 ms, as Flink stamps a
// window's result). Nothing for other sinks.
func (g *jobGen) stampWindow(end jen.Code) jen.Code {
	if s := g.job.Sink; s == nil || s.Kind != plan.KafkaSink {
		return jen.Null()
	}
	return jen.Id("j").Dot("outTime").Op("=").Add(end).Op("-").Lit(1)
}

// stampChanges is stampWindow for EMIT CHANGES, whose rows are written as
// records update their window (a, in emit).
func (g *jobGen) stampChanges() jen.Code {
	if a := g.job.Agg; a == nil || a.Window == nil {
		return jen.Null()
	}
	return g.stampWindow(jen.Id("a").Dot("we"))
}
