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
// of conversations is read one conversation at a time, so that memory holds
// one however long the file; any other document is read whole.
func newJSONDocumentDecoder(r io.Reader, opts DecodeOptions) Decoder {
	return &jsonDocumentDecoder{stream: jsontree.NewArrayStream(r), jr: jsonReader{warn: opts.Warn}}
}

type jsonDocumentDecoder struct {
	stream *jsontree.ArrayStream
	jr     jsonReader
	whole  Decoder // the document read whole, when it is not an array of conversations
	n      int
}

func (d *jsonDocumentDecoder) Decode() (*chat.Conversation, error) {
	if d.whole != nil {
		return d.whole.Decode()
	}
	v, err := d.stream.Next()
	if d.n == 0 && (errors.Is(err, jsontree.ErrNotArray) || err == io.EOF || err == nil && !isConversation(v)) {
		// One conversation, an empty array or not an array at all: the
		// reader of whole documents knows what to make of it.
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
	c, err := d.jr.conversation(v, "/"+strconv.Itoa(d.n))
	d.n++
	return c, err
}
