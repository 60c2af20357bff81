package convert

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// responsesFormat is an OpenAI Responses API request: "instructions" and
// "input", a list of items. Message items become messages;
// function_call items the tool calls of an assistant message, paired with
// function_call_output items (tool messages) by call_id; reasoning and every
// other item are kept verbatim as the single part of an assistant message.
var responsesFormat = &Format{
	Name:        "responses",
	PassesLong:  true,
	Description: "OpenAI Responses API request: instructions and input items",
	Extensions:  []string{".json"},
	NewDecoder: singleDecoder(func(v *jsontree.Value, ptr string, warn func(Pos, string)) (*chat.Conversation, error) {
		return readCallOr(v, ptr, warn, readResponses, readResponse, isResponse)
	}, responsesLong),
	NewEncoder: requestEncoder("responses", markingEncoder("responses", responsesWritesAsIs, writeResponses)),
	Sniff: func(s *Shape) int {
		if !s.JSON {
			return 0
		}
		if s.Has("object=response") && s.Has("output") || s.Has("request.input") && s.Has("response.output") ||
			s.Has("custom_id") && (s.Has("body.input") || s.Has("body.instructions") || s.Has("response.body.object=response")) {
			return 55 // a response, a request and its response, a Batch API line: above jsonl for lines of them
		}
		if s.Has("messages") {
			return 0
		}
		// "instructions" alone: a head that ends in long instructions, before
		// "input". A string input beside a string output is a dataset's
		// pair, not a request.
		if s.Has("instructions") || s.Has("input") && (s.Has("input.[].type") || s.Has("input.[].role") || s.Has("model") && !s.Has("output")) {
			return s.bodyScore()
		}
		if s.Has("[].input.[].role") || s.Has("[].input.[].type") {
			return 25
		}
		return 0
	},
}

// responsesLong says which strings of a request or a response may be too
// long to hold: its instructions, its input as a string, and the string
// content, text parts, function calls' arguments and function outputs of
// its items; and the image_url of an input_image part whose type comes
// before it, in a message's content or a function's output.
func responsesLong(path []jsontree.Step) (longString, bool) {
	if kind, ok := jsontree.LongKindAt(path, responsesFilePaths); ok {
		item := str(path[2].In.Get("type"))
		return longString{kind: kind}, str(path[len(path)-1].In.Get("type")) == "input_file" && (item == "" || item == "message")
	}
	if kind, ok := jsontree.LongKindAt(path, responsesImagePaths); ok {
		item, list := str(path[2].In.Get("type")), path[2].Key
		return longString{kind: kind}, str(path[len(path)-1].In.Get("type")) == "input_image" &&
			(list == "content" && (item == "" || item == "message") || list == "output" && item == "function_call_output")
	}
	return longWhereTyped(path, responsesLongPaths, map[string][]string{
		"content": {"message"}, "text": {"input_text", "output_text"}, "output": {"function_call_output", "custom_tool_call_output"},
		"arguments": {"function_call"}, "input": {"custom_tool_call"}})
}

var responsesImagePaths = []jsontree.LongPath{
	{Kind: chat.LongImageURL, Path: []string{"input", "#", "content", "#", "image_url"}},
	{Kind: chat.LongImageURL, Path: []string{"input", "#", "output", "#", "image_url"}},
}

var responsesFilePaths = []jsontree.LongPath{
	{Kind: chat.LongData, Path: []string{"input", "#", "content", "#", "file_data"}},
}

var responsesLongPaths = []jsontree.LongPath{
	{Kind: chat.LongText, Path: []string{"instructions"}},
	{Kind: chat.LongText, Path: []string{"input"}},
	{Kind: chat.LongText, Path: []string{"input", "#", "content"}},
	{Kind: chat.LongText, Path: []string{"input", "#", "content", "#", "text"}},
	{Kind: chat.LongText, Path: []string{"input", "#", "output"}},
	{Kind: chat.LongText, Path: []string{"input", "#", "arguments"}},
	{Kind: chat.LongText, Path: []string{"output", "#", "arguments"}},
	{Kind: chat.LongText, Path: []string{"input", "#", "input"}},
	{Kind: chat.LongText, Path: []string{"output", "#", "input"}},
	{Kind: chat.LongText, Path: []string{"output", "#", "content", "#", "text"}},
}

// responsesParts are the content part types a message item holds; any other
// part of an assistant message is an item of its own.
var responsesParts = map[string]bool{
	"input_text": true, "output_text": true, "input_image": true, "input_file": true, "input_audio": true, "refusal": true,
}

