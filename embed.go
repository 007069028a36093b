// Package veloc holds what the veloc compiler carries of its own module:
// the source of the runtime packages that generated programs import.
package veloc

import "embed"

// Source is the module's go.mod and go.sum and everything under runtime/
// (test files and testdata included; codegen/gobuild skips them when it
// writes the tree out).
//
// It exists so that `veloc build` does not depend on where veloc's source
// lives: a veloc installed with `go install` or `make install` can run
// anywhere, offline, and still build programs against exactly the runtime
// it was compiled with. codegen/gobuild writes this tree once per content
// hash into veloc's cache directory and points each generated program's
// go.mod at it with a replace directive; go.mod and go.sum pin every
// dependency to the versions veloc itself was tested with.
//
//go:embed go.mod go.sum runtime
var Source embed.FS
