package csvrec

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
)

// DefaultBufferSize is the size of a Reader's read buffer unless
// Options.BufferSize says otherwise. Large blocks keep the per-read cost
// (a system call for files) negligible per record.
const DefaultBufferSize = 256 << 10

// Options configures a Reader. The zero value reads standard CSV.
type Options struct {
	// Delimiter separates fields; 0 means ','. It must not be '\r', '\n'
	// or the quote character.
	Delimiter byte
	// Quote starts and ends a quoted field; 0 means '"'. Inside a quoted
	// field the quote is written twice.
	Quote byte
	// BufferSize is the initial read-buffer size; 0 means
	// DefaultBufferSize. A record longer than the buffer grows it.
	BufferSize int
}

// Record is one CSV record.
type Record struct {
	// Fields holds the record's cells. The slices, and Fields itself, are
	// valid only until the next call to Read.
	Fields [][]byte
	// Line is the 1-based physical line the record starts on (a quoted
	// field may make a record span lines), for "file:line" messages.
	Line int
}

// ErrUnterminatedQuote is the error (inside a *ParseError) for a quoted field
// still open at the end of the input.
var ErrUnterminatedQuote = errors.New("unterminated quoted field")

// ParseError is an error in the CSV text at a line.
type ParseError struct {
	Line int   // 1-based line where the faulty record starts
	Err  error // what is wrong
}

func (e *ParseError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *ParseError) Unwrap() error { return e.Err }

// Reader reads CSV records from an io.Reader.
//
// Parsing follows RFC 4180 and matches encoding/csv (with FieldsPerRecord
// = -1) on every input encoding/csv accepts, with these decisions where
// RFC 4180 leaves room or encoding/csv would fail:
//
//   - Line ends are LF or CRLF. Inside a quoted field CRLF reads as LF,
//     as in encoding/csv; a lone CR is an ordinary character. A CR just
//     before the end of the input is dropped.
//   - An empty line (nothing, or only CR, before the LF) is skipped: it is
//     not a record. A line holding only a delimiter is a record of two empty
//     fields.
//   - A UTF-8 byte order mark at the start of the input is skipped.
//   - A field is quoted only if its first byte is the quote character
//     (" a" is unquoted). A quote inside an unquoted field is an ordinary
//     character ("lenient", like encoding/csv's LazyQuotes).
//   - Text after the closing quote of a quoted field, up to the next
//     delimiter or line end, is appended to the field as is: `"ab"cd` reads
//     as `abcd` (encoding/csv rejects this; Python's csv module does the
//     same as here).
//   - A quoted field still open at the end of the input is an error, a
//     *ParseError with ErrUnterminatedQuote and the line where its record
//     starts.
//
// The number of fields may vary from record to record; checking it is the
// caller's job, as it knows the schema.
type Reader struct {
	r     io.Reader
	err   error // sticky read error (io.EOF once the input is exhausted)
	delim byte
	quote byte

	buf        []byte // input; unconsumed data is buf[start:end]
	own        []byte // the read buffer (buf is the caller's after ResetBytes)
	start, end int
	line       int  // line number of buf[start]
	bomChecked bool // the start of the input has been checked for a BOM

	fields  [][]byte
	scratch []byte  // unescaped quoted fields
	fixups  []fixup // fields that point into scratch
}

// fixup records that fields[i] is scratch[start:end]; the slices are built
// once the record is complete because scratch may move while it grows.
type fixup struct{ i, start, end int }

// NewReader returns a Reader reading from r. Invalid options (a delimiter
// or quote that is CR or LF, or a delimiter equal to the quote) make the
// first Read fail.
func NewReader(r io.Reader, opts Options) *Reader {
	rd := &Reader{}
	rd.configure(opts)
	rd.Reset(r)
	return rd
}

