package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/twmb/franz-go/pkg/kgo"
)

// observedSQL has two jobs on one topic: priced (stateless, with two
// @metric metrics) and per_minute (a tumbling window, for the watermark
// and state gauges). Each reads it through its own source, so each has
// its own consumer group.
const observedSQL = `-- @app: obs_test
-- @deployment.region: ${OBS_TEST_REGION:test-region}
CREATE STREAM trades (symbol STRING NOT NULL, price DOUBLE NOT NULL, qty INTEGER NOT NULL, ts TIMESTAMP NOT NULL)
WITH ('trades.type' = 'kafka_source', 'trades.topic' = 'trades', 'trades.max.poll.records' = '100');

CREATE STREAM ticks (symbol STRING NOT NULL, ts TIMESTAMP NOT NULL)
WITH ('ticks.type' = 'kafka_source', 'ticks.topic' = 'trades');

-- @metric: obs_big_trades_total
-- @metric_help: "Trades above 100"
-- @metric_labels: symbol
-- @metric_condition: price > 100
-- @metric: obs_trade_qty
-- @metric_type: histogram
-- @metric_field: qty
-- @metric_buckets: [1, 2, 3]
CREATE STREAM priced AS SELECT symbol, price, qty FROM trades WHERE qty > 0
WITH ('priced.type' = 'file_sink', 'priced.path' = 'priced.jsonl');

CREATE TABLE per_minute AS SELECT symbol, COUNT(*) AS n FROM ticks
GROUP BY symbol WINDOW TUMBLING(ts, INTERVAL '1' MINUTE) EMIT FINAL
WITH ('per_minute.type' = 'file_sink', 'per_minute.path' = 'per_minute.jsonl');
`

