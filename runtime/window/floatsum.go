package window

// FloatSum is the sum of the FLOAT values in a bounded frame (SUM or AVG
// OVER the last n rows). A running sum that subtracts the value leaving
// the frame loses the low bits of the others (1e16 + 1 - 1e16 is 0 in
// float64), so FloatSum never subtracts: it keeps the frame as two
// stacks, newer rows with their running sum and older rows with their
// suffix sums, which makes Push and Sum O(1) amortized with the rounding
// of plain addition.
type FloatSum struct {
	in    []floatRow // newer rows, oldest first
	inSum float64    // the sum of in
	out   []floatRow // older rows, newest first; out[i].sum adds rows i.. of out down to 0
	n     int64      // values (not NULL) in the frame
}

type floatRow struct {
	sum float64 // for out: the suffix sum; for in: the value
	ok  bool    // the row's value is not NULL
}

// Push adds a row to a frame of at most size rows, dropping the oldest
// beyond it; ok false is a NULL, which takes a row but no value.
func (s *FloatSum) Push(size int, v float64, ok bool) {
	if len(s.in)+len(s.out) >= size {
		s.drop()
	}
	if !ok {
		v = 0
	} else {
		s.n++
	}
	s.in = append(s.in, floatRow{v, ok})
	s.inSum += v
}

// drop removes the oldest row.
func (s *FloatSum) drop() {
	if len(s.out) == 0 {
		// Flip: the newer rows become the older, with suffix sums
		// from the newest down.
		var acc float64
		for i := len(s.in) - 1; i >= 0; i-- {
			acc += s.in[i].sum
			s.out = append(s.out, floatRow{acc, s.in[i].ok})
		}
		s.in, s.inSum = s.in[:0], 0
	}
	if len(s.out) == 0 {
		return
	}
	if s.out[len(s.out)-1].ok {
		s.n--
	}
	s.out = s.out[:len(s.out)-1]
}

// Sum returns the sum of the frame's values and how many there are.
func (s *FloatSum) Sum() (float64, int64) {
	sum := s.inSum
	if len(s.out) > 0 {
		sum = s.out[len(s.out)-1].sum + s.inSum
	}
	return sum, s.n
}
