package convert

import (
	"errors"
	"io"
	"strings"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
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
		// Read up to the first byte JSON cannot hold, and let the parser
		// say what is wrong there, rather than read /dev/zero to its end.
		data, err := io.ReadAll(&jsontree.Guard{R: d.r, KeepBad: true})
		var bad *jsontree.BadByteError
		if err != nil && !errors.As(err, &bad) {
			return nil, err
		}
		if d.convs, err = d.parse(data); err != nil {
			return nil, err
		}
		if bad != nil {
			return nil, badByte(bad)
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

// documentEncoder writes one conversation as an indented JSON document, or
// several, or one read from an array (chat.Conversation.Listed), as a
// JSON array of them. It holds the first back until it knows which.
type documentEncoder struct {
	w io.Writer
	// render makes a conversation's document as the conversation comes,
	// so that losses are reported in order and a Strict error stops the
	// write there.
	render  func(*chat.Conversation) (document, error)
	pending document
	many    bool
	err     error
}

// A document appends a conversation's JSON to b, indented for level: 0 for
// a document of its own, 1 for an element of the array, and says where the
// strings of spools go in it (see spooled.go).
type document func(b []byte, level int) ([]byte, []splice, error)

func (e *documentEncoder) Encode(c *chat.Conversation) error {
	if e.err != nil {
		return e.err
	}
	doc, err := e.render(c)
	if err != nil {
		return err
	}
	switch {
	case e.pending == nil && !e.many && !c.Listed:
		e.pending = doc
		return nil
	case e.pending != nil:
		e.write("[\n  ", e.pending, 1, "")
		e.pending = nil
		e.write(",\n  ", doc, 1, "")
	case !e.many:
		e.write("[\n  ", doc, 1, "")
	default:
		e.write(",\n  ", doc, 1, "")
	}
	e.many = true
	return e.err
}

func (e *documentEncoder) write(before string, doc document, level int, after string) {
	if e.err != nil {
		return
	}
	b, splices, err := doc([]byte(before), level)
	if e.err = err; err == nil {
		e.err = writeSpliced(e.w, append(b, after...), splices)
	}
}

func (e *documentEncoder) Close() error {
	switch {
	case e.err != nil:
	case e.many:
		_, e.err = io.WriteString(e.w, "\n]\n")
	case e.pending != nil:
		e.write("", e.pending, 0, "\n")
	}
	return e.err
}

// jsonDocuments makes the documents of the OpenAI-shaped formats (api,
// meta) with the JSON writer in style; an element of the array is an
// object, {"messages": …}, but for a messages array read as one.
func jsonDocuments(w io.Writer, style jsonStyle) Encoder {
	return &documentEncoder{w: w, render: func(c *chat.Conversation) (document, error) {
		return func(b []byte, level int) ([]byte, []splice, error) {
			s := style
			s.object = s.object || level > 0 && (c.Object || !c.Listed)
			jw := jsonWriter{style: s, b: b}
			jw.conversation(c, level)
			return jw.b, jw.splices, nil
		}, nil
	}}
}

// renderEncoder writes each conversation as the compact JSON document
// render builds, indented, reporting losses under the format's name; a
// long string passes through in parts (see renderMarked) as flatTexts
// has the writer use it.
func renderEncoder(name string, render func(*chat.Conversation, *losses) ([]byte, error)) func(io.Writer, EncodeOptions) Encoder {
	return markingEncoder(name, flatTexts, render)
}

// markingEncoder is renderEncoder for a writer that writes as they are
// only the texts of the messages mark allows.
func markingEncoder(name string, mark markable, render func(*chat.Conversation, *losses) ([]byte, error)) func(io.Writer, EncodeOptions) Encoder {
	return func(w io.Writer, opts EncodeOptions) Encoder {
		l := newLosses(name, opts)
		marked := func(c *chat.Conversation) ([]byte, []splice, error) {
			return renderMarked(c, mark, func(c *chat.Conversation) ([]byte, error) { return render(c, l) })
		}
		if opts.Lines {
			return &linesEncoder{w: w, render: marked}
		}
		return &documentEncoder{w: w, render: func(c *chat.Conversation) (document, error) {
			compact, splices, err := marked(c)
			if err != nil {
				return nil, err
			}
			return func(b []byte, level int) ([]byte, []splice, error) {
				return indentSpliced(b, compact, splices, strings.Repeat("  ", level), "  ")
			}, nil
		}}
	}
}

// linesEncoder writes each conversation as one line of compact JSON, with
// the strings of its spools.
type linesEncoder struct {
	w      io.Writer
	render func(*chat.Conversation) ([]byte, []splice, error)
}

func (e *linesEncoder) Encode(c *chat.Conversation) error {
	line, splices, err := e.render(c)
	if err != nil {
		return err
	}
	// The newline written on its own: appended, a long line could be copied.
	if err := writeSpliced(e.w, line, splices); err != nil {
		return err
	}
	_, err = e.w.Write([]byte{'\n'})
	return err
}

func (e *linesEncoder) Close() error { return nil }
