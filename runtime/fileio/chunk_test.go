package fileio

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/velocsql/veloc/runtime/csvrec"
)

// refBoundaries returns the offsets just past every '\n' of data that ends
// a CSV record, reading data one byte at a time the way csvrec does.
func refBoundaries(data []byte, q, d byte) []int {
	const (
		fieldStart = iota
		unquoted
		quoted
		afterQuote
	)
	var out []int
	st := fieldStart
	for i, b := range data {
		switch st {
		case quoted:
			if b == q {
				st = afterQuote
			}
			continue
		case afterQuote:
			if b == q {
				st = quoted
				continue
			}
		case fieldStart:
			if b == q {
				st = quoted
				continue
			}
		}
		// fieldStart, unquoted, or after a closing quote.
		switch b {
		case '\n':
			out = append(out, i+1)
			st = fieldStart
		case d:
			st = fieldStart
		default:
			st = unquoted
		}
	}
	return out
}

func jsonlBoundaries(data []byte) []int {
	var out []int
	for i, b := range data {
		if b == '\n' {
			out = append(out, i+1)
		}
	}
	return out
}

// randCSV makes CSV-like text that is rich in quotes, escaped quotes,
// quoted newlines, bare quotes and text after closing quotes.
func randCSV(r *rand.Rand, n int, q, d byte, loneCR bool) []byte {
	Q, D := string(q), string(d)
	toks := []string{"a", "bc", D, D, Q, Q, Q + Q, "\n", "\n", "\r\n", "xyz", "x", D + Q, "\n" + Q, Q + D}
	if loneCR {
		toks = append(toks, "\r", "\r\r\n")
	}
	var b []byte
	for len(b) < n {
		b = append(b, toks[r.IntN(len(toks))]...)
	}
	return b
}

func randJSONL(r *rand.Rand, n int) []byte {
	toks := []string{"{}", "x", " ", "\t", "\n", "\n", "\r\n", "\"", "\r", "{\"a\":1}"}
	var b []byte
	for len(b) < n {
		b = append(b, toks[r.IntN(len(toks))]...)
	}
	return b
}

// TestSplitter checks splitter.next and splitter.last against
// refBoundaries over random inputs cut into random blocks.
func TestSplitter(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for iter := range 3000 {
		q, d := byte('"'), byte(',')
		if iter%3 == 1 {
			q, d = '\'', ';'
		}
		data := randCSV(r, r.IntN(200), q, d, true)
		if iter%7 == 0 {
			q = 0
			data = randJSONL(r, r.IntN(200))
		}
		want := refBoundaries(data, q, d)
		if q == 0 {
			want = jsonlBoundaries(data)
		}
		// last over random blocks: the boundaries it reports, one per
		// block at most, are the last of each block.
		var sp splitter
		sp.quote, sp.delim = q, d
		sp.reset()
		var lasts []int
		for pos := 0; pos < len(data); {
			n := min(len(data)-pos, r.IntN(20)+1)
			if i := sp.last(data[pos : pos+n]); i >= 0 {
				lasts = append(lasts, pos+i)
			}
			var wantLast []int
			for _, b := range want {
				if b > pos && b <= pos+n {
					wantLast = append(wantLast[:0], b)
				}
			}
			if len(wantLast) > 0 && lasts[len(lasts)-1] != wantLast[0] || len(wantLast) == 0 && len(lasts) > 0 && lasts[len(lasts)-1] > pos {
				t.Fatalf("%q block [%d,%d): last gives %v, want %v", data, pos, pos+n, lasts, wantLast)
			}
			pos += n
		}
		// next, from the start, block by block: every boundary in turn.
		sp.reset()
		var nexts []int
		for pos := 0; pos < len(data); {
			n := min(len(data)-pos, r.IntN(20)+1)
			if i := sp.next(data[pos : pos+n]); i >= 0 {
				nexts = append(nexts, pos+i)
				pos += i
			} else {
				pos += n
			}
		}
		if !slices.Equal(nexts, want) && !(len(nexts) == 0 && len(want) == 0) {
			t.Fatalf("%q: next gives %v, want %v", data, nexts, want)
		}
	}
}

