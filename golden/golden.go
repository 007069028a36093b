// Package golden holds veloc's golden files (SQL in; AST, plan and Go out)
// and the helper that checks them.
//
// Every test package that compares against a golden file calls Check.
// Run `go test ./... -update` to rewrite the files, then review the diff
// with git before committing: a golden file is a reviewed expectation,
// not a snapshot to accept blindly.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Update is the -update flag: rewrite golden files instead of comparing.
var Update = flag.Bool("update", false, "rewrite golden files with the current output")

// Check compares got with the golden file at path, or rewrites the file
// when -update is given. A missing file fails the test (run with -update
// to create it).
func Check(t testing.TB, path string, got string) {
	t.Helper()
	if *Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run `go test -update` to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs from the golden file (-want +got):\n%s", path, diff)
	}
}

// Dir returns the absolute path of the golden folder, found from the
// source file of this package so tests in any package can use it.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(file)
}
