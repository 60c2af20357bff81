package filter

import (
	"cmp"

	"github.com/convkit/convkit/chat"
)

// Counter counts tokens as convkit count does: a conversation costs Fixed
// plus Message of each of its messages. trim.Counter is one.
type Counter interface {
	Message(m *chat.Message) int
	Fixed(conv *chat.Conversation) int
}

// convEnv is what a conversation expression sees.
type convEnv struct {
	Messages []msgEnv `expr:"messages"`
	Tokens   int      `expr:"tokens"`
	Turns    int      `expr:"turns"`
	Roles    []string `expr:"roles"`
	HasTools bool     `expr:"has_tools"`
	Line     int      `expr:"line"`
	ID       string   `expr:"id"`
	Title    string   `expr:"title"`
}

// msgEnv is one message as an expression sees it.
type msgEnv struct {
	Role       string    `expr:"role"`
	Content    string    `expr:"content"`
	Name       string    `expr:"name"`
	ToolCallID string    `expr:"tool_call_id"`
	ToolCalls  []callEnv `expr:"tool_calls"`
	Tokens     int       `expr:"tokens"`
	Index      int       `expr:"index"`
}

type callEnv struct {
	ID        string `expr:"id"`
	Name      string `expr:"name"`
	Arguments string `expr:"arguments"`
}

func messageEnv(m *chat.Message, i int, c Counter) msgEnv {
	e := msgEnv{Role: string(m.Role), Content: m.Content.PlainText(), Name: m.Name, ToolCallID: m.ToolCallID, Index: i}
	for _, tc := range m.ToolCalls {
		e.ToolCalls = append(e.ToolCalls, callEnv{tc.ID, tc.Name, tc.Arguments})
	}
	if c != nil {
		e.Tokens = c.Message(m)
	}
	return e
}

// conversationEnv builds the environment of conv; c is nil when the
// expression does not use tokens.
func conversationEnv(conv *chat.Conversation, line int, c Counter) *convEnv {
	e := &convEnv{Line: line, ID: cmp.Or(conv.ID, stringField(conv.Extra, "id")), Title: stringField(conv.Extra, "title"), HasTools: conv.Extra.Has("tools") || conv.Extra.Has("functions")}
	e.Messages = make([]msgEnv, len(conv.Messages))
	e.Roles = make([]string, len(conv.Messages))
	if c != nil {
		e.Tokens = c.Fixed(conv)
	}
	for i := range conv.Messages {
		m := &conv.Messages[i]
		e.Messages[i] = messageEnv(m, i, c)
		e.Roles[i] = string(m.Role)
		e.Tokens += e.Messages[i].Tokens
		if m.Role == chat.User {
			e.Turns++
		}
		if len(m.ToolCalls) > 0 || m.Role == chat.Tool || m.Role == chat.Function || m.Extra.Has("function_call") {
			e.HasTools = true
		}
	}
	return e
}
