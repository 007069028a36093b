package compiler

import (
	"go/constant"
	"go/token"
	"strconv"
	"strings"

	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/types"
	"github.com/velocsql/veloc/parser/ast"
	"github.com/velocsql/veloc/parser/format"
	"github.com/velocsql/veloc/runtime/config"
	"github.com/velocsql/veloc/runtime/sqlfn"
)

// job compiles one query statement into a job.
func (c *compiler) job(stmt ast.Stmt, kind plan.JobKind, name *ast.Ident, q *ast.Query) {
	h := stmt.Header()
	j := &plan.Job{Name: name.Name, Output: name.Name, Kind: kind, Pos: h.Pos, Limit: -1}
	for _, key := range []string{"name", "job_name"} {
		if a, ok := h.Annotation(key); ok && strings.TrimSpace(a.Value) != "" {
			j.Name = strings.TrimSpace(a.Value)
		}
	}
	c.parallelism(j, h)
	c.jobMode(h.Annotations)
	sel := q.Select
	if sel.From == nil {
		c.errorf(sel.Pos, "a query needs FROM: veloc queries read a stream")
		return
	}
	if sel.From.Subquery != nil {
		ref := c.fromSubquery(j.Name, sel.From)
		if ref == nil {
			return
		}
		from := *sel
		from.From = ref
		sel = &from
	}
	srcName := sel.From.Name
	sinkIdent := name
	if kind == plan.SelectJob {
		sinkIdent = nil
	}
	props := c.classify(c.withoutJoined(q.With, sel), j, srcName, sel.From.Alias, sinkIdent)

	var src *plan.Source
	if len(sel.Joins) > 0 {
		src = c.joinSource(sel, props.source, j)
	} else {
		src = c.source(sel.From, props.source, j)
	}
	if src == nil {
		return
	}
	j.Source = src
	j.Props = props.job
	c.errorPolicy(j)
	c.delivery(j)
	for _, p := range j.Props {
		if p.Key != j.Name+".parallelism" {
			continue
		}
		if n, err := strconv.Atoi(p.Value); err != nil || n < 0 {
			c.errorf(p.Pos, "'%s' must be a number of workers (0: one per core), not '%s'", p.Key, p.Value)
		} else {
			j.Parallelism = n
		}
	}

	k := &checker{c: c, sc: &scope{source: src, qualifiers: qualifiers(sel.From), system: src.Kind != plan.StreamSource, job: j}}
	agg, ok := c.aggregation(sel, q, src, props.job)
	if !ok || len(sel.Joins) > 0 && !c.joins(k, sel, j) {
		return
	}
	// The event time (a window's, or 'event.time.field'), which
	// _event_time reads in every clause.
	if _, named := findProp(props.job, "event.time.field"); sel.Window != nil || named && src.Kind != plan.StreamSource {
		if k.eventTime = c.eventTime(k, sel.Window, src, props.job); k.eventTime == nil {
			return
		}
	}
	if sel.Where != nil {
		k.clause = "WHERE"
		if w := k.boolean(k.expr(sel.Where), "WHERE"); !isInvalid(w) {
			j.Where = w
		}
	}
	if agg != nil && agg.Window != nil {
		agg.Window.Time = k.eventTime
		c.watermarkProps(j, props.job)
	}
	if agg != nil {
		k.ag = c.groupKeys(k, sel, agg)
	} else {
		k.ov = &overScope{over: &plan.Over{}}
	}
	k.clause = "SELECT"
	if agg == nil {
		j.EventTime = k.eventTime
	}
	j.Outputs = c.outputs(k, sel)
	if k.ov != nil && len(k.ov.over.Calls) > 0 {
		j.Over = k.ov.over
		if len(j.Over.Order) > 0 {
			c.lateStrategy(j, props.job)
		}
	}
	k.ov = nil
	if len(j.Slots) > 0 && (agg != nil && agg.Window != nil || j.Over != nil || agg != nil && j.Interval != nil) {
		c.errorf(sel.Pos, "joins and subqueries in a windowed or OVER query, and GROUP BY over an interval join, are not supported yet: join in one statement and aggregate its output in the next")
		return
	}
	if agg != nil {
		c.havingOrder(k, sel, j)
		if w := agg.Window; w != nil && w.Kind == plan.Session {
			for _, a := range agg.Aggs {
				switch a.Name {
				case "FIRST", "LAST", "STRING_AGG", "COLLECT":
					c.errorf(a.At, "%s is not supported yet in a SESSION window (sessions that a row bridges merge their state, and %s depends on row order)", a.Name, a.Name)
				}
			}
		}
		j.Agg = agg
	}
	if sel.Limit != nil {
		j.Limit = c.limit(sel.Limit)
	}
	j.Sink = c.sink(j, kind, name, props.sink, stmt)
	if j.Sink == nil && name != nil {
		if _, typed := lookupProp(props.sink, name.Name+".type"); typed {
			j.SinkFailed = true // reported where it failed; not "writes nowhere" too
		}
	}
	if s := j.Sink; s != nil && (s.Format == plan.Text || s.Format == plan.RawBytes) && len(j.Outputs) != 1 {
		c.errorf(name.Pos, "sink %s writes '%s' values, which are one column; the query selects %d", s.Name, s.Format, len(j.Outputs))
	}
	if kind == plan.StreamJob || kind == plan.TableJob {
		key := strings.ToLower(name.Name)
		if _, dup := c.produced[key]; dup {
			c.errorf(name.Pos, "%s is created twice", name.Name)
		}
		c.produced[key] = j
	}
	c.metrics(j, h)
	c.prog.Jobs = append(c.prog.Jobs, j)
}

