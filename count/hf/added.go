package hf

import (
	"encoding/binary"
	"iter"
	"sort"
	"unicode"
	"unicode/utf8"
)

// addedToken is what counting reads of an entry of tokenizer.json's
// "added_tokens": a found token counts one whatever its id, special or
// not.
type addedToken struct {
	Content    string `json:"content"`
	SingleWord bool   `json:"single_word"`
	LStrip     bool   `json:"lstrip"`
	RStrip     bool   `json:"rstrip"`
	Normalized bool   `json:"normalized"`
}

// trie finds added tokens in text as tokenizers' Aho-Corasick automaton
// with leftmost-longest matching does. It is a sorted table of the tokens'
// texts rather than a tree of nodes, the tokens that start with a text
// being a range of it, and it is kept in the bytes a compiled tokenizer
// maps, so that a load builds nothing (Gemma 3 has 6,415 added tokens):
//
//	texts (u32) | for each byte b and one more, the first text that
//	starts with b or later (u32 each) | for each text, sorted: its offset
//	and length in the texts' bytes and the flags of its token (u32 each) |
//	the texts' bytes
type trie struct {
	n     int
	from  []byte // 257 u32: the texts that start with b are from[b] to from[b+1]
	recs  []byte // trieRecord bytes a text
	texts string
	data  []byte // all of it, as readTrie was given it
}

const (
	trieHead   = 4 + 257*4
	trieRecord = 12
)

// The flags of an added token that matter once it is found.
const (
	flagSingleWord = 1 << iota
	flagLStrip
	flagRStrip
)

// newTrie returns the trie of the tokens that keep accepts, keyed by
// content; of tokens with the same text, the last is the one found.
func newTrie(tokens []addedToken, keep func(addedToken) bool, content func(addedToken) string) *trie {
	type entry struct {
		text  string
		flags uint32
	}
	var kept []entry
	for _, tok := range tokens {
		if !keep(tok) {
			continue
		}
		e := entry{text: content(tok)}
		for _, x := range []struct {
			on   bool
			flag uint32
		}{{tok.SingleWord, flagSingleWord}, {tok.LStrip, flagLStrip}, {tok.RStrip, flagRStrip}} {
			if x.on {
				e.flags |= x.flag
			}
		}
		if e.text != "" {
			kept = append(kept, e)
		}
	}
	sort.SliceStable(kept, func(a, b int) bool { return kept[a].text < kept[b].text })
	var uniq []entry
	for _, e := range kept {
		if n := len(uniq); n > 0 && uniq[n-1].text == e.text {
			uniq[n-1] = e
			continue
		}
		uniq = append(uniq, e)
	}
	b := binary.LittleEndian.AppendUint32(nil, uint32(len(uniq)))
	k := 0
	for c := range 257 {
		for k < len(uniq) && int(uniq[k].text[0]) < c {
			k++
		}
		b = binary.LittleEndian.AppendUint32(b, uint32(k))
	}
	off := 0
	for _, e := range uniq {
		b = binary.LittleEndian.AppendUint32(b, uint32(off))
		b = binary.LittleEndian.AppendUint32(b, uint32(len(e.text)))
		b = binary.LittleEndian.AppendUint32(b, e.flags)
		off += len(e.text)
	}
	for _, e := range uniq {
		b = append(b, e.text...)
	}
	t, _ := readTrie(b, false)
	return t
}

// readTrie reads a trie in its bytes, which it keeps; with check, it
// makes sure that they are one: what no compiled tokenizer checked whole
// before may hold.
func readTrie(b []byte, check bool) (*trie, bool) {
	if len(b) < trieHead {
		return nil, false
	}
	n := int(binary.LittleEndian.Uint32(b))
	if n > (len(b)-trieHead)/trieRecord {
		return nil, false
	}
	t := &trie{n: n, data: b, from: b[4:trieHead], recs: b[trieHead : trieHead+n*trieRecord], texts: unsafeString(b[trieHead+n*trieRecord:])}
	if check {
		for k := range n {
			r := t.recs[k*trieRecord:]
			off, size := int64(binary.LittleEndian.Uint32(r)), int64(binary.LittleEndian.Uint32(r[4:]))
			if size == 0 || off+size > int64(len(t.texts)) || k > 0 && t.text(k-1) >= t.text(k) {
				return nil, false
			}
		}
		for c := range 256 {
			lo, hi := t.startingWith(byte(c))
			if lo > hi || hi > n || c == 0 && lo != 0 || c == 255 && hi != n ||
				lo < hi && (t.text(lo)[0] != byte(c) || t.text(hi - 1)[0] != byte(c)) {
				return nil, false
			}
		}
	}
	return t, true
}

