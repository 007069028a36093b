package dynamic

import (
	"bufio"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"strconv"
	"strings"
)

// AggFunc is an aggregate function.
type AggFunc int

// The aggregate functions.
const (
	CountStar AggFunc = iota // COUNT(*): every record of the group
	Count                    // COUNT(x): the records where x is not NULL
	Sum                      // SUM(x): INTEGER or FLOAT, NULL when no x is
	Avg                      // AVG(x): FLOAT, NULL when no x is
	Min                      // MIN(x): NULL when no x is
	Max                      // MAX(x): NULL when no x is
)

var aggNames = [...]string{CountStar: "COUNT(*)", Count: "COUNT", Sum: "SUM", Avg: "AVG", Min: "MIN", Max: "MAX"}

// Agg is an aggregate output column: its name, function and argument (nil
// for COUNT(*)).
type Agg struct {
	Name string
	Func AggFunc
	Arg  Expr
}

// Emit is when a grouping query writes its rows.
type Emit int

// The emit modes.
const (
	// EmitChanges writes a group's new row after every record that
	// changes it.
	EmitChanges Emit = iota
	// EmitFinal writes every group once, at the end of the input, in the
	// order the groups first appeared.
	EmitFinal
)

// GroupQuery is a GROUP BY query: keep the records where Where is TRUE
// (every record when Where is nil), group them by the values of Keys (NULL
// keys form one group) and fold them into Aggs. Its output row is the key
// columns, then the aggregate columns, in order.
type GroupQuery struct {
	Where Expr
	Keys  []Named
	Aggs  []Agg
	Emit  Emit
}

// Accumulator is the state of one aggregate of one group: an object
// behind an interface, as a dynamic engine holds it, fed values of any
// type.
type Accumulator interface {
	// Add folds one record's argument value into the state. A value of
	// the wrong type is an error (and fails the record).
	Add(v any) error
	// Result is the aggregate's current value (nil is NULL).
	Result() (any, error)
}

// NewAccumulator returns an empty accumulator for f.
func NewAccumulator(f AggFunc) (Accumulator, error) {
	switch f {
	case CountStar, Count:
		return &countAcc{star: f == CountStar}, nil
	case Sum:
		return &sumAcc{}, nil
	case Avg:
		return &avgAcc{}, nil
	case Min:
		return &minMaxAcc{max: false}, nil
	case Max:
		return &minMaxAcc{max: true}, nil
	}
	return nil, fmt.Errorf("unknown aggregate %d", f)
}

// countAcc is COUNT(*) (star) or COUNT(x).
type countAcc struct {
	star bool
	n    int64
}

func (a *countAcc) Add(v any) error {
	if a.star || v != nil {
		a.n++
	}
	return nil
}

func (a *countAcc) Result() (any, error) { return a.n, nil }

// sumAcc is SUM(x): INTEGER values add up exactly in 128 bits (the result
// must fit in 64, as veloc's SUM), and the first FLOAT makes the sum a
// FLOAT.
type sumAcc struct {
	hi, lo uint64 // the INTEGER sum, two's complement over 128 bits
	f      float64
	isF    bool
	ok     bool // some value was not NULL
}

func (a *sumAcc) Add(v any) error {
	switch v := v.(type) {
	case nil:
	case int64:
		if a.isF {
			a.f += float64(v)
		} else {
			var c uint64
			a.lo, c = bits.Add64(a.lo, uint64(v), 0)
			a.hi, _ = bits.Add64(a.hi, uint64(v>>63), c) // sign extension
		}
		a.ok = true
	case float64:
		if !a.isF {
			a.f, a.isF = a.int128Float(), true
		}
		a.f += v
		a.ok = true
	default:
		return fmt.Errorf("SUM of %T", v)
	}
	return nil
}

// int128Float is the INTEGER sum so far as a float64.
func (a *sumAcc) int128Float() float64 {
	if int64(a.hi) < 0 {
		lo, b := bits.Sub64(0, a.lo, 0)
		hi, _ := bits.Sub64(0, a.hi, b)
		return -(float64(hi)*(1<<64) + float64(lo))
	}
	return float64(a.hi)*(1<<64) + float64(a.lo)
}

func (a *sumAcc) Result() (any, error) {
	switch {
	case !a.ok:
		return nil, nil
	case a.isF:
		return a.f, nil
	case a.hi != uint64(int64(a.lo)>>63): // the 128 bits are not a sign-extended int64
		return nil, errOverflow
	}
	return int64(a.lo), nil
}

// avgAcc is AVG(x): a FLOAT, the sum of the values over their number.
type avgAcc struct {
	sum float64
	n   int64
}

func (a *avgAcc) Add(v any) error {
	switch v := v.(type) {
	case nil:
		return nil
	case int64:
		a.sum += float64(v)
	case float64:
		a.sum += v
	default:
		return fmt.Errorf("AVG of %T", v)
	}
	a.n++
	return nil
}

