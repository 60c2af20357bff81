package convert

import (
	"fmt"
	"slices"

	"github.com/convkit/convkit/chat"
)

// itemFieldsDropped writes the messages and calls read from Responses
// items without the items' fields (withoutResponsesItemFields), telling
// once of each that says something: api and jsonl, whose messages
// OpenAI's API and fine-tuning refuse with a field they do not define, as
// convkit validate --fine-tune does (EncodeOptions.KeepVendor keeps them).
type itemFieldsDropped struct {
	Encoder
	losses *losses
}

func (e itemFieldsDropped) Encode(c *chat.Conversation) error {
	out := c
	for i := range c.Messages {
		plain, changed, dropped := withoutResponsesItemFields(c.Messages[i])
		if !changed {
			continue
		}
		for _, key := range dropped {
			if err := e.losses.lose(fmt.Sprintf("Responses item field %q dropped (--keep-vendor keeps it)", key)); err != nil {
				return err
			}
		}
		if out == c { // copy on write: the caller's conversation stays as it is
			cp := *c
			cp.Messages = slices.Clone(c.Messages)
			out = &cp
		}
		out.Messages[i].Extra, out.Messages[i].ToolCalls = plain.Extra, plain.ToolCalls
	}
	return e.Encoder.Encode(out)
}

// withoutResponsesItemFields returns m without the fields of the Responses
// items it was read from, which Chat Completions does not define (a
// message item's type, id, status and phase, typed or easy, a
// function_call_output's id and status, the function_call items' of its
// calls), whether it changed, and the names of those dropped that say
// something: all but the type, which the message says. A message read
// otherwise keeps its fields of those names: they are its own.
func withoutResponsesItemFields(m chat.Message) (plain chat.Message, changed bool, dropped []string) {
	if m.ResponsesItem {
		m.Extra = slices.DeleteFunc(slices.Clone(m.Extra), func(f chat.Field) bool {
			switch {
			case f.Key == "type" && m.Role != chat.Tool:
			case f.Key == "id", f.Key == "status", f.Key == "phase":
				dropped = append(dropped, f.Key)
			default:
				return false
			}
			changed = true
			return true
		})
	}
	var calls []chat.ToolCall
	for j, tc := range m.ToolCalls {
		fields := responseItemFields(tc.Raw)
		if fields == nil {
			continue
		}
		for _, f := range fields {
			dropped = append(dropped, f.Key)
		}
		if calls == nil {
			calls = slices.Clone(m.ToolCalls)
		}
		calls[j] = plainCall(tc)
	}
	if calls != nil {
		m.ToolCalls, changed = calls, true
	}
	return m, changed, dropped
}