// TestQuoteParityIsNotEnough shows inputs where counting quotes would cut
// a record in two, as csvrec reads them.
func TestQuoteParityIsNotEnough(t *testing.T) {
	for _, in := range []string{
		"a\"b,\"x\ny\"\nz\n",        // bare quote, then a quoted field with a newline
		"\"a\"b\"c,d\ne,\"f\ng\"\n", // quote in the text after a closing quote
	} {
		src := openString(t, "p.csv", in, SourceOptions{})
		got, err := collect(t, src, ChunkOptions{Size: 1, Quote: '"'}, 1)
		if err != nil {
			t.Fatal(err)
		}
		var recs []string
		for _, c := range got {
			rd := csvrec.NewReader(nil, csvrec.Options{})
			rd.ResetBytesAt([]byte(c.Data), c.Line)
			rs, err := readCSV(rd)
			if err != nil {
				t.Fatalf("%q: chunk %q: %v", in, c.Data, err)
			}
			recs = append(recs, rs...)
		}
		rs, _ := readCSV(csvrec.NewReader(strings.NewReader(in), csvrec.Options{}))
		if !slices.Equal(recs, rs) {
			t.Errorf("%q: chunks read as %q, the whole file as %q", in, recs, rs)
		}
	}
}

// chunkCopy is a Chunk copied out of work.
type chunkCopy struct {
	Seq       int
	File      string
	Line      int
	Header    string
	HeaderNil bool
	First     bool
	Data      string
}

func copyChunk(c *Chunk) chunkCopy {
	return chunkCopy{c.Seq, filepath.Base(c.File), c.Line, string(c.Header), c.Header == nil, c.First, string(c.Data)}
}

// collect runs Parallel with a work function that copies the chunks.
func collect(t *testing.T, src *Source, opts ChunkOptions, workers int) ([]chunkCopy, error) {
	t.Helper()
	var out []chunkCopy
	err := Parallel(context.Background(), src, opts, workers,
		func(_ int, c *Chunk) (chunkCopy, error) { return copyChunk(c), nil },
		func(c chunkCopy) error {
			if c.Seq != len(out) {
				t.Fatalf("committed Seq %d after %d chunks", c.Seq, len(out))
			}
			out = append(out, c)
			return nil
		})
	src.Close()
	return out, err
}

func openString(t *testing.T, name, content string, opts SourceOptions) *Source {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	write(t, path, content)
	src, err := OpenSource(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// readCSV reads rd to the end as "line:f1|f2" strings, then the error if
// any as "error ...".
func readCSV(rd *csvrec.Reader) ([]string, error) {
	var out []string
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return append(out, "error "+err.Error()), err
		}
		out = append(out, fmt.Sprintf("%d:%s", rec.Line, bytes.Join(rec.Fields, []byte("|"))))
	}
}

