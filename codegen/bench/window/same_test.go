package window

import (
	"bytes"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"testing"
)

// sameData is TestSameOutput's input: 20,000 trades of 20 symbols over an
// hour (a symbol's every 3.6 s, so that 3-second sessions end often), up to
// a second out of order, one in a hundred a minute late; NULLs in one
// record of twenty per column, symbols that need quoting (one with a
// newline), negative quantities, a price of -0, and bad records (a price or
// an event time that does not parse, a NULL event time, a short record).
var sameData = dataOptions{
	seed: 2, records: 20_000, keys: 20,
	span: 3_600_000, jitter: 1000, late: 0.01, lateBy: 60_000,
	null: 0.05, special: true,
}

// TestSameOutput runs the generated pipelines and the dynamic evaluator on
// the same small input and checks that they write the same rows in the
// same order and count the same records in, out, failed and late, so that
// the benchmark compares two ways of doing the same work.
//
// The outputs are compared after parsing, which normalises how a value is
// quoted and how a FLOAT is spelled: FLOAT columns are compared as the
// float64 they parse to, exactly (-0 as 0, which veloc writes "0").
// SLIDING drops no record as late: a record a minute late still has open
// windows among its five.
func TestSameOutput(t *testing.T) {
	in := benchInput(t, "same", sameData)
	for _, name := range queries {
		t.Run(name, func(t *testing.T) {
			var gen, dyn bytes.Buffer
			gst, err := runGenerated(name, in.path, &gen)
			if err != nil {
				t.Fatalf("generated: %v", err)
			}
			dst, err := runDynamic(name, in.path, &dyn)
			if err != nil {
				t.Fatalf("dynamic: %v", err)
			}
			t.Logf("%d records: generated %+v, dynamic %+v", in.records, gst, dst)
			if gst != dst {
				t.Errorf("generated %+v, dynamic %+v", gst, dst)
			}
			if dst.In != in.records || dst.Bad < 100 || dst.Out < 500 || (name == tumbling || name == session) != (dst.Late > 0) {
				t.Errorf("dynamic %+v: want every record read, some bad, some rows out and, for TUMBLING and SESSION, some late", dst)
			}
			g, d := canon(t, name, gen.Bytes()), canon(t, name, dyn.Bytes())
			if len(g) == 0 || g[0] != canon(t, name, []byte(headers[name]))[0] {
				t.Errorf("generated header %q, want %q", g[:min(1, len(g))], headers[name])
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

// canon parses CSV output into one canonical string a row: fields
// Go-quoted, FLOAT columns (the last three of a window query's rows,
// price and avg100 of OVER's) re-spelled from their float64 to 12
// significant digits.
func canon(t *testing.T, name string, out []byte) []string {
	cols := strings.Count(headers[name], ",") + 1
	floats := []int{cols - 3, cols - 2, cols - 1}
	if name == over {
		floats = []int{2, 3}
	}
	cr := csv.NewReader(bytes.NewReader(out))
	var rows []string
	for i := 0; ; i++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return rows
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(rec) != cols {
			t.Fatalf("%q: %d fields, want %d", rec, len(rec), cols)
		}
		for _, j := range floats {
			if i == 0 || rec[j] == "" {
				continue
			}
			f, err := strconv.ParseFloat(rec[j], 64)
			if err != nil {
				t.Fatalf("%q: %v", rec, err)
			}
			if f == 0 {
				f = 0 // veloc writes -0 as "0" (runtime/scalar.AppendFloat)
			}
			// 12 digits: FLOAT sums added in another order (panes, the
			// two stacks of a moving SUM) differ in the last ones.
			rec[j] = strconv.FormatFloat(f, 'g', 12, 64)
		}
		q := make([]string, len(rec))
		for j, s := range rec {
			q[j] = strconv.Quote(s)
		}
		rows = append(rows, strings.Join(q, ","))
	}
}
