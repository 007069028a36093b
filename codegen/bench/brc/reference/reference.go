// Package reference is a hand-written Go program for the One Billion Row
// Challenge, for comparison with what veloc generates from
// examples/1brc/app.sql. It is what a Go programmer would write in an
// afternoon: the file memory-mapped and cut into one piece per core at
// line ends, a map per core keyed by the station name (looked up without
// allocating), temperatures parsed by hand as integer tenths, the maps
// merged and sorted. It computes exactly what the SQL asks for: the mean
// is AVG of DECIMAL(3,1), which has scale 6 (types.md), then ROUND(…, 1),
// both rounding half away from zero.
package reference

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"syscall"
)

type stat struct {
	min, max, sum, n int64 // tenths
}

// Run reads the measurements at path and writes station,min,mean,max
// rows to w, in station order, using workers goroutines (0: one per core).
func Run(path string, w io.Writer, workers int) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	data := []byte{}
	if fi.Size() > 0 {
		data, err = syscall.Mmap(int(f.Fd()), 0, int(fi.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
		if err != nil {
			return err
		}
		defer syscall.Munmap(data)
	}
	parts := make([]map[string]*stat, workers)
	var wg sync.WaitGroup
	start := 0
	for i := range workers {
		end := len(data) * (i + 1) / workers
		if i < workers-1 {
			if nl := bytes.IndexByte(data[end:], '\n'); nl >= 0 {
				end += nl + 1
			} else {
				end = len(data)
			}
		}
		if end < start {
			end = start
		}
		wg.Add(1)
		go func(i int, d []byte) {
			defer wg.Done()
			parts[i] = scan(d)
		}(i, data[start:end])
		start = end
	}
	wg.Wait()
	all := parts[0]
	for _, p := range parts[1:] {
		for name, s := range p {
			if t, ok := all[name]; ok {
				t.min, t.max = min(t.min, s.min), max(t.max, s.max)
				t.sum += s.sum
				t.n += s.n
			} else {
				all[name] = s
			}
		}
	}
	names := make([]string, 0, len(all))
	for name := range all {
		names = append(names, name)
	}
	sort.Strings(names)
	cw := csv.NewWriter(w)
	cw.Write([]string{"station", "min", "mean", "max"})
	for _, name := range names {
		s := all[name]
		cw.Write([]string{name, tenths(s.min), tenths(mean(s.sum, s.n)), tenths(s.max)})
	}
	cw.Flush()
	return cw.Error()
}

// scan aggregates the lines of d.
func scan(d []byte) map[string]*stat {
	m := map[string]*stat{}
	for len(d) > 0 {
		semi := bytes.IndexByte(d, ';')
		if semi < 0 {
			break
		}
		name := d[:semi]
		d = d[semi+1:]
		neg := false
		if d[0] == '-' {
			neg, d = true, d[1:]
		}
		var t int64
		i := 0
		for ; i < len(d) && d[i] != '\n'; i++ {
			if c := d[i]; c >= '0' && c <= '9' {
				t = t*10 + int64(c-'0')
			}
		}
		if i < len(d) {
			i++
		}
		d = d[i:]
		if neg {
			t = -t
		}
		s := m[string(name)]
		if s == nil {
			m[string(name)] = &stat{min: t, max: t, sum: t, n: 1}
			continue
		}
		s.min, s.max = min(s.min, t), max(s.max, t)
		s.sum += t
		s.n++
	}
	return m
}

// mean is ROUND(AVG(x), 1) for a sum of tenths: AVG at scale 6, then one
// decimal, each rounded half away from zero.
func mean(sum, n int64) int64 {
	avg6 := divRound(sum*100_000, n) // sum/10 at scale 6
	return divRound(avg6, 100_000)
}

func divRound(a, b int64) int64 {
	q, r := a/b, a%b
	if 2*abs(r) >= b {
		if a < 0 {
			q--
		} else {
			q++
		}
	}
	return q
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

func tenths(t int64) string {
	sign := ""
	if t < 0 {
		sign, t = "-", -t
	}
	return fmt.Sprintf("%s%s.%d", sign, strconv.FormatInt(t/10, 10), t%10)
}
