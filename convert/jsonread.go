package convert

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// parseJSON parses data strictly, turning syntax errors into located Errors.
func parseJSON(data []byte, firstLine int) (*jsontree.Value, error) {
	v, err := jsontree.Parse(data, jsontree.Options{FirstLine: firstLine})
	if err != nil {
		return nil, located(err)
	}
	return v, nil
}

// located turns a jsontree syntax error into a located Error.
func located(err error) error {
	var se *jsontree.SyntaxError
	if errors.As(err, &se) {
		return &Error{Pos: Pos(se.Pos), Msg: se.Msg, Err: ErrSyntax}
	}
	return err
}

// jsonReader turns parsed JSON values into conversations, in the shapes the
// OpenAI-style formats share.
type jsonReader struct {
	warn func(Pos, string)
	long func(chat.LongKind) chat.Sink
	// warned holds the kinds of doubtful shape already told (see doubts).
	warned map[string]bool
	// mu, when set, guards warned and warn: the jsonl reader's lines may be
	// parsed on several goroutines at once (see LineDecoder).
	mu *sync.Mutex
	// held, when set, takes the warnings instead of warn, to be told later
	// in input order (see jsonlDecoder.ParseLine).
	held *[]heldWarning
}

// heldWarning is a warning held back; kind, when set, is told once per
// input (see doubts).
type heldWarning struct {
	kind, msg string
	pos       Pos
}

// tellHeld gives warn (r.warn if nil) the warnings held, those of a kind
// not told yet.
func (r *jsonReader) tellHeld(held []heldWarning, warn func(Pos, string)) {
	if warn == nil {
		warn = r.warn
	}
	if warn == nil || len(held) == 0 {
		return
	}
	if r.mu != nil {
		r.mu.Lock()
		defer r.mu.Unlock()
	}
	for _, h := range held {
		if h.kind != "" {
			if r.warned[h.kind] {
				continue
			}
			if r.warned == nil {
				r.warned = map[string]bool{}
			}
			r.warned[h.kind] = true
		}
		warn(h.pos, h.msg)
	}
}

// warnf tells warn, if set, about pos; under mu when there is one.
func (r *jsonReader) warnf(pos Pos, format string, args ...any) {
	if r.warn == nil {
		return
	}
	if r.mu != nil {
		r.mu.Lock()
		defer r.mu.Unlock()
	}
	r.warn(pos, fmt.Sprintf(format, args...))
}

func newJSONReader(opts DecodeOptions) jsonReader {
	return jsonReader{warn: opts.Warn, long: opts.Long, warned: map[string]bool{}}
}

// sinkLong makes s give the long texts, image URLs and audio and file data
// of the messages it streams to r's sinks, if r has them (see
// DecodeOptions.Long); else a long string content to a heldText, so that
// the stream's buffer does not grow to hold it (content reads it back).
func (r *jsonReader) sinkLong(s *jsontree.ArrayStream) {
	if r.long == nil {
		s.SinkStrings(func(path []jsontree.Step) chat.Sink {
			if jsontree.IsMessageContent(path) {
				return &heldText{}
			}
			return nil
		})
		return
	}
	s.SinkStrings(func(path []jsontree.Step) chat.Sink {
		if kind, ok := jsontree.MessageLongKind(path); ok {
			return r.long(kind)
		}
		return nil
	})
}

func errAt(v *jsontree.Value, ptr, format string, args ...any) error {
	return &Error{Pos: Pos(v.Pos), Pointer: ptr, Msg: fmt.Sprintf(format, args...), Err: ErrNotConversation}
}

// kindName names a JSON kind with its article, for messages.
func kindName(v *jsontree.Value) string {
	switch v.Kind {
	case jsontree.Array, jsontree.Object:
		return "an " + v.Kind.String()
	case jsontree.Null:
		return "null"
	}
	return "a " + v.Kind.String()
}

// notConversation is the error for a value that should be a conversation.
func notConversation(v *jsontree.Value, ptr string) error {
	return errAt(v, ptr, "expected a conversation (a messages array or an object with \"messages\"), got %s", kindName(v))
}

