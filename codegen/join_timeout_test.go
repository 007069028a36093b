//go:build unix

package codegen_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestTableReadyTimeout checks that a job whose table does not finish
// loading within '<job>.table.ready.timeout' fails with a message naming
// the table and the property, instead of waiting forever: the table's
// file is a named pipe that nobody writes until the job has failed.
func TestTableReadyTimeout(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program; skipped with -short")
	}
	dir := t.TempDir()
	for name, content := range joinFiles {
		if name != "customers.csv" {
			writeTestFile(t, dir, name, content)
		}
	}
	fifo := filepath.Join(dir, "customers.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	bin := buildProgram(t, joinDecls+"CREATE STREAM out AS SELECT o.oid, c.name FROM orders o JOIN customers c ON c.id = o.cid WITH ('out.type' = 'stdout_sink');\n", dir)
	cmd := exec.Command(bin, "--set", "out.table.ready.timeout=500ms")
	cmd.Dir = dir
	var stderr lockedBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	// The load job waits in open(2) for a writer; give the join time to
	// give up, then open and close the pipe so the load job ends too.
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(stderr.String(), "job failed") && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if w, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
		w.Close()
	}
	var err error
	select {
	case err = <-done:
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("the program did not end:\n%s", stderr.String())
	}
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("exit %v, want status 1\n%s", err, stderr.String())
	}
	want := "table customers was not loaded within 500ms ('out.table.ready.timeout')"
	if !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
	}
}
