// Package app is the part of every generated veloc program that does not
// depend on the query: command-line flags, configuration, starting and
// stopping jobs, the error-record policy, logging, counters and exit codes
// (runtime.md).
//
// The code generator emits a Program value describing the jobs and their
// properties, one Run function per job holding the query's fused loop,
// and
//
//	func main() { os.Exit(app.Main(program, os.Args[1:])) }
//
// Main parses the flags, resolves and validates every property before any
// job starts (so a bad value fails with exit status 2 and one line naming
// the property, not half-way through the input), runs the jobs
// concurrently, stops them all when one fails or on SIGINT/SIGTERM, and
// turns the outcome into exit status 0, 1 or 2 with at most one line per
// failed job on stderr, never a stack trace. Run does the same without
// flags or signals, for programs that embed a generated pipeline.
//
// Each job gets an Env: its configuration, a logger whose lines carry
// job=NAME, counters for records in, out and failed, BadRecord for error
// records, and the in-process streams (Output, Input) that connect it to
// the other jobs of the same program.
package app
