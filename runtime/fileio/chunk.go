package fileio

import (
	"bytes"
	"fmt"
	"io"
	"time"
)

// ChunkOptions say how files are cut into chunks of whole records.
type ChunkOptions struct {
	// Size is the target number of bytes per chunk; 0 means 1 MiB. A
	// record longer than Size makes a bigger chunk.
	Size int
	// Quote is the CSV quote character: a newline inside a quoted field
	// does not end a record. 0 means JSON Lines, where every '\n' ends a
	// record. (Unlike csvrec.Options.Quote, 0 does not mean '"'.)
	Quote byte
	// Delimiter is the CSV field delimiter; 0 means ','. It must be the
	// one csvrec parses with: csvrec takes a field as quoted only when the
	// quote is its first byte (after a delimiter or at a line start), and
	// a quote anywhere else as an ordinary character, so finding the
	// record ends the way csvrec does needs the delimiter. Unused for
	// JSON Lines.
	Delimiter byte
	// Header says the first record of each file is its header: it is
	// delivered as Chunk.Header, not in Data.
	Header bool
}

// DefaultChunkSize is the chunk size when ChunkOptions.Size is 0.
const DefaultChunkSize = 1 << 20

// Chunk is a run of whole records of one file.
//
// Data ends just after a '\n' that ends a record, except the last chunk
// of a file, which ends where the file does (its last record may lack a
// line end). Line ends are kept as they are ("\r\n" included); the
// consumers (csvrec.Reader.ResetBytesAt, Lines) strip the '\r'.
type Chunk struct {
	Seq  int    // 0, 1, 2, ... over all files, in file order
	File string // the file's path (Source.Name), for error locations
	// Line is the 1-based physical line number, in File, of Data's first
	// byte.
	Line int
	// Header is the file's header record without its line end
	// (ChunkOptions.Header; nil without it): the same slice for every
	// chunk of a file, a copy that stays valid (and unchanged) for good.
	Header []byte
	// First says Data starts at the beginning of the file's records: the
	// chunk is the first of its file.
	First bool
	// Data holds whole records. It is valid only until work returns: it
	// may be a view of a memory-mapped file, or a buffer that is reused.
	Data []byte
	// Read is the time the reader took to read (or map) and cut the
	// chunk: the deserialize phase of runtime.md's metrics, timed once
	// per chunk.
	Read time.Duration

	buf    []byte // pooled buffer backing Data (read mode), for release
	mapped bool   // Data is a view of the current file's mapping
}

// chunker cuts the files of a Source into chunks. It is used by one
// goroutine at a time.
//
// Two modes: a file that is memory-mapped (and bigger than one chunk) is
// cut into views of the mapping; any other file is read through
// Source.Read into pooled buffers, the tail after the last record end of a
// full buffer being carried over into the next one.
type chunker struct {
	src  *Source
	opts ChunkOptions
	sp   splitter
	free chan []byte // free list of read buffers
	seq  int

	// beforeNext is called before the Source moves to its next file
	// (which unmaps the current one); Parallel waits there for the work
	// on the current file's mapped chunks.
	beforeNext func()

	inFile bool // a file is open and not finished
	done   bool // the current file has given its last chunk
	name   string
	header []byte
	hasHdr bool
	first  bool
	line   int  // line number of data[start]
	mmap   bool // data is the file's mapping
	data   []byte
	start  int   // where the next chunk starts in data
	scan   int   // data[:scan] has been through sp
	cut    int   // just past the last record end seen in data[start:scan], or <= start
	eof    bool  // data holds the rest of the file
	err    error // read error met (sticky)
}

func newChunker(src *Source, opts ChunkOptions, buffers int) *chunker {
	return &chunker{
		src:  src,
		opts: opts,
		sp:   splitter{quote: opts.Quote, delim: opts.Delimiter},
		free: make(chan []byte, buffers),
	}
}

