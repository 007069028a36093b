package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/velocsql/veloc/codegen/gobuild"
)

const runHelp = `
Run compiles a SQL application, builds it (reusing the binary when the
generated code has not changed since the last run), and runs it in the
current directory. Each --set is passed to the program; arguments after --
are passed as they are (see the program's --help). The exit status is the
program's.
`

// setFlags collects repeated --set name=value flags.
type setFlags []string

func (s *setFlags) String() string     { return strings.Join(*s, ",") }
func (s *setFlags) Set(v string) error { *s = append(*s, v); return nil }

func runRun(cmd *command, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(cmd)
	var sets setFlags
	fs.Var(&sets, "set", "set a property of the program: name=value (repeatable)")
	rest, code, done := parseArgs(fs, cmd, args, stdout, stderr)
	if done {
		return code
	}
	if len(rest) == 0 {
		return usageError(stderr, fs, cmd, "no SQL file given")
	}
	name, programArgs := rest[0], rest[1:]
	gen, ok := generate(cmd, name, "main", stderr)
	if !ok {
		return exitError
	}
	cache, err := gobuild.CacheDir()
	if err != nil {
		fmt.Fprintf(stderr, "veloc run: %v\n", err)
		return exitError
	}
	bin := filepath.Join(cache, "bin", filesHash(gen), strings.TrimSuffix(filepath.Base(name), filepath.Ext(name)))
	if !exists(bin) && !buildBinary(context.Background(), cmd, name, gen, bin, stderr) {
		return exitError
	}
	// --set flags go first and in order, so a later one wins, as with the
	// program's own flags.
	pre := make([]string, 0, 2*len(sets)+len(programArgs))
	for _, s := range sets {
		pre = append(pre, "--set", s)
	}
	return execProgram(bin, append(pre, programArgs...), stdout, stderr)
}

// execProgram runs the built program with the terminal's stdin and the
// given outputs, forwards SIGINT and SIGTERM to it (so it can flush and
// exit 0, as runtime.md says), and returns its exit status.
func execProgram(bin string, args []string, stdout, stderr io.Writer) int {
	c := exec.Command(bin, args...)
	c.Stdin, c.Stdout, c.Stderr = os.Stdin, stdout, stderr
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sig)
	if err := c.Start(); err != nil {
		fmt.Fprintf(stderr, "veloc run: %v\n", err)
		return exitError
	}
	go func() {
		for s := range sig {
			_ = c.Process.Signal(s)
		}
	}()
	err := c.Wait()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &exit):
		if code := exit.ExitCode(); code >= 0 {
			return code
		}
		return exitError // killed by a signal
	}
	fmt.Fprintf(stderr, "veloc run: %v\n", err)
	return exitError
}
