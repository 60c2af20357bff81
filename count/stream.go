package count

import (
	"errors"
	"fmt"
	"io"
	"math"
	"unicode/utf8"

	"github.com/convkit/convkit/count/bpe"
	"github.com/convkit/convkit/internal/runes"
)

// Why Stream's count is Text's, in memory that does not grow with the text.
//
// Tokens never cross the pre-tokenizer's pieces, so a text's count is the
// sum of its pieces' counts: any way of handing the pieces out in order,
// each counted once, gives Text's count. No pattern looks behind, so from
// the start of a piece on, the pieces are those of the rest of the text,
// whatever came before. The streamer keeps one invariant: buf starts where
// a piece of the whole text starts, and every byte before it has been
// counted, in a chunk or by a bpe.Piece. Then nothing before buf matters
// again, and it can be let go. Three moves keep the invariant:
//
//   - Cutting. bpe's Cut finds a place where a piece ends whatever text
//     follows; the text before it is a chunk, counted on a worker.
//   - Settling. In a stretch with no cut, bpe's Settled gives the end of the
//     first pieces that no later text can change: the scan that found each
//     read only bytes already in buf and never met its end. They are a
//     chunk too.
//   - Shortening. The first piece left may be long and still growing. In
//     every text buf begins, it is at least as long as it is in buf, but
//     that white space going on to the end may give its last character to
//     the next piece; so all of it but the last keepTail bytes is surely
//     its own, and goes to a bpe.Piece, which counts a piece given its
//     bytes in order. In buf those bytes are replaced by Shorten's
//     stand-in, a few bytes after which the pre-tokenizer ends the piece
//     where the real bytes would. buf[:fed] is that stand-in: it is only
//     ever read to find where the held piece ends (PieceEnd, Settled),
//     never counted, and offset counts real bytes, so the offset of a bad
//     byte stays true.
//
// A first piece that has not settled only because it may yet run on into
// the long piece after it can be neither counted nor held alone. It is
// counted as it stands (firstCount), the long piece's bytes go both to it
// and to a second Piece, and resolve keeps whichever reading the text
// after them proves. Why Settled, the first piece's length and Shorten are
// right is argued at the top of count/bpe/stretch.go, and FuzzStretch and
// TestStreamRuns check them.

// chunkSize is how much text Stream counts at once, at least.
var chunkSize = 256 << 10

// keepTail is how many bytes at the end of a long piece not yet settled
// Stream holds back from its bpe.Piece, at least a character's worth: the
// piece may give its last character to the next one.
var keepTail = 64

// Stream counts the tokens of all the UTF-8 text r holds, as Text would
// count it in one piece, on workers goroutines and in bounded memory.
//
// The text is cut in chunks of at least chunkSize bytes where the
// encoding's pieces allow (see bpe's Cut), so that the counts of the chunks
// add up to the count of the whole. A stretch longer than chunkSize with no
// such place (letters, digits, symbols or white space only) is counted a
// piece at a time instead: the pieces bpe's Settled says no later text can
// change are counted and let go, and the first piece after them, when it
// is long (as ababab… is one piece), is given to a bpe.Piece as it comes
// and held as a short stand-in (bpe's Shorten) until it settles. When the
// first piece has not settled only because it may yet go on into a long
// piece after it (spaces after a line end in o200k_base and cl100k_base,
// o200k_base's capitals after letters of both cases such as 中), it is
// counted as it stands and the long piece is written both to it and to a
// second Piece, until the text after them says which it was. So a stretch
// of one kind takes little memory however long, and so does a piece of
// letters of mixed kinds (o200k_base's A中A中…, or a, 中 and marks in any
// order), of punctuation (symbols and marks, then line ends and slashes,
// each in any order), or whose kinds alternate in a pattern of up to four
// characters. Text that is not UTF-8 is an error that gives the offset
// of the first bad byte.
func (c *Counter) Stream(r io.Reader, workers int) (int, error) {
	s := &streamer{enc: c.enc, r: r, rbuf: make([]byte, 64<<10)}
	work := func(ch chunk) int {
		return ch.long.n + c.enc.CountPieces(ch.text, ch.upto)
	}
	total := 0
	err := Ordered(workers, s.next, work, func(n int) error { total += n; return nil })
	return total, err
}