func qualifiers(ref *ast.TableRef) []string {
	q := []string{ref.Name.Name}
	if ref.Alias != nil {
		q = append(q, ref.Alias.Name)
	}
	return q
}

// jobProps are a statement's WITH properties sorted by what they configure.
type jobProps struct {
	source, sink, job []plan.Prop
}

// classify sorts a statement's WITH properties by their prefix: the
// source's name, the sink's name, the job's name, or none (the global
// event-time and watermark keys). Keys are rewritten to the spelling of
// the name in the query, so that run-time overrides have one spelling.
func (c *compiler) classify(w *ast.With, j *plan.Job, src, alias, sink *ast.Ident) jobProps {
	var out jobProps
	for _, p := range withProps(w) {
		if isGlobalKey(p.Key) {
			out.job = append(out.job, p)
			continue
		}
		prefix, rest, _ := strings.Cut(p.Key, ".")
		isJobKey := false
		for _, k := range jobKeys {
			isJobKey = isJobKey || k == rest
		}
		switch {
		case strings.EqualFold(prefix, src.Name):
			p.Key = src.Name + "." + rest
			out.source = append(out.source, p)
		case isJobKey && strings.EqualFold(prefix, j.Name):
			p.Key = j.Name + "." + rest
			out.job = append(out.job, p)
		case isJobKey && sink != nil && strings.EqualFold(prefix, sink.Name):
			p.Key = j.Name + "." + rest
			out.job = append(out.job, p)
		case sink != nil && strings.EqualFold(prefix, sink.Name):
			p.Key = sink.Name + "." + rest
			out.sink = append(out.sink, p)
		case alias != nil && strings.EqualFold(prefix, alias.Name):
			c.errorf(p.Pos, "property '%s' names the alias %s; use the source name: '%s.%s'", p.Key, alias.Name, src.Name, rest)
		default:
			names := []string{src.Name, j.Name}
			if sink != nil {
				names = append(names, sink.Name)
			}
			if s, ok := suggest(p.Key, globalKeys); ok {
				c.errorf(p.Pos, "unknown property '%s'; did you mean '%s'?", p.Key, s)
			} else {
				c.errorf(p.Pos, "property '%s' does not start with a source, sink or job of this statement (%s)%s", p.Key, strings.Join(names, ", "), didYouMean(prefix, names))
			}
		}
	}
	return out
}

