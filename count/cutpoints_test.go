package count

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkCutPoints reads text with CutPoints in chunks of chunk bytes,
// holding back tail bytes of a long piece, in reads of step bytes, asking
// for the cut points from from on: they must be TokenStarts' that start a
// character, for every encoding.
func checkCutPoints(t *testing.T, text string, from int64, chunk, tail, step int) {
	t.Helper()
	checkKeptCutPoints(t, text, from, math.MaxInt64, chunk, tail, step)
}

// checkKeptCutPoints is checkCutPoints for the cut points from from on and
// before to: CutPoints' when to is math.MaxInt64, else (from 0)
// CutPointsBefore's.
func checkKeptCutPoints(t *testing.T, text string, from, to int64, chunk, tail, step int) {
	t.Helper()
	defer func(c, k int) { chunkSize, keepTail = c, k }(chunkSize, keepTail)
	chunkSize, keepTail = chunk, tail
	for _, enc := range Encodings() {
		c := newCounter(t, Options{Encoding: enc})
		var all int
		var want []int64
		for _, off := range c.enc.TokenStarts(text) {
			if utf8.RuneStart(text[off]) {
				all++
				if int64(off) >= from && int64(off) < to {
					want = append(want, int64(off))
				}
			}
		}
		var n int
		var got []int64
		var err error
		if to == math.MaxInt64 {
			n, got, err = c.CutPoints(&stepReader{text, step}, from, 2)
		} else {
			n, got, err = c.CutPointsBefore(&stepReader{text, step}, to, 2)
		}
		if err != nil || n != all || !slices.Equal(got, want) {
			t.Fatalf("%s, chunks of %d, tail %d, reads of %d, from %d before %d: %.40q… (%d bytes): %d cut points, %d kept (%v); want %d, %d",
				enc, chunk, tail, step, from, to, text, len(text), n, len(got), err, all, len(want))
		}
	}
}

// TestCutPointsRuns reads random texts of stretches with no cut, as
// TestStreamRuns does, and long ones of one letter, of mixed text and of
// letters that split unevenly, for their cut points from several places.
func TestCutPointsRuns(t *testing.T) {
	mixed := strings.Repeat("The quick brown fox — jumps “over” the lazy dog\n\t {\"k\": 1} é 漢字 😀 ", 300)
	for _, text := range []string{strings.Repeat("a", 70000), mixed, strings.Repeat("ab", 9000) + "c" + strings.Repeat("é", 5000), "x"} {
		for _, from := range []int64{0, int64(len(text)) / 2, int64(len(text)) - 900} {
			checkCutPoints(t, text, from, 4096, 64, 4000)
			checkCutPoints(t, text, from, 64, 16, 333)
		}
	}
	r := rand.New(rand.NewPCG(9, 10))
	for range 200 {
		spec := randomSpec(r, 12)
		validFragments(spec)
		text := runText(spec)
		checkCutPoints(t, text, r.Int64N(int64(len(text))+1), 1+r.IntN(64), 4+r.IntN(40), 1+r.IntN(16))
	}
}

// TestCutPointsBeforeRuns is TestCutPointsRuns for the cut points before a
// place, whose tokens in a long piece hang on the bytes after it.
func TestCutPointsBeforeRuns(t *testing.T) {
	mixed := strings.Repeat("The quick brown fox — jumps “over” the lazy dog\n\t {\"k\": 1} é 漢字 😀 ", 300)
	for _, text := range []string{strings.Repeat("a", 70000), mixed, strings.Repeat("ab", 9000) + "c" + strings.Repeat("é", 5000), "x"} {
		for _, to := range []int64{0, 1, 900, int64(len(text)) / 2, int64(len(text))} {
			checkKeptCutPoints(t, text, 0, to, 4096, 64, 4000)
			checkKeptCutPoints(t, text, 0, to, 64, 16, 333)
		}
	}
	r := rand.New(rand.NewPCG(11, 12))
	for range 200 {
		spec := randomSpec(r, 12)
		validFragments(spec)
		text := runText(spec)
		checkKeptCutPoints(t, text, 0, r.Int64N(int64(len(text))+1), 1+r.IntN(64), 4+r.IntN(40), 1+r.IntN(16))
	}
}
