package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/velocsql/veloc/cmd/veloc/internal/textdiff"
	"github.com/velocsql/veloc/parser/format"
)

const fmtHelp = `
Fmt reprints each file in canonical form (keywords upper-case, one clause per
line, comments kept) on standard output. Formatting is idempotent. A file
with syntax errors is reported like 'veloc check' does and never rewritten;
the exit status is then 1.
`

func runFmt(cmd *command, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(cmd)
	write := fs.Bool("w", false, "write the result back to each file (only files that change; the mode is kept)")
	diff := fs.Bool("d", false, "print a unified diff of what would change instead of the result")
	files, code, done := parseArgs(fs, cmd, args, stdout, stderr)
	if done {
		return code
	}
	if len(files) == 0 {
		return usageError(stderr, fs, cmd, "no files given")
	}
	status := exitOK
	for _, name := range files {
		src, f, ok := load(cmd, name, stderr)
		if !ok {
			status = exitError
			continue
		}
		out := format.File(f)
		changed := !bytes.Equal(src, out)
		if *diff && changed {
			label := strings.TrimPrefix(filepath.ToSlash(name), "/")
			fmt.Fprint(stdout, textdiff.Unified("a/"+label, "b/"+label, string(src), string(out)))
		}
		if *write && changed {
			if err := replaceFile(name, out); err != nil {
				fmt.Fprintf(stderr, "veloc fmt: %v\n", err)
				status = exitError
			}
		}
		if !*diff && !*write {
			stdout.Write(out)
		}
	}
	return status
}

// replaceFile gives the file at name the contents data, keeping its mode.
// It writes a temporary file beside the original and renames it over, so an
// interrupted fmt -w leaves either the old file or the new one, never half
// of each. A symbolic link is followed: the file it points to is rewritten
// and the link stays a link.
func replaceFile(name string, data []byte) error {
	path, err := filepath.EvalSymlinks(name)
	if err != nil {
		return err
	}
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".fmt-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(info.Mode().Perm())
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return os.Rename(tmp.Name(), path)
}
