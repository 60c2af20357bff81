package convert

import (
	"bufio"
	"bytes"
	"io"

	"github.com/convkit/convkit/chat"
)

// jsonlFormat is JSON Lines, one conversation per line ({"messages": […]}),
// the shape of fine-tuning datasets. It streams: one line in memory at a time.
var jsonlFormat = &Format{
	Name:        "jsonl",
	Description: "one conversation per line, {\"messages\": […]}: fine-tuning datasets; streamed",
	Extensions:  []string{".jsonl", ".ndjson"},
	NewDecoder: func(r io.Reader, opts DecodeOptions) Decoder {
		return &jsonlDecoder{r: bufio.NewReaderSize(r, 64<<10), jr: jsonReader{warn: opts.Warn}}
	},
	NewEncoder: func(w io.Writer, opts EncodeOptions) Encoder {
		return &jsonlEncoder{w: w}
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
}

type jsonlDecoder struct {
	r    *bufio.Reader
	jr   jsonReader
	line int
	buf  []byte
}

func (d *jsonlDecoder) Decode() (*chat.Conversation, error) {
	for {
		line, err := d.readLine()
		if len(line) == 0 && err != nil {
			return nil, err
		}
		d.line++
		if d.line == 1 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		v, perr := parseJSON(line, d.line)
		if perr != nil {
			return nil, perr
		}
		c, err := d.jr.conversation(v, "")
		if c != nil && len(c.Extra) == 0 {
			c.Object = false // {"messages": …} is simply what a line looks like
		}
		return c, err
	}
}

// readLine returns the next line without its newline, reusing one buffer so
// that memory stays flat however many lines there are.
func (d *jsonlDecoder) readLine() ([]byte, error) {
	d.buf = d.buf[:0]
	for {
		chunk, err := d.r.ReadSlice('\n')
		d.buf = append(d.buf, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if n := len(d.buf); n > 0 && d.buf[n-1] == '\n' {
			d.buf = d.buf[:n-1]
		}
		return d.buf, err
	}
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
	_, err := e.w.Write(w.b)
	return err
}

func (e *jsonlEncoder) Close() error { return nil }
