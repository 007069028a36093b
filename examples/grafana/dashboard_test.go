// Package grafana holds a Grafana dashboard for veloc programs; the test
// keeps it honest about the metrics it queries.
package grafana

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/velocsql/veloc/runtime/metrics"
)

// TestDashboardQueriesExistingMetrics fails when a panel queries a metric
// that a veloc program does not export (a renamed or misspelt metric would
// otherwise show an empty panel).
func TestDashboardQueriesExistingMetrics(t *testing.T) {
	b, err := os.ReadFile("veloc-dashboard.json")
	if err != nil {
		t.Fatal(err)
	}
	var dash struct {
		Panels []struct {
			Title   string
			Targets []struct{ Expr string }
		}
	}
	if err := json.Unmarshal(b, &dash); err != nil {
		t.Fatalf("veloc-dashboard.json: %v", err)
	}

	// A registry with every kind of series a program can have.
	r := metrics.New(metrics.Info{}, metrics.Options{})
	j := r.Job(metrics.JobSpec{Name: "j", Sources: []string{"s"}, Reasons: []string{"parse"}, Counts: func() metrics.Counts {
		return metrics.Counts{Out: map[string]int64{"o": 1}}
	}})
	j.ObserveProcess(time.Millisecond)
	j.ObserveBatch(time.Millisecond)
	j.SetWatermark(1)
	j.Source("s").SetLag("t", 0, 1)
	if _, err := j.Declare(metrics.Spec{Name: "m_total"}); err != nil {
		t.Fatal(err)
	}
	fams, err := r.Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	exported := map[string]bool{}
	for _, f := range fams {
		exported[f.GetName()] = true
	}

	name := regexp.MustCompile(`\b(veloc|go|process)_[a-z_]+`)
	queried := 0
	for _, p := range dash.Panels {
		for _, tg := range p.Targets {
			for _, m := range name.FindAllString(tg.Expr, -1) {
				base := m
				for _, s := range []string{"_bucket", "_sum", "_count"} {
					if b := strings.TrimSuffix(m, s); b != m && exported[b] {
						base = b
					}
				}
				queried++
				if !exported[base] {
					t.Errorf("panel %q queries %s, which veloc programs do not export", p.Title, m)
				}
			}
		}
	}
	for _, spec := range []string{"veloc_records_in_total", "veloc_records_out_total", "veloc_records_failed_total", "veloc_records_late_total",
		"veloc_phase_seconds", "veloc_batch_seconds", "veloc_throughput_records_per_second", "veloc_watermark_lag_seconds",
		"veloc_consumer_lag_records", "veloc_state_entries", "veloc_build_info"} {
		if !strings.Contains(string(b), spec) {
			t.Errorf("no panel shows %s", spec)
		}
	}
	if queried == 0 {
		t.Fatal("no metric found in the dashboard's queries")
	}
}
