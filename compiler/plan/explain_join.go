package plan

import (
	"fmt"
	"strings"
)

// explainJoins prints how a job finds the rows it joins: for each
// stream–table join and subquery whether it is a hash lookup on the table
// key, a lookup in a secondary index or a scan of the table, and for an
// interval join its key and time bound.
func explainJoins(b *strings.Builder, j *Job) {
	for _, jn := range j.Joins {
		s := j.Slots[jn.Slot]
		fmt.Fprintf(b, "  %s JOIN table %s%s: %s\n", jn.Kind, s.Name, aliasText(s), ProbeText(&jn.Probe))
	}
	for i, sq := range j.Subqueries {
		s := j.Slots[sq.Probe.Slot]
		fmt.Fprintf(b, "  subquery#%d %s over table %s%s: %s\n", i, [...]string{"EXISTS", "IN", "scalar"}[sq.Kind], s.Name, aliasText(s), ProbeText(&sq.Probe))
	}
	if ij := j.Interval; ij != nil {
		s := j.Slots[ij.Right]
		keys := make([]string, len(ij.LeftKey))
		for i := range ij.LeftKey {
			keys[i] = String(ij.LeftKey[i]) + " = " + String(ij.RightKey[i])
		}
		fmt.Fprintf(b, "  %s interval JOIN stream %s%s: key (%s), %s − %s in [%dms, %dms]; on %s\n", ij.Kind, s.Name, aliasText(s),
			strings.Join(keys, ", "), String(ij.RightTime), String(ij.LeftTime), ij.Lo, ij.Hi, String(ij.On))
	}
}

func aliasText(s *Slot) string {
	if s.Alias == "" {
		return ""
	}
	return " " + s.Alias
}

// ProbeText says how a probe finds rows: `lookup on key (a = b)`,
// `index on (a = b)` or `scan`, then the residual condition.
func ProbeText(p *Probe) string {
	var b strings.Builder
	switch p.Access {
	case KeyLookup:
		b.WriteString("hash lookup on the table key (")
	case IndexLookup:
		b.WriteString("hash lookup in an index on (")
	default:
		b.WriteString("scan of every row")
	}
	if p.Access != Scan {
		for i := range p.TableSide {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(String(p.TableSide[i]) + " = " + String(p.ProbeSide[i]))
		}
		b.WriteByte(')')
	}
	if p.Residual != nil {
		b.WriteString(", then " + String(p.Residual))
	}
	return b.String()
}

func writeSubquery(b *strings.Builder, s *Subquery) {
	switch s.Kind {
	case ExistsSubquery:
		b.WriteString("EXISTS(subquery)")
	case InSubquery:
		writeExpr(b, s.X)
		if s.Not {
			b.WriteString(" NOT")
		}
		b.WriteString(" IN (subquery)")
	default:
		b.WriteString("(scalar subquery)")
	}
}
