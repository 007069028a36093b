package parser

import (
	"strings"
	"testing"

	"github.com/velocsql/veloc/parser/ast"
)

// annotationsString is `key=value` for each annotation, space-separated.
func annotationsString(list []*ast.Annotation) string {
	var s []string
	for _, a := range list {
		s = append(s, a.Key+"="+a.Value)
	}
	return strings.Join(s, " ")
}

// metricsString is `name{key=value ...}` for each block.
func metricsString(list []*ast.MetricBlock) string {
	var s []string
	for _, m := range list {
		s = append(s, m.Name+"{"+annotationsString(m.Annotations)+"}")
	}
	return strings.Join(s, " ")
}

// velostreamApp is laid out as Velostream's demo applications are.
const velostreamApp = `-- =============================================================================
-- SQL Application: trading_signals
-- =============================================================================
-- @version: 1.0.0
-- @description: Volume analytics and order flow
-- @job_mode: adaptive
-- @deployment.region: ${AWS_REGION:us-east-1}
-- @data.source: trades
-- @data.price.type: decimal(4)
--
-- -----------------------------------------------------------------------------
-- @name: volume_spike_analysis
-- @description: Detects volume anomalies
-- -----------------------------------------------------------------------------
-- @metric: velo_spikes_total
-- @metric_type: counter
-- @metric_labels: symbol, spike_classification
--
-- @metric: velo_avg_volume
-- @metric_type: gauge
-- @metric_field: avg_volume
-- @metric_condition: avg_volume > 100 AND symbol <> 'TEST'
-- @observability.metrics.enabled: true

CREATE STREAM volume_spike_analysis AS
SELECT symbol, AVG(volume) AS avg_volume FROM trades GROUP BY symbol;

-- @name: order_flow
-- @job_mode: transactional
-- @batch_size: 100
-- @num_partitions: 8
CREATE STREAM order_flow AS SELECT symbol FROM book;
-- @some_key: at the end of the file
`

func TestAttachment(t *testing.T) {
	f := mustParse(t, velostreamApp)
	if got, want := annotationsString(f.Annotations),
		"app=trading_signals version=1.0.0 description=Volume analytics and order flow job_mode=adaptive "+
			"deployment.region=${AWS_REGION:us-east-1} data.source=trades data.price.type=decimal(4) "+
			"observability.metrics.enabled=true num_partitions=8 some_key=at the end of the file"; got != want {
		t.Errorf("file annotations:\n got %s\nwant %s", got, want)
	}
	if len(f.Stmts) != 2 {
		t.Fatalf("got %d statements", len(f.Stmts))
	}
	h := f.Stmts[0].Header()
	if got, want := annotationsString(h.Annotations), "name=volume_spike_analysis description=Detects volume anomalies"; got != want {
		t.Errorf("first statement annotations:\n got %s\nwant %s", got, want)
	}
	if got, want := metricsString(h.Metrics),
		"velo_spikes_total{metric_type=counter metric_labels=symbol, spike_classification} "+
			"velo_avg_volume{metric_type=gauge metric_field=avg_volume metric_condition=avg_volume > 100 AND symbol <> 'TEST'}"; got != want {
		t.Errorf("first statement metrics:\n got %s\nwant %s", got, want)
	}
	if got, want := exprString(h.Metrics[1].Condition), "(AND (> avg_volume 100) (<> symbol 'TEST'))"; got != want {
		t.Errorf("condition = %s, want %s", got, want)
	}
	if h.Metrics[0].Condition != nil {
		t.Errorf("a block without @metric_condition has a condition")
	}
	if a, ok := h.Metrics[1].Lookup("field"); !ok || a.Value != "avg_volume" {
		t.Errorf("Lookup(field) = %v, %v", a, ok)
	}
	h = f.Stmts[1].Header()
	if got, want := annotationsString(h.Annotations), "name=order_flow job_mode=transactional batch_size=100"; got != want {
		t.Errorf("second statement annotations:\n got %s\nwant %s", got, want)
	}
	if len(h.Metrics) != 0 {
		t.Errorf("second statement has metrics %s", metricsString(h.Metrics))
	}
}

