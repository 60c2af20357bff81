package count

import (
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/convkit/convkit/count/bpe"
)

// runChars are the characters the run tests repeat: letters lower, upper,
// title, modifier and other; a mark; what contractions and o200k's
// punctuation take; white space of each kind; punctuation, a symbol,
// emoji; and digits, which Stream holds whole.
var runChars = []string{
	"a", "Z", "ǅ", "ʰ", "中", "\u0301", "'", "/", " ", "\t", "\n", "\r",
	"\u00a0", "\u3000", "-", ".", "€", "😀", "\ufffd", "7", "٣", "½",
}

// runFragments are what the runs go between, and two bytes that are not
// UTF-8 (the second the start of 中 cut short).
var runFragments = []string{
	"", "word", "Word", "WORD", "'s", "'LL", "s", " ", "  ", "\n", "\r\n", "\t",
	"中文", "é", "e\u0301", "123", "...", "/", "😀", " -", "a'b", "\u00a0",
	"!", "?\n", " x", "ǅa", "7", "\xe9", "\xe4\xb8",
}

// runText builds a text from spec, four bytes at a time: a fragment, then
// a run of 1 to 300 copies of a character.
func runText(spec []byte) string {
	var b strings.Builder
	for ; len(spec) >= 4; spec = spec[4:] {
		b.WriteString(runFragments[int(spec[0])%len(runFragments)])
		n := 1 + (int(spec[2])|int(spec[3])<<8)%300
		b.WriteString(strings.Repeat(runChars[int(spec[1])%len(runChars)], n))
	}
	return b.String()
}

// stepReader gives at most step bytes a read, so that runs go on across
// reads.
type stepReader struct {
	s    string
	step int
}

func (r *stepReader) Read(p []byte) (int, error) {
	if r.s == "" {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), r.step)], r.s)
	r.s = r.s[n:]
	return n, nil
}

// checkStreamRuns streams text in chunks of chunk bytes with runs of more
// than limit bytes taken out: the count must be Text's, for every
// encoding, or the error must give the offset of the first bad byte.
func checkStreamRuns(t *testing.T, text string, chunk, limit, step int) {
	t.Helper()
	defer func(c, l int) { chunkSize, runLimit = c, l }(chunkSize, runLimit)
	chunkSize, runLimit = chunk, limit
	bad := -1
	for i := 0; i < len(text); {
		r, w := utf8.DecodeRuneInString(text[i:])
		if r == utf8.RuneError && w == 1 {
			bad = i
			break
		}
		i += w
	}
	for _, enc := range Encodings() {
		c := newCounter(t, Options{Encoding: enc})
		got, err := c.Stream(&stepReader{text, step}, 2)
		var ne *NotUTF8Error
		switch {
		case bad >= 0:
			if !errors.As(err, &ne) || ne.Offset != int64(bad) {
				t.Fatalf("%s, chunks of %d, runs over %d, reads of %d: %q: error %v, want one at byte %d", enc, chunk, limit, step, text, err, bad)
			}
		case err != nil || got != c.Text(text):
			t.Fatalf("%s, chunks of %d, runs over %d, reads of %d: %q: Stream %d (%v), Text %d", enc, chunk, limit, step, text, got, err, c.Text(text))
		}
	}
}

// TestStreamRuns streams random texts with runs of one character in them,
// in tiny chunks with tiny runs taken out.
func TestStreamRuns(t *testing.T) {
	// The offset of a bad byte counts the runs taken out before it.
	checkStreamRuns(t, "x"+strings.Repeat("中", 300)+"\xff", 4, 0, 7)
	checkStreamRuns(t, strings.Repeat("😀", 100)+"-"+strings.Repeat(" ", 100)+"\n\xe4\xb8", 4, 0, 7)
	r := rand.New(rand.NewPCG(5, 6))
	for range 300 {
		spec := make([]byte, 4*(1+r.IntN(12)))
		for k := range spec {
			spec[k] = byte(r.Uint32())
		}
		if r.IntN(4) > 0 { // mostly UTF-8, to count
			for k := 0; k < len(spec); k += 4 {
				spec[k] %= byte(len(runFragments) - 2)
			}
		}
		checkStreamRuns(t, runText(spec), 1+r.IntN(64), r.IntN(64), 1+r.IntN(16))
	}
}

func FuzzStreamRuns(f *testing.F) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 40 {
		spec := make([]byte, 4*(1+r.IntN(8)))
		for k := range spec {
			spec[k] = byte(r.Uint32())
		}
		for k := 0; k < len(spec); k += 4 {
			spec[k] %= byte(len(runFragments) - 2)
		}
		f.Add(spec, uint8(r.Uint32()), uint8(r.Uint32()), uint8(r.Uint32()))
	}
	f.Fuzz(func(t *testing.T, spec []byte, chunk, limit, step uint8) {
		if len(spec) > 4*32 {
			return
		}
		checkStreamRuns(t, runText(spec), 1+int(chunk)%64, int(limit)%64, 1+int(step)%16)
	})
}

// TestSqueeze takes a run out as it goes on across reads, and leaves
// digits and short runs alone.
func TestSqueeze(t *testing.T) {
	defer func(l int) { runLimit = l }(runLimit)
	runLimit = 16
	buf, reps, from := squeeze([]byte("x"+strings.Repeat("中", 10)+"7777777777777777777"), nil, 0)
	if string(buf) != "x"+strings.Repeat("中", 8)+"7777777777777777777" || len(reps) != 1 || reps[0] != (bpe.Repeat{At: 13, Extra: 2}) || from != 25 {
		t.Fatalf("%q %v %d", buf, reps, from)
	}
	buf, reps, from = squeeze([]byte("ab"+strings.Repeat(" ", 17)), nil, 0)
	buf, reps, from = squeeze(append(buf, strings.Repeat(" ", 30)+"\xe4\xb8"...), reps, from)
	if string(buf) != "ab        \xe4\xb8" || len(reps) != 1 || reps[0] != (bpe.Repeat{At: 6, Extra: 39}) || from != 2 {
		t.Fatalf("%q %v %d", buf, reps, from)
	}
}
