package compiler

import "strings"

// suggest returns the candidate closest to name by edit distance, when it
// is close enough to be what the user meant (for "did you mean" hints).
func suggest(name string, candidates []string) (string, bool) {
	best, bestDist := "", 1<<30
	low := strings.ToLower(name)
	for _, c := range candidates {
		if d := editDistance(low, strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	limit := max(1, min(3, len(name)/3))
	return best, best != "" && bestDist <= limit
}

// didYouMean formats a suggestion as a sentence suffix, or "".
func didYouMean(name string, candidates []string) string {
	if s, ok := suggest(name, candidates); ok {
		return "; did you mean " + s + "?"
	}
	return ""
}

// editDistance is the Levenshtein distance with adjacent transpositions
// (so "amout" is one edit from "amount" and "cutsomer" one from "customer").
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
