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