func TestChunks(t *testing.T) {
	type c = chunkCopy
	tests := []struct {
		name string
		in   string
		opts ChunkOptions
		want []chunkCopy
	}{
		{"empty", "", ChunkOptions{Quote: '"'}, nil},
		{"empty with header", "", ChunkOptions{Quote: '"', Header: true}, nil},
		{"bom only", "\xef\xbb\xbf", ChunkOptions{Quote: '"', Header: true}, nil},
		{"blank only, header", "\n\r\n\n", ChunkOptions{Quote: '"', Header: true}, nil},
		{"blank only, jsonl header", " \n\t\r\n", ChunkOptions{Header: true}, nil},
		{"blank only, no header", "\n\n", ChunkOptions{Quote: '"'},
			[]c{{Line: 1, First: true, Data: "\n\n", HeaderNil: true}}},
		{"one chunk", "a,b\n1,2\n", ChunkOptions{Quote: '"'},
			[]c{{Line: 1, First: true, Data: "a,b\n1,2\n", HeaderNil: true}}},
		{"no final newline", "a\nb\nc", ChunkOptions{Quote: '"', Size: 2},
			[]c{{Line: 1, First: true, Data: "a\n", HeaderNil: true}, {Seq: 1, Line: 2, Data: "b\n", HeaderNil: true}, {Seq: 2, Line: 3, Data: "c", HeaderNil: true}}},
		{"cuts at the last record end", "a\nb\ncc\nd\n", ChunkOptions{Quote: '"', Size: 5},
			[]c{{Line: 1, First: true, Data: "a\nb\n", HeaderNil: true}, {Seq: 1, Line: 3, Data: "cc\nd\n", HeaderNil: true}}},
		{"long record", "a\nbbbbbbbb\nc\n", ChunkOptions{Quote: '"', Size: 3},
			[]c{{Line: 1, First: true, Data: "a\n", HeaderNil: true}, {Seq: 1, Line: 2, Data: "bbbbbbbb\n", HeaderNil: true}, {Seq: 2, Line: 3, Data: "c\n", HeaderNil: true}}},
		{"quoted newline", "\"a\nb\",c\nd\n", ChunkOptions{Quote: '"', Size: 3},
			[]c{{Line: 1, First: true, Data: "\"a\nb\",c\n", HeaderNil: true}, {Seq: 1, Line: 3, Data: "d\n", HeaderNil: true}}},
		{"quoted crlf and escapes", "\"a\"\"\r\n\"\"\",x\r\ny\r\nz\n", ChunkOptions{Quote: '"', Size: 5},
			[]c{{Line: 1, First: true, Data: "\"a\"\"\r\n\"\"\",x\r\n", HeaderNil: true}, {Seq: 1, Line: 3, Data: "y\r\nz\n", HeaderNil: true}}},
		{"jsonl splits at every newline", "{\"a\":\"x\ny\"}\n", ChunkOptions{Size: 3},
			[]c{{Line: 1, First: true, Data: "{\"a\":\"x\n", HeaderNil: true}, {Seq: 1, Line: 2, Data: "y\"}\n", HeaderNil: true}}},
		{"bom skipped", "\xef\xbb\xbfa\nb\n", ChunkOptions{Quote: '"', Size: 2},
			[]c{{Line: 1, First: true, Data: "a\n", HeaderNil: true}, {Seq: 1, Line: 2, Data: "b\n", HeaderNil: true}}},
		{"second bom kept", "\xef\xbb\xbf\xef\xbb\xbfa\n", ChunkOptions{Quote: '"'},
			[]c{{Line: 1, First: true, Data: "\xef\xbb\xbfa\n", HeaderNil: true}}},
		{"header", "\xef\xbb\xbfid,name\r\n1,a\r\n2,b\r\n", ChunkOptions{Quote: '"', Header: true, Size: 5},
			[]c{{Line: 2, First: true, Header: "id,name", Data: "1,a\r\n"}, {Seq: 1, Line: 3, Header: "id,name", Data: "2,b\r\n"}}},
		{"header only", "id,name\n", ChunkOptions{Quote: '"', Header: true},
			[]c{{Line: 2, First: true, Header: "id,name"}}},
		{"header only, no newline", "id,name\r", ChunkOptions{Quote: '"', Header: true},
			[]c{{Line: 1, First: true, Header: "id,name"}}},
		{"header after blank lines", "\n\r\nid\n1\n", ChunkOptions{Quote: '"', Header: true},
			[]c{{Line: 4, First: true, Header: "id", Data: "1\n"}}},
		{"multi-line header", "\"i\nd\",\"n\r\n\"\r\n1,a\n", ChunkOptions{Quote: '"', Header: true, Size: 1},
			[]c{{Line: 4, First: true, Header: "\"i\nd\",\"n\r\n\"", Data: "1,a\n"}}},
		{"jsonl header skips blank lines", " \n{}\n{\"a\":1}\n", ChunkOptions{Header: true},
			[]c{{Line: 3, First: true, Header: "{}", Data: "{\"a\":1}\n"}}},
		{"delimiter", "a;\"b\nc\"\nd\n", ChunkOptions{Quote: '"', Delimiter: ';', Size: 2},
			[]c{{Line: 1, First: true, Data: "a;\"b\nc\"\n", HeaderNil: true}, {Seq: 1, Line: 3, Data: "d\n", HeaderNil: true}}},
		{"other delimiter: quote is not at a field start", "a;\"b\nc\"\nd\n", ChunkOptions{Quote: '"', Size: 2},
			[]c{{Line: 1, First: true, Data: "a;\"b\n", HeaderNil: true}, {Seq: 1, Line: 2, Data: "c\"\n", HeaderNil: true}, {Seq: 2, Line: 3, Data: "d\n", HeaderNil: true}}},
		{"unterminated quote runs to the end", "a\n\"b\nc\nd\n", ChunkOptions{Quote: '"', Size: 2},
			[]c{{Line: 1, First: true, Data: "a\n", HeaderNil: true}, {Seq: 1, Line: 2, Data: "\"b\nc\nd\n", HeaderNil: true}}},
	}
	for _, tt := range tests {
		for _, so := range []SourceOptions{{}, {Mmap: true}} {
			for _, gz := range []string{"", ".gz"} {
				if so.Mmap && gz != "" {
					continue
				}
				for _, workers := range []int{1, 3} {
					src := openString(t, "f.csv"+gz, tt.in, so)
					got, err := collect(t, src, tt.opts, workers)
					if err != nil {
						t.Fatal(err)
					}
					for i := range tt.want {
						tt.want[i].File = "f.csv" + gz
					}
					if !reflect.DeepEqual(got, tt.want) {
						t.Errorf("%s (%+v%s, %d workers):\n got %+v\nwant %+v", tt.name, so, gz, workers, got, tt.want)
					}
				}
			}
		}
	}
}

