package codegen_test

// TestFunctions checks every scalar function end to end: each case is an
// expression compiled into one program over a one-row input, built with
// the Go toolchain and run; the JSON text of each output column is the
// result. One build covers every case, so the table can be long.
//
// The input row has a column of each type, and a NULL column of each type
// (the n* columns), so each function is checked on typed values and on
// NULL. Arguments that are columns, not literals, keep the optimiser from
// folding anything: the generated code and runtime do the work.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
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

// functionSource declares the input row's columns.
const functionSource = `CREATE STREAM src (
    s STRING, e STRING, u STRING, ns STRING,
    i INTEGER, j INTEGER, k INTEGER, neg INTEGER, ni INTEGER,
    f FLOAT, g FLOAT, nf FLOAT,
    d DECIMAL(10,2), d4 DECIMAL(12,4), nd DECIMAL(10,2),
    b BOOLEAN, nb BOOLEAN,
    ts TIMESTAMP, nts TIMESTAMP
) WITH ('src.type' = 'file_source', 'src.path' = 'src.jsonl');
`

const functionRow = `{"s":"Hello World","e":"","u":"héllo 日本","ns":null,` +
	`"i":16,"j":3,"k":5,"neg":-7,"ni":null,` +
	`"f":2.5,"g":-2.5,"nf":null,` +
	`"d":"12.345","d4":"-3.14159","nd":null,` +
	`"b":true,"nb":null,` +
	`"ts":"2024-03-01T10:20:30.456Z","nts":null}` + "\n"

