package count

import (
	"bytes"
	"encoding/base64"
	"errors"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
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

// TestLongImageReadsAsImage writes data: URLs to a LongImage in parts of
// random sizes: the size it reads, and the estimate, must be Image's for
// the whole URL.
func TestLongImageReadsAsImage(t *testing.T) {
	encode := func(img image.Image, enc func(io.Writer, image.Image) error) string {
		var b bytes.Buffer
		if err := enc(&b, img); err != nil {
			t.Fatal(err)
		}
		return base64.StdEncoding.EncodeToString(b.Bytes())
	}
	pngData := encode(image.NewGray(image.Rect(0, 0, 2048, 4096)), png.Encode)
	jpegData := encode(image.NewRGBA(image.Rect(0, 0, 1000, 700)), func(w io.Writer, m image.Image) error { return jpeg.Encode(w, m, nil) })
	urls := []string{
		"data:image/png;base64," + pngData, "data:image/jpeg;base64," + jpegData,
		"data:image/png;base64," + pngData + strings.Repeat("QUFB", 100000), // a long tail after the header
		"data:;base64," + pngData, "data:image/png," + pngData, "data:image/png;base64," + pngData[:20],
		"data:image/png;base64,!!!!", "https://example.com/cat.png", "data:image/png;base64", "",
		"data:image/png;base64," + strings.Repeat("x", maxDataURLMeta), "data:" + strings.Repeat("x", maxDataURLMeta) + ";base64," + pngData,
	}
	c := newCounter(t, Options{Model: "gpt-4o", ImageSize: [2]int{512, 512}})
	r := rand.New(rand.NewPCG(5, 6))
	for _, url := range urls {
		w, h, ok := dataURLSize(url)
		l := c.LongImage()
		for rest := url; rest != ""; {
			n := min(len(rest), 1+r.IntN(3000))
			if _, err := l.Write([]byte(rest[:n])); err != nil {
				t.Fatal(err)
			}
			rest = rest[n:]
		}
		if err := l.Close(); err != nil || l.w != w || l.h != h || l.ok != ok {
			t.Fatalf("%.40q: LongImage %d×%d %v (%v), dataURLSize %d×%d %v", url, l.w, l.h, l.ok, err, w, h, ok)
		}
		whole := chat.ImagePart(url, "high")
		long := chat.Part{Type: "image_url", Detail: "high", Long: l}
		if c.Image(&long) != c.Image(&whole) {
			t.Fatalf("%.40q: Image %d by LongImage, %d whole", url, c.Image(&long), c.Image(&whole))
		}
	}
	if w, h, ok := dataURLSize("data:image/png;base64," + pngData); !ok || w != 2048 || h != 4096 {
		t.Fatalf("the PNG reads as %d×%d %v", w, h, ok)
	}
	l := c.LongImage()
	l.Write([]byte("data:image/png;base64," + pngData[:100]))
	l.Abort()
	// The data alone, as a vendor reader gives it when the block's media
	// type comes after it, reads as its data: URL does.
	alone := c.LongImage()
	for _, part := range []string{pngData[:7], pngData[7:5000], pngData[5000:]} {
		alone.Write([]byte(part))
	}
	if err := alone.Close(); err != nil || alone.w != 2048 || alone.h != 4096 || !alone.ok {
		t.Fatalf("the PNG's data alone reads as %d×%d %v (%v)", alone.w, alone.h, alone.ok, err)
	}
}
