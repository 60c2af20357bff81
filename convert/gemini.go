package convert

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// geminiFormat is Google's Gemini generateContent request: "contents" of
// user and model turns made of parts, and "systemInstruction". camelCase
// and snake_case spellings are both read; camelCase is written. Function
// calls become tool calls; function responses tool messages, paired with
// their call by id or, without ids, by name and order. A text part's
// thoughtSignature goes in its extra_content.google (geminiSignedText).
// PDF and wav or mp3 inlineData become file and input_audio parts. Parts
// with no OpenAI equivalent (thoughts, code execution …) are kept verbatim
// as parts of type "gemini" ({"type":"gemini","part":{…}}).
var geminiFormat = &Format{
	Name:        "gemini",
	PassesLong:  true,
	Description: "Google Gemini generateContent request: contents with parts, systemInstruction",
	Extensions:  []string{".json"},
	NewDecoder:  singleDecoder(readGeminiBody, geminiLong),
	NewEncoder:  requestEncoder("gemini", markingEncoder("gemini", geminiWritesAsIs, writeGemini)),
	Sniff: func(s *Shape) int {
		if s.JSON && (s.Has("contents.[].parts") || s.Has("[].contents.[].parts") || s.Has("candidates.[].content") ||
			s.Has("request.contents.[].parts")) {
			return 60
		}
		return 0
	},
	signatures: true,
}

// geminiLong says which strings of a request or a response may be too
// long to hold: the texts of its parts, and the data of their inlineData,
// after its data: URL's head when the mimeType comes before it (dataHead,
// else dataURLSink puts the head back); and which objects: a
// function call's args and a function response's response, read as a
// call's arguments and a tool message's text. A part holds one string
// that went to a sink: its text, or its data, whichever comes first.
func geminiLong(path []jsontree.Step) (longString, bool) {
	if _, ok := jsontree.LongKindAt(path, geminiJSONPaths); ok {
		return longString{kind: chat.LongText, json: true}, true
	}
	if kind, ok := jsontree.LongKindAt(path, geminiDataPaths); ok {
		if p := path[len(path)-2].In; p.Get("text") != nil {
			return longString{}, false
		}
		head, _ := dataHead(path[len(path)-1].In, "mimeType", "mime_type")
		return longString{kind: kind, head: head}, true
	}
	ls, ok := longAt(path, geminiLongPaths)
	if ok && geminiSunkData(path[len(path)-1].In) != nil {
		return ls, false
	}
	return ls, ok
}

// geminiSunkData returns the data of the inlineData of part p that went
// to a sink, or nil.
func geminiSunkData(p *jsontree.Value) *jsontree.Value {
	if data := member(p, "inlineData", "inline_data").Get("data"); data != nil && data.Sink != nil {
		return data
	}
	return nil
}

var geminiJSONPaths = []jsontree.LongPath{
	{Kind: chat.LongText, Path: []string{"contents", "#", "parts", "#", "functionCall", "args"}},
	{Kind: chat.LongText, Path: []string{"contents", "#", "parts", "#", "function_call", "args"}},
	{Kind: chat.LongText, Path: []string{"contents", "#", "parts", "#", "functionResponse", "response"}},
	{Kind: chat.LongText, Path: []string{"contents", "#", "parts", "#", "function_response", "response"}},
	{Kind: chat.LongText, Path: []string{"candidates", "#", "content", "parts", "#", "functionCall", "args"}},
	{Kind: chat.LongText, Path: []string{"candidates", "#", "content", "parts", "#", "function_call", "args"}},
}

var geminiDataPaths = func() []jsontree.LongPath {
	var paths []jsontree.LongPath
	for _, parts := range [][]string{{"contents", "#", "parts"}, {"systemInstruction", "parts"}, {"system_instruction", "parts"}, {"candidates", "#", "content", "parts"}} {
		for _, inline := range []string{"inlineData", "inline_data"} {
			paths = append(paths, jsontree.LongPath{Kind: chat.LongImageURL, Path: append(slices.Clone(parts), "#", inline, "data")})
		}
	}
	return paths
}()

var geminiLongPaths = []jsontree.LongPath{
	{Kind: chat.LongText, Path: []string{"contents", "#", "parts", "#", "text"}},
	{Kind: chat.LongText, Path: []string{"systemInstruction", "parts", "#", "text"}},
	{Kind: chat.LongText, Path: []string{"system_instruction", "parts", "#", "text"}},
	{Kind: chat.LongText, Path: []string{"candidates", "#", "content", "parts", "#", "text"}},
}

