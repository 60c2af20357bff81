package convert

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// anthropicFormat is Anthropic's Messages API request: a top-level "system"
// (string or text blocks) and "messages" of user and assistant turns whose
// content is a string or content blocks. tool_use blocks become tool calls
// and tool_result blocks tool messages, ids kept; text, images and PDF
// documents take the OpenAI shape (image_url and file parts, a
// cache_control kept beside); every other block (thinking,
// redacted_thinking, a text document …) is kept verbatim as a part.
var anthropicFormat = &Format{
	Name:        "anthropic",
	PassesLong:  true,
	Description: "Anthropic Messages API request: system, messages with content blocks",
	Extensions:  []string{".json"},
	NewDecoder: singleDecoder(func(v *jsontree.Value, ptr string, warn func(Pos, string)) (*chat.Conversation, error) {
		return readCallOr(v, ptr, warn, readAnthropic, readAnthropicResponse, isAnthropicResponse)
	}, anthropicLong),
	NewEncoder: requestEncoder("anthropic", markingEncoder("anthropic", anthropicWritesAsIs, writeAnthropic)),
	Sniff: func(s *Shape) int {
		if !s.JSON {
			return 0
		}
		if s.Has("type=message") && s.Has("role=assistant") && s.Has("content") || s.Has("request.messages.[].role") && s.Has("response.type=message") ||
			s.Has("custom_id") && (s.Has("params.messages") || s.Has("result.message.type=message")) {
			return 55 // a response, a request and its response, a Message Batches line: above jsonl for lines of them
		}
		if s.Has("messages.[].role=system") || s.Has("messages.[].role=tool") || openAIMessages(s) {
			return 0
		}
		if !s.Has("messages.[].role") && !s.Has("[].messages.[].role") {
			// A head that ends in a long system prompt, before "messages".
			if s.Has("system") && !s.Has("messages") && (s.Has("model") || s.Has("max_tokens")) {
				return s.bodyScore()
			}
			return 0
		}
		for _, p := range []string{"system", "messages.[].content.[].source", "stop_sequences", "tools.[].input_schema"} {
			if s.Has(p) {
				return s.bodyScore()
			}
		}
		for _, t := range []string{"tool_use", "tool_result", "thinking", "redacted_thinking"} {
			if s.HasSuffix("messages.[].content.[].type=" + t) {
				return s.bodyScore()
			}
		}
		// Other datasets write {"type": "image"} too, without a source;
		// and an array of bodies is no line.
		if s.Has("[].system") || s.HasSuffix("messages.[].content.[].type=image") || s.HasSuffix("messages.[].content.[].type=document") {
			return 25
		}
		return 0
	},
}

// openAIMessages reports whether messages hold what only OpenAI's chat
// takes: a name, a fine-tuning weight, tool calls, image_url parts. Such
// a body is no Anthropic one, a top-level "system" beside it (a dataset's
// system column) or not.
func openAIMessages(s *Shape) bool {
	for _, p := range []string{"messages.[].name", "messages.[].weight", "messages.[].tool_calls", "messages.[].tool_call_id",
		"messages.[].function_call", "messages.[].content.[].type=image_url", "messages.[].content.[].image_url"} {
		if s.HasSuffix(p) {
			return true
		}
	}
	return false
}

// anthropicLong says which strings of a request or a response may be too
// long to hold: string content and text blocks, of a turn, of the system
// prompt, of a response and of a tool_result; the input of a tool_use
// block whose type comes before it, as its call's arguments; and the
// base64 data of an image or document block (anthropicDataHead).
func anthropicLong(path []jsontree.Step) (longString, bool) {
	if _, ok := jsontree.LongKindAt(path, anthropicInputPaths); ok {
		return longString{kind: chat.LongText, json: true}, str(path[len(path)-1].In.Get("type")) == "tool_use"
	}
	if kind, ok := jsontree.LongKindAt(path, anthropicDataPaths); ok {
		head, ok := anthropicDataHead(path)
		return longString{kind: kind, head: head}, ok
	}
	return longWhereTyped(path, anthropicLongPaths, map[string][]string{"text": {"text"}, "content": {"tool_result"}})
}

