package app

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestProgressLine(t *testing.T) {
	tests := []struct {
		records, bytes, total int64
		elapsed               time.Duration
		want                  string
	}{
		{0, 0, 0, 0, "0 records  0 B"},
		{1234567, 45 << 20, 120 << 20, 10 * time.Second, "1,234,567 records  45.0 MB of 120.0 MB (37%)  123.5k records/s  ETA 0:17"},
		{999, 512, 1024, time.Second, "999 records  512 B of 1.0 kB (50%)  999 records/s  ETA 0:01"},
		{10, 1023 << 10, 2000 << 20, time.Second, "10 records  1.0 MB of 2.0 GB (0%)  10 records/s  ETA 33:21"},
		{5_000_000, 3 << 30, 3 << 30, 2 * time.Second, "5,000,000 records  3.0 GB of 3.0 GB (100%)  2.5M records/s"},
		{10, 100, 0, time.Hour, "10 records  100 B  0 records/s"}, // gzip: no total, no ETA
		{1, 1, 10000, time.Hour, "1 records  1 B of 9.8 kB (0%)  0 records/s  ETA 9999:00:00"},
	}
	for _, tt := range tests {
		if got := progressLine(tt.records, tt.bytes, tt.total, tt.elapsed); got != tt.want {
			t.Errorf("progressLine(%d, %d, %d, %v) =\n%q, want\n%q", tt.records, tt.bytes, tt.total, tt.elapsed, got, tt.want)
		}
	}
}

// TestTermWriterKeepsLineBelowLogs: a log line written while the progress
// line shows erases it, is written, and the progress line comes back.
func TestTermWriterKeepsLineBelowLogs(t *testing.T) {
	var b bytes.Buffer
	tw := &termWriter{w: &b}
	tw.Write([]byte("first log\n"))
	tw.show("10 records")
	tw.Write([]byte("second log\n"))
	tw.show("20 records")
	tw.show("")
	want := "first log\n" + clearLine + "10 records" + clearLine + "second log\n10 records" + clearLine + "20 records" + clearLine
	if b.String() != want {
		t.Errorf("terminal got\n%q, want\n%q", b.String(), want)
	}
}

// TestNoProgressWithoutTerminal: stderr that is a file or a buffer gets
// log lines only, never the carriage returns of a progress line.
func TestNoProgressWithoutTerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, w := range []any{f, &bytes.Buffer{}} {
		if isTerminal(w.(interface{ Write([]byte) (int, error) })) {
			t.Errorf("%T is taken for a terminal", w)
		}
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "orders.csv")
	writeFile(t, in, "id,customer,amount\n1,a,5\n2,b,7\n")
	code, _, stderr := runMain(t, pickedProgram(), "--set", "orders.path="+in, "--set", "picked.path="+filepath.Join(dir, "p.csv"))
	if code != 0 || strings.Contains(stderr, "\r") || strings.Contains(stderr, "records/s") {
		t.Errorf("exit %d, stderr with a progress line:\n%q", code, stderr)
	}
}
