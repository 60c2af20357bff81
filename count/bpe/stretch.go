package bpe

import (
	"fmt"
	"unicode/utf8"
)

// Counting a stretch of text with no Cut in it, in memory that does not
// grow with the stretch.
//
// Stream (count/stream.go) rests on four promises made here, argued below
// (the fourth in long.go) and checked in every encoding by FuzzStretch and
// TestPieceLong:
//
//  1. Settled: the pieces of b up to settled are pieces of every text b
//     begins, whatever follows.
//  2. The first piece of b is, in every text b begins, at least as long as
//     in b, but for the last character of white space that goes on to the
//     end of b; so all but its last few bytes can be counted before the
//     rest is read.
//  3. Shorten: its result followed by after and any text has the pieces of
//     b followed by them, but for the characters taken out.
//  4. Piece counts a piece given its bytes in order as countLong counts it
//     whole, keeping only a window (why that is exact: long.go).
//
// A stretch with no cut is a run of one kind (letters, digits, symbols,
// white space), and its pieces are either short (digits go three at a
// time; o200k_base splits aBaB at each capital) or one piece as long as
// the stretch (ababab in every encoding). Settled finds the pieces at the
// start of what has been read so far that no text read later can change,
// so that they can be counted and let go; Piece counts a piece given its
// bytes in order, as long as it may be; and Shorten makes a short stand-in
// for the part of a piece already given to a Piece, from which the
// pre-tokenizer still finds where the piece ends.
//
// Why Settled is right. The pieces from a piece start on are those of the
// text from there on: no pattern looks behind. So the first pieces of a
// text b are pieces of every text b begins when the pre-tokenizer, finding
// each of them, read only bytes of b and never met its end. Going
// alternative by alternative through split.go, the scan for a piece that
// ends at j reads at most the character after j and, for a contraction or
// \s+(?!\S), two characters or three bytes more: it ends before j+8. Two
// scans read further, across the whole run they are in, and then end
// their piece short of that run's end:
//
//   - \s*[\r\n]+ ends a piece of white space after its last line end, so
//     a line end followed by white space may move on to a later line end;
//   - o200k_base's [Upper]*[Lower]+ takes a run of capitals and letters of
//     both cases (Lm, Lo, marks) and, with no lower case letter after it,
//     gives back the capitals after the last letter of both cases.
//
// In both the rest of the run, or all but its last character, is the next
// piece, so the scan ends before the next piece's end plus 8. Settled
// takes as settled each piece end j that is not one of these two kinds
// (a line end before white space; a letter of both cases before a capital)
// with j+settleMargin within b: every piece up to j, including one of the
// two kinds just before the piece that ends at j, was found from b's own
// bytes. FuzzStretch puts this to the test in every encoding.
//
// Why Piece gets the right bytes. The first piece of b is, in any text b
// begins, at least as long as it is in b, but that white space that goes
// on to the end of b may give its last character to the next piece: every
// alternative is greedy, one that fails for want of text in b only leaves
// the piece to a shorter one, the two scans above end their piece at the
// last place their run offers so far, and \s+(?!\S) gives back one
// character only. So all of it but its last few bytes can be given to a
// Piece before what follows is read.
//
// Why the stand-in is right. Inside a run each scan is in a loop over one
// set of characters (letters, digits, symbols, white space, or o200k's
// capitals then lower case), and what it remembers (where the last letter
// of both cases was, where the last space was) is made again by a later
// character of the same kind. So a character whose neighbours are of its
// kind can be taken out: one of the kind is left, and what the scan
// remembers is made again after it. So can a few characters whose kinds
// repeat, in order, those just before them, with one of the first one's
// kind after them (o200k's a中a中… and a◌́a◌́…; line ends and slashes
// after punctuation): the scan sees the same kinds in the same order, one
// round fewer, and the next round makes again what it remembers. Kinds
// are the character classes the pattern tells apart. For o200k_base lower
// case is one kind, and capitals and letters of both cases are another:
// its loop over capitals takes both, and where the last letter of both
// cases was matters only when no lower case follows the loop; the piece
// then ends there, which is in the bytes held back, since the piece goes
// on past those given to the Piece. After the piece's first lower case
// letter, which ends that loop, the piece is in its loop over lower case,
// which takes letters of both cases and marks too and remembers nothing;
// and as the piece goes on, all that follows is in it, so from there on
// they are all one kind. For the others letters are one kind.
// White space is one kind, line ends with it: a piece of white space has
// no line end or ends with its last one, which is in the bytes held back,
// and it only grows; so where its last line end is never hangs on a
// character taken out. A line end is in a piece of white space or in the
// tail of one of punctuation, [\r\n]* (o200k_base: [\r\n/]*), a loop that
// remembers nothing; so after a piece's first line end, line ends and
// slashes are one kind (a piece of white space has no slash). A piece of
// punctuation, which starts with two symbols or a space and a symbol, is
// then in its loop over all that is not white space, a letter or a digit,
// which remembers nothing: so in it symbols and marks (which o200k_base's
// letters take, with a symbol to lead them) are one kind. The first few
// characters, where a lead character or contraction is matched, are kept
// as they are. FuzzStretch checks the stand-in with what follows it
// against the whole text.