// geminiCallID is the form of the ids convkit gives calls that had none;
// the writer leaves them out again.
var geminiCallID = lazyRegexp(`^gemini_call_[0-9]+$`)

// member returns the value of key in either spelling.
func member(v *jsontree.Value, camel, snake string) *jsontree.Value {
	if m := v.Get(camel); m != nil {
		return m
	}
	return v.Get(snake)
}

type geminiReader struct {
	calls   int
	pending []chat.ToolCall // calls not yet answered, in order
}

// readGeminiBody reads a generateContent request, a response, or a
// {"request", "response"} record of both; one reader pairs the calls of
// both, so that ids given to calls that have none do not repeat.
func readGeminiBody(v *jsontree.Value, ptr string, warn func(Pos, string)) (*chat.Conversation, error) {
	gr := &geminiReader{}
	if req, resp, ok := callRecord(v); ok {
		q, err := gr.request(req, ptr+"/request", warn)
		if err != nil {
			return nil, err
		}
		r, err := gr.reply(resp, ptr+"/response", warn)
		if err != nil {
			return nil, err
		}
		return joinCall(v, q, r), nil
	}
	if v.Kind == jsontree.Object && v.Get("contents") == nil && v.Get("candidates") != nil {
		return gr.reply(v, ptr, warn)
	}
	return gr.request(v, ptr, warn)
}

// reply reads a generateContent response as its reply: the content of its
// first candidate, with the response's other fields (usageMetadata,
// modelVersion …) and the candidate's (finishReason …) as the first
// message's metadata.
func (gr *geminiReader) reply(v *jsontree.Value, ptr string, warn func(Pos, string)) (*chat.Conversation, error) {
	cands := v.Get("candidates")
	if v.Kind != jsontree.Object || cands == nil || cands.Kind != jsontree.Array || len(cands.Items) == 0 {
		return nil, errAt(v, ptr, "expected \"candidates\", a non-empty array, in a generateContent response")
	}
	first := cands.Items[0]
	if first.Kind != jsontree.Object {
		return nil, errAt(first, ptr+"/candidates/0", "expected a candidate object, got %s", kindName(first))
	}
	msgs := []chat.Message{{Role: chat.Assistant, Content: chat.Content{Form: chat.ContentNull}}}
	if content := first.Get("content"); content != nil {
		// A candidate stopped for safety may have none.
		ms, err := gr.content(content, ptr+"/candidates/0/content", chat.Assistant)
		if err != nil {
			return nil, err
		}
		msgs = ms
	}
	meta := append(responseMeta(v, "candidates", "modelVersion"), responseMeta(first, "content")...)
	meta = alternatives(meta, cands, "candidates", ptr+"/candidates", warn)
	return responseConversation(msgs, meta, v.Get("modelVersion")), nil
}

// request reads a generateContent request.
func (gr *geminiReader) request(v *jsontree.Value, ptr string, warn func(Pos, string)) (*chat.Conversation, error) {
	contents := v.Get("contents")
	if contents == nil || contents.Kind != jsontree.Array {
		return nil, errAt(v, ptr, "expected \"contents\", an array of turns")
	}
	c := &chat.Conversation{Object: true}
	if sys := member(v, "systemInstruction", "system_instruction"); sys != nil {
		ms, err := gr.content(sys, ptr+"/systemInstruction", chat.System)
		if err != nil {
			return nil, err
		}
		ms[0].Role = chat.System
		c.Messages = append(c.Messages, ms...)
	}
	c.Extra = importTools(extras(v, "contents", "systemInstruction", "system_instruction"), "tools", geminiTools)
	if sys := member(v, "systemInstruction", "system_instruction"); sys != nil {
		// Its role ("system", "user" or none) has no place in a message:
		// kept as {"role": …} in a systemInstruction field, written back.
		if r := sys.Get("role"); r != nil {
			c.Extra.Set("systemInstruction", (&object{}).raw("role", r.Compact()).bytes())
		}
	}
	for i, item := range contents.Items {
		iptr := ptr + "/contents/" + strconv.Itoa(i)
		role := chat.User
		switch r := str(item.Get("role")); r {
		case "model":
			role = chat.Assistant
		case "user", "", "function", "tool":
		default:
			if warn != nil {
				warn(Pos(item.Pos), fmt.Sprintf("%s/role: unknown role %q kept as it is", iptr, r))
			}
			role = chat.Role(r)
		}
		ms, err := gr.content(item, iptr, role)
		if err != nil {
			return nil, err
		}
		c.Messages = append(c.Messages, ms...)
	}
	return c, nil
}

