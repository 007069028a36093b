package parser_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/velocsql/veloc/parser"
	"github.com/velocsql/veloc/parser/ast"
	"github.com/velocsql/veloc/parser/format"
)

// FuzzParse checks two promises on any input: the parser never panics, and
// for input that parses, `veloc fmt` is faithful and stable — the
// formatted text parses to an equal tree (positions aside, and function
// names upper-case, the one spelling the canonical form changes) and
// formatting it again changes nothing.
//
// The seeds (run by every `go test`) are the golden parse inputs, the
// conformance queries and a few awkward strings; `make fuzz` explores from
// there. A crasher found by the fuzzer is saved under testdata/fuzz and
// then runs as a regression test.
func FuzzParse(f *testing.F) {
	for _, pattern := range seedGlobs() {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			if src, err := os.ReadFile(file); err == nil {
				f.Add(src)
			}
		}
	}
	for _, s := range []string{
		"",
		";",
		";;;",
		"SELECT",
		"SELECT * FROM t",
		"SELECT a FROM t WHERE",
		"SELECT 'unterminated",
		"SELECT \"unterminated",
		"SELECT `unterminated",
		"/* unterminated",
		"-- only a comment",
		"-- @metric: m\n-- @metric_condition: a >\nSELECT a FROM t;",
		"-- @metric_condition: x\n",
		"SELECT ((((((((((a)))))))))) FROM t;",
		"SELECT a[1][2][3] FROM t;",
		"SELECT - - - - 1 FROM t;",
		"SELECT CASE END FROM t;",
		"SELECT CAST(a AS DECIMAL(99999999999999999999, 2)) FROM t;",
		"SELECT a FROM t WINDOW TUMBLING(99999999999999999999d);",
		"SELECT a FROM t WINDOW TUMBLING(INTERVAL '-5' MINUTE);",
		"SELECT 1e999, 0x10, 1.2.3 FROM t;",
		"SELECT a FROM t\x00;",
		"SELECT \xff\xfe FROM t;",
		"SELECT a FROM t WITH ('k' = 'v'",
		"CREATE TABLE t (a INT, PRIMARY KEY (a)) WITH ('t.type' = 'file_source');",
		"SELECT a AS \"\" FROM t;",
		"SELECT `a\"b` FROM \"t`u\";",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		tree, err := parser.ParseFile("fuzz.sql", src)
		if err != nil {
			return
		}
		out := format.File(tree)
		again, err := parser.ParseFile("fuzz.sql", out)
		if err != nil {
			t.Fatalf("formatted output does not parse: %v\ninput:\n%s\nformatted:\n%s", err, src, out)
		}
		if want, got := ast.Dump(upperCalls(tree), false), ast.Dump(again, false); want != got {
			t.Fatalf("formatting changed the tree\ninput:\n%s\nformatted:\n%s\ntree before:\n%s\ntree after:\n%s",
				src, out, want, got)
		}
		if out2 := format.File(again); !bytes.Equal(out, out2) {
			t.Fatalf("formatting is not idempotent\ninput:\n%s\nfirst:\n%s\nsecond:\n%s", src, out, out2)
		}
	})
}

// seedGlobs returns where seed inputs live: the golden parse inputs and
// the conformance queries (at $VELOC_CONFORMANCE_DIR, else
// ../shared/conformance beside the repository; absent is fine).
func seedGlobs() []string {
	conf := os.Getenv("VELOC_CONFORMANCE_DIR")
	if conf == "" {
		conf = filepath.Join("..", "..", "shared", "conformance")
	}
	return []string{
		filepath.Join("..", "golden", "parse", "*.sql"),
		filepath.Join(conf, "cases", "*", "*", "query.sql"),
	}
}

// upperCalls upper-cases the unquoted function names of f, in place, as
// `veloc fmt` prints them: the tree keeps names as written (they compare
// case-insensitively), so `count(*)` and `COUNT(*)` differ only there.
// @metric_condition expressions are left alone: they are comments, which
// fmt prints verbatim. It is called after f has been formatted.
func upperCalls(f *ast.File) *ast.File {
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Interface, reflect.Pointer:
			if v.IsNil() {
				return
			}
			switch n := v.Interface().(type) {
			case *ast.Call:
				if n.Name != nil && !n.Name.Quoted {
					n.Name.Name = strings.ToUpper(n.Name.Name)
				}
			case *ast.MetricBlock:
				return // its condition lives in a comment, printed verbatim
			}
			walk(v.Elem())
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		case reflect.Slice:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i))
			}
		}
	}
	walk(reflect.ValueOf(f))
	return f
}