func (r *Reader) configure(opts Options) {
	r.delim, r.quote = opts.Delimiter, opts.Quote
	if r.delim == 0 {
		r.delim = ','
	}
	if r.quote == 0 {
		r.quote = '"'
	}
	size := opts.BufferSize
	if size <= 0 {
		size = DefaultBufferSize
	}
	if size < 16 {
		size = 16
	}
	r.own = make([]byte, size)
}

// Reset makes r read from src from the beginning, as a new Reader with the
// same options, keeping its buffers: the way to read file after file
// without allocating.
func (r *Reader) Reset(src io.Reader) {
	r.r = src
	r.err = nil
	r.buf = r.own
	r.start, r.end = 0, 0
	r.line = 1
	r.bomChecked = false
	r.fields = r.fields[:0]
	if r.delim == '\r' || r.delim == '\n' || r.delim == r.quote || r.quote == '\r' || r.quote == '\n' {
		r.err = fmt.Errorf("csvrec: invalid delimiter %q or quote %q", r.delim, r.quote)
	}
}

// ResetBytes makes r read the records of data, which must not change until
// the last Read; unquoted fields point straight into data. It is the way to
// read a memory-mapped file without copying.
func (r *Reader) ResetBytes(data []byte) {
	r.Reset(nil)
	if r.err != nil {
		return // invalid options
	}
	r.buf, r.start, r.end, r.err = data, 0, len(data), io.EOF
}

// ResetBytesAt is ResetBytes for a piece of a larger input that starts at
// line line of it, such as a chunk from fileio.Parallel: the first
// record's Record.Line (and a ParseError's Line) count from line instead
// of 1. As data is not the start of the input, a byte order mark at its
// start is not skipped (it is part of a field, as in the middle of a
// file).
func (r *Reader) ResetBytesAt(data []byte, line int) {
	r.ResetBytes(data)
	r.line = line
	r.bomChecked = true
}

