package compiler

import (
	"fmt"
	"go/constant"

	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/types"
	"github.com/velocsql/veloc/runtime/sqlfn"
)

// Date and time functions (dialect.md). They accept TIMESTAMP values,
// INTEGER epoch milliseconds and DATE values alike: the arguments convert
// to TIMESTAMP, which is the same int64 milliseconds. Units and constant
// formats are checked here, with the runtime's own parsers, so that a
// typo is a positioned compile error rather than an error record.

// isTime reports whether t converts to TIMESTAMP for a date function.
func isTime(t types.Type) bool {
	return t.Kind == types.Timestamp || t.Kind == types.Int || t.Kind == types.Date || t.Kind == types.Null
}

// timeArgs checks that args[i] for i in idx are times and returns the
// conversions to TIMESTAMP.
func timeArgs(args []plan.Expr, conv []types.Type, idx ...int) error {
	for _, i := range idx {
		if i >= len(args) {
			continue
		}
		if !isTime(args[i].Type()) {
			return fmt.Errorf("argument %d must be a TIMESTAMP (or INTEGER epoch milliseconds, or DATE), not %s", i+1, args[i].Type())
		}
		conv[i] = types.TimestampType
	}
	return nil
}

// constString returns the value of a string constant argument.
func constString(e plan.Expr) (string, bool) {
	lit, ok := e.(*plan.Literal)
	if !ok || lit.Val == nil || lit.Val.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(lit.Val), true
}

// unitArg checks a constant unit argument with parse.
func unitArg(e plan.Expr, parse func(string) (sqlfn.TimeUnit, bool), valid string) error {
	u, ok := constString(e)
	if !ok {
		return fmt.Errorf("the unit must be a constant such as 'hour' (one of %s)", valid)
	}
	if _, ok := parse(u); !ok {
		return fmt.Errorf("unknown unit %q (want one of %s)", u, valid)
	}
	return nil
}

func init() {
	ts, in := types.TimestampType, types.IntType
	register(
		// EXTRACT(unit FROM x) is checked as EXTRACT('unit', x).
		&Function{Name: "EXTRACT", MinArgs: 2, MaxArgs: 2, Sig: func(args []plan.Expr) (types.Type, []types.Type, error) {
			if err := unitArg(args[0], sqlfn.ParseExtractUnit, sqlfn.ExtractUnits); err != nil {
				return types.Type{}, nil, err
			}
			conv := make([]types.Type, 2)
			return in, conv, timeArgs(args, conv, 1)
		}},
		&Function{Name: "DATEDIFF", Unit: true, MinArgs: 3, MaxArgs: 3, Sig: func(args []plan.Expr) (types.Type, []types.Type, error) {
			if err := unitArg(args[0], sqlfn.ParseTimeUnit, sqlfn.TimeUnits); err != nil {
				return types.Type{}, nil, err
			}
			conv := make([]types.Type, 3)
			return in, conv, timeArgs(args, conv, 1, 2)
		}},
		&Function{Name: "DATE_TRUNC", Unit: true, MinArgs: 2, MaxArgs: 2, Sig: func(args []plan.Expr) (types.Type, []types.Type, error) {
			if err := unitArg(args[0], sqlfn.ParseTimeUnit, sqlfn.TimeUnits); err != nil {
				return types.Type{}, nil, err
			}
			conv := make([]types.Type, 2)
			return ts, conv, timeArgs(args, conv, 1)
		}},
		&Function{Name: "DATE_FORMAT", MinArgs: 2, MaxArgs: 2, Sig: func(args []plan.Expr) (types.Type, []types.Type, error) {
			conv := make([]types.Type, 2)
			if err := timeArgs(args, conv, 0); err != nil {
				return types.Type{}, nil, err
			}
			if !isString(args[1].Type()) && args[1].Type().Kind != types.Null {
				return types.Type{}, nil, fmt.Errorf("argument 2 must be a STRING format, not %s", args[1].Type())
			}
			if f, ok := constString(args[1]); ok {
				if _, err := sqlfn.CompileDateFormat(f); err != nil {
					return types.Type{}, nil, err
				}
			}
			return types.StringType, conv, nil
		}},
		&Function{Name: "UNIX_TIMESTAMP", MinArgs: 0, MaxArgs: 1, Sig: func(args []plan.Expr) (types.Type, []types.Type, error) {
			conv := make([]types.Type, len(args))
			return in, conv, timeArgs(args, conv, 0)
		}},
		&Function{Name: "FROM_UNIXTIME", MinArgs: 1, MaxArgs: 1, Sig: func(args []plan.Expr) (types.Type, []types.Type, error) {
			if err := argKinds(args, "a number of seconds", isNumeric); err != nil {
				return types.Type{}, nil, err
			}
			if t := args[0].Type(); t.Kind == types.Float || t.Kind == types.Decimal {
				return ts, []types.Type{types.FloatType}, nil
			}
			return ts, nil, nil
		}},
		&Function{Name: "TUMBLE_START", MinArgs: 2, MaxArgs: 2, Sig: tumble},
		&Function{Name: "TUMBLE_END", MinArgs: 2, MaxArgs: 2, Sig: tumble},
		&Function{Name: "NOW", Aliases: []string{"CURRENT_TIMESTAMP"}, MinArgs: 0, MaxArgs: 0, Null: neverNull,
			Sig: fixed(ts), Go: "sqlfn.Now"},
		&Function{Name: "CURRENT_DATE", MinArgs: 0, MaxArgs: 0, Null: neverNull, Sig: fixed(types.DateType), Go: "sqlfn.CurrentDate"},
	)
}

// tumble types TUMBLE_START and TUMBLE_END: a time and a constant
// positive INTERVAL.
func tumble(args []plan.Expr) (types.Type, []types.Type, error) {
	conv := make([]types.Type, 2)
	if err := timeArgs(args, conv, 0); err != nil {
		return types.Type{}, nil, err
	}
	lit, ok := args[1].(*plan.Literal)
	if !ok || lit.T.Kind != types.Interval || lit.Val == nil {
		return types.Type{}, nil, fmt.Errorf("the window size must be an INTERVAL constant such as INTERVAL '15' MINUTE")
	}
	if ms, _ := constant.Int64Val(lit.Val); ms <= 0 {
		return types.Type{}, nil, fmt.Errorf("the window size must be positive")
	}
	return types.TimestampType, conv, nil
}
