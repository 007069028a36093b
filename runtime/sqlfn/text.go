package sqlfn

import (
	"strconv"

	"github.com/velocsql/veloc/runtime/decimal"
	"github.com/velocsql/veloc/runtime/scalar"
)

// These give the text of a value as CAST(x AS STRING) and CONCAT write it:
// the same text a CSV sink writes (types.md).

func IntText(v int64) string       { return strconv.FormatInt(v, 10) }
func FloatText(v float64) string   { return string(scalar.AppendFloat(nil, v)) }
func BoolText(v bool) string       { return strconv.FormatBool(v) }
func TimestampText(v int64) string { return string(scalar.AppendTimestamp(nil, v)) }
func DateText(v int32) string      { return string(scalar.AppendDate(nil, v)) }

// DecimalText formats a mantissa with exactly scale fractional digits.
func DecimalText(m int64, scale int) string { return string(decimal.Append64(nil, m, scale)) }

// Decimal128Text is DecimalText for wide decimals.
func Decimal128Text(m decimal.Int128, scale int) string {
	return string(decimal.Append128(nil, m, scale))
}

// Quote returns s quoted for an error message, shortened when long.
func Quote(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return strconv.Quote(s)
}
