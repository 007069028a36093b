package jsonrec

import (
	"strconv"

	"github.com/velocsql/veloc/runtime/scalar"
)

// maxDepth bounds the nesting of a line (the object counting as one level),
// as in encoding/json, so that a hostile line cannot exhaust memory and
// what Object accepts is what json.Valid accepts.
const maxDepth = 10000

// SyntaxError describes malformed JSON.
type SyntaxError struct {
	Msg    string // what is wrong, naming the member's key when there is one
	Offset int    // byte offset in the line where it was found
}

func (e *SyntaxError) Error() string {
	return "jsonrec: " + e.Msg + " at offset " + strconv.Itoa(e.Offset)
}

// Object iterates the top-level members of one JSON object (RFC 8259), such
// as a line of a JSON Lines file:
//
//	var it jsonrec.Object
//	it.Reset(line)
//	for it.Next() {
//		switch string(it.Key()) {
//		case "id":
//			id, ok = it.Int64()
//		case "name":
//			name, ok = it.String()
//		}
//	}
//	if err := it.Err(); err != nil { ... }
//
// After Next, exactly one value accessor (Int64, Float64, String, Bool, Raw
// or Skip) may consume the member's value; a value the caller does not
// consume is skipped by the next Next. An accessor whose type does not match
// the value (a string for Int64, a fraction for Int64, a number for String,
// null for anything) returns false and leaves the value unconsumed, so the
// caller may try another accessor or IsNull, and decide whether that is an
// error; no accessor converts between types.
//
// Every skipped value is still validated, so a line that is not exactly one
// well-formed JSON object (with optional surrounding white space) ends the
// iteration with an error from Err. Members come in document order;
// duplicate keys are all reported, and it is the caller's choice which wins
// (generated code lets the last one win, as encoding/json does).
//
// Object never panics and, once its buffers have grown to the longest
// escaped key and string seen, never allocates.
type Object struct {
	data    []byte
	pos     int  // next byte to read
	state   int8 // stateStart, stateMembers or stateDone
	pending bool // the current member's value is not consumed yet
	key     []byte
	keyBuf  []byte
	strBuf  []byte
	stack   []byte
	err     error
}

const (
	stateStart = iota
	stateMembers
	stateDone
)

// Reset starts iterating the object in line, which must not change while
// the iteration uses it.
func (o *Object) Reset(line []byte) {
	o.data = line
	o.pos = 0
	o.state = stateStart
	o.pending = false
	o.key = nil
	o.err = nil
	o.strBuf = o.strBuf[:0]
}

// Err returns the first syntax error the iteration met, or nil.
func (o *Object) Err() error { return o.err }

// Offset returns the byte offset in the line where the iteration is.
func (o *Object) Offset() int { return o.pos }

func (o *Object) fail(off int, msg string) {
	if o.err == nil {
		o.err = &SyntaxError{Msg: msg, Offset: off}
	}
	o.pending = false
	o.state = stateDone
}

// failValue reports an invalid value of the current member.
func (o *Object) failValue(off int) {
	o.fail(off, "invalid value for key "+strconv.Quote(string(o.key)))
}

