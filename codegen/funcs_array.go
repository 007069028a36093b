package codegen

import (
	"github.com/dave/jennifer/jen"

	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/types"
)

// Generators of the array and map constructors and of arr[i]. ARRAY<T> is
// []T and MAP<STRING,T> is map[string]T (goType); SPLIT, ARRAY_LENGTH,
// ARRAY_CONTAINS, MAP_KEYS and MAP_VALUES are plain calls of the generic
// helpers in runtime/sqlfn (array.go).

func init() {
	calls["ARRAY"] = arrayCall
	calls["MAP"] = mapCall
	calls["ARRAY_AT"] = indexCall
}

// arrayCall builds []T{a, b, ...}; the checker has refused NULL elements.
func arrayCall(g *exprGen, e *plan.Call, args []val) val {
	vs := make([]jen.Code, len(args))
	for i, a := range args {
		vs[i] = a.V
	}
	return val{V: jen.Add(goType(e.T)).Values(vs...)}
}

// mapCall builds the map with one assignment per pair, so that a repeated
// key keeps its last value (a composite literal with a repeated constant
// key would not compile).
func mapCall(g *exprGen, e *plan.Call, args []val) val {
	out, v, _ := g.declare(e.T, false)
	g.add(jen.Id(v).Op("=").Make(goType(e.T), jen.Lit(len(args)/2)))
	for i := 0; i+1 < len(args); i += 2 {
		g.add(jen.Id(v).Index(args[i].V).Op("=").Add(args[i+1].V))
	}
	return out
}

// indexCall is arr[i], 1-based; NULL when i is out of range.
func indexCall(g *exprGen, e *plan.Call, args []val) val {
	out, v, ok := g.declare(e.T, true)
	g.add(jen.List(jen.Id(v), jen.Id(ok)).Op("=").Qual(pkgSQLFn, "ArrayAt").Call(args[0].V, args[1].V))
	return out
}

// elemEncoder is a function literal appending one element of type t as
// JSON, for sqlfn.AppendJSONArray and AppendJSONMap.
func elemEncoder(t types.Type) jen.Code {
	return jen.Func().Params(jen.Id("b").Index().Byte(), jen.Id("x").Add(goType(t))).Index().Byte().Block(
		jen.Return(appendJSON(jen.Id("b"), jen.Id("x"), t)))
}

// appendJSON appends v of type t as JSON: strings quoted, arrays and maps
// as JSON arrays and objects, other scalars as appendValue writes them.
func appendJSON(dst, v jen.Code, t types.Type) jen.Code {
	switch t.Kind {
	case types.String:
		return jen.Qual(pkgJSON, "AppendString").Call(dst, v)
	case types.Array:
		return jen.Qual(pkgSQLFn, "AppendJSONArray").Call(dst, v, elemEncoder(t.Elem()))
	case types.Map:
		return jen.Qual(pkgSQLFn, "AppendJSONMap").Call(dst, v, elemEncoder(t.Elem()))
	}
	return appendValue(dst, v, t, true)
}

// containerText is the JSON text of an array or a map, as a string.
func containerText(v jen.Code, t types.Type) jen.Code {
	fn := "JSONArrayText"
	if t.Kind == types.Map {
		fn = "JSONMapText"
	}
	return jen.Qual(pkgSQLFn, fn).Call(v, elemEncoder(t.Elem()))
}

// cloneContainer copies an array or a map of strings (and any map's keys)
// out of the input buffer, for a row kept in process; other arrays are
// built fresh for each record and kept as they are.
func cloneContainer(v jen.Code, t types.Type) jen.Code {
	switch {
	case t.Kind == types.Array && t.Elem().Kind == types.String:
		return jen.Qual(pkgSQLFn, "CloneStrings").Call(v)
	case t.Kind == types.Map && t.Elem().Kind == types.String:
		return jen.Qual(pkgSQLFn, "CloneMap").Call(v, jen.Qual("strings", "Clone"))
	case t.Kind == types.Map:
		return jen.Qual(pkgSQLFn, "CloneMap").Call(v, jen.Nil())
	}
	return v
}
