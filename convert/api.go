package convert

import (
	"errors"
	"io"
	"strconv"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/jsontree"
)

// apiFormat is OpenAI's Chat Completions shape: a messages array, or a
// request body {"model": …, "messages": […], …} whose other fields are kept.
var apiFormat = &Format{
	Name:        "api",
	Description: "OpenAI Chat Completions messages array or request body",
	Extensions:  []string{".json"},
	NewDecoder: func(r io.Reader, opts DecodeOptions) Decoder {
		return newJSONDocumentDecoder(r, opts)
	},
	NewEncoder: func(w io.Writer, opts EncodeOptions) Encoder {
		return &documentEncoder{w: w, style: jsonStyle{indent: "  "}}
	},
	Sniff: func(s *Shape) int {
		if !s.JSON || s.Lines {
			return 0
		}
		for _, p := range []string{"[].role", "messages.[].role", "[].[].role", "[].messages.[].role", "messages"} {
			if s.Has(p) {
				return 20
			}
		}
		return 5 // JSON that is nothing else: let the reader say what is wrong
	},
}

// newJSONDocumentDecoder reads a JSON document of conversations. An array
// of conversations is read one conversation at a time, and a bare array of
// messages one message at a time, so that memory holds one conversation
// however long the file, parsed once; any other document is read whole.
func newJSONDocumentDecoder(r io.Reader, opts DecodeOptions) Decoder {
	return &jsonDocumentDecoder{stream: jsontree.NewArrayStream(r), jr: jsonReader{warn: opts.Warn}}
}

type jsonDocumentDecoder struct {
	stream *jsontree.ArrayStream
	jr     jsonReader
	whole  Decoder // the document read whole, when it is not an array
	n      int
	done   bool // a bare array of messages was read to its end
}

func (d *jsonDocumentDecoder) Decode() (*chat.Conversation, error) {
	if d.whole != nil {
		return d.whole.Decode()
	}
	if d.done {
		return nil, io.EOF
	}
	v, err := d.stream.Next()
	if d.n == 0 && (errors.Is(err, jsontree.ErrNotArray) || err == io.EOF) {
		// One conversation object, an empty array or not an array at all:
		// the reader of whole documents knows what to make of it.
		d.whole = &documentDecoder{r: d.stream.Rest(), parse: func(data []byte) ([]*chat.Conversation, error) {
			v, err := parseJSON(data, 1)
			if err != nil {
				return nil, err
			}
			return d.jr.conversations(v)
		}}
		return d.whole.Decode()
	}
	if err != nil {
		return nil, located(err)
	}
	if d.n == 0 && !isConversation(v) {
		return d.messages(v)
	}
	c, err := d.jr.conversation(v, "/"+strconv.Itoa(d.n))
	d.n++
	return c, err
}

// messages reads the rest of a bare array of messages, whose first element
// is first, as one conversation.
func (d *jsonDocumentDecoder) messages(first *jsontree.Value) (*chat.Conversation, error) {
	c := &chat.Conversation{}
	for v, i := first, 0; ; i++ {
		c.Messages = append(c.Messages, chat.Message{})
		if err := d.jr.message(&c.Messages[i], v, "/"+strconv.Itoa(i)); err != nil {
			return nil, err
		}
		var err error
		if v, err = d.stream.Next(); err == io.EOF {
			break
		} else if err != nil {
			return nil, located(err)
		}
	}
	d.done = true
	setIDFromFirstMessage(c)
	return c, nil
}
