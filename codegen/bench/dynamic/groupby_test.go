package dynamic

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
)

func TestAccumulators(t *testing.T) {
	tests := []struct {
		name string
		f    AggFunc
		in   []any
		want any
		err  error // errAny: any error from Add or Result
	}{
		{"COUNT(*) of nothing", CountStar, nil, int64(0), nil},
		{"COUNT(*) counts NULLs", CountStar, []any{nil, int64(1), nil}, int64(3), nil},
		{"COUNT(x) skips NULLs", Count, []any{nil, "a", nil, 2.5}, int64(2), nil},
		{"SUM of nothing is NULL", Sum, nil, nil, nil},
		{"SUM of NULLs is NULL", Sum, []any{nil, nil}, nil, nil},
		{"SUM of integers", Sum, []any{int64(1), nil, int64(-5), int64(10)}, int64(6), nil},
		{"SUM of floats", Sum, []any{1.5, nil, 2.25}, 3.75, nil},
		{"SUM of integers then a float", Sum, []any{int64(2), int64(3), 0.5}, 5.5, nil},
		{"SUM past int64 and back", Sum, []any{int64(math.MaxInt64), int64(10), int64(-20)}, int64(math.MaxInt64 - 10), nil},
		{"SUM below int64 and back", Sum, []any{int64(math.MinInt64), int64(-1), int64(2)}, int64(math.MinInt64 + 1), nil},
		{"SUM that overflows", Sum, []any{int64(math.MaxInt64), int64(1)}, nil, errOverflow},
		{"SUM that underflows", Sum, []any{int64(math.MinInt64), int64(-1)}, nil, errOverflow},
		{"SUM of negatives past int64 as a float", Sum, []any{int64(math.MinInt64), int64(math.MinInt64), 0.0}, -0x1p64, nil},
		{"SUM of a string", Sum, []any{"x"}, nil, errAny},
		{"AVG of nothing is NULL", Avg, []any{nil}, nil, nil},
		{"AVG skips NULLs", Avg, []any{1.0, nil, 2.0, 4.5}, 2.5, nil},
		{"AVG of integers is a float", Avg, []any{int64(1), int64(2)}, 1.5, nil},
		{"AVG of a bool", Avg, []any{true}, nil, errAny},
		{"MIN of nothing is NULL", Min, []any{nil}, nil, nil},
		{"MIN of floats", Min, []any{3.5, nil, -1.25, 2.0}, -1.25, nil},
		{"MAX of floats", Max, []any{3.5, nil, -1.25, 7.0, 2.0}, 7.0, nil},
		{"MIN of strings by bytes", Min, []any{"b", "B", "a"}, "B", nil},
		{"MAX of strings", Max, []any{"b", "é", "a"}, "é", nil},
		{"MIN of mixed numbers keeps the type of the least", Min, []any{int64(3), 2.5, int64(2)}, int64(2), nil},
		{"MAX never takes NaN after a number", Max, []any{1.0, math.NaN(), 0.5}, 1.0, nil},
		{"MIN of a string after a number", Min, []any{1.0, "x"}, nil, errAny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acc, err := NewAccumulator(tt.f)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range tt.in {
				if err = acc.Add(v); err != nil {
					break
				}
			}
			var got any
			if err == nil {
				got, err = acc.Result()
			}
			switch {
			case tt.err == nil && err != nil:
				t.Fatalf("error %v, want %#v", err, tt.want)
			case tt.err != nil && err == nil, tt.err != nil && tt.err != errAny && !errors.Is(err, tt.err):
				t.Fatalf("got %#v, %v; want error %v", got, err, tt.err)
			case tt.err != nil:
				return
			}
			if got != tt.want {
				t.Errorf("got %#v (%T), want %#v (%T)", got, got, tt.want, tt.want)
			}
		})
	}
}

func TestAppendKey(t *testing.T) {
	key := func(vs ...any) string {
		var kb []byte
		for _, v := range vs {
			var err error
			if kb, err = appendKey(kb, v); err != nil {
				t.Fatal(err)
			}
		}
		return string(kb)
	}
	for _, tt := range []struct {
		name string
		a, b []any
		same bool
	}{
		{"equal strings", []any{"AAPL"}, []any{"AAPL"}, true},
		{"different strings", []any{"AAPL"}, []any{"MSFT"}, false},
		{"NULL is not the empty string", []any{nil}, []any{""}, false},
		{"NULL is NULL", []any{nil}, []any{nil}, true},
		{"1 is not '1'", []any{int64(1)}, []any{"1"}, false},
		{"1 is not 1.0", []any{int64(1)}, []any{1.0}, false},
		{"-0.0 is 0.0", []any{math.Copysign(0, -1)}, []any{0.0}, true},
		{"TRUE is not 'true'", []any{true}, []any{"true"}, false},
		{"values do not run into each other", []any{"ab", "c"}, []any{"a", "bc"}, false},
		{"NULL then a string", []any{nil, "n"}, []any{"n", nil}, false},
		{"separators inside strings", []any{"a\x00s", ""}, []any{"a", "s"}, false},
		{"two equal keys", []any{"x", int64(7)}, []any{"x", int64(7)}, true},
	} {
		if got := key(tt.a...) == key(tt.b...); got != tt.same {
			t.Errorf("%s: same = %v, want %v", tt.name, got, tt.same)
		}
	}
	if _, err := appendKey(nil, []int{1}); err == nil {
		t.Error("grouping by a slice: no error")
	}
}

