package join

import (
	"testing"

	"github.com/velocsql/veloc/golden/generated"
)

// TestGeneratedUpToDate fails when the committed generated packages are not
// what veloc makes of the SQL today; `go generate` or `go test -update`
// rewrites them.
func TestGeneratedUpToDate(t *testing.T) {
	generated.Check(t, ".", "enrich.sql", "enrichpipe")
	generated.Check(t, ".", "interval.sql", "intervalpipe")
}
