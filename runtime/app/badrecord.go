package app

import (
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/velocsql/veloc/runtime/jsonrec"
)

// Location identifies an input record in messages, logs and the DLQ.
type Location struct {
	Source string // the source's name in the SQL ("orders")
	// File sources: the file and the record's 1-based line.
	File string
	Line int
	// Kafka sources: where the message is.
	Topic     string
	Partition int32
	Offset    int64
}

// String returns "orders.csv:4" for a file record, "topic trades
// partition 2 offset 17" for a Kafka record, else the source name.
func (l Location) String() string {
	switch {
	case l.File != "" && l.Line > 0:
		return l.File + ":" + strconv.Itoa(l.Line)
	case l.File != "":
		return l.File
	case l.Topic != "":
		return fmt.Sprintf("topic %s partition %d offset %d", l.Topic, l.Partition, l.Offset)
	}
	return l.Source
}

// Kinds of error records, the first argument of BadRecord after the
// location. Records are counted by kind (and the veloc_records_failed_total
// metric will be labelled by it), so a kind must come from a small fixed
// set; the specific message, which may quote the bad value, goes in the
// reason.
const (
	BadParse          = "parse"            // a value does not parse as its column's type
	BadMalformed      = "malformed"        // not a JSON object, wrong CSV field count, bad quoting
	BadCast           = "cast"             // a CAST failed
	BadOverflow       = "overflow"         // arithmetic overflow
	BadDivisionByZero = "division_by_zero" // division or modulo by zero
	BadFunction       = "function"         // a function failed (a pattern known only at run time that does not compile)
	BadLate           = "late"             // a record for a window that has closed (not a failure: counted as late)
	BadOther          = "other"            // anything else (also used for an empty kind)
)

// Rate limit for error-record warnings: the first logFirst are logged,
// then at most one per logEvery, carrying the number suppressed since the
// previous one. A file full of bad rows must not turn the log into a copy
// of the file, yet the first few show what is wrong.
const (
	logFirst = 10
	logEvery = time.Second
)

// badRecords is a job's error-record state.
type badRecords struct {
	policy string
	dlq    deadLetters // nil unless policy is dlq (or late records go there)
	now    func() time.Time

	mu         sync.Mutex
	logged     int
	last       time.Time
	suppressed int64
	buf        []byte // DLQ line being built
}

// BadRecord handles one error record: a record that cannot be decoded or
// whose evaluation fails. loc says where it is; kind is one of the Bad*
// constants; reason is the message ("column qty: cannot parse \"thr33\"
// as INTEGER"); raw is the record's input (a CSV line, a JSON line, a
// message value), which is only read during the call.
//
// It counts the record, then applies the job's '<job>.error.policy':
// skip logs a (rate-limited) warning and returns nil; dlq also writes
// {"job","source","location","reason","kind","raw"} as one JSON line to the
// file '<job>.dlq'; fail returns a *JobError, "job picked: orders.csv:4:
// column qty: ...", which the generated loop returns so the program exits
// with status 1 and prints it. A non-nil error must end the job.
func (e *Env) BadRecord(loc Location, kind, reason string, raw []byte) error {
	if kind == "" {
		kind = BadOther
	}
	if kind == BadLate {
		return e.lateRecord(loc, reason, raw)
	}
	if loc.Source == "" && len(e.Sources) == 1 {
		loc.Source = e.Sources[0]
	}
	e.counter(&e.failed, kind).Add(1)
	switch e.bad.policy {
	case PolicyFail:
		return &JobError{Job: e.Job, Err: &RecordError{Loc: loc, Kind: kind, Reason: reason}}
	case PolicyDLQ:
		if err := e.writeDLQ(loc, kind, reason, raw); err != nil {
			return &JobError{Job: e.Job, Err: err}
		}
	}
	e.warnBad(loc, kind, reason)
	return nil
}

// lateRecord handles a record that arrives for a window that has closed
// (dialect.md 'late.data.strategy'): it is counted as late, not failed,
// and dropped with a rate-limited warning or written to the DLQ with
// reason late. It never fails the job.
func (e *Env) lateRecord(loc Location, reason string, raw []byte) error {
	if loc.Source == "" && len(e.Sources) == 1 {
		loc.Source = e.Sources[0]
	}
	e.late.Add(1)
	if e.LateDeadLetter && e.bad.dlq != nil {
		if err := e.writeDLQ(loc, BadLate, reason, raw); err != nil {
			return &JobError{Job: e.Job, Err: err}
		}
		return nil
	}
	e.warnBad(loc, BadLate, reason)
	return nil
}

func (e *Env) writeDLQ(loc Location, kind, reason string, raw []byte) error {
	b := &e.bad
	b.mu.Lock()
	defer b.mu.Unlock()
	buf := append(b.buf[:0], `{"job":`...)
	buf = jsonrec.AppendString(buf, e.Job)
	buf = append(buf, `,"source":`...)
	buf = jsonrec.AppendString(buf, loc.Source)
	buf = append(buf, `,"location":`...)
	buf = jsonrec.AppendString(buf, loc.String())
	buf = append(buf, `,"reason":`...)
	buf = jsonrec.AppendString(buf, reason)
	buf = append(buf, `,"kind":`...)
	buf = jsonrec.AppendString(buf, kind)
	buf = append(buf, `,"raw":`...)
	buf = jsonrec.AppendStringBytes(buf, raw)
	buf = append(buf, "}\n"...)
	b.buf = buf
	return b.dlq.write(buf)
}

func (e *Env) warnBad(loc Location, kind, reason string) {
	b := &e.bad
	now := b.now()
	b.mu.Lock()
	var suppressed int64
	switch {
	case b.logged < logFirst:
		b.logged++
	case now.Sub(b.last) >= logEvery:
		suppressed, b.suppressed = b.suppressed, 0
	default:
		b.suppressed++
		b.mu.Unlock()
		return
	}
	b.last = now
	b.mu.Unlock()
	msg := "error record skipped"
	switch {
	case kind == BadLate:
		msg = "late record dropped" // dead-lettered ones are not logged
	case b.policy == PolicyDLQ:
		msg = "error record sent to the dead-letter queue"
	}
	attrs := []any{"source", loc.Source, "location", loc.String(), "reason", reason, "kind", kind}
	if suppressed > 0 {
		attrs = append(attrs, "suppressed", suppressed)
	}
	e.Log.Warn(msg, attrs...)
}

// flushWarnings logs how many warnings the rate limit swallowed since the
// last one, so the log's tally is complete when the job ends.
func (e *Env) flushWarnings() {
	e.bad.mu.Lock()
	n := e.bad.suppressed
	e.bad.suppressed = 0
	e.bad.mu.Unlock()
	if n > 0 {
		e.Log.Warn("error-record warnings suppressed", "suppressed", n)
	}
}
