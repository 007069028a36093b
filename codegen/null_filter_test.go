package codegen_test

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

// TestFilterOnTwoNullableColumns checks that a WHERE comparing two
// nullable columns rejects a row where either is NULL (the comparison is
// NULL). The condition's validity is a conjunction of two flags, which
// the generated filter must negate as a whole: `!(okA && okB)`, not
// `!okA && okB`, which let a row with a NULL b through.
func TestFilterOnTwoNullableColumns(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program; skipped with -short")
	}
	dir := t.TempDir()
	writeTestFile(t, dir, "t.csv", "a,b\n5,\n5,3\n1,3\n,3\n")
	bin := buildProgram(t, "CREATE STREAM t (a INTEGER, b INTEGER) WITH ('t.type' = 'file_source', 't.path' = 't.csv');\nSELECT a, b FROM t WHERE a > b;\n", dir)
	cmd := exec.Command(bin)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	if got, want := strings.TrimSpace(stdout.String()), `{"a":5,"b":3}`; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
