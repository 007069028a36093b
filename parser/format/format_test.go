package format

import (
	"strings"
	"testing"

	"github.com/velocsql/veloc/parser/ast"
)

// Builders for hand-made trees. Positions are left zero: the printer then
// flushes no comments before the end of the file.

func id(name string) *ast.Ident      { return &ast.Ident{Name: name} }
func qid(name string) *ast.Ident     { return &ast.Ident{Name: name, Quoted: true} }
func col(name string) *ast.ColumnRef { return &ast.ColumnRef{Name: id(name)} }
func qcol(q, name string) *ast.ColumnRef {
	return &ast.ColumnRef{Qualifier: id(q), Name: id(name)}
}
func num(text string) *ast.NumberLit { return &ast.NumberLit{Text: text} }
func str(v string) *ast.StringLit    { return &ast.StringLit{Value: v} }
func bin(op ast.Op, x, y ast.Expr) *ast.Binary {
	return &ast.Binary{Op: op, X: x, Y: y}
}
func paren(x ast.Expr) *ast.Paren { return &ast.Paren{X: x} }
func call(name string, args ...ast.Expr) *ast.Call {
	return &ast.Call{Name: id(name), Args: args}
}
func ival(v int64, u ast.IntervalUnit) *ast.IntervalLit {
	return &ast.IntervalLit{Value: v, Unit: u}
}
func item(e ast.Expr, alias string) *ast.SelectItem {
	it := &ast.SelectItem{Expr: e}
	if alias != "" {
		it.Alias = id(alias)
	}
	return it
}
func from(name string) *ast.TableRef { return &ast.TableRef{Name: id(name)} }
func sel(items ...*ast.SelectItem) *ast.Select {
	return &ast.Select{Items: items, From: from("t")}
}
func with(kv ...string) *ast.With {
	w := &ast.With{}
	for i := 0; i < len(kv); i += 2 {
		w.Props = append(w.Props, &ast.Property{Key: kv[i], Value: kv[i+1]})
	}
	return w
}

