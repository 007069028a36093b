package window

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
