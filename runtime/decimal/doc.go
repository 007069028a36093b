// Package decimal implements veloc's exact decimal numbers (the
// ScaledInteger type of types.md) for generated code.
//
// # Representation
//
// A DECIMAL(p,s) value is an integer mantissa m and a scale s; the value is
// m / 10^s. The scale is not stored anywhere at run time: it is part of the
// column's type, so the compiler knows it and passes it to these functions
// as a constant. Generated code therefore keeps a decimal value as a plain
// integer:
//
//   - p ≤ 18 (MaxPrecision64): an int64 mantissa. Every 18-digit mantissa
//     fits, and same-scale comparison, MIN/MAX, equality and grouping are
//     plain Go operators on the mantissas; addition and subtraction are
//     plain too apart from the overflow check (Add64, Sub64, inlined). The
//     functions for this representation end in 64.
//   - 18 < p ≤ 38 (MaxPrecision128): an Int128, a two's complement 128-bit
//     integer held in two words. It is a comparable value type (usable as a
//     map key) and never allocates. The functions end in 128 — the suffix
//     always names the mantissa, so FromFloat128 converts a float64 to an
//     Int128 mantissa and ToFloat128 converts back to float64.
//
// Functions exist only for what plain integer instructions cannot do, or do
// not do safely: overflow-checked arithmetic, rescaling with rounding,
// multiplication through a 128-bit intermediate, division, exact comparison
// across scales, parsing, formatting and conversion to and from floats. The
// small, frequent ones inline (Add64, Sub64, Neg64, Abs64, Mod64, FromInt64,
// ToInt64Trunc, Floor64, Ceil64, Trunc64, To128, Fits64, Add128, Sub128,
// Sum64.Add, Sum128.Add; check with go build -gcflags=-m). Mul64, Div64,
// Rescale64 and Cmp64 are calls of a few nanoseconds: each has a rare path,
// and a call alone uses most of Go's inlining budget.
//
// Why not float64: 0.1 has no binary representation, so summing 0.10 ten
// million times in float64 gives 999999.9998389754, not 1000000.00. Why not
// math/big: every operation allocates and costs tens to hundreds of
// nanoseconds. A scaled integer is exact and as fast as integer arithmetic.
//
// # Conventions
//
//   - Scales are in 0..18 for the 64-bit functions and 0..38 for the
//     128-bit ones; they come from declared types, which the compiler has
//     validated. A scale outside that range is a programming error and may
//     panic (an index out of range).
//   - Arithmetic never wraps. Every function whose true result may not fit
//     the representation returns ok=false instead; the returned mantissa is
//     then unspecified and must not be used (the record becomes an error
//     record, types.md).
//   - Rounding is half away from zero everywhere (types.md, dialect.md):
//     0.125 at scale 2 is 0.13 and -0.125 is -0.13.
//   - Operands of Add, Sub, Mod and Sum are at the same scale: the compiler
//     first brings them to the result scale with Rescale64 or Rescale128.
//     Mul, Div, Cmp and Avg take the operand scales and are exact for any
//     combination.
//   - Nothing here allocates, except ToFloat128 for values whose text is
//     longer than 32 bytes (more than about 29 significant digits) and the
//     debugging method Int128.String. There is no math/big: 128-bit
//     products and quotients use math/bits, and the rare 256-by-128-bit
//     division is Knuth's long division on 64-bit digits.
//
// # Text
//
// Parse64 and Parse128 read exactly the text of a decimal number: an
// optional sign, digits with an optional '.', and an optional exponent;
// nothing else, not even spaces. Append64 and Append128 write exactly s
// fractional digits and never an exponent or a negative zero (types.md,
// "Writing values").
package decimal

// Precision limits of the two representations.
const (
	// MaxPrecision64 is the largest precision whose mantissa always fits
	// int64: every 18-digit integer does, not every 19-digit one.
	MaxPrecision64 = 18
	// MaxPrecision128 is the largest precision veloc supports; every
	// 38-digit integer fits Int128.
	MaxPrecision128 = 38
)
