package sqlfn

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
)

func TestRegexpMatch(t *testing.T) {
	tests := []struct {
		pattern, flags, s string
		want              bool
	}{
		// 02-string-functions-more: code_ok
		{"^[A-Z]{2}-[0-9]{3}$", "", "AB-123", true},
		{"^[A-Z]{2}-[0-9]{3}$", "", "XY-9", false},
		{"^[A-Z]{2}-[0-9]{3}$", "", "CD-456", true},
		{"^[A-Z]{2}-[0-9]{3}$", "", "ab-123", false},
		{"^[A-Z]{2}-[0-9]{3}$", "", "EF-7890", false},
		{"^[A-Z]{2}-[0-9]{3}$", "i", "ab-123", true},
		{"b", "", "abc", true}, // unanchored
		{"", "", "", true},
		{"x", "", "", false},
		{"^.$", "", "é", true},
		{"^..$", "", "日本", true},
		{"^\\p{Han}+$", "", "日本語", true},
		{"😀", "", "a😀b", true},
		{"^b$", "", "a\nb", false},
		{"^b$", "m", "a\nb", true},
		{"a.b", "", "a\nb", false},
		{"a.b", "s", "a\nb", true},
		{"(?i)ABC", "", "xabcx", true},
		{"É", "i", "école", true},
	}
	for _, tt := range tests {
		re, err := CompileRegexp(tt.pattern, tt.flags)
		if err != nil {
			t.Fatalf("CompileRegexp(%q, %q): %v", tt.pattern, tt.flags, err)
		}
		if got := re.Match(tt.s); got != tt.want {
			t.Errorf("REGEXP(%q, %q/%s) = %v, want %v", tt.s, tt.pattern, tt.flags, got, tt.want)
		}
	}
}

func TestRegexpReplace(t *testing.T) {
	tests := []struct {
		s, pattern, repl, flags string
		want                    string
	}{
		// 02-string-functions-more: digits and first_fixed
		{"(555) 123-4567", "[^0-9]", "", "g", "5551234567"},
		{"555.987.6543", "[^0-9]", "", "g", "5559876543"},
		{"+1 555 000 1111", "[^0-9]", "", "g", "15550001111"},
		{"5551234567", "[^0-9]", "", "g", "5551234567"},
		{"tel: 44-20", "[^0-9]", "", "g", "4420"},
		{"(555) 123-4567", "[^0-9]", "#", "", "#555) 123-4567"},
		{"555.987.6543", "[^0-9]", "#", "", "555#987.6543"},
		{"+1 555 000 1111", "[^0-9]", "#", "", "#1 555 000 1111"},
		{"5551234567", "[^0-9]", "#", "", "5551234567"},
		{"tel: 44-20", "[^0-9]", "#", "", "#el: 44-20"},

		{"", "x", "y", "", ""},
		{"", "", "y", "", "y"},
		{"abc", "", "-", "", "-abc"},
		{"abc", "", "-", "g", "-a-b-c-"},
		{"abc", "x*", "-", "g", "-a-b-c-"},
		{"banana", "a", "o", "", "bonana"},
		{"banana", "a", "o", "g", "bonono"},
		{"BaNAna", "a", "o", "gi", "BoNono"},
		{"BaNAna", "a", "o", "ig", "BoNono"},
		{"BaNAna", "a", "o", "i", "BoNAna"},
		{"John Smith", "(\\w+) (\\w+)", "$2, $1", "", "Smith, John"},
		{"John Smith", "(\\w+) (\\w+)", "${2}_$1", "", "Smith_John"},
		{"John Smith", "(\\w+) (\\w+)", "$2_$1", "", "John"}, // $2_ is a group named "2_"
		{"John Smith", "(?P<first>\\w+) (?P<last>\\w+)", "$last $first", "", "Smith John"},
		{"a-b-c", "(\\w)", "[$1]", "g", "[a]-[b]-[c]"},
		{"a-b", "-", "$$", "", "a$b"},
		{"a-b", "-", "$0$0", "", "a--b"},
		{"a-b", "-", "$9", "", "ab"},
		{"price 10", "\\d+", "$", "", "price $"},
		{"x", "(a)|x", "[$1]", "", "[]"},
		{"héllo wörld", "ö|é", "_", "g", "h_llo w_rld"},
		{"日本語", "本", "😀", "", "日😀語"},
		{"日本語", ".", "$0 ", "g", "日 本 語 "},
		{"a\nb", "^", ">", "gm", ">a\n>b"},
	}
	for _, tt := range tests {
		re, err := CompileRegexp(tt.pattern, tt.flags)
		if err != nil {
			t.Fatalf("CompileRegexp(%q, %q): %v", tt.pattern, tt.flags, err)
		}
		if got := re.Replace(tt.s, tt.repl); got != tt.want {
			t.Errorf("REGEXP_REPLACE(%q, %q, %q, %q) = %q, want %q", tt.s, tt.pattern, tt.repl, tt.flags, got, tt.want)
		}
	}
}

