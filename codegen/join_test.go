package codegen_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestIntervalJoinStateBounded streams ten intervals' worth of rows through
// a LEFT interval join and checks that the join's state (the rows it
// buffers, which the program logs as left_rows_peak and right_rows_peak)
// stays within one interval of rows, and that the output is exactly the
// pairs within the bound plus every unmatched left row once.
func TestIntervalJoinStateBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program; skipped with -short")
	}
	const (
		interval = 60_000 // the join's bound, ms
		step     = 50     // one row per side every 50 ms
		keys     = 40
	)
	perInterval := interval / step
	n := 10 * perInterval
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	ts := func(ms int64) string { return time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000Z") }
	var left, right strings.Builder
	left.WriteString("id,k,ts\n")
	right.WriteString("id,k,ts\n")
	lefts := map[string][]int64{}
	rights := map[string][]int64{}
	for i := range n {
		lk := fmt.Sprintf("k%d", i%keys)
		lt := base + int64(i*step)
		fmt.Fprintf(&left, "%d,%s,%s\n", i, lk, ts(lt))
		lefts[lk] = append(lefts[lk], lt)
		// The right side lags by 0 to 90 s: some rows fall outside the bound.
		rk := fmt.Sprintf("k%d", (i*7)%keys)
		rt := base + int64(i*step)
		fmt.Fprintf(&right, "%d,%s,%s\n", i, rk, ts(rt))
		rights[rk] = append(rights[rk], rt)
	}
	// Expected: pairs with r in [l, l + interval], and left rows without one.
	pairs, unmatched := 0, 0
	for k, ls := range lefts {
		rs := rights[k]
		sort.Slice(rs, func(a, b int) bool { return rs[a] < rs[b] })
		for _, l := range ls {
			lo := sort.Search(len(rs), func(i int) bool { return rs[i] >= l })
			hi := sort.Search(len(rs), func(i int) bool { return rs[i] > l+interval })
			if hi > lo {
				pairs += hi - lo
			} else {
				unmatched++
			}
		}
	}
	dir := t.TempDir()
	writeTestFile(t, dir, "l.csv", left.String())
	writeTestFile(t, dir, "r.csv", right.String())
	sql := `CREATE STREAM l (id INTEGER, k STRING, ts TIMESTAMP) WITH ('l.type' = 'file_source', 'l.path' = 'l.csv');
CREATE STREAM r (id INTEGER, k STRING, ts TIMESTAMP) WITH ('r.type' = 'file_source', 'r.path' = 'r.csv');
CREATE STREAM out AS SELECT l.id AS lid, r.id AS rid FROM l LEFT JOIN r ON r.k = l.k AND r.ts BETWEEN l.ts AND l.ts + INTERVAL '1' MINUTE
WITH ('out.type' = 'file_sink', 'out.path' = 'out.csv');
`
	bin := buildProgram(t, sql, dir)
	cmd := exec.Command(bin)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	out, err := os.ReadFile(filepath.Join(dir, "out.csv"))
	if err != nil {
		t.Fatal(err)
	}
	gotPairs, gotUnmatched := 0, 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n")[1:] {
		if strings.HasSuffix(line, ",") {
			gotUnmatched++
		} else {
			gotPairs++
		}
	}
	if gotPairs != pairs || gotUnmatched != unmatched {
		t.Errorf("%d pairs and %d unmatched left rows, want %d and %d", gotPairs, gotUnmatched, pairs, unmatched)
	}
	if unmatched == 0 || pairs == 0 {
		t.Fatalf("the data should have both pairs and unmatched rows (%d, %d)", pairs, unmatched)
	}
	peak := func(name string) int {
		m := regexp.MustCompile(name + `=(\d+)`).FindStringSubmatch(stderr.String())
		if m == nil {
			t.Fatalf("no %s in the log:\n%s", name, stderr.String())
		}
		v, _ := strconv.Atoi(m[1])
		return v
	}
	t.Logf("%d rows per side, %d pairs, %d unmatched; %s", n, pairs, unmatched, regexp.MustCompile(`left_rows_peak=\d+ right_rows_peak=\d+`).FindString(stderr.String()))
	// A left row waits one interval for its matches; a right row is not
	// kept once every left row that could match it has come.
	if l := peak("left_rows_peak"); l > perInterval+keys || l < perInterval/2 {
		t.Errorf("left_rows_peak=%d for %d rows in all; want about one interval's %d", l, n, perInterval)
	}
	if r := peak("right_rows_peak"); r > perInterval+keys {
		t.Errorf("right_rows_peak=%d for %d rows in all; want at most one interval's %d", r, n, perInterval)
	}
}

// TestIntervalJoinOutOfOrder feeds both sides of an interval join rows up
// to two seconds out of order, with 'watermark.max_out_of_orderness' of
// five: no pair within the bound may be missed because a row expired
// before its partner came.
func TestIntervalJoinOutOfOrder(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program; skipped with -short")
	}
	const n, keys, step, bound = 3000, 10, 100, 1000
	r := rand.New(rand.NewPCG(5, 6))
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	type row struct {
		k  int
		ts int64
	}
	gen := func() ([]row, string) {
		var rows []row
		var b strings.Builder
		b.WriteString("id,k,ts\n")
		for i := range n {
			x := row{r.IntN(keys), base + int64(i*step) - r.Int64N(2000)}
			rows = append(rows, x)
			fmt.Fprintf(&b, "%d,k%d,%d\n", i, x.k, x.ts)
		}
		return rows, b.String()
	}
	ls, lcsv := gen()
	rs, rcsv := gen()
	want := 0
	for _, l := range ls {
		for _, x := range rs {
			if x.k == l.k && x.ts >= l.ts && x.ts <= l.ts+bound {
				want++
			}
		}
	}
	dir := t.TempDir()
	writeTestFile(t, dir, "l.csv", lcsv)
	writeTestFile(t, dir, "r.csv", rcsv)
	sql := `CREATE STREAM l (id INTEGER, k STRING, ts TIMESTAMP) WITH ('l.type' = 'file_source', 'l.path' = 'l.csv');
CREATE STREAM r (id INTEGER, k STRING, ts TIMESTAMP) WITH ('r.type' = 'file_source', 'r.path' = 'r.csv');
CREATE STREAM out AS SELECT l.id AS lid, r.id AS rid FROM l JOIN r ON r.k = l.k AND r.ts BETWEEN l.ts AND l.ts + INTERVAL '1' SECOND
WITH ('watermark.max_out_of_orderness' = '5s', 'out.type' = 'file_sink', 'out.path' = 'out.csv');
`
	bin := buildProgram(t, sql, dir)
	cmd := exec.Command(bin)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	out, err := os.ReadFile(filepath.Join(dir, "out.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(string(out), "\n") - 1; got != want || want == 0 {
		t.Errorf("%d pairs, want %d", got, want)
	}
}