// CutPoints reads the UTF-8 text r holds, as Stream does, and returns its
// cut points: the places trim may cut it at (trim.CutPoints of the
// encoding's TokenStarts), the starts of its tokens that start a
// character, but for the text's length. It returns how many there are, and
// those at or after from. Memory grows with the text after from, not
// before: a long piece's tokens are found from the last tokens of its
// prefixes, remembered only from there on (bpe.Piece.KeepStarts).
func (c *Counter) CutPoints(r io.Reader, from int64, workers int) (n int, tail []int64, err error) {
	return c.cutPoints(r, from, math.MaxInt64, workers)
}

// CutPointsBefore is CutPoints for the start of the text: it returns how
// many cut points there are, and those before to. Memory grows with the
// text before to, not after: the tokens of a long piece there are walked
// back from the last place at or past to that the walk back from its end
// steps on, which is before to+MaxTokenLen (bpe.Piece.KeepStartsBefore).
func (c *Counter) CutPointsBefore(r io.Reader, to int64, workers int) (n int, head []int64, err error) {
	return c.cutPoints(r, 0, to, workers)
}

// cutPoints returns how many cut points the text r holds has, and those
// from from on and before to: one bound or the other, from 0 or to
// math.MaxInt64.
func (c *Counter) cutPoints(r io.Reader, from, to int64, workers int) (n int, kept []int64, err error) {
	s := &streamer{enc: c.enc, r: r, rbuf: make([]byte, 64<<10), cuts: true, from: from, to: to}
	work := func(ch chunk) tally {
		t := ch.long
		for _, off := range c.enc.PieceStarts(ch.text, ch.upto) {
			if !utf8.RuneStart(ch.text[off]) {
				continue
			}
			t.n++
			if at := ch.at + int64(off); at >= from && at < to {
				t.cuts = append(t.cuts, at)
			}
		}
		return t
	}
	err = Ordered(workers, s.next, work, func(t tally) error {
		n, kept = n+t.n, append(kept, t.cuts...)
		return nil
	})
	return n, kept, err
}

// MaxTokenLen returns the length in bytes of the encoding's longest token:
// a text of n bytes has at least n/MaxTokenLen tokens.
func (c *Counter) MaxTokenLen() int { return c.enc.MaxTokenLen() }

// tally is what a stretch of text adds: its tokens or, when cut points
// are wanted, its cut points, and those at or after the streamer's from.
type tally struct {
	n    int
	cuts []int64
}

// plus adds u, which follows t.
func (t *tally) plus(u tally) {
	t.n += u.n
	t.cuts = append(t.cuts, u.cuts...)
}

// heldPiece is a long piece given to a bpe.Piece as it is read, and where
// it starts in the stream.
type heldPiece struct {
	*bpe.Piece
	at int64
}

// streamer cuts what Stream reads into chunks; its fields are the text read
// but not yet handed out, and the long pieces it holds.
type streamer struct {
	enc      *bpe.Encoding
	r        io.Reader
	rbuf     []byte
	done     bool // r is exhausted
	buf      []byte
	offset   int64 // in the stream of buf[fed]
	scanned  int   // buf[:scanned] has no cut point past chunkSize
	settleAt int   // settle buf when it is this long
	// cuts asks for cut points (CutPoints), from from on and before to,
	// not tokens.
	cuts     bool
	from, to int64
	// When piece is not nil, buf[:fed] stands in for the bytes of the
	// piece that buf starts, which have been written to piece.
	piece *heldPiece
	fed   int
	// When second is not nil, the first piece ends at buf[split], with
	// firstCount tokens, unless it goes on into the long piece after it;
	// buf[split:fed] stands in for the bytes of that piece, which have
	// been written to both.
	second     *heldPiece
	split      int
	firstCount tally
}

