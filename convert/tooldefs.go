package convert

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// toolDef is one tool definition: a function, in the terms every format
// shares, values kept as the exact JSON they were; or, when Provider is
// set, a tool of that provider's own (a server or built-in tool: web
// search, code execution, an MCP server …), kept verbatim in Raw.
type toolDef struct {
	Name        string
	Description json.RawMessage // a JSON string, or nil
	Parameters  json.RawMessage // a JSON Schema object, or nil
	Strict      json.RawMessage // a JSON boolean, or nil
	// ExtraContent is a function's {"anthropic": {…}}: the fields of an
	// Anthropic tool beside its definition (cache_control …), or nil.
	ExtraContent json.RawMessage
	// Custom is set for an OpenAI custom tool, which takes free text
	// rather than JSON arguments (custom_tool_call items, "type": "custom"
	// calls): Name, Description and Format, no Parameters.
	Custom bool
	// Format is a custom tool's input format in the Chat Completions
	// shape ({"type":"grammar","grammar":{…}}), or nil.
	Format json.RawMessage
	// Provider is "anthropic", "gemini" or "responses", or "api" for a
	// Chat Completions tool that is not a plain function (custom …).
	Provider string
	Raw      json.RawMessage
}

// vendorTools are the providers whose own tools the model keeps wrapped,
// {"type": provider, "tool": {…}}, as it keeps their content parts.
var vendorTools = map[string]bool{"anthropic": true, "gemini": true, "responses": true}

// kind names a provider's tool for a warning: its type, or for Gemini's
// untyped tools ({"googleSearch": {}}) its key.
func (d *toolDef) kind() string {
	fs := orderedKeys(d.Raw)
	for _, f := range fs {
		var t string
		if f.Key == "type" && json.Unmarshal(f.Value, &t) == nil {
			return t
		}
	}
	if len(fs) > 0 {
		return fs[0].Key
	}
	return string(d.Raw)
}