// content reads one Content object ({role, parts}) into messages.
func (gr *geminiReader) content(v *jsontree.Value, ptr string, role chat.Role) ([]chat.Message, error) {
	if v.Kind != jsontree.Object {
		return nil, errAt(v, ptr, "expected a content object with \"parts\", got %s", kindName(v))
	}
	parts := v.Get("parts")
	if parts == nil || parts.Kind != jsontree.Array {
		return nil, errAt(v, ptr, "expected \"parts\", an array")
	}
	var out []chat.Message
	cur := chat.Message{Role: role}
	flush := func() {
		if len(cur.Content.Parts) > 0 || len(cur.ToolCalls) > 0 {
			finishGeminiContent(&cur)
			out = append(out, cur)
		}
		cur = chat.Message{Role: role}
	}
	for i, p := range parts.Items {
		pptr := ptr + "/parts/" + strconv.Itoa(i)
		if p.Kind != jsontree.Object {
			return nil, errAt(p, pptr, "expected a part object, got %s", kindName(p))
		}
		if fc, google, ok := geminiCallPart(p); ok {
			tc, err := gr.call(fc, google, pptr)
			if err != nil {
				return nil, err
			}
			cur.ToolCalls = append(cur.ToolCalls, tc)
			continue
		}
		if fr := member(p, "functionResponse", "function_response"); fr != nil && hasOnly(p, "functionResponse", "function_response") {
			flush()
			tm, err := gr.response(fr, pptr)
			if err != nil {
				return nil, err
			}
			out = append(out, tm)
			continue
		}
		cur.Content.Parts = append(cur.Content.Parts, geminiPart(p))
	}
	if len(out) == 0 || len(cur.Content.Parts) > 0 || len(cur.ToolCalls) > 0 {
		finishGeminiContent(&cur)
		out = append(out, cur)
	}
	if ex := extras(v, "role", "parts"); len(ex) > 0 {
		// Other fields of the content go with its first message that is not
		// a function response, which has no place for them.
		i := 0
		for i < len(out) && out[i].Role == chat.Tool {
			i++
		}
		if i == len(out) {
			return nil, errAt(v, ptr, "unexpected %q beside function responses: a content holds role and parts", ex[0].Key)
		}
		out[i].Extra = append(out[i].Extra, ex...)
	}
	return out, nil
}

// finishGeminiContent gives one plain text part (not one whose
// extra_content a string has no place for) the string form, and a turn of
// calls alone null content.
func finishGeminiContent(m *chat.Message) {
	p := m.Content.Parts
	plain := len(p) == 1 && p[0].Type == "text"
	if plain {
		_, extra := textExtraOf(p[0])
		plain = !extra
	}
	switch {
	case plain:
		m.Content = chat.Content{Form: chat.ContentString, Text: p[0].Text, Long: p[0].Long}
	case len(p) == 0 && len(m.ToolCalls) > 0:
		m.Content.Form = chat.ContentNull
	default:
		m.Content.Form = chat.ContentParts
	}
}

// geminiImageType reports whether mt is an image's media type that a data:
// URL can carry back unchanged.
func geminiImageType(mt string) bool {
	return strings.HasPrefix(mt, "image/") && !strings.ContainsAny(mt, ",;")
}

func geminiPart(p *jsontree.Value) chat.Part {
	if t := p.Get("text"); t != nil && t.Kind == jsontree.String && len(p.Members) == 1 {
		return longTextPart(t)
	}
	if tp, ok := geminiSignedText(p); ok {
		return tp
	}
	if d := member(p, "inlineData", "inline_data"); d != nil && len(p.Members) == 1 {
		mt, data := str(member(d, "mimeType", "mime_type")), d.Get("data")
		if geminiImageType(mt) && data != nil && data.Kind == jsontree.String && len(d.Members) == 2 {
			if data.Sink != nil {
				return longImagePart(dataURLSink(d, mt, "mimeType", "mime_type"), "")
			}
			return chat.ImagePart("data:"+mt+";base64,"+data.Str, "")
		}
		if data != nil && data.Kind == jsontree.String && len(d.Members) == 2 {
			if fileMediaTypes[mt] {
				return filePart("data:"+mt+";base64,"+data.Str, dataURLSink(d, mt, "mimeType", "mime_type"), "")
			}
			if format, ok := audioFormats[mt]; ok {
				head, _ := dataHead(d, "mimeType", "mime_type")
				return audioPart(format, data.Str, data.Sink, head)
			}
		}
	}
	if d := member(p, "fileData", "file_data"); d != nil && len(p.Members) == 1 {
		// The URI is kept as the image's URL, and the media type beside it
		// when the URI's extension does not imply it (Files API URIs have
		// none), so that writing Gemini again gives the part back.
		mt, uri := str(member(d, "mimeType", "mime_type")), member(d, "fileUri", "file_uri")
		if geminiImageType(mt) && uri != nil && uri.Kind == jsontree.String && len(d.Members) == 2 &&
			uri.Str != "" && !strings.HasPrefix(uri.Str, "data:") {
			return imagePartTyped(uri.Str, mt)
		}
	}
	if t := p.Get("text"); t != nil && t.Sink != nil {
		return geminiLongPart(p, t, t.Sink)
	}
	if data := geminiSunkData(p); data != nil {
		head, _ := dataHead(member(p, "inlineData", "inline_data"), "mimeType", "mime_type")
		return geminiLongPart(p, data, keptData(data.Sink, head))
	}
	var o object
	return chat.Part{Type: "gemini", Raw: o.str("type", "gemini").raw("part", p.Compact()).bytes()}
}