func (a *avgAcc) Result() (any, error) {
	if a.n == 0 {
		return nil, nil
	}
	return a.sum / float64(a.n), nil
}

// minMaxAcc is MIN(x) or MAX(x) over values that compare as Cmp does.
type minMaxAcc struct {
	max bool
	v   any // nil until a value that is not NULL
}

func (a *minMaxAcc) Add(v any) error {
	if v == nil {
		return nil
	}
	if a.v == nil {
		switch v.(type) {
		case int64, float64, string, bool:
			a.v = v
			return nil
		}
		return fmt.Errorf("MIN/MAX of %T", v)
	}
	d, err := compare(v, a.v)
	if err != nil {
		return err
	}
	if (a.max && d > 0) || (!a.max && d < 0) {
		a.v = v
	}
	return nil
}

func (a *minMaxAcc) Result() (any, error) { return a.v, nil }

// compare orders two values that are not NULL as Cmp does (a NaN compares
// equal to everything, so it never replaces a minimum or maximum).
func compare(l, r any) (int, error) {
	switch lv := l.(type) {
	case int64:
		switch rv := r.(type) {
		case int64:
			return cmp3(lv, rv), nil
		case float64:
			return cmp3(float64(lv), rv), nil
		}
	case float64:
		if rf, ok := toFloat(r); ok {
			return cmp3(lv, rf), nil
		}
	case string:
		if rv, ok := r.(string); ok {
			return strings.Compare(lv, rv), nil
		}
	case bool:
		if rv, ok := r.(bool); ok {
			return cmp3(b2i(lv), b2i(rv)), nil
		}
	}
	return 0, fmt.Errorf("cannot compare %T with %T", l, r)
}

// Group is one group of a GroupQuery: its key values and one accumulator
// per aggregate.
type Group struct {
	Keys []any
	Accs []Accumulator
}

// Grouper folds rows into the groups of a GroupQuery. The groups live in a
// map keyed by a string built from the key values' types and text, as a
// dynamic engine that does not know the key's types ahead of time keys
// them.
type Grouper struct {
	q      *GroupQuery
	groups map[string]*Group
	order  []*Group // the groups in the order they first appeared
	kb     []byte   // the key being built
	keys   []any    // the key values of the current record
	args   []any    // the aggregate arguments of the current record
}

// NewGrouper returns an empty Grouper for q.
func NewGrouper(q *GroupQuery) (*Grouper, error) {
	for _, a := range q.Aggs {
		if _, err := NewAccumulator(a.Func); err != nil {
			return nil, err
		}
		if (a.Arg == nil) != (a.Func == CountStar) {
			return nil, fmt.Errorf("aggregate %s: %s takes %s", a.Name, aggNames[a.Func], map[bool]string{true: "no argument", false: "one argument"}[a.Func == CountStar])
		}
	}
	return &Grouper{
		q:      q,
		groups: map[string]*Group{},
		keys:   make([]any, len(q.Keys)),
		args:   make([]any, len(q.Aggs)),
	}, nil
}

// Len is the number of groups.
func (g *Grouper) Len() int { return len(g.order) }

// Groups returns the groups in the order they first appeared.
func (g *Grouper) Groups() []*Group { return g.order }

// Add folds one row into its group and returns the group, or nil when
// Where rejects the row. An error fails the record and leaves the groups
// as they were (except for a value of the wrong type met by an aggregate
// after others took theirs).
func (g *Grouper) Add(row Row) (*Group, error) {
	if g.q.Where != nil {
		c, err := g.q.Where.Eval(row)
		if err != nil {
			return nil, err
		}
		if b, _ := c.(bool); !b { // NULL (nil) is not TRUE
			if _, _, isBool := truth(c); !isBool {
				return nil, fmt.Errorf("WHERE of %T", c)
			}
			return nil, nil
		}
	}
	g.kb = g.kb[:0]
	for i, k := range g.q.Keys {
		v, err := k.Expr.Eval(row)
		if err != nil {
			return nil, err
		}
		g.keys[i] = v
		if g.kb, err = appendKey(g.kb, v); err != nil {
			return nil, err
		}
	}
	for i, a := range g.q.Aggs {
		if a.Arg == nil {
			g.args[i] = nil
			continue
		}
		v, err := a.Arg.Eval(row)
		if err != nil {
			return nil, err
		}
		g.args[i] = v
	}
	grp := g.groups[string(g.kb)]
	if grp == nil {
		grp = &Group{Keys: append([]any(nil), g.keys...), Accs: make([]Accumulator, len(g.q.Aggs))}
		for i, a := range g.q.Aggs {
			grp.Accs[i], _ = NewAccumulator(a.Func) // checked by NewGrouper
		}
		g.groups[string(g.kb)] = grp
		g.order = append(g.order, grp)
	}
	for i, acc := range grp.Accs {
		if err := acc.Add(g.args[i]); err != nil {
			return nil, err
		}
	}
	return grp, nil
}

