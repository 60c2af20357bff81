package hf

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// TestTrieLongest checks the sorted-table trie against trying every token
// at every place: the longest token that starts there, and among tokens of
// the same text the last (whose flags apply). The trie read back from its
// bytes, as a compiled tokenizer maps it, finds the same.
func TestTrieLongest(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = "ab<|>"[r.IntN(5)]
		}
		return string(b)
	}
	content := func(a addedToken) string { return a.Content }
	all := func(addedToken) bool { return true }
	for round := range 200 {
		tokens := make([]addedToken, 1+r.IntN(12))
		for i := range tokens {
			tokens[i] = addedToken{Content: word(1 + r.IntN(5)), SingleWord: r.IntN(2) == 0, LStrip: r.IntN(2) == 0, RStrip: r.IntN(2) == 0}
		}
		tr := newTrie(tokens, all, content)
		again, ok := readTrie(append([]byte(nil), tr.data...), true)
		if !ok {
			t.Fatalf("round %d: readTrie refused the bytes of a trie", round)
		}
		s := word(40)
		for i := range len(s) {
			want, wantEnd := -1, 0
			for k, a := range tokens {
				if n := len(a.Content); i+n <= len(s) && s[i:i+n] == a.Content && n >= wantEnd-i {
					want, wantEnd = k, i+n
				}
			}
			for _, got := range []*trie{tr, again} {
				k, end := got.longest(s, i)
				if want < 0 {
					if k >= 0 {
						t.Fatalf("round %d: tokens %v, longest(%q, %d) found %q; want none", round, tokens, s, i, got.text(k))
					}
					continue
				}
				w := tokens[want]
				wantFlags := uint32(0)
				for _, x := range []struct {
					on   bool
					flag uint32
				}{{w.SingleWord, flagSingleWord}, {w.LStrip, flagLStrip}, {w.RStrip, flagRStrip}} {
					if x.on {
						wantFlags |= x.flag
					}
				}
				if k < 0 || got.text(k) != w.Content || end != wantEnd || got.flags(k) != wantFlags {
					t.Fatalf("round %d: tokens %v, longest(%q, %d) = %d, %d; want token %d, %d", round, tokens, s, i, k, end, want, wantEnd)
				}
			}
		}
	}
}

// TestReadTrieChecks checks that a trie's bytes that are not one (texts out
// of order or of bounds, ranges of first bytes that do not hold them, cut
// short) are refused
// when they are checked, rather than finding wrong tokens.
func TestReadTrieChecks(t *testing.T) {
	tokens := []addedToken{{Content: "<a>"}, {Content: "<b>"}, {Content: "xyz"}}
	good := newTrie(tokens, func(addedToken) bool { return true }, func(a addedToken) string { return a.Content }).data
	rec := func(b []byte, k, field int) []byte { return b[trieHead+k*trieRecord+4*field:] }
	for name, damage := range map[string]func(b []byte){
		"out of order":      func(b []byte) { binary.LittleEndian.PutUint32(rec(b, 0, 0), 3) },
		"out of bounds":     func(b []byte) { binary.LittleEndian.PutUint32(rec(b, 2, 1), 9) },
		"an empty text":     func(b []byte) { binary.LittleEndian.PutUint32(rec(b, 1, 1), 0) },
		"first-byte ranges": func(b []byte) { b[4] ^= 1 },
		"a range too wide":  func(b []byte) { binary.LittleEndian.PutUint32(b[4+4*'<'+4:], 3) },
		"too many records":  func(b []byte) { binary.LittleEndian.PutUint32(b, 1000) },
	} {
		b := append([]byte(nil), good...)
		damage(b)
		if _, ok := readTrie(b, true); ok {
			t.Errorf("%s: readTrie accepted it", name)
		}
	}
	if _, ok := readTrie(good[:trieHead-1], false); ok {
		t.Error("readTrie accepted bytes shorter than a trie's head")
	}
	if _, ok := readTrie(good, true); !ok {
		t.Error("readTrie refused a trie's own bytes")
	}
}
