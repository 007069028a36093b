package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/velocsql/veloc/compiler/types"
)

// LoadAvro reads the columns of an Avro record schema (.avsc): one column
// per field of the top-level record, in order.
//
//   - boolean → BOOLEAN; int, long → INTEGER; float, double → FLOAT;
//     string → STRING.
//   - Logical types: decimal (on bytes or fixed) → DECIMAL(precision,
//     scale), precision required, scale defaulting to 0;
//     timestamp-millis/-micros/-nanos and local-timestamp-* → TIMESTAMP;
//     date → DATE. Other logical types (time-millis, uuid, ...) are their
//     underlying type, as the Avro specification says of logical types a
//     reader does not know.
//   - A union with "null" and one other type is that type, nullable; a
//     field of any other type is NOT NULL. A union of two or more non-null
//     types is an error (declare the column in SQL instead).
//   - bytes and fixed without the decimal logical type, enums, and the
//     nested types (records, arrays, maps) are STRING: the text of the
//     value as the file holds it (a nested JSON value's JSON text), as
//     inference types nested JSON values.
//
// Named types (records, enums, fixed) may be referred to by name or full
// name anywhere in the file. name is the file as the user named it, for
// errors and the Origin.
func LoadAvro(source, name string, data []byte) (*Schema, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		return nil, jsonError(name, data, err)
	}
	end := int(dec.InputOffset())
	if _, err := dec.Token(); err != io.EOF {
		for end < len(data) && strings.IndexByte(" \t\r\n", data[end]) >= 0 {
			end++
		}
		line, col := lineCol(data, end)
		return nil, &FileError{Path: name, Line: line, Col: col, Msg: "JSON syntax error: text after the schema"}
	}
	a := &avro{file: name, named: map[string]map[string]any{}}
	a.register(root, "")
	rec, ok := root.(map[string]any)
	if !ok || (rec["type"] != "record" && rec["type"] != "error") {
		return nil, &FileError{Path: name, Msg: "the schema must be an Avro record ({\"type\": \"record\", \"fields\": [...]}), not " + describeAvro(root)}
	}
	ns := namespaceOf(rec, "")
	fields, ok := rec["fields"].([]any)
	if !ok {
		return nil, &FileError{Path: name, Msg: "the record has no fields list"}
	}
	b := newBuilder(source, name)
	for i, f := range fields {
		fm, ok := f.(map[string]any)
		if !ok {
			return nil, &FileError{Path: name, Msg: fmt.Sprintf("field %d is not an object with name and type", i+1)}
		}
		col, _ := fm["name"].(string)
		if col == "" {
			return nil, &FileError{Path: name, Msg: fmt.Sprintf("field %d has no name", i+1)}
		}
		t, present := fm["type"]
		if !present {
			return nil, &FileError{Path: name, Field: col, Msg: "no type"}
		}
		typ, nullable, err := a.column(t, ns)
		if err != nil {
			return nil, &FileError{Path: name, Field: col, Msg: err.Error()}
		}
		b.s.Avro = append(b.s.Avro, a.encoding(t, ns))
		if !b.add(col, typ, nullable) {
			return nil, &FileError{Path: name, Field: col, Msg: "the name is given twice"}
		}
	}
	if len(b.s.Columns) == 0 {
		return nil, &FileError{Path: name, Msg: "the record has no fields"}
	}
	return b.s, nil
}

// avro holds the named types of one schema file.
type avro struct {
	file  string
	named map[string]map[string]any // full name and short name → definition
}

// register records every named type (record, enum, fixed) in the tree,
// by full name and by short name, so that references work whatever the
// order of definitions.
func (a *avro) register(t any, ns string) {
	switch t := t.(type) {
	case []any:
		for _, u := range t {
			a.register(u, ns)
		}
	case map[string]any:
		kind, _ := t["type"].(string)
		switch kind {
		case "record", "error", "enum", "fixed":
			if n, ok := t["name"].(string); ok && n != "" {
				full := fullName(n, namespaceOf(t, ns))
				a.named[full] = t
				short := full[strings.LastIndexByte(full, '.')+1:]
				if _, taken := a.named[short]; !taken {
					a.named[short] = t
				}
			}
		}
		ns = namespaceOf(t, ns)
		if fields, ok := t["fields"].([]any); ok {
			for _, f := range fields {
				if fm, ok := f.(map[string]any); ok {
					a.register(fm["type"], ns)
				}
			}
		}
		for _, k := range []string{"items", "values"} {
			if v, ok := t[k]; ok {
				a.register(v, ns)
			}
		}
		if inner, ok := t["type"]; ok {
			if _, isString := inner.(string); !isString {
				a.register(inner, ns)
			}
		}
	}
}

