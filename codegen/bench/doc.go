// Package bench is veloc's benchmark suite: it measures what the generated
// programs buy over the obvious alternative, a dynamic engine that decodes
// every record into a map[string]any and walks an expression tree.
//
// Each benchmark runs a query two ways on the same input and reports the
// pair side by side, as sub-benchmarks named .../generated and
// .../dynamic:
//
//   - generated: the Go package `veloc gen` writes for the query (committed
//     beside the SQL and kept current by a golden test), run through its
//     New(Config) and Run(ctx);
//   - dynamic: the evaluator in package dynamic, written for the benchmark
//     as a straightforward interpreter: encoding/json or encoding/csv into
//     a map, an expression tree, no code generation.
//
// Every benchmark reports records/s, ns/record and allocs/record (heap
// allocations counted with runtime.ReadMemStats over the whole run,
// divided by the input records), besides the usual ns/op and -benchmem
// columns, which are per run of the whole input. A test beside each
// benchmark runs both sides on a small input and checks that they write
// the same rows, so the two do the same work.
//
// The suites:
//
//   - stateless: a filter and a projection over 1M JSON Lines records
//     and 1M CSV rows.
//   - groupby: GROUP BY with five aggregates over 10M rows at 100 and
//     100,000 keys, EMIT CHANGES and EMIT FINAL, and the state's bytes per
//     group.
//   - brc: the One Billion Row Challenge (examples/1brc) against a
//     hand-written Go program rather than the dynamic evaluator.
//   - window: TUMBLING, SLIDING and SESSION windows and a moving AVG
//     (OVER) over 10M rows, and the bytes per open window.
//   - kafka: a filter and a projection between two topics of an
//     in-process broker, throughput and p50/p99 latency at a fixed rate,
//     against a hand-written franz-go program.
//
// Run the benchmarks with
//
//	make bench
//
// or, for this suite only,
//
//	go test -run '^$' -bench . -benchmem ./codegen/bench/...
//
// (add -benchtime 3x -count 3 for repeated whole-file runs). The input
// files are generated once per test process with a fixed seed into a
// temporary folder that is removed when the process ends. `go test
// ./codegen/bench/...` without -bench runs only the tests, in seconds.
//
// After a compiler or codegen change, regenerate the committed packages
// with `go generate ./codegen/bench/...` (or `go test
// ./codegen/bench/stateless -update`, or `make golden`); the tests fail
// while they are stale.
package bench
