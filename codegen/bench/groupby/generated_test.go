package groupby

import (
	"testing"

	"github.com/velocsql/veloc/golden/generated"
)

// TestGeneratedUpToDate fails when the committed generated packages are not
// what veloc makes of the SQL today; `go generate` or `go test -update`
// rewrites them.
func TestGeneratedUpToDate(t *testing.T) {
	generated.Check(t, ".", "groupby_changes.sql", "changespipe")
	generated.Check(t, ".", "groupby_final.sql", "finalpipe")
}