// conversations reads a document that holds one conversation or many:
// a messages array, an object with "messages", an array of messages arrays,
// or an array of such objects.
func (r *jsonReader) conversations(v *jsontree.Value) ([]*chat.Conversation, error) {
	switch v.Kind {
	case jsontree.Object:
		c, err := r.conversation(v, "")
		if err != nil {
			return nil, err
		}
		return []*chat.Conversation{c}, nil
	case jsontree.Array:
		if len(v.Items) == 0 || !isConversation(v.Items[0]) {
			c, err := r.conversation(v, "")
			if err != nil {
				return nil, err
			}
			return []*chat.Conversation{c}, nil
		}
		convs := make([]*chat.Conversation, 0, len(v.Items))
		for i, item := range v.Items {
			c, err := r.conversation(item, "/"+strconv.Itoa(i))
			if err != nil {
				return nil, err
			}
			c.Listed = true
			convs = append(convs, c)
		}
		return convs, nil
	}
	return nil, notConversation(v, "")
}

// isConversation tells an element of a top-level array that is a whole
// conversation from one that is a message.
func isConversation(v *jsontree.Value) bool {
	return v.Kind == jsontree.Array || (v.Kind == jsontree.Object && v.Get("messages") != nil && v.Get("role") == nil)
}

// conversation reads a messages array or an object with "messages" (or an
// OpenAI Batch API request line, whose body is one).
func (r *jsonReader) conversation(v *jsontree.Value, ptr string) (*chat.Conversation, error) {
	if body, id, ok := batchRequest(v); ok {
		c, err := r.conversation(body, ptr+"/body")
		if err == nil && c.ID == "" {
			c.ID = id
		}
		return c, err
	}
	if body, id, ok := batchResponse(v); ok {
		c, err := r.completion(body, ptr+"/response/body")
		if err == nil {
			c.ID = id
		}
		return c, err
	}
	if req, resp, ok := callRecord(v); ok {
		q, err := r.conversation(req, ptr+"/request")
		if err != nil {
			return nil, err
		}
		a, err := r.completion(resp, ptr+"/response")
		if err != nil {
			return nil, err
		}
		return joinCall(v, q, a), nil
	}
	if isCompletion(v) {
		return r.completion(v, ptr)
	}
	c := &chat.Conversation{}
	msgs := v
	msgsPtr := ptr
	switch v.Kind {
	case jsontree.Array:
	case jsontree.Object:
		c.Object = true
		msgs = nil
		for _, m := range v.Members {
			if m.Key == "messages" {
				msgs = m.Value
				msgsPtr = ptr + "/messages"
				continue
			}
			if err := conversationField(c, m); err != nil {
				return nil, err
			}
		}
		if msgs == nil {
			return nil, errAt(v, ptr, "missing \"messages\": expected an object with a messages array")
		}
		if msgs.Kind != jsontree.Array {
			return nil, errAt(msgs, msgsPtr, "expected an array of messages, got %s", kindName(msgs))
		}
	default:
		return nil, notConversation(v, ptr)
	}
	c.Messages = make([]chat.Message, len(msgs.Items))
	for i, item := range msgs.Items {
		if err := r.message(&c.Messages[i], item, msgsPtr+"/"+strconv.Itoa(i)); err != nil {
			return nil, err
		}
	}
	setIDFromFirstMessage(c)
	return c, nil
}

// conversationField keeps a member of a conversation object other than
// "messages": a string conversation_id as its ID, the rest verbatim.
func conversationField(c *chat.Conversation, m *jsontree.Member) error {
	if m.Key == "conversation_id" && m.Value.Kind == jsontree.String && m.Value.Sink == nil {
		c.ID = m.Value.Str
		return nil
	}
	return keepField(&c.Extra, m.Key, m.Value)
}

// keepField appends key and v, kept verbatim, to fs.
func keepField(fs *chat.Fields, key string, v *jsontree.Value) error {
	raw, err := fieldJSON(v)
	if err != nil { // the temporary file of a long string could not be read: no fault of the input's
		return fmt.Errorf("reading back the long string of %q: %w", key, err)
	}
	*fs = append(*fs, chat.Field{Key: key, Value: raw})
	return nil
}

