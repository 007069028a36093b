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