func TestHeaderSharedAndMapped(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "big.csv")
	content := "\xef\xbb\xbfid,name\n" + strings.Repeat("1,abc\n", 1000)
	write(t, path, content)
	src, err := OpenSource(path, SourceOptions{Mmap: true})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var hdr []byte
	n := 0
	// One worker: work runs on this goroutine, so it may look at src.
	err = Parallel(context.Background(), src, ChunkOptions{Size: 100, Quote: '"', Header: true}, 1,
		func(_ int, c *Chunk) (int, error) {
			m := src.Mapped()
			if m == nil {
				t.Fatal("not mapped")
			}
			if !within(c.Data, m) {
				t.Errorf("chunk %d: Data is not a view of the mapping", c.Seq)
			}
			if len(c.Header) > 0 && within(c.Header, m) {
				t.Errorf("chunk %d: Header is a view of the mapping", c.Seq)
			}
			if hdr != nil && &hdr[0] != &c.Header[0] {
				t.Errorf("chunk %d: another Header slice", c.Seq)
			}
			hdr = c.Header
			n += len(c.Data)
			return 0, nil
		}, func(int) error { return nil })
	if err != nil || n != 6000 || string(hdr) != "id,name" {
		t.Fatalf("err %v, %d bytes, header %q", err, n, hdr)
	}
}

func within(s, m []byte) bool {
	if len(s) == 0 {
		return true
	}
	p := uintptr(unsafe.Pointer(unsafe.SliceData(s)))
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(m)))
	return lo <= p && p+uintptr(len(s)) <= lo+uintptr(len(m))
}

// TestChunkProperties cuts random files, several to a glob, with tiny
// chunk sizes, and checks that the chunks put together give the files
// back, that they are cut at record ends only, that their Line numbers are
// right, and that csvrec (or Lines) reads the same records from the
// chunks as from the whole files.
func TestChunkProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	iters := 400
	if testing.Short() {
		iters = 60
	}
	for iter := range iters {
		jsonl := iter%4 == 3
		q, d := byte('"'), byte(',')
		if iter%4 == 1 {
			q, d = '\'', ';'
		}
		opts := ChunkOptions{Size: 1 + r.IntN(64), Header: r.IntN(2) == 0, Quote: q, Delimiter: d}
		if jsonl {
			opts.Quote, opts.Delimiter = 0, 0
		}
		if r.IntN(3) == 0 {
			opts.Delimiter = 0 // the default ','
			d = ','
		}
		dir := t.TempDir()
		nfiles := 1 + r.IntN(3)
		files := make([][]byte, nfiles)
		names := make([]string, nfiles)
		for i := range files {
			var f []byte
			if jsonl {
				f = randJSONL(r, r.IntN(300))
			} else {
				// A CR just before the header's line end would be
				// stripped from Header with it; leave it out then.
				f = randCSV(r, r.IntN(300), q, d, !opts.Header)
			}
			switch r.IntN(6) {
			case 0:
				f = append([]byte("\xef\xbb\xbf"), f...)
			case 1:
				f = f[:0]
			case 2:
				f = append([]byte("\n\r\n"), f...)
			}
			files[i] = f
			names[i] = fmt.Sprintf("f%d.txt", i)
			if r.IntN(4) == 0 {
				names[i] += ".gz"
			}
			write(t, filepath.Join(dir, names[i]), string(f))
		}
		so := SourceOptions{Mmap: r.IntN(2) == 0}
		workers := []int{1, 2, 5}[r.IntN(3)]
		src, err := OpenSource(filepath.Join(dir, "f*"), so)
		if err != nil {
			t.Fatal(err)
		}
		got, err := collect(t, src, opts, workers)
		if err != nil {
			t.Fatal(err)
		}
		desc := fmt.Sprintf("iter %d, %+v, %+v, %d workers", iter, opts, so, workers)
		for i, f := range files {
			var mine []chunkCopy
			for _, c := range got {
				if c.File == names[i] {
					mine = append(mine, c)
				}
			}
			checkFile(t, desc+" "+names[i], f, mine, opts, jsonl, d)
		}
	}
}

