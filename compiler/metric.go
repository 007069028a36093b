package compiler

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/schema"
	"github.com/velocsql/veloc/compiler/types"
	"github.com/velocsql/veloc/parser/ast"
)

// metricName and labelName are Prometheus's rules for names; a name that
// breaks them would make the program fail when it registers the metric,
// so it is a compile error instead.
var (
	metricName = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*$`)
	labelName  = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)
)

// metricKeys are the @metric_* annotations a block may hold.
var metricKeys = setOf("metric_type", "metric_help", "metric_labels", "metric_field", "metric_condition", "metric_buckets")

// metrics compiles the @metric blocks before a job's statement against
// the job's output columns (dialect.md: labels, field and condition are
// over the output row). Every name that is not an output column is a
// positioned error.
func (c *compiler) metrics(j *plan.Job, h *ast.StmtHeader) {
	for _, b := range h.Metrics {
		if m := c.metric(j, b); m != nil {
			j.Metrics = append(j.Metrics, m)
		}
	}
	c.checkMetricNames(j)
}

func (c *compiler) metric(j *plan.Job, b *ast.MetricBlock) *plan.Metric {
	m := &plan.Metric{Name: strings.TrimSpace(b.Name), Field: -1, Pos: b.Pos}
	ok := true
	if !metricName.MatchString(m.Name) {
		c.errorf(b.Pos, "@metric %q is not a Prometheus metric name (letters, digits, _ and :, not starting with a digit)", m.Name)
		ok = false
	}
	for _, a := range b.Annotations {
		if !metricKeys[a.Key] {
			c.errorf(a.Pos, "unknown metric annotation @%s (want @metric_type, _help, _labels, _field, _condition or _buckets)", a.Key)
			ok = false
		}
	}
	if a, found := b.Lookup("type"); found {
		switch strings.ToLower(strings.TrimSpace(a.Value)) {
		case "counter":
			m.Kind = plan.CounterMetric
		case "gauge":
			m.Kind = plan.GaugeMetric
		case "histogram":
			m.Kind = plan.HistogramMetric
		default:
			c.errorf(a.ValuePos, "@metric_type %q: want counter, gauge or histogram", a.Value)
			ok = false
		}
	}
	if a, found := b.Lookup("help"); found {
		m.Help = strings.Trim(strings.TrimSpace(a.Value), `"'`)
	}
	if a, found := b.Lookup("labels"); found {
		for _, l := range splitList(a) {
			i, found := c.outputColumn(j, l.text, l.pos, "@metric_labels")
			switch {
			case !found:
				ok = false
			case !labelName.MatchString(j.Outputs[i].Name) || j.Outputs[i].Name == "job" || strings.HasPrefix(j.Outputs[i].Name, "__"):
				c.errorf(l.pos, "column %s cannot be a Prometheus label name (letters, digits and _; not job, not starting with __)", j.Outputs[i].Name)
				ok = false
			case isContainer(j.Outputs[i].Expr.Type()):
				c.errorf(l.pos, "column %s is %s; a label needs a scalar (CAST it to STRING)", l.text, j.Outputs[i].Expr.Type())
				ok = false
			default:
				m.Labels = append(m.Labels, i)
			}
		}
	}
	if a, found := b.Lookup("field"); found {
		f := strings.TrimSpace(a.Value)
		if i, found := c.outputColumn(j, f, a.ValuePos, "@metric_field"); !found {
			ok = false
		} else if t := j.Outputs[i].Expr.Type(); t.Kind != types.Int && t.Kind != types.Float && t.Kind != types.Decimal {
			c.errorf(a.ValuePos, "@metric_field %s is %s; a metric needs a number (INTEGER, FLOAT or DECIMAL)", f, t)
			ok = false
		} else {
			m.Field = i
		}
	} else if m.Kind != plan.CounterMetric {
		c.errorf(b.Pos, "@metric %s is a %s and needs @metric_field: the output column it records", m.Name, m.Kind)
		ok = false
	}
	if a, found := b.Lookup("buckets"); found {
		if m.Kind != plan.HistogramMetric {
			c.errorf(a.Pos, "@metric_buckets is for histograms; %s is a %s", m.Name, m.Kind)
			ok = false
		} else if bs, good := c.buckets(a); good {
			m.Buckets = bs
		} else {
			ok = false
		}
	}
	if b.Condition != nil {
		if e := c.metricCondition(j, b.Condition); e != nil {
			m.Condition = e
		} else {
			ok = false
		}
	} else if a, found := b.Lookup("condition"); found && strings.TrimSpace(a.Value) == "" {
		c.errorf(a.Pos, "@metric_condition is empty")
		ok = false
	}
	if !ok {
		return nil
	}
	return m
}

