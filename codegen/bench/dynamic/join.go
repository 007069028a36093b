package dynamic

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
)

// LookupJoin is a stream–table join as a dynamic engine runs it: the table
// is loaded into a map from its key value (boxed) to its rows (maps), and
// each stream record, decoded into a map, looks its probe column up there.
// Stream columns are named StreamAlias+"."+name in the joined row and
// table columns TableAlias+"."+name; with Left, a record without a match
// is written with the table's columns NULL.
type LookupJoin struct {
	StreamAlias, TableAlias string
	Probe, Key              string // the stream's and the table's column
	Left                    bool
	Select                  []Named
}

// RunLookupJoinCSV loads the table (a CSV file with a header) and runs q
// over the stream (the same), writing CSV with a header line of the select
// names. A record that fails to decode or evaluate is counted in Stats.Bad
// (table records too); Stats.In counts stream records only.
func RunLookupJoinCSV(table, stream io.Reader, w io.Writer, q *LookupJoin, tableSchema, streamSchema []Column) (Stats, error) {
	var st Stats
	tcols := prefixed(q.TableAlias, tableSchema)
	key := q.TableAlias + "." + q.Key
	rows := map[any]Row{}
	err := readCSV(table, tcols, func(row Row, bad bool) error {
		if bad {
			st.Bad++
			return nil
		}
		if k := row[key]; k != nil {
			rows[k] = row
		}
		return nil
	}, true)
	if err != nil {
		return st, fmt.Errorf("table: %w", err)
	}
	cw, rec, err := csvOut(w, q.Select)
	if err != nil {
		return st, err
	}
	probe := q.StreamAlias + "." + q.Probe
	joined := Row{}
	vals := make([]any, len(q.Select))
	err = readCSV(stream, prefixed(q.StreamAlias, streamSchema), func(row Row, bad bool) error {
		st.In++
		if bad {
			st.Bad++
			return nil
		}
		var match Row
		if k := row[probe]; k != nil {
			match = rows[k]
		}
		if match == nil && !q.Left {
			return nil
		}
		clear(joined)
		for k, v := range row {
			joined[k] = v
		}
		for _, c := range tcols {
			joined[c.Name] = match[c.Name] // nil for a missing match
		}
		return writeJoined(cw, rec, q.Select, joined, vals, &st)
	}, false)
	if err != nil {
		return st, err
	}
	cw.Flush()
	return st, cw.Error()
}

// IntervalJoin is a stream–stream join bounded in time as a dynamic engine
// runs it: each side's rows (maps) are kept in a map from the key value to
// a slice, matched as they come, and dropped in arrival order once the
// other side's time has passed their bound. Left rows are named
// LeftAlias+"."+name, right rows RightAlias+"."+name; a right row matches
// a left row with the same key when l.time+Lo <= r.time <= l.time+Hi
// (times are INTEGER epoch milliseconds).
type IntervalJoin struct {
	LeftAlias, RightAlias string
	LeftKey, RightKey     string
	LeftTime, RightTime   string
	Lo, Hi                int64
	Select                []Named
}

type buffered struct {
	row Row
	key any
	ts  int64
}

// RunIntervalJoinCSV runs q over two CSV files with headers, taking their
// records in time order, and writes the matching pairs as CSV.
func RunIntervalJoinCSV(left, right io.Reader, w io.Writer, q *IntervalJoin, leftSchema, rightSchema []Column) (Stats, error) {
	var st Stats
	cw, rec, err := csvOut(w, q.Select)
	if err != nil {
		return st, err
	}
	ls, err := newCSVStream(left, prefixed(q.LeftAlias, leftSchema))
	if err != nil {
		return st, err
	}
	rs, err := newCSVStream(right, prefixed(q.RightAlias, rightSchema))
	if err != nil {
		return st, err
	}
	lk, rk := q.LeftAlias+"."+q.LeftKey, q.RightAlias+"."+q.RightKey
	lt, rt := q.LeftAlias+"."+q.LeftTime, q.RightAlias+"."+q.RightTime
	bufL, bufR := map[any][]*buffered{}, map[any][]*buffered{}
	var fifoL, fifoR []*buffered
	joined := Row{}
	vals := make([]any, len(q.Select))
	emit := func(l, r Row) error {
		clear(joined)
		for k, v := range l {
			joined[k] = v
		}
		for k, v := range r {
			joined[k] = v
		}
		return writeJoined(cw, rec, q.Select, joined, vals, &st)
	}
	drop := func(buf map[any][]*buffered, fifo []*buffered, limit int64) []*buffered {
		for len(fifo) > 0 && fifo[0].ts < limit {
			e := fifo[0]
			fifo = fifo[1:]
			s := buf[e.key]
			for i, x := range s {
				if x == e {
					s = append(s[:i], s[i+1:]...)
					break
				}
			}
			if len(s) == 0 {
				delete(buf, e.key)
			} else {
				buf[e.key] = s
			}
		}
		return fifo
	}
	var maxL, maxR int64 = -1 << 63, -1 << 63
	for {
		lrow, lok := ls.peek()
		rrow, rok := rs.peek()
		if !lok && !rok {
			break
		}
		takeL := lok && (!rok || ts(lrow, lt) <= ts(rrow, rt))
		var row Row
		var bad bool
		if takeL {
			row, bad = ls.take()
		} else {
			row, bad = rs.take()
		}
		st.In++
		timeCol := rt
		if takeL {
			timeCol = lt
		}
		if bad || row[timeCol] == nil {
			st.Bad++
			continue
		}
		if takeL {
			t := ts(row, lt)
			maxL = max(maxL, t)
			if k := row[lk]; k != nil {
				e := &buffered{row: row, key: k, ts: t}
				bufL[k] = append(bufL[k], e)
				fifoL = append(fifoL, e)
				for _, o := range bufR[k] {
					if o.ts >= t+q.Lo && o.ts <= t+q.Hi {
						if err := emit(row, o.row); err != nil {
							return st, err
						}
					}
				}
			}
		} else {
			t := ts(row, rt)
			maxR = max(maxR, t)
			if k := row[rk]; k != nil {
				e := &buffered{row: row, key: k, ts: t}
				bufR[k] = append(bufR[k], e)
				fifoR = append(fifoR, e)
				for _, o := range bufL[k] {
					if t >= o.ts+q.Lo && t <= o.ts+q.Hi {
						if err := emit(o.row, row); err != nil {
							return st, err
						}
					}
				}
			}
		}
		wm := min(maxL, maxR)
		if !lok {
			wm = maxR
		}
		if !rok {
			wm = maxL
		}
		if wm != -1<<63 { // until both sides have a row, nothing expires
			fifoL = drop(bufL, fifoL, wm-q.Hi)
			fifoR = drop(bufR, fifoR, wm+q.Lo)
		}
	}
	if err := errors.Join(ls.err, rs.err); err != nil {
		return st, err
	}
	cw.Flush()
	return st, cw.Error()
}

