package compiler

import (
	"math"
	"strings"

	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/types"
	"github.com/velocsql/veloc/parser/ast"
)

// joinSource resolves the FROM source of a query with joins. When the
// first JOIN names a stream (an interval join), both sides are read in
// process: a declared stream source through its load job, so that the
// join can take the rows of the two streams in event-time order.
func (c *compiler) joinSource(sel *ast.Select, props []plan.Prop, j *plan.Job) *plan.Source {
	ref := sel.From
	if ref.Subquery != nil {
		c.errorf(ref.Pos, "a subquery in FROM cannot be joined yet: create it with CREATE STREAM ... AS SELECT and join that")
		return nil
	}
	key := strings.ToLower(ref.Name.Name)
	decl := c.decls[key]
	if decl != nil && decl.stmt.Kind == ast.TableKind || decl == nil && c.produced[key] != nil && c.produced[key].Kind == plan.TableJob {
		c.errorf(ref.Name.Pos, "%s is a table; a join reads a stream in FROM and joins tables to it", ref.Name.Name)
		return nil
	}
	if !c.joinsStream(sel.Joins[0].Source) || decl == nil {
		return c.source(ref, props, j)
	}
	load := c.loadJob(decl)
	if load == nil {
		return nil
	}
	src := &plan.Source{Name: ref.Name.Name, Kind: plan.StreamSource, Producer: load, Schema: outputSchema(load)}
	if ref.Alias != nil {
		src.Alias = ref.Alias.Name
	}
	load.Consumers = appendOnce(load.Consumers, j)
	return src
}

// joinsStream reports whether a JOIN source names a stream (declared or
// created by an earlier statement).
func (c *compiler) joinsStream(ref *ast.TableRef) bool {
	if ref.Name == nil {
		return false
	}
	key := strings.ToLower(ref.Name.Name)
	if d := c.decls[key]; d != nil {
		return d.stmt.Kind != ast.TableKind
	}
	p := c.produced[key]
	return p != nil && p.Kind != plan.TableJob
}

// intervalJoin compiles a stream–stream join (dialect.md): ON must hold
// a time bound between the two streams' event times, which bounds how
// long each side's rows are kept.
func (c *compiler) intervalJoin(k *checker, jn *ast.Join, side joinSide, j *plan.Job) bool {
	if side.stream == j.Source.Producer {
		c.errorf(jn.Source.Pos, "joining stream %s with itself is not supported yet: create a copy with CREATE STREAM ... AS SELECT and join that", jn.Source.Name.Name)
		return false
	}
	ss := addSlot(j, jn.Source, side)
	side.stream.Consumers = appendOnce(side.stream.Consumers, j)
	k.sc.slots = append(k.sc.slots, ss)
	k.clause = "ON"
	on := k.boolean(k.expr(jn.On), "ON")
	if isInvalid(on) {
		return false
	}
	ij := &plan.IntervalJoin{Kind: jn.Kind, Right: ss.slot, On: on, At: jn.Pos, Lo: math.MinInt64, Hi: math.MaxInt64}
	src := &plan.Source{Name: jn.Source.Name.Name, Kind: plan.StreamSource, Producer: side.stream, Schema: outputSchema(side.stream)}
	ij.Source = src
	for _, x := range conjuncts(on) {
		b, ok := x.(*plan.Binary)
		if !ok {
			continue
		}
		if b.Op == ast.OpEq && b.X.Type().Kind != types.Timestamp {
			lx, rx := sideOf(b.X, ss.slot), sideOf(b.Y, ss.slot)
			switch {
			case lx == leftSide && rx == rightSide:
				ij.LeftKey, ij.RightKey = append(ij.LeftKey, b.X), append(ij.RightKey, b.Y)
			case lx == rightSide && rx == leftSide:
				ij.LeftKey, ij.RightKey = append(ij.LeftKey, b.Y), append(ij.RightKey, b.X)
			}
			continue
		}
		c.timeBound(b, ss.slot, ij)
	}
	if ij.Lo == math.MinInt64 || ij.Hi == math.MaxInt64 {
		c.errorf(jn.Pos, "a stream–stream join needs a time bound in ON on both sides' event times, e.g. AND %s.ts BETWEEN %s.ts AND %s.ts + INTERVAL '1' HOUR; without one it would keep every row of both streams forever",
			ss.qualifiers[len(ss.qualifiers)-1], k.sc.qualifiers[len(k.sc.qualifiers)-1], k.sc.qualifiers[len(k.sc.qualifiers)-1])
		return false
	}
	if ij.Lo > ij.Hi {
		c.errorf(jn.On.Start(), "the time bound of this join is empty: no pair of rows can satisfy it")
		return false
	}
	switch jn.Kind {
	case ast.LeftJoin:
		ss.outer = true
	case ast.RightJoin:
		k.sc.mainNull = true
	case ast.FullJoin:
		ss.outer, k.sc.mainNull = true, true
	}
	j.Interval = ij
	c.watermarkProps(j, j.Props)
	return true
}

