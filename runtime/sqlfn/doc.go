// Package sqlfn holds the bodies of SQL functions that are too large to
// generate inline. Generated code calls them with typed Go values; there
// is no dynamic dispatch and nothing is boxed. Strings are UTF-8 and
// positions count characters, not bytes (dialect.md).
package sqlfn