// anthropicDataHead says whether the source data path leads to may go to
// a sink: when the block's type, and a tool_result's around it, come
// before it and say the block is an image or a document. The head is the
// data: URL's (dataHead) when the source's media_type comes before the
// data too, else "" (the part puts it before the data: dataURLSink).
func anthropicDataHead(path []jsontree.Step) (string, bool) {
	block := str(path[len(path)-2].In.Get("type"))
	if block != "image" && block != "document" {
		return "", false
	}
	if len(path) == len(anthropicDataPaths[1].Path) && str(path[3].In.Get("type")) != "tool_result" {
		return "", false
	}
	head, _ := dataHead(path[len(path)-1].In, "media_type")
	return head, true
}

var anthropicInputPaths = []jsontree.LongPath{
	{Kind: chat.LongText, Path: []string{"messages", "#", "content", "#", "input"}},
	{Kind: chat.LongText, Path: []string{"content", "#", "input"}},
}

var anthropicDataPaths = []jsontree.LongPath{
	{Kind: chat.LongImageURL, Path: []string{"messages", "#", "content", "#", "source", "data"}},
	{Kind: chat.LongImageURL, Path: []string{"messages", "#", "content", "#", "content", "#", "source", "data"}},
	{Kind: chat.LongImageURL, Path: []string{"system", "#", "source", "data"}},
	{Kind: chat.LongImageURL, Path: []string{"content", "#", "source", "data"}},
}

var anthropicLongPaths = []jsontree.LongPath{
	{Kind: chat.LongText, Path: []string{"system"}},
	{Kind: chat.LongText, Path: []string{"system", "#", "text"}},
	{Kind: chat.LongText, Path: []string{"messages", "#", "content"}},
	{Kind: chat.LongText, Path: []string{"messages", "#", "content", "#", "text"}},
	{Kind: chat.LongText, Path: []string{"messages", "#", "content", "#", "content"}},
	{Kind: chat.LongText, Path: []string{"content", "#", "text"}},
}

// isAnthropicResponse reports whether v is a Messages API response: a
// message object, not a request.
func isAnthropicResponse(v *jsontree.Value) bool {
	return v.Kind == jsontree.Object && v.Get("messages") == nil && str(v.Get("type")) == "message" && v.Get("content") != nil
}

// readAnthropicResponse reads a Messages API response as its reply: the
// content blocks of the assistant turn, with the response's other fields
// (id, stop_reason, usage …) as the first message's metadata.
func readAnthropicResponse(v *jsontree.Value, ptr string, warn func(Pos, string)) (*chat.Conversation, error) {
	if !isAnthropicResponse(v) {
		return nil, errAt(v, ptr, "expected a Messages API response: {\"type\": \"message\", \"content\": […]}")
	}
	role := chat.Assistant
	if r := str(v.Get("role")); r != "" {
		role = chat.Role(r)
	}
	msgs, err := anthropicMessage(role, v.Get("content"), ptr+"/content")
	if err != nil {
		return nil, err
	}
	return responseConversation(msgs, responseMeta(v, "role", "content", "model"), v.Get("model")), nil
}

func readAnthropic(v *jsontree.Value, ptr string, warn func(Pos, string)) (*chat.Conversation, error) {
	c := &chat.Conversation{Object: true}
	msgs := v.Get("messages")
	if msgs == nil || msgs.Kind != jsontree.Array {
		return nil, errAt(v, ptr, "expected \"messages\", an array of user and assistant turns")
	}
	for _, m := range v.Members {
		switch m.Key {
		case "messages":
		case "system":
			sys := chat.Message{Role: chat.System}
			if err := anthropicContent(&sys.Content, m.Value, ptr+"/system"); err != nil {
				return nil, err
			}
			c.Messages = append(c.Messages, sys)
		default:
			c.Extra = append(c.Extra, chat.Field{Key: m.Key, Value: m.Value.Compact()})
		}
	}
	c.Extra = importTools(c.Extra, "tools", toolsOf("anthropic", anthropicTool))
	for i, item := range msgs.Items {
		iptr := ptr + "/messages/" + strconv.Itoa(i)
		if item.Kind != jsontree.Object {
			return nil, errAt(item, iptr, "expected a message object, got %s", kindName(item))
		}
		role := item.Get("role")
		if role == nil || role.Kind != jsontree.String {
			return nil, errAt(item, iptr, "message has no \"role\" string")
		}
		if role.Str != "user" && role.Str != "assistant" && warn != nil {
			warn(Pos(role.Pos), fmt.Sprintf("%s/role: unknown role %q kept as it is", iptr, role.Str))
		}
		out, err := anthropicMessage(chat.Role(role.Str), item.Get("content"), iptr+"/content")
		if err != nil {
			return nil, err
		}
		out[0].Extra = append(out[0].Extra, extras(item, "role", "content")...)
		c.Messages = append(c.Messages, out...)
	}
	return c, nil
}

