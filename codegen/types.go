package codegen

import (
	"github.com/dave/jennifer/jen"

	"github.com/velocsql/veloc/compiler/types"
)

// Import paths of the runtime packages generated code uses.
const (
	pkgApp     = "github.com/velocsql/veloc/runtime/app"
	pkgConfig  = "github.com/velocsql/veloc/runtime/config"
	pkgCSV     = "github.com/velocsql/veloc/runtime/csvrec"
	pkgDecimal = "github.com/velocsql/veloc/runtime/decimal"
	pkgFileIO  = "github.com/velocsql/veloc/runtime/fileio"
	pkgJSON    = "github.com/velocsql/veloc/runtime/jsonrec"
	pkgScalar  = "github.com/velocsql/veloc/runtime/scalar"
	pkgSQLFn   = "github.com/velocsql/veloc/runtime/sqlfn"
	pkgStream  = "github.com/velocsql/veloc/runtime/stream"
)

// goType is the Go representation of a SQL type (types.md): DECIMAL is
// its mantissa, int64 up to 18 digits and decimal.Int128 above; TIMESTAMP
// and INTERVAL are int64 milliseconds; DATE is int32 days. ARRAY<T> is
// []T and MAP<STRING,T> is map[string]T; their elements are never NULL
// (the checker refuses NULL elements, compiler/functions_array.go), so
// there is no validity slice, and an array or map as a whole that is NULL
// has a validity flag like any value. String elements and keys may view
// the input buffer, like any string, and are cloned where strings are
// (rows kept in process).
func goType(t types.Type) jen.Code {
	switch t.Kind {
	case types.Array:
		return jen.Index().Add(goType(t.Elem()))
	case types.Map:
		return jen.Map(jen.String()).Add(goType(t.Elem()))
	case types.Bool:
		return jen.Bool()
	case types.Int, types.Timestamp, types.Interval:
		return jen.Int64()
	case types.Float:
		return jen.Float64()
	case types.Decimal:
		if t.IsWide() {
			return jen.Qual(pkgDecimal, "Int128")
		}
		return jen.Int64()
	case types.Date:
		return jen.Int32()
	}
	return jen.String()
}
