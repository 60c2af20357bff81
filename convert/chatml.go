package convert

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/convkit/convkit/chat"
)

// chatmlFormat is ChatML as open models' chat templates render it:
//
//	<|im_start|>system
//	You are a helpful assistant.<|im_end|>
//	<|im_start|>user
//	Hello!<|im_end|>
//
// Tool calls follow Qwen2.5 and Hermes: <tool_call>{"name", "arguments"}
// </tool_call> blocks at the end of an assistant turn, and their results as
// <tool_response> blocks in a user (or tool) turn, paired in order. A blank
// line between two messages starts a new conversation.
var chatmlFormat = &Format{
	Name:        "chatml",
	PassesLong:  true,
	Description: "ChatML text: <|im_start|>role … <|im_end|>, Qwen/Hermes tool calls",
	Extensions:  []string{".chatml"},
	NewDecoder: func(r io.Reader, opts DecodeOptions) Decoder {
		return &chatmlDecoder{r: newTextReader(r), long: opts.Long}
	},
	NewEncoder: func(w io.Writer, opts EncodeOptions) Encoder {
		return &chatmlEncoder{w: w, l: newLosses("chatml", opts), allowSpecial: opts.AllowSpecialText}
	},
	Sniff: func(s *Shape) int {
		if !s.JSON && bytes.HasPrefix(bytes.TrimLeft(s.Head, " \t\r\n"), []byte(imStart)) {
			return 60
		}
		return 0
	},
}

const (
	imStart       = "<|im_start|>"
	imEnd         = "<|im_end|>"
	toolCallOpen  = "<tool_call>\n"
	toolCallClose = "\n</tool_call>"
)

var (
	toolResponseBlock = lazyRegexp(`(?s)^<tool_response>\n(.*?)\n</tool_response>(?:\n|$)`)
	chatmlCallID      = lazyRegexp(`^chatml_call_[0-9]+$`)
)

// chatmlDecoder reads ChatML a conversation at a time, so that memory
// holds about one conversation however long the file: it cuts what it has
// read where a conversation ends, at white space with a blank line in it
// after a message, and parses each piece as parseChatML parses a file.
// Whatever it cannot follow it leaves to parseChatML with all that is left.
type chatmlDecoder struct {
	r     io.Reader
	buf   []byte // buf[start:] is read and not yet parsed
	start int
	eof   bool // r is exhausted
	lines int  // line breaks before buf[start]
	scan  int  // buf[start:scan] is whole messages
	msgs  int  // in buf[start:scan]
	find  int  // where to look on for the end of the message at scan
	convs []*chat.Conversation
	err   error // once reading has failed or ended
	// long opens a sink for a message's text too long to hold (see
	// chatmlcut.go); cuts are the texts of buf[start:scan] and of the
	// message at scan that went to sinks.
	long func(chat.LongKind) chat.Sink
	cuts []*chatmlCut
}

func (d *chatmlDecoder) Decode() (*chat.Conversation, error) {
	for len(d.convs) == 0 {
		if d.err != nil {
			return nil, d.err
		}
		piece, cuts, err := d.next()
		if err == nil {
			d.convs, err = parseChatMLCut(piece, cuts)
		}
		var pe *Error
		if errors.As(err, &pe) {
			pe.Line += d.lines // its first line goes on from the last of the pieces before
		}
		if err != nil {
			abortCuts(cuts)
			d.err = err
			return nil, err
		}
		d.lines += bytes.Count(piece, []byte("\n"))
		for _, c := range cuts {
			d.lines += c.lines
		}
		if d.eof && d.start == len(d.buf) {
			d.err = io.EOF
		}
	}
	c := d.convs[0]
	d.convs[0], d.convs = nil, d.convs[1:]
	return c, nil
}

// next returns the next piece of the input that holds whole conversations,
// and the texts taken out of it. It is valid until the next call.
func (d *chatmlDecoder) next() ([]byte, []*chatmlCut, error) {
	for {
		cut, more := d.follow()
		switch {
		case cut >= 0:
			piece, cuts := d.buf[d.start:cut], d.cuts
			d.start, d.scan, d.msgs, d.find, d.cuts = cut, cut, 0, 0, nil
			return piece, cuts, nil
		case !more || d.eof:
			if !d.eof {
				rest, err := io.ReadAll(d.r)
				if err != nil {
					abortCuts(d.cuts)
					return nil, nil, err
				}
				d.buf = append(d.buf, rest...)
			}
			piece, cuts := d.buf[d.start:], d.cuts
			d.start, d.eof, d.cuts = len(d.buf), true, nil
			return piece, cuts, nil
		}
		n, err := d.r.Read(d.grow())
		d.buf = d.buf[:len(d.buf)+n]
		if err == io.EOF {
			d.eof = true
		} else if err != nil {
			abortCuts(d.cuts)
			return nil, nil, err
		}
	}
}