// normalize fills in ChunkOptions defaults and checks them.
func (o *ChunkOptions) normalize() error {
	if o.Size <= 0 {
		o.Size = DefaultChunkSize
	}
	if o.Delimiter == 0 {
		o.Delimiter = ','
	}
	if o.Quote != 0 && (o.Quote == '\n' || o.Quote == '\r' || o.Quote == o.Delimiter ||
		o.Delimiter == '\n' || o.Delimiter == '\r') {
		return fmt.Errorf("fileio: invalid delimiter %q or quote %q", o.Delimiter, o.Quote)
	}
	return nil
}

func (c *chunker) getBuf() []byte {
	select {
	case b := <-c.free:
		return b[:0]
	default:
		return make([]byte, 0, c.opts.Size)
	}
}

func (c *chunker) putBuf(b []byte) {
	if cap(b) < c.opts.Size || cap(b) > 8*c.opts.Size {
		return // grown for a long record: let it go
	}
	select {
	case c.free <- b:
	default:
	}
}

// release gives back what ch holds, once work on it is done.
func (c *chunker) release(ch *Chunk) {
	if ch.buf != nil {
		c.putBuf(ch.buf)
		ch.buf = nil
	}
	ch.Data = nil
}

// next returns the next chunk, io.EOF after the last one, or the error
// that stops reading (a read error, or Source.Err after NextFile). After
// a read error the whole records read before it come first, as a chunk.
func (c *chunker) next() (*Chunk, error) {
	for {
		if !c.inFile {
			if c.beforeNext != nil {
				c.beforeNext()
			}
			if !c.src.NextFile() {
				if err := c.src.Err(); err != nil {
					return nil, err
				}
				return nil, io.EOF
			}
			if err := c.open(); err != nil {
				return nil, err
			}
		}
		start := time.Now()
		ch, err := c.nextInFile()
		if ch != nil {
			ch.Read = time.Since(start)
		}
		if ch != nil || err != nil {
			return ch, err
		}
		c.closeFile()
	}
}

func (c *chunker) closeFile() {
	c.inFile = false
	if !c.mmap && c.data != nil {
		c.putBuf(c.data)
	}
	c.data, c.header = nil, nil
}

var utf8BOM = []byte("\xef\xbb\xbf")

// open starts on the file the Source has just opened: it skips a BOM and
// takes the header record.
func (c *chunker) open() error {
	c.inFile, c.done = true, false
	c.name = c.src.Name()
	c.header, c.hasHdr = nil, false
	c.first, c.line = true, 1
	c.sp.reset()
	c.start, c.scan, c.cut, c.eof, c.err = 0, 0, 0, false, nil
	if m := c.src.Mapped(); m != nil && len(m) > c.opts.Size {
		c.mmap, c.data, c.eof = true, m, true
	} else {
		// Small mapped files are copied too: one chunk each anyway, and
		// then the next file need not wait for the work on this one.
		c.mmap, c.data = false, c.getBuf()
	}
	c.fill(len(utf8BOM))
	if c.err != nil {
		return c.err
	}
	if bytes.HasPrefix(c.data, utf8BOM) {
		c.start, c.scan = len(utf8BOM), len(utf8BOM)
	}
	if c.opts.Header {
		c.readHeader()
		if c.err != nil {
			return c.err
		}
	}
	c.cut = c.start
	if !c.mmap && c.start > 0 {
		// Move the data to the front of the buffer, so that chunks fill
		// buffers of Size bytes exactly.
		n := copy(c.data, c.data[c.start:])
		c.data = c.data[:n]
		c.scan -= c.start
		c.start, c.cut = 0, 0
	}
	return nil
}

