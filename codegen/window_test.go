package codegen_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestWindowNoRecordLost feeds shuffled input to windowed aggregations and
// checks that every record is either in a window's count or counted (and
// dead-lettered) as late: no ordering makes a row disappear uncounted.
func TestWindowNoRecordLost(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program; skipped with -short")
	}
	const n = 5000
	r := rand.New(rand.NewPCG(3, 4))
	var in strings.Builder
	for i := range n {
		ts := int64(1_700_000_000_000) + r.Int64N(3_600_000) // an hour of event time
		fmt.Fprintf(&in, "{\"k\":\"k%d\",\"ts\":%d,\"i\":%d}\n", r.IntN(7), ts, i)
	}
	windows := map[string]string{
		"tumbling": "TUMBLING(ts, 1m)",
		"sliding":  "SLIDING(ts, 2m, 1m)",
		"session":  "SESSION(ts, 30s)",
	}
	for name, win := range windows {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeTestFile(t, dir, "src.jsonl", in.String())
			sql := fmt.Sprintf(`CREATE STREAM src (k STRING, ts INTEGER, i INTEGER) WITH ('src.type' = 'file_source', 'src.path' = 'src.jsonl');
CREATE STREAM out AS SELECT k, _window_start, _window_end, COUNT(*) AS n FROM src GROUP BY k WINDOW %s
WITH ('watermark.max_out_of_orderness' = '5m', 'late.data.strategy' = 'dead_letter', 'out.dlq' = 'late.jsonl', 'out.type' = 'stdout_sink');
`, win)
			stdout, stderr := runSQL(t, sql, dir)
			counted := 0
			for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
				var row struct{ N int }
				if err := json.Unmarshal([]byte(line), &row); err != nil {
					t.Fatalf("%q: %v", line, err)
				}
				counted += row.N
			}
			late := 0
			if m := regexp.MustCompile(`late=(\d+)`).FindStringSubmatch(stderr); m != nil {
				late, _ = strconv.Atoi(m[1])
			}
			dlq, _ := os.ReadFile(filepath.Join(dir, "late.jsonl"))
			if d := bytes.Count(dlq, []byte("\n")); d != late || late == 0 {
				t.Errorf("%d late records counted, %d in the dead-letter file; want the same, and some", late, d)
			}
			if name == "sliding" {
				counted /= 2 // every record is in two windows (or late in one of them)
			}
			if name != "sliding" && counted+late != n {
				t.Errorf("%d in windows + %d late = %d, want %d\n%s", counted, late, counted+late, n, stderr)
			}
			if name == "sliding" && (counted+late > n || counted+late < n*9/10) {
				t.Errorf("sliding: %d in windows (halved) + %d late, want about %d", counted, late, n)
			}
		})
	}
}

// TestSessionMerge checks that a row bridging two sessions merges them.
func TestSessionMerge(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program; skipped with -short")
	}
	dir := t.TempDir()
	// Sessions of gap 10s for u: {0, 5} and {20}; the row at 12 bridges
	// them (within 10s of 5 and of 20), making one session [0, 30s).
	writeTestFile(t, dir, "src.jsonl", `{"u":"u","ts":0}
{"u":"u","ts":5000}
{"u":"u","ts":20000}
{"u":"u","ts":12000}
{"u":"v","ts":100000}
`)
	sql := `CREATE STREAM src (u STRING, ts INTEGER) WITH ('src.type' = 'file_source', 'src.path' = 'src.jsonl');
CREATE STREAM out AS SELECT u, _window_start, _window_end, COUNT(*) AS n FROM src GROUP BY u WINDOW SESSION(ts, 10s)
WITH ('watermark.max_out_of_orderness' = '1m', 'out.type' = 'stdout_sink');
`
	bin := buildProgram(t, sql, dir)
	cmd := exec.Command(bin)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"u":"u","_window_start":"1970-01-01T00:00:00.000Z","_window_end":"1970-01-01T00:00:30.000Z","n":4}
{"u":"v","_window_start":"1970-01-01T00:01:40.000Z","_window_end":"1970-01-01T00:01:50.000Z","n":1}
`
	if string(out) != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
}

// TestEventTimeColumn reads _event_time where a query names an event time.
func TestEventTimeColumn(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program; skipped with -short")
	}
	dir := t.TempDir()
	writeTestFile(t, dir, "src.jsonl", "{\"k\":\"a\",\"at\":\"2024-03-01 10:00:05\"}\n{\"k\":\"a\",\"at\":\"2024-03-01T10:00:35Z\"}\n")
	sql := `CREATE STREAM src (k STRING, at STRING) WITH ('src.type' = 'file_source', 'src.path' = 'src.jsonl');
