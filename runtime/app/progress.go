package app

import (
	"fmt"
	"io"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/velocsql/veloc/runtime/fileio"
)

// The progress line (runtime.md): when the program's stderr is a terminal
// and it reads files, one line at the bottom of the terminal shows the
// records read, the bytes read out of the files' total, the rate, the
// percentage and the time left; log lines are written above it. It is off
// with --quiet and whenever stderr is not a terminal (a file, a pipe, a
// container's log), where a line rewritten five times a second is noise.

// progressEvery is how often the line is redrawn.
const progressEvery = 200 * time.Millisecond

// termWriter is stderr when it is a terminal: it keeps the progress line
// below whatever else is written.
type termWriter struct {
	mu   sync.Mutex
	w    io.Writer
	line string // the progress line on screen, "" when none
}

const clearLine = "\r\033[K"

func (t *termWriter) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.line != "" {
		io.WriteString(t.w, clearLine)
	}
	n, err := t.w.Write(p)
	if t.line != "" {
		io.WriteString(t.w, t.line)
	}
	return n, err
}

// show replaces the progress line; "" removes it.
func (t *termWriter) show(line string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.line != "" || line != "" {
		io.WriteString(t.w, clearLine+line)
	}
	t.line = line
}

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("TERM") == "dumb" {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progress tracks the files a run reads.
type progress struct {
	tw    *termWriter
	start time.Time
	bytes atomic.Int64

	mu      sync.Mutex
	readers []*Counter // records read from file sources
	files   map[string]bool
	total   int64
	unknown bool // a compressed file: its size says nothing of its data
	stop    chan struct{}
	done    chan struct{}
}

func newProgress(tw *termWriter) *progress {
	p := &progress{tw: tw, start: time.Now(), files: map[string]bool{}, stop: make(chan struct{}), done: make(chan struct{})}
	go p.run()
	return p
}

func (p *progress) run() {
	defer close(p.done)
	t := time.NewTicker(progressEvery)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			p.tw.show("")
			return
		case <-t.C:
			p.mu.Lock()
			readers, total, unknown := p.readers, p.total, p.unknown
			p.mu.Unlock()
			if len(readers) == 0 {
				continue
			}
			var records int64
			for _, c := range readers {
				records += c.Load()
			}
			if unknown {
				total = 0
			}
			p.tw.show(progressLine(records, p.bytes.Load(), total, time.Since(p.start)))
		}
	}
}

func (p *progress) close() {
	close(p.stop)
	<-p.done
}

// addFiles adds a file source, with the counter of its records, to the
// line. Only file sources' records are counted: a job reading another's
// output in process would count the same records twice.
func (p *progress) addFiles(in *Counter, files []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !slices.Contains(p.readers, in) {
		p.readers = append(p.readers, in)
	}
	for _, f := range files {
		if p.files[f] {
			continue
		}
		p.files[f] = true
		if fi, err := os.Stat(f); err == nil {
			p.total += fi.Size()
		}
		if len(f) > 3 && f[len(f)-3:] == ".gz" {
			p.unknown = true
		}
	}
}

// progressLine formats "1,234,567 records  45.6 MB of 120.0 MB (38%)
// 812.3k records/s  ETA 0:12"; total 0 leaves out the percentage and ETA.
func progressLine(records, bytes, total int64, elapsed time.Duration) string {
	line := fmt.Sprintf("%s records  %s", thousands(records), byteSize(bytes))
	if total > 0 {
		line += fmt.Sprintf(" of %s (%d%%)", byteSize(total), min(100, bytes*100/total))
	}
	secs := elapsed.Seconds()
	if secs > 0 {
		line += fmt.Sprintf("  %s records/s", rate(float64(records)/secs))
	}
	if total > 0 && bytes > 0 && bytes < total && secs > 0 {
		left := time.Duration(float64(total-bytes) / (float64(bytes) / secs) * float64(time.Second))
		line += "  ETA " + clock(left)
	}
	return line
}

func thousands(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func byteSize(n int64) string {
	switch {
	case n >= 1000<<20: // no "1023.9 MB": a unit goes up at 1000 of the one below
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1000<<10:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1000:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

func rate(r float64) string {
	switch {
	case r >= 1e6:
		return fmt.Sprintf("%.1fM", r/1e6)
	case r >= 1e3:
		return fmt.Sprintf("%.1fk", r/1e3)
	}
	return fmt.Sprintf("%.0f", r)
}

func clock(d time.Duration) string {
	s := int64(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// FileOpened tells the program that the job opened a file source: the
// source is connected for /readyz, and its files count in the progress
// line.
func (e *Env) FileOpened(source string, src *fileio.Source) {
	e.Metrics.Source(source).SetConnected()
	if e.progress != nil {
		e.progress.addFiles(e.In(source), src.Files())
	}
}

// ReadBytes counts bytes of input a worker has taken (one chunk), for the
// progress line.
func (e *Env) ReadBytes(n int) {
	if e.progress != nil {
		e.progress.bytes.Add(int64(n))
	}
}
