package chat

// MergeSeparator is what MergeRoles joins string texts with unless told
// otherwise: a blank line (merge-roles --separator, export --merge-roles).
const MergeSeparator = "\n\n"

// MergeRoles joins each run of consecutive messages of the same role and
// name into one, as APIs that want turns to alternate need: texts joined
// by sep (string content stays a string; when either side has parts, the
// result has the parts of both, a string becoming a text part), tool calls
// in order, and the fields of the first message, with those only later
// ones have added. Tool and function results are never joined: each
// answers its own call. It returns conv itself when nothing is joined, and
// how many messages were joined into others.
func MergeRoles(conv *Conversation, sep string) (*Conversation, int) {
	var out []Message
	var from []int
	joined := 0
	for i := range conv.Messages {
		m := conv.Messages[i]
		if n := len(out); n > 0 && canJoin(&out[n-1], &m) {
			joinInto(&out[n-1], &m, sep)
			joined++
			continue
		}
		out, from = append(out, m), append(from, i)
	}
	if joined == 0 {
		return conv, 0
	}
	merged := *conv
	merged.Messages, merged.Example = out, conv.Example.Kept(from)
	return &merged, joined
}

func canJoin(a, b *Message) bool {
	return a.Role == b.Role && a.Name == b.Name && a.Role != Tool && a.Role != Function &&
		a.Content.Long == nil && b.Content.Long == nil
}

func joinInto(a, b *Message, sep string) {
	switch {
	case b.Content.Form == ContentAbsent || b.Content.Form == ContentNull:
	case a.Content.Form == ContentAbsent || a.Content.Form == ContentNull:
		a.Content = b.Content
	case a.Content.Form == ContentString && b.Content.Form == ContentString:
		a.Content.Text += sep + b.Content.Text
	default:
		a.Content = Content{Form: ContentParts, Parts: append(append([]Part(nil), asParts(a.Content)...), asParts(b.Content)...)}
	}
	a.ToolCalls = append(append([]ToolCall(nil), a.ToolCalls...), b.ToolCalls...)
	extra := append(Fields(nil), a.Extra...)
	for _, f := range b.Extra {
		if !extra.Has(f.Key) {
			extra = append(extra, f)
		}
	}
	a.Extra = extra
}

func asParts(c Content) []Part {
	if c.Form == ContentString {
		return []Part{TextPart(c.Text)}
	}
	return c.Parts
}
