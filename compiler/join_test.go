package compiler

import (
	"strings"
	"testing"

	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/parser/diag"
)

// joinDecls declares a stream and two tables for the join tests.
const joinDecls = decl + `CREATE TABLE customers (id STRING, name STRING, region STRING, PRIMARY KEY (id))
WITH ('customers.type' = 'file_source', 'customers.path' = 'customers.csv');
CREATE TABLE rates (rate_id INTEGER, region STRING, lo DECIMAL(10,2), hi DECIMAL(10,2), PRIMARY KEY (rate_id))
WITH ('rates.type' = 'file_source', 'rates.path' = 'rates.csv');
CREATE STREAM pay (id INTEGER, paid DECIMAL(10,2), ts TIMESTAMP)
WITH ('pay.type' = 'file_source', 'pay.path' = 'pay.csv');
`

func joinJob(query string) string {
	return joinDecls + "CREATE STREAM out AS " + query + " WITH ('out.type' = 'file_sink', 'out.path' = 'out.csv');\n"
}

func TestJoinErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"stream–stream without time bound", joinJob("SELECT o.id FROM orders o JOIN pay p ON o.id = p.id"), "needs a time bound in ON"},
		{"table fed by the joined stream", decl + "CREATE STREAM clean AS SELECT id, customer FROM orders;\n" +
			"CREATE TABLE t AS SELECT customer, COUNT(*) AS n FROM clean GROUP BY customer WITH ('t.type' = 'file_sink', 't.path' = 't.csv');\n" +
			"CREATE STREAM out AS SELECT c.id, t.n FROM clean c JOIN t ON t.customer = c.customer WITH ('out.type' = 'file_sink', 'out.path' = 'out.csv');",
			"table t is computed from clean, which this job also reads in process"},
		{"joined source property", joinDecls + "CREATE STREAM out AS SELECT o.id FROM orders o JOIN customers c ON o.customer = c.id WITH ('customers.path' = 'x.csv', 'out.type' = 'file_sink', 'out.path' = 'o.csv');", "property 'customers.path' configures customers, which this statement joins"},
		{"stream with itself", joinJob("SELECT a.id FROM pay a JOIN pay b ON a.id = b.id AND b.ts BETWEEN a.ts AND a.ts + INTERVAL '1' SECOND"), "joining stream pay with itself is not supported yet"},
		{"bad out-of-orderness", joinDecls + "CREATE STREAM out AS SELECT o.id FROM orders o JOIN pay p ON o.id = p.id AND p.ts BETWEEN o.ts AND o.ts + INTERVAL '1' SECOND WITH ('watermark.max_out_of_orderness' = 'soon', 'out.type' = 'file_sink', 'out.path' = 'o.csv');", "'watermark.max_out_of_orderness' must be a duration"},
		{"empty time bound", joinJob("SELECT o.id FROM orders o JOIN pay p ON o.id = p.id AND p.ts >= o.ts + INTERVAL '2' MINUTE AND p.ts <= o.ts"), "time bound of this join is empty"},
		{"right join table", joinJob("SELECT o.id FROM orders o RIGHT JOIN customers c ON o.customer = c.id"), "RIGHT JOIN with table customers"},
		{"table in FROM", joinJob("SELECT c.id FROM customers c JOIN orders o ON o.customer = c.id"), "customers is a table"},
		{"unknown table", joinJob("SELECT o.id FROM orders o JOIN custmers c ON o.customer = c.id"), "unknown table or stream custmers"},
		{"ambiguous column", joinJob("SELECT id FROM orders o JOIN customers c ON o.customer = c.id"), "column id is ambiguous: qualify it (o.id or c.id)"},
		{"unknown joined column", joinJob("SELECT c.nmae FROM orders o JOIN customers c ON o.customer = c.id"), "unknown column nmae in c"},
		{"ON not boolean", joinJob("SELECT o.id FROM orders o JOIN customers c ON c.name"), "ON needs a BOOLEAN condition"},
		{"join with a window", joinJob("SELECT c.region, COUNT(*) AS n FROM orders o JOIN customers c ON o.customer = c.id GROUP BY c.region WINDOW TUMBLING(ts, INTERVAL '1' MINUTE)"), "joins and subqueries in a windowed or OVER query"},
		{"join with OVER", joinJob("SELECT o.id, c.name, ROW_NUMBER() OVER (PARTITION BY c.region) AS rn FROM orders o JOIN customers c ON o.customer = c.id"), "joins and subqueries in a windowed or OVER query"},
		{"group by over an interval join", joinJob("SELECT o.customer, COUNT(*) AS n FROM orders o JOIN pay p ON p.id = o.id AND p.ts BETWEEN o.ts AND o.ts + INTERVAL '1' SECOND GROUP BY o.customer"), "GROUP BY over an interval join"},
		{"subquery over a stream", joinJob("SELECT id FROM orders WHERE id IN (SELECT id FROM pay)"), "pay is a stream; a subquery reads a table"},
		{"subquery two items", joinJob("SELECT id FROM orders WHERE customer IN (SELECT id, name FROM customers)"), "must select exactly one value"},
		{"subquery type", joinJob("SELECT id FROM orders WHERE id IN (SELECT name FROM customers)"), "IN compares id with the subquery's name"},
		{"table without key", decl + "CREATE TABLE t AS SELECT customer, qty FROM orders WITH ('t.type' = 'file_sink', 't.path' = 't.csv');\n" +
			"CREATE STREAM out AS SELECT o.id FROM orders o JOIN t ON o.customer = t.customer WITH ('out.type' = 'file_sink', 'out.path' = 'out.csv');", "table t has no key"},
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
			for _, e := range err.(diag.List) {
				if e.Pos.Line == 0 {
					t.Errorf("error %q has no position", e.Error())
				}
			}
		})
	}
}

