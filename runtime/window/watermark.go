package window

// Watermark is a job's event-time progress (dialect.md). Per input
// partition it is the largest event time seen minus the allowed disorder
// (bounded out-of-orderness); the job's watermark is the smallest of its
// partitions', so a partition that lags holds windows open until its
// rows are in.
//
// A partition with no record for IdleAfter of processing time stops
// holding the watermark back (Tick finds it) until its next record. When
// every partition is idle nothing holds it back: the watermark is the
// largest of theirs, so the windows that all the input has passed close
// without waiting for more input. The watermark never goes backwards: a
// partition first seen (or waking up) behind it brings late rows.
//
// A Kafka job tells the watermark which partitions it reads (Assign):
// one that has sent nothing yet holds the watermark back, as in Flink,
// until it sends or goes idle; one revoked stops counting. Without
// Assign (a file), the partitions are those that have sent a record.
type Watermark struct {
	Disorder  int64 // 'watermark.max_out_of_orderness', ms
	IdleAfter int64 // 'watermark.idle_timeout', ms; 0: partitions never go idle

	parts    []mark // by partition number
	value    int64
	set      bool
	assigned bool   // Assign was called: only assigned partitions count
	gen      uint64 // Assign's call count, to find the partitions it left out
}

// mark is one partition's progress.
type mark struct {
	max  int64 // the largest event time seen
	last int64 // processing time of its last record (or its assignment), ms
	gen  uint64
	seen bool
	idle bool
	in   bool // assigned
}

// part returns partition i's mark, growing the table.
func (w *Watermark) part(i int32) *mark {
	if i < 0 {
		i = 0
	}
	if int(i) >= len(w.parts) {
		w.parts = append(w.parts, make([]mark, int(i)+1-len(w.parts))...)
	}
	return &w.parts[i]
}

// Assign sets the partitions the job reads at processing time now;
// called with the same set again, it does nothing.
func (w *Watermark) Assign(parts []int32, now int64) {
	w.assigned = true
	w.gen++
	changed := false
	for _, i := range parts {
		p := w.part(i)
		p.gen = w.gen
		if !p.in {
			p.in, changed = true, true
			if !p.seen {
				p.last = now
			}
		}
	}
	for i := range w.parts {
		if p := &w.parts[i]; p.in && p.gen != w.gen {
			p.in, changed = false, true
		}
	}
	if changed {
		w.recompute()
	}
}

// Observe records event time t read from partition part (0 for a file)
// at processing time now (ms, only compared with IdleAfter).
func (w *Watermark) Observe(part int32, t, now int64) {
	p := w.part(part)
	p.last = now
	woke := p.idle
	p.idle = false
	if p.seen && t <= p.max && !woke {
		return
	}
	// Could this partition have held the job's watermark back?
	held := !p.seen || woke || p.max-w.Disorder <= w.value
	if !p.seen || t > p.max {
		p.max = t
	}
	p.seen = true
	switch {
	case len(w.parts) == 1 && (p.in || !w.assigned):
		w.advance(p.max - w.Disorder)
	case held:
		w.recompute()
	}
}

// Tick marks the partitions silent for IdleAfter at processing time now
// as idle, and reports whether that moved the watermark.
func (w *Watermark) Tick(now int64) bool {
	if w.IdleAfter <= 0 {
		return false
	}
	changed := false
	for i := range w.parts {
		p := &w.parts[i]
		if (p.seen || p.in) && !p.idle && now-p.last >= w.IdleAfter {
			p.idle, changed = true, true
		}
	}
	if !changed {
		return false
	}
	before, was := w.value, w.set
	w.recompute()
	return w.set && (!was || w.value > before)
}

// Value returns the watermark: no record is expected at or before it.
// Before the first record it is the lowest time.
func (w *Watermark) Value() int64 {
	if !w.set {
		return minTime
	}
	return w.value
}

// recompute takes the smallest watermark of the partitions that count
// and are active; an active one that has sent nothing holds it where it
// is. With none active, it takes the largest.
func (w *Watermark) recompute() {
	var lo, hi int64
	active, any := false, false
	for _, p := range w.parts {
		if p.seen {
			m := p.max - w.Disorder
			if !any || m > hi {
				hi = m
			}
			any = true
		}
		if p.idle || w.assigned && !p.in || !p.seen && !p.in {
			continue
		}
		if !p.seen {
			return // assigned, silent, not idle yet: it may send anything
		}
		if m := p.max - w.Disorder; !active || m < lo {
			lo, active = m, true
		}
	}
	switch {
	case active:
		w.advance(lo)
	case any:
		w.advance(hi)
	}
}

// advance moves the watermark forward to m; it never goes back.
func (w *Watermark) advance(m int64) {
	if !w.set || m > w.value {
		w.value, w.set = m, true
	}
}
