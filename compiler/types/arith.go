package types

import "fmt"

// Common returns the type both operands of a comparison or a CASE/COALESCE
// branch convert to: INTEGER → DECIMAL → FLOAT widen implicitly (types.md),
// NULL takes the other side's type, and otherwise the types must be equal.
// STRING never converts to a number implicitly.
func Common(a, b Type) (Type, bool) {
	switch {
	case a == b:
		return a, true
	case a.Kind == Null:
		return b, true
	case b.Kind == Null:
		return a, true
	case a.IsNumeric() && b.IsNumeric():
		return widen(a, b), true
	case a.Kind == Decimal && b.Kind == Decimal:
		return widen(a, b), true
	case a.Kind == Array && b.Kind == Array || a.Kind == Map && b.Kind == Map:
		if e, ok := Common(a.Elem(), b.Elem()); ok {
			if a.Kind == Array {
				return ArrayOf(e), true
			}
			return MapOf(e), true
		}
	}
	return Type{}, false
}

// widen returns the wider of two numeric types.
func widen(a, b Type) Type {
	switch {
	case a.Kind == Float || b.Kind == Float:
		return FloatType
	case a.Kind == Decimal || b.Kind == Decimal:
		da, db := AsDecimal(a), AsDecimal(b)
		s := max(da.Scale, db.Scale)
		ip := max(int(da.Precision)-int(da.Scale), int(db.Precision)-int(db.Scale))
		return DecimalOf(min(ip+int(s), MaxPrecision), int(s))
	}
	return IntType
}

// AsDecimal returns the DECIMAL an operand acts as in decimal arithmetic:
// an INTEGER is DECIMAL(18,0) (types.md).
func AsDecimal(t Type) Type {
	if t.Kind == Int {
		return DecimalOf(Int64Digits, 0)
	}
	return t
}

// Arith returns the result type of a binary arithmetic operator over
// numeric operands, following types.md: INTEGER op INTEGER is INTEGER
// (division truncates), anything with FLOAT is FLOAT, and DECIMAL results
// get these scales: + and − max(sa, sb); × sa+sb capped at 18; ÷
// max(6, sa, sb); % max(sa, sb). Precision grows to hold the result, up
// to 38 digits.
func Arith(op byte, a, b Type) (Type, error) {
	if !a.IsNumeric() || !b.IsNumeric() {
		return Type{}, fmt.Errorf("operator %c needs numbers, got %s and %s", op, a, b)
	}
	if a.Kind == Float || b.Kind == Float {
		return FloatType, nil
	}
	if a.Kind == Int && b.Kind == Int {
		return IntType, nil
	}
	da, db := AsDecimal(a), AsDecimal(b)
	sa, sb := int(da.Scale), int(db.Scale)
	ia, ib := int(da.Precision)-sa, int(db.Precision)-sb // integer digits
	var p, s int
	switch op {
	case '+', '-':
		s = max(sa, sb)
		p = max(ia, ib) + s + 1
	case '*':
		s = min(sa+sb, Int64Digits)
		p = ia + ib + s
	case '/':
		s = max(6, sa, sb)
		p = ia + sb + s
	case '%':
		s = max(sa, sb)
		p = min(ia, ib) + s
	default:
		return Type{}, fmt.Errorf("unknown arithmetic operator %c", op)
	}
	return DecimalOf(clampPrecision(p, s), s), nil
}

func clampPrecision(p, s int) int {
	p = max(p, s, 1)
	return min(p, MaxPrecision)
}

// SumOf is the result type of SUM: INTEGER, FLOAT, or DECIMAL with the
// argument's scale and the widest precision (sums grow; types.md keeps the
// scale).
func SumOf(t Type) (Type, bool) {
	switch t.Kind {
	case Int, Float:
		return t, true
	case Decimal:
		return DecimalOf(MaxPrecision, int(t.Scale)), true
	}
	return Type{}, false
}

// AvgOf is the result type of AVG: FLOAT for INTEGER and FLOAT, and
// DECIMAL with scale max(6, s) for DECIMAL (types.md, after Flink/Calcite).
func AvgOf(t Type) (Type, bool) {
	switch t.Kind {
	case Int, Float:
		return FloatType, true
	case Decimal:
		s := max(6, int(t.Scale))
		return DecimalOf(clampPrecision(int(t.Precision)-int(t.Scale)+s, s), s), true
	}
	return Type{}, false
}

// CanCast reports whether CAST(x AS to) is allowed for x of type from.
// Every pair among the scalar types converts where a sensible conversion
// exists (types.md); BOOLEAN converts only to and from STRING and INTEGER;
// DATE and TIMESTAMP convert to each other, to STRING and to INTEGER.
func CanCast(from, to Type) bool {
	if from == to || from.Kind == Null {
		return true
	}
	if to.Kind == String {
		return true // every value has a text form (arrays and maps: JSON)
	}
	if from.Kind == String {
		// Text parses into every scalar type but INTERVAL, which exists
		// only as a literal (types.md).
		return to.Kind != Array && to.Kind != Map && to.Kind != Interval
	}
	switch from.Kind {
	case Int:
		return to.IsNumeric() || to.Kind == Bool || to.Kind == Timestamp || to.Kind == Date || to.Kind == Interval
	case Float, Decimal:
		return to.IsNumeric()
	case Bool:
		return to.Kind == Int
	case Timestamp:
		return to.Kind == Int || to.Kind == Date
	case Date:
		return to.Kind == Int || to.Kind == Timestamp
	case Interval:
		return to.Kind == Int
	}
	return false
}
