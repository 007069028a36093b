package codegen_test

import (
	"bytes"
	"os/exec"
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
		{"not exists", "SELECT oid FROM orders o WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = o.cid)", []string{
			`{"oid":3}`, `{"oid":4}`,
		}},
		{"subquery in FROM", "SELECT s.oid, c.name FROM (SELECT oid, cid FROM orders WHERE amount >= 20) s LEFT JOIN customers c ON c.id = s.cid", []string{
			`{"oid":2,"name":"Bo"}`, `{"oid":3,"name":null}`, `{"oid":4,"name":null}`, `{"oid":5,"name":"Cy"}`,
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
