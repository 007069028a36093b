package dynamic

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"slices"
	"strconv"
	"time"
)

// WindowKind is the kind of an event-time window.
type WindowKind int

// The window kinds.
const (
	// Tumbling windows are [k*Size, (k+1)*Size): one per record.
	Tumbling WindowKind = iota
	// Sliding windows are [k*Advance, k*Advance+Size): every one that
	// holds the record's time.
	Sliding
	// Session windows grow while records of a group arrive less than Size
	// (the gap) apart: [first time, last time + gap).
	Session
)

// Window is the WINDOW clause of a WindowQuery. Times are epoch
// milliseconds.
type Window struct {
	Kind    WindowKind
	Time    Expr  // the event time: an INTEGER of epoch milliseconds
	Size    int64 // TUMBLING and SLIDING: the window's length; SESSION: the gap
	Advance int64 // SLIDING: the step between window starts
}

// WindowQuery is a GROUP BY over event-time windows, EMIT FINAL: keep the
// records where Where is TRUE, fold each into the window(s) of its event
// time, per group of Keys, and write a window's groups when the watermark
// (the largest event time seen, less Disorder) passes its end plus
// Lateness. A record whose windows have all closed is late: counted and
// dropped. Its output row is the key columns, then _window_start when
// Start is set, _window_end when End is set, then the aggregates.
//
// Rows are written as veloc writes them: the windows that close together
// earliest end first, and windows with the same end in the order they were
// opened (a session again each time its end moves); at the end of the
// input every open window closes.
type WindowQuery struct {
	Where      Expr
	Keys       []Named
	Window     Window
	Aggs       []Agg
	Start, End bool  // write _window_start, _window_end
	Disorder   int64 // 'watermark.max_out_of_orderness', ms
	Lateness   int64 // 'late.data.allowed_lateness', ms
}

// WinGroup is one group of one window: its key values, its bounds and one
// accumulator per aggregate.
type WinGroup struct {
	Keys       []any
	Start, End int64
	Accs       []Accumulator
	key        string // the group key (without the window)
	dead       bool   // a session merged into another, or closed
}

// Windower folds rows into the windows of a WindowQuery, as a dynamic
// engine does: the open windows of tumbling and sliding queries in a map
// keyed by a string of the key values' text and the window start, the open
// sessions of each group key in a slice, and, to close them, a sorted
// slice of the distinct window ends with the windows of each end in the
// order they were queued.
type Windower struct {
	q        *WindowQuery
	groups   map[string]*WinGroup   // tumbling, sliding: group key + window start
	sessions map[string][]*WinGroup // session: group key → open sessions
	ends     []int64                // the ends of queued windows, ascending
	byEnd    map[int64][]*WinGroup  // the windows queued at each end
	maxT     int64                  // the largest event time seen
	seen     bool                   // some record moved the watermark
	opened   int                    // windows (or sessions) opened
	open     int                    // windows (or sessions) open
	kb       []byte
	keys     []any
	args     []any
}

// NewWindower returns an empty Windower for q.
func NewWindower(q *WindowQuery) (*Windower, error) {
	switch q.Window.Kind {
	case Tumbling, Session:
		if q.Window.Size <= 0 {
			return nil, errors.New("the window size must be positive")
		}
	case Sliding:
		if q.Window.Size <= 0 || q.Window.Advance <= 0 {
			return nil, errors.New("the window size and advance must be positive")
		}
	default:
		return nil, fmt.Errorf("unknown window kind %d", q.Window.Kind)
	}
	if q.Window.Time == nil {
		return nil, errors.New("no event time")
	}
	g, err := NewGrouper(&GroupQuery{Keys: q.Keys, Aggs: q.Aggs}) // checks the aggregates
	if err != nil {
		return nil, err
	}
	return &Windower{
		q:        q,
		groups:   map[string]*WinGroup{},
		sessions: map[string][]*WinGroup{},
		byEnd:    map[int64][]*WinGroup{},
		keys:     g.keys,
		args:     g.args,
	}, nil
}