// settleMargin is how far past a piece's end, and past the end of the piece
// after it, the pre-tokenizer may look to end the piece; 8 is enough (see
// above), and the rest is a margin.
const settleMargin = 16

// Settled returns the end of the first pieces of b that are pieces of every
// text b begins, or 0 if there is no such piece; and where the last piece
// of b starts. b must start where a piece starts and end where a character
// ends; it should be valid UTF-8 (a byte that is not is taken as U+FFFD).
func (e *Encoding) Settled(b []byte) (settled, last int) {
	for i := 0; i < len(b); {
		j := e.next(b, i)
		if j+settleMargin <= len(b) && !scannedOn(b, j) {
			settled = j
		}
		last, i = i, j
	}
	return settled, last
}

// scannedOn reports whether a piece that ends at b[j] may have been ended
// there by a scan that went on past the next piece: a line end before white
// space, or a letter of both cases before a capital (see above).
func scannedOn(b []byte, j int) bool {
	c, _ := classAt(b, j)
	if (b[j-1] == '\n' || b[j-1] == '\r') && c&cSpace != 0 {
		return true
	}
	r, _ := utf8.DecodeLastRune(b[:j])
	both := byte(cUpper | cLower)
	return c&both == cUpper && classOf(r)&both == both
}

// PieceEnd returns the end of the piece of b that starts at b[i].
func (e *Encoding) PieceEnd(b []byte, i int) int {
	return e.next(b, i)
}

// CountPieces returns the number of tokens of the pieces of text that start
// before end, which must be where a piece ends. text must be valid UTF-8.
func (e *Encoding) CountPieces(text []byte, end int) int {
	m := e.memos.Get().(*Memo)
	defer e.memos.Put(m)
	n := 0
	for i := 0; i < end; {
		j := e.next(text, i)
		n += e.countPiece(text[i:j], m)
		i = j
	}
	return n
}

// standInHead is how many characters at the start of a piece Shorten keeps
// as they are.
const standInHead = 4

// maxPeriod is the longest pattern of kinds that Shorten sees repeat.
const maxPeriod = 4

