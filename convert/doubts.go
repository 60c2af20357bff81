package convert

import (
	"fmt"
	"strconv"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// doubts warns, once per kind and input, about a message that the readers
// take but convkit validate calls an error, so that count and export do
// not pass over it silently: what is counted, or not, is said.
func (r *jsonReader) doubts(m *chat.Message, v *jsontree.Value, ptr string) {
	if r.warn == nil {
		return
	}
	tell := func(kind string, at *jsontree.Value, ptr, msg string) {
		if r.warned[kind] {
			return
		}
		if r.warned == nil {
			r.warned = map[string]bool{}
		}
		r.warned[kind] = true
		r.warn(Pos(at.Pos), fmt.Sprintf("%s: %s (validate calls this an error; told once per input)", ptr, msg))
	}
	content := v.Get("content")
	switch {
	case m.Role == chat.User && m.Content.Form == chat.ContentNull:
		tell("null user content", content, ptr+"/content", "a user message with null content: counted as empty")
	case m.Role == chat.Tool && m.ToolCallID == "":
		tell("tool without id", v, ptr, "a tool message without tool_call_id")
	}
	if content != nil && content.Kind == jsontree.Array {
		for i, p := range content.Items {
			pptr := ptr + "/content/" + strconv.Itoa(i)
			switch t := str(p.Get("type")); t {
			case "text":
				if p.Get("text") == nil && p.Get("value") != nil {
					tell("text value", p, pptr, `a text part with "value" instead of "text": counted as text`)
				}
			case "image_url":
				if img := p.Get("image_url"); img == nil || img.Kind != jsontree.Object && img.Kind != jsontree.String {
					tell("image without url", p, pptr, "an image_url part without an image_url object: counted as an image of the default size")
				}
			case "refusal", "input_audio", "file", "input_text", "output_text":
			default:
				tell("part type "+t, p, pptr, fmt.Sprintf("a content part of unknown type %q: not counted", t))
			}
		}
	}
	for i, tc := range items(v.Get("tool_calls")) {
		if args := tc.Get("function").Get("arguments"); args != nil && args.Kind != jsontree.String {
			tell("arguments not a string", args, ptr+"/tool_calls/"+strconv.Itoa(i)+"/function/arguments",
				fmt.Sprintf("tool call arguments as %s, not a JSON string: counted as its JSON text", kindName(args)))
		}
	}
}
