package compiler

import (
	"go/constant"
	"strings"

	"github.com/velocsql/veloc/compiler/plan"
	"github.com/velocsql/veloc/compiler/types"
	"github.com/velocsql/veloc/parser/ast"
)

// slotScope makes the columns of a slot (a joined table or stream, or a
// subquery's table) reachable by name in a query.
type slotScope struct {
	slot       int
	qualifiers []string
	cols       []plan.ColumnInfo
	// outer is set once the slot's row may be missing (after the ON of a
	// LEFT join): its columns are then nullable.
	outer bool
}

func (s *slotScope) lookup(name *ast.Ident) (int, bool) {
	for i, c := range s.cols {
		if c.Name == name.Name || !name.Quoted && strings.EqualFold(c.Name, name.Name) {
			return i, true
		}
	}
	return 0, false
}

func (s *slotScope) qualifies(q *ast.Ident) bool {
	for _, n := range s.qualifiers {
		if n != "" && (q.Name == n || !q.Quoted && strings.EqualFold(q.Name, n)) {
			return true
		}
	}
	return false
}

func (s *slotScope) column(i int, at ast.Pos) *plan.JoinColumn {
	c := s.cols[i]
	return &plan.JoinColumn{Slot: s.slot, Index: i, Name: c.Name, Qualifier: s.qualifiers[len(s.qualifiers)-1], T: c.T, Null: c.Null || s.outer, At: at}
}

// slotColumn resolves a column reference to a slot's column: a name
// qualified by a slot's alias, or an unqualified name of a subquery's
// table (innermost first) or, when the source has no such column, of a
// joined table. ok is false when the reference is not a slot's.
func (k *checker) slotColumn(e *ast.ColumnRef) (plan.Expr, bool) {
	all := append(append([]*slotScope{}, k.sc.inner...), k.sc.slots...)
	if len(all) == 0 {
		return nil, false
	}
	if q := e.Qualifier; q != nil {
		if k.qualifies(q) {
			return nil, false
		}
		for i := len(k.sc.inner) - 1; i >= 0; i-- { // innermost first
			if s := k.sc.inner[i]; s.qualifies(q) {
				return k.slotLookup(s, e), true
			}
		}
		for _, s := range k.sc.slots {
			if s.qualifies(q) {
				return k.slotLookup(s, e), true
			}
		}
		return nil, false
	}
	for i := len(k.sc.inner) - 1; i >= 0; i-- {
		if c, ok := k.sc.inner[i].lookup(e.Name); ok {
			return k.sc.inner[i].column(c, e.Start()), true
		}
	}
	_, inSource := k.sc.source.Schema.Lookup(e.Name.Name, e.Name.Quoted)
	var found []*slotScope
	for _, s := range k.sc.slots {
		if _, ok := s.lookup(e.Name); ok {
			found = append(found, s)
		}
	}
	switch {
	case len(found) == 0:
		return nil, false
	case len(found) == 1 && !inSource:
		c, _ := found[0].lookup(e.Name)
		return found[0].column(c, e.Start()), true
	}
	names := []string{}
	if inSource {
		names = append(names, k.sc.qualifiers[len(k.sc.qualifiers)-1]+"."+e.Name.Name)
	}
	for _, s := range found {
		names = append(names, s.qualifiers[len(s.qualifiers)-1]+"."+e.Name.Name)
	}
	k.errorf(e.Name.Pos, "column %s is ambiguous: qualify it (%s)", e.Name.Name, strings.Join(names, " or "))
	return bad(e.Start()), true
}

func (k *checker) slotLookup(s *slotScope, e *ast.ColumnRef) plan.Expr {
	if i, ok := s.lookup(e.Name); ok {
		return s.column(i, e.Start())
	}
	names := make([]string, len(s.cols))
	for i, c := range s.cols {
		names[i] = c.Name
	}
	k.errorf(e.Name.Pos, "unknown column %s in %s (%s)%s", e.Name.Name, e.Qualifier.Name, strings.Join(names, ", "), didYouMean(e.Name.Name, names))
	return bad(e.Start())
}

// joinSide is what a JOIN or a subquery's FROM names: a table, or a
// stream read in process.
type joinSide struct {
	table  *plan.Table
	stream *plan.Job // the job whose output is the stream
	cols   []plan.ColumnInfo
}

