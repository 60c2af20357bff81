package count

import (
	"encoding/json"
	"strings"

	"github.com/convkit/convkit/chat"
)

// function is a function definition as the cookbook's formula reads it.
type function struct {
	Name        json.RawMessage `json:"name"`
	Description json.RawMessage `json:"description"`
	Parameters  struct {
		Properties map[string]struct {
			Type        json.RawMessage   `json:"type"`
			Description json.RawMessage   `json:"description"`
			Enum        []json.RawMessage `json:"enum"`
		} `json:"properties"`
	} `json:"parameters"`
}

// Tools returns the tokens of the tool definitions of a request body: its
// "tools" (function tools, {"type": "function", "function": {…}}) and its
// legacy "functions", by the cookbook's num_tokens_for_tools: per function
// FuncInit plus "name:description"; if it has properties, PropInit and per
// property PropKey plus "key:type:description", and for an enum EnumInit plus
// EnumItem and the item per item; FuncEnd once. A trailing "." of a
// description is dropped; a missing string counts as empty, a value that is
// not a string as its JSON text. Tools that are not functions count 0, and
// so does everything for a model that is not a chat model.
func (c *Counter) Tools(conv *chat.Conversation) int {
	if !c.model.Chat {
		return 0
	}
	fns := functions(conv.Extra)
	if len(fns) == 0 {
		return 0
	}
	k := c.model.Tools
	n := k.FuncEnd
	for _, f := range fns {
		n += k.FuncInit + c.Text(jsonText(f.Name)+":"+strings.TrimSuffix(jsonText(f.Description), "."))
		props := f.Parameters.Properties
		if len(props) == 0 {
			continue
		}
		n += k.PropInit
		for key, p := range props {
			n += k.PropKey
			if p.Enum != nil {
				n += k.EnumInit
				for _, item := range p.Enum {
					n += k.EnumItem + c.Text(jsonText(item))
				}
			}
			n += c.Text(key + ":" + jsonText(p.Type) + ":" + strings.TrimSuffix(jsonText(p.Description), "."))
		}
	}
	return n
}

// functions returns the function definitions among a request body's
// "tools" and "functions"; an element that is not one is skipped.
func functions(extra chat.Fields) []function {
	var fns []function
	for _, item := range array(extra.Get("tools")) {
		var t struct {
			Type     string    `json:"type"`
			Function *function `json:"function"`
		}
		if json.Unmarshal(item, &t) == nil && t.Function != nil && (t.Type == "function" || t.Type == "") {
			fns = append(fns, *t.Function)
		}
	}
	for _, item := range array(extra.Get("functions")) {
		var f function
		if json.Unmarshal(item, &f) == nil {
			fns = append(fns, f)
		}
	}
	return fns
}

// array returns the elements of a JSON array, or nil for anything else.
func array(raw json.RawMessage) []json.RawMessage {
	var items []json.RawMessage
	if raw == nil || json.Unmarshal(raw, &items) != nil {
		return nil
	}
	return items
}

// jsonText returns a JSON string's value, the JSON text of any other value,
// and "" for none.
func jsonText(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}
