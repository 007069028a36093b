package plan

import (
	"github.com/velocsql/veloc/compiler/types"
	"github.com/velocsql/veloc/parser/ast"
)

// Table is a table a job looks rows up in (dialect.md "Joins"): the output
// of a job that keeps the latest row per key. For a declared table source
// (CREATE TABLE t (..., PRIMARY KEY (k)) WITH (...)) that job is a load job
// the compiler adds, reading the source; for CREATE TABLE ... AS SELECT it
// is that statement's job. The joining job reads the producer's rows in
// process and keeps them in a map by Key, so a table's rows are typed
// structs and its key a typed Go value.
type Table struct {
	Name     string
	Producer *Job
	// Key are the output columns of Producer that form the table key
	// (PRIMARY KEY items, else the GROUP BY keys): a later row with the
	// same key replaces the earlier one.
	Key []int
}

// Slot is one table or stream row that a job's expressions read besides
// its source record, through JoinColumn: a joined table (Job.Joins), the
// right side of an interval join (Job.Interval), or the table of a
// subquery (Probe).
type Slot struct {
	Name  string // the table or stream as named in the query
	Alias string // its alias, or ""
	// Table is the table of a stream–table join or a subquery; nil for
	// the right side of an interval join.
	Table *Table
	// Columns are the slot's columns (the producer's outputs).
	Columns []ColumnInfo
}

// ColumnInfo is a column of a slot.
type ColumnInfo struct {
	Name string
	T    types.Type
	Null bool
}

// JoinColumn reads column Index of the row in slot Slot: the current
// matched row of a join, or the candidate row of a subquery. It is NULL
// when the slot has no row (the NULL side of an outer join).
type JoinColumn struct {
	Slot      int
	Index     int
	Name      string
	Qualifier string // the slot's alias or name, for messages
	T         types.Type
	Null      bool
	At        ast.Pos
}

// Access is how a join or subquery finds the rows of its table.
type Access int

const (
	// KeyLookup is a hash lookup on the table key: ON compares every key
	// column to a value of the stream row.
	KeyLookup Access = iota
	// IndexLookup is a hash lookup in a secondary index on other table
	// columns that ON compares for equality.
	IndexLookup
	// Scan tests every row of the table.
	Scan
)

func (a Access) String() string { return [...]string{"lookup", "index", "scan"}[a] }

// Probe is how rows of a table slot are found for one value of the outer
// row: TableSide[i] (over the slot's columns only) equals ProbeSide[i]
// (over the outer row), and Residual (nil when none) holds for the pair.
type Probe struct {
	Slot      int
	Access    Access
	TableSide []Expr // KeyLookup: the key columns in Table.Key order
	ProbeSide []Expr
	Residual  Expr
}

// Join is one stream–table join of a job (Job.Joins), tried in order for
// each input record: every row the probe finds is a match; a LEFT join
// with no match continues with the slot's row NULL.
type Join struct {
	Kind ast.JoinKind // InnerJoin or LeftJoin
	Probe
	At ast.Pos
}

// IntervalJoin is a stream–stream join bounded in event time
// (dialect.md): Right is the slot of the right stream; a left row at time
// l matches right rows at time r with l+Lo ≤ r ≤ l+Hi whose key equals its
// key and for which On holds. Rows are buffered per side until the
// watermark passes their bound.
type IntervalJoin struct {
	Kind   ast.JoinKind
	Right  int     // the right stream's slot
	Source *Source // the right stream (read in process from its load job)
	// LeftTime and RightTime are each side's event time (TIMESTAMP),
	// read from the columns the time bound names.
	LeftTime, RightTime Expr
	Lo, Hi              int64 // milliseconds
	LeftKey, RightKey   []Expr
	On                  Expr // the whole ON condition
	At                  ast.Pos
}

// SubqueryKind is what a subquery expression yields.
type SubqueryKind int

const (
	ExistsSubquery SubqueryKind = iota // EXISTS (SELECT ...): TRUE when a row matches
	InSubquery                         // x IN (SELECT c ...): EXISTS with c = x
	ScalarSubquery                     // (SELECT v ...): v of the only matching row, NULL if none
)

// Subquery is an IN, EXISTS or scalar subquery over a table, evaluated
// against the table's current rows for each record.
type Subquery struct {
	Kind  SubqueryKind
	Probe Probe
	// Nulls finds, for an IN subquery whose value may be NULL, the rows
	// the subquery selects whose value is NULL (a scan): without a match,
	// x IN (...) is NULL rather than FALSE when there is one, as SQL says.
	// NullsFixed says it reads nothing of the outer row, so its answer
	// holds until the table changes.
	Nulls      *Probe
	NullsFixed bool
	// Value is the scalar subquery's select item (over the slot).
	Value Expr
	// X is the value an IN subquery looks for (over the outer row).
	X    Expr
	Not  bool // NOT IN, NOT EXISTS
	T    types.Type
	Null bool
	At   ast.Pos
}

func (c *JoinColumn) Type() types.Type { return c.T }
func (c *JoinColumn) Nullable() bool   { return c.Null }
func (c *JoinColumn) Pos() ast.Pos     { return c.At }
func (s *Subquery) Type() types.Type   { return s.T }
func (s *Subquery) Nullable() bool     { return s.Null }
func (s *Subquery) Pos() ast.Pos       { return s.At }

// walkSubquery walks the parts of a subquery: what it reads of the outer
// row and of its table.
func walkSubquery(s *Subquery, fn func(Expr) bool) {
	Walk(s.X, fn)
	Walk(s.Value, fn)
	for i := range s.Probe.TableSide {
		Walk(s.Probe.TableSide[i], fn)
		Walk(s.Probe.ProbeSide[i], fn)
	}
	Walk(s.Probe.Residual, fn)
	if s.Nulls != nil {
		Walk(s.Nulls.Residual, fn)
	}
}

// ReadsJoinedRow reports whether e reads a joined row (a JoinColumn
// outside a subquery), so that it cannot be checked before the joins.
func ReadsJoinedRow(e Expr) bool {
	found := false
	Walk(e, func(x Expr) bool {
		switch x.(type) {
		case *JoinColumn:
			found = true
		case *Subquery:
			return false
		}
		return !found
	})
	return found
}

// JoinExprs are the expressions of a job's joins that read its source
// record (probe values, residual conditions, interval keys and times), for
// the passes that need every column a job reads.
func JoinExprs(j *Job) []Expr {
	var out []Expr
	for _, jn := range j.Joins {
		out = append(out, jn.ProbeSide...)
		if jn.Residual != nil {
			out = append(out, jn.Residual)
		}
	}
	if ij := j.Interval; ij != nil {
		out = append(out, ij.LeftTime, ij.On)
		out = append(out, ij.LeftKey...)
	}
	return out
}

// ReadsLiveTable reports whether e has a subquery over a table that
// changes while job j runs (a Kafka table), which must be read under the
// job's lock rather than in the decoder.
func ReadsLiveTable(e Expr, j *Job) bool {
	found := false
	Walk(e, func(x Expr) bool {
		if sq, ok := x.(*Subquery); ok {
			if t := j.Slots[sq.Probe.Slot].Table; t != nil && len(t.Producer.Tombstones) > 0 {
				found = true
			}
		}
		return !found
	})
	return found
}
