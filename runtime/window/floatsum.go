package window

// FloatSum is the sum of the FLOAT values in a bounded frame (SUM or AVG
// OVER the last n rows). A running sum that subtracts the value leaving
// the frame loses the low bits of the others (1e16 + 1 - 1e16 is 0 in
// float64), so FloatSum never subtracts. It keeps the frame as two
// stacks in one ring: the older rows as suffix sums (the sum of a row and
// every row after it up to the newest older row) and the newer rows as
// values with their running sum. Dropping the oldest row pops its suffix
// sum; when no older rows are left, the newer ones become the older,
// their values turned into suffix sums in place. Push and Sum are O(1)
// amortized, with the rounding of plain addition, in one float64 and one
// bool per row of the frame.
type FloatSum struct {
	buf   []float64 // the ring: nOld suffix sums from head, then nNew values
	ok    []bool    // per slot: the row's value is not NULL
	head  int
	nOld  int
	nNew  int
	newer float64 // the sum of the newer rows
	n     int64   // values (not NULL) in the frame
}

// Push adds a row to a frame of at most size rows, dropping the oldest
// beyond it; ok false is a NULL, which takes a row but no value. size
// must not change between calls.
func (s *FloatSum) Push(size int, v float64, ok bool) {
	if s.buf == nil {
		s.buf, s.ok = make([]float64, size), make([]bool, size)
	}
	if s.nOld+s.nNew == size {
		s.drop()
	}
	if !ok {
		v = 0
	} else {
		s.n++
	}
	i := (s.head + s.nOld + s.nNew) % len(s.buf)
	s.buf[i], s.ok[i] = v, ok
	s.nNew++
	s.newer += v
}

// drop removes the oldest row.
func (s *FloatSum) drop() {
	if s.nOld == 0 {
		// The newer rows become the older: suffix sums from the newest.
		var acc float64
		for k := s.nNew - 1; k >= 0; k-- {
			i := (s.head + k) % len(s.buf)
			acc += s.buf[i]
			s.buf[i] = acc
		}
		s.nOld, s.nNew, s.newer = s.nNew, 0, 0
	}
	if s.nOld == 0 {
		return
	}
	if s.ok[s.head] {
		s.n--
	}
	s.head = (s.head + 1) % len(s.buf)
	s.nOld--
}

// Sum returns the sum of the frame's values and how many there are.
func (s *FloatSum) Sum() (float64, int64) {
	if s.nOld > 0 {
		return s.buf[s.head] + s.newer, s.n
	}
	return s.newer, s.n
}
