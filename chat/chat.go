package chat

import (
	"encoding/json"
	"io"
	"strings"
	"unicode/utf8"
)

// Role is who speaks a message. Unknown roles are kept as they are.
type Role string

// The roles OpenAI's Chat Completions API knows.
const (
	System    Role = "system"
	Developer Role = "developer"
	User      Role = "user"
	Assistant Role = "assistant"
	Tool      Role = "tool"
	Function  Role = "function"
)

// Known reports whether r is one of the API's roles.
func (r Role) Known() bool {
	switch r {
	case System, Developer, User, Assistant, Tool, Function:
		return true
	}
	return false
}

// Instruction reports whether r sets the model's behaviour (system, developer).
func (r Role) Instruction() bool { return r == System || r == Developer }

// Conversation is one conversation: its messages and whatever else its file
// said about it (a request body's model, tools, temperature …).
type Conversation struct {
	// ID is the conversation's id where the source had one.
	ID       string
	Messages []Message
	// Extra holds the top-level fields no other field models, in source order.
	Extra Fields
	// Object is true when the source held the messages in an object
	// ({"messages": …}) rather than a bare array; writers keep that shape.
	Object bool
	// Listed is true when the source held the conversation in a JSON
	// array of conversations: writers of one document write it in an
	// array, even alone.
	Listed bool
	// Example, when not nil, divides the messages into a trainer's prompt
	// and completion and holds a preference pair's rejected completion.
	Example *Example
	// ReplyMessages is how many of the last messages are a response
	// body's reply (its output, choice or candidate): a tool call there
	// awaits its result in the next request.
	ReplyMessages int
	// Verbatim holds, by key, the strings of JSON a reader decoded into
	// the model (ShareGPT's "tools"), as read: the format's writer writes
	// one back, not its own spelling of it, when what it holds is unchanged.
	Verbatim Fields
}

// Message is one message of a conversation.
type Message struct {
	Role       Role
	Content    Content
	Name       string
	ToolCalls  []ToolCall
	ToolCallID string
	// Meta is the seeds' per-message metadata (timestamp, message_index, …),
	// kept field by field; nil when the source had none.
	Meta Fields
	// Extra holds the fields no other field models, in source order.
	Extra Fields
	// ResponsesItem is true when the message was read from an OpenAI
	// Responses API item (a message, a function call's output): its
	// Extra's id, status and phase are the item's, which plain messages
	// have no place for.
	ResponsesItem bool
	// Verbatim is Conversation.Verbatim for a message (ShareGPT's
	// function_call "value").
	Verbatim Fields
}

// ContentForm says how a message's content was written, so that it is
// written back the same way.
type ContentForm uint8

// The forms of content.
const (
	ContentAbsent ContentForm = iota // no "content" key
	ContentNull                      // "content": null
	ContentString                    // "content": "…"
	ContentParts                     // "content": [{"type": …}, …]
)

// Content is a message's content: a string, an array of parts, null or absent.
type Content struct {
	Form  ContentForm
	Text  string // when Form is ContentString
	Parts []Part // when Form is ContentParts
	// Long, when not nil, stands for a Text too long to hold: the reader
	// gave the text, as it read it, to this sink of its caller's (see
	// Sink), and Text is "".
	Long Sink
}

// TextContent returns string content.
func TextContent(s string) Content { return Content{Form: ContentString, Text: s} }

// PlainText returns the content's text: the string, or the text of its text
// and refusal parts joined by newlines.
func (c Content) PlainText() string {
	if c.Form != ContentParts {
		return c.Text
	}
	var b []byte
	for i, p := range c.Parts {
		if p.Text == "" {
			continue
		}
		if i > 0 && len(b) > 0 {
			b = append(b, '\n')
		}
		b = append(b, p.Text...)
	}
	return string(b)
}

// HasSpooledText reports whether a text of the content is held by a
// Spool (see Sink) rather than in Text.
func (c Content) HasSpooledText() bool {
	if spooledText(c.Long) != nil {
		return true
	}
	for _, p := range c.Parts {
		if spooledText(p.Long) != nil {
			return true
		}
	}
	return false
}

// PlainTextReader reads PlainText, with the texts that Spools hold read
// from them in parts.
func (c Content) PlainTextReader() io.Reader {
	var texts []io.Reader
	c.eachText(func(text string, long Sink) {
		texts = append(texts, textReader(text, long))
	})
	return io.MultiReader(texts...)
}

// eachText calls fn with each text PlainText joins, in order, with the
// newlines that join them: a string, or a Spool in long that holds it.
func (c Content) eachText(fn func(text string, long Sink)) {
	if c.Form != ContentParts {
		fn(c.Text, c.Long)
		return
	}
	joined := false
	for i, p := range c.Parts {
		if p.Text == "" && textRunes(p.Text, p.Long) == 0 {
			continue
		}
		if i > 0 && joined {
			fn("\n", nil)
		}
		fn(p.Text, p.Long)
		joined = true
	}
}

