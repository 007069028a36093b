package ast

// Node is implemented by every syntax tree node.
type Node interface {
	// Start is the position of the node's first token.
	Start() Pos
}

// File is one SQL application: its statements, the annotations that apply
// to the whole file, and every comment (so that `veloc fmt` can keep them).
type File struct {
	Name        string        // file name as given to the parser
	Annotations []*Annotation // file-level annotations, in source order
	Stmts       []Stmt
	Comments    []*Comment // every comment in the file, in source order
}

// Comment is one `-- ...` line comment or `/* ... */` block comment.
type Comment struct {
	Pos  Pos
	End  Pos    // position just after the comment's last character
	Text string // the comment exactly as written, including -- or /* */
	// Trailing is true when a token precedes the comment on its line, so
	// the comment belongs at the end of that line.
	Trailing bool
}

// Annotation is a `-- @key: value` comment line (or one of the header
// spellings `-- SQL Application: x`, `-- Version: x`, `-- Description: x`,
// `-- Name: x`, which are normalised to app, version, description, name).
type Annotation struct {
	Pos      Pos    // position of the comment
	Key      string // without the @, lower-case, e.g. "name", "metric_type", "data.price.type"
	Value    string // trimmed text after the colon
	ValuePos Pos    // position of the first character of Value
}

// MetricBlock groups a `-- @metric: name` annotation with the `@metric_*`
// annotations that follow it up to the next @metric or statement.
type MetricBlock struct {
	Pos         Pos
	Name        string
	Annotations []*Annotation // the @metric_* lines of the block, in order
	// Condition is the parsed @metric_condition, or nil. Its positions point
	// into the comment, so errors in it name the right line and column.
	Condition Expr
}

// Lookup returns the value of the block's @metric_<key> annotation.
func (m *MetricBlock) Lookup(key string) (*Annotation, bool) {
	for _, a := range m.Annotations {
		if a.Key == "metric_"+key {
			return a, true
		}
	}
	return nil, false
}

// ---------------------------------------------------------------------------
// Statements

// Stmt is a statement: a job or a source declaration.
type Stmt interface {
	Node
	// Header returns the annotations and metric blocks attached to the
	// statement and its end position.
	Header() *StmtHeader
	stmtNode()
}

// StmtHeader is what every statement carries besides its own syntax.
type StmtHeader struct {
	Pos         Pos           // position of the statement's first token
	End         Pos           // position just after the statement (after `;` if present)
	Annotations []*Annotation // annotations immediately before the statement (not @metric ones)
	Metrics     []*MetricBlock
}

func (h *StmtHeader) Start() Pos          { return h.Pos }
func (h *StmtHeader) Header() *StmtHeader { return h }

// Annotation returns the statement's annotation with the given key.
func (h *StmtHeader) Annotation(key string) (*Annotation, bool) {
	for _, a := range h.Annotations {
		if a.Key == key {
			return a, true
		}
	}
	return nil, false
}

// ObjectKind says whether a CREATE names a stream or a table.
type ObjectKind int

const (
	StreamKind ObjectKind = iota
	TableKind
)

func (k ObjectKind) String() string {
	if k == TableKind {
		return "TABLE"
	}
	return "STREAM"
}

// CreateAs is `CREATE [OR REPLACE] STREAM|TABLE name AS select [emit] [with]`:
// a job that writes a stream or maintains a table.
type CreateAs struct {
	StmtHeader
	Kind      ObjectKind
	OrReplace bool
	Name      *Ident
	Query     *Query
}

// CreateSource is `CREATE STREAM|TABLE name (columns [, PRIMARY KEY (...)]) WITH (...)`:
// a declaration of a source with its schema. It runs nothing by itself.
type CreateSource struct {
	StmtHeader
	Kind       ObjectKind
	OrReplace  bool
	Name       *Ident
	Columns    []*ColumnDef
	PrimaryKey *PrimaryKey // nil when absent
	With       *With       // nil when absent
}

// InsertInto is `INSERT INTO name select [emit] [with]`.
type InsertInto struct {
	StmtHeader
	Name  *Ident
	Query *Query
}

// SelectStmt is a bare `select [emit] [with]`, whose results go to stdout.
type SelectStmt struct {
	StmtHeader
	Query *Query
}

func (*CreateAs) stmtNode()     {}
func (*CreateSource) stmtNode() {}
func (*InsertInto) stmtNode()   {}
func (*SelectStmt) stmtNode()   {}

