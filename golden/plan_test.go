package golden

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/velocsql/veloc/compiler"
	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/parser"
)

// compileGolden parses and compiles a golden SQL file.
func compileGolden(t *testing.T, path string) *plan.Program {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := parser.ParseFile(filepath.Base(path), src)
	if err != nil {
		t.Fatal(err)
	}
	p, err := compiler.Compile(f, src, compiler.Options{Dir: filepath.Dir(path)})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestPlans compiles golden/plan/*.sql and compares `veloc explain`'s
// text with golden/plan/*.plan.
func TestPlans(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(Dir(), "plan", "*.sql"))
	if len(files) == 0 {
		t.Fatal("no golden/plan/*.sql")
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			p := compileGolden(t, path)
			Check(t, strings.TrimSuffix(path, ".sql")+".plan", plan.Explain(p))
		})
	}
}
