package convert

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/runes"
)

// Long ChatML texts. The decoder holds a conversation while it looks for
// its end; with DecodeOptions.Long, the text of a message that runs past
// chatmlLongText without its <|im_end|> goes to a sink as it is read, and
// out of the buffer, up to where what follows could change how it reads:
// the next <|im_start|> (an error), an assistant's first <tool_call> (the
// calls a message may end with are read from what follows), a byte that
// is not UTF-8 (an error). The parser reads the message from what stays,
// the sink holding what went before; a user or tool message whose text
// starts with a <tool_response> block is held, for its blocks are
// messages. Errors keep their places: the cuts say what was taken out.

const toolResponseOpen = "<tool_response>\n"

// chatmlLongText is how long a message's text must be before it goes to a
// sink. A variable, for tests.
var chatmlLongText = 1 << 20

// A chatmlCut is the start of a message's text, taken out of a piece at
// at (its offset in the piece) and gone to sink: n bytes, lines line
// breaks, and tail bytes after the last of them (all n if none).
type chatmlCut struct {
	at, n, lines, tail int
	sink               chat.Sink
	assistant          bool  // the text may end with tool calls
	stopped            bool  // the rest of the text stays in the piece
	done               bool  // the sink was closed or aborted
	err                error // the sink's
}

// sinkText sends the text of the message whose role line is role, from
// buf[from:], whose end the decoder has not yet found, to a sink, once it
// is long, as far as it may.
func (d *chatmlDecoder) sinkText(role []byte, from int) {
	var c *chatmlCut
	if n := len(d.cuts); n > 0 && d.cuts[n-1].at == from-d.start {
		c = d.cuts[n-1]
	}
	switch {
	case c == nil && len(d.buf)-from < max(chatmlLongText, len(toolResponseOpen)):
		return
	case c == nil:
		r := chat.Role(strings.TrimSpace(string(role)))
		if r == "" || (r == chat.User || r == chat.Tool) && bytes.HasPrefix(d.buf[from:], []byte(toolResponseOpen)) {
			return
		}
		sink := d.long(chat.LongText)
		if sink == nil {
			return
		}
		c = &chatmlCut{at: from - d.start, sink: sink, assistant: r == chat.Assistant}
		d.cuts = append(d.cuts, c)
	case c.stopped:
		return
	}
	text := d.buf[from:]
	// What may be the start of a marker stays, to be looked at whole, and
	// the character before it.
	end := max(len(text)-max(len(imEnd), len(imStart), len(toolCallOpen))+1-utf8.UTFMax, 0)
	if i := bytes.Index(text, []byte(imStart)); i >= 0 && i < end {
		end, c.stopped = i, true
	}
	if i := bytes.Index(text, []byte(toolCallOpen)); c.assistant && i >= 0 && i <= end {
		// The character before it stays too: the calls take a line break before them.
		_, size := utf8.DecodeLastRune(text[:i])
		end, c.stopped = i-size, true
	}
	if i := firstInvalid(text, true); i >= 0 && i < end {
		end, c.stopped = i, true
	}
	end = runes.Whole(text[:end])
	if c.err == nil {
		_, c.err = c.sink.Write(text[:end])
	}
	c.taken(text[:end])
	d.buf = d.buf[:from+copy(d.buf[from:], d.buf[from+end:])]
	d.find = from
}

// taken counts gone as taken out.
func (c *chatmlCut) taken(gone []byte) {
	c.n += len(gone)
	if k := bytes.Count(gone, []byte("\n")); k > 0 {
		c.lines += k
		c.tail = len(gone) - bytes.LastIndexByte(gone, '\n') - 1
	} else {
		c.tail += len(gone)
	}
}

// firstInvalid returns the offset of the first byte of b that starts no
// UTF-8 character, or -1; a character cut short at b's end is not one if
// more may follow.
func firstInvalid(b []byte, more bool) int {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		if more && !utf8.FullRune(b[i:]) {
			return -1
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// cutPosition is position of s[off], in the source before cuts were taken
// out of s; before says off is where a cut starts rather than ends.
func cutPosition(s string, off int, cuts []*chatmlCut, before bool) Pos {
	pos := position(s, off)
	lineStart, extra := strings.LastIndexByte(s[:off], '\n')+1, 0
	for _, c := range cuts {
		if c.at > off || c.at == off && before {
			break
		}
		pos.Line += c.lines
		switch {
		case c.at < lineStart:
		case c.lines > 0:
			lineStart, extra = c.at, c.tail
		default:
			extra += c.n
		}
	}
	pos.Col = off - lineStart + extra + 1
	return pos
}

// longMessage is message for a message whose text's start went to c's
// sink: body is the rest. The message's text is its sink's, with what
// stays of it after the assistant's tool calls are read from body.
func (p *chatmlParser) longMessage(role, body string, c *chatmlCut) ([]chat.Message, error) {
	c.done = true
	if c.n == 0 { // nothing went: the message is read as always
		c.sink.Abort()
		return p.message(role, body), nil
	}
	ms := []chat.Message{{Role: chat.Role(role)}}
	text := body
	if c.assistant {
		ms = p.message(role, body)
		text = ms[0].Content.Text
	}
	if c.err == nil {
		_, c.err = c.sink.Write([]byte(text))
	}
	if c.err != nil {
		c.sink.Abort()
		return nil, c.err
	}
	if err := c.sink.Close(); err != nil {
		return nil, err
	}
	ms[0].Content = chat.Content{Form: chat.ContentString, Long: c.sink}
	return ms, nil
}

// abortCuts aborts the sinks of cuts not yet closed.
func abortCuts(cuts []*chatmlCut) {
	for _, c := range cuts {
		if !c.done {
			c.done = true
			c.sink.Abort()
		}
	}
}
