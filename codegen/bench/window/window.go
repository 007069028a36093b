// Package window is the windowing benchmark of veloc (see package bench):
// event-time windows and row windows over 10M CSV trades of 100 symbols
// whose event times (ts, epoch milliseconds) advance over about a day,
// mostly in order (a little jitter, well within the 5-second
// 'watermark.max_out_of_orderness', and a few records very late):
//
//   - tumbling.sql: TUMBLING 1-minute windows by symbol with COUNT(*),
//     SUM, AVG, MIN and MAX, EMIT FINAL;
//   - sliding.sql: the same over SLIDING 5-minute windows advancing by 1
//     minute (every record goes into five windows);
//   - session.sql: the same over SESSION windows with a 3-second gap (a
//     symbol trades about once a second, so sessions close all the time);
//   - over.sql: AVG(price) OVER (ROWS WINDOW BUFFER 100 ROWS PARTITION BY
//     symbol), one output row per input row.
//
// All write CSV to a stdout sink that the benchmark points at io.Discard.
// BenchmarkWindow runs the generated package of each file and the dynamic
// evaluator's counterpart (package dynamic: RunWindowCSV, a map from a
// string of window and key to boxed accumulators and a sorted list of
// window ends; RunOverCSV, a slice of the last 100 boxed values per
// partition) on the same file, side by side.
//
// BenchmarkWindowState measures the memory of open windows: 10,000
// symbols whose trades all fall in one minute, so that every window stays
// open until the end of the input, in bytes per open window (and, for
// OVER, per partition holding its 100 values), less a reference run of 100
// symbols.
//
// The generated packages are written by the go:generate lines below and
// committed; TestGeneratedUpToDate fails when they are stale.
package window

//go:generate go run -buildvcs=false github.com/velocsql/veloc/cmd/veloc gen -o tumblingpipe --package tumblingpipe tumbling.sql
//go:generate go run -buildvcs=false github.com/velocsql/veloc/cmd/veloc gen -o slidingpipe --package slidingpipe sliding.sql
//go:generate go run -buildvcs=false github.com/velocsql/veloc/cmd/veloc gen -o sessionpipe --package sessionpipe session.sql
//go:generate go run -buildvcs=false github.com/velocsql/veloc/cmd/veloc gen -o overpipe --package overpipe over.sql
