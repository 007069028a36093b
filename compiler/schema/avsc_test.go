package schema

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadAvroFile(t *testing.T) {
	s, err := LoadFile("trades", "trades.avsc", filepath.Join("testdata", "trades.avsc"), "")
	if err != nil {
		t.Fatal(err)
	}
	want := "symbol STRING, price DECIMAL(12,4), qty INTEGER, small INTEGER, ratio FLOAT?, weight FLOAT, ok BOOLEAN, ts TIMESTAMP, ts_us TIMESTAMP?, " +
		"day DATE, side STRING, side2 STRING, fee DECIMAL(10,2)?, fee2 DECIMAL(10,2), raw STRING, venue STRING, tags STRING, attrs STRING?, at INTEGER, id STRING"
	if got := describe(s); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := s.Origin.String(); got != "from schema file trades.avsc" {
		t.Errorf("origin %q", got)
	}
}

func TestLoadAvroErrors(t *testing.T) {
	rec := func(fields string) string { return `{"type": "record", "name": "T", "fields": [` + fields + `]}` }
	tests := []struct{ name, in, want string }{
		{"syntax", "{\"type\": \"record\",\n \"fields\": [}\n", "t.avsc:2:14: JSON syntax error: invalid character '}' looking for beginning of value"},
		{"empty", "", "t.avsc: the file is empty; want an Avro record schema"},
		{"truncated", `{"type": "record"`, "t.avsc: JSON syntax error: unexpected end of file"},
		{"trailing text", rec(`{"name": "a", "type": "int"}`) + "\n{}", "t.avsc:2:1: JSON syntax error: text after the schema"},
		{"not a record", `"string"`, "t.avsc: the schema must be an Avro record ({\"type\": \"record\", \"fields\": [...]}), not string"},
		{"enum at top", `{"type": "enum", "name": "E", "symbols": ["A"]}`, "not enum E"},
		{"no fields", `{"type": "record", "name": "T"}`, "t.avsc: the record has no fields list"},
		{"empty fields", rec(``), "t.avsc: the record has no fields"},
		{"field not an object", rec(`"a"`), "t.avsc: field 1 is not an object with name and type"},
		{"field without name", rec(`{"type": "int"}`), "t.avsc: field 1 has no name"},
		{"field without type", rec(`{"name": "a"}`), "t.avsc: field a: no type"},
		{"unknown type", rec(`{"name": "a", "type": "Money"}`), `t.avsc: field a: unknown type "Money"`},
		{"decimal without precision", rec(`{"name": "p", "type": {"type": "bytes", "logicalType": "decimal", "scale": 2}}`), "t.avsc: field p: decimal needs a precision"},
		{"decimal precision range", rec(`{"name": "p", "type": {"type": "bytes", "logicalType": "decimal", "precision": 39}}`), "field p: decimal precision must be an integer 1..38, not 39"},
		{"decimal scale range", rec(`{"name": "p", "type": {"type": "bytes", "logicalType": "decimal", "precision": 4, "scale": 5}}`), "field p: decimal scale must be an integer 0..4 (the precision), not 5"},
		{"wide union", rec(`{"name": "u", "type": ["null", "int", "string"]}`), "field u: a union of int, string is not supported (only a type and null); declare the source's columns in SQL instead"},
		{"only null", rec(`{"name": "n", "type": "null"}`), "field n: a field that is always null has no type"},
		{"union of null", rec(`{"name": "n", "type": ["null"]}`), "field n: a field that is always null has no type"},
		{"bare record keyword", rec(`{"name": "r", "type": "record"}`), `field r: "record" needs the object form {"type": "record", ...}`},
		{"type object without type", rec(`{"name": "r", "type": {"logicalType": "date"}}`), `field r: a type object needs "type"`},
		{"duplicate", rec(`{"name": "a", "type": "int"}, {"name": "A", "type": "long"}`), "t.avsc: field A: the name is given twice"},
		{"nested union", rec(`{"name": "a", "type": ["null", ["int"]]}`), "field a: a union inside a union is not valid Avro"},
		{"malformed type", rec(`{"name": "a", "type": 5}`), "field a: malformed type 5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := LoadAvro("src", "t.avsc", []byte(tt.in))
			if err == nil {
				t.Fatalf("loaded %s, want an error", describe(s))
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error\n  %v\nwant\n  %s", err, tt.want)
			}
		})
	}
}

func TestLoadAvroForms(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"null second", `{"type": "record", "name": "T", "fields": [{"name": "a", "type": ["long", "null"]}]}`, "a INTEGER?"},
		{"local timestamp", `{"type": "record", "name": "T", "fields": [{"name": "a", "type": {"type": "long", "logicalType": "local-timestamp-millis"}}]}`, "a TIMESTAMP"},
		{"logical type on the wrong base is ignored", `{"type": "record", "name": "T", "fields": [{"name": "a", "type": {"type": "string", "logicalType": "date"}}]}`, "a STRING"},
		{"decimal scale defaults to 0", `{"type": "record", "name": "T", "fields": [{"name": "a", "type": {"type": "bytes", "logicalType": "decimal", "precision": 7}}]}`, "a DECIMAL(7,0)"},
		{"forward reference", `{"type": "record", "name": "T", "namespace": "n", "fields": [{"name": "a", "type": "n.E"}, {"name": "b", "type": {"type": "enum", "name": "E", "symbols": ["X"]}}]}`, "a STRING, b STRING"},
		{"recursive record", `{"type": "record", "name": "Node", "fields": [{"name": "v", "type": "int"}, {"name": "next", "type": ["null", "Node"]}]}`, "v INTEGER, next STRING?"},
		{"error record", `{"type": "error", "name": "E", "fields": [{"name": "msg", "type": "string"}]}`, "msg STRING"},
		{"nested type object", `{"type": "record", "name": "T", "fields": [{"name": "a", "type": {"type": {"type": "int", "logicalType": "date"}}}]}`, "a DATE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := LoadAvro("src", "t.avsc", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if got := describe(s); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// FuzzLoadAvro checks that no input makes the loader panic; a schema it
// accepts has columns.
func FuzzLoadAvro(f *testing.F) {
	seed, err := os.ReadFile(filepath.Join("testdata", "trades.avsc"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`{"type": "record", "name": "N", "fields": [{"name": "n", "type": ["null", "N"]}, {"name": "e", "type": {"type": {"type": "E"}}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := LoadAvro("src", "t.avsc", data)
		if err == nil && len(s.Columns) == 0 {
			t.Errorf("no error and no columns for %q", data)
		}
	})
}