// readHeader takes the first record that is not blank as the header.
func (c *chunker) readHeader() {
	bodyStart := c.start
	for {
		// Find the end of the record at c.start.
		end := -1
		for {
			if c.scan < len(c.data) {
				if i := c.sp.next(c.data[c.scan:]); i >= 0 {
					end = c.scan + i
					c.scan = end
					break
				}
				c.scan = len(c.data)
			}
			if c.eof || c.err != nil {
				break
			}
			c.fill(len(c.data) + c.opts.Size)
		}
		if c.err != nil {
			return
		}
		rec := c.data[c.start:]
		if end >= 0 {
			rec = c.data[c.start : end-1]
		} else {
			end = len(c.data)
		}
		if len(rec) > 0 && rec[len(rec)-1] == '\r' {
			rec = rec[:len(rec)-1]
		}
		blank := len(rec) == 0
		if c.opts.Quote == 0 {
			blank = isBlank(rec)
		}
		c.start = end
		if !blank {
			// A copy even from a mapping: a consumer may keep it to
			// compare with the next file's header, after the unmapping.
			c.header, c.hasHdr = bytes.Clone(rec), true
			break
		}
		if end == len(c.data) && c.eof {
			c.done = true // only blank lines: no header, no records
			break
		}
	}
	c.line += bytes.Count(c.data[bodyStart:c.start], nlBytes)
}

var nlBytes = []byte{'\n'}

// fill reads until data holds want bytes or the file ends (read mode).
func (c *chunker) fill(want int) {
	if c.mmap || c.eof || c.err != nil {
		return
	}
	if cap(c.data) < want {
		nb := make([]byte, len(c.data), max(want, 2*cap(c.data)))
		copy(nb, c.data)
		c.putBuf(c.data)
		c.data = nb
	}
	for zeros := 0; len(c.data) < want; {
		n, err := c.src.Read(c.data[len(c.data):want])
		c.data = c.data[:len(c.data)+n]
		if err == io.EOF {
			c.eof = true
			return
		}
		if err != nil {
			c.err = err
			return
		}
		if n > 0 {
			zeros = 0
		} else if zeros++; zeros >= 100 {
			c.err = fmt.Errorf("read %s: %w", c.name, io.ErrNoProgress)
			return
		}
	}
}

// nextInFile returns the current file's next chunk, nil at its end.
func (c *chunker) nextInFile() (*Chunk, error) {
	if c.done {
		return nil, nil
	}
	want := c.start + c.opts.Size
	for {
		c.fill(want)
		if end := min(len(c.data), want); c.scan < end {
			if i := c.sp.last(c.data[c.scan:end]); i >= 0 {
				c.cut = c.scan + i
			}
			c.scan = end
		}
		if c.eof && len(c.data) <= want {
			// The rest of the file fits: it is the last chunk.
			c.done = true
			if len(c.data) == c.start && !(c.first && c.hasHdr) {
				return nil, nil
			}
			return c.emit(len(c.data)), nil
		}
		if c.cut > c.start {
			return c.emit(c.cut), nil
		}
		if c.err != nil {
			return nil, c.err
		}
		want += c.opts.Size // a record longer than Size
	}
}

// emit makes the chunk data[start:end] and moves past it.
func (c *chunker) emit(end int) *Chunk {
	ch := &Chunk{
		Seq:    c.seq,
		File:   c.name,
		Line:   c.line,
		Header: c.header,
		First:  c.first,
		Data:   c.data[c.start:end:end], // append must not write past it (into a read-only mapping)
	}
	c.seq++
	c.first = false
	c.line += bytes.Count(ch.Data, nlBytes)
	if c.mmap {
		ch.mapped = true
		c.start = end
		return ch
	}
	ch.buf = c.data
	if c.done {
		c.data = nil
		return ch
	}
	// Carry the tail (part of a record) over into a fresh buffer.
	nb := append(c.getBuf(), c.data[end:]...)
	c.data, c.start, c.scan, c.cut = nb, 0, c.scan-end, 0
	return ch
}

// splitter finds the '\n's that end records, carrying its state from one
// block of a file to the next.
//
// For CSV it follows csvrec's reading exactly: a field is quoted only if
// its first byte (at the start of a line or after a delimiter) is the
// quote; inside it, a doubled quote is an escaped quote and another quote
// closes it; after the closing quote, and in an unquoted field, quotes
// are ordinary characters up to the next delimiter or line end. (Counting
// quote bytes, as a plain RFC 4180 reader could, goes wrong on input
// csvrec accepts, such as `a"b,"x` + "\n" + `y"`: the second '"' opens a
// quoted field holding a newline, yet the count of quotes before that
// newline is even.)
//
// Between quotes the work is two memchr-like calls per quoted field, and
// a block without quotes costs one IndexByte and one LastIndexByte.
type splitter struct {
	quote, delim byte
	inQuote      bool // inside a quoted field
	afterQuote   bool // the last byte was a quote ending the quoted part, or half of ""
	fieldStart   bool // the next byte starts a field
}

