// Helpers the trainers' dataset shapes share (trl-completion,
// trl-preference, trl-unpaired, openai-preference, alpaca): reading
// records a line at a time, prompts and completions as strings or message
// lists, TRL's implicit prompt, and the warning of every other writer that
// has no place for a preference pair's rejected completion.

package convert

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// recordDecoder reads a dataset of example objects with conv: JSON Lines
// a line at a time, so that memory holds one example however many there
// are; a JSON array an element at a time; any other document whole.
func recordDecoder(r io.Reader, conv func(v *jsontree.Value, ptr string) ([]*chat.Conversation, error)) Decoder {
	return &linesDecoder{br: bufio.NewReaderSize(r, sniffBytes), conv: conv, record: "an example"}
}

// linesFrom reads r, JSON Lines whose first line is numbered first, a line
// at a time with conv.
func linesFrom(r io.Reader, first int, conv func(v *jsontree.Value, ptr string) ([]*chat.Conversation, error)) Decoder {
	return &linesDecoder{conv: conv, record: "a conversation", started: true, line: first - 1,
		lines: bufio.NewReaderSize(&jsontree.Guard{R: r, FirstLine: first}, 64<<10)}
}

type linesDecoder struct {
	br      *bufio.Reader
	conv    func(v *jsontree.Value, ptr string) ([]*chat.Conversation, error)
	record  string        // what a line holds, for errors: "an example"
	other   Decoder       // the input, when it is not JSON Lines
	lines   *bufio.Reader // the input, when it is, stopping at a byte no text holds
	buf     []byte
	err     error // what ended the lines: io.EOF, a byte no text holds, a line too long
	started bool
	line    int
	convs   []*chat.Conversation
}

// maxExampleLine is the longest line an example may have: a line is read
// whole, and input with no newline (yes | tr -d '\n') must not take all
// memory. A variable for tests.
var maxExampleLine = 256 << 20

func (d *linesDecoder) Decode() (*chat.Conversation, error) {
	for len(d.convs) == 0 {
		if !d.started {
			d.started = true
			if !d.jsonLines() {
				d.other = objectDecoder(d.br, d.conv)
			} else {
				d.lines = bufio.NewReaderSize(&jsontree.Guard{R: d.br}, 64<<10)
			}
		}
		if d.other != nil {
			return d.other.Decode()
		}
		if d.err != nil {
			return nil, d.err
		}
		line, err := d.readLine()
		var bad *jsontree.BadByteError
		if len(line) == 0 && err != nil || errors.As(err, &bad) {
			d.err = badByte(err) // the end, or no more to read
			return nil, d.err
		}
		d.line++
		if d.line == 1 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		v, err := parseJSON(bytes.TrimSuffix(line, []byte("\n")), d.line) // an error at its end is on this line
		if err != nil {
			return nil, err
		}
		if v.Kind != jsontree.Object {
			return nil, errAt(v, "", "expected %s object, got %s", d.record, kindName(v))
		}
		if d.convs, err = d.conv(v, ""); err != nil {
			return nil, err
		}
	}
	c := d.convs[0]
	d.convs[0], d.convs = nil, d.convs[1:]
	return c, nil
}

// readLine returns the next line, its newline included, in a buffer it
// reuses; an error with the line when it is too long.
func (d *linesDecoder) readLine() ([]byte, error) {
	d.buf = d.buf[:0]
	for {
		chunk, err := d.lines.ReadSlice('\n')
		d.buf = append(d.buf, chunk...)
		switch {
		case len(d.buf) > maxExampleLine:
			_, noun, _ := strings.Cut(d.record, " ")
			return nil, &Error{Pos: Pos{Line: d.line + 1, Col: 1}, Msg: fmt.Sprintf("a line over %d MB: no %s is that long", maxExampleLine>>20, noun)}
		case err == bufio.ErrBufferFull:
			continue
		}
		return d.buf, err
	}
}

// jsonLines reports whether the input starts with an object that ends on
// its first line (or fills what can be seen of it): JSON Lines, or one
// compact object, read the same way.
func (d *linesDecoder) jsonLines() bool {
	head, _ := d.br.Peek(sniffBytes)
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(head) == 0 || head[0] != '{' {
		return false
	}
	end := bytes.IndexByte(head, '\n')
	return end < 0 || json.Valid(head[:end])
}

