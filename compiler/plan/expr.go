// Package plan holds veloc's typed logical plan: what the compiler hands
// to code generation. A Program is the jobs of one SQL file; a Job is a
// fixed pipeline of optional stages (source → filter → project → limit →
// sink, with aggregation, windows and joins joining as they land) whose
// expressions are fully typed, with implicit conversions made explicit.
//
// Nothing here knows about Go: codegen decides representation. Nothing
// here knows about SQL text either, except positions for messages.
package plan

import (
	"go/constant"

	"github.com/velocsql/veloc/compiler/types"
	"github.com/velocsql/veloc/parser/ast"
)

// Expr is a typed expression evaluated over one input row.
//
// Invariants the checker guarantees, so codegen need not re-check:
//   - operands of arithmetic and comparison have the same Kind (INTEGER,
//     FLOAT, DECIMAL, STRING, TIMESTAMP, ...); DECIMAL operands may differ
//     in scale, and codegen rescales as types.Arith describes;
//   - a Convert node makes every implicit widening explicit;
//   - a non-nullable expression never yields NULL, so codegen can skip
//     validity flags for it.
type Expr interface {
	Type() types.Type
	// Nullable reports whether the expression may evaluate to NULL.
	Nullable() bool
	// Pos is where the expression starts in the SQL (for messages).
	Pos() ast.Pos
}

// Column reads column Index of the job's input row (Job.Input).
type Column struct {
	Index int
	Name  string
	T     types.Type
	Null  bool
	At    ast.Pos
}

// SystemColumn reads a system column of the input record (dialect.md):
// _timestamp, _offset, _partition, _key, _topic, _event_time.
type SystemColumn struct {
	Name string // lower-case, with the underscore
	T    types.Type
	Null bool
	At   ast.Pos
}

// Literal is a constant. Val is nil for NULL; otherwise an exact
// go/constant value: Bool for BOOLEAN, String for STRING, Int for INTEGER,
// TIMESTAMP (ms), DATE (days) and INTERVAL (ms), and an exact Int or Float
// (rational) for DECIMAL and FLOAT. Exactness lets constant folding follow
// the decimal rules without rounding surprises.
type Literal struct {
	Val constant.Value
	T   types.Type
	At  ast.Pos
}

// Unary is -X (numeric, INTERVAL) or NOT X (BOOLEAN, three-valued).
type Unary struct {
	Op ast.Op // ast.OpNeg or ast.OpNot
	X  Expr
	T  types.Type
	At ast.Pos
}

// Binary is an arithmetic, comparison, logical or concatenation operator.
//   - + - * / %: numbers (result per types.Arith); TIMESTAMP ± INTERVAL →
//     TIMESTAMP; TIMESTAMP − TIMESTAMP → INTERVAL. INTEGER / and % truncate
//     toward zero; division or modulo by zero makes the record an error
//     record (never NULL, never a panic).
//   - = <> < <= > >=: operands of one Kind (DECIMAL scales may differ and
//     compare exactly); NULL if either side is NULL.
//   - AND, OR: three-valued (NULL AND FALSE is FALSE, NULL OR TRUE is TRUE).
//   - ||: strings; NULL if either side is NULL.
type Binary struct {
	Op   ast.Op
	X, Y Expr
	T    types.Type
	Null bool
	At   ast.Pos // the operator
}

// Convert is an implicit widening the checker inserted: INTEGER → FLOAT,
// INTEGER → DECIMAL, DECIMAL → FLOAT, DECIMAL(p,s) → DECIMAL(p',s') with
// s' ≥ s (exact), NULL → any type. It never fails.
type Convert struct {
	X Expr
	T types.Type
}

// Cast is CAST(X AS T) or TRY_CAST. A failed CAST makes the record an
// error record; a failed TRY_CAST is NULL (so a TRY_CAST is nullable).
type Cast struct {
	X   Expr
	T   types.Type
	Try bool
	At  ast.Pos
}

// Call is a call of a scalar function from the registry (compiler
// functions.go). Name is the registry's canonical upper-case name, so
// codegen dispatches on it; aliases are resolved already.
type Call struct {
	Name string
	Args []Expr
	T    types.Type
	Null bool
	At   ast.Pos
}

// Case is a searched CASE; the simple form `CASE x WHEN v` is lowered to
// `CASE WHEN x = v`. Results are converted to T. Else is nil when absent
// (then the CASE is NULL when no arm matches).
type Case struct {
	Whens []When
	Else  Expr
	T     types.Type
	Null  bool
	At    ast.Pos
}

// When is one arm of a Case.
type When struct {
	Cond   Expr // BOOLEAN; an arm is taken only when Cond is TRUE
	Result Expr
}

