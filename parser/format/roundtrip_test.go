package format

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/velocsql/veloc/golden"
	"github.com/velocsql/veloc/parser"
	"github.com/velocsql/veloc/parser/ast"
)

// conformanceGlob finds the shared conformance queries from this package's
// directory.
const conformanceGlob = "../../../shared/conformance/cases/*/*/query.sql"

// parseGoldenGlob finds the parser's golden inputs, which cover every
// construct of the grammar; the error_*.sql among them do not parse.
const parseGoldenGlob = "../../golden/parse/*.sql"

// unparsable lists the inputs that are syntax errors on purpose.
var unparsable = map[string]bool{
	"08-errors/05-syntax-error": true,
}

// goldenInputs are the testdata files whose formatted output is also
// compared with testdata/<name>.golden, so layout changes get reviewed.
var goldenInputs = map[string]bool{
	"layout.sql":      true,
	"comments.sql":    true,
	"annotations.sql": true,
	"spellings.sql":   true,
	"edge.sql":        true,
}

// inputs returns the SQL files the round trip tests read, with a short
// name for each; files that are syntax errors on purpose are left out.
func inputs(t *testing.T) (paths, names []string) {
	t.Helper()
	var all []string
	for _, glob := range []string{"testdata/*.sql", conformanceGlob, parseGoldenGlob} {
		m, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		if len(m) == 0 && glob == conformanceGlob {
			t.Log("conformance cases not found; skipping them")
		}
		all = append(all, m...)
	}
	for _, path := range all {
		name := path
		switch {
		case strings.HasSuffix(path, "/query.sql"):
			name = filepath.Base(filepath.Dir(filepath.Dir(path))) + "/" + filepath.Base(filepath.Dir(path))
		case strings.HasPrefix(path, "../"):
			name = "golden/parse/" + filepath.Base(path)
		}
		if unparsable[name] || strings.HasPrefix(filepath.Base(path), "error_") {
			continue
		}
		paths, names = append(paths, path), append(names, name)
	}
	return paths, names
}

// TestRoundTrip formats every conformance query, every parser golden
// input and every testdata/*.sql and checks that the output parses to the
// same tree (comments included), that formatting is idempotent, and that
// no comment is lost.
func TestRoundTrip(t *testing.T) {
	paths, names := inputs(t)
	for i, path := range paths {
		t.Run(names[i], func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			out := roundTrip(t, path, src)
			if goldenInputs[filepath.Base(path)] && strings.HasPrefix(path, "testdata/") {
				golden.Check(t, strings.TrimSuffix(path, ".sql")+".golden", string(out))
			}
		})
	}
}

// TestCommentAnywhere inserts a comment into the gaps between tokens of
// every input, one at a time, in each of four shapes (inline block,
// trailing line, own-line line, own-line block), and runs the round trip
// on each variant: comments in places no hand-written test thought of.
// By default it tries every allGapsStride-th variant; set
// VELOC_FMT_ALL_GAPS=1 to try them all (some 36,000, about 20 seconds).
func TestCommentAnywhere(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	stride := allGapsStride
	if os.Getenv("VELOC_FMT_ALL_GAPS") != "" {
		stride = 1
	}
	shapes := []string{" /* c */ ", " -- c\n", "\n-- c\n", "\n/* c */\n"}
	paths, names := inputs(t)
	n, tried, failed := 0, 0, 0
	for f, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i < len(src); i++ {
			if !isSpace(src[i]) || isSpace(src[i-1]) {
				continue // not the start of a gap after a token
			}
			for _, shape := range shapes {
				if n++; n%stride != 0 {
					continue
				}
				in := string(src[:i]) + shape + string(src[i:])
				if _, err := parser.ParseFile("x.sql", []byte(in)); err != nil {
					continue // inside a string literal or a comment
				}
				tried++
				if _, err := check("x.sql", []byte(in)); err != nil {
					if failed++; failed <= 3 {
						t.Errorf("%s with %q inserted at byte %d (...%s<HERE>%s...):\n%v",
							names[f], shape, i, src[max(0, i-40):i], src[i:min(len(src), i+30)], err)
					}
				}
			}
		}
	}
	t.Logf("%d variants tried, %d failed", tried, failed)
}

