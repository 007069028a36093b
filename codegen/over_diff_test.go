package codegen_test

import (
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// TestOverDifferential runs many window functions over random partitions
// with NULLs and ORDER BY ties, and compares every value with a plain
// re-computation from the rows of each frame: the generated code's
// running, sliding, deque, two-stack and FOLLOWING paths against the
// definition.
func TestOverDifferential(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program; skipped with -short")
	}
	type row struct {
		id      int
		p       string
		ts      int
		v       int64
		vok     bool
		f       float64
		partIdx int // position in its partition
	}
	r := rand.New(rand.NewPCG(7, 8))
	const n = 3000
	var rows []row
	var in strings.Builder
	in.WriteString("id,p,ts,v,f\n")
	for i := range n {
		rw := row{id: i, p: string(rune('a' + r.IntN(4))), ts: i / 3, v: r.Int64N(101) - 50, vok: r.IntN(10) != 0, f: r.Float64()*2000 - 1000}
		if r.IntN(200) == 0 {
			rw.f = 1e15 // a value whose leaving must not take the others' digits
		}
		rows = append(rows, rw)
		v := ""
		if rw.vok {
			v = strconv.FormatInt(rw.v, 10)
		}
		fmt.Fprintf(&in, "%d,%s,%d,%s,%s\n", rw.id, rw.p, rw.ts, v, strconv.FormatFloat(rw.f, 'g', -1, 64))
	}
	parts := map[string][]*row{}
	for i := range rows {
		rw := &rows[i]
		rw.partIdx = len(parts[rw.p])
		parts[rw.p] = append(parts[rw.p], rw)
	}
	dir := t.TempDir()
	writeTestFile(t, dir, "src.csv", in.String())
	w := "PARTITION BY p ORDER BY ts"
	sql := `CREATE STREAM src (id INTEGER, p STRING, ts INTEGER, v INTEGER, f DOUBLE) WITH ('src.type' = 'file_source', 'src.path' = 'src.csv');
CREATE STREAM out AS SELECT id,
  LAG(v) OVER (` + w + `) AS lag1,
  LEAD(v, 2) OVER (` + w + `) AS lead2,
  ROW_NUMBER() OVER (` + w + `) AS rn,
  RANK() OVER (` + w + `) AS rk,
  DENSE_RANK() OVER (` + w + `) AS drk,
  SUM(v) OVER (` + w + ` ROWS BETWEEN 3 PRECEDING AND CURRENT ROW) AS s4,
  COUNT(v) OVER (` + w + ` ROWS BETWEEN 3 PRECEDING AND CURRENT ROW) AS c4,
  MIN(v) OVER (` + w + ` ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) AS mn5,
  MAX(v) OVER (` + w + ` ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) AS mx5,
  AVG(f) OVER (` + w + ` ROWS BETWEEN 9 PRECEDING AND CURRENT ROW) AS af10,
  SUM(v) OVER (` + w + `) AS srun,
  SUM(v) OVER (` + w + ` ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING) AS s5c,
  MAX(v) OVER (` + w + ` ROWS BETWEEN CURRENT ROW AND 3 FOLLOWING) AS mxf4,
  FIRST_VALUE(v) OVER (` + w + ` ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS fv3,
  NTH_VALUE(v, 2) OVER (` + w + ` ROWS BETWEEN 3 PRECEDING AND CURRENT ROW) AS nv4
FROM src WITH ('out.type' = 'stdout_sink', 'out.format' = 'csv');
`
	stdout, _ := runSQL(t, sql, dir)
	recs, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header, recs := recs[0], recs[1:]
	if len(recs) != n {
		t.Fatalf("%d rows out, want %d", len(recs), n)
	}

	// frame returns the rows of rw's partition from lo to hi (relative to
	// rw, clipped to the partition).
	frame := func(rw *row, lo, hi int) []*row {
		pr := parts[rw.p]
		a, b := max(0, rw.partIdx+lo), min(len(pr)-1, rw.partIdx+hi)
		if a > b {
			return nil
		}
		return pr[a : b+1]
	}
	intOrNull := func(v int64, ok bool) string {
		if !ok {
			return ""
		}
		return strconv.FormatInt(v, 10)
	}
	sum := func(fr []*row) string {
		var s int64
		ok := false
		for _, x := range fr {
			if x.vok {
				s, ok = s+x.v, true
			}
		}
		return intOrNull(s, ok)
	}
	extreme := func(fr []*row, max bool) string {
		var m int64
		ok := false
		for _, x := range fr {
			if x.vok && (!ok || max && x.v > m || !max && x.v < m) {
				m, ok = x.v, true
			}
		}
		return intOrNull(m, ok)
	}
	at := func(fr []*row, i int) string {
		if i < 0 || i >= len(fr) {
			return ""
		}
		return intOrNull(fr[i].v, fr[i].vok)
	}
	want := func(rw *row, col string) string {
		pr := parts[rw.p]
		switch col {
		case "id":
			return strconv.Itoa(rw.id)
		case "lag1":
			return at(frame(rw, -1, -1), 0)
		case "lead2":
			if rw.partIdx+2 >= len(pr) {
				return ""
			}
			return intOrNull(pr[rw.partIdx+2].v, pr[rw.partIdx+2].vok)
		case "rn":
			return strconv.Itoa(rw.partIdx + 1)
		case "rk", "drk":
			rank, dense, prev := 0, 0, -1
			for i, x := range pr[:rw.partIdx+1] {
				if x.ts != prev {
					rank, dense, prev = i+1, dense+1, x.ts
				}
			}
			if col == "rk" {
				return strconv.Itoa(rank)
			}
			return strconv.Itoa(dense)
		case "s4":
			return sum(frame(rw, -3, 0))
		case "c4":
			c := 0
			for _, x := range frame(rw, -3, 0) {
				if x.vok {
					c++
				}
			}
			return strconv.Itoa(c)
		case "mn5":
			return extreme(frame(rw, -4, 0), false)
		case "mx5":
			return extreme(frame(rw, -4, 0), true)
		case "af10":
			var s float64
			fr := frame(rw, -9, 0)
			for _, x := range fr {
				s += x.f
			}
			return strconv.FormatFloat(s/float64(len(fr)), 'g', -1, 64)
		case "srun":
			return sum(frame(rw, -rw.partIdx, 0))
		case "s5c":
			return sum(frame(rw, -2, 2))
		case "mxf4":
			return extreme(frame(rw, 0, 3), true)
		case "fv3":
			return at(frame(rw, -2, 0), 0)
		case "nv4":
			return at(frame(rw, -3, 0), 1)
		}
		t.Fatalf("no reference for %s", col)
		return ""
	}
	for _, rec := range recs {
		id, err := strconv.Atoi(rec[0])
		if err != nil {
			t.Fatal(err)
		}
		rw := &rows[id]
		for c, col := range header {
			got, exp := rec[c], want(rw, col)
			if col == "af10" {
				g, _ := strconv.ParseFloat(got, 64)
				e, _ := strconv.ParseFloat(exp, 64)
				if math.Abs(g-e) > 1e-9*max(1, math.Abs(e)) {
					t.Fatalf("row %d (%s #%d): %s = %s, want %s", id, rw.p, rw.partIdx, col, got, exp)
				}
				continue
			}
			if got != exp {
				t.Fatalf("row %d (%s #%d): %s = %q, want %q", id, rw.p, rw.partIdx, col, got, exp)
			}
		}
	}
}
