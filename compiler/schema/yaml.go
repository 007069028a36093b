package schema

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/velocsql/veloc/compiler/types"
)

// LoadYAML reads a schema YAML (io.md):
//
//	fields:
//	  - name: symbol
//	    type: string
//	    nullable: false
//	  - name: price
//	    type: decimal
//	    precision: 12
//	    scale: 4
//	  - name: fee
//	    type: {decimal: {precision: 2}}   # 2 fractional digits: DECIMAL(18,2)
//
// A type is one of string, integer, float, boolean, timestamp, date and
// decimal, or any scalar spelling of types.md (BIGINT, VARCHAR(20),
// DOUBLE, DECIMAL(12,4), ...), case-insensitively. `type: decimal` needs
// precision (scale defaults to 0). In the nested form
// {decimal: {precision: N}}, N alone is the number of fractional digits,
// as in @data hints: DECIMAL(18, N); with scale as well, precision and
// scale mean what they do in the flat form. nullable defaults to true,
// as a declared column without NOT NULL. Field keys description and doc
// are documentation; any other unknown field key is an error, while
// top-level keys other than fields are ignored (a schema file may carry
// metadata for other tools). name is the file as the user named it, for
// errors and the Origin.
func LoadYAML(source, name string, data []byte) (*Schema, error) {
	fail := func(n *yaml.Node, field, format string, args ...any) error {
		e := &FileError{Path: name, Field: field, Msg: fmt.Sprintf(format, args...)}
		if n != nil {
			e.Line, e.Col = n.Line, n.Column
		}
		return e
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlSyntaxError(name, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, fail(nil, "", "the file is empty; want fields: [{name, type, nullable}, ...]")
	}
	top := deref(doc.Content[0])
	if top.Kind != yaml.MappingNode {
		return nil, fail(top, "", "want a mapping with fields: [{name, type, nullable}, ...]")
	}
	fields := mappingValue(top, "fields")
	if fields == nil {
		return nil, fail(top, "", "no fields: want fields: [{name, type, nullable}, ...]")
	}
	if fields.Kind != yaml.SequenceNode {
		return nil, fail(fields, "", "fields must be a list of {name, type, nullable}")
	}
	b := newBuilder(source, name)
	for _, f := range fields.Content {
		f = deref(f)
		if f.Kind != yaml.MappingNode {
			return nil, fail(f, "", "each field must be a mapping {name, type, nullable}")
		}
		var nameNode, typeNode, nullNode, precNode, scaleNode *yaml.Node
		for i := 0; i+1 < len(f.Content); i += 2 {
			k, v := f.Content[i], deref(f.Content[i+1])
			switch k.Value {
			case "name":
				nameNode = v
			case "type":
				typeNode = v
			case "nullable":
				nullNode = v
			case "precision":
				precNode = v
			case "scale":
				scaleNode = v
			case "description", "doc":
			default:
				return nil, fail(k, "", "unknown key %q in a field (want name, type, nullable, precision, scale)", k.Value)
			}
		}
		if nameNode == nil || nameNode.Kind != yaml.ScalarNode || nameNode.Tag == "!!null" || strings.TrimSpace(nameNode.Value) == "" {
			at := f
			if nameNode != nil {
				at = nameNode
			}
			return nil, fail(at, "", "a field needs a name")
		}
		col := nameNode.Value
		if typeNode == nil {
			return nil, fail(f, col, "no type")
		}
		t, err := yamlType(typeNode, precNode, scaleNode)
		if err != nil {
			at := typeNode
			if err.at != nil {
				at = err.at
			}
			return nil, fail(at, col, "%s", err.msg)
		}
		nullable := true
		if nullNode != nil {
			v, ok := yamlBool(nullNode)
			if !ok {
				return nil, fail(nullNode, col, "nullable must be true or false, not %q", nullNode.Value)
			}
			nullable = v
		}
		if !b.add(col, t, nullable) {
			return nil, fail(nameNode, col, "the name is given twice")
		}
	}
	if len(b.s.Columns) == 0 {
		return nil, fail(fields, "", "fields is empty")
	}
	return b.s, nil
}

// yamlTypes lists the type names io.md gives, for messages.
const yamlTypes = "string, integer, float, boolean, timestamp, date or decimal"

// typeError is an error in a field's type, at a node other than the
// type's own when at is set.
type typeError struct {
	at  *yaml.Node
	msg string
}

// yamlType reads a field's type: a name, or {decimal: {precision, scale}},
// with the flat precision and scale keys beside it.
func yamlType(t, prec, scale *yaml.Node) (types.Type, *typeError) {
	if t.Kind == yaml.MappingNode {
		if prec != nil || scale != nil {
			return types.Type{}, &typeError{msg: "give precision and scale inside {decimal: {...}} or beside type: decimal, not both"}
		}
		if len(t.Content) != 2 || !strings.EqualFold(t.Content[0].Value, "decimal") {
			return types.Type{}, &typeError{msg: "a type written as a mapping must be {decimal: {precision: N}}"}
		}
		d := deref(t.Content[1])
		if d.Kind != yaml.MappingNode {
			return types.Type{}, &typeError{at: d, msg: "want {decimal: {precision: N}} (N fractional digits)"}
		}
		var p, s *yaml.Node
		for i := 0; i+1 < len(d.Content); i += 2 {
			switch k := d.Content[i]; k.Value {
			case "precision":
				p = deref(d.Content[i+1])
			case "scale":
				s = deref(d.Content[i+1])
			default:
				return types.Type{}, &typeError{at: k, msg: fmt.Sprintf("unknown key %q in decimal (want precision, scale)", k.Value)}
			}
		}
		if p == nil {
			return types.Type{}, &typeError{msg: "decimal needs a precision: {decimal: {precision: N}} means N fractional digits"}
		}
		if s == nil {
			// N alone is the number of fractional digits (io.md), as in
			// @data hints: DECIMAL(18, N) stays on the 64-bit path.
			n, ok := yamlInt(p)
			if !ok || n < 0 || n > types.Int64Digits {
				return types.Type{}, &typeError{at: p, msg: fmt.Sprintf("decimal precision (fractional digits) must be an integer 0..%d, not %q", types.Int64Digits, p.Value)}
			}
			return types.DecimalOf(types.Int64Digits, n), nil
		}
		return decimalOf(p, s)
	}
	if t.Kind != yaml.ScalarNode || t.Tag == "!!null" || strings.TrimSpace(t.Value) == "" {
		return types.Type{}, &typeError{msg: "want a type: " + yamlTypes}
	}
	name, params, ok := splitTypeName(t.Value)
	if !ok {
		return types.Type{}, &typeError{msg: fmt.Sprintf("malformed type %q (want %s)", t.Value, yamlTypes)}
	}
	upper := strings.ToUpper(name)
	if upper == "DECIMAL" || upper == "NUMERIC" {
		switch {
		case len(params) == 1:
			return types.Type{}, &typeError{msg: fmt.Sprintf("%s is ambiguous: write decimal(precision, scale), or {decimal: {precision: N}} for N fractional digits", t.Value)}
		case len(params) == 2 && (prec != nil || scale != nil):
			return types.Type{}, &typeError{msg: "give precision and scale in the type or as keys, not both"}
		case len(params) == 0:
			if prec == nil {
				return types.Type{}, &typeError{msg: "decimal needs a precision (and a scale, which defaults to 0)"}
			}
			return decimalOf(prec, scale)
		}
	} else if prec != nil || scale != nil {
		at := prec
		if at == nil {
			at = scale
		}
		return types.Type{}, &typeError{at: at, msg: "precision and scale apply only to decimal"}
	}
	if upper == "INTERVAL" {
		return types.Type{}, &typeError{msg: "INTERVAL is not a column type (want " + yamlTypes + ")"}
	}
	typ, err := types.FromName(name, params)
	if err != nil {
		if strings.HasPrefix(err.Error(), "unknown type") {
			return types.Type{}, &typeError{msg: fmt.Sprintf("unknown type %q (want %s)", t.Value, yamlTypes)}
		}
		return types.Type{}, &typeError{msg: err.Error()}
	}
	return typ, nil
}

// decimalOf reads DECIMAL(precision, scale) from YAML nodes; a missing
// scale is 0.
func decimalOf(prec, scale *yaml.Node) (types.Type, *typeError) {
	p, ok := yamlInt(prec)
	if !ok || p < 1 || p > types.MaxPrecision {
		return types.Type{}, &typeError{at: prec, msg: fmt.Sprintf("decimal precision must be an integer 1..%d, not %q", types.MaxPrecision, prec.Value)}
	}
	s := 0
	if scale != nil {
		s, ok = yamlInt(scale)
		if !ok || s < 0 || s > p {
			return types.Type{}, &typeError{at: scale, msg: fmt.Sprintf("decimal scale must be an integer 0..%d (the precision), not %q", p, scale.Value)}
		}
	}
	return types.DecimalOf(p, s), nil
}

// typeNameRE matches a type name with optional parameters: DECIMAL(12, 4).
var typeNameRE = regexp.MustCompile(`^\s*([A-Za-z_][A-Za-z_0-9]*)\s*(?:\(\s*([0-9]+)\s*(?:,\s*([0-9]+)\s*)?\))?\s*$`)

// splitTypeName splits "DECIMAL(12,4)" into DECIMAL and [12 4].
func splitTypeName(s string) (string, []int64, bool) {
	m := typeNameRE.FindStringSubmatch(s)
	if m == nil {
		return "", nil, false
	}
	var params []int64
	for _, p := range m[2:] {
		if p == "" {
			break
		}
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return "", nil, false
		}
		params = append(params, n)
	}
	return m[1], params, true
}