func TestAttachmentRule(t *testing.T) {
	tests := []struct {
		name             string
		src              string
		file, stmt, next string // annotations of the file, the first and the second statement
	}{
		{"other keys before the first statement go to the file",
			"-- @description: d\n-- @job_mode: simple\nSELECT a FROM t;",
			"description=d job_mode=simple", "", ""},
		{"unless a statement-only key came first",
			"-- @description: app\n-- @name: job\n-- @description: job\nSELECT a FROM t;",
			"description=app", "name=job description=job", ""},
		{"job_name counts as statement-only",
			"-- @job_name: j\n-- @batch_size: 5\nSELECT a FROM t;",
			"", "job_name=j batch_size=5", ""},
		{"a metric counts as statement-only",
			"-- @metric: m\n-- @unknown: u\nSELECT a FROM t;",
			"", "unknown=u", ""},
		{"file-only keys always go to the file",
			"SELECT a FROM t;\n-- @name: second\n-- @app: late\n-- @version: 2\n-- @data.x.type: integer\n-- @partitioning_strategy: hash\nSELECT b FROM u;",
			"app=late version=2 data.x.type=integer partitioning_strategy=hash", "", "name=second"},
		{"other keys before a later statement go to it",
			"SELECT a FROM t;\n-- @description: d\n-- @whatever: w\nSELECT b FROM u;",
			"", "", "description=d whatever=w"},
		{"annotations after the last statement go to the file",
			"SELECT a FROM t;\n-- @name: orphan\n-- @description: d\n",
			"name=orphan description=d", "", ""},
		{"a file without statements",
			"-- @name: n\n-- @app: a\n",
			"name=n app=a", "", ""},
		{"comments inside a statement are not annotations",
			"SELECT a, -- @name: inside\n b FROM t\n-- @description: also inside\nWHERE c;",
			"", "", ""},
		{"trailing comments are not annotations",
			"SELECT a FROM t; -- @name: trailing\nSELECT b FROM u;",
			"", "", ""},
		{"annotations before a broken statement are dropped with it",
			"-- @app: a\n-- @name: broken\nSELECT FROM;\n-- @name: ok\nSELECT b FROM u;",
			"app=a", "name=ok", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _ := ParseFile("t.sql", []byte(tt.src))
			var stmt, next string
			if len(f.Stmts) > 0 {
				stmt = annotationsString(f.Stmts[0].Header().Annotations)
			}
			if len(f.Stmts) > 1 {
				next = annotationsString(f.Stmts[1].Header().Annotations)
			}
			if got := annotationsString(f.Annotations); got != tt.file {
				t.Errorf("file = %q, want %q", got, tt.file)
			}
			if stmt != tt.stmt || next != tt.next {
				t.Errorf("statements = %q, %q; want %q, %q", stmt, next, tt.stmt, tt.next)
			}
		})
	}
}

