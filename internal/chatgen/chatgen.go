// Package chatgen generates conversations for property tests: well formed,
// with tool calls, parallel calls answered in any order, names and unknown
// fields; and Lumpy, a token counter shaped like real ones. Only tests
// import it.
package chatgen

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/convkit/convkit/chat"
)

// Lumpy counts a text as a quarter of its bytes, plus two when it starts
// with a space: like real token counts it is not monotone in the length of a
// text (" abcd" costs more than "x abcd"), which is what AllowPartial's
// search has to survive.
type Lumpy struct{}

func lumpyText(s string) int {
	n := (len(s) + 3) / 4
	if strings.HasPrefix(s, " ") {
		n += 2
	}
	return n
}

func (Lumpy) Message(m *chat.Message) int {
	n := 3 + lumpyText(m.Content.PlainText())
	if m.Name != "" {
		n++
	}
	for _, tc := range m.ToolCalls {
		n += 3 + lumpyText(tc.Name) + lumpyText(tc.Arguments)
	}
	return n
}

func (Lumpy) Fixed(c *chat.Conversation) int { return 3 + len(c.Extra) }

var vocabulary = strings.Fields("the a tool call result weather Paris Rome sunny rain yes no maybe 42 ünïcödé 東京 🙂 ,")

// Generate builds a well-formed conversation: every tool call answered,
// parallel calls answered in any order, now and then a user message between
// a call and its results. Each message carries an unknown "seq" field.
func Generate(r *rand.Rand) *chat.Conversation {
	c := &chat.Conversation{}
	seq := 0
	add := func(m chat.Message) {
		m.Extra = chat.Fields{{Key: "seq", Value: json.RawMessage(strconv.Itoa(seq))}}
		seq++
		c.Messages = append(c.Messages, m)
	}
	text := func() string {
		var b strings.Builder
		for range r.IntN(25) {
			if b.Len() > 0 || r.IntN(4) == 0 {
				b.WriteByte(' ')
			}
			b.WriteString(vocabulary[r.IntN(len(vocabulary))])
		}
		return b.String()
	}
	for range r.IntN(3) {
		add(Msg([]chat.Role{chat.System, chat.Developer}[r.IntN(2)], text()))
	}
	for range r.IntN(30) {
		switch r.IntN(8) {
		case 0, 1, 2:
			m := Msg(chat.User, text())
			if r.IntN(4) == 0 {
				m.Name = "alice"
			}
			add(m)
		case 3, 4:
			add(Msg(chat.Assistant, text()))
		case 5, 6:
			var ids []string
			for range 1 + r.IntN(3) {
				ids = append(ids, fmt.Sprintf("call_%d", seq+len(ids)))
			}
			add(Call(ids...))
			if r.IntN(6) == 0 {
				add(Msg(chat.User, text()))
			}
			for _, i := range r.Perm(len(ids)) {
				add(Answer(ids[i], text()))
			}
		case 7:
			add(Msg(chat.System, text()))
		}
	}
	if r.IntN(3) == 0 {
		c.Extra = chat.Fields{{Key: "model", Value: json.RawMessage(`"gpt-4o"`)}}
	}
	return c
}

// Msg is a message of role with string content.
func Msg(role chat.Role, text string) chat.Message {
	return chat.Message{Role: role, Content: chat.TextContent(text)}
}

// Call is an assistant message calling a tool for each id.
func Call(ids ...string) chat.Message {
	m := chat.Message{Role: chat.Assistant, Content: chat.Content{Form: chat.ContentNull}}
	for _, id := range ids {
		m.ToolCalls = append(m.ToolCalls, chat.NewToolCall(id, "lookup", `{"q":"`+id+`"}`))
	}
	return m
}

// Answer is the tool message answering call id.
func Answer(id, text string) chat.Message {
	return chat.Message{Role: chat.Tool, ToolCallID: id, Content: chat.TextContent(text)}
}

// Orphans names a tool call without its result or a result without its
// call in msgs, or returns "".
func Orphans(msgs []chat.Message) string {
	calls, results := map[string]bool{}, map[string]bool{}
	for _, m := range msgs {
		for _, tc := range m.ToolCalls {
			calls[tc.ID] = true
		}
		if m.Role == chat.Tool {
			if !calls[m.ToolCallID] {
				return "result " + m.ToolCallID + " without its call"
			}
			results[m.ToolCallID] = true
		}
	}
	for id := range calls {
		if !results[id] {
			return "call " + id + " without its result"
		}
	}
	return ""
}