// parallelism reads @parallelism and @num_partitions (runtime.md): how
// many workers share a file source's records.
func (c *compiler) parallelism(j *plan.Job, h *ast.StmtHeader) {
	for _, key := range []string{"parallelism", "num_partitions"} {
		a, ok := h.Annotation(key)
		if !ok {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(a.Value))
		if err != nil || n < 1 {
			c.errorf(a.ValuePos, "@%s must be a positive number of workers, not %q", key, a.Value)
			continue
		}
		j.Parallelism = n
	}
}

// errorPolicy reads '<job>.error.policy' and '<job>.dlq'.
func (c *compiler) errorPolicy(j *plan.Job) {
	for _, p := range j.Props {
		switch p.Key {
		case j.Name + ".error.policy":
			switch p.Value {
			case "skip":
				j.ErrorPolicy = plan.SkipErrors
			case "dlq":
				j.ErrorPolicy = plan.DLQErrors
			case "fail":
				j.ErrorPolicy = plan.FailOnError
			default:
				c.errorf(p.Pos, "'%s' must be skip, dlq or fail, not '%s'", p.Key, p.Value)
			}
		case j.Name + ".dlq":
			j.DLQ = p.Value
		}
	}
	if j.ErrorPolicy == plan.DLQErrors && j.DLQ == "" {
		c.errorf(j.Pos, "job %s has error.policy dlq but no '%s.dlq' naming where dead letters go", j.Name, j.Name)
	}
}

// aggregation decides whether the query aggregates (dialect.md: GROUP BY,
// an aggregate outside OVER, or a WINDOW) and returns its Aggregate with
// the emit mode, or nil for a query that writes every row. It reports the
// shapes this version does not compile yet and the rules every version
// has (EMIT FINAL needs an aggregation; ORDER BY orders EMIT FINAL
// output; a window needs an event time); ok is false after an error.
func (c *compiler) aggregation(sel *ast.Select, q *ast.Query, src *plan.Source, jobProps []plan.Prop) (*plan.Aggregate, bool) {
	aggregating := len(sel.GroupBy) > 0 || sel.Having != nil || sel.Window != nil
	for _, it := range sel.Items {
		if it.Expr != nil && hasAggregate(it.Expr) {
			aggregating = true
		}
	}
	final := q.Emit != nil && q.Emit.Mode == ast.EmitFinal
	if final && !aggregating {
		c.errorf(q.Emit.Pos, "EMIT FINAL needs an aggregation (GROUP BY, an aggregate function or a WINDOW), and this query has none; remove EMIT FINAL to write every row")
		return nil, false
	}
	if sel.Window != nil && !c.windowEventTime(sel.Window, src, jobProps) {
		return nil, false
	}
	switch {
	case sel.Distinct:
		c.errorf(sel.Pos, "SELECT DISTINCT is not supported yet; GROUP BY the columns instead")
		return nil, false
	case len(sel.OrderBy) > 0 && !aggregating:
		c.errorf(sel.OrderBy[0].Pos, "ORDER BY orders EMIT FINAL output, and this query writes every row as it arrives; remove ORDER BY")
		return nil, false
	case len(sel.OrderBy) > 0 && !final && !(sel.Window != nil && q.Emit == nil):
		c.errorf(sel.OrderBy[0].Pos, "ORDER BY orders EMIT FINAL output, and this aggregation emits changes as rows arrive; add EMIT FINAL or remove ORDER BY")
		return nil, false
	case !aggregating:
		return nil, true
	}
	a := &plan.Aggregate{Emit: plan.EmitChanges}
	if final || sel.Window != nil && q.Emit == nil {
		a.Emit = plan.EmitFinal // a window's default (dialect.md)
	}
	if w := sel.Window; w != nil {
		a.Window = &plan.Window{Kind: plan.WindowKind(w.Kind), Size: w.Size.Millis()}
		if w.Advance != nil {
			a.Window.Advance = w.Advance.Millis()
		}
		switch {
		case a.Window.Size <= 0:
			c.errorf(w.Size.Pos, "a window's size must be positive")
			return nil, false
		case a.Window.Kind == plan.Sliding && (a.Window.Advance <= 0 || a.Window.Advance > a.Window.Size):
			c.errorf(w.Pos, "a SLIDING window's advance must be positive and at most its size")
			return nil, false
		}
	}
	return a, true
}

