package compiler

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/parser"
	"github.com/velocsql/veloc/parser/diag"
)

// decl is a source declaration most tests read from.
const decl = `CREATE STREAM orders (id INTEGER NOT NULL, customer STRING, amount DECIMAL(10,2), qty INTEGER, price DOUBLE, ts TIMESTAMP, ok BOOLEAN)
WITH ('orders.type' = 'file_source', 'orders.path' = 'orders.csv');
`

func compile(t *testing.T, src string) (*plan.Program, error) {
	t.Helper()
	f, err := parser.ParseFile("q.sql", []byte(src))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return Compile(f, []byte(src), Options{Dir: t.TempDir()})
}

// job wraps a query as a job writing a CSV file.
func job(query string) string {
	return decl + "CREATE STREAM out AS " + query + " WITH ('out.type' = 'file_sink', 'out.path' = 'out.csv');\n"
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // "line:col: message substring"
	}{
		{"unknown column with suggestion", job("SELECT id, custmer FROM orders"), "3:33: unknown column custmer in orders (declared at line 1); did you mean customer?"},
		{"unknown qualifier", job("SELECT x.id FROM orders o"), "3:29: unknown source x"},
		{"string compared with number", job("SELECT id FROM orders WHERE customer = 42"), "3:59: cannot compare STRING with INTEGER; use CAST(customer AS INTEGER)"},
		{"string plus number", job("SELECT customer + 1 AS c FROM orders"), "3:38: operator + needs numbers, but customer is STRING and 1 is INTEGER; STRING never converts to a number implicitly: use CAST(customer AS INTEGER)"},
		{"concat needs strings", job("SELECT 'n=' || qty AS c FROM orders"), "3:34: || joins strings, and qty is INTEGER: use CAST(qty AS STRING)"},
		{"unknown function", job("SELECT FROBNICATE(qty) AS f FROM orders"), "3:29: unknown function FROBNICATE"},
		{"function suggestion", job("SELECT UPPR(customer) AS f FROM orders"), "unknown function UPPR; did you mean UPPER?"},
		{"arity", job("SELECT LENGTH(customer, 2) AS f FROM orders"), "LENGTH takes 1 argument, got 2"},
		{"argument type", job("SELECT UPPER(qty) AS f FROM orders"), "UPPER: argument 1 must be STRING, not INTEGER"},
		{"aggregate in WHERE", job("SELECT id FROM orders WHERE SUM(qty) > 1"), "aggregate SUM is not allowed in WHERE"},
		{"where not boolean", job("SELECT id FROM orders WHERE qty"), "WHERE needs a BOOLEAN condition, not INTEGER"},
		{"unnamed expression", job("SELECT qty * 2 FROM orders"), "give qty * 2 a name: qty * 2 AS some_name"},
		{"duplicate output", job("SELECT id, qty AS id FROM orders"), "output column id is written twice"},
		{"emit final", job("SELECT id FROM orders EMIT FINAL"), "EMIT FINAL needs an aggregation"},
		{"order by without aggregation", job("SELECT id FROM orders ORDER BY id"), "ORDER BY orders EMIT FINAL output"},
		{"window without event time", decl + "CREATE STREAM out AS SELECT COUNT(*) AS n FROM orders WINDOW TUMBLING(1m) WITH ('out.type' = 'file_sink', 'out.path' = 'o.csv');",
			"needs an event time: name the time column in the window, e.g. TUMBLING(ts, ...), or add 'event.time.field'"},
		{"missing source type", "CREATE STREAM out AS SELECT a FROM src WITH ('src.path' = 'x.csv', 'out.type' = 'file_sink', 'out.path' = 'o.csv');",
			"1:36: source src needs 'src.type'"},
		{"bad source type", "CREATE STREAM out AS SELECT a FROM src WITH ('src.type' = 'file_sorce', 'src.path' = 'x.csv', 'out.type' = 'file_sink', 'out.path' = 'o.csv');",
			"must be one of file_source, file_source_mmap, kafka_source, not 'file_sorce'; did you mean file_source?"},
		{"unknown property with suggestion", job("SELECT id FROM orders") + "CREATE STREAM o2 AS SELECT id FROM orders WITH ('o2.type' = 'file_sink', 'o2.pth' = 'x.csv');",
			"unknown property 'o2.pth' for a file_sink; did you mean 'o2.path'?"},
		{"property of nobody", job("SELECT id FROM orders") + "CREATE STREAM o2 AS SELECT id FROM orders WITH ('o2.type' = 'file_sink', 'o2.path' = 'x.csv', 'ordrs.path' = 'y');",
			"property 'ordrs.path' does not start with a source, sink or job of this statement"},
		{"alias in property", decl + "CREATE STREAM out AS SELECT o.id FROM orders o WITH ('o.path' = 'x', 'out.type' = 'file_sink', 'out.path' = 'o.csv');",
			"names the alias o; use the source name: 'orders.path'"},
		{"job writes nowhere", decl + "CREATE STREAM out AS SELECT id FROM orders;", "job out writes nowhere"},
		{"no schema", "CREATE STREAM out AS SELECT a FROM src WITH ('src.type' = 'file_source', 'src.path' = 'missing.csv', 'out.type' = 'file_sink', 'out.path' = 'o.csv');",
			"no schema for source src: declare its columns"},
		{"bad error policy", job("SELECT id FROM orders") + "CREATE STREAM o2 AS SELECT id FROM orders WITH ('o2.type' = 'file_sink', 'o2.path' = 'x', 'o2.error.policy' = 'ignore');",
			"'o2.error.policy' must be skip, dlq or fail, not 'ignore'"},
		{"dlq without target", job("SELECT id FROM orders") + "CREATE STREAM o2 AS SELECT id FROM orders WITH ('o2.type' = 'file_sink', 'o2.path' = 'x', 'o2.error.policy' = 'dlq');",
			"has error.policy dlq but no 'o2.dlq'"},
		{"bad cast", job("SELECT CAST(ts AS BOOLEAN) AS b FROM orders"), "cannot CAST TIMESTAMP to BOOLEAN"},
		{"case mixes types", job("SELECT CASE WHEN ok THEN 'a' ELSE 1 END AS c FROM orders"), "CASE results mix STRING and INTEGER"},
		{"in list type", job("SELECT id FROM orders WHERE qty IN (1, 'two')"), "IN list value 'two' is STRING, but qty is INTEGER"},
		{"like needs strings", job("SELECT id FROM orders WHERE qty LIKE 'a%'"), "LIKE needs strings, not INTEGER"},
		{"declared twice", decl + decl, "orders is declared twice"},
		{"limit", job("SELECT id FROM orders LIMIT 'x'"), "LIMIT needs a non-negative integer constant"},
		{"ungrouped column", job("SELECT customer, qty, COUNT(*) AS n FROM orders GROUP BY customer"), "3:39: column qty is neither in GROUP BY nor inside an aggregate function"},
		{"nested aggregate", job("SELECT customer, SUM(COUNT(*)) AS n FROM orders GROUP BY customer"), "aggregate COUNT inside another aggregate's argument"},
		{"sum of string", job("SELECT customer, SUM(customer) AS n FROM orders GROUP BY customer"), "SUM: needs a number, not STRING"},
		{"star in aggregation", job("SELECT *, COUNT(*) AS n FROM orders GROUP BY customer"), "* in an aggregating query"},
		{"order by with changes", job("SELECT customer, COUNT(*) AS n FROM orders GROUP BY customer ORDER BY n"), "add EMIT FINAL or remove ORDER BY"},
		{"order by unknown", job("SELECT customer, COUNT(*) AS n FROM orders GROUP BY customer ORDER BY qty EMIT FINAL"), "ORDER BY qty: name an output column of the select list (customer, n)"},
		{"having ungrouped", job("SELECT customer, COUNT(*) AS n FROM orders GROUP BY customer HAVING qty > 1"), "column qty is neither in GROUP BY"},
		{"having not boolean", job("SELECT customer, COUNT(*) AS n FROM orders GROUP BY customer HAVING n"), "HAVING"},
		{"distinct in min", job("SELECT customer, MIN(DISTINCT qty) AS n FROM orders GROUP BY customer"), "DISTINCT is allowed in COUNT, SUM and AVG only"},
		{"percentile fraction", job("SELECT customer, PERCENTILE_CONT(price, 2) AS p FROM orders GROUP BY customer"), "the fraction must be between 0 and 1"},
		{"kafka without schema", "CREATE STREAM out AS SELECT a FROM s WITH ('s.type' = 'kafka_source', 'out.type' = 'file_sink', 'out.path' = 'o');",
			"no schema for Kafka source s: declare its columns"},
		{"kafka client value", "CREATE STREAM s (a INT) WITH ('s.type' = 'kafka_source', 's.fetch.max.bytes' = 'lots'); CREATE STREAM out AS SELECT a FROM s WITH ('out.type' = 'file_sink', 'out.path' = 'o');",
			"fetch.max.bytes"},
		{"kafka unknown client key", "CREATE STREAM s (a INT) WITH ('s.type' = 'kafka_source', 's.lingerr.ms' = '5'); CREATE STREAM out AS SELECT a FROM s WITH ('out.type' = 'file_sink', 'out.path' = 'o');",
			"unknown property 's.lingerr.ms' for a kafka_source"},
		{"kafka delivery profile", "CREATE STREAM s (a INT) WITH ('s.type' = 'kafka_source'); CREATE STREAM out AS SELECT a FROM s WITH ('out.type' = 'kafka_sink', 'out.delivery_profile' = 'fast');",
			"'out.delivery_profile' must be one of balanced, high_throughput, low_latency, durable"},
		{"kafka key format", "CREATE STREAM s (a INT) WITH ('s.type' = 'kafka_source'); CREATE STREAM out AS SELECT a FROM s WITH ('out.type' = 'kafka_sink', 'out.key.format' = 'avro');",
			"'out.key.format' must be string or json, not 'avro'"},
		{"kafka format not yet", "CREATE STREAM s (a INT) WITH ('s.type' = 'kafka_source', 's.format' = 'protobuf'); CREATE STREAM out AS SELECT a FROM s WITH ('out.type' = 'file_sink', 'out.path' = 'o');",
			"'s.format' = 'protobuf' is not supported yet for Kafka (json, csv, string, bytes and avro are)"},
		{"avro without avsc", "CREATE STREAM s (a INT) WITH ('s.type' = 'kafka_source', 's.format' = 'avro'); CREATE STREAM out AS SELECT a FROM s WITH ('out.type' = 'file_sink', 'out.path' = 'o');",
			"Kafka source s has Avro values: name the .avsc they are written with in 's.schema.file'"},
		{"avro sink", "CREATE STREAM s (a INT) WITH ('s.type' = 'kafka_source'); CREATE STREAM out AS SELECT a FROM s WITH ('out.type' = 'kafka_sink', 'out.format' = 'avro');",
			"sink out writes Avro values: name the .avsc to write in 'out.schema.file'"},
		{"kafka string source of two columns", "CREATE STREAM s (a STRING, b INT) WITH ('s.type' = 'kafka_source', 's.format' = 'string'); CREATE STREAM out AS SELECT a FROM s WITH ('out.type' = 'file_sink', 'out.path' = 'o');",
			"Kafka source s has 'string' values, which are one STRING column; it has (a STRING, b INTEGER)"},
		{"kafka string sink of two columns", "CREATE STREAM s (a STRING, b INT) WITH ('s.type' = 'kafka_source'); CREATE STREAM out AS SELECT a, b FROM s WITH ('out.type' = 'kafka_sink', 'out.format' = 'bytes');",
			"sink out writes 'bytes' values, which are one column; the query selects 2"},
		{"insert into undeclared", decl + "INSERT INTO sink SELECT id FROM orders;", "INSERT INTO sink: sink is not declared"},
		{"rank without order", job("SELECT id, RANK() OVER (PARTITION BY customer) AS r FROM orders"), "RANK needs an ORDER BY in its OVER"},
		{"ntile buckets", job("SELECT id, NTILE(qty) OVER (ORDER BY ts) AS r FROM orders"), "NTILE: takes one argument, the number of buckets: a positive integer constant"},
		{"nth value n", job("SELECT id, NTH_VALUE(qty, 0) OVER (ORDER BY ts) AS r FROM orders"), "NTH_VALUE: n must be a positive integer constant"},
		{"two orders", job("SELECT id, RANK() OVER (ORDER BY ts) AS r, ROW_NUMBER() OVER (ORDER BY id) AS n FROM orders"), "every OVER of a query must have the same ORDER BY (ts)"},
		{"late strategy of over", job("SELECT id, RANK() OVER (ORDER BY ts) AS r FROM orders") + "CREATE STREAM o2 AS SELECT id, ROW_NUMBER() OVER (ORDER BY ts) AS n FROM orders WITH ('o2.type' = 'file_sink', 'o2.path' = 'x', 'late.data.strategy' = 'keep');",
			"'late.data.strategy' must be drop or dead_letter, not 'keep'"},
		{"range frame", job("SELECT id, SUM(qty) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW) AS s FROM orders"), "RANGE frames are not supported; use ROWS"},
		{"unbounded following", job("SELECT id, SUM(qty) OVER (ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS s FROM orders"), "a frame must end at CURRENT ROW or n FOLLOWING"},
		{"lag with following", job("SELECT id, LAG(qty) OVER (ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS s FROM orders"), "LAG does not take a frame"},
		{"frame starting after the row", job("SELECT id, SUM(qty) OVER (ROWS BETWEEN 1 FOLLOWING AND 2 FOLLOWING) AS s FROM orders"), "a frame must start at or before the current row"},
		{"exactly once", job("SELECT id FROM orders") + "CREATE STREAM o2 AS SELECT id FROM orders WITH ('o2.type' = 'file_sink', 'o2.path' = 'x', 'o2.delivery' = 'exactly_once');",
			"'o2.delivery' = 'exactly_once' is not supported yet: veloc delivers at least once"},
		{"state changelog", job("SELECT id FROM orders") + "CREATE STREAM o2 AS SELECT id FROM orders WITH ('o2.type' = 'file_sink', 'o2.path' = 'x', 'o2.state.changelog' = 'true');",
			"'o2.state.changelog' is not supported yet"},
		{"transactional job mode", decl + "-- @job_mode: transactional\nCREATE STREAM out AS SELECT id FROM orders WITH ('out.type' = 'file_sink', 'out.path' = 'o.csv');",
			"@job_mode: transactional (exactly-once) is not supported yet"},
		{"bad job mode", decl + "-- @job_mode: turbo\nCREATE STREAM out AS SELECT id FROM orders WITH ('out.type' = 'file_sink', 'out.path' = 'o.csv');",
			"@job_mode must be simple, transactional or adaptive, not \"turbo\""},
		{"timestamp literal", job("SELECT id FROM orders WHERE ts > TIMESTAMP 'yesterday'"), "malformed TIMESTAMP literal 'yesterday'"},
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
				if e.File != "q.sql" {
					t.Errorf("error %q names file %q", e.Error(), e.File)
				}
			}
		})
	}
}

