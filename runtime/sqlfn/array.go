package sqlfn

import (
	"cmp"
	"slices"
)

// ARRAY<T> is a Go slice and MAP<STRING,T> a Go map in generated code
// (types.md); these helpers are generic so that each use is compiled for
// its element type, with no boxing.

// ArrayLength is ARRAY_LENGTH(a): the number of elements.
func ArrayLength[T any](a []T) int64 { return int64(len(a)) }

// ArrayContains is ARRAY_CONTAINS(a, v): whether some element equals v
// (==, so a FLOAT NaN is never found).
func ArrayContains[T comparable](a []T, v T) bool { return slices.Contains(a, v) }

// ArrayAt is a[i] with a 1-based i: ok is false (NULL) when i is not
// between 1 and len(a), as in PostgreSQL.
func ArrayAt[T any](a []T, i int64) (T, bool) {
	if i < 1 || i > int64(len(a)) {
		var zero T
		return zero, false
	}
	return a[i-1], true
}

// MapKeys is MAP_KEYS(m): the keys in ascending order (byte order for
// strings), so that output does not depend on Go's map iteration order.
func MapKeys[K cmp.Ordered, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// MapValues is MAP_VALUES(m): the values in the order of MapKeys.
func MapValues[K cmp.Ordered, V any](m map[K]V) []V {
	keys := MapKeys(m)
	values := make([]V, len(keys))
	for i, k := range keys {
		values[i] = m[k]
	}
	return values
}
