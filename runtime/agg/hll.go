package agg

import (
	"math"
	"math/bits"
)

// HyperLogLog parameters: 2^14 dense registers of one byte each (16 KiB,
// standard error 1.04/√16384 ≈ 0.81%), and a sparse precision of 25 bits
// (HLL++) below the dense conversion point.
const (
	hllP       = 14
	hllM       = 1 << hllP
	hllQ       = 64 - hllP // hash bits left for ρ; registers hold 0..hllQ+1
	hllSparseP = 25
	hllSparseM = 1 << hllSparseP

	// hllMaxSparse is the largest sparse table (slots of 4 bytes, 8 KiB); a
	// set that would fill it past 3/4 (1536 distinct sparse indexes)
	// becomes dense.
	hllMaxSparse  = 2048
	hllMinSparse  = 4
	hllSparseDiff = hllSparseP - hllP
)

// HLL is a HyperLogLog sketch for APPROX_COUNT_DISTINCT. The caller hashes
// each non-NULL value with HashString, HashInt64 or HashFloat64 (or another
// well-mixed 64-bit hash) and passes the hash to AddHash.
//
// Below about 1500 distinct values the sketch is sparse (HLL++): a small
// open-addressing set of 32-bit entries, each a 25-bit hash prefix with the
// run of zero bits that follows, counted by linear counting over 2^25
// buckets, which is exact or off by one at these sizes; it costs 4 bytes a
// slot at most 3/4 full (64 bytes for 10 distinct values). Past that it
// becomes 2^14 one-byte registers, counted with Ertl's improved raw
// estimator, which needs no empirical bias tables and has a standard error of
// 0.81% over the whole range. The zero value is an empty sketch; it
// allocates nothing until the first AddHash.
type HLL struct {
	sparse []uint32 // sparse entries (0 = empty slot); nil when empty or dense
	n      int      // entries in sparse
	dense  *hllDense
}

type hllDense struct {
	reg    [hllM]uint8
	hist   [hllQ + 2]uint16 // hist[k]: registers holding k
	est    int64            // Count's last result, valid unless stale
	cached bool
}

// AddHash adds a value by its 64-bit hash.
func (h *HLL) AddHash(x uint64) {
	if h.dense != nil {
		h.dense.add(uint32(x>>hllQ), uint8(bits.LeadingZeros64(x<<hllP|1<<(hllP-1))+1))
		return
	}
	h.insert(hllEncode(x))
}

// Count returns the estimated number of distinct hashes added.
func (h *HLL) Count() int64 {
	if h.dense == nil {
		if h.n == 0 {
			return 0
		}
		// Linear counting over the 2^25 sparse buckets.
		return int64(math.Round(-hllSparseM * math.Log1p(-float64(h.n)/hllSparseM)))
	}
	return h.dense.count()
}

// Merge adds every hash that o has seen (the sketch of the union).
func (h *HLL) Merge(o *HLL) {
	if o.dense != nil {
		h.toDense()
		for i, r := range o.dense.reg {
			h.dense.add(uint32(i), r)
		}
		return
	}
	for _, e := range o.sparse {
		if e == 0 {
			continue
		}
		if h.dense != nil {
			h.dense.add(hllDecode(e))
		} else {
			h.insert(e)
		}
	}
}

// hllEncode returns the sparse entry of hash x (HLL++): when the 11 bits
// after the 14-bit register index are not all zero they determine the dense
// ρ, and the entry is the 25-bit index shifted by one; otherwise it also
// holds ρ of the remaining 39 bits, and its low bit is set. An entry is never
// 0.
func hllEncode(x uint64) uint32 {
	idx := uint32(x >> (64 - hllSparseP))
	if idx&(1<<hllSparseDiff-1) != 0 {
		return idx << 1
	}
	rho := uint32(bits.LeadingZeros64(x<<hllSparseP|1<<(hllSparseP-1)) + 1)
	return idx<<7 | rho<<1 | 1
}

// hllSparseIndex returns the 25-bit index of a sparse entry.
func hllSparseIndex(e uint32) uint32 {
	if e&1 == 0 {
		return e >> 1
	}
	return e >> 7
}

// hllDecode returns the dense register index and ρ of a sparse entry.
func hllDecode(e uint32) (uint32, uint8) {
	if e&1 == 0 {
		idx := e >> 1
		return idx >> hllSparseDiff, uint8(bits.LeadingZeros32(idx<<(32-hllSparseDiff)) + 1)
	}
	return e >> (7 + hllSparseDiff), uint8(e>>1&0x3f) + hllSparseDiff
}

// insert adds a sparse entry, keeping the larger ρ of entries with the same
// index.
func (h *HLL) insert(e uint32) {
	if h.sparse == nil {
		h.sparse = make([]uint32, hllMinSparse)
	}
	key := hllSparseIndex(e)
	mask := uint32(len(h.sparse) - 1)
	for i := key >> hllSparseDiff & mask; ; i = (i + 1) & mask {
		s := h.sparse[i]
		if s == 0 {
			if (h.n+1)*4 > len(h.sparse)*3 {
				if len(h.sparse) >= hllMaxSparse {
					h.toDense()
					h.dense.add(hllDecode(e))
					return
				}
				h.grow()
				h.insert(e)
				return
			}
			h.sparse[i] = e
			h.n++
			return
		}
		if hllSparseIndex(s) == key {
			if e > s {
				h.sparse[i] = e // same index: the larger entry has the larger ρ
			}
			return
		}
	}
}