// ColumnDef is `name type [NOT NULL]` in a source declaration.
type ColumnDef struct {
	Pos     Pos
	Name    *Ident
	Type    *TypeName
	NotNull bool
}

func (c *ColumnDef) Start() Pos { return c.Pos }

// PrimaryKey is `PRIMARY KEY (col, ...)` in a table declaration.
type PrimaryKey struct {
	Pos     Pos
	Columns []*Ident
}

func (k *PrimaryKey) Start() Pos { return k.Pos }

// With is a WITH ('key' = 'value', ...) clause.
type With struct {
	Pos   Pos
	Props []*Property
}

func (w *With) Start() Pos { return w.Pos }

// Lookup returns the property with the given key.
func (w *With) Lookup(key string) (*Property, bool) {
	if w == nil {
		return nil, false
	}
	for _, p := range w.Props {
		if p.Key == key {
			return p, true
		}
	}
	return nil, false
}

// Property is one 'key' = 'value' entry of a WITH clause. Keys and values
// may be written with single or double quotes; the tree keeps the text.
type Property struct {
	Pos      Pos // position of the key
	Key      string
	Value    string
	ValuePos Pos
}

func (p *Property) Start() Pos { return p.Pos }

// Query is a top-level select with what may follow it in a statement.
type Query struct {
	Select *Select
	Emit   *Emit // nil when absent
	With   *With // nil when absent
}

// Emit is EMIT CHANGES or EMIT FINAL.
type Emit struct {
	Pos  Pos
	Mode EmitMode
}

func (e *Emit) Start() Pos { return e.Pos }

// EmitMode is the emit mode written in a query.
type EmitMode int

const (
	EmitChanges EmitMode = iota
	EmitFinal
)

func (m EmitMode) String() string {
	if m == EmitFinal {
		return "FINAL"
	}
	return "CHANGES"
}

// ---------------------------------------------------------------------------
// SELECT

// Select is a SELECT with its clauses. In a statement EMIT may be written
// between the clauses; the parser moves it to Query.Emit.
type Select struct {
	Pos      Pos
	Distinct bool
	Items    []*SelectItem
	From     *TableRef
	Joins    []*Join
	Where    Expr // nil when absent
	GroupBy  []Expr
	Having   Expr    // nil when absent
	Window   *Window // nil when absent
	OrderBy  []*OrderItem
	Limit    Expr // nil when absent
}

func (s *Select) Start() Pos { return s.Pos }

// SelectItem is one item of a select list: `*`, `alias.*`, or
// `expr [[AS] name] [PRIMARY KEY]`.
type SelectItem struct {
	Pos        Pos
	Star       bool   // `*` or `alias.*`
	Qualifier  *Ident // the alias of `alias.*`, else nil
	Expr       Expr   // nil for stars
	Alias      *Ident // nil when absent
	PrimaryKey bool
}

func (s *SelectItem) Start() Pos { return s.Pos }

// TableRef is a FROM or JOIN source: a named stream or table, or a subquery.
type TableRef struct {
	Pos      Pos
	Name     *Ident  // nil for a subquery
	Subquery *Select // nil for a name
	Alias    *Ident  // nil when absent
}

func (t *TableRef) Start() Pos { return t.Pos }

// JoinKind is the kind of a join.
type JoinKind int

const (
	InnerJoin JoinKind = iota
	LeftJoin
	RightJoin
	FullJoin
)

func (k JoinKind) String() string {
	return [...]string{"INNER", "LEFT", "RIGHT", "FULL"}[k]
}

// Join is `[INNER | LEFT [OUTER] | RIGHT [OUTER] | FULL [OUTER]] JOIN source ON expr`.
// A bare JOIN is an INNER join.
type Join struct {
	Pos    Pos
	Kind   JoinKind
	Source *TableRef
	On     Expr
}

func (j *Join) Start() Pos { return j.Pos }

// WindowKind is the kind of a time window. HOPPING is parsed as SlidingWindow.
type WindowKind int

const (
	TumblingWindow WindowKind = iota
	SlidingWindow
	SessionWindow
)

func (k WindowKind) String() string {
	return [...]string{"TUMBLING", "SLIDING", "SESSION"}[k]
}

// Window is the WINDOW clause of a select. Every spelling of the dialect
// (TUMBLING(SIZE 5m), SLIDING(10m, ADVANCE BY 1m), SESSION(TIMEOUT 5m),
// HOPPING(...), with or without a time column) becomes this one form.
type Window struct {
	Pos     Pos
	Kind    WindowKind
	TimeCol Expr         // the event-time column, or nil
	Size    *IntervalLit // TUMBLING and SLIDING size; SESSION gap
	Advance *IntervalLit // SLIDING advance, else nil
}

