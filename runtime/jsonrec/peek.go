package jsonrec

// Peek returns the first byte of the current value without consuming it:
// '"' for a string, '{' or '[' for an object or array, 't' or 'f' for a
// boolean, 'n' for null, and '-' or a digit for a number; 0 when there is
// no current value. Decoders use it to choose between String and Raw when
// a column accepts several JSON types (a DECIMAL column takes a number or
// a numeric string).
func (o *Object) Peek() byte {
	if !o.value() || o.pos >= len(o.data) {
		return 0
	}
	return o.data[o.pos]
}