// Open is the number of windows open (sessions, for SESSION).
func (w *Windower) Open() int { return w.open }

// Opened is the number of windows opened so far.
func (w *Windower) Opened() int { return w.opened }

// Watermark returns the watermark and false before the first record.
func (w *Windower) Watermark() (int64, bool) { return w.maxT - w.q.Disorder, w.seen }

// closed reports whether a window ending at end has closed under the
// current watermark.
func (w *Windower) closed(end int64) bool {
	wm, ok := w.Watermark()
	return ok && wm >= end+w.q.Lateness
}

var errLate = errors.New("late record: its windows have closed")

// IsLate reports whether an error of Add is a late record.
func IsLate(err error) bool { return err == errLate }

// Add folds one row into its window(s), then moves the watermark and
// calls emit for each window that closes, earliest end first. It returns
// errLate (see IsLate) for a late record and another error for a record
// that fails, which then changes nothing (but for a value of the wrong
// type met by an aggregate after others took theirs).
func (w *Windower) Add(row Row, emit func(*WinGroup) error) error {
	q := w.q
	if q.Where != nil {
		c, err := q.Where.Eval(row)
		if err != nil {
			return err
		}
		if b, _ := c.(bool); !b {
			if _, _, isBool := truth(c); !isBool {
				return fmt.Errorf("WHERE of %T", c)
			}
			return nil
		}
	}
	tv, err := q.Window.Time.Eval(row)
	if err != nil {
		return err
	}
	t, ok := tv.(int64)
	if !ok {
		if tv == nil {
			return errors.New("the event time is NULL")
		}
		return fmt.Errorf("event time of %T", tv)
	}
	w.kb = w.kb[:0]
	for i, k := range q.Keys {
		v, err := k.Expr.Eval(row)
		if err != nil {
			return err
		}
		w.keys[i] = v
		if w.kb, err = appendKey(w.kb, v); err != nil {
			return err
		}
	}
	for i, a := range q.Aggs {
		if a.Arg == nil {
			w.args[i] = nil
			continue
		}
		v, err := a.Arg.Eval(row)
		if err != nil {
			return err
		}
		w.args[i] = v
	}

	switch size := q.Window.Size; q.Window.Kind {
	case Tumbling:
		start := t / size * size
		if start > t {
			start -= size
		}
		if w.closed(start + size) {
			return errLate
		}
		if err := w.fold(w.window(start, start+size)); err != nil {
			return err
		}
	case Sliding:
		adv := q.Window.Advance
		first := (t - size) / adv * adv // the multiple of adv at or below t-size
		if first > t-size {
			first -= adv
		}
		late := true
		for start := first + adv; start <= t; start += adv {
			if w.closed(start + size) {
				continue
			}
			late = false
			if err := w.fold(w.window(start, start+size)); err != nil {
				return err
			}
		}
		if late {
			return errLate
		}
	case Session:
		g := w.session(t)
		if g == nil {
			return errLate
		}
		if err := w.fold(g); err != nil {
			return err
		}
	}

	if !w.seen || t > w.maxT {
		w.maxT, w.seen = t, true
	}
	return w.closeWindows(false, emit)
}

// fold adds the current record's arguments to a group's accumulators.
func (w *Windower) fold(g *WinGroup) error {
	for i, acc := range g.Accs {
		if err := acc.Add(w.args[i]); err != nil {
			return err
		}
	}
	return nil
}

// window returns the group of the current key in the window [start, end),
// opening it.
func (w *Windower) window(start, end int64) *WinGroup {
	n := len(w.kb)
	w.kb = strconv.AppendInt(append(w.kb, '@'), start, 10)
	g := w.groups[string(w.kb)]
	if g == nil {
		g = w.newGroup(string(w.kb), start, end)
		w.groups[g.key] = g
	}
	w.kb = w.kb[:n]
	return g
}