// TestRegexpReplaceAgreesWithGo checks the first-match and no-match fast
// paths against regexp's own replacement.
func TestRegexpReplaceAgreesWithGo(t *testing.T) {
	patterns := []string{"a", "a*", "x*", "[^0-9]", "(\\w)(\\w)?", "\\b", "$", "^", "(é|日)+"}
	repls := []string{"", "-", "<$1>", "${2}$1", "$$", "$0$0"}
	inputs := []string{"", "a", "aaa", "banana", "(555) 123-4567", "héé日日 x", "no match here"}
	for _, p := range patterns {
		for _, r := range repls {
			for _, s := range inputs {
				re := MustCompileRegexp(p, "g")
				if got, want := re.Replace(s, r), regexp.MustCompile(p).ReplaceAllString(s, r); got != want {
					t.Errorf("g: Replace(%q, %q, %q) = %q, want %q", s, p, r, got, want)
				}
				// First match only: replace all in a copy that stops after one.
				re1 := MustCompileRegexp(p, "")
				n := 0
				std := regexp.MustCompile(p)
				want := std.ReplaceAllStringFunc(s, func(m string) string {
					n++
					if n > 1 {
						return m
					}
					loc := std.FindStringSubmatchIndex(s)
					return string(std.ExpandString(nil, r, s, loc))
				})
				if got := re1.Replace(s, r); got != want {
					t.Errorf("first: Replace(%q, %q, %q) = %q, want %q", s, p, r, got, want)
				}
			}
		}
	}
}

func TestRegexpExtract(t *testing.T) {
	tests := []struct {
		s, pattern string
		group      int64
		want       string
		ok         bool
	}{
		{"order-1234-x", "[0-9]+", 0, "1234", true},
		{"order-1234-x", "([a-z]+)-([0-9]+)", 2, "1234", true},
		{"order-1234-x", "([a-z]+)-([0-9]+)", 1, "order", true},
		{"order-1234-x", "([a-z]+)-([0-9]+)", 0, "order-1234", true},
		{"no digits", "[0-9]+", 0, "", false},
		{"no digits", "([0-9]+)", 1, "", false},
		{"b", "(a)|b", 1, "", false}, // group 1 did not take part
		{"b", "(a)|b", 0, "b", true},
		{"abc", "x*", 0, "", true}, // an empty match is a match
		{"", "^$", 0, "", true},
		{"abc", "(b)", 2, "", false},
		{"abc", "(b)", -1, "", false},
		{"prix: 12€", "([0-9]+)(€)", 2, "€", true},
		{"日本語", "(本)(.)", 2, "語", true},
		{"😀😀x", "^(.)", 1, "😀", true},
	}
	for _, tt := range tests {
		re := MustCompileRegexp(tt.pattern, "")
		got, ok := re.Extract(tt.s, tt.group)
		if got != tt.want || ok != tt.ok {
			t.Errorf("REGEXP_EXTRACT(%q, %q, %d) = %q, %v, want %q, %v", tt.s, tt.pattern, tt.group, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCompileRegexpErrors(t *testing.T) {
	tests := []struct {
		pattern, flags, want string
	}{
		{"a(b", "", "invalid regular expression \"a(b\": missing closing ): `a(b`"},
		{"a(b", "i", "invalid regular expression \"a(b\": missing closing ): `a(b`"},
		{"[z-a]", "", "invalid regular expression \"[z-a]\": invalid character class range: `z-a`"},
		{"a**", "", "invalid regular expression \"a**\": invalid nested repetition operator: `**`"},
		{"(?<=a)b", "", "invalid regular expression \"(?<=a)b\": invalid named capture"},
		{"\\1", "", "invalid regular expression \"\\\\1\": invalid escape sequence: `\\1`"},
		{"a", "gx", "unknown regular expression flag 'x' in \"gx\" (allowed: g, i, m, s)"},
		{"a", "c", "unknown regular expression flag 'c'"},
		{"a", "G", "unknown regular expression flag 'G'"},
	}
	for _, tt := range tests {
		_, err := CompileRegexp(tt.pattern, tt.flags)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("CompileRegexp(%q, %q) error = %v, want prefix %q", tt.pattern, tt.flags, err, tt.want)
		}
	}
	for _, flags := range []string{"", "g", "i", "gi", "ig", "gg", "ims", "gims"} {
		if _, err := CompileRegexp("a", flags); err != nil {
			t.Errorf("CompileRegexp(a, %q): %v", flags, err)
		}
	}
	if re := MustCompileRegexp("a", "gi"); !re.Global() || re.String() != "(?i)a" {
		t.Errorf("flags gi: global %v, pattern %q", re.Global(), re.String())
	}
}

func TestRegexpChecks(t *testing.T) {
	re := MustCompileRegexp("(?P<area>\\d{3})-(\\d+)", "")
	if re.NumGroups() != 2 {
		t.Errorf("NumGroups = %d", re.NumGroups())
	}
	for _, g := range []int64{0, 1, 2} {
		if err := re.CheckGroup(g); err != nil {
			t.Errorf("CheckGroup(%d): %v", g, err)
		}
	}
	for _, g := range []int64{-1, 3} {
		if err := re.CheckGroup(g); err == nil {
			t.Errorf("CheckGroup(%d): no error", g)
		}
	}
	good := []string{"", "x", "$0", "$1", "${2}", "$area", "${area}x", "$$", "$$3", "a$", "${", "$}", "$-", "${1"}
	for _, r := range good {
		if err := re.CheckReplacement(r); err != nil {
			t.Errorf("CheckReplacement(%q): %v", r, err)
		}
	}
	bad := map[string]string{
		"$3":    "refers to group 3, but the pattern has 2 groups",
		"${3}":  "refers to group 3",
		"$1a":   `refers to group "1a", which the pattern does not have (write ${1}a for group 1 followed by "a")`,
		"$01":   `refers to group "01"`,
		"$name": `refers to group "name"`,
		"x$2_y": `refers to group "2_y"`,
	}
	for r, want := range bad {
		if err := re.CheckReplacement(r); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CheckReplacement(%q) = %v, want %q", r, err, want)
		}
	}
}

func TestRegexpCache(t *testing.T) {
	var c RegexpCache
	re1, err := c.Get("a+", "g")
	if err != nil {
		t.Fatal(err)
	}
	if re2, _ := c.Get("a+", "g"); re2 != re1 {
		t.Error("same pattern compiled twice")
	}
	if re3, _ := c.Get("a+", ""); re3 == re1 || re3.Global() {
		t.Error("flags not part of the key")
	}
	if re4, _ := c.Get("a+", "g"); re4 != re1 {
		t.Error("earlier pattern not kept")
	}
	if _, err := c.Get("(", ""); err == nil || !strings.Contains(err.Error(), "missing closing )") {
		t.Errorf("invalid pattern: %v", err)
	}
	if _, err := c.Get("(", ""); err == nil {
		t.Error("cached error lost")
	}

	// The key must not alias the caller's buffer.
	buf := []byte("b+")
	reb, _ := c.Get(View(buf), "")
	copy(buf, "c+")
	if again, _ := c.Get("b+", ""); again != reb {
		t.Error("cache key aliases the input buffer")
	}

	// A hit costs no allocation.
	if allocs := testing.AllocsPerRun(100, func() { _, _ = c.Get("a+", "g") }); allocs != 0 {
		t.Errorf("cache hit allocates %v times", allocs)
	}

	// Many distinct patterns stay bounded, and concurrent use is safe.
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 500 {
				p := fmt.Sprintf("x%d", (i*7+w)%300)
				re, err := c.Get(p, "")
				if err != nil || !re.Match(p) {
					t.Errorf("Get(%q) = %v, %v", p, re, err)
					return
				}
			}
		})
	}
	wg.Wait()
	c.c.mu.Lock()
	n := len(c.c.m)
	c.c.mu.Unlock()
	if n > maxCacheEntries {
		t.Errorf("cache holds %d entries", n)
	}
}

func TestRegexpNoMatchDoesNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector drops pooled buffers")
	}
	g := MustCompileRegexp("[^0-9]", "g")
	one := MustCompileRegexp("[^0-9]", "")
	s := "5551234567"
	for name, f := range map[string]func(){
		"g":     func() { _ = g.Replace(s, "") },
		"first": func() { _ = one.Replace(s, "#") },
		"match": func() { _ = one.Match(s) },
	} {
		if allocs := testing.AllocsPerRun(100, f); allocs != 0 {
			t.Errorf("%s: %v allocations without a match", name, allocs)
		}
	}
}

func BenchmarkRegexpReplace(b *testing.B) {
	inputs := []string{"(555) 123-4567", "555.987.6543", "+1 555 000 1111", "5551234567", "tel: 44-20"}
	b.Run("global-literal", func(b *testing.B) {
		re := MustCompileRegexp("[^0-9]", "g")
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			_ = re.Replace(inputs[i%len(inputs)], "")
		}
	})
	b.Run("first-literal", func(b *testing.B) {
		re := MustCompileRegexp("[^0-9]", "")
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			_ = re.Replace(inputs[i%len(inputs)], "#")
		}
	})
	b.Run("first-groups", func(b *testing.B) {
		re := MustCompileRegexp("(\\d{3})\\D*(\\d{3})", "")
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			_ = re.Replace(inputs[i%len(inputs)], "$2-$1")
		}
	})
	b.Run("cached-dynamic", func(b *testing.B) {
		var c RegexpCache
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			re, _ := c.Get("[^0-9]", "g")
			_ = re.Replace(inputs[i%len(inputs)], "")
		}
	})
}

func TestRegexpFlagsCoverAlternatives(t *testing.T) {
	re := MustCompileRegexp("a|B", "ig")
	if got := re.Replace("AbBa", "-"); got != "----" {
		t.Errorf("flag i on a|B: %q", got)
	}
}
