package hf

import (
	"slices"
	"unicode/utf8"
	"unsafe"
)

// TokenStarts returns the byte offsets in text at which the tokens of
// encode(text, add_special_tokens=False) start, in increasing order, each
// once: the places a text can be cut so that what is kept starts (or
// ends) on a token boundary of the whole text. A token that starts inside
// a character (byte fallback, byte-level tokens) gives an offset that is
// not a character boundary, as the tokenizer's own offsets are not.
//
// Where the normalizer rewrites the text, a token's start is given only
// when it falls where the normalized text can be cut without changing the
// normalization of either side (between characters that NFC leaves apart,
// for instance; only at the ends of a stretch that a regular expression
// rewrites); text that is not valid UTF-8 gives 0 alone.
func (t *Tokenizer) TokenStarts(text string) []int {
	if !utf8.ValidString(text) {
		return []int{0}
	}
	// A token starts at most once: counted first, a long text's starts
	// take their number of ints, not up to twice that and the copies
	// that growing makes.
	return slices.Compact(t.tokenStarts(make([]int, 0, t.Count(text)), text))
}

// tokenStarts appends to starts where each token of text starts, one
// offset per token, as tokenizers' offsets give them; text is valid UTF-8.
// A token of a stretch the normalizer rewrote that does not start where
// the stretch can be cut (TokenStarts) gives no offset.
func (t *Tokenizer) tokenStarts(starts []int, text string) []int {
	w, _ := t.works.Get().(*work)
	if w == nil {
		w = t.model.newWork()
	}
	defer t.works.Put(w)
	var inNormalized []int
	at := 0 // where seg starts in text
	for seg := range t.raw.segments(text, true) {
		if seg.token {
			starts = append(starts, at)
			at += len(seg.text)
			continue
		}
		if t.normalizer == nil { // the offsets in s are those in text, from at
			starts = t.partStarts(starts, seg.text, at, seg.start, w)
			at += len(seg.text)
			continue
		}
		s, cuts := t.aligned(seg.text)
		inNormalized = t.partStarts(inNormalized[:0], s, 0, seg.start, w)
		starts = appendOriginal(starts, inNormalized, cuts, at)
		at += len(seg.text)
	}
	return starts
}

// partStarts appends to dst, offset by base, where the tokens of s, a
// stretch of normalized text between raw added tokens, start: its added
// tokens found in normalized text, and its words' tokens.
func (t *Tokenizer) partStarts(dst []int, s string, base int, atStart bool, w *work) []int {
	from := 0 // where part starts in s
	for part := range t.normalized.segments(s, atStart) {
		if part.token {
			dst = append(dst, base+from)
		} else {
			dst = t.wordStarts(dst, part.text, base+from, part.start, w)
		}
		from += len(part.text)
	}
	return dst
}

// appendOriginal appends to dst, offset by at, the offsets in the original
// text of the normalized offsets qs (increasing) that cuts maps back: each
// the last original offset paired with it (after what the normalizer
// deleted, as tokenizers' alignments put it). The others are left out.
func appendOriginal(dst, qs []int, cuts []cut, at int) []int {
	k := 0
	for _, q := range qs {
		for k < len(cuts) && cuts[k].normalized < q {
			k++
		}
		last := -1
		for j := k; j < len(cuts) && cuts[j].normalized == q; j++ {
			last = cuts[j].original
		}
		if last >= 0 {
			dst = append(dst, at+last)
		}
	}
	return dst
}

// wordStarts appends to dst, offset by base, where the tokens of s start:
// s pre-tokenized into words as countWords cuts it, each word merged.
// A word the pre-tokenizer rewrote (a prefix space added, spaces replaced)
// is not part of s, and its tokens are left out.
func (t *Tokenizer) wordStarts(dst []int, s string, base int, atStart bool, w *work) []int {
	switch {
	case s == "":
		return dst
	case t.pieceEnd != nil:
		b := unsafeBytes(s)
		for i := 0; i < len(b); {
			j := t.pieceEnd(b, i)
			dst = t.model.tokenStarts(dst, s[i:j], base+i, w)
			i = j
		}
		return dst
	case t.preTokenizer == nil:
		return t.model.tokenStarts(dst, s, base, w)
	}
	for _, word := range t.preTokenizer([]string{s}, atStart) {
		if off, ok := offsetIn(s, word); ok {
			dst = t.model.tokenStarts(dst, word, base+off, w)
		}
	}
	return dst
}

// offsetIn returns where word, a substring of s sharing its memory, starts
// in s; ok is false when word is empty or was made anew.
func offsetIn(s, word string) (int, bool) {
	if word == "" || s == "" {
		return 0, false
	}
	off := int(uintptr(unsafe.Pointer(unsafe.StringData(word))) - uintptr(unsafe.Pointer(unsafe.StringData(s))))
	return off, off >= 0 && off <= len(s)-len(word)
}

// tokenStarts appends to dst, offset by base, where the tokens of word
// start: what countWord counts, with the merges made in a heap
// (mergeLarge, which merges as mergeSmall does) so that the symbols left
// are known.
func (m *bpeModel) tokenStarts(dst []int, word string, base int, w *work) []int {
	if word == "" {
		return dst
	}
	if id, ok := m.vocab.find(word); ok && (m.ignoreMerges || id&selfMerged != 0) {
		return append(dst, base)
	}
	if w.at == nil {
		w.at = make([]int32, 0, 64) // not nil: symbolsAt fills it
	}
	var at []int32
	w.ids, at = m.symbolsAt(w.ids[:0], w.at[:0], word)
	w.at = at
	if len(w.ids) > 1 {
		m.mergeLarge(w.ids, w)
	}
	for i, id := range w.ids {
		if id >= 0 {
			dst = append(dst, base+int(at[i]))
		}
	}
	return dst
}
