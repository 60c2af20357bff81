package count

import (
	"errors"
	"strings"
	"testing"
	"testing/iotest"
)

// TestStreamEqualsText counts the whole reference corpus, joined by line
// ends, into one line by spaces, and with no separator, in small chunks:
// the sum must be the count of the whole text.
func TestStreamEqualsText(t *testing.T) {
	texts, _ := benchTexts(t)
	defer func(n int) { chunkSize = n }(chunkSize)
	for _, sep := range []string{"\n", " ", ""} {
		whole := strings.Join(texts, sep)
		for _, size := range []int{1, 1 << 10} {
			chunkSize = size
			for _, enc := range Encodings() {
				c := newCounter(t, Options{Encoding: enc})
				want := c.Text(whole)
				got, err := c.Stream(iotest.HalfReader(strings.NewReader(whole)), 2)
				if err != nil || got != want {
					t.Errorf("%s, joined by %q, chunks of %d: Stream %d (%v), Text %d", enc, sep, size, got, err, want)
				}
			}
		}
		cuts, b, enc := 0, []byte(whole), newCounter(t, Options{Encoding: "r50k_base"}).enc
		for i := enc.Cut(b, 0); i != 0; i = enc.Cut(b, i+1) {
			cuts++
		}
		if cuts < 1000 {
			t.Fatalf("joined by %q: only %d cut points: the test cuts too little", sep, cuts)
		}
	}
}

func TestStreamNotUTF8(t *testing.T) {
	defer func(n int) { chunkSize = n }(chunkSize)
	chunkSize = 16
	c := newCounter(t, Options{})
	text := strings.Repeat("line of text\nmore\n", 10) + "caf\xe9\n"
	_, err := c.Stream(strings.NewReader(text), 2)
	var ne *NotUTF8Error
	if !errors.As(err, &ne) || ne.Offset != int64(strings.Index(text, "\xe9")) {
		t.Errorf("error %v, want the offset of the bad byte %d", err, strings.Index(text, "\xe9"))
	}
	if n, err := c.Stream(strings.NewReader(""), 2); n != 0 || err != nil {
		t.Errorf("empty: %d %v", n, err)
	}
}
