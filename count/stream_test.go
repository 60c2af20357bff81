package count

import (
	"errors"
	"io"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"time"

	"github.com/convkit/convkit/internal/longtest"
)

// TestStreamEqualsText counts the whole reference corpus, joined by line
// ends, into one line by spaces, and with no separator, in small chunks:
// the sum must be the count of the whole text. Without -tags long, every
// 4th string of the corpus.
func TestStreamEqualsText(t *testing.T) {
	texts, _ := benchTexts(t)
	texts = longtest.Sample(texts, 4)
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

// spaceless is text with no space or line end for tens of megabytes, made
// on the fly: Chinese with its own punctuation, then base64.
type spaceless struct {
	n   int // bytes still to give
	rng uint64
	buf []byte
}

func (s *spaceless) Read(p []byte) (int, error) {
	const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	if s.n <= 0 {
		return 0, io.EOF
	}
	if len(s.buf) == 0 {
		s.buf = append(s.buf[:0], "这是一段没有空格的中文，也没有换行。"...)
		for range 300 {
			s.rng = s.rng*6364136223846793005 + 1442695040888963407
			s.buf = append(s.buf, b64[s.rng>>58])
		}
	}
	n := copy(p[:min(len(p), s.n)], s.buf)
	s.buf, s.n = s.buf[n:], s.n-n
	return n, nil
}

// TestStreamMemoryIsFlat counts 40 MB with no space or line end in it while
// watching the heap: it must stay far below the input's size.
func TestStreamMemoryIsFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("counts 40 MB")
	}
	const size = 40 << 20
	peak := watchHeap(t)
	for _, enc := range []string{"o200k_base", "r50k_base"} {
		n, err := newCounter(t, Options{Encoding: enc}).Stream(&spaceless{n: size}, 2)
		if err != nil || n < size/8 {
			t.Errorf("%s: %d tokens, %v", enc, n, err)
		}
	}
	// Holding the text whole would exceed this; garbage the collector has
	// not yet reclaimed on a loaded machine does not.
	if p := peak(); p > size/2 {
		t.Errorf("heap in use reached %d MB counting %d MB", p>>20, size>>20)
	}
}

// watchHeap samples the heap in use until the test ends or the returned
// function is called, which returns the peak.
func watchHeap(t *testing.T) func() uint64 {
	var peak atomic.Uint64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			peak.Store(max(peak.Load(), ms.HeapInuse))
			select {
			case <-stop:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	var once sync.Once
	end := func() uint64 {
		once.Do(func() { close(stop); <-done })
		return peak.Load()
	}
	t.Cleanup(func() { end() })
	return end
}

// drawn is about n bytes of strings drawn at random from from, made on the
// fly: the draws end once they reach n bytes.
type drawn struct {
	from []string
	n    int
	rng  uint64
	left string // of the last string drawn
}

func (d *drawn) Read(p []byte) (int, error) {
	k := 0
	for k < len(p) {
		if d.left == "" {
			if d.n <= 0 {
				break
			}
			d.rng = d.rng*6364136223846793005 + 1442695040888963407
			d.left = d.from[(d.rng>>33)%uint64(len(d.from))]
			d.n -= len(d.left)
		}
		c := copy(p[k:], d.left)
		d.left, k = d.left[c:], k+c
	}
	if k == 0 {
		return 0, io.EOF
	}
	return k, nil
}

// TestStreamRunMemoryIsFlat counts stretches of 16 MB with no cut, runs of
// one character and runs of one kind (abab, aBaB, DNA, digits, symbols,
// kinds of letters that alternate, line ends and slashes, symbols and
// marks), while watching the heap: it must stay
// far below the stretch's size, and the count must be Text's. Without
// -tags long, a run of one character and one of kinds that alternate.
func TestStreamRunMemoryIsFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("counts 16 MB stretches")
	}
	const size = 16 << 20
	every := longtest.Scale(8, 1) // go test: {"a"} and {"A中"}
	for i, from := range [][]string{
		{"a"}, {" "}, {"中"}, {"ab"}, {"aB"}, {"A", "C", "G", "T"},
		{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, {"=", "-", "+", "*", "#", "😀", "€", "/"},
		{"A中"}, {"AB中中"}, {"A", "中"}, {"a", "中", "\u0301"}, {"\n", "/"},
		{"-", "😀", "\u2764\ufe0f", "\u0301"},
	} {
		if i%every != 0 {
			continue
		}
		// p50k_base splits text as r50k_base does, so it streams alike.
		for _, enc := range []string{"o200k_base", "cl100k_base", "r50k_base"} {
			c := newCounter(t, Options{Encoding: enc})
			text, _ := io.ReadAll(&drawn{from: from, n: size})
			want := c.Text(string(text))
			text = nil
			runtime.GC()
			peak := watchHeap(t)
			n, err := c.Stream(&drawn{from: from, n: size}, 2)
			if err != nil || n != want {
				t.Errorf("%s, %q: Stream %d (%v), Text %d", enc, from, n, err, want)
			}
			// Held whole, the stretch alone is 16 MB. Stretches of short
			// pieces go in chunks, as text with cuts does: a few of them in
			// flight and those the collector has not yet reclaimed come to
			// about 5 MB on a loaded machine.
			if p := peak(); p > size/2 {
				t.Errorf("%s, %q: heap in use reached %d MB counting %d MB", enc, from, p>>20, size>>20)
			}
			t.Logf("%s, %q: heap in use at most %.1f MB", enc, from, float64(peak())/(1<<20))
		}
	}
}
