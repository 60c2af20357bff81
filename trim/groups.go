package trim

import "github.com/convkit/convkit/chat"

// Cuts returns where msgs may be cut without parting a tool call from its
// result: ok[j] says a part may begin just before message j, for j from 0
// to len(msgs). ok[0] is always true. Filters that drop messages keep or
// drop each run between two cuts whole.
func Cuts(msgs []chat.Message) []bool { return boundaries(msgs, 0) }

// boundaries returns ok, where ok[j] says the kept part may begin (or end)
// just before message j, for j from 0 to len(msgs). It may not where that
// would part an assistant message with tool calls from a tool message that
// answers it (or a legacy function_call from its function result), nor just
// before any tool or function message, so that a kept part never starts with
// a tool result whose call it lacks. Starting at head is always allowed.
func boundaries(msgs []chat.Message, head int) []bool {
	n := len(msgs)
	// end[i] is the last message of the group message i opens.
	end := make([]int, n)
	calls := map[string]int{} // tool call id → index of the message that made it
	for i := range msgs {
		end[i] = i
		m := &msgs[i]
		switch m.Role {
		case chat.Tool:
			if a, ok := calls[m.ToolCallID]; ok {
				end[a] = i
			}
		case chat.Function:
			if i > 0 && msgs[i-1].Extra.HasValue("function_call") {
				end[i-1] = i
			}
		}
		for _, tc := range m.ToolCalls {
			calls[tc.ID] = i
		}
	}
	ok := make([]bool, n+1)
	reach := -1 // the furthest end of any group opened before j
	for j := 0; j <= n; j++ {
		ok[j] = reach < j && (j == n || (msgs[j].Role != chat.Tool && msgs[j].Role != chat.Function))
		if j < n {
			reach = max(reach, end[j])
		}
	}
	ok[head] = true
	return ok
}
