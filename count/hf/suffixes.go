package hf

import (
	"sort"
	"unicode/utf8"
)

// Suffixes counts the tokens of the ends of one text, Count(text[at:]) for
// many at, reading the text once: where an added token found in the raw
// text starts, or between two of them, the tokenizer reads what follows as
// it does in the whole text, so only the part of an end before the next
// added token is counted again.
type Suffixes struct {
	t    *Tokenizer
	text string
	// starts[i] is where the text's i-th segment begins (split by the
	// added tokens), token[i] whether it is one, from[i] what the text
	// counts from it on; from[len(starts)] is 0.
	starts []int
	token  []bool
	from   []int
	// direct is true where the segments cannot be trusted: text that is
	// not valid UTF-8, or added tokens whose rules (single_word, lstrip,
	// rstrip) look at the text around them; each end is counted whole.
	direct bool
}

// Suffixes returns the counter of text's ends.
func (t *Tokenizer) Suffixes(text string) *Suffixes {
	s := &Suffixes{t: t, text: text, direct: !utf8.ValidString(text) || t.raw.looksAround() || t.normalized.looksAround()}
	if s.direct {
		return s
	}
	w, _ := t.works.Get().(*work)
	if w == nil {
		w = t.model.newWork()
	}
	defer t.works.Put(w)
	segs := t.raw.split(nil, text, true)
	s.starts, s.token, s.from = make([]int, len(segs)), make([]bool, len(segs)), make([]int, len(segs)+1)
	at := 0
	for i, seg := range segs {
		s.starts[i], s.token[i] = at, seg.token
		at += len(seg.text)
	}
	for i := len(segs) - 1; i >= 0; i-- {
		s.from[i] = s.from[i+1] + t.countSegment(segs[i], w)
	}
	return s
}

// Count returns Count(text[at:]); at is a character boundary.
func (s *Suffixes) Count(at int) int {
	if s.direct || at >= len(s.text) {
		return s.t.Count(s.text[min(at, len(s.text)):])
	}
	i := sort.SearchInts(s.starts, at+1) - 1 // the segment at is in
	switch {
	case s.token[i] && s.starts[i] == at:
		return s.from[i]
	case s.token[i]: // inside an added token: its end is text
		return s.t.Count(s.text[at:])
	}
	end := len(s.text)
	if i+1 < len(s.starts) {
		end = s.starts[i+1]
	}
	return s.t.Count(s.text[at:end]) + s.from[i+1]
}
