package compiler

import (
	"fmt"
	"go/constant"
	"sort"
	"strings"

	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/types"
	"github.com/velocsql/veloc/parser/ast"
)

// Function is one entry of the function registry: the single place that
// states a scalar function's name, aliases, typing rule and, for most
// functions, how generated code computes it. The checker uses it to type
// calls; codegen calls Go when it is set and has a generator of its own
// otherwise (TestEveryFunctionHasCode checks that one of the two exists);
// `veloc explain` prints calls by Name.
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
	// Go is the Go function generated code calls with the converted,
	// non-NULL arguments in order, as "sqlfn.Name" (runtime/sqlfn),
	// "math.Name" or "strings.Name"; empty when codegen generates the call
	// itself. Returns says what it returns.
	Go      string
	Returns Returns
	// Unit says the first argument is a time unit, written as a string
	// ('hour') or as a bare keyword (hour), as DATEDIFF and DATE_TRUNC take.
	Unit bool
}

// Returns says what a function's Go implementation returns.
type Returns int

const (
	// Value: just the value.
	Value Returns = iota
	// ValueOK: the value and false when the result is NULL (a JSON path
	// that is absent, a regular expression that does not match).
	ValueOK
	// ValueErr: the value and an error that makes the record an error
	// record (a pattern only known at run time that does not compile).
	ValueErr
)

// LookupFunction finds a scalar function by name or alias,
// case-insensitively.
func LookupFunction(name string) (*Function, bool) {
	f, ok := registry[strings.ToUpper(name)]
	return f, ok
}