// functionCases are expression → the JSON text of its value.
var functionCases = []struct{ expr, want string }{
	// Strings.
	{"LENGTH(s)", "11"},
	{"LENGTH(u)", "8"},
	{"LEN(e)", "0"},
	{"LENGTH(ns)", "null"},
	{"UPPER(u)", `"HÉLLO 日本"`},
	{"LOWER(s)", `"hello world"`},
	{"UPPER(ns)", "null"},
	{"UPPER(ns) IS NULL", "true"},
	{"UPPER(s) IS NOT NULL", "true"},
	{"(i + 1) IS NULL", "false"},
	{"TRIM('  x  ')", `"x"`},
	{"LTRIM('  x  ')", `"x  "`},
	{"RTRIM('  x  ')", `"  x"`},
	{"TRIM(BOTH 'xy' FROM 'xyaxy')", `"a"`},
	{"TRIM(LEADING 'x' FROM 'xxax')", `"ax"`},
	{"TRIM(TRAILING 'x' FROM 'xxax')", `"xxa"`},
	{"TRIM(ns)", "null"},
	{"SUBSTRING(s, 7)", `"World"`},
	{"SUBSTRING(u, 2, 3)", `"éll"`},
	{"SUBSTR(s, 0, 3)", `"He"`},
	{"SUBSTRING(s FROM 1 FOR 5)", `"Hello"`},
	{"SUBSTRING(s, 20)", `""`},
	{"SUBSTRING(s, ni)", "null"},
	{"REPLACE(s, 'o', '0')", `"Hell0 W0rld"`},
	{"REPLACE(s, '', '-')", `"Hello World"`},
	{"CONCAT(s, '-', i, ns, f)", `"Hello World-162.5"`},
	{"CONCAT(ns)", `""`},
	{"s || '!'", `"Hello World!"`},
	{"LEFT(u, 3)", `"hél"`},
	{"RIGHT(u, 2)", `"日本"`},
	{"LEFT(s, -6)", `"Hello"`},
	{"LEFT(ns, 2)", "null"},
	{"POSITION('o' IN s)", "5"},
	{"POSITION('o', s, 6)", "8"},
	{"POSITION('本', u)", "8"},
	{"POSITION('z' IN s)", "0"},
	{"SPLIT_PART('a/b/c', '/', 2)", `"b"`},
	{"SPLIT_PART('a/b/c', '/', 9)", `""`},
	{"SPLIT_PART('a/b/c', '/', -1)", `"c"`},
	{"LPAD('7', 3, '0')", `"007"`},
	{"LPAD(u, 3)", `"hél"`},
	{"RPAD('ab', 4)", `"ab  "`},
	{"RPAD('ab', 5, 'xy')", `"abxyx"`},
	{"REVERSE(u)", `"本日 olléh"`},
	{"INITCAP('hello wORLD o''neil')", `"Hello World O'Neil"`},
	{"JOIN('-', s, ns, i, d)", `"Hello World-16-12.35"`},
	{"JOIN(ns, s)", "null"},
	{"REGEXP(s, '^H.*d$')", "true"},
	{"REGEXP(s, '[0-9]')", "false"},
	{"REGEXP(ns, 'x')", "null"},
	{"REGEXP_REPLACE(s, 'o', '0')", `"Hell0 World"`},
	{"REGEXP_REPLACE(s, 'O', '0', 'gi')", `"Hell0 W0rld"`},
	{"REGEXP_REPLACE(s, '(\\w+) (\\w+)', '$2 $1')", `"World Hello"`},
	{"REGEXP_REPLACE(s, s, 'x')", `"x"`},
	{"REGEXP_EXTRACT(s, 'W(or)ld', 1)", `"or"`},
	{"REGEXP_EXTRACT(s, '[0-9]+')", "null"},
	{"JSON_VALUE('{\"a\":{\"b\":[1,\"x\"]}}', '$.a.b[1]')", `"x"`},
	{"JSON_VALUE('{\"a\":{\"b\":[1,\"x\"]}}', 'a.b.0')", `"1"`},
	{"JSON_VALUE('{\"a\":{}}', '$.a')", "null"},
	{"JSON_EXTRACT('{\"a\":{\"b\":1}}', '$.a')", `"{\"b\":1}"`},
	{"JSON_QUERY('{\"a\":2}', '$.a')", "null"},
	{"JSON_EXISTS('{\"a\":null}', '$.a')", "true"},
	{"JSON_EXISTS('{\"a\":', '$.a')", "null"},
	{"JSON_VALUE(ns, '$.a')", "null"},
	{"JSON_VALUE('{\"x\":\"Hello World\"}', CONCAT('$.', 'x'))", `"Hello World"`},
	{"HEADER('trace')", "null"},
	{"HAS_HEADER('trace')", "false"},
	{"HEADER_KEYS()", `""`},
	{"SET_HEADER('k', i)", "16"},
	{"REMOVE_HEADER('k')", "null"},
	// Math.
	{"ABS(neg)", "7"},
	{"ABS(g)", "2.5"},
	{"ABS(d4)", "3.1416"},
	{"ABS(ni)", "null"},
	{"ROUND(f)", "3"},
	{"ROUND(g)", "-3"},
	{"ROUND(d, 1)", "12.4"}, // d is 12.35: "12.345" rounds half away from zero on input,
	{"ROUND(d4, 2)", "-3.14"},
	{"ROUND(d)", "12"},
	{"CEIL(f)", "3"},
	{"CEILING(g)", "-2"},
	{"FLOOR(g)", "-3"},
	{"CEIL(d4)", "-3"},
	{"FLOOR(d4)", "-4"},
	{"FLOOR(nd)", "null"},
	{"SQRT(i)", "4"},
	{"POWER(f, 2)", "6.25"},
	{"POW(j, 3)", "27"},
	{"EXP(ni)", "null"},
	{"EXP(0)", "1"},
	{"LN(EXP(2))", "2"},
	{"LOG10(1000)", "3"},
	{"LOG(2, 1024)", "10"},
	{"LN(0)", `"-Infinity"`},
	{"SIGN(neg)", "-1"},
	{"SIGN(g)", "-1"},
	{"SIGN(d)", "1"},
	{"SIGN(d - d)", "0"},
	{"SIGN(ni)", "null"},
	{"TRUNC(f)", "2"},
	{"TRUNC(g)", "-2"},
	{"TRUNC(d4, 3)", "-3.141"},
	{"TRUNC(d4)", "-3"},
	{"TRUNC(0.29 * 100)", "29"},
	{"TRUNC(CAST(0.29 AS FLOAT) * 100)", "29"},
	{"TRUNC(f, 0)", "2"},
	{"ROUND(1250, -2)", "1300"},
	{"ROUND(neg, -1)", "-10"},
	{"TRUNC(1299, -2)", "1200"},
	{"ROUND(d, -1)", "10"},
	{"MOD(i, j)", "1"},
	// Arrays and maps: JSON arrays and objects (keys sorted); elements are
	// never NULL, so nullable columns go through COALESCE.
	{"SPLIT('a,b,c', ',')", `["a","b","c"]`},
	{"SPLIT(s, ' ')", `["Hello","World"]`},
	{"SPLIT(e, ',')", `[]`},
	{"SPLIT(s, '')", `["Hello World"]`},
	{"SPLIT(ns, ' ')", "null"},
	{"ARRAY_LENGTH(SPLIT(s, ' '))", "2"},
	{"ARRAY_LENGTH(SPLIT(ns, ' '))", "null"},
	{"SPLIT(s, ' ')[2]", `"World"`},
	{"SPLIT(s, ' ')[j - 2]", `"Hello"`},
	{"SPLIT(s, ' ')[9]", "null"},
	{"SPLIT(s, ' ')[0]", "null"},
	{"SPLIT(s, ' ')[ni]", "null"},
	{"SPLIT(ns, ' ')[1]", "null"},
	{"ARRAY(1, 2, 3)", "[1,2,3]"},
	{"ARRAY(COALESCE(i, 0), 5)[1]", "16"},
	{"ARRAY(1, 2.5)", "[1.0,2.5]"},
	{"ARRAY(CAST(1.5 AS FLOAT), 2, LN(0))", `[1.5,2,"-Infinity"]`},
	{"ARRAY(TRUE, FALSE)", "[true,false]"},
	{"ARRAY(CAST('2024-03-01' AS DATE))", `["2024-03-01"]`},
	{"ARRAY('x', COALESCE(s, ''), 'q\"')", `["x","Hello World","q\""]`},
	{"ARRAY_CONTAINS(ARRAY(1, 2), 2)", "true"},
	{"ARRAY_CONTAINS(ARRAY(1, 2), 3)", "false"},
	{"ARRAY_CONTAINS(ARRAY(1.5, 2), 2)", "true"},
	{"ARRAY_CONTAINS(ARRAY(1.5), 1.50)", "true"},
	{"ARRAY_CONTAINS(ARRAY(1, 2), 2.0)", "true"},
	{"ARRAY_CONTAINS(ARRAY(1, 2), 1.5)", "false"},
	{"ARRAY_CONTAINS(ARRAY(2), CAST(2 AS FLOAT))", "true"},
	{"ARRAY_CONTAINS(ARRAY(CAST(1 AS FLOAT)), 1)", "true"},
	{"ARRAY_CONTAINS(SPLIT(s, ' '), 'World')", "true"},
	{"ARRAY_CONTAINS(ARRAY(1, 2), ni)", "null"},
	{"ARRAY_CONTAINS(SPLIT(ns, ' '), 'x')", "null"},
	{"MAP('a', 1, 'b', 2)", `{"a":1,"b":2}`},
	{"MAP('b', 1, 'a', 2)", `{"a":2,"b":1}`},
	{"MAP('a', 1, 'a', 2)", `{"a":2}`},
	{"MAP(COALESCE(s, ''), 'v', 'k', COALESCE(u, ''))", `{"Hello World":"v","k":"héllo 日本"}`},
	{"MAP('x', 1.5, 'y', 2)", `{"x":1.5,"y":2.0}`},
	{"MAP_KEYS(MAP('b', 1, 'a', 2))", `["a","b"]`},
	{"MAP_VALUES(MAP('b', 1, 'a', 2))", "[2,1]"},
	{"MAP_VALUES(MAP('b', 'x'))[1]", `"x"`},
	{"ARRAY_LENGTH(MAP_KEYS(MAP('a', TRUE)))", "1"},
	{"CAST(ARRAY(1, 2) AS STRING)", `"[1,2]"`},
	{"CAST(MAP('k', 'v') AS STRING)", `"{\"k\":\"v\"}"`},
	{"CAST(SPLIT(ns, ',') AS STRING)", "null"},
	{"CONCAT('n=', ARRAY(1, 2), SPLIT(ns, ','))", `"n=[1,2]"`},
	{"COALESCE(SPLIT(ns, ','), ARRAY('z'))", `["z"]`},
	{"COALESCE(NULL, ARRAY(1))", "[1]"},
	{"CASE WHEN i > 0 THEN ARRAY(1) ELSE ARRAY(2.5) END", "[1.0]"},
	{"CASE WHEN ni > 0 THEN MAP('a', 1) END", "null"},
	{"COALESCE(CASE WHEN ni > 0 THEN MAP('a', 1) END, MAP('b', 2.5))", `{"b":2.5}`},
	{"MOD(neg, j)", "-1"},
	{"MOD(i, ni)", "null"},
	{"LEAST(i, j, 5)", "3"},
	{"GREATEST(i, j, 5)", "16"},
	{"GREATEST(ni, j)", "3"},
	{"LEAST(ni, nf)", "null"},
	{"GREATEST(d, f)", "12.35"},
	// Date and time: ts is Friday 2024-03-01T10:20:30.456Z.
	{"EXTRACT(YEAR FROM ts)", "2024"},
	{"EXTRACT(QUARTER FROM ts)", "1"},
	{"EXTRACT(WEEK FROM ts)", "9"},
	{"EXTRACT(DOW FROM ts)", "5"},
	{"EXTRACT(DOY FROM ts)", "61"},
	{"EXTRACT(MILLISECOND FROM ts)", "456"},
	{"EXTRACT(EPOCH FROM ts)", "1709288430"},
	{"EXTRACT(HOUR FROM i)", "0"},
	{"EXTRACT(DAY FROM nts)", "null"},
	{"EXTRACT(MONTH FROM CAST(ts AS DATE))", "3"},
	{"DATE_FORMAT(ts, '%Y-%m-%d %H:%M:%S.%f %a %b %j %p %%')", `"2024-03-01 10:20:30.456 Fri Mar 061 AM %"`},
	{"DATE_FORMAT(ts, s)", `"Hello World"`},
	{"DATE_FORMAT(nts, '%Y')", "null"},
	{"DATEDIFF('hour', ts, ts + INTERVAL '1' DAY)", "24"},
	{"DATEDIFF(minute, ts + INTERVAL '90' SECOND, ts)", "-1"},
	{"DATEDIFF('MONTHS', TIMESTAMP '2024-01-31 00:00:00', TIMESTAMP '2024-02-29 00:00:00')", "0"},
	{"DATEDIFF(day, ts, nts)", "null"},
	{"DATE_TRUNC('hour', ts)", `"2024-03-01T10:00:00.000Z"`},
	{"DATE_TRUNC(week, ts)", `"2024-02-26T00:00:00.000Z"`},
	{"DATE_TRUNC('month', i)", `"1970-01-01T00:00:00.000Z"`},
	{"UNIX_TIMESTAMP(ts)", "1709288430"},
	{"UNIX_TIMESTAMP(neg)", "-1"},
	{"FROM_UNIXTIME(1709288430)", `"2024-03-01T10:20:30.000Z"`},
	{"FROM_UNIXTIME(f)", `"1970-01-01T00:00:02.500Z"`},
	{"TUMBLE_START(ts, INTERVAL '15' MINUTE)", `"2024-03-01T10:15:00.000Z"`},
	{"TUMBLE_END(ts, INTERVAL '15' MINUTE)", `"2024-03-01T10:30:00.000Z"`},
	{"TIMESTAMP('2024-03-01 10:00:00')", `"2024-03-01T10:00:00.000Z"`},
	{"NOW() > ts", "true"},
	{"CURRENT_TIMESTAMP > ts", "true"},
	{"CURRENT_DATE > CAST(ts AS DATE)", "true"},
	{"UNIX_TIMESTAMP() > 1709288430", "true"},
	// Conditional.
	{"COALESCE(ns, s)", `"Hello World"`},
	{"COALESCE(ni, nf, 1.5)", "1.5"},
	{"COALESCE(ns, ns)", "null"},
	{"IFNULL(ni, 9)", "9"},
	{"IFNULL(i, 9)", "16"},
	{"NULLIF(i, 16)", "null"},
	{"NULLIF(i, j)", "16"},
	{"NULLIF(ni, j)", "null"},
}

