package join

import "math"

// Entry is a buffered row of one side of an interval join.
type Entry[K comparable, R any] struct {
	Row R
	TS  int64 // event time, epoch milliseconds
	// Matched is set once the row has been written with a row of the other
	// side, so an outer join does not write it again with NULLs.
	Matched bool
	key     K
	heapAt  int
}

// Buffer holds the rows of one side of an interval join by key until the
// watermark passes their bound. Expire takes rows out in event-time order
// with a binary heap, so rows that arrive out of order (within the
// watermark's bound) are still expired at the right time.
type Buffer[K comparable, R any] struct {
	byKey map[K][]*Entry[K, R]
	heap  []*Entry[K, R]
	peak  int
	// slab hands out entries from blocks of slabSize, so that buffering a
	// row does not allocate each time. Rows expire in about the order they
	// came, so a block is freed soon after its last row expires.
	slab []Entry[K, R]
}

const slabSize = 256

// NewBuffer returns an empty buffer.
func NewBuffer[K comparable, R any]() *Buffer[K, R] {
	return &Buffer[K, R]{byKey: map[K][]*Entry[K, R]{}}
}

// Add buffers a copy of row with its key and event time.
func (b *Buffer[K, R]) Add(key K, ts int64, row *R) *Entry[K, R] {
	if len(b.slab) == 0 {
		b.slab = make([]Entry[K, R], slabSize)
	}
	e := &b.slab[0]
	b.slab = b.slab[1:]
	*e = Entry[K, R]{Row: *row, TS: ts, key: key, heapAt: len(b.heap)}
	b.byKey[key] = append(b.byKey[key], e)
	b.heap = append(b.heap, e)
	b.up(len(b.heap) - 1)
	b.peak = max(b.peak, len(b.heap))
	return e
}

// Lookup returns the buffered rows with key.
func (b *Buffer[K, R]) Lookup(key K) []*Entry[K, R] { return b.byKey[key] }

// Len is the number of buffered rows: the join's state on this side.
func (b *Buffer[K, R]) Len() int { return len(b.heap) }

// Peak is the largest Len so far.
func (b *Buffer[K, R]) Peak() int { return b.peak }

// Expire removes and returns the row with the smallest event time if that
// time is before limit, else nil. Call it until it returns nil.
func (b *Buffer[K, R]) Expire(limit int64) *Entry[K, R] {
	if len(b.heap) == 0 || b.heap[0].TS >= limit {
		return nil
	}
	e := b.heap[0]
	last := len(b.heap) - 1
	b.swap(0, last)
	b.heap[last] = nil
	b.heap = b.heap[:last]
	if last > 0 {
		b.down(0)
	}
	rows := b.byKey[e.key]
	for i, r := range rows {
		if r == e {
			copy(rows[i:], rows[i+1:])
			rows[len(rows)-1] = nil
			rows = rows[:len(rows)-1]
			break
		}
	}
	if len(rows) == 0 {
		delete(b.byKey, e.key)
	} else {
		b.byKey[e.key] = rows
	}
	return e
}

func (b *Buffer[K, R]) swap(i, j int) {
	b.heap[i], b.heap[j] = b.heap[j], b.heap[i]
	b.heap[i].heapAt, b.heap[j].heapAt = i, j
}

func (b *Buffer[K, R]) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if b.heap[p].TS <= b.heap[i].TS {
			return
		}
		b.swap(i, p)
		i = p
	}
}

func (b *Buffer[K, R]) down(i int) {
	n := len(b.heap)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && b.heap[r].TS < b.heap[l].TS {
			m = r
		}
		if b.heap[i].TS <= b.heap[m].TS {
			return
		}
		b.swap(i, m)
		i = m
	}
}

// AddSat returns t + d, saturated at the ends of int64, for bounds near
// the watermark's ±infinity.
func AddSat(t, d int64) int64 {
	s := t + d
	switch {
	case d > 0 && s < t:
		return math.MaxInt64
	case d < 0 && s > t:
		return math.MinInt64
	}
	return s
}