// deref follows YAML aliases (*anchor).
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// mappingValue returns the value of key in a mapping node, or nil.
func mappingValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return deref(m.Content[i+1])
		}
	}
	return nil
}

// yamlInt reads a decimal integer, quoted or not.
func yamlInt(n *yaml.Node) (int, bool) {
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!str") {
		return 0, false
	}
	v, err := strconv.Atoi(strings.TrimSpace(n.Value))
	return v, err == nil
}

// yamlBool reads true or false, quoted or not, in any case (YAML 1.2:
// yes and no are not booleans).
func yamlBool(n *yaml.Node) (bool, bool) {
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!bool" && n.Tag != "!!str") {
		return false, false
	}
	switch strings.ToLower(n.Value) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// yamlLineRE finds the line in the YAML library's syntax errors
// ("yaml: line 3: did not find expected key").
var yamlLineRE = regexp.MustCompile(`^yaml: line ([0-9]+): (.*)$`)

// yamlSyntaxError turns the YAML library's error into a FileError.
func yamlSyntaxError(name string, err error) error {
	msg := strings.TrimSpace(err.Error())
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &FileError{Path: name, Line: line, Msg: "YAML syntax error: " + m[2]}
	}
	return &FileError{Path: name, Msg: "YAML syntax error: " + strings.TrimPrefix(msg, "yaml: ")}
}
