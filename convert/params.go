package convert

import (
	"encoding/json"
	"io"
	"slices"
	"strconv"
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
var paramSpellings = []paramSpelling{
	{[]string{"max_tokens", "max_completion_tokens", "max_output_tokens"}, "maxOutputTokens", func(p *samplingParams) *json.RawMessage { return &p.maxTokens }},
	{[]string{"temperature"}, "temperature", func(p *samplingParams) *json.RawMessage { return &p.temperature }},
	{[]string{"top_p"}, "topP", func(p *samplingParams) *json.RawMessage { return &p.topP }},
	{[]string{"top_k"}, "topK", func(p *samplingParams) *json.RawMessage { return &p.topK }},
	{[]string{"stop", "stop_sequences"}, "stopSequences", func(p *samplingParams) *json.RawMessage { return &p.stop }},
}

// paramSpelling is where one sampling parameter is found.
type paramSpelling struct {
	top    []string
	gemini string
	field  func(*samplingParams) *json.RawMessage
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
				// Either spelling (maxOutputTokens, max_output_tokens); the
				// settings that are not sampling parameters stay, named
				// "generationConfig.KEY", for the target to take or drop.
				for _, g := range orderedKeys(f.Value) {
					key := lowerCamel(g.Key)
					i := slices.IndexFunc(paramSpellings, func(s paramSpelling) bool { return s.gemini == key })
					switch {
					case i < 0:
						rest = append(rest, chat.Field{Key: "generationConfig." + key, Value: g.Value})
					case *paramSpellings[i].field(&p) == nil:
						*paramSpellings[i].field(&p) = g.Value
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
	for _, f := range orderedKeys(own) { // written in camelCase, as the rest of the body
		k := lowerCamel(f.Key)
		if gc[k] == nil {
			order = append(order, k)
		}
		gc[k] = f.Value
	}
	p, rest := readParams(extra)
	set := func(k string, v json.RawMessage) {
		if v != nil && gc[k] == nil {
			gc[k] = v
			order = append(order, k)
		}
	}
	for _, s := range paramSpellings {
		set(s.gemini, *s.field(&p))
	}
	// Its own config's other settings are in gc already.
	rest = slices.DeleteFunc(rest, func(f chat.Field) bool { return strings.HasPrefix(f.Key, "generationConfig.") })
	rest, toolConfig := geminiChoices(rest, set)
	if toolConfig != nil && !extra.Has("toolConfig") && !extra.Has("tool_config") {
		rest = append(rest, chat.Field{Key: "toolConfig", Value: toolConfig})
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
	rest = openAIChoices(rest, false)
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
	rest = anthropicParallel(rest)
	kept, err := dropForeign(rest, func(k string) bool { return slices.Contains(anthropicRequestFields, k) }, l)
	if err != nil {
		return nil, err
	}
	kept = withParams(kept, param{"max_tokens", p.maxTokens}, param{"temperature", p.temperature}, param{"top_p", p.topP}, param{"top_k", p.topK}, param{"stop_sequences", p.stop})
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
	var own struct{ Type, Name string }
	if json.Unmarshal(raw, &own) == nil && (own.Type == "auto" || own.Type == "any" || own.Type == "none" || own.Type == "tool" && own.Name != "") {
		return raw, true
	}
	return writeToolChoice(raw, func(name string) []byte { return (&object{}).str("type", "tool").str("name", name).bytes() },
		func(mode string) []byte {
			return (&object{}).str("type", map[string]string{"auto": "auto", "none": "none", "required": "any"}[mode]).bytes()
		})
}

// writeToolChoice writes a tool_choice read in any shape (toolChoice) as
// named writes one naming a function and mode one setting a mode.
func writeToolChoice(raw json.RawMessage, named, mode func(string) []byte) (json.RawMessage, bool) {
	m, name, ok := toolChoice(raw)
	switch {
	case !ok:
		return nil, false
	case name != "":
		return named(name), true
	}
	return mode(m), true
}

// modeString writes a tool_choice mode as OpenAI's APIs do: a string.
func modeString(mode string) []byte { return appendString(nil, mode) }

// maxTokensKeys are the spellings of the reply's token limit, per target.
var maxTokensKeys = map[string]string{"api": "max_completion_tokens", "anthropic": "max_tokens", "responses": "max_output_tokens", "gemini": "max_tokens"}

// requestEncoder wraps the encoder of a request body format (named
// target) so that the model and token limit EncodeOptions set are written.
func requestEncoder(target string, newEnc func(io.Writer, EncodeOptions) Encoder) func(io.Writer, EncodeOptions) Encoder {
	return func(w io.Writer, opts EncodeOptions) Encoder {
		enc := newEnc(w, opts)
		if opts.Model == "" && opts.MaxTokens <= 0 {
			return enc
		}
		return &requestSetter{Encoder: enc, target: target, model: opts.Model, maxTokens: opts.MaxTokens, losses: newLosses(target, opts)}
	}
}

type requestSetter struct {
	Encoder
	target    string
	model     string
	maxTokens int
	losses    *losses
}

func (e *requestSetter) Encode(c *chat.Conversation) error {
	cp := *c // the caller's conversation stays as it is
	cp.Extra = slices.Clone(c.Extra)
	cp.Object = true // a body
	if e.model != "" {
		if e.target == "gemini" {
			if err := e.losses.lose("the model, which Gemini takes in the request URL, not written"); err != nil {
				return err
			}
		} else {
			cp.Extra.Set("model", appendString(nil, e.model))
		}
	}
	if e.maxTokens > 0 {
		for _, s := range paramSpellings[0].top {
			cp.Extra.Delete(s)
		}
		for _, k := range []string{"generationConfig", "generation_config"} {
			if raw := cp.Extra.Get(k); raw != nil {
				var o object
				for _, f := range orderedKeys(raw) {
					if lowerCamel(f.Key) != paramSpellings[0].gemini {
						o.raw(f.Key, compactRaw(f.Value))
					}
				}
				cp.Extra.Set(k, o.bytes())
			}
		}
		cp.Extra.Set(maxTokensKeys[e.target], strconv.AppendInt(nil, int64(e.maxTokens), 10))
	}
	return e.Encoder.Encode(&cp)
}

// responsesRequestFields are the fields of a Responses API body, besides
// input and instructions.
var responsesRequestFields = []string{"model", "tools", "tool_choice", "parallel_tool_calls", "store", "metadata",
	"previous_response_id", "reasoning", "text", "truncation", "user", "stream", "include", "service_tier", "background",
	"prompt", "prompt_cache_key", "safety_identifier", "top_logprobs", "max_tool_calls", "conversation", "instructions"}

// responsesParams maps the request fields of extra to a Responses body's:
// max_output_tokens, temperature, top_p; response_format as text.format;
// reasoning_effort as reasoning.effort; a tool_choice in the Responses
// shape; the Responses API's own fields kept, the rest dropped.
func responsesParams(extra chat.Fields, l *losses) (chat.Fields, error) {
	p, rest := readParams(extra)
	rest = openAIChoices(rest, true)
	if p.topK != nil {
		rest = append(rest, chat.Field{Key: "top_k"})
	}
	if p.stop != nil {
		rest = append(rest, chat.Field{Key: "stop"})
	}
	for i, f := range rest {
		switch f.Key {
		case "tool_choice":
			if v, ok := responsesToolChoice(f.Value); ok {
				rest[i].Value = v
			} else {
				rest[i].Key = "tool_choice (" + string(f.Value) + ")"
			}
		case "response_format":
			if v, ok := responsesText(f.Value); ok && !extra.Has("text") {
				rest[i] = chat.Field{Key: "text", Value: v}
			}
		case "reasoning_effort":
			if !extra.Has("reasoning") {
				rest[i] = chat.Field{Key: "reasoning", Value: (&object{}).raw("effort", compactRaw(f.Value)).bytes()}
			}
		}
	}
	kept, err := dropForeign(rest, func(k string) bool { return slices.Contains(responsesRequestFields, k) }, l)
	if err != nil {
		return nil, err
	}
	kept = withParams(kept, param{"max_output_tokens", p.maxTokens}, param{"temperature", p.temperature}, param{"top_p", p.topP})
	return kept, nil
}

// toolChoice reads a tool_choice in any provider's shape: a mode ("auto",
// "none", "required") or the name of the one function to call.
func toolChoice(raw json.RawMessage) (mode, name string, ok bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, "", s == "auto" || s == "none" || s == "required"
	}
	var o struct {
		Type     string `json:"type"`
		Name     string `json:"name"`
		Function struct {
			Name string `json:"name"`
		} `json:"function"`
	}
	if json.Unmarshal(raw, &o) != nil {
		return "", "", false
	}
	switch {
	case o.Type == "function" && o.Function.Name != "":
		return "", o.Function.Name, true
	case (o.Type == "function" || o.Type == "tool") && o.Name != "":
		return "", o.Name, true
	case o.Type == "auto" || o.Type == "none":
		return o.Type, "", true
	case o.Type == "any":
		return "required", "", true
	}
	return "", "", false
}

// responsesToolChoice writes a tool_choice in the Responses shape.
func responsesToolChoice(raw json.RawMessage) (json.RawMessage, bool) {
	return writeToolChoice(raw, func(name string) []byte { return (&object{}).str("type", "function").str("name", name).bytes() }, modeString)
}

// apiToolChoice writes a tool_choice in the Chat Completions shape.
func apiToolChoice(raw json.RawMessage) (json.RawMessage, bool) {
	return writeToolChoice(raw, func(name string) []byte {
		return (&object{}).str("type", "function").raw("function", (&object{}).str("name", name).bytes()).bytes()
	}, modeString)
}

// responsesText writes a Chat Completions response_format as the Responses
// API's text: {"format": …}, whose json_schema holds name and schema flat.
func responsesText(raw json.RawMessage) (json.RawMessage, bool) {
	var rf struct {
		Type       string          `json:"type"`
		JSONSchema json.RawMessage `json:"json_schema"`
	}
	if json.Unmarshal(raw, &rf) != nil {
		return nil, false
	}
	var f object
	f.str("type", rf.Type)
	switch rf.Type {
	case "text", "json_object":
	case "json_schema":
		for _, m := range orderedKeys(rf.JSONSchema) {
			f.raw(m.Key, compactRaw(m.Value))
		}
	default:
		return nil, false
	}
	return (&object{}).raw("format", f.bytes()).bytes(), true
}

// responseFormat writes the Responses API's text: {"format": …} as a Chat
// Completions response_format.
func responseFormat(raw json.RawMessage) (json.RawMessage, bool) {
	var text struct {
		Format json.RawMessage `json:"format"`
	}
	if json.Unmarshal(raw, &text) != nil || text.Format == nil {
		return nil, false
	}
	var f object
	var schema object
	kind := ""
	for _, m := range orderedKeys(text.Format) {
		switch {
		case m.Key == "type":
			json.Unmarshal(m.Value, &kind)
			f.raw("type", compactRaw(m.Value))
		default:
			schema.raw(m.Key, compactRaw(m.Value))
		}
	}
	switch kind {
	case "text", "json_object":
	case "json_schema":
		f.raw("json_schema", schema.bytes())
	default:
		return nil, false
	}
	return f.bytes(), true
}

// apiForeign are the request fields of other providers' bodies that a Chat
// Completions body has no place for, or holds under another name.
var apiForeign = []string{"max_output_tokens", "stop_sequences", "top_k", "generationConfig", "generation_config",
	"thinking", "container", "mcp_servers", "safetySettings", "safety_settings", "toolConfig", "tool_config",
	"cachedContent", "cached_content", "labels", "systemInstruction", "text", "reasoning", "truncation",
	"previous_response_id", "include", "max_tool_calls", "background", "prompt", "conversation", "instructions"}

// apiParams maps the fields of another provider's body to a Chat
// Completions body's: the sampling parameters in OpenAI's spelling,
// text.format as response_format, reasoning.effort as reasoning_effort, a
// tool_choice in OpenAI's shape; other providers' own fields dropped with
// one warning. Fields it does not know are kept: a body of OpenAI's own
// changes nothing.
func apiParams(extra chat.Fields, l *losses) (fields chat.Fields, changed bool, err error) {
	foreign := slices.ContainsFunc(extra, func(f chat.Field) bool { return slices.Contains(apiForeign, f.Key) })
	if _, ok := toolChoiceOf(extra); !foreign && ok {
		return extra, false, nil
	}
	p, rest := readParams(extra)
	rest = openAIChoices(rest, true)
	var kept chat.Fields
	var dropped []string
	for _, f := range rest {
		switch f.Key {
		case "tool_choice":
			if v, ok := apiToolChoice(f.Value); ok {
				kept = append(kept, chat.Field{Key: f.Key, Value: v})
			} else {
				dropped = append(dropped, "tool_choice ("+string(f.Value)+")")
			}
			continue
		case "text":
			if v, ok := responseFormat(f.Value); ok && !extra.Has("response_format") {
				kept = append(kept, chat.Field{Key: "response_format", Value: v})
				continue
			}
		case "reasoning":
			var r struct {
				Effort json.RawMessage `json:"effort"`
			}
			if json.Unmarshal(f.Value, &r) == nil && r.Effort != nil && !extra.Has("reasoning_effort") {
				kept = append(kept, chat.Field{Key: "reasoning_effort", Value: r.Effort})
				continue
			}
		}
		if slices.Contains(apiForeign, f.Key) || strings.HasPrefix(f.Key, "generationConfig.") {
			dropped = append(dropped, f.Key)
		} else {
			kept = append(kept, f)
		}
	}
	if p.topK != nil {
		dropped = append(dropped, "top_k")
	}
	maxKey := "max_completion_tokens"
	if extra.Has("max_tokens") {
		maxKey = "max_tokens"
	}
	kept = withParams(kept, param{maxKey, p.maxTokens}, param{"temperature", p.temperature}, param{"top_p", p.topP}, param{"stop", p.stop})
	if len(dropped) > 0 {
		if err := l.lose("request fields it does not take dropped: " + strings.Join(dropped, ", ")); err != nil {
			return nil, false, err
		}
	}
	return kept, true, nil
}

// toolChoiceOf reports whether extra's tool_choice, if any, is in the Chat
// Completions shape already (ok is true when there is none).
func toolChoiceOf(extra chat.Fields) (json.RawMessage, bool) {
	raw := extra.Get("tool_choice")
	if raw == nil {
		return nil, true
	}
	v, ok := apiToolChoice(raw)
	return v, ok && string(compactRaw(raw)) == string(v)
}

// param is a request parameter to write: its key in the target, and its
// value, or nil when the body has none.
type param struct {
	key string
	v   json.RawMessage
}

// withParams appends the parameters that have a value to kept.
func withParams(kept chat.Fields, ps ...param) chat.Fields {
	for _, p := range ps {
		if p.v != nil {
			kept = append(kept, chat.Field{Key: p.key, Value: compactRaw(p.v)})
		}
	}
	return kept
}

// lowerCamel spells a snake_case key in lowerCamelCase (max_output_tokens:
// maxOutputTokens), as protobuf's JSON mapping, which reads both, writes it.
func lowerCamel(k string) string {
	parts := strings.Split(k, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// geminiChoices maps the fields of rest that Gemini holds elsewhere:
// response_format (or Responses' text.format) as generationConfig's
// responseMimeType and responseJsonSchema, n as candidateCount, through
// set; tool_choice as the toolConfig it returns. What it maps leaves rest.
func geminiChoices(rest chat.Fields, set func(string, json.RawMessage)) (chat.Fields, json.RawMessage) {
	var kept chat.Fields
	var toolConfig json.RawMessage
	for _, f := range rest {
		rf := f.Value
		switch f.Key {
		case "text":
			var ok bool
			if rf, ok = responseFormat(f.Value); !ok {
				kept = append(kept, f)
				continue
			}
			fallthrough
		case "response_format":
			var r struct {
				Type       string `json:"type"`
				JSONSchema struct {
					Schema json.RawMessage `json:"schema"`
				} `json:"json_schema"`
			}
			if json.Unmarshal(rf, &r) != nil || r.Type != "text" && r.Type != "json_object" && r.Type != "json_schema" {
				kept = append(kept, f)
				continue
			}
			if r.Type != "text" { // text is the default
				set("responseMimeType", appendString(nil, "application/json"))
				set("responseJsonSchema", r.JSONSchema.Schema)
			}
		case "n":
			set("candidateCount", f.Value)
		case "tool_choice":
			mode, name, ok := toolChoice(f.Value)
			if !ok {
				kept = append(kept, f)
				continue
			}
			var fc object
			switch {
			case name != "":
				fc.str("mode", "ANY").raw("allowedFunctionNames", array([][]byte{appendString(nil, name)}))
			default:
				fc.str("mode", map[string]string{"auto": "AUTO", "none": "NONE", "required": "ANY"}[mode])
			}
			toolConfig = (&object{}).raw("functionCallingConfig", fc.bytes()).bytes()
		default:
			kept = append(kept, f)
		}
	}
	return kept, toolConfig
}

// anthropicParallel maps OpenAI's parallel_tool_calls: true is Anthropic's
// default, and false its tool_choice's disable_parallel_tool_use (with
// "auto" when the body chooses no tool).
func anthropicParallel(rest chat.Fields) chat.Fields {
	i := slices.IndexFunc(rest, func(f chat.Field) bool { return f.Key == "parallel_tool_calls" })
	if i < 0 || string(rest[i].Value) != "true" && string(rest[i].Value) != "false" {
		return rest
	}
	parallel := string(rest[i].Value) == "true"
	rest = slices.Delete(slices.Clone(rest), i, i+1)
	if parallel {
		return rest
	}
	choice := (&object{}).str("type", "auto").bytes()
	j := slices.IndexFunc(rest, func(f chat.Field) bool { return f.Key == "tool_choice" })
	if j >= 0 {
		choice = rest[j].Value
	}
	var o object
	for _, f := range orderedKeys(choice) {
		if f.Key != "disable_parallel_tool_use" {
			o.raw(f.Key, compactRaw(f.Value))
		}
	}
	o.raw("disable_parallel_tool_use", []byte("true"))
	if j >= 0 {
		rest[j].Value = o.bytes()
		return rest
	}
	return append(rest, chat.Field{Key: "tool_choice", Value: o.bytes()})
}

// openAIChoices maps the fields of rest (readParams') that say in
// Gemini's or Anthropic's shape what OpenAI's bodies say with
// response_format, n, tool_choice and parallel_tool_calls, to those, for
// each writer to map on: a generationConfig's responseMimeType (with its
// responseJsonSchema), candidateCount, a toolConfig's
// functionCallingConfig and, with parallel, a tool_choice's
// disable_parallel_tool_use. What has no exact equivalent stays, for the
// target to drop with a warning; a field rest has already is not written
// over.
func openAIChoices(rest chat.Fields, parallel bool) chat.Fields {
	format := geminiResponseFormat(rest)
	if rest.Has("response_format") || rest.Has("text") {
		format = nil
	}
	var out chat.Fields
	for _, f := range rest {
		switch {
		case f.Key == "generationConfig.responseMimeType" && format != nil:
			out = append(out, chat.Field{Key: "response_format", Value: format})
		case f.Key == "generationConfig.responseJsonSchema" && format != nil: // in response_format
		case f.Key == "generationConfig.candidateCount" && !rest.Has("n"):
			out = append(out, chat.Field{Key: "n", Value: f.Value})
		case (f.Key == "toolConfig" || f.Key == "tool_config") && !rest.Has("tool_choice"):
			if choice, ok := geminiToolChoice(f.Value); ok {
				out = append(out, chat.Field{Key: "tool_choice", Value: choice})
			} else {
				out = append(out, f)
			}
		case f.Key == "tool_choice" && parallel && !rest.Has("parallel_tool_calls"):
			var c struct {
				DisableParallelToolUse bool `json:"disable_parallel_tool_use"`
			}
			out = append(out, f)
			if json.Unmarshal(f.Value, &c) == nil && c.DisableParallelToolUse {
				out = append(out, chat.Field{Key: "parallel_tool_calls", Value: []byte("false")})
			}
		default:
			out = append(out, f)
		}
	}
	return out
}

// geminiResponseFormat returns the response_format a generationConfig's
// responseMimeType says, with its responseJsonSchema (in rest as
// readParams names them): json_schema, named "response" (it needs a name;
// Gemini's has none), json_object or text; or nil.
func geminiResponseFormat(rest chat.Fields) json.RawMessage {
	var mime string
	if json.Unmarshal(rest.Get("generationConfig.responseMimeType"), &mime) != nil {
		return nil
	}
	schema := rest.Get("generationConfig.responseJsonSchema")
	switch {
	case mime == "application/json" && schema != nil:
		js := (&object{}).str("name", "response").raw("schema", compactRaw(schema)).bytes()
		return (&object{}).str("type", "json_schema").raw("json_schema", js).bytes()
	case mime == "application/json":
		return (&object{}).str("type", "json_object").bytes()
	case mime == "text/plain" && schema == nil:
		return (&object{}).str("type", "text").bytes()
	}
	return nil
}

// geminiToolChoice writes a toolConfig whose functionCallingConfig has an
// OpenAI equivalent (geminiChoices' reverse) as a tool_choice: mode AUTO,
// NONE or ANY alone, or ANY with one allowed function.
func geminiToolChoice(raw json.RawMessage) (json.RawMessage, bool) {
	config := orderedKeys(raw)
	if len(config) != 1 || lowerCamel(config[0].Key) != "functionCallingConfig" {
		return nil, false
	}
	var mode string
	var names []string
	for _, f := range orderedKeys(config[0].Value) {
		var err error
		switch lowerCamel(f.Key) {
		case "mode":
			err = json.Unmarshal(f.Value, &mode)
		case "allowedFunctionNames":
			err = json.Unmarshal(f.Value, &names)
		default:
			return nil, false
		}
		if err != nil {
			return nil, false
		}
	}
	switch {
	case mode == "ANY" && len(names) == 1:
		return (&object{}).str("type", "function").raw("function", (&object{}).str("name", names[0]).bytes()).bytes(), true
	case names != nil:
		return nil, false
	case mode == "AUTO" || mode == "NONE":
		return modeString(strings.ToLower(mode)), true
	case mode == "ANY":
		return modeString("required"), true
	}
	return nil, false
}