func ts(row Row, col string) int64 {
	t, _ := row[col].(int64)
	return t
}

// csvStream reads a CSV file record by record with one record of
// lookahead, each record a fresh map (the rows are kept in buffers).
type csvStream struct {
	cr     *csv.Reader
	schema []Column
	idx    []int
	next   Row
	bad    bool
	have   bool
	done   bool
	err    error
}

func newCSVStream(r io.Reader, schema []Column) (*csvStream, error) {
	cr := csv.NewReader(bufio.NewReaderSize(r, bufSize))
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("no header line: %w", err)
	}
	idx, err := bindHeader(header, unprefixed(schema))
	if err != nil {
		return nil, err
	}
	return &csvStream{cr: cr, schema: schema, idx: idx}, nil
}

func (s *csvStream) peek() (Row, bool) {
	if !s.have && !s.done {
		fields, err := s.cr.Read()
		switch {
		case err == io.EOF:
			s.done = true
			return nil, false
		case err != nil:
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				s.err, s.done = err, true
				return nil, false
			}
			s.next, s.bad, s.have = Row{}, true, true
		default:
			s.next = make(Row, len(s.schema))
			s.bad = convertRow(s.next, fields, s.schema, s.idx) != nil
			s.have = true
		}
	}
	return s.next, s.have
}

func (s *csvStream) take() (Row, bool) {
	s.have = false
	return s.next, s.bad
}

// readCSV calls fn for each record of a CSV file with a header, decoded
// into a map (a fresh one when fresh, else one map reused).
func readCSV(r io.Reader, schema []Column, fn func(row Row, bad bool) error, fresh bool) error {
	cr := csv.NewReader(bufio.NewReaderSize(r, bufSize))
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("no header line: %w", err)
	}
	idx, err := bindHeader(header, unprefixed(schema))
	if err != nil {
		return err
	}
	row := Row{}
	for {
		fields, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return err
			}
			if err := fn(nil, true); err != nil {
				return err
			}
			continue
		}
		if fresh {
			row = make(Row, len(schema))
		}
		bad := convertRow(row, fields, schema, idx) != nil
		if err := fn(row, bad); err != nil {
			return err
		}
	}
}

func csvOut(w io.Writer, sel []Named) (*csv.Writer, []string, error) {
	cw := csv.NewWriter(bufio.NewWriterSize(w, bufSize))
	rec := make([]string, len(sel))
	for i, n := range sel {
		rec[i] = n.Name
	}
	return cw, rec, cw.Write(rec)
}

func writeJoined(cw *csv.Writer, rec []string, sel []Named, row Row, vals []any, st *Stats) error {
	for i, n := range sel {
		v, err := n.Expr.Eval(row)
		if err != nil {
			st.Bad++
			return nil
		}
		vals[i] = v
	}
	for i, v := range vals {
		rec[i] = csvText(v)
	}
	st.Out++
	return cw.Write(rec)
}

// prefixed names a schema's columns alias.name, as the joined row does.
func prefixed(alias string, schema []Column) []Column {
	out := make([]Column, len(schema))
	for i, c := range schema {
		out[i] = Column{Name: alias + "." + c.Name, Type: c.Type}
	}
	return out
}

// unprefixed gives back the file's column names for binding the header.
func unprefixed(schema []Column) []Column {
	out := make([]Column, len(schema))
	for i, c := range schema {
		name := c.Name
		for j := 0; j < len(name); j++ {
			if name[j] == '.' {
				name = name[j+1:]
				break
			}
		}
		out[i] = Column{Name: name, Type: c.Type}
	}
	return out
}