// In is X [NOT] IN (List), with every element converted to X's type.
// Three-valued: TRUE if X equals an element; else NULL if X or any element
// is NULL; else FALSE. NOT IN negates that.
type In struct {
	X    Expr
	List []Expr
	Not  bool
	Null bool
	At   ast.Pos
}

// Like is X [NOT] LIKE Pattern [ESCAPE Escape] (case-sensitive; % and _).
type Like struct {
	X, Pattern Expr
	Escape     Expr // nil when absent
	Not        bool
	Null       bool
	At         ast.Pos
}

// IsNull is X IS [NOT] NULL; never NULL itself.
type IsNull struct {
	X   Expr
	Not bool
	At  ast.Pos
}

// IsBool is X IS [NOT] TRUE / FALSE; never NULL itself.
type IsBool struct {
	X     Expr
	Value bool // TRUE or FALSE
	Not   bool
	At    ast.Pos
}

func (e *Column) Type() types.Type       { return e.T }
func (e *SystemColumn) Type() types.Type { return e.T }
func (e *Literal) Type() types.Type      { return e.T }
func (e *Unary) Type() types.Type        { return e.T }
func (e *Binary) Type() types.Type       { return e.T }
func (e *Convert) Type() types.Type      { return e.T }
func (e *Cast) Type() types.Type         { return e.T }
func (e *Call) Type() types.Type         { return e.T }
func (e *Case) Type() types.Type         { return e.T }
func (e *In) Type() types.Type           { return types.BoolType }
func (e *Like) Type() types.Type         { return types.BoolType }
func (e *IsNull) Type() types.Type       { return types.BoolType }
func (e *IsBool) Type() types.Type       { return types.BoolType }

func (e *Column) Nullable() bool       { return e.Null }
func (e *SystemColumn) Nullable() bool { return e.Null }
func (e *Literal) Nullable() bool      { return e.Val == nil }
func (e *Unary) Nullable() bool        { return e.X.Nullable() }
func (e *Binary) Nullable() bool       { return e.Null }
func (e *Convert) Nullable() bool      { return e.X.Nullable() }
func (e *Cast) Nullable() bool         { return e.Try || e.X.Nullable() }
func (e *Call) Nullable() bool         { return e.Null }
func (e *Case) Nullable() bool         { return e.Null }
func (e *In) Nullable() bool           { return e.Null }
func (e *Like) Nullable() bool         { return e.Null }
func (e *IsNull) Nullable() bool       { return false }
func (e *IsBool) Nullable() bool       { return false }

func (e *Column) Pos() ast.Pos       { return e.At }
func (e *SystemColumn) Pos() ast.Pos { return e.At }
func (e *Literal) Pos() ast.Pos      { return e.At }
func (e *Unary) Pos() ast.Pos        { return e.At }
func (e *Binary) Pos() ast.Pos       { return e.At }
func (e *Convert) Pos() ast.Pos      { return e.X.Pos() }
func (e *Cast) Pos() ast.Pos         { return e.At }
func (e *Call) Pos() ast.Pos         { return e.At }
func (e *Case) Pos() ast.Pos         { return e.At }
func (e *In) Pos() ast.Pos           { return e.At }
func (e *Like) Pos() ast.Pos         { return e.At }
func (e *IsNull) Pos() ast.Pos       { return e.At }
func (e *IsBool) Pos() ast.Pos       { return e.At }

// Walk calls fn for e and each sub-expression, depth first, parents
// before children. fn returning false skips e's children.
func Walk(e Expr, fn func(Expr) bool) {
	if e == nil || !fn(e) {
		return
	}
	switch e := e.(type) {
	case *Unary:
		Walk(e.X, fn)
	case *Binary:
		Walk(e.X, fn)
		Walk(e.Y, fn)
	case *Convert:
		Walk(e.X, fn)
	case *Cast:
		Walk(e.X, fn)
	case *Call:
		for _, a := range e.Args {
			Walk(a, fn)
		}
	case *Case:
		for _, w := range e.Whens {
			Walk(w.Cond, fn)
			Walk(w.Result, fn)
		}
		Walk(e.Else, fn)
	case *In:
		Walk(e.X, fn)
		for _, a := range e.List {
			Walk(a, fn)
		}
	case *Like:
		Walk(e.X, fn)
		Walk(e.Pattern, fn)
		Walk(e.Escape, fn)
	case *IsNull:
		Walk(e.X, fn)
	case *IsBool:
		Walk(e.X, fn)
	case *Subquery:
		walkSubquery(e, fn)
	}
}

// Columns returns the input-row column indexes e reads, in first-use order.
func Columns(e Expr) []int {
	var out []int
	seen := map[int]bool{}
	Walk(e, func(x Expr) bool {
		if c, ok := x.(*Column); ok && !seen[c.Index] {
			seen[c.Index] = true
			out = append(out, c.Index)
		}
		return true
	})
	return out
}
