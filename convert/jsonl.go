package convert

import (
	"bufio"
	"bytes"
	"io"
	"sync"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// jsonlFormat is JSON Lines, one conversation per line ({"messages": […]}),
// the shape of fine-tuning datasets. It streams: one line in memory at a time,
// or one message at a time for a line over longLineSize.
var jsonlFormat = &Format{
	Name:        "jsonl",
	Aliases:     []string{"ndjson"},
	Description: "one conversation per line, {\"messages\": […]}: fine-tuning datasets; streamed",
	Extensions:  []string{".jsonl", ".ndjson"},
	NewDecoder: func(r io.Reader, opts DecodeOptions) Decoder {
		jr := newJSONReader(opts)
		jr.mu = new(sync.Mutex)
		return &jsonlDecoder{r: bufio.NewReaderSize(r, 64<<10), jr: jr, longLine: longLineSize, longLines: opts.LongLines}
	},
	PassesLong: true,
	NewEncoder: func(w io.Writer, opts EncodeOptions) Encoder {
		l := newLosses("jsonl", opts)
		enc := metadataDropped{&jsonlEncoder{w: w}, l}
		if opts.KeepVendor {
			return enc
		}
		return vendorTold{itemFieldsDropped{enc, l}, newLosses("jsonl", EncodeOptions{Warn: opts.Warn})}
	},
	Sniff: func(s *Shape) int {
		switch {
		case s.Lines:
			return 40
		case s.JSON && (s.Ext == ".jsonl" || s.Ext == ".ndjson"):
			return 50
		}
		return 0
	},
	signatures: true,
}

type jsonlDecoder struct {
	r    *bufio.Reader
	jr   jsonReader
	line int
	buf  []byte
	// A line longer than longLine is read a message at a time, not whole:
	// long reads it, and rest is what of it long has not read yet.
	longLine int
	long     *jsonDocumentDecoder
	rest     io.Reader // the long line's bytes not yet read
	// longLines, when set, is given each long line (DecodeOptions.LongLines).
	longLines func(n int) io.Writer
	// raw is the line of the conversation last decoded, or of the error
	// last returned; nil after a long line.
	raw []byte
	// hold is set once NextLine is called: the warnings Decode finds then
	// wait in held for TakeWarnings.
	hold bool
	held []heldWarning
}

// Raw returns the line that the last Decode read, without its newline,
// whether it gave a conversation or an error, and its line number. raw is
// nil for a line too long to hold (see DecodePart), and is valid until the
// next Decode.
func (d *jsonlDecoder) Raw() (raw []byte, line int) { return d.raw, d.line }

// longLineSize is where a line is long enough to read a message at a
// time: shorter lines, nearly all, are faster read whole.
const longLineSize = jsontree.LongLine

func (d *jsonlDecoder) Decode() (*chat.Conversation, error) {
	c, _, err := d.decodePart(-1)
	return c, err
}

// NextLine reads the next non-blank line (see LineDecoder).
func (d *jsonlDecoder) NextLine() (raw []byte, n int, long bool, err error) {
	d.hold = true
	return d.nextLine()
}

// TakeWarnings returns what tells the warnings held (see LineDecoder).
func (d *jsonlDecoder) TakeWarnings() (tell func(warn func(Pos, string))) {
	held := d.held
	d.held = nil
	return func(warn func(Pos, string)) { d.jr.tellHeld(held, warn) }
}

// holding returns a copy of jr that holds its warnings in held.
func holding(jr jsonReader, held *[]heldWarning) jsonReader {
	jr.mu, jr.held = nil, held
	jr.warn = func(pos Pos, msg string) { *held = append(*held, heldWarning{pos: pos, msg: msg}) }
	return jr
}

// nextLine is NextLine.
func (d *jsonlDecoder) nextLine() (raw []byte, n int, long bool, err error) {
	d.raw = nil
	for {
		line, long, err := d.readLine()
		if len(line) == 0 && err != nil {
			return nil, 0, false, err
		}
		d.line++
		if d.line == 1 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
		}
		if long {
			d.rest = io.MultiReader(bytes.NewReader(line), jsontree.RestOfLine(d.r))
			if d.longLines != nil {
				d.rest = io.TeeReader(d.rest, d.longLines(d.line))
			}
			jr := d.jr
			if d.hold {
				jr = holding(jr, &d.held)
			}
			d.long = newJSONLineDecoder(d.rest, d.line, jr)
			return nil, d.line, true, nil
		}
		if len(bytes.TrimSpace(line)) > 0 {
			d.raw = line
			return line, d.line, false, nil
		}
	}
}

// ParseLine parses a line that NextLine returned; it may run on several
// goroutines at once, so it holds the line's warnings for tell.
func (d *jsonlDecoder) ParseLine(raw []byte, n int) (c *chat.Conversation, tell func(warn func(Pos, string)), err error) {
	var held []heldWarning
	c, err = d.parseLine(raw, n, &held)
	return c, func(warn func(Pos, string)) { d.jr.tellHeld(held, warn) }, err
}

// parseLine is ParseLine, the warnings held in held.
func (d *jsonlDecoder) parseLine(raw []byte, n int, held *[]heldWarning) (*chat.Conversation, error) {
	v, err := parseJSON(raw, n)
	if err != nil {
		return nil, err
	}
	jr := holding(d.jr, held)
	c, err := jr.conversation(v, "")
	return lineConversation(c), err
}

// decodePart is Decode, with the conversation of a long line in parts of
// at least max bytes of source (no limit if max < 0).
func (d *jsonlDecoder) decodePart(max int) (*chat.Conversation, bool, error) {
	for {
		if d.long == nil {
			raw, n, long, err := d.nextLine()
			if err != nil {
				return nil, false, err
			}
			if !long && d.hold {
				c, err := d.parseLine(raw, n, &d.held)
				return c, false, err
			}
			if !long {
				c, tell, err := d.ParseLine(raw, n)
				tell(nil)
				return c, false, err
			}
		}
		d.raw = nil
		c, more, err := d.long.decodePart(max)
		if err != nil || !more {
			io.Copy(io.Discard, d.rest) // the rest of the line, if an error left any
			d.long, d.rest = nil, nil
		}
		switch {
		case err == io.EOF:
			continue // the line was blank
		case err != nil:
			return nil, false, err
		case !more:
			c = lineConversation(c)
		}
		return c, more, nil
	}
}

// lineConversation marks c as no object if it has no fields but its
// messages: {"messages": …} is simply what a line looks like.
func lineConversation(c *chat.Conversation) *chat.Conversation {
	if c != nil && len(c.Extra) == 0 {
		c.Object = false
	}
	return c
}

// readLine returns the next line without its newline, reusing one buffer so
// that memory stays flat however many lines there are; or, with long true,
// the start of a line longer than d.longLine, the rest left unread.
func (d *jsonlDecoder) readLine() (line []byte, long bool, err error) {
	d.buf, long, err = jsontree.ReadLine(d.r, d.buf[:0], d.longLine)
	return d.buf, long, err
}

type jsonlEncoder struct {
	w   io.Writer
	buf []byte
}

func (e *jsonlEncoder) Encode(c *chat.Conversation) error {
	w := jsonWriter{style: jsonStyle{object: true}, b: e.buf[:0]}
	w.conversation(c, 0)
	w.b = append(w.b, '\n')
	e.buf = w.b
	return w.writeTo(e.w)
}

func (e *jsonlEncoder) Close() error { return nil }
