package sqlfn

import (
	"errors"
	"strconv"
	"strings"
	"sync/atomic"
)

// DateFormat is a compiled DATE_FORMAT pattern. Generated code compiles a
// constant pattern once, at start-up (MustCompileDateFormat, after the
// compiler has checked it with CompileDateFormat), and a pattern that
// comes from data through a DateFormatCache. The zero DateFormat writes
// nothing.
//
// Directives (strftime, UTC, English names; dialect.md requires the first
// twelve, the rest are the common C/Python ones):
//
//	%Y  year, at least 4 digits, '-' before 1 BC  2024, 0042, -0001
//	%m  month 01-12            %d  day of month 01-31
//	%H  hour 00-23             %M  minute 00-59
//	%S  second 00-59           %f  millisecond 000-999 (3 digits)
//	%j  day of year 001-366    %a  weekday Mon..Sun
//	%b  month Jan..Dec         %p  AM (hours 0-11) or PM
//	%%  a '%'
//	%y  year mod 100, 00-99    %e  day of month, space-padded " 1"-"31"
//	%I  hour 01-12             %A  weekday Monday..Sunday
//	%B  month January..December
//	%h  same as %b             %u  weekday 1 (Monday)-7
//	%w  weekday 0 (Sunday)-6   %V  ISO 8601 week 01-53
//	%G  ISO 8601 week-numbering year (as %Y)
//	%s  seconds since the epoch, rounded down (UNIX_TIMESTAMP)
//	%F  %Y-%m-%d               %T  %H:%M:%S
//	%R  %H:%M                  %D  %m/%d/%y
//	%z  +0000                  %Z  UTC
//	%n  newline                %t  tab
//
// Any other character after '%', or a '%' that ends the pattern, is an
// error. Every other byte is copied as it is.
type DateFormat struct {
	ops   []dtOp
	civil bool // some directive needs the year, month or day
	src   string
}

// dtOp is one step of a DateFormat: a directive letter, or 0 for literal
// text.
type dtOp struct {
	code byte
	lit  string
}

// DateFormatDirectives lists the supported directives for an error
// message.
const DateFormatDirectives = "%Y %m %d %H %M %S %f %j %a %b %p %% %y %e %I %A %B %h %u %w %V %G %s %F %T %R %D %z %Z %n %t"

// dtExpand returns the text a composite or constant directive stands
// for, or "" for a directive that depends on the instant.
func dtExpand(c byte) string {
	switch c {
	case 'F':
		return "%Y-%m-%d"
	case 'T':
		return "%H:%M:%S"
	case 'R':
		return "%H:%M"
	case 'D':
		return "%m/%d/%y"
	case 'z':
		return "+0000"
	case 'Z':
		return "UTC"
	case 'n':
		return "\n"
	case 't':
		return "\t"
	case '%':
		return "%"
	}
	return ""
}

// CompileDateFormat compiles a DATE_FORMAT pattern; the error names the
// first unsupported directive. The pattern is copied, so it may be a
// string that views a record's buffer (View).
func CompileDateFormat(pattern string) (DateFormat, error) {
	pattern = strings.Clone(pattern)
	f := DateFormat{src: pattern}
	var lit []byte
	var err error
	var walk func(p string)
	walk = func(p string) {
		for i := 0; i < len(p) && err == nil; i++ {
			c := p[i]
			if c != '%' {
				lit = append(lit, c)
				continue
			}
			i++
			if i == len(p) {
				err = errors.New("DATE_FORMAT pattern " + Quote(pattern) + " ends with a lone %")
				return
			}
			c = p[i]
			if e := dtExpand(c); e != "" {
				if strings.IndexByte(e, '%') >= 0 && c != '%' {
					walk(e)
				} else {
					lit = append(lit, e...)
				}
				continue
			}
			switch c {
			case 'Y', 'm', 'd', 'j', 'b', 'y', 'e', 'B', 'h':
				f.civil = true
			case 'H', 'M', 'S', 'f', 'a', 'p', 'I', 'A', 'u', 'w', 'V', 'G', 's':
			default:
				err = errors.New("DATE_FORMAT pattern " + Quote(pattern) + " has unknown directive %" + string(rune(c)) +
					" (supported: " + DateFormatDirectives + ")")
				return
			}
			if c == 'h' {
				c = 'b'
			}
			if len(lit) > 0 {
				f.ops = append(f.ops, dtOp{lit: string(lit)})
				lit = lit[:0]
			}
			f.ops = append(f.ops, dtOp{code: c})
		}
	}
	walk(pattern)
	if err != nil {
		return DateFormat{}, err
	}
	if len(lit) > 0 {
		f.ops = append(f.ops, dtOp{lit: string(lit)})
	}
	return f, nil
}

// MustCompileDateFormat is CompileDateFormat for a pattern the compiler
// has already accepted; it panics on an invalid pattern.
func MustCompileDateFormat(pattern string) DateFormat {
	f, err := CompileDateFormat(pattern)
	if err != nil {
		panic(err)
	}
	return f
}

// String returns the pattern f was compiled from.
func (f DateFormat) String() string { return f.src }