func TestFunctions(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program; skipped with -short")
	}
	var sql strings.Builder
	sql.WriteString(functionSource)
	sql.WriteString("CREATE STREAM out AS SELECT\n")
	for i, c := range functionCases {
		sep := ","
		if i == len(functionCases)-1 {
			sep = ""
		}
		fmt.Fprintf(&sql, "    %s AS c%d%s\n", c.expr, i, sep)
	}
	sql.WriteString("FROM src WITH ('out.type' = 'stdout_sink');\n")

	got := runProgram(t, sql.String(), map[string]string{"src.jsonl": functionRow})
	if len(got) != 1 {
		t.Fatalf("want one output row, got %d", len(got))
	}
	row := got[0]
	for i, c := range functionCases {
		v, ok := row[fmt.Sprintf("c%d", i)]
		if !ok {
			t.Errorf("%s: no output column", c.expr)
			continue
		}
		if string(v) != c.want {
			t.Errorf("%s = %s, want %s", c.expr, v, c.want)
		}
	}
}

// runProgram compiles sql, builds it, runs it in a folder holding files,
// and returns its stdout rows as JSON objects with raw values.
func runProgram(t *testing.T, sql string, files map[string]string) []map[string]json.RawMessage {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := parser.ParseFile("functions.sql", []byte(sql))
	if err != nil {
		t.Fatalf("%v\n%s", err, numbered(sql))
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
	if err := gobuild.Build(context.Background(), gobuild.Request{Name: "functions", Files: gen, Out: bin}); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("program: %v\n%s", err, stderr.String())
	}
	var rows []map[string]json.RawMessage
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var row map[string]json.RawMessage
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatalf("output line %q: %v", sc.Text(), err)
		}
		rows = append(rows, row)
	}
	if strings.Contains(stderr.String(), "failed=1") {
		t.Errorf("the program reported an error record:\n%s", stderr.String())
	}
	return rows
}

