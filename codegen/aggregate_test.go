package codegen_test

// End-to-end tests of GROUP BY: each builds one program and checks the
// rows it writes. The conformance suite covers the spec's examples; these
// cover the edges: NULL keys and values, overflow, ORDER BY with LIMIT,
// and an aggregation feeding another job in process.

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const aggInput = `{"k":"a","v":1,"s":"x"}
{"k":null,"v":2,"s":null}
{"k":"a","v":null,"s":"y"}
{"k":null,"v":3,"s":"z"}
{"k":"b","v":9223372036854775807,"s":"w"}
{"k":"b","v":1,"s":"q"}
{"k":"c","v":null,"s":null}
`

const aggSource = "CREATE STREAM src (k STRING, v INTEGER, s STRING) WITH ('src.type' = 'file_source', 'src.path' = 'src.jsonl');\n"

func TestAggregateEdges(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program; skipped with -short")
	}
	tests := []struct {
		name, query string
		want        []string // output lines, as JSON
		stderr      string   // a substring of stderr
	}{
		{
			name: "NULL keys form one group; NULL values are skipped, or count for FIRST",
			// FIRST makes this job run on one worker; the next test runs
			// the same sums on several.
			query: "SELECT k, COUNT(*) AS n, COUNT(v) AS nv, SUM(v) AS total, FIRST(s) AS first_s, MAX(s) AS max_s FROM src GROUP BY k EMIT FINAL",
			want: []string{
				`{"k":"a","n":2,"nv":1,"total":1,"first_s":"x","max_s":"y"}`,
				`{"k":null,"n":2,"nv":2,"total":5,"first_s":null,"max_s":"z"}`,
				`{"k":"c","n":1,"nv":0,"total":null,"first_s":null,"max_s":null}`,
			},
			// b's sum does not fit INTEGER: its row is an error record
			// when it is emitted (sums are exact until then, whatever the
			// order of the rows or the number of workers).
			stderr: "integer overflow in SUM(v#1)",
		},
		{
			name:  "partial sums on several workers merge exactly",
			query: "SELECT k, COUNT(*) AS n, SUM(v) AS total, MAX(s) AS max_s, AVG(v) AS mean FROM src GROUP BY k ORDER BY k EMIT FINAL",
			want: []string{
				`{"k":null,"n":2,"total":5,"max_s":"z","mean":2.5}`,
				`{"k":"a","n":2,"total":1,"max_s":"y","mean":1}`,
				`{"k":"c","n":1,"total":null,"max_s":null,"mean":null}`,
			},
			stderr: "integer overflow in SUM(v#1)",
		},
		{
			name:  "ORDER BY with NULLs first, then LIMIT",
			query: "SELECT k, COUNT(*) AS n FROM src WHERE k IS NULL OR k <> 'b' GROUP BY k ORDER BY k LIMIT 3 EMIT FINAL",
			want:  []string{`{"k":null,"n":2}`, `{"k":"a","n":2}`, `{"k":"c","n":1}`},
		},
		{
			name:  "ORDER BY DESC puts NULLs last",
			query: "SELECT k, COUNT(*) AS n FROM src WHERE k IS NULL OR k <> 'b' GROUP BY k ORDER BY n DESC, k DESC EMIT FINAL",
			want:  []string{`{"k":"a","n":2}`, `{"k":null,"n":2}`, `{"k":"c","n":1}`},
		},
		{
			name:  "EMIT CHANGES writes each updated group, HAVING filters",
			query: "SELECT k, COUNT(*) AS n FROM src WHERE k = 'a' OR k IS NULL GROUP BY k HAVING COUNT(*) >= 2",
			want:  []string{`{"k":"a","n":2}`, `{"k":null,"n":2}`}, // a reaches 2 at row 3, NULL at row 4
		},
		{
			name:  "SUM and AVG of DISTINCT values",
			query: "SELECT COUNT(DISTINCT v) AS n, SUM(DISTINCT v) AS s, AVG(DISTINCT v) AS a, SUM(v) AS total FROM src WHERE v < 100 OR v IS NULL EMIT FINAL",
			want:  []string{`{"n":3,"s":6,"a":2,"total":7}`},
		},
		{
			name:  "a global aggregate",
			query: "SELECT COUNT(*) AS n, STRING_AGG(s, '') AS all_s, AVG(v) AS mean FROM src WHERE k <> 'b' EMIT FINAL",
			want:  []string{`{"n":3,"all_s":"xy","mean":1}`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTestFile(t, dir, "src.jsonl", aggInput)
			bin := buildProgram(t, aggSource+tt.query+";\n", dir)
			cmd := exec.Command(bin)
			cmd.Dir = dir
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("%v\n%s", err, stderr.String())
			}
			got := strings.Split(strings.TrimSpace(stdout.String()), "\n")
			if len(got) != len(tt.want) {
				t.Fatalf("got %d rows, want %d:\n%s", len(got), len(tt.want), stdout.String())
			}
			for i := range got {
				if !sameJSON(t, got[i], tt.want[i]) {
					t.Errorf("row %d = %s, want %s", i, got[i], tt.want[i])
				}
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, stderr.String())
			}
		})
	}
}

// TestAggregateInProcess feeds an aggregation's changes to a later job.
func TestAggregateInProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program; skipped with -short")
	}
	dir := t.TempDir()
	writeTestFile(t, dir, "src.jsonl", aggInput)
	sql := aggSource + `CREATE STREAM counts AS SELECT k, COUNT(*) AS n FROM src WHERE k IS NOT NULL GROUP BY k;
SELECT UPPER(k) AS k, n * 10 AS n10 FROM counts WHERE n > 1;
`
	bin := buildProgram(t, sql, dir)
	cmd := exec.Command(bin)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	want := "{\"k\":\"A\",\"n10\":20}\n{\"k\":\"B\",\"n10\":20}\n"
	if string(out) != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
}

func sameJSON(t *testing.T, a, b string) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal([]byte(a), &x); err != nil {
		t.Fatalf("%q: %v", a, err)
	}
	if err := json.Unmarshal([]byte(b), &y); err != nil {
		t.Fatalf("%q: %v", b, err)
	}
	xb, _ := json.Marshal(x)
	yb, _ := json.Marshal(y)
	return string(xb) == string(yb)
}

func writeTestFile(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