// TestMetricsEndToEnd builds a program, starts it before its broker, and
// checks what its metrics server says: /healthz at once, /readyz not ready
// while the Kafka sources cannot connect and ready once they have caught
// up, and on /metrics every metric of runtime.md and the @metric ones
// with the values the known input must give.
func TestMetricsEndToEnd(t *testing.T) {
	cacheEnv(t)
	dir := writeFiles(t, map[string]string{"obs.sql": observedSQL})
	if r := run(t, dir, "build", "obs.sql", "-o", "obs"); r.code != 0 {
		t.Fatalf("build: %s", r.stderr)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(dir, "obs"), "--brokers", fmt.Sprintf("127.0.0.1:%d", port),
		"--metrics-addr", "127.0.0.1:0", "--ready-max-lag", "0")
	cmd.Dir = dir
	logs := startLogged(t, cmd)
	base := "http://" + waitForLog(t, logs, regexp.MustCompile(`msg="metrics server listening".* addr=(\S+)`))

	// No broker yet: alive, not ready, and /readyz says why.
	if code, body := httpGet(t, base+"/healthz"); code != 200 {
		t.Fatalf("/healthz = %d %q", code, body)
	}
	code, body := httpGet(t, base+"/readyz")
	if code != 503 || !strings.Contains(body, "job priced: source trades is not connected") || !strings.Contains(body, "job per_minute: source ticks is not connected") {
		t.Fatalf("/readyz without a broker = %d %q, want 503 naming both sources", code, body)
	}

	// The broker comes up; the input arrives while the program connects.
	brokers := startDevKafkaAt(t, port, "--topics", "trades")
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	const n = 1000
	want := expectation{big: map[string]float64{}}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		symbol, price, qty := string(rune('A'+i%3)), 50+i%100, i%5
		var v string
		if i%100 == 7 { // a bad quantity: an error record for priced, which reads it
			v = fmt.Sprintf(`{"symbol":%q,"price":%d,"qty":"x","ts":%q}`, symbol, price, start.Add(time.Duration(i)*time.Second).Format(time.RFC3339))
			want.bad++
		} else {
			v = fmt.Sprintf(`{"symbol":%q,"price":%d,"qty":%d,"ts":%q}`, symbol, price, qty, start.Add(time.Duration(i)*time.Second).Format(time.RFC3339))
			if qty > 0 {
				want.out++
				want.qtySum += float64(qty)
				if qty <= 2 {
					want.qtyLE2++
				}
				if price > 100 {
					want.big[symbol]++
				}
			}
		}
		cl.Produce(ctx, &kgo.Record{Topic: "trades", Value: []byte(v)}, nil)
	}
	if err := cl.Flush(ctx); err != nil {
		t.Fatal(err)
	}

	// Ready once both sources are connected and have processed the end.
	sawNotReady, sawBehind := false, false
	for {
		code, body = httpGet(t, base+"/readyz")
		if code == 200 {
			break
		}
		sawNotReady = true
		sawBehind = sawBehind || strings.Contains(body, "records behind")
		if ctx.Err() != nil {
			t.Fatalf("never ready: %d %q\n%s", code, body, logs.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	if !sawNotReady || strings.TrimSpace(body) != "ready" {
		t.Fatalf("/readyz: saw not ready %v, then %q", sawNotReady, body)
	}
	// Whether the poll caught a source connected but behind depends on
	// timing; runtime/kafka's TestHealthFollowsCatchUp checks that state.
	t.Logf("/readyz said records behind before ready: %v", sawBehind)
	// Ready with --ready-max-lag 0 means every record up to the end was
	// written, but the program may have been ready earlier, between two
	// produced batches: wait for the counts.
	var m metricSet
	for {
		m = scrape(t, base)
		if m.value("veloc_records_in_total", "job", "priced", "source", "trades") == n &&
			m.value("veloc_records_in_total", "job", "per_minute", "source", "ticks") == n {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("records never all counted:\n%s", logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}

	sum := sha256.Sum256([]byte(observedSQL))
	checks := []struct {
		name   string
		labels []string
		want   float64
	}{
		{"veloc_records_out_total", []string{"job", "priced", "sink", "priced"}, float64(want.out)},
		{"veloc_records_failed_total", []string{"job", "priced", "reason", "parse"}, float64(want.bad)},
		{"veloc_records_failed_total", []string{"job", "priced", "reason", "overflow"}, 0},
		{"veloc_records_failed_total", []string{"job", "per_minute", "reason", "parse"}, 0}, // it does not read qty
		{"veloc_records_late_total", []string{"job", "priced"}, 0},
		{"veloc_records_late_total", []string{"job", "per_minute"}, 0},
		{"veloc_consumer_lag_records", []string{"job", "priced", "topic", "trades", "partition", "0"}, 0},
		{"veloc_consumer_lag_records", []string{"job", "per_minute", "topic", "trades", "partition", "0"}, 0},
		{"veloc_state_entries", []string{"job", "priced"}, 0},
		{"veloc_build_info", []string{"app", "obs_test", "sql_hash", hex.EncodeToString(sum[:]), "region", "test-region", "node_id", "", "node_name", "", "version", "*"}, 1},
		{"obs_trade_qty_count", []string{"job", "priced"}, float64(want.out)},
		{"obs_trade_qty_sum", []string{"job", "priced"}, want.qtySum},
		{"obs_trade_qty_bucket", []string{"job", "priced", "le", "2"}, float64(want.qtyLE2)},
	}
	for s, v := range want.big {
		checks = append(checks, struct {
			name   string
			labels []string
			want   float64
		}{"obs_big_trades_total", []string{"job", "priced", "symbol", s}, v})
	}
	for _, c := range checks {
		if got := m.value(c.name, c.labels...); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	// Metrics whose values depend on time: present, and sensible.
	positive := []struct {
		name   string
		labels []string
	}{
		{"veloc_phase_seconds_count", []string{"job", "priced", "phase", "deserialize"}},
		{"veloc_phase_seconds_count", []string{"job", "priced", "phase", "process"}},
		{"veloc_phase_seconds_count", []string{"job", "priced", "phase", "serialize"}},
		{"veloc_batch_seconds_count", []string{"job", "priced"}},
		{"veloc_batch_seconds_count", []string{"job", "per_minute"}},
		{"veloc_watermark_lag_seconds", []string{"job", "per_minute"}}, // the input is from 2024
		{"veloc_state_entries", []string{"job", "per_minute"}},         // the last minute's window is open
		{"go_goroutines", nil},
		{"process_resident_memory_bytes", nil},
	}
	for _, p := range positive {
		if got := m.value(p.name, p.labels...); !(got > 0) {
			t.Errorf("%s%v = %v, want > 0", p.name, p.labels, got)
		}
	}
	if got := m.value("veloc_throughput_records_per_second", "job", "priced"); got < 0 {
		t.Errorf("veloc_throughput_records_per_second = %v", got)
	}
	for _, metric := range []string{"obs_big_trades_total", "obs_trade_qty"} {
		if got := m.value("veloc_metric_dropped_total", "job", "priced", "metric", metric, "reason", "cardinality"); got != 0 {
			t.Errorf("%s: %v updates dropped, want 0", metric, got)
		}
	}
	// Every veloc_ series has a job label, except build_info.
	for name, fam := range m {
		for _, s := range fam.GetMetric() {
			if strings.HasPrefix(name, "veloc_") && name != "veloc_build_info" && label(s, "job") == "" ||
				strings.HasPrefix(name, "obs_") && label(s, "job") != "priced" {
				t.Errorf("%s has no job label: %v", name, s.GetLabel())
			}
		}
	}
	cancel()
	cmd.Wait()
}

// expectation is what the input must give.
type expectation struct {
	out, bad int
	qtySum   float64
	qtyLE2   int
	big      map[string]float64
}

// logBuffer collects a process's stderr.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

// Write appends p: a logBuffer can be a command's Stderr.
func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startLogged starts cmd with its stderr going to the returned buffer.
func startLogged(t *testing.T, cmd *exec.Cmd) *logBuffer {
	t.Helper()
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	logs := &logBuffer{}
	go func() {
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			logs.mu.Lock()
			logs.b.WriteString(sc.Text() + "\n")
			logs.mu.Unlock()
		}
	}()
	t.Cleanup(func() { cmd.Process.Kill() })
	return logs
}

func waitForLog(t *testing.T, logs *logBuffer, re *regexp.Regexp) string {
	t.Helper()
	for range 1000 {
		if m := re.FindStringSubmatch(logs.String()); m != nil {
			return m[1]
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("the log never matched %s:\n%s", re, logs.String())
	return ""
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// metricSet is a scrape, by metric family name (histograms also under
// name_count, name_sum and name_bucket).
type metricSet map[string]*dto.MetricFamily

func scrape(t *testing.T, base string) metricSet {
	t.Helper()
	code, body := httpGet(t, base+"/metrics")
	if code != 200 {
		t.Fatalf("/metrics = %d %q", code, body)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(strings.NewReader(body))
	if err != nil {
		t.Fatalf("/metrics is not the Prometheus text format: %v\n%s", err, body)
	}
	return fams
}

// value returns the value of the series of name whose labels include
// the given name/value pairs ("*" matches any value), NaN if there is none.
func (m metricSet) value(name string, labels ...string) float64 {
	fam, suffix := m[name], ""
	for _, s := range []string{"_count", "_sum", "_bucket"} {
		if fam == nil && strings.HasSuffix(name, s) {
			fam, suffix = m[strings.TrimSuffix(name, s)], s
		}
	}
	if fam == nil {
		return nan()
	}
	le := ""
	var want []string
	for i := 0; i+1 < len(labels); i += 2 {
		if suffix == "_bucket" && labels[i] == "le" {
			le = labels[i+1]
			continue
		}
		want = append(want, labels[i], labels[i+1])
	}
next:
	for _, s := range fam.GetMetric() {
		for i := 0; i+1 < len(want); i += 2 {
			if v := label(s, want[i]); want[i+1] != "*" && v != want[i+1] {
				continue next
			}
		}
		switch {
		case s.Counter != nil:
			return s.Counter.GetValue()
		case s.Gauge != nil:
			return s.Gauge.GetValue()
		case s.Untyped != nil:
			return s.Untyped.GetValue()
		case s.Histogram != nil && suffix == "_count":
			return float64(s.Histogram.GetSampleCount())
		case s.Histogram != nil && suffix == "_sum":
			return s.Histogram.GetSampleSum()
		case s.Histogram != nil && suffix == "_bucket":
			for _, b := range s.Histogram.GetBucket() {
				if fmt.Sprint(b.GetUpperBound()) == le {
					return float64(b.GetCumulativeCount())
				}
			}
		}
	}
	return nan()
}

func label(s *dto.Metric, name string) string {
	for _, l := range s.GetLabel() {
		if l.GetName() == name {
			return l.GetValue()
		}
	}
	return ""
}

func nan() float64 { return math.NaN() }
