// Package suggest finds the name a user most likely meant, for "did you mean"
// hints.
package suggest

import (
	"fmt"
	"strings"
)

// DidYouMean returns the candidate closest to a misspelt name, or "" when
// none is close enough to be worth suggesting: within a third of the
// name's length in edits (at least one), or a candidate the name begins
// (cl100k for cl100k_base). Names shorter than three letters are one edit
// from too much to guess.
func DidYouMean(name string, candidates []string) string {
	name = strings.ToLower(name)
	if len([]rune(name)) < 3 {
		return ""
	}
	best, bestDist := "", max(1, len([]rune(name))/3)+1
	for _, c := range candidates {
		lc := strings.ToLower(c)
		if lc == name {
			continue
		}
		d := editDistance(name, lc)
		if strings.HasPrefix(lc, name) {
			d = min(d, 1)
		}
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// MeanHint is the hint line for a suggestion, or nil when there is none.
func MeanHint(suggestion string) []string {
	if suggestion == "" {
		return nil
	}
	return []string{fmt.Sprintf("did you mean %s?", suggestion)}
}

// editDistance counts the insertions, deletions, substitutions and swaps
// of two neighbours that turn a into b (optimal string alignment), so
// that "josn" is one edit from "json".
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// Three rows: the one before the previous is needed for swaps.
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

// Quoted puts a suggested word in quotes, or leaves "" empty.
func Quoted(s string) string {
	if s == "" {
		return ""
	}
	return "'" + s + "'"
}
