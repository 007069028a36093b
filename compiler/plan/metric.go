package plan

import (
	"fmt"
	"strings"

	"github.com/velocsql/veloc/parser/ast"
)

// MetricKind is a @metric_type.
type MetricKind int

const (
	CounterMetric MetricKind = iota
	GaugeMetric
	HistogramMetric
)

func (k MetricKind) String() string { return [...]string{"counter", "gauge", "histogram"}[k] }

// Metric is a Prometheus metric declared with a @metric block before a
// job's statement (dialect.md), updated for every output row of the job
// that meets Condition.
type Metric struct {
	Name string
	Help string
	Kind MetricKind
	// Labels are indexes into the job's Outputs, in @metric_labels order.
	Labels []int
	// Field is the index of the @metric_field output, or -1: a counter
	// then adds 1 per row.
	Field int
	// Condition is a BOOLEAN expression whose Column.Index values index
	// the job's Outputs (not the source), or nil.
	Condition Expr
	// Buckets are a histogram's upper bounds, ascending; nil means the
	// Prometheus defaults.
	Buckets []float64
	Pos     ast.Pos // the @metric annotation
}

// explainMetrics writes a job's @metric declarations for veloc explain:
// "metric big_total counter of qty by symbol when (price#3 > 100e0)".
func explainMetrics(b *strings.Builder, j *Job) {
	for _, m := range j.Metrics {
		fmt.Fprintf(b, "  metric %s %s", m.Name, m.Kind)
		if m.Field >= 0 {
			fmt.Fprintf(b, " of %s", j.Outputs[m.Field].Name)
		}
		if len(m.Labels) > 0 {
			names := make([]string, len(m.Labels))
			for i, l := range m.Labels {
				names[i] = j.Outputs[l].Name
			}
			fmt.Fprintf(b, " by %s", strings.Join(names, ", "))
		}
		if m.Condition != nil {
			fmt.Fprintf(b, " when %s", String(m.Condition))
		}
		if len(m.Buckets) > 0 {
			fmt.Fprintf(b, " buckets %v", m.Buckets)
		}
		b.WriteByte('\n')
	}
}

// JSONMetric is a @metric declaration in `veloc explain --format json`.
type JSONMetric struct {
	Name      string    `json:"name"`
	Type      string    `json:"type"`
	Help      string    `json:"help,omitempty"`
	Labels    []string  `json:"labels,omitempty"`
	Field     string    `json:"field,omitempty"`
	Condition string    `json:"condition,omitempty"`
	Buckets   []float64 `json:"buckets,omitempty"`
}

func jsonMetrics(j *Job) []JSONMetric {
	var out []JSONMetric
	for _, m := range j.Metrics {
		jm := JSONMetric{Name: m.Name, Type: m.Kind.String(), Help: m.Help, Buckets: m.Buckets}
		for _, l := range m.Labels {
			jm.Labels = append(jm.Labels, j.Outputs[l].Name)
		}
		if m.Field >= 0 {
			jm.Field = j.Outputs[m.Field].Name
		}
		if m.Condition != nil {
			jm.Condition = String(m.Condition)
		}
		out = append(out, jm)
	}
	return out
}
