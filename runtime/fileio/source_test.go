package fileio

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/velocsql/veloc/runtime/csvrec"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".gz") {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(content))
		zw.Close()
		content = b.String()
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// lines reads every line of every file of src as "file:num:text".
func lines(t *testing.T, src *Source) []string {
	t.Helper()
	var out []string
	for src.NextFile() {
		for {
			l, err := src.ReadLine()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, filepath.Base(l.File)+":"+itoa(l.Num)+":"+string(l.Bytes))
		}
	}
	if err := src.Err(); err != nil {
		t.Fatal(err)
	}
	if err := src.Close(); err != nil {
		t.Fatal(err)
	}
	return out
}

func itoa(n int) string { return string(rune('0'+n/10)) + string(rune('0'+n%10)) }

func TestReadLines(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "b.jsonl"), "{\"b\":1}\r\n\n  \r\n{\"b\":2}")
	write(t, filepath.Join(dir, "a.jsonl"), "\xef\xbb\xbf{\"a\":1}\n{\"a\":2}\n")
	write(t, filepath.Join(dir, "c.jsonl.gz"), "{\"c\":1}\n")
	write(t, filepath.Join(dir, "skip.csv"), "x\n")
	want := []string{"a.jsonl:01:{\"a\":1}", "a.jsonl:02:{\"a\":2}", "b.jsonl:01:{\"b\":1}", "b.jsonl:04:{\"b\":2}", "c.jsonl.gz:01:{\"c\":1}"}
	for _, opts := range []SourceOptions{{}, {BufferSize: 1}, {Mmap: true}} {
		src, err := OpenSource(filepath.Join(dir, "*.jsonl*"), opts)
		if err != nil {
			t.Fatal(err)
		}
		if got := lines(t, src); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%+v: got %q, want %q", opts, got, want)
		}
	}
}

func TestLongLine(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("x", 1<<20)
	write(t, filepath.Join(dir, "l.jsonl"), "a\n"+long+"\nb\n")
	src, err := OpenSource(filepath.Join(dir, "l.jsonl"), SourceOptions{BufferSize: 16})
	if err != nil {
		t.Fatal(err)
	}
	got := lines(t, src)
	if len(got) != 3 || got[1] != "l.jsonl:02:"+long {
		t.Fatalf("got %d lines", len(got))
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	_, err := OpenSource("no_such_orders.csv", SourceOptions{})
	if err == nil || err.Error() != "open no_such_orders.csv: no such file or directory" || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	_, err = OpenSource("data/*.csv", SourceOptions{})
	if err == nil || err.Error() != `no files match "data/*.csv"` {
		t.Errorf("no match: %v", err)
	}
	_, err = OpenSource("[*.csv", SourceOptions{})
	if err == nil || !strings.Contains(err.Error(), `bad file pattern "[*.csv"`) {
		t.Errorf("bad pattern: %v", err)
	}
	// A file of the glob that vanishes before it is read.
	write(t, "d/1.csv", "a\n")
	write(t, "d/2.csv", "b\n")
	src, err := OpenSource("d/*.csv", SourceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	os.Remove("d/2.csv")
	for src.NextFile() {
	}
	if err := src.Err(); err == nil || err.Error() != "open d/2.csv: no such file or directory" {
		t.Errorf("vanished file: %v", err)
	}
	// A corrupt gzip file.
	os.WriteFile("bad.csv.gz", []byte("not gzip"), 0o644)
	src, err = OpenSource("bad.csv.gz", SourceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if src.NextFile() || src.Err() == nil || !strings.HasPrefix(src.Err().Error(), "read bad.csv.gz: ") {
		t.Errorf("corrupt gzip: %v", src.Err())
	}
}

// TestCSVOverSource reads CSV through Read, and through Mapped with
// csvrec's ResetBytes.
func TestCSVOverSource(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "1.csv"), "id,name\n1,a\n")
	write(t, filepath.Join(dir, "2.csv.gz"), "id,name\n2,\"b,c\"\n")
	for _, opts := range []SourceOptions{{}, {Mmap: true}} {
		src, err := OpenSource(filepath.Join(dir, "*.csv*"), opts)
		if err != nil {
			t.Fatal(err)
		}
		rd := csvrec.NewReader(nil, csvrec.Options{})
		var got []string
		for src.NextFile() {
			if m := src.Mapped(); m != nil {
				rd.ResetBytes(m)
			} else {
				rd.Reset(src)
			}
			for {
				rec, err := rd.Read()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, filepath.Base(src.Name())+":"+string(bytes.Join(rec.Fields, []byte("|"))))
			}
		}
		src.Close()
		want := "1.csv:id|name 1.csv:1|a 2.csv.gz:id|name 2.csv.gz:2|b,c"
		if strings.Join(got, " ") != want {
			t.Errorf("%+v: got %q", opts, got)
		}
	}
}

func TestReadLineAllocs(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "big.jsonl")
	write(t, path, strings.Repeat("{\"id\":1,\"name\":\"x\"}\n", 100_000))
	for _, opts := range []SourceOptions{{}, {Mmap: true}} {
		src, err := OpenSource(path, opts)
		if err != nil {
			t.Fatal(err)
		}
		src.NextFile()
		src.ReadLine()
		n := testing.AllocsPerRun(10_000, func() {
			if _, err := src.ReadLine(); err != nil {
				t.Fatal(err)
			}
		})
		if n != 0 {
			t.Errorf("%+v: %v allocations per line, want 0", opts, n)
		}
		src.Close()
	}
}