var (
	dtShortDays  = [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	dtLongDays   = [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	dtShortMonth = [13]string{"", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	dtLongMonth  = [13]string{"", "January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"}
)

// dtDigits holds "00".."99" for two-digit fields.
const dtDigits = "00010203040506070809" +
	"10111213141516171819" +
	"20212223242526272829" +
	"30313233343536373839" +
	"40414243444546474849" +
	"50515253545556575859" +
	"60616263646566676869" +
	"70717273747576777879" +
	"80818283848586878889" +
	"90919293949596979899"

// dtAppend2 appends n (0..99) as two digits.
func dtAppend2(dst []byte, n int64) []byte {
	return append(dst, dtDigits[n*2], dtDigits[n*2+1])
}

// dtAppendYear appends y with at least four digits, with a '-' for years
// before 0, as scalar.AppendTimestamp and time.Format write years.
func dtAppendYear(dst []byte, y int64) []byte {
	if y >= 0 && y <= 9999 {
		dst = dtAppend2(dst, y/100)
		return dtAppend2(dst, y%100)
	}
	if y < 0 {
		dst = append(dst, '-')
		y = -y // |y| < 3e8 for any int64 timestamp
	}
	for p := int64(1000); p > y; p /= 10 {
		dst = append(dst, '0')
	}
	return strconv.AppendInt(dst, y, 10)
}

// Append appends the TIMESTAMP ms formatted by f to dst. It does not
// allocate when dst has room.
func (f DateFormat) Append(dst []byte, ms int64) []byte {
	days, rem := dtSplit(ms)
	var y, m, d int64
	if f.civil {
		y, m, d = dtCivil(days)
	}
	for i := range f.ops {
		op := &f.ops[i]
		switch op.code {
		case 0:
			dst = append(dst, op.lit...)
		case 'Y':
			dst = dtAppendYear(dst, y)
		case 'y':
			dst = dtAppend2(dst, dtFloorMod(y, 100))
		case 'm':
			dst = dtAppend2(dst, m)
		case 'd':
			dst = dtAppend2(dst, d)
		case 'e':
			if d < 10 {
				dst = append(dst, ' ', byte('0'+d))
			} else {
				dst = dtAppend2(dst, d)
			}
		case 'H':
			dst = dtAppend2(dst, rem/dtMsPerHour)
		case 'I':
			h := rem / dtMsPerHour % 12
			if h == 0 {
				h = 12
			}
			dst = dtAppend2(dst, h)
		case 'M':
			dst = dtAppend2(dst, rem/dtMsPerMinute%60)
		case 'S':
			dst = dtAppend2(dst, rem/dtMsPerSecond%60)
		case 'f':
			n := rem % 1000
			dst = append(dst, byte('0'+n/100), byte('0'+n/10%10), byte('0'+n%10))
		case 'j':
			n := days - dtDays(y, 1, 1) + 1
			dst = append(dst, byte('0'+n/100))
			dst = dtAppend2(dst, n%100)
		case 'a':
			dst = append(dst, dtShortDays[dtFloorMod(days+4, 7)]...)
		case 'A':
			dst = append(dst, dtLongDays[dtFloorMod(days+4, 7)]...)
		case 'b':
			dst = append(dst, dtShortMonth[m]...)
		case 'B':
			dst = append(dst, dtLongMonth[m]...)
		case 'p':
			if rem < 12*dtMsPerHour {
				dst = append(dst, 'A', 'M')
			} else {
				dst = append(dst, 'P', 'M')
			}
		case 'u':
			dst = append(dst, byte('0'+dtISOWeekday(days)))
		case 'w':
			dst = append(dst, byte('0'+dtFloorMod(days+4, 7)))
		case 'V':
			_, w := dtISOWeek(days)
			dst = dtAppend2(dst, w)
		case 'G':
			iy, _ := dtISOWeek(days)
			dst = dtAppendYear(dst, iy)
		case 's':
			dst = strconv.AppendInt(dst, dtFloorDiv(ms, dtMsPerSecond), 10)
		}
	}
	return dst
}

// Format returns the TIMESTAMP ms formatted by f (DATE_FORMAT's STRING
// result); the string is its only allocation.
func (f DateFormat) Format(ms int64) string {
	var buf [64]byte
	return string(f.Append(buf[:0], ms))
}

// DateFormatCache compiles DATE_FORMAT patterns that are not constant,
// remembering the last one, so a column of (usually equal) patterns is
// compiled once per change rather than once per record. The zero value is
// ready to use and it is safe for concurrent use; generated code declares
// one per DATE_FORMAT call site (it must not be copied after first use).
type DateFormatCache struct {
	last atomic.Pointer[dtCacheEntry]
}

type dtCacheEntry struct {
	f   DateFormat
	err error
}

// Compile returns CompileDateFormat(pattern), from the cache when pattern
// is the last one seen.
func (c *DateFormatCache) Compile(pattern string) (DateFormat, error) {
	if e := c.last.Load(); e != nil && e.f.src == pattern {
		return e.f, e.err
	}
	f, err := CompileDateFormat(pattern)
	if err != nil {
		f = DateFormat{src: strings.Clone(pattern)}
	}
	c.last.Store(&dtCacheEntry{f: f, err: err})
	return f, err
}

// Format is DATE_FORMAT(ms, pattern) for a pattern known only at run
// time; the error (an invalid pattern) makes the record an error record.
func (c *DateFormatCache) Format(pattern string, ms int64) (string, error) {
	f, err := c.Compile(pattern)
	if err != nil {
		return "", err
	}
	return f.Format(ms), nil
}
