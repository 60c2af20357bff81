package convert

import (
	"slices"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// openaiPreferenceFormat is OpenAI's preference (DPO) fine-tuning shape
// (https://platform.openai.com/docs/guides/direct-preference-optimization):
// {"input": {"messages": […], "tools"?, "parallel_tool_calls"?},
// "preferred_output": […], "non_preferred_output": […]}. The input's
// messages are the prompt; its other members become conversation fields,
// and are written back into "input" (see openaiInputFields). Written as
// JSON Lines, as the fine-tuning API takes it.
var openaiPreferenceFormat = &Format{
	Name:        "openai-preference",
	Description: "OpenAI preference fine-tuning: {input: {messages}, preferred_output, non_preferred_output}",
	Extensions:  []string{".jsonl"},
	NewDecoder:  exampleReader((*jsonReader).openaiPreference),
	NewEncoder:  linesEncoderOf("openai-preference", everyString, oneRecord(writeOpenAIPreference)),
	Sniff: func(s *Shape) int {
		if s.JSON && hasKeys(s, "input.messages", "preferred_output") {
			return 80
		}
		return 0
	},
	PassesLong: true,
	pairs:      true,
	signatures: true,
}

// openaiInputFields are the conversation fields that go inside "input":
// the request parameters a Chat Completions body has beside its messages.
// Every other field is a member of the record itself.
var openaiInputFields = []string{"tools", "parallel_tool_calls", "tool_choice", "functions", "function_call"}

// openaiPreference reads one preference fine-tuning record.
func (r *jsonReader) openaiPreference(v *jsontree.Value, ptr string) (*chat.Conversation, error) {
	input := v.Get("input")
	if input == nil || input.Kind != jsontree.Object {
		at := v
		if input != nil {
			at = input
		}
		return nil, errAt(at, ptr, "expected \"input\", an object with \"messages\"")
	}
	lists := make([][]chat.Message, 3)
	for i, k := range []string{"input/messages", "preferred_output", "non_preferred_output"} {
		mv := v.Get(k)
		if i == 0 {
			mv = input.Get("messages")
		}
		if mv == nil {
			return nil, errAt(v, ptr, "missing %q: expected {\"input\": {\"messages\": …}, \"preferred_output\": …, \"non_preferred_output\": …}", k)
		}
		if mv.Kind != jsontree.Array {
			return nil, errAt(mv, ptr+"/"+k, "expected a list of messages, got %s", kindName(mv))
		}
		msgs, _, err := r.turn(mv, ptr+"/"+k, chat.Assistant)
		if err != nil {
			return nil, err
		}
		lists[i] = msgs
	}
	c := example(lists[0], lists[1], lists[2], false, false)
	c.Extra = append(extras(input, "messages"), extras(v, "input", "preferred_output", "non_preferred_output")...)
	return c, nil
}

// writeOpenAIPreference writes c as one preference fine-tuning record.
func writeOpenAIPreference(c *chat.Conversation, l *losses) ([]byte, error) {
	prompt, chosen, rejected := parts(c)
	if rejected == nil {
		return nil, errNoRejected
	}
	if err := metadataLosses(l, c.Messages, rejected); err != nil {
		return nil, err
	}
	if len(prompt) == 0 {
		// A pair with no prompt (TRL's implicit prompt of two answers
		// sharing no beginning): its "input" has no message, which the
		// fine-tuning API refuses; making one up would not read back.
		if err := l.lose("pairs with no prompt written with no input message, which OpenAI refuses (convkit validate calls it an error)"); err != nil {
			return nil, err
		}
	}
	var input, o object
	input.raw("messages", messagesJSON(prompt))
	var rest chat.Fields
	for _, f := range conversationFields(c) {
		if slices.Contains(openaiInputFields, f.Key) {
			input.raw(f.Key, f.Value)
		} else {
			rest = append(rest, f)
		}
	}
	o.raw("input", input.bytes()).raw("preferred_output", messagesJSON(chosen)).raw("non_preferred_output", messagesJSON(rejected))
	return o.fields(rest).bytes(), nil
}