// geminiSignedText reads a text part that has, beside its text, a
// thoughtSignature (Gemini 2.5 and 3 sign the first part of a model turn,
// often a text) or "thought": false, which says it is no thought: as a
// text part holding them in extra_content.google, where OpenAI's
// Gemini-compatible endpoint carries a call's signature. "thought":
// false is kept, not dropped, for the part to be written back as it was.
// ok is false for any other part.
func geminiSignedText(p *jsontree.Value) (chat.Part, bool) {
	text := p.Get("text")
	if text == nil || text.Kind != jsontree.String {
		return chat.Part{}, false
	}
	var google object
	for _, m := range p.Members {
		key := m.Key
		switch {
		case m.Value == text:
			continue
		case key == "thought" && m.Value.Kind == jsontree.Bool && !m.Value.Bool:
		case (key == "thoughtSignature" || key == "thought_signature") && m.Value.Kind == jsontree.String:
			key = "thought_signature"
		default:
			return chat.Part{}, false
		}
		if slices.Contains(google.keys, key) { // both spellings: kept verbatim
			return chat.Part{}, false
		}
		google.raw(key, m.Value.Compact())
	}
	extra := (&object{}).raw("google", google.bytes()).bytes()
	var o object
	if text.Sink == nil {
		return chat.Part{Type: "text", Text: text.Str, Raw: o.str("type", "text").str("text", text.Str).raw("extra_content", extra).bytes()}, true
	}
	tp := chat.Part{Type: "text", Long: text.Sink}
	if _, ok := text.Sink.(chat.Spool); ok {
		o.str("type", "text").raw("text", []byte(`""`))
		tp.LongAt = len(o.b) - len(`""`)
		tp.Raw = o.raw("extra_content", extra).bytes()
	}
	return tp, true
}

// googleExtra is where a text part carries Gemini's own fields, as
// OpenAI's Gemini-compatible endpoint carries a tool call's.
type googleExtra struct {
	ExtraContent struct {
		Google struct {
			Thought          json.RawMessage `json:"thought"`
			ThoughtSignature json.RawMessage `json:"thought_signature"`
		} `json:"google"`
	} `json:"extra_content"`
}

// textExtraOf is googleExtraOf of a text part's Raw, read only when it
// has room beside the text (which it holds, escaped, at no less than its
// length) for an extra_content: so a long plain text is not scanned.
func textExtraOf(p chat.Part) (googleExtra, bool) {
	if len(p.Raw)-len(p.Text) < len(`{"type":"text","text":"","extra_content":{"google":{"thought":0}}}`) {
		return googleExtra{}, false
	}
	return googleExtraOf(p.Raw)
}

// hasSignedText reports whether a text part of msgs carries a thought
// signature (geminiSignedText).
func hasSignedText(msgs []chat.Message) bool {
	for i := range msgs {
		for _, p := range msgs[i].Content.Parts {
			if g, ok := textExtraOf(p); ok && p.Type == "text" && g.ExtraContent.Google.ThoughtSignature != nil {
				return true
			}
		}
	}
	return false
}

// googleExtraOf reads raw's extra_content.google; ok is false when it has
// none.
func googleExtraOf(raw json.RawMessage) (g googleExtra, ok bool) {
	if !bytes.Contains(raw, []byte(`"extra_content":`)) { // a cheap test first: arguments may be long
		return g, false
	}
	ok = json.Unmarshal(raw, &g) == nil && (g.ExtraContent.Google.Thought != nil || g.ExtraContent.Google.ThoughtSignature != nil)
	return g, ok
}

