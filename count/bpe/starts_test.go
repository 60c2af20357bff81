package bpe

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// longStartPieces are long pieces of each kind: letters of one and of
// several bytes, a pair that merges unevenly, white space, symbols that
// split inside their characters.
var longStartPieces = []string{
	strings.Repeat("a", 50000), strings.Repeat("ab", 20000) + "c", strings.Repeat("中", 9000),
	strings.Repeat(" ", 30000), strings.Repeat("😀-", 7000), strings.Repeat("é", 6000),
}

// TestStartsLong holds TokenStarts on long pieces, now walked back from
// their prefixes' last tokens, to mergeLarge's starts.
func TestStartsLong(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, name := range names {
		e := encoding(t, name)
		for _, s := range append(longStartPieces, randomLetters(rng, 20000)) {
			if p := []byte(s); e.next(p, 0) != len(p) {
				continue // not one piece in this encoding
			}
			var want []int
			e.mergeLarge([]byte(s), &want)
			if got := e.TokenStarts(s); !slices.Equal(got, want) {
				t.Errorf("%s: %.20q…: TokenStarts gives %d starts, mergeLarge %d", name, s, len(got), len(want))
			}
		}
	}
}

// TestPieceCuts writes long pieces to a Piece that keeps the starts of its
// last bytes, or of its first (which hang on all the bytes after them), in
// writes of several sizes, and compares what CutsSoFar gives, half way and
// at the end, with TokenStarts of the same bytes. Keeping the first, it
// must remember no more than a token past them.
func TestPieceCuts(t *testing.T) {
	type keep struct {
		from, to int
		before   bool // KeepStartsBefore(to), else KeepStarts(from)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for _, name := range names {
		e := encoding(t, name)
		for _, s := range append(longStartPieces, randomLetters(rng, 20000)) {
			var keeps []keep
			for _, from := range []int{0, len(s) / 3, len(s) - 700, len(s)} {
				keeps = append(keeps, keep{from, len(s) + 1, false})
			}
			for _, to := range []int{0, 1, 300, len(s) / 3, len(s) - 700, len(s), len(s) + 1} {
				keeps = append(keeps, keep{0, to, true})
			}
			for _, step := range []int{7, 4096, 1 << 20} {
				for _, k := range keeps {
					pc := e.NewPiece()
					if k.before {
						pc.KeepStartsBefore(k.to)
					} else {
						pc.KeepStarts(k.from)
					}
					half := len(wholePrefix(s, len(s)/2))
					for _, part := range [][2]int{{0, half}, {half, len(s)}} {
						for b := []byte(s[part[0]:part[1]]); len(b) > 0; b = b[min(step, len(b)):] {
							pc.Write(b[:min(step, len(b))])
						}
						checkPieceCuts(t, e, pc, s[:part[1]], k.from, k.to, step)
					}
					if k.before && len(pc.lasts) > k.to+e.maxLen {
						t.Errorf("%s: %.20q…, before %d: %d last tokens remembered", name, s, k.to, len(pc.lasts))
					}
					pc.Close()
				}
			}
		}
	}
}

// checkPieceCuts fails t unless pc, written text, gives its cut points: the
// token starts that start a character, those from from on and before to.
func checkPieceCuts(t *testing.T, e *Encoding, pc *Piece, text string, from, to, step int) {
	t.Helper()
	var all, kept []int
	for _, off := range e.TokenStarts(text) {
		if utf8.RuneStart(text[off]) {
			all = append(all, off)
			if off >= from && off < to {
				kept = append(kept, off)
			}
		}
	}
	n, starts, err := pc.CutsSoFar()
	if err != nil || n != len(all) || !slices.Equal(starts, kept) {
		t.Errorf("%s: %.20q… (%d bytes) in writes of %d, from %d, before %d: %d cuts, %d kept (%v); want %d, %d",
			e.name, text, len(text), step, from, to, n, len(starts), err, len(all), len(kept))
	}
}

// randomLetters is n letters drawn from a few, one byte and two, so that
// the tokens of one long piece vary.
func randomLetters(rng *rand.Rand, n int) string {
	letters := []string{"a", "b", "c", "e", "é", "n", "t"}
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(letters[rng.IntN(len(letters))])
	}
	return b.String()
}