const (
	noSide = iota
	leftSide
	rightSide
	bothSides
)

// sideOf says which stream an expression reads.
func sideOf(e plan.Expr, right int) int {
	s := noSide
	plan.Walk(e, func(x plan.Expr) bool {
		var this int
		switch x := x.(type) {
		case *plan.Column:
			this = leftSide
		case *plan.JoinColumn:
			if x.Slot == right {
				this = rightSide
			}
		case *plan.SystemColumn, *plan.Subquery:
			this = bothSides
		}
		if this != noSide {
			if s == noSide {
				s = this
			} else if s != this {
				s = bothSides
			}
		}
		return true
	})
	return s
}

// timeBound reads one comparison of ON as a bound on right.t − left.t,
// when it compares a TIMESTAMP column of each side, each plus or minus
// an INTERVAL constant.
func (c *compiler) timeBound(b *plan.Binary, right int, ij *plan.IntervalJoin) {
	switch b.Op {
	case ast.OpLt, ast.OpLe, ast.OpGt, ast.OpGe:
	default:
		return
	}
	xc, xs, xo, ok1 := timeTerm(b.X, right)
	yc, ys, yo, ok2 := timeTerm(b.Y, right)
	if !ok1 || !ok2 || xs == ys {
		return
	}
	op := b.Op
	// rc + ro OP lc + lo  ⇔  rc − lc OP lo − ro
	rc, ro, lc, lo := xc, xo, yc, yo
	if xs == leftSide {
		rc, ro, lc, lo = yc, yo, xc, xo
		op = map[ast.Op]ast.Op{ast.OpLt: ast.OpGt, ast.OpLe: ast.OpGe, ast.OpGt: ast.OpLt, ast.OpGe: ast.OpLe}[op]
	}
	if ij.LeftTime == nil {
		ij.LeftTime, ij.RightTime = lc, rc
	} else if plan.String(ij.LeftTime) != plan.String(lc) || plan.String(ij.RightTime) != plan.String(rc) {
		c.errorf(b.At, "the time bound compares %s and %s, but an earlier one compares %s and %s: bound one event time per stream", plan.String(lc), plan.String(rc), plan.String(ij.LeftTime), plan.String(ij.RightTime))
		return
	}
	v := lo - ro
	switch op {
	case ast.OpGe:
		ij.Lo = max(ij.Lo, v)
	case ast.OpGt:
		ij.Lo = max(ij.Lo, v+1)
	case ast.OpLe:
		ij.Hi = min(ij.Hi, v)
	case ast.OpLt:
		ij.Hi = min(ij.Hi, v-1)
	}
}

// timeTerm reads `col`, `col + INTERVAL` or `col - INTERVAL` where col is
// a TIMESTAMP column of one side.
func timeTerm(e plan.Expr, right int) (col plan.Expr, side int, off int64, ok bool) {
	switch e := e.(type) {
	case *plan.Column:
		return e, leftSide, 0, e.T.Kind == types.Timestamp
	case *plan.JoinColumn:
		return e, rightSide, 0, e.Slot == right && e.T.Kind == types.Timestamp
	case *plan.Binary:
		if e.Op != ast.OpAdd && e.Op != ast.OpSub {
			return nil, 0, 0, false
		}
		ms, isLit := literalMillis(e.Y)
		if !isLit || e.Y.Type().Kind != types.Interval {
			return nil, 0, 0, false
		}
		col, side, off, ok = timeTerm(e.X, right)
		if e.Op == ast.OpSub {
			ms = -ms
		}
		return col, side, off + ms, ok
	}
	return nil, 0, 0, false
}