func TestValidPrograms(t *testing.T) {
	tests := []struct{ name, src string }{
		{"keyword columns", "CREATE STREAM r (timestamp TIMESTAMP, key STRING, value DOUBLE, status STRING) WITH ('r.type' = 'file_source', 'r.path' = 'r.csv');\n" +
			"CREATE STREAM out AS SELECT timestamp, key, value * 2 AS doubled FROM r WHERE value > 10 AND status = 'ok' WITH ('out.type' = 'file_sink', 'out.path' = 'o.csv');"},
		{"system columns", job("SELECT id, _offset AS line, _timestamp AS seen FROM orders")},
		{"timestamp against string", job("SELECT id FROM orders WHERE ts >= '2024-01-01T00:00:00Z'")},
		{"decimal compare", job("SELECT id FROM orders WHERE amount > 1.499 AND amount = 2")},
		{"interval arithmetic", job("SELECT ts + INTERVAL '5' MINUTE AS later, ts - ts AS zero FROM orders")},
		{"bare select", decl + "SELECT id, customer FROM orders;"},
		{"in process", job("SELECT id, qty FROM orders") + "CREATE STREAM o2 AS SELECT id FROM out WHERE qty > 1 WITH ('o2.type' = 'file_sink', 'o2.path' = 'o2.jsonl');"},
		{"insert into declared sink", decl + "CREATE STREAM sink (id INTEGER) WITH ('sink.type' = 'file_sink', 'sink.path' = 's.csv');\nINSERT INTO sink SELECT id FROM orders;"},
		{"name annotation", decl + "-- @name: renamed\nCREATE STREAM out AS SELECT id FROM orders WITH ('out.type' = 'file_sink', 'out.path' = 'o.csv', 'renamed.error.policy' = 'fail');"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := compile(t, tt.src); err != nil {
				t.Fatalf("unexpected errors:\n%v", err)
			}
		})
	}
}

