package bpe

import (
	"fmt"
	"slices"
	"unicode/utf8"
)

// Where the tokens of a long piece start, without mergeLarge's scratch of
// 28 bytes a byte.
//
// countPrefixes finds the last token of every prefix of a piece in turn
// (long.go). The tokens of BPE(p) are its last token t, then those of
// BPE(p without t's bytes), and so on back to the start: so the length of
// each prefix's last token, remembered, gives every token start by walking
// back from the end. A Piece remembers them only from where its caller
// wants token starts (KeepStarts), so a text's last tokens can be found
// in memory that grows with that part alone. Each remembered length
// carries a bit saying whether the token starts a character, as the
// prefixes' counts of such tokens (longScratch.cuts) do: those are the
// places trim may cut a text (its CutPoints).

// startsRune marks a last token's length whose token starts a character.
const startsRune = 1 << 8

// recordPrefixes is countPrefixes over p from from on, a ring at a time,
// appending to lasts the length of the last token of each prefix p[:i]
// with i ≥ first, marked with startsRune when that token starts a
// character.
func (e *Encoding) recordPrefixes(s *longScratch, p []byte, from, first int, lasts []uint16) ([]uint16, bool) {
	for i := from; i <= len(p); {
		k := min(i+ring-1, len(p))
		if !e.countPrefixes(s, p[:k], i) {
			return lasts, false
		}
		for ; i <= k; i++ {
			if i >= first {
				n := int(s.size[i%ring])
				last := uint16(n)
				if utf8.RuneStart(p[i-n]) {
					last |= startsRune
				}
				lasts = append(lasts, last)
			}
		}
	}
	return lasts, true
}

// walkBack returns where the tokens of BPE(p[:end]) that start at or after
// from (≥ 1 is where lasts begins) start, in order; only those that start
// a character when runes is set. lasts[i-first] is the last token of
// p[:i] for i ≥ first = max(from, 1).
func walkBack(lasts []uint16, from, end int, runes bool) []int {
	first := max(from, 1)
	var starts []int
	for i := end; i >= first; {
		last := lasts[i-first]
		j := i - int(last&0xff)
		if j < from {
			break
		}
		if !runes || last&startsRune != 0 {
			starts = append(starts, j)
		}
		i = j
	}
	slices.Reverse(starts)
	return starts
}

// startsLong appends where the tokens of the long piece p start to starts,
// offset by at; it reports false if countPrefixes found no token to end a
// prefix with, as countLong does.
func (e *Encoding) startsLong(p []byte, at int, starts []int) ([]int, bool) {
	s := e.startLong()
	defer longPool.Put(s)
	lasts, ok := e.recordPrefixes(s, p, 1, 1, make([]uint16, 0, len(p)))
	if !ok {
		return starts, false
	}
	for _, j := range walkBack(lasts, 0, len(p), false) {
		starts = append(starts, at+j)
	}
	return starts, true
}

// KeepStarts makes p remember where its tokens start from byte from of the
// piece on (CutsSoFar), in two bytes for each byte from there. It must be
// called before the first Write.
func (p *Piece) KeepStarts(from int) {
	p.keep, p.from = true, max(from, 0)
}

// KeepStartsBefore makes p remember where its tokens start before byte to
// of the piece (CutsSoFar), in two bytes for each byte up to a token past
// to and a ring of the walks' entries (recordBefore): all that the bytes
// after to bear on those starts is where the walk back from the end
// enters them. It must be called before the first Write.
func (p *Piece) KeepStartsBefore(to int) {
	p.keep, p.from, p.to = true, 0, max(to, 0)
	p.entries = make([]int, ring)
}

// CutsSoFar returns how many tokens of the bytes written so far, as a
// piece, start a character, and where those that start at or after the
// byte KeepStarts named start, or before the byte KeepStartsBefore named
// (none without either); more may be written after.
func (p *Piece) CutsSoFar() (n int, starts []int, err error) {
	s := p.s
	if p.ok = p.ok && p.countTo(s.filled); !p.ok {
		return 0, nil, fmt.Errorf("bpe: %s: no token ends a prefix of a long piece", p.e.name)
	}
	s.counted = s.filled
	if p.keep {
		end := p.base + s.filled
		if p.entries != nil && end >= p.to {
			end = p.entries[end%ring]
		}
		starts = walkBack(p.lasts, p.from, end, true)
	}
	return s.cuts[s.filled%ring], starts, nil
}

// countTo counts the prefixes of the window up to end, remembering their
// last tokens from where KeepStarts asked, or up to where
// KeepStartsBefore asked.
func (p *Piece) countTo(end int) bool {
	s := p.s
	first := max(p.from, 1) - p.base // in the window
	switch {
	case !p.keep || end < first:
		return p.e.countPrefixes(s, s.window[:end], s.counted+1)
	case p.entries != nil:
		return p.recordBefore(end)
	}
	var ok bool
	p.lasts, ok = p.e.recordPrefixes(s, s.window[:end], s.counted+1, first, p.lasts)
	return ok
}

// recordBefore is recordPrefixes for KeepStartsBefore, over the window up to
// end: it remembers the last token of each prefix p[:i] with i < to+maxLen,
// and for each with i ≥ to the entry of the walk back from i: the last
// place at or past to it steps on. A walk steps at most maxLen at a time,
// so the entry is before to+maxLen, and the walk's starts before to are
// those of BPE(p[:entry]).
func (p *Piece) recordBefore(end int) bool {
	s, e := p.s, p.e
	window := s.window[:end]
	for i := s.counted + 1; i <= end; {
		k := min(i+ring-1, end)
		if !e.countPrefixes(s, window[:k], i) {
			return false
		}
		for ; i <= k; i++ {
			at, n := p.base+i, int(s.size[i%ring])
			if at < p.to+e.maxLen {
				last := uint16(n)
				if utf8.RuneStart(window[i-n]) {
					last |= startsRune
				}
				p.lasts = append(p.lasts, last)
			}
			if at >= p.to {
				entry := at
				if j := at - n; j >= p.to {
					entry = p.entries[j%ring]
				}
				p.entries[at%ring] = entry
			}
		}
	}
	return true
}
