package hf

import (
	"encoding/binary"
	"sort"
	"unicode"
	"unicode/utf8"
)

// addedToken is an entry of tokenizer.json's "added_tokens".
type addedToken struct {
	ID         int    `json:"id"`
	Content    string `json:"content"`
	SingleWord bool   `json:"single_word"`
	LStrip     bool   `json:"lstrip"`
	RStrip     bool   `json:"rstrip"`
	Normalized bool   `json:"normalized"`
	Special    bool   `json:"special"`
}

// trie finds added tokens in text as tokenizers' Aho-Corasick automaton
// with leftmost-longest matching does. It is a sorted array of the tokens'
// texts rather than a tree of nodes: nothing to build but the sort, which a
// compiled tokenizer has already done (sortedTokens), and the tokens that
// start with a text are a range of it.
type trie struct {
	keys  []string // the texts, sorted, each once
	toks  []int32  // the index among the added tokens of each text
	first [256]bool
}

// newTrie returns the trie of the tokens that keep accepts, keyed by
// content. order, when not nil, lists every token's index in the order of
// their contents (sortedTokens), which spares sorting them.
func newTrie(tokens []addedToken, order []int32, keep func(addedToken) bool, content func(addedToken) string) *trie {
	keys := make(map[int32]string)
	if order == nil {
		// Sort only the tokens kept, each content made once: the
		// normalized trie of most models holds none of them.
		var kept []int32
		for i, tok := range tokens {
			if keep(tok) {
				kept = append(kept, int32(i))
				keys[int32(i)] = content(tok)
			}
		}
		sort.SliceStable(kept, func(a, b int) bool { return keys[kept[a]] < keys[kept[b]] })
		order = kept
	}
	t := &trie{keys: make([]string, 0, len(order)), toks: make([]int32, 0, len(order))}
	for _, i := range order {
		tok := tokens[i]
		if !keep(tok) {
			continue
		}
		k, ok := keys[i]
		if !ok {
			k = content(tok)
		}
		if k == "" {
			continue
		}
		if n := len(t.keys); n > 0 && t.keys[n-1] == k {
			t.toks[n-1] = max(t.toks[n-1], i) // the last token of a text is the one found
			continue
		}
		t.keys = append(t.keys, k)
		t.toks = append(t.toks, i)
		t.first[k[0]] = true
	}
	return t
}

// sortedTokens returns the indexes of tokens in the order of content.
func sortedTokens(tokens []addedToken, content func(addedToken) string) []int32 {
	order := make([]int32, len(tokens))
	keys := make([]string, len(tokens))
	for i := range order {
		order[i], keys[i] = int32(i), content(tokens[i])
	}
	sort.SliceStable(order, func(a, b int) bool { return keys[order[a]] < keys[order[b]] })
	return order
}

func (t *trie) empty() bool { return len(t.keys) == 0 }

// longest returns the longest token starting at s[i] and its end, or -1.
func (t *trie) longest(s string, i int) (token, end int) {
	token = -1
	lo, hi := 0, len(t.keys)
	// keys[lo:hi] are the texts that start with s[i:i+d]; the one equal
	// to it, if any, comes first.
	for d := 0; lo < hi; d++ {
		if len(t.keys[lo]) == d {
			token, end = int(t.toks[lo]), i+d
		}
		if i+d >= len(s) {
			break
		}
		c := s[i+d]
		keys := t.keys[lo:hi]
		a := sort.Search(len(keys), func(k int) bool { return len(keys[k]) > d && keys[k][d] >= c })
		b := a + sort.Search(len(keys)-a, func(k int) bool { return keys[a+k][d] > c })
		lo, hi = lo+a, lo+b
	}
	return token, end
}

// segment is a stretch of text, or an added token found in it.
type segment struct {
	text  string
	token bool
	start bool // the stretch begins the text given to Count
}

