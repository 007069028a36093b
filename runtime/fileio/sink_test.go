package fileio

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSink(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out", "deep", "x.csv")
	s, err := CreateSink(path, SinkOptions{BufferSize: 8})
	if err != nil {
		t.Fatal(err)
	}
	s.Write([]byte("a,1\n"))
	s.Write([]byte("b,2\n"))
	s.Write([]byte("a much longer batch\n"))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal("second Close:", err)
	}
	if _, err := s.Write([]byte("x")); err == nil {
		t.Fatal("Write after Close succeeded")
	}
	check(t, path, "a,1\nb,2\na much longer batch\n")

	// Truncate by default, append on request.
	s, _ = CreateSink(path, SinkOptions{})
	s.Write([]byte("new\n"))
	s.Close()
	check(t, path, "new\n")
	s, _ = CreateSink(path, SinkOptions{Append: true})
	s.Write([]byte("more\n"))
	s.Close()
	check(t, path, "new\nmore\n")
}

func check(t *testing.T, path, want string) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Fatalf("%s holds %q, want %q", path, got, want)
	}
}

func TestGzipSink(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.jsonl.gz")
	for range 2 { // the second time appends a gzip member
		s, err := CreateSink(path, SinkOptions{Gzip: true, Append: true})
		if err != nil {
			t.Fatal(err)
		}
		s.Write([]byte("{\"a\":1}\n"))
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	f, _ := os.Open(path)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(zr)
	if string(got) != "{\"a\":1}\n{\"a\":1}\n" {
		t.Fatalf("got %q", got)
	}
	// And a Source reads it back.
	src, err := OpenSource(path, SourceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if l := lines(t, src); len(l) != 2 {
		t.Fatalf("read back %q", l)
	}
}

func TestSinkErrors(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	os.WriteFile(blocker, nil, 0o644)
	_, err := CreateSink(filepath.Join(blocker, "x.csv"), SinkOptions{})
	if err == nil || !strings.Contains(err.Error(), filepath.Join(blocker, "x.csv")) {
		t.Errorf("sink under a file: %v", err)
	}
	_, err = CreateSink(dir, SinkOptions{})
	if err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("sink on a directory: %v", err)
	}
	// A write error is reported with the sink's name, and sticks.
	s := newSink("broken", failWriter{}, 4)
	s.Write([]byte("abc"))
	if _, err := s.Write([]byte("defgh")); err == nil || err.Error() != "write broken: boom" {
		t.Errorf("write error: %v", err)
	}
	if err := s.Close(); err == nil {
		t.Error("Close after a write error succeeded")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errBoom }

var errBoom = errors.New("boom")

func TestStdoutSink(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = w
	s := Stdout()
	os.Stdout = old
	s.Write([]byte("hello\n"))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("still open\n")) // Close did not close it
	w.Close()
	got, _ := io.ReadAll(r)
	if string(got) != "hello\nstill open\n" {
		t.Fatalf("got %q", got)
	}
}

func TestSinkAllocs(t *testing.T) {
	s, err := CreateSink(filepath.Join(t.TempDir(), "x"), SinkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	batch := bytes.Repeat([]byte("1,abc,2.5\n"), 1000)
	if n := testing.AllocsPerRun(1000, func() { s.Write(batch) }); n != 0 {
		t.Fatalf("%v allocations per batch, want 0", n)
	}
}
