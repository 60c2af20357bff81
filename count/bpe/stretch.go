package bpe

import (
	"fmt"
	"unicode/utf8"
)

// Counting a stretch of text with no Cut in it, in memory that does not
// grow with the stretch.
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
// remembers is made again after it. Kinds are the character classes the
// pattern tells apart: for o200k_base upper, lower and both cases apart,
// for the others letters as one kind. White space is one kind, line ends
// with it: a piece of white space has no line end or ends with its last
// one, which is in the bytes held back, and it only grows; so where its
// last line end is never hangs on a character taken out. The
// first few characters, where a lead character or contraction is matched,
// are kept as they are. FuzzStretch checks the stand-in with what follows
// it against the whole text.

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
	m := e.memos.Get().(*memo)
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

// Shorten takes out of b, in place, each character after the first few
// whose neighbours are of its kind, the last one's right neighbour being
// the first character of after, and returns what is left. b is the start
// of a piece, already given to a Piece; after is the rest of what has been
// read, which must start with a whole character. The pre-tokenizer finds
// the same pieces in the result followed by after and any text as in b
// followed by them, but for the characters taken out (see above). b must be
// valid UTF-8.
func (e *Encoding) Shorten(b, after []byte) []byte {
	if len(after) == 0 {
		return b
	}
	i := 0
	for k := 0; k < standInHead && i < len(b); k++ {
		_, w := utf8.DecodeRune(b[i:])
		i += w
	}
	out, prev := i, byte(0)
	if i > 0 {
		r, _ := utf8.DecodeLastRune(b[:i])
		prev = classOf(r) & e.kinds
	}
	for i < len(b) {
		c, w := classAt(b, i)
		next := after
		if i+w < len(b) {
			next = b[i+w:]
		}
		cn, _ := classAt(next, 0)
		if k := c & e.kinds; k != prev || cn&e.kinds != k {
			out += copy(b[out:], b[i:i+w])
			prev = k
		}
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
			if p.ok = p.e.countPrefixes(s, s.window[:], s.counted+1); !p.ok {
				return
			}
			s.filled = copy(s.window[:], s.window[len(s.window)-2*ring:])
			s.counted = s.filled
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
	if p.ok = p.ok && p.e.countPrefixes(s, s.window[:s.filled], s.counted+1); !p.ok {
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
