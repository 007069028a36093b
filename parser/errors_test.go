package parser

import (
	"errors"
	"strings"
	"testing"

	"github.com/velocsql/veloc/parser/ast"
	"github.com/velocsql/veloc/parser/diag"
)

// parseErrors parses src and returns its errors, one `file:line:col: msg`
// per line, failing the test when the error is not a diag.List.
func parseErrors(t *testing.T, src string) string {
	t.Helper()
	_, err := ParseFile("t.sql", []byte(src))
	if err == nil {
		return ""
	}
	var list diag.List
	if !errors.As(err, &list) {
		t.Fatalf("ParseFile(%q) returned %T, want diag.List", src, err)
	}
	return list.Error()
}

func TestSyntaxErrors(t *testing.T) {
	tests := []struct {
		src, err string
	}{
		{"SELECT id FROM orders\nWHERE amount > 10 AND AND status = 'open'",
			"t.sql:2:23: syntax error: unexpected AND, expected an expression"},
		{"SELECT a FROM t WHERE", "t.sql:1:22: syntax error: unexpected end of input, expected an expression"},
		{"SELECT (a", "t.sql:1:10: syntax error: unexpected end of input, expected )"},
		{"SELECT (a FROM t", "t.sql:1:11: syntax error: unexpected FROM, expected )"},
		{"SELECT a", "t.sql:1:9: syntax error: unexpected end of input, expected FROM"},
		{"SELECT a b c FROM t", "t.sql:1:12: syntax error: unexpected c, expected FROM"},
		{"SELECT a, FROM t", "t.sql:1:11: syntax error: unexpected FROM, expected an expression"},
		{"SELECT a FROM", "t.sql:1:14: syntax error: unexpected end of input, expected a stream or table name"},
		{"SELECT a FROM WHERE b", "t.sql:1:15: syntax error: unexpected WHERE, expected a stream or table name"},
		{"SELECT a FROM t WHERE x IN ()", "t.sql:1:29: syntax error: unexpected ), expected an expression"},
		{"SELECT a FROM t WHERE x = 'a' 'b'", "t.sql:1:31: syntax error: unexpected string 'b', expected ; after statement"},
		{"SELECT 'a' 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaéééééé' FROM t",
			"t.sql:1:12: syntax error: unexpected string 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaé..., expected FROM"},
		{"SELECT 'a' 'b\nc' FROM t", "t.sql:1:12: syntax error: unexpected string 'b..., expected FROM"},
		{"SELECT a FROM t WHERE x IS 5", "t.sql:1:28: syntax error: unexpected number 5, expected NULL, TRUE or FALSE"},
		{"SELECT a FROM t WHERE b BETWEEN 1 OR 2", "t.sql:1:35: syntax error: unexpected OR, expected AND"},
		{"SELECT CASE END FROM t", "t.sql:1:13: syntax error: unexpected END, expected WHEN"},
		{"SELECT CASE WHEN a THEN 1 FROM t", "t.sql:1:27: syntax error: unexpected FROM, expected END"},
		{"SELECT CAST(a INTEGER) FROM t", "t.sql:1:15: syntax error: unexpected INTEGER, expected AS"},
		{"SELECT EXTRACT(YEAR ts) FROM t", "t.sql:1:21: syntax error: unexpected ts, expected FROM"},
		{"SELECT TRIM(LEADING 'x' s) FROM t", "t.sql:1:25: syntax error: unexpected s, expected FROM"},
		{"SELECT f(a FROM t", "t.sql:1:12: syntax error: unexpected FROM, expected )"},
		{"SELECT a FROM t GROUP a", "t.sql:1:23: syntax error: unexpected a, expected BY"},
		{"SELECT a FROM t ORDER BY a NULLS", "t.sql:1:33: syntax error: unexpected end of input, expected FIRST or LAST"},
		{"SELECT a AS FROM t", "t.sql:1:13: syntax error: unexpected FROM, expected an alias"},
		{`SELECT a AS "" FROM t`, "t.sql:1:13: empty quoted identifier"},
		{"SELECT t.* + 1 FROM t", "t.sql:1:12: syntax error: unexpected +, expected FROM"},
		{"SELECT a.* FROM t WHERE a.* = 1", "t.sql:1:27: syntax error: unexpected *, expected a column name"},

		// statements
		{"DROP TABLE t", "t.sql:1:1: syntax error: unexpected DROP, expected a statement (CREATE, INSERT or SELECT)"},
		{"WITH x AS (SELECT a FROM t) SELECT a FROM x", "t.sql:1:1: WITH before a query (a common table expression) is not supported"},
		{"CREATE VIEW v AS SELECT a FROM t", "t.sql:1:8: syntax error: unexpected VIEW, expected STREAM or TABLE"},
		{"CREATE OR STREAM s AS SELECT a FROM t", "t.sql:1:11: syntax error: unexpected STREAM, expected REPLACE"},
		{"CREATE STREAM s SELECT a FROM t", "t.sql:1:17: syntax error: unexpected SELECT, expected AS or ("},
		{"INSERT big SELECT a FROM t", "t.sql:1:8: syntax error: unexpected big, expected INTO"},
		{"CREATE STREAM s ()", "t.sql:1:18: syntax error: unexpected ), expected a column definition"},
		{"CREATE STREAM s (a)", "t.sql:1:19: syntax error: unexpected ), expected a type"},
		{"CREATE STREAM s (a INT,)", "t.sql:1:24: syntax error: unexpected ), expected a column definition"},
		{"CREATE STREAM s (a INTEGR)", "t.sql:1:20: unknown type INTEGR; the types are BOOLEAN, BOOL, INTEGER, INT, BIGINT, " +
			"SMALLINT, TINYINT, FLOAT, DOUBLE, REAL, DECIMAL(p,s), NUMERIC(p,s), STRING, VARCHAR, VARCHAR(n), TEXT, " +
			"TIMESTAMP, DATE, ARRAY<T>, MAP<K,V>"},
		{"CREATE TABLE s (a INT, PRIMARY KEY (a), PRIMARY KEY (a))", "t.sql:1:41: duplicate PRIMARY KEY"},
		{"SELECT CAST(a AS DECIMAL(10, 2, 3)) FROM t", "t.sql:1:33: syntax error: unexpected number 3, expected )"},
		{"SELECT CAST(a AS DECIMAL(1.5)) FROM t", "t.sql:1:26: syntax error: unexpected number 1.5, expected a whole number"},
		{"SELECT CAST(a AS DECIMAL(99999999999999999999, 2)) FROM t", "t.sql:1:26: type parameter 99999999999999999999 is out of range"},
		{"CREATE STREAM s (a STRING(10))", "t.sql:1:26: type STRING takes no parameters"},
		{"SELECT CAST(a AS ARRAY<INT) FROM t", "t.sql:1:27: syntax error: unexpected ), expected >"},
		{"SELECT a FROM t WITH (k = 'v')", "t.sql:1:23: syntax error: unexpected k, expected a property key in quotes"},
		{"SELECT a FROM t WITH ('k' 'v')", "t.sql:1:27: syntax error: unexpected string 'v', expected ="},
		{"SELECT a FROM t WITH ('k' = v)", "t.sql:1:29: syntax error: unexpected v, expected a property value in quotes"},
		{"SELECT a FROM t WITH ('k' = 'v'", "t.sql:1:32: syntax error: unexpected end of input, expected )"},

		// clauses
		{"SELECT a FROM t UNION SELECT b FROM u", "t.sql:1:17: UNION is not supported"},
		{"SELECT a FROM (SELECT a FROM t UNION ALL SELECT a FROM u)", "t.sql:1:32: UNION is not supported"},
		{"SELECT a FROM t CROSS JOIN u", "t.sql:1:17: CROSS JOIN is not supported; write JOIN ... ON a condition"},
		{"SELECT a FROM t JOIN u", "t.sql:1:23: syntax error: unexpected end of input, expected ON"},
		{"SELECT a FROM t WHERE a WHERE b", "t.sql:1:25: duplicate WHERE clause"},
		{"SELECT a FROM t LIMIT 5 WHERE b", "t.sql:1:25: WHERE must come before LIMIT"},
		{"SELECT a FROM t HAVING b GROUP BY a", "t.sql:1:26: GROUP BY must come before HAVING"},
		{"SELECT a FROM t WINDOW TUMBLING(1m) WHERE b", "t.sql:1:37: WHERE must come before WINDOW"},
		{"SELECT a FROM t ORDER BY a WINDOW TUMBLING(1m)", "t.sql:1:28: WINDOW must come before ORDER BY"},
		{"SELECT a FROM t WINDOW TUMBLING(1m) WINDOW TUMBLING(2m)", "t.sql:1:37: duplicate WINDOW clause"},
		{"SELECT a FROM t EMIT CHANGES EMIT FINAL", "t.sql:1:30: duplicate EMIT: a query has one emit mode"},
		{"SELECT a FROM t EMIT CHANGES WITH ('k' = 'v') EMIT FINAL", "t.sql:1:47: duplicate EMIT: a query has one emit mode"},
		{"SELECT a FROM t EMIT SOON", "t.sql:1:22: syntax error: unexpected SOON, expected CHANGES or FINAL"},
		{"SELECT a FROM (SELECT a FROM t EMIT CHANGES)",
			"t.sql:1:32: EMIT is not allowed in a subquery: the emit mode belongs to the statement"},
		{"SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u EMIT FINAL)",
			"t.sql:1:47: EMIT is not allowed in a subquery: the emit mode belongs to the statement"},

		// windows and durations
		{"SELECT a FROM t WINDOW TUMBLING(5 parsecs)",
			"t.sql:1:35: syntax error: unexpected parsecs, expected a time unit (MILLISECOND, SECOND, MINUTE, HOUR or DAY)"},
		{"SELECT a FROM t WINDOW TUMBLING(5)",
			"t.sql:1:34: syntax error: unexpected ), expected a time unit (MILLISECOND, SECOND, MINUTE, HOUR or DAY)"},
		{"SELECT a FROM t WINDOW WOBBLY(5m)", "t.sql:1:24: syntax error: unexpected WOBBLY, expected TUMBLING, SLIDING, HOPPING or SESSION"},
		{"SELECT a FROM t WINDOW SLIDING(10m)", "t.sql:1:35: syntax error: unexpected ), expected ,"},
		{"SELECT a FROM t WINDOW TUMBLING(ts)", "t.sql:1:35: syntax error: unexpected ), expected ,"},
		{"SELECT a FROM t WINDOW TUMBLING(ts, 'x')", "t.sql:1:37: syntax error: unexpected string 'x', expected a duration such as 5m or INTERVAL '5' MINUTE"},
		{"SELECT a FROM t WINDOW SESSION(1.5 MINUTES)", "t.sql:1:32: an interval must be a whole number of units, not 1.5"},
		{"SELECT a FROM t WHERE ts > INTERVAL '1.5' HOUR", "t.sql:1:37: an interval must be a whole number of units, not '1.5'"},
		{"SELECT a FROM t WHERE ts > INTERVAL '99999999999999999999' HOUR", "t.sql:1:37: interval value 99999999999999999999 is out of range"},
		{"SELECT a FROM t WHERE ts > INTERVAL '1' WEEK", "t.sql:1:41: syntax error: unexpected WEEK, expected a time unit (MILLISECOND, SECOND, MINUTE, HOUR or DAY)"},
		{"SELECT a FROM t WHERE x = 5min", "t.sql:1:27: invalid number 5min (a duration is written 5m, 30s, 100ms, 1h or 1d)"},

		// OVER
		{"SELECT SUM(x) OVER (PARTITION BY a PARTITION BY b) FROM t", "t.sql:1:36: duplicate PARTITION BY in OVER"},
		{"SELECT SUM(x) OVER (ROWS 1 PRECEDING RANGE 1 PRECEDING) FROM t", "t.sql:1:38: duplicate frame in OVER"},
		{"SELECT SUM(x) OVER (GROUP BY a) FROM t", "t.sql:1:21: syntax error: unexpected GROUP, expected PARTITION BY, ORDER BY, ROWS, RANGE, EMIT or )"},
		{"SELECT SUM(x) OVER (ROWS BETWEEN 1 AND 2) FROM t", "t.sql:1:36: syntax error: unexpected AND, expected PRECEDING or FOLLOWING"},
		{"SELECT SUM(x) OVER (ROWS BETWEEN CURRENT AND 2) FROM t", "t.sql:1:42: syntax error: unexpected AND, expected ROW"},
		{"SELECT SUM(x) OVER (ROWS WINDOW 3 ROWS) FROM t", "t.sql:1:33: syntax error: unexpected number 3, expected BUFFER"},
		{"SELECT SUM(x) OVER a FROM t", "t.sql:1:20: syntax error: unexpected a, expected ("},

		// lexical errors are reported once, by the lexer
		{"SELECT 'abc FROM t", "t.sql:1:8: unterminated string literal"},
		{"SELECT a FROM t /* never closed\nmore", "t.sql:1:17: unterminated block comment"},
		{"SELECT a @ b FROM t", "t.sql:1:10: unexpected character '@'"},
		{"SELECT a FROM t\xff", "t.sql:1:16: invalid UTF-8 encoding"},
		{"SELECT é, a FROM t WHERE ü ! 1", "t.sql:1:28: unexpected character '!' (not equal is != or <>)"},
	}
	for _, tt := range tests {
		if got := parseErrors(t, tt.src); got != tt.err {
			t.Errorf("%q\n got %s\nwant %s", tt.src, got, tt.err)
		}
	}
}

