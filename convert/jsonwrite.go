package convert

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"strconv"

	"github.com/convkit/convkit/chat"
)

// jsonStyle says how the JSON-family writers lay a conversation out.
type jsonStyle struct {
	indent   string // "" writes compact JSON
	metadata bool   // write each message's metadata, filling the seeds' fields
	object   bool   // always write {"messages": …}, never a bare array
	tokens   func(*chat.Message) int
}

type jsonWriter struct {
	style jsonStyle
	b     []byte
	// splices are where the strings of spools go in b (see spooled.go).
	splices []splice
}

// rawSpliced writes raw as raw does, and notes where long's string goes
// in it, at LongAt, if long is a Spool.
func (w *jsonWriter) rawSpliced(raw json.RawMessage, long chat.Sink, longAt, level int) {
	start := len(w.b)
	w.raw(raw, level)
	if sp := spoolOf(long); sp != nil {
		_, byEncodingJSON := long.(marshaledSpool)
		w.splices = append(w.splices, splice{at: start + indentedOffset(w.b[start:], longAt) + 1, spool: sp, marshaled: byEncodingJSON})
	}
}

// writeTo writes what w rendered to out, with the strings of its spools.
func (w *jsonWriter) writeTo(out io.Writer) error {
	return writeSpliced(out, w.b, w.splices)
}

func (w *jsonWriter) newline(level int) {
	if w.style.indent == "" {
		return
	}
	w.b = append(w.b, '\n')
	for i := 0; i < level; i++ {
		w.b = append(w.b, w.style.indent...)
	}
}

// key writes a key and its colon.
func (w *jsonWriter) key(k string) {
	w.b = appendString(w.b, k)
	w.b = append(w.b, ':')
	if w.style.indent != "" {
		w.b = append(w.b, ' ')
	}
}

// raw writes verbatim JSON, indented to the level in indented styles.
func (w *jsonWriter) raw(v json.RawMessage, level int) {
	if w.style.indent == "" || len(v) == 0 || (v[0] != '{' && v[0] != '[') {
		w.b = append(w.b, v...)
		return
	}
	var buf bytes.Buffer
	prefix := ""
	for i := 0; i < level; i++ {
		prefix += w.style.indent
	}
	if err := json.Indent(&buf, v, prefix, w.style.indent); err != nil {
		w.b = append(w.b, v...)
		return
	}
	w.b = append(w.b, buf.Bytes()...)
}

// member writes one object member; first says whether a comma is needed.
func (w *jsonWriter) member(first *bool, k string, level int) {
	if !*first {
		w.b = append(w.b, ',')
	}
	*first = false
	w.newline(level)
	w.key(k)
}

func (w *jsonWriter) conversation(c *chat.Conversation, level int) {
	keepID := keptID(c, w.style.metadata)
	if !c.Object && !w.style.object && len(c.Extra) == 0 && !keepID {
		w.messages(c, level)
		return
	}
	w.b = append(w.b, '{')
	first := true
	own := c.Extra.Get("conversation_id") // one that is not a string, so not the ID
	if keepID {
		w.member(&first, "conversation_id", level+1)
		w.b = appendString(w.b, c.ID)
	}
	if w.style.metadata {
		w.member(&first, "conversation_id", level+1)
		if own != nil {
			w.raw(own, level+1)
		} else {
			w.b = appendString(w.b, conversationID(c))
		}
	}
	w.member(&first, "messages", level+1)
	w.messages(c, level+1)
	for _, f := range c.Extra {
		if w.style.metadata && f.Key == "conversation_id" {
			continue // written first
		}
		w.member(&first, f.Key, level+1)
		w.raw(f.Value, level+1)
	}
	w.newline(level)
	w.b = append(w.b, '}')
}

func (w *jsonWriter) messages(c *chat.Conversation, level int) {
	w.b = append(w.b, '[')
	id := ""
	if w.style.metadata {
		id = conversationID(c)
	}
	for i := range c.Messages {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.newline(level + 1)
		w.message(&c.Messages[i], i, id, level+1)
	}
	if len(c.Messages) > 0 {
		w.newline(level)
	}
	w.b = append(w.b, ']')
}

