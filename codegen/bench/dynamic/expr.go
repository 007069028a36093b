// Package dynamic is the baseline of veloc's benchmarks: a small SQL
// evaluator written the way a dynamic engine is, to measure the generated
// programs against.
//
// A record is a Row, a map from column name to value; a value is nil (SQL
// NULL), bool, int64, float64 or string. An expression is a tree of Expr
// nodes that Eval walks for every record, switching on the dynamic types of
// the values it meets. A GROUP BY (GroupQuery, RunGroupByCSV) keeps its
// groups in a map keyed by a string built from the key values' text, each
// with one accumulator object per aggregate behind an interface. Nothing
// is specialised to the query or the schema ahead of time: that is the
// design under test, not a strawman. Within it
// the code avoids needless work (buffered I/O, one Row map reused across
// records, no per-call argument slices), so the benchmark compares designs,
// not care.
//
// The semantics follow veloc's dialect where the benchmark queries need
// them: three-valued logic, NULL in arithmetic and comparison gives NULL,
// INTEGER arithmetic is overflow-checked and truncates on division,
// division by zero fails the record, WHERE keeps a row only when the
// condition is TRUE. A record that fails (a type error, an overflow, a
// value that does not parse) is counted and skipped, as the generated
// programs do under the default error policy.
package dynamic

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// Row is one record: column name → value (nil, bool, int64, float64 or
// string).
type Row = map[string]any

// Expr is a node of an expression tree.
type Expr interface {
	// Eval computes the node's value for one record. An error fails the
	// record.
	Eval(row Row) (any, error)
}

// Named is an output column: its name and the expression computing it.
type Named struct {
	Name string
	Expr Expr
}

// Query is a stateless query: keep the rows where Where is TRUE (every row
// when Where is nil) and write Select for each of them.
type Query struct {
	Where  Expr
	Select []Named
}

// Col reads a column of the row; an absent column is NULL.
type Col struct{ Name string }

// Eval implements Expr.
func (c Col) Eval(row Row) (any, error) { return row[c.Name], nil }

// Lit is a constant.
type Lit struct{ V any }

// Eval implements Expr.
func (l Lit) Eval(Row) (any, error) { return l.V, nil }

// ArithOp is an arithmetic operator.
type ArithOp byte

// The arithmetic operators.
const (
	Add ArithOp = '+'
	Sub ArithOp = '-'
	Mul ArithOp = '*'
	Div ArithOp = '/'
	Mod ArithOp = '%'
)

// Arith is L op R on numbers: INTEGER op INTEGER is INTEGER (checked for
// overflow; / and % truncate toward zero), anything with a FLOAT is FLOAT.
type Arith struct {
	Op   ArithOp
	L, R Expr
}

var (
	errDivZero  = errors.New("division by zero")
	errOverflow = errors.New("integer overflow")
)

// Eval implements Expr.
func (a Arith) Eval(row Row) (any, error) {
	l, err := a.L.Eval(row)
	if err != nil {
		return nil, err
	}
	r, err := a.R.Eval(row)
	if err != nil {
		return nil, err
	}
	if l == nil || r == nil {
		return nil, nil
	}
	if li, ok := l.(int64); ok {
		if ri, ok := r.(int64); ok {
			return intArith(a.Op, li, ri)
		}
	}
	lf, lok := toFloat(l)
	rf, rok := toFloat(r)
	if !lok || !rok {
		return nil, fmt.Errorf("cannot compute %T %c %T", l, a.Op, r)
	}
	switch a.Op {
	case Add:
		return lf + rf, nil
	case Sub:
		return lf - rf, nil
	case Mul:
		return lf * rf, nil
	case Div:
		if rf == 0 {
			return nil, errDivZero
		}
		return lf / rf, nil
	case Mod:
		if rf == 0 {
			return nil, errDivZero
		}
		return math.Mod(lf, rf), nil
	}
	return nil, fmt.Errorf("unknown operator %c", a.Op)
}

func intArith(op ArithOp, a, b int64) (any, error) {
	switch op {
	case Add:
		c := a + b
		if (c > a) != (b > 0) {
			return nil, errOverflow
		}
		return c, nil
	case Sub:
		c := a - b
		if (c < a) != (b > 0) {
			return nil, errOverflow
		}
		return c, nil
	case Mul:
		if a == 0 || b == 0 {
			return int64(0), nil
		}
		c := a * b
		if c/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
			return nil, errOverflow
		}
		return c, nil
	case Div:
		if b == 0 {
			return nil, errDivZero
		}
		if a == math.MinInt64 && b == -1 {
			return nil, errOverflow
		}
		return a / b, nil
	case Mod:
		if b == 0 {
			return nil, errDivZero
		}
		if b == -1 {
			return int64(0), nil
		}
		return a % b, nil
	}
	return nil, fmt.Errorf("unknown operator %c", op)
}

func toFloat(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case int64:
		return float64(v), true
	}
	return 0, false
}

// CmpOp is a comparison operator.
type CmpOp byte

// The comparison operators.
const (
	Eq CmpOp = iota
	Ne
	Lt
	Le
	Gt
	Ge
)

var cmpNames = [...]string{Eq: "=", Ne: "<>", Lt: "<", Le: "<=", Gt: ">", Ge: ">="}

// Cmp compares L and R: numbers with numbers (INTEGER and FLOAT mixed),
// strings with strings (byte order), booleans with booleans. NULL on
// either side gives NULL.
type Cmp struct {
	Op   CmpOp
	L, R Expr
}

