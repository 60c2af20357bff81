package convert

import (
	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// trlCompletionFormat is TRL's prompt-completion dataset shape
// (https://huggingface.co/docs/trl/dataset_formats): {"prompt": …,
// "completion": …}, both message lists ("conversational") or both strings
// ("standard": the prompt a user message, the completion an assistant
// one). Other members (tools, images …) are kept as conversation fields;
// a boolean "label" makes it TRL's unpaired preference shape, which
// trl-unpaired reads and writes. Written as JSON Lines.
var trlCompletionFormat = &Format{
	Name:        "trl-completion",
	PassesLong:  true,
	Aliases:     []string{"prompt-completion"},
	Description: "TRL prompt-completion datasets: {prompt, completion}, strings or message lists",
	Extensions:  []string{".jsonl", ".json"},
	NewDecoder:  exampleReader((*jsonReader).promptCompletion),
	NewEncoder:  linesEncoderOf("trl-completion", everyString, oneRecord(writePromptCompletion)),
	Sniff: func(s *Shape) int {
		if s.JSON && hasKeys(s, "prompt", "completion") {
			return 70
		}
		return 0
	},
	signatures: true,
}

// promptCompletion reads one {"prompt", "completion"} example; its other
// members are kept as fields of the conversation.
func (r *jsonReader) promptCompletion(v *jsontree.Value, ptr string) (*chat.Conversation, error) {
	for _, k := range []string{"prompt", "completion"} {
		if v.Get(k) == nil {
			return nil, errAt(v, ptr, "missing %q: expected a prompt-completion example {\"prompt\": …, \"completion\": …}", k)
		}
	}
	lists, text, err := r.turns(v, ptr, "prompt", "completion")
	if err != nil {
		return nil, err
	}
	c := example(lists[0], lists[1], nil, text, false)
	c.Extra = extras(v, "prompt", "completion")
	return c, nil
}

// writePromptCompletion writes c as one prompt-completion record: its
// prompt and its (chosen) completion, then its fields.
func writePromptCompletion(c *chat.Conversation, l *losses) ([]byte, error) {
	prompt, chosen, _ := parts(c) // a rejected completion: see dropping
	if err := metadataLosses(l, c.Messages); err != nil {
		return nil, err
	}
	text, _ := sourceForm(c)
	p, cs := turnsJSON(text, prompt, chosen)
	var o object
	o.raw("prompt", p).raw("completion", cs[0]).fields(conversationFields(c))
	return o.bytes(), nil
}

// conversationFields returns c's fields, led by its ID as
// "conversation_id" when it has one they do not hold, as jsonl writes it.
func conversationFields(c *chat.Conversation) chat.Fields {
	if !keptID(c, false) {
		return c.Extra
	}
	return append(chat.Fields{{Key: "conversation_id", Value: appendString(nil, c.ID)}}, c.Extra...)
}