// eventTime types a windowed query's event time (dialect.md): the
// window's time column, else 'event.time.field' read with
// 'event.time.format'. TIMESTAMP columns are taken as they are, integers as
// epoch milliseconds (seconds with epoch_seconds), strings as ISO-8601.
func (c *compiler) eventTime(k *checker, w *ast.Window, src *plan.Source, props []plan.Prop) plan.Expr {
	var x plan.Expr
	var at ast.Pos
	if w != nil {
		at = w.Pos
	}
	if w != nil && w.TimeCol != nil {
		k.clause = "WINDOW"
		x = k.expr(w.TimeCol)
		at = w.TimeCol.Start()
	} else if p, ok := findProp(props, "event.time.field"); ok {
		i, found := src.Schema.Lookup(p.Value, false)
		if !found {
			c.errorf(p.Pos, "'event.time.field' names %s, which is not a column of %s (%s)%s", p.Value, src.Name, src.Schema.Origin, didYouMean(p.Value, src.Schema.Names()))
			return nil
		}
		col := src.Schema.Columns[i]
		x = &plan.Column{Index: i, Name: col.Name, T: col.Type, Null: col.Nullable, At: p.Pos}
		at = p.Pos
	} else {
		return &plan.SystemColumn{Name: "_timestamp", T: types.TimestampType, At: at} // Kafka
	}
	if isInvalid(x) {
		return nil
	}
	format := "epoch_millis"
	if p, ok := findProp(props, "event.time.format"); ok {
		format = strings.ToLower(p.Value)
	}
	switch t := x.Type(); {
	case t.Kind == types.Timestamp:
		return x
	case t.Kind == types.Int && (format == "epoch_seconds" || format == "epoch"):
		return &plan.Call{Name: "FROM_UNIXTIME", Args: []plan.Expr{x}, T: types.TimestampType, Null: x.Nullable(), At: at}
	case t.Kind == types.Int:
		return &plan.Convert{X: x, T: types.TimestampType}
	case t.Kind == types.String && (format == "iso8601" || format == "epoch_millis"):
		return &plan.Cast{X: x, T: types.TimestampType, At: at}
	case t.Kind == types.String:
		p, _ := findProp(props, "event.time.format")
		if _, err := sqlfn.CompileTimeParser(p.Value); err != nil {
			c.errorf(p.Pos, "'event.time.format': %v", err)
			return nil
		}
		// A strftime pattern: an internal call the generator compiles once.
		pattern := &plan.Literal{Val: constant.MakeString(p.Value), T: types.StringType, At: p.Pos}
		return &plan.Call{Name: "PARSE_TIME", Args: []plan.Expr{x, pattern}, T: types.TimestampType, Null: x.Nullable(), At: at}
	default:
		c.errorf(at, "the event time %s is %s; it must be a TIMESTAMP, an INTEGER (epoch milliseconds) or an ISO-8601 STRING", plan.String(x), t)
		return nil
	}
}

// watermarkProps checks the watermark and late-data properties of a
// windowed job (dialect.md), which the program reads at run time.
func (c *compiler) watermarkProps(j *plan.Job, props []plan.Prop) {
	for _, key := range []string{"watermark.max_out_of_orderness", "late.data.allowed_lateness", "watermark.idle_timeout"} {
		if p, ok := findProp(props, key); ok {
			if _, ok := config.ParseDuration(p.Value); !ok {
				c.errorf(p.Pos, "'%s' must be a duration such as 10s, 500ms or 1m, not '%s'", key, p.Value)
			}
		}
	}
	c.lateStrategy(j, props)
	if p, ok := findProp(props, "watermark.strategy"); ok && p.Value != "bounded_out_of_orderness" && p.Value != "ascending" {
		c.errorf(p.Pos, "'watermark.strategy' must be bounded_out_of_orderness or ascending, not '%s'", p.Value)
	}
}

