// Command gen writes measurements for the One Billion Row Challenge
// (see package measurements):
//
//	go run ./examples/1brc/gen -rows 10000000 -o measurements.txt
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/velocsql/veloc/examples/1brc/measurements"
)

func main() {
	rows := flag.Int64("rows", 1_000_000, "number of lines to write")
	out := flag.String("o", "measurements.txt", "the file to write")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if err := measurements.Write(*out, *rows, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
