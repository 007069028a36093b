package plan

import "github.com/velocsql/veloc/parser/ast"

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
