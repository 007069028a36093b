package csvrec

import (
	"bytes"
	"encoding/csv"
	"testing"
)

func TestAppendField(t *testing.T) {
	tests := []struct {
		in, want string
		delim    byte
	}{
		{"", "", ','},
		{"abc", "abc", ','},
		{"a,b", `"a,b"`, ','},
		{"a,b", "a,b", ';'},
		{"a;b", `"a;b"`, ';'},
		{`a"b`, `"a""b"`, ','},
		{`"`, `""""`, ','},
		{"a\nb", "\"a\nb\"", ','},
		{"a\rb", "\"a\rb\"", ','},
		{" a", `" a"`, ','},
		{"\ta", "\"\ta\"", ','},
		{"a ", "a ", ','},
		{"\u00a0a", "\"\u00a0a\"", ','},
		{"\u3000a", "\"\u3000a\"", ','},
		{"é", "é", ','},
		{`\.`, `"\."`, ','},
		{`\.x`, `\.x`, ','},
		{"\xff", "\xff", ','},
	}
	for _, tt := range tests {
		got := string(AppendField([]byte("x|"), []byte(tt.in), tt.delim, '"'))
		if got != "x|"+tt.want {
			t.Errorf("AppendField(%q, %q) = %q, want %q", tt.in, tt.delim, got, "x|"+tt.want)
		}
		if got := string(AppendStringField([]byte("x|"), tt.in, tt.delim, '"')); got != "x|"+tt.want {
			t.Errorf("AppendStringField(%q, %q) = %q, want %q", tt.in, tt.delim, got, "x|"+tt.want)
		}
	}
	if got := string(AppendStringField(nil, "it's, ok", ',', '\'')); got != `'it''s, ok'` {
		t.Errorf("custom quote: %q", got)
	}
}

// FuzzAppendField checks that AppendField writes what encoding/csv.Writer
// writes and that Reader reads it back.
func FuzzAppendField(f *testing.F) {
	for _, s := range []string{"a", "a,b", "\"", " x", "\u2028", "\\.", "a\r\nb"} {
		f.Add(s, s+"2")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		var want bytes.Buffer
		w := csv.NewWriter(&want)
		w.Write([]string{a, b})
		w.Flush()
		got := AppendStringField(nil, a, ',', '"')
		got = append(got, ',')
		got = AppendField(got, []byte(b), ',', '"')
		got = append(got, '\n')
		if !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("AppendField(%q, %q) = %q; encoding/csv writes %q", a, b, got, want.Bytes())
		}
		if a == "" && b == "" {
			return // an empty line: skipped by readers
		}
		rd := NewReader(bytes.NewReader(got), Options{BufferSize: 64})
		rec, err := rd.Read()
		if err != nil || len(rec.Fields) != 2 || string(rec.Fields[0]) != normCRLF(a) || string(rec.Fields[1]) != normCRLF(b) {
			t.Fatalf("read back %q as %q, %v", got, rec.Fields, err)
		}
	})
}

// normCRLF is what reading does to a quoted field: CRLF becomes LF.
func normCRLF(s string) string {
	return string(bytes.ReplaceAll([]byte(s), []byte("\r\n"), []byte("\n")))
}

func TestAppendFieldAllocs(t *testing.T) {
	buf := make([]byte, 0, 256)
	field := []byte(`needs "quotes", really`)
	n := testing.AllocsPerRun(1000, func() {
		buf = AppendField(buf[:0], field, ',', '"')
		buf = AppendStringField(buf, "plain", ',', '"')
	})
	if n != 0 {
		t.Fatalf("%v allocations, want 0", n)
	}
}
