package groupby

import (
	"bytes"
	"encoding/csv"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// sameData is TestSameOutput's input: NULLs in one record of ten per
// column, symbols that need quoting (one with a newline), bad records
// (a price or a quantity that does not parse, a short record), negative
// quantities and a group whose SUM overflows, so that its rows fail on
// both sides.
var sameData = dataOptions{seed: 2, keys: 40, null: 0.1, special: true}

const sameRecords = 3000

// TestSameOutput runs the generated pipelines and the dynamic evaluator on
// the same small input and checks that they write the same rows, so that
// the benchmark compares two ways of doing the same work: for EMIT CHANGES
// the same rows in the same order (one per record, the record's group as
// it stands after it), for EMIT FINAL the same set of rows (the generated
// program's order of groups is its own when several workers share the
// input).
//
// The outputs are compared after parsing, which normalises how a value is
// quoted and how a FLOAT is spelled (veloc writes integral values below
// 1e21 without an exponent, strconv's 'g' format with one from 1e21 on):
// FLOAT columns are compared as the float64 they parse to, exactly.
func TestSameOutput(t *testing.T) {
	path := filepath.Join(t.TempDir(), "trades.csv")
	groups, err := writeTrades(path, sameRecords, sameData)
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []string{changes, final} {
		t.Run(mode, func(t *testing.T) {
			var gen, dyn bytes.Buffer
			if err := runGenerated(mode, path, &gen, "0"); err != nil {
				t.Fatalf("generated: %v", err)
			}
			st, err := runDynamic(mode, path, &dyn)
			if err != nil {
				t.Fatalf("dynamic: %v", err)
			}
			g, d := canon(t, gen.Bytes()), canon(t, dyn.Bytes())
			t.Logf("%d records, %d groups, dynamic %+v", sameRecords, groups, st)
			if st.Groups != groups {
				t.Errorf("dynamic: %d groups, want %d", st.Groups, groups)
			}
			// Every record is bad or emits, but for the failing SUMs.
			if mode == changes && (st.Bad < 100 || st.Out+st.Bad != sameRecords) {
				t.Errorf("dynamic: %+v: want some bad records and a row for every other one", st)
			}
			if mode == final {
				if st.Out != groups-1 { // the group whose SUM overflows writes nothing
					t.Errorf("dynamic: %d rows out for %d groups", st.Out, groups)
				}
				slices.Sort(g[1:])
				slices.Sort(d[1:])
			}
			for i := 0; i < len(g) || i < len(d); i++ {
				var gl, dl string
				if i < len(g) {
					gl = g[i]
				}
				if i < len(d) {
					dl = d[i]
				}
				if gl != dl {
					t.Fatalf("row %d of %d/%d differs:\ngenerated: %s\ndynamic:   %s", i+1, len(g), len(d), gl, dl)
				}
			}
		})
	}
}

// TestSameOutputParallelFinal checks EMIT FINAL over an input of several
// chunks, which the generated program folds on all cores into partial
// groups and merges at the end. The sums behind AVG are then added in
// another order than the dynamic evaluator's, so avg_price is compared to
// a relative 1e-12; the other columns exactly.
func TestSameOutputParallelFinal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "trades.csv")
	o := sameData
	o.keys = 1000
	const records = 200_000 // about 4 MiB: several chunks
	groups, err := writeTrades(path, records, o)
	if err != nil {
		t.Fatal(err)
	}
	var gen, dyn bytes.Buffer
	if err := runGenerated(final, path, &gen, "0"); err != nil {
		t.Fatalf("generated: %v", err)
	}
	if _, err := runDynamic(final, path, &dyn); err != nil {
		t.Fatalf("dynamic: %v", err)
	}
	g, d := rowsByKey(t, gen.Bytes()), rowsByKey(t, dyn.Bytes())
	if len(d) != groups-1 {
		t.Fatalf("dynamic: %d groups, want %d", len(d), groups-1)
	}
	if len(g) != len(d) {
		t.Errorf("generated: %d groups, dynamic %d", len(g), len(d))
	}
	for k, dr := range d {
		gr, ok := g[k]
		if !ok {
			t.Errorf("group %q: generated has none", k)
			continue
		}
		for i := range dr {
			if gr[i] == dr[i] {
				continue
			}
			if i == 3 {
				gf, _ := strconv.ParseFloat(gr[i], 64)
				df, _ := strconv.ParseFloat(dr[i], 64)
				if math.Abs(gf-df) <= 1e-12*math.Abs(df) {
					continue
				}
			}
			t.Errorf("group %q: generated %q, dynamic %q", k, gr, dr)
			break
		}
	}
}

// floatCols are the FLOAT columns of the output: avg_price, low, high.
var floatCols = []int{3, 4, 5}

// canon parses CSV output into one canonical string a row: fields
// Go-quoted, FLOAT columns re-spelled from their float64.
func canon(t *testing.T, out []byte) []string {
	var rows []string
	for i, rec := range parseCSV(t, out) {
		if i > 0 {
			canonFloats(t, rec)
		}
		q := make([]string, len(rec))
		for j, s := range rec {
			q[j] = strconv.Quote(s)
		}
		rows = append(rows, strings.Join(q, ","))
	}
	return rows
}

// rowsByKey parses CSV output into its rows by symbol ("NULL" for the
// NULL group), FLOAT columns re-spelled, checking that no key repeats.
func rowsByKey(t *testing.T, out []byte) map[string][]string {
	rows := map[string][]string{}
	for i, rec := range parseCSV(t, out) {
		if i == 0 {
			continue
		}
		canonFloats(t, rec)
		k := strconv.Quote(rec[0])
		if rec[0] == "" {
			k = "NULL"
		}
		if _, dup := rows[k]; dup {
			t.Fatalf("group %s written twice", k)
		}
		rows[k] = rec
	}
	return rows
}

func parseCSV(t *testing.T, out []byte) [][]string {
	cr := csv.NewReader(bytes.NewReader(out))
	var recs [][]string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return recs
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(rec) != 6 {
			t.Fatalf("%q: %d fields, want 6", rec, len(rec))
		}
		recs = append(recs, rec)
	}
}

func canonFloats(t *testing.T, rec []string) {
	for _, j := range floatCols {
		if rec[j] == "" {
			continue
		}
		f, err := strconv.ParseFloat(rec[j], 64)
		if err != nil {
			t.Fatalf("%q: %v", rec, err)
		}
		rec[j] = strconv.FormatFloat(f, 'g', -1, 64)
	}
}