// grow makes room after buf for a read, first moving what is left to the
// front once it is no more than what has been parsed.
func (d *chatmlDecoder) grow() []byte {
	if d.start > 0 && d.start >= len(d.buf)-d.start {
		d.buf = d.buf[:copy(d.buf, d.buf[d.start:])]
		d.scan -= d.start
		d.find = max(d.find-d.start, 0)
		d.start = 0
	}
	if cap(d.buf)-len(d.buf) < 32<<10 {
		d.buf = slices.Grow(d.buf, max(64<<10, len(d.buf)))
	}
	return d.buf[len(d.buf):cap(d.buf)]
}

// follow goes on through buf from scan, message by message as parseChatML
// does. It returns where a conversation ends (before the white space after
// it), or -1 and whether more of the input could let it go on.
func (d *chatmlDecoder) follow() (cut int, more bool) {
	b := d.buf
	for {
		j := d.scan
		for j < len(b) && (b[j] == ' ' || b[j] == '\t' || b[j] == '\r' || b[j] == '\n') {
			j++
		}
		if d.msgs > 0 && bytes.Count(b[d.scan:j], []byte("\n")) >= 2 {
			return d.scan, false
		}
		if j == len(b) {
			return -1, true
		}
		if !bytes.HasPrefix(b[j:], []byte(imStart)) {
			return -1, len(b)-j < len(imStart) && bytes.HasPrefix([]byte(imStart), b[j:])
		}
		nl := bytes.IndexByte(b[j:], '\n') // the role's line, which may hold anything
		if nl < 0 {
			return -1, true
		}
		from := max(d.find, j+nl+1)
		end := bytes.Index(b[from:], []byte(imEnd))
		if end < 0 {
			d.find = max(from, len(b)-len(imEnd))
			if d.long != nil {
				d.sinkText(b[j+len(imStart):j+nl], j+nl+1)
			}
			return -1, true
		}
		d.scan, d.find = from+end+len(imEnd), 0
		d.msgs++
	}
}

func parseChatML(data []byte) ([]*chat.Conversation, error) {
	return parseChatMLCut(data, nil)
}

