package join

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

// sameSizes is TestSameOutput's input: 2,000 customers, 20,000 orders and
// two streams of 20,000 events of 20 users.
var sameSizes = sizes{customers: 2_000, orders: 20_000, events: 20_000, users: 20}

// TestSameOutput runs the generated pipelines and the dynamic evaluator on
// the same small inputs and checks that they write the same rows (in any
// order: the interval join writes a pair when its second row comes) and
// count the same records, so that the benchmark compares two ways of doing
// the same work.
func TestSameOutput(t *testing.T) {
	in := writeInputs(t, "same", sameSizes)
	for _, name := range []string{enrich, interval} {
		t.Run(name, func(t *testing.T) {
			var gen, dyn bytes.Buffer
			gst, err := runGenerated(name, in, &gen)
			if err != nil {
				t.Fatalf("generated: %v", err)
			}
			dst, err := runDynamic(name, in, &dyn)
			if err != nil {
				t.Fatalf("dynamic: %v", err)
			}
			t.Logf("generated %+v, dynamic %+v", gst, dst)
			if gst != dst {
				t.Errorf("generated %+v, dynamic %+v", gst, dst)
			}
			if dst.Out < 1000 {
				t.Errorf("dynamic %+v: want many rows out", dst)
			}
			g, d := lines(gen.String()), lines(dyn.String())
			if len(g) != len(d) {
				t.Fatalf("%d lines generated, %d dynamic", len(g), len(d))
			}
			for i := range g {
				if g[i] != d[i] {
					t.Fatalf("first difference (sorted): generated %q, dynamic %q", g[i], d[i])
				}
			}
		})
	}
}

func lines(s string) []string {
	out := strings.Split(strings.TrimSpace(s), "\n")
	slices.Sort(out)
	return out
}
