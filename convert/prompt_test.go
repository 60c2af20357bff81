package convert

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
)

// render is a stand-in chat template: each message as <|role|>text, and an
// error for a conversation with no messages.
func render(c *chat.Conversation) (string, error) {
	if len(c.Messages) == 0 {
		return "", errors.New("no messages")
	}
	var b strings.Builder
	for _, m := range c.Messages {
		b.WriteString("<|" + string(m.Role) + "|>" + m.Content.PlainText())
	}
	return b.String(), nil
}

func TestPromptFormat(t *testing.T) {
	convs := []*chat.Conversation{
		{Messages: []chat.Message{{Role: chat.User, Content: chat.TextContent("a & \"b\"\n")}}},
		{Messages: []chat.Message{{Role: chat.User, Content: chat.TextContent("c")}}},
		{Messages: []chat.Message{{Role: chat.Assistant, Content: chat.TextContent("d")}}},
	}
	write := func(opts EncodeOptions, convs ...*chat.Conversation) (string, error) {
		var b bytes.Buffer
		enc := promptFormat.NewEncoder(&b, opts)
		for _, c := range convs {
			if err := enc.Encode(c); err != nil {
				return b.String(), err
			}
		}
		return b.String(), enc.Close()
	}
	// One conversation is its rendering, exactly; the next starts a line.
	for _, tc := range []struct {
		convs []*chat.Conversation
		want  string
	}{
		{convs[1:2], "<|user|>c"},
		{convs, "<|user|>a & \"b\"\n<|user|>c\n<|assistant|>d"},
	} {
		if got, err := write(EncodeOptions{Render: render}, tc.convs...); err != nil || got != tc.want {
			t.Errorf("text: %q, %v; want %q", got, err, tc.want)
		}
	}
	want := `{"text":"<|user|>a & \"b\"\n"}` + "\n" + `{"text":"<|user|>c"}` + "\n" + `{"text":"<|assistant|>d"}` + "\n"
	if got, err := write(EncodeOptions{Render: render, Lines: true}, convs...); err != nil || got != want {
		t.Errorf("lines: %q, %v; want %q", got, err, want)
	}
	if _, err := write(EncodeOptions{}, convs[0]); !errors.Is(err, ErrNoRenderer) {
		t.Errorf("no renderer: %v", err)
	}
	if _, err := write(EncodeOptions{Render: render}, convs[0], &chat.Conversation{}); err == nil || err.Error() != "no messages" {
		t.Errorf("a render that fails: %v", err)
	}
}

// TestPromptLosses: what a chat template is never given (conversation
// fields but the tools, metadata), and what this one does not render of
// what it is given (here: tool calls, names, fields), are told once each
// and refused under Strict; a conversation it renders whole tells nothing.
func TestPromptLosses(t *testing.T) {
	whole := decodeAll(t, apiFormat, []byte(`{"tools":[],"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"  Hi\n"}]}`))
	if _, warnings, err := encodeWith(promptFormat, whole, EncodeOptions{Render: render, Strict: true}); err != nil || len(warnings) > 0 {
		t.Errorf("a conversation rendered whole: %v, warnings %q", err, warnings)
	}
	lossy := decodeAll(t, metaFormat, []byte(`{"model":"m","messages":[
	{"role":"user","name":"bob","content":"Weather?","metadata":{"timestamp":"2025-01-01T00:00:00Z"}},
	{"role":"assistant","content":"","tool_calls":[{"id":"c1","type":"function","function":{"name":"weather","arguments":"{}"}}]},
	{"role":"tool","tool_call_id":"c1","name":"weather","content":"15C"},
	{"role":"assistant","content":[{"type":"thinking","thinking":"It said 15C."},{"type":"text","text":"15C."}],"reasoning_content":"It said 15C."}]}`))
	_, warnings, err := encodeWith(promptFormat, lossy, EncodeOptions{Render: render})
	if err != nil {
		t.Fatal(err)
	}
	checkWarnings(t, warnings,
		"prompt: conversation fields other than tools (model, title …), which a chat template is not given, dropped",
		"prompt: message metadata, which a chat template is not given, dropped",
		"prompt: message names the chat template does not render dropped",
		"prompt: tool calls the chat template does not render dropped",
		"prompt: thinking the chat template does not render dropped",
		`prompt: message field "reasoning_content", which the chat template does not render, dropped`)
	var le *LossError
	if _, _, err := encodeWith(promptFormat, lossy, EncodeOptions{Render: render, Strict: true}); !errors.As(err, &le) {
		t.Errorf("under Strict: %v, want a LossError", err)
	}
}

// TestPromptLossesToJSON checks that a text a template writes through
// tojson, as gpt-oss's and Llama 3.1's write a tool result, is not told
// as dropped, and so that --strict renders such conversations.
func TestPromptLossesToJSON(t *testing.T) {
	conv := decodeAll(t, apiFormat, []byte(`{"messages":[{"role":"user","content":"Weather?"},
	{"role":"tool","tool_call_id":"c1","content":"{\"temp\": 22,\n \"unit\": \"°C\"}"}]}`))
	toJSON := func(c *chat.Conversation) (string, error) {
		var b strings.Builder
		for _, m := range c.Messages {
			quoted, err := json.Marshal(m.Content.PlainText())
			if err != nil {
				return "", err
			}
			b.WriteString("<|" + string(m.Role) + "|>" + string(quoted))
		}
		return b.String(), nil
	}
	if _, warnings, err := encodeWith(promptFormat, conv, EncodeOptions{Render: toJSON, Strict: true}); err != nil || len(warnings) > 0 {
		t.Errorf("a tool result written by tojson: %v, warnings %q", err, warnings)
	}
}
