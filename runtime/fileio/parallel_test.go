package fileio

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/velocsql/veloc/runtime/csvrec"
)

// noLeaks fails the test if goroutines started after it was called are
// still running when the returned function is called.
func noLeaks(t *testing.T) func() {
	t.Helper()
	base := runtime.NumGoroutine()
	return func() {
		t.Helper()
		for deadline := time.Now().Add(2 * time.Second); runtime.NumGoroutine() > base; {
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<20)
				buf = buf[:runtime.Stack(buf, true)]
				t.Fatalf("%d goroutines left, %d before:\n%s", runtime.NumGoroutine(), base, buf)
			}
			time.Sleep(time.Millisecond)
		}
	}
}

// numbers writes files of lines "0\n", "1\n", ... (n lines over nfiles
// files) and returns their glob.
func numbers(t testing.TB, n, nfiles int) string {
	dir := t.TempDir()
	per := (n + nfiles - 1) / nfiles
	for f := range nfiles {
		var b bytes.Buffer
		for i := f * per; i < min(n, (f+1)*per); i++ {
			fmt.Fprintf(&b, "%d\n", i)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("n%d.csv", f)), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "n*.csv")
}

// parseNumbers reads the numbers of a chunk, checking its Line numbers.
func parseNumbers(c *Chunk) ([]int, error) {
	var out []int
	var l Lines
	l.Reset(c.Data, c.Line)
	for line, _, ok := l.Next(); ok; line, _, ok = l.Next() {
		v, err := strconv.Atoi(string(line))
		if err != nil {
			return out, fmt.Errorf("%s: %w", c.File, err)
		}
		out = append(out, v)
	}
	return out, nil
}

type numResult struct {
	seq  int
	nums []int
}

// delay sleeps a random short time, so that workers finish out of order.
func delay(seq int) {
	if seq%3 != 0 {
		time.Sleep(time.Duration(rand.IntN(300)) * time.Microsecond)
	}
}

func TestParallelOrder(t *testing.T) {
	const n = 3000
	glob := numbers(t, n, 3)
	for _, so := range []SourceOptions{{}, {Mmap: true}} {
		for _, workers := range []int{1, 2, 8} {
			done := noLeaks(t)
			src, err := OpenSource(glob, so)
			if err != nil {
				t.Fatal(err)
			}
			var maxStarted atomic.Int64
			maxStarted.Store(-1)
			var inCommit atomic.Int32
			var all []int
			var seqs []int
			err = Parallel(context.Background(), src, ChunkOptions{Size: 64}, workers,
				func(w int, c *Chunk) (numResult, error) {
					if w < 0 || w >= workers {
						t.Errorf("worker %d of %d", w, workers)
					}
					for {
						m := maxStarted.Load()
						if int64(c.Seq) <= m || maxStarted.CompareAndSwap(m, int64(c.Seq)) {
							break
						}
					}
					delay(c.Seq)
					nums, err := parseNumbers(c)
					return numResult{c.Seq, nums}, err
				},
				func(r numResult) error {
					if inCommit.Add(1) != 1 {
						t.Error("concurrent commits")
					}
					defer inCommit.Add(-1)
					// At most 2*workers chunks between reading and commit.
					if m := maxStarted.Load(); m >= int64(r.seq+max(2*workers, 1)) {
						t.Errorf("chunk %d started before chunk %d was committed", m, r.seq)
					}
					seqs = append(seqs, r.seq)
					all = append(all, r.nums...)
					return nil
				})
			src.Close()
			if err != nil {
				t.Fatal(err)
			}
			for i, s := range seqs {
				if s != i {
					t.Fatalf("%+v %d workers: commit order %v", so, workers, seqs)
				}
			}
			if len(seqs) < 50 {
				t.Errorf("only %d chunks", len(seqs))
			}
			for i, v := range all {
				if v != i {
					t.Fatalf("%+v %d workers: row %d is %d", so, workers, i, v)
				}
			}
			if len(all) != n {
				t.Fatalf("%d rows", len(all))
			}
			done()
		}
	}
}

