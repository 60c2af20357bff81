package convert

import (
	"bytes"
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
