package parser

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/velocsql/veloc/parser/ast"
	"github.com/velocsql/veloc/parser/diag"
)

// mustParse parses src as a file and fails the test on any error.
func mustParse(t *testing.T, src string) *ast.File {
	t.Helper()
	f, err := ParseFile("t.sql", []byte(src))
	if err != nil {
		t.Fatalf("ParseFile(%q):\n%v", src, err)
	}
	return f
}

// mustParseStmt parses src, which must hold one statement.
func mustParseStmt(t *testing.T, src string) ast.Stmt {
	t.Helper()
	f := mustParse(t, src)
	if len(f.Stmts) != 1 {
		t.Fatalf("ParseFile(%q): got %d statements, want 1", src, len(f.Stmts))
	}
	return f.Stmts[0]
}

// mustParseSelect parses src, one statement, and returns its select.
func mustParseSelect(t *testing.T, src string) *ast.Select {
	t.Helper()
	switch s := mustParseStmt(t, src).(type) {
	case *ast.SelectStmt:
		return s.Query.Select
	case *ast.CreateAs:
		return s.Query.Select
	case *ast.InsertInto:
		return s.Query.Select
	}
	t.Fatalf("%q is not a query", src)
	return nil
}

// dump is ast.Dump without positions and without the trailing spaces the
// dumper leaves after list headers, so expectations can be raw strings.
func dump(n any) string {
	lines := strings.Split(ast.Dump(n, false), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// exprString prints an expression as a fully bracketed S-expression, so
// that precedence tests read at a glance.
func exprString(x ast.Expr) string {
	switch x := x.(type) {
	case nil:
		return "<nil>"
	case *ast.ColumnRef:
		s := identString(x.Name)
		if x.Qualifier != nil {
			s = identString(x.Qualifier) + "." + s
		}
		return s
	case *ast.NumberLit:
		return x.Text
	case *ast.StringLit:
		return "'" + strings.ReplaceAll(x.Value, "'", "''") + "'"
	case *ast.BoolLit:
		return strings.ToUpper(strconv.FormatBool(x.Value))
	case *ast.NullLit:
		return "NULL"
	case *ast.TypedLit:
		return x.Type + " '" + x.Value + "'"
	case *ast.IntervalLit:
		return fmt.Sprintf("(interval %d %s)", x.Value, x.Unit)
	case *ast.Unary:
		return "(" + x.Op.String() + " " + exprString(x.X) + ")"
	case *ast.Binary:
		return "(" + x.Op.String() + " " + exprString(x.X) + " " + exprString(x.Y) + ")"
	case *ast.Paren:
		return "(paren " + exprString(x.X) + ")"
	case *ast.Call:
		var args []string
		if x.Star {
			args = append(args, "*")
		}
		for _, a := range x.Args {
			args = append(args, exprString(a))
		}
		s := x.Name.Name + "("
		if x.Distinct {
			s += "DISTINCT "
		}
		s += strings.Join(args, ", ") + ")"
		if x.WithinGroup != nil {
			s += " WITHIN GROUP (" + orderString(x.WithinGroup) + ")"
		}
		if x.Over != nil {
			s += " " + overString(x.Over)
		}
		return s
	case *ast.In:
		s := "(" + not(x.Not) + "IN " + exprString(x.X)
		if x.Subquery != nil {
			return s + " (select))"
		}
		return s + " " + exprsString(x.List) + ")"
	case *ast.Between:
		return "(" + not(x.Not) + "BETWEEN " + exprString(x.X) + " " + exprString(x.Lo) + " " + exprString(x.Hi) + ")"
	case *ast.Like:
		s := "(" + not(x.Not) + "LIKE " + exprString(x.X) + " " + exprString(x.Pattern)
		if x.Escape != nil {
			s += " ESCAPE " + exprString(x.Escape)
		}
		return s + ")"
	case *ast.Is:
		return "(IS " + not(x.Not) + exprString(x.X) + " " + x.What.String() + ")"
	case *ast.Case:
		s := "(CASE"
		if x.Operand != nil {
			s += " " + exprString(x.Operand)
		}
		for _, w := range x.Whens {
			s += " (WHEN " + exprString(w.Cond) + " " + exprString(w.Result) + ")"
		}
		if x.Else != nil {
			s += " (ELSE " + exprString(x.Else) + ")"
		}
		return s + ")"
	case *ast.Cast:
		name := "CAST"
		if x.Try {
			name = "TRY_CAST"
		}
		return "(" + name + " " + exprString(x.X) + " " + typeString(x.Type) + ")"
	case *ast.Exists:
		return "(EXISTS (select))"
	case *ast.Subquery:
		return "(select)"
	case *ast.Index:
		return "(index " + exprString(x.X) + " " + exprString(x.Index) + ")"
	case *ast.Extract:
		return "(EXTRACT " + x.Unit + " " + exprString(x.X) + ")"
	case *ast.Trim:
		return "(TRIM " + x.Where.String() + " " + exprString(x.Chars) + " " + exprString(x.X) + ")"
	}
	return fmt.Sprintf("<%T>", x)
}

func identString(id *ast.Ident) string {
	if id.Quoted {
		return strconv.Quote(id.Name)
	}
	return id.Name
}

func not(b bool) string {
	if b {
		return "NOT "
	}
	return ""
}

func exprsString(list []ast.Expr) string {
	var s []string
	for _, x := range list {
		s = append(s, exprString(x))
	}
	return strings.Join(s, " ")
}

func orderString(o *ast.OrderItem) string {
	s := exprString(o.Expr)
	if o.Desc {
		s += " DESC"
	}
	if o.Nulls != ast.NullsDefault {
		s += " " + o.Nulls.String()
	}
	return s
}

func typeString(t *ast.TypeName) string {
	s := t.Name
	if len(t.Params) > 0 {
		var p []string
		for _, n := range t.Params {
			p = append(p, strconv.FormatInt(n, 10))
		}
		s += "(" + strings.Join(p, ",") + ")"
	}
	if len(t.Elem) > 0 {
		var e []string
		for _, el := range t.Elem {
			e = append(e, typeString(el))
		}
		s += "<" + strings.Join(e, ",") + ">"
	}
	return s
}

func overString(o *ast.Over) string {
	var parts []string
	if o.BufferRows != nil {
		parts = append(parts, "buffer "+exprString(o.BufferRows))
	}
	if o.PartitionBy != nil {
		parts = append(parts, "partition "+exprsString(o.PartitionBy))
	}
	if o.OrderBy != nil {
		var items []string
		for _, it := range o.OrderBy {
			items = append(items, orderString(it))
		}
		parts = append(parts, "order "+strings.Join(items, ", "))
	}
	if f := o.Frame; f != nil {
		kind := "rows"
		if f.Range {
			kind = "range"
		}
		parts = append(parts, kind+" "+boundString(f.From)+" .. "+boundString(f.To))
	}
	if o.Emit != nil {
		parts = append(parts, "emit "+o.Emit.Mode.String())
	}
	return "OVER(" + strings.Join(parts, "; ") + ")"
}

func boundString(b ast.FrameBound) string {
	if b.N != nil {
		return exprString(b.N) + " " + b.Kind.String()
	}
	return b.Kind.String()
}

// mustParseExpr parses src with ParseExpr and fails the test on error.
func mustParseExpr(t *testing.T, src string) ast.Expr {
	t.Helper()
	x, err := ParseExpr("x.sql", []byte(src))
	if err != nil {
		t.Fatalf("ParseExpr(%q):\n%v", src, err)
	}
	return x
}

func TestPrecedence(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"a OR b AND c", "(OR a (AND b c))"},
		{"a AND b OR c", "(OR (AND a b) c)"},
		{"a OR b OR c", "(OR (OR a b) c)"},
		{"NOT a = b", "(NOT (= a b))"},
		{"NOT a AND b", "(AND (NOT a) b)"},
		{"NOT NOT a", "(NOT (NOT a))"},
		{"NOT a IN (1, 2)", "(NOT (IN a 1 2))"},
		{"-x ^ 2", "(^ (- x) 2)"},
		{"2 ^ 3 ^ 2", "(^ 2 (^ 3 2))"},
		{"-2 * 3", "(* (- 2) 3)"},
		{"- - 1", "(- (- 1))"},
		{"+x", "(+ x)"},
		{"a || b + c", "(+ (|| a b) c)"},
		{"a + b || c", "(|| (+ a b) c)"},
		{"a + b * c", "(+ a (* b c))"},
		{"a * b + c", "(+ (* a b) c)"},
		{"a - b - c", "(- (- a b) c)"},
		{"a / b % c * d", "(* (% (/ a b) c) d)"},
		{"a * b ^ c", "(* a (^ b c))"},
		{"a = b + 1", "(= a (+ b 1))"},
		{"a + 1 > b AND c < d", "(AND (> (+ a 1) b) (< c d))"},
		{"a <> b OR a != b", "(OR (<> a b) (<> a b))"},
		{"a <= b AND a >= b", "(AND (<= a b) (>= a b))"},
		{"(a OR b) AND c", "(AND (paren (OR a b)) c)"},
		{"a BETWEEN 1 AND 2 AND b", "(AND (BETWEEN a 1 2) b)"},
		{"a BETWEEN b - 1 AND b + 1", "(BETWEEN a (- b 1) (+ b 1))"},
		{"a NOT BETWEEN 1 AND 2", "(NOT BETWEEN a 1 2)"},
		{"a LIKE 'x%' OR b NOT LIKE 'y' ESCAPE '!'", "(OR (LIKE a 'x%') (NOT LIKE b 'y' ESCAPE '!'))"},
		{"a IS NULL AND b IS NOT NULL", "(AND (IS a NULL) (IS NOT b NULL))"},
		{"a IS TRUE OR b IS NOT FALSE", "(OR (IS a TRUE) (IS NOT b FALSE))"},
		{"a + 1 IS NULL", "(IS (+ a 1) NULL)"},
		{"a IN (1, 2) = TRUE", "(= (IN a 1 2) TRUE)"},
		{"a NOT IN ('x')", "(NOT IN a 'x')"},
		{"x[1] + y[i][j + 1]", "(+ (index x 1) (index (index y i) (+ j 1)))"},
		{"-a[1]", "(- (index a 1))"},
	}
	for _, tt := range tests {
		if got := exprString(mustParseExpr(t, tt.src)); got != tt.want {
			t.Errorf("ParseExpr(%q) = %s, want %s", tt.src, got, tt.want)
		}
	}
}