// geminiLongPart keeps p verbatim, as geminiPart does, when its string
// long went to a sink, which the part holds as held: as rawWithout, with
// "" for it in a Spool's Raw.
func geminiLongPart(p, long *jsontree.Value, held chat.Sink) chat.Part {
	kept := chat.Part{Type: "gemini", Long: held}
	if _, ok := long.Sink.(chat.Spool); ok {
		part, at := appendCompactFinding(nil, p, long)
		var o object
		kept.Raw = o.str("type", "gemini").raw("part", part).bytes()
		kept.LongAt = len(kept.Raw) - len(part) - len("}") + at
	}
	return kept
}

// geminiDataKeys are the members of a part that hold its data, of which
// a part has one.
var geminiDataKeys = []string{"text", "inlineData", "inline_data", "fileData", "file_data", "functionCall", "function_call",
	"functionResponse", "function_response", "executableCode", "executable_code", "codeExecutionResult", "code_execution_result"}

// geminiCallPart reads a part that holds a functionCall: the call, and
// what its extra_content.google keeps of the rest, as OpenAI's
// Gemini-compatible endpoint keeps a call's signature: the part's other
// fields (thoughtSignature as thought_signature, "thought": false,
// partMetadata …) and, under "function_call", the call's own beside id,
// name and args (willContinue, partialArgs …); nil when there are none.
// ok is false for any other part, and for one that holds other data too,
// or a field in both spellings: kept verbatim. A call marked as a thought
// is still a call (its result follows it), the mark kept.
func geminiCallPart(p *jsontree.Value) (fc *jsontree.Value, google []byte, ok bool) {
	if fc = member(p, "functionCall", "function_call"); fc == nil {
		return nil, nil, false
	}
	var g, own object
	for _, m := range p.Members {
		key := m.Key
		switch {
		case m.Value == fc:
			continue
		case slices.Contains(geminiDataKeys, key), key == "thought" && m.Value.Kind != jsontree.Bool:
			return nil, nil, false
		case key == "thoughtSignature":
			key = "thought_signature"
		}
		if slices.Contains(g.keys, key) {
			return nil, nil, false
		}
		g.raw(key, m.Value.Compact())
	}
	for _, m := range fc.Members {
		if m.Key != "id" && m.Key != "name" && m.Key != "args" {
			own.raw(m.Key, m.Value.Compact())
		}
	}
	if len(own.keys) > 0 {
		g.raw("function_call", own.bytes())
	}
	if len(g.keys) == 0 {
		return fc, nil, true
	}
	return fc, g.bytes(), true
}

func (gr *geminiReader) call(fc *jsontree.Value, google []byte, ptr string) (chat.ToolCall, error) {
	name := fc.Get("name")
	if name == nil || name.Kind != jsontree.String {
		return chat.ToolCall{}, errAt(fc, ptr, "functionCall needs a \"name\" string")
	}
	gr.calls++
	id := str(fc.Get("id"))
	if id == "" {
		id = "gemini_call_" + strconv.Itoa(gr.calls)
	}
	args, long := jsonArguments(fc.Get("args"))
	tc := chat.NewToolCall(id, name.Str, args)
	long = marshaled(long)
	if google != nil {
		long = withExtraContent(&tc, "google", google, long)
	}
	withLongArguments(&tc, long)
	gr.pending = append(gr.pending, tc)
	return tc, nil
}

func (gr *geminiReader) response(fr *jsontree.Value, ptr string) (chat.Message, error) {
	name := str(fr.Get("name"))
	id := str(fr.Get("id"))
	// Pair with the call: by id, else the first unanswered call of that name.
	for i, tc := range gr.pending {
		if id != "" && tc.ID == id || id == "" && tc.Name == name {
			id = tc.ID
			gr.pending = append(gr.pending[:i:i], gr.pending[i+1:]...)
			break
		}
	}
	m := chat.Message{Role: chat.Tool, ToolCallID: id, Name: name}
	r, parts := fr.Get("response"), fr.Get("parts")
	if parts != nil && parts.Kind == jsontree.Array && (r == nil || r.Sink == nil) &&
		!slices.ContainsFunc(parts.Items, func(p *jsontree.Value) bool { return p.Kind != jsontree.Object }) {
		// A multimodal function response: its response, then its parts
		// (images a tool returns), as a tool result's content blocks are.
		m.Extra = extras(fr, "id", "name", "response", "parts")
		m.Content.Form = chat.ContentParts
		if r != nil {
			m.Content.Parts = append(m.Content.Parts, chat.TextPart(string(r.Compact())))
		}
		for _, p := range parts.Items {
			m.Content.Parts = append(m.Content.Parts, geminiPart(p))
		}
		return m, nil
	}
	m.Extra = extras(fr, "id", "name", "response")
	switch {
	case r != nil && r.Sink != nil:
		m.Content = longTextContent(r)
	case r != nil:
		m.Content = chat.TextContent(string(r.Compact()))
	}
	return m, nil
}

