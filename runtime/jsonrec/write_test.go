package jsonrec

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestAppendString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `""`},
		{"abc", `"abc"`},
		{`a"b\c`, `"a\"b\\c"`},
		{"\b\f\n\r\t", `"\b\f\n\r\t"`},
		{"\x00\x01\x1f\x7f", `"\u0000\u0001\u001f` + "\x7f\""},
		{"<a&b>", `"<a&b>"`},
		{"é\u2028\U0001F600", "\"é\u2028\U0001F600\""},
		{"a\xffb", `"a\ufffdb"`},
		{"\xe2\x82", `"\ufffd\ufffd"`},
		{"\xed\xa0\x80", `"\ufffd\ufffd\ufffd"`}, // an encoded surrogate
		{"\xc0\xaf", `"\ufffd\ufffd"`},           // overlong
		{"\xf4\x90\x80\x80", `"\ufffd\ufffd\ufffd\ufffd"`},
	}
	for _, tt := range tests {
		if got := string(AppendString([]byte("x"), tt.in)); got != "x"+tt.want {
			t.Errorf("AppendString(%q) = %q, want %q", tt.in, got, "x"+tt.want)
		}
		if got := string(AppendStringBytes([]byte("x"), []byte(tt.in))); got != "x"+tt.want {
			t.Errorf("AppendStringBytes(%q) = %q, want %q", tt.in, got, "x"+tt.want)
		}
	}
}

func TestAppendFloatJSON(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{1.5, "1.5"}, {150, "150"}, {2.5e-07, "2.5e-07"},
		{math.NaN(), `"NaN"`}, {math.Inf(1), `"Infinity"`}, {math.Inf(-1), `"-Infinity"`},
	}
	for _, tt := range tests {
		if got := string(AppendFloat(nil, tt.in)); got != tt.want {
			t.Errorf("AppendFloat(%v) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// FuzzAppendString checks AppendString against encoding/json (without HTML
// escaping, and with U+2028/U+2029, which encoding/json escapes for
// JavaScript, written raw) and that the result decodes back.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"abc", "\x00\"\\", "é\u2028", "\xff\xe2\x82", "\xed\xa0\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := AppendString(nil, s)
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.Encode(s)
		w := strings.NewReplacer(`\u2028`, "\u2028", `\u2029`, "\u2029").Replace(strings.TrimSuffix(want.String(), "\n"))
		if string(got) != w {
			t.Fatalf("AppendString(%q) = %s; encoding/json %s", s, got, w)
		}
		var back string
		if err := json.Unmarshal(got, &back); err != nil || back != strings.ToValidUTF8(back, "") {
			t.Fatalf("AppendString(%q) = %s does not decode: %v", s, got, err)
		}
	})
}

func TestAppendAllocs(t *testing.T) {
	buf := make([]byte, 0, 256)
	b := []byte("with \"quotes\"\n and é")
	n := testing.AllocsPerRun(1000, func() {
		buf = AppendString(buf[:0], "plain key")
		buf = AppendStringBytes(buf, b)
		buf = AppendFloat(buf, 19.99)
	})
	if n != 0 {
		t.Fatalf("%v allocations, want 0", n)
	}
}
