package count

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"image"
	"image/png"
	"testing"

	"github.com/convkit/convkit/chat"
)

// TestMessageRules checks the documented rules for the message shapes the
// cookbook does not handle, piece by piece.
func TestMessageRules(t *testing.T) {
	c := newCounter(t, Options{Model: "gpt-4o"})
	T := c.Text
	withExtra := func(m chat.Message, key, val string) chat.Message {
		m.Extra.Set(key, json.RawMessage(val))
		return m
	}
	call := chat.NewToolCall("call_1", "get_weather", `{"city":"Paris"}`)
	for _, tc := range []struct {
		name string
		m    chat.Message
		want int
	}{
		{"string content", msg("user", "", "Hello there"), 3 + T("user") + T("Hello there")},
		{"name", msg("user", "bob", "Hi"), 3 + T("user") + T("Hi") + T("bob") + 1},
		{"empty name still costs its token", withExtra(msg("user", "", "Hi"), "name", `""`), 3 + T("user") + T("Hi") + 1},
		{"null content", chat.Message{Role: "assistant", Content: chat.Content{Form: chat.ContentNull}}, 3 + T("assistant")},
		{"absent content", chat.Message{Role: "assistant"}, 3 + T("assistant")},
		{"text parts, each counted", chat.Message{Role: "user", Content: chat.Content{Form: chat.ContentParts,
			Parts: []chat.Part{chat.TextPart("first part"), chat.TextPart(" and second")}}}, 3 + T("user") + T("first part") + T(" and second")},
		{"tool calls: name and arguments", chat.Message{Role: "assistant", Content: chat.Content{Form: chat.ContentNull},
			ToolCalls: []chat.ToolCall{call, call}}, 3 + T("assistant") + 2*(T("get_weather")+T(`{"city":"Paris"}`))},
		{"tool message: content, not the call id", chat.Message{Role: "tool", ToolCallID: "call_1", Content: chat.TextContent(`{"temp": 21}`)},
			3 + T("tool") + T(`{"temp": 21}`)},
		{"refusal", withExtra(chat.Message{Role: "assistant", Content: chat.Content{Form: chat.ContentNull}}, "refusal", `"I can't help with that."`),
			3 + T("assistant") + T("I can't help with that.")},
		{"legacy function_call", withExtra(chat.Message{Role: "assistant"}, "function_call", `{"name":"f","arguments":"{}"}`), 3 + T("assistant") + T("f") + T("{}")},
		{"special-token text is ordinary", msg("user", "", "<|endoftext|>"), 3 + T("user") + T("<|endoftext|>")},
		{"audio part counts 0", chat.Message{Role: "user", Content: chat.Content{Form: chat.ContentParts,
			Parts: []chat.Part{{Type: "input_audio", Raw: json.RawMessage(`{"type":"input_audio"}`)}}}}, 3 + T("user")},
		{"thinking and redacted thinking parts count 0, as other parts that are no text", chat.Message{Role: "assistant", Content: chat.Content{Form: chat.ContentParts,
			Parts: []chat.Part{{Type: "thinking", Raw: json.RawMessage(`{"type":"thinking","thinking":"Fog, likely."}`)},
				{Type: "redacted_thinking", Raw: json.RawMessage(`{"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix"}`)}, chat.TextPart("Foggy.")}}},
			3 + T("assistant") + T("Foggy.")},
	} {
		if got := c.Message(&tc.m); got != tc.want {
			t.Errorf("%s: %d tokens, want %d", tc.name, got, tc.want)
		}
	}
	if T("<|endoftext|>") <= 1 {
		t.Errorf("<|endoftext|> counted as one special token")
	}
}

// TestImageEstimates checks the examples of OpenAI's "Images and vision" guide.
func TestImageEstimates(t *testing.T) {
	tiles := ImageCosts{Base: 85, Tile: 170}
	for _, tc := range []struct {
		k      ImageCosts
		detail string
		w, h   int
		want   int
	}{
		{tiles, "high", 1024, 1024, 765},                       // scaled to 768×768: 4 tiles
		{tiles, "high", 2048, 4096, 1105},                      // 1024×2048, then 768×1536: 6 tiles
		{tiles, "low", 4096, 8192, 85},                         // low detail: the base cost alone
		{tiles, "auto", 512, 512, 255},                         // one tile, never scaled up
		{ImageCosts{PatchMultiplier: 1}, "", 1024, 1024, 1024}, // 32×32 patches
		{ImageCosts{PatchMultiplier: 1}, "", 1800, 2400, 1452}, // scaled to 1056×1408: 33×44 patches
		{ImageCosts{PatchMultiplier: 1.62}, "", 1024, 1024, 1659},
	} {
		if got := imageTokens(tc.k, tc.detail, tc.w, tc.h); got != tc.want {
			t.Errorf("%+v %s %dx%d: %d tokens, want %d", tc.k, tc.detail, tc.w, tc.h, got, tc.want)
		}
	}
}

