package main

// End-to-end tests of schema files: a source typed by
// '<name>.schema.file' or by schemas/<name>.schema.yaml, run on a CSV
// file, prints values in the schema's types.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tradesCSV has its columns in another order than the schema files, and
// one they do not name: a schema binds to a header by name.
const tradesCSV = "qty,symbol,venue,price,fee\n10,AAPL,X,1.5,0.1\n3,MSFT,Y,0.25,\n7,GOOG,Z,2,1.255\n"

const tradesSchemaYAML = `fields:
  - name: symbol
    type: string
    nullable: false
  - name: price
    type: decimal
    precision: 12
    scale: 4
  - name: qty
    type: integer
  - name: fee
    type: {decimal: {precision: 2}}
`

func TestRunWithSchemaFile(t *testing.T) {
	cacheEnv(t)
	dir := writeFiles(t, map[string]string{
		"trades.csv":         tradesCSV,
		"trades.schema.yaml": tradesSchemaYAML,
		"file.sql": "CREATE STREAM out AS SELECT symbol, price, fee, price * qty AS notional FROM trades WHERE price > 1\n" +
			"WITH ('trades.type' = 'file_source', 'trades.path' = 'trades.csv', 'trades.schema.file' = 'trades.schema.yaml',\n" +
			"      'out.type' = 'stdout_sink');\n",
		// The same query typed by schemas/trades.schema.yaml.
		"dir.sql": "CREATE STREAM out AS SELECT symbol, price, fee FROM trades WHERE qty > 5\n" +
			"WITH ('trades.type' = 'file_source', 'trades.path' = 'trades.csv', 'out.type' = 'stdout_sink');\n",
	})
	if err := os.Mkdir(filepath.Join(dir, "schemas"), 0o755); err != nil {
		t.Fatal(err)
	}
	dirSchema := "fields:\n  - {name: symbol, type: VARCHAR}\n  - {name: price, type: 'DECIMAL(10,3)'}\n  - {name: qty, type: BIGINT}\n  - {name: fee, type: float}\n"
	if err := os.WriteFile(filepath.Join(dir, "schemas", "trades.schema.yaml"), []byte(dirSchema), 0o644); err != nil {
		t.Fatal(err)
	}

	t.Run("schema.file", func(t *testing.T) {
		r := run(t, dir, "run", "file.sql")
		// DECIMAL(12,4) prints four fractional digits, DECIMAL(18,2) two
		// (1.255 rounds half away from zero), and price * qty keeps
		// price's scale (an INTEGER acts as DECIMAL(18,0)).
		want := `{"symbol":"AAPL","price":1.5000,"fee":0.10,"notional":15.0000}` + "\n" +
			`{"symbol":"GOOG","price":2.0000,"fee":1.26,"notional":14.0000}` + "\n"
		if r.code != 0 || r.stdout != want {
			t.Errorf("exit %d, stdout:\n%s\nwant:\n%s\nstderr:\n%s", r.code, r.stdout, want, r.stderr)
		}
	})
	t.Run("schemas dir", func(t *testing.T) {
		r := run(t, dir, "run", "dir.sql")
		want := `{"symbol":"AAPL","price":1.500,"fee":0.1}` + "\n" +
			`{"symbol":"GOOG","price":2.000,"fee":1.255}` + "\n"
		if r.code != 0 || r.stdout != want {
			t.Errorf("exit %d, stdout:\n%s\nwant:\n%s\nstderr:\n%s", r.code, r.stdout, want, r.stderr)
		}
	})
	t.Run("explain names the origin", func(t *testing.T) {
		r := run(t, dir, "explain", "dir.sql")
		if r.code != 0 || !strings.Contains(r.stdout, "schema from schemas/trades.schema.yaml") {
			t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
		}
	})
}

func TestSchemaFileErrorsAreReported(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"bad.schema.yaml": "fields:\n  - name: price\n    type: decimal\n",
		"app.sql": "CREATE STREAM out AS SELECT price FROM trades\n" +
			"WITH ('trades.type' = 'file_source', 'trades.path' = 'trades.csv', 'trades.schema.file' = 'bad.schema.yaml', 'out.type' = 'stdout_sink');\n",
	})
	r := run(t, dir, "check", "app.sql")
	want := "app.sql:2:68: schema of trades: bad.schema.yaml:3:11: field price: decimal needs a precision (and a scale, which defaults to 0)"
	if r.code != 1 || !strings.Contains(r.stderr, want) {
		t.Errorf("exit %d, stderr:\n%s\nwant it to contain %q", r.code, r.stderr, want)
	}
	if !strings.Contains(r.stderr, "'trades.schema.file' = 'bad.schema.yaml'") || !strings.Contains(r.stderr, "^") {
		t.Errorf("no source line and caret:\n%s", r.stderr)
	}
}