func (w *Windower) newGroup(key string, start, end int64) *WinGroup {
	g := &WinGroup{
		Keys:  append([]any(nil), w.keys...),
		Start: start,
		End:   end,
		Accs:  make([]Accumulator, len(w.q.Aggs)),
		key:   key,
	}
	for i, a := range w.q.Aggs {
		g.Accs[i], _ = NewAccumulator(a.Func) // checked by NewWindower
	}
	w.opened++
	w.open++
	w.queue(g)
	return g
}

// queue files g under its end, to close when the watermark passes it.
func (w *Windower) queue(g *WinGroup) {
	q, ok := w.byEnd[g.End]
	if !ok {
		i, _ := slices.BinarySearch(w.ends, g.End)
		w.ends = slices.Insert(w.ends, i, g.End)
	}
	w.byEnd[g.End] = append(q, g)
}

// session returns the session of the current key that a record at t
// joins: an open one it falls in or within the gap before (merging the
// others it bridges), else a new one; nil when that new session would
// already have closed.
func (w *Windower) session(t int64) *WinGroup {
	gap := w.q.Window.Size
	sess := w.sessions[string(w.kb)]
	var g *WinGroup
	var old int64
	for i := 0; i < len(sess); {
		s := sess[i]
		if !(t > s.Start-gap && t < s.End) {
			i++
			continue
		}
		if g == nil {
			g, old = s, s.End
			i++
			continue
		}
		// The record bridges two sessions: merge them.
		for k, acc := range g.Accs {
			mergeAcc(acc, s.Accs[k])
		}
		g.Start, g.End = min(g.Start, s.Start), max(g.End, s.End)
		s.dead = true
		w.open--
		sess = slices.Delete(sess, i, i+1)
	}
	if g == nil {
		if w.closed(t + gap) {
			return nil
		}
		g = w.newGroup(string(w.kb), t, t+gap)
		sess = append(sess, g)
	} else {
		g.Start, g.End = min(g.Start, t), max(g.End, t+gap)
		if g.End != old {
			w.queue(g)
		}
	}
	w.sessions[g.key] = sess
	return g
}

// closeWindows closes the windows the watermark has passed (every one
// when all is set), earliest end first, calling emit for each.
func (w *Windower) closeWindows(all bool, emit func(*WinGroup) error) error {
	for len(w.ends) > 0 {
		end := w.ends[0]
		if !all && !w.closed(end) {
			break
		}
		gs := w.byEnd[end]
		delete(w.byEnd, end)
		w.ends = w.ends[1:]
		for _, g := range gs {
			if w.q.Window.Kind == Session {
				if g.dead || g.End != end {
					continue // merged, or grown since it was queued
				}
				g.dead = true
				sess := w.sessions[g.key]
				if i := slices.Index(sess, g); i >= 0 {
					sess = slices.Delete(sess, i, i+1)
				}
				if len(sess) == 0 {
					delete(w.sessions, g.key)
				} else {
					w.sessions[g.key] = sess
				}
			} else {
				delete(w.groups, g.key)
			}
			w.open--
			if err := emit(g); err != nil {
				return err
			}
		}
	}
	return nil
}

// Close closes every open window at the end of the input.
func (w *Windower) Close(emit func(*WinGroup) error) error {
	return w.closeWindows(true, emit)
}

// Row computes the output row of a window's group into vals: the key
// values, the window's start and end as they are asked for (a time.Time),
// then the aggregates.
func (w *Windower) Row(g *WinGroup, vals []any) error {
	n := copy(vals, g.Keys)
	if w.q.Start {
		vals[n] = time.UnixMilli(g.Start).UTC()
		n++
	}
	if w.q.End {
		vals[n] = time.UnixMilli(g.End).UTC()
		n++
	}
	for i, acc := range g.Accs {
		v, err := acc.Result()
		if err != nil {
			return err
		}
		vals[n+i] = v
	}
	return nil
}

