package convert

import (
	"bytes"
	"encoding/json"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// The url_citation annotations of a web search are the same in OpenAI's
// two APIs but for their shape: a Chat Completions message holds them,
// each one's fields nested under "url_citation"
// ({"type":"url_citation","url_citation":{"start_index":…,"url":…}}),
// where a Responses output_text part holds them flat
// ({"type":"url_citation","start_index":…,"url":…}); the indexes count
// in the text, the message's content or the part's. Each writer reshapes
// the other's.

// nestedCitations returns Responses' annotations (a JSON array) in the
// Chat Completions shape, or false unless each one is a url_citation.
func nestedCitations(flat *jsontree.Value) (json.RawMessage, bool) {
	return eachURLCitation(flat, nestedByType)
}

// flatCitations returns Chat Completions' annotations in the Responses
// shape, or false unless each one is a url_citation and no more.
func flatCitations(nested json.RawMessage) (json.RawMessage, bool) {
	v, err := jsontree.Parse(nested, jsontree.Options{})
	if err != nil {
		return nil, false
	}
	return eachURLCitation(v, flatByType)
}

// eachURLCitation returns the list of annotations each reshaped, or false
// unless each one is a url_citation that reshape takes.
func eachURLCitation(list *jsontree.Value, reshape func(*jsontree.Value) ([]byte, bool)) (json.RawMessage, bool) {
	if list.Kind != jsontree.Array {
		return nil, false
	}
	items := make([][]byte, 0, len(list.Items))
	for _, a := range list.Items {
		b, ok := reshape(a)
		if !ok || str(a.Get("type")) != "url_citation" {
			return nil, false
		}
		items = append(items, b)
	}
	return array(items), true
}

// withMessageCitations returns m, an assistant message whose content is a
// single text part with url_citation annotations (read from an
// output_text), as Chat Completions holds it: the text its content, the
// annotations the message's. A part with more than its text, annotations
// and empty logprobs, which a message has no place for, is left as it is,
// and so is one with no annotation: the "annotations": [] the Responses
// API gives every output_text then comes back.
func withMessageCitations(m chat.Message) (chat.Message, bool) {
	if m.Role != chat.Assistant || m.Extra.Has("annotations") || m.Content.Form != chat.ContentParts || len(m.Content.Parts) != 1 {
		return m, false
	}
	p := m.Content.Parts[0]
	if p.Type != "text" || !bytes.Contains(p.Raw, []byte(`"url_citation"`)) { // a cheap test first: texts may be long
		return m, false
	}
	v, err := jsontree.Parse(p.Raw, jsontree.Options{})
	if err != nil || v.Kind != jsontree.Object || !hasOnly(v, "type", "text", "annotations", "logprobs") {
		return m, false
	}
	annotations, logprobs := v.Get("annotations"), v.Get("logprobs")
	if annotations == nil || annotations.Kind != jsontree.Array || len(annotations.Items) == 0 ||
		logprobs != nil && logprobs.Kind != jsontree.Null && (logprobs.Kind != jsontree.Array || len(logprobs.Items) > 0) {
		return m, false
	}
	nested, ok := nestedCitations(annotations)
	if !ok {
		return m, false
	}
	m.Content = chat.Content{Form: chat.ContentString, Text: p.Text, Long: unmarshaled(p.Long)}
	m.Extra = append(append(chat.Fields(nil), m.Extra...), chat.Field{Key: "annotations", Value: nested})
	return m, true
}

// withPartCitations returns m, an assistant message of a text with Chat
// Completions' url_citation annotations, as Responses holds it: the text
// an output_text part that holds the annotations.
func withPartCitations(m chat.Message) (chat.Message, bool) {
	nested := m.Extra.Get("annotations")
	if m.Role != chat.Assistant || nested == nil {
		return m, false
	}
	text := m.Content.Text
	switch {
	case m.Content.Form == chat.ContentString:
	case m.Content.Form == chat.ContentParts && len(m.Content.Parts) == 1 && m.Content.Parts[0].Type == "text" && plainTextRaw(m.Content.Parts[0].Raw):
		text = m.Content.Parts[0].Text
	default:
		return m, false
	}
	flat, ok := flatCitations(nested)
	if !ok {
		return m, false
	}
	raw := (&object{}).str("type", "text").str("text", text).raw("annotations", flat).bytes()
	m.Content = chat.Content{Form: chat.ContentParts, Parts: []chat.Part{{Type: "text", Text: text, Raw: raw}}}
	m.Extra.Delete("annotations") // into a new array: the caller's stays as it is
	return m, true
}

// citationsNested writes the url_citation annotations of an assistant's
// only text part in the Chat Completions shape (withMessageCitations).
type citationsNested struct{ Encoder }

func (e citationsNested) Encode(c *chat.Conversation) error {
	out, _ := messagesMapped(c, func(m *chat.Message) (chat.Message, bool, error) {
		cited, changed := withMessageCitations(*m)
		return cited, changed, nil
	})
	return e.Encoder.Encode(out)
}