// Eval implements Expr.
func (c Cmp) Eval(row Row) (any, error) {
	l, err := c.L.Eval(row)
	if err != nil {
		return nil, err
	}
	r, err := c.R.Eval(row)
	if err != nil {
		return nil, err
	}
	if l == nil || r == nil {
		return nil, nil
	}
	var d int
	switch lv := l.(type) {
	case int64:
		switch rv := r.(type) {
		case int64:
			d = cmp3(lv, rv)
		case float64:
			d = cmp3(float64(lv), rv)
		default:
			return nil, c.mismatch(l, r)
		}
	case float64:
		rf, ok := toFloat(r)
		if !ok {
			return nil, c.mismatch(l, r)
		}
		if lv != lv || rf != rf { // NaN: only <> holds
			return c.Op == Ne, nil
		}
		d = cmp3(lv, rf)
	case string:
		rv, ok := r.(string)
		if !ok {
			return nil, c.mismatch(l, r)
		}
		d = strings.Compare(lv, rv)
	case bool:
		rv, ok := r.(bool)
		if !ok {
			return nil, c.mismatch(l, r)
		}
		d = cmp3(b2i(lv), b2i(rv))
	default:
		return nil, c.mismatch(l, r)
	}
	switch c.Op {
	case Eq:
		return d == 0, nil
	case Ne:
		return d != 0, nil
	case Lt:
		return d < 0, nil
	case Le:
		return d <= 0, nil
	case Gt:
		return d > 0, nil
	case Ge:
		return d >= 0, nil
	}
	return nil, fmt.Errorf("unknown comparison %d", c.Op)
}

func (c Cmp) mismatch(l, r any) error {
	return fmt.Errorf("cannot compare %T %s %T", l, cmpNames[c.Op], r)
}

func cmp3[T int64 | float64 | int](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// truth reads a value as a condition: true, false or NULL (ok is false for
// a value that is not a boolean).
func truth(v any) (val, null, ok bool) {
	switch v := v.(type) {
	case nil:
		return false, true, true
	case bool:
		return v, false, true
	}
	return false, false, false
}

// And is L AND R with three-valued logic: FALSE wins over NULL.
type And struct{ L, R Expr }

// Eval implements Expr.
func (a And) Eval(row Row) (any, error) {
	l, err := a.L.Eval(row)
	if err != nil {
		return nil, err
	}
	lv, lnull, ok := truth(l)
	if !ok {
		return nil, fmt.Errorf("AND of %T", l)
	}
	if !lv && !lnull {
		return false, nil
	}
	r, err := a.R.Eval(row)
	if err != nil {
		return nil, err
	}
	rv, rnull, ok := truth(r)
	if !ok {
		return nil, fmt.Errorf("AND of %T", r)
	}
	switch {
	case !rv && !rnull:
		return false, nil
	case lnull || rnull:
		return nil, nil
	}
	return true, nil
}

// Or is L OR R with three-valued logic: TRUE wins over NULL.
type Or struct{ L, R Expr }

// Eval implements Expr.
func (o Or) Eval(row Row) (any, error) {
	l, err := o.L.Eval(row)
	if err != nil {
		return nil, err
	}
	lv, lnull, ok := truth(l)
	if !ok {
		return nil, fmt.Errorf("OR of %T", l)
	}
	if lv {
		return true, nil
	}
	r, err := o.R.Eval(row)
	if err != nil {
		return nil, err
	}
	rv, rnull, ok := truth(r)
	if !ok {
		return nil, fmt.Errorf("OR of %T", r)
	}
	switch {
	case rv:
		return true, nil
	case lnull || rnull:
		return nil, nil
	}
	return false, nil
}

// Not is NOT X: NOT NULL is NULL.
type Not struct{ X Expr }

// Eval implements Expr.
func (n Not) Eval(row Row) (any, error) {
	x, err := n.X.Eval(row)
	if err != nil {
		return nil, err
	}
	v, null, ok := truth(x)
	if !ok {
		return nil, fmt.Errorf("NOT of %T", x)
	}
	if null {
		return nil, nil
	}
	return !v, nil
}

// IsNull is X IS NULL (or X IS NOT NULL when Negate): never NULL itself.
type IsNull struct {
	X      Expr
	Negate bool
}

// Eval implements Expr.
func (n IsNull) Eval(row Row) (any, error) {
	x, err := n.X.Eval(row)
	if err != nil {
		return nil, err
	}
	return (x == nil) != n.Negate, nil
}

// Func1 is a call of a one-argument function. Like SQL's scalar functions
// it gives NULL for a NULL argument without calling F.
type Func1 struct {
	Name string
	F    func(any) (any, error)
	Arg  Expr
}

// Eval implements Expr.
func (f Func1) Eval(row Row) (any, error) {
	x, err := f.Arg.Eval(row)
	if err != nil || x == nil {
		return nil, err
	}
	return f.F(x)
}

// Upper is UPPER(x).
func Upper(x Expr) Expr { return Func1{Name: "UPPER", F: upper, Arg: x} }

// Lower is LOWER(x).
func Lower(x Expr) Expr { return Func1{Name: "LOWER", F: lower, Arg: x} }

// Abs is ABS(x).
func Abs(x Expr) Expr { return Func1{Name: "ABS", F: abs, Arg: x} }

func upper(v any) (any, error) {
	s, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("UPPER of %T", v)
	}
	return strings.ToUpper(s), nil
}

func lower(v any) (any, error) {
	s, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("LOWER of %T", v)
	}
	return strings.ToLower(s), nil
}

func abs(v any) (any, error) {
	switch v := v.(type) {
	case int64:
		if v == math.MinInt64 {
			return nil, errOverflow
		}
		if v < 0 {
			return -v, nil
		}
		return v, nil
	case float64:
		return math.Abs(v), nil
	}
	return nil, fmt.Errorf("ABS of %T", v)
}
