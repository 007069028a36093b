package agg

import (
	"math"
	"strconv"
	"testing"
	"unsafe"
)

func relErr(got int64, want int) float64 {
	return math.Abs(float64(got)-float64(want)) / float64(want)
}

func TestHLLExactSmall(t *testing.T) {
	var hi, hs HLL
	if hi.Count() != 0 {
		t.Fatalf("empty Count = %d", hi.Count())
	}
	for n := 1; n <= 1000; n++ {
		hi.AddHash(HashInt64(int64(n) * 7919))
		hi.AddHash(HashInt64(int64(n) * 7919)) // duplicates change nothing
		hs.AddHash(HashString("user-" + strconv.Itoa(n)))
		if n <= 100 {
			if hi.Count() != int64(n) || hs.Count() != int64(n) {
				t.Fatalf("n=%d: Count = %d (ints), %d (strings); want exact", n, hi.Count(), hs.Count())
			}
		} else if d := hi.Count() - int64(n); d < -1 || d > 1 {
			t.Fatalf("n=%d: Count = %d", n, hi.Count())
		}
	}
	if hi.dense != nil {
		t.Error("1000 distinct values made the sketch dense")
	}
}

func TestHLLError(t *testing.T) {
	for _, n := range []int{1000, 10000, 100000, 1000000} {
		for _, kind := range []string{"int", "string"} {
			if kind == "string" && n > 100000 {
				continue
			}
			var h HLL
			for i := range n {
				if kind == "int" {
					h.AddHash(HashInt64(int64(i)))
				} else {
					h.AddHash(HashString("k" + strconv.Itoa(i)))
				}
			}
			got := h.Count()
			e := relErr(got, n)
			t.Logf("%s n=%d: Count %d, error %.3f%%, dense %v", kind, n, got, 100*e, h.dense != nil)
			if e > 0.02 {
				t.Errorf("%s n=%d: Count = %d, error %.2f%% > 2%%", kind, n, got, 100*e)
			}
		}
	}
}

// The dense estimator alone (Ertl's) over small and transition
// cardinalities, where plain HyperLogLog is biased.
func TestHLLDenseSmallRange(t *testing.T) {
	var h HLL
	h.toDense()
	worst := 0.0
	for n := 1; n <= 20000; n++ {
		h.AddHash(HashInt64(int64(n)))
		got := h.Count()
		// Linear-counting accuracy: a few registers shared by two values.
		if n <= 100 && math.Abs(float64(got-int64(n))) > 3 {
			t.Fatalf("dense n=%d: Count = %d", n, got)
		}
		if n >= 500 {
			worst = max(worst, relErr(got, n))
		}
	}
	t.Logf("dense estimator, 500 ≤ n ≤ 20000: worst error %.3f%%", 100*worst)
	if worst > 0.03 {
		t.Errorf("dense worst error %.2f%%", 100*worst)
	}
}

func TestHLLSparseToDense(t *testing.T) {
	// Registers built from the sparse form match those of a sketch that
	// was dense from the start.
	var a, b HLL
	b.toDense()
	for i := range 5000 {
		x := HashString(strconv.Itoa(i))
		a.AddHash(x)
		b.AddHash(x)
	}
	if a.dense == nil || a.dense.reg != b.dense.reg || a.dense.hist != b.dense.hist {
		t.Fatal("sparse→dense registers differ from dense registers")
	}
	// Entries whose 11 bits after the register index are zero (ρ from the
	// 39 remaining bits) decode to the same register and ρ.
	for _, x := range []uint64{0, 1, 1 << 38, 0xfffc000000000000, 0x0003ffffffffffff, 0x12340000_00000001} {
		var s, d HLL
		d.toDense()
		s.AddHash(x)
		d.AddHash(x)
		s.toDense()
		if s.dense.reg != d.dense.reg {
			t.Errorf("hash %#x: decoded register differs", x)
		}
	}
}

func TestHLLMerge(t *testing.T) {
	for _, sizes := range [][2]int{{10, 20}, {1000, 3000}, {50000, 10}, {10, 50000}, {40000, 40000}} {
		var a, b, u HLL
		for i := range sizes[0] {
			a.AddHash(HashInt64(int64(i)))
			u.AddHash(HashInt64(int64(i)))
		}
		for i := range sizes[1] {
			v := int64(i + sizes[0]/2) // overlaps a
			b.AddHash(HashInt64(v))
			u.AddHash(HashInt64(v))
		}
		a.Merge(&b)
		if a.Count() != u.Count() {
			t.Errorf("%v: merged Count %d, union Count %d", sizes, a.Count(), u.Count())
		}
	}
}

