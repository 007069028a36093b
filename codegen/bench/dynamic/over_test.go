package dynamic

import (
	"bytes"
	"strings"
	"testing"
)

func TestRunOverCSV(t *testing.T) {
	// AVG and COUNT(*) over the last 3 rows of each symbol; NULL prices
	// count in COUNT(*), not in AVG.
	in := "sym,px\nA,1\nB,10\nA,2\nA,\nA,6\nB,x\nA,\nA,\nA,\n,5\n"
	q := &OverQuery{
		Partition: []Named{{Name: "sym", Expr: Col{"sym"}}},
		Select: []OverCol{
			{Name: "sym", Expr: Col{"sym"}},
			{Name: "px", Expr: Col{"px"}},
			{Name: "avg3", Over: &OverAgg{Func: Avg, Arg: Col{"px"}, Rows: 3}},
			{Name: "n3", Over: &OverAgg{Func: CountStar, Rows: 3}},
		},
	}
	var out bytes.Buffer
	st, err := RunOverCSV(strings.NewReader(in), &out, q, []Column{{"sym", String}, {"px", Float}})
	if err != nil {
		t.Fatal(err)
	}
	want := "sym,px,avg3,n3\n" +
		"A,1,1,1\n" +
		"B,10,10,1\n" +
		"A,2,1.5,2\n" +
		"A,,1.5,3\n" +
		"A,6,4,3\n" +
		"A,,6,3\n" +
		"A,,6,3\n" +
		"A,,,3\n" +
		",5,5,1\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
	if want := (OverStats{Stats: Stats{In: 10, Out: 9, Bad: 1}, Partitions: 3}); st != want {
		t.Errorf("stats %+v, want %+v", st, want)
	}
}