func checkFile(t *testing.T, desc string, f []byte, chunks []chunkCopy, opts ChunkOptions, jsonl bool, d byte) {
	t.Helper()
	body := bytes.TrimPrefix(f, []byte("\xef\xbb\xbf"))
	blankLine := func(l []byte) bool {
		if jsonl {
			return isBlank(l)
		}
		l = bytes.TrimSuffix(l, []byte("\r"))
		return len(l) == 0
	}
	allBlank := func(b []byte) bool {
		for _, l := range bytes.Split(b, []byte("\n")) {
			if !blankLine(l) {
				return false
			}
		}
		return true
	}
	if len(chunks) == 0 {
		if len(body) > 0 && !(opts.Header && allBlank(body)) {
			t.Fatalf("%s: no chunks for %q", desc, f)
		}
		return
	}
	var data []byte
	for i, c := range chunks {
		if c.First != (i == 0) {
			t.Fatalf("%s: chunk %d has First=%v", desc, i, c.First)
		}
		if i > 0 && c.Seq != chunks[i-1].Seq+1 {
			t.Fatalf("%s: Seq %d after %d", desc, c.Seq, chunks[i-1].Seq)
		}
		if c.Header != chunks[0].Header || c.HeaderNil != !opts.Header {
			t.Fatalf("%s: chunk %d header %q", desc, i, c.Header)
		}
		data = append(data, c.Data...)
	}
	if !bytes.HasSuffix(body, data) {
		t.Fatalf("%s: chunks %q are not the end of %q", desc, data, body)
	}
	off := len(body) - len(data)
	if !opts.Header && off != 0 {
		t.Fatalf("%s: chunks %q are not all of %q", desc, data, body)
	}
	hdrStart := 0
	if opts.Header {
		pre := body[:off]
		switch {
		case bytes.HasSuffix(pre, []byte(chunks[0].Header+"\r\n")):
			pre = pre[:len(pre)-len(chunks[0].Header)-2]
		case bytes.HasSuffix(pre, []byte(chunks[0].Header+"\n")):
			pre = pre[:len(pre)-len(chunks[0].Header)-1]
		case off == len(body) && bytes.HasSuffix(pre, []byte(chunks[0].Header+"\r")):
			pre = pre[:len(pre)-len(chunks[0].Header)-1]
		case off == len(body) && bytes.HasSuffix(pre, []byte(chunks[0].Header)):
			pre = pre[:len(pre)-len(chunks[0].Header)]
		default:
			t.Fatalf("%s: header %q does not end %q", desc, chunks[0].Header, pre)
		}
		if len(pre) > 0 && (pre[len(pre)-1] != '\n' || !allBlank(pre[:len(pre)-1])) {
			t.Fatalf("%s: %q before the header %q is not blank lines", desc, pre, chunks[0].Header)
		}
		hdrStart = len(pre)
	}
	var bounds []int
	if jsonl {
		bounds = jsonlBoundaries(body)
	} else {
		bounds = refBoundaries(body, opts.Quote, d)
	}
	pos := off
	for i, c := range chunks {
		if want := 1 + bytes.Count(body[:pos], []byte("\n")); c.Line != want {
			t.Fatalf("%s: chunk %d at %d has Line %d, want %d", desc, i, pos, c.Line, want)
		}
		end := pos + len(c.Data)
		if i < len(chunks)-1 {
			if !slices.Contains(bounds, end) {
				t.Fatalf("%s: chunk %d %q does not end a record", desc, i, c.Data)
			}
			for _, b := range bounds {
				if b > end && b <= pos+opts.Size {
					t.Fatalf("%s: chunk %d %q ends before the record end at %d within Size", desc, i, c.Data, b)
				}
			}
		} else if end != len(body) {
			t.Fatalf("%s: last chunk ends at %d of %d", desc, end, len(body))
		}
		if len(c.Data) > opts.Size {
			for _, b := range bounds {
				if b > pos && b <= pos+opts.Size && (i < len(chunks)-1 || b < len(body)) {
					t.Fatalf("%s: chunk %d %q is longer than Size though a record ends at %d", desc, i, c.Data, b)
				}
			}
		}
		pos = end
	}

	// Read the records of the chunks, and of the whole file.
	if jsonl {
		path := filepath.Join(t.TempDir(), "whole.jsonl")
		os.WriteFile(path, f, 0o644)
		src, err := OpenSource(path, SourceOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		src.NextFile()
		for {
			l, err := src.ReadLine()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, fmt.Sprintf("%d:%s", l.Num, l.Bytes))
		}
		src.Close()
		var gotL []string
		var ls Lines
		for i, c := range chunks {
			if i == 0 && opts.Header {
				// The header's line number is that of the first line.
				num := strings.SplitN(want[0], ":", 2)[0]
				gotL = append(gotL, num+":"+c.Header)
			}
			ls.Reset([]byte(c.Data), c.Line)
			for l, n, ok := ls.Next(); ok; l, n, ok = ls.Next() {
				gotL = append(gotL, fmt.Sprintf("%d:%s", n, l))
			}
		}
		if !slices.Equal(gotL, want) {
			t.Fatalf("%s: %q: lines %q, want %q", desc, f, gotL, want)
		}
		return
	}
	copts := csvrec.Options{Quote: opts.Quote, Delimiter: d}
	want, _ := readCSV(csvrec.NewReader(bytes.NewReader(f), copts))
	var gotR []string
	rd := csvrec.NewReader(nil, copts)
	for i, c := range chunks {
		if i == 0 && opts.Header {
			hdrLine := 1 + bytes.Count(body[:hdrStart], []byte("\n"))
			rd.ResetBytesAt([]byte(c.Header), hdrLine)
			rs, err := readCSV(rd)
			gotR = append(gotR, rs...)
			if err != nil {
				break
			}
			if len(rs) != 1 {
				t.Fatalf("%s: header %q holds %d records", desc, c.Header, len(rs))
			}
		}
		rd.ResetBytesAt([]byte(c.Data), c.Line)
		rs, err := readCSV(rd)
		gotR = append(gotR, rs...)
		if err != nil {
			break
		}
	}
	if !slices.Equal(gotR, want) {
		t.Fatalf("%s: %q:\nchunks read as %q\nthe file as   %q\nchunks %+v", desc, f, gotR, want, chunks)
	}
}