// anthropicMessage turns one turn into messages: a user turn's tool_result
// blocks become tool messages, an assistant turn's tool_use blocks its calls.
func anthropicMessage(role chat.Role, content *jsontree.Value, ptr string) ([]chat.Message, error) {
	if content == nil || content.Kind != jsontree.Array {
		m := chat.Message{Role: role}
		if content != nil {
			if err := anthropicContent(&m.Content, content, ptr); err != nil {
				return nil, err
			}
		}
		return []chat.Message{m}, nil
	}
	var out []chat.Message
	newCur := func() chat.Message {
		return chat.Message{Role: role, Content: chat.Content{Form: chat.ContentParts, Parts: []chat.Part{}}}
	}
	cur := newCur()
	for i, b := range content.Items {
		bptr := ptr + "/" + strconv.Itoa(i)
		if b.Kind != jsontree.Object {
			return nil, errAt(b, bptr, "expected a content block object, got %s", kindName(b))
		}
		switch str(b.Get("type")) {
		case "tool_use":
			id, name := b.Get("id"), b.Get("name")
			if id == nil || id.Kind != jsontree.String || name == nil || name.Kind != jsontree.String {
				return nil, errAt(b, bptr, "tool_use block needs \"id\" and \"name\" strings")
			}
			args, long := jsonArguments(b.Get("input"))
			tc := chat.NewToolCall(id.Str, name.Str, args)
			long = marshaled(long)
			if fs := extras(b, "type", "id", "name", "input"); len(fs) > 0 {
				// cache_control, caller …: written back by anthropic alone.
				long = withExtraContent(&tc, "anthropic", (&object{}).fields(fs).bytes(), long)
			}
			withLongArguments(&tc, long)
			cur.ToolCalls = append(cur.ToolCalls, tc)
		case "tool_result":
			id := b.Get("tool_use_id")
			if id == nil || id.Kind != jsontree.String {
				return nil, errAt(b, bptr, "tool_result block needs a \"tool_use_id\" string")
			}
			if len(cur.Content.Parts) > 0 || len(cur.ToolCalls) > 0 {
				if len(cur.Content.Parts) == 0 {
					cur.Content = chat.Content{Form: chat.ContentNull}
				}
				out = append(out, cur)
				cur = newCur()
			}
			tm := chat.Message{Role: chat.Tool, ToolCallID: id.Str, Extra: extras(b, "type", "tool_use_id", "content")}
			if tc := b.Get("content"); tc != nil {
				if err := anthropicContent(&tm.Content, tc, bptr+"/content"); err != nil {
					return nil, err
				}
			}
			out = append(out, tm)
		default:
			p, err := anthropicPart(b, bptr)
			if err != nil {
				return nil, err
			}
			cur.Content.Parts = append(cur.Content.Parts, p)
		}
	}
	if len(cur.Content.Parts) == 0 && len(cur.ToolCalls) > 0 {
		cur.Content = chat.Content{Form: chat.ContentNull}
	}
	if len(out) == 0 || len(cur.Content.Parts) > 0 || len(cur.ToolCalls) > 0 {
		out = append(out, cur)
	}
	return out, nil
}

// anthropicContent reads content that holds no tool blocks: a string or an
// array of blocks.
func anthropicContent(c *chat.Content, v *jsontree.Value, ptr string) error {
	switch v.Kind {
	case jsontree.String:
		*c = longTextContent(v)
		return nil
	case jsontree.Array:
		*c = chat.Content{Form: chat.ContentParts, Parts: make([]chat.Part, len(v.Items))}
		for i, b := range v.Items {
			p, err := anthropicPart(b, ptr+"/"+strconv.Itoa(i))
			if err != nil {
				return err
			}
			c.Parts[i] = p
		}
		return nil
	}
	return errAt(v, ptr, "expected a string or an array of content blocks, got %s", kindName(v))
}

