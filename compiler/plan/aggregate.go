package plan

import (
	"github.com/velocsql/veloc/compiler/types"
	"github.com/velocsql/veloc/parser/ast"
)

// Aggregate is a job's GROUP BY stage (dialect.md "Aggregation and emit
// modes"). Each input row that passes Where is folded into the group of
// its Keys; the job's Outputs and Having are then expressions over the
// group (GroupKey and AggValue), evaluated when the group is emitted:
// after each row for EMIT CHANGES, once per group at the end of the input
// for EMIT FINAL.
type Aggregate struct {
	// Keys are the GROUP BY expressions over the input row; none for an
	// aggregation without GROUP BY (one group).
	Keys []Expr
	// Aggs are the distinct aggregate calls of the select list and HAVING.
	Aggs []*AggCall
	// Having filters emitted groups; nil when absent.
	Having Expr
	Emit   EmitMode
	// OrderBy orders each EMIT FINAL emission by output columns.
	OrderBy []OrderKey
	// Window makes the groups per time window; nil for none.
	Window *Window
}

// EmitMode is when an aggregation writes its groups.
type EmitMode int

const (
	EmitChanges EmitMode = iota // the updated group after every input row
	EmitFinal                   // every group once, when the input ends
)

func (m EmitMode) String() string { return [...]string{"CHANGES", "FINAL"}[m] }

// OrderKey is one ORDER BY item: an output column and its direction.
// NULLs sort first ascending (dialect.md), last descending.
type OrderKey struct {
	Output int
	Desc   bool
}

// AggCall is one aggregate function call, folded over a group's rows.
type AggCall struct {
	Name     string // canonical: COUNT, SUM, AVG, MIN, ... (aliases resolved)
	Star     bool   // COUNT(*)
	Distinct bool
	// Args are over the input row: the value, then any further arguments
	// (STRING_AGG's separator, a percentile's fraction), which are
	// constants.
	Args []Expr
	T    types.Type
	Null bool // the result may be NULL (no non-NULL input, or a sample too small)
	At   ast.Pos
}

// GroupKey is the value of the group's i-th key, in expressions after
// aggregation.
type GroupKey struct {
	Index int
	T     types.Type
	Null  bool
	At    ast.Pos
}

// AggValue is the value of the group's i-th aggregate, in expressions
// after aggregation.
type AggValue struct {
	Index int
	T     types.Type
	Null  bool
	At    ast.Pos
}

func (e *GroupKey) Type() types.Type { return e.T }
func (e *AggValue) Type() types.Type { return e.T }
func (e *GroupKey) Nullable() bool   { return e.Null }
func (e *AggValue) Nullable() bool   { return e.Null }
func (e *GroupKey) Pos() ast.Pos     { return e.At }
func (e *AggValue) Pos() ast.Pos     { return e.At }

// Window is an aggregation's time window (dialect.md "Time windows"):
// groups are per window, a window closes when the watermark passes its
// end plus the allowed lateness, and the end of the input closes every
// window.
type Window struct {
	Kind WindowKind
	// Size is the window's length (TUMBLING, SLIDING) or the session gap
	// (SESSION), in milliseconds; Advance is SLIDING's step.
	Size, Advance int64
	// Time is the record's event time over the input row, TIMESTAMP.
	Time Expr
}

// WindowKind is TUMBLING, SLIDING (and HOPPING) or SESSION.
type WindowKind int

const (
	Tumbling WindowKind = iota
	Sliding
	Session
)

func (k WindowKind) String() string { return [...]string{"TUMBLING", "SLIDING", "SESSION"}[k] }

// WindowBound is _window_start (End false) or _window_end of the group's
// window, in expressions after aggregation.
type WindowBound struct {
	End bool
	At  ast.Pos
}

func (e *WindowBound) Type() types.Type { return types.TimestampType }
func (e *WindowBound) Nullable() bool   { return false }
func (e *WindowBound) Pos() ast.Pos     { return e.At }

// Over is a job's row-window stage (dialect.md "Row windows (OVER)"):
// every OVER call of the select list, over partitions of the input in
// arrival order. Each input row produces one output row.
type Over struct {
	// Partition is the PARTITION BY of every call (one per job).
	Partition []Expr
	// Order is the ORDER BY every call's rows arrive in (dialect.md:
	// ORDER BY names the order the data arrives in); empty when no OVER
	// names one. A row that goes backwards in it is late.
	Order []OverOrder
	Calls []*OverCall
}

// OverOrder is one expression of an OVER's ORDER BY.
type OverOrder struct {
	X    Expr
	Desc bool
	// NullsFirst places NULL before every value (the default for ASC,
	// as in Flink; DESC puts NULLs last).
	NullsFirst bool
}

// OverCall is one window function over a partition's frame.
type OverCall struct {
	Name string // LAG, LEAD, ROW_NUMBER, the RANK family, NTILE, FIRST/LAST/NTH_VALUE, or an aggregate
	// Args are over the input row. For LAG and LEAD: the value, then the
	// default (nil if none).
	Args []Expr
	// Offset is LAG's and LEAD's k, NTH_VALUE's n and NTILE's number of
	// buckets.
	Offset int64
	// Rows bounds the frame to the last Rows rows, the current one
	// included; 0 means every row of the partition so far.
	Rows int64
	// Following is the frame's n FOLLOWING (0: it ends at the current
	// row). The row's value is then the value of the frame ending
	// Following rows later (Rows counts them), and its output waits for
	// them; the end of the input cuts the frame at the last row.
	Following int64
	// Agg is the aggregate computed over the frame, for aggregates.
	Agg  *AggCall
	T    types.Type
	Null bool
	At   ast.Pos
}

// OverValue is the value of the job's i-th OVER call for the current row.
type OverValue struct {
	Index int
	T     types.Type
	Null  bool
	At    ast.Pos
}

func (e *OverValue) Type() types.Type { return e.T }
func (e *OverValue) Nullable() bool   { return e.Null }
func (e *OverValue) Pos() ast.Pos     { return e.At }

// PaneWidth is the width of the panes a SLIDING window aggregates by, or
// 0: the input is folded into tumbling panes of the width that divides
// both the size and the advance, and a window's result merges its panes
// when it closes, so a record updates one group rather than
// size/advance of them. That needs EMIT FINAL (EMIT CHANGES writes every
// window a record changes) and aggregates whose states merge (not FIRST,
// LAST, STRING_AGG or COLLECT, which depend on the order of the rows).
func (a *Aggregate) PaneWidth() int64 {
	w := a.Window
	if w == nil || w.Kind != Sliding || a.Emit != EmitFinal {
		return 0
	}
	for _, c := range a.Aggs {
		switch c.Name {
		case "FIRST", "LAST", "STRING_AGG", "COLLECT":
			return 0
		}
	}
	x, y := w.Size, w.Advance
	for y != 0 {
		x, y = y, x%y
	}
	return x
}
