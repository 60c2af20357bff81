package template

import (
	"encoding/json"

	"github.com/convkit/convkit/chat"
)

// Messages returns a conversation's messages as apply_chat_template is
// given them: OpenAI-shaped dicts, string content kept a string, parts
// kept as parts, and each tool call's arguments parsed into an object, as
// templates expect (a string when they are not valid JSON). A message's
// other fields follow as they were, since transformers hands the template
// the whole dict: gpt-oss's reads "thinking", Qwen3's "reasoning_content".
func Messages(c *chat.Conversation) []any {
	out := make([]any, 0, len(c.Messages))
	for i := range c.Messages {
		m := &c.Messages[i]
		d := NewDict()
		d.Set("role", string(m.Role))
		switch m.Content.Form {
		case chat.ContentString:
			d.Set("content", m.Content.Text)
		case chat.ContentParts:
			parts := make([]any, 0, len(m.Content.Parts))
			for _, p := range m.Content.Parts {
				v, err := FromJSON(p.Raw)
				if err != nil || p.Raw == nil {
					v = dictOf("type", p.Type, "text", p.Text)
				}
				parts = append(parts, v)
			}
			d.Set("content", parts)
		default:
			d.Set("content", nil)
		}
		if m.Name != "" {
			d.Set("name", m.Name)
		}
		if len(m.ToolCalls) > 0 {
			calls := make([]any, len(m.ToolCalls))
			for j, tc := range m.ToolCalls {
				var args any = tc.Arguments
				if json.Valid([]byte(tc.Arguments)) {
					args, _ = FromJSON([]byte(tc.Arguments))
				}
				calls[j] = dictOf("id", tc.ID, "type", tc.Type, "function", dictOf("name", tc.Name, "arguments", args))
			}
			d.Set("tool_calls", calls)
		}
		if m.ToolCallID != "" {
			d.Set("tool_call_id", m.ToolCallID)
		}
		for _, f := range m.Extra {
			if _, modelled := d.vals[f.Key]; modelled {
				continue
			}
			if v, err := FromJSON(f.Value); err == nil {
				d.Set(f.Key, v)
			}
		}
		out = append(out, d)
	}
	return out
}

// Tools returns the conversation's tool definitions (a request body's
// "tools"), or nil.
func Tools(c *chat.Conversation) any {
	raw := c.Extra.Get("tools")
	if raw == nil {
		return nil
	}
	v, err := FromJSON(raw)
	if err != nil {
		return nil
	}
	return v
}

func dictOf(kv ...any) *Dict {
	d := NewDict()
	for i := 0; i+1 < len(kv); i += 2 {
		d.Set(kv[i].(string), kv[i+1])
	}
	return d
}
