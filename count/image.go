package count

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"image"
	_ "image/gif" // DecodeConfig reads the sizes of the image types the API takes
	_ "image/jpeg"
	_ "image/png"
	"io"
	"math"
	"strings"

	"github.com/convkit/convkit/chat"
)

// Image estimates the tokens of an image_url part by OpenAI's published
// rules ("Images and vision" guide). Its size is read from a data: URL
// (PNG, JPEG, GIF, WebP headers only); any other image is taken to be the
// Counter's image size.
//
// Tile models: detail "low" costs Base. Otherwise (high, auto, unset) the
// image is scaled down to fit in 2048×2048, then down so that its shorter
// side is at most 768, and costs Base plus Tile per 512px tile.
// Patch models: the image is cut in 32px patches; above 1536 patches it is
// scaled down to fit in 1536; the patches times PatchMultiplier, rounded up.
func (c *Counter) Image(p *chat.Part) int {
	var w, h int
	var ok bool
	if l, long := chat.Counted(p.Long).(*LongImage); long {
		w, h, ok = l.w, l.h, l.ok
	} else {
		w, h, ok = dataURLSize(p.ImageURL)
	}
	if !ok {
		w, h = c.imageSize[0], c.imageSize[1]
	}
	return imageTokens(c.model.Image, p.Detail, w, h)
}

func imageTokens(k ImageCosts, detail string, w, h int) int {
	if k.PatchMultiplier > 0 {
		return int(math.Ceil(float64(patches(float64(w), float64(h))) * k.PatchMultiplier))
	}
	if detail == "low" {
		return k.Base
	}
	fw, fh := float64(w), float64(h)
	if s := 2048 / math.Max(fw, fh); s < 1 {
		fw, fh = fw*s, fh*s
	}
	if s := 768 / math.Min(fw, fh); s < 1 {
		fw, fh = fw*s, fh*s
	}
	tiles := math.Ceil(fw/512) * math.Ceil(fh/512)
	return k.Base + k.Tile*int(tiles)
}

// patches counts the 32px patches of a w×h image, at most 1536.
func patches(w, h float64) int {
	const size, most = 32, 1536
	n := math.Ceil(w/size) * math.Ceil(h/size)
	if n <= most {
		return int(n)
	}
	s := math.Sqrt(size * size * most / (w * h))
	s *= math.Min(math.Floor(w*s/size)/(w*s/size), math.Floor(h*s/size)/(h*s/size))
	n = math.Ceil(w*s/size) * math.Ceil(h*s/size)
	return int(math.Min(n, most))
}

// dataURLSize reads the width and height of a base64 data: URL image,
// decoding only as much as its header needs.
func dataURLSize(url string) (w, h int, ok bool) {
	return dataURLSizeFrom(strings.NewReader(url))
}

// maxDataURLMeta is how far into a data: URL its comma may be.
const maxDataURLMeta = 4 << 10

// dataURLSizeFrom is dataURLSize for a URL read from url, of which it reads
// only as much as the header needs.
func dataURLSizeFrom(url io.Reader) (w, h int, ok bool) {
	br := bufio.NewReaderSize(url, maxDataURLMeta)
	rest, err := br.ReadSlice(',')
	if err != nil {
		return 0, 0, false
	}
	meta, found := bytes.CutPrefix(rest[:len(rest)-1], []byte("data:"))
	if !found || !bytes.HasSuffix(meta, []byte(";base64")) {
		return 0, 0, false
	}
	return base64ImageSize(br)
}

// dataSizeFrom reads the size of an image from a data: URL, or from its
// base64 data alone (a vendor's image block whose media type came after
// its data, which a reader gives its sink alone): the size is the
// image's header's, whatever the URL's media type.
func dataSizeFrom(r io.Reader) (w, h int, ok bool) {
	br := bufio.NewReaderSize(r, maxDataURLMeta)
	if head, _ := br.Peek(len("data:")); string(head) == "data:" {
		return dataURLSizeFrom(br)
	}
	return base64ImageSize(br)
}

// base64ImageSize reads the size of an image from its base64 data,
// decoding only as much as its header needs.
func base64ImageSize(data io.Reader) (w, h int, ok bool) {
	r := base64.NewDecoder(base64.StdEncoding, data)
	var head [30]byte
	n, _ := io.ReadFull(r, head[:])
	if w, h, ok := webpSize(head[:n]); ok {
		return w, h, true
	}
	cfg, _, err := image.DecodeConfig(io.MultiReader(strings.NewReader(string(head[:n])), r))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return 0, 0, false
	}
	return cfg.Width, cfg.Height, true
}

// webpSize reads the canvas size of a WebP file from its first 30 bytes.
func webpSize(b []byte) (w, h int, ok bool) {
	if len(b) < 30 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WEBP" {
		return 0, 0, false
	}
	u24 := func(b []byte) int { return int(b[0]) | int(b[1])<<8 | int(b[2])<<16 }
	switch string(b[12:16]) {
	case "VP8 ": // lossy: the frame header after the start code 9d 01 2a
		return int(binary.LittleEndian.Uint16(b[26:]) & 0x3fff), int(binary.LittleEndian.Uint16(b[28:]) & 0x3fff), true
	case "VP8L": // lossless: 14 bits each of width-1 and height-1 after the signature byte
		bits := binary.LittleEndian.Uint32(b[21:])
		return int(bits&0x3fff) + 1, int(bits>>14&0x3fff) + 1, true
	case "VP8X": // extended: 24 bits each of canvas width-1 and height-1
		return u24(b[24:]) + 1, u24(b[27:]) + 1, true
	}
	return 0, 0, false
}