func TestExpressions(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		// literals
		{"42", "42"},
		{"-42", "(- 42)"},
		{"4.25", "4.25"},
		{"1e3", "1e3"},
		{"'it''s'", "'it''s'"},
		{"TRUE", "TRUE"},
		{"false", "FALSE"},
		{"NULL", "NULL"},
		{"TIMESTAMP '2024-01-01 10:00:00'", "TIMESTAMP '2024-01-01 10:00:00'"},
		{"date '2024-01-01'", "DATE '2024-01-01'"},
		{"INTERVAL '5' MINUTE", "(interval 5 MINUTE)"},
		{"INTERVAL 5 MINUTES", "(interval 5 MINUTE)"},
		{"interval '-2' day", "(interval -2 DAY)"},
		{"ts + 5m", "(+ ts (interval 5 MINUTE))"},
		// names
		{"a", "a"},
		{"t.a", "t.a"},
		{`"Mixed Case"`, `"Mixed Case"`},
		{"`t`.`a b`", `"t"."a b"`},
		{"t.timestamp", "t.timestamp"},
		{"r.window", "r.window"},
		{"_event_time", "_event_time"},
		{"timestamp", "timestamp"},
		{"date", "date"},
		{"interval", "interval"},
		{"count + 1", "(+ count 1)"},
		{"left", "left"},
		// calls
		{"f()", "f()"},
		{"COUNT(*)", "COUNT(*)"},
		{"count(DISTINCT x)", "count(DISTINCT x)"},
		{"COALESCE(a, b, 'c')", "COALESCE(a, b, 'c')"},
		{"TIMESTAMP()", "TIMESTAMP()"},
		{"TIMESTAMP(x)", "TIMESTAMP(x)"},
		{"date(x)", "date(x)"},
		{"LEFT(s, 2) || RIGHT(s, 3)", "(|| LEFT(s, 2) RIGHT(s, 3))"},
		{"JOIN('-', a, b)", "JOIN('-', a, b)"},
		{"CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP()"},
		{"CURRENT_TIMESTAMP()", "CURRENT_TIMESTAMP()"},
		{"current_date", "current_date()"},
		{"PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY latency DESC)", "PERCENTILE_CONT(0.95) WITHIN GROUP (latency DESC)"},
		{"SUBSTRING(s FROM 2 FOR 3)", "SUBSTRING(s, 2, 3)"},
		{"SUBSTRING(s FROM 2)", "SUBSTRING(s, 2)"},
		{"SUBSTRING(s, 2, 3)", "SUBSTRING(s, 2, 3)"},
		{"POSITION('/' IN path)", "POSITION('/', path)"},
		{"POSITION('-', code, 2)", "POSITION('-', code, 2)"},
		{"POSITION(a || b IN c)", "POSITION((|| a b), c)"},
		{"POSITION(a = b)", "POSITION((= a b))"},
		{"TRIM(s)", "TRIM(s)"},
		{"TRIM(s, 'x')", "TRIM(s, 'x')"},
		{"TRIM(BOTH 'x' FROM s)", "(TRIM BOTH 'x' s)"},
		{"TRIM(LEADING 'x' FROM s)", "(TRIM LEADING 'x' s)"},
		{"TRIM(TRAILING FROM s)", "(TRIM TRAILING <nil> s)"},
		{"TRIM('x' FROM s)", "(TRIM BOTH 'x' s)"},
		{"TRIM(FROM s)", "(TRIM BOTH <nil> s)"},
		{"TRIM(leading)", "TRIM(leading)"},
		{"EXTRACT(year FROM ts)", "(EXTRACT YEAR ts)"},
		{"EXTRACT(EPOCH FROM (a - b))", "(EXTRACT EPOCH (paren (- a b)))"},
		// CASE, CAST
		{"CASE WHEN a > 1 THEN 'x' WHEN a > 0 THEN 'y' ELSE 'z' END", "(CASE (WHEN (> a 1) 'x') (WHEN (> a 0) 'y') (ELSE 'z'))"},
		{"CASE status WHEN 'A' THEN 1 END", "(CASE status (WHEN 'A' 1))"},
		{"CAST(x AS DECIMAL(10,2))", "(CAST x DECIMAL(10,2))"},
		{"TRY_CAST(x AS INTEGER)", "(TRY_CAST x INTEGER)"},
		{"CAST(x AS varchar(20))", "(CAST x VARCHAR(20))"},
		{"CAST(x AS MAP<STRING, ARRAY<INT>>)", "(CAST x MAP<STRING,ARRAY<INT>>)"},
		// subqueries
		{"EXISTS (SELECT 1 FROM t WHERE t.a = b)", "(EXISTS (select))"},
		{"a IN (SELECT id FROM t)", "(IN a (select))"},
		{"(SELECT MAX(x) FROM t) + 1", "(+ (select) 1)"},
	}
	for _, tt := range tests {
		if got := exprString(mustParseExpr(t, tt.src)); got != tt.want {
			t.Errorf("ParseExpr(%q) = %s, want %s", tt.src, got, tt.want)
		}
	}
}