func TestAnnotationSpellings(t *testing.T) {
	tests := []struct {
		comment, key, value, valuePos string // valuePos "" when not an annotation
	}{
		{"-- @name: job", "name", "job", "1:11"},
		{"--@name:job", "name", "job", "1:9"},
		{"--   @Metric_Type:   counter  ", "metric_type", "counter", "1:22"},
		{"-- @data.price.type: decimal(4)", "data.price.type", "decimal(4)", "1:22"},
		{"-- @deployment.node_id: ${POD_NAME:x-1}", "deployment.node_id", "${POD_NAME:x-1}", "1:25"},
		{"-- @description:", "description", "", "1:17"},
		{"-- @café: ü", "", "", ""}, // keys are ASCII
		{"-- SQL Application: trading", "app", "trading", "1:21"},
		{"-- sql application: trading", "app", "trading", "1:21"},
		{"-- Version: 1.2.0", "version", "1.2.0", "1:13"},
		{"-- Description: Real-time analytics", "description", "Real-time analytics", "1:17"},
		{"-- Name: market_data", "name", "market_data", "1:10"},
		{"-- ====", "", "", ""},
		{"--", "", "", ""},
		{"-- @", "", "", ""},
		{"-- @name sliding_window_demo", "", "", ""},
		{"-- @ name: x", "", "", ""},
		{"-- see http://example.com", "", "", ""},
		{"-- Named: x", "", "", ""},
		{"/* @name: block */", "", "", ""},
	}
	for _, tt := range tests {
		f := mustParse(t, tt.comment+"\n")
		if tt.valuePos == "" {
			if len(f.Annotations) != 0 {
				t.Errorf("%q is an annotation: %s", tt.comment, annotationsString(f.Annotations))
			}
			continue
		}
		if len(f.Annotations) != 1 {
			t.Errorf("%q: got %d annotations, want 1", tt.comment, len(f.Annotations))
			continue
		}
		a := f.Annotations[0]
		if a.Key != tt.key || a.Value != tt.value || a.ValuePos.String() != tt.valuePos || a.Pos.String() != "1:1" {
			t.Errorf("%q = %s=%q at %v (value at %v), want %s=%q (value at %s)",
				tt.comment, a.Key, a.Value, a.Pos, a.ValuePos, tt.key, tt.value, tt.valuePos)
		}
	}
	// Positions count runes (é is one column, two bytes).
	f := mustParse(t, "SELECT a FROM t;\n  -- é @x: ü\n-- @ü: no\n/* é */ -- @k: v\n")
	if len(f.Annotations) != 1 {
		t.Fatalf("got %s", annotationsString(f.Annotations))
	}
	if a := f.Annotations[0]; a.ValuePos != (ast.Pos{Offset: 59, Line: 4, Col: 16}) || a.Pos.String() != "4:9" {
		t.Errorf("annotation at %v, value at %+v", a.Pos, a.ValuePos)
	}
}

func TestMetricCondition(t *testing.T) {
	src := "-- @metric: m\n--  @metric_condition: price > 100\nSELECT a FROM t;"
	f := mustParse(t, src)
	cond := f.Stmts[0].Header().Metrics[0].Condition.(*ast.Binary)
	if cond.OpPos != (ast.Pos{Offset: 43, Line: 2, Col: 30}) {
		t.Errorf("> at %+v, want offset 43, 2:30", cond.OpPos)
	}
	if got := cond.X.(*ast.ColumnRef).Name.Pos.String(); got != "2:24" {
		t.Errorf("price at %s, want 2:24", got)
	}
	if src[cond.OpPos.Offset] != '>' {
		t.Errorf("offset %d is %q, not the operator", cond.OpPos.Offset, src[cond.OpPos.Offset])
	}
}

func TestAnnotationErrors(t *testing.T) {
	tests := []struct{ src, err string }{
		{"-- @metric: m\n-- @metric_condition: price > AND x\nSELECT a FROM t;",
			"t.sql:2:31: syntax error: unexpected AND, expected an expression"},
		{"-- @metric: m\n-- @metric_condition: ü = 'open\nSELECT a FROM t;",
			"t.sql:2:27: unterminated string literal"},
		{"-- @metric: m\n-- @metric_condition:\nSELECT a FROM t;",
			"t.sql:2:22: syntax error: unexpected end of input, expected an expression"},
		{"-- @metric: m\n-- @metric_condition: a b\nSELECT a FROM t;",
			"t.sql:2:25: syntax error: unexpected b, expected end of expression"},
		{"-- @metric_type: counter\nSELECT a FROM t;",
			"t.sql:1:1: @metric_type must follow a @metric line that names the metric"},
		{"-- @metric: m\nSELECT a FROM t;\n-- @name: x\n-- @metric_field: f\nSELECT b FROM u;",
			"t.sql:4:1: @metric_field must follow a @metric line that names the metric"},
		{"-- @metric:\nSELECT a FROM t;", "t.sql:1:12: @metric needs a metric name"},
		// A condition error and a statement error are both reported.
		{"-- @metric: m\n-- @metric_condition: (a\nSELECT FROM t;",
			"t.sql:2:25: syntax error: unexpected end of input, expected )\nt.sql:3:8: syntax error: unexpected FROM, expected an expression"},
	}
	for _, tt := range tests {
		if got := parseErrors(t, tt.src); got != tt.err {
			t.Errorf("%q\n got %s\nwant %s", tt.src, got, tt.err)
		}
	}
}
