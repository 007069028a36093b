package window

// Queue holds open windows by the event time at which they close (their
// end), earliest first; windows with the same end come out in the order
// they were pushed. A generated job pushes each new window (and a session
// again when it finds, on popping it, that its end has moved) and pops
// those the watermark has passed. It is a binary heap over a typed slice:
// no boxing, no allocation once the slice has grown.
type Queue[T any] struct {
	h   []item[T]
	seq uint64
}

type item[T any] struct {
	end int64
	seq uint64
	v   T
}

func (q *Queue[T]) less(i, j int) bool {
	a, b := &q.h[i], &q.h[j]
	return a.end < b.end || a.end == b.end && a.seq < b.seq
}

// Push adds v, which closes at end.
func (q *Queue[T]) Push(end int64, v T) {
	q.seq++
	q.h = append(q.h, item[T]{end: end, seq: q.seq, v: v})
	for i := len(q.h) - 1; i > 0; {
		p := (i - 1) / 2
		if !q.less(i, p) {
			break
		}
		q.h[i], q.h[p] = q.h[p], q.h[i]
		i = p
	}
}

// Len returns the number of queued windows.
func (q *Queue[T]) Len() int { return len(q.h) }

// Next returns the earliest end, and false when the queue is empty.
func (q *Queue[T]) Next() (int64, bool) {
	if len(q.h) == 0 {
		return 0, false
	}
	return q.h[0].end, true
}

// Pop removes and returns the window that closes first.
func (q *Queue[T]) Pop() (int64, T) {
	top := q.h[0]
	last := len(q.h) - 1
	q.h[0] = q.h[last]
	var zero item[T]
	q.h[last] = zero
	q.h = q.h[:last]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(q.h) && q.less(l, m) {
			m = l
		}
		if r < len(q.h) && q.less(r, m) {
			m = r
		}
		if m == i {
			break
		}
		q.h[i], q.h[m] = q.h[m], q.h[i]
		i = m
	}
	return top.end, top.v
}

// Watermark is a source's event-time progress under the bounded
// out-of-orderness strategy (dialect.md): the largest event time seen
// minus the allowed disorder. It starts at the lowest time, before any
// record.
type Watermark struct {
	Max      int64 // the largest event time seen
	Disorder int64 // 'watermark.max_out_of_orderness', ms
	seen     bool
}

// Observe records an event time and returns the new watermark.
func (w *Watermark) Observe(t int64) int64 {
	if !w.seen || t > w.Max {
		w.Max, w.seen = t, true
	}
	return w.Value()
}

// Value returns the watermark: no record is expected at or before it.
func (w *Watermark) Value() int64 {
	if !w.seen {
		return minTime
	}
	return w.Max - w.Disorder
}

const minTime = -1 << 63

// Closed reports whether a window ending at end, with the allowed
// lateness, has closed under watermark wm: wm ≥ end + lateness.
func Closed(wm, end, lateness int64) bool {
	return wm != minTime && wm >= end+lateness
}

// TumblingStart returns the start of the tumbling window of size holding
// t: the multiple of size at or below t (epoch-aligned, also before 1970).
func TumblingStart(t, size int64) int64 {
	s := t / size * size
	if s > t {
		s -= size
	}
	return s
}

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