// numbered prints src with line numbers, for compile errors.
func numbered(src string) string {
	var b strings.Builder
	for i, line := range strings.Split(src, "\n") {
		fmt.Fprintf(&b, "%3d  %s\n", i+1, line)
	}
	return b.String()
}

// castSource has one column of each castable type.
const castSource = `CREATE STREAM src (
    b BOOLEAN, i INTEGER, f FLOAT, d DECIMAL(10,2), w DECIMAL(30,4),
    s STRING, bad STRING, ts TIMESTAMP, dt DATE, ni INTEGER
) WITH ('src.type' = 'file_source', 'src.path' = 'src.jsonl');
`

const castRow = `{"b":true,"i":42,"f":2.5,"d":"12.34","w":"-1234567890123456789.1234",` +
	`"s":"42","bad":"x","ts":"2024-03-01T10:20:30.456Z","dt":"2024-03-01","ni":null}` + "\n"

// castTypes are the target types of the matrix, by column: the cast of
// column c to castTypes[j] must give want[c][j] ("-": not allowed).
var castTypes = []string{"BOOLEAN", "INTEGER", "FLOAT", "DECIMAL(10,2)", "DECIMAL(30,4)", "STRING", "TIMESTAMP", "DATE"}

var castMatrix = []struct {
	col  string
	want []string
}{
	{"b", []string{"true", "1", "-", "-", "-", `"true"`, "-", "-"}},
	{"i", []string{"true", "42", "42", "42.00", "42.0000", `"42"`, `"1970-01-01T00:00:00.042Z"`, `"1970-02-12"`}},
	{"f", []string{"-", "2", "2.5", "2.50", "2.5000", `"2.5"`, "-", "-"}},
	{"d", []string{"-", "12", "12.34", "12.34", "12.3400", `"12.34"`, "-", "-"}},
	{"w", []string{"-", "-1234567890123456789", "-1234567890123456800", "null", "-1234567890123456789.1234", `"-1234567890123456789.1234"`, "-", "-"}},
	{"s", []string{"null", "42", "42", "42.00", "42.0000", `"42"`, `"1970-01-01T00:00:00.042Z"`, "null"}},
	{"bad", []string{"null", "null", "null", "null", "null", `"x"`, "null", "null"}},
	{"ts", []string{"-", "1709288430456", "-", "-", "-", `"2024-03-01T10:20:30.456Z"`, `"2024-03-01T10:20:30.456Z"`, `"2024-03-01"`}},
	{"dt", []string{"-", "19783", "-", "-", "-", `"2024-03-01"`, `"2024-03-01T00:00:00.000Z"`, `"2024-03-01"`}},
	{"ni", []string{"null", "null", "null", "null", "null", "null", "null", "null"}},
}