// allGapsStride makes TestCommentAnywhere try one variant in seven by
// default, which covers every input and shape in a few seconds.
const allGapsStride = 7

func isSpace(b byte) bool { return b == ' ' || b == '\n' || b == '\t' || b == '\r' }

// roundTrip runs the round trip checks on src and returns the formatted text.
func roundTrip(t *testing.T, filename string, src []byte) []byte {
	t.Helper()
	out, err := check(filename, src)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// check formats src and verifies the round trip: the output parses, to
// the same tree (comments included), formats to itself, keeps every
// comment, and follows the textual rules.
func check(filename string, src []byte) ([]byte, error) {
	orig, err := parser.ParseFile(filename, src)
	if err != nil {
		return nil, fmt.Errorf("parse input: %v", err)
	}
	out := File(orig)
	re, err := parser.ParseFile(filename, out)
	if err != nil {
		return out, fmt.Errorf("formatted output does not parse: %v\n%s", err, numbered(out))
	}
	if got, want := ast.Dump(re, false), ast.Dump(canonical(orig), false); got != want {
		return out, fmt.Errorf("formatted output parses to a different tree\n%s\n%s", numbered(out), lineDiff(want, got))
	}
	if again := File(re); string(again) != string(out) {
		return out, fmt.Errorf("not idempotent: formatting the output again gives\n%s\n%s", numbered(again), lineDiff(string(out), string(again)))
	}
	if len(re.Comments) != len(orig.Comments) {
		return out, fmt.Errorf("%d comments in, %d out", len(orig.Comments), len(re.Comments))
	}
	return out, checkText(out)
}

// checkText checks the textual rules: one final newline, no trailing
// spaces outside comments, no two blank lines in a row.
func checkText(out []byte) error {
	s := string(out)
	if !strings.HasSuffix(s, "\n") || strings.HasSuffix(s, "\n\n") {
		return fmt.Errorf("output must end with exactly one newline: %q", s[max(0, len(s)-20):])
	}
	if strings.Contains(s, "\n\n\n") {
		return fmt.Errorf("two blank lines in a row:\n%s", s)
	}
	for i, l := range strings.Split(s, "\n") {
		if strings.TrimRight(l, " \t") != l && !strings.Contains(l, "--") && !strings.Contains(l, "*/") {
			return fmt.Errorf("line %d has trailing spaces: %q", i+1, l)
		}
	}
	return nil
}

// canonical returns f as formatting intends to change it: function names
// upper-case (the only spelling the tree keeps that the canonical form
// changes). It edits f in place; tests parse their own copy.
func canonical(f *ast.File) *ast.File {
	walk(reflect.ValueOf(f), func(v reflect.Value) {
		if c, ok := v.Interface().(*ast.Call); ok && c.Name != nil && !c.Name.Quoted {
			c.Name.Name = strings.ToUpper(c.Name.Name)
		}
	})
	return f
}

// walk calls fn on every pointer reachable from v.
func walk(v reflect.Value, fn func(reflect.Value)) {
	switch v.Kind() {
	case reflect.Interface:
		if !v.IsNil() {
			walk(v.Elem(), fn)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			fn(v)
			walk(v.Elem(), fn)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				walk(v.Field(i), fn)
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			walk(v.Index(i), fn)
		}
	}
}

// numbered returns text with line numbers, for failure messages.
func numbered(b []byte) string {
	var sb strings.Builder
	for i, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		fmt.Fprintf(&sb, "%3d| %s\n", i+1, l)
	}
	return sb.String()
}

// lineDiff shows the first differing lines of want and got.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			lo := max(0, i-3)
			return fmt.Sprintf("first difference at line %d:\nwant:\n%s\ngot:\n%s", i+1,
				strings.Join(w[lo:min(len(w), i+4)], "\n"), strings.Join(g[lo:min(len(g), i+4)], "\n"))
		}
	}
	return "(no line differs)"
}

