package convert

import (
	"bytes"
	"encoding/json"
	"slices"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// thinkingPart builds a part of reasoning as an Anthropic thinking block
// without a signature, as a Claude.ai export's: the writers that hold
// reasoning keep it, the others tell of it.
func thinkingPart(text string) chat.Part {
	raw, _ := json.Marshal(struct {
		Type     string `json:"type"`
		Thinking string `json:"thinking"`
	}{"thinking", text})
	return chat.Part{Type: "thinking", Raw: raw}
}

// redactedThinkingMark stands for an Anthropic redacted_thinking block,
// reasoning the API encrypted into its data, where the data cannot go:
// the transcripts show it, as they show thinking, and the writers of
// text write it.
const redactedThinkingMark = "[redacted thinking]"

// redactedThinkingNamed names redacted_thinking blocks in what a writer
// tells of them: what they are, which their type does not say.
const redactedThinkingNamed = "redacted thinking blocks (Anthropic's encrypted reasoning)"

// partsNamed names the parts of p's type in what a writer tells of them.
func partsNamed(p chat.Part) string {
	if isRedactedThinking(p) {
		return redactedThinkingNamed
	}
	return p.Type + " parts"
}

// isRedactedThinking reports whether p is an Anthropic redacted_thinking
// block.
func isRedactedThinking(p chat.Part) bool { return p.Type == "redacted_thinking" }

// thinkingOf returns the text of a thinking part (an Anthropic or Claude.ai
// thinking block, a ChatGPT thought) and its other fields (a signature,
// Claude.ai's summaries and timestamps …) as a JSON object, nil when it
// has none; ok is false when p is not one.
func thinkingOf(p chat.Part) (text string, rest []byte, ok bool) {
	if p.Type != "thinking" {
		return "", nil, false
	}
	v, err := jsontree.Parse(p.Raw, jsontree.Options{})
	if err != nil || v.Kind != jsontree.Object {
		return "", nil, false
	}
	var others object
	for _, m := range v.Members {
		switch {
		case m.Key == "type":
		case m.Key == "thinking" && m.Value.Kind == jsontree.String:
			text = m.Value.Str
		default:
			others.raw(m.Key, m.Value.Compact())
		}
	}
	if len(others.keys) > 0 {
		rest = others.bytes()
	}
	return text, rest, true
}

// spooledThinking returns the spool that holds the text of p, a thinking
// part, or nil when p is none or its text is held.
func spooledThinking(p chat.Part) chat.Spool {
	sp := spoolOf(p.Long)
	if p.Type != "thinking" || sp == nil || p.LongAt > len(p.Raw) || !bytes.HasSuffix(p.Raw[:p.LongAt], []byte(`"thinking":`)) {
		return nil
	}
	return sp
}

// isThinkingSpool reports whether sp holds a string of one of m's
// thinking parts, which the transcripts rewrite (a quote, a labelled
// block), so read whole.
func isThinkingSpool(m *chat.Message, sp chat.Spool) bool {
	return slices.ContainsFunc(m.Content.Parts, func(p chat.Part) bool { return p.Long == sp && p.Type == "thinking" })
}