// textReader reads text, or the text a Spool in long holds for it.
func textReader(text string, long Sink) io.Reader {
	if sp := spooledText(long); sp != nil {
		return sp.Open()
	}
	return strings.NewReader(text)
}

// spooledText returns the Spool in long that holds a text, or nil.
func spooledText(long Sink) Spool {
	if sp, ok := long.(Spool); ok && sp.Kind() == LongText {
		return sp
	}
	return nil
}

// IsTextOnly reports whether the content holds nothing but text.
func (c Content) IsTextOnly() bool {
	for _, p := range c.Parts {
		if p.Type != "text" {
			return false
		}
	}
	return true
}

// Part is one element of an array content. Raw is the part exactly as read
// (or as built by a constructor) and is what JSON writers emit; the other
// fields are read-only views of it.
type Part struct {
	Type     string // "text", "image_url", "input_audio", "file", "refusal", or anything else
	Text     string // text of a text or refusal part
	Long     Sink   // stands for a Text, ImageURL, audio or file data, or the data of a part kept as JSON (an image block), too long to hold, as in Content; Raw is then nil, unless Long is a Spool
	ImageURL string // url of an image_url part
	Detail   string // detail of an image_url part ("low", "high", "auto" or empty)
	// Placeholder marks a text part that stands for something its source
	// held but did not give ("[image: …]", "[file: guide.pdf]"): shown, but
	// not content, so not counted. Raw holds "convkit_placeholder": true.
	Placeholder bool
	Raw         json.RawMessage
	// LongAt is where, in Raw, the "" stands that a Spool in Long fills.
	LongAt int
}

// TextPart builds a text part.
func TextPart(text string) Part { return textPart("text", "text", text) }

// RefusalPart builds a refusal part.
func RefusalPart(text string) Part { return textPart("refusal", "refusal", text) }

// textPart builds a part of type typ whose text is the member key.
func textPart(typ, key, text string) Part {
	s, _ := json.Marshal(text)
	raw := append([]byte(`{"type":"`+typ+`","`+key+`":`), s...)
	return Part{Type: typ, Text: text, Raw: append(raw, '}')}
}

// PlaceholderPart builds a text part marked as a placeholder.
func PlaceholderPart(text string) Part {
	raw, _ := json.Marshal(struct {
		Type        string `json:"type"`
		Text        string `json:"text"`
		Placeholder bool   `json:"convkit_placeholder"`
	}{"text", text, true})
	return Part{Type: "text", Text: text, Placeholder: true, Raw: raw}
}

// ImagePart builds an image_url part; detail may be empty.
func ImagePart(url, detail string) Part {
	type image struct {
		URL    string `json:"url"`
		Detail string `json:"detail,omitempty"`
	}
	raw, _ := json.Marshal(struct {
		Type  string `json:"type"`
		Image image  `json:"image_url"`
	}{"image_url", image{url, detail}})
	return Part{Type: "image_url", ImageURL: url, Detail: detail, Raw: raw}
}

// ToolCall is one call in an assistant message's tool_calls. Raw is the call
// exactly as read (or as built by NewToolCall) and is what JSON writers emit.
type ToolCall struct {
	ID   string
	Type string // "function" for every call the API makes today
	Name string
	// Arguments is the JSON text the model produced, kept as the exact string
	// it was: it is not always valid JSON.
	Arguments string
	// Long stands for Arguments too long to hold, as in Content; Raw is
	// then nil, unless Long is a Spool: then Raw has "" at LongAt where
	// the spool's string goes.
	Long   Sink
	Raw    json.RawMessage
	LongAt int
}

// NewToolCall builds a function tool call.
func NewToolCall(id, name, arguments string) ToolCall {
	type function struct {
		Name      string `json:"name"`
		Arguments string `json:"arguments"`
	}
	raw, _ := json.Marshal(struct {
		ID       string   `json:"id"`
		Type     string   `json:"type"`
		Function function `json:"function"`
	}{id, "function", function{name, arguments}})
	return ToolCall{ID: id, Type: "function", Name: name, Arguments: arguments, Raw: raw}
}

// CharCount is the number of Unicode code points of the message's text, as
// Python's len() counts them: of PlainText, with the texts that Spools
// hold counted in.
func (m *Message) CharCount() int {
	c := m.Content
	if c.Form != ContentParts {
		return textRunes(c.Text, c.Long)
	}
	n, joined := 0, false
	for i, p := range c.Parts {
		runes := textRunes(p.Text, p.Long)
		if runes == 0 {
			continue
		}
		if i > 0 && joined {
			n++ // the newline that joins it
		}
		n, joined = n+runes, true
	}
	return n
}

// textRunes counts the code points of text, or of the text a Spool in long
// holds for it.
func textRunes(text string, long Sink) int {
	if sp := spooledText(long); sp != nil {
		return sp.Runes()
	}
	return utf8.RuneCountInString(text)
}