// TestOptimizer checks what the passes do to plans, through explain text.
func TestOptimizer(t *testing.T) {
	tests := []struct {
		name, query string
		want        []string // lines the explain output must contain
	}{
		{"fold arithmetic", "SELECT id, 2 + 3 * 4 AS n, 0.1 + 0.2 AS f, 1.5 * 2 AS d FROM orders",
			[]string{"n INTEGER NOT NULL = 14", "f DECIMAL(2,1) NOT NULL = 0.3", "d DECIMAL(20,1) NOT NULL = 3.0"}},
		{"fold keeps float rounding", "SELECT id, 1e-1 + 2e-1 AS f FROM orders", []string{"f FLOAT NOT NULL = 0.30000000000000004e0"}},
		{"integer division truncates", "SELECT id, -7 / 2 AS q, -7 % 2 AS r FROM orders", []string{"q INTEGER NOT NULL = -3", "r INTEGER NOT NULL = -1"}},
		{"division by zero left for run time", "SELECT id, 1 / 0 AS q FROM orders", []string{"q INTEGER NOT NULL = (1 / 0)"}},
		{"overflow left for run time", "SELECT id, 9223372036854775807 + 1 AS q FROM orders", []string{"(9223372036854775807 + 1)"}},
		{"where true removed", "SELECT id FROM orders WHERE 1 = 1", []string{"output:"}},
		{"three-valued and", "SELECT id FROM orders WHERE FALSE AND qty > 1", []string{"filter: FALSE"}},
		{"pushdown splits conjuncts", "SELECT id FROM orders WHERE qty > 1 AND customer = 'a' AND qty < price",
			[]string{"pushed filter: (qty#3 > 1)", "pushed filter: (customer#1 = 'a')", "filter: (CONVERT(qty#3 TO FLOAT) < price#4)"}},
		{"pruning", "SELECT id FROM orders WHERE qty > 1", []string{"  #0 id INTEGER NOT NULL", "- #1 customer STRING", "  #3 qty INTEGER"}},
		{"case folding", "SELECT id, CASE WHEN 1 > 2 THEN 'a' WHEN TRUE THEN 'b' END AS c FROM orders", []string{"c STRING NOT NULL = 'b'"}},
		{"is null of not null column", "SELECT id, id IS NULL AS n FROM orders", []string{"n BOOLEAN NOT NULL = FALSE"}},
		{"decimal literal widening", "SELECT id, amount + 1 AS a FROM orders", []string{"a DECIMAL(21,2) = (amount#2 + 1)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := compile(t, job(tt.query))
			if err != nil {
				t.Fatal(err)
			}
			got := plan.Explain(p)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("explain lacks %q:\n%s", w, got)
				}
			}
		})
	}
}