type geminiContent struct {
	role   string
	parts  [][]byte
	tool   bool // holds function responses, so user parts may join it
	extras chat.Fields
}

func writeGemini(c *chat.Conversation, l *losses) ([]byte, error) {
	c, err := legacyCalls(c, l)
	if err != nil {
		return nil, err
	}
	instr, rest, late := leadingInstructions(c.Messages)
	if late {
		if err := l.lose("system messages after the first turn moved to systemInstruction"); err != nil {
			return nil, err
		}
	}
	names := map[string]string{} // call id → function name, for responses
	var contents []*geminiContent
	for i := range rest {
		m := &rest[i]
		gc := &geminiContent{role: "user"}
		if m.Role != chat.Tool && m.Role != chat.Function {
			// A content holds role and parts alone; a function
			// response's fields geminiResponse writes.
			ex, err := l.messageFields(m.Extra)
			if err != nil {
				return nil, err
			}
			gc.extras = ex
		}
		switch m.Role {
		case chat.User:
		case chat.Assistant:
			gc.role = "model"
		case chat.Tool, chat.Function:
			gc.tool = true
			p, err := geminiResponse(m, names, l)
			if err != nil {
				return nil, err
			}
			gc.parts = [][]byte{p}
		default:
			if err := l.lose(fmt.Sprintf("role %q written as user", m.Role)); err != nil {
				return nil, err
			}
		}
		if !gc.tool {
			ps, err := geminiParts(m, names, l)
			if err != nil {
				return nil, err
			}
			gc.parts = ps
		}
		if n := len(contents); n > 0 && gc.role == "user" && contents[n-1].role == "user" && (gc.tool || contents[n-1].tool) {
			prev := contents[n-1]
			prev.parts = append(prev.parts, gc.parts...)
			prev.tool = gc.tool
			prev.extras = append(prev.extras, gc.extras...)
			continue
		}
		contents = append(contents, gc)
	}
	items := make([][]byte, len(contents))
	for i, gc := range contents {
		var o object
		items[i] = o.str("role", gc.role).raw("parts", array(gc.parts)).fields(gc.extras).bytes()
	}
	var o object
	o.raw("contents", array(items))
	if len(instr) > 0 {
		var parts [][]byte
		var ex chat.Fields
		for i := range instr {
			if err := l.developer(&instr[i]); err != nil {
				return nil, err
			}
			ps, err := geminiParts(&instr[i], names, l)
			if err != nil {
				return nil, err
			}
			parts = append(parts, ps...)
			fs, err := l.messageFields(instr[i].Extra)
			if err != nil {
				return nil, err
			}
			ex = append(ex, fs...)
		}
		var si object
		if r := systemRole(c.Extra); r != nil {
			si.raw("role", r)
		}
		o.raw("systemInstruction", si.raw("parts", array(parts)).fields(ex).bytes())
	}
	extra, err := exportTools(c, "tools", l, false, geminiToolList)
	if err == nil {
		extra.Delete("systemInstruction") // its role, written above
		extra, err = geminiParams(extra, l)
	}
	if err != nil {
		return nil, err
	}
	return o.fields(extra).bytes(), nil
}

// geminiTools reads a request's tools: the functions of each
// {"functionDeclarations": […]}, and Gemini's own tools (googleSearch,
// codeExecution …) as they are.
var geminiTools = toolsOf("gemini", func(item json.RawMessage) ([]toolDef, bool) {
	m, ok := keysIn(item, "functionDeclarations")
	if !ok {
		return nil, false
	}
	return listOf(noWrap, "parameters", false)(m["functionDeclarations"])
})

// geminiToolList writes tools: each run of functions as one
// {"functionDeclarations": […]}, Gemini's own tools as they were.
func geminiToolList(defs []toolDef) []byte {
	var items, run [][]byte
	flush := func() {
		if run != nil {
			items = append(items, (&object{}).raw("functionDeclarations", array(run)).bytes())
			run = nil
		}
	}
	for i := range defs {
		if defs[i].Provider != "" {
			flush()
			items = append(items, defs[i].Raw)
			continue
		}
		run = append(run, defs[i].members(&object{}, "parameters", false).bytes())
	}
	flush()
	return array(items)
}

