package compiler

import (
	"fmt"
	"go/constant"
	"strings"

	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/types"
)

// Function is one entry of the function registry: the single place that
// states a scalar function's name, aliases and typing rule. The checker
// uses it to type calls; codegen dispatches on Name (and a test checks
// that every registered function has an implementation there); `veloc
// explain` prints calls by Name.
type Function struct {
	Name    string
	Aliases []string
	MinArgs int
	MaxArgs int // -1: variadic
	// Sig types a call: given the checked arguments it returns the result
	// type and the types the arguments convert to (nil: keep as they are).
	Sig func(args []plan.Expr) (result types.Type, convert []types.Type, err error)
	// Null says when the result is NULL.
	Null nullRule
}

// nullRule says how a function's result nullability follows its arguments.
type nullRule int

const (
	nullIfAnyArg  nullRule = iota // NULL when any argument is NULL (the default, dialect.md)
	nullIfAllArgs                 // NULL only when every argument is NULL (COALESCE, LEAST, GREATEST)
	neverNull                     // never NULL (CONCAT: NULLs count as empty)
	alwaysNull                    // may be NULL whatever the arguments (NULLIF)
)

// registry maps upper-case names and aliases to functions.
var registry = map[string]*Function{}

// planned are spec functions not compiled yet: calling one is a clear
// "not supported yet" error, not an "unknown function".
var planned = map[string]string{}

func register(fs ...*Function) {
	for _, f := range fs {
		registry[f.Name] = f
		for _, a := range f.Aliases {
			registry[a] = f
		}
	}
}

// lookupFunction finds a scalar function by name, case-insensitively.
func lookupFunction(name string) (*Function, bool) {
	f, ok := registry[strings.ToUpper(name)]
	return f, ok
}

// functionNames lists every registered name and alias, for suggestions.
func functionNames() []string {
	names := make([]string, 0, len(registry)+len(planned))
	for n := range registry {
		names = append(names, n)
	}
	for n := range planned {
		names = append(names, n)
	}
	return names
}

// Signature helpers.

func argKinds(args []plan.Expr, want string, ok func(types.Type) bool) error {
	for i, a := range args {
		if a.Type().Kind == types.Null {
			continue
		}
		if !ok(a.Type()) {
			return fmt.Errorf("argument %d must be %s, not %s", i+1, want, a.Type())
		}
	}
	return nil
}

func isString(t types.Type) bool  { return t.Kind == types.String }
func isNumeric(t types.Type) bool { return t.IsNumeric() }
func isInt(t types.Type) bool     { return t.Kind == types.Int }
func isScalar(t types.Type) bool  { return t.Kind != types.Array && t.Kind != types.Map }

// fixed returns a Sig for a function whose arguments have fixed types.
func fixed(result types.Type, params ...types.Type) func([]plan.Expr) (types.Type, []types.Type, error) {
	return func(args []plan.Expr) (types.Type, []types.Type, error) {
		conv := make([]types.Type, len(args))
		for i, a := range args {
			p := params[min(i, len(params)-1)]
			if a.Type().Kind != types.Null && a.Type() != p && !(p.Kind == types.Float && a.Type().IsNumeric()) {
				return types.Type{}, nil, fmt.Errorf("argument %d must be %s, not %s", i+1, p, a.Type())
			}
			conv[i] = p
		}
		return result, conv, nil
	}
}

// sameNumeric types a function whose result has its first argument's
// numeric type (ABS).
func sameNumeric(args []plan.Expr) (types.Type, []types.Type, error) {
	if err := argKinds(args, "a number", isNumeric); err != nil {
		return types.Type{}, nil, err
	}
	return args[0].Type(), nil, nil
}

// common types a function whose arguments and result share one type
// (COALESCE, LEAST, GREATEST, IFNULL).
func common(args []plan.Expr) (types.Type, []types.Type, error) {
	t := types.NullType
	for i, a := range args {
		c, ok := types.Common(t, a.Type())
		if !ok {
			return types.Type{}, nil, fmt.Errorf("argument %d is %s, which does not mix with %s; use CAST", i+1, a.Type(), t)
		}
		t = c
	}
	conv := make([]types.Type, len(args))
	for i := range conv {
		conv[i] = t
	}
	return t, conv, nil
}

// rounding types ROUND, CEIL, FLOOR, TRUNC: FLOAT stays FLOAT, INTEGER stays
// INTEGER, DECIMAL(p,s) stays exact with scale max(0, min(s, d)) where d is
// the constant digits argument (0 for CEIL and FLOOR) — dialect.md.
func rounding(withDigits bool) func([]plan.Expr) (types.Type, []types.Type, error) {
	return func(args []plan.Expr) (types.Type, []types.Type, error) {
		if err := argKinds(args[:1], "a number", isNumeric); err != nil {
			return types.Type{}, nil, err
		}
		t := args[0].Type()
		d := int64(0)
		if len(args) == 2 {
			if !withDigits {
				return types.Type{}, nil, fmt.Errorf("takes one argument")
			}
			lit, ok := args[1].(*plan.Literal)
			if !ok || lit.T.Kind != types.Int || lit.Val == nil {
				return types.Type{}, nil, fmt.Errorf("the digits argument must be an integer constant")
			}
			d, _ = constant.Int64Val(lit.Val)
		}
		if t.Kind != types.Decimal {
			return t, nil, nil
		}
		s := max(0, min(int64(t.Scale), d))
		return types.DecimalOf(int(t.Precision)-int(t.Scale)+int(s)+1, int(s)), nil, nil
	}
}

