package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/velocsql/veloc/golden/generated"
)

// TestGeneratedUpToDate fails when pipeline/ is not what veloc gen makes
// of app.sql today; `go generate` or `go test -update` rewrites it.
func TestGeneratedUpToDate(t *testing.T) {
	generated.Check(t, ".", "app.sql", "pipeline")
}

func TestRun(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	// Payment 5 has no country: NOT IN over NULL is NULL, so it is not
	// flagged (dialect.md: three-valued logic).
	want := `{"id":2,"card":"4111-02","amount":7200.00,"reason":"large","at":"2024-05-01T09:00:03.000Z"}
{"id":3,"card":"4111-03","amount":45.10,"reason":"foreign","at":"2024-05-01T09:00:07.000Z"}
{"id":6,"card":"4111-02","amount":5000.00,"reason":"large","at":"2024-05-01T09:00:21.000Z"}
{"id":7,"card":"4111-05","amount":12000.00,"reason":"large","at":"2024-05-01T09:00:30.000Z"}
`
	if stdout.String() != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout.String(), want)
	}
	if !strings.Contains(stderr.String(), `"msg":"job finished","app":"payments","job":"flagged","records_in":7,"records_out":4,"failed":0`) {
		t.Errorf("the pipeline did not log through the program's JSON logger:\n%s", stderr.String())
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"missing input", []string{"-in", "nope.jsonl"}, 1, "payments: job flagged: open nope.jsonl: no such file or directory"},
		{"bad flag", []string{"-frob"}, 2, "flag provided but not defined: -frob"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, &stdout, &stderr)
			if code != tt.code || !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("exit %d, want %d; stderr lacks %q:\n%s", code, tt.code, tt.want, stderr.String())
			}
		})
	}
}

// TestConfigError shows New rejecting a bad property before anything runs.
func TestConfigError(t *testing.T) {
	t.Setenv("VELOC_FLAGGED_ERROR_POLICY", "ignore")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), nil, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "flagged.error.policy") {
		t.Errorf("exit %d, want 2 naming flagged.error.policy:\n%s", code, stderr.String())
	}
}