// split cuts s at the added tokens that t finds, with their lstrip, rstrip
// and single_word rules, appending to dst.
func (t *trie) split(dst []segment, s string, atStart bool, tokens []addedToken) []segment {
	if t.empty() || s == "" {
		return append(dst, segment{text: s, start: atStart})
	}
	from := 0 // start of the text not yet appended
	for i := 0; i < len(s); {
		if !t.first[s[i]] {
			i++
			continue
		}
		tok, end := t.longest(s, i)
		if tok < 0 {
			i++
			continue
		}
		added, start, stop := tokens[tok], i, end
		if added.SingleWord && (start > 0 && wordBefore(s[:start]) || stop < len(s) && wordAfter(s[stop:])) {
			i = end
			continue
		}
		if added.LStrip {
			j := start
			for j > from {
				r, w := utf8.DecodeLastRuneInString(s[:j])
				if !isWhitespace(r) {
					break
				}
				j -= w
			}
			start = j
		}
		if added.RStrip {
			for stop < len(s) {
				r, w := utf8.DecodeRuneInString(s[stop:])
				if !isWhitespace(r) {
					break
				}
				stop += w
			}
		}
		if from < start {
			dst = append(dst, segment{text: s[from:start], start: atStart && from == 0})
		}
		dst = append(dst, segment{text: s[start:stop], token: true})
		from, i = stop, stop
	}
	if from < len(s) {
		dst = append(dst, segment{text: s[from:], start: atStart && from == 0})
	}
	return dst
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_' }

func wordBefore(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return isWordRune(r)
}

func wordAfter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isWordRune(r)
}

// Added tokens in a compiled tokenizer: for each, its id (uint32), its
// flags (a byte) and its content (length as a uint32, then the bytes).
const (
	flagSingleWord = 1 << iota
	flagLStrip
	flagRStrip
	flagNormalized
	flagSpecial
)

func appendAdded(b []byte, tokens []addedToken) []byte {
	for _, a := range tokens {
		var f byte
		for _, x := range []struct {
			on  bool
			bit byte
		}{{a.SingleWord, flagSingleWord}, {a.LStrip, flagLStrip}, {a.RStrip, flagRStrip}, {a.Normalized, flagNormalized}, {a.Special, flagSpecial}} {
			if x.on {
				f |= x.bit
			}
		}
		b = binary.LittleEndian.AppendUint32(b, uint32(a.ID))
		b = append(b, f)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(a.Content)))
		b = append(b, a.Content...)
	}
	return b
}

// readAdded reads what appendAdded wrote; the contents are b's bytes, not
// copies.
func readAdded(b []byte) ([]addedToken, bool) {
	n := 0 // the tokens, counted first: Gemma 3's 6,415, appended one by one, were copied over and over
	for rest := b; len(rest) >= 9; n++ {
		rest = rest[min(9+int(binary.LittleEndian.Uint32(rest[5:])), len(rest)):]
	}
	out := make([]addedToken, 0, n)
	for len(b) > 0 {
		if len(b) < 9 {
			return nil, false
		}
		id, f, n := binary.LittleEndian.Uint32(b), b[4], int(binary.LittleEndian.Uint32(b[5:]))
		if n > len(b)-9 {
			return nil, false
		}
		out = append(out, addedToken{ID: int(id), Content: unsafeString(b[9 : 9+n]), SingleWord: f&flagSingleWord != 0,
			LStrip: f&flagLStrip != 0, RStrip: f&flagRStrip != 0, Normalized: f&flagNormalized != 0, Special: f&flagSpecial != 0})
		b = b[9+n:]
	}
	return out, true
}

// readOrder reads the order of sortedTokens, written as a uint32 each,
// and checks it: every token once, in the order of their contents.
func readOrder(b []byte, tokens []addedToken) ([]int32, bool) {
	if len(b) != 4*len(tokens) {
		return nil, false
	}
	order := make([]int32, len(tokens))
	seen := make([]bool, len(tokens))
	for k := range order {
		i := binary.LittleEndian.Uint32(b[4*k:])
		if int(i) >= len(tokens) || seen[i] || k > 0 && tokens[i].Content < tokens[order[k-1]].Content {
			return nil, false
		}
		order[k], seen[i] = int32(i), true
	}
	return order, true
}
