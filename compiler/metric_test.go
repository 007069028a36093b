package compiler

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/velocsql/veloc/compiler/plan"
)

// metricJob is a job with the given @metric annotation lines before it.
func metricJob(lines ...string) string {
	return decl + strings.Join(lines, "\n") + "\nCREATE STREAM out AS SELECT id, customer, qty, price FROM orders WITH ('out.type' = 'file_sink', 'out.path' = 'out.csv');\n"
}

func TestMetricErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // "line:col: message substring"
	}{
		{"label not an output", metricJob("-- @metric: n_total", "-- @metric_labels: customer, amount"),
			"4:30: @metric_labels: amount is not an output column of job out (id, customer, qty, price)"},
		{"label suggestion", metricJob("-- @metric: n_total", "-- @metric_labels: custmer"),
			"4:20: @metric_labels: custmer is not an output column of job out (id, customer, qty, price); did you mean customer?"},
		{"field not an output", metricJob("-- @metric: q", "-- @metric_type: gauge", "-- @metric_field: amount"),
			"5:19: @metric_field: amount is not an output column of job out"},
		{"field not a number", metricJob("-- @metric: q", "-- @metric_type: gauge", "-- @metric_field: customer"),
			"5:19: @metric_field customer is STRING; a metric needs a number"},
		{"gauge without field", metricJob("-- @metric: q", "-- @metric_type: gauge"),
			"3:1: @metric q is a gauge and needs @metric_field"},
		{"condition column not an output", metricJob("-- @metric: n_total", "-- @metric_condition: qty > 1 AND amount > 2"),
			"4:35: @metric_condition: amount is not an output column of job out"},
		{"condition not boolean", metricJob("-- @metric: n_total", "-- @metric_condition: qty + 1"),
			"@metric_condition needs a BOOLEAN condition, not INTEGER"},
		{"condition type error", metricJob("-- @metric: n_total", "-- @metric_condition: customer > 1"),
			"4:32: cannot compare STRING with INTEGER"},
		{"condition aggregates", metricJob("-- @metric: n_total", "-- @metric_condition: SUM(qty) > 1"),
			"cannot aggregate"},
		{"bad type", metricJob("-- @metric: n_total", "-- @metric_type: summary"),
			"4:18: @metric_type \"summary\": want counter, gauge or histogram"},
		{"bad name", metricJob("-- @metric: 2fast"), "3:1: @metric \"2fast\" is not a Prometheus metric name"},
		{"buckets not numbers", metricJob("-- @metric: h", "-- @metric_type: histogram", "-- @metric_field: price", "-- @metric_buckets: [1, two]"),
			"6:25: @metric_buckets: \"two\" is not a number"},
		{"buckets not ascending", metricJob("-- @metric: h", "-- @metric_type: histogram", "-- @metric_field: price", "-- @metric_buckets: [1, 5, 2]"),
			"6:28: @metric_buckets must ascend: 2 after 5"},
		{"buckets on a counter", metricJob("-- @metric: c", "-- @metric_buckets: [1]"), "@metric_buckets is for histograms"},
		{"unknown key", metricJob("-- @metric: c", "-- @metric_unit: seconds"), "unknown metric annotation @metric_unit"},
		{"declared twice", metricJob("-- @metric: c", "-- @metric: c"), "@metric c is declared twice for job out"},
		{"metrics enabled not a boolean", "-- @observability.metrics.enabled: sometimes\n" + metricJob(), "1:36: @observability.metrics.enabled \"sometimes\": want true or false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := compile(t, tt.src)
			if err == nil {
				t.Fatalf("compiled without error, want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("errors:\n%v\nwant one containing %q", err, tt.want)
			}
		})
	}
}

func TestMetricCompiled(t *testing.T) {
	p, err := compile(t, metricJob(
		"-- @metric: big_total", "-- @metric_help: \"big orders\"", "-- @metric_labels: customer",
		"-- @metric_field: qty", "-- @metric_condition: price > 100",
		"-- @metric: price_seconds", "-- @metric_type: histogram", "-- @metric_field: price", "-- @metric_buckets: [0.5, 1, 5]"))
	if err != nil {
		t.Fatal(err)
	}
	ms := p.Jobs[0].Metrics
	if len(ms) != 2 {
		t.Fatalf("%d metrics, want 2", len(ms))
	}
	c, h := ms[0], ms[1]
	if c.Name != "big_total" || c.Kind != plan.CounterMetric || c.Help != "big orders" || !slices.Equal(c.Labels, []int{1}) || c.Field != 2 {
		t.Errorf("counter = %+v", c)
	}
	if got := plan.String(c.Condition); got != "(price#3 > 100e0)" {
		t.Errorf("condition = %s", got)
	}
	if col, ok := c.Condition.(*plan.Binary); !ok || col.X.(*plan.Column).Index != 3 {
		t.Errorf("condition does not read output 3 (price): %#v", c.Condition)
	}
	if h.Kind != plan.HistogramMetric || h.Field != 3 || !slices.Equal(h.Buckets, []float64{0.5, 1, 5}) {
		t.Errorf("histogram = %+v", h)
	}
	js := plan.ExplainJSON(p)[0].Metrics
	want := []plan.JSONMetric{
		{Name: "big_total", Type: "counter", Help: "big orders", Labels: []string{"customer"}, Field: "qty", Condition: "(price#3 > 100e0)"},
		{Name: "price_seconds", Type: "histogram", Field: "price", Buckets: []float64{0.5, 1, 5}},
	}
	if fmt.Sprint(js) != fmt.Sprint(want) {
		t.Errorf("explain json metrics = %+v, want %+v", js, want)
	}
	if text := plan.Explain(p); !strings.Contains(text, "  metric big_total counter of qty by customer when (price#3 > 100e0)\n") {
		t.Errorf("explain lacks the metric:\n%s", text)
	}
}

func TestObservabilityAnnotation(t *testing.T) {
	for _, tt := range []struct {
		header string
		off    bool
	}{{"", false}, {"-- @observability.metrics.enabled: false\n", true}, {"-- @observability.metrics.enabled: true\n", false}} {
		p, err := compile(t, tt.header+metricJob())
		if err != nil {
			t.Fatal(err)
		}
		if p.NoMetricsServer != tt.off {
			t.Errorf("%q: NoMetricsServer = %v, want %v", tt.header, p.NoMetricsServer, tt.off)
		}
	}
}
