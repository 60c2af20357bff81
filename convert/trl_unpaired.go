package convert

import (
	"encoding/json"
	"errors"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// trlUnpairedFormat is TRL's unpaired preference dataset shape
// (https://huggingface.co/docs/trl/dataset_formats), which KTO reads:
// {"prompt": …, "completion": …, "label": true|false}, message lists or
// strings. The label is kept as a field of the conversation. A preference
// pair is written as two examples, the chosen labelled true and the
// rejected false, as TRL's unpair_preference_dataset does. Written as
// JSON Lines.
var trlUnpairedFormat = &Format{
	Name:        "trl-unpaired",
	PassesLong:  true,
	Aliases:     []string{"kto"},
	Description: "TRL unpaired preference datasets: {prompt, completion, label}",
	Extensions:  []string{".jsonl", ".json"},
	NewDecoder:  exampleReader((*jsonReader).unpaired),
	NewEncoder:  linesEncoderOf("trl-unpaired", everyString, writeUnpaired),
	Sniff: func(s *Shape) int {
		if s.JSON && hasKeys(s, "prompt", "completion", "label") {
			return 75
		}
		return 0
	},
	pairs:      true,
	signatures: true,
}

// unpaired reads one {"prompt", "completion", "label"} example.
func (r *jsonReader) unpaired(v *jsontree.Value, ptr string) (*chat.Conversation, error) {
	label := v.Get("label")
	if label == nil {
		return nil, errAt(v, ptr, "missing \"label\": expected an unpaired preference example {\"prompt\": …, \"completion\": …, \"label\": true|false}")
	}
	if label.Kind != jsontree.Bool {
		return nil, errAt(label, ptr+"/label", "expected true or false, got %s", kindName(label))
	}
	return r.promptCompletion(v, ptr)
}

var (
	labelTrue  = json.RawMessage("true")
	labelFalse = json.RawMessage("false")
)

// errNoLabel is why a conversation with no label cannot be written as an
// unpaired example.
var errNoLabel = errors.New(`no boolean "label" field to write (and no preference pair to label)`)

// writeUnpaired writes c as one unpaired example, or a preference pair as
// two.
func writeUnpaired(c *chat.Conversation, l *losses) ([][]byte, error) {
	prompt, chosen, rejected := parts(c)
	if err := metadataLosses(l, c.Messages, rejected); err != nil {
		return nil, err
	}
	text, _ := sourceForm(c)
	record := func(completion []chat.Message, label json.RawMessage) []byte {
		p, cs := turnsJSON(text, prompt, completion)
		var o object
		o.raw("prompt", p).raw("completion", cs[0])
		if label != nil {
			o.raw("label", label)
		}
		return o.fields(conversationFields(c)).bytes()
	}
	if rejected == nil {
		var b bool
		if json.Unmarshal(c.Extra.Get("label"), &b) != nil {
			return nil, errNoLabel
		}
		return [][]byte{record(chosen, nil)}, nil
	}
	if err := l.lose("preference pairs written as two examples, chosen labelled true and rejected false"); err != nil {
		return nil, err
	}
	return [][]byte{record(chosen, labelTrue), record(rejected, labelFalse)}, nil
}
