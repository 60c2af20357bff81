package hf

import (
	"math/rand/v2"
	"testing"
)

// TestTrieLongest checks the sorted-array trie against trying every token
// at every place: the longest token that starts there, and among tokens of
// the same text the last.
func TestTrieLongest(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = "ab<|>"[r.IntN(5)]
		}
		return string(b)
	}
	for round := range 200 {
		tokens := make([]addedToken, 1+r.IntN(12))
		for i := range tokens {
			tokens[i] = addedToken{ID: i, Content: word(1 + r.IntN(5))}
		}
		content := func(a addedToken) string { return a.Content }
		all := func(addedToken) bool { return true }
		tr := newTrie(tokens, nil, all, content)
		again := newTrie(tokens, sortedTokens(tokens, content), all, content)
		s := word(40)
		for i := range len(s) {
			want, wantEnd := -1, 0
			for k, a := range tokens {
				if n := len(a.Content); i+n <= len(s) && s[i:i+n] == a.Content && n >= wantEnd-i {
					want, wantEnd = k, i+n
				}
			}
			for _, got := range []*trie{tr, again} {
				tok, end := got.longest(s, i)
				if tok != want || want >= 0 && end != wantEnd {
					t.Fatalf("round %d: tokens %v, longest(%q, %d) = %d, %d; want %d, %d", round, tokens, s, i, tok, end, want, wantEnd)
				}
			}
		}
	}
}
