package optimize

import "github.com/velocsql/veloc/compiler/plan"

// Prune marks the source columns a job reads, so the decoder parses only
// those (projection pruning). For JSON the others are skipped without
// being decoded; for CSV they are split but never converted.
func Prune(j *plan.Job) {
	if j.Source == nil || j.Source.Schema == nil {
		return
	}
	used := make([]bool, len(j.Source.Schema.Columns))
	mark := func(e plan.Expr) {
		for _, i := range plan.Columns(e) {
			used[i] = true
		}
	}
	if j.Where != nil {
		mark(j.Where)
	}
	for _, p := range j.Source.Pushed {
		mark(p)
	}
	for _, o := range j.Outputs {
		mark(o.Expr)
	}
	if j.EventTime != nil && j.Sink != nil && j.Sink.Kind == plan.KafkaSink {
		mark(j.EventTime) // the messages' timestamp
	}
	for _, e := range plan.JoinExprs(j) {
		mark(e)
	}
	if o := j.Over; o != nil {
		for _, p := range o.Partition {
			mark(p)
		}
		for _, x := range o.Order {
			mark(x.X)
		}
		for _, c := range o.Calls {
			for _, x := range c.Args {
				if x != nil {
					mark(x)
				}
			}
		}
	}
	if a := j.Agg; a != nil {
		// Outputs and HAVING read the group; keys and aggregate arguments
		// read the input row.
		for _, k := range a.Keys {
			mark(k)
		}
		if a.Window != nil {
			mark(a.Window.Time)
		}
		for _, c := range a.Aggs {
			for _, x := range c.Args {
				mark(x)
			}
		}
	}
	j.Source.Used = used
}
