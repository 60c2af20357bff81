package convert

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
)

// textSink keeps a long text.
type textSink struct {
	bytes.Buffer
	closed, aborted int
}

func (s *textSink) Close() error { s.closed++; return nil }
func (s *textSink) Abort()       { s.aborted++ }

// decodeWithSinks decodes data as format, with or without sinks for long
// texts, and returns the conversations and the sinks.
func decodeWithSinks(t *testing.T, format string, data []byte, sinks bool) ([]*chat.Conversation, []*textSink, error) {
	t.Helper()
	f, err := Lookup(format)
	if err != nil {
		t.Fatal(err)
	}
	var made []*textSink
	opts := DecodeOptions{}
	if sinks {
		opts.Long = func(chat.LongKind) chat.Sink {
			made = append(made, &textSink{})
			return made[len(made)-1]
		}
	}
	convs, err := readAllConversations(f.NewDecoder(bytes.NewReader(data), opts))
	return convs, made, err
}

// TestLongTextGoesToSink reads conversations whose messages hold texts of
// megabytes, in every shape the message-at-a-time readers take, with and
// without sinks: with them, each long text, and only those, is in a sink,
// closed once, and the conversations are otherwise those read whole.
func TestLongTextGoesToSink(t *testing.T) {
	long := strings.Repeat("Long text, \"quoted\", \\ é 中 😀\n", 1<<16) // 2.4 MB, 3 MB as JSON
	url := "data:image/png;base64," + strings.Repeat("QUFB", 1<<19)
	msgs := []map[string]any{
		{"role": "system", "content": "short"},
		{"role": "user", "content": long, "name": "x", "metadata": map[string]any{"k": 1}},
		{"role": "assistant", "content": []any{
			map[string]any{"type": "text", "text": "short part"},
			map[string]any{"type": "text", "text": long + "2"},
			map[string]any{"type": "image_url", "image_url": map[string]any{"url": "https://x/y.png"}},
			map[string]any{"type": "image_url", "image_url": map[string]any{"url": url, "detail": "low"}},
			map[string]any{"type": "image_url", "image_url": url + "2"},
			map[string]any{"type": "input_audio", "input_audio": map[string]any{"data": url[22:], "format": "wav"}},
			map[string]any{"type": "file", "file": map[string]any{"filename": "a.pdf", "file_data": url}},
		}},
		{"role": "assistant", "content": nil, "tool_calls": []any{
			map[string]any{"id": "c1", "type": "function", "function": map[string]any{"name": "f", "arguments": "{}"}},
			map[string]any{"id": "c2", "type": "function", "function": map[string]any{"name": "g", "arguments": long + "4"}},
			map[string]any{"id": "c3", "type": "custom", "custom": map[string]any{"name": "h", "input": long + "5"}},
		}},
		{"role": "tool", "tool_call_id": "c1", "content": long + "3"},
	}
	js := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	cases := []struct{ format, doc string }{
		{"api", js(msgs)},
		{"api", js(map[string]any{"model": "gpt-4o", "messages": msgs, "temperature": 0})},
		{"api", js([]any{map[string]any{"messages": msgs}, msgs})},
		{"meta", js(map[string]any{"conversation_id": "c", "messages": msgs})},
		{"jsonl", js(map[string]any{"messages": msgs[:1]}) + "\n" + js(map[string]any{"messages": msgs}) + "\n" + js(msgs) + "\n"},
	}
	for _, c := range cases {
		want, _, err := decodeWithSinks(t, c.format, []byte(c.doc), false)
		if err != nil {
			t.Fatalf("%s: %v", c.format, err)
		}
		got, sinks, err := decodeWithSinks(t, c.format, []byte(c.doc), true)
		if err != nil {
			t.Fatalf("%s, with sinks: %v", c.format, err)
		}
		longs := 0
		for _, conv := range want {
			for _, m := range conv.Messages {
				if len(m.Content.Text) > 1<<20 {
					longs++
				}
				for _, p := range m.Content.Parts {
					if len(p.Text) > 1<<20 || len(p.ImageURL) > 1<<20 || len(p.Raw) > 1<<20 {
						longs++
					}
				}
				for _, tc := range m.ToolCalls {
					if len(tc.Arguments) > 1<<20 {
						longs++
					}
				}
			}
		}
		if len(sinks) != longs || longs == 0 {
			t.Fatalf("%s: %d sinks for %d long texts", c.format, len(sinks), longs)
		}
		for _, s := range sinks {
			if s.closed != 1 || s.aborted != 0 {
				t.Fatalf("%s: a sink closed %d and aborted %d times", c.format, s.closed, s.aborted)
			}
		}
		// Put each text back from its sink, and the part's Raw from the
		// conversation read whole: the rest must be as read whole.
		for i, conv := range got {
			for j := range conv.Messages {
				m := &conv.Messages[j]
				if s, ok := m.Content.Long.(*textSink); ok {
					if m.Content.Text != "" {
						t.Fatalf("%s: message %d has a sink and a text", c.format, j)
					}
					m.Content.Text, m.Content.Long = s.String(), nil
				}
				for k := range m.Content.Parts {
					p := &m.Content.Parts[k]
					if s, ok := p.Long.(*textSink); ok {
						if p.Text != "" || p.ImageURL != "" || p.Raw != nil {
							t.Fatalf("%s: part %d of message %d has a sink and a text, URL or Raw", c.format, k, j)
						}
						switch p.Type {
						case "image_url":
							p.ImageURL = s.String()
						case "input_audio", "file":
							if !strings.Contains(string(want[i].Messages[j].Content.Parts[k].Raw), `"`+s.String()+`"`) {
								t.Fatalf("%s: part %d of message %d: its sink does not hold its data", c.format, k, j)
							}
						default:
							p.Text = s.String()
						}
						p.Long, p.Raw = nil, want[i].Messages[j].Content.Parts[k].Raw
					}
				}
				for k := range m.ToolCalls {
					tc := &m.ToolCalls[k]
					if s, ok := tc.Long.(*textSink); ok {
						if tc.Arguments != "" || tc.Raw != nil {
							t.Fatalf("%s: tool call %d of message %d has a sink and arguments or Raw", c.format, k, j)
						}
						tc.Arguments, tc.Long, tc.Raw = s.String(), nil, want[i].Messages[j].ToolCalls[k].Raw
					}
				}
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: with sinks, the conversations differ from those read whole", c.format)
		}
	}
}

// TestHeldContentAgreesWithWhole reads documents whose messages hold a
// string content of megabytes, without sinks, as a stream does (the
// content goes to a heldText) and parsed whole: the conversations and
// the warnings are the same, a lone surrogate in the long content told.
func TestHeldContentAgreesWithWhole(t *testing.T) {
	// 8 MB as JSON: the stream's reads end inside it once past a megabyte.
	unit := `Long text, \"quoted\", \\ é 中 😀\n \u00e9\ud83d\ude00`
	long := strings.Repeat(unit, 1<<17)
	msgs := `[{"role":"system","content":"short"},{"role":"user","content":"\ud800` + long + `","name":"x"},` +
		`{"role":"assistant","content":[{"type":"text","text":"` + strings.Repeat(unit, 1<<14) + `"}]},{"role":"user","content":"` + long + `"}]`
	for _, doc := range []string{msgs, `{"model":"m","messages":` + msgs + `}`, `[{"messages":` + msgs + `},` + msgs + `]`} {
		var streamedWarnings, wholeWarnings []string
		warn := func(to *[]string) func(Pos, string) {
			return func(p Pos, msg string) { *to = append(*to, fmt.Sprint(p, msg)) }
		}
		streamed, err := readAllConversations(newJSONDocumentDecoder(strings.NewReader(doc), DecodeOptions{Warn: warn(&streamedWarnings)}))
		if err != nil {
			t.Fatal(err)
		}
		v, err := parseJSON([]byte(doc), 1)
		if err != nil {
			t.Fatal(err)
		}
		jr := newJSONReader(DecodeOptions{Warn: warn(&wholeWarnings)})
		whole, err := jr.conversations(v)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(streamed, whole) {
			t.Fatalf("%.40s: streamed conversations differ from those read whole", doc)
		}
		if !reflect.DeepEqual(streamedWarnings, wholeWarnings) || len(wholeWarnings) == 0 {
			t.Fatalf("%.40s: streamed warnings %q, read whole %q", doc, streamedWarnings, wholeWarnings)
		}
	}
}
