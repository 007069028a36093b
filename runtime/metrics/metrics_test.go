package metrics

import (
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestDeclaredCapAndDrops(t *testing.T) {
	r := New(Info{}, Options{MaxSeries: 2})
	j := r.Job(JobSpec{Name: "j"})
	d, err := j.Declare(Spec{Name: "by_symbol_total", Kind: CounterKind, Labels: []string{"symbol"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		symbol   string
		v        float64
		overflow bool
	}{
		{"A", 1, false}, {"B", 2, false}, {"A", 3, false},
		{"C", 5, true}, {"D", 7, true}, // past the cap of 2
		{"B", -1, false}, // a counter cannot go down: dropped as negative
	} {
		c := d.Child(step.symbol)
		if c.Overflow() != step.overflow {
			t.Fatalf("%s: overflow %v, want %v", step.symbol, c.Overflow(), step.overflow)
		}
		c.Update(step.v)
	}
	d.Fail("division_by_zero")
	want := `
# HELP by_symbol_total Declared with @metric in the SQL.
# TYPE by_symbol_total counter
by_symbol_total{job="j",symbol="A"} 4
by_symbol_total{job="j",symbol="B"} 2
# HELP veloc_metric_dropped_total @metric updates not recorded: reason cardinality (the label combination cap was reached) or the kind of error evaluating the metric.
# TYPE veloc_metric_dropped_total counter
veloc_metric_dropped_total{job="j",metric="by_symbol_total",reason="cardinality"} 2
veloc_metric_dropped_total{job="j",metric="by_symbol_total",reason="division_by_zero"} 1
veloc_metric_dropped_total{job="j",metric="by_symbol_total",reason="negative"} 1
`
	if err := testutil.GatherAndCompare(r.Gatherer(), strings.NewReader(want), "by_symbol_total", "veloc_metric_dropped_total"); err != nil {
		t.Error(err)
	}
}

func TestDeclareTwice(t *testing.T) {
	r := New(Info{}, Options{})
	a, b := r.Job(JobSpec{Name: "a"}), r.Job(JobSpec{Name: "b"})
	tests := []struct {
		job  *Job
		spec Spec
		err  string
	}{
		{a, Spec{Name: "m", Kind: GaugeKind, Labels: []string{"x"}}, ""},
		{b, Spec{Name: "m", Kind: GaugeKind, Labels: []string{"x"}}, ""}, // same family, job label apart
		{b, Spec{Name: "m", Kind: CounterKind, Labels: []string{"x"}}, "metric m is declared twice with different types, labels or buckets"},
		{b, Spec{Name: "m", Kind: GaugeKind, Labels: []string{"y"}}, "declared twice"},
		{a, Spec{Name: "veloc_records_in_total", Kind: CounterKind}, "metric veloc_records_in_total: "},
	}
	for _, tt := range tests {
		_, err := tt.job.Declare(tt.spec)
		if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("Declare(%+v) = %v, want %q", tt.spec, err, tt.err)
		}
	}
}

func TestJobMetricsFromCounts(t *testing.T) {
	r := New(Info{Version: "v1", SQLHash: "h"}, Options{})
	clock := time.Unix(1000, 0)
	r.now = func() time.Time { return clock }
	in := int64(0)
	j := r.Job(JobSpec{Name: "j", Sources: []string{"s"}, Reasons: []string{"parse"}, Counts: func() Counts {
		return Counts{In: map[string]int64{"s": in}, Out: map[string]int64{"o": 2}, Failed: map[string]int64{"cast": 1}, Late: 3}
	}})
	in = 500
	clock = clock.Add(2 * time.Second)
	r.Sample()
	j.SetState(4)
	j.SetWatermark(clock.Add(-90 * time.Second).UnixMilli())
	want := `
# HELP veloc_records_in_total Records read, by job and source.
# TYPE veloc_records_in_total counter
veloc_records_in_total{job="j",source="s"} 500
# HELP veloc_records_out_total Records written, by job and sink.
# TYPE veloc_records_out_total counter
veloc_records_out_total{job="j",sink="o"} 2
# HELP veloc_records_failed_total Error records, by job and reason.
# TYPE veloc_records_failed_total counter
veloc_records_failed_total{job="j",reason="cast"} 1
veloc_records_failed_total{job="j",reason="parse"} 0
# HELP veloc_records_late_total Records that arrived for windows that had closed.
# TYPE veloc_records_late_total counter
veloc_records_late_total{job="j"} 3
# HELP veloc_throughput_records_per_second Records read per second over the last second.
# TYPE veloc_throughput_records_per_second gauge
veloc_throughput_records_per_second{job="j"} 250
# HELP veloc_state_entries Open groups, windows or partitions the job holds.
# TYPE veloc_state_entries gauge
veloc_state_entries{job="j"} 4
# HELP veloc_watermark_lag_seconds Wall-clock time minus the job's event-time watermark.
# TYPE veloc_watermark_lag_seconds gauge
veloc_watermark_lag_seconds{job="j"} 90
`
	names := []string{"veloc_records_in_total", "veloc_records_out_total", "veloc_records_failed_total", "veloc_records_late_total",
		"veloc_throughput_records_per_second", "veloc_state_entries", "veloc_watermark_lag_seconds"}
	if err := testutil.GatherAndCompare(r.Gatherer(), strings.NewReader(want), names...); err != nil {
		t.Error(err)
	}
}

// BenchmarkBatchObservations is what one batch pays for metrics in
// generated code: three clock reads and the process, serialize and batch
// observations. A batch is a chunk of about 1 MiB (thousands of records)
// or a Kafka fetch, so this is the overhead per batch, not per record.
func BenchmarkBatchObservations(b *testing.B) {
	r := New(Info{}, Options{})
	j := r.Job(JobSpec{Name: "j"})
	for b.Loop() {
		start := time.Now()
		j.ObserveProcess(time.Since(start))
		t := time.Now()
		j.ObserveSerialize(time.Since(t))
		j.SetState(10)
		j.ObserveBatch(time.Since(start))
	}
}

// BenchmarkNewRegistry is the fixed cost a run pays once: the registry
// with its collectors and one job.
func BenchmarkNewRegistry(b *testing.B) {
	for b.Loop() {
		r := New(Info{}, Options{})
		r.Job(JobSpec{Name: "j", Sources: []string{"s"}})
	}
}