// TestCastMatrix runs TRY_CAST from each column to each type (a failing
// conversion gives null), and CAST where TRY_CAST succeeds (which must
// give the same value), in one program; pairs the type checker refuses
// are marked "-" and must be refused.
func TestCastMatrix(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program; skipped with -short")
	}
	var cols []string
	var exprs []string
	for _, c := range castMatrix {
		for j, typ := range castTypes {
			want := c.want[j]
			if want == "-" {
				continue
			}
			exprs = append(exprs, fmt.Sprintf("TRY_CAST(%s AS %s)", c.col, typ))
			cols = append(cols, want)
			if want != "null" || c.col == "ni" {
				exprs = append(exprs, fmt.Sprintf("CAST(%s AS %s)", c.col, typ))
				cols = append(cols, want)
			}
		}
	}
	var sql strings.Builder
	sql.WriteString(castSource + "CREATE STREAM out AS SELECT\n")
	for i, e := range exprs {
		sep := ","
		if i == len(exprs)-1 {
			sep = ""
		}
		fmt.Fprintf(&sql, "    %s AS c%d%s\n", e, i, sep)
	}
	sql.WriteString("FROM src WITH ('out.type' = 'stdout_sink');\n")
	rows := runProgram(t, sql.String(), map[string]string{"src.jsonl": castRow})
	if len(rows) != 1 {
		t.Fatalf("want one output row, got %d", len(rows))
	}
	for i, e := range exprs {
		if got := string(rows[0][fmt.Sprintf("c%d", i)]); got != cols[i] {
			t.Errorf("%s = %s, want %s", e, got, cols[i])
		}
	}

	// The refused pairs are compile errors that say so.
	for _, c := range castMatrix {
		for j, typ := range castTypes {
			if c.want[j] != "-" {
				continue
			}
			src := castSource + fmt.Sprintf("SELECT CAST(%s AS %s) AS x FROM src;\n", c.col, typ)
			f, err := parser.ParseFile("cast.sql", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := compiler.Compile(f, []byte(src), compiler.Options{}); err == nil || !strings.Contains(err.Error(), "CAST") {
				t.Errorf("CAST(%s AS %s) should be refused with a message naming CAST, got %v", c.col, typ, err)
			}
		}
	}
}