func TestLines(t *testing.T) {
	tests := []struct {
		in    string
		first int
		want  []string
	}{
		{"", 1, nil},
		{"a\nb\n", 1, []string{"1:a", "2:b"}},
		{"a\r\n\n \t\r\n\r\nb", 10, []string{"10:a", "14:b"}},
		{"\n\n", 5, nil},
		{"x\r", 3, []string{"3:x"}},
		{"\xef\xbb\xbfx\n", 1, []string{"1:\xef\xbb\xbfx"}},
	}
	var l Lines
	for _, tt := range tests {
		l.Reset([]byte(tt.in), tt.first)
		var got []string
		for line, num, ok := l.Next(); ok; line, num, ok = l.Next() {
			got = append(got, fmt.Sprintf("%d:%s", num, line))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: got %q, want %q", tt.in, got, tt.want)
		}
		if _, _, ok := l.Next(); ok {
			t.Errorf("%q: Next after the end", tt.in)
		}
	}
	data := []byte(strings.Repeat("{\"a\":1}\n", 100))
	if n := testing.AllocsPerRun(100, func() {
		l.Reset(data, 1)
		for _, _, ok := l.Next(); ok; _, _, ok = l.Next() {
		}
	}); n != 0 {
		t.Errorf("%v allocations, want 0", n)
	}
}

// TestChunkReadTime: every chunk, read or mapped, says how long the reader
// took to make it (the deserialize phase of the metrics).
func TestChunkReadTime(t *testing.T) {
	content := strings.Repeat("a,b,c\n", 50_000)
	for _, mmap := range []bool{false, true} {
		src := openString(t, "x.csv", content, SourceOptions{Mmap: mmap})
		n := 0
		err := Parallel(context.Background(), src, ChunkOptions{Size: 64 << 10, Quote: '"', Delimiter: ','}, 2,
			func(_ int, c *Chunk) (time.Duration, error) { return c.Read, nil },
			func(d time.Duration) error {
				n++
				if d <= 0 {
					t.Errorf("mmap %v: chunk %d has read time %v", mmap, n, d)
				}
				return nil
			})
		src.Close()
		if err != nil || n < 2 {
			t.Fatalf("mmap %v: %d chunks, %v", mmap, n, err)
		}
	}
}
