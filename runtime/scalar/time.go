package scalar

// Timestamps are int64 milliseconds since 1970-01-01T00:00:00Z and dates are
// int32 days since 1970-01-01 (types.md). Conversion between a day number
// and a civil (proleptic Gregorian) date uses Howard Hinnant's
// days_from_civil / civil_from_days algorithms, which are exact for every
// int64 day number, negative ones included, and need no tables or loops.

const (
	msPerDay = 86_400_000
	// unixToCivilDays is the day number of 1970-01-01 counted from
	// 0000-03-01, the epoch of the algorithms below.
	unixToCivilDays = 719_468
)

// floorDiv returns a/b rounded towards negative infinity (b > 0).
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

// DaysFromCivil returns the day number (days since 1970-01-01) of the
// date y-m-d; m is 1..12, d is 1..31.
func DaysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400 // [0, 399]
	mp := m - 3        // March-based month [0, 11]
	if m <= 2 {
		mp = m + 9
	}
	doy := (153*mp+2)/5 + d - 1            // [0, 365]
	doe := yoe*365 + yoe/4 - yoe/100 + doy // [0, 146096]
	return era*146_097 + doe - unixToCivilDays
}

// CivilFromDays returns the date of day number z (days since 1970-01-01).
func CivilFromDays(z int64) (y, m, d int64) {
	z += unixToCivilDays
	era := floorDiv(z, 146_097)
	doe := z - era*146_097                                   // [0, 146096]
	yoe := (doe - doe/1460 + doe/36_524 - doe/146_096) / 365 // [0, 399]
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100) // [0, 365]
	mp := (5*doy + 2) / 153                  // [0, 11]
	d = doy - (153*mp+2)/5 + 1               // [1, 31]
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// daysIn returns the number of days in month m of year y.
func daysIn(y, m int64) int64 {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// digits2 parses two ASCII digits at b[i:i+2]; ok is false if either is not
// a digit.
func digits2(b []byte, i int) (int64, bool) {
	d0, d1 := b[i]-'0', b[i+1]-'0'
	if d0 > 9 || d1 > 9 {
		return 0, false
	}
	return int64(d0)*10 + int64(d1), true
}

// parseDate parses "YYYY-MM-DD" at the start of b (len(b) >= 10) and returns
// its day number.
func parseDate(b []byte) (int64, bool) {
	if b[4] != '-' || b[7] != '-' {
		return 0, false
	}
	yh, ok1 := digits2(b, 0)
	yl, ok2 := digits2(b, 2)
	m, ok3 := digits2(b, 5)
	d, ok4 := digits2(b, 8)
	if !(ok1 && ok2 && ok3 && ok4) {
		return 0, false
	}
	y := yh*100 + yl
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, false
	}
	return DaysFromCivil(y, m, d), true
}

// ParseDate parses a calendar date written "YYYY-MM-DD" (a four-digit year,
// month and day validated against the calendar) and returns the number of
// days since 1970-01-01.
func ParseDate(b []byte) (int32, bool) {
	if len(b) != 10 {
		return 0, false
	}
	days, ok := parseDate(b)
	return int32(days), ok
}