// next returns the next chunk to count, or io.EOF after the last.
func (s *streamer) next() (chunk, error) {
	for !s.done {
		if len(s.buf) > chunkSize {
			if s.piece == nil {
				if cut := s.enc.Cut(s.buf, max(chunkSize, s.scanned)); cut > 0 {
					ch := chunk{text: s.buf[:cut], upto: cut, at: s.offset}
					if err := checkUTF8(ch.text, s.offset); err != nil {
						return chunk{}, err
					}
					s.buf, s.offset = rest(s.buf, cut), s.offset+int64(cut)
					s.scanned, s.settleAt = 0, 0
					return ch, nil
				}
				s.scanned = max(len(s.buf)-utf8.UTFMax, 0)
			}
			if len(s.buf) >= s.settleAt {
				ch, err := s.settle()
				if err != nil || ch.text != nil || ch.long.n > 0 {
					return ch, err
				}
			}
		}
		n, err := s.r.Read(s.rbuf)
		s.buf = append(s.buf, s.rbuf[:n]...)
		if errors.Is(err, io.EOF) {
			s.done = true
		} else if err != nil {
			return chunk{}, err
		}
	}
	if err := checkUTF8(s.buf[s.fed:], s.offset); err != nil {
		return chunk{}, err
	}
	var ch chunk
	if s.second != nil {
		ch.long = s.resolve(s.enc.PieceEnd(s.buf, 0), true)
	}
	start := 0 // of the text after the piece held
	if s.piece != nil {
		k, end, err := s.finish(s.buf)
		if err != nil {
			return chunk{}, err
		}
		ch.long.plus(k)
		start = end
	}
	ch.text, ch.upto, ch.at = s.buf[start:], len(s.buf)-start, s.at(start)
	if len(ch.text) == 0 && ch.long.n == 0 {
		return chunk{}, io.EOF
	}
	s.buf, s.fed = nil, 0
	return ch, nil
}

// settle counts the pieces at the start of buf that no later text can
// change, and gives the first piece after them, if long, to a Piece; and
// if the first has not settled only because it may go on into a long
// piece after it, that one to a second Piece as well.
func (s *streamer) settle() (chunk, error) {
	n := runes.Whole(s.buf)
	if err := checkUTF8(s.buf[s.fed:n], s.offset); err != nil || n == 0 {
		return chunk{}, err
	}
	settled, last := s.enc.Settled(s.buf[:n])
	end := s.enc.PieceEnd(s.buf[:n], 0) // of the first piece
	var ch chunk
	if ch.long = s.resolve(end, s.split <= settled); ch.long.n > 0 {
		n -= s.split // buf has lost the first piece
		settled, last = s.enc.Settled(s.buf[:n])
		end = s.enc.PieceEnd(s.buf[:n], 0)
	}
	text := s.buf[:n]
	from := 0 // of the pieces to count in ch.text
	if s.piece != nil && s.second == nil && end <= settled {
		k, e, err := s.finish(text)
		if err != nil {
			return chunk{}, err
		}
		ch.long.plus(k)
		from = e
	}
	if s.piece == nil && settled > 0 {
		ch.text, ch.upto, ch.at = text[from:], settled-from, s.at(from)
		s.buf, s.offset = rest(s.buf, settled), s.offset+int64(settled-s.fed)
		n, end, s.fed, s.scanned = n-settled, n-settled, 0, 0
		if last > settled {
			end = s.enc.PieceEnd(s.buf[:n], 0)
		}
	}
	// The first piece, held or long, is counted but for its last keepTail
	// bytes: whatever follows, it is no shorter (see bpe's Settled), but
	// white space that goes on to the end may give its last character to
	// the next piece.
	if s.second == nil && (s.piece != nil || end > 2*keepTail) {
		if t := s.tailFrom(end); t > s.fed {
			if s.piece == nil {
				s.piece = s.newPiece()
			}
			out := s.feed(t, 0, t, n)
			end, n = end-out, n-out
		}
	}
	// A first piece that has not settled and ends before a long piece may
	// go on into it (see bpe's Settled): it is counted whole, and the long
	// piece is written both to it and to a second Piece. Its last
	// character stays, as it decides where it ends.
	if s.second == nil && end < n && s.enc.PieceEnd(s.buf[:n], end)-end > 2*keepTail {
		if s.piece == nil {
			s.piece = s.newPiece()
		}
		_, w := utf8.DecodeLastRune(s.buf[:end])
		out := s.feed(end, 0, end-w, n)
		end, n = end-out, n-out
		var err error
		if s.firstCount, err = s.soFar(s.piece); err != nil {
			return chunk{}, err
		}
		s.second, s.split = s.newPiece(), end
	}
	if s.second != nil {
		if t := s.tailFrom(s.enc.PieceEnd(s.buf[:n], s.split)); t > s.fed {
			s.feed(t, s.split, t, n)
		}
	}
	s.settleAt = 2 * len(s.buf)
	return ch, nil
}