// checkMetricNames refuses a metric name declared twice for one job.
// (Two jobs may declare the same metric with the same type and labels:
// the job label tells their series apart.)
func (c *compiler) checkMetricNames(j *plan.Job) {
	seen := map[string]bool{}
	for _, m := range j.Metrics {
		if seen[m.Name] {
			c.errorf(m.Pos, "@metric %s is declared twice for job %s", m.Name, j.Name)
		}
		seen[m.Name] = true
	}
}

func isContainer(t types.Type) bool { return t.Kind == types.Array || t.Kind == types.Map }

// listItem is one comma-separated item of an annotation value.
type listItem struct {
	text string
	pos  ast.Pos
}

// splitList splits "a, b, c" (brackets allowed around it) and gives each
// item its position in the comment.
func splitList(a *ast.Annotation) []listItem {
	var items []listItem
	v := a.Value
	off := 0
	for off <= len(v) {
		end := strings.IndexByte(v[off:], ',')
		if end < 0 {
			end = len(v) - off
		}
		raw := v[off : off+end]
		lead := len(raw) - len(strings.TrimLeft(raw, " \t[("))
		text := strings.TrimRight(strings.TrimLeft(raw, " \t[("), " \t])")
		if text != "" {
			p := a.ValuePos
			p.Offset += off + lead
			p.Col += off + lead
			items = append(items, listItem{text, p})
		}
		off += end + 1
	}
	return items
}

// outputColumn finds an output column of j by name, reporting a
// positioned error naming the job's columns when there is none.
func (c *compiler) outputColumn(j *plan.Job, name string, at ast.Pos, what string) (int, bool) {
	unq := strings.Trim(name, "\"`")
	for i, o := range j.Outputs {
		if o.Name == unq || name == unq && strings.EqualFold(o.Name, unq) {
			return i, true
		}
	}
	c.errorf(at, "%s: %s is not an output column of job %s (%s)%s", what, name, j.Name, outputNames(j), didYouMean(unq, outputList(j)))
	return 0, false
}

func outputList(j *plan.Job) []string {
	names := make([]string, len(j.Outputs))
	for i, o := range j.Outputs {
		names[i] = o.Name
	}
	return names
}

// buckets parses "[0.1, 0.5, 1, 5]": numbers, strictly ascending.
func (c *compiler) buckets(a *ast.Annotation) ([]float64, bool) {
	items := splitList(a)
	if len(items) == 0 {
		c.errorf(a.ValuePos, "@metric_buckets needs upper bounds, as in [0.1, 0.5, 1, 5]")
		return nil, false
	}
	var bs []float64
	for _, it := range items {
		f, err := strconv.ParseFloat(it.text, 64)
		if err != nil {
			c.errorf(it.pos, "@metric_buckets: %q is not a number", it.text)
			return nil, false
		}
		if len(bs) > 0 && f <= bs[len(bs)-1] {
			c.errorf(it.pos, "@metric_buckets must ascend: %s after %s", it.text, strconv.FormatFloat(bs[len(bs)-1], 'g', -1, 64))
			return nil, false
		}
		bs = append(bs, f)
	}
	return bs, true
}

// metricCondition types @metric_condition over the job's output row. Its
// column references must be output columns (system columns and the
// source's other columns are not in the row), and it must be BOOLEAN.
func (c *compiler) metricCondition(j *plan.Job, cond ast.Expr) plan.Expr {
	ok := true
	walkAST(cond, func(e ast.Expr) {
		if r, isRef := e.(*ast.ColumnRef); isRef {
			if _, found := c.outputColumn(j, r.Name.Name, r.Name.Pos, "@metric_condition"); !found {
				ok = false
			}
		}
	})
	if hasAggregate(cond) {
		c.errorf(cond.Start(), "@metric_condition is evaluated per output row and cannot aggregate; aggregate in the query and test the output column")
		return nil
	}
	if !ok {
		return nil
	}
	cols := make([]schema.Column, len(j.Outputs))
	for i, o := range j.Outputs {
		cols[i] = schema.Column{Name: o.Name, Type: o.Expr.Type(), Nullable: o.Expr.Nullable()}
	}
	row := &plan.Source{Name: j.Output, Kind: plan.StreamSource, Schema: &schema.Schema{Source: j.Output, Columns: cols}}
	k := &checker{c: c, sc: &scope{source: row}, clause: "@metric_condition"}
	e := k.boolean(k.expr(cond), "@metric_condition")
	if isInvalid(e) {
		return nil
	}
	return e
}

// observability reads the file's @observability.metrics.enabled
// (dialect.md): a boolean; false turns the metrics server off by default.
func (c *compiler) observability(as []*ast.Annotation) {
	for _, a := range as {
		if a.Key != "observability.metrics.enabled" {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(a.Value)) {
		case "true", "yes", "on", "1":
			c.prog.NoMetricsServer = false
		case "false", "no", "off", "0":
			c.prog.NoMetricsServer = true
		default:
			c.errorf(a.ValuePos, "@observability.metrics.enabled %q: want true or false", a.Value)
		}
	}
}
