package compiler

import (
	"fmt"

	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/types"
)

// Array and map functions (dialect.md "Arrays and maps", SPLIT).
//
// Representation: ARRAY<T> is a Go []T and MAP<STRING,T> a Go
// map[string]T in generated code (codegen/types.go). An array or a map as
// a whole may be NULL, with the usual validity flag beside it, but its
// elements never are: ARRAY(...) and MAP(...) refuse an argument that may
// be NULL (a nullable column, NULL itself) with an error asking for
// COALESCE. Carrying a validity slice beside every array would make every
// array function, encoder and copy handle two slices for a case the spec
// does not ask for; SPLIT, MAP_KEYS and MAP_VALUES never make NULL
// elements anyway. Elements are scalars: arrays of arrays and maps of
// arrays are refused, so that copying and encoding stay one level deep.
// MAP keys are STRING; a repeated key keeps its last value.

// indexCall is the name of the plan.Call the checker makes of `arr[i]`.
// It is not a registered function (SQL has no name for it); codegen has a
// generator for it.
const indexCall = "ARRAY_AT"

// elements checks the arguments that become array elements or map values
// and returns their common scalar type.
func elements(args []plan.Expr, what string, pos func(i int) int) (types.Type, error) {
	t := types.NullType
	for i, a := range args {
		at := a.Type()
		if !isScalar(at) {
			return types.Type{}, fmt.Errorf("argument %d is %s; %s must be scalars", pos(i), at, what)
		}
		c, ok := types.Common(t, at)
		if !ok {
			return types.Type{}, fmt.Errorf("argument %d is %s, which does not mix with %s; use CAST", pos(i), at, t)
		}
		t = c
		if at.Kind == types.Null || a.Nullable() {
			return types.Type{}, fmt.Errorf("argument %d may be NULL, and %s cannot be NULL; use COALESCE(x, default)", pos(i), what)
		}
	}
	return t, nil
}

// containerArg checks that argument i is an array or a map (kind) and
// returns its element type. A bare NULL is refused: it has no element
// type to generate code for.
func containerArg(args []plan.Expr, i int, kind types.Kind, want string) (types.Type, error) {
	if t := args[i].Type(); t.Kind == kind {
		return t.Elem(), nil
	}
	return types.Type{}, fmt.Errorf("argument %d must be %s, not %s", i+1, want, args[i].Type())
}

func arraySig(args []plan.Expr) (types.Type, []types.Type, error) {
	t, err := elements(args, "array elements", func(i int) int { return i + 1 })
	if err != nil {
		return types.Type{}, nil, err
	}
	conv := make([]types.Type, len(args))
	for i := range conv {
		conv[i] = t
	}
	return types.ArrayOf(t), conv, nil
}

func mapSig(args []plan.Expr) (types.Type, []types.Type, error) {
	if len(args)%2 != 0 {
		return types.Type{}, nil, fmt.Errorf("takes key, value pairs, got %d arguments", len(args))
	}
	var keys, values []plan.Expr
	for i := 0; i < len(args); i += 2 {
		keys, values = append(keys, args[i]), append(values, args[i+1])
	}
	for i, k := range keys {
		if k.Type().Kind != types.String {
			return types.Type{}, nil, fmt.Errorf("argument %d is a key and must be STRING, not %s", 2*i+1, k.Type())
		}
		if k.Nullable() {
			return types.Type{}, nil, fmt.Errorf("argument %d may be NULL, and map keys cannot be NULL; use COALESCE(x, default)", 2*i+1)
		}
	}
	t, err := elements(values, "map values", func(i int) int { return 2*i + 2 })
	if err != nil {
		return types.Type{}, nil, err
	}
	conv := make([]types.Type, len(args))
	for i := range conv {
		conv[i] = types.StringType
		if i%2 == 1 {
			conv[i] = t
		}
	}
	return types.MapOf(t), conv, nil
}

func arrayLengthSig(args []plan.Expr) (types.Type, []types.Type, error) {
	if _, err := containerArg(args, 0, types.Array, "an ARRAY"); err != nil {
		return types.Type{}, nil, err
	}
	return types.IntType, nil, nil
}

// arrayContainsSig types ARRAY_CONTAINS(arr, v): v must mix with the
// element type (as in a comparison), and is never an array itself.
func arrayContainsSig(args []plan.Expr) (types.Type, []types.Type, error) {
	elem, err := containerArg(args, 0, types.Array, "an ARRAY")
	if err != nil {
		return types.Type{}, nil, err
	}
	vt := args[1].Type()
	if !isScalar(vt) {
		return types.Type{}, nil, fmt.Errorf("argument 2 is %s; only scalars can be looked for", vt)
	}
	c, ok := types.Common(elem, vt)
	if !ok {
		return types.Type{}, nil, fmt.Errorf("cannot look for %s in ARRAY<%s>; use CAST", vt, elem)
	}
	// Both sides widen to the common type: ARRAY_CONTAINS(ARRAY(1.5), 2)
	// converts the elements, which never fails for a widening.
	return types.BoolType, []types.Type{types.ArrayOf(c), c}, nil
}

func mapKeysSig(values bool) func([]plan.Expr) (types.Type, []types.Type, error) {
	return func(args []plan.Expr) (types.Type, []types.Type, error) {
		elem, err := containerArg(args, 0, types.Map, "a MAP")
		if err != nil {
			return types.Type{}, nil, err
		}
		if !values {
			return types.ArrayOf(types.StringType), nil, nil
		}
		return types.ArrayOf(elem), nil, nil
	}
}

// indexSig types arr[i]: the element, or NULL when i is out of range.
func indexSig(args []plan.Expr) (types.Type, []types.Type, error) {
	t := args[0].Type()
	if t.Kind != types.Array {
		if t.Kind == types.Map {
			return types.Type{}, nil, fmt.Errorf("[] indexes arrays, and this is %s; use MAP_VALUES or MAP_KEYS", t)
		}
		return types.Type{}, nil, fmt.Errorf("[] indexes arrays, and this is %s", t)
	}
	if it := args[1].Type(); it.Kind != types.Int && it.Kind != types.Null {
		return types.Type{}, nil, fmt.Errorf("the index must be INTEGER, not %s", it)
	}
	return t.Elem(), []types.Type{{}, types.IntType}, nil
}

func init() {
	str := types.StringType
	register(
		// SPLIT(s, sep): s = '' gives [], sep = '' gives [s].
		&Function{Name: "SPLIT", MinArgs: 2, MaxArgs: 2, Sig: fixed(types.ArrayOf(str), str, str), Go: "sqlfn.Split"},
		&Function{Name: "ARRAY", MinArgs: 1, MaxArgs: -1, Sig: arraySig},
		&Function{Name: "ARRAY_LENGTH", MinArgs: 1, MaxArgs: 1, Sig: arrayLengthSig, Go: "sqlfn.ArrayLength"},
		&Function{Name: "ARRAY_CONTAINS", MinArgs: 2, MaxArgs: 2, Sig: arrayContainsSig, Go: "sqlfn.ArrayContains"},
		&Function{Name: "MAP", MinArgs: 2, MaxArgs: -1, Sig: mapSig},
		&Function{Name: "MAP_KEYS", MinArgs: 1, MaxArgs: 1, Sig: mapKeysSig(false), Go: "sqlfn.MapKeys"},
		&Function{Name: "MAP_VALUES", MinArgs: 1, MaxArgs: 1, Sig: mapKeysSig(true), Go: "sqlfn.MapValues"},
	)
}
