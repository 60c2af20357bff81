package convert

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/termsafe"
)

// textFormat is the seeds' human-readable transcript:
//
//	# Greetings
//
//	SYSTEM: You are a helpful assistant.
//
//	USER: Hello!
//
// An optional "# TITLE" heading holds the conversation's title; then one block per message, "ROLE: content", blocks separated by one blank line,
// conversations by a line "---" between blank lines. Content is verbatim,
// except that a content line which could be read as a label, a tool call or a
// separator gets one more leading backslash; the reader takes one away.
var textFormat = &Format{
	Name:        "text",
	Aliases:     []string{"txt"},
	PassesLong:  true,
	Description: "human-readable transcript: \"USER: …\" blocks separated by blank lines",
	Extensions:  []string{".txt"},
	NewDecoder: func(r io.Reader, opts DecodeOptions) Decoder {
		return newTextDecoder(r)
	},
	NewEncoder: func(w io.Writer, opts EncodeOptions) Encoder {
		return &textEncoder{w: w, color: opts.Color, losses: newLosses("text", opts)}
	},
	Sniff: func(s *Shape) int {
		first, rest, _ := bytes.Cut(bytes.TrimLeft(s.Head, "\r\n"), []byte("\n"))
		if bytes.HasPrefix(first, []byte(titlePrefix)) { // a title heading: a label must follow
			first, _, _ = bytes.Cut(bytes.TrimLeft(rest, "\r\n"), []byte("\n"))
		}
		if !s.JSON && (plainLabelLine().Match(first) || labelLine().Match(first) && laterLabel(rest)) {
			return 30
		}
		return 0
	},
}

var (
	// labelLine matches a block's first line: ROLE (upper case, or a known
	// role in title case, "User:", or any role as a JSON string), an
	// optional "(name)" (a JSON string when the name has parentheses …),
	// a colon.
	labelLine = lazyRegexp(`^(` + labelRole + `)(?: \((` + quotedLabel + `|[^()\n]*)\))?:(?: |$)`)
	// plainLabelLine is labelLine without a quoted role: what a file must
	// start with to be sniffed as text (a YAML `"key": value` is not).
	plainLabelLine = lazyRegexp(`^([A-Z][A-Z0-9_-]*|` + titleRoles + `)(?: \((?:` + quotedLabel + `|[^()\n]*)\))?:(?: |$)`)
	// toolCallLine matches a rendered tool call: [tool call ID] NAME(ARGS),
	// ID and NAME as JSON strings when they hold a ']' or '(' …
	toolCallLine = lazyRegexp(`^\[tool call (` + quotedLabel + `|[^\]\n]*)\] (` + quotedLabel + `|[^(\n]*)\((.*)\)$`)
	// needsEscape matches content lines the reader would otherwise misread.
	needsEscape = lazyRegexp(`^\\*(?:(?:` + labelRole + `)(?: \((?:` + quotedLabel + `|[^()\n]*)\))?:(?: |$)|\[tool call |---$)`)
)

const (
	// quotedLabel is a JSON string on one line, as the writer quotes a
	// role, name or id that the plain label cannot hold.
	quotedLabel = `"(?:[^"\\\n]|\\.)*"`
	labelRole   = `[A-Z][A-Z0-9_-]*|` + titleRoles + `|` + quotedLabel
)

// laterLabel reports whether head, the lines after a first label that
// quotes its role, has a plain label after a blank line: a transcript
// whose first role is odd, not a file of `"key": value` lines.
func laterLabel(head []byte) bool {
	blank := false
	for _, l := range bytes.Split(head, []byte("\n")) {
		l = bytes.TrimSuffix(l, []byte("\r"))
		if blank && plainLabelLine().Match(l) {
			return true
		}
		blank = len(l) == 0
	}
	return false
}

// titleRoles are the roles a hand-written transcript may label in title case.
const titleRoles = `User|Assistant|System|Developer|Tool|Function`

const separator = "---"

type textEncoder struct {
	w      io.Writer
	color  bool
	losses *losses
	n      int
}

// ANSI colours for role labels on a terminal.
var roleColors = map[chat.Role]string{
	chat.System: "\x1b[35m", chat.Developer: "\x1b[35m", chat.User: "\x1b[32m",
	chat.Assistant: "\x1b[36m", chat.Tool: "\x1b[33m", chat.Function: "\x1b[33m",
}

func (e *textEncoder) Encode(c *chat.Conversation) error {
	title, ok := textTitle(c)
	var shown []string
	if ok {
		shown = append(shown, "title")
	}
	if err := transcriptLosses(c, e.losses, shown...); err != nil {
		return err
	}
	copying, err := e.copying(c, ok)
	if err != nil {
		return err
	}
	e.n++
	b, splices, err := renderText(c, copying, func(marked *chat.Conversation) ([]byte, error) {
		return e.render(c, marked, title, ok)
	})
	if err != nil {
		return err
	}
	return writeTranscript(e.w, e.losses, b, splices)
}

