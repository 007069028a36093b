package sqlfn

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf16"
	"unicode/utf8"
)

// The JSON functions scan the text once, validating all of it (a malformed
// document gives NULL even when the path's value comes before the error),
// and note where the path's value starts and ends. Nothing is decoded but
// the value itself, and nothing is allocated unless a string result holds
// escapes or invalid UTF-8. Results are substrings of the document where
// possible, so they may be views of an input buffer (see View).
//
// A document is what encoding/json accepts: one value (RFC 8259) with
// optional surrounding white space, nested at most maxJSONDepth deep.
// Strings may hold invalid UTF-8; results replace each invalid byte with
// U+FFFD, as encoding/json does. When an object has the same member twice,
// the last one counts (encoding/json, PostgreSQL's json type).

// maxJSONDepth is encoding/json's nesting limit; deeper documents are
// malformed.
const maxJSONDepth = 10000

// Value is JSON_VALUE(s, path): the scalar at path as text, ok false
// (NULL) when the path is missing, the value is null, an object or an
// array, or s is not JSON. A string gives its unescaped contents; a number
// its text as written (9.5, 1e3, -0); true and false give "true" and
// "false".
func (p JSONPath) Value(s string) (string, bool) {
	start, end, ok := p.find(s)
	if !ok {
		return "", false
	}
	switch s[start] {
	case '{', '[', 'n':
		return "", false
	case '"':
		return jsonUnquote(s[start+1 : end-1]), true
	}
	return s[start:end], true
}

// Extract is JSON_EXTRACT(s, path): the JSON text of the value at path,
// exactly as it appears in s (white space inside it kept); ok false (NULL)
// when the path is missing or s is not JSON. A JSON null gives the text
// "null".
func (p JSONPath) Extract(s string) (string, bool) {
	start, end, ok := p.find(s)
	if !ok {
		return "", false
	}
	return s[start:end], true
}

// Query is JSON_QUERY(s, path): Extract for an object or array; ok false
// (NULL) for a scalar or null, as the SQL standard's JSON_QUERY without a
// wrapper.
func (p JSONPath) Query(s string) (string, bool) {
	start, end, ok := p.find(s)
	if !ok || s[start] != '{' && s[start] != '[' {
		return "", false
	}
	return s[start:end], true
}

// Exists is JSON_EXISTS(s, path): whether path selects a value (a JSON
// null counts). ok is false (NULL) when s is not JSON.
func (p JSONPath) Exists(s string) (exists, ok bool) {
	sc := jsonScanner{s: s, steps: p.steps}
	if !sc.document() {
		return false, false
	}
	return sc.found, true
}

// JSONValid reports whether s is one JSON document as the JSON functions
// accept it.
func JSONValid(s string) bool {
	sc := jsonScanner{s: s}
	return sc.document()
}

// find returns the span of the value at p in s; ok is false when s is
// malformed or the path is missing.
func (p JSONPath) find(s string) (start, end int, ok bool) {
	sc := jsonScanner{s: s, steps: p.steps}
	if !sc.document() || !sc.found {
		return 0, 0, false
	}
	return sc.start, sc.end, true
}

type jsonScanner struct {
	s          string
	i          int
	steps      []jsonStep
	depth      int
	found      bool
	start, end int
}

func (sc *jsonScanner) document() bool {
	sc.ws()
	if !sc.value(0, true) {
		return false
	}
	sc.ws()
	return sc.i == len(sc.s)
}

func (sc *jsonScanner) ws() {
	// Compact JSON has no white space between tokens: one comparison.
	if sc.i < len(sc.s) && sc.s[sc.i] > ' ' {
		return
	}
	sc.wsSlow()
}

func (sc *jsonScanner) wsSlow() {
	i, s := sc.i, sc.s
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	sc.i = i
}

