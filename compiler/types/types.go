// Package types is veloc's type lattice: the SQL types of types.md, how
// they widen, and the result type of every operator. The checker asks it
// questions; code generation asks it how a type is represented in Go.
//
// A Type is a small comparable value so it can key maps and be compared
// with ==. Nullability is not part of a Type: it belongs to a column or an
// expression (compiler/plan), because the same INTEGER may be NOT NULL in
// one place and nullable in another.
package types

import (
	"fmt"
	"strings"
)

// Kind is a type's kind.
type Kind uint8

const (
	Invalid   Kind = iota
	Null           // the type of a bare NULL literal, before context types it
	Bool           // BOOLEAN
	Int            // INTEGER: int64
	Float          // FLOAT: float64
	Decimal        // DECIMAL(p, s): exact, scale fixed at compile time
	String         // STRING: UTF-8 text
	Timestamp      // TIMESTAMP: int64 ms since the Unix epoch, UTC
	Date           // DATE: int32 days since 1970-01-01
	Interval       // INTERVAL: int64 ms
	Array          // ARRAY<Elem>
	Map            // MAP<STRING, Elem>
)

var kindNames = [...]string{"INVALID", "NULL", "BOOLEAN", "INTEGER", "FLOAT", "DECIMAL", "STRING", "TIMESTAMP", "DATE", "INTERVAL", "ARRAY", "MAP"}

func (k Kind) String() string { return kindNames[k] }

// MaxPrecision is the largest DECIMAL precision: 38 digits, the 128-bit
// mantissa path (types.md).
const MaxPrecision = 38

// Int64Digits is the largest precision whose mantissa always fits int64.
const Int64Digits = 18

// Type is a SQL type. Precision and Scale are meaningful for Decimal only;
// Elem for Array and Map only (an index into a small interned table, so
// that Type stays comparable).
type Type struct {
	Kind      Kind
	Precision uint8
	Scale     uint8
	elem      uint16 // 1-based index into elemTypes; 0 = none
}

// Scalar types.
var (
	NullType      = Type{Kind: Null}
	BoolType      = Type{Kind: Bool}
	IntType       = Type{Kind: Int}
	FloatType     = Type{Kind: Float}
	StringType    = Type{Kind: String}
	TimestampType = Type{Kind: Timestamp}
	DateType      = Type{Kind: Date}
	IntervalType  = Type{Kind: Interval}
)

// DecimalOf returns DECIMAL(p, s). The caller validates p and s (Validate).
func DecimalOf(p, s int) Type {
	return Type{Kind: Decimal, Precision: uint8(p), Scale: uint8(s)}
}

// elemTypes interns the element types of arrays and maps. Only a handful
// exist in any program (results of JSON and array functions).
var elemTypes []Type

func intern(t Type) uint16 {
	for i, e := range elemTypes {
		if e == t {
			return uint16(i + 1)
		}
	}
	elemTypes = append(elemTypes, t)
	return uint16(len(elemTypes))
}

// ArrayOf returns ARRAY<elem>.
func ArrayOf(elem Type) Type { return Type{Kind: Array, elem: intern(elem)} }

// MapOf returns MAP<STRING, elem>.
func MapOf(elem Type) Type { return Type{Kind: Map, elem: intern(elem)} }

// Elem returns the element type of an array or the value type of a map.
func (t Type) Elem() Type {
	if t.elem == 0 {
		return Type{}
	}
	return elemTypes[t.elem-1]
}

// Validate reports whether a DECIMAL's precision and scale are usable.
func Validate(t Type) error {
	if t.Kind != Decimal {
		return nil
	}
	if t.Precision < 1 || t.Precision > MaxPrecision {
		return fmt.Errorf("DECIMAL precision %d is out of range 1..%d", t.Precision, MaxPrecision)
	}
	if t.Scale > t.Precision {
		return fmt.Errorf("DECIMAL scale %d is larger than its precision %d", t.Scale, t.Precision)
	}
	return nil
}

// String returns the type as SQL spells it.
func (t Type) String() string {
	switch t.Kind {
	case Decimal:
		return fmt.Sprintf("DECIMAL(%d,%d)", t.Precision, t.Scale)
	case Array:
		return "ARRAY<" + t.Elem().String() + ">"
	case Map:
		return "MAP<STRING," + t.Elem().String() + ">"
	}
	return t.Kind.String()
}

// IsNumeric reports whether t is INTEGER, DECIMAL or FLOAT.
func (t Type) IsNumeric() bool { return t.Kind == Int || t.Kind == Decimal || t.Kind == Float }

// IsOrdered reports whether values of t can be compared with < and sorted
// (and so used in MIN/MAX and ORDER BY).
func (t Type) IsOrdered() bool {
	switch t.Kind {
	case Bool, Int, Float, Decimal, String, Timestamp, Date, Interval:
		return true
	}
	return false
}

// IsWide reports whether a DECIMAL needs the 128-bit mantissa path.
func (t Type) IsWide() bool { return t.Kind == Decimal && t.Precision > Int64Digits }

// FromName maps a SQL type name as the parser stores it (upper-case,
// with parameters) to a Type.
func FromName(name string, params []int64) (Type, error) {
	n := strings.ToUpper(name)
	noParams := func(t Type) (Type, error) {
		if len(params) > 0 {
			return Type{}, fmt.Errorf("type %s takes no parameters", n)
		}
		return t, nil
	}
	switch n {
	case "BOOLEAN", "BOOL":
		return noParams(BoolType)
	case "INTEGER", "INT", "BIGINT", "SMALLINT", "TINYINT":
		return noParams(IntType)
	case "FLOAT", "DOUBLE", "REAL":
		return noParams(FloatType)
	case "STRING", "TEXT":
		return noParams(StringType)
	case "VARCHAR":
		if len(params) > 1 {
			return Type{}, fmt.Errorf("VARCHAR takes at most one parameter")
		}
		return StringType, nil // the length is documentation only
	case "TIMESTAMP":
		return noParams(TimestampType)
	case "DATE":
		return noParams(DateType)
	case "INTERVAL":
		return noParams(IntervalType)
	case "DECIMAL", "NUMERIC":
		p, s := int64(MaxPrecision), int64(0)
		switch len(params) {
		case 0: // DECIMAL alone: DECIMAL(38, 0), as in Flink and PostgreSQL's default scale
		case 1:
			p = params[0]
		case 2:
			p, s = params[0], params[1]
		default:
			return Type{}, fmt.Errorf("%s takes (precision, scale)", n)
		}
		if p < 1 || p > MaxPrecision || s < 0 || s > p {
			return Type{}, fmt.Errorf("%s(%d,%d): precision must be 1..%d and scale 0..precision", n, p, s, MaxPrecision)
		}
		return DecimalOf(int(p), int(s)), nil
	}
	return Type{}, fmt.Errorf("unknown type %s", name)
}
