package main

import (
	"context"
	"io"
	"path/filepath"
	"strings"
)

const buildHelp = `
Build compiles a SQL application into one static native binary that runs all
of its jobs (default name: the file's base name, in the current directory).
It works offline once veloc is installed: the runtime's source is inside
veloc, and the Go toolchain builds against it from the module cache.
Run the binary with --help to list its jobs and properties.
`

func runBuild(cmd *command, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(cmd)
	out := fs.String("o", "", "the binary to write (default: the SQL file's base name)")
	image := fs.String("image", "", "also write an OCI image archive (not available yet)")
	files, code, done := parseArgs(fs, cmd, args, stdout, stderr)
	if done {
		return code
	}
	if len(files) != 1 {
		return usageError(stderr, fs, cmd, "want exactly one SQL file")
	}
	if *image != "" {
		return usageError(stderr, fs, cmd, "--image is not available yet in this version")
	}
	name := files[0]
	if *out == "" {
		*out = strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	}
	gen, ok := generate(cmd, name, "main", stderr)
	if !ok {
		return exitError
	}
	if !buildBinary(context.Background(), cmd, name, gen, *out, stderr) {
		return exitError
	}
	return exitOK
}
