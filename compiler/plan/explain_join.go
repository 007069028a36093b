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

// JSONJoin is a join or subquery in `veloc explain --format json`: what it
// reads and how it finds rows (access: lookup, index, scan or interval).
type JSONJoin struct {
	Kind     string `json:"kind"` // INNER, LEFT, RIGHT, FULL, EXISTS, IN, scalar
	Source   string `json:"source"`
	Alias    string `json:"alias,omitempty"`
	Access   string `json:"access"`
	Key      string `json:"key,omitempty"`
	Residual string `json:"residual,omitempty"`
	// LoMS and HiMS bound right.time − left.time for an interval join.
	LoMS *int64 `json:"lo_ms,omitempty"`
	HiMS *int64 `json:"hi_ms,omitempty"`
}

func explainJoinsJSON(j *Job) []JSONJoin {
	var out []JSONJoin
	probe := func(kind string, p *Probe) {
		s := j.Slots[p.Slot]
		jj := JSONJoin{Kind: kind, Source: s.Name, Alias: s.Alias, Access: p.Access.String()}
		var keys []string
		for i := range p.TableSide {
			keys = append(keys, String(p.TableSide[i])+" = "+String(p.ProbeSide[i]))
		}
		jj.Key = strings.Join(keys, ", ")
		if p.Residual != nil {
			jj.Residual = String(p.Residual)
		}
		out = append(out, jj)
	}
	for _, jn := range j.Joins {
		probe(jn.Kind.String(), &jn.Probe)
	}
	for _, sq := range j.Subqueries {
		probe([...]string{"EXISTS", "IN", "scalar"}[sq.Kind], &sq.Probe)
	}
	if ij := j.Interval; ij != nil {
		s := j.Slots[ij.Right]
		var keys []string
		for i := range ij.LeftKey {
			keys = append(keys, String(ij.LeftKey[i])+" = "+String(ij.RightKey[i]))
		}
		lo, hi := ij.Lo, ij.Hi
		out = append(out, JSONJoin{Kind: ij.Kind.String(), Source: s.Name, Alias: s.Alias, Access: "interval", Key: strings.Join(keys, ", "), Residual: String(ij.On), LoMS: &lo, HiMS: &hi})
	}
	return out
}