// lateStrategy checks 'late.data.strategy', which windowed jobs and row
// windows with an ORDER BY (whose rows may arrive out of order) read.
func (c *compiler) lateStrategy(j *plan.Job, props []plan.Prop) {
	if p, ok := findProp(props, "late.data.strategy"); ok {
		switch p.Value {
		case "drop":
		case "dead_letter":
			if j.DLQ == "" {
				c.errorf(p.Pos, "'late.data.strategy' = 'dead_letter' needs '%s.dlq' naming the dead-letter file", j.Name)
			}
		default:
			c.errorf(p.Pos, "'late.data.strategy' must be drop or dead_letter, not '%s'", p.Value)
		}
	}
}

func findProp(props []plan.Prop, key string) (plan.Prop, bool) {
	for _, p := range props {
		if p.Key == key {
			return p, true
		}
	}
	return plan.Prop{}, false
}

// groupKeys types the GROUP BY items over the input row and returns the
// scope in which the select list, HAVING and ORDER BY are typed per group.
func (c *compiler) groupKeys(k *checker, sel *ast.Select, agg *plan.Aggregate) *aggScope {
	as := &aggScope{agg: agg, keyText: map[string]int{}, keyCol: map[int]int{}, aggText: map[string]int{}}
	k.clause = "GROUP BY"
	for _, g := range sel.GroupBy {
		x := k.expr(g)
		if isInvalid(x) {
			continue
		}
		switch t := x.Type(); {
		case t.Kind == types.Array || t.Kind == types.Map:
			c.errorf(g.Start(), "cannot GROUP BY %s values", t)
			continue
		case t.Kind == types.Null:
			c.errorf(g.Start(), "GROUP BY NULL groups nothing; remove it")
			continue
		}
		text := format.Expr(g)
		if _, dup := as.keyText[text]; dup {
			continue
		}
		as.keyText[text] = len(agg.Keys)
		if col, ok := x.(*plan.Column); ok {
			if _, dup := as.keyCol[col.Index]; !dup {
				as.keyCol[col.Index] = len(agg.Keys)
			}
		}
		agg.Keys = append(agg.Keys, x)
	}
	return as
}

// havingOrder types HAVING and ORDER BY, which may also name the select
// list's aliases.
func (c *compiler) havingOrder(k *checker, sel *ast.Select, j *plan.Job) {
	k.ag.aliases = map[string]plan.Expr{}
	for _, o := range j.Outputs {
		k.ag.aliases[strings.ToLower(o.Name)] = o.Expr
	}
	if sel.Having != nil {
		k.clause = "HAVING"
		if h := k.boolean(k.expr(sel.Having), "HAVING"); !isInvalid(h) {
			k.ag.agg.Having = h
		}
	}
	for _, o := range sel.OrderBy {
		i := orderOutput(o.Expr, sel, j)
		if i < 0 {
			c.errorf(o.Pos, "ORDER BY %s: name an output column of the select list (%s)", format.Expr(o.Expr), outputNames(j))
			continue
		}
		k.ag.agg.OrderBy = append(k.ag.agg.OrderBy, plan.OrderKey{Output: i, Desc: o.Desc})
	}
}

// orderOutput finds the output column an ORDER BY item names: by its name,
// or as the same expression as a select item; -1 if none.
func orderOutput(e ast.Expr, sel *ast.Select, j *plan.Job) int {
	if ref, ok := e.(*ast.ColumnRef); ok && ref.Qualifier == nil {
		for i, o := range j.Outputs {
			if strings.EqualFold(o.Name, ref.Name.Name) {
				return i
			}
		}
	}
	text := format.Expr(e)
	for _, it := range sel.Items {
		if it.Expr == nil || format.Expr(it.Expr) != text {
			continue
		}
		name := ""
		switch {
		case it.Alias != nil:
			name = it.Alias.Name
		case isColumnRef(it.Expr):
			name = it.Expr.(*ast.ColumnRef).Name.Name
		}
		for i, o := range j.Outputs {
			if o.Name == name {
				return i
			}
		}
	}
	return -1
}