// TestRecovery checks that every broken statement is reported once and
// the good statements around them still parse.
func TestRecovery(t *testing.T) {
	src := `SELECT a, FROM t;
SELECT ok1 FROM t;
CREATE STREAM s AS SELECT c FROM WHERE c = 1;
SELECT d FROM v GROUP d; SELECT ok2 FROM t;
-- a ; inside a comment and a string do not end the statement:
SELECT e FROM w WHERE x = 'a;b' AND AND y; SELECT ok3 FROM t`
	f, err := ParseFile("t.sql", []byte(src))
	want := `t.sql:1:11: syntax error: unexpected FROM, expected an expression
t.sql:3:34: syntax error: unexpected WHERE, expected a stream or table name
t.sql:4:23: syntax error: unexpected d, expected BY
t.sql:6:37: syntax error: unexpected AND, expected an expression`
	if err == nil || err.Error() != want {
		t.Errorf("errors:\n%v\nwant:\n%s", err, want)
	}
	var good []string
	for _, s := range f.Stmts {
		good = append(good, exprString(s.(*ast.SelectStmt).Query.Select.Items[0].Expr))
	}
	if got := strings.Join(good, " "); got != "ok1 ok2 ok3" {
		t.Errorf("good statements = %s, want ok1 ok2 ok3", got)
	}
}