// parseChatMLCut is parseChatML of a piece out of which cuts were taken.
func parseChatMLCut(data []byte, cuts []*chatmlCut) ([]*chat.Conversation, error) {
	if !utf8.Valid(data) {
		i := firstInvalid(data, false)
		return nil, invalidUTF8(cutPosition(string(data), i, cuts, false), data[i])
	}
	s := string(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	for _, c := range cuts {
		c.at -= len(data) - len(s) // the BOM's
	}
	return parseChatMLText(s, cuts)
}

// parseChatMLText is parseChatML of the text s, its BOM left out.
func parseChatMLText(s string, cuts []*chatmlCut) ([]*chat.Conversation, error) {
	conv := &chat.Conversation{}
	convs := []*chat.Conversation{conv}
	p := chatmlParser{}
	i := 0
	for {
		gap := len(s[i:]) - len(strings.TrimLeft(s[i:], " \t\r\n"))
		if strings.Count(s[i:i+gap], "\n") >= 2 && len(conv.Messages) > 0 {
			conv = &chat.Conversation{}
			convs = append(convs, conv)
			p = chatmlParser{}
		}
		i += gap
		if i == len(s) {
			break
		}
		if !strings.HasPrefix(s[i:], imStart) {
			return nil, syntaxError(cutPosition(s, i, cuts, false), "expected %s to start a message", imStart)
		}
		i += len(imStart)
		nl := strings.IndexByte(s[i:], '\n')
		if nl < 0 {
			return nil, syntaxError(cutPosition(s, i, cuts, false), "expected a role and a newline after %s", imStart)
		}
		role := strings.TrimSpace(s[i : i+nl])
		if role == "" {
			return nil, syntaxError(cutPosition(s, i, cuts, false), "expected a role after %s", imStart)
		}
		i += nl + 1
		end := strings.Index(s[i:], imEnd)
		if end < 0 {
			return nil, syntaxError(cutPosition(s, i, cuts, true), "message has no %s", imEnd)
		}
		if next := strings.Index(s[i:i+end], imStart); next >= 0 {
			return nil, syntaxError(cutPosition(s, i+next, cuts, false), "message has no %s before the next %s", imEnd, imStart)
		}
		if k := slices.IndexFunc(cuts, func(c *chatmlCut) bool { return c.at == i }); k >= 0 {
			m, err := p.longMessage(role, s[i:i+end], cuts[k])
			if err != nil {
				return nil, err
			}
			conv.Messages = append(conv.Messages, m...)
		} else {
			conv.Messages = append(conv.Messages, p.message(role, s[i:i+end])...)
		}
		i += end + len(imEnd)
	}
	return convs, nil
}

// position turns a byte offset into a line and column.
func position(s string, off int) Pos {
	line := 1 + strings.Count(s[:off], "\n")
	return Pos{line, off - strings.LastIndexByte(s[:off], '\n')}
}

type chatmlParser struct {
	calls   int
	pending []string
}

func (p *chatmlParser) message(role, body string) []chat.Message {
	m := chat.Message{Role: chat.Role(role), Content: chat.TextContent(body)}
	switch m.Role {
	case chat.Assistant:
		var calls []chat.ToolCall
		rest := body
		for strings.HasSuffix(rest, toolCallClose) {
			start := strings.LastIndex(rest, toolCallOpen)
			if start < 0 || start+len(toolCallOpen) > len(rest)-len(toolCallClose) {
				break
			}
			var call jsonCall
			if json.Unmarshal([]byte(rest[start+len(toolCallOpen):len(rest)-len(toolCallClose)]), &call) != nil || call.Name == "" {
				break
			}
			args := "{}"
			var text string
			switch {
			case json.Unmarshal(call.Arguments, &text) == nil:
				// Arguments that are no JSON object are written as a JSON
				// string of their text: read it back as that text.
				args = text
			case len(call.Arguments) > 0:
				args = compactJSON(call.Arguments)
			}
			calls = append([]chat.ToolCall{chat.NewToolCall("", call.Name, args)}, calls...)
			rest = strings.TrimSuffix(rest[:start], "\n")
		}
		for i := range calls {
			p.calls++
			id := "chatml_call_" + strconv.Itoa(p.calls)
			calls[i] = chat.NewToolCall(id, calls[i].Name, calls[i].Arguments)
			p.pending = append(p.pending, id)
		}
		if len(calls) > 0 {
			m.ToolCalls = calls
			m.Content = chat.TextContent(rest)
			if rest == "" {
				m.Content = chat.Content{Form: chat.ContentNull}
			}
		}
	case chat.User, chat.Tool:
		var out []chat.Message
		rest := body
		for rest != "" {
			loc := toolResponseBlock().FindStringSubmatchIndex(rest)
			if loc == nil {
				break
			}
			tm := chat.Message{Role: chat.Tool, Content: chat.TextContent(rest[loc[2]:loc[3]])}
			if len(p.pending) > 0 {
				tm.ToolCallID, p.pending = p.pending[0], p.pending[1:]
			}
			out = append(out, tm)
			rest = rest[loc[1]:]
		}
		if len(out) > 0 && rest == "" {
			return out
		}
	}
	return []chat.Message{m}
}

type chatmlEncoder struct {
	w            io.Writer
	l            *losses
	n            int // conversations written
	allowSpecial bool
}

func (e *chatmlEncoder) Encode(c *chat.Conversation) error {
	e.n++
	b, splices, err := renderPlain(c, chatmlWritesAsIs, e.render)
	if err != nil {
		return err
	}
	return writeTranscript(e.w, e.l, b, splices)
}

// chatmlWritesAsIs says what the ChatML writer does with a spooled
// string, as flatTexts does, but for a text that holds markup
// chatmlMarkup looks for (it refuses, or warns about, one that does:
// read whole, that text is checked as always).
func chatmlWritesAsIs(m *chat.Message, at place, sp chat.Spool) marking {
	if at == textPlace && readerHolds(sp.Open(), imStart, imEnd, "<tool_call>", "<tool_response>") {
		return readWhole
	}
	return flatTexts(m, at, sp)
}

// render writes the conversation numbered e.n.
func (e *chatmlEncoder) render(c *chat.Conversation) ([]byte, error) {
	var b strings.Builder
	if e.n > 1 {
		b.WriteString("\n")
	}
	if len(c.Extra) > 0 {
		if err := e.l.lose("conversation fields other than messages dropped"); err != nil {
			return nil, err
		}
	}
	msgs, err := pairedInOrder(c.Messages, e.l)
	if err != nil {
		return nil, err
	}
	for i := 0; i < len(msgs); i++ {
		m := &msgs[i]
		if err := e.l.name(m); err != nil {
			return nil, err
		}
		if m.Role == chat.Tool || m.Role == chat.Function {
			// Consecutive results share one user turn, as Qwen's template has it.
			var blocks []string
			for ; i < len(msgs) && isResult(&msgs[i]); i++ {
				tm := &msgs[i]
				if tm.ToolCallID != "" && !chatmlCallID().MatchString(tm.ToolCallID) {
					if err := e.l.lose("tool call ids dropped"); err != nil {
						return nil, err
					}
				}
				text, err := e.text(tm, i)
				if err != nil {
					return nil, err
				}
				blocks = append(blocks, "<tool_response>\n"+text+"\n</tool_response>")
			}
			i--
			b.WriteString(imStart + "user\n" + strings.Join(blocks, "\n") + imEnd + "\n")
			continue
		}
		text, err := e.text(m, i)
		if err != nil {
			return nil, err
		}
		if len(m.ToolCalls) > 0 && m.Role != chat.Assistant {
			if err := e.l.lose("tool calls of other roles than assistant written as text"); err != nil {
				return nil, err
			}
		}
		for _, tc := range m.ToolCalls {
			if tc.Name == "" { // the reader takes a call by its name
				if err := e.l.lose("tool calls without a function name read back as text"); err != nil {
					return nil, err
				}
			}
			if !chatmlCallID().MatchString(tc.ID) {
				if err := e.l.lose("tool call ids dropped"); err != nil {
					return nil, err
				}
			}
			args := argumentsJSON(tc.Arguments)
			if args == nil {
				args = appendString(nil, tc.Arguments)
			}
			if text != "" {
				text += "\n"
			}
			call := pythonJSON((&object{}).str("name", tc.Name).raw("arguments", args).bytes())
			if err := e.callMarkup(m, i, call); err != nil {
				return nil, err
			}
			text += "<tool_call>\n" + call + "\n</tool_call>"
		}
		b.WriteString(imStart + string(m.Role) + "\n" + text + imEnd + "\n")
	}
	return []byte(b.String()), nil
}

// text is a message's content as ChatML can hold it; i is the message's
// index, for an error.
func (e *chatmlEncoder) text(m *chat.Message, i int) (string, error) {
	text, err := flatText(m.Content, e.l)
	if err != nil {
		return "", err
	}
	if len(m.Extra) > 0 {
		if err := e.l.lose("message fields other than role and content dropped"); err != nil {
			return "", err
		}
	}
	if bad := chatmlRole(m.Role); bad != "" {
		if !e.allowSpecial {
			return "", &Error{Msg: fmt.Sprintf("chatml: conversation %d, message %d (%q): its role %s, which would not read back as it: refused",
				e.n, i+1, string(m.Role), bad), Err: ErrSpecialText}
		}
		if err := e.l.lose("roles that cannot be read back written as they are"); err != nil {
			return "", err
		}
	}
	if markup := chatmlMarkup(m.Role, text); markup != "" {
		if !e.allowSpecial {
			return "", &Error{Msg: fmt.Sprintf("chatml: conversation %d, message %d (%q): its text holds %s, which would read back as ChatML markup, not text: refused",
				e.n, i+1, string(m.Role), markup), Err: ErrSpecialText}
		}
		if err := e.l.lose("content that contains ChatML markup cannot be read back"); err != nil {
			return "", err
		}
	}
	return text, nil
}

// callMarkup refuses (or, allowed, warns about) a tool call, written as
// call, of message m (index i) whose name or arguments hold ChatML markup
// or the tags around a call: it would not read back as that call.
func (e *chatmlEncoder) callMarkup(m *chat.Message, i int, call string) error {
	for _, tok := range []string{imStart, imEnd, "<tool_call>", "</tool_call>"} {
		if !strings.Contains(call, tok) {
			continue
		}
		if !e.allowSpecial {
			return &Error{Msg: fmt.Sprintf("chatml: conversation %d, message %d (%q): a tool call's name or arguments hold %s, which would read back as ChatML markup: refused",
				e.n, i+1, string(m.Role), tok), Err: ErrSpecialText}
		}
		return e.l.lose("content that contains ChatML markup cannot be read back")
	}
	return nil
}

// chatmlMarkup returns the ChatML markup that text, of a message of role,
// holds and that reading it back would take for structure, or "".
func chatmlMarkup(role chat.Role, text string) string {
	for _, tok := range []string{imStart, imEnd} {
		if strings.Contains(text, tok) {
			return tok
		}
	}
	switch {
	case role == chat.Assistant && strings.Contains(text, "<tool_call>"):
		return "<tool_call>"
	case role == chat.User && strings.Contains(text, "<tool_response>"):
		return "<tool_response>"
	case (role == chat.Tool || role == chat.Function) && strings.Contains(text, "</tool_response>"):
		// It would end the result's block early.
		return "</tool_response>"
	}
	return ""
}

// chatmlRole says what keeps role from reading back as it is from the
// line after <|im_start|>, which the reader trims, or "".
func chatmlRole(role chat.Role) string {
	r := string(role)
	switch {
	case r == "":
		return "is empty"
	case strings.ContainsAny(r, "\r\n"):
		return "holds a line break"
	case strings.TrimSpace(r) != r:
		return "starts or ends with white space"
	case strings.Contains(r, imStart) || strings.Contains(r, imEnd):
		return "holds ChatML markup"
	}
	return ""
}

func (e *chatmlEncoder) Close() error { return nil }
