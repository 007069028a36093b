package dynamic

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
)

// OverAgg is an aggregate over a bounded row window: Func of Arg (nil for
// COUNT(*)) over the last Rows rows of the record's partition, the record
// included (ROWS WINDOW BUFFER n ROWS).
type OverAgg struct {
	Func AggFunc
	Arg  Expr
	Rows int
}

// OverCol is an output column of an OverQuery: a plain expression (Expr)
// or an aggregate over the row window (Over).
type OverCol struct {
	Name string
	Expr Expr
	Over *OverAgg
}

// OverQuery is a query with row windows: for each record (every record:
// no WHERE), its partition by the values of Partition, and one output row
// of Select.
type OverQuery struct {
	Partition []Named
	Select    []OverCol
}

// partition is the state of one partition of an OverQuery: for each OVER
// column, the last values of its argument, boxed, in a ring.
type partition struct {
	rings []ring
}

// ring holds the last values of a row window, oldest at start once full.
type ring struct {
	vals  []any
	start int
}

func (r *ring) push(size int, v any) {
	if len(r.vals) < size {
		r.vals = append(r.vals, v)
		return
	}
	r.vals[r.start] = v
	r.start = (r.start + 1) % size
}

// Overer computes the rows of an OverQuery, as a dynamic engine does:
// partitions in a map keyed by a string of the partition values' text,
// each with a slice of the last n boxed values of each OVER column, over
// which the aggregate is computed afresh (by an Accumulator) for every
// record, oldest value first.
type Overer struct {
	q     *OverQuery
	parts map[string]*partition
	kb    []byte
}

// NewOverer returns an Overer for q with no partitions.
func NewOverer(q *OverQuery) (*Overer, error) {
	for _, c := range q.Select {
		if c.Over == nil {
			if c.Expr == nil {
				return nil, fmt.Errorf("column %s: no expression", c.Name)
			}
			continue
		}
		if _, err := NewAccumulator(c.Over.Func); err != nil {
			return nil, err
		}
		if (c.Over.Arg == nil) != (c.Over.Func == CountStar) || c.Over.Rows <= 0 {
			return nil, fmt.Errorf("column %s: bad row window aggregate", c.Name)
		}
	}
	return &Overer{q: q, parts: map[string]*partition{}}, nil
}

// Partitions is the number of partitions seen.
func (o *Overer) Partitions() int { return len(o.parts) }

// Row computes the output row of one record into vals, adding its values
// to its partition's windows. An error fails the record (after its
// partition took its values).
func (o *Overer) Row(row Row, vals []any) error {
	o.kb = o.kb[:0]
	for _, k := range o.q.Partition {
		v, err := k.Expr.Eval(row)
		if err != nil {
			return err
		}
		if o.kb, err = appendKey(o.kb, v); err != nil {
			return err
		}
	}
	p := o.parts[string(o.kb)]
	if p == nil {
		p = &partition{rings: make([]ring, len(o.q.Select))}
		o.parts[string(o.kb)] = p
	}
	for i, c := range o.q.Select {
		if c.Over == nil {
			v, err := c.Expr.Eval(row)
			if err != nil {
				return err
			}
			vals[i] = v
			continue
		}
		var v any
		if c.Over.Arg != nil {
			var err error
			if v, err = c.Over.Arg.Eval(row); err != nil {
				return err
			}
		}
		r := &p.rings[i]
		r.push(c.Over.Rows, v)
		acc, _ := NewAccumulator(c.Over.Func) // checked by NewOverer
		for j := range r.vals {
			if err := acc.Add(r.vals[(r.start+j)%len(r.vals)]); err != nil {
				return err
			}
		}
		res, err := acc.Result()
		if err != nil {
			return err
		}
		vals[i] = res
	}
	return nil
}

// OverStats counts what a row-window run did.
type OverStats struct {
	Stats
	Partitions int
}

// RunOverCSV runs q over a CSV file with a header line, read as RunCSV
// reads it, and writes one CSV row per record through encoding/csv, after
// a header line of the select names. A record that does not decode or
// fails to evaluate is counted in Stats.Bad and skipped.
func RunOverCSV(r io.Reader, w io.Writer, q *OverQuery, schema []Column) (OverStats, error) {
	var st OverStats
	o, err := NewOverer(q)
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
	rec := make([]string, len(q.Select))
	for i, c := range q.Select {
		rec[i] = c.Name
	}
	if err := cw.Write(rec); err != nil {
		return st, err
	}
	row := make(Row, len(schema))
	vals := make([]any, len(q.Select))
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
		if err := o.Row(row, vals); err != nil {
			st.Bad++
			continue
		}
		for i, v := range vals {
			rec[i] = csvText(v)
		}
		if err := cw.Write(rec); err != nil {
			return st, err
		}
		st.Out++
	}
	st.Partitions = o.Partitions()
	cw.Flush()
	return st, cw.Error()
}
