package schema

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/velocsql/veloc/compiler/types"
	"github.com/velocsql/veloc/parser/ast"
)

// FromHints returns the schemas that `-- @data.source: name` blocks of
// `-- @data.<column>.type: <type>` annotations describe, keyed by source
// name (dialect.md, "Schema hints"). Other @data.* keys (generator
// settings in Velostream files) are ignored. Hinted columns are nullable.
func FromHints(anns []*ast.Annotation) (map[string]*Schema, []error) {
	out := map[string]*Schema{}
	var cur *Schema
	var errs []error
	for _, a := range anns {
		if !strings.HasPrefix(a.Key, "data.") {
			continue
		}
		if a.Key == "data.source" {
			name := strings.TrimSpace(a.Value)
			if name == "" {
				errs = append(errs, &PosError{a.ValuePos, "@data.source needs a source name"})
				cur = nil
				continue
			}
			cur = out[name]
			if cur == nil {
				cur = &Schema{Source: name, Origin: Origin{Kind: Hints, Pos: a.Pos}}
				out[name] = cur
			}
			continue
		}
		col, ok := strings.CutSuffix(strings.TrimPrefix(a.Key, "data."), ".type")
		if !ok || strings.Contains(col, ".") {
			continue // a generator setting, not a type hint
		}
		if cur == nil {
			errs = append(errs, &PosError{a.Pos, "@data." + col + ".type comes before any @data.source"})
			continue
		}
		t, err := hintType(a.Value)
		if err != nil {
			errs = append(errs, &PosError{a.ValuePos, "@data." + col + ".type: " + err.Error()})
			continue
		}
		if i, dup := cur.Lookup(col, false); dup {
			cur.Columns[i].Type = t
			continue
		}
		cur.Columns = append(cur.Columns, Column{Name: col, Type: t, Nullable: true, Pos: a.Pos})
	}
	return out, errs
}

// hintType parses integer | float | string | boolean | timestamp |
// decimal(<fraction digits>) (dialect.md). decimal(n) means n fractional
// digits, so it becomes DECIMAL(18, n): the widest that stays on the fast
// 64-bit path.
func hintType(v string) (types.Type, error) {
	s := strings.ToLower(strings.TrimSpace(v))
	switch s {
	case "integer", "int", "bigint":
		return types.IntType, nil
	case "float", "double":
		return types.FloatType, nil
	case "string", "text":
		return types.StringType, nil
	case "boolean", "bool":
		return types.BoolType, nil
	case "timestamp":
		return types.TimestampType, nil
	case "date":
		return types.DateType, nil
	}
	if inner, ok := strings.CutPrefix(s, "decimal("); ok {
		if digits, ok := strings.CutSuffix(inner, ")"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(digits))
			if err == nil && n >= 0 && n <= types.Int64Digits {
				return types.DecimalOf(types.Int64Digits, n), nil
			}
		}
	}
	return types.Type{}, fmt.Errorf("unknown type %q (want integer, float, string, boolean, timestamp or decimal(<fraction digits>))", v)
}
