package window

import "testing"

func TestWatermark(t *testing.T) {
	// A step observes a record (part, t, now) or, with tick, passes
	// processing time; want is the watermark after it.
	type step struct {
		part    int32
		t, now  int64
		tick    bool
		want    int64
		changed bool // for a tick: whether it moved the watermark
	}
	tests := []struct {
		name   string
		idle   int64
		assign [][]int32 // Assign calls, at processing time 0, before step i = index
		steps  []step
	}{
		{"an assigned partition that has sent nothing holds it", 1000, [][]int32{{0, 1}}, []step{
			{part: 0, t: 100, now: 10, want: minTime},
			{tick: true, now: 999, want: minTime},
			{tick: true, now: 1000, want: 90, changed: true},
			{part: 1, t: 50, now: 1100, want: 90}, // late: the watermark does not go back
			{part: 1, t: 300, now: 1100, want: 90},
			{part: 0, t: 400, now: 1100, want: 290},
		}},
		{"a revoked partition stops counting", 0, [][]int32{{0, 1}, {0}}, []step{
			{part: 0, t: 100, want: minTime}, {part: 1, t: 50, want: 40},
		}},
		{"one partition: largest minus disorder, never back", 0, nil, []step{
			{part: 0, t: 100, want: 90}, {part: 0, t: 50, want: 90}, {part: 0, t: 120, want: 110},
		}},
		{"the slowest partition holds it", 0, nil, []step{
			{part: 0, t: 100, want: 90}, {part: 1, t: 200, want: 90}, {part: 0, t: 150, want: 140},
			{part: 0, t: 300, want: 190}, {part: 1, t: 250, want: 240},
		}},
		{"a partition first seen behind it does not move it back", 0, nil, []step{
			{part: 0, t: 100, want: 90}, {part: 2, t: 20, want: 90}, {part: 0, t: 200, want: 90},
			{part: 2, t: 150, want: 140},
		}},
		{"an idle partition stops holding it back", 1000, nil, []step{
			{part: 0, t: 100, now: 0, want: 90}, {part: 1, t: 500, now: 0, want: 90},
			{part: 1, t: 600, now: 900, want: 90},
			{tick: true, now: 999, want: 90},
			{tick: true, now: 1000, want: 590, changed: true},
			{part: 1, t: 700, now: 1100, want: 690},
			{part: 0, t: 110, now: 1200, want: 690}, // woke up behind the watermark: its rows are late
			{part: 0, t: 800, now: 1300, want: 690},
			{part: 0, t: 900, now: 1300, want: 690},
			{part: 1, t: 1000, now: 1300, want: 890},
		}},
		{"all idle: the largest", 1000, nil, []step{
			{part: 0, t: 100, now: 0, want: 90}, {part: 1, t: 500, now: 0, want: 90},
			{tick: true, now: 2000, want: 490, changed: true},
			{tick: true, now: 3000, want: 490},
		}},
		{"no idleness without a timeout", 0, nil, []step{
			{part: 0, t: 100, want: 90}, {part: 1, t: 500, want: 90},
			{tick: true, now: 1 << 40, want: 90},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := Watermark{Disorder: 10, IdleAfter: tt.idle}
			if w.Value() != minTime {
				t.Fatalf("before any record the watermark is %d", w.Value())
			}
			if len(tt.assign) > 0 {
				w.Assign(tt.assign[0], 0)
			}
			for i, s := range tt.steps {
				if s.tick {
					if got := w.Tick(s.now); got != s.changed {
						t.Errorf("step %d: Tick(%d) = %v, want %v", i, s.now, got, s.changed)
					}
				} else {
					w.Observe(s.part, s.t, s.now)
				}
				if got := w.Value(); got != s.want {
					t.Fatalf("step %d (%+v): watermark %d, want %d", i, s, got, s.want)
				}
			}
			if len(tt.assign) > 1 {
				w.Assign(tt.assign[1], 0)
				last := tt.steps[0]
				if got, want := w.Value(), last.t-10; got != want {
					t.Errorf("after Assign(%v): watermark %d, want %d (partition %d's)", tt.assign[1], got, want, last.part)
				}
			}
		})
	}
}