func geminiParts(m *chat.Message, names map[string]string, l *losses) ([][]byte, error) {
	if err := l.name(m); err != nil {
		return nil, err
	}
	var parts [][]byte
	text := func(s string) []byte { return (&object{}).str("text", s).bytes() }
	switch m.Content.Form {
	case chat.ContentString:
		if m.Content.Text != "" || len(m.ToolCalls) == 0 {
			parts = append(parts, text(m.Content.Text))
		}
	case chat.ContentParts:
		if err := l.textFieldsDropped(m.Content); err != nil {
			return nil, err
		}
		for _, p := range m.Content.Parts {
			switch p.Type {
			case "text":
				parts = append(parts, geminiText(p))
			case "input_text", "output_text":
				parts = append(parts, text(p.Text))
			case "gemini":
				if own := geminiOwnPart(p); own != nil {
					parts = append(parts, own)
				}
			case "image_url":
				img, err := geminiImage(p, l)
				if err != nil {
					return nil, err
				}
				parts = append(parts, img)
			case "file", "input_audio":
				inline, err := geminiInline(p, l)
				if err != nil {
					return nil, err
				}
				parts = append(parts, inline)
			default:
				s, err := l.placeholder(p)
				if err != nil {
					return nil, err
				}
				parts = append(parts, text(s))
			}
		}
	}
	for _, tc := range m.ToolCalls {
		names[tc.ID] = tc.Name
		args := argumentsJSON(tc.Arguments)
		if args == nil {
			if err := l.lose("tool call arguments that are not a JSON object wrapped in {\"arguments\": …}"); err != nil {
				return nil, err
			}
			args = (&object{}).str("arguments", tc.Arguments).bytes()
		}
		parts = append(parts, geminiCall(tc, args))
	}
	if parts == nil {
		parts = [][]byte{}
	}
	return parts, nil
}

// geminiOwnPart returns the Gemini part a "gemini" part keeps verbatim,
// or nil.
func geminiOwnPart(p chat.Part) json.RawMessage {
	var w struct{ Part json.RawMessage }
	if json.Unmarshal(p.Raw, &w) != nil || len(w.Part) == 0 {
		return nil
	}
	return w.Part
}

// geminiInline writes a file part's data (a PDF) or an input_audio
// part's (wav, mp3) as inlineData, or the part's placeholder when it has
// none Gemini takes (a file_id, a format it has no media type for).
func geminiInline(p chat.Part, l *losses) ([]byte, error) {
	mt, data, filename, ok := fileOf(p)
	if !ok {
		mt, data, ok = audioOf(p)
	}
	if !ok {
		text, err := l.placeholder(p)
		return (&object{}).str("text", text).bytes(), err
	}
	if _, err := l.fileFields(p, filename); err != nil {
		return nil, err
	}
	return (&object{}).raw("inlineData", (&object{}).str("mimeType", mt).str("data", data).bytes()).bytes(), nil
}

// geminiImage writes an image_url part as inlineData (a data: URL) or
// fileData: a part, or a functionResponse's part.
func geminiImage(p chat.Part, l *losses) ([]byte, error) {
	if _, err := l.partFields(p); err != nil {
		return nil, err
	}
	if p.Detail != "" {
		if err := l.lose("image detail dropped"); err != nil {
			return nil, err
		}
	}
	if mt, data, ok := dataURL(p.ImageURL); ok {
		return (&object{}).raw("inlineData", (&object{}).str("mimeType", mt).str("data", data).bytes()).bytes(), nil
	}
	mt := imageType(p)
	if mt == "" {
		mt = "image/jpeg"
		if err := l.lose("image URLs written as fileData with a guessed mimeType"); err != nil {
			return nil, err
		}
	}
	return (&object{}).raw("fileData", (&object{}).str("mimeType", mt).str("fileUri", p.ImageURL).bytes()).bytes(), nil
}

// geminiCall writes a functionCall part, with the fields its
// extra_content.google holds (geminiCallPart).
func geminiCall(tc chat.ToolCall, args []byte) []byte {
	var fc object
	if !geminiCallID().MatchString(tc.ID) {
		fc.str("id", tc.ID)
	}
	fc.str("name", tc.Name).raw("args", args)
	google := extraContentFields(tc.Raw, "google")
	for _, f := range google {
		if f.Key == "function_call" {
			for _, m := range orderedKeys(f.Value) {
				fc.raw(m.Key, compactRaw(m.Value))
			}
		}
	}
	var p object
	p.raw("functionCall", fc.bytes())
	for _, f := range google {
		switch f.Key {
		case "function_call":
		case "thought_signature":
			p.raw("thoughtSignature", compactRaw(f.Value))
		default:
			p.raw(f.Key, compactRaw(f.Value))
		}
	}
	return p.bytes()
}