// skipSpace returns the offset of the first non-white-space byte at or
// after p.
func skipSpace(d []byte, p int) int {
	for p < len(d) && d[p] <= ' ' && isSpace(d[p]) {
		p++
	}
	return p
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// Next advances to the next member and reports whether there is one. It
// returns false at the end of the object and on an error (see Err).
func (o *Object) Next() bool {
	switch o.state {
	case stateDone:
		return false
	case stateStart:
		return o.first()
	}
	if o.pending && !o.skipValue() {
		return false
	}
	d := o.data
	p := skipSpace(d, o.pos)
	if p >= len(d) {
		o.fail(p, "unexpected end of object")
		return false
	}
	switch d[p] {
	case ',':
		return o.member(skipSpace(d, p+1))
	case '}':
		return o.finish(p + 1)
	}
	o.fail(p, "expected ',' or '}' after value for key "+strconv.Quote(string(o.key)))
	return false
}

// first reads the opening brace and the first member.
func (o *Object) first() bool {
	d := o.data
	p := skipSpace(d, 0)
	if p >= len(d) || d[p] != '{' {
		o.fail(p, "not a JSON object")
		return false
	}
	p = skipSpace(d, p+1)
	if p < len(d) && d[p] == '}' {
		return o.finish(p + 1)
	}
	o.state = stateMembers
	return o.member(p)
}

// member reads a key and its colon at p, leaving o at the value.
func (o *Object) member(p int) bool {
	d := o.data
	if p >= len(d) {
		o.fail(p, "unexpected end of object")
		return false
	}
	if d[p] != '"' {
		o.fail(p, "expected a string key")
		return false
	}
	key, end, ok := unquote(d, p, &o.keyBuf)
	if !ok {
		o.fail(p, "invalid key")
		return false
	}
	o.key = key
	p = end
	if p >= len(d) || d[p] != ':' {
		p = skipSpace(d, p)
		if p >= len(d) || d[p] != ':' {
			o.fail(p, "expected ':' after key "+strconv.Quote(string(key)))
			return false
		}
	}
	p = skipSpace(d, p+1)
	if p >= len(d) {
		o.fail(p, "unexpected end of object")
		return false
	}
	o.pos = p
	o.pending = true
	return true
}

// finish checks that only white space follows the closing brace at p-1.
func (o *Object) finish(p int) bool {
	p = skipSpace(o.data, p)
	o.pos = p
	if p != len(o.data) {
		o.fail(p, "unexpected data after the object")
		return false
	}
	o.state = stateDone
	o.pending = false
	return false
}

// Key returns the current member's key, unescaped. It is valid until the
// next call to Next (or Reset); a key without escapes points into the line.
func (o *Object) Key() []byte { return o.key }

// value reports whether an unconsumed value is available.
func (o *Object) value() bool { return o.pending && o.err == nil }

// IsNull reports whether the current value is JSON null. It does not
// consume it.
func (o *Object) IsNull() bool {
	d := o.data[min(o.pos, len(o.data)):]
	return o.value() && len(d) >= 4 && d[0] == 'n' && d[1] == 'u' && d[2] == 'l' && d[3] == 'l'
}

// Int64 returns the current value if it is a JSON number written as an
// integer (no fraction, no exponent) within the int64 range.
func (o *Object) Int64() (int64, bool) {
	if !o.value() {
		return 0, false
	}
	d, p := o.data, o.pos
	if d[p] == '-' {
		p++
	}
	start := p
	if p < len(d) && d[p] == '0' {
		p++
	} else {
		for p < len(d) && d[p]-'0' <= 9 {
			p++
		}
	}
	if p == start {
		return 0, false
	}
	if !endsValue(d, p) {
		return 0, false // a fraction, an exponent, a leading zero, junk
	}
	n, ok := scalar.ParseInt(d[o.pos:p])
	if ok {
		o.pos = p
		o.pending = false
	}
	return n, ok
}

// endsValue reports whether a top-level value may end at d[p]: at the end
// of the line, white space, ',' or '}'. Accessors check it so that "1x" or
// "truex" is reported as an invalid value rather than half-read.
func endsValue(d []byte, p int) bool {
	if p >= len(d) {
		return true
	}
	switch d[p] {
	case ' ', '\t', '\n', '\r', ',', '}':
		return true
	}
	return false
}

// Float64 returns the current value if it is a JSON number (integer or
// not) that fits a float64; numbers beyond ±1.8e308 report false.
func (o *Object) Float64() (float64, bool) {
	if !o.value() {
		return 0, false
	}
	end := skipNumber(o.data, o.pos)
	if end < 0 || !endsValue(o.data, end) {
		return 0, false
	}
	f, ok := scalar.ParseFloat(o.data[o.pos:end])
	if ok {
		o.pos = end
		o.pending = false
	}
	return f, ok
}

// String returns the current value if it is a JSON string, unescaped: all
// escapes including \uXXXX and surrogate pairs are decoded, a lone
// surrogate and invalid UTF-8 become U+FFFD (as encoding/json does). The
// result is valid until the next Reset, so a decoder can keep every string
// of one object without copying (a string without escapes points into the
// line; one with escapes into o's buffer, which Reset reuses). A malformed string is a syntax error.
func (o *Object) String() ([]byte, bool) {
	if !o.value() || o.data[o.pos] != '"' {
		return nil, false
	}
	s, end, ok := unquote(o.data, o.pos, &o.strBuf)
	if !ok {
		o.failValue(o.pos)
		return nil, false
	}
	o.pos = end
	o.pending = false
	return s, true
}

// StringValue is String returning a new Go string, for values the caller
// keeps beyond the current record (it allocates unless the string is
// empty).
func (o *Object) StringValue() (string, bool) {
	b, ok := o.String()
	return string(b), ok
}

// Bool returns the current value if it is true or false.
func (o *Object) Bool() (bool, bool) {
	if !o.value() {
		return false, false
	}
	d := o.data[o.pos:]
	switch {
	case len(d) >= 4 && d[0] == 't' && d[1] == 'r' && d[2] == 'u' && d[3] == 'e' && endsValue(d, 4):
		o.pos += 4
		o.pending = false
		return true, true
	case len(d) >= 5 && d[0] == 'f' && d[1] == 'a' && d[2] == 'l' && d[3] == 's' && d[4] == 'e' && endsValue(d, 5):
		o.pos += 5
		o.pending = false
		return false, true
	}
	return false, false
}

// Raw returns the JSON text of the current value, whatever its type,
// after validating it; nil if it is malformed (see Err). The text points
// into the line.
func (o *Object) Raw() []byte {
	if !o.value() {
		return nil
	}
	start := o.pos
	if !o.skipValue() {
		return nil
	}
	return o.data[start:o.pos]
}

// Skip consumes the current value, validating it without decoding it. It
// reports false if the value is malformed (see Err).
func (o *Object) Skip() bool {
	if !o.value() {
		return o.err == nil
	}
	return o.skipValue()
}

// skipValue validates and consumes one JSON value at o.pos.
func (o *Object) skipValue() bool {
	o.pending = false
	d := o.data
	p := o.pos
	start := p
	stack := o.stack[:0]
	for {
		// A value starts at p (after white space).
		for p < len(d) && isSpace(d[p]) {
			p++
		}
		if p >= len(d) {
			o.failValue(start)
			return false
		}
		switch d[p] {
		case '{', '[':
			if len(stack) >= maxDepth-1 { // the object itself is a level

				o.failValue(p)
				return false
			}
			c := d[p]
			p++
			for p < len(d) && isSpace(d[p]) {
				p++
			}
			if c == '[' {
				if p < len(d) && d[p] == ']' {
					p++
					break
				}
				stack = append(stack, ']')
				o.stack = stack
				continue
			}
			if p < len(d) && d[p] == '}' {
				p++
				break
			}
			stack = append(stack, '}')
			o.stack = stack
			if p = skipKey(d, p); p < 0 {
				o.failValue(start)
				return false
			}
			continue
		case '"':
			p = skipString(d, p)
		case 't':
			p = skipLiteral(d, p, "true")
		case 'f':
			p = skipLiteral(d, p, "false")
		case 'n':
			p = skipLiteral(d, p, "null")
		default:
			p = skipNumber(d, p)
		}
		if p < 0 {
			o.failValue(start)
			return false
		}
		// After a value: close containers, or go on after a comma.
		for {
			if len(stack) == 0 {
				if !endsValue(d, p) {
					o.failValue(start)
					return false
				}
				o.pos = p
				return true
			}
			for p < len(d) && isSpace(d[p]) {
				p++
			}
			if p >= len(d) {
				o.failValue(start)
				return false
			}
			top := stack[len(stack)-1]
			if d[p] == top {
				stack = stack[:len(stack)-1]
				p++
				continue
			}
			if d[p] != ',' {
				o.failValue(start)
				return false
			}
			p++
			if top == '}' {
				if p = skipKey(d, p); p < 0 {
					o.failValue(start)
					return false
				}
			}
			break
		}
	}
}

// skipKey skips white space, a string and a colon starting at p; it returns
// the offset after the colon, or -1.
func skipKey(d []byte, p int) int {
	for p < len(d) && isSpace(d[p]) {
		p++
	}
	if p >= len(d) || d[p] != '"' {
		return -1
	}
	if p = skipString(d, p); p < 0 {
		return -1
	}
	for p < len(d) && isSpace(d[p]) {
		p++
	}
	if p >= len(d) || d[p] != ':' {
		return -1
	}
	return p + 1
}

func skipLiteral(d []byte, p int, lit string) int {
	if len(d)-p < len(lit) || string(d[p:p+len(lit)]) != lit {
		return -1
	}
	return p + len(lit)
}

// skipNumber returns the offset after the JSON number at p, or -1 if there
// is none: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func skipNumber(d []byte, p int) int {
	if p < len(d) && d[p] == '-' {
		p++
	}
	switch {
	case p >= len(d):
		return -1
	case d[p] == '0':
		p++
	case d[p]-'1' <= 8:
		for p++; p < len(d) && d[p]-'0' <= 9; p++ {
		}
	default:
		return -1
	}
	if p < len(d) && d[p] == '.' {
		p++
		s := p
		for p < len(d) && d[p]-'0' <= 9 {
			p++
		}
		if p == s {
			return -1
		}
	}
	if p < len(d) && d[p]|0x20 == 'e' {
		p++
		if p < len(d) && (d[p] == '+' || d[p] == '-') {
			p++
		}
		s := p
		for p < len(d) && d[p]-'0' <= 9 {
			p++
		}
		if p == s {
			return -1
		}
	}
	return p
}
