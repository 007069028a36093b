// Package gobuild turns the Go source veloc generates into one static
// native binary, without depending on where veloc's source lives and
// without the network.
//
// The runtime packages that generated programs import travel inside the
// veloc binary (veloc.Source). They are written once per content hash into
// veloc's cache directory, and each program is built as a tiny module that
// replaces github.com/velocsql/veloc with that directory and pins every
// other dependency with veloc's own go.mod and go.sum. Because the runtime
// directory is stable across builds and compiled with -trimpath, the Go
// build cache compiles the runtime once; later builds compile only the
// generated package and link.
//
// Layout of the cache directory ($VELOC_CACHE, else os.UserCacheDir()/veloc):
//
//	runtime-<hash of the runtime>/   go.mod, go.sum, runtime/... (no tests)
//	build-<hash of the program>/     go.mod, go.sum, the generated *.go
//
// Both kinds are written to a temporary directory and renamed into place,
// so concurrent builds never see a half-written tree, and are reused as
// long as they exist.
package gobuild

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Request describes one program to build.
type Request struct {
	// Name names the program: the last element of its module path, which
	// `go version -m` shows. Empty means "app".
	Name string
	// Files maps file names (no directories, ending in .go) to the Go
	// source of package main.
	Files map[string][]byte
	// Out is the path of the binary to write; missing directories are
	// created.
	Out string
	// Env holds extra KEY=value entries for the go command, applied after
	// veloc's own settings so they win: GOOS and GOARCH to cross-compile,
	// or GOMODCACHE in tests.
	Env []string
}

// ErrNoGo reports that no usable Go toolchain was found: veloc compiles
// SQL to Go and needs the go command to turn that into a binary.
var ErrNoGo = errors.New("veloc build needs the Go toolchain (go" + minGoVersion() + "+) on PATH")

// ErrModuleMissing reports that a module the runtime depends on is not in
// the Go module cache. Builds run with GOPROXY=off so that they never
// reach the network; installing veloc from source downloads the modules.
var ErrModuleMissing = errors.New("a module veloc's runtime needs is not in the Go module cache, " +
	"and veloc builds offline: run `go mod download` in veloc's source or `make install`")

// Build writes req.Files as a module in the cache directory and compiles
// it with the go command into the static binary req.Out.
//
// The build is offline (GOPROXY=off, GOSUMDB=off: every module must
// already be in the module cache, which verified it when it was
// downloaded), static (CGO_ENABLED=0), the same wherever the cache is
// (-trimpath, no VCS stamp, a relative replace) and small (-ldflags
// "-s -w"). GOFLAGS is replaced by -mod=mod so that a user's GOFLAGS
// (-mod=vendor, -race, ...) cannot break it, and GOWORK=off keeps a
// go.work above the cache directory out of it.
func Build(ctx context.Context, req Request) error {
	if req.Out == "" {
		return errors.New("build: no output path")
	}
	out, err := filepath.Abs(req.Out)
	if err != nil {
		return fmt.Errorf("build: output path: %w", err)
	}
	goCmd, err := GoCommand()
	if err != nil {
		return err
	}
	rt, err := RuntimeDir()
	if err != nil {
		return err
	}
	// The build dir is the runtime dir's sibling. A relative replace keeps
	// the user's cache path out of the binary's build information (which
	// still names the runtime by its hash) and the build dir's hash the
	// same on every machine.
	files, err := moduleFiles(normName(req.Name), "../"+filepath.Base(rt), req.Files)
	if err != nil {
		return err
	}
	dir := filepath.Join(filepath.Dir(rt), "build-"+hashFiles(files))
	if err := writeTreeOnce(dir, files); err != nil {
		return fmt.Errorf("writing the generated module: %w", err)
	}

	cmd := exec.CommandContext(ctx, goCmd, "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w", "-o", out, ".")
	cmd.Dir = dir
	// cmd.Environ, not os.Environ: it sets PWD to cmd.Dir.
	cmd.Env = append(cmd.Environ(),
		"CGO_ENABLED=0",
		"GOFLAGS=-mod=mod",
		"GOPROXY=off",
		"GOSUMDB=off",
		"GOWORK=off",
	)
	cmd.Env = append(cmd.Env, req.Env...)
	var output bytes.Buffer
	cmd.Stdout = &output
	cmd.Stderr = &output
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("building %s: %w", normName(req.Name), ctx.Err())
		}
		return explain(err, strings.TrimSpace(output.String()), goCmd, dir, rt)
	}
	return nil
}

// explain turns a failed go build into an error that says what to do.
// go's own output is kept: for anything but the two known environment
// problems it is a bug in veloc, and the generated module stays in dir
// for whoever debugs it.
func explain(err error, output, goCmd, dir, runtimeDir string) error {
	switch {
	case strings.Contains(output, "requires go >=") || strings.Contains(output, "golang.org/toolchain"):
		return fmt.Errorf("%w; %s is too old:\n%s", ErrNoGo, goCmd, output)
	case strings.Contains(output, "module lookup disabled by GOPROXY=off") &&
		!strings.Contains(output, "cannot find module providing package"):
		// "cannot find module providing package" means no required module
		// has the package: generated code importing something that does
		// not exist, which downloading cannot fix.
		return fmt.Errorf("%w (or, for a veloc installed with `go install`, "+
			"run `go mod download` in %s):\n%s", ErrModuleMissing, runtimeDir, output)
	}
	if output == "" {
		output = err.Error()
	}
	return fmt.Errorf("go build failed (generated module in %s):\n%s", dir, output)
}

// normName returns the program name as a module path element: characters
// outside [A-Za-z0-9_-] become '_', and an empty name becomes "app".
func normName(name string) string {
	b := []byte(name)
	for i, c := range b {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			b[i] = '_'
		}
	}
	if len(b) == 0 {
		return "app"
	}
	return string(b)
}

// GoCommand returns the path of the go command: the one on PATH, else
// $GOROOT/bin/go, else the default install location, so that veloc works
// when Go is installed but PATH was not updated. A go in the current
// directory (exec.ErrDot) is never used.
func GoCommand() (string, error) {
	if p, err := exec.LookPath("go"); err == nil {
		return p, nil
	}
	var candidates []string
	if root := os.Getenv("GOROOT"); root != "" {
		candidates = append(candidates, filepath.Join(root, "bin", "go"))
	}
	candidates = append(candidates, fallbackGo...)
	for _, c := range candidates {
		if p, err := exec.LookPath(c); err == nil {
			return p, nil
		}
	}
	return "", ErrNoGo
}

// fallbackGo lists where Go's installers put the go command. It is a
// variable so tests can pretend Go is not installed.
var fallbackGo = []string{
	"/usr/local/go/bin/go",
	`C:\Program Files\Go\bin\go.exe`,
}
