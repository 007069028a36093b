package optimize

import (
	"go/constant"
	"go/token"
	"math"
	"math/big"

	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/types"
	"github.com/velocsql/veloc/parser/ast"
)

// Fold evaluates constant sub-expressions of a job at compile time.
//
// Folding must give exactly what the generated code would compute at run
// time: FLOAT operands are rounded to float64 before each operation (so
// 0.1 + 0.2 folds to 0.30000000000000004, as it runs), DECIMAL results are
// rounded half away from zero to their type's scale, and INTEGER results
// that overflow int64, or division by a zero constant, are left for run
// time, where they make the record an error record as the spec says.
func Fold(j *plan.Job) {
	if j.Where != nil {
		j.Where = fold(j.Where)
		if lit, ok := j.Where.(*plan.Literal); ok && lit.Val != nil && constant.BoolVal(lit.Val) {
			j.Where = nil // WHERE TRUE
		}
	}
	for i := range j.Outputs {
		j.Outputs[i].Expr = fold(j.Outputs[i].Expr)
	}
	if a := j.Agg; a != nil {
		for i := range a.Keys {
			a.Keys[i] = fold(a.Keys[i])
		}
		for _, c := range a.Aggs {
			for i := range c.Args {
				c.Args[i] = fold(c.Args[i])
			}
		}
		if a.Having != nil {
			a.Having = fold(a.Having)
		}
		if a.Window != nil {
			a.Window.Time = fold(a.Window.Time)
		}
	}
}

func fold(e plan.Expr) plan.Expr {
	switch e := e.(type) {
	case *plan.Unary:
		e.X = fold(e.X)
		if x, ok := e.X.(*plan.Literal); ok {
			if x.Val == nil {
				return &plan.Literal{T: e.T, At: e.At}
			}
			if e.Op == ast.OpNot {
				return &plan.Literal{Val: constant.MakeBool(!constant.BoolVal(x.Val)), T: e.T, At: e.At}
			}
			if v, ok := checked(constant.UnaryOp(token.SUB, floatOperand(x), 0), e.T); ok {
				return &plan.Literal{Val: v, T: e.T, At: e.At}
			}
		}
		return e
	case *plan.Binary:
		e.X, e.Y = fold(e.X), fold(e.Y)
		if out := foldBinary(e); out != nil {
			return out
		}
		e.Null = e.X.Nullable() || e.Y.Nullable()
		return e
	case *plan.Convert:
		e.X = fold(e.X)
		if x, ok := e.X.(*plan.Literal); ok {
			if x.Val == nil {
				return &plan.Literal{T: e.T, At: x.At}
			}
			if v, ok := convertConst(x, e.T); ok {
				return &plan.Literal{Val: v, T: e.T, At: x.At}
			}
		}
		return e
	case *plan.Cast:
		e.X = fold(e.X)
		return e
	case *plan.Call:
		for i := range e.Args {
			e.Args[i] = fold(e.Args[i])
		}
		return e
	case *plan.Case:
		return foldCase(e)
	case *plan.In:
		e.X = fold(e.X)
		for i := range e.List {
			e.List[i] = fold(e.List[i])
		}
		return e
	case *plan.Like:
		e.X, e.Pattern = fold(e.X), fold(e.Pattern)
		return e
	case *plan.IsNull:
		e.X = fold(e.X)
		if lit, ok := e.X.(*plan.Literal); ok {
			return &plan.Literal{Val: constant.MakeBool((lit.Val == nil) != e.Not), T: types.BoolType, At: e.At}
		}
		if !e.X.Nullable() {
			return &plan.Literal{Val: constant.MakeBool(e.Not), T: types.BoolType, At: e.At}
		}
		return e
	case *plan.IsBool:
		e.X = fold(e.X)
		return e
	}
	return e
}

// foldBinary folds a binary operator with literal operands (and the
// three-valued identities of AND/OR with one literal side). It returns nil
// when the operator must run at run time.
func foldBinary(e *plan.Binary) plan.Expr {
	x, xl := e.X.(*plan.Literal)
	y, yl := e.Y.(*plan.Literal)
	switch e.Op {
	case ast.OpAnd, ast.OpOr:
		return foldLogic(e, x, y)
	}
	if !xl || !yl {
		return nil
	}
	if x.Val == nil || y.Val == nil {
		return &plan.Literal{T: e.T, At: e.At}
	}
	switch e.Op {
	case ast.OpEq, ast.OpNe, ast.OpLt, ast.OpLe, ast.OpGt, ast.OpGe:
		cmp := map[ast.Op]token.Token{ast.OpEq: token.EQL, ast.OpNe: token.NEQ, ast.OpLt: token.LSS,
			ast.OpLe: token.LEQ, ast.OpGt: token.GTR, ast.OpGe: token.GEQ}[e.Op]
		return &plan.Literal{Val: constant.MakeBool(constant.Compare(floatOperand(x), cmp, floatOperand(y))), T: types.BoolType, At: e.At}
	case ast.OpConcat:
		return &plan.Literal{Val: constant.MakeString(constant.StringVal(x.Val) + constant.StringVal(y.Val)), T: e.T, At: e.At}
	}
	if e.T.Kind != types.Int && e.T.Kind != types.Float && e.T.Kind != types.Decimal {
		return nil // time arithmetic: left to run time, where it is one integer operation anyway
	}
	xv, yv := floatOperand(x), floatOperand(y)
	if (e.Op == ast.OpDiv || e.Op == ast.OpMod) && constant.Sign(yv) == 0 {
		return nil // an error record at run time
	}
	var v constant.Value
	switch e.Op {
	case ast.OpAdd:
		v = constant.BinaryOp(xv, token.ADD, yv)
	case ast.OpSub:
		v = constant.BinaryOp(xv, token.SUB, yv)
	case ast.OpMul:
		v = constant.BinaryOp(xv, token.MUL, yv)
	case ast.OpDiv:
		if e.T.Kind == types.Int {
			v = constant.BinaryOp(xv, token.QUO_ASSIGN, yv) // integer division, truncating
		} else {
			v = constant.BinaryOp(xv, token.QUO, yv)
		}
	case ast.OpMod:
		if e.T.Kind != types.Int {
			return nil
		}
		v = constant.BinaryOp(xv, token.REM, yv)
	default:
		return nil
	}
	if v, ok := checked(v, e.T); ok {
		return &plan.Literal{Val: v, T: e.T, At: e.At}
	}
	return nil
}