func TestExpr(t *testing.T) {
	a, b, c := col("a"), col("b"), col("c")
	sub := &ast.Select{
		Items: []*ast.SelectItem{item(qcol("p", "sku"), "")},
		From:  &ast.TableRef{Name: id("products"), Alias: id("p")},
		Where: bin(ast.OpEq, qcol("p", "category"), str("toys")),
	}
	tests := []struct {
		name string
		e    ast.Expr
		want string
	}{
		{"column", col("price"), "price"},
		{"qualified", qcol("o", "amount"), "o.amount"},
		{"quoted", &ast.ColumnRef{Qualifier: qid("My T"), Name: qid(`say "hi"`)}, `"My T"."say ""hi"""`},
		{"keyword column", col("timestamp"), "timestamp"},
		{"number", num("4.25"), "4.25"},
		{"float", num("1e3"), "1e3"},
		{"string", str("it's"), "'it''s'"},
		{"empty string", str(""), "''"},
		{"true", &ast.BoolLit{Value: true}, "TRUE"},
		{"false", &ast.BoolLit{}, "FALSE"},
		{"null", &ast.NullLit{}, "NULL"},
		{"timestamp", &ast.TypedLit{Type: "TIMESTAMP", Value: "2024-01-01 10:00:00"}, "TIMESTAMP '2024-01-01 10:00:00'"},
		{"date", &ast.TypedLit{Type: "DATE", Value: "2024-01-01"}, "DATE '2024-01-01'"},
		{"interval", ival(10, ast.Minute), "INTERVAL '10' MINUTE"},
		{"interval ms", ival(100, ast.Millisecond), "INTERVAL '100' MILLISECOND"},
		{"neg", &ast.Unary{Op: ast.OpNeg, X: a}, "-a"},
		{"neg neg", &ast.Unary{Op: ast.OpNeg, X: &ast.Unary{Op: ast.OpNeg, X: num("5")}}, "- -5"},
		{"neg of binary with neg", &ast.Unary{Op: ast.OpNeg, X: bin(ast.OpPow, &ast.Unary{Op: ast.OpNeg, X: a}, b)}, "- -a ^ b"},
		{"pos", &ast.Unary{Op: ast.OpPos, X: a}, "+a"},
		{"not", &ast.Unary{Op: ast.OpNot, X: paren(bin(ast.OpGt, a, num("20")))}, "NOT (a > 20)"},
		{"minus neg", bin(ast.OpSub, a, &ast.Unary{Op: ast.OpNeg, X: num("1")}), "a - -1"},
		{"precedence kept", bin(ast.OpMul, paren(bin(ast.OpAdd, a, num("1"))), num("2")), "(a + 1) * 2"},
		{"no added parens", bin(ast.OpAdd, num("2"), bin(ast.OpMul, num("3"), a)), "2 + 3 * a"},
		{"ne", bin(ast.OpNe, a, b), "a <> b"},
		{"ops", bin(ast.OpConcat, bin(ast.OpMod, a, b), bin(ast.OpPow, b, c)), "a % b || b ^ c"},
		{"and or", bin(ast.OpOr, bin(ast.OpAnd, a, b), c), "a AND b OR c"},
		{"or parens", bin(ast.OpAnd, a, paren(bin(ast.OpOr, b, c))), "a AND (b OR c)"},
		{"call", call("coalesce", a, b, str("x")), "COALESCE(a, b, 'x')"},
		{"no args", call("now"), "NOW()"},
		{"count star", &ast.Call{Name: id("count"), Star: true}, "COUNT(*)"},
		{"count distinct", &ast.Call{Name: id("COUNT"), Distinct: true, Args: []ast.Expr{a}}, "COUNT(DISTINCT a)"},
		{"quoted function", &ast.Call{Name: qid("f"), Args: []ast.Expr{a}}, `"f"(a)`},
		{"current_timestamp", call("current_timestamp"), "CURRENT_TIMESTAMP"},
		{"current_date", call("CURRENT_DATE"), "CURRENT_DATE"},
		{"position in", call("POSITION", str("x"), a), "POSITION('x' IN a)"},
		{"position 3", call("position", str("x"), a, num("2")), "POSITION('x', a, 2)"},
		{"position loose", call("POSITION", bin(ast.OpEq, a, b), c), "POSITION(a = b, c)"},
		{"substring", call("SUBSTRING", a, num("1"), num("3")), "SUBSTRING(a, 1, 3)"},
		{"within group", &ast.Call{Name: id("percentile_cont"), Args: []ast.Expr{num("0.5")},
			WithinGroup: &ast.OrderItem{Expr: a, Desc: true}}, "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY a DESC)"},
		{"over", &ast.Call{Name: id("LAG"), Args: []ast.Expr{a}, Over: &ast.Over{
			PartitionBy: []ast.Expr{b}, OrderBy: []*ast.OrderItem{{Expr: c}}}},
			"LAG(a) OVER (PARTITION BY b ORDER BY c)"},
		{"over all", &ast.Call{Name: id("sum"), Args: []ast.Expr{a}, Over: &ast.Over{
			BufferRows:  num("3"),
			PartitionBy: []ast.Expr{b, c},
			OrderBy:     []*ast.OrderItem{{Expr: c, Desc: true, Nulls: ast.NullsLast}},
			Frame: &ast.Frame{
				From: ast.FrameBound{Kind: ast.Preceding, N: num("2")},
				To:   ast.FrameBound{Kind: ast.CurrentRow}},
			Emit: &ast.Emit{Mode: ast.EmitFinal}}},
			"SUM(a) OVER (ROWS WINDOW BUFFER 3 ROWS PARTITION BY b, c ORDER BY c DESC NULLS LAST ROWS BETWEEN 2 PRECEDING AND CURRENT ROW EMIT FINAL)"},
		{"over range", &ast.Call{Name: id("AVG"), Args: []ast.Expr{a}, Over: &ast.Over{
			Frame: &ast.Frame{Range: true,
				From: ast.FrameBound{Kind: ast.Preceding, N: ival(1, ast.Day)},
				To:   ast.FrameBound{Kind: ast.UnboundedFollowing}}}},
			"AVG(a) OVER (RANGE BETWEEN INTERVAL '1' DAY PRECEDING AND UNBOUNDED FOLLOWING)"},
		{"over frame unbounded", &ast.Call{Name: id("MAX"), Args: []ast.Expr{a}, Over: &ast.Over{
			Frame: &ast.Frame{
				From: ast.FrameBound{Kind: ast.UnboundedPreceding},
				To:   ast.FrameBound{Kind: ast.Following, N: num("1")}}}},
			"MAX(a) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND 1 FOLLOWING)"},
		{"over empty", &ast.Call{Name: id("ROW_NUMBER"), Over: &ast.Over{}}, "ROW_NUMBER() OVER ()"},
		{"searched case", &ast.Case{Whens: []*ast.When{
			{Cond: bin(ast.OpGe, a, num("100")), Result: str("large")},
			{Cond: bin(ast.OpGe, a, num("10")), Result: str("medium")}},
			Else: str("small")},
			"CASE WHEN a >= 100 THEN 'large' WHEN a >= 10 THEN 'medium' ELSE 'small' END"},
		{"simple case", &ast.Case{Operand: a, Whens: []*ast.When{{Cond: num("1"), Result: str("gold")}}},
			"CASE a WHEN 1 THEN 'gold' END"},
		{"cast", &ast.Cast{X: a, Type: &ast.TypeName{Name: "DECIMAL", Params: []int64{10, 2}}}, "CAST(a AS DECIMAL(10,2))"},
		{"try_cast", &ast.Cast{Try: true, X: a, Type: &ast.TypeName{Name: "INTEGER"}}, "TRY_CAST(a AS INTEGER)"},
		{"cast map", &ast.Cast{X: a, Type: &ast.TypeName{Name: "MAP", Elem: []*ast.TypeName{
			{Name: "STRING"}, {Name: "ARRAY", Elem: []*ast.TypeName{{Name: "INTEGER"}}}}}},
			"CAST(a AS MAP<STRING, ARRAY<INTEGER>>)"},
		{"in", &ast.In{X: a, List: []ast.Expr{num("1"), num("2")}}, "a IN (1, 2)"},
		{"not in", &ast.In{X: a, Not: true, List: []ast.Expr{str("x")}}, "a NOT IN ('x')"},
		{"in subquery", &ast.In{X: qcol("k", "sku"), Subquery: sub},
			"k.sku IN (SELECT p.sku FROM products AS p WHERE p.category = 'toys')"},
		{"between", &ast.Between{X: a, Lo: num("10"), Hi: num("20")}, "a BETWEEN 10 AND 20"},
		{"not between", &ast.Between{X: a, Not: true, Lo: b, Hi: bin(ast.OpAdd, b, ival(1, ast.Hour))},
			"a NOT BETWEEN b AND b + INTERVAL '1' HOUR"},
		{"like", &ast.Like{X: a, Pattern: str("sp%")}, "a LIKE 'sp%'"},
		{"not like escape", &ast.Like{X: a, Not: true, Pattern: str("a!%%"), Escape: str("!")}, "a NOT LIKE 'a!%%' ESCAPE '!'"},
		{"is null", &ast.Is{X: a}, "a IS NULL"},
		{"is not null", &ast.Is{X: a, Not: true}, "a IS NOT NULL"},
		{"is true", &ast.Is{X: a, What: ast.IsTrue}, "a IS TRUE"},
		{"is not false", &ast.Is{X: a, Not: true, What: ast.IsFalse}, "a IS NOT FALSE"},
		{"exists", &ast.Exists{Subquery: &ast.Select{
			Items: []*ast.SelectItem{item(num("1"), "")},
			From:  &ast.TableRef{Name: id("rules"), Alias: id("r")},
			Where: bin(ast.OpAnd, bin(ast.OpEq, qcol("r", "m"), qcol("t", "m")), bin(ast.OpGe, qcol("t", "x"), qcol("r", "x")))}},
			"EXISTS (SELECT 1 FROM rules AS r WHERE r.m = t.m AND t.x >= r.x)"},
		{"scalar subquery", &ast.Subquery{Select: &ast.Select{
			Items:   []*ast.SelectItem{item(&ast.Call{Name: id("MAX"), Args: []ast.Expr{a}}, "m")},
			From:    from("t"),
			GroupBy: []ast.Expr{b},
			Having:  bin(ast.OpGt, &ast.Call{Name: id("COUNT"), Star: true}, num("1")),
			OrderBy: []*ast.OrderItem{{Expr: col("m"), Desc: true}},
			Limit:   num("1")}},
			"(SELECT MAX(a) AS m FROM t GROUP BY b HAVING COUNT(*) > 1 ORDER BY m DESC LIMIT 1)"},
		{"index", &ast.Index{X: call("SPLIT", a, str(",")), Index: num("1")}, "SPLIT(a, ',')[1]"},
		{"extract", &ast.Extract{Unit: "year", X: col("ts")}, "EXTRACT(YEAR FROM ts)"},
		{"trim leading", &ast.Trim{Where: ast.TrimLeading, Chars: str("x"), X: a}, "TRIM(LEADING 'x' FROM a)"},
		{"trim both", &ast.Trim{X: a}, "TRIM(BOTH FROM a)"},
		{"plain trim", call("trim", a), "TRIM(a)"},
		{"nil", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Expr(tt.e); got != tt.want {
				t.Errorf("Expr() = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestExprLongCaseStaysOnOneLine checks that Expr never breaks lines.
func TestExprLongCaseStaysOnOneLine(t *testing.T) {
	c := &ast.Case{}
	for range 20 {
		c.Whens = append(c.Whens, &ast.When{Cond: bin(ast.OpGe, col("amount"), num("100")), Result: str("large")})
	}
	if got := Expr(c); strings.Contains(got, "\n") {
		t.Errorf("Expr() broke a line:\n%s", got)
	}
}

func TestStatements(t *testing.T) {
	long := func(n int) []*ast.SelectItem {
		var items []*ast.SelectItem
		for i := range n {
			items = append(items, item(bin(ast.OpMul, col("quantity"), col("unit_price")), "line_total_"+string(rune('a'+i))))
		}
		return items
	}
	tests := []struct {
		name string
		f    *ast.File
		want string
	}{
		{
			name: "create stream as",
			f: &ast.File{Stmts: []ast.Stmt{&ast.CreateAs{
				Name: id("out"),
				Query: &ast.Query{
					Select: &ast.Select{
						Items: []*ast.SelectItem{item(col("id"), ""), item(col("name"), "n"), {Star: true, Qualifier: id("o")}},
						From:  &ast.TableRef{Name: id("orders"), Alias: id("o")},
						Where: bin(ast.OpGt, col("amount"), num("10")),
					},
					With: with("orders.type", "file_source", "out.path", "it's.csv"),
				},
			}}},
			want: `CREATE STREAM out AS
SELECT id, name AS n, o.*
FROM orders AS o
WHERE amount > 10
WITH (
    'orders.type' = 'file_source',
    'out.path' = 'it''s.csv'
);
`,
		},
		{
			name: "create or replace table, clause order, emit",
			f: &ast.File{Stmts: []ast.Stmt{&ast.CreateAs{
				Kind: ast.TableKind, OrReplace: true, Name: id("totals"),
				Query: &ast.Query{
					Select: &ast.Select{
						Distinct: true,
						Items: []*ast.SelectItem{
							{Expr: col("symbol"), PrimaryKey: true},
							item(call("sum", col("qty")), "volume"),
						},
						From: from("trades"),
						Joins: []*ast.Join{
							{Kind: ast.InnerJoin, Source: &ast.TableRef{Name: id("c"), Alias: id("x")}, On: bin(ast.OpEq, qcol("x", "id"), col("cid"))},
							{Kind: ast.LeftJoin, Source: from("r"), On: bin(ast.OpEq, qcol("r", "id"), col("rid"))},
							{Kind: ast.RightJoin, Source: from("s"), On: bin(ast.OpEq, qcol("s", "id"), col("sid"))},
							{Kind: ast.FullJoin, Source: &ast.TableRef{Subquery: sel(item(col("id"), "")), Alias: id("q")}, On: bin(ast.OpEq, qcol("q", "id"), col("qid"))},
						},
						Where:   &ast.Is{X: col("price"), Not: true},
						GroupBy: []ast.Expr{col("symbol"), col("exchange")},
						Having:  bin(ast.OpGt, call("SUM", col("qty")), num("10")),
						Window:  &ast.Window{Kind: ast.TumblingWindow, TimeCol: col("ts"), Size: ival(1, ast.Minute)},
						OrderBy: []*ast.OrderItem{{Expr: col("symbol")}, {Expr: col("volume"), Desc: true}},
						Limit:   num("5"),
					},
					Emit: &ast.Emit{Mode: ast.EmitFinal},
				},
			}}},
			want: `CREATE OR REPLACE TABLE totals AS
SELECT DISTINCT symbol PRIMARY KEY, SUM(qty) AS volume
FROM trades
JOIN c AS x ON x.id = cid
LEFT JOIN r ON r.id = rid
RIGHT JOIN s ON s.id = sid
FULL JOIN (SELECT id FROM t) AS q ON q.id = qid
WHERE price IS NOT NULL
GROUP BY symbol, exchange
HAVING SUM(qty) > 10
WINDOW TUMBLING(ts, INTERVAL '1' MINUTE)
ORDER BY symbol, volume DESC
LIMIT 5
EMIT FINAL;
`,
		},
		{
			name: "windows",
			f: &ast.File{Stmts: []ast.Stmt{
				&ast.SelectStmt{Query: &ast.Query{Select: &ast.Select{
					Items: []*ast.SelectItem{{Star: true}}, From: from("t"),
					Window: &ast.Window{Kind: ast.TumblingWindow, Size: ival(10, ast.Second)}}}},
				&ast.SelectStmt{Query: &ast.Query{Select: &ast.Select{
					Items: []*ast.SelectItem{{Star: true}}, From: from("t"),
					Window: &ast.Window{Kind: ast.SlidingWindow, Size: ival(10, ast.Minute), Advance: ival(5, ast.Minute)}}}},
				&ast.SelectStmt{Query: &ast.Query{Select: &ast.Select{
					Items: []*ast.SelectItem{{Star: true}}, From: from("t"),
					Window: &ast.Window{Kind: ast.SlidingWindow, TimeCol: col("ts"), Size: ival(1, ast.Hour), Advance: ival(1, ast.Day)}}}},
				&ast.SelectStmt{Query: &ast.Query{Select: &ast.Select{
					Items: []*ast.SelectItem{{Star: true}}, From: from("t"),
					Window: &ast.Window{Kind: ast.SessionWindow, TimeCol: col("ts"), Size: ival(30, ast.Second)}},
					Emit: &ast.Emit{Mode: ast.EmitChanges}}},
			}},
			want: `SELECT *
FROM t
WINDOW TUMBLING(INTERVAL '10' SECOND);

SELECT *
FROM t
WINDOW SLIDING(INTERVAL '10' MINUTE, INTERVAL '5' MINUTE);

SELECT *
FROM t
WINDOW SLIDING(ts, INTERVAL '1' HOUR, INTERVAL '1' DAY);

SELECT *
FROM t
WINDOW SESSION(ts, INTERVAL '30' SECOND)
EMIT CHANGES;
`,
		},
		{
			name: "source declarations",
			f: &ast.File{Stmts: []ast.Stmt{
				&ast.CreateSource{
					Name: id("sensors"),
					Columns: []*ast.ColumnDef{
						{Name: id("sensor_id"), Type: &ast.TypeName{Name: "INTEGER"}, NotNull: true},
						{Name: qid("read ing"), Type: &ast.TypeName{Name: "DECIMAL", Params: []int64{10, 2}}},
					},
					With: with("sensors.type", "file_source"),
				},
				&ast.CreateSource{
					Kind: ast.TableKind, OrReplace: true, Name: id("regions"),
					Columns: []*ast.ColumnDef{
						{Name: id("code"), Type: &ast.TypeName{Name: "STRING"}},
						{Name: id("name"), Type: &ast.TypeName{Name: "STRING"}},
					},
					PrimaryKey: &ast.PrimaryKey{Columns: []*ast.Ident{id("code"), id("name")}},
				},
			}},
			want: `CREATE STREAM sensors (
    sensor_id INTEGER NOT NULL,
    "read ing" DECIMAL(10,2)
) WITH (
    'sensors.type' = 'file_source'
);

CREATE OR REPLACE TABLE regions (
    code STRING,
    name STRING,
    PRIMARY KEY (code, name)
);
`,
		},
		{
			name: "insert into and long select list",
			f: &ast.File{Stmts: []ast.Stmt{&ast.InsertInto{
				Name:  id("sink"),
				Query: &ast.Query{Select: &ast.Select{Items: long(4), From: from("orders")}},
			}}},
			want: `INSERT INTO sink
SELECT quantity * unit_price AS line_total_a,
       quantity * unit_price AS line_total_b,
       quantity * unit_price AS line_total_c,
       quantity * unit_price AS line_total_d
FROM orders;
`,
		},
		{
			name: "long lists",
			f: &ast.File{Stmts: []ast.Stmt{&ast.SelectStmt{Query: &ast.Query{Select: &ast.Select{
				Items:   []*ast.SelectItem{{Star: true}},
				From:    from("t"),
				GroupBy: []ast.Expr{col("a_very_long_grouping_key_named_one"), col("a_very_long_grouping_key_named_two"), col("a_very_long_grouping_key_named_three")},
				OrderBy: []*ast.OrderItem{{Expr: col("a_very_long_grouping_key_named_one")}, {Expr: col("a_very_long_grouping_key_named_two"), Desc: true}, {Expr: col("a_very_long_grouping_key_named_three")}},
			}}}}},
			want: `SELECT *
FROM t
GROUP BY a_very_long_grouping_key_named_one,
         a_very_long_grouping_key_named_two,
         a_very_long_grouping_key_named_three
ORDER BY a_very_long_grouping_key_named_one,
         a_very_long_grouping_key_named_two DESC,
         a_very_long_grouping_key_named_three;
`,
		},
		{
			name: "comments without positions go to the end",
			f: &ast.File{
				Stmts:    []ast.Stmt{&ast.SelectStmt{Query: &ast.Query{Select: sel(item(col("a"), ""))}}},
				Comments: []*ast.Comment{{Text: "-- one"}, {Text: "/* two */"}},
			},
			want: "SELECT a\nFROM t;\n-- one\n/* two */\n",
		},
		{
			name: "empty file",
			f:    &ast.File{},
			want: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(File(tt.f))
			if got != tt.want {
				t.Errorf("File() =\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// orChain builds c1 OR c2 OR ... where each ci is `name_i = 'value_i' AND flag_i IS NOT NULL`.
func orChain(n int, and bool) ast.Expr {
	var e ast.Expr
	for i := range n {
		s := string(rune('a' + i))
		var term ast.Expr = bin(ast.OpEq, col("customer_region_"+s), str("region-value-"+s))
		if and {
			term = bin(ast.OpAnd, term, bin(ast.OpAnd,
				&ast.Is{X: col("customer_flag_" + s), Not: true},
				bin(ast.OpGt, col("customer_amount_"+s), num("1000000"))))
		}
		if e == nil {
			e = term
		} else {
			e = bin(ast.OpOr, e, term)
		}
	}
	return e
}

func TestConditionLayout(t *testing.T) {
	stmt := func(where, having ast.Expr, on ast.Expr) *ast.File {
		s := sel(item(col("a"), ""))
		s.Where, s.Having = where, having
		if having != nil {
			s.GroupBy = []ast.Expr{col("a")}
		}
		if on != nil {
			s.Joins = []*ast.Join{{Source: &ast.TableRef{Name: id("payments"), Alias: id("p")}, On: on}}
		}
		return &ast.File{Stmts: []ast.Stmt{&ast.SelectStmt{Query: &ast.Query{Select: s}}}}
	}
	tests := []struct {
		name string
		f    *ast.File
		want string
	}{
		{"short", stmt(orChain(2, false), nil, nil), `SELECT a
FROM t
WHERE customer_region_a = 'region-value-a' OR customer_region_b = 'region-value-b';
`},
		{"or break", stmt(orChain(3, false), nil, nil), `SELECT a
FROM t
WHERE customer_region_a = 'region-value-a'
   OR customer_region_b = 'region-value-b'
   OR customer_region_c = 'region-value-c';
`},
		{"or then and break", stmt(orChain(2, true), nil, nil), `SELECT a
FROM t
WHERE customer_region_a = 'region-value-a'
  AND customer_flag_a IS NOT NULL
  AND customer_amount_a > 1000000
   OR customer_region_b = 'region-value-b'
  AND customer_flag_b IS NOT NULL
  AND customer_amount_b > 1000000;
`},
		{"having", stmt(nil, orChain(3, false), nil), `SELECT a
FROM t
GROUP BY a
HAVING customer_region_a = 'region-value-a'
    OR customer_region_b = 'region-value-b'
    OR customer_region_c = 'region-value-c';
`},
		{"and only", stmt(bin(ast.OpAnd, bin(ast.OpAnd, orChain(1, false), paren(orChain(2, false))), col("flag")), nil, nil), `SELECT a
FROM t
WHERE customer_region_a = 'region-value-a'
  AND (customer_region_a = 'region-value-a' OR customer_region_b = 'region-value-b')
  AND flag;
`},
		{"on", stmt(nil, nil, bin(ast.OpAnd,
			bin(ast.OpEq, qcol("p", "order_identifier"), qcol("o", "order_identifier")),
			&ast.Between{X: qcol("p", "ts"), Lo: qcol("o", "ts"), Hi: bin(ast.OpAdd, qcol("o", "ts"), ival(10, ast.Minute))})), `SELECT a
FROM t
JOIN payments AS p
  ON p.order_identifier = o.order_identifier AND p.ts BETWEEN o.ts AND o.ts + INTERVAL '10' MINUTE;
`},
		{"on broken", stmt(nil, nil, orChain(3, false)), `SELECT a
FROM t
JOIN payments AS p
  ON customer_region_a = 'region-value-a'
  OR customer_region_b = 'region-value-b'
  OR customer_region_c = 'region-value-c';
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(File(tt.f)); got != tt.want {
				t.Errorf("File() =\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestCaseLayout(t *testing.T) {
	tiers := func(n int) *ast.Case {
		c := &ast.Case{Else: str("bronze-tier-customer")}
		for i := range n {
			c.Whens = append(c.Whens, &ast.When{
				Cond:   bin(ast.OpGe, col("lifetime_amount"), num(strings.Repeat("9", i+3))),
				Result: str("tier-" + string(rune('a'+i))),
			})
		}
		return c
	}
	nested := tiers(2)
	nested.Else = tiers(3)
	tests := []struct {
		name string
		e    ast.Expr
		want string
	}{
		{"fits", tiers(1), `SELECT id, CASE WHEN lifetime_amount >= 999 THEN 'tier-a' ELSE 'bronze-tier-customer' END AS tier
FROM t;
`},
		{"breaks", tiers(3), `SELECT id,
       CASE
           WHEN lifetime_amount >= 999 THEN 'tier-a'
           WHEN lifetime_amount >= 9999 THEN 'tier-b'
           WHEN lifetime_amount >= 99999 THEN 'tier-c'
           ELSE 'bronze-tier-customer'
       END AS tier
FROM t;
`},
		{"inside a call", call("upper", tiers(3)), `SELECT id,
       UPPER(CASE
                 WHEN lifetime_amount >= 999 THEN 'tier-a'
                 WHEN lifetime_amount >= 9999 THEN 'tier-b'
                 WHEN lifetime_amount >= 99999 THEN 'tier-c'
                 ELSE 'bronze-tier-customer'
             END) AS tier
FROM t;
`},
		{"nested: the inner one fits once the outer breaks", nested, `SELECT id,
       CASE
           WHEN lifetime_amount >= 999 THEN 'tier-a'
           WHEN lifetime_amount >= 9999 THEN 'tier-b'
           ELSE CASE
                    WHEN lifetime_amount >= 999 THEN 'tier-a'
                    WHEN lifetime_amount >= 9999 THEN 'tier-b'
                    WHEN lifetime_amount >= 99999 THEN 'tier-c'
                    ELSE 'bronze-tier-customer'
                END
       END AS tier
FROM t;
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &ast.File{Stmts: []ast.Stmt{&ast.SelectStmt{Query: &ast.Query{Select: sel(item(col("id"), ""), item(tt.e, "tier"))}}}}
			if got := string(File(f)); got != tt.want {
				t.Errorf("File() =\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestCaseInSubqueryStaysInline checks that subqueries never break.
func TestCaseInSubqueryStaysInline(t *testing.T) {
	c := &ast.Case{}
	for range 8 {
		c.Whens = append(c.Whens, &ast.When{Cond: bin(ast.OpGe, col("amount"), num("100")), Result: str("large")})
	}
	sub := &ast.Subquery{Select: sel(item(c, "x"))}
	f := &ast.File{Stmts: []ast.Stmt{&ast.SelectStmt{Query: &ast.Query{Select: sel(item(sub, "y"))}}}}
	got := string(File(f))
	if n := strings.Count(got, "\n"); n != 2 {
		t.Errorf("want 2 lines, got:\n%s", got)
	}
}