func (w *Window) Start() Pos { return w.Pos }

// OrderItem is `expr [ASC|DESC] [NULLS FIRST|LAST]`.
type OrderItem struct {
	Pos   Pos
	Expr  Expr
	Desc  bool
	Nulls NullsOrder
}

func (o *OrderItem) Start() Pos { return o.Pos }

// NullsOrder is an explicit NULLS FIRST / NULLS LAST, or the default.
type NullsOrder int

const (
	NullsDefault NullsOrder = iota
	NullsFirst
	NullsLast
)

func (n NullsOrder) String() string { return [...]string{"DEFAULT", "NULLS FIRST", "NULLS LAST"}[n] }

// ---------------------------------------------------------------------------
// Expressions

// Expr is an expression.
type Expr interface {
	Node
	exprNode()
}

// Ident is a name as written. Unquoted names compare case-insensitively;
// quoted ones ("x" or `x`) exactly.
type Ident struct {
	Pos    Pos
	Name   string
	Quoted bool
}

func (i *Ident) Start() Pos { return i.Pos }

// ColumnRef names a column, optionally qualified: `col`, `alias.col`.
type ColumnRef struct {
	Qualifier *Ident // nil when unqualified
	Name      *Ident
}

func (c *ColumnRef) Start() Pos {
	if c.Qualifier != nil {
		return c.Qualifier.Pos
	}
	return c.Name.Pos
}

// NumberKind classifies a numeric literal as the dialect types it.
type NumberKind int

const (
	IntegerNumber NumberKind = iota // 42
	DecimalNumber                   // 4.25 (exact)
	FloatNumber                     // 1e3
)

func (k NumberKind) String() string { return [...]string{"INTEGER", "DECIMAL", "FLOAT"}[k] }

// NumberLit is a numeric literal, kept as written (without sign).
type NumberLit struct {
	Pos  Pos
	Text string
	Kind NumberKind
}

// StringLit is a '...' literal; Value has quotes removed and ” unescaped.
type StringLit struct {
	Pos   Pos
	Value string
}

// BoolLit is TRUE or FALSE.
type BoolLit struct {
	Pos   Pos
	Value bool
}

// NullLit is NULL.
type NullLit struct {
	Pos Pos
}

// TypedLit is `TIMESTAMP '...'` or `DATE '...'`.
type TypedLit struct {
	Pos   Pos
	Type  string // "TIMESTAMP" or "DATE"
	Value string
}

// IntervalUnit is a unit of an interval literal.
type IntervalUnit int

const (
	Millisecond IntervalUnit = iota
	Second
	Minute
	Hour
	Day
)

// Millis is the length of one unit in milliseconds.
func (u IntervalUnit) Millis() int64 {
	return [...]int64{1, 1000, 60_000, 3_600_000, 86_400_000}[u]
}

func (u IntervalUnit) String() string {
	return [...]string{"MILLISECOND", "SECOND", "MINUTE", "HOUR", "DAY"}[u]
}

// IntervalLit is a duration: `INTERVAL '5' MINUTE`, `INTERVAL 5 MINUTES`,
// `5 MINUTES` (in windows), or the short forms `5m`, `30s`, `100ms`, `1h`, `1d`.
type IntervalLit struct {
	Pos   Pos
	Value int64
	Unit  IntervalUnit
}

// Millis is the interval's length in milliseconds.
func (i *IntervalLit) Millis() int64 { return i.Value * i.Unit.Millis() }

// Op is a unary or binary operator.
type Op int

const (
	OpInvalid Op = iota
	// binary, by precedence (see Precedence)
	OpOr
	OpAnd
	OpEq     // =
	OpNe     // != or <>
	OpLt     // <
	OpLe     // <=
	OpGt     // >
	OpGe     // >=
	OpAdd    // +
	OpSub    // -
	OpConcat // ||
	OpMul    // *
	OpDiv    // /
	OpMod    // %
	OpPow    // ^
	// unary
	OpNeg // -x
	OpPos // +x
	OpNot // NOT x
)

var opText = [...]string{"?", "OR", "AND", "=", "<>", "<", "<=", ">", ">=", "+", "-", "||", "*", "/", "%", "^", "-", "+", "NOT"}

func (o Op) String() string { return opText[o] }

