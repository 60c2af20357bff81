package count

import (
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// stretches are what the stretches of the run tests are made of: each a
// set of strings that follow each other with no cut between them (or only
// rare ones), drawn at random. Runs of one character of each class;
// letters of mixed case, with marks, apostrophes and contractions; digits
// of several scripts; symbols and emoji; white space of every kind, with
// line ends, U+00A0 and U+3000; and letters whose kinds alternate.
var stretches = [][]string{
	{"a"}, {"Z"}, {"ǅ"}, {"ʰ"}, {"中"}, {"\u0301"}, {"'"}, {"/"}, {" "}, {"\t"},
	{"\n"}, {"\r"}, {"\u00a0"}, {"\u3000"}, {"-"}, {"."}, {"€"}, {"😀"}, {"\ufffd"},
	{"7"}, {"٣"}, {"½"},
	{"a", "b"}, {"a", "B"}, {"A", "C", "G", "T"}, {"a", "b", "X", "Y"}, {"中", "A"},
	{"中", "a", "B"}, {"ǅ", "a", "Z", "ʰ"}, {"e\u0301", "a", "E\u0301"}, {"a", "'s", "'LL", "'", "b"},
	{"A", "'S", "'re", "ſ", "'ſ"}, {"I", "'", "m", "'ve", "d"},
	{"0", "1", "2", "9"}, {"١", "٢", "٣"}, {"१", "२"}, {"1", "٣", "½", "७"},
	{"=", "-"}, {"+", "*", "#", "@", "/"}, {"😀", "🎉", "👍🏽"}, {"-", "\u0301"}, {"'", "-", "/", "€"},
	{" ", "\t", "\u00a0", "\u3000"}, {"\r\n"}, {"\n", " "}, {" ", "\r\n", "\t"}, {"\n", "\n", "\r"},
	{"-", "\n", "/"}, {"\n", "/"}, {"\r", "\n", "/", "/"},
	{"-", "😀", "\u2764\ufe0f", "\u0301"}, {"\u0301", "\ufe0f", "#"},
	// Kinds that alternate, which no run of one character shows.
	{"A中"}, {"a中"}, {"AB中"}, {"Aʰ"}, {"A\u0301"}, {"AB中中"}, {"a", "中", "\u0301", "ʰ"},
}

// runFragments are what the stretches go between, and two bytes that are
// not UTF-8 (the second the start of 中 cut short).
var runFragments = []string{
	"", "word", "Word", "WORD", "'s", "'LL", "s", " ", "  ", "\n", "\r\n", "\t",
	"中文", "é", "e\u0301", "123", "...", "/", "😀", " -", "a'b", "\u00a0",
	"!", "?\n", " x", "ǅa", "7", "\xe9", "\xe4\xb8",
}

// runText builds a text from spec, four bytes at a time: a fragment, then
// a stretch of 1 to 300 strings drawn from one of stretches, the draw
// seeded by the four bytes.
func runText(spec []byte) string {
	var b strings.Builder
	for ; len(spec) >= 4; spec = spec[4:] {
		b.WriteString(runFragments[int(spec[0])%len(runFragments)])
		n := 1 + (int(spec[2])|int(spec[3])<<8)%300
		from := stretches[int(spec[1])%len(stretches)]
		seed := uint32(spec[0]) | uint32(spec[1])<<8 | uint32(spec[2])<<16 | uint32(spec[3])<<24
		for range n {
			seed = seed*1664525 + 1013904223
			b.WriteString(from[int(seed>>16)%len(from)])
		}
	}
	return b.String()
}

// randomSpec draws a spec for runText of 1 to most stretches.
func randomSpec(r *rand.Rand, most int) []byte {
	spec := make([]byte, 4*(1+r.IntN(most)))
	for k := range spec {
		spec[k] = byte(r.Uint32())
	}
	return spec
}

// validFragments makes the fragments of spec UTF-8 (runFragments ends with
// the two that are not).
func validFragments(spec []byte) {
	for k := 0; k < len(spec); k += 4 {
		spec[k] %= byte(len(runFragments) - 2)
	}
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

// checkStreamRuns streams text in chunks of chunk bytes, holding back tail
// bytes of a long piece, in reads of step bytes: the count must be Text's,
// for every encoding, or the error must give the offset of the first bad
// byte.
func checkStreamRuns(t *testing.T, text string, chunk, tail, step int) {
	t.Helper()
	defer func(c, k int) { chunkSize, keepTail = c, k }(chunkSize, keepTail)
	chunkSize, keepTail = chunk, tail
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
				t.Fatalf("%s, chunks of %d, tail %d, reads of %d: %q: error %v, want one at byte %d", enc, chunk, tail, step, text, err, bad)
			}
		case err != nil || got != c.Text(text):
			t.Fatalf("%s, chunks of %d, tail %d, reads of %d: %q: Stream %d (%v), Text %d", enc, chunk, tail, step, text, got, err, c.Text(text))
		}
	}
}

// TestStreamRuns streams random texts of stretches with no cut, in tiny
// chunks, so that their pieces settle, and long pieces are counted through
// stand-ins, every few bytes.
func TestStreamRuns(t *testing.T) {
	// The offset of a bad byte counts the bytes of a long piece counted
	// before it.
	checkStreamRuns(t, "x"+strings.Repeat("中", 300)+"\xff", 4, 4, 7)
	checkStreamRuns(t, strings.Repeat("😀", 100)+"-"+strings.Repeat(" ", 100)+"\n\xe4\xb8", 4, 4, 7)
	checkStreamRuns(t, strings.Repeat("ab", 100)+"\xe4\xb8"+strings.Repeat("ab", 100), 4, 4, 7)
	r := rand.New(rand.NewPCG(5, 6))
	for range 300 {
		spec := randomSpec(r, 12)
		if r.IntN(4) > 0 { // mostly UTF-8, to count
			validFragments(spec)
		}
		checkStreamRuns(t, runText(spec), 1+r.IntN(64), 4+r.IntN(40), 1+r.IntN(16))
	}
}

func FuzzStreamRuns(f *testing.F) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 40 {
		spec := randomSpec(r, 8)
		validFragments(spec)
		f.Add(spec, uint8(r.Uint32()), uint8(r.Uint32()), uint8(r.Uint32()))
	}
	f.Fuzz(func(t *testing.T, spec []byte, chunk, tail, step uint8) {
		if len(spec) > 4*32 {
			return
		}
		checkStreamRuns(t, runText(spec), 1+int(chunk)%64, 4+int(tail)%40, 1+int(step)%16)
	})
}
