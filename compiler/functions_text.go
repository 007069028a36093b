package compiler

import (
	"fmt"

	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/types"
	"github.com/velocsql/veloc/runtime/sqlfn"
)

// String, regular expression, JSON path and Kafka header functions
// (dialect.md). Constant patterns and paths are compiled here with the
// runtime's own compilers, so a bad one is a positioned compile error;
// generated code compiles them again once, at program start.

// patternArgs checks REGEXP-style arguments: s, pattern, then for
// REGEXP_REPLACE repl[, flags] and for REGEXP_EXTRACT [group].
func patternArgs(kind string) func([]plan.Expr) (types.Type, []types.Type, error) {
	return func(args []plan.Expr) (types.Type, []types.Type, error) {
		n := len(args)
		strs := args
		if kind == "extract" && n == 3 {
			strs = args[:2]
			if err := argKinds(args[2:], "an INTEGER group", isInt); err != nil {
				return types.Type{}, nil, err
			}
		}
		if err := argKinds(strs, "a STRING", isString); err != nil {
			return types.Type{}, nil, err
		}
		pattern, constPattern := constString(args[1])
		flags := ""
		if kind == "replace" && n == 4 {
			f, ok := constString(args[3])
			if !ok {
				return types.Type{}, nil, fmt.Errorf("the flags must be a constant such as 'g' or 'gi'")
			}
			flags = f
		}
		if constPattern {
			re, err := sqlfn.CompileRegexp(pattern, flags)
			if err != nil {
				return types.Type{}, nil, err
			}
			if kind == "replace" {
				if repl, ok := constString(args[2]); ok {
					if err := re.CheckReplacement(repl); err != nil {
						return types.Type{}, nil, err
					}
				}
			}
			if kind == "extract" && n == 3 {
				if g, ok := constInt(args[2]); ok {
					if err := re.CheckGroup(g); err != nil {
						return types.Type{}, nil, err
					}
				}
			}
		}
		switch kind {
		case "match":
			return types.BoolType, nil, nil
		}
		return types.StringType, nil, nil
	}
}

// jsonArgs checks a JSON function's (s, path) and returns its result type.
func jsonArgs(result types.Type) func([]plan.Expr) (types.Type, []types.Type, error) {
	return func(args []plan.Expr) (types.Type, []types.Type, error) {
		if err := argKinds(args, "a STRING", isString); err != nil {
			return types.Type{}, nil, err
		}
		if p, ok := constString(args[1]); ok {
			if _, err := sqlfn.CompileJSONPath(p); err != nil {
				return types.Type{}, nil, err
			}
		}
		return result, nil, nil
	}
}

// textArgs types JOIN(sep, a, ...): a STRING separator and any scalars,
// joined as text.
func textArgs(args []plan.Expr) (types.Type, []types.Type, error) {
	if err := argKinds(args[:1], "a STRING separator", isString); err != nil {
		return types.Type{}, nil, err
	}
	return types.StringType, nil, argKinds(args[1:], "a scalar", isScalar)
}

func init() {
	str, in, bl := types.StringType, types.IntType, types.BoolType
	register(
		&Function{Name: "LEFT", MinArgs: 2, MaxArgs: 2, Sig: fixed(str, str, in), Go: "sqlfn.Left"},
		&Function{Name: "RIGHT", MinArgs: 2, MaxArgs: 2, Sig: fixed(str, str, in), Go: "sqlfn.Right"},
		// POSITION(sub IN s) is parsed as POSITION(sub, s).
		&Function{Name: "POSITION", MinArgs: 2, MaxArgs: 3, Sig: fixed(in, str, str, in)},
		&Function{Name: "SPLIT_PART", MinArgs: 3, MaxArgs: 3, Sig: fixed(str, str, str, in), Go: "sqlfn.SplitPart"},
		&Function{Name: "LPAD", MinArgs: 2, MaxArgs: 3, Sig: fixed(str, str, in, str)},
		&Function{Name: "RPAD", MinArgs: 2, MaxArgs: 3, Sig: fixed(str, str, in, str)},
		&Function{Name: "REVERSE", MinArgs: 1, MaxArgs: 1, Sig: fixed(str, str), Go: "sqlfn.Reverse"},
		&Function{Name: "INITCAP", MinArgs: 1, MaxArgs: 1, Sig: fixed(str, str), Go: "sqlfn.Initcap"},
		// JOIN skips NULL parts; a NULL separator gives NULL.
		&Function{Name: "JOIN", MinArgs: 1, MaxArgs: -1, Null: sepNull, Sig: textArgs},
		&Function{Name: "REGEXP", MinArgs: 2, MaxArgs: 2, Sig: patternArgs("match")},
		&Function{Name: "REGEXP_REPLACE", MinArgs: 3, MaxArgs: 4, Sig: patternArgs("replace")},
		&Function{Name: "REGEXP_EXTRACT", MinArgs: 2, MaxArgs: 3, Null: alwaysNull, Sig: patternArgs("extract")},
		&Function{Name: "JSON_VALUE", MinArgs: 2, MaxArgs: 2, Null: alwaysNull, Sig: jsonArgs(str)},
		&Function{Name: "JSON_EXTRACT", MinArgs: 2, MaxArgs: 2, Null: alwaysNull, Sig: jsonArgs(str)},
		&Function{Name: "JSON_QUERY", MinArgs: 2, MaxArgs: 2, Null: alwaysNull, Sig: jsonArgs(str)},
		&Function{Name: "JSON_EXISTS", MinArgs: 2, MaxArgs: 2, Null: alwaysNull, Sig: jsonArgs(bl)},
		// Kafka headers (io.md): the record's headers, empty for files.
		&Function{Name: "HEADER", MinArgs: 1, MaxArgs: 1, Null: alwaysNull, Sig: fixed(str, str)},
		&Function{Name: "HAS_HEADER", MinArgs: 1, MaxArgs: 1, Sig: fixed(bl, str)},
		&Function{Name: "HEADER_KEYS", MinArgs: 0, MaxArgs: 0, Null: neverNull, Sig: fixed(str)},
		&Function{Name: "SET_HEADER", MinArgs: 2, MaxArgs: 2, Null: nullIfAllArgs, Sig: func(args []plan.Expr) (types.Type, []types.Type, error) {
			if err := argKinds(args[:1], "a STRING key", isString); err != nil {
				return types.Type{}, nil, err
			}
			return args[1].Type(), nil, argKinds(args[1:], "a scalar", isScalar)
		}},
		&Function{Name: "REMOVE_HEADER", MinArgs: 1, MaxArgs: 1, Null: alwaysNull, Sig: fixed(str, str)},
	)
}
