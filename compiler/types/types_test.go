package types

import "testing"

func TestFromName(t *testing.T) {
	tests := []struct {
		name   string
		params []int64
		want   string
		bad    bool
	}{
		{"BIGINT", nil, "INTEGER", false},
		{"smallint", nil, "INTEGER", false},
		{"DOUBLE", nil, "FLOAT", false},
		{"REAL", nil, "FLOAT", false},
		{"BOOL", nil, "BOOLEAN", false},
		{"VARCHAR", []int64{20}, "STRING", false},
		{"TEXT", nil, "STRING", false},
		{"DECIMAL", []int64{10, 2}, "DECIMAL(10,2)", false},
		{"NUMERIC", []int64{30, 2}, "DECIMAL(30,2)", false},
		{"DECIMAL", []int64{12}, "DECIMAL(12,0)", false},
		{"DECIMAL", nil, "DECIMAL(38,0)", false},
		{"DECIMAL", []int64{39, 2}, "", true},
		{"DECIMAL", []int64{4, 5}, "", true},
		{"INTEGER", []int64{4}, "", true},
		{"BLOB", nil, "", true},
	}
	for _, tt := range tests {
		got, err := FromName(tt.name, tt.params)
		if tt.bad {
			if err == nil {
				t.Errorf("FromName(%s, %v) = %s, want an error", tt.name, tt.params, got)
			}
			continue
		}
		if err != nil || got.String() != tt.want {
			t.Errorf("FromName(%s, %v) = %s, %v; want %s", tt.name, tt.params, got, err, tt.want)
		}
	}
}

// The decimal scales here are the ones the conformance cases of
// 03-decimal expect (types.md).
func TestArith(t *testing.T) {
	d := DecimalOf
	tests := []struct {
		op   byte
		a, b Type
		want string
	}{
		{'+', IntType, IntType, "INTEGER"},
		{'/', IntType, IntType, "INTEGER"},
		{'*', FloatType, d(10, 2), "FLOAT"},
		{'+', IntType, FloatType, "FLOAT"},
		{'*', d(10, 2), IntType, "DECIMAL(28,2)"},    // price * qty: scale 2
		{'*', d(10, 2), d(10, 3), "DECIMAL(20,5)"},   // price * rate: scale 5
		{'+', d(10, 2), d(10, 3), "DECIMAL(12,3)"},   // price + rate: scale 3
		{'*', d(10, 2), d(2, 1), "DECIMAL(12,3)"},    // price * 1.1: scale 3
		{'+', d(10, 2), IntType, "DECIMAL(21,2)"},    // price + 1
		{'/', d(10, 2), IntType, "DECIMAL(14,6)"},    // a / 3: scale 6
		{'/', d(12, 8), d(10, 2), "DECIMAL(14,8)"},   // c / b: scale 8
		{'*', d(10, 9), d(12, 12), "DECIMAL(19,18)"}, // scale capped at 18
		{'*', d(30, 2), IntType, "DECIMAL(38,2)"},    // wide stays wide, capped at 38
	}
	for _, tt := range tests {
		got, err := Arith(tt.op, tt.a, tt.b)
		if err != nil || got.String() != tt.want {
			t.Errorf("Arith(%c, %s, %s) = %s, %v; want %s", tt.op, tt.a, tt.b, got, err, tt.want)
		}
	}
	if _, err := Arith('+', StringType, IntType); err == nil {
		t.Error("STRING + INTEGER: want an error")
	}
}

func TestCommon(t *testing.T) {
	tests := []struct {
		a, b Type
		want string
		ok   bool
	}{
		{IntType, IntType, "INTEGER", true},
		{IntType, FloatType, "FLOAT", true},
		{IntType, DecimalOf(10, 2), "DECIMAL(20,2)", true},
		{DecimalOf(10, 2), DecimalOf(12, 4), "DECIMAL(12,4)", true},
		{NullType, StringType, "STRING", true},
		{StringType, IntType, "", false},
		{BoolType, IntType, "", false},
		{TimestampType, TimestampType, "TIMESTAMP", true},
		{ArrayOf(IntType), ArrayOf(FloatType), "ARRAY<FLOAT>", true},
	}
	for _, tt := range tests {
		got, ok := Common(tt.a, tt.b)
		if ok != tt.ok || ok && got.String() != tt.want {
			t.Errorf("Common(%s, %s) = %s, %v; want %s, %v", tt.a, tt.b, got, ok, tt.want, tt.ok)
		}
	}
}

func TestAggregateTypes(t *testing.T) {
	if got, _ := SumOf(DecimalOf(10, 2)); got.Scale != 2 {
		t.Errorf("SumOf(DECIMAL(10,2)) = %s, want scale 2", got)
	}
	if got, _ := AvgOf(DecimalOf(10, 2)); got.String() != "DECIMAL(14,6)" {
		t.Errorf("AvgOf(DECIMAL(10,2)) = %s, want DECIMAL(14,6)", got)
	}
	if got, _ := AvgOf(DecimalOf(12, 8)); got.Scale != 8 {
		t.Errorf("AvgOf(DECIMAL(12,8)) = %s, want scale 8", got)
	}
	if got, _ := AvgOf(IntType); got != FloatType {
		t.Errorf("AvgOf(INTEGER) = %s, want FLOAT", got)
	}
	if _, ok := SumOf(StringType); ok {
		t.Error("SumOf(STRING) accepted")
	}
}

func TestCanCast(t *testing.T) {
	tests := []struct {
		from, to Type
		ok       bool
	}{
		{StringType, IntType, true},
		{StringType, DecimalOf(10, 2), true},
		{StringType, TimestampType, true},
		{FloatType, StringType, true},
		{TimestampType, IntType, true},
		{IntType, TimestampType, true},
		{FloatType, DecimalOf(10, 2), true},
		{BoolType, IntType, true},
		{BoolType, FloatType, false},
		{TimestampType, FloatType, false},
		{ArrayOf(IntType), IntType, false},
		{ArrayOf(IntType), StringType, true},
		{NullType, DateType, true},
	}
	for _, tt := range tests {
		if got := CanCast(tt.from, tt.to); got != tt.ok {
			t.Errorf("CanCast(%s, %s) = %v, want %v", tt.from, tt.to, got, tt.ok)
		}
	}
}

func TestTypeIsComparable(t *testing.T) {
	m := map[Type]int{DecimalOf(10, 2): 1, ArrayOf(StringType): 2}
	if m[DecimalOf(10, 2)] != 1 || m[ArrayOf(StringType)] != 2 {
		t.Error("Type does not work as a map key")
	}
	if !DecimalOf(30, 2).IsWide() || DecimalOf(18, 2).IsWide() {
		t.Error("IsWide is wrong at the 18-digit boundary")
	}
}