// value scans the value at sc.i. match says the path's first level steps
// led here; a value reached by all the steps is the result.
func (sc *jsonScanner) value(level int, match bool) bool {
	if sc.i >= len(sc.s) {
		return false
	}
	start := sc.i
	ok := false
	switch c := sc.s[sc.i]; c {
	case '{':
		ok = sc.object(level, match && level < len(sc.steps))
	case '[':
		if match && level < len(sc.steps) {
			ok = sc.arrayAt(level)
		} else {
			_, ok = sc.array(level, -1)
		}
	case '"':
		_, ok = sc.str()
	case 't':
		ok = sc.literal("true")
	case 'f':
		ok = sc.literal("false")
	case 'n':
		ok = sc.literal("null")
	default:
		if c == '-' || '0' <= c && c <= '9' {
			ok = sc.number()
		}
	}
	if ok && match && level == len(sc.steps) {
		sc.found, sc.start, sc.end = true, start, sc.i
	}
	return ok
}

func (sc *jsonScanner) literal(lit string) bool {
	if len(sc.s)-sc.i < len(lit) || sc.s[sc.i:sc.i+len(lit)] != lit {
		return false
	}
	sc.i += len(lit)
	return true
}

func (sc *jsonScanner) number() bool {
	s, i := sc.s, sc.i
	if s[i] == '-' {
		i++
	}
	if i >= len(s) {
		return false
	}
	switch {
	case s[i] == '0':
		i++
	case '1' <= s[i] && s[i] <= '9':
		i = jsonDigits(s, i+1)
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		j := jsonDigits(s, i+1)
		if j == i+1 {
			return false
		}
		i = j
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := jsonDigits(s, i)
		if j == i {
			return false
		}
		i = j
	}
	sc.i = i
	return true
}

func jsonDigits(s string, i int) int {
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	return i
}

// object scans an object; with match, the member named by step level is
// scanned as matching.
func (sc *jsonScanner) object(level int, match bool) bool {
	if sc.depth++; sc.depth > maxJSONDepth {
		return false
	}
	sc.i++ // '{'
	sc.ws()
	if sc.i < len(sc.s) && sc.s[sc.i] == '}' {
		sc.i++
		sc.depth--
		return true
	}
	var step *jsonStep
	if match && sc.steps[level].kind != stepIndex {
		step = &sc.steps[level]
	}
	for {
		if sc.i >= len(sc.s) || sc.s[sc.i] != '"' {
			return false
		}
		keyStart := sc.i + 1
		plain, ok := sc.str()
		if !ok {
			return false
		}
		key := sc.s[keyStart : sc.i-1]
		sc.ws()
		if sc.i >= len(sc.s) || sc.s[sc.i] != ':' {
			return false
		}
		sc.i++
		sc.ws()
		m := step != nil && (plain && key == step.key || !plain && jsonKeyEqual(key, step.key))
		if m {
			sc.found = false // a later duplicate member replaces an earlier one
		}
		if !sc.value(level+1, m) {
			return false
		}
		sc.ws()
		if sc.i >= len(sc.s) {
			return false
		}
		switch sc.s[sc.i] {
		case ',':
			sc.i++
			sc.ws()
		case '}':
			sc.i++
			sc.depth--
			return true
		default:
			return false
		}
	}
}

// arrayAt scans an array that step level applies to.
func (sc *jsonScanner) arrayAt(level int) bool {
	step := sc.steps[level]
	if step.kind == stepKey {
		_, ok := sc.array(level, -1)
		return ok
	}
	if step.index >= 0 {
		_, ok := sc.array(level, step.index)
		return ok
	}
	// Counting from the end: count the elements, then scan again.
	start, depth := sc.i, sc.depth
	n, ok := sc.array(level, -1)
	if !ok || n+step.index < 0 {
		return ok
	}
	sc.i, sc.depth = start, depth
	_, ok = sc.array(level, n+step.index)
	return ok
}

// array scans an array, matching element target (-1: none), and returns
// the number of elements.
func (sc *jsonScanner) array(level, target int) (int, bool) {
	if sc.depth++; sc.depth > maxJSONDepth {
		return 0, false
	}
	sc.i++ // '['
	sc.ws()
	if sc.i < len(sc.s) && sc.s[sc.i] == ']' {
		sc.i++
		sc.depth--
		return 0, true
	}
	for n := 0; ; n++ {
		if !sc.value(level+1, n == target) {
			return 0, false
		}
		sc.ws()
		if sc.i >= len(sc.s) {
			return 0, false
		}
		switch sc.s[sc.i] {
		case ',':
			sc.i++
			sc.ws()
		case ']':
			sc.i++
			sc.depth--
			return n + 1, true
		default:
			return 0, false
		}
	}
}