// copying says how the text writer writes the spooled strings of c, the
// conversation it writes next (titled when it has a title heading): a
// text that starts a line as copyTextLines does, a data: image's URL as
// its placeholder shortens it, a tool call's arguments on one line. A text
// that begins the output with a first line ending in a carriage return
// (message drops it) is read whole.
func (e *textEncoder) copying(c *chat.Conversation, titled bool) (copyFor, error) {
	var heldFirst chat.Spool
	if e.n == 0 && !titled && len(c.Messages) > 0 {
		if sp := textStartingBody(c.Messages[0].Content); sp != nil {
			cr, err := firstLineEndsInCR(sp)
			if err != nil {
				return nil, err
			}
			if cr {
				heldFirst = sp
			}
		}
	}
	return func(m *chat.Message, at place, sp chat.Spool) copier {
		switch {
		case sp == heldFirst:
			return nil
		case at == dataPlace: // a placeholder stands for it: never written
			return copyPlain
		case at == textPlace && (m.Content.Long == sp || slices.ContainsFunc(m.Content.Parts, func(p chat.Part) bool { return p.Long == sp && isTextPart(p) })):
			return copyTextLines(sp, e.color)
		case at == argsPlace:
			if c, err := argumentsLineCopier(sp, e.color); err == nil {
				return c
			}
		case at == imagePlace:
			// A shorter URL is written whole, as a text: read whole.
			head, err := dataURLHead(sp)
			if size, serr := spoolSize(sp); err == nil && serr == nil && head != "" && size > 64 {
				return copyDataLength
			}
		}
		return nil
	}, nil
}

// textStartingBody returns the spool whose text starts content as
// contentText writes it, or nil.
func textStartingBody(c chat.Content) chat.Spool {
	switch {
	case c.Form == chat.ContentString:
		return spoolOf(c.Long)
	case c.Form == chat.ContentParts && len(c.Parts) > 0 && isTextPart(c.Parts[0]):
		return spoolOf(c.Parts[0].Long)
	}
	return nil
}

// render writes c, the conversation numbered e.n, from marked, c with
// markers for its spooled strings.
func (e *textEncoder) render(c, marked *chat.Conversation, title string, titled bool) ([]byte, error) {
	var b strings.Builder
	if e.n > 1 {
		b.WriteString("\n" + separator + "\n\n")
	}
	if titled {
		if e.color {
			title = "\x1b[1m" + termsafe.Clean(title) + "\x1b[0m"
		}
		b.WriteString(titlePrefix + title + "\n\n")
	}
	for i := range marked.Messages {
		if i > 0 {
			b.WriteByte('\n')
		}
		if err := e.message(&b, &marked.Messages[i], c.Messages[i].Content); err != nil {
			return nil, err
		}
	}
	return []byte(b.String()), nil
}

// titlePrefix starts the heading line that holds a conversation's title,
// before its first message.
const titlePrefix = "# "

// textTitle returns the title a heading can hold: the conversation's
// "title" string, on one line, not empty.
func textTitle(c *chat.Conversation) (string, bool) {
	var t string
	raw := c.Extra.Get("title")
	if raw == nil || json.Unmarshal(raw, &t) != nil || t == "" || strings.ContainsAny(t, "\r\n") || !utf8.ValidString(t) {
		return "", false
	}
	return t, true
}