// responsesItems are the item types written back verbatim.
var responsesItems = map[string]bool{
	"reasoning": true, "web_search_call": true, "file_search_call": true, "computer_call": true,
	"computer_call_output": true, "code_interpreter_call": true, "image_generation_call": true,
	"local_shell_call": true, "local_shell_call_output": true, "mcp_list_tools": true, "mcp_approval_request": true,
	"mcp_approval_response": true, "mcp_call": true, "item_reference": true, "compaction": true,
}

func readResponses(v *jsontree.Value, ptr string, warn func(Pos, string)) (*chat.Conversation, error) {
	input := v.Get("input")
	if input == nil || input.Kind != jsontree.Array && input.Kind != jsontree.String {
		return nil, errAt(v, ptr, "expected \"input\", a string or an array of items")
	}
	c := &chat.Conversation{Object: true, Extra: importTools(extras(v, "instructions", "input"), "tools", toolsOf("responses", responsesTool))}
	if in := v.Get("instructions"); in != nil && in.Kind == jsontree.String {
		c.Messages = append(c.Messages, chat.Message{Role: chat.System, Content: longTextContent(in)})
	} else if in != nil {
		c.Extra = append(c.Extra, chat.Field{Key: "instructions", Value: in.Compact()})
	}
	if input.Kind == jsontree.String {
		c.Messages = append(c.Messages, chat.Message{Role: chat.User, Content: longTextContent(input)})
		return c, nil
	}
	if err := readItems(c, input, ptr+"/input", warn); err != nil {
		return nil, err
	}
	return c, nil
}

// isResponse reports whether v is a Responses API response object.
func isResponse(v *jsontree.Value) bool {
	return v.Kind == jsontree.Object && v.Get("input") == nil && str(v.Get("object")) == "response" && v.Get("output") != nil
}

// readResponse reads a Responses API response as its reply: its output
// items, with the response's other fields (id, status, usage, the request
// parameters it echoes …) as the first message's metadata.
func readResponse(v *jsontree.Value, ptr string, warn func(Pos, string)) (*chat.Conversation, error) {
	out := v.Get("output")
	if !isResponse(v) || out.Kind != jsontree.Array {
		return nil, errAt(v, ptr, "expected a Responses API response: {\"object\": \"response\", \"output\": […]}")
	}
	c := &chat.Conversation{}
	if err := readItems(c, out, ptr+"/output", warn); err != nil {
		return nil, err
	}
	if len(c.Messages) == 0 { // an incomplete response may have no output
		c.Messages = []chat.Message{{Role: chat.Assistant, Content: chat.Content{Form: chat.ContentNull}}}
	}
	return responseConversation(c.Messages, responseMeta(v, "output", "model"), v.Get("model")), nil
}

// readItems reads a list of items (a request's input, a response's
// output) into messages appended to c.
func readItems(c *chat.Conversation, list *jsontree.Value, ptr string, warn func(Pos, string)) error {
	for i, item := range list.Items {
		iptr := ptr + "/" + strconv.Itoa(i)
		if item.Kind != jsontree.Object {
			return errAt(item, iptr, "expected an item object, got %s", kindName(item))
		}
		switch t := str(item.Get("type")); t {
		case "", "message":
			m := chat.Message{Extra: extras(item, "role", "content"), ResponsesItem: true}
			role := item.Get("role")
			if role == nil || role.Kind != jsontree.String {
				return errAt(item, iptr, "message item has no \"role\" string")
			}
			m.Role = chat.Role(role.Str)
			if !m.Role.Known() && warn != nil {
				warn(Pos(role.Pos), fmt.Sprintf("%s/role: unknown role %q kept as it is", iptr, role.Str))
			}
			if content := item.Get("content"); content != nil {
				if err := responsesContent(&m.Content, content, iptr+"/content"); err != nil {
					return err
				}
			}
			c.Messages = append(c.Messages, m)
		case "function_call", "custom_tool_call":
			tc, err := responsesCall(item, iptr)
			if err != nil {
				return err
			}
			n := len(c.Messages)
			if n == 0 || c.Messages[n-1].Role != chat.Assistant || opaqueOnly(&c.Messages[n-1]) {
				c.Messages = append(c.Messages, chat.Message{Role: chat.Assistant, Content: chat.Content{Form: chat.ContentNull}})
				n++
			}
			c.Messages[n-1].ToolCalls = append(c.Messages[n-1].ToolCalls, tc)
		case "function_call_output", "custom_tool_call_output":
			id := item.Get("call_id")
			if id == nil || id.Kind != jsontree.String {
				return errAt(item, iptr, "%s item needs a \"call_id\" string", t)
			}
			m := chat.Message{Role: chat.Tool, ToolCallID: id.Str, Extra: extras(item, "type", "call_id", "output"), ResponsesItem: true}
			if out := item.Get("output"); out != nil {
				if err := responsesContent(&m.Content, out, iptr+"/output"); err != nil {
					return err
				}
			}
			c.Messages = append(c.Messages, m)
		default:
			c.Messages = append(c.Messages, chat.Message{Role: chat.Assistant, Content: chat.Content{Form: chat.ContentParts,
				Parts: []chat.Part{{Type: t, Raw: item.Compact()}}}})
		}
	}
	return nil
}

