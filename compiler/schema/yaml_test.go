package schema

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadYAMLFile(t *testing.T) {
	s, err := LoadFile("trades", "trades.schema.yaml", filepath.Join("testdata", "trades.schema.yaml"), "")
	if err != nil {
		t.Fatal(err)
	}
	want := "symbol STRING, price DECIMAL(12,4)?, fee DECIMAL(18,2)?, qty INTEGER?, ratio FLOAT?, ok BOOLEAN?, ts TIMESTAMP?, day DATE?, " +
		"volume INTEGER?, venue STRING?, notional DECIMAL(20,2)?, whole DECIMAL(10,0)?, tax DECIMAL(9,3)?"
	if got := describe(s); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := s.Origin.String(); got != "from schema file trades.schema.yaml" {
		t.Errorf("origin %q", got)
	}
}

func TestLoadYAMLErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // the whole error
	}{
		{"syntax", "fields:\n  - name: a\n    type: [string\n", "s.yaml:2: YAML syntax error: did not find expected ',' or ']'"},
		{"empty", "", "s.yaml: the file is empty; want fields: [{name, type, nullable}, ...]"},
		{"not a mapping", "- a\n", "s.yaml:1:1: want a mapping with fields: [{name, type, nullable}, ...]"},
		{"no fields", "name: trades\n", "s.yaml:1:1: no fields: want fields: [{name, type, nullable}, ...]"},
		{"fields not a list", "fields: {a: string}\n", "s.yaml:1:9: fields must be a list of {name, type, nullable}"},
		{"empty fields", "fields: []\n", "s.yaml:1:9: fields is empty"},
		{"field not a mapping", "fields:\n  - a\n", "s.yaml:2:5: each field must be a mapping {name, type, nullable}"},
		{"no name", "fields:\n  - type: string\n", "s.yaml:2:5: a field needs a name"},
		{"no type", "fields:\n  - name: a\n", "s.yaml:2:5: field a: no type"},
		{"unknown type", "fields:\n  - name: a\n    type: money\n", `s.yaml:3:11: field a: unknown type "money" (want string, integer, float, boolean, timestamp, date or decimal)`},
		{"malformed type", "fields:\n  - name: a\n    type: decimal(1,\n", `s.yaml:3:11: field a: malformed type "decimal(1," (want string, integer, float, boolean, timestamp, date or decimal)`},
		{"interval", "fields:\n  - name: a\n    type: interval\n", "s.yaml:3:11: field a: INTERVAL is not a column type"},
		{"decimal without precision", "fields:\n  - name: p\n    type: decimal\n", "s.yaml:3:11: field p: decimal needs a precision (and a scale, which defaults to 0)"},
		{"nested decimal without precision", "fields:\n  - name: p\n    type: {decimal: {}}\n", "s.yaml:3:11: field p: decimal needs a precision: {decimal: {precision: N}} means N fractional digits"},
		{"nested decimal too many digits", "fields:\n  - name: p\n    type: {decimal: {precision: 19}}\n", `s.yaml:3:33: field p: decimal precision (fractional digits) must be an integer 0..18, not "19"`},
		{"nested unknown key", "fields:\n  - name: p\n    type: {decimal: {digits: 2}}\n", `s.yaml:3:22: field p: unknown key "digits" in decimal (want precision, scale)`},
		{"mapping type not decimal", "fields:\n  - name: p\n    type: {float: {}}\n", "s.yaml:3:11: field p: a type written as a mapping must be {decimal: {precision: N}}"},
		{"ambiguous decimal(n)", "fields:\n  - name: p\n    type: decimal(4)\n", "s.yaml:3:11: field p: decimal(4) is ambiguous"},
		{"precision out of range", "fields:\n  - name: p\n    type: decimal\n    precision: 40\n", `s.yaml:4:16: field p: decimal precision must be an integer 1..38, not "40"`},
		{"scale above precision", "fields:\n  - name: p\n    type: decimal\n    precision: 4\n    scale: 5\n", `s.yaml:5:12: field p: decimal scale must be an integer 0..4 (the precision), not "5"`},
		{"precision twice", "fields:\n  - name: p\n    type: decimal(10,2)\n    precision: 4\n", "field p: give precision and scale in the type or as keys, not both"},
		{"precision on integer", "fields:\n  - name: p\n    type: integer\n    precision: 4\n", "s.yaml:4:16: field p: precision and scale apply only to decimal"},
		{"bad sql params", "fields:\n  - name: p\n    type: DECIMAL(50,2)\n", "field p: DECIMAL(50,2): precision must be 1..38 and scale 0..precision"},
		{"bad nullable", "fields:\n  - name: a\n    type: string\n    nullable: maybe\n", `s.yaml:4:15: field a: nullable must be true or false, not "maybe"`},
		{"unknown key", "fields:\n  - name: a\n    type: string\n    nulable: false\n", `s.yaml:4:5: unknown key "nulable" in a field (want name, type, nullable, precision, scale)`},
		{"duplicate", "fields:\n  - name: a\n    type: string\n  - name: A\n    type: integer\n", "s.yaml:4:11: field A: the name is given twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := LoadYAML("src", "s.yaml", []byte(tt.in))
			if err == nil {
				t.Fatalf("loaded %s, want an error", describe(s))
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error\n  %v\nwant\n  %s", err, tt.want)
			}
		})
	}
}

func TestLoadYAMLForms(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"nullable false", "fields:\n- {name: id, type: integer, nullable: false}\n", "id INTEGER"},
		{"flow list", "fields: [{name: a, type: STRING}, {name: b, type: Double}]\n", "a STRING?, b FLOAT?"},
		{"anchors", "x: &t {decimal: {precision: 3}}\nfields:\n- {name: a, type: *t}\n", "a DECIMAL(18,3)?"},
		{"zero fraction digits", "fields:\n- {name: a, type: {decimal: {precision: 0}}}\n", "a DECIMAL(18,0)?"},
		{"numeric with keys", "fields:\n- {name: a, type: numeric, precision: 30, scale: 10}\n", "a DECIMAL(30,10)?"},
		{"quoted numbers and booleans", "fields:\n- {name: a, type: decimal, precision: '9', scale: \"2\", nullable: 'FALSE'}\n", "a DECIMAL(9,2)"},
		{"other top-level keys", "name: trades\nversion: 2\nfields:\n- {name: a, type: text, doc: x}\n", "a STRING?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := LoadYAML("src", "s.yaml", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if got := describe(s); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestLoadFileErrors(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "s.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, path, message, want string }{
		{"missing", filepath.Join(dir, "nope.yaml"), "", "nope.yaml: cannot read it: no such file or directory"},
		{"unknown extension", filepath.Join(dir, "s.json"), "", "s.json: unknown schema file format: want .yaml (or .yml), .avsc or .proto"},
		{"message for yaml", filepath.Join("testdata", "trades.schema.yaml"), "Trade", "a message name applies only to a .proto schema file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadFile("src", filepath.Base(tt.path), tt.path, tt.message)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// FuzzLoadYAML checks that no input makes the loader panic; a schema it
// accepts has columns.
func FuzzLoadYAML(f *testing.F) {
	seed, err := os.ReadFile(filepath.Join("testdata", "trades.schema.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte("fields:\n- {name: a, type: {decimal: {precision: 2}}}\n- {name: b, type: 'DECIMAL(3,1)', nullable: no}\n"))
	f.Add([]byte("x: &a [*a]\nfields: *a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := LoadYAML("src", "s.yaml", data)
		if err == nil && len(s.Columns) == 0 {
			t.Errorf("no error and no columns for %q", data)
		}
	})
}