// Precedence of binary operators, higher binds tighter:
// OR 1, AND 2, comparisons (and IN, BETWEEN, LIKE, IS) 4, + - || 5, * / % 6, ^ 7.
// NOT binds at 3, unary minus at 8.
func (o Op) Precedence() int {
	switch o {
	case OpOr:
		return 1
	case OpAnd:
		return 2
	case OpNot:
		return 3
	case OpEq, OpNe, OpLt, OpLe, OpGt, OpGe:
		return 4
	case OpAdd, OpSub, OpConcat:
		return 5
	case OpMul, OpDiv, OpMod:
		return 6
	case OpPow:
		return 7
	case OpNeg, OpPos:
		return 8
	}
	return 0
}

// Unary is `-x`, `+x` or `NOT x`.
type Unary struct {
	Pos Pos // the operator
	Op  Op
	X   Expr
}

// Binary is `x op y`.
type Binary struct {
	OpPos Pos // the operator, where type errors point
	Op    Op
	X, Y  Expr
}

// Paren is a parenthesised expression, kept so that printing preserves
// the user's grouping.
type Paren struct {
	Pos Pos
	X   Expr
}

// Call is a function call: `f(args)`, `COUNT(*)`, `COUNT(DISTINCT x)`,
// `f(args) OVER (...)`, `PERCENTILE_CONT(p) WITHIN GROUP (ORDER BY x)`.
// Special syntaxes are normalised: `SUBSTRING(s FROM a FOR b)` is
// SUBSTRING(s, a, b); `POSITION(a IN b)` is POSITION(a, b);
// CURRENT_TIMESTAMP and CURRENT_DATE without parentheses are calls with no
// arguments.
type Call struct {
	Name        *Ident // as written; compare case-insensitively
	Distinct    bool
	Star        bool // COUNT(*)
	Args        []Expr
	WithinGroup *OrderItem // nil when absent
	Over        *Over      // nil when absent
}

// Over is the OVER (...) of a window function call.
type Over struct {
	Pos         Pos
	BufferRows  Expr // ROWS WINDOW BUFFER n ROWS: the n, or nil
	PartitionBy []Expr
	OrderBy     []*OrderItem
	Frame       *Frame // nil when absent
	Emit        *Emit  // nil when absent
}

func (o *Over) Start() Pos { return o.Pos }

// Frame is `ROWS BETWEEN from AND to` (or RANGE, whose bounds are
// intervals: `RANGE BETWEEN INTERVAL '1' DAY PRECEDING AND CURRENT ROW`).
// The short form `ROWS from` is parsed with To = CURRENT ROW.
type Frame struct {
	Pos   Pos
	Range bool
	From  FrameBound
	To    FrameBound
}

// FrameBoundKind is the kind of one end of a frame.
type FrameBoundKind int

const (
	UnboundedPreceding FrameBoundKind = iota
	Preceding                         // n PRECEDING
	CurrentRow
	Following // n FOLLOWING
	UnboundedFollowing
)

func (k FrameBoundKind) String() string {
	return [...]string{"UNBOUNDED PRECEDING", "PRECEDING", "CURRENT ROW", "FOLLOWING", "UNBOUNDED FOLLOWING"}[k]
}

// FrameBound is one end of a frame; N is set for n PRECEDING / n FOLLOWING.
type FrameBound struct {
	Pos  Pos
	Kind FrameBoundKind
	N    Expr
}

// Case is `CASE [operand] WHEN ... THEN ... [ELSE ...] END`.
type Case struct {
	Pos     Pos
	Operand Expr // nil for a searched CASE
	Whens   []*When
	Else    Expr // nil when absent
}

// When is one WHEN cond THEN result arm.
type When struct {
	Pos    Pos
	Cond   Expr
	Result Expr
}

// Cast is `CAST(x AS type)` or `TRY_CAST(x AS type)`.
type Cast struct {
	Pos  Pos
	Try  bool
	X    Expr
	Type *TypeName
}

// TypeName is a type as written: INTEGER, DECIMAL(10,2), VARCHAR(20),
// ARRAY<STRING>, MAP<STRING, INTEGER>. Name is upper-cased.
type TypeName struct {
	Pos    Pos
	Name   string
	Params []int64     // DECIMAL(p, s), VARCHAR(n)
	Elem   []*TypeName // ARRAY<T>: one; MAP<K, V>: two
}

func (t *TypeName) Start() Pos { return t.Pos }

