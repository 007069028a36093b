package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// version is veloc's version. Release builds set it with
// `go build -ldflags "-X main.version=v1.2.3"`; otherwise a binary
// installed with `go install module@version` reports the module version
// from its build information, and a local build says "devel".
var version = "devel"

const versionHelp = `
Version prints veloc's version, the Go version it was built with, the
platform, and the veloc module (whose runtime package the generated
programs are built against) with the commit when the build recorded it.
`

func runVersion(cmd *command, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(cmd)
	rest, code, done := parseArgs(fs, cmd, args, stdout, stderr)
	if done {
		return code
	}
	if len(rest) > 0 {
		return usageError(stderr, fs, cmd, "takes no arguments")
	}
	v, module, commit := buildVersion()
	fmt.Fprintf(stdout, "veloc %s\n", v)
	fmt.Fprintf(stdout, "go: %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(stdout, "module: %s\n", module)
	if commit != "" {
		fmt.Fprintf(stdout, "commit: %s\n", commit)
	}
	return exitOK
}

// buildVersion returns veloc's version, its module as "path version", and
// the VCS commit ("" when the build did not stamp one).
func buildVersion() (v, module, commit string) {
	v, module = version, "github.com/velocsql/veloc "+version
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return v, module, ""
	}
	mv := info.Main.Version
	if mv == "" {
		mv = "(devel)"
	}
	if version == "devel" && mv != "(devel)" {
		v = mv
	}
	if info.Main.Path != "" {
		module = info.Main.Path + " " + mv
	}
	var modified bool
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			commit = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if commit != "" && modified {
		commit += " (modified)"
	}
	return v, module, commit
}
