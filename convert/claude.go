package convert

import (
	"strconv"
	"strings"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// claudeFormat is the Claude.ai data export's conversations.json: each
// conversation's chat_messages, sender human or assistant, with text and
// content blocks. Text blocks are read as text, thinking blocks kept as
// parts, and tool use, tool results, attachments and files become
// placeholders. The conversation's name and created_at become its title and
// create_time.
var claudeFormat = &Format{
	Name:        "claude",
	Description: "Claude.ai data export conversations.json (read only)",
	Extensions:  []string{".json"},
	NewDecoder:  singleDecoder(readClaude, nil),
	Sniff: func(s *Shape) int {
		if s.JSON && (s.Has("[].chat_messages") || s.Has("chat_messages")) {
			return 60
		}
		return 0
	},
}

func readClaude(v *jsontree.Value, ptr string, _ func(Pos, string)) (*chat.Conversation, error) {
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
		var parts []chat.Part
		var texts []string
		if content := item.Get("content"); content != nil && content.Kind == jsontree.Array && len(content.Items) > 0 {
			for j, b := range content.Items {
				switch t := str(b.Get("type")); t {
				case "text":
					texts = append(texts, str(b.Get("text")))
				case "thinking":
					var p chat.Part
					if err := part(&p, b, iptr+"/content/"+strconv.Itoa(j)); err != nil {
						return nil, err
					}
					parts = append(parts, p)
				case "tool_use", "tool_result":
					texts = append(texts, "["+t+": "+str(b.Get("name"))+"]")
				default:
					texts = append(texts, "["+t+"]")
				}
			}
		} else {
			texts = append(texts, str(item.Get("text")))
		}
		for _, key := range []string{"attachments", "files"} {
			for _, a := range items(item.Get(key)) {
				texts = append(texts, "["+strings.TrimSuffix(key, "s")+": "+str(a.Get("file_name"))+"]")
			}
		}
		text := strings.Join(texts, "\n\n")
		if len(parts) == 0 {
			m.Content = chat.TextContent(text)
		} else {
			m.Content = chat.Content{Form: chat.ContentParts, Parts: append(parts, chat.TextPart(text))}
		}
		if t := str(item.Get("created_at")); t != "" {
			m.Meta.Set("timestamp", appendString(nil, t))
		}
		c.Messages = append(c.Messages, m)
	}
	return c, nil
}
