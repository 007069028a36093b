// Command veloc compiles streaming SQL (the Velostream dialect) into native
// Go programs. See ../../README.md and ../shared/spec/cli.md.
//
// This file dispatches subcommands and owns the conventions every one of
// them follows: flags parsed by a FlagSet of its own (before or after the
// file names), errors printed as `file:line:col: message` with the source
// line and a caret, and exit codes 0 (success), 1 (the input has errors or
// a file cannot be read) and 2 (the command line is wrong, or the command
// is not available yet). The work itself lives in packages; a subcommand
// only parses its flags, calls them and prints.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the input has errors, or a file cannot be read or written
	exitUsage = 2 // bad command line, or a command that is not available yet
)

// A command is one `veloc NAME` subcommand.
type command struct {
	name  string // as typed: "check", "dev kafka"
	args  string // synopsis of its arguments, for usage lines
	short string // one line for the command list
	// run executes the command with the arguments after its name and
	// returns the exit code. nil means the command is not available yet.
	run func(cmd *command, args []string, stdout, stderr io.Writer) int
	// long is printed by `veloc help NAME` under the usage line.
	long string
}

// commands lists every subcommand of spec/cli.md, in its order. The ones
// not written yet have no run function: they are listed as such and exit 2
// with a clear message instead of pretending to work.
var commands = []*command{
	{name: "build", args: "FILE [-o BIN] [--image OUT.tar]", short: "compile to a static native binary", run: runBuild, long: buildHelp},
	{name: "gen", args: "FILE [-o DIR] [--package NAME]", short: "write the generated Go package", run: runGen, long: genHelp},
	{name: "run", args: "FILE [--set k=v ...] [-- program flags]", short: "build (cached) and run in the current directory", run: runRun, long: runHelp},
	{name: "check", args: "FILE...", short: "parse and check SQL files; print every error", run: runCheck, long: checkHelp},
	{name: "explain", args: "FILE [--format json]", short: "print each job's typed plan", run: runExplain, long: explainHelp},
	{name: "fmt", args: "[-w] [-d] FILE...", short: "reprint SQL in canonical form", run: runFmt, long: fmtHelp},
	{name: "infer", args: "FILE", short: "print the schema inferred from a CSV/JSONL sample", run: runInfer, long: inferHelp},
	{name: "dev kafka", args: "[--port 9092] [--topics a,b] [--partitions 3] [--data-dir DIR]", short: "run a local Kafka-protocol broker", run: runDevKafka, long: devKafkaHelp},
	{name: "version", short: "print veloc's version, Go version and platform", run: runVersion, long: versionHelp},
}

func main() {
	os.Exit(dispatch(os.Args[1:], os.Stdout, os.Stderr))
}

// dispatch runs the command named by args and returns the exit code.
func dispatch(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		return help(args[1:], stdout, stderr)
	}
	cmd, rest := lookup(args)
	if cmd == nil {
		fmt.Fprintf(stderr, "veloc: unknown command %q%s\n\n", args[0], didYouMean(args[0]))
		usage(stderr)
		return exitUsage
	}
	if cmd.run == nil {
		fmt.Fprintf(stderr, "veloc %s: not available yet in this version (see README)\n", cmd.name)
		return exitUsage
	}
	return cmd.run(cmd, rest, stdout, stderr)
}

// lookup finds the command named by the first one or two words of args
// ("dev kafka" has two) and returns it with the remaining arguments.
func lookup(args []string) (*command, []string) {
	for _, c := range commands {
		words := strings.Fields(c.name)
		if len(args) >= len(words) && strings.Join(args[:len(words)], " ") == c.name {
			return c, args[len(words):]
		}
	}
	return nil, nil
}

// didYouMean names the two-word commands that start with word, so that a
// bare `veloc dev` points at `veloc dev kafka`.
func didYouMean(word string) string {
	for _, c := range commands {
		if strings.HasPrefix(c.name, word+" ") {
			return fmt.Sprintf(" (did you mean 'veloc %s'?)", c.name)
		}
	}
	return ""
}

