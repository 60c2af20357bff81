package convert

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/convkit/convkit/chat"
)

// Request parameters differ between providers: max_tokens is
// max_completion_tokens in OpenAI's newer bodies, max_output_tokens in
// Responses, generationConfig.maxOutputTokens in Gemini; stop is
// stop_sequences or stopSequences. A writer for a provider's request body
// keeps its own fields, maps the others' where a mapping exists, and drops
// the rest with one warning that lists them (an error under Strict), so
// that the body is one the provider accepts.

// samplingParams are the parameters every provider has, read from any
// provider's spelling.
type samplingParams struct {
	maxTokens, temperature, topP, topK, stop json.RawMessage
}

// paramSpellings lists, per parameter, the keys it is found under at the
// top level, and its key in a Gemini generationConfig.
var paramSpellings = []struct {
	top    []string
	gemini string
	field  func(*samplingParams) *json.RawMessage
}{
	{[]string{"max_tokens", "max_completion_tokens", "max_output_tokens"}, "maxOutputTokens", func(p *samplingParams) *json.RawMessage { return &p.maxTokens }},
	{[]string{"temperature"}, "temperature", func(p *samplingParams) *json.RawMessage { return &p.temperature }},
	{[]string{"top_p"}, "topP", func(p *samplingParams) *json.RawMessage { return &p.topP }},
	{[]string{"top_k"}, "topK", func(p *samplingParams) *json.RawMessage { return &p.topK }},
	{[]string{"stop", "stop_sequences"}, "stopSequences", func(p *samplingParams) *json.RawMessage { return &p.stop }},
}

// readParams takes the sampling parameters out of extra, whatever their
// spelling, and returns them with the fields left.
func readParams(extra chat.Fields) (samplingParams, chat.Fields) {
	var p samplingParams
	var rest chat.Fields
	for _, f := range extra {
		taken := false
		for _, s := range paramSpellings {
			if slices.Contains(s.top, f.Key) {
				if v := s.field(&p); *v == nil {
					*v = f.Value
				}
				taken = true
			}
		}
		if f.Key == "generationConfig" || f.Key == "generation_config" {
			var gc map[string]json.RawMessage
			if json.Unmarshal(f.Value, &gc) == nil {
				for _, s := range paramSpellings {
					if v := s.field(&p); *v == nil && gc[s.gemini] != nil {
						*v = gc[s.gemini]
					}
				}
				taken = true
			}
		}
		if !taken {
			rest = append(rest, f)
		}
	}
	// OpenAI's stop may be one string; the others take a list.
	if len(p.stop) > 0 && p.stop[0] == '"' {
		p.stop = append(append([]byte{'['}, p.stop...), ']')
	}
	return p, rest
}

// dropForeign keeps the fields of rest that the target takes, and reports
// the others, in one warning, as dropped.
func dropForeign(rest chat.Fields, takes func(key string) bool, l *losses) (chat.Fields, error) {
	var kept chat.Fields
	var dropped []string
	for _, f := range rest {
		if takes(f.Key) {
			kept = append(kept, f)
		} else {
			dropped = append(dropped, f.Key)
		}
	}
	if len(dropped) > 0 {
		if err := l.lose("request fields it does not take dropped: " + strings.Join(dropped, ", ")); err != nil {
			return nil, err
		}
	}
	return kept, nil
}

// geminiRequestFields are the fields of a generateContent body, besides
// contents and systemInstruction.
var geminiRequestFields = []string{"tools", "toolConfig", "tool_config", "safetySettings", "safety_settings", "cachedContent", "cached_content", "labels"}