func TestImageSizeFromDataURL(t *testing.T) {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 2048, 4096))); err != nil {
		t.Fatal(err)
	}
	url := "data:image/png;base64," + base64.StdEncoding.EncodeToString(b.Bytes())
	c := newCounter(t, Options{Model: "gpt-4o", ImageSize: [2]int{512, 512}})
	m := chat.Message{Role: "user", Content: chat.Content{Form: chat.ContentParts, Parts: []chat.Part{chat.ImagePart(url, "high")}}}
	if got, want := c.Message(&m), 3+c.Text("user")+1105; got != want {
		t.Errorf("2048×4096 PNG: %d tokens, want %d", got, want)
	}
	if !Estimated(&m) {
		t.Errorf("an image count is not marked as an estimate")
	}
	// An image convkit cannot see is taken to be ImageSize.
	m.Content.Parts[0] = chat.ImagePart("https://example.com/cat.png", "high")
	if got, want := c.Message(&m), 3+c.Text("user")+255; got != want {
		t.Errorf("remote image with --image-size 512x512: %d tokens, want %d", got, want)
	}
	// WebP headers: lossy, lossless and extended (the last: the first bytes
	// of CPython's test image python.webp, 16×16).
	for _, tc := range []struct {
		hex  string
		w, h int
	}{
		{"52494646000000005745425056503820000000000000009d012a4001f000", 320, 240},
		{"5249464600000000574542505650384c000000002f3f013800", 320, 225},
		{"524946460000000057454250565038580000000000000000" + "3f0100ef0000", 320, 240},
		{"52494646a801000057454250565038580a000000100000000f00000f0000", 16, 16},
	} {
		raw, err := hex.DecodeString(tc.hex)
		if err != nil {
			t.Fatal(err)
		}
		raw = append(raw, make([]byte, 16)...)
		w, h, ok := dataURLSize("data:image/webp;base64," + base64.StdEncoding.EncodeToString(raw))
		if !ok || w != tc.w || h != tc.h {
			t.Errorf("webp %s: %d×%d %v, want %d×%d", tc.hex[24:32], w, h, ok, tc.w, tc.h)
		}
	}
}

func TestRawAndNonChatModels(t *testing.T) {
	c := newCounter(t, Options{Model: "text-embedding-3-small"})
	m := msg("user", "bob", "Embed this text")
	if got, want := c.Message(&m), c.Text("Embed this text"); got != want {
		t.Errorf("embedding model: %d tokens, want the content's %d", got, want)
	}
	if c.ReplyPriming() != 0 || c.Model().Encoding != "cl100k_base" || c.Model().ContextWindow != 8191 {
		t.Errorf("embedding model: %+v", c.Model())
	}
	old := newCounter(t, Options{Model: "gpt-3.5-turbo-0301"})
	m = msg("user", "bob", "Hi")
	if got, want := old.Message(&m), 4+old.Text("user")+old.Text("Hi")+old.Text("bob")-1; got != want {
		t.Errorf("gpt-3.5-turbo-0301: %d tokens, want %d (4 per message, -1 per name)", got, want)
	}
}

// TestToolEdges checks the documented rules where the cookbook's formula
// would fail: no description, no parameters, enum values that are not
// strings, tools that are not functions, a model that is not a chat model.
func TestToolEdges(t *testing.T) {
	c := newCounter(t, Options{Model: "gpt-4o"})
	T := c.Text
	conv := func(tools string) *chat.Conversation {
		cv := &chat.Conversation{}
		cv.Extra.Set("tools", json.RawMessage(tools))
		return cv
	}
	for _, tc := range []struct {
		name, tools string
		want        int
	}{
		{"no description, no parameters", `[{"type":"function","function":{"name":"now"}}]`, 7 + T("now:") + 12},
		{"numbers in an enum", `[{"type":"function","function":{"name":"f","description":"D.","parameters":{"type":"object","properties":{"n":{"type":"integer","enum":[1,2]}}}}}]`,
			7 + T("f:D") + 3 + 3 - 3 + 3 + T("1") + 3 + T("2") + T("n:integer:") + 12},
		{"a type list", `[{"type":"function","function":{"name":"f","parameters":{"properties":{"x":{"type":["string","null"]}}}}}]`,
			7 + T("f:") + 3 + 3 + T(`x:["string","null"]:`) + 12},
		{"not a function", `[{"type":"web_search"}]`, 0},
		{"not an array", `{"type":"function"}`, 0},
	} {
		if got := c.Tools(conv(tc.tools)); got != tc.want {
			t.Errorf("%s: %d tokens, want %d", tc.name, got, tc.want)
		}
	}
	emb := newCounter(t, Options{Model: "text-embedding-3-small"})
	if n := emb.Tools(conv(`[{"type":"function","function":{"name":"now"}}]`)); n != 0 {
		t.Errorf("embedding model counts %d tokens of tools", n)
	}
}
