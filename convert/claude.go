package convert

import (
	"html"
	"io"
	"strconv"
	"strings"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// claudeFormat is the Claude.ai data export's conversations.json: each
// conversation's chat_messages, sender human or assistant, with text and
// content blocks. Text blocks are read as text and thinking blocks kept as
// parts. The text of attachments comes first, as the documents Claude.ai
// gave the model (claudeDocuments); artifacts are text in the form Claude.ai
// wrote them before its artifacts tool (claudeArtifact). Other tool use,
// tool results, and files whose content the export does not hold become
// placeholders, told once per kind (refused under Strict). The
// conversation's name and created_at become its title and create_time.
var claudeFormat = &Format{
	Name:        "claude",
	Description: "Claude.ai data export conversations.json (read only)",
	Extensions:  []string{".json"},
	NewDecoder: func(r io.Reader, opts DecodeOptions) Decoder {
		ch := newReadChanges(opts)
		return unlisted{singleDecoder(func(v *jsontree.Value, ptr string, _ func(Pos, string)) (*chat.Conversation, error) {
			return readClaude(v, ptr, ch)
		}, nil)(r, opts)}
	},
	Sniff: func(s *Shape) int {
		if s.JSON && (s.Has("[].chat_messages") || s.Has("chat_messages")) {
			return 60
		}
		return 0
	},
}

func readClaude(v *jsontree.Value, ptr string, ch *readChanges) (*chat.Conversation, error) {
	msgs := v.Get("chat_messages")
	if msgs == nil || msgs.Kind != jsontree.Array {
		return nil, errAt(v, ptr, "expected \"chat_messages\", an array")
	}
	c := &chat.Conversation{Object: true, ID: str(v.Get("uuid"))}
	if n := v.Get("name"); n != nil && n.Kind == jsontree.String {
		c.Extra.Set("title", appendString(nil, n.Str))
	}
	if t := str(v.Get("created_at")); t != "" {
		c.Extra.Set("create_time", appendString(nil, t))
	}
	for i, item := range msgs.Items {
		iptr := ptr + "/chat_messages/" + strconv.Itoa(i)
		if item.Kind != jsontree.Object {
			return nil, errAt(item, iptr, "expected a message object, got %s", kindName(item))
		}
		m := chat.Message{Role: chat.User}
		switch s := str(item.Get("sender")); s {
		case "human":
		case "assistant":
			m.Role = chat.Assistant
		default:
			return nil, errAt(item, iptr+"/sender", "expected sender \"human\" or \"assistant\", got %q", s)
		}
		content, err := claudeContent(item, iptr, ch)
		if err != nil {
			return nil, err
		}
		m.Content = content
		if t := str(item.Get("created_at")); t != "" {
			m.Meta.Set("timestamp", appendString(nil, t))
		}
		c.Messages = append(c.Messages, m)
	}
	return c, nil
}

// claudeContent reads a message's content: what was attached, then its
// blocks (or its text, when it has none), text blocks in a row joined by
// blank lines. Content that is one text is a string; otherwise the parts.
func claudeContent(item *jsontree.Value, iptr string, ch *readChanges) (chat.Content, error) {
	parts, err := claudeAttached(item, iptr, ch)
	if err != nil {
		return chat.Content{}, err
	}
	var texts []string // the text blocks in a row, not yet a part
	flush := func() {
		if texts != nil {
			parts = append(parts, chat.TextPart(strings.Join(texts, "\n\n")))
			texts = nil
		}
	}
	content := item.Get("content")
	for j, b := range items(content) {
		bptr := iptr + "/content/" + strconv.Itoa(j)
		t := str(b.Get("type"))
		if t == "text" {
			if len(items(b.Get("citations"))) > 0 {
				if err := ch.change(b, bptr+"/citations", "citations", "a text block's citations (the sources of a web search) are dropped"); err != nil {
					return chat.Content{}, err
				}
			}
			texts = append(texts, str(b.Get("text")))
			continue
		}
		input := b.Get("input")
		if t == "tool_use" && str(b.Get("name")) == "artifacts" && input != nil && input.Kind == jsontree.Object {
			texts = append(texts, claudeArtifact(input))
			continue
		}
		if t == "tool_result" && str(b.Get("name")) == "artifacts" && claudeResultText(b) == "OK" {
			continue // the artifacts tool's acknowledgement of the artifact written above as text: nothing to keep
		}
		flush()
		switch t {
		case "thinking":
			var p chat.Part
			if err := part(&p, b, bptr); err != nil {
				return chat.Content{}, err
			}
			parts = append(parts, p)
		case "tool_use", "tool_result":
			s := "[" + t + ": " + str(b.Get("name")) + "]"
			if err := ch.change(b, bptr, s, "a "+t+" block is written as a placeholder "+s); err != nil {
				return chat.Content{}, err
			}
			parts = append(parts, chat.PlaceholderPart(s))
		default:
			if err := ch.change(b, bptr, "block "+t, "a content block of type "+strconv.Quote(t)+" is written as a placeholder ["+t+"]"); err != nil {
				return chat.Content{}, err
			}
			parts = append(parts, chat.PlaceholderPart("["+t+"]"))
		}
	}
	if len(items(content)) == 0 {
		if text := str(item.Get("text")); text != "" || len(parts) == 0 {
			texts = append(texts, text)
		}
	}
	flush()
	if len(parts) == 1 && parts[0].Type == "text" && !parts[0].Placeholder {
		return chat.TextContent(parts[0].Text), nil
	}
	return chat.Content{Form: chat.ContentParts, Parts: parts}, nil
}

// claudeAttached reads what was attached to a message: the attachments'
// extracted text as one documents part (claudeDocuments), then a
// placeholder for each attachment without text and each file whose content
// the export does not hold (an image, a PDF).
func claudeAttached(item *jsontree.Value, iptr string, ch *readChanges) ([]chat.Part, error) {
	var docs []claudeDocument
	var parts []chat.Part
	withText := map[string]bool{}
	pastes := 0
	for k, a := range items(item.Get("attachments")) {
		name := str(a.Get("file_name"))
		text := str(a.Get("extracted_content"))
		if text == "" {
			if err := ch.change(a, iptr+"/attachments/"+strconv.Itoa(k), "attachment", "an attachment without extracted_content is written as a placeholder [attachment: NAME]"); err != nil {
				return nil, err
			}
			parts = append(parts, chat.PlaceholderPart("[attachment: "+name+"]"))
			continue
		}
		withText[name] = true
		if name == "" { // a long paste, which Claude.ai names paste.txt, paste-2.txt …
			pastes++
			name = "paste.txt"
			if pastes > 1 {
				name = "paste-" + strconv.Itoa(pastes) + ".txt"
			}
		}
		docs = append(docs, claudeDocument{name, text})
	}
	for k, f := range items(item.Get("files")) {
		name := str(f.Get("file_name"))
		if withText[name] { // the same upload, listed again
			continue
		}
		if err := ch.change(f, iptr+"/files/"+strconv.Itoa(k), "file", "the export holds only the name of an uploaded file (an image, a PDF): it is written as a placeholder [file: NAME]"); err != nil {
			return nil, err
		}
		parts = append(parts, chat.PlaceholderPart("[file: "+name+"]"))
	}
	if len(docs) > 0 {
		parts = append([]chat.Part{chat.TextPart(claudeDocuments(docs))}, parts...)
	}
	return parts, nil
}

type claudeDocument struct{ name, text string }

// claudeDocuments renders attachments as Claude.ai put them before the
// user's words for the model: <documents>, a <document> each with its
// <source> and <document_content>.
func claudeDocuments(docs []claudeDocument) string {
	var b strings.Builder
	b.WriteString("<documents>\n")
	for i, d := range docs {
		b.WriteString(`<document index="` + strconv.Itoa(i+1) + "\">\n<source>" + d.name + "</source>\n<document_content>" + d.text + "</document_content>\n</document>\n")
	}
	b.WriteString("</documents>")
	return b.String()
}

// claudeArtifact renders an artifacts tool call's input object as the text Claude.ai wrote
// for an artifact before it had the tool, and exports from then hold:
// <antArtifact identifier="…" type="…" …>content</antArtifact>. Every field
// of the input is kept: content as the body, an update's old_str and
// new_str as elements in it, the others as attributes (id as identifier),
// strings as they are and other values as JSON.
func claudeArtifact(input *jsontree.Value) string {
	var attrs, body strings.Builder
	for _, f := range input.Members {
		value := f.Value.Str
		if f.Value.Kind != jsontree.String {
			value = string(f.Value.Compact())
		}
		switch f.Key {
		case "content":
			body.WriteString(value)
		case "old_str", "new_str":
			if body.Len() > 0 {
				body.WriteByte('\n')
			}
			body.WriteString("<" + f.Key + ">" + value + "</" + f.Key + ">")
		default:
			key := f.Key
			if key == "id" {
				key = "identifier"
			}
			attrs.WriteString(" " + key + `="` + html.EscapeString(value) + `"`)
		}
	}
	if body.Len() == 0 {
		return "<antArtifact" + attrs.String() + "></antArtifact>"
	}
	return "<antArtifact" + attrs.String() + ">\n" + body.String() + "\n</antArtifact>"
}

// claudeResultText returns the text of a tool_result block: its text
// blocks joined, "" when it holds anything else.
func claudeResultText(b *jsontree.Value) string {
	var texts []string
	for _, c := range items(b.Get("content")) {
		if str(c.Get("type")) != "text" {
			return ""
		}
		texts = append(texts, str(c.Get("text")))
	}
	return strings.Join(texts, "")
}