func (w *jsonWriter) message(m *chat.Message, index int, convID string, level int) {
	w.b = append(w.b, '{')
	first := true
	w.member(&first, "role", level+1)
	w.b = appendString(w.b, string(m.Role))
	switch m.Content.Form {
	case chat.ContentNull:
		w.member(&first, "content", level+1)
		w.b = append(w.b, "null"...)
	case chat.ContentString:
		w.member(&first, "content", level+1)
		w.b = appendString(w.b, m.Content.Text)
		if sp := spoolOf(m.Content.Long); sp != nil {
			w.splices = append(w.splices, splice{at: len(w.b) - 1, spool: sp})
		}
	case chat.ContentParts:
		w.member(&first, "content", level+1)
		w.b = append(w.b, '[')
		for i, p := range m.Content.Parts {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.newline(level + 2)
			w.rawSpliced(p.Raw, p.Long, p.LongAt, level+2)
		}
		if len(m.Content.Parts) > 0 {
			w.newline(level + 1)
		}
		w.b = append(w.b, ']')
	}
	if m.Name != "" {
		w.member(&first, "name", level+1)
		w.b = appendString(w.b, m.Name)
	}
	if len(m.ToolCalls) > 0 {
		w.member(&first, "tool_calls", level+1)
		w.b = append(w.b, '[')
		for i, tc := range m.ToolCalls {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.newline(level + 2)
			w.rawSpliced(tc.Raw, tc.Long, tc.LongAt, level+2)
		}
		w.newline(level + 1)
		w.b = append(w.b, ']')
	}
	if m.ToolCallID != "" {
		w.member(&first, "tool_call_id", level+1)
		w.b = appendString(w.b, m.ToolCallID)
	}
	for _, f := range m.Extra {
		if modeled(m, f.Key) {
			continue // written above
		}
		w.member(&first, f.Key, level+1)
		w.raw(f.Value, level+1)
	}
	if w.style.metadata {
		w.member(&first, "metadata", level+1)
		w.raw(w.metadata(m, index, convID), level+1)
	}
	w.newline(level)
	w.b = append(w.b, '}')
}

// modeled reports whether the message member key, kept in Extra while
// it was null or empty, is now written from the message's own fields.
func modeled(m *chat.Message, key string) bool {
	switch key {
	case "name":
		return m.Name != ""
	case "tool_calls":
		return len(m.ToolCalls) > 0
	case "tool_call_id":
		return m.ToolCallID != ""
	}
	return false
}

// metadata returns the message's metadata with the seeds' fields filled in
// where they are missing; timestamps are kept, never invented.
func (w *jsonWriter) metadata(m *chat.Message, index int, convID string) json.RawMessage {
	meta := append(chat.Fields(nil), m.Meta...)
	if !meta.Has("message_index") {
		meta.Set("message_index", json.RawMessage(strconv.Itoa(index)))
	}
	if !meta.Has("character_count") {
		meta.Set("character_count", json.RawMessage(strconv.Itoa(m.CharCount())))
	}
	if !meta.Has("conversation_id") {
		meta.Set("conversation_id", appendString(nil, convID))
	}
	if w.style.tokens != nil {
		meta.Set("token_count", json.RawMessage(strconv.Itoa(w.style.tokens(m))))
	}
	b := []byte{'{'}
	for i, f := range meta {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, f.Key)
		b = append(b, ':')
		b = append(b, f.Value...)
	}
	return append(b, '}')
}

// keptID reports whether a writer without message metadata writes the
// conversation's id as a "conversation_id" field: when it has one (from
// an export, or a conversation_id field) that its first message's metadata
// does not already give.
func keptID(c *chat.Conversation, metadata bool) bool {
	return !metadata && c.ID != "" && !c.Extra.Has("conversation_id") &&
		(len(c.Messages) == 0 || metaConversationID(&c.Messages[0]) != c.ID)
}

// conversationID returns the conversation's id, or one derived from its
// messages: the same messages always give the same id.
func conversationID(c *chat.Conversation) string {
	if c.ID != "" {
		return c.ID
	}
	w := jsonWriter{}
	w.messages(&chat.Conversation{Messages: c.Messages}, 0)
	h := sha256.New()
	if err := w.writeTo(h); err != nil {
		return "" // a spool that cannot be read fails the write that follows
	}
	return "conv_" + hex.EncodeToString(h.Sum(nil)[:6])
}