// TestEmpty checks that a file with nothing in it prints as nothing.
func TestEmpty(t *testing.T) {
	for _, in := range []string{"", "\n\n  \n"} {
		f, err := parser.ParseFile("in.sql", []byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if out := File(f); len(out) != 0 {
			t.Errorf("File(%q) = %q, want nothing", in, out)
		}
	}
}

// TestCRLF checks that Windows line ends round-trip: comments never hold
// the \r of a line end, and the output uses \n.
func TestCRLF(t *testing.T) {
	for _, name := range []string{"comments.sql", "annotations.sql", "edge.sql"} {
		src, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		crlf := strings.ReplaceAll(string(src), "\n", "\r\n")
		t.Run(name, func(t *testing.T) {
			out := roundTrip(t, name, []byte(crlf))
			want, err := check(name, src)
			if err != nil {
				t.Fatal(err)
			}
			// Only a block comment or string over several lines keeps its \r.
			if strings.ReplaceAll(string(out), "\r", "") != string(want) {
				t.Errorf("CRLF input formats differently:\n%s", out)
			}
		})
	}
}

// TestParsedStatements checks the printing of parsed inputs, one form each.
func TestParsedStatements(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"bare select", "select a,b from t", "SELECT a, b\nFROM t;\n"},
		{"keywords and aliases", "select count(*) cnt, x as \"Y\" from t tt where not x is null and y<>1 group by x",
			"SELECT COUNT(*) AS cnt, x AS \"Y\"\nFROM t AS tt\nWHERE NOT x IS NULL AND y <> 1\nGROUP BY x;\n"},
		{"clause order", "select a, count(*) as n from t window tumbling(5m) group by a emit changes limit 3",
			"SELECT a, COUNT(*) AS n\nFROM t\nGROUP BY a\nWINDOW TUMBLING(INTERVAL '5' MINUTE)\nLIMIT 3\nEMIT CHANGES;\n"},
		{"insert", "insert into sink select * from src with (\"a\" = \"b\")",
			"INSERT INTO sink\nSELECT *\nFROM src\nWITH (\n    'a' = 'b'\n);\n"},
		{"source", "create table t (a string, b int not null, primary key (a)) with ('t.type'='file_source')",
			"CREATE TABLE t (\n    a STRING,\n    b INT NOT NULL,\n    PRIMARY KEY (a)\n) WITH (\n    't.type' = 'file_source'\n);\n"},
		{"source without with", "create stream s (a string)", "CREATE STREAM s (\n    a STRING\n);\n"},
		{"ctas", "create or replace stream o as select * from i; select 1 x from o",
			"CREATE OR REPLACE STREAM o AS\nSELECT *\nFROM i;\n\nSELECT 1 AS x\nFROM o;\n"},
		{"only comments", "\n\n-- a\n/* b */\n\n\n-- c\n\n", "-- a\n/* b */\n\n-- c\n"},
		{"blank lines between statements", "select a from t;\n\n\n\nselect b from t;select c from t;",
			"SELECT a\nFROM t;\n\nSELECT b\nFROM t;\n\nSELECT c\nFROM t;\n"},
		// The lexer does not count a `;` as code a comment can trail, so
		// `-- z` is on a line of its own.
		{"block comment before the semicolon", "select a from t /* x\n y */; -- z\nselect b from t",
			"SELECT a\nFROM t /* x\n y */;\n\n-- z\nSELECT b\nFROM t;\n"},
		{"block comment before the semicolon, trailing after", "select a from t /* x */; -- z\nselect b from t",
			"SELECT a\nFROM t /* x */;  -- z\n\nSELECT b\nFROM t;\n"},
		{"line comment before the semicolon", "select a from t -- x\n; select b from t",
			"SELECT a\nFROM t;  -- x\n\nSELECT b\nFROM t;\n"},
		{"own-line comment before the semicolon", "select a from t\n-- x\n;",
			"SELECT a\nFROM t\n-- x\n;\n"},
		{"trailing after a keyword", "select a\n-- own\nfrom /* k */ t -- after t\nwhere -- w\n b",
			"SELECT a\n-- own\nFROM /* k */ t  -- after t\nWHERE  -- w\n    b;\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(roundTrip(t, "in.sql", []byte(tt.in)))
			if got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}
