package count

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestLongTextCountsAsText writes texts to a LongText in parts of random
// sizes, cut anywhere but inside a character: its count must be Text's.
func TestLongTextCountsAsText(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	texts := []string{"", "hello world", strings.Repeat("ab", 300000), strings.Repeat("Line of text, 中文 😀.\n", 20000)}
	for range 20 {
		spec := make([]byte, 4*(1+r.IntN(12)))
		for k := range spec {
			spec[k] = byte(r.Uint32())
		}
		for k := 0; k < len(spec); k += 4 {
			spec[k] %= byte(len(runFragments) - 2) // UTF-8, as JSON strings are
		}
		texts = append(texts, runText(spec))
	}
	for _, enc := range Encodings() {
		c := newCounter(t, Options{Encoding: enc})
		for _, text := range texts {
			l := c.LongText(2)
			for rest := text; rest != ""; {
				n := min(len(rest), 1+r.IntN(5000))
				for n < len(rest) && rest[n]&0xC0 == 0x80 {
					n++
				}
				if _, err := l.Write([]byte(rest[:n])); err != nil {
					t.Fatal(err)
				}
				rest = rest[n:]
			}
			if err := l.Close(); err != nil || l.Tokens() != c.Text(text) {
				t.Fatalf("%s: %.40q: LongText %d (%v), Text %d", enc, text, l.Tokens(), err, c.Text(text))
			}
		}
	}
}

// TestLongTextEnds: Abort ends a LongText that is being counted, and a
// text that is not UTF-8 fails its Write or Close, not hangs.
func TestLongTextEnds(t *testing.T) {
	c := newCounter(t, Options{Encoding: "o200k_base"})
	l := c.LongText(2)
	l.Write([]byte(strings.Repeat("words ", 100000)))
	l.Abort()
	l = c.LongText(2)
	_, werr := l.Write([]byte("ok \xff"))
	for range 100 {
		if _, werr = l.Write([]byte(strings.Repeat("more ", 20000))); werr != nil {
			break
		}
	}
	var ne *NotUTF8Error
	if cerr := l.Close(); !errors.As(cerr, &ne) || werr == nil {
		t.Fatalf("a text that is not UTF-8: Write %v, Close %v", werr, cerr)
	}
}