// exampleReader reads each example object of a dataset with read.
func exampleReader(read func(r *jsonReader, v *jsontree.Value, ptr string) (*chat.Conversation, error)) func(io.Reader, DecodeOptions) Decoder {
	return func(r io.Reader, opts DecodeOptions) Decoder {
		jr := newJSONReader(DecodeOptions{Warn: opts.Warn})
		return recordDecoder(r, func(v *jsontree.Value, ptr string) ([]*chat.Conversation, error) {
			c, err := read(&jr, v, ptr)
			return []*chat.Conversation{c}, err
		})
	}
}

// oneRecord is write for linesEncoderOf: one record a conversation.
func oneRecord(write func(*chat.Conversation, *losses) ([]byte, error)) func(*chat.Conversation, *losses) ([][]byte, error) {
	return func(c *chat.Conversation, l *losses) ([][]byte, error) {
		b, err := write(c, l)
		return [][]byte{b}, err
	}
}

// turn reads a prompt or a completion: a list of messages, or a string,
// which stands for one message of role (TRL's standard form; text is then
// true).
func (r *jsonReader) turn(v *jsontree.Value, ptr string, role chat.Role) (msgs []chat.Message, text bool, err error) {
	switch v.Kind {
	case jsontree.String:
		return []chat.Message{{Role: role, Content: chat.TextContent(v.Str)}}, true, nil
	case jsontree.Array:
		msgs = make([]chat.Message, len(v.Items))
		for i, item := range v.Items {
			if err := r.message(&msgs[i], item, ptr+"/"+strconv.Itoa(i)); err != nil {
				return nil, false, err
			}
		}
		return msgs, false, nil
	}
	return nil, false, errAt(v, ptr, "expected a string or a list of messages, got %s", kindName(v))
}

// turns reads the named members of v, each a prompt or a completion, in
// one form: all strings or all message lists. A missing member is nil.
func (r *jsonReader) turns(v *jsontree.Value, ptr string, keys ...string) (lists [][]chat.Message, text bool, err error) {
	lists = make([][]chat.Message, len(keys))
	first := ""
	for i, k := range keys {
		mv := v.Get(k)
		if mv == nil {
			continue
		}
		role := chat.Assistant
		if k == "prompt" {
			role = chat.User
		}
		msgs, isText, err := r.turn(mv, ptr+"/"+k, role)
		if err != nil {
			return nil, false, err
		}
		if first != "" && isText != text {
			return nil, false, errAt(mv, ptr+"/"+k, "%q is %s but %q is not: an example is all strings or all message lists", k, kindName(mv), first)
		}
		lists[i], text, first = msgs, isText, k
	}
	return lists, text, nil
}

// plainTurn returns the text of msgs when they are one message of role
// with string content and nothing else, as the standard form writes it.
func plainTurn(msgs []chat.Message, role chat.Role) (string, bool) {
	if len(msgs) != 1 {
		return "", false
	}
	m := &msgs[0]
	if m.Role != role || m.Content.Form != chat.ContentString || m.Name != "" || len(m.ToolCalls) > 0 ||
		m.ToolCallID != "" || len(m.Meta) > 0 || len(m.Extra) > 0 {
		return "", false
	}
	return m.Content.Text, true
}

// turnsJSON writes a prompt and completions: as strings when the source
// wrote them so (text) and each still is one plain message (the prompt
// one user message, each completion one assistant message); else as
// message lists.
func turnsJSON(text bool, prompt []chat.Message, completions ...[]chat.Message) (promptJSON []byte, completionsJSON [][]byte) {
	texts := make([]string, len(completions))
	for i, msgs := range completions {
		t, ok := plainTurn(msgs, chat.Assistant)
		text, texts[i] = text && ok, t
	}
	p, ok := plainTurn(prompt, chat.User)
	if text && ok {
		completionsJSON = make([][]byte, len(completions))
		for i, t := range texts {
			completionsJSON[i] = appendString(nil, t)
		}
		return appendString(nil, p), completionsJSON
	}
	for _, msgs := range completions {
		completionsJSON = append(completionsJSON, messagesJSON(msgs))
	}
	return messagesJSON(prompt), completionsJSON
}

// messagesJSON writes msgs as a compact JSON array of messages.
func messagesJSON(msgs []chat.Message) []byte {
	w := jsonWriter{b: []byte{'['}}
	for i := range msgs {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.message(&msgs[i], i, "", 0)
	}
	return append(w.b, ']')
}

