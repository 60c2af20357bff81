package convert

import (
	"slices"

	"github.com/convkit/convkit/chat"
)

// pairedInOrder returns msgs as a format that pairs tool results with
// calls in order (sharegpt, chatml: they have no call ids) writes them:
// each run of results right after an assistant's calls put in the order
// of those calls, which keeps their meaning (the calls ran together);
// msgs itself is left as it is. It reports, once, results that even so
// would read back paired with another call than theirs (a call left
// without its result, a result after another turn).
func pairedInOrder(msgs []chat.Message, l *losses) ([]chat.Message, error) {
	out := msgs
	for i := range msgs {
		calls := msgs[i].ToolCalls
		if len(calls) == 0 {
			continue
		}
		end := i + 1
		for end < len(msgs) && isResult(&msgs[end]) {
			end++
		}
		if !inCallOrder(msgs[i+1:end], calls) {
			if &out[0] == &msgs[0] {
				out = slices.Clone(msgs)
			}
			sortByCall(out[i+1:end], calls)
		}
	}
	var pending []string // the calls not answered yet, as the reader pairs them
	for i := range out {
		m := &out[i]
		for _, tc := range m.ToolCalls {
			pending = append(pending, tc.ID)
		}
		if !isResult(m) || len(pending) == 0 {
			continue
		}
		if m.ToolCallID != "" && m.ToolCallID != pending[0] {
			if err := l.lose("tool results read back paired with other calls than theirs (the format pairs them in order)"); err != nil {
				return nil, err
			}
		}
		pending = pending[1:]
	}
	return out, nil
}

func isResult(m *chat.Message) bool { return m.Role == chat.Tool || m.Role == chat.Function }

// callIndex is where the call a result answers is among calls, or
// len(calls) when none is its.
func callIndex(m *chat.Message, calls []chat.ToolCall) int {
	if m.ToolCallID != "" {
		if k := slices.IndexFunc(calls, func(tc chat.ToolCall) bool { return tc.ID == m.ToolCallID }); k >= 0 {
			return k
		}
	}
	return len(calls)
}

func inCallOrder(run []chat.Message, calls []chat.ToolCall) bool {
	return slices.IsSortedFunc(run, byCall(calls))
}

// sortByCall puts run in the order of calls, stably: results that answer
// none of them stay after those that do, in their order.
func sortByCall(run []chat.Message, calls []chat.ToolCall) {
	slices.SortStableFunc(run, byCall(calls))
}

// byCall orders results by the place of their calls among calls.
func byCall(calls []chat.ToolCall) func(a, b chat.Message) int {
	return func(a, b chat.Message) int { return callIndex(&a, calls) - callIndex(&b, calls) }
}
