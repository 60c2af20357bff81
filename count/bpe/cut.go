package bpe

import "unicode/utf8"

// Cut returns the first i ≥ from, with 0 < i < len(b), at which b can be
// cut so that the pieces of b[:i] followed by the pieces of b[i:] are the
// pieces of b, whatever text follows b; or 0 if there is none. b must start
// where a piece starts (the start of a text, or a place Cut returned) and be
// valid UTF-8, but may end inside a character.
//
// Pieces after a cut are always the pieces of the text from there on: no
// pattern looks behind. So a place is a cut when the piece before it ends
// there for a reason that looks no further than the character after it:
//
//   - after a letter, before a character that is not a letter, a mark or an
//     apostrophe: a run of letters ends there, with no contraction;
//   - after a digit, before a character that is not one: a number ends;
//   - after a character that is not white space, before white space that
//     is not a line end: no piece goes on from the one into the other
//     (only punctuation takes white space after it, and only line ends);
//   - after punctuation (not white space, a letter or a digit), before a
//     digit: punctuation does not take it, and a number takes no lead;
//   - after a line end, before a character that is neither white space nor
//     "/": in o200k_base and cl100k_base a piece that holds a line end ends
//     with its run of line ends (o200k's punctuation, with slashes too).
//     GPT-2's pattern (p50k_base, r50k_base) instead leaves the last
//     character of a run of white space to the next piece unless the run
//     ends the text, so there the line end must also follow a character
//     that is not white space, and be a piece alone.
//
// Whatever comes next starts a piece, which may take that character as its
// lead. Text with spaces, line ends or punctuation has cuts every few
// characters, in any script. A run of one kind has none: letters only,
// symbols only (emoji without spaces), white space only, or digits only.
// Such a run is streamed a piece at a time instead, with Settled, Piece
// and Shorten (stretch.go).
func (e *Encoding) Cut(b []byte, from int) int {
	i := max(from, 1)
	for i < len(b) && !utf8.RuneStart(b[i]) {
		i++
	}
	if i >= len(b) {
		return 0
	}
	// The classes of the two characters before b[i]; 0 when there is none,
	// which in GPT-2's rule is as good as a character that is not space.
	r, w := utf8.DecodeLastRune(b[:i])
	prev, prev2 := classOf(r), byte(0)
	if i > w {
		r2, _ := utf8.DecodeLastRune(b[:i-w])
		prev2 = classOf(r2)
	}
	for i < len(b) {
		c, w := asciiClass[b[i]&0x7f], 1
		if b[i] >= utf8.RuneSelf {
			if !utf8.FullRune(b[i:]) {
				return 0 // b ends inside the character that decides
			}
			c, w = classAtRune(b, i)
		}
		switch {
		case prev&cL != 0 && c&(cL|cUpper|cLower) == 0 && b[i] != '\'':
			return i
		case prev&cN != 0 && c&cN == 0:
			return i
		case prev&cSpace == 0 && c&(cSpace|cCRLF) == cSpace:
			return i
		case prev&(cSpace|cL|cN) == 0 && c&cN != 0:
			return i
		case b[i-1] == '\n' && c&cSpace == 0 && b[i] != '/' && (e.breaks || prev2&cSpace == 0):
			return i
		}
		prev2, prev = prev, c
		i += w
	}
	return 0
}