// column maps a field's type to a column type and nullability.
func (a *avro) column(t any, ns string) (types.Type, bool, error) {
	u, ok := t.([]any)
	if !ok {
		typ, err := a.typeOf(t, ns, 0)
		return typ, false, err
	}
	var others []any
	nullable := false
	for _, m := range u {
		if m == "null" {
			nullable = true
			continue
		}
		others = append(others, m)
	}
	switch len(others) {
	case 0:
		return types.Type{}, false, errors.New("a field that is always null has no type")
	case 1:
		typ, err := a.typeOf(others[0], ns, 0)
		return typ, nullable, err
	}
	names := make([]string, len(others))
	for i, o := range others {
		names[i] = describeAvro(o)
	}
	return types.Type{}, false, fmt.Errorf("a union of %s is not supported (only a type and null); declare the source's columns in SQL instead", strings.Join(names, ", "))
}

// typeOf maps one (non-union) Avro type.
func (a *avro) typeOf(t any, ns string, depth int) (types.Type, error) {
	if depth > 20 {
		return types.Type{}, errors.New("type references nest too deeply")
	}
	switch t := t.(type) {
	case string:
		switch t {
		case "boolean":
			return types.BoolType, nil
		case "int", "long":
			return types.IntType, nil
		case "float", "double":
			return types.FloatType, nil
		case "string", "bytes":
			return types.StringType, nil
		case "null":
			return types.Type{}, errors.New("a field that is always null has no type")
		case "record", "error", "enum", "fixed", "array", "map":
			return types.Type{}, fmt.Errorf("%q needs the object form {\"type\": %q, ...}", t, t)
		}
		def := a.named[fullName(t, ns)]
		if def == nil {
			def = a.named[t]
		}
		if def == nil {
			return types.Type{}, fmt.Errorf("unknown type %q", t)
		}
		return a.typeOf(def, namespaceOf(def, ns), depth+1)
	case []any:
		return types.Type{}, errors.New("a union inside a union is not valid Avro")
	case map[string]any:
		if lt, ok := t["logicalType"].(string); ok {
			if typ, ok, err := logicalType(lt, t); ok || err != nil {
				return typ, err
			}
		}
		switch kind := t["type"].(type) {
		case string:
			switch kind {
			case "record", "error", "enum", "array", "map", "fixed":
				return types.StringType, nil
			}
			return a.typeOf(kind, namespaceOf(t, ns), depth+1)
		case nil:
			return types.Type{}, errors.New("a type object needs \"type\"")
		default:
			return a.typeOf(kind, namespaceOf(t, ns), depth+1)
		}
	}
	return types.Type{}, fmt.Errorf("malformed type %s", describeAvro(t))
}

// logicalType maps the logical types veloc types specially. It reports
// false for the others, which are their underlying type.
func logicalType(lt string, t map[string]any) (types.Type, bool, error) {
	base, _ := t["type"].(string)
	switch lt {
	case "decimal":
		if base != "bytes" && base != "fixed" {
			return types.Type{}, false, nil
		}
		p, ok := jsonInt(t["precision"])
		if !ok || p < 1 || p > types.MaxPrecision {
			if _, given := t["precision"]; !given {
				return types.Type{}, true, errors.New("decimal needs a precision")
			}
			return types.Type{}, true, fmt.Errorf("decimal precision must be an integer 1..%d, not %v", types.MaxPrecision, t["precision"])
		}
		s := 0
		if v, given := t["scale"]; given {
			s, ok = jsonInt(v)
			if !ok || s < 0 || s > p {
				return types.Type{}, true, fmt.Errorf("decimal scale must be an integer 0..%d (the precision), not %v", p, v)
			}
		}
		return types.DecimalOf(p, s), true, nil
	case "timestamp-millis", "timestamp-micros", "timestamp-nanos", "local-timestamp-millis", "local-timestamp-micros", "local-timestamp-nanos":
		if base == "long" {
			return types.TimestampType, true, nil
		}
	case "date":
		if base == "int" {
			return types.DateType, true, nil
		}
	}
	return types.Type{}, false, nil
}

