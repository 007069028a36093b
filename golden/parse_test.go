package golden_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/velocsql/veloc/golden"
	"github.com/velocsql/veloc/parser"
	"github.com/velocsql/veloc/parser/ast"
	"github.com/velocsql/veloc/parser/diag"
)

// TestParse parses every golden/parse/NAME.sql and compares the tree,
// dumped with positions, with NAME.ast. Files named error_*.sql must fail
// to parse; NAME.err then holds every error with its source line and
// caret, as `veloc check` prints them. Run `go test ./golden -update` to
// rewrite the expectations, then read the diff.
func TestParse(t *testing.T) {
	dir := filepath.Join(golden.Dir(), "parse")
	inputs, err := filepath.Glob(filepath.Join(dir, "*.sql"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no inputs in %s (%v)", dir, err)
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".sql")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			// The base name keeps positions in the goldens independent of
			// where the checkout lives.
			f, err := parser.ParseFile(filepath.Base(in), src)
			if strings.HasPrefix(name, "error_") {
				if err == nil {
					t.Fatalf("%s parsed without error; error_* inputs must fail", in)
				}
				var list diag.List
				if !errors.As(err, &list) {
					t.Fatalf("ParseFile returned %T, want diag.List: %v", err, err)
				}
				golden.Check(t, filepath.Join(dir, name+".err"), list.Detail()+"\n")
				return
			}
			if err != nil {
				var list diag.List
				if errors.As(err, &list) {
					t.Fatalf("unexpected syntax errors:\n%s", list.Detail())
				}
				t.Fatalf("unexpected error: %v", err)
			}
			golden.Check(t, filepath.Join(dir, name+".ast"), ast.Dump(f, true))
		})
	}
}

// TestParseNoOrphans fails on a golden file whose SQL input is gone, so a
// renamed or deleted case does not leave a stale expectation behind.
func TestParseNoOrphans(t *testing.T) {
	dir := filepath.Join(golden.Dir(), "parse")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		ext := filepath.Ext(e.Name())
		if ext != ".ast" && ext != ".err" {
			continue
		}
		base := strings.TrimSuffix(e.Name(), ext)
		if _, err := os.Stat(filepath.Join(dir, base+".sql")); err != nil {
			t.Errorf("%s has no %s.sql: delete it", e.Name(), base)
			continue
		}
		if isErr := strings.HasPrefix(base, "error_"); isErr != (ext == ".err") {
			t.Errorf("%s: error_*.sql inputs have .err goldens, others .ast: delete it", e.Name())
		}
	}
}
