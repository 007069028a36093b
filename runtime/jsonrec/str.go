package jsonrec

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf16"
	"unicode/utf8"
)

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// plainRun returns the offset of the first byte at or after p that is not
// plain string content — '"', '\\', a control character or a non-ASCII
// byte — or len(d). It looks at eight bytes at a time (SWAR): for each
// byte b of a word, the high bit of the mask is set exactly when b needs
// attention.
func plainRun(d []byte, p int) int {
	for ; p+8 <= len(d); p += 8 {
		w := binary.LittleEndian.Uint64(d[p:])
		lo := w &^ msb
		q := lo ^ ('"' * lsb)
		e := lo ^ ('\\' * lsb)
		m := ^((q + ^uint64(msb)) & (e + ^uint64(msb)) & (lo + (0x80-0x20)*lsb)) // zero-ish or < 0x20
		m = (m | w) & msb
		if m != 0 {
			return p + bits.TrailingZeros64(m)>>3
		}
	}
	for ; p < len(d); p++ {
		if strClass[d[p]] != strPlain {
			return p
		}
	}
	return p
}

// strClass classifies bytes inside a JSON string: 0 for bytes that stand
// for themselves, strQuote/strEscape/strControl for '"', '\\' and the
// control characters (invalid unescaped), strHigh for non-ASCII bytes (whose
// UTF-8 may need checking).
var strClass = func() (t [256]uint8) {
	for c := range 0x20 {
		t[c] = strControl
	}
	t['"'] = strQuote
	t['\\'] = strEscape
	for c := 0x80; c < 0x100; c++ {
		t[c] = strHigh
	}
	return t
}()

const (
	strPlain = iota
	strQuote
	strEscape
	strControl
	strHigh
)

// skipString validates the JSON string starting at d[p] == '"' and returns
// the offset after its closing quote, or -1.
func skipString(d []byte, p int) int {
	for p++; p < len(d); p++ {
		if p = plainRun(d, p); p >= len(d) {
			return -1
		}
		switch c := d[p]; {
		case c == '"':
			return p + 1
		case c < 0x20:
			return -1
		case c == '\\':
			p++
			if p >= len(d) {
				return -1
			}
			switch d[p] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if hex4(d, p+1) < 0 {
					return -1
				}
				p += 4
			default:
				return -1
			}
		}
	}
	return -1
}

// hex4 returns the value of the four hex digits at d[p:], or -1.
func hex4(d []byte, p int) rune {
	if len(d)-p < 4 {
		return -1
	}
	var r rune
	for _, c := range d[p : p+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// unquote decodes the JSON string starting at d[p] == '"'. It returns the
// decoded bytes, the offset after the closing quote, and whether the string
// is well-formed. A string with no escapes and valid UTF-8 is returned as a
// subslice of d; otherwise it is decoded into *buf (reused), with invalid
// UTF-8 and lone surrogates replaced by U+FFFD as encoding/json does.
func unquote(d []byte, p int, buf *[]byte) ([]byte, int, bool) {
	start := p + 1
	high := false
	for p = start; p < len(d); p++ {
		if p = plainRun(d, p); p >= len(d) {
			return nil, 0, false
		}
		switch c := d[p]; {
		case c == '"':
			s := d[start:p]
			if high && !utf8.Valid(s) {
				return unquoteSlow(d, start, buf)
			}
			return s, p + 1, true
		case c < 0x20:
			return nil, 0, false
		case c == '\\':
			return unquoteSlow(d, start, buf)
		default:
			high = true
		}
	}
	return nil, 0, false
}

func unquoteSlow(d []byte, p int, buf *[]byte) ([]byte, int, bool) {
	// Append after the strings already unescaped for this object, so each
	// stays valid until the next Reset; if append moves the buffer, the
	// earlier strings keep the old array, which is never written again.
	start := len(*buf)
	b := *buf
	defer func() { *buf = b }()
	for p < len(d) {
		c := d[p]
		switch strClass[c] {
		case strPlain:
			b = append(b, c)
			p++
		case strQuote:
			return b[start:len(b):len(b)], p + 1, true
		case strControl:
			return nil, 0, false
		case strHigh:
			r, size := utf8.DecodeRune(d[p:])
			b = utf8.AppendRune(b, r) // RuneError for invalid bytes
			p += size
		case strEscape:
			if p+1 >= len(d) {
				return nil, 0, false
			}
			switch e := d[p+1]; e {
			case '"', '\\', '/':
				b = append(b, e)
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
				r := hex4(d, p+2)
				if r < 0 {
					return nil, 0, false
				}
				p += 6
				if utf16.IsSurrogate(r) {
					if r2 := surrogateAt(d, p); r2 >= 0 {
						if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
							b = utf8.AppendRune(b, dec)
							p += 6
							continue
						}
					}
					r = utf8.RuneError
				}
				b = utf8.AppendRune(b, r)
				continue
			default:
				return nil, 0, false
			}
			p += 2
		}
	}
	return nil, 0, false
}

// surrogateAt returns the code of a "\uXXXX" escape at d[p:], or -1.
func surrogateAt(d []byte, p int) rune {
	if len(d)-p < 6 || d[p] != '\\' || d[p+1] != 'u' {
		return -1
	}
	return hex4(d, p+2)
}
