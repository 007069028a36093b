package codegen_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// joinFiles are the inputs of TestJoinQueries.
var joinFiles = map[string]string{
	"customers.csv": "id,name,region\nC1,Ada,EU\nC2,Bo,US\nC3,Cy,\n",
	"orders.csv":    "oid,cid,amount,ts\n1,C1,10.00,2024-01-01T10:00:00.000Z\n2,C2,20.00,2024-01-01T10:01:00.000Z\n3,C9,30.00,2024-01-01T10:02:00.000Z\n4,,40.00,2024-01-01T10:03:00.000Z\n5,C3,50.00,2024-01-01T10:04:00.000Z\n",
	"payments.csv":  "pid,oid,ts\nP1,1,2024-01-01T10:00:30.000Z\nP2,2,2024-01-01T10:09:00.000Z\nP3,7,2024-01-01T10:05:00.000Z\nP4,5,2024-01-01T10:04:59.000Z\n",
}

const joinDecls = `CREATE TABLE customers (id STRING, name STRING, region STRING, PRIMARY KEY (id))
WITH ('customers.type' = 'file_source', 'customers.path' = 'customers.csv');
CREATE STREAM orders (oid INTEGER, cid STRING, amount DECIMAL(10,2), ts TIMESTAMP)
WITH ('orders.type' = 'file_source', 'orders.path' = 'orders.csv');
CREATE STREAM payments (pid STRING, oid INTEGER, ts TIMESTAMP)
WITH ('payments.type' = 'file_source', 'payments.path' = 'payments.csv');
`

