// Package brc benchmarks the One Billion Row Challenge as veloc compiles it
// (examples/1brc/app.sql, generated into brcpipe) against a hand-written Go
// program for the same task (package reference), on the same file:
//
//	go test -run '^$' -bench . ./codegen/bench/brc/              # 10M rows
//	BRC_ROWS=100000000 go test -run '^$' -bench . -benchtime 1x ./codegen/bench/brc/
//
// Wall time and peak memory of the two as processes, at 10M and 100M rows,
// are in examples/1brc/README.md with the commands that produced them.
package brc

//go:generate go run -buildvcs=false github.com/velocsql/veloc/cmd/veloc gen -o brcpipe ../../../examples/1brc/app.sql