// foldLogic applies the three-valued identities: FALSE AND x is FALSE,
// TRUE AND x is x (when x is BOOLEAN), TRUE OR x is TRUE, FALSE OR x is x.
func foldLogic(e *plan.Binary, x, y *plan.Literal) plan.Expr {
	and := e.Op == ast.OpAnd
	decide := func(lit *plan.Literal, other plan.Expr) plan.Expr {
		if lit == nil || lit.Val == nil {
			return nil
		}
		b := constant.BoolVal(lit.Val)
		if b != and { // FALSE AND _, TRUE OR _
			return &plan.Literal{Val: constant.MakeBool(b), T: types.BoolType, At: e.At}
		}
		return other // TRUE AND x, FALSE OR x
	}
	if out := decide(x, e.Y); out != nil {
		return out
	}
	if out := decide(y, e.X); out != nil {
		return out
	}
	if x != nil && y != nil { // both NULL
		return &plan.Literal{T: types.BoolType, At: e.At}
	}
	return nil
}

func foldCase(e *plan.Case) plan.Expr {
	var whens []plan.When
	for _, w := range e.Whens {
		cond, result := fold(w.Cond), fold(w.Result)
		if lit, ok := cond.(*plan.Literal); ok {
			if lit.Val == nil || !constant.BoolVal(lit.Val) {
				continue // never taken
			}
			if len(whens) == 0 {
				return result // always taken, first
			}
			e.Whens, e.Else = whens, result
			return e
		}
		whens = append(whens, plan.When{Cond: cond, Result: result})
	}
	if e.Else != nil {
		e.Else = fold(e.Else)
	}
	if len(whens) == 0 {
		if e.Else != nil {
			return e.Else
		}
		return &plan.Literal{T: e.T, At: e.At}
	}
	e.Whens = whens
	return e
}

// floatOperand returns a FLOAT literal's value rounded to float64, as the
// generated code holds it; other literals as they are.
func floatOperand(l *plan.Literal) constant.Value {
	if l.T.Kind == types.Float {
		f, _ := constant.Float64Val(l.Val)
		return constant.MakeFloat64(f)
	}
	return l.Val
}

// checked returns v in the representation of type t, or false when it
// cannot be a constant of t (an INTEGER overflow, a DECIMAL that does not
// fit its precision, a non-finite FLOAT).
func checked(v constant.Value, t types.Type) (constant.Value, bool) {
	switch t.Kind {
	case types.Int, types.Interval, types.Timestamp:
		if v.Kind() != constant.Int {
			return nil, false
		}
		_, exact := constant.Int64Val(v)
		return v, exact
	case types.Float:
		f, _ := constant.Float64Val(v)
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, false
		}
		return constant.MakeFloat64(f), true
	case types.Decimal:
		r := roundHalfAway(v, int(t.Scale))
		if r == nil {
			return nil, false
		}
		limit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(t.Precision)), nil)
		if new(big.Int).Abs(r).Cmp(limit) >= 0 {
			return nil, false
		}
		return constant.BinaryOp(constant.Make(r), token.QUO, constant.Make(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(t.Scale)), nil))), true
	}
	return v, true
}

// roundHalfAway returns v × 10^scale rounded half away from zero, as an
// integer mantissa.
func roundHalfAway(v constant.Value, scale int) *big.Int {
	var r big.Rat
	switch x := constant.Val(constant.ToFloat(v)).(type) {
	case int64:
		r.SetInt64(x)
	case *big.Int:
		r.SetInt(x)
	case *big.Rat:
		r.Set(x)
	case *big.Float:
		if _, acc := x.Rat(&r); acc != big.Exact {
			return nil
		}
	default:
		return nil
	}
	r.Mul(&r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)))
	num, den := r.Num(), r.Denom()
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	// |m|*2 >= den → round away from zero.
	if new(big.Int).Mul(new(big.Int).Abs(m), big.NewInt(2)).Cmp(den) >= 0 {
		if num.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}

// convertConst converts a literal for a Convert node.
func convertConst(x *plan.Literal, t types.Type) (constant.Value, bool) {
	switch t.Kind {
	case types.Float:
		return checked(constant.ToFloat(x.Val), t)
	case types.Decimal:
		if x.T.Kind == types.Float {
			return checked(floatOperand(x), t)
		}
		return checked(x.Val, t)
	case types.String:
		if x.T.Kind == types.String {
			return x.Val, true
		}
	}
	return nil, false
}
