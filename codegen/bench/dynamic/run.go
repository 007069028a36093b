package dynamic

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"unicode/utf8"
)

// Stats counts what a run did.
type Stats struct {
	In  int // records read (CSV: not counting the header)
	Out int // rows written
	Bad int // records skipped because they failed to decode or evaluate
}

const bufSize = 64 << 10

// RunJSONL runs q over JSON Lines: one object a line, each decoded with
// encoding/json into a map[string]any, and writes each result row as a
// JSON object with its keys in select order. Blank lines are skipped; a
// line that is not a JSON object, or that fails to evaluate, is counted in
// Stats.Bad and skipped.
//
// Numbers decode as float64, encoding/json's default, not json.Number
// (Decoder.UseNumber): a json.Number is a string that the tree walk would
// have to parse again at every use, so UseNumber would only make the
// baseline slower. The price is that a JSON integer is a FLOAT here (exact
// below 2^53), which changes nothing for comparisons, + - * and output of
// the benchmark queries; INTEGER-only semantics (truncating division,
// overflow) apply to CSV INTEGER columns and integer literals.
//
// Each line is decoded with json.Unmarshal into one map that is cleared
// and reused, rather than by one json.Decoder over the whole stream, so
// that a bad line is one bad record, as in the generated programs.
func RunJSONL(r io.Reader, w io.Writer, q *Query) (Stats, error) {
	var st Stats
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, bufSize), 64<<20)
	bw := bufio.NewWriterSize(w, bufSize)
	keys := make([][]byte, len(q.Select))
	for i, n := range q.Select {
		keys[i] = appendJSONString(nil, n.Name)
	}
	row := make(Row, 16)
	vals := make([]any, len(q.Select))
	var out []byte
	for sc.Scan() {
		line := sc.Bytes()
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		st.In++
		clear(row)
		if err := json.Unmarshal(line, &row); err != nil || row == nil {
			if row == nil { // the line was null: not an object
				row = make(Row, 16)
			}
			st.Bad++
			continue
		}
		ok, err := eval(q, row, vals)
		if err != nil {
			st.Bad++
			continue
		}
		if !ok {
			continue
		}
		out = append(out[:0], '{')
		for i, v := range vals {
			if i > 0 {
				out = append(out, ',')
			}
			out = append(out, keys[i]...)
			out = append(out, ':')
			if out, err = appendJSON(out, v); err != nil {
				return st, err
			}
		}
		out = append(out, '}', '\n')
		if _, err := bw.Write(out); err != nil {
			return st, err
		}
		st.Out++
	}
	if err := sc.Err(); err != nil {
		return st, err
	}
	return st, bw.Flush()
}

// eval applies q to one row: ok reports whether the row passes Where, and
// vals receives the output columns when it does.
func eval(q *Query, row Row, vals []any) (ok bool, err error) {
	if q.Where != nil {
		c, err := q.Where.Eval(row)
		if err != nil {
			return false, err
		}
		b, _ := c.(bool) // NULL (nil) is not TRUE
		if !b {
			if _, _, isBool := truth(c); !isBool {
				return false, fmt.Errorf("WHERE of %T", c)
			}
			return false, nil
		}
	}
	for i, n := range q.Select {
		if vals[i], err = n.Expr.Eval(row); err != nil {
			return false, err
		}
	}
	return true, nil
}

// appendJSON writes a value as JSON. Floats use the shortest text that
// reads back to the same float64 (strconv 'g'), NaN and infinities as
// strings, as veloc's sinks do.
func appendJSON(dst []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(dst, "null"...), nil
	case bool:
		return strconv.AppendBool(dst, v), nil
	case int64:
		return strconv.AppendInt(dst, v, 10), nil
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			dst = append(dst, '"')
			dst = appendFloat(dst, v)
			return append(dst, '"'), nil
		}
		return appendFloat(dst, v), nil
	case string:
		return appendJSONString(dst, v), nil
	}
	b, err := json.Marshal(v)
	return append(dst, b...), err
}

func appendFloat(dst []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "NaN"...)
	case math.IsInf(f, 1):
		return append(dst, "Infinity"...)
	case math.IsInf(f, -1):
		return append(dst, "-Infinity"...)
	}
	return strconv.AppendFloat(dst, f, 'g', -1, 64)
}

// appendJSONString quotes s as a JSON string: quotes, backslashes and
// control characters escaped, other text (UTF-8) as it is, invalid UTF-8
// as U+FFFD.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, fmt.Sprintf(`\u%04x`, c)...)
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// Type is a column type of a CSV schema.
type Type int

// The column types.
const (
	String Type = iota
	Integer
	Float
	Boolean
)

// Column is one column of a CSV schema.
type Column struct {
	Name string
	Type Type
}

// RunCSV runs q over a CSV file with a header line: the header binds each
// schema column to a field by name (case-insensitive; every schema column
// must be present), and each record becomes a Row with every schema column
// converted to its type (an empty cell is NULL). It writes CSV with a
// header line of the select names, through encoding/csv. A record with the
// wrong number of fields, a cell that does not parse as its type, or a
// failed evaluation is counted in Stats.Bad and skipped.
func RunCSV(r io.Reader, w io.Writer, q *Query, schema []Column) (Stats, error) {
	var st Stats
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
	for i, n := range q.Select {
		rec[i] = n.Name
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
		ok, err := eval(q, row, vals)
		if err != nil {
			st.Bad++
			continue
		}
		if !ok {
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
	cw.Flush()
	if err := cw.Error(); err != nil {
		return st, err
	}
	return st, nil
}

// convertRow fills row with the schema's columns of one CSV record.
func convertRow(row Row, fields []string, schema []Column, idx []int) error {
	for i, c := range schema {
		cell := fields[idx[i]]
		if cell == "" {
			row[c.Name] = nil
			continue
		}
		var v any
		var err error
		switch c.Type {
		case String:
			v = cell
		case Integer:
			v, err = strconv.ParseInt(cell, 10, 64)
		case Float:
			v, err = strconv.ParseFloat(cell, 64)
		case Boolean:
			v, err = strconv.ParseBool(cell)
		default:
			err = fmt.Errorf("column %s: unknown type %d", c.Name, c.Type)
		}
		if err != nil {
			return err
		}
		row[c.Name] = v
	}
	return nil
}

// csvText is a value as a CSV cell: NULL is empty, floats as in appendJSON.
func csvText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return string(appendFloat(nil, v))
	}
	return fmt.Sprint(v)
}