// describeAvro names an Avro type for messages.
func describeAvro(t any) string {
	switch t := t.(type) {
	case string:
		return t
	case map[string]any:
		if k, ok := t["type"].(string); ok {
			if n, ok := t["name"].(string); ok {
				return k + " " + n
			}
			return k
		}
		return "an object"
	case []any:
		return "a union"
	}
	return fmt.Sprintf("%v", t)
}

func namespaceOf(t any, outer string) string {
	if m, ok := t.(map[string]any); ok {
		if n, ok := m["name"].(string); ok && strings.Contains(n, ".") {
			return n[:strings.LastIndexByte(n, '.')]
		}
		if ns, ok := m["namespace"].(string); ok {
			return ns
		}
	}
	return outer
}

func fullName(name, ns string) string {
	if strings.Contains(name, ".") || ns == "" {
		return name
	}
	return ns + "." + name
}

func jsonInt(v any) (int, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	i, err := n.Int64()
	if err != nil || i < -1<<31 || i > 1<<31 {
		return 0, false
	}
	return int(i), true
}

// jsonError turns a JSON decoding error into a FileError with the line
// and column of its offset.
func jsonError(name string, data []byte, err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		line, col := lineCol(data, int(syn.Offset))
		return &FileError{Path: name, Line: line, Col: col, Msg: "JSON syntax error: " + syn.Error()}
	}
	if err == io.EOF {
		return &FileError{Path: name, Msg: "the file is empty; want an Avro record schema"}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return &FileError{Path: name, Msg: "JSON syntax error: unexpected end of file"}
	}
	return &FileError{Path: name, Msg: "JSON syntax error: " + err.Error()}
}

// lineCol returns the 1-based line and column of a byte offset.
func lineCol(data []byte, off int) (int, int) {
	off = min(max(off, 0), len(data))
	before := data[:off]
	line := bytes.Count(before, []byte{'\n'}) + 1
	col := off - bytes.LastIndexByte(before, '\n')
	return line, col
}

// encoding describes how a field of type t (already checked by column)
// is written in Avro binary.
func (a *avro) encoding(t any, ns string) AvroField {
	f := AvroField{NullBranch: -1}
	if u, ok := t.([]any); ok {
		for i, m := range u {
			if m == "null" {
				f.NullBranch = i
			} else {
				t = m
			}
		}
	}
	for depth := 0; depth < 20; depth++ {
		switch x := t.(type) {
		case string:
			switch x {
			case "boolean", "int", "long", "float", "double", "string", "bytes":
				f.Kind = x
				return f
			}
			def := a.named[fullName(x, ns)]
			if def == nil {
				def = a.named[x]
			}
			if def == nil {
				return f
			}
			t, ns = def, namespaceOf(def, ns)
		case map[string]any:
			if lt, ok := x["logicalType"].(string); ok {
				if _, known, err := logicalType(lt, x); known && err == nil {
					f.Logical = lt
				}
			}
			kind, _ := x["type"].(string)
			switch kind {
			case "fixed":
				n, _ := jsonInt(x["size"])
				f.Kind, f.Size = kind, n
				return f
			case "enum":
				f.Kind = kind
				if syms, ok := x["symbols"].([]any); ok {
					for _, s := range syms {
						name, _ := s.(string)
						f.Symbols = append(f.Symbols, name)
					}
				}
				return f
			case "record", "error", "array", "map":
				f.Kind = kind
				return f
			}
			t, ns = x["type"], namespaceOf(x, ns)
		default:
			return f
		}
	}
	return f
}
