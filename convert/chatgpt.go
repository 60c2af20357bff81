package convert

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
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
// content is read as text where it has any (chatgptContent), else as a
// placeholder. What is skipped or a placeholder is told once per kind
// (refused under Strict).
var chatgptFormat = &Format{
	Name:        "chatgpt",
	Description: "ChatGPT data export conversations.json: the active thread of each (read only)",
	Extensions:  []string{".json"},
	NewDecoder: func(r io.Reader, opts DecodeOptions) Decoder {
		ch := newReadChanges(opts)
		return unlisted{objectDecoder(r, func(v *jsontree.Value, ptr string) ([]*chat.Conversation, error) {
			return readChatGPT(v, ptr, opts, ch)
		})}
	},
	Sniff: func(s *Shape) int {
		// Older exports and other tools write no current_node.
		if s.JSON && (s.Has("[].mapping") || s.Has("mapping") && (s.Has("current_node") || s.Has("title") || s.Has("create_time"))) {
			return 60
		}
		return 0
	},
}

func readChatGPT(v *jsontree.Value, ptr string, opts DecodeOptions, ch *readChanges) ([]*chat.Conversation, error) {
	tree, err := chatgptTreeOf(v, ptr)
	if err != nil {
		return nil, err
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
	current, err := tree.current(v, ptr, opts)
	if err != nil {
		return nil, err
	}
	leaves := []string{current}
	if opts.AllBranches {
		leaves = tree.leaves()
	}
	convs := make([]*chat.Conversation, 0, len(leaves))
	for i, leaf := range leaves {
		path, err := tree.path(leaf, ptr)
		if err != nil {
			return nil, err
		}
		c := base
		c.Extra = append(chat.Fields(nil), base.Extra...)
		if opts.AllBranches {
			c.Extra.Set("branch", []byte(strconv.Itoa(i+1)))
			c.Extra.Set("active", []byte(strconv.FormatBool(leaf == current)))
		}
		var recap json.RawMessage // a "Thought for 47s" not yet given to a message
		var recapAt *jsontree.Value
		var recapPtr string
		for j := len(path) - 1; j >= 0; j-- {
			id := path[j]
			msg := tree.nodes[id].Get("message")
			if content := msg.Get("content"); str(content.Get("content_type")) == "reasoning_recap" {
				if err := keepRecapBefore(&c, nil, recap, recapAt, recapPtr, ch); err != nil { // a recap after a recap
					return nil, err
				}
				recap, recapAt, recapPtr = appendString(nil, str(content.Get("content"))), content, ptr+"/mapping/"+id+"/message/content"
				if n := len(c.Messages); n > 0 && string(c.Messages[n-1].Meta.Get("content_type")) == `"thoughts"` && c.Messages[n-1].Meta.Get("reasoning_recap") == nil {
					c.Messages[n-1].Meta.Set("reasoning_recap", recap)
					recap = nil
				}
				continue
			}
			m, ok, err := chatgptMessage(msg, ptr+"/mapping/"+id+"/message", opts.Hidden, ch)
			if err != nil {
				return nil, err
			}
			if ok {
				if recap != nil && m.Role == chat.Assistant { // the answer the recap's reasoning led to
					m.Meta.Set("reasoning_recap", recap)
				} else if err := keepRecapBefore(&c, &m, recap, recapAt, recapPtr, ch); err != nil {
					return nil, err
				}
				recap = nil
				c.Messages = append(c.Messages, m)
			}
		}
		if err := keepRecapBefore(&c, nil, recap, recapAt, recapPtr, ch); err != nil {
			return nil, err
		}
		convs = append(convs, &c)
	}
	return convs, nil
}

// keepRecapBefore keeps a "Thought for 47s" that no thoughts message comes
// before and no answer follows (the answer was stopped: the conversation
// ends, or the next message is the user's) as the metadata of the message
// before it, in the turn it ends; if that one holds a recap already, of
// next, the message after it; with neither, it is dropped, told.
func keepRecapBefore(c *chat.Conversation, next *chat.Message, recap json.RawMessage, at *jsontree.Value, ptr string, ch *readChanges) error {
	switch n := len(c.Messages); {
	case recap == nil:
		return nil
	case n > 0 && c.Messages[n-1].Meta.Get("reasoning_recap") == nil:
		c.Messages[n-1].Meta.Set("reasoning_recap", recap)
		return nil
	case next != nil:
		next.Meta.Set("reasoning_recap", recap)
		return nil
	}
	return ch.change(at, ptr, "recap", `a "Thought for …" recap with no message to keep it is dropped`)
}

// chatgptTree is a conversation's mapping as a tree. Exports link nodes
// both ways (parent and children); older exports and other tools write
// one of the two, and some nodes lack their "id": the mapping's key is the
// id, and each link is taken from whichever side gives it.
type chatgptTree struct {
	nodes    map[string]*jsontree.Value
	order    []string            // the mapping's keys, in the export's order
	parent   map[string]string   // "" for a root
	children map[string][]string // in the order the parent lists them, else the export's
}

func chatgptTreeOf(v *jsontree.Value, ptr string) (*chatgptTree, error) {
	mapping := v.Get("mapping")
	if mapping == nil || mapping.Kind != jsontree.Object {
		return nil, errAt(v, ptr, "expected \"mapping\", the object of message nodes")
	}
	t := &chatgptTree{nodes: make(map[string]*jsontree.Value, len(mapping.Members)), parent: map[string]string{}, children: map[string][]string{}}
	for _, m := range mapping.Members {
		if m.Value.Kind != jsontree.Object {
			return nil, errAt(m.Value, ptr+"/mapping/"+m.Key, "expected a node object, got %s", kindName(m.Value))
		}
		t.nodes[m.Key] = m.Value
		t.order = append(t.order, m.Key)
	}
	// A parent link names the node above; a children link must agree.
	for _, id := range t.order {
		if p := str(t.nodes[id].Get("parent")); p != "" && t.nodes[p] != nil {
			t.parent[id] = p
		}
	}
	for _, id := range t.order {
		kids := t.nodes[id].Get("children")
		for _, k := range items(kids) {
			kid := str(k)
			if t.nodes[kid] == nil {
				continue
			}
			if p, ok := t.parent[kid]; ok && p != id {
				return nil, errAt(k, ptr+"/mapping/"+id+"/children", "node %q is listed as a child of %q, but its parent is %q", kid, id, p)
			}
			t.parent[kid] = id
			t.children[id] = append(t.children[id], kid)
		}
	}
	for _, id := range t.order {
		p, ok := t.parent[id]
		if !ok || slices.Contains(t.children[p], id) {
			continue
		}
		if kids := t.nodes[p].Get("children"); kids != nil && kids.Kind == jsontree.Array {
			return nil, errAt(kids, ptr+"/mapping/"+p+"/children", "node %q names %q as its parent, which does not list it as a child", id, p)
		}
		t.children[p] = append(t.children[p], id)
	}
	return t, nil
}

// current returns the node whose thread is the conversation: current_node,
// or without one the single leaf, or the most recently created leaf, with
// a warning naming the choice.
func (t *chatgptTree) current(v *jsontree.Value, ptr string, opts DecodeOptions) (string, error) {
	if id := str(v.Get("current_node")); id != "" {
		if t.nodes[id] == nil {
			return "", errAt(v, ptr+"/current_node", "current_node %q is not a node of mapping", id)
		}
		return id, nil
	}
	leaves := t.leaves()
	if len(leaves) == 0 {
		return "", errAt(v, ptr+"/mapping", "the mapping has no node to start from")
	}
	best, bestTime := leaves[0], -1.0
	for _, id := range leaves {
		if ct := createTime(t.nodes[id].Get("message")); ct > bestTime {
			best, bestTime = id, ct
		}
	}
	if len(leaves) > 1 && !opts.AllBranches && opts.Warn != nil {
		where := ""
		if ptr != "" {
			where = ptr + ": "
		}
		opts.Warn(Pos(v.Pos), fmt.Sprintf("%sno current_node and %d branches: read the most recently created one, ending at node %q (--all-branches gives all)", where, len(leaves), best))
	}
	return best, nil
}

// createTime is a message's create_time, or -1.
func createTime(msg *jsontree.Value) float64 {
	f := -1.0
	if ct := msg.Get("create_time"); ct != nil && ct.Kind == jsontree.Number {
		json.Unmarshal(ct.Src, &f)
	}
	return f
}

// path returns the ids of the nodes from leaf up to its root.
func (t *chatgptTree) path(leaf, ptr string) ([]string, error) {
	var path []string
	seen := map[string]bool{}
	for id, ok := leaf, true; ok; id, ok = t.parent[id] {
		if seen[id] {
			return nil, errAt(t.nodes[id], ptr+"/mapping/"+id, "parent links form a loop")
		}
		seen[id] = true
		path = append(path, id)
	}
	return path, nil
}

// leaves lists the nodes without children, depth first from the roots in
// the export's order.
func (t *chatgptTree) leaves() []string {
	var leaves []string
	seen := map[string]bool{}
	var walk func(id string)
	walk = func(id string) {
		if seen[id] {
			return
		}
		seen[id] = true
		if len(t.children[id]) == 0 {
			leaves = append(leaves, id)
			return
		}
		for _, kid := range t.children[id] {
			walk(kid)
		}
	}
	for _, id := range t.order {
		if _, ok := t.parent[id]; !ok {
			walk(id)
		}
	}
	return leaves
}

// chatgptMessage turns a node's message, at ptr, into a chat message; ok is
// false for nodes the ChatGPT interface does not show, unless hidden asks
// for them, and for reasoning without text.
func chatgptMessage(v *jsontree.Value, ptr string, hidden bool, ch *readChanges) (m chat.Message, ok bool, err error) {
	if v == nil || v.Kind != jsontree.Object {
		return chat.Message{}, false, nil
	}
	author := v.Get("author")
	role := str(author.Get("role"))
	content := v.Get("content")
	ct := str(content.Get("content_type"))
	unshown := ct == "user_editable_context" || ct == "model_editable_context"
	if h := v.Get("metadata").Get("is_visually_hidden_from_conversation"); h != nil && h.Bool {
		unshown = true
	}
	if unshown && !hidden {
		// Read without telling of its placeholders: only whether it has text matters.
		if body, _ := chatgptContent(content, ptr+"/content", nil); strings.TrimSpace(body.PlainText()) != "" {
			return chat.Message{}, false, ch.change(v, ptr, "hidden", "a message ChatGPT does not show (custom instructions, memory, a hidden system message) is skipped; --hidden keeps it")
		}
		return chat.Message{}, false, nil
	}
	body, err := chatgptContent(content, ptr+"/content", ch)
	if err != nil {
		return chat.Message{}, false, err
	}
	files, err := chatgptFiles(v, ptr, ch)
	if err != nil {
		return chat.Message{}, false, err
	}
	if len(files) > 0 {
		rest := body.Parts
		if body.Form != chat.ContentParts {
			rest = []chat.Part{chat.TextPart(body.Text)}
		}
		body = chat.Content{Form: chat.ContentParts, Parts: append(files, rest...)}
	}
	empty := strings.TrimSpace(body.PlainText()) == ""
	if role == "" || empty && role == "system" || ct == "thoughts" && len(body.Parts) == 0 {
		return chat.Message{}, false, nil
	}
	m = chat.Message{Role: chat.Role(role), Content: body, Name: str(author.Get("name"))}
	if ts := isoTime(v.Get("create_time")); ts != "" {
		m.Meta.Set("timestamp", appendString(nil, ts))
	}
	if ct != "text" && ct != "multimodal_text" { // what the text was: reasoning, code, a tool's output …
		m.Meta.Set("content_type", appendString(nil, ct))
	}
	if r := str(v.Get("recipient")); r != "" && r != "all" {
		m.Extra.Set("recipient", appendString(nil, r))
	}
	return m, true, nil
}

// chatgptContent reads a message's content, at ptr: its text, with
// placeholders for what has none in the export (an image is a file beside
// conversations.json), told of to ch. With a placeholder
// it is an array of parts, text parts and placeholder parts
// (chat.PlaceholderPart), so that counts leave the placeholders out;
// without, a string.
func chatgptContent(c *jsontree.Value, ptr string, ch *readChanges) (chat.Content, error) {
	var parts []chat.Part
	text := func(s string) { parts = append(parts, chat.TextPart(s)) }
	placeholder := func(v *jsontree.Value, at, kind, what, s string) error {
		parts = append(parts, chat.PlaceholderPart(s))
		return ch.change(v, at, kind, what+" is written as a placeholder "+s)
	}
	switch ct := str(c.Get("content_type")); ct {
	case "text", "multimodal_text":
		for k, p := range items(c.Get("parts")) {
			pptr := ptr + "/parts/" + strconv.Itoa(k)
			var err error
			switch p.Kind {
			case jsontree.String:
				text(p.Str)
			case jsontree.Object:
				switch pt := str(p.Get("content_type")); pt {
				case "image_asset_pointer":
					err = placeholder(p, pptr, "image", "an image (a file beside conversations.json in the export)", "[image: "+str(p.Get("asset_pointer"))+"]")
				case "audio_transcription":
					text(str(p.Get("text")))
				default:
					err = placeholder(p, pptr, "part "+pt, "a part of type "+strconv.Quote(pt), "["+pt+"]")
				}
			}
			if err != nil {
				return chat.Content{}, err
			}
		}
	case "code":
		text("```" + strings.TrimSuffix(str(c.Get("language")), "unknown") + "\n" + str(c.Get("text")) + "\n```")
	case "execution_output", "system_error":
		text(str(c.Get("text")))
	case "tether_browsing_display":
		text(joinNonEmpty(str(c.Get("result")), str(c.Get("summary"))))
	case "tether_quote":
		text("[quote: " + str(c.Get("title")) + " " + str(c.Get("url")) + "]\n" + str(c.Get("text")))
	case "thoughts": // o1, o3 … reasoning, as ChatGPT shows it under "Thought for 47s"
		for _, t := range items(c.Get("thoughts")) {
			if thought := joinNonEmpty(str(t.Get("summary")), str(t.Get("content"))); thought != "" {
				parts = append(parts, thinkingPart(thought))
			}
		}
		return chat.Content{Form: chat.ContentParts, Parts: parts}, nil
	case "user_editable_context": // custom instructions, shown with --hidden
		text(joinNonEmpty(str(c.Get("user_profile")), str(c.Get("user_instructions"))))
	case "model_editable_context": // memory, shown with --hidden
		text(str(c.Get("model_set_context")))
	default:
		if err := placeholder(c, ptr, "content "+ct, "content of type "+strconv.Quote(ct), "["+ct+"]"); err != nil {
			return chat.Content{}, err
		}
	}
	for _, p := range parts {
		if p.Placeholder {
			return chat.Content{Form: chat.ContentParts, Parts: parts}, nil
		}
	}
	texts := make([]string, len(parts))
	for i, p := range parts {
		texts[i] = p.Text
	}
	return chat.TextContent(strings.Join(texts, "\n")), nil
}

// chatgptFiles returns a placeholder for each file attached to message v,
// at ptr, (metadata.attachments) that its content does not show as an
// image: the export keeps the file beside conversations.json, if at all.
func chatgptFiles(v *jsontree.Value, ptr string, ch *readChanges) ([]chat.Part, error) {
	shown := map[string]bool{}
	for _, p := range items(v.Get("content").Get("parts")) {
		if ap := str(p.Get("asset_pointer")); ap != "" { // file-service://file-8fKc2Qx
			shown[ap[strings.LastIndexByte(ap, '/')+1:]] = true
		}
	}
	var files []chat.Part
	for k, a := range items(v.Get("metadata").Get("attachments")) {
		if shown[str(a.Get("id"))] {
			continue
		}
		s := "[file: " + str(a.Get("name")) + "]"
		if err := ch.change(a, ptr+"/metadata/attachments/"+strconv.Itoa(k), "file", "a file attached to a message (beside conversations.json in the export, if at all) is written as a placeholder "+s); err != nil {
			return nil, err
		}
		files = append(files, chat.PlaceholderPart(s))
	}
	return files, nil
}

// joinNonEmpty joins the texts that are not empty with blank lines.
func joinNonEmpty(texts ...string) string {
	return strings.Join(slices.DeleteFunc(texts, func(s string) bool { return s == "" }), "\n\n")
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
