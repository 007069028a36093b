package window

// Value is a value with its validity, as a row window keeps it.
type Value[T any] struct {
	V  T
	OK bool
}

// Ring keeps the last values of a row window's bounded frame (ROWS WINDOW
// BUFFER n ROWS, n PRECEDING): Push adds one and drops the oldest beyond
// size, so memory stays at most size values per partition.
type Ring[T any] struct {
	buf   []T
	start int
}

// Push adds v, keeping at most size values, and returns the value it
// dropped to make room, if any (a running count over the frame subtracts
// it).
func (r *Ring[T]) Push(size int, v T) (old T, dropped bool) {
	if r.buf == nil {
		r.buf = make([]T, 0, size) // exactly the frame: no growth slack per partition
	}
	if len(r.buf) < size {
		r.buf = append(r.buf, v)
		return old, false
	}
	old = r.buf[r.start]
	r.buf[r.start] = v
	r.start = (r.start + 1) % size
	return old, true
}

// Len returns the number of values kept.
func (r *Ring[T]) Len() int { return len(r.buf) }

// At returns the i-th value kept, 0 being the oldest.
func (r *Ring[T]) At(i int) T { return r.buf[(r.start+i)%len(r.buf)] }
