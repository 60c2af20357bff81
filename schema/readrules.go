package schema

import (
	"fmt"
	"slices"

	"github.com/convkit/convkit/chat"
)

// RuleRead names what the reader of a format other than OpenAI's says of
// a file validate reads with it: its errors and its warnings.
const RuleRead = "read"

// ReadRules applies the conversation rules that hold in every format to a
// conversation a format's reader gave (conversation n of its file, from
// 1): each tool call answered by a later tool result, but those of a
// response's reply, whose results come in the next request; each result
// answering an earlier call. The reader gives no place for a message, so
// the findings are at pos, and say which message, as read, they are about.
func ReadRules(c *chat.Conversation, n int, pos Pos) []Problem {
	type finding struct {
		message int
		Problem
	}
	var found []finding
	warn := func(i int, rule, format string, args ...any) {
		found = append(found, finding{i, Problem{Pos: pos, Rule: rule, Warning: true,
			Msg: fmt.Sprintf("conversation %d, message %d as read: ", n, i+1) + fmt.Sprintf(format, args...)}})
	}
	called := map[string]bool{}
	type call struct {
		id      string
		message int
	}
	var pending []call
	answered := map[string]bool{}
	replyFrom := len(c.Messages) - c.ReplyMessages
	flush := func() {
		for _, c := range pending {
			if !answered[c.id] {
				warn(c.message, RuleToolCallNoResult, "tool call %q gets no result: no tool result after it answers it", c.id)
			}
		}
		pending = pending[:0]
		clear(answered)
	}
	for i, m := range c.Messages {
		if m.Role != chat.Tool {
			flush()
		}
		switch {
		case m.Role == chat.Assistant:
			for _, tc := range m.ToolCalls {
				if tc.ID != "" {
					called[tc.ID] = true
					if i < replyFrom {
						pending = append(pending, call{tc.ID, i})
					}
				}
			}
		case m.Role == chat.Tool && m.ToolCallID != "":
			if !called[m.ToolCallID] {
				warn(i, RuleToolResultNoCall, "tool result for %q, which no earlier call made", m.ToolCallID)
			}
			answered[m.ToolCallID] = true
		}
	}
	flush()
	slices.SortStableFunc(found, func(a, b finding) int { return a.message - b.message })
	probs := make([]Problem, len(found))
	for i, f := range found {
		probs[i] = f.Problem
	}
	return probs
}
