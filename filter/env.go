package filter

import (
	"cmp"
	"fmt"

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

// messageEnv builds the environment of message m at index i; c is nil
// when the expression does not use tokens. With texts, a text that
// spools hold (chat.Spool) is read from them, held once while the
// expression runs; without, the expression does not read it (ReadsText)
// and it is left "".
func messageEnv(m *chat.Message, i int, c Counter, texts bool) (msgEnv, error) {
	e := msgEnv{Role: string(m.Role), Name: m.Name, ToolCallID: m.ToolCallID, Index: i}
	var err error
	if texts && m.Content.HasSpooledText() {
		if e.Content, err = m.Content.ReadPlainText(); err != nil {
			return e, err
		}
	} else {
		e.Content = m.Content.PlainText()
	}
	for _, tc := range m.ToolCalls {
		call := callEnv{tc.ID, tc.Name, tc.Arguments}
		if args := chat.TextContent(tc.Arguments); texts && tc.Long != nil {
			args.Long = tc.Long
			if args.HasSpooledText() {
				if call.Arguments, err = args.ReadPlainText(); err != nil {
					return e, err
				}
			}
		}
		e.ToolCalls = append(e.ToolCalls, call)
	}
	if c != nil {
		e.Tokens = c.Message(m)
	}
	return e, nil
}

// conversationEnv builds the environment of conv, as messageEnv does
// each message's.
func conversationEnv(conv *chat.Conversation, line int, c Counter, texts bool) (*convEnv, error) {
	e := &convEnv{Line: line, ID: cmp.Or(conv.ID, stringField(conv.Extra, "id")), Title: stringField(conv.Extra, "title"), HasTools: conv.Extra.Has("tools") || conv.Extra.Has("functions")}
	e.Messages = make([]msgEnv, len(conv.Messages))
	e.Roles = make([]string, len(conv.Messages))
	if c != nil {
		e.Tokens = c.Fixed(conv)
	}
	for i := range conv.Messages {
		m := &conv.Messages[i]
		var err error
		if e.Messages[i], err = messageEnv(m, i, c, texts); err != nil {
			return nil, fmt.Errorf("message %d: %w", i+1, err)
		}
		e.Roles[i] = string(m.Role)
		e.Tokens += e.Messages[i].Tokens
		if m.Role == chat.User {
			e.Turns++
		}
		if len(m.ToolCalls) > 0 || m.Role == chat.Tool || m.Role == chat.Function || m.Extra.HasValue("function_call") {
			e.HasTools = true
		}
	}
	return e, nil
}
