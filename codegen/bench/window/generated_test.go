package window

import (
	"testing"

	"github.com/velocsql/veloc/golden/generated"
)

// TestGeneratedUpToDate fails when the committed generated packages are not
// what veloc makes of the SQL today; `go generate` or `go test -update`
// rewrites them.
func TestGeneratedUpToDate(t *testing.T) {
	generated.Check(t, ".", "tumbling.sql", "tumblingpipe")
	generated.Check(t, ".", "sliding.sql", "slidingpipe")
	generated.Check(t, ".", "session.sql", "sessionpipe")
	generated.Check(t, ".", "over.sql", "overpipe")
}