func (h *HLL) grow() {
	old := h.sparse
	h.sparse = make([]uint32, 2*len(old))
	h.n = 0
	for _, e := range old {
		if e != 0 {
			h.insert(e)
		}
	}
}

func (h *HLL) toDense() {
	if h.dense != nil {
		return
	}
	d := new(hllDense)
	d.hist[0] = hllM
	for _, e := range h.sparse {
		if e != 0 {
			d.add(hllDecode(e))
		}
	}
	h.dense, h.sparse, h.n = d, nil, 0
}

func (d *hllDense) add(i uint32, rho uint8) {
	if old := d.reg[i]; rho > old {
		d.reg[i] = rho
		d.hist[old]--
		d.hist[rho]++
		d.cached = false
	}
}

// count is Ertl's improved raw estimator ("New cardinality estimation
// algorithms for HyperLogLog sketches", 2017, algorithm 6) over the register
// histogram, kept up to date by add, so a count costs O(64) whatever the
// number of registers and is cached until a register changes.
func (d *hllDense) count() int64 {
	if d.cached {
		return d.est
	}
	const m = float64(hllM)
	z := m * hllTau(1-float64(d.hist[hllQ+1])/m)
	for k := hllQ; k >= 1; k-- {
		z = 0.5 * (z + float64(d.hist[k]))
	}
	z += m * hllSigma(float64(d.hist[0])/m)
	d.est = int64(math.Round(m * m / (2 * math.Ln2) / z))
	d.cached = true
	return d.est
}

func hllSigma(x float64) float64 {
	if x == 1 {
		return math.Inf(1)
	}
	y, z := 1.0, x
	for {
		x *= x
		prev := z
		z += x * y
		y += y
		if z == prev {
			return z
		}
	}
}

func hllTau(x float64) float64 {
	if x == 0 || x == 1 {
		return 0
	}
	y, z := 1.0, 1-x
	for {
		x = math.Sqrt(x)
		prev := z
		y *= 0.5
		z -= (1 - x) * (1 - x) * y
		if z == prev {
			return z / 3
		}
	}
}

// Hashing. The functions are deterministic (no per-process seed), so an
// APPROX_COUNT_DISTINCT result is the same on every run.

const (
	wyK0 = 0x2d358dccaa6c78a5
	wyK1 = 0x8bb84b93962eacc9
	wyK2 = 0x4b33a62ed433d4a3
	wyK3 = 0x4d5a2da51de1aa47
	wyK5 = 0x1d8e4e27c47d124f
)

func wymix(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

func r8(s string, i int) uint64 {
	_ = s[i+7]
	return uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
}

func r4(s string, i int) uint64 {
	_ = s[i+3]
	return uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24
}

// HashString returns a 64-bit hash of s's bytes: wyhash as in the Go
// runtime's portable memhash, with fixed keys.
func HashString(s string) uint64 {
	var a, b uint64
	seed := uint64(wyK0)
	n := len(s)
	switch {
	case n == 0:
		return wymix(wyK5, wyK1^seed)
	case n < 4:
		a = uint64(s[0]) | uint64(s[n>>1])<<8 | uint64(s[n-1])<<16
	case n <= 8:
		a = r4(s, 0)
		b = r4(s, n-4)
	case n <= 16:
		a = r8(s, 0)
		b = r8(s, n-8)
	default:
		p := 0
		l := n
		if l > 48 {
			seed1, seed2 := seed, seed
			for ; l > 48; l -= 48 {
				seed = wymix(r8(s, p)^wyK1, r8(s, p+8)^seed)
				seed1 = wymix(r8(s, p+16)^wyK2, r8(s, p+24)^seed1)
				seed2 = wymix(r8(s, p+32)^wyK3, r8(s, p+40)^seed2)
				p += 48
			}
			seed ^= seed1 ^ seed2
		}
		for ; l > 16; l -= 16 {
			seed = wymix(r8(s, p)^wyK1, r8(s, p+8)^seed)
			p += 16
		}
		a = r8(s, p+l-16)
		b = r8(s, p+l-8)
	}
	return wymix(wyK5^uint64(n), wymix(a^wyK1, b^seed))
}

// HashInt64 returns a 64-bit hash of v: the v-th output of SplitMix64
// (v times the golden-ratio increment, then its finalizer). It is a
// bijection, so distinct integers never collide, and sequential integers
// hash like a good pseudo-random sequence.
func HashInt64(v int64) uint64 {
	z := (uint64(v) + 1) * 0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// HashFloat64 returns a 64-bit hash of f in which -0 and 0 are equal and all
// NaNs are equal (as SQL DISTINCT treats them).
func HashFloat64(f float64) uint64 {
	switch {
	case f == 0:
		f = 0
	case f != f:
		f = math.NaN()
	}
	return HashInt64(int64(math.Float64bits(f)))
}