// TestJoinAccess checks how joins and subqueries find rows: the table key
// when ON compares every key column, an index on other equalities, a scan
// otherwise.
func TestJoinAccess(t *testing.T) {
	tests := []struct {
		name, query string
		want        plan.Access
		residual    bool
	}{
		{"key", "SELECT o.id, c.name FROM orders o JOIN customers c ON o.customer = c.id", plan.KeyLookup, false},
		{"key and more", "SELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer AND c.region <> 'x'", plan.KeyLookup, true},
		{"index", "SELECT o.id, r.hi FROM orders o LEFT JOIN rates r ON r.region = o.customer AND o.amount >= r.lo", plan.IndexLookup, true},
		{"scan", "SELECT o.id, r.hi FROM orders o LEFT JOIN rates r ON o.amount BETWEEN r.lo AND r.hi", plan.Scan, true},
		{"in subquery", "SELECT id FROM orders WHERE customer IN (SELECT id FROM customers WHERE region = 'EU')", plan.KeyLookup, true},
		{"exists index", "SELECT id FROM orders o WHERE EXISTS (SELECT 1 FROM rates r WHERE r.region = o.customer)", plan.IndexLookup, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := compile(t, joinJob(tt.query))
			if err != nil {
				t.Fatal(err)
			}
			j := p.Jobs[len(p.Jobs)-1]
			var pr *plan.Probe
			switch {
			case len(j.Joins) > 0:
				pr = &j.Joins[0].Probe
			case len(j.Subqueries) > 0:
				pr = &j.Subqueries[0].Probe
			default:
				t.Fatal("no join or subquery in the plan")
			}
			if pr.Access != tt.want {
				t.Errorf("access %s, want %s (%s)", pr.Access, tt.want, plan.ProbeText(pr))
			}
			if (pr.Residual != nil) != tt.residual {
				t.Errorf("residual %v, want one: %v", pr.Residual, tt.residual)
			}
		})
	}
}

// TestIntervalBounds checks the time bound read from ON.
func TestIntervalBounds(t *testing.T) {
	tests := []struct {
		on     string
		lo, hi int64
	}{
		{"p.ts BETWEEN o.ts AND o.ts + INTERVAL '10' MINUTE", 0, 600000},
		{"p.ts >= o.ts - INTERVAL '1' SECOND AND p.ts < o.ts + INTERVAL '1' SECOND", -1000, 999},
		{"o.ts <= p.ts AND o.ts + INTERVAL '5' SECOND >= p.ts", 0, 5000},
		{"o.ts > p.ts AND o.ts - INTERVAL '1' MINUTE <= p.ts", -60000, -1},
	}
	for _, tt := range tests {
		t.Run(tt.on, func(t *testing.T) {
			p, err := compile(t, joinJob("SELECT o.id, p.paid FROM orders o JOIN pay p ON p.id = o.id AND "+tt.on))
			if err != nil {
				t.Fatal(err)
			}
			ij := p.Jobs[len(p.Jobs)-1].Interval
			if ij == nil {
				t.Fatal("no interval join")
			}
			if ij.Lo != tt.lo || ij.Hi != tt.hi {
				t.Errorf("bound [%d, %d], want [%d, %d]", ij.Lo, ij.Hi, tt.lo, tt.hi)
			}
			if len(ij.LeftKey) != 1 {
				t.Errorf("%d key parts, want 1", len(ij.LeftKey))
			}
		})
	}
}

// TestExplainJoins checks that explain says how each join finds rows, in
// text and JSON.
func TestExplainJoins(t *testing.T) {
	tests := []struct{ query, text, access string }{
		{"SELECT o.id, c.name FROM orders o JOIN customers c ON o.customer = c.id", "INNER JOIN table customers c: hash lookup on the table key (c.id#0 = customer#1)", "lookup"},
		{"SELECT o.id, r.hi FROM orders o LEFT JOIN rates r ON r.region = o.customer", "LEFT JOIN table rates r: hash lookup in an index on (r.region#1 = customer#1)", "index"},
		{"SELECT o.id, r.hi FROM orders o LEFT JOIN rates r ON o.amount < r.hi", "LEFT JOIN table rates r: scan of every row, then (amount#2 < r.hi#3)", "scan"},
		{"SELECT o.id, p.paid FROM orders o JOIN pay p ON p.id = o.id AND p.ts BETWEEN o.ts AND o.ts + INTERVAL '1' SECOND", "INNER interval JOIN stream pay p: key (id#0 = p.id#0), p.ts#2 − ts#5 in [0ms, 1000ms]", "interval"},
	}
	for _, tt := range tests {
		t.Run(tt.access, func(t *testing.T) {
			p, err := compile(t, joinJob(tt.query))
			if err != nil {
				t.Fatal(err)
			}
			if text := plan.Explain(p); !strings.Contains(text, tt.text) {
				t.Errorf("explain does not say %q:\n%s", tt.text, text)
			}
			jobs := plan.ExplainJSON(p)
			joins := jobs[len(jobs)-1].Joins
			if len(joins) != 1 || joins[0].Access != tt.access {
				t.Errorf("JSON joins %+v, want one with access %s", joins, tt.access)
			}
		})
	}
}
