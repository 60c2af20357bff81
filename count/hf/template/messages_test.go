package template

import (
	"testing"

	"github.com/convkit/convkit/chat"
)

// TestMessagesKeepOtherFields checks that a message's fields convkit does
// not model reach the template as transformers passes them, parsed:
// gpt-oss's template renders "thinking".
func TestMessagesKeepOtherFields(t *testing.T) {
	c := &chat.Conversation{Messages: []chat.Message{{
		Role:    chat.Assistant,
		Content: chat.TextContent("4"),
		Extra:   chat.Fields{{Key: "thinking", Value: []byte(`"2+2"`)}, {Key: "meta", Value: []byte(`{"n": 1}`)}},
	}}}
	tpl, err := Parse("{{ messages[0].thinking }}|{{ messages | tojson }}")
	if err != nil {
		t.Fatal(err)
	}
	got, err := tpl.Render(map[string]any{"messages": Messages(c)})
	want := `2+2|[{"role": "assistant", "content": "4", "thinking": "2+2", "meta": {"n": 1}}]`
	if err != nil || got != want {
		t.Errorf("got %q, %v\nwant %q", got, err, want)
	}
}
