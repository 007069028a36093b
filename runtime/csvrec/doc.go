// Package csvrec reads and writes CSV records (RFC 4180) for generated
// veloc programs.
//
// encoding/csv returns each record as []string, which costs a string per
// field and a copy of every byte. Generated code parses only the cells its
// query reads, straight into typed struct fields, so it wants the cells as
// []byte views that live until the next record and no allocation at all in
// steady state. Reader does that: unquoted fields point into its read
// buffer, and only quoted fields that need unescaping are copied (into a
// reused scratch buffer). AppendField writes a cell with the same quoting
// rule as encoding/csv.Writer, appending to a caller-owned batch buffer.
package csvrec
