// Command refcmd runs the hand-written One Billion Row Challenge program
// (package reference) on a file, for timing beside the veloc-built binary:
//
//	go build -o brcref ./codegen/bench/brc/refcmd
//	./brcref measurements.txt > station_stats.csv
package main

import (
	"bufio"
	"fmt"
	"os"

	"github.com/velocsql/veloc/codegen/bench/brc/reference"
)

func main() {
	path := "measurements.txt"
	if len(os.Args) > 1 {
		path = os.Args[1]
	}
	w := bufio.NewWriter(os.Stdout)
	if err := reference.Run(path, w, 0); err != nil {
		fmt.Fprintln(os.Stderr, "brcref:", err)
		os.Exit(1)
	}
	w.Flush()
}