// responsesCall reads a function_call item, or a custom_tool_call, whose
// "input" is a custom tool's free text where a function's "arguments" are
// JSON: a tool call in the Chat Completions shape ({"type": "custom",
// "custom": {"name", "input"}} for the second), the item's own id and
// status kept beside it as response_item.
func responsesCall(item *jsontree.Value, iptr string) (chat.ToolCall, error) {
	t := str(item.Get("type"))
	typ, argsKey := "function", "arguments"
	if t == "custom_tool_call" {
		typ, argsKey = "custom", "input"
	}
	id, name := item.Get("call_id"), item.Get("name")
	if id == nil || id.Kind != jsontree.String || name == nil || name.Kind != jsontree.String {
		return chat.ToolCall{}, errAt(item, iptr, "%s item needs \"call_id\" and \"name\" strings", t)
	}
	args := item.Get(argsKey)
	tc := chat.ToolCall{ID: id.Str, Type: typ, Name: name.Str, Arguments: str(args)}
	var long chat.Sink
	if args != nil {
		long = args.Sink
	}
	tc.Raw = callRaw(tc, (&object{}).fields(extras(item, "type", "call_id", "name", argsKey)).bytes())
	withLongArguments(&tc, long)
	return tc, nil
}

// isMessageItem reports whether m was read from a Responses message item
// typed "message", whose fields (id, status, phase, those to come) are all
// written back: no other format types its messages so.
func isMessageItem(m *chat.Message) bool {
	return string(m.Extra.Get("type")) == `"message"`
}

// opaqueOnly reports whether m stands for items that are not messages.
func opaqueOnly(m *chat.Message) bool {
	if m.Content.Form != chat.ContentParts || len(m.Content.Parts) == 0 || len(m.Extra) > 0 {
		return false
	}
	for _, p := range m.Content.Parts {
		if responsesParts[p.Type] || p.Type == "text" || p.Type == "image_url" {
			return false
		}
	}
	return true
}

// responsesContent reads a string or parts; plain input_text, output_text
// and input_image parts take the OpenAI Chat shape, output_text with its
// annotations and logprobs, which the API gives every one; others are
// kept as they are, an input_image with its URL's sink (part).
func responsesContent(c *chat.Content, v *jsontree.Value, ptr string) error {
	var jr jsonReader
	if err := jr.content(c, v, ptr); err != nil {
		return err
	}
	for i, p := range c.Parts {
		pv := v.Items[i]
		url, fileData := pv.Get("image_url"), pv.Get("file_data")
		sunk := url != nil && url.Sink != nil
		plainImage := p.Type == "input_image" && hasOnly(pv, "type", "image_url", "detail")
		switch {
		case (p.Type == "input_text" || p.Type == "output_text") && hasOnly(pv, "type", "text") && pv.Get("text") != nil:
			c.Parts[i] = longTextPart(pv.Get("text"))
		case p.Type == "output_text" && hasOnly(pv, "type", "text", "annotations", "logprobs") && pv.Get("text") != nil:
			c.Parts[i] = textPartWithFields(p, pv)
		case plainImage && sunk:
			c.Parts[i] = longImagePart(url.Sink, str(pv.Get("detail")))
		case plainImage && str(url) != "":
			c.Parts[i] = chat.ImagePart(str(url), str(pv.Get("detail")))
		case p.Type == "input_file" && hasOnly(pv, "type", "file_data", "filename") && fileData != nil && fileData.Kind == jsontree.String:
			c.Parts[i] = filePart(fileData.Str, fileData.Sink, str(pv.Get("filename")))
		case fileData != nil && fileData.Sink != nil:
			keptLongPart(&c.Parts[i], pv, fileData, "")
		}
	}
	return nil
}

