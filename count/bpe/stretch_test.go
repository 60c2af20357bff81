package bpe

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// stretchChars are what runsText repeats: a character of each class the
// patterns tell apart, and those contractions are made of.
var stretchChars = []string{
	"a", "b", "B", "Z", "ǅ", "ʰ", "中", "\u0301", "'", "s", "L", "l", "ſ",
	"1", "٣", "½", " ", "\t", "\n", "\r", "\u00a0", "\u3000", "-", "/", "😀", "€",
}

// runsText builds a text from spec, a byte a run: the low five bits pick a
// character of stretchChars, the high three how often it repeats, 1 to
// 64 times, so that long runs of one kind and the joins between them come
// up often.
func runsText(spec []byte) string {
	var b strings.Builder
	for _, c := range spec {
		b.WriteString(strings.Repeat(stretchChars[int(c&31)%len(stretchChars)], [8]int{1, 2, 3, 5, 9, 17, 33, 64}[c>>5]))
	}
	return b.String()
}

// wholePrefix returns the longest prefix of s no longer than n that ends
// where a character ends.
func wholePrefix(s string, n int) string {
	for n > 0 && n < len(s) && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// checkSettled fails t unless the pieces of p up to the end Settled gives
// are those of text, which p begins, and the last start is that of p's
// last piece.
func checkSettled(t *testing.T, e *Encoding, text, p string) {
	t.Helper()
	settled, last := e.Settled([]byte(p))
	mine, whole := pieces(e, p), pieces(e, text)
	end, k := 0, 0
	for ; end < settled; k++ {
		end += len(mine[k])
	}
	if end != settled || !slices.Equal(mine[:k], whole[:min(k, len(whole))]) {
		t.Fatalf("%s: Settled(%q) = %d, but the pieces of %q differ before it", e.name, p, settled, text)
	}
	if p != "" && last != len(p)-len(mine[len(mine)-1]) {
		t.Fatalf("%s: Settled(%q) says the last piece starts at %d", e.name, p, last)
	}
}

// checkStandIn takes the first piece of text[:n] that Settled does not
// settle, writes all of it but tail bytes to a Piece and shortens them: the
// stand-in followed by the rest of text must have text's pieces, but for
// the bytes taken out, and the Piece must count the piece as it ends in
// text.
func checkStandIn(t *testing.T, e *Encoding, text string, n, tail int) {
	t.Helper()
	p := wholePrefix(text, n)
	from, _ := e.Settled([]byte(p))
	if from == len(p) {
		return
	}
	p = p[:from+len(pieces(e, p[from:])[0])]
	if len(p)-from <= tail {
		return
	}
	cut := len(wholePrefix(p, len(p)-tail))
	fedBytes := text[from:cut]
	standIn := string(e.Shorten([]byte(fedBytes), []byte(text[cut:len(p)])))
	got, want := pieces(e, standIn+text[cut:]), pieces(e, text[from:])
	if len(want[0]) < len(fedBytes) {
		t.Fatalf("%s: %q: the piece at %d, %q, ends before the %d bytes given to a Piece", e.name, text, from, want[0], len(fedBytes))
	}
	if len(got[0]) < len(standIn) || standIn+got[0][len(standIn):] != got[0] || fedBytes+got[0][len(standIn):] != want[0] || !slices.Equal(got[1:], want[1:]) {
		t.Fatalf("%s: %q from %d: stand-in %q for %q: pieces %q, want %q", e.name, text, from, standIn, fedBytes, got, want)
	}
	pc := e.NewPiece()
	pc.Write([]byte(fedBytes))
	pc.Write([]byte(got[0][len(standIn):]))
	if k, err := pc.Count(); err != nil || k != e.pieceCount([]byte(want[0])) {
		t.Fatalf("%s: Piece counts %q as %d (%v), want %d", e.name, want[0], k, err, e.pieceCount([]byte(want[0])))
	}
}

func stretchSeeds(f *testing.F) {
	r := rand.New(rand.NewPCG(9, 10))
	for range 60 {
		spec := make([]byte, 1+r.IntN(12))
		for k := range spec {
			spec[k] = byte(r.Uint32())
		}
		f.Add(spec, uint16(r.Uint32()), uint8(r.Uint32()))
	}
	for _, s := range []string{"\x00\xe1\x00", "\xe6\xf1\xe2", "\xb2\xfd", "\xf2\xf2\xe0", "\xf7\xe3\xf8"} {
		f.Add([]byte(s), uint16(100), uint8(4))
	}
	// Characters of kinds that alternate, once each: B中B中…, BZ中BZ中…,
	// a◌́a◌́…, a中a中…, BʰBʰ…, BZ中中BZ中中….
	for _, period := range [][]byte{{2, 6}, {2, 3, 6}, {0, 7}, {0, 6}, {2, 5}, {2, 3, 6, 6}} {
		spec := bytes.Repeat(period, 48/len(period))
		f.Add(spec, uint16(40), uint8(4))
		f.Add(spec, uint16(90), uint8(8))
	}
	// Punctuation, then line ends and slashes, or symbols and marks, in
	// random order.
	for _, from := range [][]byte{{18, 19, 23}, {7, 22, 23, 24, 25}} {
		for range 4 {
			spec := []byte{22}
			for range 40 {
				spec = append(spec, from[r.IntN(len(from))]|byte(r.IntN(2))<<5)
			}
			f.Add(spec, uint16(20+r.IntN(80)), uint8(r.IntN(12)))
		}
	}
}

// FuzzStretch checks that the pieces Settled finds settled in a prefix of a
// text are the text's, whatever follows the prefix; and the stand-in Shorten
// makes for the piece that goes on to the end of the prefix, followed by
// the rest of the text, against the whole text, and Piece's count of that
// piece; in every encoding.
func FuzzStretch(f *testing.F) {
	stretchSeeds(f)
	f.Fuzz(func(t *testing.T, spec []byte, n uint16, tail uint8) {
		if len(spec) > 64 {
			return
		}
		text := runsText(spec)
		p := wholePrefix(text, int(n)%(len(text)+1))
		for _, name := range names {
			e := encoding(t, name)
			checkSettled(t, e, text, p)
			checkStandIn(t, e, text, len(p), 4+int(tail)%40)
		}
	})
}

// TestPieceLong writes long pieces to a Piece in pieces of every size, so
// that its window slides, and compares with pieceCount, half way too.
func TestPieceLong(t *testing.T) {
	for _, name := range names {
		e := encoding(t, name)
		for _, s := range []string{strings.Repeat("ab", 20000), strings.Repeat(" ", 30000), strings.Repeat("中", 9000), strings.Repeat("😀-", 7000), "x"} {
			for _, step := range []int{1, 7, 4096, 1 << 20} {
				pc := e.NewPiece()
				for b := []byte(s); len(b) > 0; b = b[min(step, len(b)):] {
					if len(b) == len(s)/2 { // and the count so far at half way
						if got, err := pc.CountSoFar(); err != nil || got != e.pieceCount([]byte(s[:len(s)/2])) {
							t.Errorf("%s: %.20q… half way, in writes of %d: %d (%v)", name, s, step, got, err)
						}
					}
					pc.Write(b[:min(step, len(b))])
				}
				if got, err := pc.Count(); err != nil || got != e.pieceCount([]byte(s)) {
					t.Errorf("%s: %.20q… in writes of %d: %d (%v), want %d", name, s, step, got, err, e.pieceCount([]byte(s)))
				}
			}
		}
	}
}

// pieceCount counts p as one piece, as a Piece must.
func (e *Encoding) pieceCount(p []byte) int {
	m := e.memos.Get().(*Memo)
	defer e.memos.Put(m)
	return e.countPiece(p, m)
}
