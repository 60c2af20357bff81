// OpenAI's legacy function calling (an assistant's "function_call", a
// "function" message answering it), which only the Chat Completions API
// has: the other providers' writers take it as tool calls.

package convert

import (
	"encoding/json"
	"slices"
	"strconv"

	"github.com/convkit/convkit/chat"
)

// legacyCalls returns c with each assistant's function_call as a tool call
// (id "function_call_N") and each function message as its result, paired
// by name and order; c itself when it has none. It says so once: the
// calls come back as tool calls, not as function_call.
func legacyCalls(c *chat.Conversation, l *losses) (*chat.Conversation, error) {
	if !slices.ContainsFunc(c.Messages, func(m chat.Message) bool { return m.Extra.HasValue("function_call") }) {
		return c, nil
	}
	if err := l.lose("legacy function_call turns written as tool calls"); err != nil {
		return nil, err
	}
	cp := *c
	cp.Messages = slices.Clone(c.Messages)
	var pending []chat.ToolCall
	n := 0
	for i := range cp.Messages {
		m := &cp.Messages[i]
		var fc struct {
			Name      string `json:"name"`
			Arguments string `json:"arguments"`
		}
		if raw := m.Extra.Get("function_call"); raw != nil && json.Unmarshal(raw, &fc) == nil && fc.Name != "" {
			n++
			tc := chat.NewToolCall("function_call_"+strconv.Itoa(n), fc.Name, fc.Arguments)
			m.ToolCalls = append(slices.Clone(m.ToolCalls), tc)
			m.Extra = slices.Clone(m.Extra)
			m.Extra.Delete("function_call")
			pending = append(pending, tc)
			continue
		}
		if m.Role == chat.Function && m.ToolCallID == "" {
			j := slices.IndexFunc(pending, func(tc chat.ToolCall) bool { return tc.Name == m.Name })
			if j >= 0 {
				m.ToolCallID = pending[j].ID
				pending = slices.Delete(pending, j, j+1)
			}
		}
	}
	return &cp, nil
}