// mergeAcc folds the state of s into a, accumulators of the same
// aggregate: sessions that a record bridges become one.
func mergeAcc(a, s Accumulator) {
	switch a := a.(type) {
	case *countAcc:
		a.n += s.(*countAcc).n
	case *sumAcc:
		s := s.(*sumAcc)
		switch {
		case !s.ok:
		case a.isF || s.isF:
			af, sf := a.f, s.f
			if !a.isF {
				af = a.int128Float()
			}
			if !s.isF {
				sf = s.int128Float()
			}
			a.f, a.isF = af+sf, true
		default:
			var c uint64
			a.lo, c = bits.Add64(a.lo, s.lo, 0)
			a.hi, _ = bits.Add64(a.hi, s.hi, c)
		}
		a.ok = a.ok || s.ok
	case *avgAcc:
		s := s.(*avgAcc)
		a.sum += s.sum
		a.n += s.n
	case *minMaxAcc:
		if v := s.(*minMaxAcc).v; v != nil {
			a.Add(v) // a value that was added once compares
		}
	}
}

// WindowStats counts what a windowed run did.
type WindowStats struct {
	Stats
	Late   int // records dropped because their windows had closed
	Opened int // windows (sessions) opened
}

// timestampLayout is how veloc writes a TIMESTAMP: ISO-8601 in UTC with
// milliseconds.
const timestampLayout = "2006-01-02T15:04:05.000Z"

// cellText is csvText, and a TIMESTAMP (time.Time) as veloc writes it.
func cellText(v any) string {
	if t, ok := v.(time.Time); ok {
		return t.Format(timestampLayout)
	}
	return csvText(v)
}

// RunWindowCSV runs q over a CSV file with a header line, read as RunCSV
// reads it, and writes CSV through encoding/csv: a header line (the key
// names, _window_start and _window_end as q asks for them, the aggregate
// names), then the rows of each window as it closes. A record that does
// not decode or fails to evaluate is counted in Stats.Bad, a late record
// in Late; so is (in Bad) a row that fails to compute.
func RunWindowCSV(r io.Reader, w io.Writer, q *WindowQuery, schema []Column) (WindowStats, error) {
	var st WindowStats
	win, err := NewWindower(q)
	if err != nil {
		return st, err
	}
	cr := csv.NewReader(bufio.NewReaderSize(r, bufSize))
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		if err == io.EOF {
			err = errors.New("no header line")
		}
		return st, err
	}
	idx, err := bindHeader(header, schema)
	if err != nil {
		return st, err
	}

	cw := csv.NewWriter(bufio.NewWriterSize(w, bufSize))
	var rec []string
	for _, k := range q.Keys {
		rec = append(rec, k.Name)
	}
	if q.Start {
		rec = append(rec, "_window_start")
	}
	if q.End {
		rec = append(rec, "_window_end")
	}
	for _, a := range q.Aggs {
		rec = append(rec, a.Name)
	}
	if err := cw.Write(rec); err != nil {
		return st, err
	}
	vals := make([]any, len(rec))
	emit := func(g *WinGroup) error {
		if err := win.Row(g, vals); err != nil {
			st.Bad++
			return nil
		}
		for i, v := range vals {
			rec[i] = cellText(v)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
		st.Out++
		return nil
	}
	// A failed write stops the run; a failed record does not.
	var werr error
	emitOrStop := func(g *WinGroup) error {
		if werr = emit(g); werr != nil {
			return werr
		}
		return nil
	}
	row := make(Row, len(schema))
	for {
		fields, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return st, err
			}
			st.In++
			st.Bad++
			continue
		}
		st.In++
		if err := convertRow(row, fields, schema, idx); err != nil {
			st.Bad++
			continue
		}
		if err := win.Add(row, emitOrStop); err != nil {
			if werr != nil {
				return st, werr
			}
			if IsLate(err) {
				st.Late++
			} else {
				st.Bad++
			}
		}
	}
	if err := win.Close(emit); err != nil {
		return st, err
	}
	st.Opened = win.Opened()
	cw.Flush()
	return st, cw.Error()
}
