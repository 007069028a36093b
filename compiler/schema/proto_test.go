package schema

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadProtoFile(t *testing.T) {
	trade := "symbol STRING, price FLOAT, qty INTEGER, small INTEGER, delta INTEGER, seq INTEGER, weight FLOAT, ok BOOLEAN, ts TIMESTAMP?, side STRING, " +
		"note STRING?, raw STRING, tags STRING?, attrs STRING?, venue STRING?, maybe INTEGER?, name STRING?, number INTEGER?"
	tests := []struct{ name, file, message, want string }{
		{"by name", "trades.proto", "Trade", trade},
		{"by full name", "trades.proto", "market.Trade", trade},
		{"leading dot", "trades.proto", ".market.Quote", "symbol STRING, bid FLOAT, ask FLOAT"},
		{"nested", "trades.proto", "Trade.Venue", "mic STRING"},
		{"nested by its own name", "trades.proto", "Venue", "mic STRING"},
		{"only message, proto2, local import", "single.proto", "", "id INTEGER, customer STRING?, amount STRING?, placed TIMESTAMP"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := LoadFile("src", tt.file, filepath.Join("testdata", tt.file), tt.message)
			if err != nil {
				t.Fatal(err)
			}
			if got := describe(s); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if got, want := s.Origin.String(), "from schema file "+tt.file; got != want {
				t.Errorf("origin %q, want %q", got, want)
			}
		})
	}
}

func TestLoadProtoErrors(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string // written to a temporary folder; p.proto is loaded
		message string
		want    string
	}{
		{"syntax error", map[string]string{"p.proto": "syntax = \"proto3\";\nmessage T {\n  int64 id = 1\n}\n"}, "",
			"p.proto:4:1: the .proto file does not compile: syntax error: expecting ';'"},
		{"unknown field type", map[string]string{"p.proto": "syntax = \"proto3\";\nmessage T {\n  Money m = 1;\n  Cash c = 2;\n}\n"}, "",
			`p.proto:3:3: the .proto file does not compile: field T.m: unknown type Money (and 1 more error)`},
		{"missing import", map[string]string{"p.proto": "syntax = \"proto3\";\nimport \"other.proto\";\nmessage T { int64 id = 1; }\n"}, "",
			`p.proto: import "other.proto": there is no such file beside p.proto`},
		{"error in an import", map[string]string{"p.proto": "syntax = \"proto3\";\nimport \"other.proto\";\nmessage T { int64 id = 1; }\n", "other.proto": "syntax = \"proto3\";\nmessage {\n"}, "",
			"other.proto:2:9: the .proto file does not compile: syntax error"},
		{"no message", map[string]string{"p.proto": "syntax = \"proto3\";\nenum E { A = 0; }\n"}, "", "p.proto: the file defines no message"},
		{"several messages", map[string]string{"p.proto": "syntax = \"proto3\";\nmessage B { int64 id = 1; }\nmessage A { int64 id = 1; }\n"}, "",
			"p.proto: the file defines several messages (A, B): name one with 'src.schema.message'"},
		{"unknown message", map[string]string{"p.proto": "syntax = \"proto3\";\npackage x;\nmessage B { int64 id = 1; message In { int64 v = 1; } }\nmessage A { int64 id = 1; }\n"}, "C",
			"p.proto: no message C; the file has A, B, B.In"},
		{"ambiguous nested name", map[string]string{"p.proto": "syntax = \"proto3\";\nmessage A { message In { int64 v = 1; } }\nmessage B { message In { int64 v = 1; } }\n"}, "In",
			"p.proto: message name In is ambiguous: write A.In or B.In"},
		{"no fields", map[string]string{"p.proto": "syntax = \"proto3\";\npackage x;\nmessage Empty {}\n"}, "", "p.proto: message x.Empty has no fields"},
		{"names differing in case", map[string]string{"p.proto": "syntax = \"proto2\";\nmessage T {\n  optional int64 id = 1;\n  optional int64 ID = 2;\n}\n"}, "",
			"p.proto:4:3: field ID: another field of T has the same name but for case; SQL names ignore case"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, text := range tt.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			s, err := LoadProto("src", "p.proto", filepath.Join(dir, "p.proto"), tt.message)
			if err == nil {
				t.Fatalf("loaded %s, want an error", describe(s))
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error\n  %v\nwant\n  %s", err, tt.want)
			}
		})
	}
	t.Run("missing file", func(t *testing.T) {
		_, err := LoadProto("src", "gone.proto", filepath.Join(t.TempDir(), "gone.proto"), "")
		if err == nil || err.Error() != "gone.proto: cannot read it: no such file or directory" {
			t.Errorf("error %v", err)
		}
	})
	t.Run("path as written names errors", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "p.proto"), []byte("syntax = \"proto3\";\nmessage {\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := LoadProto("src", "../schemas/p.proto", filepath.Join(dir, "p.proto"), "")
		if err == nil || !strings.HasPrefix(err.Error(), "../schemas/p.proto:2:9: ") {
			t.Errorf("error %v, want one naming ../schemas/p.proto:2:9", err)
		}
	})
}