// geminiParams maps the request fields of extra to a Gemini body's: the
// sampling parameters into generationConfig (merged with one there is),
// Gemini's own fields kept, the rest dropped.
func geminiParams(extra chat.Fields, l *losses) (chat.Fields, error) {
	gc := map[string]json.RawMessage{}
	var order []string
	own := extra.Get("generationConfig")
	if own == nil {
		own = extra.Get("generation_config")
	}
	if own != nil {
		var fields []chat.Field
		if json.Unmarshal(own, &gc) == nil {
			fields = orderedKeys(own)
		}
		for _, f := range fields {
			order = append(order, f.Key)
		}
	}
	p, rest := readParams(extra)
	for _, s := range paramSpellings {
		if v := *s.field(&p); v != nil && gc[s.gemini] == nil {
			gc[s.gemini] = v
			order = append(order, s.gemini)
		}
	}
	kept, err := dropForeign(rest, func(k string) bool { return slices.Contains(geminiRequestFields, k) }, l)
	if err != nil || len(order) == 0 {
		return kept, err
	}
	var o object
	for _, k := range order {
		o.raw(k, compactRaw(gc[k]))
	}
	return append(kept, chat.Field{Key: "generationConfig", Value: o.bytes()}), nil
}

// orderedKeys returns the members of a JSON object in their order.
func orderedKeys(raw json.RawMessage) []chat.Field {
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	var fs []chat.Field
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return nil
		}
		var v json.RawMessage
		if dec.Decode(&v) != nil {
			return nil
		}
		fs = append(fs, chat.Field{Key: k.(string), Value: v})
	}
	return fs
}

// anthropicRequestFields are the fields of a Messages API body, besides
// messages and system.
var anthropicRequestFields = []string{"model", "tools", "tool_choice", "stream", "metadata", "thinking", "service_tier", "container", "mcp_servers"}

// anthropicParams maps the request fields of extra to an Anthropic body's:
// max_tokens (which the API requires of a body that names a model: its
// absence is warned), temperature,
// top_p, top_k, stop_sequences, an OpenAI tool_choice in Anthropic's
// shape; Anthropic's own fields kept, the rest dropped.
func anthropicParams(extra chat.Fields, l *losses) (chat.Fields, error) {
	p, rest := readParams(extra)
	for i, f := range rest {
		if f.Key == "tool_choice" {
			if v, ok := anthropicToolChoice(f.Value); ok {
				rest[i].Value = v
			} else {
				rest = slices.Delete(slices.Clone(rest), i, i+1)
				rest = append(rest, chat.Field{Key: "tool_choice (" + string(f.Value) + ")"})
			}
			break
		}
	}
	kept, err := dropForeign(rest, func(k string) bool { return slices.Contains(anthropicRequestFields, k) }, l)
	if err != nil {
		return nil, err
	}
	for _, m := range []struct {
		key string
		v   json.RawMessage
	}{{"max_tokens", p.maxTokens}, {"temperature", p.temperature}, {"top_p", p.topP}, {"top_k", p.topK}, {"stop_sequences", p.stop}} {
		if m.v != nil {
			kept = append(kept, chat.Field{Key: m.key, Value: compactRaw(m.v)})
		}
	}
	// A request body (it names a model) needs max_tokens; bare messages
	// are not a body yet.
	if p.maxTokens == nil && extra.Has("model") {
		if err := l.lose("max_tokens, which the Messages API requires, is not set"); err != nil {
			return nil, err
		}
	}
	return kept, nil
}

// anthropicToolChoice writes an OpenAI tool_choice ("auto", "none",
// "required", {"type": "function", "function": {"name"}}) in Anthropic's
// shape; one already in it is kept.
func anthropicToolChoice(raw json.RawMessage) (json.RawMessage, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		t := map[string]string{"auto": "auto", "none": "none", "required": "any"}[s]
		if t == "" {
			return nil, false
		}
		return (&object{}).str("type", t).bytes(), true
	}
	var o struct {
		Type     string `json:"type"`
		Name     string `json:"name"`
		Function struct {
			Name string `json:"name"`
		} `json:"function"`
	}
	if json.Unmarshal(raw, &o) != nil {
		return nil, false
	}
	switch {
	case o.Type == "function" && o.Function.Name != "":
		return (&object{}).str("type", "tool").str("name", o.Function.Name).bytes(), true
	case o.Type == "auto" || o.Type == "any" || o.Type == "none" || o.Type == "tool" && o.Name != "":
		return raw, true
	}
	return nil, false
}
