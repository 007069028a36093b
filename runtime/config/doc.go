// Package config holds the run-time properties of a generated veloc
// program.
//
// Everything in a query's WITH clauses is compiled into the binary as a
// default, and each property can be overridden when the program starts,
// without recompiling (runtime.md): a `--set name=value` flag beats the
// environment variable VELOC_<NAME> (dots and dashes become underscores,
// letters upper-case), which beats the compiled default. `${VAR}` and
// `${VAR:default}` in a value are expanded from the environment (io.md).
// The program defines its properties in a Set, parses its arguments into
// it, and reads values with the typed getters, whose errors say which
// property was wrong and where its value came from.
package config
