package convert

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
)

// TestRedactedThinking: an Anthropic redacted_thinking block goes back to
// anthropic byte for byte; a transcript shows that one was there, marked,
// not its encrypted data; every other writer that cannot hold it says
// so once, naming it, and Strict refuses it (jsonl, which keeps it,
// only tells).
func TestRedactedThinking(t *testing.T) {
	const block = `{"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix"}`
	data := []byte(`{"messages":[{"role":"user","content":"Weather?"},
{"role":"assistant","content":[` + block + `,{"type":"text","text":"Foggy."}]}]}`)
	convs, err := decodeWith(anthropicFormat, data, DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	const named = "redacted thinking blocks (Anthropic's encrypted reasoning)"
	for _, tc := range []struct {
		format, shows, warning string
	}{
		{"anthropic", `"data": "EmwKAhgBEgy3va3pzix"`, ""},
		{"meta", `"type": "redacted_thinking"`, ""},
		{"api", "Foggy.", "api: " + named + ", which the API has no type for, dropped (--keep-vendor keeps them)"},
		{"jsonl", block, "jsonl: " + named + ", which OpenAI's API and fine-tuning have no type for, kept: convkit validate refuses them (-f api drops them)"},
		{"text", "ASSISTANT: [redacted thinking]\nFoggy.", "text: " + named + " marked where they were, their data dropped"},
		{"markdown", "> *Redacted thinking*\n\nFoggy.", "markdown: " + named + " marked where they were, their data dropped"},
		{"html", `<p class="meta">[redacted thinking]</p>`, "html: " + named + " marked where they were, their data dropped"},
		{"chatml", "[redacted thinking]\nFoggy.", "chatml: " + named + " written as text placeholders"},
		{"sharegpt", `"value": "[redacted thinking]\nFoggy."`, "sharegpt: " + named + " written as text placeholders"},
		{"gemini", `"text": "[redacted thinking]"`, "gemini: " + named + " written as text placeholders"},
		{"responses", `"text": "[redacted thinking]"`, "responses: " + named + " written as text placeholders"},
		{"prompt", "<|assistant|>Foggy.", "prompt: " + named + ", which the chat template does not render, dropped"},
	} {
		out, warnings, err := encodeWith(mustFormat(t, tc.format), convs, EncodeOptions{Render: render})
		if err != nil {
			t.Fatalf("%s: %v", tc.format, err)
		}
		if !strings.Contains(string(out), tc.shows) {
			t.Errorf("%s writes\n%s\nwant it to hold %q", tc.format, out, tc.shows)
		}
		if tc.format != "anthropic" && tc.format != "meta" && tc.format != "jsonl" && strings.Contains(string(out), "EmwK") {
			t.Errorf("%s writes the encrypted data:\n%s", tc.format, out)
		}
		if tc.warning == "" {
			if len(warnings) > 0 {
				t.Errorf("%s warns %q, want nothing", tc.format, warnings)
			}
			continue
		}
		if !slices.Equal(warnings, []string{tc.warning}) {
			t.Errorf("%s warns %q, want %q", tc.format, warnings, tc.warning)
		}
		var loss *LossError
		_, _, err = encodeWith(mustFormat(t, tc.format), convs, EncodeOptions{Render: render, Strict: true})
		switch {
		case tc.format == "jsonl" && err != nil:
			t.Errorf("jsonl under Strict: %v, want the block kept", err)
		case tc.format != "jsonl" && (!errors.As(err, &loss) || !strings.HasPrefix(loss.Kind, named)):
			t.Errorf("%s under Strict: %v, want the redacted thinking refused", tc.format, err)
		}
	}
	if out, _, err := encodeWith(apiFormat, convs, EncodeOptions{KeepVendor: true}); err != nil || !strings.Contains(string(out), `"data": "EmwKAhgBEgy3va3pzix"`) {
		t.Errorf("api with KeepVendor writes\n%s (%v), want the block kept", out, err)
	}
	back, _, err := encodeWith(anthropicFormat, convs, EncodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	again, err := decodeWith(anthropicFormat, back, DecodeOptions{})
	if err != nil || len(again) != 1 || string(again[0].Messages[1].Content.Parts[0].Raw) != block {
		t.Errorf("anthropic → anthropic gives the block %v (%v), want it byte for byte", again, err)
	}
	if got := contentText(chat.Content{Form: chat.ContentParts, Parts: convs[0].Messages[1].Content.Parts}); got != "[redacted thinking]\nFoggy." {
		t.Errorf("html's index snippet reads %q", got)
	}
}
