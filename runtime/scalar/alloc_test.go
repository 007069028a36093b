package scalar

import "testing"

// TestZeroAllocs proves the record-path functions do not allocate.
func TestZeroAllocs(t *testing.T) {
	ints := [][]byte{[]byte("12345"), []byte("-9223372036854775808")}
	floats := [][]byte{[]byte("3.25"), []byte("1e-300"), []byte("123456789012345678901234567890.123456789"), []byte("NaN"), []byte("oops")}
	stamps := [][]byte{[]byte("2024-01-01T10:00:00.123+02:00"), []byte("1704103200000"), []byte("2024-01-01")}
	buf := make([]byte, 0, 256)
	cases := []struct {
		name string
		fn   func()
	}{
		{"ParseInt", func() {
			for _, b := range ints {
				ParseInt(b)
			}
		}},
		{"ParseFloat", func() {
			for _, b := range floats {
				ParseFloat(b)
			}
		}},
		{"ParseTimestamp", func() {
			for _, b := range stamps {
				ParseTimestamp(b)
			}
		}},
		{"ParseDate", func() { ParseDate(stamps[2]) }},
		{"ParseBool", func() { ParseBool(ints[0]) }},
		{"AppendInt", func() { buf = AppendInt(buf[:0], -123456789) }},
		{"AppendFloat", func() {
			buf = AppendFloat(buf[:0], 0.1)
			buf = AppendFloat(buf, 1e300)
			buf = AppendFloat(buf, 150)
			buf = AppendFloat(buf, 1e20)
		}},
		{"AppendTimestamp", func() { buf = AppendTimestamp(buf[:0], 1704103200123) }},
		{"AppendDate", func() { buf = AppendDate(buf[:0], 19723) }},
		{"AppendBool", func() { buf = AppendBool(buf[:0], true) }},
	}
	for _, c := range cases {
		if n := testing.AllocsPerRun(1000, c.fn); n != 0 {
			t.Errorf("%s: %v allocations per run, want 0", c.name, n)
		}
	}
}
