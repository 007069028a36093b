// Package schema holds the columns and types of a source, and finds them.
//
// Type specialisation needs every source's schema when compiling. io.md
// lists where a schema can come from, in order of precedence: a column
// list in a source declaration, a schema file named in WITH, a file
// schemas/<name>.schema.yaml beside the SQL, @data hints in the SQL, and
// inference from the input file. Each loader lives in its own file here
// and returns a *Schema that remembers its Origin, so that errors can say
// where a schema came from ("column amout is not in orders (inferred from
// orders.csv)").
package schema

import (
	"fmt"
	"strings"

	"github.com/velocsql/veloc/compiler/types"
	"github.com/velocsql/veloc/parser/ast"
)

// Column is one column of a source.
type Column struct {
	Name     string // as written in the schema; matched case-insensitively
	Type     types.Type
	Nullable bool
	Pos      ast.Pos // where it was declared in the SQL, if it was
}

// OriginKind says which of io.md's five schema sources a schema came from.
type OriginKind int

const (
	Declared   OriginKind = iota // a column list in CREATE STREAM/TABLE
	SchemaFile                   // '<name>.schema.file'
	SchemaDir                    // schemas/<name>.schema.yaml
	Hints                        // -- @data.<column>.type annotations
	Inferred                     // sampled from the input file
)

// Origin records where a schema came from.
type Origin struct {
	Kind OriginKind
	Path string  // the file read, for SchemaFile, SchemaDir and Inferred
	Pos  ast.Pos // the declaration or first hint, for Declared and Hints
}

// String describes the origin for error messages.
func (o Origin) String() string {
	switch o.Kind {
	case Declared:
		return "declared at line " + fmt.Sprint(o.Pos.Line)
	case SchemaFile:
		return "from schema file " + o.Path
	case SchemaDir:
		return "from " + o.Path
	case Hints:
		return "from @data hints at line " + fmt.Sprint(o.Pos.Line)
	case Inferred:
		return "inferred from " + o.Path
	}
	return "of unknown origin"
}

// Schema is the ordered columns of one source.
type Schema struct {
	Source  string
	Columns []Column
	Origin  Origin
	// Avro is how each column is written in Avro binary, in order, when
	// the schema comes from an .avsc file (nil otherwise): what a Kafka
	// source with 'format' = 'avro' decodes.
	Avro []AvroField
}

// AvroField is how one field of an Avro record is written.
type AvroField struct {
	// Kind is the written type: boolean, int, long, float, double,
	// string, bytes, fixed, enum, or record, array, map (nested, not
	// decoded).
	Kind string
	// NullBranch is the index of "null" in a ["null", T] union, the other
	// branch being 1 - NullBranch; -1 for a field that is not a union.
	NullBranch int
	Size       int      // fixed: the byte count
	Symbols    []string // enum
	// Logical is the logical type veloc reads specially: decimal,
	// timestamp-millis (-micros, -nanos, and the local- ones), date.
	Logical string
}

// Lookup finds a column by name. Unquoted names match case-insensitively
// (dialect.md); quoted ones exactly.
func (s *Schema) Lookup(name string, quoted bool) (int, bool) {
	for i, c := range s.Columns {
		if c.Name == name {
			return i, true
		}
	}
	if quoted {
		return -1, false
	}
	for i, c := range s.Columns {
		if strings.EqualFold(c.Name, name) {
			return i, true
		}
	}
	return -1, false
}

// Names returns the column names, for "did you mean" suggestions.
func (s *Schema) Names() []string {
	names := make([]string, len(s.Columns))
	for i, c := range s.Columns {
		names[i] = c.Name
	}
	return names
}

// String prints the schema as a source declaration a user could paste
// into their SQL (what `veloc infer` prints).
func (s *Schema) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE STREAM %s (\n", s.Source)
	for i, c := range s.Columns {
		fmt.Fprintf(&b, "    %s %s", c.Name, c.Type)
		if !c.Nullable {
			b.WriteString(" NOT NULL")
		}
		if i < len(s.Columns)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString(")")
	return b.String()
}
