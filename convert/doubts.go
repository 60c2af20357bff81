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
		if r.held != nil {
			*r.held = append(*r.held, heldWarning{kind: kind, pos: Pos(at.Pos), msg: ptr + ": " + msg})
			return
		}
		if r.mu != nil {
			r.mu.Lock()
			defer r.mu.Unlock()
		}
		if r.warned[kind] {
			return
		}
		if r.warned == nil {
			r.warned = map[string]bool{}
		}
		r.warned[kind] = true
		r.warn(Pos(at.Pos), ptr+": "+msg)
	}
	// invalid: the warning is about what validate rejects.
	invalid := func(kind string, at *jsontree.Value, ptr, msg string) {
		tell(kind, at, ptr, msg+" (validate calls this an error; told once per input)")
	}
	content := v.Get("content")
	if content != nil && content.Kind == jsontree.String && (hasLoneSurrogate(content.Src) || heldLoneSurrogate(content)) {
		tell("lone surrogate", content, ptr+"/content", loneSurrogateMsg+" (told once per input)")
	}
	switch {
	case m.Role == chat.User && m.Content.Form == chat.ContentNull:
		invalid("null user content", content, ptr+"/content", "a user message with null content: counted as empty")
	case m.Role == chat.Tool && m.ToolCallID == "":
		invalid("tool without id", v, ptr, "a tool message without tool_call_id")
	}
	if content != nil && content.Kind == jsontree.Array {
		for i, p := range content.Items {
			pptr := ptr + "/content/" + strconv.Itoa(i)
			switch t := str(p.Get("type")); t {
			case "text":
				if t := p.Get("text"); t != nil && hasLoneSurrogate(t.Src) {
					tell("lone surrogate", t, pptr+"/text", loneSurrogateMsg+" (told once per input)")
				}
				if p.Get("text") == nil && p.Get("value") != nil {
					invalid("text value", p, pptr, `a text part with "value" instead of "text": counted as text`)
				}
			case "image_url":
				if img := p.Get("image_url"); img == nil || img.Kind != jsontree.Object && img.Kind != jsontree.String {
					invalid("image without url", p, pptr, "an image_url part without an image_url object: counted as an image of the default size")
				}
			case "refusal", "input_audio", "file", "input_text", "output_text":
			default:
				invalid("part type "+t, p, pptr, fmt.Sprintf("a content part of unknown type %q: kept as it is, not counted", t))
			}
		}
	}
	for i, tc := range items(v.Get("tool_calls")) {
		if args := tc.Get("function").Get("arguments"); args != nil && args.Kind != jsontree.String {
			invalid("arguments not a string", args, ptr+"/tool_calls/"+strconv.Itoa(i)+"/function/arguments",
				fmt.Sprintf("tool call arguments as %s, not a JSON string: counted as its JSON text", kindName(args)))
		}
	}
}

// loneSurrogateMsg says what becomes of a lone UTF-16 surrogate escape.
const loneSurrogateMsg = `a lone UTF-16 surrogate escape (\ud800 …) in a string: read, and written back, as U+FFFD`

// hasLoneSurrogate reports whether the JSON text of a string holds a \u
// escape of a surrogate that is not half of a pair, which cannot be UTF-8
// and is read as U+FFFD.
func hasLoneSurrogate(src []byte) bool {
	hex4 := func(i int) (rune, bool) {
		if i+6 > len(src) || src[i] != '\\' || src[i+1] != 'u' {
			return 0, false
		}
		var r rune
		for _, c := range src[i+2 : i+6] {
			switch {
			case '0' <= c && c <= '9':
				r = r<<4 | rune(c-'0')
			case 'a' <= c && c <= 'f':
				r = r<<4 | rune(c-'a'+10)
			case 'A' <= c && c <= 'F':
				r = r<<4 | rune(c-'A'+10)
			default:
				return 0, false
			}
		}
		return r, true
	}
	for i := 0; i < len(src); i++ {
		if src[i] != '\\' {
			continue
		}
		r, ok := hex4(i)
		if !ok {
			i++ // a two-character escape
			continue
		}
		switch {
		case 0xD800 <= r && r < 0xDC00:
			if low, ok := hex4(i + 6); ok && 0xDC00 <= low && low < 0xE000 {
				i += 11
				continue
			}
			return true
		case 0xDC00 <= r && r < 0xE000:
			return true
		}
		i += 5
	}
	return false
}

// heldLoneSurrogate reports whether a string content held as a heldText
// (its Src then lacks most of it) held a lone surrogate.
func heldLoneSurrogate(content *jsontree.Value) bool {
	held, ok := content.Sink.(*heldText)
	return ok && held.lone
}