// outputTextFields are the fields of an output_text part beside its text,
// kept as the text part's and written back.
var outputTextFields = []string{"annotations", "logprobs"}

// textPartWithFields turns p, read from pv, into a text part that keeps
// pv's other fields: its Raw is pv's with the type "text".
func textPartWithFields(p chat.Part, pv *jsontree.Value) chat.Part {
	p.Type = "text"
	if p.Raw == nil { // a long text that was not kept: nor is the rest
		return p
	}
	var long *jsontree.Value
	if p.Long != nil {
		long = pv.Get("text")
	}
	b := []byte(`{"type":"text"`)
	for _, m := range pv.Members {
		if m.Key == "type" {
			continue
		}
		b = append(appendString(append(b, ','), m.Key), ':')
		var at int
		if b, at = appendCompactFinding(b, m.Value, long); at >= 0 {
			p.LongAt = at
		}
	}
	p.Raw = append(b, '}')
	return p
}

func writeResponses(c *chat.Conversation, l *losses) ([]byte, error) {
	c, err := legacyCalls(c, l)
	if err != nil {
		return nil, err
	}
	extra, err := exportTools(c, "tools", l, true, func(defs []toolDef) []byte {
		return toolList(defs, func(d *toolDef) []byte {
			if d.Custom {
				return d.customMembers((&object{}).str("type", "custom"), flatFormat(d.Format)).bytes()
			}
			return d.members((&object{}).str("type", "function"), "parameters", true).bytes()
		})
	})
	if err == nil {
		extra, err = responsesParams(extra, l)
	}
	if err != nil {
		return nil, err
	}
	var o object
	o.fields(extra)
	msgs := c.Messages
	// A system item of a Responses input stays one: it is no instructions,
	// which a response that follows on does not carry over.
	if len(msgs) > 0 && msgs[0].Role == chat.System && msgs[0].Content.Form == chat.ContentString && len(msgs[0].Extra) == 0 && !msgs[0].ResponsesItem {
		if err := l.name(&msgs[0]); err != nil {
			return nil, err
		}
		o.str("instructions", msgs[0].Content.Text)
		msgs = msgs[1:]
	}
	var items [][]byte
	custom := customCallIDs(msgs)
	for i := range msgs {
		m := &msgs[i]
		if err := l.name(m); err != nil {
			return nil, err
		}
		if m.Role == chat.Tool || m.Role == chat.Function {
			var it object
			outputType := "function_call_output"
			if custom[m.ToolCallID] {
				outputType = "custom_tool_call_output"
			}
			it.str("type", outputType).str("call_id", m.ToolCallID)
			out, err := responsesContentJSON(m, "input_text", l)
			if err != nil {
				return nil, err
			}
			if out != nil {
				it.raw("output", out)
			}
			ex, err := l.messageFields(m.Extra, "id", "status")
			if err != nil {
				return nil, err
			}
			items = append(items, it.fields(ex).bytes())
			continue
		}
		var kept []chat.Part
		for _, p := range m.Content.Parts {
			if responsesItems[p.Type] && m.Role == chat.Assistant {
				items = append(items, p.Raw)
			} else {
				kept = append(kept, p)
			}
		}
		// A message whose parts all went as items is none of its own.
		itemsOnly := m.Content.Form == chat.ContentParts && len(m.Content.Parts) > 0 && len(kept) == 0 && len(m.Extra) == 0
		if !itemsOnly && (m.Content.Form != chat.ContentNull && m.Content.Form != chat.ContentAbsent || len(m.ToolCalls) == 0) {
			mm := *m
			if mm.Content.Form == chat.ContentParts {
				mm.Content.Parts = kept
			}
			if cited, ok := withPartCitations(mm); ok {
				mm = cited
			}
			textType := "input_text"
			if m.Role == chat.Assistant {
				textType = "output_text"
			}
			var it object
			it.str("role", string(m.Role))
			content, err := responsesContentJSON(&mm, textType, l)
			if err != nil {
				return nil, err
			}
			if content == nil { // an item needs content
				content = appendString(nil, "")
			}
			it.raw("content", content)
			ex := mm.Extra
			if !isMessageItem(m) {
				ex, err = l.messageFields(mm.Extra, "type", "id", "status", "phase")
				if err != nil {
					return nil, err
				}
			}
			items = append(items, it.fields(ex).bytes())
		}
		for _, tc := range m.ToolCalls {
			var rest struct {
				Item map[string]json.RawMessage `json:"response_item"`
			}
			json.Unmarshal(tc.Raw, &rest)
			var it object
			itemType, argsKey := "function_call", "arguments"
			if tc.Type == "custom" {
				itemType, argsKey = "custom_tool_call", "input"
			}
			it.str("type", itemType)
			if id, ok := rest.Item["id"]; ok {
				it.raw("id", id)
			}
			it.str("call_id", tc.ID).str("name", tc.Name).str(argsKey, tc.Arguments)
			for _, k := range sortedKeys(rest.Item) {
				if k != "id" {
					it.raw(k, rest.Item[k])
				}
			}
			items = append(items, it.bytes())
		}
	}
	if items == nil {
		items = [][]byte{}
	}
	return o.raw("input", array(items)).bytes(), nil
}