// groupQuery is the GROUP BY benchmark's query:
//
//	SELECT symbol, COUNT(*) AS n, SUM(qty) AS total_qty, AVG(price) AS avg_price,
//	       MIN(price) AS low, MAX(price) AS high
//	FROM trades GROUP BY symbol
func groupQuery(emit Emit) *GroupQuery {
	return &GroupQuery{
		Keys: []Named{{"symbol", Col{"symbol"}}},
		Aggs: []Agg{
			{"n", CountStar, nil},
			{"total_qty", Sum, Col{"qty"}},
			{"avg_price", Avg, Col{"price"}},
			{"low", Min, Col{"price"}},
			{"high", Max, Col{"price"}},
		},
		Emit: emit,
	}
}

var groupSchema = []Column{{"symbol", String}, {"price", Float}, {"qty", Integer}, {"venue", String}}

const groupInput = `symbol,price,qty,venue
AAPL,10.5,2,X
MSFT,20,1,Y
AAPL,,4,X
,3,5,Z
AAPL,9.5,,X
BAD,x,1,X
SHORT,1
"A,B",1,1,X
,4,,Z
`

func TestRunGroupByCSV(t *testing.T) {
	for _, tt := range []struct {
		emit Emit
		want string
		st   GroupStats
	}{
		{EmitChanges, `symbol,n,total_qty,avg_price,low,high
AAPL,1,2,10.5,10.5,10.5
MSFT,1,1,20,20,20
AAPL,2,6,10.5,10.5,10.5
,1,5,3,3,3
AAPL,3,6,10,9.5,10.5
"A,B",1,1,1,1,1
,2,5,3.5,3,4
`, GroupStats{Stats{In: 9, Out: 7, Bad: 2}, 4}},
		{EmitFinal, `symbol,n,total_qty,avg_price,low,high
AAPL,3,6,10,9.5,10.5
MSFT,1,1,20,20,20
,2,5,3.5,3,4
"A,B",1,1,1,1,1
`, GroupStats{Stats{In: 9, Out: 4, Bad: 2}, 4}},
	} {
		var out bytes.Buffer
		st, err := RunGroupByCSV(strings.NewReader(groupInput), &out, groupQuery(tt.emit), groupSchema)
		if err != nil {
			t.Fatal(err)
		}
		if out.String() != tt.want {
			t.Errorf("emit %d: output:\n%s\nwant:\n%s", tt.emit, out.String(), tt.want)
		}
		if st != tt.st {
			t.Errorf("emit %d: stats %+v, want %+v", tt.emit, st, tt.st)
		}
	}
}

func TestRunGroupByCSVWhereAndOverflow(t *testing.T) {
	q := groupQuery(EmitFinal)
	q.Where = Cmp{Ne, Col{"venue"}, Lit{"Z"}}
	in := "symbol,price,qty,venue\nA,1,9223372036854775807,X\nA,1,1,X\nB,2,3,Z\nC,5,1,\nD,1,1,X\n"
	var out bytes.Buffer
	st, err := RunGroupByCSV(strings.NewReader(in), &out, q, groupSchema)
	if err != nil {
		t.Fatal(err)
	}
	// B is filtered out (venue Z), C too (NULL venue: the condition is NULL);
	// A's SUM overflows, so its row fails and is counted as bad.
	want := "symbol,n,total_qty,avg_price,low,high\nD,1,1,1,1,1\n"
	if out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", out.String(), want)
	}
	if want := (GroupStats{Stats{In: 5, Out: 1, Bad: 1}, 2}); st != want {
		t.Errorf("stats %+v, want %+v", st, want)
	}
}

func TestNewGrouperChecksArguments(t *testing.T) {
	for _, q := range []*GroupQuery{
		{Aggs: []Agg{{"n", CountStar, Col{"x"}}}},
		{Aggs: []Agg{{"s", Sum, nil}}},
		{Aggs: []Agg{{"s", AggFunc(99), Col{"x"}}}},
	} {
		if _, err := NewGrouper(q); err == nil {
			t.Errorf("%+v: no error", q.Aggs[0])
		}
	}
}
