package kafka

import (
	"testing"

	"github.com/velocsql/veloc/golden/generated"
)

// TestGeneratedUpToDate fails when the committed generated package is not
// what veloc makes of the SQL today; `go generate` or `go test -update`
// rewrites it.
func TestGeneratedUpToDate(t *testing.T) {
	generated.Check(t, ".", "kafka.sql", "kafkapipe")
}
