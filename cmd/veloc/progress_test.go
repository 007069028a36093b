//go:build linux

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

const progressSQL = `CREATE STREAM src (n INTEGER NOT NULL, s STRING) WITH ('src.type' = 'file_source', 'src.path' = 'in.csv');
CREATE STREAM copied AS SELECT n, s FROM src WITH ('copied.type' = 'file_sink', 'copied.path' = 'out.csv');
`

// TestProgressLineOnTerminal runs a program whose stderr is a terminal (a
// pseudo-terminal) and whose input is a named pipe the test writes, so
// that the program is still reading when the line is drawn: it shows the
// records and bytes read, then is erased at the end, below the log lines.
// With --quiet, or when stderr is not a terminal (the other tests), there
// is no progress line.
func TestProgressLineOnTerminal(t *testing.T) {
	cacheEnv(t)
	dir := writeFiles(t, map[string]string{"p.sql": progressSQL})
	if r := run(t, dir, "build", "p.sql", "-o", "p"); r.code != 0 {
		t.Fatalf("build: %s", r.stderr)
	}
	for _, quiet := range []bool{false, true} {
		t.Run(fmt.Sprintf("quiet=%v", quiet), func(t *testing.T) {
			in := filepath.Join(dir, "in.csv")
			os.Remove(in)
			if err := syscall.Mkfifo(in, 0o600); err != nil {
				t.Skipf("no named pipes here: %v", err)
			}
			master, slave := openPTY(t)
			args := []string{"--metrics-addr", ""}
			if quiet {
				args = append(args, "--quiet")
			}
			cmd := exec.Command(filepath.Join(dir, "p"), args...)
			cmd.Dir, cmd.Stderr = dir, slave
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			slave.Close()
			term := &termBuffer{}
			go term.copyFrom(master)

			w, err := os.OpenFile(in, os.O_WRONLY, 0) // waits for the program to open it
			if err != nil {
				t.Fatal(err)
			}
			var rows bytes.Buffer
			rows.WriteString("n,s\n")
			for i := range 100_000 { // more than one 1 MiB chunk
				fmt.Fprintf(&rows, "%d,row%d\n", i, i)
			}
			if _, err := w.Write(rows.Bytes()); err != nil {
				t.Fatal(err)
			}
			if !quiet {
				// The program waits for the rest of the pipe: the line shows.
				if !term.waitFor("records/s", 10*time.Second) {
					t.Fatalf("no progress line on the terminal:\n%q", term.String())
				}
			} else {
				time.Sleep(600 * time.Millisecond) // three redraws, were there any
			}
			w.Close()
			if err := cmd.Wait(); err != nil {
				t.Fatalf("program: %v\n%q", err, term.String())
			}
			out := term.String()
			if quiet {
				if strings.Contains(out, "records/s") || strings.Contains(out, "\x1b[K") {
					t.Errorf("--quiet drew a progress line:\n%q", out)
				}
				return
			}
			term.waitFor("job finished", 5*time.Second)
			out = term.String()
			i := strings.Index(out, "records/s")
			line := out[strings.LastIndex(out[:i], "\r\x1b[K")+4 : i]
			if !strings.Contains(line, " records  ") || !strings.Contains(line, "B  ") {
				t.Errorf("progress line %q lacks records and bytes", line)
			}
			// The summary line is written on a cleared line, and the
			// progress line is erased when the program ends.
			j := strings.Index(out, "msg=\"job finished\"")
			if j < 0 {
				t.Fatalf("no summary line:\n%q", out)
			}
			seg := out[strings.LastIndex(out[:j], "\n")+1 : j]
			if k := strings.LastIndex(seg, "\x1b[K"); k < 0 || strings.Contains(seg[k:], "records/s") {
				t.Errorf("summary shares its line with the progress line: %q", seg)
			}
			if !strings.HasSuffix(out, "\r\x1b[K") {
				t.Errorf("the progress line is not erased at the end:\n%q", out[max(0, len(out)-200):])
			}
		})
	}
}

// termBuffer collects what a program writes to its terminal.
type termBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (tb *termBuffer) copyFrom(f *os.File) {
	buf := make([]byte, 4096)
	for {
		n, err := f.Read(buf)
		tb.mu.Lock()
		tb.b.Write(buf[:n])
		tb.mu.Unlock()
		if err != nil {
			return
		}
	}
}

func (tb *termBuffer) String() string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return tb.b.String()
}

func (tb *termBuffer) waitFor(s string, d time.Duration) bool {
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if strings.Contains(tb.String(), s) {
			return true
		}
	}
	return false
}

// openPTY opens a pseudo-terminal pair (Linux: /dev/ptmx).
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	var unlock int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Skipf("unlockpt: %v", e)
	}
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Skipf("ptsname: %v", e)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("open pts: %v", err)
	}
	return m, s
}