// TestMissingSemicolon checks that a statement followed by the start of
// another, without `;`, is reported and both are kept.
func TestMissingSemicolon(t *testing.T) {
	f, err := ParseFile("t.sql", []byte("SELECT a FROM t\nCREATE STREAM s AS SELECT b FROM u;\nINSERT INTO x SELECT c FROM v"))
	if err == nil || err.Error() != "t.sql:2:1: syntax error: unexpected CREATE, expected ; after statement" {
		t.Errorf("error = %v", err)
	}
	if len(f.Stmts) != 3 {
		t.Errorf("got %d statements, want 3", len(f.Stmts))
	}
}

func TestTrailingTokens(t *testing.T) {
	tests := []struct{ src, err string }{
		{"SELECT a FROM t WHERE a > 1 garbage here", "t.sql:1:29: syntax error: unexpected garbage, expected ; after statement"},
		{"SELECT b FROM u LIMIT 5 10;", "t.sql:1:25: syntax error: unexpected number 10, expected ; after statement"},
		{"SELECT c FROM v) ;", "t.sql:1:16: syntax error: unexpected ), expected ; after statement"},
		{"CREATE STREAM s (a INT) WITH ('k' = 'v') AS SELECT a FROM t", "t.sql:1:42: syntax error: unexpected AS, expected ; after statement"},
		{"SELECT a FROM t WITH ('k' = 'v') WITH ('k' = 'v')", "t.sql:1:34: syntax error: unexpected WITH, expected ; after statement"},
	}
	for _, tt := range tests {
		if got := parseErrors(t, tt.src); got != tt.err {
			t.Errorf("%q\n got %s\nwant %s", tt.src, got, tt.err)
		}
	}
}

