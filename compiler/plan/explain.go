package plan

import (
	"fmt"
	"go/constant"
	"go/token"
	"strconv"
	"strings"

	"github.com/velocsql/veloc/compiler/types"
)

// String renders an expression as SQL-like text with types made explicit
// where the checker inserted conversions: `CAST_IMPLICIT(qty AS FLOAT)`.
// It is what `veloc explain` prints and golden plan files hold.
func String(e Expr) string {
	var b strings.Builder
	writeExpr(&b, e)
	return b.String()
}

func writeExpr(b *strings.Builder, e Expr) {
	switch e := e.(type) {
	case nil:
		b.WriteString("<nil>")
	case *Column:
		fmt.Fprintf(b, "%s#%d", e.Name, e.Index)
	case *SystemColumn:
		b.WriteString(e.Name)
	case *Literal:
		b.WriteString(LiteralText(e))
	case *Unary:
		if e.Op.String() == "NOT" {
			b.WriteString("NOT ")
		} else {
			b.WriteString(e.Op.String())
		}
		writeExpr(b, e.X)
	case *Binary:
		b.WriteByte('(')
		writeExpr(b, e.X)
		fmt.Fprintf(b, " %s ", e.Op)
		writeExpr(b, e.Y)
		b.WriteByte(')')
	case *Convert:
		b.WriteString("CONVERT(")
		writeExpr(b, e.X)
		fmt.Fprintf(b, " TO %s)", e.T)
	case *Cast:
		if e.Try {
			b.WriteString("TRY_")
		}
		b.WriteString("CAST(")
		writeExpr(b, e.X)
		fmt.Fprintf(b, " AS %s)", e.T)
	case *Call:
		b.WriteString(e.Name + "(")
		for i, a := range e.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, a)
		}
		b.WriteByte(')')
	case *Case:
		b.WriteString("CASE")
		for _, w := range e.Whens {
			b.WriteString(" WHEN ")
			writeExpr(b, w.Cond)
			b.WriteString(" THEN ")
			writeExpr(b, w.Result)
		}
		if e.Else != nil {
			b.WriteString(" ELSE ")
			writeExpr(b, e.Else)
		}
		b.WriteString(" END")
	case *In:
		writeExpr(b, e.X)
		if e.Not {
			b.WriteString(" NOT")
		}
		b.WriteString(" IN (")
		for i, a := range e.List {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, a)
		}
		b.WriteByte(')')
	case *Like:
		writeExpr(b, e.X)
		if e.Not {
			b.WriteString(" NOT")
		}
		b.WriteString(" LIKE ")
		writeExpr(b, e.Pattern)
		if e.Escape != nil {
			b.WriteString(" ESCAPE ")
			writeExpr(b, e.Escape)
		}
	case *IsNull:
		writeExpr(b, e.X)
		b.WriteString(map[bool]string{false: " IS NULL", true: " IS NOT NULL"}[e.Not])
	case *IsBool:
		writeExpr(b, e.X)
		b.WriteString(" IS ")
		if e.Not {
			b.WriteString("NOT ")
		}
		b.WriteString(strings.ToUpper(strconv.FormatBool(e.Value)))
	case *JoinColumn:
		fmt.Fprintf(b, "%s.%s#%d", e.Qualifier, e.Name, e.Index)
	case *Subquery:
		writeSubquery(b, e)
	case *GroupKey:
		fmt.Fprintf(b, "key#%d", e.Index)
	case *AggValue:
		fmt.Fprintf(b, "agg#%d", e.Index)
	case *OverValue:
		fmt.Fprintf(b, "over#%d", e.Index)
	case *WindowBound:
		if e.End {
			b.WriteString("_window_end")
		} else {
			b.WriteString("_window_start")
		}
	default:
		fmt.Fprintf(b, "<%T>", e)
	}
}

// AggString renders an aggregate call: `SUM(amount#2)`, `COUNT(*)`.
func AggString(a *AggCall) string {
	var b strings.Builder
	b.WriteString(a.Name + "(")
	if a.Star {
		b.WriteByte('*')
	}
	if a.Distinct {
		b.WriteString("DISTINCT ")
	}
	for i, x := range a.Args {
		if i > 0 {
			b.WriteString(", ")
		}
		writeExpr(&b, x)
	}
	b.WriteByte(')')
	return b.String()
}

// LiteralText renders a literal as SQL.
func LiteralText(l *Literal) string {
	if l.Val == nil {
		return "NULL"
	}
	switch l.T.Kind {
	case types.String:
		return "'" + strings.ReplaceAll(constant.StringVal(l.Val), "'", "''") + "'"
	case types.Bool:
		return strings.ToUpper(l.Val.String())
	case types.Decimal:
		return DecimalText(l.Val, int(l.T.Scale))
	case types.Float:
		f, _ := constant.Float64Val(l.Val)
		return strconv.FormatFloat(f, 'g', -1, 64) + "e0"
	case types.Timestamp:
		return "TIMESTAMP_MS " + l.Val.ExactString()
	case types.Date:
		return "DATE_DAYS " + l.Val.ExactString()
	case types.Interval:
		return "INTERVAL_MS " + l.Val.ExactString()
	}
	return l.Val.ExactString()
}