func (t *trie) text(k int) string {
	r := t.recs[k*trieRecord:]
	off := binary.LittleEndian.Uint32(r)
	return t.texts[off : off+binary.LittleEndian.Uint32(r[4:])]
}

func (t *trie) flags(k int) uint32 { return binary.LittleEndian.Uint32(t.recs[k*trieRecord+8:]) }

func (t *trie) empty() bool { return t.n == 0 }

// looksAround reports whether a token of t has a rule that looks at the
// text around it (single_word, lstrip, rstrip).
func (t *trie) looksAround() bool {
	for k := range t.n {
		if t.flags(k) != 0 {
			return true
		}
	}
	return false
}

// startingWith returns the range of the texts that start with c.
func (t *trie) startingWith(c byte) (lo, hi int) {
	return int(binary.LittleEndian.Uint32(t.from[4*int(c):])), int(binary.LittleEndian.Uint32(t.from[4*int(c)+4:]))
}

// longest returns the longest text starting at s[i], as the index of its
// entry, and its end; or -1.
func (t *trie) longest(s string, i int) (entry, end int) {
	entry = -1
	lo, hi := t.startingWith(s[i])
	// The texts of entries lo to hi start with s[i:i+d]; the one equal
	// to it, if any, comes first.
	for d := 1; lo < hi; d++ {
		if len(t.text(lo)) == d {
			entry, end = lo, i+d
		}
		if i+d >= len(s) {
			break
		}
		c := s[i+d]
		a := lo + sort.Search(hi-lo, func(k int) bool { x := t.text(lo + k); return len(x) > d && x[d] >= c })
		b := a + sort.Search(hi-a, func(k int) bool { return t.text(a + k)[d] > c })
		lo, hi = a, b
	}
	return entry, end
}

// segment is a stretch of text, or an added token found in it.
type segment struct {
	text  string
	token bool
	start bool // the stretch begins the text given to Count
}

// split cuts s at the added tokens that t finds, with their lstrip, rstrip
// and single_word rules, appending to dst.
func (t *trie) split(dst []segment, s string, atStart bool) []segment {
	for seg := range t.segments(s, atStart) {
		dst = append(dst, seg)
	}
	return dst
}

// segments yields what split appends, one at a time: a count of a long
// text with many added tokens in it (Gemma 3's runs of spaces and
// newlines) holds no list of them.
func (t *trie) segments(s string, atStart bool) iter.Seq[segment] {
	return func(yield func(segment) bool) {
		if t.empty() || s == "" {
			yield(segment{text: s, start: atStart})
			return
		}
		from := 0 // start of the text not yet yielded
		for i := 0; i < len(s); {
			if lo, hi := t.startingWith(s[i]); lo == hi {
				i++
				continue
			}
			k, end := t.longest(s, i)
			if k < 0 {
				i++
				continue
			}
			flags, start, stop := t.flags(k), i, end
			if flags&flagSingleWord != 0 && (start > 0 && wordBefore(s[:start]) || stop < len(s) && wordAfter(s[stop:])) {
				i = end
				continue
			}
			if flags&flagLStrip != 0 {
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
			if flags&flagRStrip != 0 {
				for stop < len(s) {
					r, w := utf8.DecodeRuneInString(s[stop:])
					if !isWhitespace(r) {
						break
					}
					stop += w
				}
			}
			if from < start && !yield(segment{text: s[from:start], start: atStart && from == 0}) {
				return
			}
			if !yield(segment{text: s[start:stop], token: true}) {
				return
			}
			from, i = stop, stop
		}
		if from < len(s) {
			yield(segment{text: s[from:], start: atStart && from == 0})
		}
	}
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