// finish counts the piece held, which ends at text[end] where text starts
// with its stand-in.
func (s *streamer) finish(text []byte) (n tally, end int, err error) {
	end = s.enc.PieceEnd(text, 0)
	if end < s.fed {
		return tally{}, 0, fmt.Errorf("count: %s: a stand-in for a long piece ends at %d, inside its %d bytes counted", s.enc.Name(), end, s.fed)
	}
	s.piece.Write(text[s.fed:end])
	n, err = s.soFar(s.piece)
	s.piece.Close()
	s.piece = nil
	return n, end, err
}

// newPiece starts a long piece at buf[fed], keeping the starts of its
// tokens from the streamer's from on, or before its to, when cut points
// are wanted.
func (s *streamer) newPiece() *heldPiece {
	p := &heldPiece{Piece: s.enc.NewPiece(), at: s.offset}
	switch {
	case !s.cuts || s.offset >= s.to:
	case s.to < math.MaxInt64:
		p.KeepStartsBefore(int(s.to - s.offset))
	default:
		p.KeepStarts(int(max(s.from-s.offset, 0)))
	}
	return p
}

// soFar returns what the bytes written to p so far add: their tokens, or
// their cut points.
func (s *streamer) soFar(p *heldPiece) (tally, error) {
	if !s.cuts {
		n, err := p.CountSoFar()
		return tally{n: n}, err
	}
	n, starts, err := p.CutsSoFar()
	t := tally{n: n}
	for _, j := range starts {
		t.cuts = append(t.cuts, p.at+int64(j))
	}
	return t, err
}

// at returns the offset in the stream of buf[i], for i ≥ fed.
func (s *streamer) at(i int) int64 { return s.offset + int64(i-s.fed) }

// resolve drops second if the first piece, which now ends at end, went on
// into it; or, if the first piece is final, counts it and holds the second
// as the first, returning the first's tokens.
func (s *streamer) resolve(end int, final bool) tally {
	switch {
	case s.second == nil:
	case end > s.split:
		s.second.Close()
		s.second = nil
	case final:
		s.piece.Close()
		s.piece, s.second = s.second, nil
		s.buf, s.fed = s.buf[:copy(s.buf, s.buf[s.split:])], s.fed-s.split
		return s.firstCount
	}
	return tally{}
}

// feed writes buf[fed:t] to the pieces held and shortens buf[from:to], to
// ≤ t, to a stand-in; what has been read ends at n. It returns how many
// bytes it took out.
func (s *streamer) feed(t, from, to, n int) int {
	s.piece.Write(s.buf[s.fed:t])
	if s.second != nil {
		s.second.Write(s.buf[s.fed:t])
	}
	s.offset += int64(t - s.fed)
	kept := s.enc.Shorten(s.buf[from:to], s.buf[to:n])
	out := to - from - len(kept)
	s.buf, s.fed = append(s.buf[:from+len(kept)], s.buf[to:]...), t-out
	return out
}

// tailFrom returns where the last keepTail bytes before end start, at a
// character's start.
func (s *streamer) tailFrom(end int) int {
	t := end - keepTail
	for t > s.fed && !utf8.RuneStart(s.buf[t]) {
		t--
	}
	return t
}

// rest returns buf[k:] in memory of its own, for a chunk keeps buf's.
func rest(buf []byte, k int) []byte {
	return append(make([]byte, 0, max(2*chunkSize, len(buf)-k)), buf[k:]...)
}

// NotUTF8Error is text that tiktoken cannot count as it stands.
type NotUTF8Error struct {
	Offset int64 // of the first bad byte
}

func (e *NotUTF8Error) Error() string {
	return fmt.Sprintf("not UTF-8 text (byte %d): tiktoken counts UTF-8 text only", e.Offset)
}

// chunk is text to count up to upto, where a piece ends, at offset at in
// the stream, and what the long pieces before it add, counted already.
type chunk struct {
	text []byte
	upto int
	at   int64
	long tally
}

// checkUTF8 returns a NotUTF8Error for the first byte of b that is not
// part of a UTF-8 character, if any; offset is b's in the stream.
func checkUTF8(b []byte, offset int64) error {
	if utf8.Valid(b) {
		return nil
	}
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return &NotUTF8Error{Offset: offset + int64(i)}
		}
		i += n
	}
	return nil
}