// fieldJSON is v's compact JSON text. A stream sinks a long string by its
// path alone (jsontree.MessageLongKind), which cannot tell a message's
// content from a conversation object's own "content", or from one in a
// message's nested "messages": such a string went to a sink only
// content() and part() read back, and v's Src lacks it. It is read back
// here, held.
func fieldJSON(v *jsontree.Value) (json.RawMessage, error) {
	if !hasSunk(v) {
		return v.Compact(), nil
	}
	return appendSunkJSON(nil, v)
}

// hasSunk reports whether a string of v went to a sink.
func hasSunk(v *jsontree.Value) bool {
	if v.Sink != nil {
		return true
	}
	for _, item := range v.Items {
		if hasSunk(item) {
			return true
		}
	}
	for _, m := range v.Members {
		if hasSunk(m.Value) {
			return true
		}
	}
	return false
}

// appendSunkJSON appends v's compact JSON text to b, its sunk strings
// read back from their sinks.
func appendSunkJSON(b []byte, v *jsontree.Value) ([]byte, error) {
	var err error
	switch {
	case v.Sink != nil:
		var s string
		switch sink := v.Sink.(type) {
		case *heldText:
			s = sink.String()
		case chat.Spool:
			if s, err = readSpool(sink); err != nil {
				return nil, err
			}
		} // else a counting sink's: the conversation is for counting only (chat.Sink)
		return appendString(b, s), nil
	case v.Kind == jsontree.Object:
		b = append(b, '{')
		for i, m := range v.Members {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(appendString(b, m.Key), ':')
			if b, err = appendSunkJSON(b, m.Value); err != nil {
				return nil, err
			}
		}
		return append(b, '}'), nil
	case v.Kind == jsontree.Array:
		b = append(b, '[')
		for i, item := range v.Items {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendSunkJSON(b, item); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	}
	return append(b, v.Src...), nil
}

// setIDFromFirstMessage gives c the conversation_id its first message
// carries, when c has none of its own.
func setIDFromFirstMessage(c *chat.Conversation) {
	if c.ID == "" && len(c.Messages) > 0 {
		c.ID = metaConversationID(&c.Messages[0])
	}
}

// metaConversationID returns the conversation_id m's metadata gives, or "".
func metaConversationID(m *chat.Message) string {
	var id string
	if raw := m.Meta.Get("conversation_id"); raw != nil && json.Unmarshal(raw, &id) == nil {
		return id
	}
	return ""
}

// message reads one message object.
func (r *jsonReader) message(m *chat.Message, v *jsontree.Value, ptr string) error {
	if v.Kind != jsontree.Object {
		return errAt(v, ptr, "expected a message object, got %s", kindName(v))
	}
	hasRole := false
	for _, f := range v.Members {
		val := f.Value
		fptr := ptr + "/" + f.Key
		switch f.Key {
		case "role":
			if val.Kind != jsontree.String {
				return errAt(val, fptr, "expected a string, got %s", kindName(val))
			}
			m.Role = chat.Role(val.Str)
			hasRole = true
			if !m.Role.Known() {
				r.warnf(Pos(val.Pos), "%s: unknown role %q kept as it is", fptr, val.Str)
			}
		case "content":
			if err := r.content(&m.Content, val, fptr); err != nil {
				return err
			}
		case "name", "tool_call_id":
			if val.Kind != jsontree.String && val.Kind != jsontree.Null {
				return errAt(val, fptr, "expected a string, got %s", kindName(val))
			}
			switch {
			case val.Kind == jsontree.Null || val.Str == "":
				// Absent, as an SDK's dump writes it: nothing to
				// model; keep it as written.
				m.Extra = append(m.Extra, chat.Field{Key: f.Key, Value: val.Compact()})
			case f.Key == "name":
				m.Name = val.Str
			default:
				m.ToolCallID = val.Str
			}
		case "tool_calls":
			if val.Kind != jsontree.Array && val.Kind != jsontree.Null {
				return errAt(val, fptr, "expected an array of tool calls, got %s", kindName(val))
			}
			if len(val.Items) == 0 {
				// No call to model (an empty list, or null as an
				// SDK's dump writes it); keep it as written.
				m.Extra = append(m.Extra, chat.Field{Key: f.Key, Value: val.Compact()})
				continue
			}
			m.ToolCalls = make([]chat.ToolCall, len(val.Items))
			for i, item := range val.Items {
				if err := toolCall(&m.ToolCalls[i], item, fptr+"/"+strconv.Itoa(i)); err != nil {
					return err
				}
			}
		case "metadata":
			if val.Kind != jsontree.Object {
				if err := keepField(&m.Extra, f.Key, val); err != nil {
					return err
				}
				continue
			}
			m.Meta = make(chat.Fields, 0, len(val.Members))
			for _, mf := range val.Members {
				if err := keepField(&m.Meta, mf.Key, mf.Value); err != nil {
					return err
				}
			}
		default:
			if err := keepField(&m.Extra, f.Key, val); err != nil {
				return err
			}
		}
	}
	if !hasRole {
		return errAt(v, ptr, "message has no \"role\"")
	}
	r.doubts(m, v, ptr)
	return nil
}

func (r *jsonReader) content(c *chat.Content, v *jsontree.Value, ptr string) error {
	switch v.Kind {
	case jsontree.Null:
		c.Form = chat.ContentNull
	case jsontree.String:
		c.Form, c.Text, c.Long = chat.ContentString, v.Str, v.Sink
		if held, ok := v.Sink.(*heldText); ok {
			c.Text, c.Long = held.String(), nil
		}
	case jsontree.Array:
		c.Form = chat.ContentParts
		c.Parts = make([]chat.Part, len(v.Items))
		for i, item := range v.Items {
			if err := part(&c.Parts[i], item, ptr+"/"+strconv.Itoa(i)); err != nil {
				return err
			}
		}
	default:
		return errAt(v, ptr, "expected a string, an array of parts or null, got %s", kindName(v))
	}
	return nil
}

func part(p *chat.Part, v *jsontree.Value, ptr string) error {
	if v.Kind != jsontree.Object {
		return errAt(v, ptr, "expected a content part object, got %s", kindName(v))
	}
	t := v.Get("type")
	if t == nil || t.Kind != jsontree.String {
		return errAt(v, ptr, "content part has no \"type\" string")
	}
	p.Type = t.Str
	p.Raw = v.Compact()
	switch p.Type {
	case "text", "refusal", "input_text", "output_text":
		key := "text"
		if p.Type == "refusal" {
			key = "refusal"
		}
		s := v.Get(key)
		if s == nil && p.Type == "text" {
			s = v.Get("value") // LLaMA-Factory writes {"type": "text", "value": …}
		}
		if s != nil {
			if s.Kind != jsontree.String {
				return errAt(s, ptr+"/"+key, "expected a string, got %s", kindName(s))
			}
			p.Text, p.Long = s.Str, s.Sink
			p.Raw, p.LongAt = rawWithout(v, s, p.Raw)
		}
		if ph := v.Get("convkit_placeholder"); ph != nil && ph.Kind == jsontree.Bool && ph.Bool {
			p.Placeholder = true
		}
	case "image_url":
		url := v.Get("image_url")
		if u := url.Get("url"); u != nil {
			url = u
		}
		if url != nil && url.Kind == jsontree.String { // the flat spelling is older
			p.ImageURL, p.Long = url.Str, url.Sink
			p.Raw, p.LongAt = rawWithout(v, url, p.Raw)
		}
		img := v.Get("image_url")
		if d := img.Get("detail"); d != nil && d.Kind == jsontree.String {
			p.Detail = d.Str
		}
	case "input_audio", "file":
		key := "data"
		if p.Type == "file" {
			key = "file_data"
		}
		if d := v.Get(p.Type).Get(key); d != nil && d.Sink != nil {
			p.Long = d.Sink
			p.Raw, p.LongAt = rawWithout(v, d, p.Raw)
		}
	}
	if p.Long == nil {
		keepLongString(p, v)
	}
	return nil
}

// keepLongString makes p, read from v, hold a string of v that went to a
// sink at a place of a message's long strings (jsontree.MessageLongKind)
// that p's type does not read, as a part kept as JSON does
// (keptLongPart): a Responses input_image's image_url, an Anthropic
// image block's data, a thinking block's text.
func keepLongString(p *chat.Part, v *jsontree.Value) {
	img, gemini := v.Get("image_url"), v.Get("part")
	for _, s := range []*jsontree.Value{v.Get("text"), img, img.Get("url"), v.Get("input_audio").Get("data"), v.Get("file").Get("file_data"),
		v.Get("source").Get("data"), gemini.Get("inlineData").Get("data"), gemini.Get("inline_data").Get("data")} {
		if s != nil && s.Sink != nil {
			keptLongPart(p, v, s, "")
			return
		}
	}
}

func toolCall(tc *chat.ToolCall, v *jsontree.Value, ptr string) error {
	if v.Kind != jsontree.Object {
		return errAt(v, ptr, "expected a tool call object, got %s", kindName(v))
	}
	tc.Raw = v.Compact()
	if id := v.Get("id"); id != nil && id.Kind == jsontree.String {
		tc.ID = id.Str
	}
	if t := v.Get("type"); t != nil && t.Kind == jsontree.String {
		tc.Type = t.Str
	}
	fn := v.Get("function")
	if fn == nil {
		fn = v.Get("custom") // custom tools carry "input" instead of "arguments"
	}
	if name := fn.Get("name"); name != nil && name.Kind == jsontree.String {
		tc.Name = name.Str
	}
	args := fn.Get("arguments")
	if args == nil {
		args = fn.Get("input")
	}
	if args != nil {
		if args.Kind == jsontree.Object { // not the API's JSON string, but its text counts
			tc.Arguments = string(args.Compact())
		}
		if args.Kind == jsontree.String {
			tc.Arguments, tc.Long = args.Str, args.Sink
			tc.Raw, tc.LongAt = rawWithout(v, args, tc.Raw)
		} else {
			tc.Arguments = string(args.Compact())
		}
	}
	return nil
}

// rawWithout returns the Raw of v, whose string long may have gone to a
// sink (see chat.Sink and chat.Spool): raw itself if it did not, nil if
// it went to a Sink, for the string is not in it, and for a Spool, v's
// compact JSON with "" where long stands and where that is.
func rawWithout(v, long *jsontree.Value, raw []byte) ([]byte, int) {
	switch long.Sink.(type) {
	case nil:
		return raw, 0
	case chat.Spool:
		return appendCompactFinding(nil, v, long)
	}
	return nil, 0
}

// jsonArguments returns the arguments of a call that gives them as a JSON
// value, v, rather than a string: its compact text, "{}" when there is
// none, or "" and the sink its text went to.
func jsonArguments(v *jsontree.Value) (string, chat.Sink) {
	switch {
	case v == nil:
		return "{}", nil
	case v.Sink != nil:
		return "", v.Sink
	}
	return string(v.Compact()), nil
}

// withLongArguments makes tc, whose Arguments are "", hold the sink they
// went to, if there is one, as the api reader's calls do: with "" in a
// Spool's Raw where they go (a marshaledSpool when chat.NewToolCall wrote
// the Raw).
func withLongArguments(tc *chat.ToolCall, sink chat.Sink) {
	if sink == nil {
		return
	}
	argsKey := `"arguments":`
	if tc.Type == "custom" {
		argsKey = `"input":`
	}
	tc.Long, tc.LongAt = sink, bytes.Index(tc.Raw, []byte(argsKey+`""`))+len(argsKey)
	if _, ok := sink.(chat.Spool); !ok {
		tc.Raw, tc.LongAt = nil, 0
	}
}

// longTextContent is chat.TextContent of the string v, which may have gone
// to a sink.
func longTextContent(v *jsontree.Value) chat.Content {
	return chat.Content{Form: chat.ContentString, Text: v.Str, Long: v.Sink}
}

// longTextPart is chat.TextPart of the string v, which may have gone to a
// sink: the part then holds the sink, with the Raw TextPart writes, "" in
// it for a Spool.
func longTextPart(v *jsontree.Value) chat.Part {
	if v.Sink == nil {
		return chat.TextPart(v.Str)
	}
	p := chat.Part{Type: "text", Long: marshaled(v.Sink)}
	if _, ok := v.Sink.(chat.Spool); ok {
		p.Raw = []byte(`{"type":"text","text":""}`)
		p.LongAt = len(p.Raw) - len(`""}`)
	}
	return p
}

// longImagePart is chat.ImagePart of a URL that went to sink, with the
// Raw rawWithout gives.
func longImagePart(sink chat.Sink, detail string) chat.Part {
	p := chat.ImagePart("", detail)
	p.Long = sink
	if _, ok := sink.(chat.Spool); !ok {
		p.Raw = nil
	} else {
		p.LongAt = len(`{"type":"image_url","image_url":{"url":`)
	}
	return p
}

// appendCompactFinding appends v's compact JSON to b, as Compact writes it
// but for keys, which it escapes afresh, and for the string find, which it
// writes "", and says where in b find starts.
func appendCompactFinding(b []byte, v, find *jsontree.Value) ([]byte, int) {
	at := -1
	var walk func(v *jsontree.Value)
	walk = func(v *jsontree.Value) {
		if v == find {
			at = len(b)
			b = append(b, `""`...) // its Src may hold the string's last part
			return
		}
		switch v.Kind {
		case jsontree.Object:
			b = append(b, '{')
			for i, m := range v.Members {
				if i > 0 {
					b = append(b, ',')
				}
				b = appendString(b, m.Key)
				b = append(b, ':')
				walk(m.Value)
			}
			b = append(b, '}')
		case jsontree.Array:
			b = append(b, '[')
			for i, item := range v.Items {
				if i > 0 {
					b = append(b, ',')
				}
				walk(item)
			}
			b = append(b, ']')
		default:
			b = append(b, v.Src...)
		}
	}
	walk(v)
	return b, at
}

// batchRequest returns the body of an OpenAI Batch API request line,
// {"custom_id", "method", "url", "body": {"model", "messages", …}}, and its
// custom_id, which becomes the conversation's id. The line's other fields
// are not kept: what is read is the request.
func batchRequest(v *jsontree.Value) (body *jsontree.Value, customID string, ok bool) {
	if v.Kind != jsontree.Object || v.Get("messages") != nil {
		return nil, "", false
	}
	id, body := v.Get("custom_id"), v.Get("body")
	if id == nil || id.Kind != jsontree.String || body == nil || body.Kind != jsontree.Object || body.Get("messages") == nil {
		return nil, "", false
	}
	return body, id.Str, true
}

// batchResponse returns the body of an OpenAI Batch API output line
// ({"custom_id", "response": {"status_code", "body": {…}}}) and its
// custom_id, when v is one.
func batchResponse(v *jsontree.Value) (body *jsontree.Value, customID string, ok bool) {
	if v.Kind != jsontree.Object || v.Get("messages") != nil {
		return nil, "", false
	}
	id, resp := v.Get("custom_id"), v.Get("response")
	if id == nil || id.Kind != jsontree.String || resp == nil || resp.Kind != jsontree.Object {
		return nil, "", false
	}
	body = resp.Get("body")
	if body == nil || !isCompletion(body) {
		return nil, "", false
	}
	return body, id.Str, true
}

// isCompletion reports whether v is an OpenAI Chat Completions response
// (a chat.completion object, with "choices").
func isCompletion(v *jsontree.Value) bool {
	return v.Kind == jsontree.Object && v.Get("messages") == nil && v.Get("choices") != nil
}

// completion reads a chat.completion response as its reply: the message of
// its first choice, whose metadata keeps the response's other fields and
// the choice's (finish_reason …).
func (r *jsonReader) completion(v *jsontree.Value, ptr string) (*chat.Conversation, error) {
	choices := v.Get("choices")
	if choices == nil || choices.Kind != jsontree.Array || len(choices.Items) == 0 {
		return nil, errAt(v, ptr, "expected \"choices\", a non-empty array, in a chat.completion response")
	}
	first := choices.Items[0]
	msg := first.Get("message")
	if first.Kind != jsontree.Object || msg == nil {
		return nil, errAt(first, ptr+"/choices/0", "expected a choice with a \"message\"")
	}
	m := make([]chat.Message, 1)
	if err := r.message(&m[0], msg, ptr+"/choices/0/message"); err != nil {
		return nil, err
	}
	meta := append(responseMeta(v, "choices", "model"), responseMeta(first, "message")...)
	meta = alternatives(meta, choices, "choices", ptr+"/choices", r.warn)
	return responseConversation(m, meta, v.Get("model")), nil
}
