package fileio

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// DefaultBufferSize is the block size sources read and sinks write.
const DefaultBufferSize = 256 << 10

// SourceOptions configures a Source.
type SourceOptions struct {
	// Mmap maps each (uncompressed) file into memory instead of reading
	// it (file_source_mmap). Where mapping is not available the file is
	// read into memory whole, with the same behaviour.
	Mmap bool
	// BufferSize is the initial line-buffer size for ReadLine; 0 means
	// DefaultBufferSize. A longer line grows it.
	BufferSize int
}

// Source reads the files a path or glob names, one after the other.
//
// The files are opened one at a time: NextFile opens the next one, after
// which Read, ReadLine and Mapped serve that file until they report io.EOF.
// Use either Read (for example through csvrec.Reader) or ReadLine on one
// file, not both.
//
//	src, err := fileio.OpenSource("data/*.jsonl", fileio.SourceOptions{})
//	for src.NextFile() {
//		for {
//			line, err := src.ReadLine()
//			if err == io.EOF { break }
//			...
//		}
//	}
//	if err := src.Err(); err != nil { ... }
//
// A Source is not safe for concurrent use.
type Source struct {
	files   []string
	next    int // index in files of the file NextFile opens
	name    string
	opts    SourceOptions
	err     error
	file    *os.File
	gz      *gzip.Reader
	r       io.Reader // the current file's (decompressed) bytes
	mapped  []byte    // the current file's contents when memory-mapped
	unmap   func() error
	opened  *os.File // the first file, opened by OpenSource
	nbytes  int64    // bytes read from the current file
	eof     bool     // r is exhausted
	buf     []byte   // line buffer: unread data is buf[start:end]
	start   int
	end     int
	lineNum int
	bomDone bool
}

// Line is one line of a file, without its line terminator.
type Line struct {
	Bytes []byte // valid until the next call on the Source
	Num   int    // 1-based line number in File
	File  string // the file's path
}

// OpenSource resolves path and opens its first file. A path holding '*' or
// '?' is a glob (filepath.Match syntax, which also gives '[' and '\\'
// their meaning there): the matching files are read in sorted order, and
// no match is an error naming the pattern. Any other path names one file;
// a missing one is an error naming it
// ("open no_such_orders.csv: no such file or directory"). A file whose name
// ends in ".gz" is decompressed.
func OpenSource(path string, opts SourceOptions) (*Source, error) {
	files := []string{path}
	if strings.ContainsAny(path, "*?") {
		m, err := filepath.Glob(path)
		if err != nil {
			return nil, fmt.Errorf("bad file pattern %q: %w", path, err)
		}
		if len(m) == 0 {
			return nil, fmt.Errorf("no files match %q", path)
		}
		sort.Strings(m)
		files = m
	}
	if opts.BufferSize <= 0 {
		opts.BufferSize = DefaultBufferSize
	}
	// Open the first file now, so that a missing input fails at start-up.
	f, err := os.Open(files[0])
	if err != nil {
		return nil, err
	}
	return &Source{files: files, opts: opts, opened: f}, nil
}

// Files returns the files the Source reads, in order.
func (s *Source) Files() []string { return s.files }

// Name returns the path of the current file.
func (s *Source) Name() string { return s.name }

// Err returns the error that made NextFile return false, if any.
func (s *Source) Err() error { return s.err }

// BytesRead returns how many bytes of the current file (decompressed) have
// been consumed, for progress reports.
func (s *Source) BytesRead() int64 { return s.nbytes }

