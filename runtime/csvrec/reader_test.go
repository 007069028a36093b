package csvrec

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

type rec struct {
	line   int
	fields []string
}

// readAll reads every record of in with opts, copying the fields.
func readAll(t testing.TB, r io.Reader, opts Options) ([]rec, error) {
	rd := NewReader(r, opts)
	var out []rec
	for {
		rc, err := rd.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		fs := make([]string, len(rc.Fields))
		for i, f := range rc.Fields {
			fs[i] = string(f)
		}
		out = append(out, rec{rc.Line, fs})
	}
}

func TestRead(t *testing.T) {
	tests := []struct {
		name string
		in   string
		opts Options
		want []rec
		err  string
	}{
		{name: "simple", in: "a,b,c\n1,2,3\n", want: []rec{{1, []string{"a", "b", "c"}}, {2, []string{"1", "2", "3"}}}},
		{name: "no final newline", in: "a,b\n1,2", want: []rec{{1, []string{"a", "b"}}, {2, []string{"1", "2"}}}},
		{name: "crlf", in: "a,b\r\n1,2\r\n", want: []rec{{1, []string{"a", "b"}}, {2, []string{"1", "2"}}}},
		{name: "cr at eof", in: "a,b\r", want: []rec{{1, []string{"a", "b"}}}},
		{name: "lone cr inside", in: "a\rb,c\n", want: []rec{{1, []string{"a\rb", "c"}}}},
		{name: "empty", in: "", want: nil},
		{name: "only newlines", in: "\n\r\n\n", want: nil},
		{name: "empty lines skipped", in: "a\n\n\r\nb\n", want: []rec{{1, []string{"a"}}, {4, []string{"b"}}}},
		{name: "empty fields", in: ",\n,,x\n", want: []rec{{1, []string{"", ""}}, {2, []string{"", "", "x"}}}},
		{name: "spaces kept", in: " a , b \n", want: []rec{{1, []string{" a ", " b "}}}},
		{name: "quoted", in: `"a","b,c","d""e"` + "\n", want: []rec{{1, []string{"a", "b,c", `d"e`}}}},
		{name: "quoted empty", in: `"",x,""` + "\n", want: []rec{{1, []string{"", "x", ""}}}},
		{name: "only quoted empty", in: `""` + "\n", want: []rec{{1, []string{""}}}},
		{name: "quoted newline", in: "a,\"b\nc\",d\ne,f\n", want: []rec{{1, []string{"a", "b\nc", "d"}}, {3, []string{"e", "f"}}}},
		{name: "quoted crlf", in: "\"b\r\nc\"\r\nx\r\n", want: []rec{{1, []string{"b\nc"}}, {3, []string{"x"}}}},
		{name: "quoted lone cr", in: "\"b\rc\"\n", want: []rec{{1, []string{"b\rc"}}}},
		{name: "quoted at eof", in: `a,"b"`, want: []rec{{1, []string{"a", "b"}}}},
		{name: "quoted then cr eof", in: "\"b\"\r", want: []rec{{1, []string{"b"}}}},
		{name: "quoted only quotes", in: `""""` + "\n", want: []rec{{1, []string{`"`}}}},
		{name: "unquoted after quoted", in: `"a",b,"c"` + "\r\n", want: []rec{{1, []string{"a", "b", "c"}}}},
		{name: "bare quote lenient", in: `a"b,c` + "\n", want: []rec{{1, []string{`a"b`, "c"}}}},
		{name: "text after closing quote", in: `"ab"cd,e` + "\n", want: []rec{{1, []string{"abcd", "e"}}}},
		{name: "text after escaped quote", in: `"a""b"c"d,e` + "\n", want: []rec{{1, []string{`a"bc"d`, "e"}}}},
		{name: "leading space before quote", in: ` "a",b` + "\n", want: []rec{{1, []string{` "a"`, "b"}}}},
		{name: "bom", in: "\xef\xbb\xbfa,b\n", want: []rec{{1, []string{"a", "b"}}}},
		{name: "bom only at start", in: "a\n\xef\xbb\xbfb\n", want: []rec{{1, []string{"a"}}, {2, []string{"\xef\xbb\xbfb"}}}},
		{name: "semicolon", in: "a;b,c\n", opts: Options{Delimiter: ';'}, want: []rec{{1, []string{"a", "b,c"}}}},
		{name: "tab", in: "a\tb\n", opts: Options{Delimiter: '\t'}, want: []rec{{1, []string{"a", "b"}}}},
		{name: "single quote", in: "'a,b','c''d'\n", opts: Options{Quote: '\''}, want: []rec{{1, []string{"a,b", "c'd"}}}},
		{name: "unterminated", in: "a,b\n\"c,d\ne\n", want: []rec{{1, []string{"a", "b"}}}, err: "line 2: unterminated quoted field"},
		{name: "bad options", in: "a\n", opts: Options{Delimiter: '"'}, err: "csvrec: invalid delimiter"},
		{name: "line count after multiline", in: "\"a\n\nb\"\n\nc\n", want: []rec{{1, []string{"a\n\nb"}}, {5, []string{"c"}}}},
	}
	for _, tt := range tests {
		for _, mode := range []string{"whole", "onebyte", "tiny buffer", "bytes"} {
			opts := tt.opts
			var r io.Reader = strings.NewReader(tt.in)
			switch mode {
			case "onebyte":
				r = iotest.OneByteReader(r)
			case "tiny buffer":
				opts.BufferSize = 1
			}
			var got []rec
			var err error
			if mode == "bytes" {
				rd := NewReader(nil, opts)
				rd.ResetBytes([]byte(tt.in))
				got, err = readFrom(rd)
			} else {
				got, err = readAll(t, r, opts)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%s/%s: got %v, want %v", tt.name, mode, got, tt.want)
			}
			if (err == nil) != (tt.err == "") || err != nil && !strings.HasPrefix(err.Error(), tt.err) {
				t.Errorf("%s/%s: error %v, want %q", tt.name, mode, err, tt.err)
			}
		}
	}
}