// side resolves the source a JOIN names. A table is a declared table
// source (CREATE TABLE t (..., PRIMARY KEY (k)) WITH (...)), read by a load
// job the compiler adds, or a CREATE TABLE ... AS SELECT of this file. A
// stream is a declared stream source (read by a load job, so that the
// join reads both sides in process) or a CREATE STREAM ... AS SELECT.
func (c *compiler) side(ref *ast.TableRef) (joinSide, bool) {
	if ref.Subquery != nil {
		c.errorf(ref.Pos, "a subquery as a JOIN source is not supported yet: create it as a table or stream with CREATE TABLE/STREAM ... AS SELECT and join that")
		return joinSide{}, false
	}
	name := ref.Name
	key := strings.ToLower(name.Name)
	decl := c.decls[key]
	if p := c.produced[key]; p != nil && decl == nil {
		out := joinSide{cols: outputColumns(p)}
		if p.Kind != plan.TableJob {
			out.stream = p
			return out, true
		}
		t := &plan.Table{Name: name.Name, Producer: p}
		for i, o := range p.Outputs {
			if o.PrimaryKey {
				t.Key = append(t.Key, i)
			}
		}
		if len(t.Key) == 0 && p.Agg != nil {
			for i, o := range p.Outputs {
				if _, ok := o.Expr.(*plan.GroupKey); ok {
					t.Key = append(t.Key, i)
				}
			}
		}
		if len(t.Key) == 0 {
			c.errorf(name.Pos, "table %s has no key: mark its key columns with PRIMARY KEY in its SELECT (or GROUP BY them)", name.Name)
			return joinSide{}, false
		}
		out.table = t
		return out, true
	}
	if decl == nil {
		c.errorf(name.Pos, "unknown table or stream %s: declare it with CREATE TABLE/STREAM before this statement%s", name.Name, didYouMean(name.Name, c.knownNames()))
		return joinSide{}, false
	}
	load := c.loadJob(decl)
	if load == nil {
		return joinSide{}, false
	}
	out := joinSide{cols: outputColumns(load)}
	if decl.stmt.Kind != ast.TableKind {
		out.stream = load
		return out, true
	}
	t := &plan.Table{Name: name.Name, Producer: load}
	if decl.stmt.PrimaryKey == nil {
		c.errorf(decl.stmt.Name.Pos, "table %s needs a key: add PRIMARY KEY (col, ...) to its declaration", decl.stmt.Name.Name)
		return joinSide{}, false
	}
	for _, kc := range decl.stmt.PrimaryKey.Columns {
		if i, ok := load.Source.Schema.Lookup(kc.Name, kc.Quoted); ok {
			t.Key = append(t.Key, i)
		}
	}
	if load.Source.Kind == plan.KafkaSource {
		load.Tombstones = t.Key
	}
	out.table = t
	return out, true
}

func (c *compiler) knownNames() []string {
	var names []string
	for _, d := range c.decls {
		names = append(names, d.stmt.Name.Name)
	}
	for _, p := range c.produced {
		names = append(names, p.Output)
	}
	return names
}

// loadJob returns the job that reads a declared source for joins: every
// column of every record, written in process to the jobs that join it.
// It is named after the source, so its counters and messages name it.
func (c *compiler) loadJob(d *declared) *plan.Job {
	key := strings.ToLower(d.stmt.Name.Name)
	if j, ok := c.loads[key]; ok {
		return j
	}
	j := &plan.Job{Name: d.stmt.Name.Name, Output: d.stmt.Name.Name, Kind: plan.StreamJob, Pos: d.stmt.Pos, Limit: -1}
	if c.loads == nil {
		c.loads = map[string]*plan.Job{}
	}
	c.loads[key] = nil // a failed load is reported once
	src := c.source(&ast.TableRef{Pos: d.stmt.Name.Pos, Name: d.stmt.Name}, nil, j)
	if src == nil {
		return nil
	}
	j.Source = src
	for i, col := range src.Schema.Columns {
		j.Outputs = append(j.Outputs, plan.Output{Name: col.Name, Expr: &plan.Column{Index: i, Name: col.Name, T: col.Type, Null: col.Nullable, At: d.stmt.Name.Pos}})
	}
	c.loads[key] = j
	c.prog.Jobs = append(c.prog.Jobs, j)
	return j
}

func outputColumns(j *plan.Job) []plan.ColumnInfo {
	cols := make([]plan.ColumnInfo, len(j.Outputs))
	for i, o := range j.Outputs {
		cols[i] = plan.ColumnInfo{Name: o.Name, T: o.Expr.Type(), Null: o.Expr.Nullable()}
	}
	return cols
}

// addSlot adds a slot to the job and returns its scope.
func addSlot(j *plan.Job, ref *ast.TableRef, side joinSide) *slotScope {
	s := &plan.Slot{Name: ref.Name.Name, Table: side.table, Columns: side.cols}
	q := []string{ref.Name.Name}
	if ref.Alias != nil {
		s.Alias = ref.Alias.Name
		q = append(q, ref.Alias.Name)
	}
	j.Slots = append(j.Slots, s)
	p := side.table
	if p != nil {
		p.Producer.Consumers = appendOnce(p.Producer.Consumers, j)
	}
	return &slotScope{slot: len(j.Slots) - 1, qualifiers: q, cols: side.cols}
}

