package schema

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/velocsql/veloc/compiler/types"
)

// SampleRows is how many rows or objects inference reads (io.md).
const SampleRows = 1000

// CSVOptions says how to read a CSV sample.
type CSVOptions struct {
	Delimiter rune // 0 means ','
	Quote     rune // 0 means '"'; only '"' is supported by inference
	HasHeader bool
}

// InferCSV infers a schema from a CSV sample: the header (or column_0,
// column_1, ... without one) and the first SampleRows rows. Each column
// gets the narrowest of BOOLEAN, INTEGER, FLOAT, STRING that fits every
// sampled value; an empty cell makes it nullable; a column with no value
// at all is a nullable STRING. A quoted number counts as a number, and a
// column of 0s and 1s is INTEGER, not BOOLEAN (dialect.md, small rules).
func InferCSV(source, path string, r io.Reader, opts CSVOptions) (*Schema, error) {
	cr := csv.NewReader(r)
	if opts.Delimiter != 0 {
		cr.Comma = opts.Delimiter
	}
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	s := &Schema{Source: source, Origin: Origin{Kind: Inferred, Path: path}}
	var cols []*guess
	if opts.HasHeader {
		header, err := cr.Read()
		if err == io.EOF {
			return nil, fmt.Errorf("%s: the file is empty, so its columns cannot be inferred; declare them", path)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		for i, h := range header {
			h = strings.TrimSpace(h)
			if i == 0 {
				h = strings.TrimPrefix(h, "\uFEFF")
			}
			if h == "" {
				h = "column_" + strconv.Itoa(i)
			}
			cols = append(cols, &guess{name: h})
		}
	}
	for n := 0; n < SampleRows; n++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		for i, v := range rec {
			if i >= len(cols) {
				if opts.HasHeader {
					break // extra fields: the runtime reports the row
				}
				cols = append(cols, &guess{name: "column_" + strconv.Itoa(i), nullable: n > 0})
			}
			cols[i].observe(csvKind(v))
		}
		for i := len(rec); i < len(cols); i++ {
			cols[i].nullable = true
		}
	}
	for _, g := range cols {
		s.Columns = append(s.Columns, g.column())
	}
	return s, nil
}

// InferJSONL infers a schema from the first SampleRows objects of a JSON
// Lines file. Columns come in order of first appearance; a key absent
// from some object, or null, makes its column nullable; integers are
// INTEGER, other numbers FLOAT, objects and arrays STRING (their JSON
// text, for the JSON functions).
func InferJSONL(source, path string, r io.Reader) (*Schema, error) {
	s := &Schema{Source: source, Origin: Origin{Kind: Inferred, Path: path}}
	var cols []*guess
	index := map[string]int{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 64*1024*1024)
	line, objects := 0, 0
	for objects < SampleRows && sc.Scan() {
		line++
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		seen := make([]bool, len(cols))
		err := jsonMembers(text, func(key string, k valueKind) {
			i, ok := index[key]
			if !ok {
				i = len(cols)
				index[key] = i
				cols = append(cols, &guess{name: key, nullable: objects > 0})
				seen = append(seen, false)
			}
			seen[i] = true
			cols[i].observe(k)
		})
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		for i, ok := range seen {
			if !ok {
				cols[i].nullable = true
			}
		}
		objects++
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if objects == 0 {
		return nil, fmt.Errorf("%s: the file has no JSON objects, so its columns cannot be inferred; declare them", path)
	}
	for _, g := range cols {
		s.Columns = append(s.Columns, g.column())
	}
	return s, nil
}

// valueKind is what one sampled value looks like, narrowest first.
type valueKind uint8

const (
	kindNull valueKind = iota
	kindBool
	kindInt
	kindFloat
	kindString
)

// guess accumulates what a column's sampled values allow.
type guess struct {
	name     string
	nullable bool
	kinds    uint8 // bit set of the valueKinds seen (not null)
}

func (g *guess) observe(k valueKind) {
	if k == kindNull {
		g.nullable = true
		return
	}
	g.kinds |= 1 << k
}

// column picks the narrowest type that holds every value seen: BOOLEAN
// only when all values were booleans, INTEGER when all were integers,
// FLOAT when all were numbers, else STRING.
func (g *guess) column() Column {
	t := types.StringType
	switch g.kinds {
	case 1 << kindBool:
		t = types.BoolType
	case 1 << kindInt:
		t = types.IntType
	case 1 << kindFloat, 1<<kindInt | 1<<kindFloat:
		t = types.FloatType
	case 0:
		g.nullable = true
	}
	return Column{Name: g.name, Type: t, Nullable: g.nullable}
}

func csvKind(v string) valueKind {
	if v == "" {
		return kindNull
	}
	if strings.EqualFold(v, "true") || strings.EqualFold(v, "false") {
		return kindBool
	}
	if _, err := strconv.ParseInt(v, 10, 64); err == nil {
		return kindInt
	}
	if isDecimalText(v) {
		return kindFloat
	}
	return kindString
}

// isDecimalText reports whether v is a plain number such as -12.5, 3e8 or
// .5 — not NaN, Inf or hex, which strconv accepts but users mean as text.
func isDecimalText(v string) bool {
	if _, err := strconv.ParseFloat(v, 64); err != nil && !errors.Is(err, strconv.ErrRange) {
		return false
	}
	for _, c := range v {
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
			return false
		}
	}
	return true
}

// jsonMembers calls fn for each top-level member of the JSON object in
// text, with the kind of its value. Nested values are skipped.
func jsonMembers(text []byte, fn func(key string, k valueKind)) error {
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return errors.New("not a JSON object")
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fmt.Errorf("malformed JSON: %w", err)
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fmt.Errorf("malformed JSON value for %q: %w", key, err)
		}
		fn(key, jsonKind(raw))
	}
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("malformed JSON: %w", err)
	}
	if dec.More() {
		return errors.New("more than one JSON value on the line")
	}
	return nil
}

func jsonKind(raw json.RawMessage) valueKind {
	switch raw[0] {
	case 'n':
		return kindNull
	case 't', 'f':
		return kindBool
	case '"', '{', '[':
		return kindString
	}
	if bytes.ContainsAny(raw, ".eE") {
		return kindFloat
	}
	if _, err := strconv.ParseInt(string(raw), 10, 64); err != nil {
		return kindFloat // an integer too large for INTEGER
	}
	return kindInt
}