func TestOver(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"ROW_NUMBER() OVER ()", "ROW_NUMBER() OVER()"},
		{"LAG(price) OVER (PARTITION BY symbol ORDER BY seq)", "LAG(price) OVER(partition symbol; order seq)"},
		{"AVG(x) OVER (ROWS WINDOW BUFFER 3 ROWS PARTITION BY a, b ORDER BY seq DESC)",
			"AVG(x) OVER(buffer 3; partition a b; order seq DESC)"},
		{"SUM(x) OVER (PARTITION BY a ORDER BY seq ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)",
			"SUM(x) OVER(partition a; order seq; rows 1 PRECEDING .. CURRENT ROW)"},
		{"SUM(x) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)",
			"SUM(x) OVER(rows UNBOUNDED PRECEDING .. UNBOUNDED FOLLOWING)"},
		{"SUM(x) OVER (ROWS BETWEEN 19 PRECEDING AND 1 FOLLOWING)",
			"SUM(x) OVER(rows 19 PRECEDING .. 1 FOLLOWING)"},
		{"SUM(x) OVER (ROWS 5 PRECEDING)", "SUM(x) OVER(rows 5 PRECEDING .. CURRENT ROW)"},
		{"COUNT(*) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '1' DAY PRECEDING AND CURRENT ROW)",
			"COUNT(*) OVER(order ts; range (interval 1 DAY) PRECEDING .. CURRENT ROW)"},
		{"COUNT(*) OVER (ORDER BY ts RANGE BETWEEN 5 MINUTES PRECEDING AND CURRENT ROW)",
			"COUNT(*) OVER(order ts; range (interval 5 MINUTE) PRECEDING .. CURRENT ROW)"},
		{"MAX(x) OVER (PARTITION BY a EMIT FINAL)", "MAX(x) OVER(partition a; emit FINAL)"},
		// The parts may come in any order.
		{"AVG(x) OVER (ORDER BY seq PARTITION BY a ROWS WINDOW BUFFER 10 ROWS EMIT CHANGES)",
			"AVG(x) OVER(buffer 10; partition a; order seq; emit CHANGES)"},
		{"AVG(x) OVER (ROWS WINDOW\n  BUFFER 100 ROWS\n  PARTITION BY symbol\n  ORDER BY _event_time)",
			"AVG(x) OVER(buffer 100; partition symbol; order _event_time)"},
		{"price - LAG(price) OVER (PARTITION BY s ORDER BY seq)", "(- price LAG(price) OVER(partition s; order seq))"},
	}
	for _, tt := range tests {
		if got := exprString(mustParseExpr(t, tt.src)); got != tt.want {
			t.Errorf("ParseExpr(%q)\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
}

// TestKeywordColumns checks that keyword-named columns work wherever the
// grammar is unambiguous.
func TestKeywordColumns(t *testing.T) {
	s := mustParseSelect(t, "SELECT timestamp, key, value, status, count, date, window, metrics, properties, partition "+
		"FROM t WHERE value > 10 AND status = 'ok' GROUP BY key, window ORDER BY timestamp")
	var names []string
	for _, it := range s.Items {
		names = append(names, exprString(it.Expr))
		if it.Alias != nil {
			t.Errorf("item %s has alias %s", exprString(it.Expr), it.Alias.Name)
		}
	}
	if got, want := strings.Join(names, " "), "timestamp key value status count date window metrics properties partition"; got != want {
		t.Errorf("items = %s, want %s", got, want)
	}
	if got, want := exprString(s.Where), "(AND (> value 10) (= status 'ok'))"; got != want {
		t.Errorf("WHERE = %s, want %s", got, want)
	}
	if got, want := exprsString(s.GroupBy), "key window"; got != want {
		t.Errorf("GROUP BY = %s, want %s", got, want)
	}
	if s.Window != nil {
		t.Errorf("a column named window made a WINDOW clause")
	}

	// Keywords as aliases after AS, and in column definitions.
	s = mustParseSelect(t, "SELECT a AS value, b AS window, c AS timestamp FROM t")
	for i, want := range []string{"value", "window", "timestamp"} {
		if got := s.Items[i].Alias; got == nil || got.Name != want {
			t.Errorf("item %d alias = %v, want %s", i, got, want)
		}
	}
	src := mustParseStmt(t, "CREATE STREAM r (timestamp TIMESTAMP, key STRING, value DOUBLE, end INT, date DATE)").(*ast.CreateSource)
	var cols []string
	for _, c := range src.Columns {
		cols = append(cols, c.Name.Name+" "+c.Type.Name)
	}
	if got, want := strings.Join(cols, ", "), "timestamp TIMESTAMP, key STRING, value DOUBLE, end INT, date DATE"; got != want {
		t.Errorf("columns = %s, want %s", got, want)
	}
}

func TestAliases(t *testing.T) {
	tests := []struct {
		src   string
		items string // expr=alias, PK marked with !
		from  string
	}{
		{"SELECT id AS item_id, name item_name FROM items", "id=item_id name=item_name", "items"},
		{"SELECT a, b c, d AS e FROM t x", "a b=c d=e", "t=x"},
		{"SELECT COUNT(*) n FROM t AS x", "COUNT(*)=n", "t=x"},
		{`SELECT a "Quoted Alias" FROM t "T"`, `a="Quoted Alias"`, `t="T"`},
		{"SELECT symbol PRIMARY KEY, venue FROM t", "symbol! venue", "t"},
		{"SELECT a AS k PRIMARY KEY, b k2 PRIMARY KEY FROM t", "a=k! b=k2!", "t"},
		{"SELECT t.*, u.a FROM t JOIN u ON t.id = u.id", "t.* u.a", "t"},
		{"SELECT * FROM t WINDOW TUMBLING(1m)", "*", "t"},
		{"SELECT a FROM t LEFT JOIN u ON TRUE", "a", "t"},
		{"SELECT a FROM t ORDER BY a DESC", "a", "t"},
		{"SELECT key value FROM t", "key=value", "t"},
	}
	for _, tt := range tests {
		s := mustParseSelect(t, tt.src)
		var items []string
		for _, it := range s.Items {
			var str string
			switch {
			case it.Star && it.Qualifier != nil:
				str = identString(it.Qualifier) + ".*"
			case it.Star:
				str = "*"
			default:
				str = exprString(it.Expr)
			}
			if it.Alias != nil {
				str += "=" + identString(it.Alias)
			}
			if it.PrimaryKey {
				str += "!"
			}
			items = append(items, str)
		}
		from := identString(s.From.Name)
		if s.From.Alias != nil {
			from += "=" + identString(s.From.Alias)
		}
		if got := strings.Join(items, " "); got != tt.items || from != tt.from {
			t.Errorf("%s\n got items %q from %q\nwant items %q from %q", tt.src, got, from, tt.items, tt.from)
		}
	}
}

// TestWindowSpellings checks that every spelling of a window gives the
// same tree as the first, canonical one of its group.
func TestWindowSpellings(t *testing.T) {
	groups := [][]string{
		{
			"TUMBLING(INTERVAL '5' MINUTE)",
			"TUMBLING(5m)",
			"TUMBLING(5 MINUTES)",
			"tumbling(interval 5 minute)",
			"TUMBLING(SIZE 5m)",
			"TUMBLING(SIZE INTERVAL '5' MINUTE)",
			"TUMBLING (300s)", // a different spelling of 5 minutes is a different tree: see below
		},
		{
			"TUMBLING(ts, INTERVAL '1' HOUR)",
			"TUMBLING(ts, 1h)",
			"TUMBLING(ts, SIZE 1h)",
			"TUMBLING(ts, 1 HOURS)",
		},
		{
			"SLIDING(INTERVAL '10' MINUTE, INTERVAL '1' MINUTE)",
			"SLIDING(10m, 1m)",
			"HOPPING(10m, 1m)",
			"SLIDING(10m, ADVANCE BY 1m)",
			"HOPPING(10 MINUTES, ADVANCE BY 1 MINUTE)",
			"SLIDING(SIZE 10m, ADVANCE BY 1m)",
		},
		{
			"SLIDING(_event_time, INTERVAL '10' MINUTE, INTERVAL '1' MINUTE)",
			"SLIDING(_event_time, 10m, 1m)",
			"HOPPING(_event_time, 10m, ADVANCE BY 1m)",
		},
		{
			"SESSION(INTERVAL '30' SECOND)",
			"SESSION(30s)",
			"SESSION(TIMEOUT 30s)",
			"SESSION(TIMEOUT INTERVAL 30 SECONDS)",
		},
		{
			"SESSION(t.ts, INTERVAL '30' SECOND)",
			"SESSION(t.ts, 30s)",
			"SESSION(t.ts, TIMEOUT 30s)",
		},
		{
			// A column named size is a time column, not the SIZE keyword.
			"TUMBLING(size, 1m)",
			"TUMBLING(size, SIZE 1m)",
		},
	}
	window := func(w string) string {
		return dump(mustParseSelect(t, "SELECT a FROM t WINDOW "+w).Window)
	}
	for _, g := range groups {
		want := window(g[0])
		for _, spelling := range g[1:] {
			if spelling == "TUMBLING (300s)" {
				if got := window(spelling); got == want {
					t.Errorf("300s and 5m made the same tree; the tree keeps units as written")
				}
				continue
			}
			if got := window(spelling); got != want {
				t.Errorf("WINDOW %s\n got %s\nwant (as %s) %s", spelling, got, g[0], want)
			}
		}
	}

	got := window("SLIDING(t.ts, INTERVAL '10' MINUTE, INTERVAL '1' MINUTE)")
	want := `Window
  Kind: SLIDING
  TimeCol: ColumnRef
    Qualifier: "t"
    Name: "ts"
  Size: IntervalLit
    Value: 10
    Unit: MINUTE
  Advance: IntervalLit
    Value: 1
    Unit: MINUTE`
	if got != want {
		t.Errorf("dump =\n%s\nwant\n%s", got, want)
	}
}

func TestDurationSpellings(t *testing.T) {
	tests := []struct {
		spellings []string
		value     int64
		unit      ast.IntervalUnit
	}{
		{[]string{"5m", "5 MINUTES", "5 minute", "INTERVAL '5' MINUTE", "INTERVAL 5 MINUTES", "INTERVAL ' 5 ' Minutes", "INTERVAL 5m"}, 5, ast.Minute},
		{[]string{"30s", "30 SECONDS", "30 second", "INTERVAL '30' SECOND"}, 30, ast.Second},
		{[]string{"100ms", "100 MILLISECONDS", "100 millisecond", "INTERVAL '100' MILLISECOND"}, 100, ast.Millisecond},
		{[]string{"1h", "1 HOUR", "1 hours", "INTERVAL '1' HOUR"}, 1, ast.Hour},
		{[]string{"1d", "1 DAY", "1 days", "INTERVAL 1 DAY"}, 1, ast.Day},
	}
	for _, tt := range tests {
		for _, sp := range tt.spellings {
			w := mustParseSelect(t, "SELECT a FROM t WINDOW SESSION("+sp+")").Window
			if w.Size.Value != tt.value || w.Size.Unit != tt.unit {
				t.Errorf("%s = %d %s, want %d %s", sp, w.Size.Value, w.Size.Unit, tt.value, tt.unit)
			}
			if w.Size.Millis() != tt.value*tt.unit.Millis() {
				t.Errorf("%s: Millis() = %d", sp, w.Size.Millis())
			}
		}
	}
}

func TestStatements(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"create as", "CREATE OR REPLACE TABLE totals AS SELECT DISTINCT t.*, a AS x FROM s AS t EMIT FINAL WITH ('k' = 'v', \"k2\" = \"v2\",);", `
CreateAs
  Kind: TABLE
  OrReplace: true
  Name: "totals"
  Query: Query
    Select: Select
      Distinct: true
      Items:
        - SelectItem
            Star: true
            Qualifier: "t"
        - SelectItem
            Expr: ColumnRef
              Name: "a"
            Alias: "x"
      From: TableRef
        Name: "s"
        Alias: "t"
    Emit: Emit
      Mode: FINAL
    With: With
      Props:
        - Property
            Key: "k"
            Value: "v"
        - Property
            Key: "k2"
            Value: "v2"`},
		{"create source", "CREATE TABLE rates (id INT NOT NULL, \"Zone\" VARCHAR(20), price DECIMAL(10,2), tags ARRAY<STRING>, PRIMARY KEY (id, \"Zone\")) WITH ('rates.type' = 'file_source')", `
CreateSource
  Kind: TABLE
  Name: "rates"
  Columns:
    - ColumnDef
        Name: "id"
        Type: TypeName
          Name: "INT"
        NotNull: true
    - ColumnDef
        Name: quoted "Zone"
        Type: TypeName
          Name: "VARCHAR"
          Params:
            - 20
    - ColumnDef
        Name: "price"
        Type: TypeName
          Name: "DECIMAL"
          Params:
            - 10
            - 2
    - ColumnDef
        Name: "tags"
        Type: TypeName
          Name: "ARRAY"
          Elem:
            - TypeName
                Name: "STRING"
  PrimaryKey: PrimaryKey
    Columns:
      - "id"
      - quoted "Zone"
  With: With
    Props:
      - Property
          Key: "rates.type"
          Value: "file_source"`},
		{"create source without with", "create stream s (a bool)", `
CreateSource
  Kind: STREAM
  Name: "s"
  Columns:
    - ColumnDef
        Name: "a"
        Type: TypeName
          Name: "BOOL"`},
		{"insert into", "INSERT INTO sink SELECT * FROM src", `
InsertInto
  Name: "sink"
  Query: Query
    Select: Select
      Items:
        - SelectItem
            Star: true
      From: TableRef
        Name: "src"`},
		{"bare select with clauses", "SELECT s, COUNT(*) AS n FROM t LEFT OUTER JOIN u x ON t.id = x.id WHERE p > 0 GROUP BY s HAVING COUNT(*) > 1 ORDER BY n DESC NULLS LAST, s LIMIT 10", `
SelectStmt
  Query: Query
    Select: Select
      Items:
        - SelectItem
            Expr: ColumnRef
              Name: "s"
        - SelectItem
            Expr: Call
              Name: "COUNT"
              Star: true
            Alias: "n"
      From: TableRef
        Name: "t"
      Joins:
        - Join
            Kind: LEFT
            Source: TableRef
              Name: "u"
              Alias: "x"
            On: Binary
              Op: =
              X: ColumnRef
                Qualifier: "t"
                Name: "id"
              Y: ColumnRef
                Qualifier: "x"
                Name: "id"
      Where: Binary
        Op: >
        X: ColumnRef
          Name: "p"
        Y: NumberLit
          Text: "0"
          Kind: INTEGER
      GroupBy:
        - ColumnRef
            Name: "s"
      Having: Binary
        Op: >
        X: Call
          Name: "COUNT"
          Star: true
        Y: NumberLit
          Text: "1"
          Kind: INTEGER
      OrderBy:
        - OrderItem
            Expr: ColumnRef
              Name: "n"
            Desc: true
            Nulls: NULLS LAST
        - OrderItem
            Expr: ColumnRef
              Name: "s"
      Limit: NumberLit
        Text: "10"
        Kind: INTEGER`},
		{"subquery source", "SELECT a FROM (SELECT a FROM t WHERE b) AS sub", `
SelectStmt
  Query: Query
    Select: Select
      Items:
        - SelectItem
            Expr: ColumnRef
              Name: "a"
      From: TableRef
        Subquery: Select
          Items:
            - SelectItem
                Expr: ColumnRef
                  Name: "a"
          From: TableRef
            Name: "t"
          Where: ColumnRef
            Name: "b"
        Alias: "sub"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := dump(mustParseStmt(t, tt.src)), strings.TrimSpace(tt.want); got != want {
				t.Errorf("%s\n got:\n%s\nwant:\n%s", tt.src, got, want)
			}
		})
	}
}

func TestJoinKinds(t *testing.T) {
	s := mustParseSelect(t, "SELECT * FROM a JOIN b ON x INNER JOIN c ON x LEFT JOIN d ON x LEFT OUTER JOIN e ON x "+
		"RIGHT JOIN f ON x RIGHT OUTER JOIN g ON x FULL JOIN h ON x FULL OUTER JOIN i ON x")
	var got []string
	for _, j := range s.Joins {
		got = append(got, j.Kind.String()+" "+j.Source.Name.Name)
	}
	want := "INNER b, INNER c, LEFT d, LEFT e, RIGHT f, RIGHT g, FULL h, FULL i"
	if strings.Join(got, ", ") != want {
		t.Errorf("joins = %s, want %s", strings.Join(got, ", "), want)
	}
}

// TestClauseOrder checks that WINDOW may come before or after GROUP BY and
// HAVING, and EMIT at any clause boundary: all these spell one tree.
func TestClauseOrder(t *testing.T) {
	spellings := []string{
		"SELECT s FROM t WHERE a GROUP BY s HAVING b WINDOW TUMBLING(1m) ORDER BY s LIMIT 5 EMIT FINAL",
		"SELECT s FROM t WHERE a WINDOW TUMBLING(1m) GROUP BY s HAVING b ORDER BY s LIMIT 5 EMIT FINAL",
		"SELECT s FROM t WHERE a GROUP BY s WINDOW TUMBLING(1m) HAVING b ORDER BY s LIMIT 5 EMIT FINAL",
		"SELECT s FROM t WHERE a GROUP BY s HAVING b WINDOW TUMBLING(1m) EMIT FINAL ORDER BY s LIMIT 5",
		"SELECT s FROM t EMIT FINAL WHERE a GROUP BY s HAVING b WINDOW TUMBLING(1m) ORDER BY s LIMIT 5",
		"SELECT s FROM t WHERE a GROUP BY s HAVING b WINDOW TUMBLING(1m) ORDER BY s LIMIT 5 WITH ('k' = 'v') EMIT FINAL",
	}
	want := dump(mustParseStmt(t, spellings[0]).(*ast.SelectStmt).Query.Select)
	for _, sp := range spellings[1:] {
		q := mustParseStmt(t, sp).(*ast.SelectStmt).Query
		if got := dump(q.Select); got != want {
			t.Errorf("%s\n got %s\nwant %s", sp, got, want)
		}
		if q.Emit == nil || q.Emit.Mode != ast.EmitFinal {
			t.Errorf("%s: Emit = %v, want FINAL", sp, q.Emit)
		}
	}
}

func TestEmptyStatementsAndEnds(t *testing.T) {
	f := mustParse(t, ";;\nSELECT a FROM t;;\n;SELECT b FROM u")
	if len(f.Stmts) != 2 {
		t.Fatalf("got %d statements, want 2", len(f.Stmts))
	}
	if h := f.Stmts[0].Header(); h.Pos.String() != "2:1" || h.End.String() != "2:17" {
		t.Errorf("first statement spans %v..%v, want 2:1..2:17 (after the ;)", h.Pos, h.End)
	}
	if h := f.Stmts[1].Header(); h.Pos.String() != "3:2" || h.End.String() != "3:17" {
		t.Errorf("last statement spans %v..%v, want 3:2..3:17", h.Pos, h.End)
	}
	for _, src := range []string{"", ";", "  \n-- just a comment\n", "/* c */;"} {
		if f := mustParse(t, src); len(f.Stmts) != 0 {
			t.Errorf("%q: got %d statements", src, len(f.Stmts))
		}
	}
}

func TestParseExprPositions(t *testing.T) {
	x := mustParseExpr(t, "é + \"ü\" * f(x)")
	b := x.(*ast.Binary)
	if b.OpPos.String() != "1:3" {
		t.Errorf("+ at %v, want 1:3", b.OpPos)
	}
	mul := b.Y.(*ast.Binary)
	if got := mul.X.(*ast.ColumnRef).Name.Pos; got != (ast.Pos{Offset: 5, Line: 1, Col: 5}) {
		t.Errorf(`"ü" at %+v, want offset 5, 1:5`, got)
	}
	if got := mul.Y.(*ast.Call).Name.Pos.String(); got != "1:11" {
		t.Errorf("f at %s, want 1:11", got)
	}
	if _, err := ParseExpr("x.sql", []byte("a b")); err == nil || err.Error() != "x.sql:1:3: syntax error: unexpected b, expected end of expression" {
		t.Errorf("ParseExpr(a b) error = %v", err)
	}
}

// conformanceDir is the shared conformance suite beside the repository.
const conformanceDir = "../../shared/conformance/cases"

// TestConformanceQueries parses every conformance query: all must parse,
// except the syntax-error case, which must fail on line 4.
func TestConformanceQueries(t *testing.T) {
	if _, err := os.Stat(conformanceDir); err != nil {
		t.Skipf("no conformance suite: %v", err)
	}
	files, err := filepath.Glob(filepath.Join(conformanceDir, "*", "*", "query.sql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no conformance queries found (%v)", err)
	}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		_, err = ParseFile(file, src)
		if filepath.Base(filepath.Dir(file)) == "05-syntax-error" {
			var list diag.List
			if !errors.As(err, &list) || len(list) != 1 || list[0].Pos.Line != 4 {
				t.Errorf("%s: got %v, want one error on line 4", file, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s:\n%v", file, err)
		}
	}
}

// velostreamStyle gathers constructs from Velostream's own demo files.
const velostreamStyle = `-- SQL Application: trading_signals
-- @app: trading_signals
-- @name sliding_window_demo
CREATE STREAM volume_spike_analysis AS
SELECT
    symbol PRIMARY KEY,
    timestamp as event_timestamp,
    count,
    AVG(volume) OVER (
        ROWS WINDOW BUFFER 20 ROWS
        PARTITION BY symbol
        ORDER BY _event_time
    ) AS rolling_avg_20,
    STDDEV(price) OVER (PARTITION BY symbol ORDER BY event_time
        ROWS BETWEEN 9 PRECEDING AND CURRENT ROW) as vol,
    COUNT(*) OVER (
          PARTITION BY p.trader_id
          ORDER BY p.event_time  -- ✅ comment inside
          RANGE BETWEEN INTERVAL '1' DAY PRECEDING AND CURRENT ROW
      ) AS trades_today,
    EXTRACT(EPOCH FROM (m.event_time - p.event_time)) AS time_lag_seconds,
    timestamp() as opportunity_time,
    CASE
        WHEN AVG(volume) > 0 AND MAX(volume) > 5 * AVG(volume) THEN 'EXTREME_SPIKE'
        -- ⚠️ a comment between arms
        ELSE 'NORMAL'
        END AS spike_classification
FROM market_data_ts
GROUP BY symbol
WINDOW SLIDING(_event_time, 5m, 1m)
HAVING SUM(quantity) > 10000
    AND (SUM(CASE WHEN side = 'BUY' THEN quantity ELSE 0 END) / SUM(quantity) > 0.7)
EMIT CHANGES
WITH (
    -- Source configuration
    'market_data_ts.type' = 'kafka_source',
    'watermark.max_out_of_orderness' = '5s',  -- 5s tolerance
    'late.data.strategy' = 'dead_letter',     -- Route late trades to DLQ
);

CREATE STREAM comprehensive_risk_monitor AS
SELECT p.trader_id, m.price AS current_price
FROM trading_positions_with_event_time p
         LEFT JOIN market_data_ts m
                   ON p.symbol = m.symbol
                       AND m.event_time BETWEEN p.event_time - INTERVAL '30' SECOND
                          AND p.event_time + INTERVAL '30' SECOND
WHERE ABS(p.position_size * COALESCE(m.price, 0)) > 100000
   OR p.current_pnl < -10000
    EMIT CHANGES
WITH ('a' = 'b');

CREATE STREAM volume_spikes AS
SELECT symbol
FROM market_data_ts
HAVING EXISTS (
    SELECT 1 FROM market_data_ts m2
    WHERE m2.symbol = market_data_ts.symbol
    AND m2.event_time >= market_data_ts.event_time - INTERVAL '1' MINUTE
)
AND COUNT(*) >= 5  -- Minimum 5 trades in window
WINDOW SLIDING(INTERVAL '5' MINUTE, INTERVAL '1' MINUTE)
EMIT CHANGES;

CREATE TABLE session_output AS
SELECT user_id, COUNT(*) AS actions FROM user_activity GROUP BY user_id WINDOW SESSION(30s) EMIT CHANGES;

SELECT symbol FROM market_data_ts GROUP BY symbol
  WINDOW TUMBLING (_event_time, INTERVAL '1' MINUTE)
  HAVING COUNT(*) > 0
  EMIT CHANGES
`

func TestVelostreamStyle(t *testing.T) {
	f := mustParse(t, velostreamStyle)
	if len(f.Stmts) != 5 {
		t.Fatalf("got %d statements, want 5", len(f.Stmts))
	}
	ca := f.Stmts[0].(*ast.CreateAs)
	if w := ca.Query.Select.Window; w == nil || w.Kind != ast.SlidingWindow || exprString(w.TimeCol) != "_event_time" {
		t.Errorf("window = %s", dump(w))
	}
	if ca.Query.Emit == nil || len(ca.Query.With.Props) != 3 {
		t.Errorf("emit %v, with %d properties", ca.Query.Emit, len(ca.Query.With.Props))
	}
	last := f.Stmts[4].(*ast.SelectStmt).Query
	if last.Select.Having == nil || last.Select.Window == nil || last.Emit == nil {
		t.Errorf("WINDOW before HAVING lost a clause: %s", dump(last))
	}
}
