// Package join is the join benchmark of veloc (see package bench):
//
//   - enrich.sql: 10M CSV orders LEFT JOINed with a 100,000-row customer
//     table on its key (a hash lookup in a typed map; about one order in
//     eleven has no customer, one in a hundred a NULL customer id);
//   - interval.sql: an interval join of two streams of 5M CSV rows each
//     (views and clicks of 100 users, ten milliseconds apart), a click
//     matching its user's views of the second before it.
//
// Both write CSV to a stdout sink that the benchmark points at io.Discard.
// BenchmarkJoin runs the generated package of each file and the dynamic
// evaluator's counterpart (package dynamic: RunLookupJoinCSV, a map from a
// boxed key to the table's rows as maps; RunIntervalJoinCSV, a map from a
// boxed key to a slice of buffered maps per side) on the same files, side
// by side. TestSameOutput checks on a small input that both write the same
// rows.
//
// The generated packages are written by the go:generate lines below and
// committed; TestGeneratedUpToDate fails when they are stale.
package join

//go:generate go run -buildvcs=false github.com/velocsql/veloc/cmd/veloc gen -o enrichpipe --package enrichpipe enrich.sql
//go:generate go run -buildvcs=false github.com/velocsql/veloc/cmd/veloc gen -o intervalpipe --package intervalpipe interval.sql
