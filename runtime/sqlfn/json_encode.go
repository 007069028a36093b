package sqlfn

import (
	"strings"

	"github.com/velocsql/veloc/runtime/jsonrec"
)

// JSON text of arrays and maps. Sinks write an ARRAY as a JSON array and a
// MAP as a JSON object with its keys in ascending byte order, so output
// does not depend on Go's map iteration order; CSV cells, CAST(x AS
// STRING) and CONCAT use the same text. Generated code passes elem, the
// encoder of one element, which is the one it uses for a scalar of the
// element type (a non-capturing function literal, so no allocation).

// AppendJSONArray appends a as a JSON array.
func AppendJSONArray[T any](dst []byte, a []T, elem func([]byte, T) []byte) []byte {
	dst = append(dst, '[')
	for i, v := range a {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = elem(dst, v)
	}
	return append(dst, ']')
}

// AppendJSONMap appends m as a JSON object with sorted keys.
func AppendJSONMap[T any](dst []byte, m map[string]T, elem func([]byte, T) []byte) []byte {
	dst = append(dst, '{')
	for i, k := range MapKeys(m) {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = jsonrec.AppendString(dst, k)
		dst = append(dst, ':')
		dst = elem(dst, m[k])
	}
	return append(dst, '}')
}

// JSONArrayText is the JSON text of a, as AppendJSONArray writes it.
func JSONArrayText[T any](a []T, elem func([]byte, T) []byte) string {
	return string(AppendJSONArray(nil, a, elem))
}

// JSONMapText is the JSON text of m, as AppendJSONMap writes it.
func JSONMapText[T any](m map[string]T, elem func([]byte, T) []byte) string {
	return string(AppendJSONMap(nil, m, elem))
}

// CloneStrings returns a copy of a whose strings share no memory with the
// input buffer they may view (runtime/sqlfn/view.go), for rows that
// outlive the record. nil stays nil.
func CloneStrings(a []string) []string {
	if a == nil {
		return nil
	}
	out := make([]string, len(a))
	for i, s := range a {
		out[i] = strings.Clone(s)
	}
	return out
}

// CloneMap returns a copy of m with its keys, and its values when they
// are strings (clone is then strings.Clone; nil for other values),
// copied out of the input buffer. nil stays nil.
func CloneMap[T any](m map[string]T, clone func(T) T) map[string]T {
	if m == nil {
		return nil
	}
	out := make(map[string]T, len(m))
	for k, v := range m {
		if clone != nil {
			v = clone(v)
		}
		out[strings.Clone(k)] = v
	}
	return out
}
