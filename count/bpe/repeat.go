package bpe

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Repeat stands for Extra more copies, at byte At of a text, of the
// character that starts there: a long run of one character with its middle
// taken out, which is how a stream holds the run in little memory.
type Repeat struct {
	At    int
	Extra int
}

// Repeatable reports whether a run of r may be held as a Repeat. A run of
// one character that is not a digit has no Cut in it, and every place
// inside it but near its ends is inside one piece, whatever its length; so
// the pieces of the text with the run's middle taken out are those of the
// whole text, less the middle (count's FuzzStreamRuns puts this to the
// test). Digits are not: o200k_base and cl100k_base take them three at a
// time.
func Repeatable(r rune) bool {
	return classOf(r)&cN == 0
}

// CountRepeats returns the number of tokens of text with reps put back, in
// memory that does not grow with the reps' Extra. text must be valid UTF-8
// and reps in order of At, each after and before a copy of its character
// (of Repeatable). A Repeat that falls where a piece ends is an error, as
// the reasoning in Repeatable rules out.
func (e *Encoding) CountRepeats(text []byte, reps []Repeat) (int, error) {
	if len(reps) == 0 {
		return e.CountBytes(text), nil
	}
	if !utf8.Valid(text) {
		return 0, errors.New("bpe: CountRepeats: text is not UTF-8")
	}
	n := 0
	for i := 0; i < len(text); {
		j := e.next(text, i)
		k := 0
		for k < len(reps) && reps[k].At < j {
			k++
		}
		if k == 0 {
			n += e.countPiece(text[i:j])
		} else {
			if reps[0].At <= i {
				return 0, fmt.Errorf("bpe: CountRepeats: %s: repeat at %d falls where a piece starts", e.name, reps[0].At)
			}
			m, err := e.countRepeated(text[i:j], i, reps[:k])
			if err != nil {
				return 0, err
			}
			n += m
			reps = reps[k:]
		}
		i = j
	}
	if len(reps) > 0 {
		return 0, fmt.Errorf("bpe: CountRepeats: repeat at %d is not inside the text", reps[0].At)
	}
	return n, nil
}

// countRepeated counts the piece p, which starts at byte start of its text,
// with reps put back, by countLong's method on the bytes of the whole piece
// made on the fly through s.window.
func (e *Encoding) countRepeated(p []byte, start int, reps []Repeat) (int, error) {
	s := e.startLong()
	defer longPool.Put(s)
	s.filled, s.counted = 0, 0
	ok, from := true, 0
	for _, rp := range reps {
		at := rp.At - start
		r, w := utf8.DecodeRune(p[at:])
		if !Repeatable(r) || rp.Extra < 0 || at < from+w || string(p[at-w:at]) != string(p[at:at+w]) {
			return 0, fmt.Errorf("bpe: CountRepeats: repeat at %d is not inside a run of a character that may repeat", rp.At)
		}
		ok = ok && e.feedLong(s, p[from:at])
		var copies [1 << 10]byte
		per := len(copies) / w
		for k := range per {
			copy(copies[k*w:], p[at:at+w])
		}
		for left := rp.Extra; ok && left > 0; left -= per {
			ok = e.feedLong(s, copies[:min(left, per)*w])
		}
		from = at
	}
	ok = ok && e.feedLong(s, p[from:]) && e.countPrefixes(s, s.window[:s.filled], s.counted+1)
	if !ok {
		return 0, fmt.Errorf("bpe: %s: no token ends a prefix of a repeated piece", e.name)
	}
	return s.count[s.filled%ring], nil
}

// feedLong appends b to the piece in s.window, counting the prefixes that
// end in the window and sliding it on by a multiple of ring when it is full.
func (e *Encoding) feedLong(s *longScratch, b []byte) bool {
	for len(b) > 0 {
		if s.filled == len(s.window) {
			if !e.countPrefixes(s, s.window[:], s.counted+1) {
				return false
			}
			s.filled = copy(s.window[:], s.window[len(s.window)-2*ring:])
			s.counted = s.filled
		}
		k := copy(s.window[s.filled:], b)
		s.filled += k
		b = b[k:]
	}
	return true
}
