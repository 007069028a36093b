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
	j.Source.Used = used
}
