// Package measurements writes input for the One Billion Row Challenge:
// lines "station;temperature" with one decimal, drawn around each
// station's mean temperature in a fixed pseudo-random order. The example's
// generator (examples/1brc/gen) and the benchmark (codegen/bench/brc) use
// it, so both read the same data.
package measurements

import (
	"bufio"
	"math/rand/v2"
	"os"
	"strconv"
)

// Write writes rows lines to path; the same seed gives the same file.
func Write(path string, rows int64, seed uint64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	r := rand.New(rand.NewPCG(seed, seed^0x9E3779B97F4A7C15))
	line := make([]byte, 0, 64)
	for range rows {
		s := stations[r.IntN(len(stations))]
		// A temperature around the station's mean, in tenths, within the
		// challenge's range [-99.9, 99.9].
		t := int64(s.mean*10 + r.NormFloat64()*100)
		t = max(-999, min(999, t))
		line = append(line[:0], s.name...)
		line = append(line, ';')
		if t < 0 {
			line = append(line, '-')
			t = -t
		}
		line = strconv.AppendInt(line, t/10, 10)
		line = append(line, '.', byte('0'+t%10), '\n')
		if _, err := w.Write(line); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