// anthropicFields returns the Anthropic fields of a function tool
// (cache_control …), in order.
func (d *toolDef) anthropicFields() chat.Fields {
	for _, f := range orderedKeys(d.ExtraContent) {
		if f.Key == "anthropic" {
			return orderedKeys(f.Value)
		}
	}
	return nil
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
		defs = append(defs, toolDef{Name: name, Description: compactRaw(m["description"]), Parameters: compactRaw(m[params]), Strict: m["strict"]})
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

// responsesTool reads an item of a Responses request's tools: a function,
// or a custom tool.
func responsesTool(item json.RawMessage) ([]toolDef, bool) {
	if defs, ok := toolDefs([]json.RawMessage{item}, responsesWrap, "parameters", true); ok {
		return defs, true
	}
	m, ok := keysIn(item, "type", "name", "description", "format")
	if !ok || string(m["type"]) != `"custom"` {
		return nil, false
	}
	return customTool(m, nestedByType)
}

// customTool reads the members of a custom tool: a name, a description,
// and a format that reshape gives in the Chat Completions shape.
func customTool(m map[string]json.RawMessage, reshape func(*jsontree.Value) ([]byte, bool)) ([]toolDef, bool) {
	d := toolDef{Custom: true, Description: compactRaw(m["description"])}
	if json.Unmarshal(m["name"], &d.Name) != nil || d.Name == "" {
		return nil, false
	}
	if raw := m["format"]; raw != nil {
		v, err := jsontree.Parse(raw, jsontree.Options{})
		if err != nil {
			return nil, false
		}
		format, ok := reshape(v)
		if !ok {
			return nil, false
		}
		d.Format = format
	}
	return []toolDef{d}, true
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

// toolsOf reads a provider's list of tools item by item: read gives the
// functions an item defines, and an item it does not take is the
// provider's own tool.
func toolsOf(provider string, read func(json.RawMessage) ([]toolDef, bool)) func(json.RawMessage) ([]toolDef, bool) {
	return func(raw json.RawMessage) ([]toolDef, bool) {
		items, ok := rawList(raw)
		if !ok {
			return nil, false
		}
		var defs []toolDef
		for _, item := range items {
			ds, ok := read(item)
			if !ok {
				ds = []toolDef{{Provider: provider, Raw: compactRaw(item)}}
			}
			defs = append(defs, ds...)
		}
		return defs, true
	}
}

// anthropicTool reads an Anthropic client tool: a name, an input_schema
// and a description, and any other fields (cache_control, "type":
// "custom" …) kept in its ExtraContent. Server tools have a type of their
// own.
func anthropicTool(item json.RawMessage) ([]toolDef, bool) {
	var typed struct {
		Type *string `json:"type"`
	}
	if json.Unmarshal(item, &typed) != nil || typed.Type != nil && *typed.Type != "custom" {
		return nil, false // a server tool, or not an object
	}
	if defs, ok := toolDefs([]json.RawMessage{item}, noWrap, "input_schema", false); ok {
		return defs, true // most are plain: spare reading the keys in order
	}
	var d toolDef
	var other object
	for _, f := range orderedKeys(item) {
		switch f.Key {
		case "name":
			if json.Unmarshal(f.Value, &d.Name) != nil {
				return nil, false
			}
		case "description":
			d.Description = compactRaw(f.Value)
		case "input_schema":
			d.Parameters = compactRaw(f.Value)
		default: // "type": "custom" too
			other.raw(f.Key, compactRaw(f.Value))
		}
	}
	if d.Name == "" || d.Parameters == nil {
		return nil, false
	}
	if len(other.keys) > 0 {
		d.ExtraContent = (&object{}).raw("anthropic", other.bytes()).bytes()
	}
	return []toolDef{d}, true
}

// canonicalTool reads an item of the model's list: a function, with
// the ExtraContent anthropicTool gives it, a custom tool, or a provider's
// tool wrapped (openAITools); any other item is Chat Completions' own
// (provider "api").
func canonicalTool(item json.RawMessage) ([]toolDef, bool) {
	m, ok := keysIn(item, "type", "function", "extra_content", "tool", "custom")
	if !ok {
		return nil, false
	}
	var typ string
	_ = json.Unmarshal(m["type"], &typ) // none, or not a string: ""
	if m["custom"] != nil {
		custom, ok := keysIn(m["custom"], "name", "description", "format")
		if typ != "custom" || len(m) != 2 || !ok {
			return nil, false
		}
		return customTool(custom, nestedFormat)
	}
	if m["tool"] != nil {
		if !vendorTools[typ] || len(m) != 2 {
			return nil, false
		}
		return []toolDef{{Provider: typ, Raw: compactRaw(m["tool"])}}, true
	}
	extra := m["extra_content"]
	if typ != "function" || m["function"] == nil {
		return nil, false
	}
	if _, ok := keysIn(extra, "anthropic"); extra != nil && !ok {
		return nil, false
	}
	defs, ok := toolDefs([]json.RawMessage{m["function"]}, noWrap, "parameters", true)
	if ok {
		defs[0].ExtraContent = compactRaw(extra)
	}
	return defs, ok
}

// canonicalTools returns the conversation's tools when they are a list
// in the model's own (Chat Completions) shape.
func canonicalTools(c *chat.Conversation) ([]toolDef, bool) {
	return toolsOf("api", canonicalTool)(c.Extra.Get("tools"))
}

// nestedFormat takes a custom tool's format in the Chat Completions
// shape, when the Responses shape can hold it.
func nestedFormat(v *jsontree.Value) ([]byte, bool) {
	if _, ok := flatByType(v); !ok {
		return nil, false
	}
	return v.Compact(), true
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

// customMembers writes a custom tool's members: name, description, and
// format, given in the target's shape.
func (d *toolDef) customMembers(o *object, format []byte) *object {
	o.str("name", d.Name)
	if d.Description != nil {
		o.raw("description", d.Description)
	}
	if format != nil {
		o.raw("format", format)
	}
	return o
}

// toolList writes each function with one, and each provider's tool (of
// the target's, exportTools kept no other) as it was.
func toolList(defs []toolDef, one func(d *toolDef) []byte) []byte {
	items := make([][]byte, len(defs))
	for i := range defs {
		items[i] = defs[i].Raw
		if defs[i].Provider == "" {
			items[i] = one(&defs[i])
		}
	}
	return array(items)
}

// openAITools writes the model's list: functions in Chat Completions'
// shape, with their ExtraContent; a provider's tool wrapped,
// {"type": provider, "tool": {…}}; a Chat Completions tool as it was.
func openAITools(defs []toolDef) []byte {
	items := make([][]byte, len(defs))
	for i := range defs {
		d := &defs[i]
		switch {
		case d.Provider == "api":
			items[i] = d.Raw
		case d.Custom:
			items[i] = (&object{}).str("type", "custom").raw("custom", d.customMembers(&object{}, d.Format).bytes()).bytes()
		case d.Provider != "":
			items[i] = (&object{}).str("type", d.Provider).raw("tool", d.Raw).bytes()
		default:
			o := (&object{}).str("type", "function").raw("function", d.members(&object{}, "parameters", true).bytes())
			if d.ExtraContent != nil {
				o.raw("extra_content", d.ExtraContent)
			}
			items[i] = o.bytes()
		}
	}
	return array(items)
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
// (Chat Completions) shape, when read converts it (toolsOf: item by item);
// otherwise the list stays verbatim.
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
// are in the model's shape, written by build under key. It drops, and
// reports, the tools of other providers (toolsFor), the Anthropic fields
// of functions unless the target is anthropic, and strict flags where the
// format has no strict mode; a list left empty is left out. Without
// tools, the legacy "functions" are written as tools: they are
// definitions of the same schema, and these formats write legacy
// function_call turns as tool calls, which Anthropic refuses without a
// definition.
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
	kept, err := toolsFor(defs, l)
	if err != nil {
		return nil, err
	}
	for _, d := range kept {
		if !strictOK && d.Strict != nil {
			if err := l.lose("tool strict flags dropped"); err != nil {
				return nil, err
			}
		}
		if l.format == "anthropic" {
			continue
		}
		for _, f := range d.anthropicFields() {
			if err := l.lose(fmt.Sprintf("Anthropic field %q of tool definitions dropped", f.Key)); err != nil {
				return nil, err
			}
		}
	}
	if len(kept) == 0 {
		return withoutField(c.Extra, from), nil
	}
	return replaceField(c.Extra, from, key, build(kept)), nil
}

// withoutField returns a copy of fs without key: the caller's
// conversation stays as it is.
func withoutField(fs chat.Fields, key string) chat.Fields {
	out := slices.Clone(fs)
	out.Delete(key)
	return out
}

// toolsFor returns the tools the target, l's format, takes: functions
// and its own tools. It reports each other kind of tool it drops.
func toolsFor(defs []toolDef, l *losses) ([]toolDef, error) {
	kept := make([]toolDef, 0, len(defs))
	for _, d := range defs {
		if d.Custom && l.format != "responses" {
			if err := l.lose(fmt.Sprintf("custom tools (free-text input) dropped: %s has no such tool", l.format)); err != nil {
				return nil, err
			}
			continue
		}
		if d.Provider != "" && d.Provider != l.format {
			if err := l.lose(fmt.Sprintf("server tools %s dropped: %s has no such tool", d.kind(), l.format)); err != nil {
				return nil, err
			}
			continue
		}
		kept = append(kept, d)
	}
	return kept, nil
}

// apiTools drops from the tools of an api body those of other providers,
// which the API refuses (EncodeOptions.KeepVendor keeps them), and
// reports each kind; changed is false when it drops none. The others stay
// as they are.
func apiTools(fs chat.Fields, l *losses) (out chat.Fields, changed bool, err error) {
	raw := fs.Get("tools")
	if !bytes.Contains(raw, wrappedTool) { // none wrapped: spare reading the list
		return fs, false, nil
	}
	items, ok := rawList(raw)
	if !ok {
		return fs, false, nil
	}
	kept := make([][]byte, 0, len(items))
	for _, item := range items {
		if bytes.Contains(item, wrappedTool) {
			if defs, ok := canonicalTool(item); ok && defs[0].Provider != "" {
				if _, err := toolsFor(defs, l); err != nil {
					return nil, false, err
				}
				continue
			}
		}
		kept = append(kept, item)
	}
	if len(kept) == len(items) {
		return fs, false, nil
	}
	if len(kept) == 0 {
		return withoutField(fs, "tools"), true, nil
	}
	return replaceField(fs, "tools", "tools", array(kept)), true, nil
}

// wrappedTool is in every provider's tool the model keeps (openAITools).
var wrappedTool = []byte(`"tool":`)

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