// NextFile closes the current file and opens the next one. It returns false
// when there are no more files or the next one cannot be opened (see Err).
func (s *Source) NextFile() bool {
	if s.err != nil {
		return false
	}
	if err := s.closeFile(); err != nil {
		s.err = err
		return false
	}
	if s.next >= len(s.files) {
		return false
	}
	name := s.files[s.next]
	s.next++
	f := s.opened
	s.opened = nil
	if f == nil {
		var err error
		if f, err = os.Open(name); err != nil {
			s.err = err
			return false
		}
	}
	s.name, s.file = name, f
	s.nbytes, s.eof, s.start, s.end, s.lineNum, s.bomDone = 0, false, 0, 0, 0, false
	gz := strings.HasSuffix(name, ".gz")
	if s.opts.Mmap && !gz {
		data, unmap, err := mapFile(f)
		if err != nil {
			s.err = fmt.Errorf("map %s: %w", name, err)
			return false
		}
		s.mapped, s.unmap = data, unmap
		s.r = bytes.NewReader(data)
		return true
	}
	s.r = f
	if gz {
		if s.gz == nil {
			s.gz = new(gzip.Reader)
		}
		if err := s.gz.Reset(f); err != nil {
			s.err = fmt.Errorf("read %s: %w", name, err)
			return false
		}
		s.r = s.gz
	}
	return true
}

func (s *Source) closeFile() error {
	var err error
	if s.unmap != nil {
		err = s.unmap()
		s.unmap, s.mapped = nil, nil
	}
	if s.file != nil {
		if cerr := s.file.Close(); err == nil {
			err = cerr
		}
		s.file = nil
	}
	s.r = nil
	return err
}

// Close closes the current file.
func (s *Source) Close() error {
	if s.opened != nil {
		s.opened.Close()
		s.opened = nil
	}
	return s.closeFile()
}

// Mapped returns the whole contents of the current file when it is
// memory-mapped (SourceOptions.Mmap), else nil. The slice is valid until
// the next NextFile or Close; it is what csvrec.Reader.ResetBytes takes to
// read without copying.
func (s *Source) Mapped() []byte { return s.mapped }

// Read reads the current file's (decompressed) bytes; it returns io.EOF at
// the end of the file. Errors name the file.
func (s *Source) Read(p []byte) (int, error) {
	if s.r == nil {
		return 0, io.EOF
	}
	n, err := s.r.Read(p)
	s.nbytes += int64(n)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("read %s: %w", s.name, err)
	}
	return n, err
}

// ReadLine returns the next non-blank line of the current file, without
// its "\n" or "\r\n", and io.EOF at the end of the file. Blank lines (empty
// or only spaces, tabs and CR) are skipped but counted. A UTF-8 byte order
// mark at the start of the file is skipped. For a memory-mapped file the
// line points into the mapping.
func (s *Source) ReadLine() (Line, error) {
	for {
		data := s.buf[s.start:s.end]
		if s.mapped != nil {
			data = s.mapped[s.nbytes:]
		}
		if !s.bomDone {
			if len(data) < 3 && !s.eof && s.mapped == nil {
				if err := s.fill(); err != nil {
					return Line{}, err
				}
				continue
			}
			s.bomDone = true
			if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
				s.consume(3)
				continue
			}
		}
		i := bytes.IndexByte(data, '\n')
		if i < 0 && !s.eof && s.mapped == nil {
			if err := s.fill(); err != nil {
				return Line{}, err
			}
			continue
		}
		if i < 0 {
			if len(data) == 0 {
				return Line{}, io.EOF
			}
			i = len(data) // a last line without terminator
			s.consume(len(data))
		} else {
			s.consume(i + 1)
		}
		line := data[:i]
		s.lineNum++
		if len(line) > 0 && line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
		}
		if isBlank(line) {
			continue
		}
		return Line{Bytes: line, Num: s.lineNum, File: s.name}, nil
	}
}

func (s *Source) consume(n int) {
	if s.mapped == nil {
		s.start += n
	}
	s.nbytes += int64(n)
}

// fill reads more of the file into the line buffer.
func (s *Source) fill() error {
	if s.r == nil {
		s.eof = true
		return nil
	}
	if s.buf == nil {
		s.buf = make([]byte, s.opts.BufferSize)
	}
	if s.start > 0 {
		s.end = copy(s.buf, s.buf[s.start:s.end])
		s.start = 0
	}
	if s.end == len(s.buf) {
		nb := make([]byte, 2*len(s.buf))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for range 100 {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err == io.EOF {
			s.eof = true
			return nil
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", s.name, err)
		}
		if n > 0 {
			return nil
		}
	}
	return fmt.Errorf("read %s: %w", s.name, io.ErrNoProgress)
}

func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}
