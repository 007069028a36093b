package groupby

import "testing"

// TestStateGrowsWithGroups checks, on both sides, that the memory an EMIT
// FINAL run holds grows with the number of groups and not with the number
// of records: with the same 10,000 symbols, ten times the records give
// about the same bytes per group (BenchmarkGroupByState measures it at
// 100,000 symbols and 1M and 10M records). The bounds are generous, as
// heap measurements are noisy: within 25% of each other, and under 1 KB a
// group.
func TestStateGrowsWithGroups(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and aggregates 880,000 records")
	}
	const keys = 10_000
	for _, side := range []string{"generated", "generated_1worker", "dynamic"} {
		t.Run(side, func(t *testing.T) {
			var per [2]float64
			for i, records := range []int{40_000, 400_000} {
				var err error
				if per[i], _, err = statePerGroup(t, side, keys, records); err != nil {
					t.Fatal(err)
				}
			}
			t.Logf("bytes/group: %.0f at 40,000 records, %.0f at 400,000", per[0], per[1])
			if r := per[1] / per[0]; r < 0.8 || r > 1.25 {
				t.Errorf("bytes/group: %.0f at 40,000 records, %.0f at 400,000: does the state grow with the records?", per[0], per[1])
			}
			for _, p := range per {
				if p <= 0 || p > 1024 {
					t.Errorf("bytes/group = %.0f, want in (0, 1024]", p)
				}
			}
		})
	}
}