func TestInferenceFindsFileBesideSQL(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "in.csv"), []byte("a,b\n1,x\n2,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src := "CREATE STREAM out AS SELECT a, b FROM src WHERE a > 1 WITH ('src.type' = 'file_source', 'src.path' = 'in.csv', 'out.type' = 'file_sink', 'out.path' = 'o.csv');"
	f, err := parser.ParseFile("q.sql", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Compile(f, []byte(src), Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	got := plan.Explain(p)
	// Inferred columns are nullable even when the sample has no empty cell.
	for _, w := range []string{"schema inferred from in.csv", "#0 a INTEGER\n", "#1 b STRING\n"} {
		if !strings.Contains(got, w) {
			t.Errorf("explain lacks %q:\n%s", w, got)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		d    int
	}{{"amout", "amount", 1}, {"cutsomer", "customer", 1}, {"", "abc", 3}, {"same", "same", 0}, {"kitten", "sitting", 3}}
	for _, tt := range tests {
		if d := editDistance(tt.a, tt.b); d != tt.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, d, tt.d)
		}
	}
}

// compileIn compiles src as dir/q.sql, after writing files (name →
// content, names may have folders) into dir.
func compileIn(t *testing.T, dir string, files map[string]string, src string) (*plan.Program, error) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := parser.ParseFile("q.sql", []byte(src))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return Compile(f, []byte(src), Options{Dir: dir})
}