// message writes m, whose content was read as read (with its spools).
func (e *textEncoder) message(b *strings.Builder, m *chat.Message, read chat.Content) error {
	label := roleLabel(m.Role)
	switch {
	case m.Role == chat.Tool && m.ToolCallID != "":
		label += " (" + labelPart(m.ToolCallID, "()") + ")"
	case m.Name != "":
		label += " (" + labelPart(m.Name, "()") + ")"
	}
	if e.color {
		label = termsafe.Clean(label)
		color := roleColors[m.Role]
		if color == "" {
			color = "\x1b[1m"
		}
		label = color + label + "\x1b[0m"
	}
	if slices.ContainsFunc(m.ToolCalls, func(tc chat.ToolCall) bool {
		return strings.ContainsAny(tc.Arguments, "\r\n") && !json.Valid([]byte(tc.Arguments))
	}) {
		if err := e.losses.lose(`tool call arguments that are not JSON written on one line (their line breaks as \n)`); err != nil {
			return err
		}
	}
	body := renderContent(m)
	// Whether the body starts with a newline, which the label then ends
	// with no space: a spooled text's first byte says, if it starts the
	// body (its marker does).
	startsLine := strings.HasPrefix(body, "\n")
	if sp := textStartingBody(read); sp != nil {
		first, err := firstByte(sp)
		if err != nil {
			return err
		}
		startsLine = first == '\n'
	}
	if first, rest, found := strings.Cut(body, "\n"); e.n == 1 && b.Len() == 0 && strings.HasSuffix(first, "\r") {
		// The reader takes a file whose first line ends in CR LF for a
		// Windows one, and drops the CR of every line: a carriage return
		// that ends the file's first line cannot be told from one.
		if err := e.losses.lose("a carriage return ending the first line dropped"); err != nil {
			return err
		}
		body = strings.TrimRight(first, "\r")
		if found {
			body += "\n" + rest
		}
		startsLine = strings.HasPrefix(body, "\n") // the text is not spooled (copying)
	}
	if e.color {
		// Coloured output is for a terminal: what came from input cannot
		// drive it.
		body = termsafe.Clean(body)
	}
	b.WriteString(label + ":")
	if body != "" && !startsLine {
		b.WriteByte(' ')
	}
	b.WriteString(body)
	b.WriteByte('\n')
	return nil
}