// Functions returns every registered function once, in name order.
func Functions() []*Function {
	seen := map[*Function]bool{}
	var out []*Function
	for _, f := range registry {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// nullRule says how a function's result nullability follows its arguments.
type nullRule int

const (
	nullIfAnyArg  nullRule = iota // NULL when any argument is NULL (the default, dialect.md)
	nullIfAllArgs                 // NULL only when every argument is NULL (COALESCE, LEAST, GREATEST)
	neverNull                     // never NULL (CONCAT: NULLs count as empty)
	alwaysNull                    // may be NULL whatever the arguments (NULLIF)
	sepNull                       // NULL only when the first argument is (JOIN's separator)
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

// scalarCommon is common for functions that compare their arguments
// (LEAST, GREATEST, NULLIF): arrays and maps have no order or equality.
func scalarCommon(args []plan.Expr) (types.Type, []types.Type, error) {
	if err := argKinds(args, "a scalar", isScalar); err != nil {
		return types.Type{}, nil, err
	}
	return common(args)
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
			v, ok := constInt(args[1])
			if !ok {
				return types.Type{}, nil, fmt.Errorf("the digits argument must be an integer constant")
			}
			d = v
		}
		if t.Kind != types.Decimal {
			return t, nil, nil
		}
		s := max(0, min(int64(t.Scale), d))
		return types.DecimalOf(int(t.Precision)-int(t.Scale)+int(s)+1, int(s)), nil, nil
	}
}

// constInt returns the value of an integer constant argument: a literal,
// or a negated one (the optimiser folds -2 later; typing needs it now).
func constInt(e plan.Expr) (int64, bool) {
	neg := false
	if u, ok := e.(*plan.Unary); ok && u.Op == ast.OpNeg {
		e, neg = u.X, true
	}
	lit, ok := e.(*plan.Literal)
	if !ok || lit.T.Kind != types.Int || lit.Val == nil {
		return 0, false
	}
	v, ok := constant.Int64Val(lit.Val)
	if neg {
		v = -v
	}
	return v, ok
}

// sign types SIGN: INTEGER for INTEGER and DECIMAL, FLOAT for FLOAT.
func sign(args []plan.Expr) (types.Type, []types.Type, error) {
	if err := argKinds(args, "a number", isNumeric); err != nil {
		return types.Type{}, nil, err
	}
	if args[0].Type().Kind == types.Float {
		return types.FloatType, nil, nil
	}
	return types.IntType, nil, nil
}

func init() {
	str, in, fl := types.StringType, types.IntType, types.FloatType
	register(
		// Strings (characters, not bytes).
		&Function{Name: "LENGTH", Aliases: []string{"LEN"}, MinArgs: 1, MaxArgs: 1, Sig: fixed(in, str), Go: "sqlfn.Length"},
		// UPPER and LOWER write into a scratch buffer of the job (codegen).
		&Function{Name: "UPPER", MinArgs: 1, MaxArgs: 1, Sig: fixed(str, str)},
		&Function{Name: "LOWER", MinArgs: 1, MaxArgs: 1, Sig: fixed(str, str)},
		// TRIM(s) strips Unicode whitespace; TRIM(s, chars) — the parser's
		// TRIM(BOTH chars FROM s) — strips every character of chars.
		&Function{Name: "TRIM", MinArgs: 1, MaxArgs: 2, Sig: fixed(str, str)},
		&Function{Name: "LTRIM", MinArgs: 1, MaxArgs: 2, Sig: fixed(str, str)},
		&Function{Name: "RTRIM", MinArgs: 1, MaxArgs: 2, Sig: fixed(str, str)},
		&Function{Name: "SUBSTRING", Aliases: []string{"SUBSTR"}, MinArgs: 2, MaxArgs: 3, Sig: fixed(str, str, in)},
		&Function{Name: "REPLACE", MinArgs: 3, MaxArgs: 3, Sig: fixed(str, str), Go: "sqlfn.Replace"},
		// CONCAT writes an array or a map as its JSON text, as CAST does.
		&Function{Name: "CONCAT", MinArgs: 1, MaxArgs: -1, Null: neverNull, Sig: func(args []plan.Expr) (types.Type, []types.Type, error) {
			return str, nil, nil
		}},
		// Math.
		&Function{Name: "ABS", MinArgs: 1, MaxArgs: 1, Sig: sameNumeric},
		&Function{Name: "ROUND", MinArgs: 1, MaxArgs: 2, Sig: rounding(true)},
		&Function{Name: "CEIL", Aliases: []string{"CEILING"}, MinArgs: 1, MaxArgs: 1, Sig: rounding(false)},
		&Function{Name: "FLOOR", MinArgs: 1, MaxArgs: 1, Sig: rounding(false)},
		&Function{Name: "TRUNC", MinArgs: 1, MaxArgs: 2, Sig: rounding(true)},
		&Function{Name: "SQRT", MinArgs: 1, MaxArgs: 1, Sig: fixed(fl, fl), Go: "math.Sqrt"},
		&Function{Name: "EXP", MinArgs: 1, MaxArgs: 1, Sig: fixed(fl, fl), Go: "math.Exp"},
		&Function{Name: "LN", MinArgs: 1, MaxArgs: 1, Sig: fixed(fl, fl), Go: "math.Log"},
		&Function{Name: "LOG10", MinArgs: 1, MaxArgs: 1, Sig: fixed(fl, fl), Go: "math.Log10"},
		// LOG(base, x), as PostgreSQL and Flink order the arguments.
		&Function{Name: "LOG", MinArgs: 2, MaxArgs: 2, Sig: fixed(fl, fl), Go: "sqlfn.Log"},
		&Function{Name: "SIGN", MinArgs: 1, MaxArgs: 1, Sig: sign},
		&Function{Name: "POWER", Aliases: []string{"POW"}, MinArgs: 2, MaxArgs: 2, Sig: fixed(fl, fl), Go: "math.Pow"},
		&Function{Name: "MOD", MinArgs: 2, MaxArgs: 2, Sig: func(args []plan.Expr) (types.Type, []types.Type, error) {
			if err := argKinds(args, "a number", isNumeric); err != nil {
				return types.Type{}, nil, err
			}
			t, err := types.Arith('%', args[0].Type(), args[1].Type())
			return t, nil, err
		}},
		&Function{Name: "LEAST", MinArgs: 1, MaxArgs: -1, Null: nullIfAllArgs, Sig: scalarCommon},
		&Function{Name: "GREATEST", MinArgs: 1, MaxArgs: -1, Null: nullIfAllArgs, Sig: scalarCommon},
		// Conditional.
		&Function{Name: "COALESCE", MinArgs: 1, MaxArgs: -1, Null: nullIfAllArgs, Sig: common},
		&Function{Name: "IFNULL", MinArgs: 2, MaxArgs: 2, Null: nullIfAllArgs, Sig: common},
		&Function{Name: "NULLIF", MinArgs: 2, MaxArgs: 2, Null: alwaysNull, Sig: func(args []plan.Expr) (types.Type, []types.Type, error) {
			t, _, err := scalarCommon(args)
			if err != nil {
				return types.Type{}, nil, err
			}
			return args[0].Type(), []types.Type{args[0].Type(), t}, nil
		}},
	)
}