// anthropicPart reads a block: an image given by its data or URL becomes
// an OpenAI image_url part, a base64 PDF document a file part, with its
// title as the filename, each with its cache_control beside; every other
// block is kept verbatim, with its source's data in a sink if it went to
// one.
func anthropicPart(b *jsontree.Value, ptr string) (chat.Part, error) {
	var p chat.Part
	if err := part(&p, b, ptr); err != nil {
		return p, err
	}
	if p.Type == "text" && b.Get("text") == nil {
		return p, errAt(b, ptr, "text block has no \"text\"")
	}
	src := b.Get("source")
	data := src.Get("data")
	base64Source := str(src.Get("type")) == "base64" && hasOnly(src, "type", "media_type", "data") && src.Get("media_type") != nil &&
		data != nil && data.Kind == jsontree.String
	mt := str(src.Get("media_type"))
	switch {
	case p.Type == "image" && hasOnly(b, "type", "source", "cache_control"):
		switch {
		case base64Source && data.Sink != nil:
			return withPartFields(longImagePart(dataURLSink(src, mt, "media_type"), ""), fieldsOf(b, "cache_control")), nil
		case base64Source:
			return withPartFields(chat.ImagePart("data:"+mt+";base64,"+data.Str, ""), fieldsOf(b, "cache_control")), nil
		case str(src.Get("type")) == "url" && hasOnly(src, "type", "url") && str(src.Get("url")) != "":
			return withPartFields(chat.ImagePart(str(src.Get("url")), ""), fieldsOf(b, "cache_control")), nil
		}
	case p.Type == "document" && base64Source && fileMediaTypes[mt] && hasOnly(b, "type", "source", "title", "cache_control"):
		return withPartFields(filePart("data:"+mt+";base64,"+data.Str, dataURLSink(src, mt, "media_type"), str(b.Get("title"))), fieldsOf(b, "cache_control")), nil
	}
	if data != nil && data.Sink != nil {
		// Kept as JSON: its sink took the data after the head (anthropicLong).
		head, _ := dataHead(src, "media_type")
		keptLongPart(&p, b, data, head)
	}
	return p, nil
}

// anthropicBlocks are the block types written verbatim when met as parts.
// anthropicWritesAsIs says what the Anthropic writer does with a spooled
// string: as textsAndImages, and a part's data as it is in the blocks it
// copies (anthropicBlocks), else only in a placeholder.
func anthropicWritesAsIs(m *chat.Message, at place, sp chat.Spool) marking {
	if at == dataPlace {
		return dataAsIs(m, sp, func(t string) bool { return anthropicBlocks[t] || t == "file" })
	}
	return textsAndImages(m, at, sp)
}

var anthropicBlocks = map[string]bool{
	"text": true, "image": true, "document": true, "thinking": true, "redacted_thinking": true,
	"search_result": true, "server_tool_use": true, "web_search_tool_result": true, "container_upload": true,
}

// turn is one anthropic message being built.
type turn struct {
	role   string
	text   *string // string content, while the turn is a single string
	blocks [][]byte
	calls  [][]byte // tool_use blocks, which end a turn
	extra  chat.Fields
}

