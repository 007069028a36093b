// Package scalar parses and writes veloc's scalar values as text.
//
// Generated code decodes every CSV cell and many JSON values from text and
// writes every value back as text, once per column per record. The standard
// library's strconv and time packages work on strings, so using them would
// mean converting each []byte cell to a string (an allocation) and, for
// timestamps, going through time.Parse and time.Format, which are general
// and slow. The functions here work directly on []byte, append to a
// caller-owned buffer, and do not allocate, so a fused decode→encode loop can
// stay allocation-free.
//
// The text forms follow the veloc specification (types.md, "Writing values"
// and CAST): integers as decimal digits, floats as the shortest text that
// reads back to the same float64, booleans as true/false, timestamps as
// ISO-8601 UTC with milliseconds, dates as YYYY-MM-DD.
package scalar
