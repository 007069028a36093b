package stateless

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// sameData is TestSameOutput's input: NULLs in one record of ten per
// column (in JSON half written as null, half left out), strings that need
// quoting or escaping, mixed-case and empty sides, quantities that make
// notionals of a million and more, and members in another order.
var sameData = dataOptions{seed: 2, null: 0.1, special: true}

const sameRecords = 2000

// TestSameOutput runs the generated pipelines and the dynamic evaluator on
// the same input and checks that they write the same rows, so that the
// benchmark compares two ways of doing the same work.
//
// The outputs are compared after parsing, which normalises two things
// only, both spelling and neither value: how a value is quoted or escaped
// (JSON string escapes, CSV quoting), and how a FLOAT is spelled. Both
// sides write the shortest text that reads back to the same float64, but
// veloc writes integral values below 1e21 without an exponent (1000000)
// where strconv's 'g' format says 1e+06; so numbers are compared as the
// float64 they parse to, which is exact, not within a tolerance. Key order
// (JSON) and column order (CSV) are compared as written.
func TestSameOutput(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		format    string
		generated func(path string, w io.Writer) error
		dynamic   func(path string, w io.Writer) error
		canon     func(t *testing.T, out []byte) []string
	}{
		{"json", func(path string, w io.Writer) error { return runGeneratedJSON(path, w, "0") }, func(path string, w io.Writer) error {
			_, err := runDynamicJSON(path, w)
			return err
		}, canonJSON},
		{"csv", func(path string, w io.Writer) error { return runGeneratedCSV(path, w, "0") }, func(path string, w io.Writer) error {
			_, err := runDynamicCSV(path, w)
			return err
		}, canonCSV},
	} {
		t.Run(tc.format, func(t *testing.T) {
			path := filepath.Join(dir, "trades."+tc.format)
			if err := writeTrades(path, tc.format, sameRecords, sameData); err != nil {
				t.Fatal(err)
			}
			var gen, dyn bytes.Buffer
			if err := tc.generated(path, &gen); err != nil {
				t.Fatalf("generated: %v", err)
			}
			if err := tc.dynamic(path, &dyn); err != nil {
				t.Fatalf("dynamic: %v", err)
			}
			g, d := tc.canon(t, gen.Bytes()), tc.canon(t, dyn.Bytes())
			if len(g) < sameRecords/4 {
				t.Fatalf("only %d rows out of %d records", len(g), sameRecords)
			}
			t.Logf("%d records, %d rows out", sameRecords, len(g)-btoi(tc.format == "csv"))
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

// canonJSON parses JSON lines into one canonical string a line: tokens in
// order, strings Go-quoted, numbers re-spelled from their float64.
func canonJSON(t *testing.T, out []byte) []string {
	var rows []string
	for _, line := range strings.SplitAfter(string(out), "\n") {
		if line == "" {
			continue
		}
		dec := json.NewDecoder(strings.NewReader(line))
		dec.UseNumber()
		var b strings.Builder
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%q: %v", line, err)
			}
			switch v := tok.(type) {
			case json.Delim:
				b.WriteString(v.String())
			case json.Number:
				b.WriteString(canonFloat(t, string(v)))
			case string:
				b.WriteString(strconv.Quote(v))
			case nil:
				b.WriteString("null")
			case bool:
				b.WriteString(strconv.FormatBool(v))
			}
			b.WriteByte(' ')
		}
		rows = append(rows, b.String())
	}
	return rows
}

// canonCSV parses CSV output into one canonical string a row: fields
// Go-quoted, the notional column re-spelled from its float64.
func canonCSV(t *testing.T, out []byte) []string {
	recs, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	notional := -1
	var rows []string
	for i, rec := range recs {
		if i == 0 {
			for j, h := range rec {
				if h == "notional" {
					notional = j
				}
			}
		} else if notional >= 0 && rec[notional] != "" {
			rec[notional] = canonFloat(t, rec[notional])
		}
		rows = append(rows, strings.Join(quoteAll(rec), ","))
	}
	return rows
}

func canonFloat(t *testing.T, s string) string {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strconv.Quote(s)
	}
	return out
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