// In is `x [NOT] IN (list)` or `x [NOT] IN (subquery)`.
type In struct {
	OpPos    Pos
	X        Expr
	Not      bool
	List     []Expr
	Subquery *Select // nil for a list
}

// Between is `x [NOT] BETWEEN lo AND hi`.
type Between struct {
	OpPos  Pos
	X      Expr
	Not    bool
	Lo, Hi Expr
}

// Like is `x [NOT] LIKE pattern [ESCAPE e]`.
type Like struct {
	OpPos   Pos
	X       Expr
	Not     bool
	Pattern Expr
	Escape  Expr // nil when absent
}

// IsWhat is what an IS test checks for.
type IsWhat int

const (
	IsNull IsWhat = iota
	IsTrue
	IsFalse
)

func (w IsWhat) String() string { return [...]string{"NULL", "TRUE", "FALSE"}[w] }

// Is is `x IS [NOT] NULL|TRUE|FALSE`.
type Is struct {
	OpPos Pos
	X     Expr
	Not   bool
	What  IsWhat
}

// Exists is `EXISTS (subquery)`.
type Exists struct {
	Pos      Pos
	Subquery *Select
}

// Subquery is a scalar subquery `(SELECT ...)` used as a value.
type Subquery struct {
	Pos    Pos
	Select *Select
}

// Index is `x[i]` (1-based array index).
type Index struct {
	X     Expr
	Index Expr
}

// Extract is `EXTRACT(unit FROM x)`; Unit is upper-cased.
type Extract struct {
	Pos     Pos
	Unit    string
	UnitPos Pos
	X       Expr
}

// TrimWhere is which side TRIM(... FROM s) strips.
type TrimWhere int

const (
	TrimBoth TrimWhere = iota
	TrimLeading
	TrimTrailing
)

func (w TrimWhere) String() string { return [...]string{"BOTH", "LEADING", "TRAILING"}[w] }

// Trim is `TRIM([BOTH|LEADING|TRAILING] [chars] FROM x)`. A plain `TRIM(x)`
// is a Call.
type Trim struct {
	Pos   Pos
	Where TrimWhere
	Chars Expr // nil: whitespace
	X     Expr
}

func (e *NumberLit) Start() Pos   { return e.Pos }
func (e *StringLit) Start() Pos   { return e.Pos }
func (e *BoolLit) Start() Pos     { return e.Pos }
func (e *NullLit) Start() Pos     { return e.Pos }
func (e *TypedLit) Start() Pos    { return e.Pos }
func (e *IntervalLit) Start() Pos { return e.Pos }
func (e *Unary) Start() Pos       { return e.Pos }
func (e *Binary) Start() Pos      { return e.X.Start() }
func (e *Paren) Start() Pos       { return e.Pos }
func (e *Call) Start() Pos        { return e.Name.Pos }
func (e *Case) Start() Pos        { return e.Pos }
func (e *When) Start() Pos        { return e.Pos }
func (e *Cast) Start() Pos        { return e.Pos }
func (e *In) Start() Pos          { return e.X.Start() }
func (e *Between) Start() Pos     { return e.X.Start() }
func (e *Like) Start() Pos        { return e.X.Start() }
func (e *Is) Start() Pos          { return e.X.Start() }
func (e *Exists) Start() Pos      { return e.Pos }
func (e *Subquery) Start() Pos    { return e.Pos }
func (e *Index) Start() Pos       { return e.X.Start() }
func (e *Extract) Start() Pos     { return e.Pos }
func (e *Trim) Start() Pos        { return e.Pos }
func (f *Frame) Start() Pos       { return f.Pos }

func (*ColumnRef) exprNode()   {}
func (*NumberLit) exprNode()   {}
func (*StringLit) exprNode()   {}
func (*BoolLit) exprNode()     {}
func (*NullLit) exprNode()     {}
func (*TypedLit) exprNode()    {}
func (*IntervalLit) exprNode() {}
func (*Unary) exprNode()       {}
func (*Binary) exprNode()      {}
func (*Paren) exprNode()       {}
func (*Call) exprNode()        {}
func (*Case) exprNode()        {}
func (*Cast) exprNode()        {}
func (*In) exprNode()          {}
func (*Between) exprNode()     {}
func (*Like) exprNode()        {}
func (*Is) exprNode()          {}
func (*Exists) exprNode()      {}
func (*Subquery) exprNode()    {}
func (*Index) exprNode()       {}
func (*Extract) exprNode()     {}
func (*Trim) exprNode()        {}
