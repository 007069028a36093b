// Package join holds the state of the joins generated programs run
// (dialect.md "Joins"): Table, the latest row per key of a table with its
// secondary indexes, and Buffer, one side of a stream–stream interval
// join, whose rows are kept until the watermark passes their time bound.
//
// Both are generic over the generated code's typed key and row structs,
// so lookups hash typed keys and rows are stored as values: no interface
// values and no per-lookup allocation.
package join