// str scans the string at sc.i (s[sc.i] == '"'). plain reports that it has
// no escapes and only ASCII, so that its raw text is its value.
func (sc *jsonScanner) str() (plain, ok bool) {
	s := sc.s
	plain = true
	for i := sc.i + 1; i < len(s); i++ {
		if i = jsonPlainRun(s, i); i >= len(s) {
			return false, false
		}
		switch c := s[i]; {
		case c == '"':
			sc.i = i + 1
			return plain, true
		case c < 0x20:
			return false, false
		case c == '\\':
			plain = false
			i++
			if i >= len(s) {
				return false, false
			}
			switch s[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if jsonHex4(s, i+1) < 0 {
					return false, false
				}
				i += 4
			default:
				return false, false
			}
		default: // non-ASCII
			plain = false
		}
	}
	return false, false
}

const (
	jsonLSB = 0x0101010101010101
	jsonMSB = 0x8080808080808080
)

// jsonPlainRun returns the offset of the first byte at or after i that is
// '"', '\\', a control character or non-ASCII, or len(s); it looks at eight
// bytes at a time.
func jsonPlainRun(s string, i int) int {
	for ; i+8 <= len(s); i += 8 {
		w := binary.LittleEndian.Uint64(Bytes(s[i : i+8]))
		lo := w &^ jsonMSB
		q := lo ^ ('"' * jsonLSB)
		e := lo ^ ('\\' * jsonLSB)
		// The high bit of a byte of m is set when the byte's low seven bits
		// are '"', '\\' or below 0x20, or the byte itself is non-ASCII.
		m := ^((q + ^uint64(jsonMSB)) & (e + ^uint64(jsonMSB)) & (lo + (0x80-0x20)*jsonLSB))
		if m = (m | w) & jsonMSB; m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c == '"' || c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			return i
		}
	}
	return i
}

// jsonHex4 returns the value of the four hex digits at s[i:], or -1.
func jsonHex4(s string, i int) rune {
	if len(s)-i < 4 {
		return -1
	}
	var r rune
	for _, c := range []byte(s[i : i+4]) {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}

// jsonUnquote decodes the contents of a well-formed JSON string (without
// its quotes). Contents with no escapes and valid UTF-8 are returned as
// they are; otherwise escapes are decoded and invalid UTF-8 and lone
// surrogates become U+FFFD, as encoding/json does.
func jsonUnquote(raw string) string {
	i := jsonPlainRun(raw, 0)
	for i < len(raw) && raw[i] != '\\' {
		i = jsonPlainRun(raw, i+1) // non-ASCII: check the whole string below
	}
	if i == len(raw) && utf8.ValidString(raw) {
		return raw
	}
	return View(jsonAppendUnquoted(make([]byte, 0, len(raw)), raw))
}

func jsonAppendUnquoted(b []byte, raw string) []byte {
	for i := 0; i < len(raw); {
		c := raw[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(raw[i:])
			b = utf8.AppendRune(b, r) // RuneError for an invalid byte
			i += size
			continue
		}
		if c != '\\' {
			b = append(b, c)
			i++
			continue
		}
		switch e := raw[i+1]; e {
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r := jsonHex4(raw, i+2)
			i += 6
			if utf16.IsSurrogate(r) {
				if len(raw)-i >= 6 && raw[i] == '\\' && raw[i+1] == 'u' {
					if dec := utf16.DecodeRune(r, jsonHex4(raw, i+2)); dec != utf8.RuneError {
						b = utf8.AppendRune(b, dec)
						i += 6
						continue
					}
				}
				r = utf8.RuneError
			}
			b = utf8.AppendRune(b, r)
			continue
		default: // '"', '\\', '/'
			b = append(b, e)
		}
		i += 2
	}
	return b
}

// jsonKeyEqual compares the raw text of a member name that has escapes or
// non-ASCII bytes with a path name.
func jsonKeyEqual(raw, key string) bool {
	var buf [64]byte
	return string(jsonAppendUnquoted(buf[:0], raw)) == key
}