func writeAnthropic(c *chat.Conversation, l *losses) ([]byte, error) {
	c, err := legacyCalls(c, l)
	if err != nil {
		return nil, err
	}
	instr, rest, late := leadingInstructions(c.Messages)
	if late {
		if err := l.lose("system messages after the first turn moved to the top-level system"); err != nil {
			return nil, err
		}
	}
	extra, err := exportTools(c, "tools", l, false, func(defs []toolDef) []byte {
		return toolList(defs, func(d *toolDef) []byte {
			return d.members(&object{}, "input_schema", false).fields(d.anthropicFields()).bytes()
		})
	})
	if err == nil {
		extra, err = anthropicParams(extra, l)
	}
	if err != nil {
		return nil, err
	}
	for i := range instr { // the top-level system holds text alone
		if err := l.name(&instr[i]); err != nil {
			return nil, err
		}
		if _, err := l.messageFields(instr[i].Extra); err != nil {
			return nil, err
		}
	}
	var o object
	o.fields(extra)
	if len(instr) == 1 && instr[0].Role == chat.System && instr[0].Content.Form == chat.ContentString {
		o.str("system", instr[0].Content.Text)
	} else if len(instr) > 0 {
		var blocks [][]byte
		for i := range instr {
			if instr[i].Role == chat.Developer {
				if err := l.lose("developer messages written as system"); err != nil {
					return nil, err
				}
			}
			bs, err := anthropicBlocksOf(instr[i].Content, l)
			if err != nil {
				return nil, err
			}
			blocks = append(blocks, bs...)
		}
		o.raw("system", array(blocks))
	}
	var turns []*turn
	for i := range rest {
		t, err := anthropicTurn(&rest[i], l)
		if err != nil {
			return nil, err
		}
		if n := len(turns); n > 0 && turns[n-1].role == t.role {
			prev := turns[n-1] // the API wants turns to alternate
			if prev.text != nil {
				prev.blocks, prev.text = [][]byte{textBlock(*prev.text)}, nil
			}
			if t.text != nil {
				t.blocks = [][]byte{textBlock(*t.text)}
			}
			prev.blocks = append(prev.blocks, t.blocks...)
			prev.calls = append(prev.calls, t.calls...)
			for _, f := range t.extra {
				prev.extra.Set(f.Key, f.Value)
			}
			continue
		}
		turns = append(turns, t)
	}
	msgs := make([][]byte, len(turns))
	for i, t := range turns {
		var m object
		m.str("role", t.role)
		if t.text != nil {
			m.str("content", *t.text)
		} else {
			m.raw("content", array(append(t.blocks, t.calls...)))
		}
		msgs[i] = m.fields(t.extra).bytes()
	}
	o.raw("messages", array(msgs))
	return o.bytes(), nil
}

func textBlock(s string) []byte {
	var o object
	return o.str("type", "text").str("text", s).bytes()
}

// anthropicTurn turns one message into a turn: tool messages become user
// turns of tool_result blocks, tool calls tool_use blocks.
func anthropicTurn(m *chat.Message, l *losses) (*turn, error) {
	if err := l.name(m); err != nil {
		return nil, err
	}
	t := &turn{role: string(m.Role)}
	var err error
	if m.Role != chat.Tool && m.Role != chat.Function {
		// A message holds role and content alone.
		if t.extra, err = l.messageFields(m.Extra); err != nil {
			return nil, err
		}
	}
	switch m.Role {
	case chat.User, chat.Assistant:
	case chat.Tool, chat.Function:
		t.role = "user"
		var b object
		b.str("type", "tool_result")
		id := m.ToolCallID
		if id == "" {
			if err := l.lose("tool results without a call id"); err != nil {
				return nil, err
			}
			id = m.Name
		}
		b.str("tool_use_id", id)
		switch m.Content.Form {
		case chat.ContentString:
			b.str("content", m.Content.Text)
		case chat.ContentParts:
			bs, err := anthropicBlocksOf(m.Content, l)
			if err != nil {
				return nil, err
			}
			b.raw("content", array(bs))
		}
		ex, ferr := l.messageFields(m.Extra, "is_error", "cache_control")
		if ferr != nil {
			return nil, ferr
		}
		b.fields(ex)
		t.blocks = [][]byte{b.bytes()}
		return t, nil
	default:
		if err := l.lose(fmt.Sprintf("role %q written as user", m.Role)); err != nil {
			return nil, err
		}
		t.role = "user"
	}
	if m.Content.Form == chat.ContentString && len(m.ToolCalls) == 0 {
		s := m.Content.Text
		t.text = &s
		return t, nil
	}
	switch m.Content.Form {
	case chat.ContentString:
		if m.Content.Text != "" {
			t.blocks = [][]byte{textBlock(m.Content.Text)}
		}
	case chat.ContentParts:
		if t.blocks, err = anthropicBlocksOf(m.Content, l); err != nil {
			return nil, err
		}
	}
	for _, tc := range m.ToolCalls {
		input := argumentsJSON(tc.Arguments)
		if input == nil {
			if err := l.lose("tool call arguments that are not a JSON object wrapped in {\"arguments\": …}"); err != nil {
				return nil, err
			}
			var w object
			input = w.str("arguments", tc.Arguments).bytes()
		}
		var b object
		b.str("type", "tool_use").str("id", tc.ID).str("name", tc.Name).raw("input", input)
		t.calls = append(t.calls, b.fields(extraContentFields(tc.Raw, "anthropic")).bytes())
	}
	if t.blocks == nil {
		t.blocks = [][]byte{}
	}
	return t, nil
}

