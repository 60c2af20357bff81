package convert

import (
	"bytes"
	"fmt"
	"io"
	"slices"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// LossError is what an encoder returns under EncodeOptions.Strict when the
// target format cannot hold part of a conversation.
type LossError struct {
	Format string
	Kind   string // what would be lost, e.g. "tool call ids dropped"
}

func (e *LossError) Error() string {
	return fmt.Sprintf("writing %s would lose data: %s", e.Format, e.Kind)
}

// losses tells the user, once per kind, what a writer could not carry over.
type losses struct {
	format string
	warn   func(string)
	strict bool
	seen   map[string]bool
}

func newLosses(format string, opts EncodeOptions) *losses {
	return &losses{format: format, warn: opts.Warn, strict: opts.Strict, seen: map[string]bool{}}
}

// lose records that kind could not be written as it was; under Strict it
// returns the error that stops the write.
func (l *losses) lose(kind string) error {
	if l.strict {
		return &LossError{l.format, kind}
	}
	if !l.seen[kind] {
		l.seen[kind] = true
		if l.warn != nil {
			l.warn(l.format + ": " + kind)
		}
	}
	return nil
}

// name reports a message name the format has no place for. A tool
// result's name is its function's, which the call already says.
func (l *losses) name(m *chat.Message) error {
	if m.Name == "" || m.Role == chat.Tool || m.Role == chat.Function {
		return nil
	}
	return l.lose("message names dropped")
}

// developer reports a developer message written with the system role, in a
// format that has no developer role.
func (l *losses) developer(m *chat.Message) error {
	if m.Role != chat.Developer {
		return nil
	}
	return l.lose("developer messages written as system")
}

// placeheld reports whether a transcript shows a part as a placeholder:
// all but text, and a refusal and a thinking part, which it shows as
// their text, marked, and a redacted thinking block, which it marks
// (redactedThinkingShown).
func placeheld(p chat.Part) bool {
	_, _, thinking := thinkingOf(p)
	return p.Type != "text" && p.Type != "refusal" && !thinking && !isRedactedThinking(p)
}

// redactedThinkingShown reports the redacted thinking blocks of c, which
// a transcript marks where they were (redactedThinkingMark, markdown its
// own), their encrypted data, which no reader can read, dropped.
func (l *losses) redactedThinkingShown(c chat.Content) error {
	if !slices.ContainsFunc(c.Parts, isRedactedThinking) {
		return nil
	}
	return l.lose(redactedThinkingNamed + " marked where they were, their data dropped")
}

// thinkingFieldsDropped reports whether a transcript that shows the text
// of p, a thinking part, drops fields of it (a signature, timestamps …).
func thinkingFieldsDropped(p chat.Part) bool {
	_, rest, _ := thinkingOf(p)
	return rest != nil
}

// transcriptLosses reports what a transcript (text, markdown) cannot hold:
// it shows the messages' roles, names and content, and the conversation
// fields named in shown (markdown's heading shows the title and date).
func transcriptLosses(c *chat.Conversation, l *losses, shown ...string) error {
	check := func(lost bool, kind string) error {
		if lost {
			return l.lose(kind)
		}
		return nil
	}
	hidden := slices.ContainsFunc(c.Extra, func(f chat.Field) bool { return !slices.Contains(shown, f.Key) })
	if err := check(hidden, "conversation fields (model, tools, title …) dropped"); err != nil {
		return err
	}
	for i := range c.Messages {
		m := &c.Messages[i]
		for _, err := range []error{
			check(len(m.Extra) > 0, "message fields other than role, name and content dropped"),
			check(len(m.Meta) > 0, "message metadata dropped"),
			check(m.Content.Form == chat.ContentParts && slices.ContainsFunc(m.Content.Parts, placeheld), "non-text parts (images, audio, files) written as placeholders"),
			check(m.Content.Form == chat.ContentParts && slices.ContainsFunc(m.Content.Parts, thinkingFieldsDropped), "fields of thinking parts other than their text (signature, timestamps …) dropped"),
			check(m.Role == chat.Tool && m.Name != "", "tool result names dropped"),
		} {
			if err != nil {
				return err
			}
		}
		if err := l.textFieldsDropped(m.Content); err != nil {
			return err
		}
		if err := l.redactedThinkingShown(m.Content); err != nil {
			return err
		}
	}
	return nil
}

// metadataDropped wraps the encoder of a format that has no place for
// message metadata (api, jsonl) and reports, once, the metadata it drops:
// timestamps from an export, the seeds' fields of a meta file.
type metadataDropped struct {
	Encoder
	losses *losses
}

func (e metadataDropped) Encode(c *chat.Conversation) error {
	for i := range c.Messages {
		if len(c.Messages[i].Meta) > 0 {
			if err := e.losses.lose("message metadata (timestamp …) dropped; -f meta keeps it"); err != nil {
				return err
			}
			break
		}
	}
	return e.Encoder.Encode(c)
}

// messageFields keeps the fields of a message (kept verbatim from its
// source) that the target's message object takes, and reports each other
// one, once per name, as dropped: an API refuses a message with fields it
// does not know (another provider's refusal, annotations, function_call …).
func (l *losses) messageFields(fs chat.Fields, takes ...string) (chat.Fields, error) {
	var kept chat.Fields
	for _, f := range fs {
		if slices.Contains(takes, f.Key) {
			kept = append(kept, f)
			continue
		}
		if err := l.lose(fmt.Sprintf("message field %q, which it does not take, dropped", f.Key)); err != nil {
			return nil, err
		}
	}
	return kept, nil
}

// dropping wraps the encoder of a format that has no place for what
// kind names: when lost says a conversation holds some, it warns once,
// or refuses under Strict, and writes the rest.
func dropping(name, kind string, lost func(*chat.Conversation) bool, newEncoder func(io.Writer, EncodeOptions) Encoder) func(io.Writer, EncodeOptions) Encoder {
	return droppingEach(name, func(c *chat.Conversation) []string {
		if lost(c) {
			return []string{kind}
		}
		return nil
	}, newEncoder)
}

// droppingEach is dropping for the kinds lost says a conversation holds.
func droppingEach(name string, lost func(*chat.Conversation) []string, newEncoder func(io.Writer, EncodeOptions) Encoder) func(io.Writer, EncodeOptions) Encoder {
	return func(w io.Writer, opts EncodeOptions) Encoder {
		return droppingEncoder{newEncoder(w, opts), newLosses(name, opts), lost}
	}
}

type droppingEncoder struct {
	Encoder
	losses *losses
	lost   func(*chat.Conversation) []string
}

func (e droppingEncoder) Encode(c *chat.Conversation) error {
	for _, kind := range e.lost(c) {
		if err := e.losses.lose(kind); err != nil {
			return err
		}
	}
	return e.Encoder.Encode(c)
}

// Every format but those that hold them drops a preference pair's rejected
// completion (writing the chosen branch, the conversation's messages), the
// thought signature of a Gemini text part (writing its text), the
// signature and other Gemini fields of a tool call, and the Anthropic
// fields of a tool_use block (writing the call). The formats that hold
// the fields of calls keep their Raw (signatures), but gemini, which
// writes Gemini's, and anthropic, which writes Anthropic's. The formats
// that write function calls in a shape of their own but responses, which
// has custom_tool_call items, write the calls of OpenAI's custom tools as
// function calls, their free-text input as arguments (alpaca drops calls;
// markdown, html and prompt show them).
func init() {
	callFields := func(c *chat.Conversation) []string {
		var kinds []string
		for _, name := range anthropicCallFields(c.Messages, c.Rejected()) {
			kinds = append(kinds, fmt.Sprintf("Anthropic field %q of tool calls dropped (the calls kept)", name))
		}
		return kinds
	}
	hasRejected := func(c *chat.Conversation) bool { return c.Rejected() != nil }
	hasSignature := func(c *chat.Conversation) bool {
		return hasSignedText(c.Messages) || hasSignedText(c.Rejected())
	}
	hasCallFields := func(c *chat.Conversation) bool {
		return hasGeminiCallFields(c.Messages) || hasGeminiCallFields(c.Rejected())
	}
	hasCustomCalls := func(c *chat.Conversation) bool {
		return hasCustomCall(c.Messages) || hasCustomCall(c.Rejected())
	}
	for _, f := range registry {
		if f.NewEncoder != nil && !f.pairs {
			f.NewEncoder = dropping(f.Name, "rejected completions of preference pairs dropped (the chosen ones kept)", hasRejected, f.NewEncoder)
		}
		if f.NewEncoder != nil && !f.signatures {
			f.NewEncoder = dropping(f.Name, "thought signatures of Gemini text parts dropped (the texts kept)", hasSignature, f.NewEncoder)
			f.NewEncoder = dropping(f.Name, "thought signatures and other Gemini fields of tool calls dropped (the calls kept)", hasCallFields, f.NewEncoder)
		}
		if f.NewEncoder != nil && f != anthropicFormat && (!f.signatures || f == geminiFormat) {
			f.NewEncoder = droppingEach(f.Name, callFields, f.NewEncoder)
		}
	}
	for _, f := range []*Format{anthropicFormat, geminiFormat, sharegptFormat, chatmlFormat, textFormat} {
		f.NewEncoder = dropping(f.Name, "calls of custom tools written as function calls (their input as arguments)", hasCustomCalls, f.NewEncoder)
	}
	// The formats that write a call's id, name and arguments alone (alpaca
	// drops calls; a chat template is given no more): responses keeps the
	// Responses item's fields, html tells of them itself.
	for _, f := range []*Format{anthropicFormat, geminiFormat, responsesFormat, sharegptFormat, chatmlFormat, textFormat, markdownFormat, htmlFormat, promptFormat} {
		keepsItem := f == responsesFormat || f == htmlFormat
		lost := func(c *chat.Conversation) bool {
			return hasOtherCallFields(c.Messages, keepsItem) || hasOtherCallFields(c.Rejected(), keepsItem)
		}
		f.NewEncoder = dropping(f.Name, "tool call fields other than id, name and arguments dropped", lost, f.NewEncoder)
	}
	// The formats that have no place for message metadata or a
	// conversation's id (transcripts and prompt tell of their metadata
	// themselves; markdown and html show the id in the heading; a chat
	// template is not given it).
	hasMeta := func(c *chat.Conversation) bool {
		has := func(m chat.Message) bool { return len(m.Meta) > 0 }
		return slices.ContainsFunc(c.Messages, has) || slices.ContainsFunc(c.Rejected(), has)
	}
	hasID := func(c *chat.Conversation) bool { return keptID(c, false) }
	for _, f := range []*Format{anthropicFormat, geminiFormat, responsesFormat, sharegptFormat, chatmlFormat} {
		f.NewEncoder = dropping(f.Name, "message metadata (timestamp …) dropped; -f meta keeps it", hasMeta, f.NewEncoder)
	}
	for _, f := range []*Format{anthropicFormat, geminiFormat, responsesFormat, sharegptFormat, chatmlFormat, textFormat, promptFormat} {
		f.NewEncoder = dropping(f.Name, "conversation ids dropped", hasID, f.NewEncoder)
	}
}

// hasOtherCallFields reports whether a call of msgs has fields other than
// its id, type, name and arguments (input, a custom tool's), which a writer
// of those alone drops: another API's fields of the call or of its
// function. A Gemini or an Anthropic call's own (extra_content) are the
// checks' above; the fields of the Responses item a call was read from
// (response_item) count unless keepsItem. Null or empty ones lose nothing.
func hasOtherCallFields(msgs []chat.Message, keepsItem bool) bool {
	for i := range msgs {
		for _, tc := range msgs[i].ToolCalls {
			if otherCallFields(tc, keepsItem) {
				return true
			}
		}
	}
	return false
}

func otherCallFields(tc chat.ToolCall, keepsItem bool) bool {
	if tc.Raw == nil || tc.LongAt == 0 && bytes.Equal(tc.Raw, callRaw(tc, nil)) { // the common case, spared parsing
		return false
	}
	v, err := jsontree.Parse(tc.Raw, jsontree.Options{})
	if err != nil || v.Kind != jsontree.Object {
		return false
	}
	empty := func(v *jsontree.Value) bool {
		return v.Kind == jsontree.Null || v.Kind == jsontree.Array && len(v.Items) == 0 || v.Kind == jsontree.Object && len(v.Members) == 0
	}
	others := func(v *jsontree.Value, known ...string) bool {
		return v.Kind != jsontree.Object && !empty(v) ||
			slices.ContainsFunc(v.Members, func(m *jsontree.Member) bool { return !slices.Contains(known, m.Key) && !empty(m.Value) })
	}
	for _, m := range v.Members {
		var lost bool
		switch m.Key {
		case "id", "type":
		case "function", "custom", tc.Type:
			lost = others(m.Value, "name", "arguments", "input")
		case "extra_content":
			lost = others(m.Value, "google", "anthropic")
		case "response_item":
			lost = !keepsItem && !empty(m.Value)
		default:
			lost = !empty(m.Value)
		}
		if lost {
			return true
		}
	}
	return false
}

// hasCustomCall reports whether a message of msgs calls an OpenAI custom
// tool.
func hasCustomCall(msgs []chat.Message) bool {
	return slices.ContainsFunc(msgs, func(m chat.Message) bool {
		return slices.ContainsFunc(m.ToolCalls, func(tc chat.ToolCall) bool { return tc.Type == "custom" })
	})
}

// partFields returns the fields of part p beyond its text or the member
// its type names (image_url, file …): Anthropic's citations and
// cache_control, Responses' annotations and logprobs …, those that
// the target takes, those named in takes, and reports each other one as
// dropped, once per name. An empty list or object, or null, loses nothing.
// A Gemini signature's extra_content is the signatures check's (init).
func (l *losses) partFields(p chat.Part, takes ...string) (chat.Fields, error) {
	if p.Raw == nil || plainTextRaw(p.Raw) {
		return nil, nil
	}
	v, err := jsontree.Parse(p.Raw, jsontree.Options{})
	if err != nil || v.Kind != jsontree.Object {
		return nil, nil
	}
	var kept chat.Fields
	for _, m := range v.Members {
		switch {
		case m.Key == "type" || m.Key == "text" || m.Key == p.Type || m.Key == "convkit_placeholder" || m.Key == "extra_content" ||
			m.Key == "value" && v.Get("text") == nil:
		case slices.Contains(takes, m.Key):
			kept = append(kept, chat.Field{Key: m.Key, Value: m.Value.Compact()})
		case m.Value.Kind == jsontree.Null || m.Value.Kind == jsontree.Array && len(m.Value.Items) == 0 ||
			m.Value.Kind == jsontree.Object && len(m.Value.Members) == 0:
		default:
			if err := l.lose(m.Key + " dropped"); err != nil {
				return nil, err
			}
		}
	}
	return kept, nil
}

// textFieldsDropped reports the fields of c's text parts as dropped, for a
// writer that keeps their text alone.
func (l *losses) textFieldsDropped(c chat.Content) error {
	for _, p := range c.Parts {
		if !isTextPart(p) {
			continue
		}
		if _, err := l.partFields(p); err != nil {
			return err
		}
	}
	return nil
}

// plainTextRaw reports whether raw is {"type":"text","text":"…"} and no
// more, as most text parts are: it spares parsing them.
func plainTextRaw(raw []byte) bool {
	rest, ok := bytes.CutPrefix(raw, []byte(`{"type":"text","text":"`))
	for ok {
		end := bytes.IndexByte(rest, '"')
		if end < 0 {
			return false
		}
		backslashes := 0
		for i := end - 1; i >= 0 && rest[i] == '\\'; i-- {
			backslashes++
		}
		if backslashes%2 == 0 {
			return string(rest[end+1:]) == "}"
		}
		rest = rest[end+1:]
	}
	return false
}
