package count_test

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/png"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/count"
)

// TestVendorLongImagesCount reads a request holding a long PNG, plain and
// kept as JSON, in each vendor format whose reader gives an image's data
// to a sink: counted by the sinks, its tokens are those of the request
// read whole, and the plain image is counted by its size (2048×4096),
// read from its header, not by the Counter's default; with the media
// type after the data too.
func TestVendorLongImagesCount(t *testing.T) {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 2048, 4096))); err != nil {
		t.Fatal(err)
	}
	data := base64.StdEncoding.EncodeToString(b.Bytes()) + strings.Repeat("QUFB", 1<<21) // a long tail after the header
	docs := map[string]string{
		"anthropic": `{"messages":[{"role":"user","content":[{"type":"text","text":"what?"},` +
			`{"type":"image","source":{"type":"base64","media_type":"image/png","data":"` + data + `"}},` +
			`{"type":"image","source":{"type":"base64","media_type":"image/png","data":"` + data + `"},"cache_control":{"type":"ephemeral"}}]}]}`,
		"gemini": `{"contents":[{"role":"user","parts":[{"text":"what?"},{"inlineData":{"mimeType":"image/png","data":"` + data + `"}},` +
			`{"inlineData":{"mimeType":"image/png","data":"` + data + `"},"mediaResolution":"low"}]}]}`,
		// The media type after the data: the sink takes the data alone.
		"anthropic media_type last": `{"messages":[{"role":"user","content":[{"type":"text","text":"what?"},` +
			`{"type":"image","source":{"type":"base64","data":"` + data + `","media_type":"image/png"}},` +
			`{"type":"image","source":{"type":"base64","data":"` + data + `","media_type":"image/png"},"cache_control":{"type":"ephemeral"}}]}]}`,
		"gemini mimeType last": `{"contents":[{"role":"user","parts":[{"text":"what?"},{"inlineData":{"data":"` + data + `","mimeType":"image/png"}},` +
			`{"inline_data":{"data":"` + data + `","mime_type":"image/png"},"mediaResolution":"low"}]}]}`,
		"responses": `{"input":[{"role":"user","content":[{"type":"input_text","text":"what?"},` +
			`{"type":"input_image","image_url":"data:image/png;base64,` + data + `"},` +
			`{"type":"input_image","image_url":"data:image/png;base64,` + data + `","file_id":"f1"}]}]}`,
	}
	counter, err := count.New(count.Options{Model: "gpt-4o", ImageSize: [2]int{512, 512}})
	if err != nil {
		t.Fatal(err)
	}
	read := func(name, doc string, long func(chat.LongKind) chat.Sink) *chat.Conversation {
		format, _, _ := strings.Cut(name, " ")
		f, err := convert.Lookup(format)
		if err != nil {
			t.Fatal(err)
		}
		dec := f.NewDecoder(strings.NewReader(doc), convert.DecodeOptions{Long: long})
		c, err := dec.Decode()
		if err != nil {
			t.Fatal(name, err)
		}
		return c
	}
	for format, doc := range docs {
		held := read(format, doc, nil)
		sunk := 0
		sinks := counter.Sinks(1)
		long := read(format, doc, func(kind chat.LongKind) chat.Sink { sunk++; return sinks(kind) })
		plain := long.Messages[0].Content.Parts[1]
		if sunk != 2 || plain.Long == nil {
			t.Fatalf("%s: %d strings to sinks, the plain image's %T, want both images' data", format, sunk, plain.Long)
		}
		if got, want := counter.Conversation(long), counter.Conversation(held); got != want {
			t.Errorf("%s: %d tokens counted by sinks, %d read whole", format, got, want)
		}
		if got, dflt := counter.Image(&plain), counter.Image(&chat.Part{Type: "image_url", ImageURL: "https://x/y.png"}); got == dflt {
			t.Errorf("%s: the plain image counts %d, the default size's count", format, got)
		}
	}
}