CREATE STREAM plain AS SELECT k, _event_time AS et FROM src WITH ('event.time.field' = 'at', 'event.time.format' = 'iso8601', 'plain.type' = 'stdout_sink');
CREATE STREAM win AS SELECT k, MAX(_event_time) AS last_at, COUNT(*) AS n FROM src GROUP BY k WINDOW TUMBLING(at, 1m) WITH ('win.type' = 'stdout_sink');
`
	bin := buildProgram(t, sql, dir)
	cmd := exec.Command(bin)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`{"k":"a","et":"2024-03-01T10:00:05.000Z"}`,
		`{"k":"a","et":"2024-03-01T10:00:35.000Z"}`,
		`{"k":"a","last_at":"2024-03-01T10:00:35.000Z","n":2}`,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
}

// TestEventTimeFormat windows by a time read with a strftime pattern.
func TestEventTimeFormat(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program; skipped with -short")
	}
	dir := t.TempDir()
	writeTestFile(t, dir, "src.csv", "k,at\na,01/03/2024 10:00:05\na,01/03/2024 10:00:59\na,01/03/2024 10:01:01\na,not a time\n")
	sql := `CREATE STREAM src (k STRING, at STRING) WITH ('src.type' = 'file_source', 'src.path' = 'src.csv');
CREATE STREAM win AS SELECT k, _window_start, COUNT(*) AS n FROM src GROUP BY k WINDOW TUMBLING(1m)
WITH ('event.time.field' = 'at', 'event.time.format' = '%d/%m/%Y %H:%M:%S', 'win.type' = 'stdout_sink');
`
	stdout, stderr := runSQL(t, sql, dir)
	want := `{"k":"a","_window_start":"2024-03-01T10:00:00.000Z","n":2}
{"k":"a","_window_start":"2024-03-01T10:01:00.000Z","n":1}
`
	if stdout != want {
		t.Errorf("got:\n%s\nwant:\n%s", stdout, want)
	}
	if !strings.Contains(stderr, `cannot read \"not a time\" as a time in the format %d/%m/%Y %H:%M:%S`) || !strings.Contains(stderr, "src.csv:5") {
		t.Errorf("the unreadable time should be an error record at src.csv:5:\n%s", stderr)
	}
}

// TestSlidingPanes checks that a SLIDING aggregation by panes writes what
// the window-by-window fold writes, on shuffled input with late records
// and a size the advance does not divide (5m by 2m: 1m panes). FIRST
// keeps the second query off panes (it does not merge), so the two runs
// take the two paths.
func TestSlidingPanes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds programs; skipped with -short")
	}
	r := rand.New(rand.NewPCG(5, 6))
	var in strings.Builder
	for i := range 3000 {
		// An hour of mostly ordered time, up to ±12 minutes off.
		ts := int64(1_700_000_000_000) + int64(i)*1200 + r.Int64N(1_440_000) - 720_000
		fmt.Fprintf(&in, "{\"k\":\"k%d\",\"ts\":%d,\"v\":%d}\n", r.IntN(5), ts, r.IntN(1000)-500)
	}
	run := func(extra string) []string {
		dir := t.TempDir()
		writeTestFile(t, dir, "src.jsonl", in.String())
		sql := fmt.Sprintf(`CREATE STREAM src (k STRING, ts INTEGER, v INTEGER) WITH ('src.type' = 'file_source', 'src.path' = 'src.jsonl');
CREATE STREAM out AS SELECT k, _window_start, _window_end, COUNT(*) AS n, SUM(v) AS s, MIN(v) AS lo, MAX(v) AS hi, AVG(v) AS av%s
FROM src GROUP BY k WINDOW SLIDING(ts, 5m, 2m)
WITH ('watermark.max_out_of_orderness' = '10m', 'out.type' = 'stdout_sink', 'out.format' = 'csv');
`, extra)
		stdout, stderr := runSQL(t, sql, dir)
		if !strings.Contains(stderr, "late=") {
			t.Fatalf("the input should have late records:\n%s", stderr)
		}
		return strings.Split(strings.TrimSpace(stdout), "\n")
	}
	paned := run("")
	folded := run(", FIRST(v) AS f")
	if len(paned) != len(folded) || len(paned) < 100 {
		t.Fatalf("%d rows by panes, %d by windows", len(paned), len(folded))
	}
	for i := range paned {
		cut := strings.LastIndex(folded[i], ",") // drop FIRST's column
		if paned[i] != folded[i][:cut] {
			t.Fatalf("row %d: by panes %q, by windows %q", i, paned[i], folded[i][:cut])
		}
	}
}
