package convert

import (
	"encoding/json"

	"github.com/convkit/convkit/chat"
)

// toolDef is one function tool definition, in the terms every format
// shares. Values are kept as the exact JSON they were.
type toolDef struct {
	Name        string
	Description json.RawMessage // a JSON string, or nil
	Parameters  json.RawMessage // a JSON Schema object, or nil
	Strict      json.RawMessage // a JSON boolean, or nil
}

// keysIn decodes a JSON object and reports whether it has only allowed keys.
func keysIn(raw json.RawMessage, allowed ...string) (map[string]json.RawMessage, bool) {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil || m == nil {
		return nil, false
	}
	for k := range m {
		ok := false
		for _, a := range allowed {
			ok = ok || k == a
		}
		if !ok {
			return nil, false
		}
	}
	return m, true
}

// toolDefs reads a list of tool definitions with each's keys: the name key,
// the parameters key, and the description and strict keys. It fails on
// anything it could not write back exactly, and the caller keeps the list
// verbatim.
func toolDefs(items []json.RawMessage, wrap func(json.RawMessage) (json.RawMessage, bool), params string, strict bool) ([]toolDef, bool) {
	defs := make([]toolDef, 0, len(items))
	allowed := []string{"name", "description", params}
	if strict {
		allowed = append(allowed, "strict")
	}
	for _, item := range items {
		inner, ok := wrap(item)
		if !ok {
			return nil, false
		}
		m, ok := keysIn(inner, allowed...)
		var name string
		if !ok || json.Unmarshal(m["name"], &name) != nil || name == "" {
			return nil, false
		}
		defs = append(defs, toolDef{name, compactRaw(m["description"]), compactRaw(m[params]), m["strict"]})
	}
	return defs, true
}

func noWrap(raw json.RawMessage) (json.RawMessage, bool) { return raw, true }

// openAIWrap unwraps {"type":"function","function":{…}}.
func openAIWrap(raw json.RawMessage) (json.RawMessage, bool) {
	m, ok := keysIn(raw, "type", "function")
	if !ok || string(m["type"]) != `"function"` || m["function"] == nil {
		return nil, false
	}
	return m["function"], true
}

// responsesWrap takes the flat {"type":"function","name",…} of the
// Responses API.
func responsesWrap(raw json.RawMessage) (json.RawMessage, bool) {
	m, ok := keysIn(raw, "type", "name", "description", "parameters", "strict")
	if !ok || string(m["type"]) != `"function"` {
		return nil, false
	}
	delete(m, "type")
	b, _ := json.Marshal(m)
	return b, true
}

func rawList(raw json.RawMessage) ([]json.RawMessage, bool) {
	var items []json.RawMessage
	return items, json.Unmarshal(raw, &items) == nil && len(items) > 0
}

// canonicalTools returns the conversation's tools when they are in the
// model's own (Chat Completions) shape.
func canonicalTools(c *chat.Conversation) ([]toolDef, bool) {
	items, ok := rawList(c.Extra.Get("tools"))
	if !ok {
		return nil, false
	}
	return toolDefs(items, openAIWrap, "parameters", true)
}

// members writes a definition's members: name, description, the
// parameters under params, and strict when keepStrict.
func (d *toolDef) members(o *object, params string, keepStrict bool) *object {
	o.str("name", d.Name)
	if d.Description != nil {
		o.raw("description", d.Description)
	}
	if d.Parameters != nil {
		o.raw(params, d.Parameters)
	}
	if keepStrict && d.Strict != nil {
		o.raw("strict", d.Strict)
	}
	return o
}

// toolList writes each definition with one.
func toolList(defs []toolDef, one func(d *toolDef) []byte) []byte {
	items := make([][]byte, len(defs))
	for i := range defs {
		items[i] = one(&defs[i])
	}
	return array(items)
}

func openAITools(defs []toolDef) []byte {
	return toolList(defs, func(d *toolDef) []byte {
		return (&object{}).str("type", "function").raw("function", d.members(&object{}, "parameters", true).bytes()).bytes()
	})
}

// replaceField returns fs with the member oldKey replaced, in place, by
// newKey: value.
func replaceField(fs chat.Fields, oldKey, newKey string, value []byte) chat.Fields {
	out := make(chat.Fields, 0, len(fs))
	for _, f := range fs {
		if f.Key == oldKey {
			f = chat.Field{Key: newKey, Value: value}
		}
		out = append(out, f)
	}
	return out
}

// importTools replaces a format's own tool list under key with the model's
// (Chat Completions) shape, when read converts it exactly; otherwise the
// list stays verbatim.
func importTools(fs chat.Fields, key string, read func(json.RawMessage) ([]toolDef, bool)) chat.Fields {
	raw := fs.Get(key)
	if raw == nil {
		return fs
	}
	defs, ok := read(raw)
	if !ok {
		return fs
	}
	return replaceField(fs, key, "tools", openAITools(defs))
}

// exportTools returns the conversation's fields with its tools, when they
// are in the model's shape, written by build under key. Formats without
// strict mode report strict flags they drop. Without tools, the legacy
// "functions" are written as tools: they are definitions of the same
// schema, and these formats write legacy function_call turns as tool
// calls, which Anthropic refuses without a definition.
func exportTools(c *chat.Conversation, key string, l *losses, strictOK bool, build func([]toolDef) []byte) (chat.Fields, error) {
	from := "tools"
	defs, ok := canonicalTools(c)
	if !ok && c.Extra.Get("tools") == nil && c.Extra.Get("functions") != nil {
		from = "functions"
		defs, ok = listOf(noWrap, "parameters", false)(c.Extra.Get("functions"))
	}
	if !ok {
		return c.Extra, nil
	}
	for _, d := range defs {
		if !strictOK && d.Strict != nil {
			if err := l.lose("tool strict flags dropped"); err != nil {
				return nil, err
			}
		}
	}
	return replaceField(c.Extra, from, key, build(defs)), nil
}

// listOf reads a JSON list of definitions.
func listOf(wrap func(json.RawMessage) (json.RawMessage, bool), params string, strict bool) func(json.RawMessage) ([]toolDef, bool) {
	return func(raw json.RawMessage) ([]toolDef, bool) {
		items, ok := rawList(raw)
		if !ok {
			return nil, false
		}
		return toolDefs(items, wrap, params, strict)
	}
}

// compactRaw drops the white space of a JSON value, so that writers can lay
// it out their own way.
func compactRaw(raw json.RawMessage) json.RawMessage {
	if raw == nil {
		return nil
	}
	return json.RawMessage(compactJSON(raw))
}
