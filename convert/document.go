package convert

import (
	"io"

	"github.com/convkit/convkit/chat"
)

// documentDecoder reads a whole input as one document, then hands out the
// conversations it holds one at a time.
type documentDecoder struct {
	r     io.Reader
	parse func(data []byte) ([]*chat.Conversation, error)
	convs []*chat.Conversation
	read  bool
}

func (d *documentDecoder) Decode() (*chat.Conversation, error) {
	if !d.read {
		d.read = true
		data, err := io.ReadAll(d.r)
		if err != nil {
			return nil, err
		}
		if d.convs, err = d.parse(data); err != nil {
			return nil, err
		}
	}
	if len(d.convs) == 0 {
		return nil, io.EOF
	}
	c := d.convs[0]
	d.convs[0] = nil
	d.convs = d.convs[1:]
	return c, nil
}

// documentEncoder writes one conversation as a document, or several as a
// JSON array of {"messages": …} objects. It holds the first conversation
// back until it knows which.
type documentEncoder struct {
	w       io.Writer
	style   jsonStyle
	pending *chat.Conversation
	many    bool
	err     error
}

func (e *documentEncoder) Encode(c *chat.Conversation) error {
	if e.err != nil {
		return e.err
	}
	if e.pending == nil && !e.many {
		e.pending = c
		return nil
	}
	if e.pending != nil {
		e.write([]byte("["), e.pending, 1)
		e.pending = nil
		e.many = true
	}
	e.write([]byte(","), c, 1)
	return e.err
}

func (e *documentEncoder) write(before []byte, c *chat.Conversation, level int) {
	style := e.style
	style.object = true
	w := jsonWriter{style: style, b: before}
	w.newline(level)
	w.conversation(c, level)
	_, e.err = e.w.Write(w.b)
}

func (e *documentEncoder) Close() error {
	if e.err != nil {
		return e.err
	}
	switch {
	case e.many:
		_, e.err = io.WriteString(e.w, "\n]\n")
	case e.pending != nil:
		w := jsonWriter{style: e.style}
		w.conversation(e.pending, 0)
		w.b = append(w.b, '\n')
		_, e.err = e.w.Write(w.b)
	}
	return e.err
}
