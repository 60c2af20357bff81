package hf

import (
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
// with leftmost-longest matching does.
type trie struct {
	nodes []trieNode
	first [256]bool // the first bytes of the tokens
}

type trieNode struct {
	next  map[byte]int32
	token int32 // index into the tokens, or -1
}

func newTrie(tokens []addedToken, keep func(addedToken) bool, content func(addedToken) string) *trie {
	t := &trie{nodes: []trieNode{{token: -1}}}
	for i, tok := range tokens {
		if !keep(tok) {
			continue
		}
		s := content(tok)
		if s == "" {
			continue
		}
		t.first[s[0]] = true
		n := int32(0)
		for j := 0; j < len(s); j++ {
			next, ok := t.nodes[n].next[s[j]]
			if !ok {
				if t.nodes[n].next == nil {
					t.nodes[n].next = map[byte]int32{}
				}
				next = int32(len(t.nodes))
				t.nodes[n].next[s[j]] = next
				t.nodes = append(t.nodes, trieNode{token: -1})
			}
			n = next
		}
		t.nodes[n].token = int32(i)
	}
	return t
}

func (t *trie) empty() bool { return len(t.nodes) == 1 }

// longest returns the longest token starting at s[i] and its end, or -1.
func (t *trie) longest(s string, i int) (token, end int) {
	token, n := -1, int32(0)
	for j := i; j < len(s); j++ {
		next, ok := t.nodes[n].next[s[j]]
		if !ok {
			break
		}
		n = next
		if tok := t.nodes[n].token; tok >= 0 {
			token, end = int(tok), j+1
		}
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