// Schema files for TestSchemaPrecedence and TestSchemaFileErrors: each
// types the columns of trades differently, so explain shows which won.
const (
	tradesYAML  = "fields:\n  - name: symbol\n    type: string\n    nullable: false\n  - name: price\n    type: {decimal: {precision: 2}}\n"
	tradesDir   = "fields:\n  - {name: symbol, type: varchar}\n  - {name: price, type: decimal, precision: 10, scale: 3}\n"
	tradesAvsc  = `{"type": "record", "name": "Trade", "fields": [{"name": "symbol", "type": "string"}, {"name": "price", "type": ["null", "double"]}]}`
	tradesCSV   = "symbol,price\nAAPL,1\n"
	tradesProto = "syntax = \"proto3\";\nmessage Trade {\n  string symbol = 1;\n  optional int64 price = 2;\n}\nmessage Quote {\n  string symbol = 1;\n}\n"
)

// tradesJob reads trades with the given extra WITH properties.
func tradesJob(with string) string {
	return "CREATE STREAM out AS SELECT symbol, price FROM trades\n" +
		"WITH ('trades.type' = 'file_source', 'trades.path' = 'trades.csv'" + with + ",\n" +
		"      'out.type' = 'file_sink', 'out.path' = 'out.csv');\n"
}

func TestSchemaPrecedence(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		src   string
		want  []string // lines explain must contain
	}{
		{"declaration beats schema.file",
			map[string]string{"trades.yaml": tradesYAML, "schemas/trades.schema.yaml": tradesDir, "trades.csv": tradesCSV},
			"CREATE STREAM trades (symbol STRING, price DOUBLE NOT NULL) WITH ('trades.type' = 'file_source', 'trades.path' = 'trades.csv', 'trades.schema.file' = 'trades.yaml');\n" +
				"CREATE STREAM out AS SELECT symbol, price FROM trades WITH ('out.type' = 'file_sink', 'out.path' = 'out.csv');\n",
			[]string{"schema declared at line 1", "#0 symbol STRING\n", "#1 price FLOAT NOT NULL\n"}},
		{"schema.file beats schemas/ dir",
			map[string]string{"trades.yaml": tradesYAML, "schemas/trades.schema.yaml": tradesDir, "trades.csv": tradesCSV},
			tradesJob(", 'trades.schema.file' = 'trades.yaml'"),
			[]string{"source trades: file_source csv, schema from schema file trades.yaml\n", "#0 symbol STRING NOT NULL\n", "#1 price DECIMAL(18,2)\n"}},
		{"schemas/ dir beats hints and inference",
			map[string]string{"schemas/trades.schema.yaml": tradesDir, "trades.csv": tradesCSV},
			"-- @data.source: trades\n-- @data.price.type: integer\n" + tradesJob(""),
			[]string{"schema from schemas/trades.schema.yaml\n", "#0 symbol STRING\n", "#1 price DECIMAL(10,3)\n"}},
		{"schemas/ dir by lower-case name",
			map[string]string{"schemas/trades.schema.yaml": tradesDir, "trades.csv": tradesCSV},
			strings.ReplaceAll(tradesJob(""), "trades", "Trades"),
			[]string{"schema from schemas/trades.schema.yaml\n"}},
		{"hints beat inference",
			map[string]string{"trades.csv": tradesCSV},
			"-- @data.source: trades\n-- @data.symbol.type: string\n-- @data.price.type: decimal(4)\n" + tradesJob(""),
			[]string{"schema from @data hints at line 1", "#1 price DECIMAL(18,4)\n"}},
		{"inference without any schema",
			map[string]string{"trades.csv": tradesCSV},
			tradesJob(""),
			[]string{"schema inferred from trades.csv", "#1 price INTEGER\n"}},
		{"avro schema file",
			map[string]string{"avro/trades.avsc": tradesAvsc},
			tradesJob(", 'trades.schema.file' = 'avro/trades.avsc'"),
			[]string{"schema from schema file avro/trades.avsc\n", "#0 symbol STRING NOT NULL\n", "#1 price FLOAT\n"}},
		{"proto schema file and message",
			map[string]string{"trades.proto": tradesProto},
			tradesJob(", 'trades.schema.file' = 'trades.proto', 'trades.schema.message' = 'Trade'"),
			[]string{"schema from schema file trades.proto\n", "#0 symbol STRING NOT NULL\n", "#1 price INTEGER\n"}},
		{"schema file with a JSON Lines source",
			map[string]string{"trades.yaml": tradesYAML},
			strings.ReplaceAll(tradesJob(", 'trades.schema.file' = 'trades.yaml'"), "trades.csv", "trades.jsonl"),
			[]string{"source trades: file_source jsonl, schema from schema file trades.yaml\n"}},
		{"pushdown compares with the schema file's decimal",
			map[string]string{"trades.yaml": tradesYAML},
			"CREATE STREAM o2 AS SELECT price FROM trades WHERE price > 1.5 WITH ('trades.type' = 'file_source', 'trades.path' = 'trades.csv', 'trades.schema.file' = 'trades.yaml', 'o2.type' = 'stdout_sink');\n",
			[]string{"pushed filter: (price#1 > 1.5)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := compileIn(t, t.TempDir(), tt.files, tt.src)
			if err != nil {
				t.Fatalf("unexpected errors:\n%v", err)
			}
			got := plan.Explain(p)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("explain lacks %q:\n%s", w, got)
				}
			}
		})
	}
}