// anthropicBlocksOf writes content as blocks.
func anthropicBlocksOf(c chat.Content, l *losses) ([][]byte, error) {
	if c.Form != chat.ContentParts {
		if c.Form == chat.ContentString {
			return [][]byte{textBlock(c.Text)}, nil
		}
		return nil, nil
	}
	blocks := make([][]byte, 0, len(c.Parts))
	for _, p := range c.Parts {
		switch {
		case p.Type == "image_url":
			var src object
			if mt, data, ok := dataURL(p.ImageURL); ok {
				src.str("type", "base64").str("media_type", mt).str("data", data)
			} else {
				src.str("type", "url").str("url", p.ImageURL)
				if err := l.imageType(p); err != nil {
					return nil, err
				}
			}
			if p.Detail != "" {
				if err := l.lose("image detail dropped"); err != nil {
					return nil, err
				}
			}
			fields, err := l.partFields(p, "cache_control")
			if err != nil {
				return nil, err
			}
			var b object
			blocks = append(blocks, b.str("type", "image").raw("source", src.bytes()).fields(fields).bytes())
		case p.Type == "file":
			b, err := anthropicDocument(p, l)
			if err != nil {
				return nil, err
			}
			blocks = append(blocks, b)
		case p.Type == "text":
			b, err := anthropicText(p, l)
			if err != nil {
				return nil, err
			}
			blocks = append(blocks, b)
		case p.Type == "thinking" && !hasSignature(p.Raw):
			// A Claude.ai export's thinking has none; the API refuses it.
			if err := l.lose("thinking blocks without a signature, which the API refuses, dropped"); err != nil {
				return nil, err
			}
		case anthropicBlocks[p.Type]:
			blocks = append(blocks, p.Raw)
		case p.Type == "input_text" || p.Type == "output_text":
			blocks = append(blocks, textBlock(p.Text))
		default:
			text, err := l.placeholder(p)
			if err != nil {
				return nil, err
			}
			blocks = append(blocks, textBlock(text))
		}
	}
	return blocks, nil
}

// anthropicText writes a text part as a text block, keeping the block's
// own cache_control and citations but nothing else of its source (a
// placeholder's mark, LLaMA-Factory's "value"; Responses' annotations are
// reported dropped).
func anthropicText(p chat.Part, l *losses) ([]byte, error) {
	fields, err := l.partFields(p, "cache_control", "citations")
	if err != nil {
		return nil, err
	}
	return (&object{}).str("type", "text").str("text", p.Text).fields(fields).bytes(), nil
}

// anthropicDocument writes a file part whose data is in it as a document
// block, its filename as the title, its cache_control kept; one that has
// a file_id alone, as its placeholder.
func anthropicDocument(p chat.Part, l *losses) ([]byte, error) {
	mt, data, filename, ok := fileOf(p)
	if !ok {
		text, err := l.placeholder(p)
		return textBlock(text), err
	}
	fields, err := l.partFields(p, "cache_control")
	if err != nil {
		return nil, err
	}
	var src, b object
	src.str("type", "base64").str("media_type", mt).str("data", data)
	b.str("type", "document").raw("source", src.bytes())
	if filename != "" {
		b.str("title", filename)
	}
	return b.fields(fields).bytes(), nil
}

// hasSignature reports whether a thinking block carries its signature.
func hasSignature(raw json.RawMessage) bool {
	var b struct {
		Signature *string `json:"signature"`
	}
	return json.Unmarshal(raw, &b) == nil && b.Signature != nil
}