func TestHLLMemory(t *testing.T) {
	var h HLL
	for i := range 10 {
		h.AddHash(HashInt64(int64(i)))
	}
	bytes := int(unsafe.Sizeof(h)) + 4*cap(h.sparse)
	t.Logf("HLL with 10 distinct values: %d bytes (%d struct + %d sparse slots)", bytes, unsafe.Sizeof(h), cap(h.sparse))
	t.Logf("dense: %d bytes", unsafe.Sizeof(h)+unsafe.Sizeof(hllDense{}))
	if bytes > 128 {
		t.Errorf("10 distinct values take %d bytes", bytes)
	}
	allocs := testing.AllocsPerRun(100, func() {
		var h HLL
		for i := range 10 {
			h.AddHash(HashInt64(int64(i)))
		}
	})
	if allocs > 3 {
		t.Errorf("10 distinct values: %v allocations", allocs)
	}
}

func TestHashes(t *testing.T) {
	if HashFloat64(0) != HashFloat64(math.Copysign(0, -1)) {
		t.Error("HashFloat64: -0 and 0 differ")
	}
	nan2 := math.Float64frombits(0x7ff8000000000001)
	if HashFloat64(math.NaN()) != HashFloat64(nan2) || HashFloat64(math.NaN()) != HashFloat64(-math.NaN()) {
		t.Error("HashFloat64: NaNs differ")
	}
	if HashFloat64(1) == HashFloat64(2) || HashFloat64(math.Inf(1)) == HashFloat64(math.NaN()) {
		t.Error("HashFloat64 collision")
	}
	// Every length class of HashString reads every byte: flipping any bit
	// changes the hash, and there are no collisions among these strings.
	seen := map[uint64]string{}
	for n := 0; n <= 100; n++ {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('a' + i%26)
		}
		s := string(b)
		if o, dup := seen[HashString(s)]; dup {
			t.Fatalf("HashString(%q) = HashString(%q)", s, o)
		}
		seen[HashString(s)] = s
		for i := range n {
			c := []byte(s)
			c[i] ^= 0x10
			if HashString(string(c)) == HashString(s) {
				t.Fatalf("HashString ignores byte %d of a %d-byte string", i, n)
			}
		}
	}
	// Top 14 bits (the register index) are well spread for sequential
	// integers and strings.
	for name, h := range map[string]func(int) uint64{
		"int":    func(i int) uint64 { return HashInt64(int64(i)) },
		"string": func(i int) uint64 { return HashString(strconv.Itoa(i)) },
	} {
		var buckets [64]int
		const n = 64000
		for i := range n {
			buckets[h(i)>>58]++
		}
		for b, c := range buckets {
			if c < n/64*8/10 || c > n/64*12/10 {
				t.Errorf("%s: bucket %d has %d of %d", name, b, c, n)
			}
		}
	}
}

func BenchmarkHLLAddHash(b *testing.B) {
	b.Run("dense", func(b *testing.B) {
		var h HLL
		h.toDense()
		b.ReportAllocs()
		i := int64(0)
		for b.Loop() {
			h.AddHash(HashInt64(i))
			i++
		}
	})
	b.Run("sparse-100", func(b *testing.B) {
		var h HLL
		var hashes [100]uint64
		for i := range hashes {
			hashes[i] = HashInt64(int64(i))
		}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			h.AddHash(hashes[i])
			i++
			if i == len(hashes) {
				i = 0
			}
		}
	})
	b.Run("fresh-to-1e5", func(b *testing.B) { // includes sparse growth and conversion
		b.ReportAllocs()
		for b.Loop() {
			var h HLL
			for i := range 100000 {
				h.AddHash(HashInt64(int64(i)))
			}
		}
	})
}

func BenchmarkHLLCount(b *testing.B) {
	var h HLL
	for i := range 100000 {
		h.AddHash(HashInt64(int64(i)))
	}
	b.ReportAllocs()
	i := int64(0)
	for b.Loop() {
		h.AddHash(HashInt64(i)) // usually invalidates the cached estimate
		h.Count()
		i++
	}
}

func BenchmarkHashString(b *testing.B) {
	for _, s := range []string{"abc", "user-12345", "a-somewhat-longer-key-of-40-bytes-......"} {
		b.Run(strconv.Itoa(len(s)), func(b *testing.B) {
			var acc uint64
			for b.Loop() {
				acc += HashString(s)
			}
			_ = acc
		})
	}
}

func BenchmarkHLLCountUncached(b *testing.B) {
	var h HLL
	for i := range 100000 {
		h.AddHash(HashInt64(int64(i)))
	}
	b.ReportAllocs()
	for b.Loop() {
		h.dense.cached = false
		h.Count()
	}
}