func outputNames(j *plan.Job) string {
	names := make([]string, len(j.Outputs))
	for i, o := range j.Outputs {
		names[i] = o.Name
	}
	return strings.Join(names, ", ")
}

// windowEventTime checks that a windowed query has an event time
// (dialect.md): the window's time column, 'event.time.field', or the Kafka
// message timestamp.
func (c *compiler) windowEventTime(w *ast.Window, src *plan.Source, jobProps []plan.Prop) bool {
	if w.TimeCol != nil || src.Kind == plan.KafkaSource {
		return true
	}
	if _, ok := plan.Lookup(jobProps, "event.time.field"); ok {
		return true
	}
	c.errorf(w.Pos, "%s window over %s needs an event time: name the time column in the window, e.g. %s(ts, ...), or add 'event.time.field' = '<column>' to the WITH clause", w.Kind, src.Name, w.Kind)
	return false
}

// outputs types the select list, expanding * and naming each column.
func (c *compiler) outputs(k *checker, sel *ast.Select) []plan.Output {
	var outs []plan.Output
	seen := map[string]ast.Pos{}
	add := func(o plan.Output, at ast.Pos) {
		key := strings.ToLower(o.Name)
		if prev, dup := seen[key]; dup {
			c.errorf(at, "output column %s is written twice (first at line %d); rename one with AS", o.Name, prev.Line)
			return
		}
		seen[key] = at
		outs = append(outs, o)
	}
	src := k.sc.source
	for _, it := range sel.Items {
		if it.Star {
			if k.ag != nil {
				c.errorf(it.Pos, "* in an aggregating query: list the GROUP BY columns and aggregates to write")
				continue
			}
			if exprs, ok := k.starSlots(it); ok {
				for _, x := range exprs {
					add(plan.Output{Name: x.Name, Expr: x}, it.Pos)
				}
				if it.Qualifier != nil {
					continue
				}
			}
			if it.Qualifier != nil && !k.qualifies(it.Qualifier) {
				c.errorf(it.Qualifier.Pos, "unknown source %s in %s.*%s", it.Qualifier.Name, it.Qualifier.Name, didYouMean(it.Qualifier.Name, k.sc.qualifiers))
				continue
			}
			for i, col := range src.Schema.Columns {
				add(plan.Output{Name: col.Name, Expr: &plan.Column{Index: i, Name: col.Name, T: col.Type, Null: col.Nullable || k.sc.mainNull, At: it.Pos}}, it.Pos)
			}
			if it.Qualifier == nil {
				for _, ss := range k.sc.slots {
					for i := range ss.cols {
						x := ss.column(i, it.Pos)
						add(plan.Output{Name: x.Name, Expr: x}, it.Pos)
					}
				}
			}
			continue
		}
		e := k.expr(it.Expr)
		name := ""
		switch {
		case it.Alias != nil:
			name = it.Alias.Name
		case isColumnRef(it.Expr):
			name = it.Expr.(*ast.ColumnRef).Name.Name
		default:
			c.errorf(it.Expr.Start(), "give %s a name: %s AS some_name", format.Expr(it.Expr), format.Expr(it.Expr))
			continue
		}
		if isInvalid(e) {
			continue
		}
		if e.Type().Kind == types.Null {
			e = k.convert(e, types.StringType) // a bare NULL column is written as an empty STRING column
		}
		add(plan.Output{Name: name, Expr: e, PrimaryKey: it.PrimaryKey}, it.Expr.Start())
	}
	return outs
}

func isColumnRef(e ast.Expr) bool {
	_, ok := e.(*ast.ColumnRef)
	return ok
}

// limit checks LIMIT n: a non-negative integer constant.
func (c *compiler) limit(e ast.Expr) int64 {
	if n, ok := e.(*ast.NumberLit); ok && n.Kind == ast.IntegerNumber {
		v := constant.MakeFromLiteral(n.Text, token.INT, 0)
		if i, exact := constant.Int64Val(v); exact && i >= 0 {
			return i
		}
	}
	c.errorf(e.Start(), "LIMIT needs a non-negative integer constant, not %s", format.Expr(e))
	return -1
}