// TestJoinQueries runs joins and subqueries end to end (SQL in, JSON lines
// out) for the shapes the conformance cases do not cover.
func TestJoinQueries(t *testing.T) {
	if testing.Short() {
		t.Skip("builds programs; skipped with -short")
	}
	tests := []struct {
		name, query string
		want        []string // output lines, in any order
	}{
		{"alias star", "SELECT o.oid, c.* FROM orders o JOIN customers c ON c.id = o.cid", []string{
			`{"oid":1,"id":"C1","name":"Ada","region":"EU"}`,
			`{"oid":2,"id":"C2","name":"Bo","region":"US"}`,
			`{"oid":5,"id":"C3","name":"Cy","region":null}`,
		}},
		{"scan on a non-equality", "SELECT o.oid, c.id FROM orders o JOIN customers c ON c.id > o.cid AND o.oid < 3", []string{
			`{"oid":1,"id":"C2"}`, `{"oid":1,"id":"C3"}`, `{"oid":2,"id":"C3"}`,
		}},
		{"scalar subquery", "SELECT oid, (SELECT name FROM customers c WHERE c.id = o.cid) AS who FROM orders o WHERE oid <= 3", []string{
			`{"oid":1,"who":"Ada"}`, `{"oid":2,"who":"Bo"}`, `{"oid":3,"who":null}`,
		}},
		{"not in", "SELECT oid FROM orders WHERE cid NOT IN (SELECT id FROM customers WHERE region IS NOT NULL)", []string{
			`{"oid":3}`, `{"oid":5}`,
		}},
		// Three-valued IN (SQL): without a match, IN is NULL when the
		// selected rows hold a NULL (C3's region), and so is NOT IN.
		{"in with nulls", "SELECT oid, cid, cid IN (SELECT id FROM customers) AS known, CASE WHEN cid = 'C1' THEN 'EU' WHEN cid = 'C2' THEN 'APAC' WHEN cid IS NULL THEN NULL ELSE 'XX' END IN (SELECT region FROM customers) AS r_in, CASE WHEN cid = 'C1' THEN 'EU' WHEN cid = 'C2' THEN 'APAC' WHEN cid IS NULL THEN NULL ELSE 'XX' END NOT IN (SELECT region FROM customers) AS r_not_in, CASE WHEN cid = 'C1' THEN 'EU' WHEN cid = 'C2' THEN 'APAC' WHEN cid IS NULL THEN NULL ELSE 'XX' END NOT IN (SELECT region FROM customers WHERE id <> 'C3') AS r_not_in_set, CASE WHEN cid = 'C1' THEN 'EU' WHEN cid = 'C2' THEN 'APAC' WHEN cid IS NULL THEN NULL ELSE 'XX' END NOT IN (SELECT region FROM customers c WHERE c.id = o.cid) AS r_corr FROM orders o", []string{
			`{"oid":1,"cid":"C1","known":true,"r_in":true,"r_not_in":false,"r_not_in_set":false,"r_corr":false}`,
			`{"oid":2,"cid":"C2","known":true,"r_in":null,"r_not_in":null,"r_not_in_set":true,"r_corr":true}`,
			`{"oid":3,"cid":"C9","known":false,"r_in":null,"r_not_in":null,"r_not_in_set":true,"r_corr":true}`,
			`{"oid":4,"cid":null,"known":null,"r_in":null,"r_not_in":null,"r_not_in_set":null,"r_corr":null}`,
			`{"oid":5,"cid":"C3","known":true,"r_in":null,"r_not_in":null,"r_not_in_set":true,"r_corr":null}`,
		}},
		{"not exists", "SELECT oid FROM orders o WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = o.cid)", []string{
			`{"oid":3}`, `{"oid":4}`,
		}},
		{"subquery in FROM", "SELECT s.oid, c.name FROM (SELECT oid, cid FROM orders WHERE amount >= 20) s LEFT JOIN customers c ON c.id = s.cid", []string{
			`{"oid":2,"name":"Bo"}`, `{"oid":3,"name":null}`, `{"oid":4,"name":null}`, `{"oid":5,"name":"Cy"}`,
		}},
		{"group by over joins", "SELECT c.region, COUNT(*) AS n, SUM(o.amount) AS total FROM orders o JOIN customers c ON c.id = o.cid GROUP BY c.region EMIT FINAL", []string{
			`{"region":"EU","n":1,"total":10.00}`, `{"region":"US","n":1,"total":20.00}`, `{"region":null,"n":1,"total":50.00}`,
		}},
		{"group by with a subquery", "SELECT cid, COUNT(*) AS n FROM orders WHERE cid IN (SELECT id FROM customers) GROUP BY cid", []string{
			`{"cid":"C1","n":1}`, `{"cid":"C2","n":1}`, `{"cid":"C3","n":1}`,
		}},
		{"limit counts joined rows", "SELECT o.oid, c.id FROM orders o JOIN customers c ON c.id >= o.cid LIMIT 2", []string{
			`{"oid":1,"id":"C1"}`, `{"oid":1,"id":"C2"}`,
		}},
		{"interval right", "SELECT o.oid, p.pid FROM orders o RIGHT JOIN payments p ON p.oid = o.oid AND p.ts BETWEEN o.ts AND o.ts + INTERVAL '5' MINUTE", []string{
			`{"oid":1,"pid":"P1"}`, `{"oid":null,"pid":"P2"}`, `{"oid":null,"pid":"P3"}`, `{"oid":5,"pid":"P4"}`,
		}},
		{"interval full", "SELECT o.oid, p.pid FROM orders o FULL JOIN payments p ON p.oid = o.oid AND p.ts BETWEEN o.ts AND o.ts + INTERVAL '5' MINUTE", []string{
			`{"oid":1,"pid":"P1"}`, `{"oid":2,"pid":null}`, `{"oid":3,"pid":null}`, `{"oid":4,"pid":null}`,
			`{"oid":null,"pid":"P2"}`, `{"oid":null,"pid":"P3"}`, `{"oid":5,"pid":"P4"}`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range joinFiles {
				writeTestFile(t, dir, name, content)
			}
			bin := buildProgram(t, joinDecls+tt.query+";\n", dir)
			cmd := exec.Command(bin)
			cmd.Dir = dir
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("%v\n%s", err, stderr.String())
			}
			got := strings.Split(strings.TrimSpace(stdout.String()), "\n")
			want := append([]string{}, tt.want...)
			sort.Strings(got)
			sort.Strings(want)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// TestJoinErrorRecords checks that a record whose join condition fails
// to evaluate is an error record of the joining job, counted and not
// written, and that a table record that does not parse is an error record
// of the table's load job; the other records go through.
func TestJoinErrorRecords(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program; skipped with -short")
	}
	dir := t.TempDir()
	for name, content := range joinFiles {
		writeTestFile(t, dir, name, content)
	}
	writeTestFile(t, dir, "rates.csv", "region,rate\nEU,0.5\nUS,abc\n")
	sql := joinDecls + `CREATE TABLE rates (region STRING, rate DOUBLE, PRIMARY KEY (region))
WITH ('rates.type' = 'file_source', 'rates.path' = 'rates.csv');
CREATE STREAM out AS SELECT o.oid, r.rate FROM orders o JOIN customers c ON c.id = o.cid AND 10 / (o.oid - 2) >= 0
LEFT JOIN rates r ON r.region = c.region
WITH ('out.type' = 'stdout_sink');
`
	bin := buildProgram(t, sql, dir)
	cmd := exec.Command(bin)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	got := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	sort.Strings(got)
	// oid 1: 10 / -1 < 0 fails ON; oid 2 divides by zero (C2's region US
	// would have no rate: its row did not parse); oids 3 and 4 have no
	// customer; oid 5's region is NULL.
	want := []string{`{"oid":5,"rate":null}`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	log := stderr.String()
	for _, frag := range []string{"job=out records_in=5 records_out=1 failed=1", "job=rates records_in=2 records_out=1 failed=1", "division_by_zero=1"} {
		if !strings.Contains(log, frag) {
			t.Errorf("the log lacks %q:\n%s", frag, log)
		}
	}
}

// TestJoinAggregateParallel checks that GROUP BY over a join gives the
// same groups on one worker and on four.
func TestJoinAggregateParallel(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program; skipped with -short")
	}
	dir := t.TempDir()
	var customers, orders strings.Builder
	customers.WriteString("id,name,region\n")
	for i := range 500 {
		fmt.Fprintf(&customers, "C%d,n%d,R%d\n", i, i, i%7)
	}
	orders.WriteString("oid,cid,amount,ts\n")
	for i := range 300_000 {
		fmt.Fprintf(&orders, "%d,C%d,%d.%02d,%d\n", i, (i*31)%550, i%100, i%97, i)
	}
	writeTestFile(t, dir, "customers.csv", customers.String())
	writeTestFile(t, dir, "orders.csv", orders.String())
	writeTestFile(t, dir, "payments.csv", joinFiles["payments.csv"])
	bin := buildProgram(t, joinDecls+"CREATE STREAM out AS SELECT c.region, COUNT(*) AS n, SUM(o.amount) AS total FROM orders o LEFT JOIN customers c ON c.id = o.cid GROUP BY c.region EMIT FINAL WITH ('out.type' = 'file_sink', 'out.path' = 'out.csv');\n", dir)
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
		t.Errorf("4 workers give other groups than 1:\n%s\nvs\n%s", outs[1], outs[0])
	}
	if n := strings.Count(outs[0], "\n"); n != 9 { // header, 7 regions, NULL
		t.Errorf("%d lines, want 9:\n%s", n, outs[0])
	}
}