func readFrom(rd *Reader) ([]rec, error) {
	var out []rec
	for {
		rc, err := rd.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		fs := make([]string, len(rc.Fields))
		for i, f := range rc.Fields {
			fs[i] = string(f)
		}
		out = append(out, rec{rc.Line, fs})
	}
}

func TestUnterminatedIsParseError(t *testing.T) {
	_, err := readAll(t, strings.NewReader("x\n\"abc"), Options{})
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 2 || !errors.Is(err, ErrUnterminatedQuote) {
		t.Fatalf("got %v", err)
	}
}

func TestReadError(t *testing.T) {
	boom := errors.New("boom")
	r := io.MultiReader(strings.NewReader("a,b\nc"), iotest.ErrReader(boom))
	got, err := readAll(t, r, Options{})
	if err != boom || len(got) != 1 {
		t.Fatalf("got %v, %v", got, err)
	}
}

// TestLongRecord checks that a record longer than the buffer grows it.
func TestLongRecord(t *testing.T) {
	long := strings.Repeat("x", 100_000)
	in := "a," + long + "\n\"" + long + "\n" + long + "\",b\n"
	got, err := readAll(t, strings.NewReader(in), Options{BufferSize: 64})
	if err != nil {
		t.Fatal(err)
	}
	want := []rec{{1, []string{"a", long}}, {2, []string{long + "\n" + long, "b"}}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("long records differ")
	}
}

func TestReset(t *testing.T) {
	rd := NewReader(strings.NewReader("a\nb\n"), Options{})
	rd.Read()
	rd.Reset(strings.NewReader("\xef\xbb\xbfc\n"))
	r, err := rd.Read()
	if err != nil || string(r.Fields[0]) != "c" || r.Line != 1 {
		t.Fatalf("after Reset: %q %v", r.Fields, err)
	}
	rd.ResetBytes([]byte("d,e"))
	r, err = rd.Read()
	if err != nil || string(r.Fields[1]) != "e" {
		t.Fatalf("after ResetBytes: %q %v", r.Fields, err)
	}
	rd.Reset(strings.NewReader("f\n"))
	if r, err = rd.Read(); err != nil || string(r.Fields[0]) != "f" {
		t.Fatalf("after Reset: %q %v", r.Fields, err)
	}
}

// compareWithStdlib reads in with Reader and with encoding/csv (strict, any
// field count) and reports a difference when encoding/csv accepts the
// input.
func compareWithStdlib(t *testing.T, in string, delim byte) {
	cr := csv.NewReader(strings.NewReader(in))
	cr.Comma = rune(delim)
	cr.FieldsPerRecord = -1
	var want []rec
	for {
		fs, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return // encoding/csv rejects it; nothing to compare
		}
		line, _ := cr.FieldPos(0)
		want = append(want, rec{line, fs})
	}
	for _, size := range []int{4096, 1} {
		got, err := readAll(t, strings.NewReader(in), Options{Delimiter: delim, BufferSize: size})
		if err != nil {
			t.Fatalf("Read(%q): %v; encoding/csv accepts it", in, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Read(%q) = %v; encoding/csv gives %v", in, got, want)
		}
	}
}

