package redact

import (
	"strings"
	"testing"
)

// TestKeywordSet checks the automaton against strings.Contains, with
// keywords inside others and sharing prefixes and suffixes.
func TestKeywordSet(t *testing.T) {
	keywords := []string{"he", "she", "his", "hers", "key", "apikey", "api_key", "k", "ey"}
	ks := newKeywordSet(keywords)
	for _, text := range []string{"", "ushers", "my apikey", "api_ke", "hishe", "kkk", "monkey business"} {
		hit := make([]bool, len(keywords))
		ks.find(text, hit)
		for i, k := range keywords {
			if want := strings.Contains(text, k); hit[i] != want {
				t.Errorf("%q: %q found %v, want %v", text, k, hit[i], want)
			}
		}
	}
}