func (s *splitter) reset() {
	s.inQuote, s.afterQuote, s.fieldStart = false, false, true
}

// next scans b up to and including the first record-ending '\n' and
// returns the index just past it; -1 (having scanned all of b) if there is
// none.
func (s *splitter) next(b []byte) int {
	if s.quote == 0 {
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			return i + 1
		}
		return -1
	}
	return s.run(b, true)
}

// last scans all of b and returns the index just past its last
// record-ending '\n', or -1 if it has none.
func (s *splitter) last(b []byte) int {
	if s.quote == 0 {
		if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
			return i + 1
		}
		return -1
	}
	return s.run(b, false)
}

func (s *splitter) run(b []byte, first bool) int {
	q := s.quote
	end := -1
	for i := 0; i < len(b); {
		if s.inQuote {
			k := bytes.IndexByte(b[i:], q)
			if k < 0 {
				return end
			}
			i += k + 1
			s.inQuote, s.afterQuote = false, true
			continue
		}
		if s.afterQuote {
			s.afterQuote = false
			if b[i] == q { // "" inside a quoted field
				s.inQuote = true
				i++
				continue
			}
			s.fieldStart = false // text after the closing quote
		}
		// Outside quotes. First the common case between quoted fields:
		// a delimiter or line end, then the next field's opening quote.
		if c := b[i]; (c == s.delim || c == '\n') && i+1 < len(b) && b[i+1] == q {
			if c == '\n' {
				if first {
					s.fieldStart = true
					return i + 1
				}
				end = i + 1
			}
			s.inQuote, s.fieldStart = true, false
			i += 2
			continue
		}
		// Up to the next quote, every '\n' ends a record.
		rest := b[i:]
		k := bytes.IndexByte(rest, q)
		if k < 0 {
			k = len(rest)
		}
		seg := rest[:k]
		if first {
			if n := bytes.IndexByte(seg, '\n'); n >= 0 {
				s.fieldStart = true
				return i + n + 1
			}
		} else if n := bytes.LastIndexByte(seg, '\n'); n >= 0 {
			end = i + n + 1
		}
		if k > 0 {
			c := seg[k-1]
			s.fieldStart = c == s.delim || c == '\n'
		}
		if k == len(rest) {
			return end
		}
		// A quote at a field start opens a quoted field; elsewhere it is
		// an ordinary character.
		s.inQuote = s.fieldStart
		s.fieldStart = false
		i += k + 1
	}
	return end
}

// Lines iterates over the lines of a chunk of JSON Lines the way
// Source.ReadLine does: lines end at "\n" or "\r\n" (the last one may have
// no line end), and blank lines (empty, or only spaces, tabs and CR) are
// skipped but counted. No byte order mark is skipped: Parallel has
// removed the file's.
//
//	var l fileio.Lines
//	l.Reset(c.Data, c.Line)
//	for line, num, ok := l.Next(); ok; line, num, ok = l.Next() { ... }
type Lines struct {
	data []byte
	line int
}

// Reset makes l iterate over the lines of data, the first of which is
// line firstLine of its file.
func (l *Lines) Reset(data []byte, firstLine int) {
	l.data, l.line = data, firstLine
}

// Next returns the next non-blank line without its line end, and its
// line number; ok is false after the last line. line points into the
// data given to Reset.
func (l *Lines) Next() (line []byte, num int, ok bool) {
	for len(l.data) > 0 {
		i := bytes.IndexByte(l.data, '\n')
		if i < 0 {
			line, l.data = l.data, nil
		} else {
			line, l.data = l.data[:i], l.data[i+1:]
		}
		num = l.line
		l.line++
		if len(line) > 0 && line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
		}
		if !isBlank(line) {
			return line, num, true
		}
	}
	return nil, 0, false
}
