package sqlfn

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLeftRight(t *testing.T) {
	tests := []struct {
		s           string
		n           int64
		left, right string
	}{
		{"AB-123", 2, "AB", "23"},
		{"AB-123", 3, "AB-", "123"},
		{"XY-9", 3, "XY-", "Y-9"},
		{"EF-7890", 3, "EF-", "890"},
		{"hello", 0, "", ""},
		{"hello", 5, "hello", "hello"},
		{"hello", 99, "hello", "hello"},
		{"hello", -2, "hel", "llo"},
		{"hello", -5, "", ""},
		{"hello", -99, "", ""},
		{"", 3, "", ""},
		{"", -3, "", ""},
		{"héllo", 2, "hé", "lo"},
		{"héllo", -1, "héll", "éllo"},
		{"日本語", 2, "日本", "本語"},
		{"a😀b", 2, "a😀", "😀b"},
		{"😀😀😀", -1, "😀😀", "😀😀"},
		{"café", 1 << 62, "café", "café"},
		{"café", -1 << 62, "", ""},
	}
	for _, tt := range tests {
		if got := Left(tt.s, tt.n); got != tt.left {
			t.Errorf("Left(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.left)
		}
		if got := Right(tt.s, tt.n); got != tt.right {
			t.Errorf("Right(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.right)
		}
	}
}

func TestPosition(t *testing.T) {
	tests := []struct {
		sub, s string
		want   int64
	}{
		{"/", "usr/local/bin", 4},
		{"/", "home/bob", 5},
		{"/", "a/b", 2},
		{"/", "/root", 1},
		{"-", "AB-123", 3},
		{"zz", "usr/local/bin", 0},
		{"", "abc", 1},
		{"", "", 1},
		{"a", "", 0},
		{"abc", "ab", 0},
		{"lo", "héllo", 4},
		{"本", "日本語", 2},
		{"b", "😀😀b", 3},
		{"é", "cafe\u0301 café", 10},
	}
	for _, tt := range tests {
		if got := Position(tt.sub, tt.s); got != tt.want {
			t.Errorf("Position(%q, %q) = %d, want %d", tt.sub, tt.s, got, tt.want)
		}
		if got := PositionFrom(tt.sub, tt.s, 1); got != tt.want {
			t.Errorf("PositionFrom(%q, %q, 1) = %d, want %d", tt.sub, tt.s, got, tt.want)
		}
	}
	from := []struct {
		sub, s string
		start  int64
		want   int64
	}{
		{"/", "usr/local/bin", 5, 10},
		{"/", "usr/local/bin", 4, 4},
		{"/", "usr/local/bin", 11, 0},
		{"a", "banana", 3, 4},
		{"a", "banana", 0, 0},
		{"a", "banana", -5, 0},
		{"a", "banana", 7, 0},
		{"", "banana", 3, 3},
		{"", "banana", 7, 7},
		{"", "banana", 8, 0},
		{"", "", 1, 1},
		{"本", "日本語日本語", 3, 5},
		{"😀", "😀x😀", 2, 3},
		{"x", "é", 1 << 62, 0},
	}
	for _, tt := range from {
		if got := PositionFrom(tt.sub, tt.s, tt.start); got != tt.want {
			t.Errorf("PositionFrom(%q, %q, %d) = %d, want %d", tt.sub, tt.s, tt.start, got, tt.want)
		}
	}
}

func TestSplitPart(t *testing.T) {
	tests := []struct {
		s, sep string
		n      int64
		want   string
	}{
		{"usr/local/bin", "/", 2, "local"},
		{"home/bob", "/", 2, "bob"},
		{"a/b", "/", 2, "b"},
		{"x/y/z/w", "/", 2, "y"},
		{"/root", "/", 2, "root"},
		{"/root", "/", 1, ""},
		{"a/b", "/", 3, ""},
		{"a/b", "/", 0, ""},
		{"a/b", "/", -1, "b"},
		{"a/b", "/", -2, "a"},
		{"a/b", "/", -3, ""},
		{"a//b", "/", 2, ""},
		{"abc~@~def~@~ghi", "~@~", 2, "def"},
		{"abc~@~def~@~ghi", "~@~", -1, "ghi"},
		{"abc", "", 1, "abc"},
		{"abc", "", -1, "abc"},
		{"abc", "", 2, ""},
		{"", ",", 1, ""},
		{"", ",", -1, ""},
		{"aaa", "aa", 1, ""},
		{"aaa", "aa", 2, "a"},
		{"aaa", "aa", -1, "a"}, // fields found left to right: "", "a"
		{"aaa", "aa", -2, ""},
		{"日本,語", ",", 2, "語"},
		{"é😀é😀é", "😀", 3, "é"},
		{"a,b", ",", 1 << 62, ""},
		{"a,b", ",", -1 << 62, ""},
	}
	for _, tt := range tests {
		if got := SplitPart(tt.s, tt.sep, tt.n); got != tt.want {
			t.Errorf("SplitPart(%q, %q, %d) = %q, want %q", tt.s, tt.sep, tt.n, got, tt.want)
		}
	}
}

func TestSplit(t *testing.T) {
	tests := []struct {
		s, sep string
		want   []string
	}{
		{"a,b,c", ",", []string{"a", "b", "c"}},
		{"a,,c,", ",", []string{"a", "", "c", ""}},
		{"abc", ",", []string{"abc"}},
		{"abc", "", []string{"abc"}},
		{"", ",", []string{}},
		{"", "", []string{}},
		{"日本😀語", "😀", []string{"日本", "語"}},
	}
	for _, tt := range tests {
		got := Split(tt.s, tt.sep)
		if got == nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Split(%q, %q) = %#v, want %#v", tt.s, tt.sep, got, tt.want)
		}
	}
}

func TestPad(t *testing.T) {
	tests := []struct {
		s          string
		n          int64
		fill       string
		lpad, rpad string
	}{
		{"7", 5, "0", "00007", "70000"},
		{"42", 5, "0", "00042", "42000"},
		{"12345", 5, "0", "12345", "12345"},
		{"0", 5, "0", "00000", "00000"},
		{"305", 5, "0", "00305", "30500"},
		{"hi", 5, " ", "   hi", "hi   "},
		{"hi", 7, "xy", "xyxyxhi", "hixyxyx"},
		{"hello", 3, "x", "hel", "hel"},
		{"hello", 0, "x", "", ""},
		{"hello", -1, "x", "", ""},
		{"hi", 5, "", "hi", "hi"},
		{"hello", 3, "", "hel", "hel"},
		{"", 3, "ab", "aba", "aba"},
		{"", 0, "ab", "", ""},
		{"é", 3, "ü", "üüé", "éüü"},
		{"日本", 5, "語😀", "語😀語日本", "日本語😀語"},
		{"日本語", 2, "x", "日本", "日本"},
		{"😀", 2, "😀", "😀😀", "😀😀"},
		{"long enough", MaxPadLength + 1, "", "long enough", "long enough"},
		{"ab", 1, "x", "a", "a"},
	}
	for _, tt := range tests {
		if got, err := Lpad(tt.s, tt.n, tt.fill); err != nil || got != tt.lpad {
			t.Errorf("Lpad(%q, %d, %q) = %q, %v, want %q", tt.s, tt.n, tt.fill, got, err, tt.lpad)
		}
		if got, err := Rpad(tt.s, tt.n, tt.fill); err != nil || got != tt.rpad {
			t.Errorf("Rpad(%q, %d, %q) = %q, %v, want %q", tt.s, tt.n, tt.fill, got, err, tt.rpad)
		}
	}
	if _, err := Lpad("x", MaxPadLength+1, " "); err == nil || !strings.Contains(err.Error(), "LPAD") {
		t.Errorf("Lpad beyond MaxPadLength: err = %v", err)
	}
	if _, err := Rpad("x", 1<<62, " "); err == nil || !strings.Contains(err.Error(), "RPAD") {
		t.Errorf("Rpad beyond MaxPadLength: err = %v", err)
	}
	if got, err := Lpad("x", MaxPadLength, "ab"); err != nil || utf8.RuneCountInString(got) != MaxPadLength {
		t.Errorf("Lpad to MaxPadLength: %d characters, %v", utf8.RuneCountInString(got), err)
	}
}

func TestReverse(t *testing.T) {
	tests := []struct{ s, want string }{
		{"", ""},
		{"a", "a"},
		{"abc", "cba"},
		{"héllo", "olléh"},
		{"日本語", "語本日"},
		{"a😀b", "b😀a"},
		{"ab\xffc", "c\xffba"},
		{"\xe6\x97", "\x97\xe6"}, // a truncated character: two invalid bytes
	}
	for _, tt := range tests {
		if got := Reverse(tt.s); got != tt.want {
			t.Errorf("Reverse(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
}

func TestInitcap(t *testing.T) {
	tests := []struct{ s, want string }{
		{"", ""},
		{"hello world", "Hello World"},
		{"HELLO WORLD", "Hello World"},
		{"hello-WORLD_foo", "Hello-World_Foo"},
		{"o'neil mcDONALD", "O'Neil Mcdonald"},
		{"1st place", "1st Place"},
		{"abc1def 2x", "Abc1def 2x"},
		{"émile zola", "Émile Zola"},
		{"ÉCOLE été", "École Été"},
		{"日本 語", "日本 語"},
		{"😀hello", "😀Hello"},
		{"ǆemal", "ǅemal"},
		{"Already Fine", "Already Fine"},
		{"a\xffb", "A\xffB"},
		{"  spaced  out  ", "  Spaced  Out  "},
	}
	for _, tt := range tests {
		if got := Initcap(tt.s); got != tt.want {
			t.Errorf("Initcap(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
}

func TestJoin(t *testing.T) {
	tests := []struct {
		sep   string
		parts []string
		want  string
	}{
		{",", nil, ""},
		{",", []string{"a"}, "a"},
		{",", []string{"a", "b", "c"}, "a,b,c"},
		{"", []string{"a", "b"}, "ab"},
		{" – ", []string{"日本", "", "😀"}, "日本 –  – 😀"},
	}
	for _, tt := range tests {
		if got := Join(tt.sep, tt.parts...); got != tt.want {
			t.Errorf("Join(%q, %q) = %q, want %q", tt.sep, tt.parts, got, tt.want)
		}
	}
	var parts [3]string
	n := 0
	for _, p := range []string{"x", "y"} {
		parts[n] = p
		n++
	}
	if allocs := testing.AllocsPerRun(100, func() { _ = Join("-", parts[:n]...) }); allocs > 1 {
		t.Errorf("Join allocates %v times, want at most 1", allocs)
	}
}

// TestStringResultsAreViews checks that results that are parts of the
// argument are not copied.
func TestStringResultsAreViews(t *testing.T) {
	s := "héllo wörld"
	for name, f := range map[string]func() string{
		"Left":      func() string { return Left(s, 3) },
		"Right":     func() string { return Right(s, 3) },
		"SplitPart": func() string { return SplitPart(s, " ", 2) },
		"Initcap":   func() string { return Initcap("Hello") },
		"Lpad":      func() string { r, _ := Lpad(s, 2, "x"); return r },
	} {
		if allocs := testing.AllocsPerRun(100, func() { _ = f() }); allocs != 0 {
			t.Errorf("%s allocates %v times", name, allocs)
		}
	}
}

// FuzzStringFunctions checks properties that tie the functions together.
func FuzzStringFunctions(f *testing.F) {
	f.Add("héllo wörld", "o", int64(2))
	f.Add("日本😀語,a,,b", ",", int64(-2))
	f.Add("aaa", "aa", int64(1))
	f.Add("", "", int64(0))
	f.Add("ab\xffc", "\xff", int64(3))
	f.Fuzz(func(t *testing.T, s, sep string, n int64) {
		n %= 64
		chars := Length(s)
		if n == 0 {
			n = 1 // -0 is 0: LEFT(s, 0) || RIGHT(s, 0) is ''
		}
		if got := Left(s, n) + Right(s, -n); got != s {
			t.Fatalf("LEFT(s, %d) || RIGHT(s, %d) = %q, want %q", n, -n, got, s)
		}
		if got := Left(s, -n) + Right(s, n); got != s {
			t.Fatalf("LEFT(s, %d) || RIGHT(s, %d) = %q, want %q", -n, n, got, s)
		}
		if n >= 0 && Left(s, n) != Substring(s, 1, n, true) {
			t.Fatalf("LEFT(%q, %d) = %q, SUBSTRING gives %q", s, n, Left(s, n), Substring(s, 1, n, true))
		}
		// A sep that is not UTF-8 can match inside a character; positions
		// are then not meaningful.
		if !utf8.ValidString(sep) {
			sep = strings.ToValidUTF8(sep, "?")
		}
		if p := Position(sep, s); p > 0 {
			if !strings.HasPrefix(Substring(s, p, 0, false), sep) {
				t.Fatalf("POSITION(%q IN %q) = %d: no match there", sep, s, p)
			}
			if q := PositionFrom(sep, s, p); q != p {
				t.Fatalf("POSITION(%q, %q, %d) = %d", sep, s, p, q)
			}
		} else if strings.Contains(s, sep) {
			t.Fatalf("POSITION(%q IN %q) = 0", sep, s)
		}
		if q := PositionFrom(sep, s, n); q != 0 && (q < n || !strings.HasPrefix(Substring(s, q, 0, false), sep)) {
			t.Fatalf("POSITION(%q, %q, %d) = %d", sep, s, n, q)
		}
		fields := Split(s, sep)
		for k := int64(-int64(len(fields)) - 2); k <= int64(len(fields))+2; k++ {
			want := ""
			switch {
			case k >= 1 && k <= int64(len(fields)):
				want = fields[k-1]
			case k < 0 && -k <= int64(len(fields)):
				want = fields[int64(len(fields))+k]
			}
			if got := SplitPart(s, sep, k); got != want {
				t.Fatalf("SPLIT_PART(%q, %q, %d) = %q, want %q (SPLIT gives %q)", s, sep, k, got, want, fields)
			}
		}
		if s != "" && strings.Join(fields, sep) != s {
			t.Fatalf("SPLIT(%q, %q) = %q does not join back", s, sep, fields)
		}
		if utf8.ValidString(s) {
			if r := Reverse(s); Length(r) != chars || Reverse(r) != s {
				t.Fatalf("REVERSE(%q) = %q", s, r)
			}
			if ic := Initcap(s); Initcap(ic) != ic || strings.ToLower(ic) != strings.ToLower(Initcap(strings.ToLower(s))) {
				t.Fatalf("INITCAP(%q) = %q is not stable", s, ic)
			}
		}
		if n >= 0 {
			l, err1 := Lpad(s, n, sep)
			r, err2 := Rpad(s, n, sep)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			want := n
			if sep == "" && chars < n {
				want = chars
			}
			if Length(l) != want || Length(r) != want {
				t.Fatalf("LPAD/RPAD(%q, %d, %q) = %q, %q", s, n, sep, l, r)
			}
			if chars <= n && (!strings.HasSuffix(l, s) || !strings.HasPrefix(r, s)) {
				t.Fatalf("LPAD/RPAD(%q, %d, %q) = %q, %q lose s", s, n, sep, l, r)
			}
		}
	})
}
