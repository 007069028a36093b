package window

import "cmp"

// Extreme is MIN or MAX over the last rows of a row window's bounded
// frame, kept with a monotonic deque: each value is pushed and popped at
// most once, so a row costs O(1) amortized instead of a rescan of the
// frame, and memory is at most the frame's size.
type Extreme[T cmp.Ordered] struct {
	vals []T
	seqs []int64
	head int
	seq  int64 // rows pushed so far
}

// Push adds the current row's value (ok false for NULL, which only moves
// the frame) to a frame of the last size rows; max selects MAX, else MIN.
func (e *Extreme[T]) Push(size int64, v T, ok, max bool) {
	e.seq++
	if ok {
		// Values the new one beats can never be the extreme again.
		for len(e.vals) > e.head {
			last := e.vals[len(e.vals)-1]
			if max && last > v || !max && last < v {
				break
			}
			e.vals, e.seqs = e.vals[:len(e.vals)-1], e.seqs[:len(e.seqs)-1]
		}
		e.vals, e.seqs = append(e.vals, v), append(e.seqs, e.seq)
	}
	for e.head < len(e.vals) && e.seqs[e.head] <= e.seq-size {
		e.head++
	}
	if e.head > 32 && e.head*2 > len(e.vals) {
		n := copy(e.vals, e.vals[e.head:])
		copy(e.seqs, e.seqs[e.head:])
		e.vals, e.seqs, e.head = e.vals[:n], e.seqs[:n], 0
	}
}

// Value returns the extreme of the frame, false when it holds no value.
func (e *Extreme[T]) Value() (T, bool) {
	if e.head == len(e.vals) {
		var zero T
		return zero, false
	}
	return e.vals[e.head], true
}