// Row computes the output row of a group into vals: the key values, then
// the aggregates.
func (g *Grouper) Row(grp *Group, vals []any) error {
	n := copy(vals, grp.Keys)
	for i, acc := range grp.Accs {
		v, err := acc.Result()
		if err != nil {
			return err
		}
		vals[n+i] = v
	}
	return nil
}

// appendKey appends one key value to a group key: a type tag, then the
// value's text, length-prefixed so that keys of several values cannot run
// into each other. FLOAT -0 is 0, as SQL compares them.
func appendKey(kb []byte, v any) ([]byte, error) {
	var tag byte
	start := len(kb)
	kb = append(kb, 0, 0, 0, 0, 0) // tag and room for a short length
	switch v := v.(type) {
	case nil:
		return append(kb[:start], 'n'), nil
	case string:
		tag = 's'
		kb = append(kb, v...)
	case int64:
		tag = 'i'
		kb = strconv.AppendInt(kb, v, 10)
	case float64:
		tag = 'f'
		if v == 0 {
			v = 0
		}
		kb = strconv.AppendFloat(kb, v, 'g', -1, 64)
	case bool:
		tag = 'b'
		kb = strconv.AppendBool(kb, v)
	default:
		return kb, fmt.Errorf("cannot group by %T", v)
	}
	n := len(kb) - start - 5
	if n > math.MaxUint32 {
		return kb, errors.New("group key too long")
	}
	kb[start] = tag
	binary.LittleEndian.PutUint32(kb[start+1:], uint32(n))
	return kb, nil
}

// GroupStats counts what a grouping run did.
type GroupStats struct {
	Stats
	Groups int // groups at the end of the input
}

// RunGroupByCSV runs q over a CSV file with a header line, read as RunCSV
// reads it (every schema column converted to its type), and writes CSV
// through encoding/csv: a header line of the key and aggregate names, then
// for EmitChanges the record's group after each record that passes Where,
// and for EmitFinal every group at the end of the input. A record that
// does not decode or fails to evaluate is counted in Stats.Bad and skipped;
// so is a group row that fails to compute (a SUM that overflows).
func RunGroupByCSV(r io.Reader, w io.Writer, q *GroupQuery, schema []Column) (GroupStats, error) {
	var st GroupStats
	g, err := NewGrouper(q)
	if err != nil {
		return st, err
	}
	cr := csv.NewReader(bufio.NewReaderSize(r, bufSize))
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		if err == io.EOF {
			err = errors.New("no header line")
		}
		return st, err
	}
	idx, err := bindHeader(header, schema)
	if err != nil {
		return st, err
	}

	cw := csv.NewWriter(bufio.NewWriterSize(w, bufSize))
	rec := make([]string, 0, len(q.Keys)+len(q.Aggs))
	for _, k := range q.Keys {
		rec = append(rec, k.Name)
	}
	for _, a := range q.Aggs {
		rec = append(rec, a.Name)
	}
	if err := cw.Write(rec); err != nil {
		return st, err
	}
	vals := make([]any, len(rec))
	// write writes a group's row; false when it fails to compute.
	write := func(grp *Group) (bool, error) {
		if err := g.Row(grp, vals); err != nil {
			return false, nil
		}
		for i, v := range vals {
			rec[i] = csvText(v)
		}
		if err := cw.Write(rec); err != nil {
			return false, err
		}
		st.Out++
		return true, nil
	}
	row := make(Row, len(schema))
	for {
		fields, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return st, err
			}
			st.In++
			st.Bad++
			continue
		}
		st.In++
		if err := convertRow(row, fields, schema, idx); err != nil {
			st.Bad++
			continue
		}
		grp, err := g.Add(row)
		if err != nil {
			st.Bad++
			continue
		}
		if grp == nil || q.Emit != EmitChanges {
			continue
		}
		ok, err := write(grp)
		if err != nil {
			return st, err
		}
		if !ok {
			st.Bad++
		}
	}
	if q.Emit == EmitFinal {
		for _, grp := range g.Groups() {
			ok, err := write(grp)
			if err != nil {
				return st, err
			}
			if !ok {
				st.Bad++
			}
		}
	}
	st.Groups = g.Len()
	cw.Flush()
	return st, cw.Error()
}

// bindHeader finds the field of each schema column in a CSV header, by
// name (case-insensitive).
func bindHeader(header []string, schema []Column) ([]int, error) {
	idx := make([]int, len(schema))
	for i, c := range schema {
		idx[i] = -1
		for f, h := range header {
			if strings.EqualFold(strings.TrimSpace(h), c.Name) {
				idx[i] = f
				break
			}
		}
		if idx[i] < 0 {
			return nil, fmt.Errorf("the header has no column %s", c.Name)
		}
	}
	return idx, nil
}