// ParseTimestamp parses a timestamp and returns it as milliseconds since the
// Unix epoch, UTC. Accepted forms:
//
//   - an optional sign and digits only: epoch milliseconds ("1704103200000");
//   - a date "YYYY-MM-DD": midnight UTC of that day;
//   - ISO-8601 "YYYY-MM-DD" then 'T' (or 't' or a space) then "hh:mm" with
//     optional ":ss", optional fraction ".f…" or ",f…" (any number of
//     digits, truncated to milliseconds) after the seconds, and an
//     optional zone: "Z" (or "z"), "±hh:mm", "±hhmm" or "±hh". Without a
//     zone the time is UTC.
//
// Fields are validated (month 1-12, day within the month, hour 0-23, minute
// and second 0-59, zone hours 0-23, zone minutes 0-59); leap seconds ("60")
// are rejected. Years are exactly four digits (0000-9999). Nothing may
// surround the text.
func ParseTimestamp(b []byte) (int64, bool) {
	if len(b) < 10 || b[4] != '-' {
		return ParseInt(b)
	}
	days, ok := parseDate(b)
	if !ok {
		return 0, false
	}
	ms := days * msPerDay
	if len(b) == 10 {
		return ms, true
	}
	if len(b) < 16 || (b[10] != 'T' && b[10] != ' ' && b[10] != 't') || b[13] != ':' {
		return 0, false
	}
	hh, ok1 := digits2(b, 11)
	mm, ok2 := digits2(b, 14)
	if !ok1 || !ok2 || hh > 23 || mm > 59 {
		return 0, false
	}
	var ss, frac int64
	i := 16
	if i < len(b) && b[i] == ':' {
		if len(b) < i+3 {
			return 0, false
		}
		s, ok := digits2(b, i+1)
		if !ok || s > 59 {
			return 0, false
		}
		ss = s
		i += 3
		if i < len(b) && (b[i] == '.' || b[i] == ',') {
			i++
			start := i
			for ; i < len(b); i++ {
				d := b[i] - '0'
				if d > 9 {
					break
				}
				if i-start < 3 {
					frac = frac*10 + int64(d)
				}
			}
			switch i - start {
			case 0:
				return 0, false
			case 1:
				frac *= 100
			case 2:
				frac *= 10
			}
		}
	}
	ms += ((hh*60+mm)*60+ss)*1000 + frac
	if i == len(b) {
		return ms, true
	}
	switch b[i] {
	case 'Z', 'z':
		if i+1 != len(b) {
			return 0, false
		}
		return ms, true
	case '+', '-':
	default:
		return 0, false
	}
	sign := int64(1)
	if b[i] == '-' {
		sign = -1
	}
	i++
	if len(b) < i+2 {
		return 0, false
	}
	oh, ok := digits2(b, i)
	if !ok || oh > 23 {
		return 0, false
	}
	i += 2
	var om int64
	if i < len(b) {
		if b[i] == ':' {
			i++
		}
		if len(b) != i+2 {
			return 0, false
		}
		om, ok = digits2(b, i)
		if !ok || om > 59 {
			return 0, false
		}
	}
	// A local time at offset +hh:mm is that much ahead of UTC.
	return ms - sign*(oh*60+om)*60_000, true
}

// twoDigits holds "00".."99" so that formatting emits digit pairs by
// lookup.
const twoDigits = "00010203040506070809" +
	"10111213141516171819" +
	"20212223242526272829" +
	"30313233343536373839" +
	"40414243444546474849" +
	"50515253545556575859" +
	"60616263646566676869" +
	"70717273747576777879" +
	"80818283848586878889" +
	"90919293949596979899"

func append2(dst []byte, n int64) []byte {
	return append(dst, twoDigits[n*2], twoDigits[n*2+1])
}

// appendYearDate appends "YYYY-MM-DD" for day number days. Years 0-9999 are
// four digits; other years are written as time.Format writes them: a '-'
// for years before year 0 and at least four digits ("-0001", "10000").
func appendYearDate(dst []byte, days int64) []byte {
	y, m, d := CivilFromDays(days)
	if y >= 0 && y <= 9999 {
		dst = append2(dst, y/100)
		dst = append2(dst, y%100)
	} else {
		u := uint64(y)
		if y < 0 {
			dst = append(dst, '-')
			u = uint64(-y)
		}
		var buf [20]byte
		i := len(buf)
		for u > 0 || i > len(buf)-4 {
			i--
			buf[i] = byte('0' + u%10)
			u /= 10
		}
		dst = append(dst, buf[i:]...)
	}
	dst = append(dst, '-')
	dst = append2(dst, m)
	dst = append(dst, '-')
	return append2(dst, d)
}

// AppendTimestamp appends ms (milliseconds since the Unix epoch) as
// "YYYY-MM-DDThh:mm:ss.fffZ" in UTC, always with three fraction digits —
// exactly what time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000Z")
// writes, for every int64 (years outside 0-9999 are signed and/or wider
// than four digits, as time.Format writes them; ParseTimestamp reads only
// four-digit years back).
func AppendTimestamp(dst []byte, ms int64) []byte {
	days := floorDiv(ms, msPerDay)
	rem := ms - days*msPerDay // [0, msPerDay)
	dst = appendYearDate(dst, days)
	secs := rem / 1000
	dst = append(dst, 'T')
	dst = append2(dst, secs/3600)
	dst = append(dst, ':')
	dst = append2(dst, secs/60%60)
	dst = append(dst, ':')
	dst = append2(dst, secs%60)
	f := rem % 1000
	return append(dst, '.', byte('0'+f/100), byte('0'+f/10%10), byte('0'+f%10), 'Z')
}

// AppendDate appends the date of day number days (days since 1970-01-01)
// as "YYYY-MM-DD", with the same year rule as AppendTimestamp.
func AppendDate(dst []byte, days int32) []byte {
	return appendYearDate(dst, int64(days))
}
