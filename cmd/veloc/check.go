package main

import (
	"fmt"
	"io"
	"os"

	"github.com/velocsql/veloc/parser"
	"github.com/velocsql/veloc/parser/ast"
)

const checkHelp = `
Check parses and type-checks each file and reports every error as
file:line:col: message, followed by the source line and a caret under the
offending token. It prints nothing and exits 0 when every file is correct,
and exits 1 otherwise. Schemas are resolved as veloc build resolves them, so
inference reads input files relative to the current directory, then to the
SQL file's folder.
`

func runCheck(cmd *command, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(cmd)
	files, code, done := parseArgs(fs, cmd, args, stdout, stderr)
	if done {
		return code
	}
	if len(files) == 0 {
		return usageError(stderr, fs, cmd, "no files given")
	}
	status := exitOK
	for _, name := range files {
		if _, ok := compile(cmd, name, stderr, true); !ok {
			status = exitError
		}
	}
	return status
}

// load reads and parses one file, printing what went wrong to stderr.
// It is the front end every command shares: when the compiler lands, its
// checks run here too, after parsing, so that check, fmt and build all
// report the same errors the same way.
func load(cmd *command, name string, stderr io.Writer) (src []byte, f *ast.File, ok bool) {
	src, err := os.ReadFile(name)
	if err != nil {
		fmt.Fprintf(stderr, "veloc %s: %v\n", cmd.name, err)
		return nil, nil, false
	}
	f, err = parser.ParseFile(name, src)
	if err != nil {
		printError(stderr, err)
		return src, f, false
	}
	return src, f, true
}