// TestSchemaFileFromWorkingDirectory checks the second place a relative
// schema.file is looked for.
func TestSchemaFileFromWorkingDirectory(t *testing.T) {
	cwd := t.TempDir()
	if err := os.WriteFile(filepath.Join(cwd, "trades.yaml"), []byte(tradesYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(cwd)
	p, err := compileIn(t, t.TempDir(), nil, tradesJob(", 'trades.schema.file' = 'trades.yaml'"))
	if err != nil {
		t.Fatal(err)
	}
	if got := plan.Explain(p); !strings.Contains(got, "schema from schema file trades.yaml") {
		t.Errorf("explain:\n%s", got)
	}
	// Beside the SQL file comes first.
	dir := t.TempDir()
	p, err = compileIn(t, dir, map[string]string{"trades.yaml": tradesDir}, tradesJob(", 'trades.schema.file' = 'trades.yaml'"))
	if err != nil {
		t.Fatal(err)
	}
	if got := plan.Explain(p); !strings.Contains(got, "#1 price DECIMAL(10,3)") {
		t.Errorf("explain:\n%s", got)
	}
}

func TestSchemaFileErrors(t *testing.T) {
	// In tradesJob the WITH properties are on line 2; an extra property
	// starts at column 68.
	tests := []struct {
		name  string
		files map[string]string
		src   string
		want  string // "line:col: message"
	}{
		{"unknown column names the schema file", map[string]string{"trades.avsc": tradesAvsc},
			"CREATE STREAM out AS SELECT qty FROM trades WITH ('trades.type' = 'file_source', 'trades.path' = 't.csv', 'trades.schema.file' = 'trades.avsc', 'out.type' = 'stdout_sink');",
			"1:29: unknown column qty in trades (from schema file trades.avsc)"},
		{"unknown column names the schemas dir", map[string]string{"schemas/trades.schema.yaml": tradesDir},
			"CREATE STREAM out AS SELECT qty FROM trades WITH ('trades.type' = 'file_source', 'trades.path' = 't.csv', 'out.type' = 'stdout_sink');",
			"1:29: unknown column qty in trades (from schemas/trades.schema.yaml)"},
		{"missing file", nil, tradesJob(", 'trades.schema.file' = 'nope.yaml'"),
			"2:68: schema of trades: schema file nope.yaml does not exist (looked in "},
		{"no extension", map[string]string{"d/x.yaml": tradesYAML}, tradesJob(", 'trades.schema.file' = 'd'"),
			"2:68: '" + "trades.schema.file' must name a .yaml (or .yml), .avsc or .proto schema file, not 'd'"},
		{"folder with an extension", map[string]string{"d.yaml/x": ""}, tradesJob(", 'trades.schema.file' = 'd.yaml'"),
			"2:68: schema of trades: d.yaml is a folder, not a schema file"},
		{"yaml syntax error", map[string]string{"t.yaml": "fields: [{name: a, type: string}\n"}, tradesJob(", 'trades.schema.file' = 't.yaml'"),
			"2:68: schema of trades: t.yaml:1: YAML syntax error"},
		{"unknown type", map[string]string{"t.yaml": "fields:\n  - name: a\n    type: money\n"}, tradesJob(", 'trades.schema.file' = 't.yaml'"),
			`2:68: schema of trades: t.yaml:3:11: field a: unknown type "money" (want string, integer, float, boolean, timestamp, date or decimal)`},
		{"decimal without precision", map[string]string{"t.yaml": "fields:\n  - name: a\n    type: decimal\n"}, tradesJob(", 'trades.schema.file' = 't.yaml'"),
			"2:68: schema of trades: t.yaml:3:11: field a: decimal needs a precision"},
		{"duplicate field", map[string]string{"t.yaml": "fields:\n  - {name: a, type: string}\n  - {name: a, type: integer}\n"}, tradesJob(", 'trades.schema.file' = 't.yaml'"),
			"2:68: schema of trades: t.yaml:3:12: field a: the name is given twice"},
		{"avro error", map[string]string{"t.avsc": `{"type": "record", "name": "T", "fields": [{"name": "p", "type": {"type": "bytes", "logicalType": "decimal"}}]}`},
			tradesJob(", 'trades.schema.file' = 't.avsc'"), "2:68: schema of trades: t.avsc: field p: decimal needs a precision"},
		{"unknown message", map[string]string{"trades.proto": tradesProto},
			tradesJob(", 'trades.schema.file' = 'trades.proto', 'trades.schema.message' = 'Trades'"),
			"2:68: schema of trades: trades.proto: no message Trades; the file has Quote, Trade"},
		{"several messages and none named", map[string]string{"trades.proto": tradesProto},
			tradesJob(", 'trades.schema.file' = 'trades.proto'"),
			"2:68: schema of trades: trades.proto: the file defines several messages (Quote, Trade): name one with 'trades.schema.message'"},
		{"proto does not compile", map[string]string{"trades.proto": "syntax = \"proto3\";\nmessage T { Money m = 1; }\n"},
			tradesJob(", 'trades.schema.file' = 'trades.proto'"),
			"2:68: schema of trades: trades.proto:2:13: the .proto file does not compile: field T.m: unknown type Money"},
		{"message without schema file", nil, tradesJob(", 'trades.schema.message' = 'Trade'"),
			"2:68: 'trades.schema.message' names a message of a .proto schema file, but there is no 'trades.schema.file'"},
		{"message for a yaml file", map[string]string{"trades.yaml": tradesYAML},
			tradesJob(", 'trades.schema.file' = 'trades.yaml', 'trades.schema.message' = 'Trade'"),
			"2:106: 'trades.schema.message' applies to a .proto schema file, and 'trades.yaml' is not one"},
		{"unknown extension", nil, tradesJob(", 'trades.schema.file' = 'trades.json'"),
			"2:68: 'trades.schema.file' must name a .yaml (or .yml), .avsc or .proto schema file, not 'trades.json'"},
		{"error in schemas dir is at the path", map[string]string{"schemas/trades.schema.yaml": "fields: []\n"}, tradesJob(""),
			"2:38: schema of trades: schemas/trades.schema.yaml:1:9: fields is empty"},
		{"config_file missing", nil, tradesJob(", 'trades.config_file' = 'k.yaml'"),
			"2:68: 'trades.config_file': config file k.yaml does not exist"},
		{"config_file unknown key", map[string]string{"k.yaml": "quote: \"'\"\nwatchh: true\n"}, tradesJob(", 'trades.config_file' = 'k.yaml'"),
			"2:68: unknown property 'trades.watchh' (from k.yaml:2) for a file_source; did you mean 'trades.watch'?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := compileIn(t, t.TempDir(), tt.files, tt.src)
			if err == nil {
				t.Fatalf("compiled without error, want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("errors:\n%v\nwant one containing %q", err, tt.want)
			}
			for _, e := range err.(diag.List) {
				if e.File != "q.sql" {
					t.Errorf("error %q names file %q", e.Error(), e.File)
				}
			}
		})
	}
}

// TestConfigFile reads a Kafka source's and sink's properties from YAML
// (io.md): extends, nesting, the SQL winning, client keys found under
// Velostream's nesting.
func TestConfigFile(t *testing.T) {
	files := map[string]string{
		"config/common.yaml": "bootstrap.servers: [k1:9092, k2:9092]\ndatasource:\n  consumer_config:\n    fetch.max.bytes: 2048\n    group.id: from-yaml\n",
		"config/trades.yaml": "extends: common.yaml\ntype: kafka_source\ntopic:\n  name: trades_v2\n",
		"config/out.yaml":    "type: kafka_sink\ntopic: enriched\nproducer_config:\n  linger.ms: 7\n",
	}
	src := `CREATE STREAM trades (symbol STRING, price DOUBLE) WITH ('trades.config_file' = 'config/trades.yaml', 'trades.group.id' = 'from-sql');
CREATE STREAM out AS SELECT symbol, price FROM trades WITH ('out.config_file' = 'config/out.yaml');
`
	prog, err := compileIn(t, t.TempDir(), files, src)
	if err != nil {
		t.Fatal(err)
	}
	j := prog.Jobs[0]
	for _, tt := range []struct {
		props      []plan.Prop
		key, value string
	}{
		{j.Source.Props, "trades.type", "kafka_source"},
		{j.Source.Props, "trades.topic.name", "trades_v2"},
		{j.Source.Props, "trades.bootstrap.servers", "k1:9092,k2:9092"},
		{j.Source.Props, "trades.fetch.max.bytes", "2048"},
		{j.Source.Props, "trades.group.id", "from-sql"},
		{j.Sink.Props, "out.topic", "enriched"},
		{j.Sink.Props, "out.linger.ms", "7"},
	} {
		if v, ok := plan.Lookup(tt.props, tt.key); !ok || v != tt.value {
			t.Errorf("%s = %q (set: %v), want %q", tt.key, v, ok, tt.value)
		}
	}
	if j.Source.Kind != plan.KafkaSource || j.Sink.Kind != plan.KafkaSink {
		t.Errorf("the types in the YAML should make a Kafka source and sink: %v, %v", j.Source.Kind, j.Sink.Kind)
	}
}

// TestAvroNestedRefused: a nested field of an Avro Kafka value is a
// positioned error naming the field, not a decoder that reads garbage.
func TestAvroNestedRefused(t *testing.T) {
	avsc := `{"type": "record", "name": "T", "fields": [{"name": "id", "type": "long"},
  {"name": "tags", "type": {"type": "array", "items": "string"}}]}`
	src := "CREATE STREAM out AS SELECT id FROM s WITH ('s.type' = 'kafka_source', 's.format' = 'avro', 's.schema.file' = 't.avsc', 'out.type' = 'file_sink', 'out.path' = 'o');\n"
	_, err := compileIn(t, t.TempDir(), map[string]string{"t.avsc": avsc}, src)
	if err == nil || !strings.Contains(err.Error(), "1:37: Kafka source s: field tags is a nested Avro array, which is not supported yet in Kafka values") {
		t.Errorf("got %v", err)
	}
}

// TestAvroSinkErrors: what an Avro sink could not write is refused when
// compiling, so that encoding never fails.
func TestAvroSinkErrors(t *testing.T) {
	avsc := `{"type": "record", "name": "T", "fields": [{"name": "id", "type": "long"}, {"name": "n", "type": "int"}]}`
	src := "CREATE STREAM s (id INTEGER NOT NULL, n INTEGER NOT NULL, name STRING) WITH ('s.type' = 'kafka_source');\n"
	longs := `{"type": "record", "name": "T", "fields": [{"name": "id", "type": "long"}, {"name": "n", "type": "long"}]}`
	for _, tt := range []struct{ query, want string }{
		{"SELECT id, n FROM s WITH ('out.type' = 'kafka_sink', 'out.format' = 'avro', 'out.schema.file' = 't.avsc');",
			"sink out: column n is INTEGER (64 bits) and the Avro field an int (32 bits); make it a long"},
		{"SELECT name AS id, n FROM s WITH ('out.type' = 'kafka_sink', 'out.format' = 'avro', 'out.schema.file' = 't.avsc');",
			"sink out: column id is STRING and the Avro field is INTEGER; use CAST"},
		{"SELECT id FROM s WITH ('out.type' = 'kafka_sink', 'out.format' = 'avro', 'out.schema.file' = 't.avsc');",
			"sink out: the query has no column n for the Avro field of that name"},
		{"SELECT CAST(name AS INTEGER) AS id, n FROM s WITH ('out.type' = 'kafka_sink', 'out.format' = 'avro', 'out.schema.file' = 't.avsc');",
			"sink out: column id may be NULL and the Avro field is not a union with null"},
		{"SELECT id, n FROM s WITH ('out.type' = 'kafka_sink', 'out.format' = 'avro', 'out.schema.file' = 'l.avsc', 'out.schema.registry.url' = 'http://r');",
			"give the registered schema's ID in 'out.schema.id'"},
	} {
		_, err := compileIn(t, t.TempDir(), map[string]string{"t.avsc": avsc, "l.avsc": longs}, src+"CREATE STREAM out AS "+tt.query+"\n")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s:\ngot %v\nwant %q", tt.query, err, tt.want)
		}
	}
}

// TestAvroDeclaredColumns: a declared Kafka source with Avro values takes
// how its columns are written from its .avsc, whose fields must match.
func TestAvroDeclaredColumns(t *testing.T) {
	avsc := `{"type": "record", "name": "T", "fields": [{"name": "id", "type": "long"}, {"name": "name", "type": ["null", "string"]}]}`
	decl := func(cols string) string {
		return "CREATE STREAM s (" + cols + ") WITH ('s.type' = 'kafka_source', 's.format' = 'avro', 's.schema.file' = 't.avsc');\n" +
			"CREATE STREAM out AS SELECT id FROM s WITH ('out.type' = 'file_sink', 'out.path' = 'o');\n"
	}
	prog, err := compileIn(t, t.TempDir(), map[string]string{"t.avsc": avsc}, decl("id INTEGER NOT NULL, name STRING"))
	if err != nil {
		t.Fatal(err)
	}
	if a := prog.Jobs[0].Source.Schema.Avro; len(a) != 2 || a[0].Kind != "long" || a[1].NullBranch != 0 {
		t.Errorf("the source's Avro encodings: %+v", a)
	}
	_, err = compileIn(t, t.TempDir(), map[string]string{"t.avsc": avsc}, decl("id INTEGER, title STRING"))
	if err == nil || !strings.Contains(err.Error(), "field 2 of t.avsc is name STRING, and source s declares column 2 as title STRING") {
		t.Errorf("got %v", err)
	}
}
