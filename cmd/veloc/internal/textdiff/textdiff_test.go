package textdiff

import (
	"math/rand"
	"strings"
	"testing"
)

func TestUnified(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     string
	}{
		{name: "equal", old: "a\nb\n", new: "a\nb\n", want: ""},
		{name: "both empty", old: "", new: "", want: ""},
		{
			name: "change in middle",
			old:  "1\n2\n3\n4\n5\n6\n7\n8\n9\n",
			new:  "1\n2\n3\n4\nfive\n6\n7\n8\n9\n",
			want: "--- a/x\n+++ b/x\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n",
		},
		{
			name: "insert at start",
			old:  "b\nc\n",
			new:  "a\nb\nc\n",
			want: "--- a/x\n+++ b/x\n@@ -1,2 +1,3 @@\n+a\n b\n c\n",
		},
		{
			name: "from empty",
			old:  "",
			new:  "a\nb\n",
			want: "--- a/x\n+++ b/x\n@@ -0,0 +1,2 @@\n+a\n+b\n",
		},
		{
			name: "to empty",
			old:  "a\n",
			new:  "",
			want: "--- a/x\n+++ b/x\n@@ -1 +0,0 @@\n-a\n",
		},
		{
			name: "missing final newline",
			old:  "a\nb",
			new:  "a\nb\n",
			want: "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n",
		},
		{
			name: "two hunks",
			old:  "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n",
			new:  "one\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\ntwelve\n",
			want: "--- a/x\n+++ b/x\n@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n" +
				"@@ -9,4 +9,4 @@\n 9\n 10\n 11\n-12\n+twelve\n",
		},
		{
			name: "close changes merge",
			old:  "1\n2\n3\n4\n5\n6\n7\n8\n",
			new:  "one\n2\n3\n4\n5\n6\n7\neight\n",
			want: "--- a/x\n+++ b/x\n@@ -1,8 +1,8 @@\n-1\n+one\n 2\n 3\n 4\n 5\n 6\n 7\n-8\n+eight\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Unified("a/x", "b/x", tt.old, tt.new)
			if got != tt.want {
				t.Errorf("Unified:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestLinesMinimal checks on random inputs that the edit script is valid
// (replays old into new) and as short as the textbook LCS says it can be.
func TestLinesMinimal(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	random := func() []string {
		s := make([]string, r.Intn(12))
		for i := range s {
			s[i] = string(rune('a' + r.Intn(3)))
		}
		return s
	}
	for i := 0; i < 5000; i++ {
		a, b := random(), random()
		ops := Lines(a, b)
		var gotA, gotB []string
		edits := 0
		for k, op := range ops {
			if k > 0 && op.Kind == Delete && ops[k-1].Kind == Insert {
				t.Fatalf("%q → %q: script %v inserts before it deletes within a change", a, b, ops)
			}
			switch op.Kind {
			case Equal:
				if a[op.A] != b[op.B] {
					t.Fatalf("%q → %q: Equal op joins %q and %q", a, b, a[op.A], b[op.B])
				}
				gotA, gotB = append(gotA, a[op.A]), append(gotB, b[op.B])
			case Delete:
				gotA = append(gotA, a[op.A])
				edits++
			case Insert:
				gotB = append(gotB, b[op.B])
				edits++
			}
		}
		if strings.Join(gotA, "") != strings.Join(a, "") || strings.Join(gotB, "") != strings.Join(b, "") {
			t.Fatalf("%q → %q: script %v does not replay", a, b, ops)
		}
		if want := len(a) + len(b) - 2*lcs(a, b); edits != want {
			t.Fatalf("%q → %q: %d edits, want %d", a, b, edits, want)
		}
	}
}

func lcs(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}

// TestLargeDisjoint makes sure two big, entirely different inputs finish
// quickly and in linear memory.
func TestLargeDisjoint(t *testing.T) {
	a, b := make([]string, 5000), make([]string, 5000)
	for i := range a {
		a[i], b[i] = "a\n", "b\n"
	}
	if got := len(Lines(a, b)); got != 10000 {
		t.Fatalf("got %d ops, want 10000", got)
	}
}