// renderContent writes content and tool calls as readable text, escaping the
// lines the reader would misread.
func renderContent(m *chat.Message) string {
	var lines []string
	text := contentText(m.Content)
	if m.Content.Form != chat.ContentNull && m.Content.Form != chat.ContentAbsent || len(m.ToolCalls) == 0 {
		lines = strings.Split(text, "\n")
		for i, l := range lines {
			if needsEscape().MatchString(l) {
				lines[i] = `\` + l
			}
		}
	}
	for _, tc := range m.ToolCalls {
		lines = append(lines, fmt.Sprintf("[tool call %s] %s(%s)", labelPart(tc.ID, "]"), labelPart(tc.Name, "("), oneLine(tc.Arguments)))
	}
	return strings.Join(lines, "\n")
}

// plainRole matches the roles a label writes in capitals.
var plainRole = lazyRegexp(`^[a-z][a-z0-9_-]*$`)

// roleLabel is the label of role: in capitals, or as a JSON string when
// capitals would not read back as it ("Weird Role", "" …).
func roleLabel(role chat.Role) string {
	if plainRole().MatchString(string(role)) {
		return strings.ToUpper(string(role))
	}
	return string(appendString(nil, string(role)))
}

// labelPart is s as a label's name or id, or a tool call's id or name,
// holds it: as it is, or as a JSON string when it holds a character of
// stop (which would end it), a control character (a line break …) or
// starts with a quote.
func labelPart(s, stop string) string {
	if !strings.HasPrefix(s, `"`) && !strings.ContainsAny(s, stop) && !strings.ContainsFunc(s, isControl) {
		return s
	}
	return string(appendString(nil, s))
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// unlabel undoes labelPart: a JSON string is its text.
func unlabel(s string) string {
	var t string
	if strings.HasPrefix(s, `"`) && json.Unmarshal([]byte(s), &t) == nil {
		return t
	}
	return s
}

// oneLine keeps a tool call on one line: JSON arguments are compacted.
func oneLine(args string) string {
	if !strings.ContainsAny(args, "\r\n") {
		return args
	}
	var b bytes.Buffer
	if json.Compact(&b, []byte(args)) == nil {
		return b.String()
	}
	return strings.NewReplacer("\r", `\r`, "\n", `\n`).Replace(args)
}

func (e *textEncoder) Close() error { return nil }

// textDecoder reads transcripts back into conversations, a line at a time,
// so that memory holds one conversation however long the file. A block
// starts at a label line after a blank line (or the first line, which must
// be one) and ends before the blank line that comes before the next label
// or separator; a separator is "---" between blank lines (or at the end).
type textDecoder struct {
	r        *bufio.Reader
	started  bool
	next     *string // the line read ahead; nil at the end
	nextLine int     // its number
	prev     string
	crlf     bool // the first line ends with CR LF: every line's CR is taken off
	conv     *chat.Conversation
	block    []string // the lines of the message being read; nil between messages
	err      error    // once reading has failed or ended
}

func newTextDecoder(r io.Reader) *textDecoder {
	return &textDecoder{r: bufio.NewReaderSize(newTextReader(r), 64<<10), conv: &chat.Conversation{}}
}

func (d *textDecoder) Decode() (*chat.Conversation, error) {
	if d.err != nil {
		return nil, d.err
	}
	c, err := d.decode()
	if err != nil {
		d.err = err
	}
	return c, err
}

func (d *textDecoder) decode() (*chat.Conversation, error) {
	if !d.started {
		d.started = true
		if err := d.start(); err != nil {
			return nil, err
		}
	}
	for d.next != nil {
		line := *d.next
		if err := d.advance(); err != nil {
			return nil, err
		}
		switch {
		case line == separator && d.prev == "" && (d.next == nil || *d.next == ""):
			d.flush(true)
			c := d.conv
			d.conv, d.prev = &chat.Conversation{}, line
			return c, nil
		case labelLine().MatchString(line):
			// A label starts a message, after a blank line or, in a
			// hand-written transcript, right after the last line of the
			// one before (convkit escapes a content line that looks like one).
			d.flush(d.prev == "")
			d.block = []string{line}
		case d.block != nil:
			d.block = append(d.block, line)
		case strings.HasPrefix(line, titlePrefix) && len(d.conv.Messages) == 0 && !d.conv.Extra.Has("title"):
			// The heading before a conversation's first message.
			d.conv.Extra.Set("title", appendString(nil, line[len(titlePrefix):]))
			d.conv.Object = true
		}
		d.prev = line
	}
	d.flush(false)
	c := d.conv
	d.conv, d.err = nil, io.EOF
	return c, nil
}

// start skips the blank lines at the start, which must be followed by a
// label, and leaves that line read ahead as if after a blank line.
func (d *textDecoder) start() error {
	for {
		if err := d.advance(); err != nil {
			return err
		}
		if d.next == nil {
			return &Error{Pos: Pos{1, 1}, Msg: "empty input: no messages", Err: ErrEmpty}
		}
		if strings.TrimSpace(*d.next) != "" {
			break
		}
	}
	if !labelLine().MatchString(*d.next) && !strings.HasPrefix(*d.next, titlePrefix) {
		return syntaxError(Pos{d.nextLine, 1}, "expected a role label such as \"USER:\" (or a \"# title\" line) at the start of a conversation")
	}
	return nil
}

// advance reads the next line ahead, without its newline (and without the
// byte order mark of the first).
func (d *textDecoder) advance() error {
	s, err := d.r.ReadString('\n')
	if err != nil && err != io.EOF {
		return err
	}
	if s == "" {
		d.next = nil
		return nil
	}
	d.nextLine++
	if d.nextLine == 1 {
		s = strings.TrimPrefix(s, "\xef\xbb\xbf")
		d.crlf = strings.HasSuffix(s, "\r\n") // Windows line endings
	}
	s = strings.TrimSuffix(s, "\n")
	if d.crlf {
		s = strings.TrimSuffix(s, "\r")
	}
	if !utf8.ValidString(s) {
		i := 0
		for {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				return invalidUTF8(Pos{d.nextLine, i + 1}, s[i])
			}
			i += size
		}
	}
	d.next = &s
	return nil
}

// flush ends the message being read, without its last line (the blank one
// before what comes next) when dropLast is set.
func (d *textDecoder) flush(dropLast bool) {
	if d.block == nil {
		return
	}
	if dropLast {
		d.block = d.block[:len(d.block)-1]
	}
	d.conv.Messages = append(d.conv.Messages, textMessage(d.block))
	d.block = nil
}

// textMessage turns a block's lines back into a message.
func textMessage(block []string) chat.Message {
	sub := labelLine().FindStringSubmatch(block[0])
	role := strings.ToLower(sub[1])
	if strings.HasPrefix(sub[1], `"`) {
		role = unlabel(sub[1])
	}
	m := chat.Message{Role: chat.Role(role)}
	if name := unlabel(sub[2]); name != "" {
		if m.Role == chat.Tool {
			m.ToolCallID = name
		} else {
			m.Name = name
		}
	}
	block[0] = block[0][len(sub[0]):] // the match took the one space after the colon
	// Trailing tool-call lines are the message's calls (the writer
	// escapes a content line that looks like one).
	{
		end := len(block)
		for end > 0 {
			c := toolCallLine().FindStringSubmatch(block[end-1])
			if c == nil {
				break
			}
			end--
			m.ToolCalls = append([]chat.ToolCall{chat.NewToolCall(unlabel(c[1]), unlabel(c[2]), c[3])}, m.ToolCalls...)
		}
		if len(m.ToolCalls) > 0 {
			block = block[:end]
			switch {
			case end == 0: // calls right after the label: no content
				m.Content = chat.Content{Form: chat.ContentNull}
				return m
			case end == 1 && block[0] == "": // "ASSISTANT:" and the calls below
				m.Content = chat.TextContent("")
				return m
			}
		}
	}
	for i, l := range block {
		if strings.HasPrefix(l, `\`) && needsEscape().MatchString(l) {
			block[i] = l[1:]
		}
	}
	m.Content = chat.TextContent(strings.Join(block, "\n"))
	return m
}