func init() {
	str, in := types.StringType, types.IntType
	register(
		// Strings (characters, not bytes).
		&Function{Name: "LENGTH", Aliases: []string{"LEN"}, MinArgs: 1, MaxArgs: 1, Sig: fixed(in, str)},
		&Function{Name: "UPPER", MinArgs: 1, MaxArgs: 1, Sig: fixed(str, str)},
		&Function{Name: "LOWER", MinArgs: 1, MaxArgs: 1, Sig: fixed(str, str)},
		// TRIM(s) strips Unicode whitespace; TRIM(s, chars) — the parser's
		// TRIM(BOTH chars FROM s) — strips every character of chars.
		&Function{Name: "TRIM", MinArgs: 1, MaxArgs: 2, Sig: fixed(str, str)},
		&Function{Name: "LTRIM", MinArgs: 1, MaxArgs: 2, Sig: fixed(str, str)},
		&Function{Name: "RTRIM", MinArgs: 1, MaxArgs: 2, Sig: fixed(str, str)},
		&Function{Name: "SUBSTRING", Aliases: []string{"SUBSTR"}, MinArgs: 2, MaxArgs: 3, Sig: fixed(str, str, in)},
		&Function{Name: "REPLACE", MinArgs: 3, MaxArgs: 3, Sig: fixed(str, str)},
		&Function{Name: "CONCAT", MinArgs: 1, MaxArgs: -1, Null: neverNull, Sig: func(args []plan.Expr) (types.Type, []types.Type, error) {
			return str, nil, argKinds(args, "a scalar", isScalar)
		}},
		// Math.
		&Function{Name: "ABS", MinArgs: 1, MaxArgs: 1, Sig: sameNumeric},
		&Function{Name: "ROUND", MinArgs: 1, MaxArgs: 2, Sig: rounding(true)},
		&Function{Name: "CEIL", Aliases: []string{"CEILING"}, MinArgs: 1, MaxArgs: 1, Sig: rounding(false)},
		&Function{Name: "FLOOR", MinArgs: 1, MaxArgs: 1, Sig: rounding(false)},
		&Function{Name: "SQRT", MinArgs: 1, MaxArgs: 1, Sig: fixed(types.FloatType, types.FloatType)},
		&Function{Name: "POWER", Aliases: []string{"POW"}, MinArgs: 2, MaxArgs: 2, Sig: fixed(types.FloatType, types.FloatType)},
		&Function{Name: "MOD", MinArgs: 2, MaxArgs: 2, Sig: func(args []plan.Expr) (types.Type, []types.Type, error) {
			if err := argKinds(args, "a number", isNumeric); err != nil {
				return types.Type{}, nil, err
			}
			t, err := types.Arith('%', args[0].Type(), args[1].Type())
			return t, nil, err
		}},
		&Function{Name: "LEAST", MinArgs: 1, MaxArgs: -1, Null: nullIfAllArgs, Sig: common},
		&Function{Name: "GREATEST", MinArgs: 1, MaxArgs: -1, Null: nullIfAllArgs, Sig: common},
		// Conditional.
		&Function{Name: "COALESCE", MinArgs: 1, MaxArgs: -1, Null: nullIfAllArgs, Sig: common},
		&Function{Name: "IFNULL", MinArgs: 2, MaxArgs: 2, Null: nullIfAllArgs, Sig: common},
		&Function{Name: "NULLIF", MinArgs: 2, MaxArgs: 2, Null: alwaysNull, Sig: func(args []plan.Expr) (types.Type, []types.Type, error) {
			t, _, err := common(args)
			if err != nil {
				return types.Type{}, nil, err
			}
			return args[0].Type(), []types.Type{args[0].Type(), t}, nil
		}},
	)
	// The rest of dialect.md's scalar functions arrive with the function
	// library (issue 4); until then they are known names with a clear error.
	for _, n := range []string{"EXP", "LN", "LOG10", "LOG", "SIGN", "TRUNC", "POSITION", "SPLIT", "SPLIT_PART", "JOIN",
		"REGEXP", "REGEXP_REPLACE", "REGEXP_EXTRACT", "LPAD", "RPAD", "REVERSE", "INITCAP", "LEFT", "RIGHT",
		"NOW", "CURRENT_TIMESTAMP", "CURRENT_DATE", "DATE_FORMAT", "DATEDIFF", "DATE_TRUNC", "TIMESTAMP",
		"FROM_UNIXTIME", "UNIX_TIMESTAMP", "TUMBLE_START", "TUMBLE_END", "JSON_VALUE", "JSON_EXTRACT", "JSON_QUERY",
		"JSON_EXISTS", "ARRAY", "ARRAY_LENGTH", "ARRAY_CONTAINS", "MAP", "MAP_KEYS", "MAP_VALUES",
		"HEADER", "HAS_HEADER", "HEADER_KEYS", "SET_HEADER", "REMOVE_HEADER"} {
		planned[n] = "the function library"
	}
}
