package window

import (
	"math/rand/v2"
	"sort"
	"testing"
)

func TestQueueOrder(t *testing.T) {
	var q Queue[int]
	r := rand.New(rand.NewPCG(1, 2))
	type pushed struct {
		end int64
		v   int
	}
	var all []pushed
	for i := range 1000 {
		end := int64(r.IntN(50))
		q.Push(end, i)
		all = append(all, pushed{end, i})
	}
	sort.SliceStable(all, func(a, b int) bool { return all[a].end < all[b].end })
	for i, want := range all {
		if n, ok := q.Next(); !ok || n != want.end {
			t.Fatalf("%d: Next = %d, %v; want %d", i, n, ok, want.end)
		}
		end, v := q.Pop()
		if end != want.end || v != want.v {
			t.Fatalf("%d: Pop = %d, %d; want %d, %d (same ends in push order)", i, end, v, want.end, want.v)
		}
	}
	if _, ok := q.Next(); ok || q.Len() != 0 {
		t.Fatal("queue not empty")
	}
}

func TestWatermark(t *testing.T) {
	w := Watermark{Disorder: 10}
	if Closed(w.Value(), -1<<62, 0) {
		t.Error("a window closed before any record")
	}
	for _, tt := range []struct{ t, want int64 }{{100, 90}, {50, 90}, {120, 110}} {
		if got := w.Observe(tt.t); got != tt.want {
			t.Errorf("Observe(%d) = %d, want %d", tt.t, got, tt.want)
		}
	}
	if !Closed(110, 110, 0) || Closed(109, 110, 0) || Closed(110, 100, 30) {
		t.Error("Closed is wrong at the boundary")
	}
}

func TestTumblingStart(t *testing.T) {
	for _, tt := range []struct{ t, size, want int64 }{
		{0, 60, 0}, {59, 60, 0}, {60, 60, 60}, {-1, 60, -60}, {-60, 60, -60}, {-61, 60, -120},
	} {
		if got := TumblingStart(tt.t, tt.size); got != tt.want {
			t.Errorf("TumblingStart(%d, %d) = %d, want %d", tt.t, tt.size, got, tt.want)
		}
	}
}

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