// TestSequentialNoGoroutines checks that one worker runs everything on
// the calling goroutine.
func TestSequentialNoGoroutines(t *testing.T) {
	glob := numbers(t, 500, 2)
	src, err := OpenSource(glob, SourceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	base := runtime.NumGoroutine()
	chunks := 0
	err = Parallel(context.Background(), src, ChunkOptions{Size: 32}, 1,
		func(w int, c *Chunk) (int, error) {
			// (Not !=: the goroutine of the test before may still be ending.)
			if n := runtime.NumGoroutine(); n > base || w != 0 {
				t.Errorf("worker %d, %d goroutines, %d before", w, n, base)
			}
			return c.Seq, nil
		},
		func(seq int) error {
			if seq != chunks {
				t.Errorf("commit %d after %d", seq, chunks)
			}
			chunks++
			return nil
		})
	if err != nil || chunks < 10 {
		t.Fatal(err, chunks)
	}
}

func TestParallelDefaultWorkers(t *testing.T) {
	defer noLeaks(t)()
	src, err := OpenSource(numbers(t, 2000, 1), SourceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var maxW atomic.Int32
	rows := 0
	err = Parallel(context.Background(), src, ChunkOptions{Size: 100}, 0,
		func(w int, c *Chunk) (int, error) {
			if int32(w) > maxW.Load() {
				maxW.Store(int32(w))
			}
			nums, err := parseNumbers(c)
			return len(nums), err
		},
		func(n int) error { rows += n; return nil })
	if err != nil || rows != 2000 || int(maxW.Load()) >= runtime.GOMAXPROCS(0) {
		t.Fatalf("err %v, %d rows, worker %d", err, rows, maxW.Load())
	}
}

var errBad = errors.New("bad record")

// runFailing runs Parallel over numbers with work and commit failing as
// told, and returns the committed Seqs and Parallel's error.
func runFailing(t *testing.T, glob string, workers int, ctx context.Context,
	workErr func(seq int) error, commitErr func(seq int) error) ([]int, error) {
	t.Helper()
	defer noLeaks(t)()
	src, err := OpenSource(glob, SourceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var seqs []int
	err = Parallel(ctx, src, ChunkOptions{Size: 32}, workers,
		func(_ int, c *Chunk) (int, error) {
			delay(c.Seq)
			return c.Seq, workErr(c.Seq)
		},
		func(seq int) error {
			if len(seqs) != seq {
				t.Errorf("committed %d after %v", seq, seqs)
			}
			seqs = append(seqs, seq)
			return commitErr(seq)
		})
	return seqs, err
}

func upTo(k int) []int {
	s := make([]int, k+1)
	for i := range s {
		s[i] = i
	}
	return s
}

func TestParallelErrors(t *testing.T) {
	glob := numbers(t, 2000, 2)
	none := func(int) error { return nil }
	at := func(k int, err error) func(int) error {
		return func(seq int) error {
			if seq == k {
				return err
			}
			return nil
		}
	}
	for _, workers := range []int{1, 2, 8} {
		for _, k := range []int{0, 1, 7, 40} {
			name := fmt.Sprintf("%d workers, chunk %d", workers, k)
			// work fails on k: 0..k committed, k's result included.
			seqs, err := runFailing(t, glob, workers, context.Background(), at(k, errBad), none)
			if err != errBad || !slices.Equal(seqs, upTo(k)) {
				t.Errorf("%s: work error: %v, committed %v", name, err, seqs)
			}
			// Every chunk from k on fails: the first one in order wins.
			seqs, err = runFailing(t, glob, workers, context.Background(), func(seq int) error {
				if seq >= k {
					if seq == k {
						time.Sleep(2 * time.Millisecond) // fail after the later ones
					}
					return fmt.Errorf("chunk %d: %w", seq, errBad)
				}
				return nil
			}, none)
			if err == nil || err.Error() != fmt.Sprintf("chunk %d: bad record", k) || !slices.Equal(seqs, upTo(k)) {
				t.Errorf("%s: several work errors: %v, committed %v", name, err, seqs)
			}
			// commit fails on k.
			seqs, err = runFailing(t, glob, workers, context.Background(), none, at(k, errBoom))
			if err != errBoom || !slices.Equal(seqs, upTo(k)) {
				t.Errorf("%s: commit error: %v, committed %v", name, err, seqs)
			}
			// ErrStop from commit, from work, wrapped: nil.
			seqs, err = runFailing(t, glob, workers, context.Background(), none, at(k, ErrStop))
			if err != nil || !slices.Equal(seqs, upTo(k)) {
				t.Errorf("%s: ErrStop from commit: %v, committed %v", name, err, seqs)
			}
			seqs, err = runFailing(t, glob, workers, context.Background(), at(k, fmt.Errorf("limit: %w", ErrStop)), none)
			if err != nil || !slices.Equal(seqs, upTo(k)) {
				t.Errorf("%s: ErrStop from work: %v, committed %v", name, err, seqs)
			}
			// ErrStop from commit on the chunk whose work failed: the
			// failing record is never reached.
			seqs, err = runFailing(t, glob, workers, context.Background(), at(k, errBad), at(k, ErrStop))
			if err != nil || !slices.Equal(seqs, upTo(k)) {
				t.Errorf("%s: ErrStop on a failed chunk: %v, committed %v", name, err, seqs)
			}
		}
	}
}

func TestParallelCancel(t *testing.T) {
	glob := numbers(t, 2000, 2)
	none := func(int) error { return nil }
	for _, workers := range []int{1, 2, 8} {
		// Canceled before the start: nothing is read.
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		seqs, err := runFailing(t, glob, workers, ctx, none, none)
		if err != nil || len(seqs) != 0 {
			t.Errorf("%d workers, canceled: %v, committed %v", workers, err, seqs)
		}
		// Canceled by commit k: a prefix from 0 past k is committed.
		for _, k := range []int{0, 5} {
			ctx, cancel := context.WithCancel(context.Background())
			seqs, err := runFailing(t, glob, workers, ctx, none, func(seq int) error {
				if seq == k {
					cancel()
				}
				return nil
			})
			cancel()
			if err != nil || len(seqs) <= k || !slices.Equal(seqs, upTo(len(seqs)-1)) || len(seqs) > k+1+2*workers {
				t.Errorf("%d workers, canceled at %d: %v, committed %v", workers, k, err, seqs)
			}
		}
		// Canceled while work runs: the chunks read by then are worked on
		// and committed.
		ctx, cancel = context.WithCancel(context.Background())
		var started sync.Map
		seqs, err = runFailing(t, glob, workers, ctx, func(seq int) error {
			started.Store(seq, true)
			if seq == 10 {
				cancel()
				time.Sleep(time.Millisecond)
			}
			return nil
		}, none)
		cancel()
		if err != nil || len(seqs) < 11 || !slices.Equal(seqs, upTo(len(seqs)-1)) {
			t.Errorf("%d workers, canceled in work: %v, committed %v", workers, err, seqs)
		}
	}
}

func TestParallelReadErrors(t *testing.T) {
	dir := t.TempDir()
	// A gzip file cut short: its whole records come first, then the error.
	var content bytes.Buffer
	for i := range 20000 {
		fmt.Fprintf(&content, "%d,%d\n", i, i*7919%10007)
	}
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(content.Bytes())
	zw.Close()
	path := filepath.Join(dir, "cut.csv.gz")
	os.WriteFile(path, z.Bytes()[:z.Len()/2], 0o644)
	for _, workers := range []int{1, 3} {
		done := noLeaks(t)
		src, err := OpenSource(path, SourceOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var got []byte
		err = Parallel(context.Background(), src, ChunkOptions{Size: 1000, Quote: '"'}, workers,
			func(_ int, c *Chunk) ([]byte, error) { return bytes.Clone(c.Data), nil },
			func(b []byte) error { got = append(got, b...); return nil })
		src.Close()
		if err == nil || !strings.HasPrefix(err.Error(), "read "+path+": ") || !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("%d workers: error %v", workers, err)
		}
		if len(got) < 10000 || !bytes.HasPrefix(content.Bytes(), got) || got[len(got)-1] != '\n' {
			t.Errorf("%d workers: %d bytes committed, not whole records of the file", workers, len(got))
		}
		done()
	}

	// A file of the glob that is gone when it is reached: the files
	// before it are committed whole.
	for _, workers := range []int{1, 3} {
		done := noLeaks(t)
		write(t, filepath.Join(dir, "g", "1.csv"), content.String())
		write(t, filepath.Join(dir, "g", "2.csv"), "x\n")
		src, err := OpenSource(filepath.Join(dir, "g", "*.csv"), SourceOptions{Mmap: true})
		if err != nil {
			t.Fatal(err)
		}
		os.Remove(filepath.Join(dir, "g", "2.csv"))
		var got []byte
		err = Parallel(context.Background(), src, ChunkOptions{Size: 1000, Quote: '"'}, workers,
			func(_ int, c *Chunk) ([]byte, error) { return bytes.Clone(c.Data), nil },
			func(b []byte) error { got = append(got, b...); return nil })
		src.Close()
		if err == nil || !strings.HasPrefix(err.Error(), "open ") || !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%d workers: error %v", workers, err)
		}
		if !bytes.Equal(got, content.Bytes()) {
			t.Errorf("%d workers: %d bytes committed of %d", workers, len(got), content.Len())
		}
		done()
	}
}

// TestParallelMapped runs slow work on the chunks of several large mapped
// files: the mapping of a file must outlive the work on its chunks.
func TestParallelMapped(t *testing.T) {
	defer noLeaks(t)()
	dir := t.TempDir()
	var want uint64
	for f := range 4 {
		var b bytes.Buffer
		for i := range 3000 {
			fmt.Fprintf(&b, "%d,\"%d\n%d\"\n", f, i, i*i)
		}
		for _, c := range b.Bytes() {
			want += uint64(c)
		}
		write(t, filepath.Join(dir, fmt.Sprintf("m%d.csv", f)), b.String())
	}
	src, err := OpenSource(filepath.Join(dir, "m*.csv"), SourceOptions{Mmap: true})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var sum uint64
	rd := make([]*csvrec.Reader, 4)
	for i := range rd {
		rd[i] = csvrec.NewReader(nil, csvrec.Options{})
	}
	records := 0
	err = Parallel(context.Background(), src, ChunkOptions{Size: 4096, Quote: '"'}, 4,
		func(w int, c *Chunk) ([2]uint64, error) {
			delay(c.Seq)
			var s uint64
			for _, b := range c.Data {
				s += uint64(b)
			}
			rd[w].ResetBytesAt(c.Data, c.Line)
			n := 0
			for {
				rec, err := rd[w].Read()
				if err == io.EOF {
					break
				}
				if err != nil {
					return [2]uint64{}, err
				}
				if rec.Line != c.Line+2*n || len(rec.Fields) != 2 {
					return [2]uint64{}, fmt.Errorf("%s: record %q at line %d", c.File, rec.Fields, rec.Line)
				}
				n++
			}
			return [2]uint64{s, uint64(n)}, nil
		},
		func(r [2]uint64) error { sum += r[0]; records += int(r[1]); return nil })
	if err != nil || sum != want || records != 12000 {
		t.Fatalf("err %v, sum %d want %d, %d records", err, sum, want, records)
	}
}

func TestParallelBadOptions(t *testing.T) {
	src := openString(t, "x.csv", "a\n", SourceOptions{})
	defer src.Close()
	for _, o := range []ChunkOptions{{Quote: ','}, {Quote: '\n'}, {Quote: '"', Delimiter: '"'}, {Quote: '"', Delimiter: '\r'}} {
		err := Parallel(context.Background(), src, o, 2,
			func(int, *Chunk) (int, error) { return 0, nil }, func(int) error { return nil })
		if err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
}

// benchCSV makes a 64 MiB CSV like csvrec's benchmark data: id, symbol,
// price, quantity, time; one row in five has a quoted field.
func benchCSV() []byte {
	var b bytes.Buffer
	b.WriteString("id,symbol,price,qty,ts\n")
	syms := []string{"AAPL", "MSFT", "GOOG", "AMZN", "\"BRK, B\""}
	for i := 0; b.Len() < 64<<20; i++ {
		b.WriteString(strconv.Itoa(i))
		b.WriteByte(',')
		b.WriteString(syms[i%len(syms)])
		b.WriteByte(',')
		b.WriteString(strconv.FormatFloat(100+float64(i%10000)/100, 'f', 2, 64))
		b.WriteByte(',')
		b.WriteString(strconv.Itoa(i % 1000))
		b.WriteString(",2024-01-01T10:00:00.000Z\n")
	}
	return b.Bytes()
}

func countRecords(rd *csvrec.Reader) (int, error) {
	n := 0
	for {
		_, err := rd.Read()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		n++
	}
}

// BenchmarkParallel reads a 64 MiB CSV file (in the page cache) with
// Parallel, with a work function that does nothing ("noop") or parses
// every record with csvrec ("csvrec"), against csvrec reading the same
// data sequentially: from memory ("bytes"), from the file mapped
// ("mmap", the same page faults as Parallel's mmap mode) and through
// Source.Read ("file").
func BenchmarkParallel(b *testing.B) {
	data := benchCSV()
	path := filepath.Join(b.TempDir(), "bench.csv")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	b.Run("sequential-csvrec/bytes", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		rd := csvrec.NewReader(nil, csvrec.Options{})
		for b.Loop() {
			rd.ResetBytes(data)
			if _, err := countRecords(rd); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sequential-csvrec/mmap", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		rd := csvrec.NewReader(nil, csvrec.Options{})
		for b.Loop() {
			src, err := OpenSource(path, SourceOptions{Mmap: true})
			if err != nil {
				b.Fatal(err)
			}
			src.NextFile()
			rd.ResetBytes(src.Mapped())
			if _, err := countRecords(rd); err != nil {
				b.Fatal(err)
			}
			src.Close()
		}
	})
	b.Run("sequential-csvrec/file", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		rd := csvrec.NewReader(nil, csvrec.Options{})
		for b.Loop() {
			src, err := OpenSource(path, SourceOptions{})
			if err != nil {
				b.Fatal(err)
			}
			src.NextFile()
			rd.Reset(src)
			if _, err := countRecords(rd); err != nil {
				b.Fatal(err)
			}
			src.Close()
		}
	})
	for _, mode := range []string{"mmap", "read"} {
		for _, kind := range []string{"noop", "csvrec"} {
			for _, workers := range []int{1, 2} {
				b.Run(fmt.Sprintf("%s/%s/workers=%d", mode, kind, workers), func(b *testing.B) {
					b.SetBytes(int64(len(data)))
					b.ReportAllocs()
					rds := make([]*csvrec.Reader, workers)
					for i := range rds {
						rds[i] = csvrec.NewReader(nil, csvrec.Options{})
					}
					for b.Loop() {
						src, err := OpenSource(path, SourceOptions{Mmap: mode == "mmap"})
						if err != nil {
							b.Fatal(err)
						}
						total := 0
						err = Parallel(context.Background(), src, ChunkOptions{Quote: '"', Header: true}, workers,
							func(w int, c *Chunk) (int, error) {
								if kind == "noop" {
									return len(c.Data), nil
								}
								rds[w].ResetBytesAt(c.Data, c.Line)
								return countRecords(rds[w])
							},
							func(n int) error { total += n; return nil })
						src.Close()
						if err != nil || total == 0 {
							b.Fatal(err, total)
						}
					}
				})
			}
		}
	}
}

// BenchmarkSplitter measures finding record ends in CSV without quotes,
// with a quoted field in one row of five, and with every field quoted.
func BenchmarkSplitter(b *testing.B) {
	row := []string{"12345,AAPL,101.25,17,2024-01-01T10:00:00.000Z\n",
		"12345,\"BRK, B\",101.25,17,2024-01-01T10:00:00.000Z\n",
		"\"12345\",\"AAPL\",\"101.25\",\"17\",\"2024-01-01T10:00:00.000Z\"\n"}
	for _, tc := range []struct {
		name string
		rows []string
	}{
		{"unquoted", []string{row[0]}},
		{"some-quoted", []string{row[0], row[0], row[0], row[0], row[1]}},
		{"all-quoted", []string{row[2]}},
	} {
		var buf bytes.Buffer
		for i := 0; buf.Len() < 1<<20; i++ {
			buf.WriteString(tc.rows[i%len(tc.rows)])
		}
		data := buf.Bytes()
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			sp := splitter{quote: '"', delim: ','}
			for b.Loop() {
				sp.reset()
				if sp.last(data) != len(data) {
					b.Fatal("wrong end")
				}
			}
		})
	}
}
