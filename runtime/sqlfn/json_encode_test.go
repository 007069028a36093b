package sqlfn

import (
	"strconv"
	"testing"
	"unsafe"

	"github.com/velocsql/veloc/runtime/jsonrec"
)

func appendInt(b []byte, v int64) []byte { return strconv.AppendInt(b, v, 10) }

func TestJSONArrayAndMapText(t *testing.T) {
	tests := []struct{ got, want string }{
		{JSONArrayText([]int64{1, -2, 3}, appendInt), "[1,-2,3]"},
		{JSONArrayText([]int64{}, appendInt), "[]"},
		{JSONArrayText[int64](nil, appendInt), "[]"},
		{JSONArrayText([]string{"a", `q"`, "日本\n"}, jsonrec.AppendString), `["a","q\"","日本\n"]`},
		{JSONMapText(map[string]int64{"b": 1, "a": 2, "": 3}, appendInt), `{"":3,"a":2,"b":1}`},
		{JSONMapText(map[string]string{`k"`: "v"}, jsonrec.AppendString), `{"k\"":"v"}`},
		{JSONMapText(map[string]int64{}, appendInt), "{}"},
		{string(AppendJSONArray([]byte("x="), []int64{7}, appendInt)), "x=[7]"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %s, want %s", tt.got, tt.want)
		}
	}
}

func TestCloneStringsAndMap(t *testing.T) {
	buf := []byte("hello world")
	a := Split(unsafe.String(&buf[0], len(buf)), " ")
	c := CloneStrings(a)
	m := CloneMap(map[string]string{a[0]: a[1]}, func(s string) string { return string([]byte(s)) })
	n := CloneMap(map[string]int64{a[1]: 1}, nil)
	copy(buf, "XXXXXXXXXXX")
	if c[0] != "hello" || c[1] != "world" || m["hello"] != "world" || n["world"] != 1 {
		t.Errorf("clones share the buffer: %q %q %v", c, m, n)
	}
	if CloneStrings(nil) != nil || CloneMap[int64](nil, nil) != nil {
		t.Error("nil should stay nil")
	}
}
