package fileio

import (
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// SinkOptions configures a Sink.
type SinkOptions struct {
	Append     bool // append to an existing file instead of truncating it
	Gzip       bool // compress with gzip (appending adds a gzip member)
	BufferSize int  // write block size; 0 means DefaultBufferSize
}

// Sink writes encoded batches to a file or to standard output.
//
// Write takes whole batches (one or more complete records). Batches are
// collected in a buffer and written when it would overflow, so a batch is
// never split across two writes of the underlying file unless it is larger
// than the buffer, in which case it is written by itself; several Sinks on
// standard output therefore never mix the bytes of their records.
// A Sink is not safe for concurrent use.
type Sink struct {
	name  string
	file  *os.File // nil for standard output
	gz    *gzip.Writer
	w     io.Writer // where full blocks go: file, gz, or stdout
	buf   []byte
	err   error // sticky write error
	close bool  // Close closes file
}

// CreateSink creates (or, with Append, opens for appending) the file at
// path, creating missing parent folders. Errors name the path.
func CreateSink(path string, opts SinkOptions) (*Sink, error) {
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("create %s: %w", path, err)
		}
	}
	flag := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if opts.Append {
		flag = os.O_WRONLY | os.O_CREATE | os.O_APPEND
	}
	f, err := os.OpenFile(path, flag, 0o644)
	if err != nil {
		return nil, err // *PathError: "open out/x.csv: permission denied"
	}
	s := newSink(path, f, opts.BufferSize)
	s.file, s.close = f, true
	if opts.Gzip {
		s.gz = gzip.NewWriter(f)
		s.w = s.gz
	}
	return s, nil
}

// Stdout returns a Sink writing to standard output. Its Close flushes but
// does not close standard output.
func Stdout() *Sink { return newSink("stdout", os.Stdout, 0) }

func newSink(name string, w io.Writer, size int) *Sink {
	if size <= 0 {
		size = DefaultBufferSize
	}
	return &Sink{name: name, w: w, buf: make([]byte, 0, size)}
}

// Name returns the sink's path ("stdout" for standard output).
func (s *Sink) Name() string { return s.name }

// Write buffers p, one or more whole records. It writes the buffer out
// first if p does not fit, and writes a p larger than the buffer directly.
// The first write error is returned by this and every later call.
func (s *Sink) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	if s.w == nil {
		return 0, fmt.Errorf("write %s: sink is closed", s.name)
	}
	if len(s.buf)+len(p) > cap(s.buf) {
		if err := s.Flush(); err != nil {
			return 0, err
		}
		if len(p) > cap(s.buf) {
			if _, err := s.w.Write(p); err != nil {
				s.err = fmt.Errorf("write %s: %w", s.name, err)
				return 0, s.err
			}
			return len(p), nil
		}
	}
	s.buf = append(s.buf, p...)
	return len(p), nil
}

// Flush writes the buffered batches out (through gzip, which keeps its own
// window until Close).
func (s *Sink) Flush() error {
	if s.err != nil {
		return s.err
	}
	if len(s.buf) == 0 || s.w == nil {
		return nil
	}
	_, err := s.w.Write(s.buf)
	s.buf = s.buf[:0]
	if err != nil {
		s.err = fmt.Errorf("write %s: %w", s.name, err)
	}
	return s.err
}

// Close flushes the sink, finishes the gzip stream and closes the file. It
// returns the first error met; calling it again returns nil.
func (s *Sink) Close() error {
	if s.w == nil {
		return nil
	}
	err := s.Flush()
	if s.gz != nil {
		if gerr := s.gz.Close(); err == nil && gerr != nil {
			err = fmt.Errorf("write %s: %w", s.name, gerr)
		}
	}
	if s.close {
		if cerr := s.file.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}
	s.w = nil
	return err
}