func TestMatchesStdlib(t *testing.T) {
	for _, in := range []string{
		"a,b\n", "a,\"b\"\"c\",d\r\n\r\n", "\"x\ny\"\n,\n", "a\r\n\"\r\n\"", "\"a\r\r\n\"\n",
		"a,b,c\n1,2\n", "\"\"\n", ",,,\n", "x\r", "\"\"\"\"\"\"\n",
	} {
		compareWithStdlib(t, in, ',')
	}
}

// FuzzCSVReader compares Reader with encoding/csv on every input
// encoding/csv accepts, for a few delimiters; Reader must never fail on
// such input, and never panic on any.
func FuzzCSVReader(f *testing.F) {
	for _, s := range []string{
		"a,b,c\n1,2,3\n", "\"a,b\",\"c\"\"d\"\r\ne,f", "\n\n,\n", "\"multi\nline\",x\n",
		"a;b\tc\n", "\"\r\n\"", "x,\"\"\n", "\"a\"b,c", " \"q\" ,r",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if strings.HasPrefix(in, "\xef\xbb\xbf") {
			in = in[3:] // encoding/csv does not skip a BOM
		}
		for _, d := range []byte{',', ';', '\t'} {
			compareWithStdlib(t, in, d)
		}
		// Any input: no panic, and lenient reading with a tiny buffer
		// gives the same records as with a big one.
		a, errA := readAll(t, strings.NewReader(in), Options{BufferSize: 4096})
		var small io.Reader = iotest.HalfReader(strings.NewReader(in))
		if len(in) < 128 {
			small = iotest.OneByteReader(strings.NewReader(in))
		}
		b, errB := readAll(t, small, Options{BufferSize: 1})
		if !reflect.DeepEqual(a, b) || (errA == nil) != (errB == nil) {
			t.Fatalf("buffer size changes the result for %q: %v %v / %v %v", in, a, errA, b, errB)
		}
	})
}

func TestZeroAllocsRead(t *testing.T) {
	var buf bytes.Buffer
	for range 2000 {
		buf.WriteString("12345,\"quoted, field\",3.25,\"esc \"\"aped\"\"\",2024-01-01T10:00:00Z\n")
		buf.WriteString("12345,plain,3.25,text,2024-01-01T10:00:00Z\n")
	}
	data := buf.Bytes()
	rd := NewReader(bytes.NewReader(data), Options{BufferSize: 4096})
	// Warm up: reach the steady state of the buffers.
	for range 10 {
		if _, err := rd.Read(); err != nil {
			t.Fatal(err)
		}
	}
	n := testing.AllocsPerRun(1000, func() {
		if _, err := rd.Read(); err != nil {
			t.Fatal(err)
		}
	})
	if n != 0 {
		t.Fatalf("%v allocations per Read, want 0", n)
	}
}

func TestResetBytesAt(t *testing.T) {
	rd := NewReader(nil, Options{})
	rd.ResetBytesAt([]byte("a,b\n\n\"c\nd\",e\r\nf\n\"g"), 41)
	got, err := readFrom(rd)
	want := []rec{{41, []string{"a", "b"}}, {43, []string{"c\nd", "e"}}, {45, []string{"f"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 46 {
		t.Errorf("error %v, want a ParseError at line 46", err)
	}
	// Not the start of the input: a BOM is data.
	rd.ResetBytesAt([]byte("\xef\xbb\xbfx\n"), 7)
	if got, err := readFrom(rd); err != nil || !reflect.DeepEqual(got, []rec{{7, []string{"\xef\xbb\xbfx"}}}) {
		t.Errorf("BOM: got %v, %v", got, err)
	}
	// ResetBytes still starts at line 1 and skips a BOM.
	rd.ResetBytes([]byte("\xef\xbb\xbfx\n"))
	if got, err := readFrom(rd); err != nil || !reflect.DeepEqual(got, []rec{{1, []string{"x"}}}) {
		t.Errorf("ResetBytes after ResetBytesAt: got %v, %v", got, err)
	}
	// Invalid options still fail.
	bad := NewReader(nil, Options{Delimiter: '"'})
	bad.ResetBytesAt([]byte("a\n"), 3)
	if _, err := bad.Read(); err == nil {
		t.Error("invalid options: no error")
	}
}
