package convert

import (
	"errors"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// trlPreferenceFormat is TRL's preference dataset shape
// (https://huggingface.co/docs/trl/dataset_formats), which DPO, ORPO and
// reward modelling read: {"prompt": …, "chosen": …, "rejected": …}, all
// message lists or all strings, or without "prompt" when chosen and
// rejected each begin with it (the implicit prompt, divided as TRL's
// extract_prompt does). The conversation holds prompt + chosen as its
// messages and the rest in its Example, so a round trip is exact. Written
// as JSON Lines; a conversation with no rejected completion cannot be.
var trlPreferenceFormat = &Format{
	Name:        "trl-preference",
	Aliases:     []string{"dpo"},
	Description: "TRL preference datasets: {prompt, chosen, rejected}, prompt explicit or implicit",
	Extensions:  []string{".jsonl", ".json"},
	NewDecoder:  exampleReader((*jsonReader).preference),
	NewEncoder:  linesEncoderOf("trl-preference", everyString, oneRecord(writePreference)),
	Sniff: func(s *Shape) int {
		if s.JSON && hasKeys(s, "chosen", "rejected") {
			return 70
		}
		return 0
	},
	PassesLong: true,
	pairs:      true,
	signatures: true,
}

// preference reads one {"prompt"?, "chosen", "rejected"} example; its
// other members are kept as fields of the conversation.
func (r *jsonReader) preference(v *jsontree.Value, ptr string) (*chat.Conversation, error) {
	for _, k := range []string{"chosen", "rejected"} {
		if v.Get(k) == nil {
			return nil, errAt(v, ptr, "missing %q: expected a preference example {\"prompt\"?, \"chosen\": …, \"rejected\": …}", k)
		}
	}
	lists, text, err := r.turns(v, ptr, "prompt", "chosen", "rejected")
	if err != nil {
		return nil, err
	}
	prompt, chosen, rejected := lists[0], lists[1], lists[2]
	implicit := v.Get("prompt") == nil
	if implicit {
		prompt, chosen, rejected = implicitPrompt(v, chosen, rejected, text)
	}
	c := example(prompt, chosen, rejected, text, implicit)
	c.Extra = extras(v, "prompt", "chosen", "rejected")
	return c, nil
}

// implicitPrompt takes the prompt that chosen and rejected both begin with
// out of them. In the standard form it is the beginning of both strings,
// a user message.
func implicitPrompt(v *jsontree.Value, chosen, rejected []chat.Message, text bool) (prompt, c, r []chat.Message) {
	if !text {
		n := implicitMessages(v.Get("chosen").Items, v.Get("rejected").Items)
		return chosen[:n:n], chosen[n:], rejected[n:]
	}
	ct, rt := chosen[0].Content.Text, rejected[0].Content.Text
	n := implicitText(ct, rt)
	if n == 0 {
		return nil, chosen, rejected
	}
	chosen[0].Content.Text, rejected[0].Content.Text = ct[n:], rt[n:]
	return []chat.Message{{Role: chat.User, Content: chat.TextContent(ct[:n])}}, chosen, rejected
}

// errNoRejected is why a conversation with no rejected completion cannot
// be written as a preference pair.
var errNoRejected = errors.New("no rejected completion to write: it is no preference pair (read one from a preference dataset)")

// writePreference writes c as one preference record, its prompt implicit
// or explicit as its source wrote it (explicit for a conversation read
// from elsewhere).
func writePreference(c *chat.Conversation, l *losses) ([]byte, error) {
	prompt, chosen, rejected := parts(c)
	if rejected == nil {
		return nil, errNoRejected
	}
	if err := metadataLosses(l, c.Messages, rejected); err != nil {
		return nil, err
	}
	text, implicit := sourceForm(c)
	var o object
	if implicit {
		if text {
			pt, ok := plainTurn(prompt, chat.User)
			if len(prompt) == 0 {
				pt, ok = "", true
			}
			ct, cok := plainTurn(chosen, chat.Assistant)
			rt, rok := plainTurn(rejected, chat.Assistant)
			if ok && cok && rok {
				o.str("chosen", pt+ct).str("rejected", pt+rt)
				return o.fields(conversationFields(c)).bytes(), nil
			}
		}
		whole := func(completion []chat.Message) []chat.Message {
			return append(append([]chat.Message(nil), prompt...), completion...)
		}
		o.raw("chosen", messagesJSON(whole(chosen))).raw("rejected", messagesJSON(whole(rejected)))
		return o.fields(conversationFields(c)).bytes(), nil
	}
	p, cs := turnsJSON(text, prompt, chosen, rejected)
	o.raw("prompt", p).raw("chosen", cs[0]).raw("rejected", cs[1])
	return o.fields(conversationFields(c)).bytes(), nil
}
