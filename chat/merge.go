package chat

import "io"

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
		joinable(a.Content) && joinable(b.Content)
}

// joinable says whether content can be joined to another: not when a Sink
// stands for its text (the conversation is for counting), nor a Spool
// that gave its string to a Sink too (Tee): that count is its message's.
func joinable(c Content) bool {
	if c.Long == nil {
		return true
	}
	sp := spooledText(c.Long)
	return sp != nil && sp.Tee() == nil
}

func joinInto(a, b *Message, sep string) {
	switch {
	case b.Content.Form == ContentAbsent || b.Content.Form == ContentNull:
	case a.Content.Form == ContentAbsent || a.Content.Form == ContentNull:
		a.Content = b.Content
	case a.Content.Form == ContentString && b.Content.Form == ContentString:
		if a.Content.Long == nil && b.Content.Long == nil {
			a.Content.Text += sep + b.Content.Text
		} else {
			a.Content = Content{Form: ContentString, Long: joinTexts(a.Content, sep, b.Content)}
		}
	default:
		a.Content = Content{Form: ContentParts, Parts: append(append([]Part(nil), a.Content.AsParts()...), b.Content.AsParts()...)}
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

// AsParts returns the content as parts: a string as one text part.
func (c Content) AsParts() []Part {
	if c.Form == ContentString && c.Long != nil { // a Spool: joinable
		p := TextPart("")
		p.Long, p.LongAt = c.Long, len(p.Raw)-len(`""}`)
		return []Part{p}
	}
	if c.Form == ContentString {
		return []Part{TextPart(c.Text)}
	}
	return c.Parts
}

// joinedText is the Spool that stands for string contents joined when one
// of them is a Spool's: the texts and spools one after the other, read
// from where they are, so that joining holds no long text.
type joinedText struct {
	texts []Content // each a string content, of Text or of a Spool's
}

// joinTexts joins the string contents a and b with sep, at least one of
// them a Spool's.
func joinTexts(a Content, sep string, b Content) Spool {
	var j joinedText
	for _, c := range []Content{a, TextContent(sep), b} {
		if inner, ok := c.Long.(*joinedText); ok {
			j.texts = append(j.texts, inner.texts...)
		} else {
			j.texts = append(j.texts, c)
		}
	}
	return &j
}

func (j *joinedText) Open() io.Reader {
	rs := make([]io.Reader, len(j.texts))
	for i, c := range j.texts {
		rs[i] = textReader(c.Text, c.Long)
	}
	return io.MultiReader(rs...)
}

func (j *joinedText) Runes() int {
	n := 0
	for _, c := range j.texts {
		n += textRunes(c.Text, c.Long)
	}
	return n
}

func (j *joinedText) Kind() LongKind { return LongText }
func (j *joinedText) Tee() Sink      { return nil }

// A joinedText is made whole, not written: these do nothing.
func (j *joinedText) Write(p []byte) (int, error) { return len(p), nil }
func (j *joinedText) Close() error                { return nil }
func (j *joinedText) Abort()                      {}