// metadataLosses reports message metadata, which the trainers' shapes
// have no place for.
func metadataLosses(l *losses, lists ...[]chat.Message) error {
	for _, msgs := range lists {
		for i := range msgs {
			if len(msgs[i].Meta) > 0 {
				return l.lose("message metadata (timestamp …) dropped; -f meta keeps it")
			}
		}
	}
	return nil
}

// example makes a conversation of a trainer's example: prompt and
// (chosen) completion as its messages, the rest in its Example.
func example(prompt, chosen, rejected []chat.Message, text, implicit bool) *chat.Conversation {
	msgs := make([]chat.Message, 0, len(prompt)+len(chosen))
	msgs = append(append(msgs, prompt...), chosen...)
	return &chat.Conversation{Object: true, Messages: msgs,
		Example: &chat.Example{Prompt: len(prompt), Rejected: rejected, Text: text, ImplicitPrompt: implicit}}
}

// parts returns c's prompt, its (chosen) completion and its rejected
// completion, nil when it is no preference pair.
func parts(c *chat.Conversation) (prompt, chosen, rejected []chat.Message) {
	n := c.PromptLen()
	return c.Messages[:n], c.Messages[n:], c.Rejected()
}

// sourceForm returns how c's source wrote it: as strings, with the prompt
// inside the completions.
func sourceForm(c *chat.Conversation) (text, implicit bool) {
	if c.Example == nil {
		return false, false
	}
	return c.Example.Text, c.Example.ImplicitPrompt
}

// implicitMessages divides chosen and rejected message lists that both
// begin with the prompt, as TRL's extract_prompt does: the prompt is
// their common beginning, short of the last message when one list is the
// beginning of the other.
func implicitMessages(chosen, rejected []*jsontree.Value) int {
	n := min(len(chosen), len(rejected))
	for i := range n {
		if !bytes.Equal(chosen[i].Compact(), rejected[i].Compact()) {
			return i
		}
	}
	return max(n-1, 0)
}

// implicitText divides chosen and rejected strings that both begin with
// the prompt, as TRL's extract_prompt does: the prompt is their common
// beginning, less a space it ends with, which goes to the completions.
// It never divides a character.
func implicitText(chosen, rejected string) int {
	n := min(len(chosen), len(rejected))
	i := 0
	for i < n && chosen[i] == rejected[i] {
		i++
	}
	if i == n {
		// One is the beginning of the other: TRL keeps the last character out of the prompt.
		if i == 0 {
			return 0
		}
		_, size := utf8.DecodeLastRuneInString(chosen[:i])
		return i - size
	}
	for i > 0 && !utf8.RuneStart(chosen[i]) {
		i--
	}
	if i > 0 && chosen[i-1] == ' ' {
		i--
	}
	return i
}

// hasKeys reports whether the first example of shape has every key, at the
// top or as an element of a top-level array.
func hasKeys(s *Shape, keys ...string) bool {
	for _, prefix := range []string{"", "[]."} {
		all := true
		for _, k := range keys {
			all = all && s.Has(prefix+k)
		}
		if all {
			return true
		}
	}
	return false
}

// linesEncoderOf writes each conversation as the one-line record render
// makes of it, reporting losses under the format's name; render may give
// several records for one conversation. The texts of the messages mark
// allows pass through in parts (see renderMarked); mark nil holds them.
func linesEncoderOf(name string, mark markable, render func(*chat.Conversation, *losses) ([][]byte, error)) func(io.Writer, EncodeOptions) Encoder {
	return func(w io.Writer, opts EncodeOptions) Encoder {
		l := newLosses(name, opts)
		n := 0
		lines := func(c *chat.Conversation) ([]byte, error) {
			records, err := render(c, l)
			var lost *LossError
			if err != nil && !errors.As(err, &lost) {
				return nil, fmt.Errorf("%s: conversation %d: %w", name, n, err)
			}
			if err != nil {
				return nil, err
			}
			if len(records) == 1 {
				return records[0], nil // not copied, as bytes.Join would
			}
			return bytes.Join(records, []byte("\n")), nil
		}
		return &linesEncoder{w: w, render: func(c *chat.Conversation) ([]byte, []splice, error) {
			n++
			return renderMarked(c, mark, lines)
		}}
	}
}
