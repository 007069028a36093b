package dynamic

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// runWindows feeds (key, t, x) records to a Windower over q (keys k, event
// time t, aggregates COUNT(*) and SUM(x)) and returns what it wrote: one
// "key start end count sum" line per closed window, "late" for a late
// record, "|" after each record that closed windows, then the windows
// closed at the end.
func runWindows(t *testing.T, w Window, disorder, lateness int64, recs [][3]any) string {
	t.Helper()
	w.Time = Col{"t"}
	q := &WindowQuery{
		Keys:     []Named{{Name: "k", Expr: Col{"k"}}},
		Window:   w,
		Aggs:     []Agg{{Name: "n", Func: CountStar}, {Name: "s", Func: Sum, Arg: Col{"x"}}},
		Start:    true,
		End:      true,
		Disorder: disorder,
		Lateness: lateness,
	}
	win, err := NewWindower(q)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	vals := make([]any, 5)
	emit := func(g *WinGroup) error {
		if err := win.Row(g, vals); err != nil {
			return err
		}
		out = append(out, fmt.Sprintf("%v %d %d %v %v", vals[0], g.Start, g.End, vals[3], vals[4]))
		return nil
	}
	for _, r := range recs {
		n := len(out)
		err := win.Add(Row{"k": r[0], "t": r[1], "x": r[2]}, emit)
		switch {
		case IsLate(err):
			out = append(out, "late")
		case err != nil:
			out = append(out, "error")
		case len(out) > n:
			out = append(out, "|")
		}
	}
	if err := win.Close(emit); err != nil {
		t.Fatal(err)
	}
	if win.Open() != 0 {
		t.Errorf("%d windows open after Close", win.Open())
	}
	return strings.Join(out, "\n")
}

func TestWindower(t *testing.T) {
	i := func(v int64) any { return v }
	tests := []struct {
		name               string
		w                  Window
		disorder, lateness int64
		recs               [][3]any
		want               string
	}{
		{
			name:     "tumbling: closes when the watermark passes the end, late after",
			w:        Window{Kind: Tumbling, Size: 10},
			disorder: 2,
			recs: [][3]any{
				{"a", i(1), i(1)}, {"b", i(3), i(2)}, {"a", i(9), i(3)},
				{"a", i(11), i(4)}, // watermark 9: window 0 still open
				{"b", i(8), i(5)},  // in time
				{"b", i(12), i(6)}, // watermark 10: closes [0, 10)
				{"a", i(5), i(7)},  // late
				{"b", i(-3), nil},  // late, before 1970
				{"a", nil, i(1)},   // NULL event time: an error
			},
			want: "a 0 10 2 4\nb 0 10 2 7\n|\nlate\nlate\nerror\na 10 20 1 4\nb 10 20 1 6",
		},
		{
			name:     "tumbling: allowed lateness keeps windows open longer",
			w:        Window{Kind: Tumbling, Size: 10},
			lateness: 5,
			recs:     [][3]any{{"a", i(1), i(1)}, {"a", i(12), i(1)}, {"a", i(2), i(1)}, {"a", i(15), i(1)}, {"a", i(3), i(1)}},
			want:     "a 0 10 2 2\n|\nlate\na 10 20 2 2",
		},
		{
			name: "sliding: a record in every window that holds it; late only when all have closed",
			w:    Window{Kind: Sliding, Size: 10, Advance: 5},
			recs: [][3]any{
				{"a", i(7), i(1)},  // [0, 10) and [5, 15)
				{"a", i(10), i(2)}, // closes [0, 10); into [5, 15), [10, 20)
				{"a", i(6), i(4)},  // [0, 10) closed: only [5, 15)
				{"a", i(16), i(8)}, // closes [5, 15)
				{"a", i(9), i(1)},  // late
			},
			want: "a 0 10 1 1\n|\na 5 15 3 7\n|\nlate\na 10 20 2 10\na 15 25 1 8",
		},
		{
			name: "session: grows within the gap, closes when the watermark passes its end",
			w:    Window{Kind: Session, Size: 10},
			recs: [][3]any{
				{"a", i(0), i(1)},
				{"a", i(5), i(2)},  // [0, 15)
				{"a", i(25), i(4)}, // closes [0, 15)
				{"a", i(40), i(8)}, // a new session: [25, 35) has closed
				{"b", i(41), i(1)},
				{"a", i(52), nil}, // closes [40, 50) and b's [41, 51), in end order
			},
			want: "a 0 15 2 3\n|\na 25 35 1 4\n|\na 40 50 1 8\nb 41 51 1 1\n|\na 52 62 1 <nil>",
		},
		{
			name:     "session: a record within the gap before a session joins it; one that bridges two merges them",
			w:        Window{Kind: Session, Size: 10},
			disorder: 20,
			recs: [][3]any{
				{"a", i(50), i(1)}, // [50, 60)
				{"a", i(42), i(2)}, // [42, 60)
				{"a", i(31), i(4)}, // [31, 41): not within the gap of 42
				{"a", i(33), i(8)}, // bridges them: [31, 60)
				{"b", i(0), i(1)},  // late: the watermark is 30
			},
			want: "late\na 31 60 4 15",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := runWindows(t, tt.w, tt.disorder, tt.lateness, tt.recs); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestRunWindowCSV(t *testing.T) {
	in := "sym,px,ts\nA,1.5,60000\nB,2,61000\nA,0.5,119999\nA,x,1\nB,4,130000\n\"C,D\",1,10\n"
	q := &WindowQuery{
		Keys:     []Named{{Name: "sym", Expr: Col{"sym"}}},
		Window:   Window{Kind: Tumbling, Time: Col{"ts"}, Size: 60000},
		Aggs:     []Agg{{Name: "n", Func: CountStar}, {Name: "avg", Func: Avg, Arg: Col{"px"}}, {Name: "lo", Func: Min, Arg: Col{"px"}}},
		Start:    true,
		Disorder: 5000,
	}
	schema := []Column{{"sym", String}, {"px", Float}, {"ts", Integer}}
	var out bytes.Buffer
	st, err := RunWindowCSV(strings.NewReader(in), &out, q, schema)
	if err != nil {
		t.Fatal(err)
	}
	want := "sym,_window_start,n,avg,lo\n" +
		"A,1970-01-01T00:01:00.000Z,2,1,0.5\n" +
		"B,1970-01-01T00:01:00.000Z,1,2,2\n" +
		"B,1970-01-01T00:02:00.000Z,1,4,4\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
	if want := (WindowStats{Stats: Stats{In: 6, Out: 3, Bad: 1}, Late: 1, Opened: 3}); st != want {
		t.Errorf("stats %+v, want %+v", st, want)
	}
}