func appendOnce(js []*plan.Job, j *plan.Job) []*plan.Job {
	for _, x := range js {
		if x == j {
			return js
		}
	}
	return append(js, j)
}

// joins compiles the JOINs of a query: stream–table joins into Job.Joins
// (a hash lookup on the table key where ON allows, else an index or a
// scan), or one stream–stream interval join into Job.Interval. ok is false
// after an error.
func (c *compiler) joins(k *checker, sel *ast.Select, j *plan.Job) bool {
	for _, jn := range sel.Joins {
		side, ok := c.side(jn.Source)
		if !ok {
			return false
		}
		if side.stream != nil {
			if len(sel.Joins) > 1 {
				c.errorf(jn.Pos, "a stream–stream join cannot be chained with other joins yet: join the streams in one statement and the result in the next")
				return false
			}
			return c.intervalJoin(k, jn, side, j)
		}
		if jn.Kind == ast.RightJoin || jn.Kind == ast.FullJoin {
			c.errorf(jn.Pos, "%s JOIN with table %s: a table row has no moment to be written unmatched; use LEFT JOIN with the stream on the left", jn.Kind, jn.Source.Name.Name)
			return false
		}
		if !c.checkTableFeed(j, side.table, jn.Source.Pos) {
			return false
		}
		ss := addSlot(j, jn.Source, side)
		k.sc.slots = append(k.sc.slots, ss)
		k.clause = "ON"
		on := k.boolean(k.expr(jn.On), "ON")
		if isInvalid(on) {
			return false
		}
		j.Joins = append(j.Joins, &plan.Join{Kind: jn.Kind, Probe: probeFor(ss.slot, side.table, on), At: jn.Pos})
		if jn.Kind == ast.LeftJoin {
			ss.outer = true
		}
	}
	return true
}

// probeFor splits a condition on a table slot into equalities that find
// rows by hash (the table key, else a secondary index) and the residual
// checked on every row found.
func probeFor(slot int, t *plan.Table, cond plan.Expr) plan.Probe {
	p := plan.Probe{Slot: slot, Access: plan.Scan}
	var rest []plan.Expr
	type eq struct{ table, probe plan.Expr }
	var eqs []eq
	var parts []plan.Expr
	if cond != nil {
		parts = conjuncts(cond)
	}
	for _, x := range parts {
		b, ok := x.(*plan.Binary)
		if ok && b.Op == ast.OpEq {
			switch {
			case indexable(b.X, slot) && !readsSlot(b.Y, slot):
				eqs = append(eqs, eq{b.X, b.Y})
				continue
			case indexable(b.Y, slot) && !readsSlot(b.X, slot):
				eqs = append(eqs, eq{b.Y, b.X})
				continue
			}
		}
		rest = append(rest, x)
	}
	// The table key: every key column compared to a probe value as it is.
	if t != nil && len(t.Key) > 0 {
		byCol := map[int]int{}
		for i, e := range eqs {
			if jc, ok := e.table.(*plan.JoinColumn); ok {
				if _, dup := byCol[jc.Index]; !dup {
					byCol[jc.Index] = i
				}
			}
		}
		all := true
		for _, kc := range t.Key {
			_, has := byCol[kc]
			all = all && has
		}
		if all {
			p.Access = plan.KeyLookup
			used := map[int]bool{}
			for _, kc := range t.Key {
				e := eqs[byCol[kc]]
				used[byCol[kc]] = true
				p.TableSide = append(p.TableSide, e.table)
				p.ProbeSide = append(p.ProbeSide, e.probe)
			}
			for i, e := range eqs {
				if !used[i] {
					rest = append(rest, &plan.Binary{Op: ast.OpEq, X: e.table, Y: e.probe, T: types.BoolType, Null: e.table.Nullable() || e.probe.Nullable(), At: e.table.Pos()})
				}
			}
			p.Residual = andAll(rest)
			return p
		}
	}
	if len(eqs) > 0 {
		p.Access = plan.IndexLookup
		for _, e := range eqs {
			p.TableSide = append(p.TableSide, e.table)
			p.ProbeSide = append(p.ProbeSide, e.probe)
		}
	}
	p.Residual = andAll(rest)
	return p
}

// indexable reports whether e is a column of the slot, possibly widened:
// a value an index can be built on without failing.
func indexable(e plan.Expr, slot int) bool {
	if cv, ok := e.(*plan.Convert); ok {
		e = cv.X
	}
	jc, ok := e.(*plan.JoinColumn)
	return ok && jc.Slot == slot
}

