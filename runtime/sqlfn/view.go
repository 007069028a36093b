package sqlfn

import "unsafe"

// View returns b as a string without copying. The string is valid only
// while b's bytes are: generated code uses it for input columns, which it
// reads before the next record overwrites the buffer, and copies
// (strings.Clone) any string it must keep longer, such as one sent to an
// in-process consumer.
func View(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// Bytes returns s's bytes without copying, for the parsers of package
// scalar and decimal, which take []byte. The result must not be modified.
func Bytes(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}
