package join

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestBufferBoundedByInterval streams ten intervals' worth of rows through
// a buffer expired by a watermark, as an interval join does, and checks
// that the buffer never holds more than one interval (plus the
// out-of-orderness) of rows, and that rows leave in event-time order.
func TestBufferBoundedByInterval(t *testing.T) {
	const (
		interval = 60_000 // ms
		step     = 50     // one row every 50 ms: 1200 rows per interval
		ooo      = 1_000  // rows may come up to 1 s out of order
	)
	perInterval := interval / step
	b := NewBuffer[int, int]()
	r := rand.New(rand.NewPCG(1, 2))
	maxTS := int64(math.MinInt64)
	last := int64(math.MinInt64)
	expired := 0
	for i := range 10 * perInterval {
		ts := int64(i*step) + r.Int64N(ooo) // jitter within the out-of-orderness
		v := i
		b.Add(i%37, ts, &v)
		maxTS = max(maxTS, ts)
		wm := maxTS - ooo
		for e := b.Expire(AddSat(wm, -interval)); e != nil; e = b.Expire(AddSat(wm, -interval)) {
			if e.TS < last {
				t.Fatalf("row at %d expired after one at %d", e.TS, last)
			}
			last = e.TS
			expired++
		}
		if b.Len() > perInterval+2*ooo/step+1 {
			t.Fatalf("after %d rows the buffer holds %d, more than an interval's %d (+ out-of-orderness)", i+1, b.Len(), perInterval)
		}
	}
	if b.Peak() < perInterval {
		t.Errorf("peak %d: the buffer should hold a whole interval (%d rows) before expiring", b.Peak(), perInterval)
	}
	for e := b.Expire(math.MaxInt64); e != nil; e = b.Expire(math.MaxInt64) {
		expired++
	}
	if expired != 10*perInterval || b.Len() != 0 {
		t.Errorf("%d rows expired, %d left; want all %d out", expired, b.Len(), 10*perInterval)
	}
	if len(b.byKey) != 0 {
		t.Errorf("%d keys left in the index after every row expired", len(b.byKey))
	}
}

func TestBufferLookup(t *testing.T) {
	b := NewBuffer[string, int]()
	for i, k := range []string{"a", "b", "a", "c", "a"} {
		v := i
		b.Add(k, int64(10*i), &v)
	}
	if n := len(b.Lookup("a")); n != 3 {
		t.Errorf("Lookup(a): %d rows, want 3", n)
	}
	for b.Expire(15) != nil { // the rows at 0 and 10
	}
	if n := len(b.Lookup("a")); n != 2 {
		t.Errorf("after expiring: Lookup(a) %d rows, want 2", n)
	}
	if n := len(b.Lookup("b")); n != 0 {
		t.Errorf("after expiring: Lookup(b) %d rows, want 0", n)
	}
}

func TestAddSat(t *testing.T) {
	tests := []struct{ t, d, want int64 }{
		{1, 2, 3},
		{math.MaxInt64, 1, math.MaxInt64},
		{math.MinInt64, -1, math.MinInt64},
		{math.MaxInt64, -5, math.MaxInt64 - 5},
	}
	for _, tt := range tests {
		if got := AddSat(tt.t, tt.d); got != tt.want {
			t.Errorf("AddSat(%d, %d) = %d, want %d", tt.t, tt.d, got, tt.want)
		}
	}
}