// help prints the command list, or with an argument one command's usage.
func help(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stdout)
		return exitOK
	}
	cmd, rest := lookup(args)
	if cmd == nil || len(rest) > 0 {
		fmt.Fprintf(stderr, "veloc help: unknown command %q\n\n", strings.Join(args, " "))
		usage(stderr)
		return exitUsage
	}
	if cmd.run == nil {
		fmt.Fprintf(stdout, "usage: veloc %s %s\n\n%s.\n\nveloc %s: not available yet in this version (see README)\n",
			cmd.name, cmd.args, capitalize(cmd.short), cmd.name)
		return exitOK
	}
	// A command prints its own usage (with its flags) for -h.
	return cmd.run(cmd, []string{"-h"}, stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprint(w, "veloc compiles streaming SQL (the Velostream dialect) into native programs.\n\n")
	fmt.Fprint(w, "usage: veloc COMMAND [arguments]\n\ncommands:\n")
	list := func(available bool) {
		for _, c := range commands {
			if (c.run != nil) == available {
				fmt.Fprintf(w, "  %-10s %s\n", c.name, c.short)
			}
		}
	}
	list(true)
	fmt.Fprintf(w, "  %-10s %s\n", "help", "print this list, or a command's usage: veloc help COMMAND")
	for _, c := range commands {
		if c.run == nil {
			fmt.Fprint(w, "\nnot available yet in this version (they exit with status 2):\n")
			list(false)
			break
		}
	}
	fmt.Fprint(w, "\nExit status: 0 success, 1 errors in the input, 2 bad usage.\n")
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// newFlagSet returns a FlagSet for a subcommand that reports errors
// through parseArgs rather than printing them itself.
func newFlagSet(cmd *command) *flag.FlagSet {
	fs := flag.NewFlagSet("veloc "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseArgs parses a subcommand's arguments. Flags may come before or after
// the file names (`veloc fmt app.sql -w`), so they are moved to the front
// first; `--` ends the flags. It returns the remaining (file) arguments, or
// done with an exit code when the command should stop: 0 after -h (usage
// printed to stdout), 2 after a bad flag (message and usage on stderr).
func parseArgs(fs *flag.FlagSet, cmd *command, args []string, stdout, stderr io.Writer) (files []string, code int, done bool) {
	flags, rest := reorder(fs, args)
	err := fs.Parse(flags)
	switch {
	case errors.Is(err, flag.ErrHelp):
		commandUsage(stdout, fs, cmd)
		return nil, exitOK, true
	case err != nil:
		fmt.Fprintf(stderr, "veloc %s: %v\n", cmd.name, err)
		commandUsage(stderr, fs, cmd)
		return nil, exitUsage, true
	}
	return append(fs.Args(), rest...), 0, false
}

// reorder splits args into flags (with their values) and the rest.
// A flag's value is taken from the next argument only when the flag is
// known and not boolean, so `-w app.sql` keeps app.sql as a file.
func reorder(fs *flag.FlagSet, args []string) (flags, rest []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return flags, append(rest, args[i+1:]...)
		}
		if len(a) < 2 || a[0] != '-' {
			rest = append(rest, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		if f := fs.Lookup(name); f != nil && !isBool(f) && i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	return flags, rest
}

func isBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// commandUsage prints a subcommand's usage line, description and flags.
func commandUsage(w io.Writer, fs *flag.FlagSet, cmd *command) {
	fmt.Fprintf(w, "usage: veloc %s %s\n", cmd.name, cmd.args)
	if cmd.long != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(cmd.long))
	}
	hasFlags := false
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		fmt.Fprint(w, "\nflags:\n")
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
}

// usageError reports a wrong command line that the flag package accepts
// (missing or extra arguments) and returns exit code 2.
func usageError(stderr io.Writer, fs *flag.FlagSet, cmd *command, msg string) int {
	fmt.Fprintf(stderr, "veloc %s: %s\n", cmd.name, msg)
	commandUsage(stderr, fs, cmd)
	return exitUsage
}

// printError prints err the way every command does: with source line and
// caret when the error has positions (diag.Error, diag.List).
func printError(stderr io.Writer, err error) {
	var d interface{ Detail() string }
	if errors.As(err, &d) {
		fmt.Fprintln(stderr, d.Detail())
		return
	}
	fmt.Fprintln(stderr, err)
}