// Shorten takes out of b, in place, each run of up to maxPeriod characters
// after the first few whose kinds repeat those of the characters kept just
// before it and whose right neighbour is of the kind of its first: a
// character between two of its kind, or a pair in o200k_base's a中a中…. The
// last character's right neighbour is the first character of after. It
// returns what is left. b is the start of a piece, already given to a
// Piece; after is the rest of what has been read, which must start with a
// whole character. The pre-tokenizer finds the same pieces in the result
// followed by after and any text as in b followed by them, but for the
// characters taken out (see above). b must be valid UTF-8.
func (e *Encoding) Shorten(b, after []byte) []byte {
	if len(after) == 0 {
		return b
	}
	// After its first lower case letter, an o200k_base piece is in its
	// loop over lower case; after its first line end, a piece is in a
	// loop over line ends (and o200k_base's slashes). In either every
	// character goes alike (see above).
	lower, lineEnd := len(b), len(b)
	for j := 0; j < len(b) && lower == len(b) && lineEnd == len(b); {
		c, w := classAt(b, j)
		switch {
		case c&(cLower|cUpper) == cLower && e.kinds&cLower != 0:
			lower = j
		case c&cCRLF != 0:
			lineEnd = j
		}
		j += w
	}
	// A piece that starts with two symbols, or a space and a symbol, is
	// one of punctuation, and after them in its loop over all that is not
	// white space, a letter or a digit, o200k_base's marks too (see above).
	punct := len(b)
	symbol := func(j int) (bool, int) {
		c, w := classAt(b, j)
		return c&(cL|cN|cUpper|cLower|cSpace) == 0, w
	}
	if len(b) > 0 {
		if first, w := symbol(0); len(b) > w && (first || b[0] == ' ') {
			if second, _ := symbol(w); second {
				punct = 0
			}
		}
	}
	// kindAt returns the kind of the character at b[j], or of after's
	// first one at the end of b, and its width.
	kindAt := func(j int) (byte, int) {
		src, at := b, j
		if j >= len(b) {
			src, at = after, 0
		}
		c, w := classAt(src, at)
		switch {
		case j > lower && c&cLower != 0:
			c = cLower
		case j > lineEnd && (c&cCRLF != 0 || src[at] == '/'):
			c = cSpace
		case j > punct && c&(cL|cN|cSpace) == 0:
			c = 0
		case c&cUpper != 0:
			c &^= cLower // capitals and both cases are one kind (see above)
		}
		return c & e.kinds, w
	}
	// repeats returns the end of the p characters from b[i] if their kinds
	// are those of the last p kept, in order, and the character after them
	// is of the first one's kind; or 0.
	var kept [maxPeriod]byte // the kinds of the last characters kept, the last first
	repeats := func(i, p int) int {
		for q := p - 1; q >= 0; q-- {
			if i >= len(b) {
				return 0
			}
			k, w := kindAt(i)
			if k != kept[q] {
				return 0
			}
			i += w
		}
		if k, _ := kindAt(i); k != kept[p-1] {
			return 0
		}
		return i
	}
	i, out := 0, 0
	for seen := 0; i < len(b); seen++ {
		end := 0
		for p := 1; seen >= standInHead && p <= maxPeriod && end == 0; p++ {
			end = repeats(i, p)
		}
		if end > 0 {
			i = end
			continue
		}
		kind, w := kindAt(i)
		out += copy(b[out:], b[i:i+w])
		copy(kept[1:], kept[:])
		kept[0] = kind
		i += w
	}
	return b[:out]
}

// A Piece counts the tokens of one piece given its bytes in order, in
// memory that does not grow with the piece: countLong's loop over a window
// that slides on by a multiple of ring.
type Piece struct {
	e  *Encoding
	s  *longScratch
	ok bool
	// base is where the window starts in the piece. With keep, lasts holds
	// the last token of each prefix from byte from on (starts.go); with
	// entries as well, only up to a token past byte to.
	base    int
	keep    bool
	from    int
	lasts   []uint16
	to      int
	entries []int
}

// NewPiece returns a Piece with no bytes yet. Its Count must be called to
// give its scratch back.
func (e *Encoding) NewPiece() *Piece {
	s := e.startLong()
	s.filled, s.counted = 0, 0
	return &Piece{e: e, s: s, ok: true}
}

// Write appends b to the piece.
func (p *Piece) Write(b []byte) {
	for p.ok && len(b) > 0 {
		s := p.s
		if s.filled == len(s.window) {
			if p.ok = p.countTo(len(s.window)); !p.ok {
				return
			}
			s.filled = copy(s.window[:], s.window[len(s.window)-2*ring:])
			s.counted = s.filled
			p.base += len(s.window) - 2*ring
		}
		k := copy(s.window[s.filled:], b)
		s.filled += k
		b = b[k:]
	}
}

// CountSoFar returns the number of tokens of the bytes written so far, as
// a piece; more may be written after.
func (p *Piece) CountSoFar() (int, error) {
	s := p.s
	if p.ok = p.ok && p.countTo(s.filled); !p.ok {
		return 0, fmt.Errorf("bpe: %s: no token ends a prefix of a long piece", p.e.name)
	}
	s.counted = s.filled
	return s.count[s.filled%ring], nil
}

// Count returns the number of tokens of the piece written, and ends p.
func (p *Piece) Count() (int, error) {
	defer p.Close()
	return p.CountSoFar()
}

// Close ends p, counted or not, giving its scratch back.
func (p *Piece) Close() {
	longPool.Put(p.s)
	p.s, p.ok = nil, false
}
