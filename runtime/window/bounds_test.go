package window

import "testing"

func TestClosed(t *testing.T) {
	if Closed(minTime, -1<<62, 0) {
		t.Error("a window closed before any record")
	}
	if !Closed(110, 110, 0) || Closed(109, 110, 0) || Closed(110, 100, 30) {
		t.Error("Closed is wrong at the boundary")
	}
}

func TestTumblingStart(t *testing.T) {
	for _, tt := range []struct{ t, size, want int64 }{
		{0, 60, 0}, {59, 60, 0}, {60, 60, 60}, {-1, 60, -60}, {-60, 60, -60}, {-61, 60, -120},
	} {
		if got := TumblingStart(tt.t, tt.size); got != tt.want {
			t.Errorf("TumblingStart(%d, %d) = %d, want %d", tt.t, tt.size, got, tt.want)
		}
	}
}