// customCallIDs returns the ids of the custom tools' calls of msgs, whose
// results are custom_tool_call_output items.
func customCallIDs(msgs []chat.Message) map[string]bool {
	ids := map[string]bool{}
	for i := range msgs {
		for _, tc := range msgs[i].ToolCalls {
			if tc.Type == "custom" {
				ids[tc.ID] = true
			}
		}
	}
	return ids
}

// flatFormat returns a custom tool's format, read in the Chat Completions
// shape (nestedFormat), in the Responses shape.
func flatFormat(nested []byte) []byte {
	if nested == nil {
		return nil
	}
	v, err := jsontree.Parse(nested, jsontree.Options{})
	if err != nil {
		return nested
	}
	if flat, ok := flatByType(v); ok {
		return flat
	}
	return nested
}

// responsesContentJSON writes content as a string or a list of parts.
func responsesContentJSON(m *chat.Message, textType string, l *losses) ([]byte, error) {
	switch m.Content.Form {
	case chat.ContentString:
		return appendString(nil, m.Content.Text), nil
	case chat.ContentParts:
		parts := make([][]byte, 0, len(m.Content.Parts))
		for _, p := range m.Content.Parts {
			switch {
			case p.Type == "text":
				var takes []string
				if textType == "output_text" {
					takes = outputTextFields
				}
				fields, err := l.partFields(p, takes...)
				if err != nil {
					return nil, err
				}
				parts = append(parts, (&object{}).str("type", textType).str("text", p.Text).fields(fields).bytes())
			case p.Type == "image_url":
				var o object
				o.str("type", "input_image").str("image_url", p.ImageURL)
				if err := l.imageType(p); err != nil {
					return nil, err
				}
				if _, err := l.partFields(p); err != nil {
					return nil, err
				}
				if p.Detail != "" {
					o.str("detail", p.Detail)
				}
				parts = append(parts, o.bytes())
			case p.Type == "file":
				file, err := responsesFile(p, textType, l)
				if err != nil {
					return nil, err
				}
				parts = append(parts, file)
			case responsesParts[p.Type]:
				parts = append(parts, p.Raw)
			default:
				text, err := l.placeholder(p)
				if err != nil {
					return nil, err
				}
				parts = append(parts, (&object{}).str("type", textType).str("text", text).bytes())
			}
		}
		return array(parts), nil
	}
	return nil, nil
}

// responsesFile writes a file part as an input_file of its data and
// filename, or of its file_id.
func responsesFile(p chat.Part, textType string, l *losses) ([]byte, error) {
	var f struct {
		File struct {
			Filename string `json:"filename"`
			FileData string `json:"file_data"`
			FileID   string `json:"file_id"`
		} `json:"file"`
	}
	if json.Unmarshal(p.Raw, &f) != nil || f.File.FileData == "" && f.File.FileID == "" {
		text, err := l.placeholder(p)
		return (&object{}).str("type", textType).str("text", text).bytes(), err
	}
	if _, err := l.partFields(p); err != nil {
		return nil, err
	}
	var o object
	o.str("type", "input_file")
	if f.File.FileID != "" {
		o.str("file_id", f.File.FileID)
	}
	if f.File.Filename != "" {
		o.str("filename", f.File.Filename)
	}
	if f.File.FileData != "" {
		o.str("file_data", f.File.FileData)
	}
	return o.bytes(), nil
}

func sortedKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// responsesWritesAsIs says which strings the Responses writer writes as
// they are: texts, data: images, tool call arguments (a string in its
// function_call items), and a part's data in the parts it copies
// (responsesParts); other parts are placeholders.
func responsesWritesAsIs(m *chat.Message, at place, sp chat.Spool) marking {
	switch at {
	case argsPlace:
		return asIs
	case dataPlace:
		return dataAsIs(m, sp, func(t string) bool { return responsesParts[t] || t == "file" })
	}
	return textsAndImages(m, at, sp)
}
