package sqlfn

import (
	"math"
	"reflect"
	"testing"
)

func TestArrayLengthAndAt(t *testing.T) {
	tests := []struct {
		a    []string
		i    int64
		want string
		ok   bool
	}{
		{[]string{"a", "b", "c"}, 1, "a", true},
		{[]string{"a", "b", "c"}, 3, "c", true},
		{[]string{"a", "b", "c"}, 4, "", false},
		{[]string{"a", "b", "c"}, 0, "", false},
		{[]string{"a", "b", "c"}, -1, "", false},
		{[]string{"日本", "😀"}, 2, "😀", true},
		{[]string{}, 1, "", false},
		{nil, 1, "", false},
		{[]string{"x"}, math.MaxInt64, "", false},
		{[]string{"x"}, math.MinInt64, "", false},
	}
	for _, tt := range tests {
		if got, ok := ArrayAt(tt.a, tt.i); got != tt.want || ok != tt.ok {
			t.Errorf("%q[%d] = %q, %v, want %q, %v", tt.a, tt.i, got, ok, tt.want, tt.ok)
		}
	}
	if n := ArrayLength([]int64{1, 2, 3}); n != 3 {
		t.Errorf("ArrayLength = %d", n)
	}
	if n := ArrayLength[float64](nil); n != 0 {
		t.Errorf("ArrayLength(nil) = %d", n)
	}
	if n := ArrayLength(Split("a,b,c", ",")); n != 3 {
		t.Errorf("ARRAY_LENGTH(SPLIT('a,b,c', ',')) = %d", n)
	}
	if v, ok := ArrayAt([]int64{10, 20}, 2); !ok || v != 20 {
		t.Errorf("ArrayAt(int64) = %d, %v", v, ok)
	}
}

func TestArrayContains(t *testing.T) {
	if !ArrayContains([]string{"a", "é", "😀"}, "😀") || ArrayContains([]string{"a"}, "A") || ArrayContains(nil, "") {
		t.Error("ArrayContains(string)")
	}
	if !ArrayContains([]string{""}, "") {
		t.Error("ArrayContains of the empty string")
	}
	if !ArrayContains([]int64{1, 2, 3}, 2) || ArrayContains([]int64{1, 2, 3}, 4) {
		t.Error("ArrayContains(int64)")
	}
	if !ArrayContains([]float64{0.5, -0.0}, 0) || ArrayContains([]float64{math.NaN()}, math.NaN()) {
		t.Error("ArrayContains(float64): -0 = 0 and NaN is never found")
	}
	if !ArrayContains([]bool{false}, false) {
		t.Error("ArrayContains(bool)")
	}
}

func TestMapKeysValues(t *testing.T) {
	m := map[string]int64{"b": 2, "a": 1, "日本": 3, "": 0, "B": 4}
	if got, want := MapKeys(m), []string{"", "B", "a", "b", "日本"}; !reflect.DeepEqual(got, want) {
		t.Errorf("MapKeys = %q, want %q", got, want)
	}
	if got, want := MapValues(m), []int64{0, 4, 1, 2, 3}; !reflect.DeepEqual(got, want) {
		t.Errorf("MapValues = %v, want %v", got, want)
	}
	empty := map[string]string{}
	if k, v := MapKeys(empty), MapValues(empty); k == nil || v == nil || len(k) != 0 || len(v) != 0 {
		t.Errorf("empty map: %#v, %#v", k, v)
	}
	var nilMap map[string]bool
	if k := MapKeys(nilMap); k == nil || len(k) != 0 {
		t.Errorf("nil map keys: %#v", k)
	}
}