func TestErrorDetail(t *testing.T) {
	_, err := ParseFile("q.sql", []byte("SELECT id\nFROM orders\nWHERE amount > 10 AND AND status = 'open'\n"))
	var list diag.List
	if !errors.As(err, &list) {
		t.Fatalf("error %v is not a diag.List", err)
	}
	want := "q.sql:3:23: syntax error: unexpected AND, expected an expression\n" +
		"WHERE amount > 10 AND AND status = 'open'\n" +
		"                      ^"
	if got := list.Detail(); got != want {
		t.Errorf("Detail() =\n%s\nwant\n%s", got, want)
	}
}

func TestErrorCap(t *testing.T) {
	src := strings.Repeat("SELECT FROM t;\n", 200)
	_, err := ParseFile("t.sql", []byte(src))
	var list diag.List
	if !errors.As(err, &list) || len(list) != maxErrors {
		t.Fatalf("got %d errors, want %d", len(list), maxErrors)
	}
	if list[maxErrors-1].Pos.Line != maxErrors {
		t.Errorf("errors are not one per statement in order: last at %v", list[maxErrors-1].Pos)
	}
}

// TestDeepNesting checks that pathological nesting is an error, not a
// stack overflow, and that the next statement still parses.
func TestDeepNesting(t *testing.T) {
	const n = 20000
	tests := []struct{ name, src string }{
		{"parentheses", "SELECT " + strings.Repeat("(", 100000) + " FROM t"},
		{"unary minus", "SELECT " + strings.Repeat("- ", n) + "1 FROM t"},
		{"NOT", "SELECT a FROM t WHERE " + strings.Repeat("NOT ", n) + "a"},
		{"power", "SELECT " + strings.Repeat("a ^ ", n) + "a FROM t"},
		{"calls", "SELECT " + strings.Repeat("f(", n) + " FROM t"},
		{"index", "SELECT a" + strings.Repeat("[a", n) + " FROM t"},
		{"case", "SELECT " + strings.Repeat("CASE WHEN ", n) + " FROM t"},
		{"subqueries", "SELECT a FROM " + strings.Repeat("(SELECT a FROM ", n)},
		{"types", "CREATE STREAM s (a " + strings.Repeat("ARRAY<", n) + ")"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ParseFile("t.sql", []byte(tt.src+";\nSELECT ok FROM t;"))
			var list diag.List
			if !errors.As(err, &list) || len(list) != 1 || !strings.Contains(list[0].Msg, "nesting too deep") {
				t.Fatalf("error = %v, want one nesting error", err)
			}
			if len(f.Stmts) != 1 {
				t.Errorf("the statement after the deep one was lost")
			}
		})
	}
	// 500 parentheses are fine (and the 500th is where the limit is met).
	ok := "SELECT " + strings.Repeat("(", 400) + "a" + strings.Repeat(")", 400) + " FROM t"
	if _, err := ParseFile("t.sql", []byte(ok)); err != nil {
		t.Errorf("400 parentheses: %v", err)
	}
	if got := parseErrors(t, "SELECT "+strings.Repeat("(", 1000)+" FROM t"); got != "t.sql:1:507: nesting too deep (more than 500 levels)" {
		t.Errorf("got %s", got)
	}
}

// TestTruncatedInputs parses every prefix of a rich file: no prefix may
// panic or hang, and each either parses or reports positioned errors.
func TestTruncatedInputs(t *testing.T) {
	src := []byte(velostreamStyle)
	for i := 0; i <= len(src); i++ {
		_, err := ParseFile("t.sql", src[:i])
		if err == nil {
			continue
		}
		var list diag.List
		if !errors.As(err, &list) || len(list) == 0 {
			t.Fatalf("prefix %d: error %v is not a non-empty diag.List", i, err)
		}
		for _, e := range list {
			if !e.Pos.IsValid() || e.Pos.Offset > i {
				t.Fatalf("prefix %d: error outside the input: %v", i, e)
			}
		}
	}
}
