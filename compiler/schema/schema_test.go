package schema

import (
	"strings"
	"testing"

	"github.com/velocsql/veloc/compiler/types"
	"github.com/velocsql/veloc/parser/ast"
)

// describe renders columns as "name TYPE[?]" where ? marks nullable.
func describe(s *Schema) string {
	var parts []string
	for _, c := range s.Columns {
		p := c.Name + " " + c.Type.String()
		if c.Nullable {
			p += "?"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ", ")
}

func TestInferCSV(t *testing.T) {
	tests := []struct {
		name, in string
		opts     CSVOptions
		want     string
	}{
		{"types", "id,name,price,qty,ok\n1,bolt,2.5,4,true\n2,nut,0.1,-3,FALSE\n",
			CSVOptions{HasHeader: true}, "id INTEGER, name STRING, price FLOAT, qty INTEGER, ok BOOLEAN"},
		{"empty cells are NULL", "id,nick,score\n1,,10\n2,bo,\n",
			CSVOptions{HasHeader: true}, "id INTEGER, nick STRING?, score INTEGER?"},
		{"int and float widen to FLOAT", "x\n1\n2.5\n", CSVOptions{HasHeader: true}, "x FLOAT"},
		{"0/1 is INTEGER", "flag\n0\n1\n", CSVOptions{HasHeader: true}, "flag INTEGER"},
		{"quoted number is a number", "n\n\"42\"\n", CSVOptions{HasHeader: true}, "n INTEGER"},
		{"NaN is text", "n\nNaN\n1\n", CSVOptions{HasHeader: true}, "n STRING"},
		{"no values is STRING", "a,b\n1,\n2,\n", CSVOptions{HasHeader: true}, "a INTEGER, b STRING?"},
		{"bool and int mix is STRING", "a\ntrue\n1\n", CSVOptions{HasHeader: true}, "a STRING"},
		{"quoted newlines", "id,body\n1,\"line one\nline two\"\n2,\"a,b\"\n", CSVOptions{HasHeader: true}, "id INTEGER, body STRING"},
		{"headerless with delimiter", "Hamburg;12.0\nOslo;-3.5\n", CSVOptions{Delimiter: ';'}, "column_0 STRING, column_1 FLOAT"},
		{"short rows are nullable", "a,b\n1,2\n3\n", CSVOptions{HasHeader: true}, "a INTEGER, b INTEGER?"},
		{"BOM is dropped", "\uFEFFid\n1\n", CSVOptions{HasHeader: true}, "id INTEGER"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := InferCSV("src", "in.csv", strings.NewReader(tt.in), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if got := describe(s); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
	if _, err := InferCSV("src", "empty.csv", strings.NewReader(""), CSVOptions{HasHeader: true}); err == nil || !strings.Contains(err.Error(), "empty.csv") {
		t.Errorf("empty file: err = %v, want one naming the file", err)
	}
}

func TestInferJSONL(t *testing.T) {
	in := `{"id": 1, "user": "ann", "amount": 12.5, "ok": true, "note": "first"}
{"id": 2, "user": "bob", "amount": 3, "ok": false, "note": null}

{"id": 3, "user": "café", "amount": 7.25, "ok": true, "tags": ["a"], "extra": {"x": 1}}
`
	s, err := InferJSONL("events", "events.jsonl", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := "id INTEGER, user STRING, amount FLOAT, ok BOOLEAN, note STRING?, tags STRING?, extra STRING?"
	if got := describe(s); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	for _, bad := range []string{"[1,2]\n", "{\"a\": }\n", "{\"a\": 1} {\"b\": 2}\n"} {
		if _, err := InferJSONL("x", "x.jsonl", strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "x.jsonl:1") {
			t.Errorf("InferJSONL(%q) err = %v, want one naming x.jsonl:1", bad, err)
		}
	}
}

func TestFromDeclaration(t *testing.T) {
	id := func(n string) *ast.Ident { return &ast.Ident{Name: n, Pos: ast.Pos{Line: 1, Col: 1}} }
	typ := func(n string, p ...int64) *ast.TypeName { return &ast.TypeName{Name: n, Params: p} }
	d := &ast.CreateSource{
		Name: id("trades"),
		Columns: []*ast.ColumnDef{
			{Name: id("symbol"), Type: typ("STRING")},
			{Name: id("price"), Type: typ("DECIMAL", 12, 4)},
			{Name: id("qty"), Type: typ("BIGINT"), NotNull: true},
			{Name: id("ts"), Type: typ("TIMESTAMP")},
		},
		PrimaryKey: &ast.PrimaryKey{Columns: []*ast.Ident{id("SYMBOL")}},
	}
	s, errs := FromDeclaration(d)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if got, want := describe(s), "symbol STRING, price DECIMAL(12,4)?, qty INTEGER, ts TIMESTAMP?"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	bad := &ast.CreateSource{Name: id("t"), Columns: []*ast.ColumnDef{
		{Name: id("a"), Type: typ("BLOB")},
		{Name: id("b"), Type: typ("INT")},
		{Name: id("B"), Type: typ("INT")},
	}, PrimaryKey: &ast.PrimaryKey{Columns: []*ast.Ident{id("zz")}}}
	if _, errs := FromDeclaration(bad); len(errs) != 3 {
		t.Errorf("want 3 errors (unknown type, duplicate, bad key), got %v", errs)
	}
}

func TestFromHints(t *testing.T) {
	ann := func(k, v string) *ast.Annotation { return &ast.Annotation{Key: k, Value: v, Pos: ast.Pos{Line: 3}} }
	got, errs := FromHints([]*ast.Annotation{
		ann("app", "x"),
		ann("data.source", "in_market_data"),
		ann("data.record_count", "1000"),
		ann("data.symbol.type", "string"),
		ann("data.symbol", `enum ["AAPL"]`),
		ann("data.price.type", "decimal(4)"),
		ann("data.volume.type", "integer"),
		ann("data.bid_price.derived", "price * 2"),
		ann("data.source", "other"),
		ann("data.ts.type", "timestamp"),
	})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if d := describe(got["in_market_data"]); d != "symbol STRING?, price DECIMAL(18,4)?, volume INTEGER?" {
		t.Errorf("in_market_data: %s", d)
	}
	if d := describe(got["other"]); d != "ts TIMESTAMP?" {
		t.Errorf("other: %s", d)
	}
	_, errs = FromHints([]*ast.Annotation{ann("data.x.type", "integer"), ann("data.source", "s"), ann("data.y.type", "blob")})
	if len(errs) != 2 {
		t.Errorf("want 2 errors (hint before source, unknown type), got %v", errs)
	}
}

func TestLookupAndString(t *testing.T) {
	s := &Schema{Source: "t", Columns: []Column{{Name: "Amount", Type: types.IntType}, {Name: "amount", Type: types.FloatType, Nullable: true}}}
	if i, _ := s.Lookup("amount", false); i != 1 {
		t.Errorf("exact match should win, got %d", i)
	}
	if i, _ := s.Lookup("AMOUNT", false); i != 0 {
		t.Errorf("case-insensitive match: got %d", i)
	}
	if _, ok := s.Lookup("AMOUNT", true); ok {
		t.Error("quoted names must match exactly")
	}
	want := "CREATE STREAM t (\n    Amount INTEGER NOT NULL,\n    amount FLOAT\n)"
	if s.String() != want {
		t.Errorf("String() =\n%s\nwant\n%s", s.String(), want)
	}
}
