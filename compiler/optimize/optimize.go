// Package optimize rewrites a typed plan so the generated program does
// less work per record: constants are folded at compile time (fold.go),
// single-column filters move into the decoder (pushdown.go), and the
// decoder parses only the columns the job reads (prune.go). Each pass keeps
// the plan's meaning exactly, including NULLs and error records.
package optimize

import "github.com/velocsql/veloc/compiler/plan"

// Program runs every pass over every job, in order.
func Program(p *plan.Program) {
	for _, j := range p.Jobs {
		Fold(j)
		Pushdown(j)
		Prune(j)
	}
}
