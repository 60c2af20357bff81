package convert

import (
	"encoding/json"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// chatgptFormat is the ChatGPT data export's conversations.json (or one of
// its split conversations-NNN.json files): conversations whose messages form
// a tree in "mapping". Each gives its active thread, found by walking from
// current_node up through parent, so abandoned edits and regenerations are
// left out; DecodeOptions.AllBranches gives every branch instead. Hidden
// and context nodes are skipped unless DecodeOptions.Hidden asks for them;
// non-text content becomes placeholders.
var chatgptFormat = &Format{
	Name:        "chatgpt",
	Description: "ChatGPT data export conversations.json: the active thread of each (read only)",
	Extensions:  []string{".json"},
	NewDecoder: func(r io.Reader, opts DecodeOptions) Decoder {
		return objectDecoder(r, func(v *jsontree.Value, ptr string) ([]*chat.Conversation, error) {
			return readChatGPT(v, ptr, opts)
		})
	},
	Sniff: func(s *Shape) int {
		if s.JSON && (s.Has("[].mapping") || s.Has("mapping") && s.Has("current_node")) {
			return 60
		}
		return 0
	},
}

func readChatGPT(v *jsontree.Value, ptr string, opts DecodeOptions) ([]*chat.Conversation, error) {
	mapping := v.Get("mapping")
	if mapping == nil || mapping.Kind != jsontree.Object {
		return nil, errAt(v, ptr, "expected \"mapping\", the object of message nodes")
	}
	nodes := make(map[string]*jsontree.Value, len(mapping.Members))
	for _, m := range mapping.Members {
		if m.Value.Kind != jsontree.Object {
			return nil, errAt(m.Value, ptr+"/mapping/"+m.Key, "expected a node object, got %s", kindName(m.Value))
		}
		nodes[m.Key] = m.Value
	}
	base := chat.Conversation{Object: true, ID: str(v.Get("conversation_id"))}
	if base.ID == "" {
		base.ID = str(v.Get("id"))
	}
	if t := v.Get("title"); t != nil && t.Kind == jsontree.String {
		base.Extra.Set("title", appendString(nil, t.Str))
	}
	if ts := isoTime(v.Get("create_time")); ts != "" {
		base.Extra.Set("create_time", appendString(nil, ts))
	}
	current := str(v.Get("current_node"))
	var leaves []string
	if opts.AllBranches {
		leaves = chatgptLeaves(mapping, nodes)
	} else {
		if nodes[current] == nil {
			return nil, errAt(v, ptr+"/current_node", "current_node %q is not a node of mapping", current)
		}
		leaves = []string{current}
	}
	convs := make([]*chat.Conversation, 0, len(leaves))
	for i, leaf := range leaves {
		var path []*jsontree.Value
		seen := map[string]bool{}
		for id := leaf; id != ""; id = str(nodes[id].Get("parent")) {
			if seen[id] || nodes[id] == nil {
				if seen[id] {
					return nil, errAt(nodes[id], ptr+"/mapping/"+id, "parent links form a loop")
				}
				break
			}
			seen[id] = true
			path = append(path, nodes[id])
		}
		c := base
		c.Extra = append(chat.Fields(nil), base.Extra...)
		if opts.AllBranches {
			c.Extra.Set("branch", []byte(strconv.Itoa(i+1)))
			c.Extra.Set("active", []byte(strconv.FormatBool(leaf == current)))
		}
		for j := len(path) - 1; j >= 0; j-- {
			if m, ok := chatgptMessage(path[j].Get("message"), opts.Hidden); ok {
				c.Messages = append(c.Messages, m)
			}
		}
		convs = append(convs, &c)
	}
	return convs, nil
}

// chatgptLeaves lists the nodes without children, depth first from the
// roots in the export's order.
func chatgptLeaves(mapping *jsontree.Value, nodes map[string]*jsontree.Value) []string {
	var leaves []string
	seen := map[string]bool{}
	var walk func(id string)
	walk = func(id string) {
		n := nodes[id]
		if n == nil || seen[id] {
			return
		}
		seen[id] = true
		kids := n.Get("children")
		if kids == nil || len(kids.Items) == 0 {
			leaves = append(leaves, id)
			return
		}
		for _, k := range kids.Items {
			walk(str(k))
		}
	}
	for _, m := range mapping.Members {
		if p := str(m.Value.Get("parent")); p == "" || nodes[p] == nil {
			walk(m.Key)
		}
	}
	return leaves
}

// chatgptMessage turns a node's message into a chat message; ok is false
// for nodes the ChatGPT interface does not show, unless hidden asks for them.
func chatgptMessage(v *jsontree.Value, hidden bool) (chat.Message, bool) {
	if v == nil || v.Kind != jsontree.Object {
		return chat.Message{}, false
	}
	meta := v.Get("metadata")
	if h := meta.Get("is_visually_hidden_from_conversation"); h != nil && h.Bool && !hidden {
		return chat.Message{}, false
	}
	author := v.Get("author")
	role := str(author.Get("role"))
	content := v.Get("content")
	switch str(content.Get("content_type")) {
	case "user_editable_context", "model_editable_context":
		if !hidden {
			return chat.Message{}, false
		}
	}
	text := chatgptText(content)
	if role == "system" && strings.TrimSpace(text) == "" || role == "" {
		return chat.Message{}, false
	}
	m := chat.Message{Role: chat.Role(role), Content: chat.TextContent(text), Name: str(author.Get("name"))}
	if ts := isoTime(v.Get("create_time")); ts != "" {
		m.Meta.Set("timestamp", appendString(nil, ts))
	}
	if r := str(v.Get("recipient")); r != "" && r != "all" {
		m.Extra.Set("recipient", appendString(nil, r))
	}
	return m, true
}

// chatgptText renders a message's content as text, with placeholders for
// what is not text.
func chatgptText(c *jsontree.Value) string {
	ct := str(c.Get("content_type"))
	switch ct {
	case "text", "multimodal_text":
		var out []string
		for _, p := range items(c.Get("parts")) {
			switch p.Kind {
			case jsontree.String:
				out = append(out, p.Str)
			case jsontree.Object:
				switch pt := str(p.Get("content_type")); pt {
				case "image_asset_pointer":
					out = append(out, "[image: "+str(p.Get("asset_pointer"))+"]")
				case "audio_transcription":
					out = append(out, str(p.Get("text")))
				default:
					out = append(out, "["+pt+"]")
				}
			}
		}
		return strings.Join(out, "\n")
	case "code":
		return "```" + strings.TrimSuffix(str(c.Get("language")), "unknown") + "\n" + str(c.Get("text")) + "\n```"
	case "execution_output", "system_error":
		return str(c.Get("text"))
	case "tether_browsing_display":
		return str(c.Get("result"))
	case "tether_quote":
		return "[quote: " + str(c.Get("title")) + " " + str(c.Get("url")) + "]\n" + str(c.Get("text"))
	case "reasoning_recap":
		return "[" + str(c.Get("content")) + "]"
	case "user_editable_context": // custom instructions, shown with --hidden
		var out []string
		for _, key := range []string{"user_profile", "user_instructions"} {
			if t := str(c.Get(key)); t != "" {
				out = append(out, t)
			}
		}
		return strings.Join(out, "\n\n")
	}
	return "[" + ct + "]"
}

// isoTime renders a Unix time in seconds (as the export writes it) as
// RFC 3339 in UTC, to the millisecond.
func isoTime(v *jsontree.Value) string {
	if v == nil || v.Kind != jsontree.Number {
		return ""
	}
	var f float64
	if json.Unmarshal(v.Src, &f) != nil || math.IsInf(f, 0) || f < 0 || f > 1e11 {
		return ""
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(math.Round(frac*1000))*1e6).UTC().Format("2006-01-02T15:04:05.000Z")
}