// hasGeminiCallFields reports whether a tool call of msgs carries Gemini
// fields (geminiCallPart) besides "thought": false, which says nothing.
func hasGeminiCallFields(msgs []chat.Message) bool {
	for i := range msgs {
		for _, tc := range msgs[i].ToolCalls {
			if slices.ContainsFunc(extraContentFields(tc.Raw, "google"), func(f chat.Field) bool { return f.Key != "thought" }) {
				return true
			}
		}
	}
	return false
}

// geminiText writes a text part, with the thought and thoughtSignature
// its extra_content.google holds (geminiSignedText).
func geminiText(p chat.Part) []byte {
	var o object
	o.str("text", p.Text)
	if g, ok := textExtraOf(p); ok {
		if t := g.ExtraContent.Google.Thought; t != nil {
			o.raw("thought", t)
		}
		if sig := g.ExtraContent.Google.ThoughtSignature; sig != nil {
			o.raw("thoughtSignature", sig)
		}
	}
	return o.bytes()
}

// geminiResponse writes a tool message as a functionResponse part; content
// that is not a JSON object is wrapped as {"result": …}.
func geminiResponse(m *chat.Message, names map[string]string, l *losses) ([]byte, error) {
	name := m.Name
	if name == "" {
		name = names[m.ToolCallID]
	}
	if name == "" {
		if err := l.lose("tool results whose function name is unknown"); err != nil {
			return nil, err
		}
	}
	text, media, err := geminiResponseParts(m.Content, l)
	if err != nil {
		return nil, err
	}
	var resp []byte
	if text != "" || len(media) == 0 { // a response of media alone needs none
		if resp = argumentsJSON(text); resp == nil || text == "" {
			if err := l.lose("tool results that are not JSON objects wrapped in {\"result\": …}"); err != nil {
				return nil, err
			}
			resp = (&object{}).str("result", text).bytes()
		}
	}
	var fr object
	if m.ToolCallID != "" && !geminiCallID().MatchString(m.ToolCallID) {
		fr.str("id", m.ToolCallID)
	}
	ex, err := l.messageFields(m.Extra, "willContinue", "scheduling", "parts")
	if err != nil {
		return nil, err
	}
	fr.str("name", name)
	if resp != nil {
		fr.raw("response", resp)
	}
	if len(media) > 0 {
		fr.raw("parts", array(media))
	}
	fr.fields(ex)
	return (&object{}).raw("functionResponse", fr.bytes()).bytes(), nil
}

// geminiResponseParts splits a tool result's content into the text its
// response holds and the parts of a multimodal function response:
// images as inlineData or fileData, Gemini's own parts as they were.
// Other parts it drops, with a warning.
func geminiResponseParts(c chat.Content, l *losses) (text string, media [][]byte, err error) {
	if c.Form != chat.ContentParts {
		return c.PlainText(), nil, nil
	}
	var texts []string
	for _, p := range c.Parts {
		switch p.Type {
		case "text", "input_text", "output_text":
			texts = append(texts, p.Text)
		case "image_url":
			img, err := geminiImage(p, l)
			if err != nil {
				return "", nil, err
			}
			media = append(media, img)
		case "gemini":
			if own := geminiOwnPart(p); own != nil {
				media = append(media, own)
			}
		default:
			if err := l.lose(p.Type + " parts of tool results, which a function response has no place for, dropped"); err != nil {
				return "", nil, err
			}
		}
	}
	return strings.Join(texts, "\n"), media, nil
}

// systemRole returns the role of the systemInstruction a Gemini body was
// read with, or nil.
func systemRole(extra chat.Fields) json.RawMessage {
	var si struct {
		Role json.RawMessage `json:"role"`
	}
	if raw := extra.Get("systemInstruction"); raw == nil || json.Unmarshal(raw, &si) != nil {
		return nil
	}
	return si.Role
}

// geminiWritesAsIs says what the Gemini writer does with a spooled
// string: texts and data: images written as they are, tool call
// arguments parsed, a part's data as it is in its own parts kept as JSON
// and else only in a placeholder, and a tool
// result's text, when it is the whole content, parsed as arguments are
// (geminiResponse).
func geminiWritesAsIs(m *chat.Message, at place, sp chat.Spool) marking {
	switch {
	case m.Role != chat.Tool && m.Role != chat.Function && at == dataPlace:
		// Its own parts ("gemini"), files and audio are copied; others are placeholders.
		return dataAsIs(m, sp, func(t string) bool { return t == "gemini" || t == "file" || t == "input_audio" })
	case m.Role != chat.Tool && m.Role != chat.Function:
		return textsAndImages(m, at, sp)
	}
	if at == textPlace && spoolOf(m.Content.Long) == sp {
		return asArguments
	}
	return readWhole
}
