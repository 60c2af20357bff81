package trim

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/chatgen"
)

// words is a counter whose counts can be worked out by hand: a message
// costs 3, plus one per word of its text, plus one for a name, plus 3 and
// one per word of each tool call's name and arguments; a conversation
// costs 3 for the reply priming and 10 for tool definitions.
type words struct{}

func (words) Message(m *chat.Message) int {
	n := 3 + len(strings.Fields(m.Content.PlainText()))
	if m.Name != "" {
		n++
	}
	for _, tc := range m.ToolCalls {
		n += 3 + len(strings.Fields(tc.Name+" "+tc.Arguments))
	}
	return n
}

func (words) Fixed(c *chat.Conversation) int {
	if c.Extra.Has("tools") {
		return 13
	}
	return 3
}

func cost(c Counter, conv *chat.Conversation) int {
	if w, ok := c.(Whole); ok {
		n, err := w.Conversation(conv)
		if err != nil {
			panic(err)
		}
		return n
	}
	n := c.Fixed(conv)
	for i := range conv.Messages {
		n += c.Message(&conv.Messages[i])
	}
	return n
}

var msg = chatgen.Msg

// call is an assistant message calling a tool for each id.
var call = chatgen.Call

var answer = chatgen.Answer

func named(m chat.Message, name string) chat.Message {
	m.Name = name
	return m
}

func conv(msgs ...chat.Message) *chat.Conversation { return &chat.Conversation{Messages: msgs} }

// clone copies a conversation deeply, to check that Trim changed nothing.
func clone(c *chat.Conversation) *chat.Conversation {
	out := *c
	out.Extra = append(chat.Fields(nil), c.Extra...)
	out.Messages = nil
	for _, m := range c.Messages {
		m.Content.Parts = append([]chat.Part(nil), m.Content.Parts...)
		m.ToolCalls = append([]chat.ToolCall(nil), m.ToolCalls...)
		m.Meta = append(chat.Fields(nil), m.Meta...)
		m.Extra = append(chat.Fields(nil), m.Extra...)
		out.Messages = append(out.Messages, m)
	}
	return &out
}

// layout describes a result by the input indexes of its messages: "0 3 4",
// M for a marker, C3 for a cut copy of message 3. Kept messages must equal
// their input message exactly.
func layout(t *testing.T, in, out *chat.Conversation) string {
	t.Helper()
	var parts []string
	next := 0 // input messages appear in order
outer:
	for _, m := range out.Messages {
		for i := next; i < len(in.Messages); i++ {
			if reflect.DeepEqual(m, in.Messages[i]) {
				parts = append(parts, fmt.Sprint(i))
				next = i + 1
				continue outer
			}
		}
		for i := next; i < len(in.Messages); i++ {
			o := in.Messages[i]
			if o.Role == m.Role && o.Name == m.Name && o.Content.Form == chat.ContentString && m.Content.Text != o.Content.Text &&
				(strings.HasSuffix(o.Content.Text, m.Content.Text) || strings.HasPrefix(o.Content.Text, m.Content.Text)) {
				parts = append(parts, fmt.Sprintf("C%d", i))
				next = i + 1
				continue outer
			}
		}
		parts = append(parts, "M")
	}
	return strings.Join(parts, " ")
}

// jsonOf renders a value for failure messages.
func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
