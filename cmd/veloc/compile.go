package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/velocsql/veloc/codegen"
	"github.com/velocsql/veloc/codegen/gobuild"
	"github.com/velocsql/veloc/compiler"
	"github.com/velocsql/veloc/compiler/plan"
)

// compile loads, parses and compiles one SQL file, printing every error.
// It is the front end check, explain, gen, build and run share, so they
// report the same errors the same way.
func compile(cmd *command, name string, stderr io.Writer, optimize bool) (*plan.Program, bool) {
	src, f, ok := load(cmd, name, stderr)
	if !ok {
		return nil, false
	}
	p, err := compiler.Compile(f, src, compiler.Options{Dir: filepath.Dir(name), NoOptimize: !optimize})
	if err != nil {
		printError(stderr, err)
		return nil, false
	}
	return p, true
}

// generate compiles a SQL file to Go source files of the given package.
func generate(cmd *command, name, pkg string, stderr io.Writer) (map[string][]byte, bool) {
	p, ok := compile(cmd, name, stderr, true)
	if !ok {
		return nil, false
	}
	files, err := codegen.Generate(p, codegen.Options{Package: pkg, Version: currentVersion()})
	if err != nil {
		fmt.Fprintf(stderr, "veloc %s: %v\n", cmd.name, err)
		return nil, false
	}
	return files, true
}

// currentVersion is the version compiled into generated programs.
func currentVersion() string {
	v, _, _ := buildVersion()
	return v
}

// buildBinary builds generated files into out.
func buildBinary(ctx context.Context, cmd *command, name string, files map[string][]byte, out string, stderr io.Writer) bool {
	base := filepath.Base(name)
	base = base[:len(base)-len(filepath.Ext(base))]
	if err := gobuild.Build(ctx, gobuild.Request{Name: base, Files: files, Out: out}); err != nil {
		fmt.Fprintf(stderr, "veloc %s: %v\n", cmd.name, err)
		return false
	}
	return true
}

// filesHash identifies generated code: the same hash means the same
// program, so `veloc run` can reuse a binary it built before.
func filesHash(files map[string][]byte) string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(files[n]))
		h.Write(files[n])
	}
	if rt, err := gobuild.RuntimeHash(); err == nil {
		h.Write([]byte(rt))
	}
	return hex.EncodeToString(h.Sum(nil))[:20]
}

// exists reports whether path names an existing file.
func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