// fill reads more input into the buffer, first moving the unconsumed data
// to its front and growing it when it is full. It returns false when no
// more data can come (r.err is then set).
func (r *Reader) fill() bool {
	if r.err != nil {
		return false
	}
	if r.start > 0 {
		n := copy(r.buf, r.buf[r.start:r.end])
		r.start, r.end = 0, n
	}
	if r.end == len(r.buf) {
		nb := make([]byte, 2*len(r.buf))
		copy(nb, r.buf[:r.end])
		r.buf, r.own = nb, nb
	}
	for range 100 {
		n, err := r.r.Read(r.buf[r.end:])
		if n < 0 || n > len(r.buf)-r.end {
			err, n = errors.New("csvrec: reader returned an invalid count"), 0
		}
		r.end += n
		if err != nil {
			r.err = err
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	r.err = io.ErrNoProgress
	return false
}

// Read returns the next record. At the end of the input it returns io.EOF;
// a malformed record gives a *ParseError; a failing io.Reader's error is
// returned as is. After an error other than a *ParseError, every later Read
// returns the same error.
func (r *Reader) Read() (Record, error) {
	if !r.bomChecked {
		for r.end-r.start < 3 && r.fill() {
		}
		if bytes.HasPrefix(r.buf[r.start:r.end], bom) {
			r.start += len(bom)
		}
		r.bomChecked = true
	}
	for {
		data := r.buf[r.start:r.end]
		switch n, st := r.splitSimple(data); st {
		case simpleRecord:
			rec := Record{Fields: r.fields, Line: r.line}
			r.start += n
			r.line++
			return rec, nil
		case simpleQuote:
			rec, err, more := r.readQuoted(n)
			if !more {
				return rec, err
			}
			if r.err != nil {
				return Record{}, r.err
			}
			r.fill()
			continue
		}
		// The general path: the end of the buffer or input, empty lines.
		nl := bytes.IndexByte(data, '\n')
		if nl < 0 {
			if r.err == nil {
				r.fill()
				continue
			}
			if r.err != io.EOF {
				// Do not pass off a record cut by a failed read as
				// complete.
				return Record{}, r.err
			}
		}
		line := data
		if nl >= 0 {
			line = data[:nl]
		}
		if len(line) > 0 && line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
		}
		if len(line) == 0 {
			if nl < 0 { // end of input
				r.start = r.end
				return Record{}, io.EOF
			}
			r.start += nl + 1
			r.line++
			continue
		}
		// Split the line at delimiters as long as no field starts with
		// a quote (splitSimple's job, for the lines it leaves).
		fields := r.fields[:0]
		rest := line
		for {
			if len(rest) > 0 && rest[0] == r.quote {
				break
			}
			i := bytes.IndexByte(rest, r.delim)
			if i < 0 {
				fields = append(fields, rest)
				r.fields = fields
				rec := Record{Fields: fields, Line: r.line}
				if nl < 0 {
					r.start = r.end
				} else {
					r.start += nl + 1
				}
				r.line++
				return rec, nil
			}
			fields = append(fields, rest[:i])
			rest = rest[i+1:]
		}
		r.fields = fields
		rec, err, more := r.readQuoted(len(line) - len(rest))
		if more {
			if r.err != nil {
				return Record{}, r.err
			}
			r.fill()
			continue
		}
		return rec, err
	}
}

var bom = []byte("\xef\xbb\xbf")

// Results of splitSimple.
const (
	simpleNone   = iota // not handled: use the general path
	simpleRecord        // r.fields holds a complete record
	simpleQuote         // r.fields holds the fields before a quoted one
)

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// zeroBytes returns a word with the high bit set in exactly the bytes of
// w that are zero.
func zeroBytes(w uint64) uint64 {
	return ^((w&^msb + ^uint64(msb)) | w | ^uint64(msb)) & msb
}

// splitSimple is the fast path of Read. It splits the line at the start of
// data at delimiters, looking at eight bytes at a time for a delimiter or
// a newline (SWAR). It returns simpleRecord and the length of the line
// with its '\n' when the line is complete, not empty, and no field starts
// with a quote; simpleQuote and the offset of the field when one does; and
// simpleNone when the line runs past the last full word of the buffer or
// is empty, which the general path handles.
func (r *Reader) splitSimple(data []byte) (int, int) {
	q := r.quote
	if len(data) == 0 || data[0] == q {
		return 0, simpleNone
	}
	fields := r.fields[:0]
	dm := uint64(r.delim) * lsb
	const nlm = uint64('\n') * lsb
	start := 0
	for p := 0; p+8 <= len(data); p += 8 {
		w := binary.LittleEndian.Uint64(data[p:])
		md := zeroBytes(w ^ dm)
		mn := zeroBytes(w ^ nlm)
		if mn != 0 {
			// Only the delimiters before the first newline count.
			md &= mn ^ (mn - 1)
		}
		for md != 0 {
			i := p + bits.TrailingZeros64(md)>>3
			md &= md - 1
			fields = append(fields, data[start:i])
			start = i + 1
			if start < len(data) && data[start] == q {
				r.fields = fields
				return start, simpleQuote
			}
		}
		if mn != 0 {
			i := p + bits.TrailingZeros64(mn)>>3
			f := data[start:i]
			if len(f) > 0 && f[len(f)-1] == '\r' {
				f = f[:len(f)-1]
			}
			if len(fields) == 0 && len(f) == 0 {
				r.fields = fields
				return 0, simpleNone // an empty line
			}
			r.fields = append(fields, f)
			return i + 1, simpleRecord
		}
	}
	r.fields = fields // keep the capacity it grew to
	return 0, simpleNone
}

// readQuoted finishes the record that starts at buf[r.start], whose fields
// before offset pos (relative to r.start) are already in r.fields, when a
// field at pos starts with a quote. It reports more=true when the record
// is not complete in the buffer and more input may come; the caller then
// fills the buffer and parses the record again from its start.
func (r *Reader) readQuoted(pos int) (rec Record, err error, more bool) {
	data := r.buf[r.start:r.end]
	atEOF := r.err == io.EOF
	r.scratch = r.scratch[:0]
	r.fixups = r.fixups[:0]
	q, d := r.quote, r.delim
	i := pos
	for {
		// A field starts at i.
		if i < len(data) && data[i] == q {
			// Quoted field: copy segments between quotes, turning "" into
			// " and CRLF into LF, unless the field is one plain segment.
			j := i + 1
			sstart := len(r.scratch)
			copied := false
			var plain []byte
			for {
				k := bytes.IndexByte(data[j:], q)
				if k < 0 {
					if !atEOF {
						return Record{}, nil, true
					}
					r.start = r.end
					return Record{}, &ParseError{Line: r.line, Err: ErrUnterminatedQuote}, false
				}
				seg := data[j : j+k]
				j += k + 1
				if j == len(data) && !atEOF {
					return Record{}, nil, true // is it "" or the end?
				}
				crlf := bytes.Contains(seg, crlfBytes)
				if j < len(data) && data[j] == q { // "" → "
					r.scratch = appendNormalized(r.scratch, seg, crlf)
					r.scratch = append(r.scratch, q)
					copied = true
					j++
					continue
				}
				if copied || crlf {
					r.scratch = appendNormalized(r.scratch, seg, crlf)
					copied = true
				} else {
					plain = seg
				}
				break
			}
			// After the closing quote: delimiter, line end, end of input,
			// or text appended as is.
			k := j
			for k < len(data) && data[k] != d && data[k] != '\n' {
				k++
			}
			if k == len(data) && !atEOF {
				return Record{}, nil, true
			}
			tail := data[j:k]
			if k == len(data) || data[k] == '\n' {
				if len(tail) > 0 && tail[len(tail)-1] == '\r' {
					tail = tail[:len(tail)-1]
				}
			}
			if len(tail) > 0 && !copied {
				r.scratch = append(r.scratch, plain...)
				copied = true
			}
			if copied {
				r.scratch = append(r.scratch, tail...)
				r.fixups = append(r.fixups, fixup{len(r.fields), sstart, len(r.scratch)})
				r.fields = append(r.fields, nil)
			} else {
				r.fields = append(r.fields, plain)
			}
			i = k
		} else {
			// Unquoted field.
			k := i
			for k < len(data) && data[k] != d && data[k] != '\n' {
				k++
			}
			if k == len(data) && !atEOF {
				return Record{}, nil, true
			}
			f := data[i:k]
			if k == len(data) || data[k] == '\n' {
				if len(f) > 0 && f[len(f)-1] == '\r' {
					f = f[:len(f)-1]
				}
			}
			r.fields = append(r.fields, f)
			i = k
		}
		if i < len(data) && data[i] == d {
			i++
			continue
		}
		// End of record: at a newline or the end of the input.
		if i < len(data) {
			i++ // the '\n'
		}
		break
	}
	for _, f := range r.fixups {
		r.fields[f.i] = r.scratch[f.start:f.end]
	}
	rec = Record{Fields: r.fields, Line: r.line}
	r.line += bytes.Count(data[:i], nlBytes)
	if i == len(data) && (len(data) == 0 || data[len(data)-1] != '\n') {
		r.line++ // the last record had no line end
	}
	r.start += i
	return rec, nil, false
}

var (
	crlfBytes = []byte("\r\n")
	nlBytes   = []byte("\n")
)

// appendNormalized appends seg to dst, turning CRLF into LF when crlf.
func appendNormalized(dst, seg []byte, crlf bool) []byte {
	if !crlf {
		return append(dst, seg...)
	}
	for {
		i := bytes.Index(seg, crlfBytes)
		if i < 0 {
			return append(dst, seg...)
		}
		dst = append(dst, seg[:i]...)
		dst = append(dst, '\n')
		seg = seg[i+2:]
	}
}
