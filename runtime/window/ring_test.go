package window

import "testing"

func TestRing(t *testing.T) {
	var r Ring[int]
	for i := 1; i <= 7; i++ {
		old, dropped := r.Push(3, i)
		if wantDrop := i > 3; dropped != wantDrop || dropped && old != i-3 {
			t.Fatalf("Push(%d) dropped %d, %v; want %d, %v", i, old, dropped, i-3, wantDrop)
		}
		var got []int
		for k := 0; k < r.Len(); k++ {
			got = append(got, r.At(k))
		}
		lo := max(1, i-2)
		if len(got) != i-lo+1 || got[0] != lo || got[len(got)-1] != i {
			t.Fatalf("after %d: %v, want %d..%d", i, got, lo, i)
		}
	}
}