// readsSlot reports whether e reads the slot's row (or any slot at or
// after it, which is not known yet where e is evaluated).
func readsSlot(e plan.Expr, slot int) bool {
	found := false
	plan.Walk(e, func(x plan.Expr) bool {
		switch x := x.(type) {
		case *plan.JoinColumn:
			found = found || x.Slot >= slot
		case *plan.Subquery:
			found = true // evaluated per outer row only
		}
		return !found
	})
	return found
}

func conjuncts(e plan.Expr) []plan.Expr {
	if b, ok := e.(*plan.Binary); ok && b.Op == ast.OpAnd {
		return append(conjuncts(b.X), conjuncts(b.Y)...)
	}
	return []plan.Expr{e}
}

func andAll(es []plan.Expr) plan.Expr {
	if len(es) == 0 {
		return nil
	}
	out := es[0]
	for _, e := range es[1:] {
		out = &plan.Binary{Op: ast.OpAnd, X: out, Y: e, T: types.BoolType, Null: out.Nullable() || e.Nullable(), At: e.Pos()}
	}
	return out
}

// literalMillis returns the value of an INTERVAL constant.
func literalMillis(e plan.Expr) (int64, bool) {
	l, ok := e.(*plan.Literal)
	if !ok || l.Val == nil || l.Val.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(l.Val)
}

// starSlots expands `alias.*` for a joined table or stream; ok is false
// when the item is not such a star.
func (k *checker) starSlots(it *ast.SelectItem) ([]*plan.JoinColumn, bool) {
	if it.Qualifier == nil || k.qualifies(it.Qualifier) {
		return nil, false
	}
	for _, ss := range k.sc.slots {
		if ss.qualifies(it.Qualifier) {
			out := make([]*plan.JoinColumn, len(ss.cols))
			for i := range ss.cols {
				out[i] = ss.column(i, it.Pos)
			}
			return out, true
		}
	}
	return nil, false
}

// sharesUpstream reports whether table producer p reads, directly or
// through other jobs, the in-process stream that job j reads as its source.
// The join would wait for the table to load before reading that stream,
// and the stream's producer would wait for j to read: a deadlock.
func sharesUpstream(p *plan.Job, j *plan.Job) bool {
	src := j.Source.Producer
	if src == nil {
		return false
	}
	seen := map[*plan.Job]bool{}
	var visit func(x *plan.Job) bool
	visit = func(x *plan.Job) bool {
		if x == nil || seen[x] {
			return false
		}
		seen[x] = true
		if x == src {
			return true
		}
		if x.Source != nil && visit(x.Source.Producer) {
			return true
		}
		for _, s := range x.Slots {
			if s.Table != nil && visit(s.Table.Producer) {
				return true
			}
		}
		return x.Interval != nil && visit(x.Interval.Source.Producer)
	}
	return visit(p)
}

// checkTableFeed reports a table that is computed from the stream the job
// reads in process (sharesUpstream).
func (c *compiler) checkTableFeed(j *plan.Job, t *plan.Table, at ast.Pos) bool {
	if sharesUpstream(t.Producer, j) {
		c.errorf(at, "table %s is computed from %s, which this job also reads in process; the job loads its tables before reading its stream, so both would wait: give %s a sink and read the file or topic in one of them", t.Name, j.Source.Producer.Output, j.Source.Producer.Output)
		return false
	}
	return true
}

// withoutJoined returns a statement's WITH without the properties that
// name a source the statement joins, each reported: a joined table or
// stream is read by its own job (a load job or an earlier statement's),
// shared by every statement that joins it, so it is configured where it is
// declared, or at run time with --set.
func (c *compiler) withoutJoined(w *ast.With, sel *ast.Select) *ast.With {
	if w == nil || len(sel.Joins) == 0 {
		return w
	}
	out := &ast.With{Pos: w.Pos}
	for _, p := range w.Props {
		prefix, rest, _ := strings.Cut(p.Key, ".")
		joined := ""
		for _, jn := range sel.Joins {
			if jn.Source.Name != nil && strings.EqualFold(jn.Source.Name.Name, prefix) && (sel.From.Name == nil || !strings.EqualFold(prefix, sel.From.Name.Name)) {
				joined = jn.Source.Name.Name
			}
		}
		if joined == "" {
			out.Props = append(out.Props, p)
			continue
		}
		c.errorf(p.Pos, "property '%s' configures %s, which this statement joins; a joined source is read once for every statement that joins it, so set it in the declaration of %s (or at run time: --set %s.%s=...)", p.Key, joined, joined, joined, rest)
	}
	return out
}
