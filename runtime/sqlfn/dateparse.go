package sqlfn

import (
	"fmt"
	"strings"
)

// TimeParser reads timestamps in a strftime pattern, for
// 'event.time.format' = '%d/%m/%Y %H:%M:%S' (dialect.md). It is the inverse
// of DateFormat for the directives a timestamp needs; the pattern is
// compiled once and parsing allocates nothing. Times are UTC unless %z
// gives an offset.
type TimeParser struct {
	src string
	ops []tpOp
}

type tpOp struct {
	lit  string // literal text to match
	dir  byte   // directive, 0 for a literal
	size int    // fixed width of a numeric field, 0 for 1..max digits
}

// TimeParseDirectives are the directives a TimeParser reads.
const TimeParseDirectives = "%Y %m %d %e %H %I %M %S %f %j %y %b %p %z %Z %s %F %T %%"

// CompileTimeParser compiles a strftime pattern for parsing.
func CompileTimeParser(pattern string) (TimeParser, error) {
	p := TimeParser{src: pattern}
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			p.ops = append(p.ops, tpOp{lit: lit.String()})
			lit.Reset()
		}
	}
	expand := map[byte]string{'F': "%Y-%m-%d", 'T': "%H:%M:%S"}
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		if c != '%' {
			lit.WriteByte(c)
			continue
		}
		if i+1 == len(pattern) {
			return TimeParser{}, fmt.Errorf("time format %q ends with a lone %%", pattern)
		}
		i++
		d := pattern[i]
		if e, ok := expand[d]; ok {
			sub, _ := CompileTimeParser(e)
			flush()
			p.ops = append(p.ops, sub.ops...)
			continue
		}
		switch d {
		case '%':
			lit.WriteByte('%')
		case 'Y', 'm', 'd', 'e', 'H', 'I', 'M', 'S', 'f', 'j', 'y', 'b', 'p', 'z', 'Z', 's':
			flush()
			p.ops = append(p.ops, tpOp{dir: d})
		default:
			return TimeParser{}, fmt.Errorf("time format %q: %%%c cannot be parsed (use %s)", pattern, d, TimeParseDirectives)
		}
	}
	flush()
	return p, nil
}

// MustCompileTimeParser is CompileTimeParser for patterns the compiler
// has checked.
func MustCompileTimeParser(pattern string) TimeParser {
	p, err := CompileTimeParser(pattern)
	if err != nil {
		panic(err)
	}
	return p
}

// String returns the pattern.
func (p TimeParser) String() string { return p.src }

var tpMonths = [12]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// Parse reads s as a timestamp in epoch milliseconds; ok is false when s
// does not match the pattern or names an impossible date.
func (p TimeParser) Parse(s string) (int64, bool) {
	y, mo, d, h, mi, sec, ms := int64(1970), int64(1), int64(1), int64(0), int64(0), int64(0), int64(0)
	doy, offset := int64(0), int64(0)
	pm, hour12, epoch, haveEpoch := false, false, int64(0), false
	num := func(max int) (int64, bool) {
		neg := false
		if len(s) > 0 && (s[0] == '-' || s[0] == '+') && max > 4 {
			neg, s = s[0] == '-', s[1:]
		}
		n, i := int64(0), 0
		for i < len(s) && i < max && s[i] >= '0' && s[i] <= '9' {
			n = n*10 + int64(s[i]-'0')
			i++
		}
		if i == 0 {
			return 0, false
		}
		s = s[i:]
		if neg {
			n = -n
		}
		return n, true
	}
	for _, op := range p.ops {
		var ok bool
		switch op.dir {
		case 0:
			if !strings.HasPrefix(s, op.lit) {
				return 0, false
			}
			s = s[len(op.lit):]
			ok = true
		case 'Y':
			y, ok = num(4)
		case 'y':
			y, ok = num(2)
			y += 2000
			if y >= 2069 {
				y -= 100 // POSIX: 69-99 are 1969-1999
			}
		case 'm':
			mo, ok = num(2)
		case 'd', 'e':
			if len(s) > 0 && s[0] == ' ' {
				s = s[1:]
			}
			d, ok = num(2)
		case 'H':
			h, ok = num(2)
		case 'I':
			h, ok = num(2)
			hour12 = true
		case 'M':
			mi, ok = num(2)
		case 'S':
			sec, ok = num(2)
		case 'f':
			start := len(s)
			var frac int64
			frac, ok = num(9)
			digits := start - len(s)
			for ; digits < 3; digits++ {
				frac *= 10
			}
			for ; digits > 3; digits-- {
				frac /= 10
			}
			ms = frac
		case 'j':
			doy, ok = num(3)
		case 'b':
			if len(s) >= 3 {
				for i, m := range tpMonths {
					if strings.EqualFold(s[:3], m) {
						mo, ok = int64(i+1), true
						s = s[3:]
						break
					}
				}
			}
		case 'p':
			if len(s) >= 2 && (s[:2] == "AM" || s[:2] == "am" || s[:2] == "PM" || s[:2] == "pm") {
				pm, ok = s[0] == 'P' || s[0] == 'p', true
				s = s[2:]
			}
		case 'z':
			if len(s) > 0 && (s[0] == 'Z' || s[0] == 'z') {
				s, ok = s[1:], true
				break
			}
			if len(s) >= 5 && (s[0] == '+' || s[0] == '-') {
				sign := int64(1)
				if s[0] == '-' {
					sign = -1
				}
				s = s[1:]
				var hh, mm int64
				if hh, ok = num(2); ok {
					if len(s) > 0 && s[0] == ':' {
						s = s[1:]
					}
					mm, ok = num(2)
				}
				offset = sign * (hh*60 + mm) * 60_000
			}
		case 'Z':
			if strings.HasPrefix(s, "UTC") || strings.HasPrefix(s, "GMT") {
				s, ok = s[3:], true
			}
		case 's':
			epoch, ok = num(19)
			haveEpoch = true
		}
		if !ok {
			return 0, false
		}
	}
	if len(s) != 0 {
		return 0, false
	}
	if haveEpoch {
		return epoch * 1000, true
	}
	if hour12 {
		if h < 1 || h > 12 {
			return 0, false
		}
		h %= 12
		if pm {
			h += 12
		}
	}
	if mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 {
		return 0, false
	}
	days := dtDays(y, mo, d)
	if doy > 0 {
		days = dtDays(y, 1, 1) + doy - 1
	} else if yy, mm, dd := dtCivil(days); yy != y || mm != mo || dd != d {
		return 0, false // 31 April and the like
	}
	return days*dtMsPerDay + h*3_600_000 + mi*60_000 + sec*1000 + ms - offset, true
}