// DecimalText formats an exact constant with exactly scale fractional
// digits (the constant is already rounded to that scale by the checker).
func DecimalText(v constant.Value, scale int) string {
	m := constant.BinaryOp(constant.ToFloat(v), token.MUL, constant.MakeFromLiteral("1"+strings.Repeat("0", scale), token.INT, 0))
	mi := constant.ToInt(m)
	if mi.Kind() != constant.Int {
		return v.ExactString()
	}
	s := mi.ExactString()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if scale > 0 {
		for len(s) <= scale {
			s = "0" + s
		}
		s = s[:len(s)-scale] + "." + s[len(s)-scale:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// Explain renders a program's jobs as text.
func Explain(p *Program) string {
	var b strings.Builder
	for i, j := range p.Jobs {
		if i > 0 {
			b.WriteByte('\n')
		}
		explainJob(&b, j)
	}
	return b.String()
}

func explainJob(b *strings.Builder, j *Job) {
	fmt.Fprintf(b, "job %s (%s, line %d)\n", j.Name, j.Kind, j.Pos.Line)
	if s := j.Source; s != nil {
		fmt.Fprintf(b, "  source %s: %s", s.Name, s.Kind)
		if s.Producer != nil {
			fmt.Fprintf(b, " from job %s", s.Producer.Name)
		} else {
			fmt.Fprintf(b, " %s", s.Format)
		}
		if s.Schema != nil {
			fmt.Fprintf(b, ", schema %s\n", s.Schema.Origin)
			for i, c := range s.Schema.Columns {
				mark := "  "
				if s.Used != nil && !s.Used[i] {
					mark = "- "
				}
				null := ""
				if !c.Nullable {
					null = " NOT NULL"
				}
				fmt.Fprintf(b, "    %s#%d %s %s%s\n", mark, i, c.Name, c.Type, null)
			}
		} else {
			b.WriteByte('\n')
		}
		for _, p := range s.Pushed {
			fmt.Fprintf(b, "    pushed filter: %s\n", String(p))
		}
	}
	explainJoins(b, j)
	if j.Where != nil {
		fmt.Fprintf(b, "  filter: %s\n", String(j.Where))
	}
	if o := j.Over; o != nil {
		b.WriteString("  over, partition by:")
		for _, p := range o.Partition {
			fmt.Fprintf(b, " %s", String(p))
		}
		if len(o.Order) > 0 {
			b.WriteString(", order by:")
			for _, x := range o.Order {
				fmt.Fprintf(b, " %s", String(x.X))
				if x.Desc {
					b.WriteString(" DESC")
				}
			}
		}
		b.WriteByte('\n')
		for i, c := range o.Calls {
			frame := "all earlier rows"
			if c.Rows > 0 {
				frame = fmt.Sprintf("last %d rows", c.Rows)
			}
			if c.Following > 0 {
				frame += fmt.Sprintf(", %d following", c.Following)
			}
			args := make([]string, 0, len(c.Args))
			for _, a := range c.Args {
				if a != nil {
					args = append(args, String(a))
				}
			}
			fmt.Fprintf(b, "    over#%d %s = %s(%s) offset %d, frame %s\n", i, c.T, c.Name, strings.Join(args, ", "), c.Offset, frame)
		}
	}
	if a := j.Agg; a != nil {
		fmt.Fprintf(b, "  aggregate, EMIT %s:\n", a.Emit)
		if w := a.Window; w != nil {
			fmt.Fprintf(b, "    window %s size %dms", w.Kind, w.Size)
			if w.Kind == Sliding {
				fmt.Fprintf(b, " advance %dms", w.Advance)
				if pw := a.PaneWidth(); pw > 0 {
					fmt.Fprintf(b, " in panes of %dms", pw)
				}
			}
			fmt.Fprintf(b, ", event time %s\n", String(w.Time))
		}
		for i, k := range a.Keys {
			fmt.Fprintf(b, "    key#%d %s = %s\n", i, k.Type(), String(k))
		}
		for i, c := range a.Aggs {
			fmt.Fprintf(b, "    agg#%d %s = %s\n", i, c.T, AggString(c))
		}
		if a.Having != nil {
			fmt.Fprintf(b, "    having: %s\n", String(a.Having))
		}
		for _, o := range a.OrderBy {
			dir := "ASC"
			if o.Desc {
				dir = "DESC"
			}
			fmt.Fprintf(b, "    order by: %s %s\n", j.Outputs[o.Output].Name, dir)
		}
	}
	b.WriteString("  output:\n")
	for _, o := range j.Outputs {
		key := ""
		if o.PrimaryKey {
			key = " PRIMARY KEY"
		}
		null := ""
		if !o.Expr.Nullable() {
			null = " NOT NULL"
		}
		fmt.Fprintf(b, "    %s %s%s%s = %s\n", o.Name, o.Expr.Type(), null, key, String(o.Expr))
	}
	if j.Limit >= 0 {
		fmt.Fprintf(b, "  limit: %d\n", j.Limit)
	}
	if s := j.Sink; s != nil {
		fmt.Fprintf(b, "  sink %s: %s %s\n", s.Name, s.Kind, s.Format)
	}
	for _, c := range j.Consumers {
		fmt.Fprintf(b, "  feeds job %s in process\n", c.Name)
	}
	if j.ErrorPolicy != SkipErrors {
		fmt.Fprintf(b, "  error policy: %s\n", j.ErrorPolicy)
	}
	explainMetrics(b, j)
}
