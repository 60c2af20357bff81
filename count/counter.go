package count

import (
	"encoding/json"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/count/bpe"
)

// Options choose what a Counter counts for.
type Options struct {
	// Model names the model (DefaultModel when empty); it gives the
	// encoding, the chat overheads and the context window.
	Model string
	// Encoding, when set, replaces the model's encoding.
	Encoding string
	// Table is the model table to look Model up in; nil means DefaultTable.
	Table *ModelTable
	// ImageSize is the width and height assumed for images whose size
	// cannot be read offline (a URL that is not a data: URL); 0, 0 means
	// DefaultImageSize.
	ImageSize [2]int
}

// DefaultImageSize is the size assumed for an image convkit cannot see.
var DefaultImageSize = [2]int{1024, 1024}

// Counter counts tokens for one model. It is safe for concurrent use.
type Counter struct {
	model     Model
	enc       *bpe.Encoding
	imageSize [2]int
}

// New returns a Counter for opts.Model, loading its encoding. An unknown
// model or encoding is an error that names the known ones.
func New(opts Options) (*Counter, error) {
	table := opts.Table
	if table == nil {
		table = DefaultTable()
	}
	name := opts.Model
	if name == "" {
		name = DefaultModel
	}
	m, err := table.Lookup(name)
	if err != nil {
		return nil, err
	}
	if opts.Encoding != "" {
		m.Encoding = opts.Encoding
	}
	enc, err := getEncoder(m.Encoding)
	if err != nil {
		return nil, err
	}
	size := opts.ImageSize
	if size[0] <= 0 || size[1] <= 0 {
		size = DefaultImageSize
	}
	return &Counter{model: m, enc: enc, imageSize: size}, nil
}

// Model returns the model the Counter counts for.
func (c *Counter) Model() Model { return c.model }

// Text returns the number of tokens of s. Text that looks like a special
// token (<|endoftext|>) is counted as the ordinary text it is.
func (c *Counter) Text(s string) int { return c.enc.Count(s) }

// ReplyPriming returns the tokens every reply is primed with
// (<|start|>assistant<|message|>): 3 for chat models.
func (c *Counter) ReplyPriming() int { return c.model.ReplyPriming }

// Message returns the tokens of one message with its chat overhead, by the
// cookbook's rule: tokens per message (3), the role, the content, and the
// name plus tokens per name (1). Content is counted as Content counts it.
func (c *Counter) Message(m *chat.Message) int {
	n := c.Content(m)
	if !c.model.Chat {
		return n
	}
	n += c.model.TokensPerMessage + c.Text(string(m.Role))
	if m.Name != "" || m.Extra.HasValue("name") {
		n += c.Text(m.Name) + c.model.TokensPerName
	}
	return n
}

// Content returns the tokens of what a message says, without chat
// overhead: its string content, or the text of its text and refusal parts
// each counted on its own, plus an estimate for each image part; a
// "refusal" string; and for each tool call (and a legacy function_call)
// its function name and its arguments. Null or absent content counts 0;
// audio, file, unknown and placeholder parts count 0. A text too long to hold counts
// as its LongText does.
func (c *Counter) Content(m *chat.Message) int {
	n := 0
	switch m.Content.Form {
	case chat.ContentString:
		n += c.text(m.Content.Text, m.Content.Long)
	case chat.ContentParts:
		for i := range m.Content.Parts {
			n += c.part(&m.Content.Parts[i])
		}
	}
	if s, ok := stringField(m.Extra, "refusal"); ok {
		n += c.Text(s)
	}
	for _, tc := range m.ToolCalls {
		n += c.Text(tc.Name) + c.text(tc.Arguments, tc.Long)
	}
	if raw := m.Extra.Get("function_call"); raw != nil {
		var fc struct {
			Name      string `json:"name"`
			Arguments string `json:"arguments"`
		}
		if json.Unmarshal(raw, &fc) == nil {
			n += c.Text(fc.Name) + c.Text(fc.Arguments)
		}
	}
	return n
}

func (c *Counter) part(p *chat.Part) int {
	if p.Placeholder {
		return 0
	}
	switch p.Type {
	case "text", "input_text", "output_text", "refusal":
		return c.text(p.Text, p.Long)
	case "image_url":
		return c.Image(p)
	}
	return 0
}

// Estimated reports whether a message's count holds an estimate (an image)
// rather than an exact count.
func Estimated(m *chat.Message) bool {
	for _, p := range m.Content.Parts {
		if p.Type == "image_url" {
			return true
		}
	}
	return false
}

// Conversation returns the tokens of a whole conversation as the API would
// count its prompt: every message, the reply priming, and the tool
// definitions of a request body (Tools).
func (c *Counter) Conversation(conv *chat.Conversation) int {
	n := c.ReplyPriming() + c.Tools(conv)
	for i := range conv.Messages {
		n += c.Message(&conv.Messages[i])
	}
	return n
}

// stringField returns the string value of key in fs.
func stringField(fs chat.Fields, key string) (string, bool) {
	raw := fs.Get(key)
	if raw == nil || raw[0] != '"' {
		return "", false
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}
