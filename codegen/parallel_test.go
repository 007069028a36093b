package codegen_test

// TestParallelOrder runs one program over a file of many chunks with one
// worker and with several, and checks that the output is the same, in
// input order (dialect.md), and that error records in late chunks are
// counted and reported with their own file line.

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/velocsql/veloc/codegen"
	"github.com/velocsql/veloc/codegen/gobuild"
	"github.com/velocsql/veloc/compiler"
	"github.com/velocsql/veloc/parser"
)

func TestParallelOrder(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program; skipped with -short")
	}
	const rows = 300_000 // several 1 MiB chunks in both formats
	var csv, jsonl strings.Builder
	csv.WriteString("id,name,v\n")
	bad := map[int]bool{777: true, 65_432: true, 299_999: true}
	for i := 1; i <= rows; i++ {
		v := fmt.Sprint(i % 97)
		if bad[i] {
			v = "oops"
		}
		// Quoted names with newlines and quotes make the chunk boundaries
		// honour CSV quoting.
		name := fmt.Sprintf("n%d", i)
		if i%10 == 0 {
			name = fmt.Sprintf("\"line %d\nwith \"\"quotes\"\"\"", i)
		}
		fmt.Fprintf(&csv, "%d,%s,%s\n", i, name, v)
		fmt.Fprintf(&jsonl, "{\"id\":%d,\"name\":\"n%d\",\"v\":%s}\n", i, i, strings.Replace(v, "oops", `"oops"`, 1))
	}
	for _, variant := range []string{"csv", "csv;", "jsonl"} {
		t.Run(variant, func(t *testing.T) {
			dir := t.TempDir()
			format, data, with := variant, csv.String(), ""
			switch variant {
			case "jsonl":
				data = jsonl.String()
			case "csv;":
				// Chunks must end where a ';'-separated reader ends records.
				format, data, with = "csv", strings.ReplaceAll(data, ",", ";"), ", 'src.delimiter' = ';'"
			}
			if err := os.WriteFile(filepath.Join(dir, "in."+format), []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
			sql := fmt.Sprintf(`CREATE STREAM src (id INTEGER, name STRING, v INTEGER) WITH ('src.type' = 'file_source', 'src.path' = 'in.%s'%s);
CREATE STREAM out AS SELECT id, UPPER(name) AS name, v * 2 AS v2 FROM src WHERE v %% 3 = 0
WITH ('out.type' = 'file_sink', 'out.path' = 'out.csv');
`, format, with)
			bin := buildProgram(t, sql, dir)
			var outs [2]string
			for i, workers := range []string{"1", "4"} {
				cmd := exec.Command(bin, "--set", "out.parallelism="+workers)
				cmd.Dir = dir
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				if err := cmd.Run(); err != nil {
					t.Fatalf("workers=%s: %v\n%s", workers, err, stderr.String())
				}
				b, err := os.ReadFile(filepath.Join(dir, "out.csv"))
				if err != nil {
					t.Fatal(err)
				}
				outs[i] = string(b)
				if want := fmt.Sprintf("records_in=%d", rows); !strings.Contains(stderr.String(), want) || !strings.Contains(stderr.String(), "failed=3") {
					t.Errorf("workers=%s: want %s and failed=3 in the summary:\n%s", workers, want, stderr.String())
				}
				line := 65_433 // the header is line 1
				if format == "csv" {
					line += 65_432 / 10 // each quoted name with a newline adds a line
				} else {
					line--
				}
				if want := fmt.Sprintf("in.%s:%d", format, line); !strings.Contains(stderr.String(), want) {
					t.Errorf("workers=%s: the error record of row 65432 should be reported at %s:\n%s", workers, want, stderr.String())
				}
			}
			if outs[0] != outs[1] {
				t.Fatalf("4 workers wrote different output than 1 (%d vs %d bytes)", len(outs[1]), len(outs[0]))
			}
			// Input order: ids ascend.
			prev := 0
			lines := strings.Split(strings.TrimSpace(outs[0]), "\n")[1:]
			for _, l := range lines {
				var id int
				fmt.Sscanf(l, "%d,", &id)
				if id != 0 && id <= prev {
					t.Fatalf("id %d after %d: output is not in input order", id, prev)
				}
				if id != 0 {
					prev = id
				}
			}
			if len(lines) < rows/4 {
				t.Errorf("only %d output lines", len(lines))
			}
		})
	}
}

// buildProgram compiles sql and builds it into dir, returning the binary.
func buildProgram(t *testing.T, sql, dir string) string {
	t.Helper()
	f, err := parser.ParseFile("p.sql", []byte(sql))
	if err != nil {
		t.Fatal(err)
	}
	p, err := compiler.Compile(f, []byte(sql), compiler.Options{Dir: dir})
	if err != nil {
		t.Fatalf("%v\n%s", err, numbered(sql))
	}
	gen, err := codegen.Generate(p, codegen.Options{Package: "main", Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "prog")
	if err := gobuild.Build(context.Background(), gobuild.Request{Name: "parallel", Files: gen, Out: bin}); err != nil {
		t.Fatal(err)
	}
	return bin
}

// runSQL builds the program of sql and runs it in dir, failing the test
// if it fails, and returns what it wrote.
func runSQL(t *testing.T, sql, dir string) (stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(buildProgram(t, sql, dir))
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	return out.String(), errb.String()
}

// TestParallelAggregate checks that an EMIT FINAL aggregation gives the
// same groups on one worker and on several, whose partial groups are
// merged at the end of the input.
func TestParallelAggregate(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program; skipped with -short")
	}
	var csv strings.Builder
	csv.WriteString("k,v\n")
	for i := 1; i <= 300_000; i++ {
		k := fmt.Sprintf("k%d", i%1000)
		if i%777 == 0 {
			k = "" // NULL key
		}
		fmt.Fprintf(&csv, "%s,%d\n", k, (i*7919)%100_003-50_000)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "in.csv"), []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	sql := `CREATE STREAM src (k STRING, v INTEGER) WITH ('src.type' = 'file_source', 'src.path' = 'in.csv');
CREATE STREAM out AS
SELECT k, COUNT(*) AS n, SUM(v) AS total, MIN(v) AS low, MAX(v) AS high, AVG(v) AS mean, DELTA(v) AS spread,
       COUNT(DISTINCT v % 7) AS sevens, APPROX_COUNT_DISTINCT(v) AS approx, MEDIAN(v) AS med
FROM src GROUP BY k ORDER_BY EMIT FINAL
WITH ('out.type' = 'file_sink', 'out.path' = 'out.csv');
`
	// Without ORDER BY, groups come in the order they first appeared,
	// however many workers read the file.
	for _, order := range []string{"ORDER BY k", ""} {
		parallelAggregate(t, dir, strings.Replace(sql, "ORDER_BY", order, 1))
	}
}

func parallelAggregate(t *testing.T, dir, sql string) {
	bin := buildProgram(t, sql, dir)
	var outs [2]string
	for i, workers := range []string{"1", "4"} {
		cmd := exec.Command(bin, "--set", "out.parallelism="+workers)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("workers=%s: %v\n%s", workers, err, out)
		}
		b, err := os.ReadFile(filepath.Join(dir, "out.csv"))
		if err != nil {
			t.Fatal(err)
		}
		outs[i] = string(b)
	}
	if outs[0] != outs[1] {
		t.Errorf("4 workers give other groups than 1:\n%.500s\nvs\n%.500s", outs[1], outs[0])
	}
	if n := strings.Count(outs[0], "\n"); n != 1002 { // header, NULL key, 1000 keys
		t.Errorf("%d lines, want 1002", n)
	}
}
